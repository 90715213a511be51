"""Bappeda's verification screens (public domain): the cross-OPD queue, one item with its
actions, "verifikasi semua", the evidence download, and their tenancy and permission guards.

Data of OPD A and B is created inside ``schema_context`` through the workflow services; every
test runs in a rolled-back transaction. The helpers at the top are shared with
``test_perpanjangan.py``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from kinerja.daerah.models import (
    JadwalPelaporan,
    MisiRpjmd,
    PeriodeRpjmd,
    SasaranRpjmd,
    TujuanRpjmd,
)
from kinerja.daerah.services import daerah_permissions_ensure
from kinerja.daerah.verifikasi_selectors import antrian_verifikasi, opd_aktif
from kinerja.opd.realisasi import (
    Pelaku,
    RealisasiInput,
    bukti_tambah,
    pelaku_dari_user,
    realisasi_aksi,
    realisasi_simpan,
)
from tenants.models import Opd
from tests.conftest import PASSWORD, PUBLIC_HOST

if TYPE_CHECKING:
    from kinerja.opd.models import RealisasiIku

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
TAHUN = 2031
PDF_MINI = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
OPD_SCHEMAS = ("opd_a", "opd_b")


# --- shared helpers -----------------------------------------------------------------------------


@dataclass
class Dunia:
    """A 2031–2036 RPJMD, an open reporting window for 2031 TW1 and, in OPD A and B, one
    Renstra with IKU-1..IKU-n (positif, kumulatif, yearly target 100, TW1 target 20)."""

    jadwal: JadwalPelaporan
    sasaran: dict[str, Any]
    iku: dict[str, list[int]]


def pelaku(schema: str, username: str, ip: str = "10.0.0.9") -> Pelaku:
    """The workflow actor of ``username`` of ``schema`` (roles read in that schema)."""
    with schema_context(schema):
        user = get_user_model().objects.get(username=username)
        return pelaku_dari_user(user, ip)


def tambah_iku(schema: str, sasaran: Any, kode: str) -> int:
    from kinerja.opd.models import Iku
    from kinerja.opd.services import TargetInput, iku_simpan

    with schema_context(schema):
        iku = Iku(
            sasaran=sasaran,
            kode=kode,
            nama=f"Indikator {kode}",
            satuan="%",
            polaritas="positif",
            tipe_perhitungan="kumulatif",
        )
        targets = [TargetInput(TAHUN, None, Decimal(100)), TargetInput(TAHUN, 1, Decimal(20))]
        return iku_simpan(iku, targets).pk


def buat_dunia(jumlah_iku: int = 2, *, buka: Any = None, batas: Any = None, kunci: Any = None):
    """Build the world (call inside a django_db test). Window dates default to "open now"."""
    from kinerja.opd.models import Renstra, SasaranStrategis, TujuanRenstra
    from kinerja.opd.services import opd_permissions_ensure

    connection.set_schema_to_public()
    daerah_permissions_ensure()
    sekarang = timezone.now()
    periode = PeriodeRpjmd.objects.create(
        nama="RPJMD Uji Verifikasi", tahun_awal=TAHUN, tahun_akhir=TAHUN + 5
    )
    misi = MisiRpjmd.objects.create(periode=periode, nomor=1, uraian="Misi uji")
    tujuan = TujuanRpjmd.objects.create(misi=misi, kode="T1", uraian="Tujuan uji")
    sasaran_rpjmd = SasaranRpjmd.objects.create(tujuan=tujuan, kode="1.1", uraian="Sasaran uji")
    jadwal = JadwalPelaporan.objects.create(
        tahun=TAHUN,
        triwulan=1,
        tanggal_buka=buka or sekarang - timedelta(days=1),
        batas_waktu=batas or sekarang + timedelta(days=5),
        tanggal_kunci=kunci or sekarang + timedelta(days=10),
    )
    sasaran: dict[str, Any] = {}
    iku: dict[str, list[int]] = {}
    for schema in OPD_SCHEMAS:
        with schema_context(schema):
            opd_permissions_ensure()
            renstra = Renstra.objects.create(
                periode_rpjmd_id=periode.pk,
                nama="Renstra Uji",
                tahun_awal=TAHUN,
                tahun_akhir=TAHUN + 4,
            )
            t = TujuanRenstra.objects.create(renstra=renstra, kode="T1", uraian="Tujuan satu")
            sasaran[schema] = SasaranStrategis.objects.create(
                tujuan=t, kode="SS1", uraian="Sasaran satu", sasaran_rpjmd_id=sasaran_rpjmd.pk
            )
        iku[schema] = [
            tambah_iku(schema, sasaran[schema], f"IKU-{i}") for i in range(1, jumlah_iku + 1)
        ]
    connection.set_schema_to_public()
    return Dunia(jadwal, sasaran, iku)


def buat_realisasi(
    schema: str,
    iku_id: int,
    status: str = "disetujui",
    *,
    nilai: str = "25",
    bukti: bool = False,
    sekarang: Any = None,
) -> int:
    """A realisasi of 2031 TW1 moved through the services up to ``status``; returns its id."""
    operator, kepala = pelaku(schema, "operator"), pelaku(schema, "kepala")
    verifikator = pelaku("public", "verifikator")
    with schema_context(schema):
        rid = realisasi_simpan(
            operator,
            iku_id,
            TAHUN,
            1,
            RealisasiInput(
                nilai=Decimal(nilai),
                faktor_pendorong="Dukungan anggaran memadai",
                faktor_penghambat="Cuaca",
                tindak_lanjut="Koordinasi lintas bidang",
            ),
            sekarang=sekarang,
        ).realisasi.pk
        if bukti:
            bukti_tambah(operator, rid, "laporan.pdf", io.BytesIO(PDF_MINI), sekarang=sekarang)
        if status in ("diajukan", "disetujui", "diverifikasi"):
            realisasi_aksi(operator, "ajukan", {rid: None}, sekarang=sekarang)
        if status in ("disetujui", "diverifikasi"):
            realisasi_aksi(kepala, "setujui", {rid: None})
        if status == "diverifikasi":
            realisasi_aksi(verifikator, "verifikasi", {rid: None})
    connection.set_schema_to_public()
    return rid


def item(schema: str, rid: int) -> RealisasiIku:
    from kinerja.opd.models import RealisasiIku

    with schema_context(schema):
        return RealisasiIku.objects.select_related("iku").get(pk=rid)


def masuk(client: Client, username: str) -> Client:
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, f"login {username} gagal"
    return client


def pesan(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def dunia(db) -> Dunia:
    return buat_dunia()


@pytest.fixture
def verifikator(public_client: Client, dunia: Dunia) -> Client:
    return masuk(public_client, "verifikator")


@pytest.fixture
def bersihkan_bukti():
    """Remove the evidence files a test stored (the DB rows roll back, files do not)."""
    yield
    from kinerja.opd.models import BuktiDukung
    from kinerja.storage import bukti_storage, hapus_berkas_diam

    for schema in OPD_SCHEMAS:
        with schema_context(schema):
            for path in BuktiDukung.objects.values_list("path", flat=True):
                hapus_berkas_diam(bukti_storage(), path)


def _url_item(schema: str, rid: int) -> str:
    return f"/admin/verifikasi/{schema}/{rid}/"


def _pengguna_publik_tanpa_izin() -> str:
    connection.set_schema_to_public()
    user = get_user_model().objects.create_user("staf_bappeda", password=PASSWORD)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return "staf_bappeda"


# --- the queue ----------------------------------------------------------------------------------


def test_antrian_default_menampilkan_yang_menunggu_bappeda(verifikator, dunia):
    a1 = buat_realisasi("opd_a", dunia.iku["opd_a"][0], "disetujui", nilai="25")
    buat_realisasi("opd_a", dunia.iku["opd_a"][1], "diajukan")
    b1 = buat_realisasi("opd_b", dunia.iku["opd_b"][0], "disetujui", nilai="10")

    response = verifikator.get("/admin/verifikasi/", {"tahun": TAHUN, "triwulan": 1})
    assert response.status_code == 200
    baris = response.context["antrian"].baris
    assert {(b.opd.schema_name, b.id) for b in baris} == {("opd_a", a1), ("opd_b", b1)}
    a = next(b for b in baris if b.id == a1)
    # TW1 target 20, realisasi 25 → 125 %; yearly target is not the reference before TW4.
    assert (a.realisasi, a.capaian.target, a.capaian.capaian_tampil) == ("25", "20", "125,00")
    assert a.capaian.predikat is not None and a.status == "disetujui"
    assert a.diajukan_pada.endswith("WITA") and a.disetujui_pada and not a.terlambat
    html = response.content.decode()
    assert f'href="/admin/verifikasi/opd_a/{a1}/"' in html
    assert "Verifikasi semua yang disetujui (1)" in html

    # Filters: OPD, status (all statuses).
    response = verifikator.get(
        "/admin/verifikasi/", {"tahun": TAHUN, "triwulan": 1, "opd": "opd_a", "status": "semua"}
    )
    baris = response.context["antrian"].baris
    assert {b.opd.schema_name for b in baris} == {"opd_a"}
    assert sorted(b.status for b in baris) == ["diajukan", "disetujui"]
    # Another triwulan: nothing.
    response = verifikator.get("/admin/verifikasi/", {"tahun": TAHUN, "triwulan": 2})
    assert response.context["antrian"].baris == []


def test_antrian_input_buruk_tanpa_500(verifikator):
    for params in (
        {"tahun": "abc", "triwulan": 1},
        {"tahun": TAHUN, "triwulan": 9},
        {"tahun": TAHUN, "triwulan": 1, "opd": "public"},
        {"tahun": TAHUN, "triwulan": 1, "opd": "tidak_ada"},
        {"tahun": TAHUN, "triwulan": 1, "status": "hapus"},
    ):
        response = verifikator.get("/admin/verifikasi/", params)
        assert response.status_code == 200, params
        assert response.context["antrian"] is None
        assert response.context["form"].errors


def test_antrian_kueri_tidak_tumbuh_dengan_jumlah_item(dunia, django_assert_max_num_queries):
    opd_a = next(o for o in opd_aktif() if o.schema_name == "opd_a")
    buat_realisasi("opd_a", dunia.iku["opd_a"][0])

    def hitung(opd: list[Opd]) -> int:
        connection.set_schema_to_public()
        with CaptureQueriesContext(connection) as ctx:
            hasil = antrian_verifikasi(TAHUN, 1, opd=opd)
        assert hasil.baris
        return len(ctx.captured_queries)

    satu_item = hitung([opd_a])
    for i in range(3, 8):
        iku_id = tambah_iku("opd_a", dunia.sasaran["opd_a"], f"IKU-{i}")
        buat_realisasi("opd_a", iku_id)
    assert hitung([opd_a]) == satu_item  # 6 items cost what 1 item costs

    # Every further OPD adds at most 2 queries (its realisasi + the prefetched targets), each
    # preceded by django-tenants' SET search_path: 4 statements. Listing the OPDs adds 2.
    buat_realisasi("opd_b", dunia.iku["opd_b"][0])
    semua = opd_aktif()
    connection.set_schema_to_public()
    with django_assert_max_num_queries(satu_item + 2 + 4 * (len(semua) - 1)):
        hasil = antrian_verifikasi(TAHUN, 1)
    assert {b.opd.schema_name for b in hasil.baris} >= {"opd_a", "opd_b"}


# --- one item -----------------------------------------------------------------------------------


def test_verifikator_memverifikasi_item_disetujui(verifikator, dunia, bersihkan_bukti):
    rid = buat_realisasi("opd_a", dunia.iku["opd_a"][0], bukti=True)
    response = verifikator.get(_url_item("opd_a", rid))
    assert response.status_code == 200
    d = response.context["d"]
    assert (d.iku_kode, d.status, d.realisasi, d.capaian.capaian_tampil) == (
        "IKU-1",
        "disetujui",
        "25",
        "125,00",
    )
    assert d.faktor_pendorong == "Dukungan anggaran memadai"
    assert len(d.bukti_aktif) == 1 and d.jejak
    html = response.content.decode()
    assert f"/admin/verifikasi/opd_a/bukti/{d.bukti_aktif[0].id}/" in html
    assert 'value="verifikasi"' in html and 'value="buka_kembali"' not in html

    versi = item("opd_a", rid).versi
    response = verifikator.post(_url_item("opd_a", rid), {"aksi": "verifikasi", "versi": versi})
    assert response.status_code == 302 and response["Location"] == _url_item("opd_a", rid)

    from kinerja.opd.models import JejakAudit

    r = item("opd_a", rid)
    assert r.status == "diverifikasi" and r.diverifikasi_oleh == "verifikator"
    with schema_context("opd_a"):
        jejak = JejakAudit.objects.filter(realisasi_id=rid, aksi="verifikasi").get()
    assert (jejak.sumber, jejak.pengguna, jejak.ip) == ("bappeda", "verifikator", "127.0.0.1")
    assert (jejak.nilai_lama, jejak.nilai_baru) == ("Disetujui", "Diverifikasi")

    response = verifikator.get(_url_item("opd_a", rid))
    assert "diverifikasi." in " ".join(pesan(response))
    assert 'value="buka_kembali"' in response.content.decode()


def test_kembalikan_wajib_catatan(verifikator, dunia):
    rid = buat_realisasi("opd_a", dunia.iku["opd_a"][0])
    sebelum = item("opd_a", rid)

    response = verifikator.post(_url_item("opd_a", rid), {"aksi": "kembalikan", "catatan": " "})
    assert response.status_code == 200
    assert any("Catatan wajib diisi" in p for p in pesan(response))
    sesudah = item("opd_a", rid)
    assert (sesudah.status, sesudah.versi) == ("disetujui", sebelum.versi)

    response = verifikator.post(
        _url_item("opd_a", rid),
        {"aksi": "kembalikan", "catatan": "Bukti dukung belum ditandatangani", "versi": ""},
    )
    assert response.status_code == 302
    r = item("opd_a", rid)
    assert r.status == "draft" and r.catatan_pengembalian == "Bukti dukung belum ditandatangani"
    assert r.jumlah_dikembalikan == 1 and r.batas_koreksi is not None


def test_buka_kembali_membuat_revisi_baru(verifikator, dunia, bersihkan_bukti):
    rid = buat_realisasi("opd_a", dunia.iku["opd_a"][0], "diverifikasi", bukti=True)

    response = verifikator.post(_url_item("opd_a", rid), {"aksi": "buka_kembali", "catatan": ""})
    assert response.status_code == 200
    assert any("Alasan membuka kembali wajib diisi" in p for p in pesan(response))
    assert item("opd_a", rid).status == "diverifikasi"

    response = verifikator.post(
        _url_item("opd_a", rid),
        {"aksi": "buka_kembali", "catatan": "Data BPS terbaru berbeda dari laporan"},
    )
    assert response.status_code == 302
    from kinerja.opd.models import RevisiRealisasi

    r = item("opd_a", rid)
    assert (r.status, r.revisi) == ("draft", 2)
    with schema_context("opd_a"):
        snap = RevisiRealisasi.objects.get(realisasi_id=rid)
    assert snap.revisi == 1 and snap.data["status"] == "diverifikasi"
    assert snap.alasan_buka == "Data BPS terbaru berbeda dari laporan"
    assert len(snap.data["bukti"]) == 1

    response = verifikator.get(_url_item("opd_a", rid))
    d = response.context["d"]
    assert [rv.revisi for rv in d.revisi_lama] == [1]
    html = response.content.decode()
    assert "Revisi 1" in html and f"/admin/verifikasi/opd_a/bukti/{snap.data['bukti'][0]['id']}/"
    assert any("revisi 2" in p for p in pesan(response))


@pytest.mark.parametrize(
    ("status", "aksi", "kutipan"),
    [
        ("diajukan", "setujui", "aksi ini hanya untuk Kepala OPD"),
        ("draft", "ajukan", "aksi ini hanya untuk Operator OPD"),
        ("diajukan", "kembalikan", "aksi ini hanya untuk Kepala OPD"),
        ("disetujui", "buka_kembali", "hanya untuk status Diverifikasi"),
        ("disetujui", "ubah", "Aksi tidak dikenal"),
        ("disetujui", "hapus", "Aksi tidak dikenal"),
    ],
)
def test_aksi_di_luar_wewenang_ditolak(verifikator, dunia, status, aksi, kutipan):
    rid = buat_realisasi("opd_a", dunia.iku["opd_a"][0], status)
    sebelum = item("opd_a", rid)
    response = verifikator.post(
        _url_item("opd_a", rid), {"aksi": aksi, "catatan": "Catatan yang cukup panjang"}
    )
    assert response.status_code == 200
    assert any(kutipan in p for p in pesan(response)), pesan(response)
    sesudah = item("opd_a", rid)
    assert (sesudah.status, sesudah.versi) == (sebelum.status, sebelum.versi)


def test_versi_usang_ditolak(verifikator, dunia):
    rid = buat_realisasi("opd_a", dunia.iku["opd_a"][0])
    versi = item("opd_a", rid).versi
    response = verifikator.post(_url_item("opd_a", rid), {"aksi": "verifikasi", "versi": versi - 1})
    assert response.status_code == 200
    assert any("telah diubah" in p for p in pesan(response))
    assert item("opd_a", rid).status == "disetujui"
    response = verifikator.post(_url_item("opd_a", rid), {"aksi": "verifikasi", "versi": "x"})
    assert response.status_code == 200 and item("opd_a", rid).status == "disetujui"


def test_verifikasi_semua_satu_opd(verifikator, dunia):
    a1 = buat_realisasi("opd_a", dunia.iku["opd_a"][0])
    a2 = buat_realisasi("opd_a", dunia.iku["opd_a"][1])
    b1 = buat_realisasi("opd_b", dunia.iku["opd_b"][0])

    response = verifikator.post(
        "/admin/verifikasi/opd_a/semua/", {"tahun": TAHUN, "triwulan": 1}, follow=True
    )
    assert response.status_code == 200
    assert "2 realisasi OPD_A Triwulan I 2031 diverifikasi." in pesan(response)
    assert item("opd_a", a1).status == item("opd_a", a2).status == "diverifikasi"
    assert item("opd_b", b1).status == "disetujui"

    # Nothing left to verify: the service's message, not an error page.
    response = verifikator.post(
        "/admin/verifikasi/opd_a/semua/", {"tahun": TAHUN, "triwulan": 1}, follow=True
    )
    assert any(
        "Tidak ada realisasi Triwulan I 2031 berstatus Disetujui" in p for p in pesan(response)
    )
    # Bad input / wrong method.
    response = verifikator.post("/admin/verifikasi/opd_a/semua/", {"tahun": "x"}, follow=True)
    assert any("tidak valid" in p for p in pesan(response))
    assert verifikator.get("/admin/verifikasi/opd_a/semua/").status_code == 405
    assert verifikator.post("/admin/verifikasi/tidak_ada/semua/", {}).status_code == 404


# --- not found ----------------------------------------------------------------------------------


def test_skema_pk_uuid_tidak_dikenal_404(verifikator, dunia, opd_b):
    rid = buat_realisasi("opd_a", dunia.iku["opd_a"][0])
    for url in (
        f"/admin/verifikasi/public/{rid}/",
        f"/admin/verifikasi/opd_template/{rid}/",
        f"/admin/verifikasi/tidak_ada/{rid}/",
        f"/admin/verifikasi/OPD_A/{rid}/",
        f"/admin/verifikasi/opd_a%3Bselect/{rid}/",
        f"/admin/verifikasi/opd_a'/{rid}/",
        "/admin/verifikasi/opd_a/999999/",
        f"/admin/verifikasi/opd_b/{rid + 100000}/",
        "/admin/verifikasi/opd_a/bukti/00000000-0000-0000-0000-000000000000/",
        "/admin/verifikasi/opd_a/bukti/bukan-uuid/",
        "/admin/verifikasi/public/bukti/00000000-0000-0000-0000-000000000000/",
    ):
        assert verifikator.get(url).status_code == 404, url
    response = verifikator.post("/admin/verifikasi/opd_a/999999/", {"aksi": "verifikasi"})
    assert response.status_code == 404

    # An inactive OPD is not served either.
    connection.set_schema_to_public()
    Opd.objects.filter(schema_name=opd_b.schema).update(aktif=False)
    rb = buat_realisasi("opd_b", dunia.iku["opd_b"][0])
    assert verifikator.get(f"/admin/verifikasi/opd_b/{rb}/").status_code == 404


# --- evidence -----------------------------------------------------------------------------------


def test_bukti_hanya_untuk_verifikator(verifikator, dunia, host_client, bersihkan_bukti):
    from kinerja.opd.models import BuktiDukung

    rid = buat_realisasi("opd_a", dunia.iku["opd_a"][0], bukti=True)
    with schema_context("opd_a"):
        bukti = BuktiDukung.objects.get(realisasi_id=rid)
    url = f"/admin/verifikasi/opd_a/bukti/{bukti.pk}/"

    response = verifikator.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_MINI
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    response = verifikator.get(url + "?unduh=1")
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="laporan.pdf"' in response["Content-Disposition"]
    # The uuid of OPD A's file looked up in OPD B's schema: not there.
    assert verifikator.get(f"/admin/verifikasi/opd_b/bukti/{bukti.pk}/").status_code == 404

    # A public user without the permission: redirected, no file.
    tamu = masuk(Client(HTTP_HOST=PUBLIC_HOST), _pengguna_publik_tanpa_izin())
    response = tamu.get(url)
    assert response.status_code == 302 and not getattr(response, "streaming", False)
    # OPD A's own operator on OPD A's domain: the route does not exist there.
    operator = masuk(host_client("opd-a.localhost"), "operator")
    assert operator.get(url).status_code == 404
    # Anonymous on the public domain: login page.
    response = Client(HTTP_HOST=PUBLIC_HOST).get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- tenancy and permissions --------------------------------------------------------------------


def test_pengguna_opd_mendapat_404_di_domainnya(dunia, host_client):
    rid = buat_realisasi("opd_a", dunia.iku["opd_a"][0])
    for username in ("operator", "kepala", "admin"):
        client = masuk(host_client("opd-a.localhost"), username)
        for url in (
            "/admin/verifikasi/",
            _url_item("opd_a", rid),
            "/admin/daerah/perpanjangan/",
            "/admin/daerah/perpanjangan/baru/",
        ):
            assert client.get(url).status_code == 404, (username, url)
        response = client.post(_url_item("opd_a", rid), {"aksi": "verifikasi"})
        assert response.status_code == 404
        response = client.post("/admin/verifikasi/opd_a/semua/", {"tahun": TAHUN, "triwulan": 1})
        assert response.status_code == 404
        assert "Verifikasi Realisasi" not in client.get("/admin/").content.decode()
    assert item("opd_a", rid).status == "disetujui"


def test_cookie_sesi_opd_bukan_sesi_bappeda(dunia, host_client):
    opd_client = masuk(host_client("opd-a.localhost"), "admin")
    publik = Client(HTTP_HOST=PUBLIC_HOST)
    nama = "kinerja_sessionid"
    publik.cookies[nama] = opd_client.cookies[nama].value
    response = publik.get("/admin/verifikasi/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_pengguna_publik_tanpa_izin_ditolak(dunia, verifikator):
    rid = buat_realisasi("opd_a", dunia.iku["opd_a"][0])
    tamu = masuk(Client(HTTP_HOST=PUBLIC_HOST), _pengguna_publik_tanpa_izin())
    for url in ("/admin/verifikasi/", _url_item("opd_a", rid)):
        response = tamu.get(url, {"tahun": TAHUN, "triwulan": 1})
        assert response.status_code in (302, 403), url
        assert b"IKU-1" not in response.content
    response = tamu.post(_url_item("opd_a", rid), {"aksi": "verifikasi"})
    assert response.status_code in (302, 403)
    response = tamu.post("/admin/verifikasi/opd_a/semua/", {"tahun": TAHUN, "triwulan": 1})
    assert response.status_code in (302, 403)
    assert item("opd_a", rid).status == "disetujui"
    # The menu item is shown to the verifikator only.
    assert "Verifikasi Realisasi" not in tamu.get("/admin/").content.decode()
    assert "Verifikasi Realisasi" in verifikator.get("/admin/").content.decode()
