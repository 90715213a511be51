"""Screens *Kepatuhan OPD* (table, history, thresholds, export, rescoring) and *Peringatan
Dini*: happy paths, permissions, bad input (clear message, nothing saved), public-domain only
(404 on OPD domains, menu hidden), and the session of an OPD not opening them."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from openpyxl import load_workbook

from kinerja.pengawasan.kepatuhan import kepatuhan_hitung
from kinerja.pengawasan.models import AmbangKepatuhan, NilaiKepatuhan
from tenants import roles
from tests.conftest import PASSWORD, PUBLIC_HOST
from tests.kinerja.pengawasan.test_kepatuhan_services import (
    TAHUN,
    dunia_empat_iku,
    jadwal,
    opd,
    snap,
)

pytestmark = pytest.mark.django_db

D = Decimal
URL = "/admin/pengawasan/kepatuhan/"
URL_PERINGATAN = "/admin/pengawasan/peringatan-dini/"
SEMUA_URL = (
    URL,
    f"{URL}?jenis=triwulan&tahun={TAHUN}&nomor=1",
    f"{URL}opd/opd_a/",
    f"{URL}ambang/",
    f"{URL}ekspor/?jenis=triwulan&tahun={TAHUN}&nomor=1",
    URL_PERINGATAN,
)


def masuk(client: Client, username: str) -> Client:
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, f"login {username} gagal"
    return client


def pesan(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def izin(db) -> None:
    from kinerja.daerah.services import daerah_permissions_ensure
    from kinerja.pengawasan.kepatuhan import pengawasan_permissions_ensure

    connection.set_schema_to_public()
    daerah_permissions_ensure()
    pengawasan_permissions_ensure()


@pytest.fixture
def verifikator(public_client: Client, izin) -> Client:
    return masuk(public_client, "verifikator")


@pytest.fixture
def admin_bappeda(izin) -> Client:
    user = get_user_model().objects.create_user("admin_patuh", password=PASSWORD)
    user.groups.add(Group.objects.get(name=roles.ADMIN_BAPPEDA))
    return masuk(Client(HTTP_HOST=PUBLIC_HOST), "admin_patuh")


@pytest.fixture
def tamu(izin) -> Client:
    """A public user who may enter the admin but has no oversight permission."""
    user = get_user_model().objects.create_user("staf_patuh", password=PASSWORD)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return masuk(Client(HTTP_HOST=PUBLIC_HOST), "staf_patuh")


@pytest.fixture
def data(db):
    hasil = dunia_empat_iku()
    kepatuhan_hitung()
    return hasil


# --- the table ----------------------------------------------------------------------------------


def test_tabel_kepatuhan(verifikator, data):
    response = verifikator.get(URL, {"jenis": "triwulan", "tahun": TAHUN, "nomor": 1})
    assert response.status_code == 200
    rows = {r.baris.opd.schema_name: r for r in response.context["rows"]}
    a = rows["opd_a"]
    assert (a.disiplin, a.tanggung_jawab, a.kepatuhan, a.nilai_akhir) == (
        "50,00",
        "50,00",
        "50,00",
        "50,00",
    )
    assert a.nilai.kategori == "buruk" and rows["opd_b"].nilai.kategori == "tidak_dinilai"
    html = response.content.decode()
    assert 'data-kategori="buruk"' in html and "Triwulan I 2035" in html
    assert f'href="{URL}ekspor/?jenis=triwulan&amp;tahun={TAHUN}&amp;nomor=1"' in html
    assert f'href="{URL}opd/opd_a/"' in html
    # The verifikator sees the thresholds but may not change them.
    assert "Baik ≥ 80" in html and f'href="{URL}ambang/"' not in html


def test_tabel_bawaan_periode_terbaru(verifikator, data):
    response = verifikator.get(URL)
    assert response.status_code == 200
    assert response.context["form"].cleaned_data["tahun"] >= TAHUN
    # The month view of the deadline's month.
    n = NilaiKepatuhan.objects.filter(jenis="bulan").first()
    response = verifikator.get(URL, {"jenis": "bulan", "tahun": n.tahun, "nomor": n.nomor})
    assert response.status_code == 200 and response.context["rows"]


def test_riwayat_periode_sebelumnya(verifikator, data):
    a = opd("opd_a")
    jadwal(2, batas=data[0].batas_waktu)
    snap(a, 1, 2, "diverifikasi")
    kepatuhan_hitung(TAHUN)
    response = verifikator.get(URL, {"jenis": "triwulan", "tahun": TAHUN, "nomor": 2})
    baris = next(r for r in response.context["rows"] if r.baris.opd.schema_name == "opd_a")
    assert baris.nilai.kategori == "baik"
    assert [label for label, _ in baris.riwayat] == ["Triwulan I 2035"]
    assert baris.riwayat[0][1].kategori == "buruk"

    response = verifikator.get(f"{URL}opd/opd_a/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-periode="triwulan-2035-2"' in html and 'data-periode="triwulan-2035-1"' in html
    assert verifikator.get(f"{URL}opd/tidak_ada/").status_code == 404
    assert verifikator.get(f"{URL}opd/public/").status_code == 404


@pytest.mark.parametrize(
    ("params", "potongan"),
    [
        ({"jenis": "bulan", "tahun": TAHUN, "nomor": 13}, "Bulan harus antara 1 dan 12"),
        ({"jenis": "bulan", "tahun": TAHUN, "nomor": 0}, "Bulan harus antara 1 dan 12"),
        ({"jenis": "triwulan", "tahun": TAHUN, "nomor": 5}, "Triwulan harus antara 1 dan 4"),
        ({"jenis": "triwulan", "tahun": "dua ribu", "nomor": 1}, "Tahun harus berupa bilangan"),
        ({"jenis": "triwulan", "tahun": 1800, "nomor": 1}, "Tahun paling awal"),
        ({"jenis": "tahunan", "tahun": TAHUN, "nomor": 1}, "Pilih penilaian bulanan"),
        ({"jenis": "triwulan", "tahun": TAHUN, "nomor": "x"}, "bilangan bulat"),
    ],
)
def test_periode_tidak_valid(verifikator, data, params, potongan):
    response = verifikator.get(URL, params)
    assert response.status_code == 200
    assert response.context["rows"] is None
    assert potongan in response.content.decode()


# --- thresholds ---------------------------------------------------------------------------------


def test_ambang_hanya_admin_bappeda(verifikator, admin_bappeda, data):
    response = verifikator.get(f"{URL}ambang/")
    assert response.status_code in (302, 403)
    response = verifikator.post(f"{URL}ambang/", _ambang("50", "20"))
    assert response.status_code in (302, 403) and not AmbangKepatuhan.objects.exists()

    response = admin_bappeda.get(f"{URL}ambang/")
    assert response.status_code == 200
    assert response.context["form"]["batas_baik"].value() == D(80)
    assert f'href="{URL}ambang/"' in admin_bappeda.get(URL).content.decode()


def _ambang(baik: str, cukup: str, *bobot: str) -> dict[str, str]:
    b = bobot or ("1", "1", "1")
    return {
        "batas_baik": baik,
        "batas_cukup": cukup,
        "bobot_disiplin": b[0],
        "bobot_tanggung_jawab": b[1],
        "bobot_kepatuhan": b[2],
    }


def test_ambang_disimpan_dengan_angka_indonesia(admin_bappeda, data):
    response = admin_bappeda.post(f"{URL}ambang/", _ambang("50", "22,5", "2", "1", "1"))
    assert response.status_code == 302 and response["Location"] == URL
    row = AmbangKepatuhan.objects.get()
    assert (row.batas_baik, row.batas_cukup, row.bobot_disiplin) == (D(50), D("22.5"), D(2))
    assert row.diubah_oleh == "admin_patuh"
    # Rescored at once: 50 ≥ 50 → baik.
    assert NilaiKepatuhan.objects.get(opd=opd("opd_a"), jenis="triwulan", nomor=1).kategori == (
        "baik"
    )
    response = admin_bappeda.get(URL)
    assert "disimpan" in " ".join(pesan(response))


@pytest.mark.parametrize(
    ("isian", "kolom", "potongan"),
    [
        (_ambang("60", "70"), "batas_cukup", "harus lebih kecil dari batas 'baik'"),
        (_ambang("70", "70"), "batas_cukup", "harus lebih kecil"),
        (_ambang("120", "60"), "batas_baik", "antara 0 dan 100"),
        (_ambang("80", "-5"), "batas_cukup", "antara 0 dan 100"),
        (_ambang("delapan puluh", "60"), "batas_baik", "bukan angka"),
        (_ambang("", "60"), "batas_baik", "Wajib diisi"),
        (_ambang("80", "60", "0", "0", "0"), "bobot_disiplin", "lebih dari 0"),
        (_ambang("80", "60", "1", "-1", "1"), "bobot_tanggung_jawab", "antara 0 dan 100"),
    ],
)
def test_ambang_tidak_valid_tidak_disimpan(admin_bappeda, data, isian, kolom, potongan):
    response = admin_bappeda.post(f"{URL}ambang/", isian)
    assert response.status_code == 200
    galat = " ".join(response.context["form"].errors.get(kolom, []))
    assert potongan in galat, response.context["form"].errors
    assert "Ambang tidak disimpan" in " ".join(pesan(response))
    assert not AmbangKepatuhan.objects.exists()


# --- export and rescoring -------------------------------------------------------------------------


def test_ekspor_xlsx(verifikator, data):
    jadwal(2, batas=data[0].batas_waktu)
    snap(opd("opd_a"), 1, 2, "diverifikasi")
    kepatuhan_hitung(TAHUN)
    response = verifikator.get(f"{URL}ekspor/", {"jenis": "triwulan", "tahun": TAHUN, "nomor": 2})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "kepatuhan-opd-triwulan-2035-02.xlsx" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Kepatuhan", "Riwayat"]
    tabel = list(wb["Kepatuhan"].iter_rows(values_only=True))
    assert tabel[0][0] == "Kepatuhan pelaporan OPD — Triwulan II 2035"
    assert tabel[1][0] == "Perangkat Daerah" and "Kategori" in tabel[1]
    baris = {r[1]: r for r in tabel[2:]}
    a = baris[opd("opd_a").singkatan]
    kolom = tabel[1]
    assert a[kolom.index("Kategori")] == "Baik"
    assert a[kolom.index("Disiplin (%)")] == 100
    assert baris[opd("opd_b").singkatan][kolom.index("Kategori")] == "Tidak dinilai"
    riwayat = list(wb["Riwayat"].iter_rows(values_only=True))[2:]
    periode_a = [r[2] for r in riwayat if r[1] == opd("opd_a").singkatan]
    assert periode_a == ["Triwulan II 2035", "Triwulan I 2035"]


def test_ekspor_parameter_salah(verifikator, data):
    response = verifikator.get(f"{URL}ekspor/", {"jenis": "bulan", "tahun": TAHUN, "nomor": 13})
    assert response.status_code == 302 and response["Location"] == URL
    assert "Ekspor dibatalkan" in " ".join(pesan(verifikator.get(URL)))


def test_hitung_ulang(verifikator, db):
    dunia_empat_iku()
    assert not NilaiKepatuhan.objects.exists()
    assert verifikator.get(f"{URL}hitung/").status_code == 405
    response = verifikator.post(f"{URL}hitung/", {"kembali": f"jenis=triwulan&tahun={TAHUN}"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?jenis=triwulan&tahun={TAHUN}"
    assert NilaiKepatuhan.objects.filter(opd=opd("opd_a")).exists()
    # Only a query string is followed back, never another URL.
    response = verifikator.post(f"{URL}hitung/", {"kembali": "https://contoh.com/"})
    assert response["Location"] == URL


# --- early warning ------------------------------------------------------------------------------


def _data_peringatan() -> None:
    a, b = opd("opd_a"), opd("opd_b")
    for tw, status, nilai, target in (
        (1, "diverifikasi", D(5), D(25)),
        (4, "belum_diisi", None, D(100)),
    ):
        snap(a, 1, tw, status, nilai=nilai, target=target)
        snap(b, 1, tw, status, nilai=None if nilai is None else D(30), target=target)
    snap(a, 2, 1, "diajukan", nilai=D(10), target=D(25))  # no TW4 row: not projectable


def test_peringatan_dini(verifikator, db):
    _data_peringatan()
    response = verifikator.get(URL_PERINGATAN, {"tahun": TAHUN})
    assert response.status_code == 200
    berisiko = response.context["berisiko"]
    assert [(b.p.opd_schema, b.p.kode) for b in berisiko] == [("opd_a", "IKU-1")]
    b = berisiko[0]
    assert (b.proyeksi, b.target, b.capaian) == ("20,00 %", "100,00", "20,00")
    assert b.realisasi == ["5,00", "—", "—", "—"]
    html = response.content.decode()
    assert "realisasi s.d. TW1 (5) ÷ target s.d. TW1 (25)" in html
    assert "Sangat Rendah" in html and 'id="iku-tidak-dapat"' in html
    ringkasan = {r.schema_name: r for r in response.context["ringkasan"]}
    assert (ringkasan["opd_a"].berisiko, ringkasan["opd_a"].tidak_dapat) == (1, 1)
    assert ringkasan["opd_b"].berisiko == 0

    response = verifikator.get(URL_PERINGATAN, {"tahun": TAHUN, "opd": "opd_b"})
    assert response.context["berisiko"] == []
    assert [r.schema_name for r in response.context["ringkasan"]] == ["opd_b"]


@pytest.mark.parametrize(
    ("params", "potongan"),
    [
        ({"tahun": "abc"}, "Tahun harus berupa bilangan bulat"),
        ({"tahun": TAHUN, "opd": "opd_zzz"}, "Perangkat Daerah tidak dikenal"),
        ({"tahun": 3000}, "Tahun paling akhir"),
    ],
)
def test_peringatan_masukan_salah(verifikator, db, params, potongan):
    response = verifikator.get(URL_PERINGATAN, params)
    assert response.status_code == 200 and response.context["hasil"] is None
    assert potongan in response.content.decode()


# --- permissions and tenancy ----------------------------------------------------------------------


def test_tanpa_izin_ditolak(tamu, data):
    for url in SEMUA_URL:
        response = tamu.get(url)
        assert response.status_code in (302, 403), url
        assert b"opd_a" not in response.content
    assert tamu.post(f"{URL}hitung/").status_code in (302, 403)
    assert tamu.post(f"{URL}ambang/", _ambang("50", "20")).status_code in (302, 403)
    assert not AmbangKepatuhan.objects.exists()
    menu = tamu.get("/admin/").content.decode()
    assert "Kepatuhan OPD" not in menu and "Peringatan Dini" not in menu


def test_anonim_ke_halaman_login(data):
    for url in SEMUA_URL:
        response = Client(HTTP_HOST=PUBLIC_HOST).get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_menu_tampil_untuk_verifikator(verifikator, data):
    html = verifikator.get("/admin/").content.decode()
    assert "Kepatuhan OPD" in html and "Peringatan Dini" in html


def test_domain_opd_404_dan_menu_tersembunyi(host_client, izin, data):
    for username in ("operator", "kepala", "admin"):
        client = masuk(host_client("opd-a.localhost"), username)
        for url in SEMUA_URL:
            assert client.get(url).status_code == 404, (username, url)
        assert client.post(f"{URL}hitung/").status_code == 404
        assert client.post(f"{URL}ambang/", _ambang("50", "20")).status_code == 404
        html = client.get("/admin/").content.decode()
        assert "Kepatuhan OPD" not in html and "Peringatan Dini" not in html
    # OPD B's user on OPD B's domain: the same URLs do not exist there either.
    client = masuk(host_client("opd-b.localhost"), "operator")
    for url in SEMUA_URL:
        assert client.get(url).status_code == 404, url
    assert not AmbangKepatuhan.objects.exists()


def test_sesi_opd_tidak_berlaku_di_domain_bappeda(host_client, data):
    opd_client = masuk(host_client("opd-a.localhost"), "admin")
    publik = Client(HTTP_HOST=PUBLIC_HOST)
    nama = "kinerja_sessionid"
    publik.cookies[nama] = opd_client.cookies[nama].value
    for url in SEMUA_URL:
        response = publik.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
