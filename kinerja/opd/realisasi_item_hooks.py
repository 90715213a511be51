"""Wagtail hooks of the realisasi item page, evidence download and audit trail.

The URLs live under ``/admin/kinerja-opd/realisasi/`` (namespace ``realisasi_item``) next to
the triwulan grid, which another module registers under the same prefix with its own
sub-paths. Like everything of this app they answer 404 outside OPD schemas
(:func:`kinerja.opd.tenancy.bungkus_urlpatterns`), before any OPD table is touched. Wagtail
wraps admin URLs with its login check, so an anonymous visitor is sent to the login page.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from kinerja.opd.tenancy import bungkus_urlpatterns, skema_opd_aktif


@hooks.register("register_admin_urls")
def register_realisasi_item_urls() -> list[Any]:
    from kinerja.opd import realisasi_item

    return [
        path(
            "kinerja-opd/realisasi/",
            include(
                (bungkus_urlpatterns(list(realisasi_item.urlpatterns)), "realisasi_item"),
                namespace="realisasi_item",
            ),
        )
    ]


class _JejakAuditMenuItem(MenuItem):
    """Shown only on OPD domains, to users who may read the audit trail."""

    def is_shown(self, request: HttpRequest) -> bool:
        return skema_opd_aktif() and request.user.has_perm("opd.view_jejakaudit")


@hooks.register("register_reports_menu_item")
def register_jejak_audit_menu_item() -> MenuItem:
    return _JejakAuditMenuItem(
        "Jejak audit realisasi",
        reverse("realisasi_item:audit"),
        name="jejak-audit-realisasi",
        icon_name="history",
        order=900,
    )
