"""The whole quarterly reporting workflow in a real browser (issue 5, "Done when"):

the operator fills a triwulan in the grid (Indonesian numbers, live capaian/predikat), saves,
attaches evidence on an IKU's page and submits the whole triwulan; the Kepala OPD approves it;
the Bappeda verifikator returns one IKU with a note; the operator fixes that IKU, attaches the
requested document and resubmits only it from its page; the Kepala OPD approves it there; the
verifikator verifies it and then the rest at once. Every step is checked on the page and in the
database, with a screenshot under var/test-output/<test>/.

Data: the plan (Renstra → IKU) lives in the module's throw-away OPD ``opd_e2e`` (dropped with
it). What this module needs in ``public`` (an RPJMD sasaran to align to, a qualitative scale, an
open reporting window) is committed by the ``alur`` fixture and deleted again afterwards.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import Locator, Page, expect

from tests.conftest import PASSWORD, PUBLIC_HOST

if TYPE_CHECKING:  # only for annotations: importing a conftest at run time would run it twice
    from tests.e2e.conftest import E2eOpd, Login, Shot

pytestmark = pytest.mark.e2e

Url = Callable[[str, str], str]
D = Decimal

# Generous: the live preview is debounced (300 ms) and the machine may be loaded.
TUNGGU = 15_000
CATATAN = "Lampirkan berita acara."
KODE_ANGKA, KODE_NEGATIF, KODE_KUALITATIF = "E2E-01", "E2E-02", "E2E-03"
SKALA = (("Sangat Baik", 4), ("Baik", 3), ("Cukup", 2), ("Kurang", 1))
NAMA_SKALA = "Skala Uji E2E Alur Pelaporan"
NAMA_RPJMD = "RPJMD Uji E2E Alur Pelaporan"


# --- committed test data ---------------------------------------------------------------------


@dataclass
class Alur:
    """The reporting period and the IKU of the flow (ids in ``opd_e2e``)."""

    schema: str
    tahun: int
    triwulan: int
    iku: dict[str, int]
    public: list[Any] = field(default_factory=list)  # rows to delete afterwards, in order

    @property
    def periode(self) -> str:
        from kinerja.engine.jadwal import label_periode

        return label_periode(self.tahun, self.triwulan)

    @property
    def path_grid(self) -> str:
        return f"/admin/kinerja-opd/realisasi/?tahun={self.tahun}&triwulan={self.triwulan}"

    @property
    def path_antrian(self) -> str:
        return f"/admin/verifikasi/?tahun={self.tahun}&triwulan={self.triwulan}&opd={self.schema}"


def _jadwal_buka(schema: str, public: list[Any]) -> tuple[int, int]:
    """(tahun, triwulan) of the current year with a window open now: a new schedule for the
    current triwulan (WITA) or, when that one exists already, for another triwulan without one;
    failing that an existing schedule that is open now (reused, never changed or deleted)."""
    from kinerja.daerah.models import JadwalPelaporan
    from kinerja.daerah.selectors import jendela_opd
    from kinerja.daerah.services import jadwal_simpan
    from kinerja.engine.jadwal import boleh_lapor, status_jendela

    sekarang = timezone.now()
    lokal = timezone.localtime(sekarang)
    tahun, kini = lokal.year, (lokal.month - 1) // 3 + 1
    urutan = [kini, *(q for q in (4, 3, 2, 1) if q != kini)]
    ada = set(JadwalPelaporan.objects.filter(tahun=tahun).values_list("triwulan", flat=True))
    for triwulan in urutan:
        if triwulan not in ada:
            jadwal = jadwal_simpan(
                JadwalPelaporan(
                    tahun=tahun,
                    triwulan=triwulan,
                    tanggal_buka=sekarang - timedelta(days=1),
                    batas_waktu=sekarang + timedelta(days=7),
                    tanggal_kunci=sekarang + timedelta(days=14),
                )
            )
            public.append(jadwal)
            return tahun, triwulan
    for triwulan in urutan:
        if boleh_lapor(status_jendela(jendela_opd(schema, tahun, triwulan), sekarang)):
            return tahun, triwulan
    pytest.fail(f"Setiap triwulan {tahun} sudah punya jadwal dan tidak ada yang terbuka sekarang.")


def _rpjmd(tahun: int, public: list[Any]) -> tuple[Any, Any]:
    """An inactive RPJMD periode covering ``tahun`` (inactive: the periode_aktif of other tests
    stays what it was) down to one sasaran, and a qualitative scale."""
    from kinerja.daerah.models import (
        MisiRpjmd,
        PeriodeRpjmd,
        SasaranRpjmd,
        SkalaKualitatif,
        TingkatKualitatif,
        TujuanRpjmd,
    )

    # Left over by a killed run (the names are this module's own).
    PeriodeRpjmd.objects.filter(nama__startswith=NAMA_RPJMD).delete()
    SkalaKualitatif.objects.filter(nama=NAMA_SKALA).delete()
    # (tahun_awal, tahun_akhir) is unique: take the first 6-year span around tahun that is free.
    awal = next(
        (
            a
            for a in range(tahun, tahun - 6, -1)
            if not PeriodeRpjmd.objects.filter(tahun_awal=a, tahun_akhir=a + 5).exists()
        ),
        None,
    )
    if awal is None:
        pytest.fail(f"Tidak ada rentang RPJMD 6 tahun yang bebas di sekitar {tahun}.")
    periode = PeriodeRpjmd.objects.create(
        nama=f"{NAMA_RPJMD} {awal}–{awal + 5}", tahun_awal=awal, tahun_akhir=awal + 5, aktif=False
    )
    public.append(periode)  # misi, tujuan and sasaran go with it (cascade)
    misi = MisiRpjmd.objects.create(periode=periode, nomor=1, uraian="Misi uji E2E")
    tujuan = TujuanRpjmd.objects.create(misi=misi, kode="T-E2E", uraian="Tujuan uji E2E")
    sasaran = SasaranRpjmd.objects.create(
        tujuan=tujuan, kode="S-E2E", uraian="Meningkatnya akuntabilitas kinerja (uji E2E)"
    )
    skala = SkalaKualitatif.objects.create(nama=NAMA_SKALA)
    public.append(skala)
    for label, skor in SKALA:
        TingkatKualitatif.objects.create(skala=skala, label=label, skor=skor)
    return sasaran, skala


def _rencana(
    tahun: int, triwulan: int, periode_id: int, sasaran_id: int, skala_id: int
) -> dict[str, int]:
    """Renstra → tujuan → sasaran strategis → three IKU with targets of ``tahun`` (in the
    current schema), through the IKU service so that they are valid as an operator's would be."""
    from kinerja.opd.models import Iku, Renstra, SasaranStrategis, TujuanRenstra
    from kinerja.opd.services import TargetInput as T
    from kinerja.opd.services import iku_simpan

    renstra = Renstra.objects.create(
        periode_rpjmd_id=periode_id,
        nama=f"Renstra Dinas Uji E2E {tahun}–{tahun + 4}",
        tahun_awal=tahun,
        tahun_akhir=tahun + 4,
    )
    tujuan = TujuanRenstra.objects.create(renstra=renstra, kode="T1", uraian="Tujuan uji")
    sasaran = SasaranStrategis.objects.create(
        tujuan=tujuan, kode="SS1", uraian="Sasaran uji", sasaran_rpjmd_id=sasaran_id
    )

    def buat(kode: str, targets: list[T], **kwargs: Any) -> int:
        return iku_simpan(Iku(sasaran=sasaran, kode=kode, **kwargs), targets).pk

    return {
        # Posisi akhir with the same target every quarter: the capaian does not depend on which
        # triwulan the calendar picked. 1.234,5 of 1.250 → 98,76 %.
        KODE_ANGKA: buat(
            KODE_ANGKA,
            [T(tahun, None, D(1250)), *(T(tahun, q, D(1250)) for q in (1, 2, 3, 4))],
            nama="Persentase dokumen perencanaan yang tepat waktu",
            satuan="dokumen",
            polaritas="positif",
            tipe_perhitungan="posisi_akhir",
        ),
        # Negatif: 8 against 10 → (2 − 0,8) × 100 = 120 %.
        KODE_NEGATIF: buat(
            KODE_NEGATIF,
            [T(tahun, None, D(10)), T(tahun, triwulan, D(10))],
            nama="Jumlah temuan audit berulang",
            satuan="temuan",
            polaritas="negatif",
            tipe_perhitungan="posisi_akhir",
        ),
        # Kualitatif: "Baik" (3) against "Sangat Baik" (4) → 75 %.
        KODE_KUALITATIF: buat(
            KODE_KUALITATIF,
            [
                T(tahun, None, None, None, "Sangat Baik"),
                T(tahun, triwulan, None, None, "Sangat Baik"),
            ],
            nama="Predikat evaluasi SAKIP",
            satuan="predikat",
            polaritas="kualitatif",
            tipe_perhitungan="posisi_akhir",
            skala_id=skala_id,
        ),
    }


def _buang_antrean_rollup(schema: str) -> int:
    """Remove the rollup tasks the server queued for ``schema`` (every workflow move queues
    one; no worker runs during the e2e tests). Left in the test broker, a later test's Celery
    worker would run them for a schema that is gone by then. Returns how many were removed."""
    import redis
    from django.conf import settings

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    antrean = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
    dibuang = 0
    try:
        for mentah in client.lrange(antrean, 0, -1):
            try:
                kepala = json.loads(mentah).get("headers") or {}
            except (ValueError, AttributeError):
                continue
            if kepala.get("task", "").startswith("kinerja.rollup.") and repr(schema) in str(
                kepala.get("argsrepr", "")
            ):
                dibuang += client.lrem(antrean, 1, mentah)
    finally:
        client.close()
    return dibuang


@pytest.fixture
def alur(db: None, e2e_opd: E2eOpd) -> Iterator[Alur]:
    """Committed: the public rows (deleted afterwards, whatever happens) and the OPD's plan
    (dropped with ``opd_e2e`` at the end of the module); the rollup tasks the flow queued are
    taken out of the test broker again."""
    public: list[Any] = []
    try:
        connection.set_schema_to_public()
        tahun, triwulan = _jadwal_buka(e2e_opd.schema, public)
        sasaran_rpjmd, skala = _rpjmd(tahun, public)
        with schema_context(e2e_opd.schema):
            iku = _rencana(
                tahun, triwulan, sasaran_rpjmd.tujuan.misi.periode_id, sasaran_rpjmd.pk, skala.pk
            )
        yield Alur(e2e_opd.schema, tahun, triwulan, iku, public)
    finally:
        connection.set_schema_to_public()
        for row in reversed(public):
            type(row).objects.filter(pk=row.pk).delete()
        _buang_antrean_rollup(e2e_opd.schema)


# --- database checks -------------------------------------------------------------------------


def _realisasi(a: Alur) -> dict[str, Any]:
    """The realisasi of the period by IKU kode (read fresh: the server wrote them)."""
    from kinerja.opd.models import RealisasiIku

    with schema_context(a.schema):
        return {
            r.iku.kode: r
            for r in RealisasiIku.objects.filter(tahun=a.tahun, triwulan=a.triwulan)
            .select_related("iku")
            .order_by("iku__kode")
        }


def _status(a: Alur) -> dict[str, str]:
    return {kode: r.status for kode, r in _realisasi(a).items()}


def _semua(status: str) -> dict[str, str]:
    return dict.fromkeys((KODE_ANGKA, KODE_NEGATIF, KODE_KUALITATIF), status)


def _jejak_bappeda(a: Alur) -> list[tuple[str, str]]:
    from kinerja.opd.models import JejakAudit

    with schema_context(a.schema):
        return list(
            JejakAudit.objects.filter(sumber=JejakAudit.Sumber.BAPPEDA)
            .order_by("waktu", "pk")
            .values_list("aksi", "realisasi__iku__kode")
        )


def _jumlah_bukti(a: Alur, kode: str) -> int:
    from kinerja.opd.models import BuktiDukung

    with schema_context(a.schema):
        return BuktiDukung.objects.filter(
            realisasi__iku__kode=kode,
            realisasi__tahun=a.tahun,
            realisasi__triwulan=a.triwulan,
            dihapus_pada__isnull=True,
        ).count()


# --- page helpers ----------------------------------------------------------------------------


def _pdf(folder: Path, nama: str, teks: str) -> Path:
    """A small, well-formed one-page PDF (the evidence check reads the content)."""
    from kinerja.demo.pdf import pdf_sederhana

    data = pdf_sederhana([(12, teks)])
    path = folder / nama
    path.write_bytes(bytes(data))
    return path


def _baris(page: Page, kode: str) -> Locator:
    """A grid row of one IKU (``data-kode`` is the grid's own hook for its rows)."""
    return page.locator(f"tr.baris-iku[data-kode='{kode}']")


def _pesan(page: Page, teks: str | re.Pattern[str]) -> None:
    """A Wagtail flash message (success/info/error) with this text, waited for until it has
    faded in (0.5 s CSS transition), so that the next screenshot shows it."""
    expect(page.locator(".messages").get_by_text(teks)).to_be_visible(timeout=TUNGGU)
    page.wait_for_function(
        "() => { const ul = document.querySelector('.messages > ul');"
        " return ul !== null && getComputedStyle(ul).opacity === '1'; }",
        timeout=TUNGGU,
    )


def _keluar(page: Page, url: Url, host: str) -> None:
    """Log out through the admin sidebar's account menu ("Keluar")."""
    page.goto(url(host, "/admin/"))
    page.locator(".sidebar-footer__account").click()
    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(re.compile(r"/admin/login/"), timeout=TUNGGU)


def _klik_konfirmasi(page: Page, tombol: str) -> None:
    """Click a grid button that asks for confirmation first, and accept it."""
    dialog: list[str] = []

    def terima(d: Any) -> None:
        dialog.append(d.message)
        d.accept()

    page.once("dialog", terima)
    page.get_by_role("button", name=tombol, exact=True).click()
    expect(page.get_by_role("button", name=tombol, exact=True)).to_have_count(0, timeout=TUNGGU)
    assert dialog, f"'{tombol}' tidak meminta konfirmasi"


# --- the flow --------------------------------------------------------------------------------


def test_alur_pelaporan_triwulan_sampai_diverifikasi(
    page: Page,
    url: Url,
    login: Login,
    shot: Shot,
    e2e_opd: E2eOpd,
    alur: Alur,
    tmp_path: Path,
) -> None:
    a = alur
    opd = e2e_opd.domain
    # Wagtail scrolls its content inside the page: a taller window shows more in each shot.
    page.set_viewport_size({"width": 1366, "height": 1400})
    id_angka = a.iku[KODE_ANGKA]

    # 1. Operator: the grid of the period, nothing entered yet.
    login(page, opd, "operator", e2e_opd.password)
    page.goto(url(opd, a.path_grid))
    expect(page.get_by_role("heading", name="Pelaporan Realisasi")).to_be_visible()
    expect(page.get_by_text("3 IKU aktif: 3 belum diisi.")).to_be_visible()
    for kode in (KODE_ANGKA, KODE_NEGATIF, KODE_KUALITATIF):
        expect(_baris(page, kode).locator("[data-capaian]")).to_have_text("—")
    shot("operator-grid-kosong")

    # 2. Values the Indonesian way; capaian and predikat follow live (server preview).
    page.get_by_label(f"Realisasi {KODE_ANGKA}").fill("1.234,5")
    page.get_by_label(f"Realisasi {KODE_NEGATIF}").fill("8")
    page.get_by_label(f"Realisasi {KODE_KUALITATIF}").select_option("Baik")
    harapan = {
        KODE_ANGKA: ("98,76", "Sangat Tinggi"),
        KODE_NEGATIF: ("120,00", "Sangat Tinggi"),
        KODE_KUALITATIF: ("75,00", "Sedang"),
    }
    for kode, (capaian, predikat) in harapan.items():
        baris = _baris(page, kode)
        expect(baris.locator("[data-capaian]")).to_have_text(capaian, timeout=TUNGGU)
        expect(baris.locator("[data-predikat]")).to_have_text(predikat, timeout=TUNGGU)
    page.get_by_text(f"Faktor pendorong, faktor penghambat, tindak lanjut — {KODE_ANGKA}").click()
    page.locator(f"#faktor_pendorong-{id_angka}").fill("Rapat koordinasi rutin tiap bulan.")
    assert _realisasi(a) == {}  # a preview saves nothing
    shot("operator-grid-diisi-pratinjau")

    # 3. "Simpan semua": one success message, three drafts, the number parsed exactly.
    page.get_by_role("button", name="Simpan semua").click()
    _pesan(page, f"3 realisasi {a.periode} disimpan.")
    expect(page.get_by_text("3 IKU aktif: 3 draf.")).to_be_visible()
    expect(page.get_by_label(f"Realisasi {KODE_ANGKA}")).to_have_value("1.234,5")
    expect(_baris(page, KODE_ANGKA).locator("[data-capaian]")).to_have_text("98,76")
    tersimpan = _realisasi(a)
    assert _status(a) == _semua("draft")
    assert tersimpan[KODE_ANGKA].nilai == D("1234.5")
    assert tersimpan[KODE_ANGKA].faktor_pendorong == "Rapat koordinasi rutin tiap bulan."
    assert tersimpan[KODE_NEGATIF].nilai == D(8)
    assert tersimpan[KODE_KUALITATIF].nilai_kualitatif == "Baik"
    shot("operator-grid-tersimpan")

    # 4. Evidence on the IKU's own page (the grid links it from the "berkas" cell).
    _baris(page, KODE_ANGKA).get_by_role("link", name="0 berkas").click()
    expect(page.get_by_role("heading", name=f"Realisasi {KODE_ANGKA}")).to_be_visible()
    page.get_by_label("Berkas", exact=True).set_input_files(
        _pdf(tmp_path, "laporan-triwulan.pdf", "Laporan triwulan")
    )
    page.get_by_label("Keterangan").fill("Laporan kegiatan triwulan")
    page.get_by_role("button", name="Unggah").click()
    _pesan(page, "1 berkas bukti dukung diunggah")
    bukti = page.locator("#bukti")
    expect(bukti.get_by_role("link", name="laporan-triwulan.pdf")).to_be_visible()
    expect(bukti.get_by_text("Laporan kegiatan triwulan")).to_be_visible()
    assert _jumlah_bukti(a, KODE_ANGKA) == 1
    shot("operator-item-bukti-diunggah")

    # 5. Back to the grid; submit the whole triwulan (after a confirmation).
    page.goto(url(opd, a.path_grid))
    expect(_baris(page, KODE_ANGKA).get_by_role("link", name="1 berkas")).to_be_visible()
    _klik_konfirmasi(page, "Ajukan seluruh triwulan")
    _pesan(page, re.compile(rf"3 realisasi {a.periode} diajukan kepada Kepala OPD"))
    expect(page.get_by_text("3 IKU aktif: 3 diajukan.")).to_be_visible()
    for kode in (KODE_ANGKA, KODE_NEGATIF, KODE_KUALITATIF):
        expect(page.get_by_label(f"Realisasi {kode}")).to_have_count(0)  # read-only now
    expect(_baris(page, KODE_ANGKA).locator(".nilai-tersimpan")).to_have_text("1.234,5")
    expect(page.get_by_role("button", name="Simpan semua")).to_have_count(0)
    assert _status(a) == _semua("diajukan")
    shot("operator-grid-diajukan")
    _keluar(page, url, opd)

    # 6. Kepala OPD approves the whole triwulan.
    login(page, opd, "kepala", e2e_opd.password)
    page.goto(url(opd, a.path_grid))
    expect(page.get_by_text("3 IKU aktif: 3 diajukan.")).to_be_visible()
    _klik_konfirmasi(page, "Setujui seluruh triwulan")
    _pesan(page, f"3 realisasi {a.periode} disetujui dan diteruskan kepada Verifikator Bappeda.")
    expect(page.get_by_text("3 IKU aktif: 3 disetujui.")).to_be_visible()
    assert _status(a) == _semua("disetujui")
    shot("kepala-grid-disetujui")
    _keluar(page, url, opd)

    # 7. Bappeda: the queue shows the OPD's three approved items; one goes back with a note.
    login(page, PUBLIC_HOST, "verifikator", PASSWORD)
    page.goto(url(PUBLIC_HOST, a.path_antrian))
    antrian = page.locator("#antrian-verifikasi tbody tr")
    expect(antrian).to_have_count(3)
    expect(page.locator(f"#antrian-verifikasi tbody tr[data-opd='{a.schema}']")).to_have_count(3)
    expect(
        page.locator(f"#ringkasan-opd tr[data-opd='{a.schema}']").get_by_role("button")
    ).to_have_text("Verifikasi semua yang disetujui (3)")
    shot("verifikator-antrian")
    antrian.filter(has_text=KODE_ANGKA).get_by_role("link", name="Periksa").click()
    expect(page.locator("#ringkasan .status")).to_have_text("Disetujui")
    expect(page.locator("#bukti").get_by_role("link", name="laporan-triwulan.pdf")).to_be_visible()
    page.get_by_label("Catatan untuk OPD (wajib, minimal 5 karakter)").fill(CATATAN)
    page.get_by_role("button", name="Kembalikan ke OPD").click()
    _pesan(page, re.compile(rf"Realisasi {KODE_ANGKA} .* dikembalikan ke OPD dengan catatan\."))
    expect(page.locator("#ringkasan .status")).to_have_text("Draf")
    expect(page.get_by_text(f"Catatan pengembalian terakhir: {CATATAN}")).to_be_visible()
    dikembalikan = _realisasi(a)[KODE_ANGKA]
    assert dikembalikan.status == "draft"
    assert dikembalikan.catatan_pengembalian == CATATAN
    assert dikembalikan.jumlah_dikembalikan == 1
    assert _status(a)[KODE_NEGATIF] == "disetujui"
    shot("verifikator-item-dikembalikan")

    # 8. Operator: the returned item shows its note; fix the value, add the requested
    # document and submit THIS IKU only, from its page.
    login(page, opd, "operator", e2e_opd.password)
    page.goto(url(opd, a.path_grid))
    baris = _baris(page, KODE_ANGKA)
    expect(baris.get_by_text(f"Dikembalikan: {CATATAN}")).to_be_visible()
    expect(page.get_by_label(f"Realisasi {KODE_ANGKA}")).to_be_editable()
    expect(page.get_by_label(f"Realisasi {KODE_NEGATIF}")).to_have_count(0)
    shot("operator-grid-dikembalikan")
    baris.get_by_role("link", name="1 berkas").click()
    expect(page.get_by_role("heading", name=f"Realisasi {KODE_ANGKA}")).to_be_visible()
    dikembalikan_info = page.locator("#status .help-warning")
    expect(dikembalikan_info).to_contain_text("Dikembalikan oleh")
    expect(dikembalikan_info).to_contain_text(CATATAN)
    nilai = page.get_by_label("Realisasi", exact=True)
    expect(nilai).to_have_value("1.234,5")
    nilai.fill("1.250")
    page.get_by_role("button", name="Simpan perubahan").click()
    _pesan(page, f"Realisasi {KODE_ANGKA} {a.periode} disimpan.")
    expect(page.get_by_label("Realisasi", exact=True)).to_have_value("1.250")
    page.get_by_label("Berkas", exact=True).set_input_files(
        _pdf(tmp_path, "berita-acara.pdf", "Berita acara")
    )
    page.get_by_label("Keterangan").fill("Berita acara pemeriksaan")
    page.get_by_role("button", name="Unggah").click()
    _pesan(page, "1 berkas bukti dukung diunggah")
    expect(page.locator("#bukti").get_by_role("link", name="berita-acara.pdf")).to_be_visible()
    shot("operator-item-diperbaiki")
    page.get_by_role("button", name="Ajukan IKU ini").click()
    _pesan(page, re.compile(rf"Realisasi {KODE_ANGKA} .* diajukan ke Kepala OPD \(hanya IKU ini\)"))
    expect(page.locator("#status strong").first).to_have_text("Diajukan")
    diperbaiki = _realisasi(a)[KODE_ANGKA]
    assert diperbaiki.status == "diajukan"
    assert diperbaiki.nilai == D(1250)
    assert _jumlah_bukti(a, KODE_ANGKA) == 2
    assert _status(a)[KODE_NEGATIF] == "disetujui"  # the others did not move
    shot("operator-item-diajukan-ulang")
    _keluar(page, url, opd)

    # 9. Kepala OPD approves that IKU on its page.
    login(page, opd, "kepala", e2e_opd.password)
    page.goto(url(opd, a.path_grid))
    _baris(page, KODE_ANGKA).get_by_role("link", name="2 berkas").click()
    expect(page.get_by_role("heading", name=f"Realisasi {KODE_ANGKA}")).to_be_visible()
    page.get_by_role("button", name="Setujui IKU ini").click()
    _pesan(page, re.compile(rf"Realisasi {KODE_ANGKA} .* disetujui dan diteruskan ke Bappeda"))
    expect(page.locator("#status strong").first).to_have_text("Disetujui")
    assert _status(a) == _semua("disetujui")
    shot("kepala-item-disetujui")

    # 10. Bappeda verifies the corrected item on its page, then the rest at once. The
    # verifikator's session on the public domain is still there (host-only cookies).
    page.goto(url(PUBLIC_HOST, a.path_antrian))
    antrian = page.locator("#antrian-verifikasi tbody tr")
    expect(antrian).to_have_count(3)
    baris = antrian.filter(has_text=KODE_ANGKA)
    expect(baris.locator(".status")).to_contain_text("1× dikembalikan")
    expect(baris.locator(".realisasi")).to_contain_text("1.250")
    baris.get_by_role("link", name="Periksa").click()
    expect(page.locator("#bukti").get_by_role("link", name="berita-acara.pdf")).to_be_visible()
    page.get_by_role("button", name="Verifikasi", exact=True).click()
    _pesan(page, re.compile(rf"Realisasi {KODE_ANGKA} .* diverifikasi\."))
    expect(page.locator("#ringkasan .status")).to_have_text("Diverifikasi")
    shot("verifikator-item-diverifikasi")
    page.goto(url(PUBLIC_HOST, a.path_antrian))
    expect(page.locator("#antrian-verifikasi tbody tr")).to_have_count(2)
    page.get_by_role("button", name="Verifikasi semua yang disetujui (2)").click()
    _pesan(page, f"2 realisasi E2E {a.periode} diverifikasi.")
    expect(page.get_by_text("Tidak ada realisasi untuk pilihan ini.")).to_be_visible()
    shot("verifikator-semua-diverifikasi")

    akhir = _realisasi(a)
    assert _status(a) == _semua("diverifikasi")
    assert {k: r.jumlah_dikembalikan for k, r in akhir.items()} == {
        KODE_ANGKA: 1,
        KODE_NEGATIF: 0,
        KODE_KUALITATIF: 0,
    }
    jejak = _jejak_bappeda(a)
    assert ("kembalikan", KODE_ANGKA) in jejak
    assert {("verifikasi", k) for k in _semua("")} <= set(jejak)

    # 11. The verified grid: every row locked, nothing left to do for the OPD.
    page.goto(url(opd, a.path_grid))
    expect(page.get_by_text("3 IKU aktif: 3 diverifikasi.")).to_be_visible()
    expect(_baris(page, KODE_ANGKA).locator("[data-capaian]")).to_have_text("100,00")
    expect(page.get_by_role("button", name="Setujui seluruh triwulan")).to_have_count(0)
    shot("grid-terverifikasi")
