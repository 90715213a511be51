"""Wagtail hooks of the dashboard and the read-only OPD drill-down. Loaded on every domain
(imported by ``kinerja.pengawasan.wagtail_hooks``): the URLs guard themselves (404 outside the
public schema), the menu item and the home-page panel are only shown in the public schema to
users who may oversee (:func:`~kinerja.pengawasan.dasbor_selectors.boleh_mengawasi`)."""

from __future__ import annotations

from django.http import HttpRequest
from wagtail import hooks
from wagtail.admin.ui.components import Component

from kinerja.daerah.guards import is_public_schema
from kinerja.pengawasan.dasbor import DasborViewSet, PanelDasbor
from kinerja.pengawasan.dasbor_selectors import boleh_mengawasi
from kinerja.pengawasan.drilldown import DrilldownViewSet


@hooks.register("register_admin_viewset")
def register_dasbor() -> DasborViewSet:
    return DasborViewSet()


@hooks.register("register_admin_viewset")
def register_drilldown() -> DrilldownViewSet:
    return DrilldownViewSet()


@hooks.register("construct_homepage_panels")
def panel_dasbor(request: HttpRequest, panels: list[Component]) -> None:
    if is_public_schema() and boleh_mengawasi(getattr(request, "user", None)):
        panels.append(PanelDasbor())
