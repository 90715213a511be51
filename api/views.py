"""Views of the API that are not part of v1: the benchmark's bare JSON view."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse


def bench_kosong(request: HttpRequest) -> JsonResponse:
    """A bare Django JSON view (no DRF, no database, no cache): the yardstick of
    bench/api.py. Routed only when ``settings.KINERJA_BENCH`` is true."""
    return JsonResponse({"status": "ok"})
