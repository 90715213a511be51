"""Guard for everything of this app that is served through the Wagtail admin.

``wagtail_hooks`` are loaded on every domain, but the app's tables exist only in OPD schemas:
a view of ours requested on the public domain (Bappeda) would crash with "relation opd_iku does
not exist". Every view and URL of this app is therefore wrapped with :func:`hanya_opd` (a 404
outside an OPD schema) and every menu item is hidden there.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from django_tenants.utils import get_public_schema_name

PESAN_404 = "Halaman ini hanya tersedia di domain Perangkat Daerah."


def skema_opd_aktif() -> bool:
    """True when the connection points at an OPD schema (not public, not the clone base)."""
    schema = getattr(connection, "schema_name", None)
    if not schema:
        return False
    return schema not in {get_public_schema_name(), getattr(settings, "TENANT_BASE_SCHEMA", "")}


def hanya_opd(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """View decorator: 404 outside an OPD schema (before the view touches any table)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not skema_opd_aktif():
            raise Http404(PESAN_404)
        return view(request, *args, **kwargs)

    wrapper.hanya_opd = True  # type: ignore[attr-defined]
    return wrapper


def bungkus_urlpatterns(patterns: list[Any]) -> list[Any]:
    """Wrap every view of a URL pattern list (recursively) with :func:`hanya_opd`."""
    hasil: list[Any] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            pattern.url_patterns[:] = bungkus_urlpatterns(list(pattern.url_patterns))
            hasil.append(pattern)
        elif isinstance(pattern, URLPattern):
            callback = pattern.callback
            if not getattr(callback, "hanya_opd", False):
                callback = hanya_opd(callback)
            hasil.append(URLPattern(pattern.pattern, callback, pattern.default_args, pattern.name))
        else:  # pragma: no cover - Django only has the two kinds
            hasil.append(pattern)
    return hasil


class HanyaOpdViewSetMixin:
    """For Wagtail (Model)ViewSets of this app: every URL 404s and the menu item is hidden
    outside OPD schemas; the model permissions are not offered in the public group editor."""

    add_to_reference_index = False  # the reference index is rebuilt per schema, public too

    def get_urlpatterns(self) -> list[Any]:
        return bungkus_urlpatterns(super().get_urlpatterns())  # type: ignore[misc]

    @property
    def menu_item_class(self) -> type:
        base = super().menu_item_class  # type: ignore[misc]

        def is_shown(item: Any, request: HttpRequest) -> bool:
            return skema_opd_aktif() and base.is_shown(item, request)

        return type(f"HanyaOpd{base.__name__}", (base,), {"is_shown": is_shown})

    def get_permissions_to_register(self) -> Any:
        if not skema_opd_aktif():
            return Permission.objects.none()
        return super().get_permissions_to_register()  # type: ignore[misc]
