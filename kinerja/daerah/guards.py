"""Guard: province data is served on the public domain only.

``wagtail_hooks`` are loaded on every domain and the public tables are visible from every OPD
schema through the search path, so without this guard an OPD administrator could read or change
RPJMD data from ``opd-x.example``. Every view and URL of this app goes through
:func:`public_schema_only` (functions and URL patterns), :class:`PublicSchemaOnlyMixin`
(class-based views) or :class:`PublicSchemaViewSetMixin` (Wagtail viewsets: URLs, menu items and
the permissions offered in the group editor). Outside the public schema they answer 404, as if
the page did not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django_tenants.utils import get_public_schema_name
from wagtail.admin.menu import MenuItem

PESAN_404 = "Halaman ini hanya tersedia di domain Bappeda (portal provinsi)."


def is_public_schema() -> bool:
    """True when the current connection serves the public schema (Bappeda's domain)."""
    return getattr(connection, "schema_name", None) == get_public_schema_name()


def pastikan_public_schema() -> None:
    """Raise Http404 outside the public schema."""
    if not is_public_schema():
        raise Http404(PESAN_404)


def public_schema_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """View decorator: 404 unless the request is served from the public schema."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        pastikan_public_schema()
        return view(request, *args, **kwargs)

    wrapped.public_schema_only = True  # type: ignore[attr-defined]
    return wrapped


def decorate_public_only(urlpatterns: list[Any]) -> list[Any]:
    """Wrap every view of ``urlpatterns`` (recursively) with :func:`public_schema_only`."""
    for pattern in urlpatterns:
        if hasattr(pattern, "url_patterns"):
            decorate_public_only(pattern.url_patterns)
        callback = getattr(pattern, "callback", None)
        if callback is not None and not getattr(callback, "public_schema_only", False):
            pattern.callback = public_schema_only(callback)
    return urlpatterns


class PublicSchemaOnlyMixin:
    """Class-based views: 404 outside the public schema, checked before anything else."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        pastikan_public_schema()
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def public_menu_item_class(base: type[MenuItem]) -> type[MenuItem]:
    """A subclass of ``base`` whose ``is_shown`` is False outside the public schema."""

    def is_shown(self: MenuItem, request: HttpRequest) -> bool:
        return is_public_schema() and base.is_shown(self, request)

    return type(f"Public{base.__name__}", (base,), {"is_shown": is_shown})


class PublicSchemaViewSetMixin:
    """For Wagtail ``ViewSet``/``ModelViewSet`` subclasses: every URL is guarded, the menu item
    is hidden and no permission of this app is offered outside the public schema."""

    def get_urlpatterns(self) -> list[Any]:
        return decorate_public_only(list(super().get_urlpatterns()))  # type: ignore[misc]

    @property
    def menu_item_class(self) -> type[MenuItem]:
        base = super().menu_item_class  # type: ignore[misc]
        return public_menu_item_class(base)

    def get_permissions_to_register(self):  # type: ignore[no-untyped-def]
        from django.contrib.auth.models import Permission

        if not is_public_schema():
            return Permission.objects.none()
        # By app label and model name rather than Wagtail's ContentType lookup: the ContentType
        # cache is process-wide, not per schema (stack.md, pitfall 6).
        model = self.model._meta  # type: ignore[attr-defined]
        return Permission.objects.filter(
            content_type__app_label=model.app_label, content_type__model=model.model_name
        )
