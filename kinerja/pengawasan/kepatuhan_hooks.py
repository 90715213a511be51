"""Wagtail hooks of the compliance assessment (*Kepatuhan OPD*) and the early warning
(*Peringatan Dini*). Loaded on every domain (imported by ``kinerja.pengawasan.wagtail_hooks``):
the viewsets guard themselves (URLs 404 and menu items hidden outside the public schema), and
the permissions of this feature are offered in the group editor of the public schema only."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models import QuerySet
from wagtail import hooks

from kinerja.daerah.guards import is_public_schema
from kinerja.pengawasan.kepatuhan_views import KepatuhanViewSet, PeringatanViewSet


@hooks.register("register_admin_viewset")
def register_kepatuhan() -> KepatuhanViewSet:
    return KepatuhanViewSet()


@hooks.register("register_admin_viewset")
def register_peringatan() -> PeringatanViewSet:
    return PeringatanViewSet()


@hooks.register("register_permissions")
def izin_kepatuhan() -> QuerySet[Permission]:
    if not is_public_schema():
        return Permission.objects.none()
    # By app label and codename: the ContentType cache is process-wide, not per schema.
    return Permission.objects.filter(
        content_type__app_label="pengawasan",
        codename__in=["view_ambangkepatuhan", "change_ambangkepatuhan", "view_nilaikepatuhan"],
    )
