"""Public domain (Bappeda): /api/v1/opd/, /api/v1/ikd/, /api/v1/ikd/{id}/, /api/v1/rekap/."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.api.conftest import TAHUN, galat_json

pytestmark = pytest.mark.django_db


def test_opd_list_kept(publik, opd_a, opd_b):
    data = publik.get("/api/v1/opd/").json()
    assert {opd_a.schema, opd_b.schema} <= {r["schema"] for r in data["results"]}


def test_ikd_list_with_capaian_and_predikat(publik, data):
    response = publik.get(f"/api/v1/ikd/?tahun={TAHUN}")
    assert response.status_code == 200
    body = response.json()
    assert body["tahun"] == TAHUN
    assert body["periode"]["tahun_awal"] == 2031
    row = next(r for r in body["results"] if r["kode"] == "IKD-01")
    assert row["target"]["nilai"] == "70"
    assert row["realisasi"] == {
        "nilai": "72",
        "nilai_kualitatif": "",
        "teks": "72",
        "sumber": "bappeda",
    }
    assert row["capaian"]["nilai"] == "102.86"
    assert row["capaian"]["teks"] == "102,86"
    assert row["capaian"]["formula"]
    assert row["capaian"]["predikat"]["kode"] == "sangat_tinggi"
    # Only IKD (is_ikd), never an ordinary indikator daerah.
    assert "IND-02" not in {r["kode"] for r in body["results"]}


def test_ikd_list_filters_by_aspek_and_orders(publik, data):
    body = publik.get(f"/api/v1/ikd/?tahun={TAHUN}&aspek=pelayanan_umum").json()
    assert [r["kode"] for r in body["results"]] == ["IKD-01"]
    body = publik.get(f"/api/v1/ikd/?tahun={TAHUN}&aspek=daya_saing_daerah").json()
    assert body["results"] == []
    assert publik.get(f"/api/v1/ikd/?tahun={TAHUN}&ordering=-capaian,kode").status_code == 200


@pytest.mark.parametrize(
    ("query", "kolom"),
    [
        ("tahun=abc", "tahun"),
        ("tahun=1999", "tahun"),
        ("aspek=tidak-ada", "aspek"),
        ("ordering=sandi", "ordering"),
        ("tahun=99999999999999999999", "tahun"),
    ],
)
def test_ikd_list_bad_parameters_are_400_json(publik, data, query, kolom):
    body = galat_json(publik.get(f"/api/v1/ikd/?{query}"), 400, "validasi")
    assert kolom in body["galat"]


def test_ikd_tahun_outside_rpjmd_names_the_period(publik, data):
    body = galat_json(publik.get("/api/v1/ikd/?tahun=2050"), 400, "validasi")
    assert "di luar periode RPJMD" in body["pesan"]


def test_ikd_detail_every_year_of_the_period(publik, data):
    body = publik.get(f"/api/v1/ikd/{data.daerah.ikd.pk}/").json()
    assert body["kode"] == "IKD-01"
    assert [t["tahun"] for t in body["tahunan"]] == list(range(2031, 2037))
    tahun_2031 = body["tahunan"][0]
    assert tahun_2031["capaian"]["nilai"] == "102.86"
    assert body["tahunan"][1]["realisasi"] is None
    assert body["tahunan"][1]["capaian"]["nilai"] is None
    assert body["tahunan"][1]["capaian"]["alasan"]


def test_ikd_capaian_against_the_final_target_has_no_predikat(publik, data):
    """With a final period target, the capaian against it is computed and shown ungraded (it
    used to answer 500: grading against no bands)."""
    ikd = data.daerah.ikd
    ikd.target_akhir = Decimal(80)
    ikd.save()
    daftar = publik.get(f"/api/v1/ikd/?tahun={TAHUN}")
    assert daftar.status_code == 200, daftar.content
    baris = next(r for r in daftar.json()["results"] if r["kode"] == "IKD-01")
    assert baris["capaian_akhir"]["nilai"] == "90"  # 72 / 80
    assert baris["capaian_akhir"]["predikat"] is None
    detail = publik.get(f"/api/v1/ikd/{ikd.pk}/")
    assert detail.status_code == 200, detail.content
    assert detail.json()["capaian_akhir"]["predikat"] is None


def test_ikd_detail_unknown_or_not_ikd_is_404(publik, data):
    galat_json(publik.get("/api/v1/ikd/999999999/"), 404, "tidak_ditemukan")
    galat_json(publik.get(f"/api/v1/ikd/{data.daerah.bukan_ikd.pk}/"), 404, "tidak_ditemukan")
    # Not a number / absurdly long: no route, still our JSON 404.
    galat_json(publik.get("/api/v1/ikd/abc/"), 404, "tidak_ditemukan")
    galat_json(publik.get("/api/v1/ikd/1234567890123456789012/"), 404, "tidak_ditemukan")


def test_rekap_counts_public_and_capaian_from_verified_only(publik, rekap):
    body = publik.get(f"/api/v1/rekap/?tahun={TAHUN}&triwulan=2").json()
    assert (body["tahun"], body["triwulan"]) == (TAHUN, 2)
    rows = {r["opd"]["schema"]: r for r in body["results"]}
    a, b = rows["opd_a"], rows["opd_b"]
    assert a["jumlah_iku"] == 3 and a["jumlah_diverifikasi"] == 2
    assert a["kelengkapan_persen"] == "100"
    # Only IKU-2 has TW1 and TW2 verified: IKU-1 TW2 is disetujui, IKU-3 TW1 is a draft.
    assert a["capaian_terverifikasi"]["jumlah_iku"] == 1
    assert a["capaian_terverifikasi"]["rata_rata"] == "90"
    assert a["capaian_terverifikasi"]["rata_rata_teks"] == "90,00"
    assert a["capaian_terverifikasi"]["jumlah_per_predikat"] == {"tinggi": 1}
    assert a["capaian_terverifikasi"]["predikat"]["kode"] == "tinggi"
    # Nothing verified in OPD B: no mean, and the mixed RingkasanOpd mean never appears.
    assert b["capaian_terverifikasi"]["rata_rata"] is None
    text = str(body)
    assert "73.33" not in text and "200" not in str(b["capaian_terverifikasi"])


def test_rekap_tw1_and_default_period(publik, rekap):
    body = publik.get(f"/api/v1/rekap/?tahun={TAHUN}&triwulan=1").json()
    a = next(r for r in body["results"] if r["opd"]["schema"] == "opd_a")
    assert a["capaian_terverifikasi"]["rata_rata"] == "110"
    # Without parameters: the latest rolled-up triwulan in which something was reported; the
    # running quarter, scheduled but still empty everywhere, would show only zeros.
    from kinerja.rollup.models import RingkasanOpd

    kosong = RingkasanOpd.objects.get(opd__schema_name="opd_a", tahun=TAHUN, triwulan=2)
    kosong.pk, kosong.triwulan, kosong.jumlah_terisi = None, 3, 0
    kosong.save()
    body = publik.get("/api/v1/rekap/").json()
    assert (body["tahun"], body["triwulan"]) == (TAHUN, 2)
    body = publik.get(f"/api/v1/rekap/?tahun={TAHUN}").json()
    assert body["triwulan"] == 2


@pytest.mark.parametrize("query", ["triwulan=5", "triwulan=0", "triwulan=x", "tahun=-1"])
def test_rekap_bad_parameters(publik, rekap, query):
    body = galat_json(publik.get(f"/api/v1/rekap/?{query}"), 400, "validasi")
    if query == "triwulan=5":
        assert body["pesan"] == "Triwulan 5 tidak ada; pilih 1 sampai 4."


@pytest.mark.parametrize("path", ["/api/v1/iku/", "/api/v1/realisasi/", "/api/v1/profil/"])
def test_opd_routes_are_404_on_the_public_domain(publik, path):
    galat_json(publik.get(path), 404, "tidak_ditemukan")


@pytest.mark.parametrize("path", ["/api/v1/ikd/", "/api/v1/rekap/", "/api/v1/opd/"])
def test_public_routes_are_404_on_an_opd_domain(anon_a, path):
    galat_json(anon_a.get(path), 404, "tidak_ditemukan")
