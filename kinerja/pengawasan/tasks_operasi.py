"""Celery task of the operations page: the uptime seen by the health checks.

Beat sends :func:`cek_kesehatan` every ``KINERJA_CEK_KESEHATAN_MENIT`` minutes (from the public
schema). It runs the database and Redis checks of ``/health/`` (:func:`tenants.health.run_checks`)
and records the outcome per day in Redis (:func:`kinerja.pengawasan.metrik.catat_uptime`).

The Celery part is not probed from inside the task: a task waiting for another task needs a
second free worker slot (with a single or busy slot it would report a false outage) and
Celery forbids ``result.get()`` inside a task. Instead the task itself is the probe: it only
runs when beat, the broker and a worker all work, and beat gives it an expiry shorter than the
interval. A Celery (or Redis-broker) outage therefore shows as checks that never ran — the
operations page compares the checks recorded with those expected ("cakupan").
"""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

logger = logging.getLogger(__name__)

KOMPONEN_DIPERIKSA = ("database", "redis")


@shared_task(name="kinerja.pengawasan.tasks_operasi.cek_kesehatan", ignore_result=True)
def cek_kesehatan() -> dict[str, Any]:
    """Run the database and Redis health checks and record them (Celery counts as up: this
    task is running on a worker). Never raises: a Redis outage is logged, and shows on the
    page as missing checks."""
    from kinerja.pengawasan.metrik import catat_uptime
    from tenants.health import run_checks

    bagian = run_checks("public", names=KOMPONEN_DIPERIKSA)
    hasil = {nama: b["status"] == "ok" for nama, b in bagian.items()}
    hasil["celery"] = True
    detail = {nama: b["detail"] for nama, b in bagian.items()}
    try:
        catat_uptime(hasil, detail)
    except Exception as exc:  # Redis down: nothing to record into
        logger.warning("Hasil cek kesehatan tidak dapat dicatat: %s", exc)
        return {"hasil": hasil, "tercatat": False}
    return {"hasil": hasil, "tercatat": True}
