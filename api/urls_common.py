"""URL pieces shared by the API of both domain kinds."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import path, re_path, register_converter

from api.auth import TokenView
from api.exceptions import api_tidak_ditemukan


class IdConverter:
    """Database ids: at most 18 digits, so a longer number is a 404, never an overflow."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")


def awal() -> list[Any]:
    """Routes of every domain, before the domain's own."""
    from api import v2
    from api.views import bench_kosong

    hasil: list[Any] = [
        path("v1/auth/token/", TokenView.as_view(), name="api-auth-token"),
        path("v2/", v2.urls()),
    ]
    if getattr(settings, "KINERJA_BENCH", False):
        hasil.append(path("bench/kosong/", bench_kosong, name="api-bench-kosong"))
    return hasil


def akhir(urlconf: str) -> list[Any]:
    """The OpenAPI document of ``urlconf`` (this domain kind only), Swagger UI, and a JSON 404
    for every other path under /api/."""
    from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

    return [
        path("schema/", SpectacularAPIView.as_view(urlconf=urlconf), name="api-schema"),
        path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
        re_path(r"^.*$", api_tidak_ditemukan),
    ]
