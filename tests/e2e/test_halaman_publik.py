"""The public pages in a real browser (issue 7, "Done when"): the portal home, an IKD aspect
page, the OPD directory, the e2e OPD's site and one of its IKU pages. Each chart must be drawn
by Chart.js (an instance exists and the canvas has painted pixels), its data and the numbers
printed must be the database's (verified values only), and every page gets a screenshot under
var/test-output/<test>/, plus the IKU page on a phone-sized screen.

Data, committed so the server process sees it: in ``public`` an active RPJMD with one IKD and
the portal's fixed pages (deleted afterwards); in the module's OPD ``opd_e2e`` a Renstra with
one IKU (its page comes from the receiver), realisasi in every workflow state and a published
evidence file, rolled up for the directory (the OPD's rows go with its schema).
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django_tenants.utils import schema_context
from playwright.sync_api import Page, expect

from kinerja.engine import format_angka
from kinerja.engine.jadwal import label_periode
from tests.conftest import PUBLIC_HOST

if TYPE_CHECKING:  # only for annotations: importing a conftest at run time would run it twice
    from tests.e2e.conftest import E2eOpd, Shot

pytestmark = pytest.mark.e2e

Url = Callable[[str, str], str]
D = Decimal
TUNGGU = 15_000
NAMA_RPJMD = "RPJMD Uji E2E Halaman Publik"
KODE_IKD = "E2E-IKD-1"
KODE_IKU = "E2E-IKU-1"
# An unverified value: must never reach a page.
RAHASIA = D("777.77")
PDF = b"%PDF-1.4\n% bukti uji e2e halaman publik\n%%EOF\n"


@dataclass
class Publik:
    schema: str
    tahun_awal: int
    tahun: int  # the year with IKU realisasi
    ikd_id: int
    iku_id: int
    bukti_id: str
    public: list[Any] = field(default_factory=list)  # rows to delete afterwards, in order
    berkas: list[str] = field(default_factory=list)  # private files to remove


def _rpjmd(public: list[Any]) -> tuple[Any, Any]:
    """An ACTIVE RPJMD periode (the IKD pages show the active one) on a free 6-year span, its
    cascade down to one sasaran, and one IKD of the aspect kesejahteraan masyarakat with
    targets every year and Bappeda realisasi for the first two."""
    from kinerja.daerah.models import (
        IndikatorDaerah,
        MisiRpjmd,
        PeriodeRpjmd,
        RealisasiDaerah,
        SasaranRpjmd,
        TargetDaerah,
        TujuanRpjmd,
    )

    PeriodeRpjmd.objects.filter(nama__startswith=NAMA_RPJMD).delete()  # a killed run's
    awal = next(
        a
        for a in range(2041, 2090)
        if not PeriodeRpjmd.objects.filter(tahun_awal=a, tahun_akhir=a + 5).exists()
    )
    periode = PeriodeRpjmd.objects.create(
        nama=f"{NAMA_RPJMD} {awal}–{awal + 5}", tahun_awal=awal, tahun_akhir=awal + 5, aktif=True
    )
    public.append(periode)  # everything below goes with it (cascade)
    misi = MisiRpjmd.objects.create(periode=periode, nomor=1, uraian="Misi uji E2E")
    tujuan = TujuanRpjmd.objects.create(misi=misi, kode="T-E2E", uraian="Tujuan uji E2E")
    sasaran = SasaranRpjmd.objects.create(
        tujuan=tujuan, kode="S-E2E", uraian="Meningkatnya kesejahteraan (uji E2E)"
    )
    ikd = IndikatorDaerah.objects.create(
        periode=periode,
        sasaran=sasaran,
        kode=KODE_IKD,
        nama="Indeks Pembangunan Manusia (uji E2E)",
        satuan="indeks",
        is_ikd=True,
        aspek="kesejahteraan_masyarakat",
        sumber_data="BPS (uji)",
    )
    for i, tahun in enumerate(periode.tahun_list):
        TargetDaerah.objects.create(indikator=ikd, tahun=tahun, nilai=D("71.2") + D("0.6") * i)
    RealisasiDaerah.objects.create(indikator=ikd, tahun=awal, nilai=D("71.05"))
    RealisasiDaerah.objects.create(indikator=ikd, tahun=awal + 1, nilai=D("72.4"))
    return periode, ikd, sasaran  # type: ignore[return-value]


def _rencana(periode: Any, sasaran_rpjmd: Any, tahun: int) -> tuple[int, Any]:
    """Renstra → IKU (through iku_simpan: its page is created by the receiver) with quarterly
    targets; realisasi TW1 and TW2 verified, TW3 still a draft with a secret value."""
    from kinerja.opd.models import Iku, RealisasiIku, Renstra, SasaranStrategis, TujuanRenstra
    from kinerja.opd.services import TargetInput as T
    from kinerja.opd.services import iku_simpan

    renstra = Renstra.objects.create(
        periode_rpjmd_id=periode.pk,
        nama=f"Renstra Dinas Uji E2E {periode.tahun_awal}–{periode.tahun_awal + 4}",
        tahun_awal=periode.tahun_awal,
        tahun_akhir=periode.tahun_awal + 4,
        visi="Pelayanan publik uji yang unggul dan terpercaya",
        misi="Meningkatkan mutu layanan.\nMemperkuat akuntabilitas kinerja.",
    )
    tujuan = TujuanRenstra.objects.create(renstra=renstra, kode="T1", uraian="Tujuan uji")
    sasaran = SasaranStrategis.objects.create(
        tujuan=tujuan,
        kode="SS-E2E",
        uraian="Meningkatnya cakupan layanan (uji E2E)",
        sasaran_rpjmd_id=sasaran_rpjmd.pk,
    )
    iku = iku_simpan(
        Iku(
            sasaran=sasaran,
            kode=KODE_IKU,
            nama="Cakupan layanan terpadu (uji E2E)",
            satuan="layanan",
            polaritas="positif",
            tipe_perhitungan="kumulatif",
        ),
        [
            T(tahun - 1, None, D(1000)),
            T(tahun, None, D(1200)),
            *(T(tahun, q, D(300)) for q in (1, 2, 3, 4)),
        ],
    )
    for tahun_lapor, triwulan, nilai, status in (
        (tahun - 1, 1, D(250), "diverifikasi"),
        (tahun - 1, 2, D(240), "diverifikasi"),
        (tahun - 1, 3, D(260), "diverifikasi"),
        (tahun - 1, 4, D("235.5"), "diverifikasi"),
        (tahun, 1, D("287.5"), "diverifikasi"),
        (tahun, 2, D(310), "diverifikasi"),
        (tahun, 3, RAHASIA, "draft"),
    ):
        RealisasiIku.objects.create(
            iku=iku, tahun=tahun_lapor, triwulan=triwulan, nilai=nilai, status=status
        )
    return iku.pk, RealisasiIku.objects.get(iku=iku, tahun=tahun, triwulan=2)


def _bukti(realisasi: Any, berkas: list[str]) -> str:
    from django.core.files.base import ContentFile

    from kinerja.opd.models import BuktiDukung
    from kinerja.storage import bukti_storage

    path = bukti_storage().save(f"bukti/e2e/{uuid.uuid4().hex}.pdf", ContentFile(PDF))
    berkas.append(path)
    bukti = BuktiDukung.objects.create(
        realisasi=realisasi,
        path=path,
        nama_berkas="rekap-layanan-tw2.pdf",
        jenis="PDF",
        mime="application/pdf",
        ukuran=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
        keterangan="Rekap layanan triwulan II",
        publikasi=True,
    )
    return str(bukti.pk)


@pytest.fixture
def publik(db: None, e2e_opd: E2eOpd) -> Iterator[Publik]:
    from kinerja.pages.models import DirektoriOpdPage, IkdAspekPage, LaporanIndexPage
    from kinerja.pages.services import portal_pages_ensure
    from kinerja.rollup.models import RollupRun
    from kinerja.rollup.services import rollup_jalankan

    public: list[Any] = []
    berkas: list[str] = []
    halaman_lama: set[int] = set()
    try:
        connection.set_schema_to_public()
        for model in (IkdAspekPage, DirektoriOpdPage, LaporanIndexPage):
            halaman_lama |= set(model.objects.values_list("pk", flat=True))
        portal_pages_ensure()
        periode, ikd, sasaran = _rpjmd(public)
        tahun = periode.tahun_awal + 1
        with schema_context(e2e_opd.schema):
            iku_id, tw2 = _rencana(periode, sasaran, tahun)
            bukti_id = _bukti(tw2, berkas)
        connection.set_schema_to_public()
        run = rollup_jalankan(schema=e2e_opd.schema)
        assert run.status == RollupRun.Status.BERHASIL, run.galat
        yield Publik(
            e2e_opd.schema, periode.tahun_awal, tahun, ikd.pk, iku_id, bukti_id, public, berkas
        )
    finally:
        from kinerja.storage import bukti_storage

        with schema_context(e2e_opd.schema):
            for path in berkas:
                bukti_storage().delete(path)
        connection.set_schema_to_public()
        RollupRun.objects.filter(cakupan=e2e_opd.schema).delete()
        for row in reversed(public):
            type(row).objects.filter(pk=row.pk).delete()
        for model in (IkdAspekPage, DirektoriOpdPage, LaporanIndexPage):
            for page in model.objects.exclude(pk__in=halaman_lama):
                page.delete()


# --- expected values from the database ---------------------------------------------------------


def _ikd_harapan(p: Publik) -> Any:
    from kinerja.daerah.models import PeriodeRpjmd
    from kinerja.daerah.selectors import ikd_list_with_capaian

    connection.set_schema_to_public()
    periode = PeriodeRpjmd.objects.get(tahun_awal=p.tahun_awal, nama__startswith=NAMA_RPJMD)
    return next(r for r in ikd_list_with_capaian(periode, p.tahun) if r.indikator.pk == p.ikd_id)


def _iku_harapan(p: Publik) -> tuple[Any, dict[int, Decimal]]:
    """The capaian of the IKU s.d. its last verified quarter, computed from the VERIFIED rows
    of the database with the engine, and the verified values of the year."""
    from kinerja.daerah.selectors import skema_predikat_aktif
    from kinerja.opd.models import Iku, RealisasiIku
    from kinerja.opd.selectors import capaian_iku

    bands = skema_predikat_aktif()
    with schema_context(p.schema):
        iku = Iku.objects.get(pk=p.iku_id)
        nilai = dict(
            RealisasiIku.objects.filter(iku=iku, tahun=p.tahun, status="diverifikasi").values_list(
                "triwulan", "nilai"
            )
        )
        sampai = max(nilai)
        return capaian_iku(iku, p.tahun, nilai, triwulan_berjalan=sampai, bands=bands), nilai


def _rata_rata_snapshot(p: Publik) -> tuple[int, Decimal]:
    from kinerja.rollup.models import SnapshotIku

    connection.set_schema_to_public()
    rows = SnapshotIku.objects.filter(opd__schema_name=p.schema, status="diverifikasi")
    triwulan = max(r.triwulan for r in rows if r.tahun == p.tahun)
    capaian = [r.capaian for r in rows if (r.tahun, r.triwulan) == (p.tahun, triwulan)]
    return triwulan, sum(capaian, D(0)) / len(capaian)


# --- browser helpers --------------------------------------------------------------------------


def _grafik_tergambar(page: Page, grafik_id: str) -> dict[str, Any]:
    """Wait for the Chart.js instance of a canvas, check that it painted pixels, and return
    the data it holds."""
    page.wait_for_function(
        "id => window.Chart && Chart.getChart(document.getElementById(id))",
        arg=grafik_id,
        timeout=TUNGGU,
    )
    piksel = page.evaluate(
        """id => {
            const c = document.getElementById(id);
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
            return {n, w: c.width, h: c.height};
        }""",
        grafik_id,
    )
    assert piksel["w"] > 0 and piksel["h"] > 0, piksel
    assert piksel["n"] > 500, f"canvas {grafik_id} is (almost) blank: {piksel}"
    return page.evaluate(
        """id => {
            const chart = Chart.getChart(document.getElementById(id));
            return {labels: chart.data.labels,
                    datasets: chart.data.datasets.map(d => ({label: d.label, data: d.data}))};
        }""",
        grafik_id,
    )


def _seri(data: dict[str, Any], nama: str) -> list[Any]:
    return next(d["data"] for d in data["datasets"] if d["label"] == nama)


def _tidak_ada_rahasia(page: Page) -> None:
    html = page.content()
    assert format_angka(RAHASIA, None) not in html and str(RAHASIA) not in html


def _tanpa_galat_js(page: Page) -> list[str]:
    """Script errors and failed requests of the pages (the browser's own favicon probe
    aside: the site has none)."""
    galat: list[str] = []
    page.on("pageerror", lambda e: galat.append(str(e)))

    def respons(r: Any) -> None:
        if r.status >= 400 and not r.url.endswith("/favicon.ico"):
            galat.append(f"{r.status} {r.url}")

    page.on("response", respons)
    return galat


# --- the tour ---------------------------------------------------------------------------------


def test_portal_dan_situs_opd_dengan_grafik(
    page: Page, url: Url, shot: Shot, e2e_opd: E2eOpd, publik: Publik
) -> None:
    p = publik
    galat = _tanpa_galat_js(page)
    ikd = _ikd_harapan(p)
    iku_capaian, iku_nilai = _iku_harapan(p)

    # 1. Portal home: the headline IKD of the latest year with realisasi, as in the database.
    page.goto(url(PUBLIC_HOST, "/"))
    expect(page.get_by_role("heading", level=2, name=f"IKD utama tahun {p.tahun}")).to_be_visible()
    kartu = page.locator(f"[data-ikd='{KODE_IKD}']")
    expect(kartu.locator("[data-kolom=realisasi]")).to_have_text(
        re.compile(rf"^{re.escape(ikd.realisasi_tampil)}\s+indeks$")
    )
    expect(kartu.locator("[data-kolom=capaian]")).to_have_text(f"{ikd.capaian_tampil}\xa0%")
    expect(kartu.locator("[data-predikat]")).to_have_text(ikd.predikat.label)
    shot("portal-beranda")

    # 2. The aspect page, reached from the card: chart drawn with the database's numbers.
    kartu.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/ikd-kesejahteraan-masyarakat/#ikd-\d+$"))
    grafik_id = f"grafik-ikd-{p.ikd_id}"
    data = _grafik_tergambar(page, grafik_id)
    assert data["labels"] == [str(t) for t in range(p.tahun_awal, p.tahun_awal + 6)]
    assert _seri(data, "Realisasi")[:3] == [71.05, 72.4, None]
    assert _seri(data, "Target")[:2] == [71.2, 71.8]
    baris = page.locator(f"table[data-tabel='{grafik_id}'] tr[data-baris='{p.tahun}']")
    expect(baris.locator("[data-kolom=capaian]")).to_have_text(ikd.capaian_tampil)
    expect(page.locator(f"#{grafik_id}")).to_have_attribute("aria-label", re.compile(KODE_IKD))
    shot("portal-ikd-aspek")

    # 3. The OPD directory: the e2e OPD's mean capaian over its verified snapshots.
    page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Perangkat Daerah"
    ).click()
    triwulan, rata = _rata_rata_snapshot(p)
    kartu = page.locator(f"[data-opd='{p.schema}']")
    expect(kartu.locator("[data-kolom=periode]")).to_have_text(label_periode(p.tahun, triwulan))
    expect(kartu.locator("[data-kolom=rata-rata]")).to_have_text(f"{format_angka(rata, 2)}\xa0%")
    kartu.scroll_into_view_if_needed()
    shot("portal-direktori-opd")

    # 4. The OPD's own site, from its link in the directory.
    kartu.get_by_role("link", name=e2e_opd.nama, exact=True).click()
    expect(page).to_have_url(url(e2e_opd.domain, "/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(e2e_opd.nama)
    expect(page.locator("p.visi")).to_have_text("Pelayanan publik uji yang unggul dan terpercaya")
    expect(page.locator("[data-rapor=jumlah-iku]")).to_have_text("1")
    expect(page.locator("[data-rapor=rata-rata]")).to_have_text(
        f"{format_angka(iku_capaian.capaian.nilai, 2)}\xa0%"
    )
    _tidak_ada_rahasia(page)
    shot("situs-opd-beranda")

    # 5. The IKU list, then the IKU page with both charts drawn from verified values only.
    page.get_by_role("link", name="Lihat semua Indikator Kinerja Utama").click()
    baris = page.locator(f"[data-iku='{KODE_IKU}']")
    expect(baris.locator("[data-kolom=capaian]")).to_have_text(
        format_angka(iku_capaian.capaian.nilai, 2)
    )
    shot("situs-opd-daftar-iku")
    baris.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cakupan layanan terpadu (uji E2E)")
    expect(page.locator("[data-terkini=capaian]")).to_have_text(
        f"{format_angka(iku_capaian.capaian.nilai, 2)}\xa0%"
    )
    expect(page.locator("[data-terkini=predikat]")).to_have_text(iku_capaian.predikat.label)
    expect(page.locator("[data-terkini=formula]")).to_have_text(str(iku_capaian.capaian.formula))
    tahunan = _grafik_tergambar(page, "grafik-iku-tahunan")
    assert _seri(tahunan, "Realisasi")[:2] == [985.5, float(iku_capaian.realisasi.nilai)]
    triwulan_data = _grafik_tergambar(page, "grafik-iku-triwulan")
    assert _seri(triwulan_data, "Realisasi") == [
        float(iku_nilai[1]),
        float(iku_nilai[2]),
        None,
        None,
    ]
    assert _seri(triwulan_data, "Target") == [300.0, 300.0, 300.0, 300.0]
    _tidak_ada_rahasia(page)

    # the published evidence downloads for anyone
    tautan = page.locator(f"[data-bukti='{p.bukti_id}'] a")
    expect(tautan).to_have_text("rekap-layanan-tw2.pdf")
    # fetched by the page itself (Playwright's own HTTP client does not resolve *.localhost)
    unduhan = page.evaluate(
        """async href => {
            const r = await fetch(href);
            return {status: r.status, type: r.headers.get('content-type'), body: await r.text()};
        }""",
        f"/bukti-publik/{p.bukti_id}/",
    )
    assert unduhan == {"status": 200, "type": "application/pdf", "body": PDF.decode()}
    shot("situs-opd-halaman-iku")

    # 6. The same page on a phone: no horizontal scrolling of the page itself.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    _grafik_tergambar(page, "grafik-iku-tahunan")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot("situs-opd-halaman-iku-ponsel")

    assert not galat, galat
