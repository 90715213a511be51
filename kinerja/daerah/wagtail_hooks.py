"""Wagtail hooks of the province data. Loaded on every domain: the viewsets guard themselves
(404 and hidden menu outside the public schema, see :mod:`kinerja.daerah.guards`)."""

from __future__ import annotations

from wagtail import hooks

from kinerja.daerah.viewsets import PerencanaanDaerahGroup


@hooks.register("register_admin_viewset")
def register_perencanaan_daerah() -> PerencanaanDaerahGroup:
    return PerencanaanDaerahGroup()


# Hooks of Bappeda's verification screens and of the reminders panel; importing registers them.
from kinerja.daerah import pengingat_hooks, verifikasi_hooks  # noqa: E402, F401
