"""Every kind of domain answers: portal, OPD site, admin, API; unknown hosts and paths are 404."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "host", ["unknown.localhost", "evil.example.com", "opd_template.localhost"]
)
def test_unknown_host_is_404_not_500(host_client, host):
    response = host_client(host).get("/")
    assert response.status_code == 404


@pytest.mark.parametrize("host", ["localhost", "opd-a.localhost"])
@pytest.mark.parametrize(
    "path",
    [
        "/tidak-ada/",
        "/admin/tidak-ada/",
        "/media/opd_a/images/tidak-ada.jpg",
        "/documents/999/x.pdf",
        "/api/v1/tidak-ada/",
    ],
)
def test_404_on_every_domain_kind(host_client, host, path):
    client = host_client(host)
    if path.startswith("/admin/"):
        # admin paths send anonymous users to the login page first
        response = client.get(path)
        assert response.status_code in (302, 404)
        return
    response = client.get(path)
    assert response.status_code == 404
    if not path.startswith("/api/"):
        assert "tidak ditemukan" in response.content.decode().lower()


def test_public_portal_lists_opds_with_links(public_client, opd_a):
    response = public_client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="id-id"' in html
    assert opd_a.nama in html
    assert f"http://{opd_a.domain}/" in html


def test_opd_site_home(host_client, opd_a, opd_b):
    html = host_client(opd_a.domain).get("/").content.decode()
    assert opd_a.nama in html
    assert opd_b.nama not in html


@pytest.mark.parametrize("host", ["localhost", "opd-a.localhost"])
def test_wagtail_admin_login_page_in_indonesian(host_client, host):
    response = host_client(host).get("/admin/login/")
    assert response.status_code == 200
    assert "Masuk" in response.content.decode()


def test_bappeda_verifikator_logs_in_on_public_domain_only(public_client, host_client, opd_a):
    from tests.conftest import PASSWORD

    ok = public_client.post("/admin/login/", {"username": "verifikator", "password": PASSWORD})
    assert ok.status_code == 302
    assert public_client.get("/admin/").status_code == 200
    refused = host_client(opd_a.domain).post(
        "/admin/login/", {"username": "verifikator", "password": PASSWORD}
    )
    assert refused.status_code == 200


def test_api_opd_list_on_public_domain(public_client, opd_a, opd_b):
    data = public_client.get("/api/v1/opd/").json()
    schemas = {row["schema"] for row in data["results"]}
    assert {opd_a.schema, opd_b.schema} <= schemas
    assert "public" not in schemas and "opd_template" not in schemas
    row = next(r for r in data["results"] if r["schema"] == opd_a.schema)
    assert row["domain"] == opd_a.domain


def test_api_profil_is_the_opd_of_the_domain(host_client, opd_a, opd_b):
    assert host_client(opd_a.domain).get("/api/v1/profil/").json()["schema"] == opd_a.schema
    assert host_client(opd_b.domain).get("/api/v1/profil/").json()["schema"] == opd_b.schema


def test_api_routes_exist_only_on_their_domain_kind(public_client, host_client, opd_a):
    assert public_client.get("/api/v1/profil/").status_code == 404
    assert host_client(opd_a.domain).get("/api/v1/opd/").status_code == 404


@pytest.mark.parametrize("host", ["localhost", "opd-a.localhost"])
def test_openapi_schema_and_docs_per_domain(host_client, host):
    client = host_client(host)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert paths and all(p.startswith("/api/") for p in paths)
    if host == "localhost":
        assert "/api/v1/opd/" in paths and "/api/v1/profil/" not in paths
    else:
        assert "/api/v1/profil/" in paths and "/api/v1/opd/" not in paths
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "swagger-ui" in docs.content.decode()
    assert "cdn" not in docs.content.decode().lower()


@pytest.mark.parametrize("host", ["localhost", "opd-a.localhost"])
def test_indonesian_by_default_even_for_an_english_browser(host_client, host):
    client = host_client(host)
    html = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "<title>Masuk" in html
    assert 'lang="id-id"' in html


def test_english_is_available_by_choice(public_client):
    public_client.cookies["django_language"] = "en"
    html = public_client.get("/admin/login/").content.decode()
    assert "<title>Sign in" in html


def test_admin_sends_no_email_hash_to_gravatar(public_client):
    """Avatars come from Wagtail itself: no request to gravatar.com with an official's e-mail
    hash (WAGTAIL_GRAVATAR_PROVIDER_URL = None)."""
    from django.contrib.auth import get_user_model

    from tests.conftest import PASSWORD

    get_user_model().objects.filter(username="verifikator").update(email="verif@kaltara.test")
    public_client.post("/admin/login/", {"username": "verifikator", "password": PASSWORD})
    html = public_client.get("/admin/").content.decode()
    assert "avatar" in html  # the avatar is shown…
    assert "gravatar" not in html  # …from Wagtail's own default image
