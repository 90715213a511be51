"""Cheap platform metrics in Redis, per day (WITA), for the operations page and the monthly
"Laporan Kinerja Aplikasi".

**Requests** (:class:`MetrikMiddleware`, first in ``MIDDLEWARE`` so it times the whole request,
tenant resolution included). One Redis hash per day, ``kinerja:ops:permintaan:<YYYY-MM-DD>``:

- ``n``: requests, ``galat``: responses with status ≥ 500, ``ms``: sum of latencies (integer
  ms, for the mean);
- ``b0`` … ``b11``: a latency histogram with the fixed upper bounds :data:`BATAS_MS` (5, 10,
  25, 50, 100, 250, 500, 1000, 2500, 5000, 10000 ms, +∞): ``b<i>`` counts requests with
  ``BATAS_MS[i-1] < ms ≤ BATAS_MS[i]``.

Each request costs ONE pipelined round trip (HINCRBY ×3–4 + EXPIRE, no MULTI). Keys expire
after :data:`TTL_DETIK` (400 days, so last year's same month stays comparable). Keys are
platform-wide, not per tenant: they are written with a plain redis-py client on
``settings.REDIS_URL`` (the Django cache would prefix them with the schema).

Not counted (:data:`JALUR_DIKECUALIKAN`): ``/health/`` (monitoring probes every few seconds
would dominate the counts, and their Celery round trip is not user latency; uptime is measured
by :mod:`kinerja.pengawasan.tasks_operasi` instead) and static files (served by WhiteNoise in
microseconds; they would only pull p50 down). Latency is measured until the view returned its
response: the transfer of a streamed download is not included.

A Redis outage never breaks a request: the error is swallowed, logged at most once a minute,
and recording pauses :data:`JEDA_SETELAH_GAGAL_DETIK` seconds (requests in that pause are not
counted) so a hung Redis costs at most one socket timeout every few seconds.

**Uptime** (``kinerja:ops:uptime:<YYYY-MM-DD>``, written by the beat task): ``dijalankan``,
``berhasil``, ``gagal:<component>`` and ``terakhir_gagal`` (time and reason of the last failed
check).

**p50/p95** come from :func:`persentil_histogram` (linear interpolation inside the bucket that
holds the rank, as Prometheus' ``histogram_quantile``); a month's percentiles are computed
from the sum of its daily histograms, never by averaging daily percentiles.
"""

from __future__ import annotations

import logging
import math
import time
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import redis
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from redis.backoff import NoBackoff
from redis.retry import Retry

from kinerja.engine.jadwal import WITA

logger = logging.getLogger(__name__)

PREFIX = "kinerja:ops"
# Upper bounds (ms) of the latency buckets; the last one is open-ended.
BATAS_MS: tuple[float, ...] = (5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, math.inf)
TTL_DETIK = 400 * 24 * 3600
JALUR_DIKECUALIKAN: tuple[str, ...] = ("/health/", "/favicon.ico")
# A loopback Redis answers in well under a millisecond; a slower answer means trouble.
TIMEOUT_SOKET_DETIK = 0.25
JEDA_SETELAH_GAGAL_DETIK = 10.0
JEDA_LOG_DETIK = 60.0
KOMPONEN_UPTIME = ("database", "redis", "celery")

_klien: dict[str, redis.Redis] = {}
_jeda_sampai: dict[str, float] = {}
_log_terakhir: dict[str, float] = {}


# --- pure helpers -------------------------------------------------------------------------------


def indeks_bucket(ms: float, batas: Sequence[float] = BATAS_MS) -> int:
    """Index of the bucket of a latency: the first upper bound ≥ ``ms``."""
    return bisect_left(batas, ms)


def persentil_histogram(
    hitungan: Sequence[int], q: float, batas: Sequence[float] = BATAS_MS
) -> float | None:
    """Estimate the ``q``-quantile (0 ≤ q ≤ 1) of latencies counted in buckets.

    The bucket holding rank ``q × total`` is found by cumulative count; inside it the values
    are assumed evenly spread between its lower bound (the previous upper bound, 0 for the
    first) and its upper bound, and the result is interpolated linearly. The estimate is
    therefore always inside the bucket that holds the true quantile (error ≤ bucket width). In
    the open-ended last bucket the lower bound (10 000 ms) is returned: read it as "≥". None
    without any count.
    """
    if not 0 <= q <= 1:
        raise ValueError("q harus di antara 0 dan 1")
    if len(hitungan) != len(batas):
        raise ValueError("jumlah bucket tidak cocok dengan batasnya")
    total = sum(hitungan)
    if total <= 0:
        return None
    target = q * total
    kumulatif = 0
    bawah = 0.0
    for n, atas in zip(hitungan, batas, strict=True):
        if n > 0 and kumulatif + n >= target:
            if math.isinf(atas):
                return bawah
            return bawah + (atas - bawah) * max(0.0, target - kumulatif) / n
        kumulatif += n
        bawah = float(atas)
    return bawah  # not reached: the last non-empty bucket always satisfies the test


def tanggal_wita(sekarang: datetime | None = None) -> date:
    """Today's date in WITA (the day a metric is filed under)."""
    return (sekarang or datetime.now(WITA)).astimezone(WITA).date()


def kunci_permintaan(tanggal: date) -> str:
    return f"{PREFIX}:permintaan:{tanggal.isoformat()}"


def kunci_uptime(tanggal: date) -> str:
    return f"{PREFIX}:uptime:{tanggal.isoformat()}"


# --- Redis client -------------------------------------------------------------------------------


def klien_redis() -> redis.Redis:
    """The process's redis-py client for ``settings.REDIS_URL`` (the test settings point it at
    the test Redis database). Short timeouts and no retries: metrics must never slow a
    request down."""
    url = settings.REDIS_URL
    klien = _klien.get(url)
    if klien is None:
        klien = redis.Redis.from_url(
            url,
            socket_connect_timeout=TIMEOUT_SOKET_DETIK,
            socket_timeout=TIMEOUT_SOKET_DETIK,
            retry=Retry(NoBackoff(), 0),
            decode_responses=True,
        )
        _klien[url] = klien
    return klien


def _log_sesekali(pesan: str, exc: BaseException) -> None:
    """Log a Redis failure at most once per :data:`JEDA_LOG_DETIK` per Redis URL."""
    url = settings.REDIS_URL
    sekarang = time.monotonic()
    if sekarang - _log_terakhir.get(url, -math.inf) >= JEDA_LOG_DETIK:
        _log_terakhir[url] = sekarang
        logger.warning("%s: %s", pesan, exc)


# --- writing ------------------------------------------------------------------------------------


def catat_permintaan(ms: float, status: int, sekarang: datetime | None = None) -> bool:
    """Record one request in today's hash (one pipelined round trip). Returns False when it
    was not recorded (Redis down, or paused after a recent failure); never raises."""
    url = settings.REDIS_URL
    if time.monotonic() < _jeda_sampai.get(url, 0.0):
        return False
    try:
        kunci = kunci_permintaan(tanggal_wita(sekarang))
        pipa = klien_redis().pipeline(transaction=False)
        pipa.hincrby(kunci, "n", 1)
        if status >= 500:
            pipa.hincrby(kunci, "galat", 1)
        pipa.hincrby(kunci, f"b{indeks_bucket(ms)}", 1)
        pipa.hincrby(kunci, "ms", max(0, round(ms)))
        pipa.expire(kunci, TTL_DETIK)
        pipa.execute()
    except Exception as exc:  # any failure here must not reach the request
        _jeda_sampai[url] = time.monotonic() + JEDA_SETELAH_GAGAL_DETIK
        _log_sesekali("Metrik permintaan tidak tercatat (Redis)", exc)
        return False
    return True


def catat_uptime(
    hasil: Mapping[str, bool],
    detail: Mapping[str, str | None] | None = None,
    sekarang: datetime | None = None,
) -> None:
    """Record one health check (``{component: ok}``) in today's uptime hash. Raises the Redis
    error (the task logs it)."""
    waktu = (sekarang or datetime.now(WITA)).astimezone(WITA)
    kunci = kunci_uptime(waktu.date())
    gagal = [nama for nama, ok in hasil.items() if not ok]
    pipa = klien_redis().pipeline(transaction=False)
    pipa.hincrby(kunci, "dijalankan", 1)
    if not gagal:
        pipa.hincrby(kunci, "berhasil", 1)
    for nama in gagal:
        pipa.hincrby(kunci, f"gagal:{nama}", 1)
    if gagal:
        alasan = "; ".join(f"{nama}: {(detail or {}).get(nama) or 'gagal'}" for nama in gagal)
        pipa.hset(kunci, "terakhir_gagal", f"{waktu:%H.%M} WITA — {alasan}"[:500])
    pipa.expire(kunci, TTL_DETIK)
    pipa.execute()


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HarianPermintaan:
    """Request counts and latency histogram of one day."""

    tanggal: date
    jumlah: int = 0
    galat: int = 0
    total_ms: int = 0
    histogram: tuple[int, ...] = field(default_factory=lambda: (0,) * len(BATAS_MS))

    @property
    def p50(self) -> float | None:
        return persentil_histogram(self.histogram, 0.5)

    @property
    def p95(self) -> float | None:
        return persentil_histogram(self.histogram, 0.95)

    @property
    def rata_rata_ms(self) -> float | None:
        return self.total_ms / self.jumlah if self.jumlah else None

    @property
    def galat_persen(self) -> float | None:
        return 100 * self.galat / self.jumlah if self.jumlah else None


@dataclass(frozen=True)
class HarianUptime:
    """Health checks of one day, as the beat task recorded them."""

    tanggal: date
    dijalankan: int = 0
    berhasil: int = 0
    gagal: dict[str, int] = field(default_factory=dict)
    terakhir_gagal: str = ""

    @property
    def uptime_persen(self) -> float | None:
        """Share of the checks that ran in which every component was up."""
        return 100 * self.berhasil / self.dijalankan if self.dijalankan else None


def jumlahkan(hari: Iterable[HarianPermintaan], tanggal: date) -> HarianPermintaan:
    """Sum of several days (a month): counts and histograms add up; percentiles of the sum."""
    daftar = list(hari)
    histogram = tuple(sum(h.histogram[i] for h in daftar) for i in range(len(BATAS_MS)))
    return HarianPermintaan(
        tanggal=tanggal,
        jumlah=sum(h.jumlah for h in daftar),
        galat=sum(h.galat for h in daftar),
        total_ms=sum(h.total_ms for h in daftar),
        histogram=histogram,
    )


def _int(nilai: Any) -> int:
    try:
        return int(nilai)
    except (TypeError, ValueError):
        return 0


def _baca(tanggal: Sequence[date], kunci: Callable[[date], str]) -> list[dict[str, str]]:
    pipa = klien_redis().pipeline(transaction=False)
    for t in tanggal:
        pipa.hgetall(kunci(t))
    return pipa.execute()


def baca_permintaan(tanggal: Sequence[date]) -> list[HarianPermintaan]:
    """The request metrics of the given days, in one round trip (zeros for days without
    data). Raises the Redis error."""
    hasil = []
    for t, data in zip(tanggal, _baca(tanggal, kunci_permintaan), strict=True):
        hasil.append(
            HarianPermintaan(
                tanggal=t,
                jumlah=_int(data.get("n")),
                galat=_int(data.get("galat")),
                total_ms=_int(data.get("ms")),
                histogram=tuple(_int(data.get(f"b{i}")) for i in range(len(BATAS_MS))),
            )
        )
    return hasil


def baca_uptime(tanggal: Sequence[date]) -> list[HarianUptime]:
    """The health-check counts of the given days, in one round trip. Raises the Redis error."""
    hasil = []
    for t, data in zip(tanggal, _baca(tanggal, kunci_uptime), strict=True):
        hasil.append(
            HarianUptime(
                tanggal=t,
                dijalankan=_int(data.get("dijalankan")),
                berhasil=_int(data.get("berhasil")),
                gagal={
                    k.removeprefix("gagal:"): _int(v)
                    for k, v in data.items()
                    if k.startswith("gagal:")
                },
                terakhir_gagal=data.get("terakhir_gagal", ""),
            )
        )
    return hasil


# --- middleware ---------------------------------------------------------------------------------


class MetrikMiddleware:
    """Times every request (but :data:`JALUR_DIKECUALIKAN` and static files) and files it
    under today's WITA date. Put it first in ``MIDDLEWARE``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.dikecualikan = (*JALUR_DIKECUALIKAN, settings.STATIC_URL or "/static/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(self.dikecualikan):
            return self.get_response(request)
        mulai = time.perf_counter()
        response = self.get_response(request)
        catat_permintaan((time.perf_counter() - mulai) * 1000, response.status_code)
        return response
