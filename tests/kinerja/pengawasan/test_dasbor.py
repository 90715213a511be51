"""Bappeda's dashboard ``/admin/pengawasan/dasbor/`` (public domain): heatmap states and late
markers, KPI, ranking, IKD by aspect, chart data = table data, constant queries as OPDs grow,
bad parameters, permissions and tenancy, the home-page panel, the vendored Chart.js (installed
from npm, served from static/, no CDN), and the end-to-end path verify → rollup → dashboard.

Rollup rows are created directly in ``public`` (tests/kinerja/pengawasan/dasbor_data.py) except
in the end-to-end test, which runs the real rollup on OPD A.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from kinerja.daerah.models import IndikatorDaerah, JadwalPelaporan, RealisasiDaerah, TargetDaerah
from kinerja.daerah.selectors import skema_predikat_aktif
from kinerja.daerah.services import daerah_permissions_ensure
from kinerja.engine import tentukan_predikat
from kinerja.pengawasan.dasbor_selectors import CHARTJS_PATH, keadaan_laporan
from tenants import roles
from tests.conftest import PASSWORD, PUBLIC_HOST
from tests.kinerja.pengawasan.dasbor_data import (
    TAHUN,
    buat_rencana,
    buat_rpjmd,
    masuk,
    opd_palsu,
    opd_registri,
    pengguna_publik_tanpa_izin,
    ringkasan,
    snapshots,
)

pytestmark = pytest.mark.django_db
D = Decimal
URL = "/admin/pengawasan/dasbor/"
ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def izin(db) -> None:
    daerah_permissions_ensure()


@pytest.fixture
def verifikator(izin) -> Client:
    return masuk(Client(HTTP_HOST=PUBLIC_HOST), "verifikator")


def buka(client: Client, tahun: Any = TAHUN, triwulan: Any = 2, **extra: Any) -> Any:
    response = client.get(URL, {"tahun": tahun, "triwulan": triwulan, **extra})
    assert response.status_code == 200, response.status_code
    return response


def grafik(response: Any) -> dict[str, Any]:
    """The chart data exactly as the page ships it (json_script)."""
    html = response.content.decode()
    m = re.search(r'<script id="dasbor-grafik" type="application/json">(.*?)</script>', html, re.S)
    assert m, "json_script dasbor-grafik tidak ada"
    return json.loads(m.group(1))


def sel(response: Any, schema: str, tw: int) -> Any:
    d = response.context["d"]
    baris = next(b for b in d.heatmap if b.opd.schema_name == schema)
    return baris.sel[tw - 1]


# --- the heatmap --------------------------------------------------------------------------------


def test_keadaan_laporan_aturan():
    assert keadaan_laporan({}) == "tanpa_data"
    assert keadaan_laporan({"belum_diisi": 3}) == "belum_lapor"
    assert keadaan_laporan({"belum_diisi": 3}, belum_dibuka=True) == "belum_dibuka"
    assert keadaan_laporan({"belum_diisi": 2, "draft": 1}, belum_dibuka=True) == "draft"
    assert keadaan_laporan({"belum_diisi": 1, "diverifikasi": 2}) == "draft"
    assert keadaan_laporan({"draft": 1, "diverifikasi": 2}) == "draft"
    assert keadaan_laporan({"diajukan": 1, "disetujui": 2}) == "diajukan"
    assert keadaan_laporan({"disetujui": 1, "diverifikasi": 2}) == "disetujui"
    assert keadaan_laporan({"diverifikasi": 3}) == "diverifikasi"


def test_heatmap_keadaan_tanda_terlambat_dan_tautan(verifikator):
    a = opd_registri("opd_a")
    snapshots(a, 1, ["diverifikasi"] * 3)
    ringkasan(a, 1, jumlah_diverifikasi=3, terverifikasi_persen=D(100), kelengkapan_persen=D(100))
    snapshots(a, 2, ["disetujui", "disetujui", "diajukan"])
    ringkasan(a, 2, jumlah_terlambat=1, jumlah_dikembalikan=2, kelengkapan_persen=D(100))
    snapshots(a, 3, ["draft", "belum_diisi", "belum_diisi"])
    ringkasan(a, 3, jumlah_terisi=1, kelengkapan_persen=D("33.33"))
    snapshots(a, 4, ["belum_diisi"] * 3)
    ringkasan(a, 4, jumlah_terisi=0, jumlah_terlambat=3)

    response = buka(verifikator, triwulan=2)

    keadaan = [sel(response, "opd_a", tw).keadaan for tw in (1, 2, 3, 4)]
    assert keadaan == ["diverifikasi", "diajukan", "draft", "belum_lapor"]
    # OPD B has no rollup rows: "tidak ada data", no link.
    assert [sel(response, "opd_b", tw).keadaan for tw in (1, 2, 3, 4)] == ["tanpa_data"] * 4
    html = response.content.decode()
    # Text in the cell and a full description: never colour only.
    cell = re.search(r'<td class="hm hm--diajukan terpilih" data-tw="2".*?</td>', html, re.S)
    assert cell, "sel TW2 OPD A tidak ditemukan"
    teks = cell.group(0)
    assert "Diajukan" in teks and "Terlambat 1" in teks and "Dikembalikan 2" in teks
    assert 'title="OPD_A Triwulan II 2033: Diajukan' in teks
    assert "disetujui 2, diajukan 1" in teks and "1 IKU terlambat" in teks
    assert "/admin/verifikasi/?tahun=2033&amp;triwulan=2&amp;status=semua&amp;opd=opd_a" in teks
    assert 'data-terlambat="3"' in html  # TW4: never submitted after the deadline
    # Legend with every state.
    for label in ("Belum lapor", "Draf", "Diajukan", "Disetujui", "Diverifikasi", "Terlambat"):
        assert label in html
    # The linked queue accepts these parameters.
    antrian = verifikator.get(sel(response, "opd_a", 2).url)
    assert antrian.status_code == 200
    assert antrian.context["form"].cleaned_data["opd"] == "opd_a"


def test_kpi_dan_keterlambatan(verifikator):
    a, b = opd_registri("opd_a"), opd_registri("opd_b")
    snapshots(a, 2, ["diverifikasi", "diverifikasi", "draft", "belum_diisi"])
    ringkasan(
        a,
        2,
        jumlah_iku=4,
        jumlah_terisi=3,
        jumlah_diverifikasi=2,
        jumlah_terlambat=1,
        jumlah_dikembalikan=1,
        jumlah_capaian=2,
        rata_rata_capaian=D(80),
    )
    snapshots(b, 2, ["diverifikasi"] * 6)
    ringkasan(
        b,
        2,
        jumlah_iku=6,
        jumlah_terisi=6,
        jumlah_diverifikasi=6,
        jumlah_capaian=6,
        rata_rata_capaian=D(100),
    )
    ringkasan(b, 1, jumlah_terlambat=2)

    response = buka(verifikator, triwulan=2)
    kpi = response.context["d"].kpi
    assert kpi.jumlah_opd == 2 and kpi.opd_dengan_data == 2
    assert (kpi.jumlah_iku, kpi.iku_terisi, kpi.iku_diverifikasi) == (10, 9, 8)
    assert kpi.persen_lengkap_tampil == "90,0" and kpi.persen_terverifikasi_tampil == "80,0"
    assert (kpi.opd_lengkap, kpi.opd_terverifikasi) == (1, 1)
    assert (kpi.opd_terlambat, kpi.iku_terlambat) == (1, 1)
    assert (kpi.opd_dikembalikan, kpi.iku_dikembalikan) == (1, 1)
    # Mean over all IKU with a capaian: (2 × 80 + 6 × 100) / 8 = 95.
    assert kpi.rata_rata_capaian_tampil == "95,00"
    html = response.content.decode()
    assert "90,0%" in html and "80,0%" in html and "95,00%" in html

    g = grafik(response)
    assert g["keterlambatan"]["labels"] == ["TW I", "TW II", "TW III", "TW IV"]
    assert g["keterlambatan"]["opd_terlambat"] == [1, 1, 0, 0]
    assert g["keterlambatan"]["iku_terlambat"] == [2, 1, 0, 0]
    assert g["keterlambatan"]["opd_dikembalikan"] == [0, 1, 0, 0]
    tabel = response.context["d"].keterlambatan
    assert [b.opd_terlambat for b in tabel] == g["keterlambatan"]["opd_terlambat"]
    assert [b.iku_dikembalikan for b in tabel] == g["keterlambatan"]["iku_dikembalikan"]
    # The problem list of TW2 names OPD A only, with a link to its queue.
    assert [b.opd.schema_name for b in response.context["d"].bermasalah] == ["opd_a"]
    # Status chart = status table = snapshot counts of TW2.
    assert dict(zip(g["status"]["labels"], g["status"]["nilai"], strict=True)) == {
        "Belum diisi": 1,
        "Draf": 1,
        "Diverifikasi": 8,
    }


def test_peringkat_menurut_rata_rata_capaian_grafik_sama_dengan_tabel(verifikator):
    a, b = opd_registri("opd_a"), opd_registri("opd_b")
    (c,) = opd_palsu(1)
    ringkasan(a, 2, jumlah_capaian=3, rata_rata_capaian=D("80.125"))
    ringkasan(b, 2, jumlah_capaian=3, rata_rata_capaian=D("95.5"))
    ringkasan(c, 2, jumlah_capaian=0, rata_rata_capaian=None)
    ringkasan(a, 1, jumlah_capaian=3, rata_rata_capaian=D(10))  # another triwulan: ignored

    response = buka(verifikator, triwulan=2)
    peringkat = response.context["d"].peringkat
    assert [(p.peringkat, p.opd.schema_name) for p in peringkat] == [
        (1, "opd_b"),
        (2, "opd_a"),
        (None, "dsb_palsu_0"),
    ]
    bands = skema_predikat_aktif()
    assert peringkat[0].predikat == tentukan_predikat(D("95.50"), bands)
    assert peringkat[1].predikat == tentukan_predikat(D("80.13"), bands)
    assert peringkat[2].predikat is None

    g = grafik(response)["peringkat"]
    assert g["labels"] == ["OPD_B", "OPD_A"]
    assert g["nilai"] == [95.5, 80.13]
    assert g["predikat"] == [peringkat[0].predikat.label, peringkat[1].predikat.label]
    html = response.content.decode()
    tabel = re.search(r'<table class="listing" id="tabel-peringkat">.*?</table>', html, re.S)
    assert tabel
    baris = re.findall(r'<td class="capaian">([^<]*)</td>', tabel.group(0))
    assert baris == ["95,50", "80,13", "—"]
    # The chart values are the table values, read back the Indonesian way.
    assert [float(x.replace(",", ".")) for x in baris[:2]] == g["nilai"]
    assert "/admin/pengawasan/opd/opd_b/" in tabel.group(0)


def test_ikd_per_aspek_dengan_capaian_dan_predikat(verifikator):
    periode, sasaran = buat_rpjmd()

    def ikd(kode: str, aspek: str, target: Any, realisasi: Any) -> IndikatorDaerah:
        ind = IndikatorDaerah.objects.create(
            periode=periode,
            sasaran=sasaran,
            kode=kode,
            nama=f"Indikator {kode}",
            satuan="%",
            polaritas="positif",
            is_ikd=True,
            aspek=aspek,
        )
        TargetDaerah.objects.create(indikator=ind, tahun=TAHUN, nilai=target)
        if realisasi is not None:
            RealisasiDaerah.objects.create(indikator=ind, tahun=TAHUN, nilai=realisasi)
        return ind

    ikd("KS-1", "kesejahteraan_masyarakat", D(80), D(76))
    ikd("KS-2", "kesejahteraan_masyarakat", D(50), None)
    ikd("PU-1", "pelayanan_umum", D(100), D(60))
    ikd("DS-1", "daya_saing_daerah", D(10), D(12))
    IndikatorDaerah.objects.create(  # not an IKD: not shown
        periode=periode, kode="X-1", nama="Bukan IKD", satuan="%", polaritas="positif"
    )

    response = buka(verifikator, triwulan=1)
    aspek = {g.kode: g for g in response.context["d"].aspek}
    assert list(aspek) == ["kesejahteraan_masyarakat", "pelayanan_umum", "daya_saing_daerah"]
    ks = aspek["kesejahteraan_masyarakat"]
    assert [r.indikator.kode for r in ks.baris] == ["KS-1", "KS-2"]
    assert ks.baris[0].capaian_tampil == "95,00" and ks.baris[1].capaian.nilai is None
    bands = skema_predikat_aktif()
    assert ks.baris[0].predikat == tentukan_predikat(D(95), bands)
    assert aspek["pelayanan_umum"].baris[0].capaian_tampil == "60,00"
    assert aspek["daya_saing_daerah"].baris[0].capaian_tampil == "120,00"

    g = grafik(response)["aspek"]
    assert [x["kode"] for x in g] == list(aspek)
    assert g[0]["labels"] == ["KS-1", "KS-2"] and g[0]["nilai"] == [95.0, None]
    assert g[1]["nilai"] == [60.0] and g[2]["nilai"] == [120.0]
    assert g[0]["predikat"][0] == ks.baris[0].predikat.label
    html = response.content.decode()
    assert "Kesejahteraan Masyarakat" in html and "Daya Saing Daerah" in html
    assert "Bukan IKD" not in html
    assert re.search(r'data-kode="KS-1">.*?<td class="capaian">95,00', html, re.S)


# --- scaling and robustness ---------------------------------------------------------------------


def _isi_periode(opds: list[Any]) -> None:
    for o in opds:
        for tw in (1, 2):
            snapshots(o, tw, ["diverifikasi", "draft", "belum_diisi"])
            ringkasan(o, tw, jumlah_capaian=2, rata_rata_capaian=D(70), jumlah_terlambat=1)


def test_jumlah_query_tetap_saat_opd_bertambah(verifikator):
    periode, _ = buat_rpjmd()
    for i, aspek in enumerate(("kesejahteraan_masyarakat", "pelayanan_umum")):
        ind = IndikatorDaerah.objects.create(
            periode=periode,
            kode=f"Q-{i}",
            nama="IKD",
            satuan="%",
            polaritas="positif",
            is_ikd=True,
            aspek=aspek,
        )
        TargetDaerah.objects.create(indikator=ind, tahun=TAHUN, nilai=D(10))
    _isi_periode([opd_registri("opd_a"), opd_registri("opd_b")])
    buka(verifikator)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as dua:
        r2 = buka(verifikator)
    assert len(r2.context["d"].heatmap) == 2

    _isi_periode(opd_palsu(3))
    with CaptureQueriesContext(connection) as lima:
        r5 = buka(verifikator)
    assert len(r5.context["d"].heatmap) == 5
    assert len(r5.context["d"].peringkat) == 5
    assert len(lima.captured_queries) == len(dua.captured_queries), (
        len(dua.captured_queries),
        len(lima.captured_queries),
    )


@pytest.mark.parametrize(
    ("params", "pesan"),
    [
        ({"tahun": "abc", "triwulan": "2"}, "Tahun abc tidak tersedia"),
        ({"tahun": "1999", "triwulan": "2"}, "Tahun 1999 tidak tersedia"),
        ({"tahun": str(TAHUN), "triwulan": "5"}, "Triwulan harus 1 sampai 4"),
        ({"tahun": str(TAHUN), "triwulan": "x"}, "Triwulan harus 1 sampai 4"),
        ({"tahun": "2033' OR 1=1", "triwulan": "-1"}, "tidak tersedia"),
    ],
)
def test_parameter_buruk_pesan_jelas_dan_periode_bawaan(verifikator, params, pesan):
    ringkasan(opd_registri("opd_a"), 2)
    response = verifikator.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="galat-filter"' in html and pesan in html
    d = response.context["d"]
    # A bad field falls back to the default; a good one is kept.
    if params["tahun"] == str(TAHUN):
        assert d.tahun == TAHUN
    assert 1 <= d.triwulan <= 4
    assert f"Ditampilkan {d.periode}" in html


def test_tanpa_parameter_triwulan_yang_sedang_dilaporkan(verifikator):
    now = timezone.now()
    JadwalPelaporan.objects.create(
        tahun=TAHUN,
        triwulan=3,
        tanggal_buka=now - timedelta(days=2),
        batas_waktu=now + timedelta(days=5),
        tanggal_kunci=now + timedelta(days=9),
    )
    JadwalPelaporan.objects.create(  # not open yet: not the default
        tahun=TAHUN,
        triwulan=4,
        tanggal_buka=now + timedelta(days=60),
        batas_waktu=now + timedelta(days=70),
        tanggal_kunci=now + timedelta(days=80),
    )
    a = opd_registri("opd_a")
    snapshots(a, 3, ["belum_diisi"] * 2)
    snapshots(a, 4, ["belum_diisi"] * 2)
    response = verifikator.get(URL)
    assert response.status_code == 200
    d = response.context["d"]
    assert (d.tahun, d.triwulan) == (TAHUN, 3)
    # Nothing filled: "belum lapor" in the open quarter, "belum dibuka" before its window.
    assert sel(response, "opd_a", 3).keadaan == "belum_lapor"
    assert sel(response, "opd_a", 4).keadaan == "belum_dibuka"
    assert "Belum dibuka" in response.content.decode()
    assert 'id="galat-filter"' not in response.content.decode()


def test_tanpa_data_rollup_tetap_tampil(verifikator):
    response = verifikator.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kelengkapan pelaporan" in html and 'id="belum-ada-rollup"' in html
    assert response.context["d"].kpi.persen_lengkap is None


# --- permissions and tenancy ---------------------------------------------------------------------


def test_domain_opd_404_dan_menu_tersembunyi(izin, host_client):
    ringkasan(opd_registri("opd_a"), 2)
    for schema, host in (("opd_a", "opd-a.localhost"), ("opd_b", "opd-b.localhost")):
        for username in ("operator", "kepala", "admin"):
            client = masuk(host_client(host), username)
            for url in (URL, f"{URL}?tahun={TAHUN}&triwulan=2", "/admin/pengawasan/opd/"):
                assert client.get(url).status_code == 404, (schema, username, url)
            beranda = client.get("/admin/").content.decode()
            assert "Dasbor Kinerja" not in beranda
            assert 'data-panel="pengawasan-dasbor"' not in beranda


def test_pengguna_publik_tanpa_izin_ditolak(verifikator):
    ringkasan(opd_registri("opd_a"), 2, rata_rata_capaian=D("77.77"), jumlah_capaian=1)
    tamu = masuk(Client(HTTP_HOST=PUBLIC_HOST), pengguna_publik_tanpa_izin())
    response = tamu.get(URL, {"tahun": TAHUN, "triwulan": 2})
    assert response.status_code in (302, 403)
    assert b"77,77" not in response.content
    beranda = tamu.get("/admin/").content.decode()
    assert "Dasbor Kinerja" not in beranda
    assert 'data-panel="pengawasan-dasbor"' not in beranda
    # Anonymous: the login page.
    response = Client(HTTP_HOST=PUBLIC_HOST).get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    # The verifikator sees the menu item and the data.
    assert "Dasbor Kinerja" in verifikator.get("/admin/").content.decode()
    assert "77,77" in buka(verifikator).content.decode()


def test_admin_bappeda_boleh_membuka(izin):
    user = get_user_model().objects.create_user("admin_dasbor", password=PASSWORD)
    user.groups.add(Group.objects.get(name=roles.ADMIN_BAPPEDA))
    client = masuk(Client(HTTP_HOST=PUBLIC_HOST), "admin_dasbor")
    assert client.get(URL).status_code == 200


def test_sesi_opd_tidak_berlaku_di_domain_bappeda(izin, host_client):
    opd_client = masuk(host_client("opd-a.localhost"), "admin")
    publik = Client(HTTP_HOST=PUBLIC_HOST)
    nama = settings.SESSION_COOKIE_NAME
    publik.cookies[nama] = opd_client.cookies[nama].value
    response = publik.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_hanya_baca(verifikator):
    assert verifikator.post(URL, {"tahun": TAHUN, "triwulan": 1}).status_code == 405


# --- home-page panel -----------------------------------------------------------------------------


def test_panel_beranda_bappeda(verifikator):
    now = timezone.now()
    JadwalPelaporan.objects.create(
        tahun=TAHUN,
        triwulan=2,
        tanggal_buka=now - timedelta(days=2),
        batas_waktu=now + timedelta(days=5),
        tanggal_kunci=now + timedelta(days=9),
    )
    a = opd_registri("opd_a")
    snapshots(a, 2, ["disetujui", "disetujui", "diverifikasi", "draft"])
    ringkasan(a, 2, jumlah_iku=4, jumlah_terisi=4, jumlah_diverifikasi=1, jumlah_terlambat=1)
    html = verifikator.get("/admin/").content.decode()
    panel = re.search(r'<div data-panel="pengawasan-dasbor">.*?</div>', html, re.S)
    assert panel, "panel dasbor tidak ada di beranda"
    teks = panel.group(0)
    assert "Triwulan II 2033" in teks
    assert "100,0%" in teks and "25,0%" in teks  # terisi 4/4, diverifikasi 1/4
    assert "2 IKU" in teks  # waiting for Bappeda
    assert URL in teks and "/admin/verifikasi/?tahun=2033&amp;triwulan=2" in teks


# --- Chart.js from npm, served from static/, no CDN ---------------------------------------------


def test_chartjs_terpasang_dan_dilayani(verifikator, settings):
    from django.contrib.staticfiles import finders

    berkas = ROOT / "static" / CHARTJS_PATH
    if not berkas.exists() and shutil.which("npm") is None:
        pytest.skip("npm tidak tersedia: Chart.js tidak terpasang, dasbor hanya menampilkan tabel")
    assert berkas.exists(), "make install (npm ci) seharusnya menyalin Chart.js ke static/vendor/"
    assert (berkas.parent / "LICENSE.md").exists()
    kunci = json.loads((ROOT / "package-lock.json").read_text())
    versi = kunci["packages"]["node_modules/chart.js"]["version"]
    assert f"Chart.js v{versi}" in berkas.read_text(encoding="utf-8")[:400]

    assert Path(finders.find(CHARTJS_PATH)) == berkas
    # Served like `make run` serves it (DEBUG: WhiteNoise reads the staticfiles finders); a new
    # Client builds a new middleware chain that reads this setting.
    settings.WHITENOISE_USE_FINDERS = True
    response = Client(HTTP_HOST=PUBLIC_HOST).get(f"/static/{CHARTJS_PATH}")
    assert response.status_code == 200
    isi = b"".join(response.streaming_content) if response.streaming else response.content
    assert isi == berkas.read_bytes()

    html = buka(verifikator).content.decode()
    assert f'<script src="/static/{CHARTJS_PATH}" defer></script>' in html
    assert '<script src="/static/pengawasan/dasbor.js" defer></script>' in html


def test_tanpa_chartjs_halaman_tetap_tampil(verifikator, monkeypatch):
    monkeypatch.setattr("kinerja.pengawasan.dasbor.url_chartjs", lambda: None)
    ringkasan(opd_registri("opd_a"), 2, rata_rata_capaian=D(50), jumlah_capaian=1)
    html = buka(verifikator).content.decode()
    assert "chart.umd.js" not in html
    assert 'id="tabel-peringkat"' in html and "50,00" in html


def test_package_json_versi_tepat():
    paket = json.loads((ROOT / "package.json").read_text())
    assert paket["private"] is True
    versi = paket["dependencies"]["chart.js"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", versi), "versi chart.js harus tepat (tanpa ^ atau ~)"
    kunci = json.loads((ROOT / "package-lock.json").read_text())
    assert kunci["packages"]["node_modules/chart.js"]["version"] == versi
    gitignore = (ROOT / ".gitignore").read_text().splitlines()
    assert "/node_modules/" in gitignore and "/static/vendor/" in gitignore


_ASET_LUAR = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.I
)


def test_tidak_ada_template_yang_memuat_cdn():
    dirs = [ROOT / "templates", ROOT / "kinerja", ROOT / "tenants", ROOT / "api", ROOT / "config"]
    temuan = []
    for d in dirs:
        for path in d.rglob("*.html"):
            teks = path.read_text(encoding="utf-8")
            if re.search(r"\bcdn", teks, re.I) or _ASET_LUAR.search(teks):
                temuan.append(str(path.relative_to(ROOT)))
    assert temuan == [], f"template memuat aset dari luar (CDN): {temuan}"


# --- end to end: verify → rollup → dashboard and IKD ---------------------------------------------


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


def test_verifikasi_lalu_rollup_tampil_di_dasbor_dan_ikd(verifikator, kunci_rollup_bersih):
    from kinerja.opd.models import Iku, RealisasiIku
    from kinerja.opd.realisasi import (
        RealisasiInput,
        pelaku_dari_user,
        realisasi_aksi,
        realisasi_simpan,
    )
    from kinerja.opd.services import opd_permissions_ensure
    from kinerja.rollup.models import RollupRun
    from kinerja.rollup.services import rollup_jalankan

    now = timezone.now()
    JadwalPelaporan.objects.create(
        tahun=TAHUN,
        triwulan=1,
        tanggal_buka=now - timedelta(days=1),
        batas_waktu=now + timedelta(days=5),
        tanggal_kunci=now + timedelta(days=10),
    )
    rencana = buat_rencana("opd_a", jumlah_iku=1)
    ikd = IndikatorDaerah.objects.create(
        periode=rencana.periode,
        sasaran=rencana.sasaran_rpjmd,
        kode="IKD-E2E",
        nama="IKD dari IKU",
        satuan="%",
        polaritas="positif",
        is_ikd=True,
        aspek="pelayanan_umum",
        sumber_nilai="iku",
    )
    TargetDaerah.objects.create(indikator=ikd, tahun=TAHUN, nilai=D(100))
    iku_id = rencana.iku["IKU-1"]

    with schema_context("opd_a"):
        opd_permissions_ensure()
        Iku.objects.filter(pk=iku_id).update(ikd_id=ikd.pk)
        User = get_user_model()
        operator = pelaku_dari_user(User.objects.get(username="operator"))
        kepala = pelaku_dari_user(User.objects.get(username="kepala"))
        rid = realisasi_simpan(
            operator,
            iku_id,
            TAHUN,
            1,
            RealisasiInput(nilai=D("30"), faktor_pendorong="x", faktor_penghambat="y"),
        ).realisasi.pk
        realisasi_aksi(operator, "ajukan", {rid: None})
        realisasi_aksi(kepala, "setujui", {rid: None})
    connection.set_schema_to_public()

    # Before: approved, not verified; the IKD has no realisasi yet.
    run = rollup_jalankan(schema="opd_a", pemicu=RollupRun.Pemicu.COMMAND)
    assert run.status == RollupRun.Status.BERHASIL, run.galat
    response = buka(verifikator, triwulan=1)
    assert sel(response, "opd_a", 1).keadaan == "disetujui"
    ikd_row = next(r for g in response.context["d"].aspek for r in g.baris)
    assert ikd_row.realisasi is None

    # Bappeda verifies through the verification screen.
    response = verifikator.post(f"/admin/verifikasi/opd_a/{rid}/", {"aksi": "verifikasi"})
    assert response.status_code == 302
    with schema_context("opd_a"):
        assert RealisasiIku.objects.get(pk=rid).status == "diverifikasi"
    connection.set_schema_to_public()

    # One rollup later (the receiver queues it after commit; here it is run directly).
    run = rollup_jalankan(schema="opd_a", pemicu=RollupRun.Pemicu.EVENT)
    assert run.status == RollupRun.Status.BERHASIL, run.galat
    response = buka(verifikator, triwulan=1)
    cell = sel(response, "opd_a", 1)
    assert cell.keadaan == "diverifikasi" and cell.jumlah_diverifikasi == 1
    assert response.context["d"].kpi.persen_terverifikasi_tampil == "100,0"
    # The verified value (30 of a TW1 target of 25) ranks OPD A at 120 %.
    assert response.context["d"].peringkat[0].rata_rata_tampil == "120,00"
    # The IKD fed by the IKU now has the verified value, from the rollup.
    ikd_row = next(r for g in response.context["d"].aspek for r in g.baris)
    assert ikd_row.realisasi_tampil == "30" and ikd_row.capaian_tampil == "30,00"
    assert ikd_row.realisasi.sumber == RealisasiDaerah.Sumber.ROLLUP
    html = response.content.decode()
    assert "Rollup IKU" in html and "Rollup terakhir selesai" in html
