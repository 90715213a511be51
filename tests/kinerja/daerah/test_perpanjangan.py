"""Window extensions for one OPD (public domain): the service's rules, the effect on the OPD's
workflow (submitting after the original lock, that OPD only), the admin form (WITA dates, clear
errors, nothing saved) and history, and the guards."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from kinerja.daerah.models import PerpanjanganJadwal
from kinerja.daerah.perpanjangan import perpanjangan_beri, perpanjangan_riwayat
from kinerja.daerah.selectors import jendela_opd
from kinerja.opd.realisasi import RealisasiDitolak, realisasi_aksi
from tenants.models import Opd
from tests.conftest import PUBLIC_HOST
from tests.kinerja.daerah.test_verifikasi import (
    TAHUN,
    WITA,
    _pengguna_publik_tanpa_izin,
    buat_dunia,
    buat_realisasi,
    item,
    masuk,
    pelaku,
    pesan,
)

pytestmark = pytest.mark.django_db

ALASAN = "Server OPD terdampak banjir, data terlambat"


def _opd(schema: str) -> Opd:
    connection.set_schema_to_public()
    return Opd.objects.get(schema_name=schema)


@pytest.fixture
def dunia(db):
    return buat_dunia()


@pytest.fixture
def dunia_tutup(db):
    """A window that closed (locked) yesterday; drafts were entered while it was open."""
    sekarang = timezone.now()
    dunia = buat_dunia(
        buka=sekarang - timedelta(days=20),
        batas=sekarang - timedelta(days=5),
        kunci=sekarang - timedelta(days=1),
    )
    saat_buka = sekarang - timedelta(days=10)
    dunia.draf = {
        schema: buat_realisasi(schema, dunia.iku[schema][0], "draft", sekarang=saat_buka)
        for schema in ("opd_a", "opd_b")
    }
    return dunia


@pytest.fixture
def verifikator(public_client: Client, dunia) -> Client:
    return masuk(public_client, "verifikator")


# --- service ------------------------------------------------------------------------------------


def test_perpanjangan_hanya_untuk_satu_opd(dunia):
    jadwal = dunia.jadwal
    batas = jadwal.batas_waktu + timedelta(days=3)
    kunci = jadwal.tanggal_kunci + timedelta(days=3)
    hasil = perpanjangan_beri(jadwal, _opd("opd_a"), batas, kunci, f"  {ALASAN} ", "Bappeda Uji")
    assert hasil.alasan == ALASAN and hasil.diberikan_oleh == "Bappeda Uji"

    a = jendela_opd("opd_a", TAHUN, 1)
    assert (a.batas_waktu, a.kunci, a.diperpanjang) == (batas, kunci, True)
    b = jendela_opd("opd_b", TAHUN, 1)
    assert (b.batas_waktu, b.kunci, b.diperpanjang) == (
        jadwal.batas_waktu,
        jadwal.tanggal_kunci,
        False,
    )

    # A later grant replaces the one in force; both stay in the history.
    perpanjangan_beri(jadwal, _opd("opd_a"), batas, kunci + timedelta(days=1), ALASAN, "X")
    assert jendela_opd("opd_a", TAHUN, 1).kunci == kunci + timedelta(days=1)
    riwayat = perpanjangan_riwayat(TAHUN)
    assert [r.berlaku for r in riwayat] == [True, False]


def test_tanggal_naif_dibaca_wita(dunia):
    jadwal = dunia.jadwal
    naif = (jadwal.tanggal_kunci + timedelta(days=2)).astimezone(WITA).replace(tzinfo=None)
    hasil = perpanjangan_beri(jadwal, _opd("opd_a"), naif, naif, ALASAN, "Bappeda")
    assert hasil.tanggal_kunci == naif.replace(tzinfo=WITA)


@pytest.mark.parametrize(
    ("ubah", "kolom", "kutipan"),
    [
        ({"batas": -timedelta(minutes=1)}, "batas_waktu", "tidak boleh sebelum batas waktu semula"),
        ({"kunci": -timedelta(minutes=1)}, "tanggal_kunci", "tidak boleh sebelum tanggal kunci"),
        ({"batas": timedelta(days=30)}, "tanggal_kunci", "tidak boleh sebelum batas waktu baru"),
        ({"alasan": "terlambat"}, "alasan", "minimal 10 karakter"),
        ({"alasan": "   "}, "alasan", "minimal 10 karakter"),
        ({"batas": None}, "batas_waktu", "wajib diisi"),
        ({"opd": None}, "opd", "Pilih Perangkat Daerah"),
        ({"opd": "public"}, "opd", "bukan skema provinsi"),
        ({"opd": "nonaktif"}, "opd", "tidak aktif"),
        ({"jadwal": None}, "jadwal", "Pilih jadwal"),
        ({"sama": True}, "__all__", "sama dengan jadwal semula"),
    ],
)
def test_perpanjangan_tidak_valid_tidak_disimpan(dunia, ubah, kolom, kutipan):
    jadwal = dunia.jadwal
    opd = _opd("opd_a")
    batas = jadwal.batas_waktu + timedelta(days=2)
    kunci = jadwal.tanggal_kunci + timedelta(days=2)
    alasan = ubah.get("alasan", ALASAN)
    if "batas" in ubah:
        batas = None if ubah["batas"] is None else jadwal.batas_waktu + ubah["batas"]
    if "kunci" in ubah:
        kunci = jadwal.tanggal_kunci + ubah["kunci"]
    if ubah.get("sama"):
        batas, kunci = jadwal.batas_waktu, jadwal.tanggal_kunci
    if "opd" in ubah:
        if ubah["opd"] == "public":
            opd = _opd("public")
        elif ubah["opd"] == "nonaktif":
            opd.aktif = False
        else:
            opd = None
    if "jadwal" in ubah:
        jadwal = None
    with pytest.raises(ValidationError) as e:
        perpanjangan_beri(jadwal, opd, batas, kunci, alasan, "Bappeda")
    assert any(kutipan in m for m in e.value.message_dict[kolom]), e.value.message_dict
    assert not PerpanjanganJadwal.objects.exists()


# --- effect on the OPD workflow -----------------------------------------------------------------


def test_perpanjangan_membuka_pengajuan_hanya_untuk_opd_itu(dunia_tutup, public_client):
    dunia = dunia_tutup
    for schema in ("opd_a", "opd_b"):
        operator = pelaku(schema, "operator")
        with schema_context(schema), pytest.raises(RealisasiDitolak) as e:
            realisasi_aksi(operator, "ajukan", {dunia.draf[schema]: None})
        assert e.value.kode == "jendela" and "sudah ditutup" in e.value.pesan

    # Bappeda grants OPD A an extension through the admin form (dates typed in WITA).
    besok = (timezone.now() + timedelta(days=1)).astimezone(WITA)
    lusa = besok + timedelta(days=1)
    klien = masuk(public_client, "verifikator")
    response = klien.post(
        "/admin/daerah/perpanjangan/baru/",
        {
            "opd": _opd("opd_a").pk,
            "jadwal": dunia.jadwal.pk,
            "batas_waktu": besok.strftime("%Y-%m-%dT%H:%M"),
            "tanggal_kunci": lusa.strftime("%Y-%m-%dT%H:%M"),
            "alasan": ALASAN,
        },
    )
    assert response.status_code == 302, response.context["form"].errors

    operator = pelaku("opd_a", "operator")
    with schema_context("opd_a"):
        hasil = realisasi_aksi(operator, "ajukan", {dunia.draf["opd_a"]: None})
    assert [i.pk for i in hasil.diproses] == [dunia.draf["opd_a"]]
    r = item("opd_a", dunia.draf["opd_a"])
    assert r.status == "diajukan" and not r.terlambat  # before the extended deadline

    operator_b = pelaku("opd_b", "operator")
    with schema_context("opd_b"), pytest.raises(RealisasiDitolak) as e:
        realisasi_aksi(operator_b, "ajukan", {dunia.draf["opd_b"]: None})
    assert e.value.kode == "jendela"
    assert item("opd_b", dunia.draf["opd_b"]).status == "draft"


# --- admin screens ------------------------------------------------------------------------------


def test_form_tanggal_wita_walau_zona_profil_berbeda(verifikator, dunia):
    from wagtail.users.models import UserProfile

    connection.set_schema_to_public()
    user = get_user_model().objects.get(username="verifikator")
    profil = UserProfile.get_for_user(user)
    profil.current_time_zone = "Asia/Jakarta"
    profil.save()

    response = verifikator.get(
        "/admin/daerah/perpanjangan/baru/", {"opd": _opd("opd_a").pk, "jadwal": dunia.jadwal.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].initial["opd"] == _opd("opd_a").pk

    response = verifikator.post(
        "/admin/daerah/perpanjangan/baru/",
        {
            "opd": _opd("opd_a").pk,
            "jadwal": dunia.jadwal.pk,
            "batas_waktu": "31-12-2035 23.59",
            "tanggal_kunci": "2036-01-15T12:00",
            "alasan": ALASAN,
        },
    )
    assert response.status_code == 302
    p = PerpanjanganJadwal.objects.get()
    assert p.batas_waktu == datetime(2035, 12, 31, 23, 59, tzinfo=WITA)
    assert p.tanggal_kunci == datetime(2036, 1, 15, 12, 0, tzinfo=WITA)
    assert p.diberikan_oleh == "verifikator"

    response = verifikator.get("/admin/daerah/perpanjangan/")
    html = response.content.decode()
    assert "31 Desember 2035 23.59 WITA" in html and ALASAN in html and "Berlaku" in html
    assert any("diberikan" in m for m in pesan(response))


@pytest.mark.parametrize(
    ("data", "kolom", "kutipan"),
    [
        ({"alasan": "singkat"}, "alasan", "minimal 10 karakter"),
        ({"batas_waktu": "kemarin"}, "batas_waktu", "Tanggal dan jam tidak valid"),
        ({"batas_waktu": "01-01-2000 10.00"}, "batas_waktu", "batas waktu semula"),
        ({"tanggal_kunci": "01-01-2035 10.00"}, "tanggal_kunci", "tidak boleh sebelum"),
        ({"opd": "999999"}, "opd", ""),
        ({"opd": "abc"}, "opd", ""),
        ({"jadwal": ""}, "jadwal", ""),
    ],
)
def test_form_tidak_valid_pesan_jelas(verifikator, dunia, data, kolom, kutipan):
    isi = {
        "opd": _opd("opd_a").pk,
        "jadwal": dunia.jadwal.pk,
        "batas_waktu": "31-12-2035 23.59",
        "tanggal_kunci": "15-01-2036 12.00",
        "alasan": ALASAN,
        **data,
    }
    response = verifikator.post("/admin/daerah/perpanjangan/baru/", isi)
    assert response.status_code == 200
    galat = response.context["form"].errors
    assert kolom in galat and kutipan in " ".join(galat[kolom])
    assert "Perpanjangan belum diberikan" in " ".join(pesan(response))
    assert not PerpanjanganJadwal.objects.exists()


def test_form_melaporkan_semua_kesalahan_sekaligus(verifikator, dunia):
    response = verifikator.post(
        "/admin/daerah/perpanjangan/baru/",
        {"opd": "", "jadwal": dunia.jadwal.pk, "batas_waktu": "x", "alasan": "pendek"},
    )
    assert response.status_code == 200
    galat = response.context["form"].errors
    assert set(galat) == {"opd", "batas_waktu", "tanggal_kunci", "alasan"}
    assert all(len(pesan_kolom) == 1 for pesan_kolom in galat.values())
    assert not PerpanjanganJadwal.objects.exists()


def test_opd_nonaktif_tidak_dapat_dipilih(verifikator, dunia):
    connection.set_schema_to_public()
    Opd.objects.filter(schema_name="opd_b").update(aktif=False)
    response = verifikator.post(
        "/admin/daerah/perpanjangan/baru/",
        {
            "opd": _opd("opd_b").pk,
            "jadwal": dunia.jadwal.pk,
            "batas_waktu": "31-12-2035 23.59",
            "tanggal_kunci": "15-01-2036 12.00",
            "alasan": ALASAN,
        },
    )
    assert response.status_code == 200 and "opd" in response.context["form"].errors
    assert not PerpanjanganJadwal.objects.exists()


def test_izin_perpanjangan(dunia, host_client):
    tamu = masuk(Client(HTTP_HOST=PUBLIC_HOST), _pengguna_publik_tanpa_izin())
    for url in ("/admin/daerah/perpanjangan/", "/admin/daerah/perpanjangan/baru/"):
        assert tamu.get(url).status_code in (302, 403), url
    response = tamu.post(
        "/admin/daerah/perpanjangan/baru/",
        {
            "opd": _opd("opd_a").pk,
            "jadwal": dunia.jadwal.pk,
            "batas_waktu": "31-12-2035 23.59",
            "tanggal_kunci": "15-01-2036 12.00",
            "alasan": ALASAN,
        },
    )
    assert response.status_code in (302, 403)
    assert not PerpanjanganJadwal.objects.exists()
    assert "Perpanjangan Jadwal" not in tamu.get("/admin/").content.decode()

    # OPD A's administrator on OPD A's domain: the route does not exist there.
    admin_a = masuk(host_client("opd-a.localhost"), "admin")
    response = admin_a.post(
        "/admin/daerah/perpanjangan/baru/",
        {
            "opd": _opd("opd_a").pk,
            "jadwal": dunia.jadwal.pk,
            "batas_waktu": "31-12-2035 23.59",
            "tanggal_kunci": "15-01-2036 12.00",
            "alasan": ALASAN,
        },
    )
    assert response.status_code == 404
    connection.set_schema_to_public()
    assert not PerpanjanganJadwal.objects.exists()


def test_menu_perpanjangan_untuk_verifikator(verifikator):
    assert "Perpanjangan Jadwal" in verifikator.get("/admin/").content.decode()
