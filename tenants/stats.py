"""Per-schema size and activity, read from the PostgreSQL catalogue in one query."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from tenants.selectors import opd_list

STATS_CACHE_KEY = "ops:schema-stats"


def schema_sizes() -> dict[str, int]:
    """Bytes used by each schema (tables, indexes, TOAST)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT n.nspname, COALESCE(SUM(pg_total_relation_size(c.oid)), 0)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'm') GROUP BY n.nspname
            """
        )
        return {name: int(size) for name, size in cursor.fetchall()}


def schema_stats_refresh() -> dict[str, Any]:
    """Store {schema: bytes} of every active OPD in the (public-scoped) cache."""
    connection.set_schema_to_public()
    sizes = schema_sizes()
    stats = {opd.schema_name: sizes.get(opd.schema_name, 0) for opd in opd_list()}
    payload = {"at": timezone.now().isoformat(), "sizes": stats}
    cache.set(STATS_CACHE_KEY, payload, timeout=None)
    return {"opd": len(stats)}
