"""Redis locks of the rollup: one rollup per scope at a time.

Scopes: ``semua`` (a full run: a second full run skips) and ``opd:<schema>`` (one OPD: taken by
the incremental run of that OPD and, OPD by OPD, by a full run while it reads and writes that
OPD, so a stale read can never overwrite a newer one).

The lock talks to Redis directly (redis-py's ``Lock``, atomic SET NX PX + token-checked
release) and NOT through ``django.core.cache``: the cache's KEY_FUNCTION is tenant-aware
(``django_tenants.cache.make_key`` prefixes the current schema), so the same rollup started from
an OPD connection and from the public one would take two different locks. The keys here are
fixed strings, ``kinerja:rollup:kunci:<scope>``, on the cache's Redis server and database.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import redis
from django.conf import settings
from redis.exceptions import LockError

logger = logging.getLogger(__name__)

PREFIX = "kinerja:rollup:kunci:"
# Marks an OPD whose incremental rollup is queued and not started yet (see tandai_antre).
PREFIX_ANTRE = "kinerja:rollup:antre:"
TTL_ANTRE_DETIK = 300
CAKUPAN_SEMUA = "semua"
# A full run renews its lock after every group of OPDs; an OPD lock covers one read + write.
TTL_SEMUA_DETIK = 600
TTL_OPD_DETIK = 120


@lru_cache(maxsize=4)
def _klien(url: str) -> redis.Redis:
    return redis.Redis.from_url(url)


def klien() -> redis.Redis:
    """The redis-py client of the cache's server and database (tests: their own database)."""
    return _klien(str(settings.CACHES["default"]["LOCATION"]))


def cakupan_opd(schema: str) -> str:
    return f"opd:{schema}"


def kunci(cakupan: str, *, ttl: float) -> redis.lock.Lock:
    """A lock object for ``cakupan`` (not yet acquired)."""
    return klien().lock(PREFIX + cakupan, timeout=ttl, thread_local=False)


def ambil(cakupan: str, *, ttl: float, tunggu: float = 0) -> redis.lock.Lock | None:
    """Acquire the lock of ``cakupan``, waiting up to ``tunggu`` seconds (0: try once); the
    lock, or None when someone else holds it."""
    lock = kunci(cakupan, ttl=ttl)
    if tunggu > 0:
        ok = lock.acquire(blocking=True, blocking_timeout=tunggu)
    else:
        ok = lock.acquire(blocking=False)
    return lock if ok else None


def lepas(lock: redis.lock.Lock | None) -> None:
    """Release; a lock that already expired (a run longer than its TTL) is only logged."""
    if lock is None:
        return
    try:
        lock.release()
    except LockError:
        logger.warning("Kunci rollup %s sudah kedaluwarsa sebelum dilepas.", lock.name)


def perpanjang(lock: redis.lock.Lock | None) -> None:
    """Reset the lock's TTL (a long full run calls this between groups of OPDs)."""
    if lock is None:
        return
    try:
        lock.reacquire()
    except LockError:
        logger.warning("Kunci rollup %s tidak dapat diperpanjang.", lock.name)


@contextmanager
def dipegang(cakupan: str, *, ttl: float = TTL_OPD_DETIK) -> Iterator[redis.lock.Lock | None]:
    """Hold the lock of ``cakupan`` for the block (tests use this to simulate a running
    rollup); yields None when it is already held."""
    lock = ambil(cakupan, ttl=ttl)
    try:
        yield lock
    finally:
        lepas(lock)


def tandai_antre(schema: str) -> bool:
    """Mark ``schema``'s incremental rollup as queued; False when it already is (and has not
    started yet): that queued run will read the change too, so a second one is not needed.
    The mark expires after :data:`TTL_ANTRE_DETIK` in case the task is lost; a Redis error
    answers True (queue it: one extra run is harmless)."""
    try:
        return bool(klien().set(PREFIX_ANTRE + schema, 1, nx=True, ex=TTL_ANTRE_DETIK))
    except redis.RedisError:
        logger.warning("Tanda antrean rollup %s tidak dapat disimpan", schema, exc_info=True)
        return True


def hapus_antre(schema: str) -> None:
    """Clear the mark when the queued run starts: a change committed from now on may not be
    seen by it, so it must queue another run."""
    try:
        klien().delete(PREFIX_ANTRE + schema)
    except redis.RedisError:
        logger.warning("Tanda antrean rollup %s tidak dapat dihapus", schema, exc_info=True)
