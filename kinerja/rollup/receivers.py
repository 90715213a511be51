"""Receivers of the rollup.

Incremental rollup: a state change of a realisasi (verify, return, reopen — and submit and
approve, which the dashboards show too) queues a rollup of just that OPD, AFTER the transaction
commits. A rolled-back change queues nothing, and the task never reads uncommitted data.

Compliance: after a rollup that wrote rows, the compliance scores of the same scope are
recomputed from the new snapshots (``kinerja.pengawasan.kepatuhan``, when that app is
installed), so a returned item shows in its OPD's score within one rollup.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import transaction
from django.dispatch import receiver
from django_tenants.utils import get_public_schema_name

from kinerja.opd.sinyal import status_berubah
from kinerja.rollup.sinyal import rollup_selesai


@receiver(status_berubah, dispatch_uid="rollup_opd_setelah_status_berubah")
def antre_setelah_commit(sender: Any, schema_name: str, **kwargs: Any) -> None:
    if not schema_name or schema_name == get_public_schema_name():
        return
    from kinerja.rollup.services import antre_rollup_opd

    transaction.on_commit(lambda: antre_rollup_opd(schema_name), robust=True)


@receiver(rollup_selesai, dispatch_uid="rollup_kepatuhan_setelah_rollup")
def kepatuhan_setelah_rollup(
    sender: Any, schema: str | None = None, tahun: int | None = None, **kwargs: Any
) -> None:
    if not apps.is_installed("kinerja.pengawasan"):
        return
    from kinerja.pengawasan.kepatuhan import kepatuhan_hitung

    kepatuhan_hitung(tahun, schema=schema)
