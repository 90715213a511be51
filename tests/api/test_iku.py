"""OPD domain: /api/v1/iku/ and /api/v1/iku/{id}/ — verified data only for anonymous users,
everything with its status for the OPD's own users, nothing across OPDs."""

from __future__ import annotations

import pytest

from tests.api.conftest import TAHUN, galat_json, token_untuk

pytestmark = pytest.mark.django_db


def _iku(body, kode):
    return next(r for r in body["results"] if r["kode"] == kode)


def test_anonymous_sees_only_verified_realisasi(anon_a, data):
    body = anon_a.get(f"/api/v1/iku/?tahun={TAHUN}").json()
    assert body["tahun"] == TAHUN and body["count"] == 2
    iku1 = _iku(body, "IKU-1")
    assert iku1["hanya_terverifikasi"] is True
    assert [(r["triwulan"], r["nilai"], r["status"]) for r in iku1["realisasi"]] == [
        (1, "30", "diverifikasi"),
        (3, "10", "diverifikasi"),
    ]
    # TW2 is a draft: the capaian stops at TW1 (30 against the TW1 target 25).
    assert iku1["capaian"]["sampai_triwulan"] == 1
    assert iku1["capaian"]["nilai"] == "120"
    assert iku1["capaian"]["predikat"]["kode"] == "sangat_tinggi"
    assert iku1["target"]["tahunan"]["nilai"] == "100"
    assert [t["triwulan"] for t in iku1["target"]["triwulan"]] == [1, 2, 3, 4]
    assert iku1["ikd"]["kode"] == "IKD-01"
    iku2 = _iku(body, "IKU-2")
    assert iku2["realisasi"] == []  # TW1 only submitted
    assert iku2["capaian"]["nilai"] is None
    # The draft value never appears anywhere in the answer.
    assert "20.5" not in str(body) and "20,5" not in str(body)


def test_anonymous_quarter_never_reported_is_skipped(anon_a, data, opd_a):
    """The published rule of the pages and the IKD rollup: an IKU reported in TW4 only (an
    indicator measured once a year) gets its capaian; a TW1 never reported does not hold back
    a verified TW2."""
    from django_tenants.utils import schema_context

    from tests.api.conftest import buat_realisasi

    with schema_context(opd_a.schema):
        data.realisasi[(2, 1)].delete()  # IKU-2: nothing reported before TW4
        buat_realisasi(data.iku2, 4, "diverifikasi", label="WTP")
    body = anon_a.get(f"/api/v1/iku/?tahun={TAHUN}").json()
    iku2 = _iku(body, "IKU-2")
    assert iku2["capaian"]["sampai_triwulan"] == 4
    assert iku2["capaian"]["realisasi_kualitatif"] == "WTP"
    # IKU-1 is unchanged: its TW2 draft still holds TW3 back.
    assert _iku(body, "IKU-1")["capaian"]["sampai_triwulan"] == 1


def test_anonymous_detail_hides_unverified_too(anon_a, data):
    body = anon_a.get(f"/api/v1/iku/{data.iku1.pk}/?tahun={TAHUN}").json()
    assert [r["triwulan"] for r in body["realisasi"]] == [1, 3]
    assert [c["sampai_triwulan"] for c in body["capaian_triwulan"]] == [1]
    assert body["renstra"]["tahun_awal"] == 2031
    assert body["capaian"]["formula"]
    assert "20.5" not in str(body)
    body2 = anon_a.get(f"/api/v1/iku/{data.iku2.pk}/?tahun={TAHUN}").json()
    assert body2["realisasi"] == [] and body2["capaian_triwulan"] == []


def test_opd_user_sees_every_status(operator_a, data):
    body = operator_a.get(f"/api/v1/iku/?tahun={TAHUN}").json()
    iku1 = _iku(body, "IKU-1")
    assert iku1["hanya_terverifikasi"] is False
    assert [(r["triwulan"], r["status"]) for r in iku1["realisasi"]] == [
        (1, "diverifikasi"),
        (2, "draft"),
        (3, "diverifikasi"),
    ]
    assert iku1["capaian"]["sampai_triwulan"] == 3
    assert iku1["capaian"]["realisasi"] == "60.5"  # kumulatif 30 + 20.5 + 10
    iku2 = _iku(body, "IKU-2")
    assert iku2["realisasi"][0]["nilai_kualitatif"] == "WDP"
    assert iku2["capaian"]["realisasi_kualitatif"] == "WDP"
    detail = operator_a.get(f"/api/v1/iku/{data.iku1.pk}/?tahun={TAHUN}").json()
    assert [c["sampai_triwulan"] for c in detail["capaian_triwulan"]] == [1, 2, 3]


def test_ordering_and_filter(anon_a, data):
    def kode(q):
        body = anon_a.get(f"/api/v1/iku/?tahun={TAHUN}&{q}").json()
        return [r["kode"] for r in body["results"]]

    assert kode("ordering=-kode") == ["IKU-2", "IKU-1"]
    assert kode("ordering=kode") == ["IKU-1", "IKU-2"]
    assert kode("sasaran=SS2") == ["IKU-2"]
    assert kode("page_size=1") == ["IKU-1"]
    assert kode("page_size=1&page=2") == ["IKU-2"]


@pytest.mark.parametrize(
    ("query", "status", "kode"),
    [
        ("tahun=2040", 400, "validasi"),
        ("tahun=20x1", 400, "validasi"),
        ("ordering=kata_sandi", 400, "validasi"),
        ("page=99", 404, "tidak_ditemukan"),
        ("page=abc", 404, "tidak_ditemukan"),
    ],
)
def test_bad_parameters(anon_a, data, query, status, kode):
    body = galat_json(anon_a.get(f"/api/v1/iku/?{query}"), status, kode)
    if query == "tahun=2040":
        assert body["pesan"] == "Tahun 2040 di luar periode Renstra (2031–2035)."


def test_page_size_is_capped(anon_a, data):
    body = anon_a.get(f"/api/v1/iku/?tahun={TAHUN}&page_size=100000").json()
    assert body["count"] == 2


def test_unknown_iku_is_404(anon_a, data):
    galat_json(anon_a.get("/api/v1/iku/999999/"), 404, "tidak_ditemukan")
    # An IKU outside the year's Renstra is not reported that year.
    galat_json(anon_a.get(f"/api/v1/iku/{data.iku1.pk}/?tahun=2036"), 400, "validasi")


def test_opd_b_domain_shows_nothing_of_opd_a(klien, opd_b, data, izin):
    anon_b = klien(opd_b.domain)
    body = anon_b.get(f"/api/v1/iku/?tahun={TAHUN}")
    # OPD B has no Renstra: the year is refused, and nothing of A is listed either way.
    assert "IKU-1" not in body.content.decode()
    galat_json(anon_b.get(f"/api/v1/iku/{data.iku1.pk}/"), 404, "tidak_ditemukan")
    operator_b = klien(opd_b.domain, token_untuk(opd_b.schema, "operator"))
    assert "IKU-1" not in operator_b.get("/api/v1/iku/").content.decode()


def test_opd_a_token_on_opd_b_domain_is_401(klien, opd_a, opd_b, data, izin):
    token_a = token_untuk(opd_a.schema, "operator")
    for path in ("/api/v1/iku/", "/api/v1/realisasi/", "/api/v1/profil/"):
        body = galat_json(klien(opd_b.domain, token_a).get(path), 401, "autentikasi")
        assert "domain ini" in body["pesan"]
    # The same token works on its own domain.
    assert klien(opd_a.domain, token_a).get("/api/v1/realisasi/").status_code == 200
