"""Celery tasks of the public pages. Thin: they call services."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="kinerja.pages.tasks.halaman_iku_sinkron")
def halaman_iku_sinkron() -> dict[str, int]:
    """Create/update the IKU pages of the sender's OPD schema (tenant-schemas-celery runs the
    task in it) after a bulk write such as the Excel import, which sends no ``post_save``."""
    from kinerja.pages.services import iku_pages_sync

    return dict(iku_pages_sync())
