"""Celery tasks of Bappeda's oversight. Thin: they call the services.

They run in the public schema: beat sends from public, and the service enters the public
schema itself (``schema_context``) whatever the worker's schema is.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from celery import shared_task


@shared_task(name="kinerja.pengawasan.tasks.kepatuhan_hitung")
def kepatuhan_hitung(tahun: int | None = None, schema: str | None = None) -> dict[str, Any]:
    """Recompute the compliance scores (every active OPD, or one OPD; one year or all). Beat
    runs it daily, so deadlines that pass and late reports that arrive are reflected even when
    no rollup wrote anything; the rollup also calls the service after each run."""
    from kinerja.pengawasan.kepatuhan import kepatuhan_hitung as hitung

    return asdict(hitung(tahun, schema=schema))
