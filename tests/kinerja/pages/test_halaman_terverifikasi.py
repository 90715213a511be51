"""Only verified data is public: values in draf, diajukan or disetujui never reach a page's
HTML or its chart JSON, for anonymous visitors or anyone else; a yearly figure stops at the
first unverified quarter; the portal's OPD directory uses verified snapshots only; pages on an
OPD's domain never show another OPD's data."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from tests.kinerja.pages.conftest import TAHUN, cocok_grafik_tabel, sup

pytestmark = pytest.mark.django_db
D = Decimal

# Distinctive values that must never be public.
RAHASIA = {"draft": D("777.77"), "diajukan": D("888.88"), "disetujui": D("999.99")}


def _tidak_ada_nilai_rahasia(html: str) -> None:
    for nilai in RAHASIA.values():
        teks = str(nilai)
        assert teks not in html and teks.replace(".", ",") not in html, teks
        assert str(float(nilai)) not in html


@pytest.fixture
def campuran(rencana_a, opd_a, lapor):
    """IKU-H1 in 2032: TW1 verified (20), TW2 draf, TW3 diajukan, TW4 disetujui (secret
    values); IKU-H3 (kualitatif): TW4 disetujui "WTP"."""
    with schema_context(opd_a.schema):
        iku = rencana_a.iku["H1"]
        lapor(iku, 1, D(20))
        for tw, status in ((2, "draft"), (3, "diajukan"), (4, "disetujui")):
            lapor(iku, tw, RAHASIA[status], status)
        lapor(rencana_a.iku["H3"], 4, label="WTP", status="disetujui")
    return rencana_a


@pytest.mark.parametrize("path", ["/", "/iku/", "/iku/iku-h1/", "/iku/iku-h1/?tahun=2032"])
def test_nilai_belum_terverifikasi_tidak_tampil(campuran, opd_a, anonim, path):
    html = sup(anonim(opd_a.domain).get(path)).decode()
    _tidak_ada_nilai_rahasia(html)


def test_halaman_iku_hanya_triwulan_terverifikasi(campuran, opd_a, anonim):
    soup = sup(anonim(opd_a.domain).get("/iku/iku-h1/"))
    triwulan = cocok_grafik_tabel(soup, "grafik-iku-triwulan")
    realisasi = next(s["data"] for s in triwulan["seri"] if s["kunci"] == "realisasi")
    assert realisasi == [20.0, None, None, None]
    tabel = soup.find("table", attrs={"data-tabel": "grafik-iku-triwulan"})
    for label in ("TW II", "TW III", "TW IV"):
        baris = tabel.find("tr", attrs={"data-baris": label})
        assert baris.select_one("[data-kolom=realisasi]").get_text(strip=True) == "—"
        assert "Belum ada data terverifikasi" in baris.get_text()
    tahunan = cocok_grafik_tabel(soup, "grafik-iku-tahunan")
    assert next(s["data"] for s in tahunan["seri"] if s["kunci"] == "realisasi")[1] == 20.0
    assert soup.select_one("[data-terkini=periode]").get_text() == f"s.d. Triwulan I {TAHUN}"
    assert soup.select_one("[data-terkini=capaian]").get_text(strip=True) == "80,00\xa0%"


def test_kualitatif_belum_terverifikasi_tidak_tampil(campuran, opd_a, anonim):
    soup = sup(anonim(opd_a.domain).get("/iku/iku-h3/"))
    tabel = soup.find("table", attrs={"data-tabel": "grafik-iku-tahunan"})
    realisasi = [td.get_text(strip=True) for td in tabel.select("[data-kolom=realisasi]")]
    assert set(realisasi) == {"—"}
    assert "Belum ada data terverifikasi." in soup.select_one("section.capaian-terkini").get_text()


def test_triwulan_terverifikasi_setelah_yang_belum_tidak_dijumlahkan(
    rencana_a, opd_a, anonim, lapor
):
    """TW1 back in draf (e.g. reopened) and TW2 verified: a kumulatif year would add TW1's
    unverified value, so nothing of the year is public until TW1 is verified again."""
    with schema_context(opd_a.schema):
        iku = rencana_a.iku["H1"]
        lapor(iku, 1, RAHASIA["draft"], "draft")
        lapor(iku, 2, D(30))
    soup = sup(anonim(opd_a.domain).get(f"/iku/iku-h1/?tahun={TAHUN}"))
    html = str(soup)
    _tidak_ada_nilai_rahasia(html)
    assert "807,77" not in html and "807.77" not in html  # 777,77 + 30
    for grafik in ("grafik-iku-tahunan", "grafik-iku-triwulan"):
        data = cocok_grafik_tabel(soup, grafik)
        assert all(
            v is None for v in next(s for s in data["seri"] if s["kunci"] == "realisasi")["data"]
        )
    assert "Belum ada data terverifikasi." in soup.select_one("section.capaian-terkini").get_text()
    index = sup(anonim(opd_a.domain).get("/iku/"))
    assert "Belum ada data terverifikasi" in index.select_one("[data-iku=IKU-H1]").get_text()
    rapor = sup(anonim(opd_a.domain).get("/"))
    # The latest verified quarter (TW2) counts as verified, but without a public capaian.
    assert rapor.select_one("[data-rapor=terverifikasi]").get_text(" ", strip=True).startswith("1 ")
    assert rapor.select_one("[data-rapor=rata-rata]").get_text(strip=True) == "—"


def test_pengguna_masuk_pun_hanya_melihat_data_terverifikasi(campuran, opd_a, host_client):
    from tests.conftest import PASSWORD

    client = host_client(opd_a.domain)
    assert (
        client.post("/admin/login/", {"username": "admin", "password": PASSWORD}).status_code == 302
    )
    for path in ("/", "/iku/", "/iku/iku-h1/"):
        _tidak_ada_nilai_rahasia(client.get(path).content.decode())


# --- the portal's OPD directory -----------------------------------------------------------------


def _snapshot(opd, iku_id: int, triwulan: int, status: str, capaian: str | None, **kw):
    from kinerja.rollup.models import SnapshotIku

    data = {
        "opd": opd,
        "iku_id": iku_id,
        "kode": f"IKU-{iku_id}",
        "nama": f"IKU {iku_id}",
        "satuan": "%",
        "polaritas": "positif",
        "tipe_perhitungan": "kumulatif",
        "tahun": TAHUN,
        "triwulan": triwulan,
        "status": status,
        "capaian": None if capaian is None else D(capaian),
    }
    data.update(kw)
    return SnapshotIku.objects.create(**data)


def test_direktori_rata_rata_dari_snapshot_terverifikasi_saja(
    provinsi, public_client, opd_a, opd_b
):
    from tenants.models import Opd

    a = Opd.objects.get(schema_name=opd_a.schema)
    # IKU 1: TW1 verified 80; TW2 draf with a capaian that must not count
    _snapshot(a, 1, 1, "diverifikasi", "80")
    _snapshot(a, 1, 2, "draft", "55.55")
    # IKU 2: TW1 and TW2 verified
    _snapshot(a, 2, 1, "diverifikasi", "120")
    _snapshot(a, 2, 2, "diverifikasi", "110")
    # IKU 3: TW1 only approved, so its verified TW2 carries an unverified quarter: excluded
    _snapshot(a, 3, 1, "disetujui", "10")
    _snapshot(a, 3, 2, "diverifikasi", "95.95")
    # IKU 4: not filled at all (no value): does not break anything
    _snapshot(a, 4, 1, "belum_diisi", None)
    _snapshot(a, 4, 2, "diverifikasi", "100", aktif=False)  # inactive IKU: ignored

    soup = sup(public_client.get("/perangkat-daerah/"))
    kartu = soup.select_one(f"[data-opd={opd_a.schema}]")
    assert kartu.select_one("[data-kolom=periode]").get_text() == f"Triwulan II {TAHUN}"
    assert kartu.select_one("[data-kolom=jumlah]").get_text() == "1"
    assert kartu.select_one("[data-kolom=rata-rata]").get_text(strip=True) == "110,00\xa0%"
    assert kartu.select_one("[data-predikat]").get_text(strip=True) == "Sangat Tinggi"
    html = str(soup)
    for rahasia in ("55,55", "95,95", "10,00"):
        assert not re.search(rf"(?<![\d.]){rahasia}", html), rahasia
    kosong = soup.select_one(f"[data-opd={opd_b.schema}]")
    assert kosong.select_one("[data-kolom=kosong]").get_text() == "Belum ada data terverifikasi."


def test_direktori_tanpa_snapshot_terverifikasi(provinsi, public_client, opd_a):
    from tenants.models import Opd

    a = Opd.objects.get(schema_name=opd_a.schema)
    _snapshot(a, 1, 1, "disetujui", "91")
    _snapshot(a, 2, 1, "diajukan", "92")
    soup = sup(public_client.get("/perangkat-daerah/"))
    kartu = soup.select_one(f"[data-opd={opd_a.schema}]")
    assert "Belum ada data terverifikasi." in kartu.get_text()
    assert not re.search(r"9[12],00", str(soup))


# --- one OPD's site never shows another's data ---------------------------------------------------


def test_situs_opd_tidak_menampilkan_data_opd_lain(
    rencana_a, rencana_b, opd_a, opd_b, anonim, lapor
):
    from kinerja.pages.models import IkuPage

    with schema_context(opd_b.schema):
        lapor(rencana_b.iku["H1"], 1, D("4321.5"))
        lapor(rencana_b.iku["H2"], 1, D("6543.25"))
        halaman_b = IkuPage.objects.get(iku_id=rencana_b.iku["H1"].pk)
    with schema_context(opd_a.schema):
        lapor(rencana_a.iku["H1"], 1, D(20))
    client_a = anonim(opd_a.domain)
    for path in ("/", "/iku/", "/iku/iku-h1/", "/iku/iku-h2/"):
        html = client_a.get(path).content.decode()
        assert "4.321,5" not in html and "4321.5" not in html
        assert "6.543,25" not in html and "6543.25" not in html
        assert "Visi Dinas Uji B" not in html and opd_b.nama not in html
    # the same path on B's domain shows B's own numbers
    html_b = anonim(opd_b.domain).get("/iku/iku-h1/").content.decode()
    assert "4.321,5" in html_b and "Visi Dinas Uji A" not in html_b
    # a page id of B means nothing on A's domain
    assert client_a.get(f"/admin/pages/{halaman_b.pk}/edit/").status_code in (302, 404)
