"""Compliance scoring service (kinerja.pengawasan.kepatuhan) on the real PostgreSQL: scores
from snapshot rows and the schedule (with extensions), months, provisional rows, idempotence,
stale rows, thresholds, permissions, the Celery task, the constant number of queries, and the
issue's done-when through the real workflow + rollup (a returned item lowers kepatuhan).

Rollup rows are created directly in ``public`` inside each test's transaction. The helpers at
the top are shared with ``test_kepatuhan_views.py``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from kinerja.daerah.models import JadwalPelaporan, PerpanjanganJadwal
from kinerja.engine.jadwal import WITA
from kinerja.engine.kepatuhan import Ambang
from kinerja.pengawasan.kepatuhan import (
    AmbangDitolak,
    ambang_aktif,
    ambang_simpan,
    kepatuhan_hitung,
    pengawasan_permissions_ensure,
)
from kinerja.pengawasan.models import AmbangKepatuhan, NilaiKepatuhan
from kinerja.rollup.models import SnapshotIku
from tenants import roles
from tenants.models import Opd

pytestmark = pytest.mark.django_db

D = Decimal
TAHUN = 2035
NILAI_BAWAAN = D(10)


# --- shared helpers -----------------------------------------------------------------------------


def opd(schema: str) -> Opd:
    return Opd.objects.get(schema_name=schema)


def jadwal(
    triwulan: int,
    *,
    tahun: int = TAHUN,
    batas: datetime | None = None,
    buka: datetime | None = None,
) -> JadwalPelaporan:
    """A window; by default opened 30 days ago with its deadline passed yesterday."""
    sekarang = timezone.now()
    batas = batas or sekarang - timedelta(days=1)
    return JadwalPelaporan.objects.create(
        tahun=tahun,
        triwulan=triwulan,
        tanggal_buka=buka or sekarang - timedelta(days=30),
        batas_waktu=batas,
        tanggal_kunci=batas + timedelta(days=10),
    )


def snap(
    o: Opd,
    iku_id: int,
    triwulan: int,
    status: str = "diverifikasi",
    *,
    tahun: int = TAHUN,
    pertama: datetime | str | None = "auto",
    nilai: Decimal | None = NILAI_BAWAAN,
    label: str = "",
    bukti: int = 1,
    kembali: int = 0,
    aktif: bool = True,
    **kw: Any,
) -> SnapshotIku:
    """A snapshot row; ``pertama`` (first submission) defaults to 5 days ago when the status
    is submitted or beyond, else None."""
    if pertama == "auto":
        pertama = (
            timezone.now() - timedelta(days=5)
            if status in ("diajukan", "disetujui", "diverifikasi") or kembali
            else None
        )
    data: dict[str, Any] = {
        "kode": f"IKU-{iku_id}",
        "nama": f"Indikator {iku_id}",
        "satuan": "%",
        "polaritas": "positif",
        "tipe_perhitungan": "kumulatif",
    }
    data.update(kw)
    return SnapshotIku.objects.create(
        opd=o,
        iku_id=iku_id,
        tahun=tahun,
        triwulan=triwulan,
        status=status,
        diajukan_pertama_pada=pertama,
        realisasi=nilai if status != "belum_diisi" else None,
        realisasi_kualitatif=label,
        jumlah_bukti=bukti if status != "belum_diisi" else 0,
        jumlah_dikembalikan=kembali,
        aktif=aktif,
        **data,
    )


def nilai(o: Opd, jenis: str = "triwulan", tahun: int = TAHUN, nomor: int = 1) -> NilaiKepatuhan:
    return NilaiKepatuhan.objects.get(opd=o, jenis=jenis, tahun=tahun, nomor=nomor)


def dunia_empat_iku() -> tuple[JadwalPelaporan, Opd, Opd]:
    """TW1 of TAHUN (deadline passed). OPD A has four IKU:

    1: on time, verified never returned, evidence → clean
    2: first submitted AFTER the deadline, returned once, then verified, evidence
    3: on time, still waiting (diajukan), NO evidence
    4: nothing reported
    OPD B has no IKU."""
    j = jadwal(1)
    a, b = opd("opd_a"), opd("opd_b")
    telat = j.batas_waktu + timedelta(hours=3)
    snap(a, 1, 1, "diverifikasi")
    snap(a, 2, 1, "diverifikasi", pertama=telat, kembali=1)
    snap(a, 3, 1, "diajukan", bukti=0)
    snap(a, 4, 1, "belum_diisi")
    return j, a, b


@pytest.fixture
def bappeda_izin(db) -> None:
    from kinerja.daerah.services import daerah_permissions_ensure

    daerah_permissions_ensure()
    pengawasan_permissions_ensure()


# --- scores from the rollup ---------------------------------------------------------------------


def test_skor_dari_snapshot_dan_jadwal():
    j, a, b = dunia_empat_iku()
    # Every year: the test window's deadline (yesterday) falls in a month of this year.
    hasil = kepatuhan_hitung()
    assert hasil.opd >= 2 and hasil.periode == 2 and hasil.ditulis >= 4

    n = nilai(a)
    assert (
        n.iku_wajib,
        n.diajukan,
        n.tepat_waktu,
        n.lengkap,
        n.diverifikasi,
        n.tanpa_pengembalian,
        n.dikembalikan,
    ) == (4, 3, 2, 2, 2, 1, 1)
    # disiplin 2/4, tanggung jawab 2/4 (IKU 3 lacks evidence, IKU 4 is empty), kepatuhan 1/2.
    assert (n.disiplin, n.tanggung_jawab, n.kepatuhan, n.nilai_akhir) == (
        D(50),
        D(50),
        D(50),
        D(50),
    )
    assert n.kategori == "buruk" and not n.sementara
    assert n.jendela == "Triwulan I 2035" and n.batas_waktu == j.batas_waktu

    # The month whose deadline it is has the same counts.
    bulan = j.batas_waktu.astimezone(WITA)
    m = nilai(a, "bulan", bulan.year, bulan.month)
    assert (m.disiplin, m.kategori) == (D(50), "buruk")

    # OPD B has no IKU: not assessable, and says why.
    nb = nilai(b)
    assert nb.iku_wajib == 0 and nb.kategori == "tidak_dinilai" and nb.nilai_akhir is None
    assert "Tidak ada IKU aktif" in nb.alasan


def test_terlambat_menurunkan_disiplin_perpanjangan_memulihkan():
    j, a, _ = dunia_empat_iku()
    kepatuhan_hitung(TAHUN)
    assert nilai(a).disiplin == D(50)
    # An extension past IKU 2's first submission: it was on time after all.
    PerpanjanganJadwal.objects.create(
        jadwal=j,
        opd=a,
        batas_waktu=j.batas_waktu + timedelta(days=1),
        tanggal_kunci=j.tanggal_kunci + timedelta(days=1),
        alasan="Gangguan jaringan di kantor",
        diberikan_oleh="uji",
    )
    kepatuhan_hitung(TAHUN)
    n = nilai(a)
    assert n.disiplin == D(75) and n.jendela == "Triwulan I 2035 (diperpanjang)"
    assert n.batas_waktu == j.batas_waktu + timedelta(days=1)
    # Another OPD is not affected by OPD A's extension.
    assert nilai(opd("opd_b")).jendela == "Triwulan I 2035"


def test_pengembalian_menurunkan_kepatuhan():
    jadwal(1)
    a = opd("opd_a")
    s1 = snap(a, 1, 1, "diverifikasi")
    snap(a, 2, 1, "diverifikasi")
    kepatuhan_hitung(TAHUN)
    assert nilai(a).kepatuhan == D(100) and nilai(a).kategori == "baik"
    # The rollup now sees item 1 returned once (and back in draft).
    SnapshotIku.objects.filter(pk=s1.pk).update(status="draft", jumlah_dikembalikan=1)
    kepatuhan_hitung(TAHUN)
    n = nilai(a)
    assert (n.kepatuhan, n.dikembalikan, n.tanpa_pengembalian) == (D(50), 1, 1)
    assert n.nilai_akhir < D(100)


def test_bukti_hilang_menurunkan_tanggung_jawab():
    jadwal(1)
    a = opd("opd_a")
    s1 = snap(a, 1, 1, "diajukan")
    snap(a, 2, 1, "diajukan")
    kepatuhan_hitung(TAHUN)
    assert nilai(a).tanggung_jawab == D(100)
    SnapshotIku.objects.filter(pk=s1.pk).update(jumlah_bukti=0)
    kepatuhan_hitung(TAHUN)
    assert nilai(a).tanggung_jawab == D(50)
    # A label counts as a realisasi (kualitatif).
    SnapshotIku.objects.filter(pk=s1.pk).update(
        jumlah_bukti=1, realisasi=None, realisasi_kualitatif="WTP"
    )
    kepatuhan_hitung(TAHUN)
    assert nilai(a).tanggung_jawab == D(100)


def test_iku_nonaktif_tidak_wajib():
    jadwal(1)
    a = opd("opd_a")
    snap(a, 1, 1, "diverifikasi")
    snap(a, 2, 1, "belum_diisi", aktif=False)
    kepatuhan_hitung(TAHUN)
    assert nilai(a).iku_wajib == 1 and nilai(a).disiplin == D(100)


def test_batas_belum_lewat_sementara_dan_belum_dibuka_tidak_dinilai():
    sekarang = timezone.now()
    jadwal(1, batas=sekarang + timedelta(days=3))
    jadwal(2, batas=sekarang + timedelta(days=90), buka=sekarang + timedelta(days=60))
    a = opd("opd_a")
    snap(a, 1, 1, "draft", bukti=0)
    kepatuhan_hitung(TAHUN)
    n = nilai(a)
    assert n.sementara and n.disiplin == D(0)
    assert not NilaiKepatuhan.objects.filter(opd=a, jenis="triwulan", nomor=2).exists()


def test_bulan_menggabungkan_jendela_dengan_batas_di_bulan_itu():
    batas = datetime(TAHUN, 4, 15, 23, 59, 59, tzinfo=WITA)
    sekarang = timezone.now()
    jadwal(1, batas=batas, buka=sekarang - timedelta(days=1))
    jadwal(2, batas=batas + timedelta(days=10), buka=sekarang - timedelta(days=1))
    a = opd("opd_a")
    snap(a, 1, 1, "diverifikasi", pertama=batas - timedelta(days=1))
    snap(a, 1, 2, "belum_diisi")
    kepatuhan_hitung(TAHUN)
    m = nilai(a, "bulan", TAHUN, 4)
    assert m.iku_wajib == 2 and m.disiplin == D(50)
    assert m.jendela == "Triwulan I 2035, Triwulan II 2035"
    assert nilai(a, "triwulan", TAHUN, 1).disiplin == D(100)
    assert nilai(a, "triwulan", TAHUN, 2).disiplin == D(0)
    # Months without a deadline have no assessment.
    assert set(
        NilaiKepatuhan.objects.filter(opd=a, jenis="bulan").values_list("nomor", flat=True)
    ) == {4}


def test_tw4_dinilai_di_januari_tahun_berikutnya():
    batas = datetime(TAHUN + 1, 1, 15, 23, 59, 59, tzinfo=WITA)
    jadwal(4, batas=batas, buka=timezone.now() - timedelta(days=1))
    a = opd("opd_a")
    snap(a, 1, 4, "diajukan", pertama=batas - timedelta(days=2))
    kepatuhan_hitung(TAHUN + 1)
    assert nilai(a, "bulan", TAHUN + 1, 1).disiplin == D(100)
    # The triwulan row belongs to the reporting year, not computed for TAHUN + 1.
    assert not NilaiKepatuhan.objects.filter(opd=a, jenis="triwulan").exists()
    kepatuhan_hitung(TAHUN)
    assert nilai(a, "triwulan", TAHUN, 4).disiplin == D(100)


def test_idempoten_dan_baris_basi_dihapus():
    j, _, _ = dunia_empat_iku()
    kepatuhan_hitung(TAHUN)
    sebelum = {n.pk: (n.dihitung_pada, n.nilai_akhir) for n in NilaiKepatuhan.objects.all()}
    kedua = kepatuhan_hitung(TAHUN)
    assert kedua.ditulis == 0 and kedua.dihapus == 0
    assert {n.pk: (n.dihitung_pada, n.nilai_akhir) for n in NilaiKepatuhan.objects.all()} == (
        sebelum
    )
    # The window is removed: its rows go.
    j.delete()
    ketiga = kepatuhan_hitung(TAHUN)
    assert ketiga.dihapus == 2  # OPD A and B's TW1 rows
    assert not NilaiKepatuhan.objects.filter(tahun=TAHUN, jenis="triwulan").exists()


def test_satu_opd_saja():
    dunia_empat_iku()
    kepatuhan_hitung(TAHUN, schema="opd_a")
    assert set(NilaiKepatuhan.objects.values_list("opd__schema_name", flat=True)) == {"opd_a"}


def test_query_konstan_berapa_pun_opd():
    from tests.kinerja.pengawasan.dasbor_data import opd_palsu

    dunia_empat_iku()
    kepatuhan_hitung(TAHUN)
    NilaiKepatuhan.objects.all().delete()
    with CaptureQueriesContext(connection) as sedikit:
        kepatuhan_hitung(TAHUN)
    NilaiKepatuhan.objects.all().delete()
    for o in opd_palsu(20):
        for i in range(5):
            snap(o, i, 1, "diverifikasi", kembali=i % 2)
    with CaptureQueriesContext(connection) as banyak:
        hasil = kepatuhan_hitung(TAHUN)
    assert hasil.opd >= 22 and hasil.ditulis >= 22

    def sql(ctx: CaptureQueriesContext) -> list[str]:
        # django-tenants sets the search path before queries; count the statements themselves.
        return [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith("SET ")]

    assert len(sql(banyak)) == len(sql(sedikit)) <= 10, [q[:70] for q in sql(banyak)]


# --- thresholds --------------------------------------------------------------------------------


def test_ambang_bawaan_tanpa_baris():
    assert not AmbangKepatuhan.objects.exists()
    assert ambang_aktif() == Ambang()


def test_ambang_tidak_valid_tidak_disimpan():
    with pytest.raises(AmbangDitolak) as e:
        ambang_simpan(Ambang(batas_baik=D(60), batas_cukup=D(70)), "uji")
    assert ("batas_cukup", e.value.galat[0][1]) == e.value.galat[0]
    assert "lebih kecil" in str(e.value)
    assert not AmbangKepatuhan.objects.exists()


def test_ambang_disimpan_dan_menilai_ulang():
    _, a, _ = dunia_empat_iku()
    kepatuhan_hitung(TAHUN)
    assert nilai(a).kategori == "buruk"
    row = ambang_simpan(Ambang(batas_baik=D(50), batas_cukup=D(20)), "Admin Uji (admin)")
    assert (row.pk, row.batas_baik, row.diubah_oleh) == (1, D(50), "Admin Uji (admin)")
    assert ambang_aktif().batas_baik == D(50)
    assert nilai(a).kategori == "baik"  # 50 ≥ 50
    # Weights: only disiplin counts.
    ambang_simpan(
        Ambang(
            batas_baik=D(80),
            batas_cukup=D(60),
            bobot_disiplin=D(1),
            bobot_tanggung_jawab=D(0),
            bobot_kepatuhan=D(0),
        ),
        "uji",
    )
    assert AmbangKepatuhan.objects.count() == 1
    assert nilai(a).nilai_akhir == D(50)


def test_ambang_tersimpan_rusak_pakai_bawaan():
    AmbangKepatuhan.objects.create(pk=1, batas_baik=D(10), batas_cukup=D(20))
    assert ambang_aktif() == Ambang()


# --- permissions, task, beat -----------------------------------------------------------------


def test_izin_diberikan_ke_grup_bappeda(bappeda_izin):
    admin = Group.objects.get(name=roles.ADMIN_BAPPEDA)
    verifikator = Group.objects.get(name=roles.VERIFIKATOR)
    kode_admin = set(
        admin.permissions.filter(content_type__app_label="pengawasan").values_list(
            "codename", flat=True
        )
    )
    kode_verif = set(
        verifikator.permissions.filter(content_type__app_label="pengawasan").values_list(
            "codename", flat=True
        )
    )
    assert {"change_ambangkepatuhan", "view_nilaikepatuhan"} <= kode_admin
    assert "change_ambangkepatuhan" not in kode_verif and "view_nilaikepatuhan" in kode_verif
    assert pengawasan_permissions_ensure() == pengawasan_permissions_ensure()


def test_task_celery_menjalankan_layanan():
    from kinerja.pengawasan.tasks import kepatuhan_hitung as tugas

    dunia_empat_iku()
    hasil = tugas.apply(kwargs={"tahun": TAHUN}).get()
    # One triwulan period, one row per active OPD (A and B).
    assert hasil["periode"] == 1 and hasil["ditulis"] == hasil["opd"] >= 2
    assert nilai(opd("opd_a")).kategori == "buruk"


def test_setelah_rollup(caplog):
    from unittest import mock

    from kinerja.pengawasan.kepatuhan import kepatuhan_setelah_rollup
    from kinerja.rollup.models import RollupRun

    dunia_empat_iku()
    assert kepatuhan_setelah_rollup(RollupRun(cakupan="semua", opd_diproses=0)) is None
    assert not NilaiKepatuhan.objects.exists()
    hasil = kepatuhan_setelah_rollup(RollupRun(cakupan="opd_a", opd_diproses=1))
    assert hasil is not None and hasil.opd == 1
    assert set(NilaiKepatuhan.objects.values_list("opd__schema_name", flat=True)) == {"opd_a"}
    hasil = kepatuhan_setelah_rollup(RollupRun(cakupan="semua", opd_diproses=2))
    assert hasil.opd >= 2 and NilaiKepatuhan.objects.filter(opd=opd("opd_b")).exists()
    # A failure is logged, never raised into the rollup.
    with mock.patch("kinerja.pengawasan.kepatuhan._hitung", side_effect=RuntimeError("rusak")):
        assert kepatuhan_setelah_rollup(RollupRun(cakupan="semua", opd_diproses=2)) is None
    assert "Penilaian kepatuhan setelah rollup semua gagal" in caplog.text


def test_jadwal_beat_harian():
    entri = settings.CELERY_BEAT_SCHEDULE["kepatuhan-hitung-harian"]
    assert entri["task"] == "kinerja.pengawasan.tasks.kepatuhan_hitung"


def test_berjalan_di_public_dari_skema_opd():
    dunia_empat_iku()
    with schema_context("opd_a"):
        kepatuhan_hitung(TAHUN)
    assert nilai(opd("opd_a")).iku_wajib == 4


# --- done-when: the real workflow, the rollup, then the score ------------------------------


@pytest.fixture
def kunci_rollup_bersih():
    from kinerja.rollup import kunci

    def bersihkan() -> None:
        k = kunci.klien()
        for key in k.scan_iter(kunci.PREFIX + "*"):
            k.delete(key)

    bersihkan()
    yield
    bersihkan()


@pytest.mark.usefixtures("kunci_rollup_bersih", "bersihkan_bukti_kepatuhan")
def test_alur_nyata_item_dikembalikan_menurunkan_kepatuhan():
    from kinerja.opd.realisasi import realisasi_aksi
    from kinerja.rollup.services import rollup_jalankan
    from tests.kinerja.daerah.test_verifikasi import (
        TAHUN as TAHUN_ALUR,
    )
    from tests.kinerja.daerah.test_verifikasi import (
        buat_dunia,
        buat_realisasi,
        pelaku,
    )

    dunia = buat_dunia(2)
    iku1, iku2 = dunia.iku["opd_a"]
    r1 = buat_realisasi("opd_a", iku1, "disetujui", bukti=True)
    buat_realisasi("opd_a", iku2, "diverifikasi", bukti=True)
    verifikator = pelaku("public", "verifikator")
    operator, kepala = pelaku("opd_a", "operator"), pelaku("opd_a", "kepala")
    with schema_context("opd_a"):
        realisasi_aksi(verifikator, "kembalikan", {r1: None}, "Bukti dukung kurang jelas")
        realisasi_aksi(operator, "ajukan", {r1: None})
        realisasi_aksi(kepala, "setujui", {r1: None})
        realisasi_aksi(verifikator, "verifikasi", {r1: None})
    connection.set_schema_to_public()

    run = rollup_jalankan(schema="opd_a", tahun=TAHUN_ALUR)
    assert run.status == "berhasil", run.galat
    kepatuhan_hitung(TAHUN_ALUR)
    n = nilai(opd("opd_a"), tahun=TAHUN_ALUR)
    assert (n.iku_wajib, n.diverifikasi, n.tanpa_pengembalian, n.dikembalikan) == (2, 2, 1, 1)
    assert n.kepatuhan == D(50)  # the returned item counts against the OPD
    assert n.disiplin == D(100) and n.tanggung_jawab == D(100)
    assert n.sementara  # the window's deadline is still ahead
    assert n.nilai_akhir == D("83.33") and n.kategori == "baik"


@pytest.fixture
def bersihkan_bukti_kepatuhan():
    """Remove the evidence files a test stored (the DB rows roll back, files do not)."""
    yield
    from kinerja.opd.models import BuktiDukung
    from kinerja.storage import bukti_storage, hapus_berkas_diam

    for schema in ("opd_a", "opd_b"):
        with schema_context(schema):
            for path in BuktiDukung.objects.values_list("path", flat=True):
                hapus_berkas_diam(bukti_storage(), path)
