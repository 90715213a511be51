"""Celery tasks of the registry. Thin: they call selectors/services."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db import connection


@shared_task(name="tenants.tasks.health_probe")
def health_probe() -> dict[str, Any]:
    """Round trip used by /health/: proves a worker is consuming, can reach the database, and
    runs in the schema of whoever sent the task (tenant-schemas-celery)."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).values_list("hostname", flat=True).first()
    return {"schema": connection.schema_name, "site": site}


@shared_task(name="tenants.tasks.opd_schema_stats_refresh")
def opd_schema_stats_refresh() -> dict[str, Any]:
    """Hourly (beat): record the size of every OPD schema in the cache, for the
    operations page. Reads the PostgreSQL catalogue once for all schemas."""
    from tenants.stats import schema_stats_refresh

    return schema_stats_refresh()
