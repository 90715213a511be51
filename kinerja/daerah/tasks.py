"""Celery tasks of the province data. Thin: they call services."""

from __future__ import annotations

from datetime import datetime

from celery import shared_task


@shared_task(name="kinerja.daerah.tasks.pengingat_kirim")
def pengingat_kirim(sekarang: str | None = None) -> dict[str, int]:
    """Hourly (beat, public schema): send the reporting reminders and Bappeda's digest that are
    due and not yet sent; returns the counts per outcome. ``sekarang`` (ISO 8601 with an
    offset) replaces the current time, for tests and manual catch-up runs."""
    from kinerja.daerah.pengingat import pengingat_kirim as kirim

    waktu = datetime.fromisoformat(sekarang) if sekarang else None
    return kirim(waktu).hitung()
