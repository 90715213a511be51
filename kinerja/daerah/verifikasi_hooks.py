"""Wagtail hooks of Bappeda's verification screens and window extensions. Loaded on every
domain (imported by ``kinerja.daerah.wagtail_hooks``): the viewsets guard themselves (404 and
hidden menu outside the public schema, see :mod:`kinerja.daerah.guards`)."""

from __future__ import annotations

from wagtail import hooks

from kinerja.daerah.perpanjangan import PerpanjanganViewSet
from kinerja.daerah.verifikasi import VerifikasiViewSet


@hooks.register("register_admin_viewset")
def register_verifikasi() -> VerifikasiViewSet:
    return VerifikasiViewSet()


@hooks.register("register_admin_viewset")
def register_perpanjangan() -> PerpanjanganViewSet:
    return PerpanjanganViewSet()
