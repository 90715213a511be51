"""OpenAPI documents per domain: valid OpenAPI 3, built from that domain's own URLs, without
generator warnings; Swagger UI served offline (sidecar)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django_tenants.utils import schema_context

pytestmark = pytest.mark.django_db

PUBLIK = {"/api/v1/opd/", "/api/v1/ikd/", "/api/v1/ikd/{id}/", "/api/v1/rekap/"}
OPD = {
    "/api/v1/profil/",
    "/api/v1/iku/",
    "/api/v1/iku/{id}/",
    "/api/v1/realisasi/",
    "/api/v1/realisasi/{id}/",
    "/api/v1/realisasi/{id}/ajukan/",
    "/api/v1/realisasi/{id}/setujui/",
    "/api/v1/realisasi/{id}/kembalikan/",
}


def dokumen(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(
    ("host", "milik", "bukan"), [("localhost", PUBLIK, OPD), ("opd-a.localhost", OPD, PUBLIK)]
)
def test_documents_are_valid_and_per_domain(klien, host, milik, bukan):
    from drf_spectacular.validation import validate_schema

    doc = dokumen(klien(host))
    validate_schema(doc)
    paths = set(doc["paths"])
    assert milik | {"/api/v1/auth/token/"} == paths
    assert not paths & bukan
    assert "tokenAuth" in doc["components"]["securitySchemes"]
    assert "Galat" in doc["components"]["schemas"]
    assert doc["info"]["description"].startswith("Data kinerja")


def test_operations_document_errors_and_auth(klien):
    doc = dokumen(klien("opd-a.localhost"))
    simpan = doc["paths"]["/api/v1/realisasi/"]["post"]
    for kode in ("400", "401", "403", "409", "413", "429"):
        ref = simpan["responses"][kode]["content"]["application/json"]["schema"]["$ref"]
        assert ref.endswith("/Galat")
    assert {"tokenAuth": []} in simpan["security"]
    token = doc["paths"]["/api/v1/auth/token/"]["post"]
    assert token.get("security") in (None, [], [{}])  # no authentication needed
    iku = doc["paths"]["/api/v1/iku/"]["get"]
    assert {p["name"] for p in iku["parameters"]} >= {"tahun", "ordering", "page", "page_size"}


@pytest.mark.parametrize(
    ("schema", "urlconf"), [("public", "config.urls_public"), ("opd_a", "config.urls_tenant")]
)
def test_generation_has_no_warnings_or_errors(schema, urlconf):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    with schema_context(schema):
        SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    connection.set_schema_to_public()
    assert not GENERATOR_STATS, (
        dict(GENERATOR_STATS._warn_cache),
        dict(GENERATOR_STATS._error_cache),
    )


@pytest.mark.parametrize("host", ["localhost", "opd-a.localhost"])
def test_swagger_ui_offline(klien, host):
    html = klien(host).get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    # No script, stylesheet or image from another host (a CDN): everything from /static/.
    # (Not a bare "cdn" search: the page's random CSRF token may contain those letters.)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.IGNORECASE)
    assert "/static/drf_spectacular_sidecar/" in html
