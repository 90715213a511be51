"""Every page type renders (Indonesian, accessible basics) and each chart's JSON carries the
numbers its table prints."""

from __future__ import annotations

import io
import itertools
import json
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django_tenants.utils import schema_context

from tests.conftest import PUBLIC_HOST
from tests.kinerja.pages.conftest import TAHUN, cocok_grafik_tabel, sup

pytestmark = pytest.mark.django_db
D = Decimal


def periksa_aksesibilitas(soup: BeautifulSoup) -> None:
    """One h1, headings that never skip a level, a caption on every table, alt on every image,
    a label on every chart, the page language set."""
    assert soup.html.get("lang", "").startswith("id")
    tingkat = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
    assert tingkat and tingkat[0] == 1 and tingkat.count(1) == 1, tingkat
    for sebelum, sesudah in itertools.pairwise(tingkat):
        assert sesudah <= sebelum + 1, f"heading h{sebelum} → h{sesudah}"
    for table in soup.find_all("table"):
        assert table.caption is not None and table.caption.get_text(strip=True)
        assert table.find("th", attrs={"scope": True}) is not None
    for img in soup.find_all("img"):
        assert img.has_attr("alt"), img
    for canvas in soup.find_all("canvas"):
        assert canvas.get("role") == "img" and canvas.get("aria-label")
    for a in soup.find_all("a"):
        assert a.get_text(strip=True), a  # no empty links


# --- portal -----------------------------------------------------------------------------------


def test_beranda_portal_ikd_utama_tahun_terakhir(provinsi, public_client):
    soup = sup(public_client.get("/"))
    periksa_aksesibilitas(soup)
    judul = soup.find("h2", id="ikd-utama").get_text(" ", strip=True)
    assert judul == f"IKD utama tahun {TAHUN}"  # the latest year with an IKD realisasi
    kartu = soup.select("[data-ikd]")
    # Only IKD with a capaian that year (IKD-H1: 1.234,5 of 71,5); never a non-IKD.
    assert [k["data-ikd"] for k in kartu] == ["IKD-H1"]
    k = kartu[0]
    assert k.select_one("[data-kolom=realisasi]").get_text(" ", strip=True) == "1.234,5 indeks"
    assert k.select_one("[data-kolom=target]").get_text(" ", strip=True) == "71,5 indeks"
    assert k.select_one("[data-kolom=capaian]").get_text(strip=True) == "1.726,57\xa0%"
    assert k.select_one("[data-predikat]").get_text(strip=True) == "Sangat Tinggi"
    assert k.find("a")["href"] == f"/ikd-kesejahteraan-masyarakat/#ikd-{provinsi.ikd['H1'].pk}"
    # navigation: home, three aspects, directory, reports
    nav = [a.get_text(strip=True) for a in soup.select("header nav a")]
    assert nav[0] == "Beranda" and "Perangkat Daerah" in nav and "Laporan Kinerja" in nav
    assert len(nav) == 6


def test_beranda_portal_pilihan_ikd_bappeda(provinsi, public_client):
    from kinerja.pages.models import PortalHomePage, PortalIkdUtama

    home = PortalHomePage.objects.get()
    PortalIkdUtama.objects.create(page=home, indikator=provinsi.ikd["H2"], sort_order=0)
    PortalIkdUtama.objects.create(page=home, indikator=provinsi.ikd["H1"], sort_order=1)
    PortalIkdUtama.objects.create(page=home, indikator=provinsi.ikd["H9"], sort_order=2)
    soup = sup(public_client.get("/"))
    # Bappeda's order; a non-IKD is ignored even if chosen
    assert [k["data-ikd"] for k in soup.select("[data-ikd]")] == ["IKD-H2", "IKD-H1"]
    h2 = soup.select_one("[data-ikd=IKD-H2]")
    assert h2.select_one("[data-kolom=realisasi]").get_text(" ", strip=True) == "—"
    assert h2.select_one("[data-kolom=capaian]").get_text(strip=True) == "—"


def test_beranda_portal_tanpa_rpjmd(db, public_client):
    soup = sup(public_client.get("/"))
    assert "Belum ada realisasi IKD" in soup.get_text()


def test_halaman_aspek_grafik_sama_dengan_tabel(provinsi, public_client):
    soup = sup(public_client.get("/ikd-kesejahteraan-masyarakat/"))
    periksa_aksesibilitas(soup)
    h1 = provinsi.ikd["H1"]
    assert [s["data-ikd"] for s in soup.select("section[data-ikd]")] == ["IKD-H1"]
    data = cocok_grafik_tabel(soup, f"grafik-ikd-{h1.pk}")
    assert data["label"] == [str(t) for t in range(2031, 2037)]
    seri = {s["kunci"]: s["data"] for s in data["seri"]}
    assert seri["target"] == [70.5, 71.5, 72.5, 73.5, 74.5, 75.5]
    assert seri["realisasi"] == [70.25, 1234.5, None, None, None, None]
    baris = soup.find("tr", attrs={"data-baris": "2031"})
    assert baris.select_one("[data-kolom=capaian]").get_text(strip=True) == "99,65"
    assert baris.select_one("[data-predikat]").get_text(strip=True) == "Sangat Tinggi"
    canvas = soup.find("canvas", id=f"grafik-ikd-{h1.pk}")
    assert "IKD-H1" in canvas["aria-label"] and "tabel" in canvas["aria-label"]
    assert canvas.find_parent(attrs={"hidden": True}) is not None  # shown by the script only
    assert soup.find("script", src=re.compile(r"vendor/chart\.js/chart\.umd\.js$"))
    assert soup.find("script", src=re.compile(r"pages/grafik\.js$"))
    assert "Indikator Bukan IKD" not in soup.get_text()


def test_halaman_aspek_negatif_dan_kualitatif(provinsi, public_client):
    soup = sup(public_client.get("/ikd-pelayanan-umum/"))
    h2 = provinsi.ikd["H2"]
    cocok_grafik_tabel(soup, f"grafik-ikd-{h2.pk}")
    baris = soup.find("tr", attrs={"data-baris": "2031"})
    # negatif: (2 − 7,1 / 6,8) × 100
    assert baris.select_one("[data-kolom=capaian]").get_text(strip=True) == "95,59"

    soup = sup(public_client.get("/ikd-daya-saing-daerah/"))
    h3 = provinsi.ikd["H3"]
    assert soup.find("canvas") is None  # labels only: table without chart
    assert soup.find("script", id=f"grafik-ikd-{h3.pk}-data") is None
    baris = soup.find("tr", attrs={"data-baris": "2031"})
    assert baris.select_one("[data-kolom=target]").get_text(strip=True) == "WTP"
    assert baris.select_one("[data-kolom=realisasi]").get_text(strip=True) == "WDP"
    assert baris.select_one("[data-kolom=capaian]").get_text(strip=True) == "75,00"
    assert "hanya ditampilkan dalam tabel" in soup.get_text()


def test_halaman_portal_tidak_ada_di_domain_opd(provinsi, anonim, opd_a):
    assert anonim(opd_a.domain).get("/ikd-kesejahteraan-masyarakat/").status_code == 404
    assert anonim(opd_a.domain).get("/perangkat-daerah/").status_code == 404


def test_direktori_opd_tautan_ke_situs(provinsi, public_client, opd_a, opd_b):
    soup = sup(public_client.get("/perangkat-daerah/"))
    periksa_aksesibilitas(soup)
    kartu = soup.select_one(f"[data-opd={opd_a.schema}]")
    assert kartu.find("a")["href"] == f"http://{opd_a.domain}/"
    assert "Belum ada data terverifikasi." in kartu.get_text()


# --- reports ----------------------------------------------------------------------------------


def _pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _dokumen(judul: str, nama: str = "lkjip.pdf", collection=None):
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    dok = get_document_model()(
        title=judul, collection=collection or Collection.get_first_root_node()
    )
    dok.file.save(nama, ContentFile(_pdf()), save=False)
    dok.save()
    return dok


def test_laporan_lkjip_terbit_dan_dokumen_publik(provinsi, public_client):
    from kinerja.pages.models import LaporanIndexPage, LaporanPage

    index = LaporanIndexPage.objects.get()
    dok = _dokumen("LKjIP Uji 2031")
    lap = LaporanPage(
        title="LKjIP Provinsi 2031",
        slug="lkjip-2031",
        tahun=2031,
        dokumen=dok,
        ringkasan="<p>Ringkasan capaian uji.</p>",
    )
    index.add_child(instance=lap)
    lap.save_revision().publish()

    soup = sup(public_client.get("/laporan/"))
    periksa_aksesibilitas(soup)
    assert soup.find("a", href="/laporan/lkjip-2031/") is not None
    assert soup.find("a", href=dok.url) is not None
    soup = sup(public_client.get("/laporan/lkjip-2031/"))
    periksa_aksesibilitas(soup)
    assert "Ringkasan capaian uji." in soup.get_text()
    unduh = soup.find("a", href=dok.url)
    assert unduh is not None and "PDF" in unduh.get_text()
    response = public_client.get(dok.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_laporan_menolak_dokumen_bukan_pdf_atau_berbatas(provinsi, public_client):
    from wagtail.models import Collection, CollectionViewRestriction

    from kinerja.pages.models import LaporanIndexPage, LaporanPage

    index = LaporanIndexPage.objects.get()
    with pytest.raises(ValidationError, match="PDF"):
        LaporanPage(title="X", slug="x", tahun=2031, dokumen=_dokumen("X", "x.docx")).full_clean()
    with pytest.raises(ValidationError, match="Pilih dokumen"):
        LaporanPage(title="Y", slug="y", tahun=2031).full_clean()
    root = Collection.get_first_root_node()
    rahasia = root.add_child(instance=Collection(name="Rahasia Uji"))
    CollectionViewRestriction.objects.create(collection=rahasia, restriction_type="login")
    dok = _dokumen("Rahasia", collection=rahasia)
    with pytest.raises(ValidationError, match="dibatasi aksesnya"):
        LaporanPage(title="Z", slug="z", tahun=2031, dokumen=dok).full_clean()

    # A restriction added after publishing hides the link instead of offering a login wall.
    dok_ok = _dokumen("Terbuka")
    lap = LaporanPage(title="LKjIP 2032", slug="lkjip-2032", tahun=2032, dokumen=dok_ok)
    index.add_child(instance=lap)
    lap.save_revision().publish()
    dok_ok.collection = rahasia
    dok_ok.save()
    soup = sup(public_client.get("/laporan/lkjip-2032/"))
    assert soup.find("a", href=dok_ok.url) is None
    assert "belum tersedia untuk umum" in soup.get_text()


# --- OPD site ---------------------------------------------------------------------------------


def test_beranda_opd_profil_visi_misi_dan_rapor(rencana_a, opd_a, anonim, lapor):
    with schema_context(opd_a.schema):
        lapor(rencana_a.iku["H1"], 1, D(20))
        lapor(rencana_a.iku["H2"], 1, D(8))
    soup = sup(anonim(opd_a.domain).get("/"))
    periksa_aksesibilitas(soup)
    assert soup.find("p", class_="visi").get_text(strip=True) == "Visi Dinas Uji A yang unggul"
    assert [li.get_text(strip=True) for li in soup.select("ol.misi li")] == [
        "Meningkatkan mutu layanan uji.",
        "Memperkuat tata kelola uji.",
    ]
    rapor = {dd["data-rapor"]: dd.get_text(" ", strip=True) for dd in soup.select("[data-rapor]")}
    assert rapor["jumlah-iku"] == "3"
    assert rapor["terverifikasi"] == "2 (66,67\xa0%)"
    # H1: 20 of 25 (s.d. TW1) = 80; H2 negatif: (2 − 8/10) × 100 = 120; mean 100
    assert rapor["rata-rata"] == "100,00\xa0%"
    assert rapor["predikat"] == "Sangat Tinggi"
    sebaran = {tr["data-sebaran"]: tr.find("td").get_text() for tr in soup.select("[data-sebaran]")}
    assert sebaran == {
        "sangat_tinggi": "1",
        "tinggi": "1",
        "sedang": "0",
        "rendah": "0",
        "sangat_rendah": "0",
    }
    assert f"Triwulan I {TAHUN}" in soup.get_text()
    assert soup.find("a", href="/iku/") is not None
    nav = [a.get_text(strip=True) for a in soup.select("header nav a")]
    assert nav == ["Beranda", "Indikator Kinerja Utama"]


def test_beranda_opd_tanpa_data(db, opd_a, anonim):
    soup = sup(anonim(opd_a.domain).get("/"))
    periksa_aksesibilitas(soup)
    assert "Belum ada data terverifikasi." in soup.get_text()


def test_daftar_iku_per_sasaran(rencana_a, opd_a, anonim, lapor):
    with schema_context(opd_a.schema):
        lapor(rencana_a.iku["H1"], 1, D(20))
        lapor(rencana_a.iku["H1"], 2, D("22.5"))
    soup = sup(anonim(opd_a.domain).get("/iku/"))
    periksa_aksesibilitas(soup)
    judul = [h.get_text(" ", strip=True) for h in soup.select("section.sasaran h2")]
    assert judul == ["SS-H1 Meningkatnya layanan uji", "SS-H2 Meningkatnya tata kelola uji"]
    h1 = soup.select_one("[data-iku=IKU-H1]")
    # kumulatif s.d. TW2: 42,5 of 50 = 85
    assert h1.select_one("[data-kolom=capaian]").get_text(strip=True) == "85,00"
    assert f"s.d. Triwulan II {TAHUN}" in h1.get_text()
    assert h1.find("a")["href"] == "/iku/iku-h1/"
    assert "Belum ada data terverifikasi" in soup.select_one("[data-iku=IKU-H3]").get_text()


def _gambar(judul: str = "Foto layanan"):
    from PIL import Image as PilImage
    from wagtail.images import get_image_model

    buf = io.BytesIO()
    PilImage.new("RGB", (40, 30), (11, 79, 138)).save(buf, "PNG")
    return get_image_model().objects.create(
        title=judul, file=ImageFile(io.BytesIO(buf.getvalue()), name="foto-uji.png")
    )


def test_halaman_iku_grafik_tabel_rumus_dan_narasi(rencana_a, opd_a, anonim, lapor):
    from kinerja.pages.models import IkuPage

    with schema_context(opd_a.schema):
        iku = rencana_a.iku["H1"]
        lapor(iku, 1, D(20), tahun=2031)
        lapor(iku, 2, D(30), tahun=2031)
        lapor(iku, 3, D(15), tahun=2031)
        lapor(iku, 4, D("14.5"), tahun=2031)
        lapor(iku, 1, D(20))
        lapor(iku, 2, D("22.5"))
        page = IkuPage.objects.get(iku_id=iku.pk)
        gambar = _gambar()
        page.narasi = json.dumps(
            [
                {"type": "judul", "value": {"teks": "Upaya kami", "tingkat": "h3"}},
                {"type": "paragraf", "value": "<p>Paragraf <b>narasi</b> uji.</p>"},
                {
                    "type": "gambar",
                    "value": {
                        "gambar": {
                            "image": gambar.pk,
                            "decorative": False,
                            "alt_text": "Petugas melayani warga",
                        },
                        "keterangan": "Layanan keliling",
                    },
                },
                {
                    "type": "kutipan",
                    "value": {"teks": "Melayani sepenuh hati.", "sumber": "Kepala"},
                },
            ]
        )
        page.save_revision().publish()

    soup = sup(anonim(opd_a.domain).get("/iku/iku-h1/"))
    periksa_aksesibilitas(soup)
    terkini = {
        x["data-terkini"]: x.get_text(" ", strip=True) for x in soup.select("[data-terkini]")
    }
    assert terkini["periode"] == f"s.d. Triwulan II {TAHUN}"
    assert terkini["target"] == "50 layanan"
    assert terkini["realisasi"] == "42,5 layanan"
    assert terkini["capaian"] == "85,00\xa0%"
    assert terkini["predikat"] == "Tinggi"
    assert terkini["formula"] == "R / T × 100"

    tahunan = cocok_grafik_tabel(soup, "grafik-iku-tahunan")
    assert tahunan["label"] == ["2031", "2032", "2033", "2034", "2035"]
    seri = {s["kunci"]: s["data"] for s in tahunan["seri"]}
    assert seri["realisasi"] == [79.5, 42.5, None, None, None]
    assert seri["target"] == [80.0, 100.0, None, None, None]  # the yearly targets
    baris_2031 = soup.find("table", attrs={"data-tabel": "grafik-iku-tahunan"}).find(
        "tr", attrs={"data-baris": "2031"}
    )
    assert baris_2031.select_one("[data-kolom=capaian]").get_text(strip=True) == "99,38"

    triwulan = cocok_grafik_tabel(soup, "grafik-iku-triwulan")
    assert triwulan["jenis"] == "bar"
    seri = {s["kunci"]: s["data"] for s in triwulan["seri"]}
    assert seri == {"target": [25.0, 25.0, 25.0, 25.0], "realisasi": [20.0, 22.5, None, None]}

    # the year switch: 2031's quarters
    soup_2031 = sup(anonim(opd_a.domain).get("/iku/iku-h1/?tahun=2031"))
    seri = {
        s["kunci"]: s["data"] for s in cocok_grafik_tabel(soup_2031, "grafik-iku-triwulan")["seri"]
    }
    assert seri["realisasi"] == [20.0, 30.0, 15.0, 14.5]
    for salah in ("abc", "1999", "2032.5", "-1", "9" * 30):
        assert anonim(opd_a.domain).get(f"/iku/iku-h1/?tahun={salah}").status_code == 200

    narasi = soup.find("section", class_="narasi")
    assert narasi.find("h3").get_text() == "Upaya kami"
    assert narasi.find("b").get_text() == "narasi"
    img = narasi.find("img")
    assert img["alt"] == "Petugas melayani warga"
    assert narasi.find("figcaption").get_text(strip=True) == "Layanan keliling"
    assert "Melayani sepenuh hati." in narasi.find("blockquote").get_text()


def test_halaman_iku_kualitatif_tanpa_grafik(rencana_a, opd_a, anonim, lapor):
    with schema_context(opd_a.schema):
        lapor(rencana_a.iku["H3"], 4, label="WDP")
    soup = sup(anonim(opd_a.domain).get("/iku/iku-h3/"))
    periksa_aksesibilitas(soup)
    assert soup.find("canvas") is None
    baris = soup.find("table", attrs={"data-tabel": "grafik-iku-tahunan"}).find(
        "tr", attrs={"data-baris": str(TAHUN)}
    )
    assert baris.select_one("[data-kolom=realisasi]").get_text(strip=True) == "WDP"
    assert baris.select_one("[data-kolom=capaian]").get_text(strip=True) == "75,00"
    assert soup.select_one("[data-terkini=formula]").get_text() == "skor(R) / skor(T) × 100"


def test_editor_dapat_membuka_halaman_iku_di_admin(rencana_a, opd_a, host_client):
    from django.contrib.auth import get_user_model

    from kinerja.pages.models import IkuPage
    from tests.conftest import PASSWORD

    with schema_context(opd_a.schema):
        page = IkuPage.objects.get(iku_id=rencana_a.iku["H1"].pk)
        assert get_user_model().objects.filter(username="admin").exists()
    client = host_client(opd_a.domain)
    assert (
        client.post("/admin/login/", {"username": "admin", "password": PASSWORD}).status_code == 302
    )
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Narasi" in html and "Cakupan layanan uji" in html


def test_tampilan_beranda_tidak_bocor_ke_domain_publik(provinsi, public_client):
    # The OPD selectors answer empty on the public schema rather than touching OPD tables.
    from kinerja.pages.selectors import daftar_iku, iku_detail, rapor_opd

    assert rapor_opd().jumlah_iku == 0 and daftar_iku() == [] and iku_detail(1) is None
    assert public_client.get("/iku/").status_code == 404
    assert PUBLIC_HOST


def test_editor_menerbitkan_narasi_lewat_admin(rencana_a, opd_a, host_client):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    from kinerja.pages.models import IkuPage
    from tests.conftest import PASSWORD

    with schema_context(opd_a.schema):
        page = IkuPage.objects.get(iku_id=rencana_a.iku["H1"].pk)
    client = host_client(opd_a.domain)
    assert (
        client.post("/admin/login/", {"username": "admin", "password": PASSWORD}).status_code == 302
    )
    data = nested_form_data(
        {
            "title": "Judul yang dicoba diubah editor",  # read-only: ignored
            "slug": page.slug,
            "narasi": streamfield(
                [
                    ("judul", {"teks": "Latar belakang", "tingkat": "h3"}),
                    ("paragraf", rich_text("<p>Ditulis editor lewat admin.</p>")),
                ]
            ),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    with schema_context(opd_a.schema):
        page = IkuPage.objects.get(pk=page.pk)
        assert page.title == "Cakupan layanan uji"
        assert not page.has_unpublished_changes
    soup = sup(host_client(opd_a.domain).get("/iku/iku-h1/"))
    narasi = soup.find("section", class_="narasi")
    assert narasi.find("h3").get_text() == "Latar belakang"
    assert "Ditulis editor lewat admin." in narasi.get_text()


def test_tanpa_chartjs_hanya_tabel(provinsi, public_client, monkeypatch):
    from kinerja.pages.templatetags import halaman

    monkeypatch.setattr(halaman.finders, "find", lambda path: None)
    monkeypatch.setattr(halaman.staticfiles_storage, "exists", lambda path: False)
    soup = sup(public_client.get("/ikd-kesejahteraan-masyarakat/"))
    assert soup.find("script", src=True) is None  # neither Chart.js nor the drawing script
    kanvas = soup.find("canvas")
    assert kanvas.find_parent(attrs={"hidden": True}) is not None
    assert soup.find("table", attrs={"data-tabel": kanvas["id"]}) is not None


def test_jumlah_kueri_tidak_bergantung_jumlah_iku(rencana_a, opd_a, anonim, buat_iku, lapor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def hitung(path: str) -> int:
        client = anonim(opd_a.domain)
        client.get(path)  # warm caches (site root paths)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    with schema_context(opd_a.schema):
        for iku in rencana_a.iku.values():
            lapor(iku, 1, D(20) if iku.polaritas != "kualitatif" else None, label="WDP")
    sedikit = {path: hitung(path) for path in ("/", "/iku/")}
    with schema_context(opd_a.schema):
        for n in range(4):
            iku = buat_iku(rencana_a.sasaran["SS-H2"], f"IKU-Q{n}", [(TAHUN, 1, D(5))])
            lapor(iku, 1, D(4))
    banyak = {path: hitung(path) for path in ("/", "/iku/")}
    assert banyak == sedikit
