"""GET /health/ on every domain: database, Redis and Celery workers, as JSON.

200 when all are up; 503 naming the failing part otherwise. Uses django-health-check's checks;
the Celery check is a real round trip through ``tenants.tasks.health_probe`` in the caller's
schema, so it fails when no worker consumes the queue, not only when Redis is down.
:func:`run_checks` runs the same checks without HTTP (operations page, uptime task).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views import View
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.contrib.redis import Redis
from health_check.exceptions import ServiceUnavailable
from redis import Redis as RedisSync
from redis.asyncio import Redis as RedisClient
from redis.exceptions import RedisError


@dataclasses.dataclass
class CeleryRoundTrip(HealthCheck):
    """Send ``health_probe`` to the workers and wait for its answer from the right schema."""

    schema: str = "public"
    timeout: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(seconds=4), repr=False
    )

    def run(self) -> None:
        from celery.exceptions import TimeoutError as CeleryTimeout
        from kombu.exceptions import OperationalError

        from tenants.tasks import health_probe

        self._broker_ping()
        try:
            result = health_probe.apply_async(
                headers={"_schema_name": self.schema}, expires=self.timeout.total_seconds()
            )
            answer = result.get(timeout=self.timeout.total_seconds() - 0.5)
        except CeleryTimeout as exc:
            raise ServiceUnavailable("tidak ada worker Celery yang menjawab") from exc
        except (OperationalError, OSError) as exc:
            raise ServiceUnavailable("broker Celery tidak dapat dihubungi") from exc
        if answer.get("schema") != self.schema:
            raise ServiceUnavailable("worker Celery berjalan di skema yang salah")

    def _broker_ping(self) -> None:
        """Fail fast when a Redis broker (or result backend) does not answer: kombu's and the
        result backend's own retries make a send to a dead Redis take ~20 s."""
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        for url in {settings.CELERY_BROKER_URL, getattr(settings, "CELERY_RESULT_BACKEND", "")}:
            if not str(url).startswith(("redis://", "rediss://")):
                continue
            klien = RedisSync.from_url(
                url, socket_connect_timeout=1, socket_timeout=1, retry=Retry(NoBackoff(), 0)
            )
            try:
                klien.ping()
            except (RedisError, OSError) as exc:
                raise ServiceUnavailable("broker Celery tidak dapat dihubungi") from exc
            finally:
                klien.close()


CHECK_NAMES = ("database", "redis", "celery")


def _checks(
    schema: str,
    *,
    names: Iterable[str] = CHECK_NAMES,
    celery_timeout: datetime.timedelta | None = None,
) -> dict[str, HealthCheck]:
    factories: dict[str, Callable[[], HealthCheck]] = {
        "database": Database,
        "redis": lambda: Redis(client_factory=lambda: RedisClient.from_url(settings.REDIS_URL)),
        "celery": lambda: (
            CeleryRoundTrip(schema=schema)
            if celery_timeout is None
            else CeleryRoundTrip(schema=schema, timeout=celery_timeout)
        ),
    }
    return {name: factories[name]() for name in names}


async def _run(checks: dict[str, HealthCheck]) -> dict[str, Any]:
    results = await asyncio.gather(*(check.get_result() for check in checks.values()))
    return dict(zip(checks, results, strict=True))


def run_checks(
    schema: str,
    *,
    names: Iterable[str] = CHECK_NAMES,
    celery_timeout: datetime.timedelta | None = None,
) -> dict[str, dict[str, Any]]:
    """Run the checks of /health/ without HTTP (the view, the operations page and the uptime
    task share them): ``{name: {"status": "ok"|"error", "detail": str|None, "ms": float}}``.
    ``names`` picks a subset; ``celery_timeout`` shortens the Celery round trip."""
    results = asyncio.run(_run(_checks(schema, names=names, celery_timeout=celery_timeout)))
    return {
        name: {
            "status": "ok" if result.error is None else "error",
            "detail": None if result.error is None else str(result.error.message),
            "ms": round(result.time_taken * 1000, 1),
        }
        for name, result in results.items()
    }


class HealthView(View):
    """Always JSON (monitoring systems and people read the same thing)."""

    def get(self, request: HttpRequest) -> JsonResponse:
        tenant = getattr(request, "tenant", None)
        schema = tenant.schema_name if tenant is not None else "public"
        parts = run_checks(schema)
        failing = [name for name, part in parts.items() if part["status"] != "ok"]
        payload = {
            "status": "ok" if not failing else "error",
            "schema": schema,
            "failing": failing,
            "checks": parts,
        }
        response = JsonResponse(payload, status=503 if failing else 200)
        add_never_cache_headers(response)
        return response
