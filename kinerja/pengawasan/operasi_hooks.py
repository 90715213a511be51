"""Wagtail hooks of the operations page. Loaded on every domain (imported by
``kinerja.pengawasan.wagtail_hooks``): the viewset guards itself (404 and hidden menu item
outside the public schema, see :mod:`kinerja.daerah.guards`); the menu item "Operasi Platform"
in Settings is shown only to :func:`~kinerja.pengawasan.operasi_views.boleh_lihat_operasi`
users."""

from __future__ import annotations

from wagtail import hooks

from kinerja.pengawasan.operasi_views import OperasiViewSet


@hooks.register("register_admin_viewset")
def register_operasi() -> OperasiViewSet:
    return OperasiViewSet()
