"""POST /api/v1/auth/token/ per domain, failed-login and anonymous rate limits (429 JSON),
rate counters scoped to the domain."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django_tenants.utils import schema_context

from tests.api.conftest import galat_json
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def masuk(client, username="operator", password=PASSWORD):
    return client.post(
        "/api/v1/auth/token/",
        json.dumps({"username": username, "password": password}),
        content_type="application/json",
    )


def test_token_for_this_domain_only(klien, opd_a, opd_b, izin):
    response = masuk(klien(opd_a.domain))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["pengguna"] == "operator" and body["peran"] == ["operator"]
    token = body["token"]
    # The same call again returns the same token.
    assert masuk(klien(opd_a.domain)).json()["token"] == token
    assert klien(opd_a.domain, token).get("/api/v1/realisasi/").status_code == 200
    # OPD B has its own "operator" with the same password, but A's token is unknown there.
    galat_json(klien(opd_b.domain, token).get("/api/v1/realisasi/"), 401, "autentikasi")
    assert masuk(klien(opd_b.domain)).json()["token"] != token
    # Bappeda's verifikator signs in on the public domain only.
    assert masuk(klien("localhost"), "verifikator").json()["peran"] == ["verifikator"]
    galat_json(masuk(klien(opd_a.domain), "verifikator"), 400, "kredensial")


def test_wrong_password_and_bad_body(klien, opd_a, izin):
    body = galat_json(masuk(klien(opd_a.domain), password="salah"), 400, "kredensial")
    assert body["pesan"] == "Nama pengguna atau kata sandi salah untuk domain ini."
    body = galat_json(
        klien(opd_a.domain).post("/api/v1/auth/token/", "{}", content_type="application/json"),
        400,
        "validasi",
    )
    assert set(body["galat"]) == {"username", "password"}
    assert body["galat"]["username"] == ["Wajib diisi."]


@pytest.mark.parametrize("header", ["Token", "Token a b", "Token tidak-ada", "Token " + "x" * 500])
def test_bad_token_headers_are_401(klien, opd_a, header):
    client = klien(opd_a.domain)
    response = client.get("/api/v1/iku/", HTTP_AUTHORIZATION=header)
    galat_json(response, 401, "autentikasi")


def test_inactive_user_token_is_refused(klien, opd_a, izin):
    from django.contrib.auth import get_user_model

    from tests.api.conftest import token_untuk

    token = token_untuk(opd_a.schema, "kepala")
    with schema_context(opd_a.schema):
        get_user_model().objects.filter(username="kepala").update(is_active=False)
    galat_json(klien(opd_a.domain, token).get("/api/v1/iku/"), 401, "autentikasi")


def test_failed_logins_are_limited_per_ip_and_username(klien, opd_a, opd_b, izin, settings):
    settings.KINERJA_API_THROTTLE = {**settings.KINERJA_API_THROTTLE, "login_gagal": "3/minute"}
    client = klien(opd_a.domain)
    for _ in range(3):
        galat_json(masuk(client, password="salah"), 400, "kredensial")
    response = masuk(client)  # even the right password, until the window ends
    body = galat_json(response, 429, "terlalu_banyak")
    assert "Coba lagi dalam" in body["pesan"]
    assert int(response["Retry-After"]) >= 1
    # The counters belong to OPD A's domain: OPD B is not affected.
    assert masuk(klien(opd_b.domain)).status_code == 200
    # Throttle keys carry the schema (cache KEY_FUNCTION) and the host.
    klien_redis = cache._cache.get_client(None, write=True)
    kunci = [k.decode() for k in klien_redis.scan_iter(match="*api:throttle:login_gagal*")]
    assert kunci and all(k.startswith("opd_a:") for k in kunci)
    assert all(opd_a.domain in k for k in kunci)


def test_anonymous_rate_limit_is_429_json_and_per_domain(klien, opd_a, opd_b, settings):
    settings.KINERJA_API_THROTTLE = {**settings.KINERJA_API_THROTTLE, "anon": "3/minute"}
    client = klien(opd_a.domain)
    for _ in range(3):
        assert client.get("/api/v1/profil/").status_code == 200
    response = client.get("/api/v1/profil/")
    galat_json(response, 429, "terlalu_banyak")
    assert response["Retry-After"]
    assert klien(opd_b.domain).get("/api/v1/profil/").status_code == 200
    assert klien("localhost").get("/api/v1/opd/").status_code == 200


def test_signed_in_users_are_not_held_by_the_anonymous_limit(klien, opd_a, settings, izin):
    from tests.api.conftest import token_untuk

    settings.KINERJA_API_THROTTLE = {**settings.KINERJA_API_THROTTLE, "anon": "1/minute"}
    client = klien(opd_a.domain, token_untuk(opd_a.schema, "operator"))
    for _ in range(3):
        assert client.get("/api/v1/profil/").status_code == 200


def test_rate_limit_applies_to_cached_answers_too(klien, opd_a, data, settings):
    """The cache's fast path counts the request in the same Redis round trip; the limit
    holds for answers served from the cache and for misses, counted once each."""
    settings.KINERJA_API_THROTTLE = {**settings.KINERJA_API_THROTTLE, "anon": "4/minute"}
    client = klien(opd_a.domain)
    assert client.get("/api/v1/iku/?tahun=2031").status_code == 200  # miss, counted once
    for _ in range(3):
        assert client.get("/api/v1/iku/?tahun=2031").status_code == 200  # hits
    response = client.get("/api/v1/iku/?tahun=2031")
    galat_json(response, 429, "terlalu_banyak")
    assert response["Retry-After"]
