"""Invalidation of the public API cache (api/cache.py) after the data behind it changed.

Always after the commit (``transaction.on_commit``): invalidating earlier would let a request
that still reads the old rows store them again under the new generation. The schema is taken
when the change happens, not when the callback runs.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_tenants.utils import get_public_schema_name

from api.cache import invalidasi
from kinerja.opd.sinyal import status_berubah

# Models the public answers are made of (public schema and OPD schemas).
MODEL_SUMBER = (
    "daerah.PeriodeRpjmd",
    "daerah.IndikatorDaerah",
    "daerah.TargetDaerah",
    "daerah.RealisasiDaerah",
    "daerah.SkemaPredikat",
    "daerah.PredikatBand",
    "daerah.SkalaKualitatif",
    "daerah.TingkatKualitatif",
    "tenants.Opd",
    "tenants.Domain",
    "opd.Renstra",
    "opd.TujuanRenstra",
    "opd.SasaranStrategis",
    "opd.Iku",
    "opd.TargetIku",
    "opd.RealisasiIku",
)


def invalidasi_setelah_commit(schema: str) -> None:
    """Invalidate ``schema``'s cached answers once the current transaction commits (at once
    outside a transaction). One callback per schema and transaction, however many rows the
    transaction saves (an import or the demo loader saves thousands)."""
    if not connection.in_atomic_block:
        invalidasi(schema)
        return
    sids = set(connection.savepoint_ids)
    for sids_lain, func, *_ in connection.run_on_commit:
        # Already queued at this savepoint level (rolling a savepoint back drops its own
        # callbacks, so a callback queued at another level is not relied on).
        if getattr(func, "api_schema", None) == schema and sids_lain == sids:
            return

    def jalankan() -> None:
        invalidasi(schema)

    jalankan.api_schema = schema  # type: ignore[attr-defined]
    transaction.on_commit(jalankan, robust=True)


@receiver(status_berubah, dispatch_uid="api_cache_setelah_status_berubah")
def _status_berubah(sender: Any, schema_name: str, **kwargs: Any) -> None:
    """Verifying publishes a realisasi (returning or reopening withdraws it): the OPD's
    public answers change at once; the province's follow with the rollup."""
    if schema_name:
        invalidasi_setelah_commit(schema_name)


def _model_berubah(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    invalidasi_setelah_commit(connection.schema_name)


def _rollup_selesai(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """Safety net while the rollup does not call invalidasi itself: a finished run that wrote
    rows makes the province's answers stale."""
    if not created and instance.selesai is not None and instance.baris_ditulis:
        invalidasi_setelah_commit(get_public_schema_name())


for _label in MODEL_SUMBER:
    _model = apps.get_model(_label)
    post_save.connect(_model_berubah, sender=_model, dispatch_uid=f"api_cache_simpan_{_label}")
    post_delete.connect(_model_berubah, sender=_model, dispatch_uid=f"api_cache_hapus_{_label}")

post_save.connect(
    _rollup_selesai, sender=apps.get_model("rollup.RollupRun"), dispatch_uid="api_cache_rollup"
)
