"""Wagtail API v2 at /api/v2/ on every domain: pages, images and documents of THIS domain's
site (each schema has its own Wagtail tables and one Site).

Wagtail already shows only live pages without a view restriction (the pages endpoint) and
leaves out documents of collections with a view restriction (the documents endpoint);
tests/api/test_wagtail_api.py holds it to that. Errors use the API's JSON error document. Not
part of the OpenAPI documents (Wagtail's dynamic fields cannot be described there).
"""

from __future__ import annotations

from typing import Any

from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from api.exceptions import Penolakan


class _GalatKita:
    """Wagtail answers its own errors as ``{"message": ...}``; ours as the API error JSON."""

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, BadRequestError):
            exc = Penolakan("validasi", f"Parameter tidak valid: {exc}")
        # Past Wagtail's own handler (BaseAPIViewSet), straight to DRF's, which calls ours.
        return APIView.handle_exception(self, exc)  # type: ignore[arg-type]


class HalamanAPI(_GalatKita, PagesAPIViewSet):
    schema = None


class GambarAPI(_GalatKita, ImagesAPIViewSet):
    schema = None


class DokumenAPI(_GalatKita, DocumentsAPIViewSet):
    schema = None


router = WagtailAPIRouter("wagtailapi")
router.register_endpoint("pages", HalamanAPI)
router.register_endpoint("images", GambarAPI)
router.register_endpoint("documents", DokumenAPI)


def urls() -> Any:
    """The endpoints under the namespace ``wagtailapi`` (``wagtailapi:pages:listing``, …)."""
    from django.urls import include

    patterns, app_name, namespace = router.urls
    return include((patterns, app_name), namespace=namespace)
