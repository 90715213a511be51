"""The triwulan grid screen ("Pelaporan Realisasi") and its live capaian preview: rows per
role, saving a whole triwulan atomically (bad rows, conflicts, closed window, double POST),
whole-triwulan submission/approval, and the tenant guards (public 404, OPD B never sees or
changes OPD A's values, A's cookie is useless on B's host, anonymous → login).

Shared fixtures of the grid tests live here; the selector and Excel tests import them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from kinerja.opd.services import TargetInput as T
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
D = Decimal
TAHUN, TW = 2031, 2
URL = "/admin/kinerja-opd/realisasi/"
URL_PRATINJAU = "/admin/kinerja-opd/realisasi/pratinjau/"


# --- shared fixtures -------------------------------------------------------------------------


def buat_jadwal(
    tahun: int = TAHUN, triwulan: int = TW, *, buka: int = -3, batas: int = 10, kunci: int = 20
) -> Any:
    """A reporting window relative to now (days), in the public schema."""
    from kinerja.daerah.models import JadwalPelaporan

    sekarang = timezone.now()
    with schema_context("public"):
        return JadwalPelaporan.objects.create(
            tahun=tahun,
            triwulan=triwulan,
            tanggal_buka=sekarang + timedelta(days=buka),
            batas_waktu=sekarang + timedelta(days=batas),
            tanggal_kunci=sekarang + timedelta(days=kunci),
        )


@pytest.fixture
def jadwal_buka(db) -> Any:
    return buat_jadwal()


@dataclass
class DataGrid:
    angka: Any  # IKU-01 positif kumulatif, TW targets 25 each (yearly 100)
    kualitatif: Any  # IKU-02 kualitatif (scale WTP/WDP/TW/TMP), target WTP
    negatif: Any  # IKU-03 negatif posisi akhir, TW2 target 10
    rencana: Any


@pytest.fixture
def data_grid(rencana, opd_a, buat_iku, daerah, jadwal_buka) -> DataGrid:
    """Three active IKU in OPD A (and one inactive one that must never show)."""
    with schema_context(opd_a.schema):
        angka = buat_iku(
            rencana.sasaran,
            "IKU-01",
            targets=[T(TAHUN, None, D(100)), *(T(TAHUN, q, D(25)) for q in (1, 2, 3, 4))],
        )
        kualitatif = buat_iku(
            rencana.sasaran_2,
            "IKU-02",
            satuan="opini",
            polaritas="kualitatif",
            tipe_perhitungan="posisi_akhir",
            skala_id=daerah.skala.pk,
            targets=[T(TAHUN, None, None, None, "WTP"), T(TAHUN, TW, None, None, "WTP")],
        )
        negatif = buat_iku(
            rencana.sasaran,
            "IKU-03",
            satuan="kasus",
            polaritas="negatif",
            tipe_perhitungan="posisi_akhir",
            targets=[T(TAHUN, None, D(8)), T(TAHUN, TW, D(10))],
        )
        buat_iku(rencana.sasaran, "IKU-99", aktif=False, targets=[T(TAHUN, None, D(1))])
    return DataGrid(angka, kualitatif, negatif, rencana)


@pytest.fixture
def operator_a(host_client, opd_a, login, izin) -> Client:
    return login(host_client(opd_a.domain), "operator")


@pytest.fixture
def kepala_a(host_client, opd_a, login, izin) -> Client:
    return login(host_client(opd_a.domain), "kepala")


@pytest.fixture
def operator_b(host_client, opd_b, login, izin) -> Client:
    return login(host_client(opd_b.domain), "operator")


def pelaku(opd, username: str = "operator") -> Any:
    """The workflow actor of a test user (call inside the OPD's schema_context)."""
    from django.contrib.auth import get_user_model

    from kinerja.opd.realisasi import pelaku_dari_user

    return pelaku_dari_user(get_user_model().objects.get(username=username), "127.0.0.1")


def isian(
    baris: dict[Any, dict[str, Any]], aksi: str = "simpan", tahun: int = TAHUN, triwulan: int = TW
) -> dict[str, Any]:
    """POST data of the grid: {iku: {"nilai": "12,5", "versi": 0, ...}}."""
    data: dict[str, Any] = {"tahun": tahun, "triwulan": triwulan, "aksi": aksi, "iku": []}
    for iku, nilai in baris.items():
        data["iku"].append(str(iku.pk))
        data[f"versi-{iku.pk}"] = str(nilai.get("versi", 0))
        for kolom in (
            "nilai",
            "nilai_kualitatif",
            "faktor_pendorong",
            "faktor_penghambat",
            "tindak_lanjut",
        ):
            data[f"{kolom}-{iku.pk}"] = nilai.get(kolom, "")
    return data


def isian_lengkap(d: DataGrid, aksi: str = "simpan") -> dict[str, Any]:
    return isian(
        {
            d.angka: {"nilai": "1.234,5", "faktor_pendorong": "Dukungan anggaran"},
            d.kualitatif: {"nilai_kualitatif": "wdp"},
            d.negatif: {"nilai": "9", "tindak_lanjut": "Sosialisasi"},
        },
        aksi,
    )


def realisasi(opd, **filters: Any) -> list[Any]:
    from kinerja.opd.models import RealisasiIku

    with schema_context(opd.schema):
        return list(
            RealisasiIku.objects.filter(**filters).select_related("iku").order_by("iku__kode")
        )


def jumlah_jejak(opd, **filters: Any) -> int:
    from kinerja.opd.models import JejakAudit

    with schema_context(opd.schema):
        return JejakAudit.objects.filter(**filters).count()


def url_grid(tahun: int = TAHUN, triwulan: int = TW) -> str:
    return f"{URL}?tahun={tahun}&triwulan={triwulan}"


def pesan(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- GET -------------------------------------------------------------------------------------


def test_grid_operator_sees_every_active_iku_with_inputs(operator_a, data_grid):
    response = operator_a.get(url_grid())
    assert response.status_code == 200
    html = response.content.decode()
    for iku in (data_grid.angka, data_grid.kualitatif, data_grid.negatif):
        assert iku.kode in html
        assert f'name="versi-{iku.pk}" value="0"' in html
    assert "IKU-99" not in html  # inactive
    assert f'name="nilai-{data_grid.angka.pk}"' in html
    # kualitatif: a select of the scale's labels, not a number box
    assert f'name="nilai_kualitatif-{data_grid.kualitatif.pk}"' in html
    assert f'name="nilai-{data_grid.kualitatif.pk}"' not in html
    assert '<option value="WTP">WTP</option>' in html
    for teks in (
        "Simpan semua",
        "Ajukan seluruh triwulan",
        "data-konfirmasi",
        "Ajukan seluruh triwulan mengajukan semua IKU sekaligus; untuk mengajukan satu "
        "IKU, buka halaman IKU tersebut.",
        "Triwulan II 2031",
        "Faktor pendorong",
        "opd/js/realisasi-grid.js",
        "Belum diisi",
    ):
        assert teks in html, teks
    assert "Setujui seluruh triwulan" not in html
    # targets: TW text and s.d. TW (kumulatif 25 + 25)
    assert ">25<" in html and ">50<" in html


def test_kepala_sees_approve_button_not_inputs(operator_a, kepala_a, data_grid, opd_a):
    assert operator_a.post(URL, isian_lengkap(data_grid, "ajukan")).status_code == 302
    response = kepala_a.get(url_grid())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Setujui seluruh triwulan" in html
    assert 'name="nilai-' not in html and 'name="nilai_kualitatif-' not in html
    assert "<textarea" not in html
    assert "Simpan semua" not in html and "Ajukan seluruh triwulan</button>" not in html
    assert "1.234,5" in html and "Diajukan" in html  # values shown as text


def test_default_period_is_the_open_window(operator_a, data_grid):
    response = operator_a.get(URL)
    assert response.status_code == 200
    assert response.context["grid"].tahun == TAHUN
    assert response.context["grid"].triwulan == TW


def test_bad_period_in_query_is_a_warning_not_an_error(operator_a, data_grid):
    response = operator_a.get(f"{URL}?tahun=abc&triwulan=9")
    assert response.status_code == 200
    assert any("tidak valid" in m for m in pesan(response))


# --- save ------------------------------------------------------------------------------------


def test_simpan_semua_saves_the_grid(operator_a, data_grid, opd_a):
    response = operator_a.post(URL, isian_lengkap(data_grid))
    assert response.status_code == 302
    assert response["Location"] == url_grid()
    rows = realisasi(opd_a, tahun=TAHUN, triwulan=TW)
    assert [(r.iku.kode, r.nilai, r.nilai_kualitatif, r.status, r.versi) for r in rows] == [
        ("IKU-01", D("1234.5"), "", "draft", 1),
        ("IKU-02", None, "WDP", "draft", 1),  # label canonicalised by the service
        ("IKU-03", D(9), "", "draft", 1),
    ]
    assert rows[0].faktor_pendorong == "Dukungan anggaran"
    assert jumlah_jejak(opd_a, aksi="buat") >= 3

    response = operator_a.get(url_grid())
    html = response.content.decode()
    assert "3 realisasi Triwulan II 2031 disimpan." in pesan(response)
    assert 'value="1.234,5"' in html
    assert f'name="versi-{data_grid.angka.pk}" value="1"' in html
    # the row's item page is linked once the row exists
    assert f"/admin/kinerja-opd/realisasi/{rows[0].pk}/" in html


def test_capaian_and_predikat_shown_after_save(operator_a, data_grid):
    operator_a.post(
        URL,
        isian(
            {data_grid.angka: {"nilai": "49,25"}, data_grid.kualitatif: {"nilai_kualitatif": "WTP"}}
        ),
    )
    grid = operator_a.get(url_grid()).context["grid"]
    angka = grid.baris_iku(data_grid.angka.pk)
    assert angka.capaian_teks == "98,50"  # 49,25 / (25 + 25) × 100
    assert angka.predikat_label == "Sangat Tinggi"
    assert "R / T × 100" in angka.rumus
    assert grid.baris_iku(data_grid.kualitatif.pk).capaian_teks == "100,00"


def test_one_bad_number_saves_nothing_and_shows_the_row_error(operator_a, data_grid, opd_a):
    data = isian(
        {
            data_grid.angka: {"nilai": "12,5", "faktor_pendorong": "ketikan saya"},
            data_grid.negatif: {"nilai": "abc"},
        }
    )
    response = operator_a.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Baris IKU IKU-03, kolom Realisasi: &#x27;abc&#x27; bukan angka" in html
    assert "1 kesalahan; tidak ada yang disimpan." in html
    # the typed values are shown again, the error next to the right cell
    assert 'value="abc"' in html and 'value="12,5"' in html and "ketikan saya" in html
    baris = {b.b.iku.kode: b for b in response.context["baris"]}
    assert baris["IKU-03"].galat == {"nilai": ["'abc' bukan angka"]}
    assert baris["IKU-01"].galat == {}
    assert realisasi(opd_a) == []


def test_service_validation_error_saves_nothing(operator_a, data_grid, opd_a):
    data = isian(
        {
            data_grid.angka: {"nilai": "12,5"},
            data_grid.kualitatif: {"nilai_kualitatif": "Sangat Baik"},
            data_grid.negatif: {"nilai": "1,23456"},
        }
    )
    response = operator_a.post(URL, data)
    assert response.status_code == 400
    baris = {b.b.iku.kode: b for b in response.context["baris"]}
    assert "tidak ada pada skala" in baris["IKU-02"].galat["nilai_kualitatif"][0]
    assert "4 angka di belakang koma" in baris["IKU-03"].galat["nilai"][0]
    assert "2 kesalahan; tidak ada yang disimpan." in response.content.decode()
    assert realisasi(opd_a) == []


def test_stale_version_is_a_conflict_and_nothing_is_overwritten(operator_a, data_grid, opd_a):
    from kinerja.opd.realisasi import RealisasiInput, realisasi_simpan

    assert operator_a.post(URL, isian({data_grid.angka: {"nilai": "10"}})).status_code == 302
    with schema_context(opd_a.schema):
        # Someone else saves in between (version 1 → 2).
        realisasi_simpan(
            pelaku(opd_a), data_grid.angka.pk, TAHUN, TW, RealisasiInput(nilai=D(20)), versi=1
        )
    response = operator_a.post(URL, isian({data_grid.angka: {"nilai": "30", "versi": 1}}))
    assert response.status_code == 409
    html = response.content.decode()
    assert "telah diubah" in html and "Perubahan Anda tidak disimpan" in html
    baris = {b.b.iku.kode: b for b in response.context["baris"]}
    assert "telah diubah" in baris["IKU-01"].galat_baris[0]
    assert 'value="30"' in html  # what the user typed is not lost
    [row] = realisasi(opd_a)
    assert (row.nilai, row.versi) == (D(20), 2)


def test_new_row_created_meanwhile_is_a_conflict(operator_a, data_grid, opd_a):
    from kinerja.opd.realisasi import RealisasiInput, realisasi_simpan

    with schema_context(opd_a.schema):
        realisasi_simpan(pelaku(opd_a), data_grid.angka.pk, TAHUN, TW, RealisasiInput(nilai=D(7)))
    response = operator_a.post(URL, isian({data_grid.angka: {"nilai": "8", "versi": 0}}))
    assert response.status_code == 409
    assert realisasi(opd_a)[0].nilai == D(7)


def test_window_closed_shows_dates_disables_inputs_and_saves_nothing(
    operator_a, rencana, opd_a, buat_iku
):
    buat_jadwal(TAHUN, 3, buka=-40, batas=-20, kunci=-10)
    with schema_context(opd_a.schema):
        iku = buat_iku(rencana.sasaran, "IKU-01", targets=[T(TAHUN, None, D(100))])
    response = operator_a.get(url_grid(TAHUN, 3))
    html = response.content.decode()
    assert "Pelaporan Triwulan III 2031 sudah ditutup pada" in html
    assert "WITA" in html and "batas waktu" in html
    assert 'name="nilai-' not in html and "Simpan semua" not in html
    assert "disabled" in html and "Isian dinonaktifkan" in html

    # A page opened before the lock, posted after it.
    response = operator_a.post(URL, isian({iku: {"nilai": "5"}}, triwulan=3))
    assert response.status_code == 400
    html = response.content.decode()
    assert "sudah ditutup pada" in html and "Mintalah perpanjangan" in html
    assert "Jadwal: dibuka" in html
    assert realisasi(opd_a) == []


def test_no_schedule_says_so(operator_a, data_grid):
    html = operator_a.get(url_grid(TAHUN, 4)).content.decode()
    assert "Jadwal pelaporan Triwulan IV 2031 belum ditetapkan Bappeda" in html
    assert 'name="nilai-' not in html


def test_extension_is_shown_as_diperpanjang(operator_a, rencana, opd_a, buat_iku):
    from kinerja.daerah.models import PerpanjanganJadwal
    from tenants.models import Opd

    jadwal = buat_jadwal(TAHUN, 3, buka=-40, batas=-20, kunci=-10)
    with schema_context("public"):
        PerpanjanganJadwal.objects.create(
            jadwal=jadwal,
            opd=Opd.objects.get(schema_name=opd_a.schema),
            batas_waktu=timezone.now() + timedelta(days=5),
            tanggal_kunci=timezone.now() + timedelta(days=6),
            alasan="Gangguan jaringan",
            diberikan_oleh="bappeda",
        )
    with schema_context(opd_a.schema):
        buat_iku(rencana.sasaran, "IKU-01", targets=[T(TAHUN, None, D(100))])
    html = operator_a.get(url_grid(TAHUN, 3)).content.decode()
    assert "(diperpanjang)" in html and "Gangguan jaringan" in html
    assert 'name="nilai-' in html


def test_double_post_of_simpan_creates_no_duplicate(operator_a, data_grid, opd_a):
    data = isian_lengkap(data_grid)
    first = operator_a.post(URL, data)
    jejak = jumlah_jejak(opd_a)
    second = operator_a.post(URL, data)
    assert (first.status_code, second.status_code) == (302, 302)
    rows = realisasi(opd_a)
    assert len(rows) == 3 and {r.versi for r in rows} == {1}
    assert jumlah_jejak(opd_a) == jejak
    assert "Tidak ada perubahan untuk disimpan." in pesan(operator_a.get(url_grid()))


def test_ajukan_seluruh_triwulan_saves_then_submits_and_double_click_is_harmless(
    operator_a, data_grid, opd_a
):
    data = isian_lengkap(data_grid, "ajukan")
    first = operator_a.post(URL, data)
    assert first.status_code == 302
    rows = realisasi(opd_a)
    assert {r.status for r in rows} == {"diajukan"}
    assert any("diajukan kepada Kepala OPD" in m for m in pesan(operator_a.get(url_grid())))

    second = operator_a.post(URL, data)  # double click
    assert second.status_code == 302
    assert any("sudah diajukan" in m for m in pesan(operator_a.get(url_grid())))
    assert jumlah_jejak(opd_a, aksi="ajukan") == 3
    # read-only now for the operator
    html = operator_a.get(url_grid()).content.decode()
    assert 'name="nilai-' not in html and "Diajukan" in html


def test_ajukan_refused_while_an_iku_is_missing_keeps_the_saved_values(
    operator_a, data_grid, opd_a
):
    response = operator_a.post(URL, isian({data_grid.angka: {"nilai": "5"}}, "ajukan"))
    assert response.status_code == 302
    msgs = pesan(operator_a.get(url_grid()))
    assert any("Pengajuan Triwulan II 2031 ditolak" in m and "IKU-02" in m for m in msgs)
    [row] = realisasi(opd_a)
    assert (row.nilai, row.status) == (D(5), "draft")


def test_kepala_approves_whole_triwulan_once(operator_a, kepala_a, data_grid, opd_a):
    operator_a.post(URL, isian_lengkap(data_grid, "ajukan"))
    data = {"tahun": TAHUN, "triwulan": TW, "aksi": "setujui"}
    assert kepala_a.post(URL, data).status_code == 302
    assert {r.status for r in realisasi(opd_a)} == {"disetujui"}
    assert any("disetujui" in m for m in pesan(kepala_a.get(url_grid())))
    assert kepala_a.post(URL, data).status_code == 302  # double click
    assert any("sudah disetujui" in m for m in pesan(kepala_a.get(url_grid())))
    assert jumlah_jejak(opd_a, aksi="setujui") == 3


def test_operator_cannot_approve(operator_a, data_grid, opd_a):
    operator_a.post(URL, isian_lengkap(data_grid, "ajukan"))
    response = operator_a.post(URL, {"tahun": TAHUN, "triwulan": TW, "aksi": "setujui"})
    assert response.status_code == 302
    assert any("tidak berwenang" in m for m in pesan(operator_a.get(url_grid())))
    assert {r.status for r in realisasi(opd_a)} == {"diajukan"}


def test_kepala_cannot_save_values(kepala_a, data_grid, opd_a):
    response = kepala_a.post(URL, isian({data_grid.angka: {"nilai": "5"}}))
    assert response.status_code == 403
    assert "tidak berwenang" in response.content.decode()
    assert realisasi(opd_a) == []


def test_submitted_row_cannot_be_changed_by_a_stale_form(operator_a, data_grid, opd_a):
    operator_a.post(URL, isian_lengkap(data_grid, "ajukan"))
    response = operator_a.post(URL, isian({data_grid.angka: {"nilai": "99", "versi": 2}}))
    assert response.status_code == 400
    assert "tidak dapat diubah" in response.content.decode()
    assert realisasi(opd_a, iku__kode="IKU-01")[0].nilai == D("1234.5")


def test_garbage_post_never_500(operator_a, data_grid, opd_a):
    for data in (
        {"tahun": "x", "triwulan": "y"},
        {"iku": [str(data_grid.angka.pk)], f"nilai-{data_grid.angka.pk}": "5"},  # no period
        {"tahun": TAHUN, "triwulan": TW, "aksi": "hapus"},
        {"tahun": TAHUN, "triwulan": TW, "iku": ["abc", "999999"]},
        {
            "tahun": TAHUN,
            "triwulan": TW,
            "iku": [str(data_grid.angka.pk)],
            f"versi-{data_grid.angka.pk}": "x",
        },
    ):
        response = operator_a.post(URL, data)
        assert response.status_code in (302, 400), data
    assert realisasi(opd_a) == []


# --- live preview ----------------------------------------------------------------------------


def test_pratinjau_numbers_indonesian_and_predikat(operator_a, data_grid):
    response = operator_a.post(
        URL_PRATINJAU,
        {"tahun": TAHUN, "triwulan": TW, "iku_id": data_grid.angka.pk, "nilai": "49,25"},
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["capaian"] == "98,50"
    assert data["predikat"] == "Sangat Tinggi"
    assert "R / T × 100" in data["formula"] and "Target s.d. TW2 2031" in data["formula"]


def test_pratinjau_kualitatif_and_empty_value(operator_a, data_grid):
    data = json.loads(
        operator_a.post(
            URL_PRATINJAU,
            {
                "tahun": TAHUN,
                "triwulan": TW,
                "iku_id": data_grid.kualitatif.pk,
                "nilai_kualitatif": "wdp",
            },
        ).content
    )
    assert (data["capaian"], data["predikat"]) == ("75,00", "Sedang")
    kosong = json.loads(
        operator_a.post(
            URL_PRATINJAU, {"tahun": TAHUN, "triwulan": TW, "iku_id": data_grid.angka.pk}
        ).content
    )
    assert kosong["capaian"] is None and kosong["alasan"]


def test_pratinjau_matches_the_saved_grid(operator_a, data_grid):
    operator_a.post(URL, isian({data_grid.negatif: {"nilai": "12,5"}}))
    grid = operator_a.get(url_grid()).context["grid"]
    data = json.loads(
        operator_a.post(
            URL_PRATINJAU,
            {"tahun": TAHUN, "triwulan": TW, "iku_id": data_grid.negatif.pk, "nilai": "12,5"},
        ).content
    )
    baris = grid.baris_iku(data_grid.negatif.pk)
    assert data["capaian"] == baris.capaian_teks == "75,00"  # (2 − 12,5/10) × 100
    assert data["predikat"] == baris.predikat_label


def test_pratinjau_bad_input_is_400_json(operator_a, data_grid):
    dasar = {"tahun": TAHUN, "triwulan": TW, "iku_id": data_grid.angka.pk}
    for data, status, kata in (
        ({**dasar, "nilai": "abc"}, 400, "bukan angka"),
        ({**dasar, "iku_id": "x"}, 400, "wajib"),
        ({**dasar, "triwulan": "7"}, 400, "tidak valid"),
        ({**dasar, "iku_id": "999999"}, 404, "tidak ditemukan"),
    ):
        response = operator_a.post(URL_PRATINJAU, data)
        assert response.status_code == status, data
        assert response["Content-Type"] == "application/json"
        assert kata in json.loads(response.content)["pesan"]
    response = operator_a.get(URL_PRATINJAU)
    assert response.status_code == 405


# --- menu, guards, tenancy ---------------------------------------------------------------------


def test_menu_item_on_opd_domain_only(operator_a, public_client, izin):
    html = operator_a.get("/admin/").content.decode()
    assert "Pelaporan Realisasi" in html and URL in html
    public_client.post("/admin/login/", {"username": "verifikator", "password": PASSWORD})
    response = public_client.get("/admin/")
    assert response.status_code == 200
    assert "Pelaporan Realisasi" not in response.content.decode()


def test_user_without_realisasi_permission_sees_no_menu_and_is_refused(
    host_client, opd_a, data_grid
):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    with schema_context(opd_a.schema):
        user = get_user_model().objects.create_user("tamu", password=PASSWORD)
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    client = host_client(opd_a.domain)
    assert (
        client.post("/admin/login/", {"username": "tamu", "password": PASSWORD}).status_code == 302
    )
    assert "Pelaporan Realisasi" not in client.get("/admin/").content.decode()
    for url in (URL, f"{URL}excel/", f"{URL}excel/templat/?tahun=2031&triwulan=2"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"] in ("/admin/", "/admin/login/?next=" + url)
    response = client.post(URL_PRATINJAU, {"tahun": TAHUN, "triwulan": TW, "iku_id": 1})
    assert response.status_code == 403
    assert realisasi(opd_a) == []


def test_public_domain_answers_404(public_client, izin):
    public_client.post("/admin/login/", {"username": "verifikator", "password": PASSWORD})
    for url in (URL, URL_PRATINJAU, f"{URL}excel/", f"{URL}excel/templat/?tahun=2031&triwulan=1"):
        assert public_client.get(url).status_code == 404, url
    assert public_client.post(URL, {"tahun": TAHUN, "triwulan": TW}).status_code == 404


def test_anonymous_is_sent_to_login(host_client, opd_a, data_grid):
    client = host_client(opd_a.domain)
    for url in (URL, URL_PRATINJAU, f"{URL}excel/"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    response = client.post(URL, isian({data_grid.angka: {"nilai": "5"}}))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_opd_b_never_sees_or_changes_opd_a_values(operator_a, operator_b, data_grid, opd_a, opd_b):
    buat_kata = "Pendorong-khas-OPD-A"
    operator_a.post(
        URL, isian({data_grid.angka: {"nilai": "4.321,75", "faktor_pendorong": buat_kata}})
    )
    response = operator_b.get(url_grid())
    assert response.status_code == 200
    html = response.content.decode()
    assert "4.321,75" not in html and buat_kata not in html and "IKU-01" not in html
    assert response.context["grid"].baris == []
    # A's IKU id through B's domain: unknown there, nothing changes in A
    response = operator_b.post(URL, isian({data_grid.angka: {"nilai": "1"}}))
    assert response.status_code == 400
    assert "tidak ditemukan" in response.content.decode()
    response = operator_b.post(
        URL_PRATINJAU, {"tahun": TAHUN, "triwulan": TW, "iku_id": data_grid.angka.pk, "nilai": "1"}
    )
    assert response.status_code == 404
    assert realisasi(opd_a)[0].nilai == D("4321.75")
    assert realisasi(opd_b) == []


def test_session_of_opd_a_is_not_valid_on_opd_b(operator_a, host_client, opd_b, data_grid):
    from django.conf import settings

    cookie = operator_a.cookies[settings.SESSION_COOKIE_NAME].value
    client_b = host_client(opd_b.domain)
    client_b.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = client_b.get(url_grid())
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_reverse_names():
    assert reverse("realisasi_grid:index") == URL
    assert reverse("realisasi_grid:pratinjau") == URL_PRATINJAU
