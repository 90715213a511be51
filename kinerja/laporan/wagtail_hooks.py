"""Admin registration of "Laporan & unduhan data" (OPD domains only).

Loaded on every domain: every URL is wrapped with :func:`kinerja.opd.tenancy.hanya_opd` (404 on
the public domain before any OPD table is touched) and the menu item is hidden outside OPD
schemas and from users who may not read realisasi.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, re_path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from kinerja.opd.tenancy import bungkus_urlpatterns, skema_opd_aktif


@hooks.register("register_admin_urls")
def register_laporan_opd_urls() -> list[Any]:
    """Namespace ``laporan_opd``: ``index``, ``data_iku`` (format), ``capaian_pdf``."""
    from kinerja.laporan import admin_views as views

    patterns = bungkus_urlpatterns(
        [
            path("", views.LaporanOpdView.as_view(), name="index"),
            re_path(r"^unduh/iku\.(?P<format_>csv|xlsx|json)$", views.unduh_iku, name="data_iku"),
            path("unduh/capaian-kinerja.pdf", views.capaian_pdf, name="capaian_pdf"),
        ]
    )
    return [
        path("kinerja-opd/laporan/", include((patterns, "laporan_opd"), namespace="laporan_opd"))
    ]


class _LaporanMenuItem(MenuItem):
    """Shown only on OPD domains, to users who may read realisasi."""

    def is_shown(self, request: HttpRequest) -> bool:
        return skema_opd_aktif() and request.user.has_perm("opd.view_realisasiiku")


@hooks.register("register_reports_menu_item")
def register_laporan_opd_menu_item() -> MenuItem:
    return _LaporanMenuItem(
        "Laporan & unduhan data",
        reverse("laporan_opd:index"),
        name="laporan-unduhan-data",
        icon_name="doc-full",
        order=800,
    )
