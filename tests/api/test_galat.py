"""Every error of the API is the JSON error document, in Indonesian."""

from __future__ import annotations

import pytest

from tests.api.conftest import galat_json

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("host", ["localhost", "opd-a.localhost"])
@pytest.mark.parametrize("path", ["/api/v1/tidak-ada/", "/api/", "/api/v9/x", "/api/v1/ikd/x/y"])
def test_unknown_api_paths_are_json_404(klien, host, path):
    body = galat_json(klien(host).get(path), 404, "tidak_ditemukan")
    assert "tidak ada" in body["pesan"]
    galat_json(klien(host).post(path, "{}", content_type="application/json"), 404)


def test_method_not_allowed(publik, anon_a):
    body = galat_json(
        publik.post("/api/v1/ikd/", "{}", content_type="application/json"), 405, "metode"
    )
    assert body["pesan"] == "Metode POST tidak diizinkan di alamat ini."
    galat_json(anon_a.delete("/api/v1/iku/"), 405, "metode")
    galat_json(publik.get("/api/v1/auth/token/"), 405, "metode")


def test_not_acceptable(publik):
    galat_json(publik.get("/api/v1/opd/", HTTP_ACCEPT="application/xml"), 406, "format_jawaban")


def test_browsable_api_still_renders_html(publik):
    response = publik.get("/api/v1/opd/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert "text/html" in response["Content-Type"]


def test_server_error_is_json_too(publik, monkeypatch):
    import api.v1.views as views

    def rusak(*args, **kwargs):
        raise RuntimeError("uji")

    monkeypatch.setattr(views, "ikd_daftar", rusak)
    body = galat_json(publik.get("/api/v1/ikd/"), 500, "galat_server")
    assert "uji" not in body["pesan"]
