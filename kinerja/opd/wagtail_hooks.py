"""Admin registration of the OPD plan ("Kinerja OPD" menu).

Loaded on every domain: the viewsets hide their menu and answer 404 outside OPD schemas (see
:mod:`kinerja.opd.tenancy`), because this app's tables exist only there.
"""

from __future__ import annotations

from wagtail import hooks

from kinerja.opd.viewsets import KinerjaOpdGroup


@hooks.register("register_admin_viewset")
def register_kinerja_opd() -> KinerjaOpdGroup:
    return KinerjaOpdGroup()


# Hooks of the reporting workflow screens live next to their views; importing registers them.
from kinerja.opd import realisasi_grid_hooks, realisasi_item_hooks  # noqa: E402, F401
