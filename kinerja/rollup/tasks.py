"""Celery tasks of the capaian rollup. Thin: they call ``kinerja.rollup.services``.

Both run in the public schema: the beat sends them from public, the incremental trigger sends
``rollup_opd`` with the public schema in its headers (tenant-schemas-celery would otherwise
switch the worker to the sender's OPD schema), and the service itself enters the public schema
(``schema_context``) before touching anything.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task

from kinerja.rollup.models import RollupRun


@shared_task(name="kinerja.rollup.tasks.rollup_semua")
def rollup_semua(pemicu: str = RollupRun.Pemicu.BEAT, tahun: int | None = None) -> dict[str, Any]:
    """Every active OPD (beat: every KINERJA_ROLLUP_INTERVAL_MENIT minutes with pemicu
    "beat", and nightly at 01:30 WITA with pemicu "nightly"). A run that finds another full run
    in progress is skipped and recorded as such; the next one catches up."""
    from kinerja.rollup.services import ringkas, rollup_jalankan

    return ringkas(rollup_jalankan(tahun=tahun, pemicu=pemicu))


@shared_task(
    name="kinerja.rollup.tasks.rollup_opd",
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def rollup_opd(schema: str, tahun: int | None = None) -> dict[str, Any]:
    """One OPD, queued after a workflow change commits. Waits for that OPD's lock (another
    rollup of it is short); a run in which the OPD failed raises, so Celery retries it with
    exponential backoff (up to 5 times); every attempt is recorded as a RollupRun."""
    from kinerja.rollup import kunci
    from kinerja.rollup.services import RollupGagal, ringkas, rollup_jalankan, tunggu_kunci_event

    kunci.hapus_antre(schema)  # changes committed from now on queue a new run
    run = rollup_jalankan(
        schema=schema, tahun=tahun, pemicu=RollupRun.Pemicu.EVENT, tunggu=tunggu_kunci_event()
    )
    if run.status == RollupRun.Status.GAGAL:
        pesan = "; ".join(g["pesan"] for g in run.galat) or "tanpa keterangan"
        raise RollupGagal(f"Rollup OPD {schema} gagal: {pesan}")
    return ringkas(run)
