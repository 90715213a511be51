"""Rate limits of the API: fixed one-window counters in Redis, per domain.

DRF's SimpleRateThrottle keeps a list of every request time in one cache value, read and
rewritten on each request: at hundreds of requests per minute that list is itself the cost. A
fixed window costs one pipelined INCR + EXPIRE. The keys go through the Django cache's
KEY_FUNCTION (``django_tenants.cache.make_key``), so they start with the schema of the domain
and one OPD's traffic never uses up another's allowance; the host is part of the key as well.

Rates come from ``settings.KINERJA_API_THROTTLE`` (read at each request, so tests and the
benchmark can change them): ``anon`` for anonymous clients by IP, ``user`` for signed-in users
by id, ``login_gagal`` for failed sign-ins at /api/v1/auth/token/ by IP and by username.
A Redis outage lets requests through (logged) rather than failing them.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from kinerja.opd.realisasi import ip_klien

logger = logging.getLogger(__name__)

_DURASI = {"s": 1, "m": 60, "h": 3600, "d": 86400}
BAWAAN = {"anon": "300/minute", "user": "1200/minute", "login_gagal": "10/minute"}


def laju(scope: str) -> tuple[int, int] | None:
    """(requests, seconds) of a scope, or None when unlimited."""
    teks = getattr(settings, "KINERJA_API_THROTTLE", {}).get(scope, BAWAAN.get(scope))
    if not teks:
        return None
    jumlah, periode = str(teks).split("/")
    return int(jumlah), _DURASI[periode.strip()[0]]


def _klien_redis(kunci: str) -> Any:
    # Django's RedisCache: the redis-py client that serves this key.
    return cache._cache.get_client(kunci, write=True)  # type: ignore[attr-defined]


def hitung(scope: str, ident: str, host: str, durasi: int, tambah: int = 1) -> tuple[int, float]:
    """Add ``tambah`` to the counter of the current window; return (count, seconds left)."""
    kunci, durasi, sisa = JendelaThrottle.kunci(scope, ident, host, durasi)
    klien = _klien_redis(kunci)
    if tambah:
        pipa = klien.pipeline(transaction=False)
        pipa.incrby(kunci, tambah)
        pipa.expire(kunci, durasi + 1)
        nilai = pipa.execute()[0]
    else:
        nilai = klien.get(kunci)
    return int(nilai or 0), sisa


def host_permintaan(request: Any) -> str:
    try:
        return request.get_host().lower()
    except Exception:  # DisallowedHost cannot happen behind the tenant middleware
        return ""


class JendelaThrottle(BaseThrottle):
    """Base: ``scope`` and :meth:`ident` (None: this throttle does not apply)."""

    scope = ""

    def __init__(self) -> None:
        self.tunggu_detik: float | None = None

    @staticmethod
    def kunci(scope: str, ident: str, host: str, durasi: int) -> tuple[str, int, float]:
        """(cache key of the current window, its length, seconds left in it)."""
        sekarang = time.time()
        jendela = int(sekarang // durasi)
        kunci = cache.make_key(f"api:throttle:{scope}:{host}:{ident}:{jendela}")
        return kunci, durasi, durasi - (sekarang % durasi)

    def ident(self, request: Request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request: Request, view: Any) -> bool:
        rate = laju(self.scope)
        ident = self.ident(request)
        if rate is None or ident is None:
            return True
        jumlah, durasi = rate
        # Already counted by the cache's fast path (api/cache.py) in its Redis round trip.
        sudah = getattr(getattr(request, "_request", request), "_api_laju_anon", None)
        if self.scope == "anon" and sudah is not None:
            n, sisa = sudah
            if n > jumlah:
                self.tunggu_detik = sisa
                return False
            return True
        try:
            n, sisa = hitung(self.scope, ident, host_permintaan(request), durasi)
        except Exception:
            logger.warning("Pembatas laju API tidak dapat memakai Redis", exc_info=True)
            return True
        if n > jumlah:
            self.tunggu_detik = sisa
            return False
        return True

    def wait(self) -> float | None:
        return self.tunggu_detik


class AnonimThrottle(JendelaThrottle):
    """Anonymous clients, by IP, per domain."""

    scope = "anon"

    def ident(self, request: Request) -> str | None:
        if request.user is not None and request.user.is_authenticated:
            return None
        return ip_klien(request) or "tanpa-ip"


class PenggunaThrottle(JendelaThrottle):
    """Signed-in users, by user id, per domain (ids are per schema)."""

    scope = "user"

    def ident(self, request: Request) -> str | None:
        if request.user is None or not request.user.is_authenticated:
            return None
        return str(request.user.pk)


def login_gagal_tunggu(request: Any, username: str) -> float | None:
    """Seconds to wait when this IP or this username has used up its failed sign-ins of the
    current window, else None (nothing is counted here)."""
    rate = laju("login_gagal")
    if rate is None:
        return None
    jumlah, durasi = rate
    host = host_permintaan(request)
    try:
        for ident in _ident_login(request, username):
            n, sisa = hitung("login_gagal", ident, host, durasi, tambah=0)
            if n >= jumlah:
                return sisa
    except Exception:
        logger.warning("Pembatas login API tidak dapat memakai Redis", exc_info=True)
    return None


def login_gagal_catat(request: Any, username: str) -> None:
    """Count one failed sign-in against the IP and the username."""
    rate = laju("login_gagal")
    if rate is None:
        return
    _, durasi = rate
    host = host_permintaan(request)
    try:
        for ident in _ident_login(request, username):
            hitung("login_gagal", ident, host, durasi)
    except Exception:
        logger.warning("Pembatas login API tidak dapat memakai Redis", exc_info=True)


def _ident_login(request: Any, username: str) -> list[str]:
    return [f"ip:{ip_klien(request) or 'tanpa-ip'}", f"user:{username.strip().casefold()[:150]}"]
