"""Admin registration of the triwulan grid ("Pelaporan Realisasi"): its URLs under
``/admin/kinerja-opd/realisasi/`` and its menu item.

Loaded on every domain (imported by :mod:`kinerja.opd.wagtail_hooks`): every URL is wrapped
with :func:`kinerja.opd.tenancy.hanya_opd` (404 on the public domain before any OPD table is
touched) and the menu item is hidden outside OPD schemas and from users who may not read
realisasi. The item page (``<pk>/``) is registered by its own module.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from kinerja.opd import realisasi_grid as views
from kinerja.opd.tenancy import bungkus_urlpatterns, skema_opd_aktif


@hooks.register("register_admin_urls")
def register_realisasi_grid_urls() -> list[Any]:
    """Namespace ``realisasi_grid``: ``index`` (the grid), ``pratinjau`` (live capaian, JSON),
    ``excel`` (upload form) and ``excel_templat`` (download)."""
    patterns = bungkus_urlpatterns(
        [
            path("", views.RealisasiGridView.as_view(), name="index"),
            path("pratinjau/", views.pratinjau, name="pratinjau"),
            path("excel/", views.RealisasiExcelView.as_view(), name="excel"),
            path("excel/templat/", views.excel_templat, name="excel_templat"),
        ]
    )
    return [
        path(
            "kinerja-opd/realisasi/",
            include((patterns, "realisasi_grid"), namespace="realisasi_grid"),
        )
    ]


class PelaporanRealisasiMenuItem(MenuItem):
    """Shown only in OPD schemas, to users who may read realisasi."""

    def is_shown(self, request: HttpRequest) -> bool:
        return skema_opd_aktif() and request.user.has_perm(views.IZIN_LIHAT)


@hooks.register("register_admin_menu_item")
def register_realisasi_grid_menu() -> MenuItem:
    return PelaporanRealisasiMenuItem(
        "Pelaporan Realisasi",
        reverse_lazy("realisasi_grid:index"),
        name="pelaporan-realisasi",
        icon_name="form",
        order=260,
    )
