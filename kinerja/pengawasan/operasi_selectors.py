"""Read side of the operations page and of the monthly "Laporan Kinerja Aplikasi".

Everything here is read-only and bounded in time: the health checks run with a short Celery
timeout, Redis is read with short socket timeouts, and every source that fails is reported on
the page instead of failing the page.

Sources: :func:`tenants.health.run_checks` (current health), the Celery broker (queue length,
worker ping), :class:`~kinerja.rollup.models.RollupRun`, the cache key ``ops:schema-stats``
(schema sizes, refreshed hourly by ``tenants.tasks.opd_schema_stats_refresh``), the OPD schemas'
own tables (last activity) and the daily metrics of :mod:`kinerja.pengawasan.metrik`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import statistics
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from dataclasses import dataclass, field
from typing import Any

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from redis.backoff import NoBackoff
from redis.retry import Retry

from kinerja.engine.jadwal import BULAN, WITA
from kinerja.pengawasan import metrik
from kinerja.rollup.models import RollupRun
from tenants.selectors import opd_list
from tenants.stats import STATS_CACHE_KEY

TIMEOUT_CELERY_DETIK = 1.5
TIMEOUT_PING_DETIK = 0.5
TIMEOUT_BROKER_DETIK = 0.5
JUMLAH_ROLLUP = 20
HARI_METRIK = 14
PESAN_BROKER_MATI = "broker Celery tidak dapat dihubungi"
# PostgreSQL identifiers as django-tenants allows them for schema names.
_SKEMA_SAH = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

LABEL_KOMPONEN = {
    "database": "PostgreSQL",
    "redis": "Redis (cache)",
    "celery": "Celery (tugas pulang-pergi)",
}


# --- current health -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Komponen:
    nama: str
    label: str
    ok: bool
    detail: str | None
    ms: float


@dataclass(frozen=True)
class InfoAntrean:
    """Messages waiting in the default Celery queue and messages taken by a worker but not yet
    acknowledged (``acks_late``: running or lost with its worker). None when unreadable."""

    nama: str
    panjang: int | None
    belum_selesai: int | None
    galat: str | None = None
    broker_mati: bool = False  # the broker did not answer (not: "not a Redis broker")


@dataclass(frozen=True)
class KesehatanPlatform:
    komponen: list[Komponen]
    worker: list[str] | None  # names answering ping; None when the broker could not be asked
    antrean: InfoAntrean
    timeout_celery: float
    timeout_ping: float

    @property
    def semua_ok(self) -> bool:
        return all(k.ok for k in self.komponen)


def _klien_broker() -> redis.Redis:
    return redis.Redis.from_url(
        settings.CELERY_BROKER_URL,
        socket_connect_timeout=TIMEOUT_BROKER_DETIK,
        socket_timeout=TIMEOUT_BROKER_DETIK,
        retry=Retry(NoBackoff(), 0),
    )


def antrean_celery() -> InfoAntrean:
    """LLEN of the default queue on the Redis broker (with kombu's priority sub-queues) and
    the size of kombu's ``unacked`` hash, in one round trip."""
    from celery import current_app

    nama = current_app.conf.task_default_queue or "celery"
    if not str(settings.CELERY_BROKER_URL).startswith(("redis://", "rediss://", "unix://")):
        return InfoAntrean(nama, None, None, "broker bukan Redis: panjang antrean tidak dibaca")
    # kombu's Redis transport keeps priorities 3/6/9 in "<queue>\x06\x16<n>" lists.
    kunci = [nama, *(f"{nama}\x06\x16{p}" for p in (3, 6, 9))]
    klien = _klien_broker()
    try:
        pipa = klien.pipeline(transaction=False)
        for k in kunci:
            pipa.llen(k)
        pipa.hlen("unacked")
        *panjang, belum = pipa.execute()
    except Exception as exc:  # shown on the page
        return InfoAntrean(nama, None, None, f"{PESAN_BROKER_MATI}: {exc}", broker_mati=True)
    finally:
        klien.close()
    return InfoAntrean(nama, sum(int(n) for n in panjang), int(belum))


def ping_worker(timeout: float = TIMEOUT_PING_DETIK) -> list[str] | None:
    """Names of the Celery workers answering a broadcast ping within ``timeout`` seconds
    ([] when none); None when the broker could not be reached."""
    from celery import current_app

    try:
        balasan = current_app.control.ping(timeout=timeout)
    except Exception:  # broker down: shown as "tidak diketahui"
        return None
    return sorted(nama for jawaban in balasan for nama in jawaban)


def kesehatan_platform(
    timeout_celery: float = TIMEOUT_CELERY_DETIK, timeout_ping: float = TIMEOUT_PING_DETIK
) -> KesehatanPlatform:
    """The /health/ checks of the public schema (Celery round trip shortened to
    ``timeout_celery`` seconds), a worker ping and the queue length.

    The queue is read first (≤ 0.5 s): when the broker does not answer, the Celery round trip
    and the ping are not attempted (kombu would retry the connection for many seconds) and
    Celery is reported as unreachable. Otherwise the ping runs beside the checks, so the page
    takes about ``timeout_celery`` seconds when no worker answers.
    """
    from tenants.health import run_checks

    info_antrean = antrean_celery()
    if info_antrean.broker_mati:
        bagian = run_checks("public", names=("database", "redis"))
        bagian["celery"] = {"status": "error", "detail": PESAN_BROKER_MATI, "ms": 0.0}
        worker = None
    else:
        # Not a ``with`` block: leaving it would wait for a ping stuck on a failing broker.
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="operasi-ping")
        try:
            ping = pool.submit(ping_worker, timeout_ping)
            bagian = run_checks("public", celery_timeout=dt.timedelta(seconds=timeout_celery))
            try:
                worker = ping.result(timeout=timeout_ping + 1)
            except FuturesTimeout:
                worker = None
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
    komponen = [
        Komponen(
            nama=nama,
            label=LABEL_KOMPONEN.get(nama, nama),
            ok=b["status"] == "ok",
            detail=b["detail"],
            ms=b["ms"],
        )
        for nama, b in bagian.items()
    ]
    return KesehatanPlatform(komponen, worker, info_antrean, timeout_celery, timeout_ping)


# --- rollup runs --------------------------------------------------------------------------------


def rollup_terakhir(jumlah: int = JUMLAH_ROLLUP) -> list[RollupRun]:
    """The latest rollup runs (newest first), every field needed by the page."""
    return list(RollupRun.objects.order_by("-mulai", "-id")[:jumlah])


@dataclass(frozen=True)
class RingkasanRollup:
    jumlah: int
    per_status: dict[str, int]
    gagal: int  # status gagal or sebagian
    rata_rata_ms: float | None
    maks_ms: int | None


def ringkasan_rollup(mulai: dt.datetime, sampai: dt.datetime) -> RingkasanRollup:
    """Runs started in ``[mulai, sampai)``: count per status, failures (gagal + sebagian),
    mean and max duration of the finished ones (one query)."""
    baris = list(
        RollupRun.objects.filter(mulai__gte=mulai, mulai__lt=sampai).values_list(
            "status", "durasi_ms"
        )
    )
    per_status = {s.value: 0 for s in RollupRun.Status}
    for status, _ in baris:
        per_status[status] = per_status.get(status, 0) + 1
    durasi = [d for _, d in baris if d is not None]
    return RingkasanRollup(
        jumlah=len(baris),
        per_status=per_status,
        gagal=per_status[RollupRun.Status.GAGAL] + per_status[RollupRun.Status.SEBAGIAN],
        rata_rata_ms=statistics.fmean(durasi) if durasi else None,
        maks_ms=max(durasi) if durasi else None,
    )


# --- OPD schemas --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BarisSkema:
    schema: str
    nama: str
    ukuran: int | None  # bytes, from the hourly cache
    perubahan_terakhir: dt.datetime | None  # latest JejakAudit.waktu
    login_terakhir: dt.datetime | None  # latest auth_user.last_login


@dataclass(frozen=True)
class StatistikSkema:
    baris: list[BarisSkema]
    ukuran_pada: dt.datetime | None  # when ops:schema-stats was written; None = never
    galat: str | None = None

    @property
    def umur_ukuran(self) -> dt.timedelta | None:
        return timezone.now() - self.ukuran_pada if self.ukuran_pada else None

    @property
    def total_ukuran(self) -> int:
        return sum(b.ukuran or 0 for b in self.baris)


def aktivitas_terakhir(schemas: list[str]) -> dict[str, tuple[Any, Any]]:
    """``{schema: (latest audit entry time, latest login)}`` for OPD schemas, in two queries.

    Last activity is the newest ``JejakAudit.waktu`` (every realisasi change, workflow move and
    evidence upload/removal of the OPD; an index-only lookup on ``waktu``) next to the newest
    login of the schema's users. ``SnapshotIku.diperbarui`` was not used: it moves when a
    rollup rewrites a row, not when someone works. The schema names come from the registry,
    are checked against the identifier pattern and quoted; schemas (or tables) missing in the
    catalogue are left out so one dropped schema cannot fail the query.
    """
    sah = [s for s in schemas if _SKEMA_SAH.match(s)]
    if not sah:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT n.nspname,
                   bool_or(c.relname = 'opd_jejakaudit'),
                   bool_or(c.relname = 'auth_user')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ANY(%s) AND c.relname IN ('opd_jejakaudit', 'auth_user')
                  AND c.relkind = 'r'
            GROUP BY n.nspname
            """,
            [sah],
        )
        ada = {nama: (audit, user) for nama, audit, user in cursor.fetchall()}
        bagian = []
        for schema in sah:
            if schema not in ada:
                continue
            q = connection.ops.quote_name(schema)
            audit = (
                f"(SELECT max(waktu) FROM {q}.opd_jejakaudit)"
                if ada[schema][0]
                else "NULL::timestamptz"
            )
            login = f"(SELECT max(last_login) FROM {q}.auth_user)" if ada[schema][1] else "NULL"
            bagian.append(f"SELECT %s, {audit}, {login}")
        if not bagian:
            return {}
        cursor.execute(" UNION ALL ".join(bagian), [s for s in sah if s in ada])
        return {schema: (audit, login) for schema, audit, login in cursor.fetchall()}


def statistik_skema() -> StatistikSkema:
    """Every active OPD: schema size (cached hourly; its age is reported) and last activity."""
    opds = list(opd_list())
    data = cache.get(STATS_CACHE_KEY) or {}
    ukuran: dict[str, int] = data.get("sizes", {}) if isinstance(data, dict) else {}
    pada = parse_datetime(data["at"]) if isinstance(data, dict) and data.get("at") else None
    galat = None
    try:
        aktivitas = aktivitas_terakhir([o.schema_name for o in opds])
    except Exception as exc:  # the rest of the page must still render
        aktivitas, galat = {}, f"Aktivitas terakhir tidak dapat dibaca: {exc}"
    baris = [
        BarisSkema(
            schema=o.schema_name,
            nama=str(o),
            ukuran=ukuran.get(o.schema_name),
            perubahan_terakhir=aktivitas.get(o.schema_name, (None, None))[0],
            login_terakhir=aktivitas.get(o.schema_name, (None, None))[1],
        )
        for o in opds
    ]
    return StatistikSkema(baris, pada, galat)


# --- daily metrics ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BarisHarian:
    """One day of the page and of the report: requests and uptime side by side."""

    tanggal: dt.date
    permintaan: metrik.HarianPermintaan
    uptime: metrik.HarianUptime
    diharapkan: int  # health checks expected that day (0 for days in the future)

    @property
    def cakupan_persen(self) -> float | None:
        """Checks recorded / checks expected: below 100 % when beat, a worker or Redis was down
        (a check that cannot run records nothing)."""
        if not self.diharapkan:
            return None
        return min(100.0, 100 * self.uptime.dijalankan / self.diharapkan)


@dataclass(frozen=True)
class MetrikHarian:
    baris: list[BarisHarian]
    galat: str | None = None


def _diharapkan(tanggal: dt.date, sekarang: dt.datetime) -> int:
    """Checks beat should have sent that day (until now for today)."""
    interval = max(1, int(getattr(settings, "KINERJA_CEK_KESEHATAN_MENIT", 1)))
    lokal = sekarang.astimezone(WITA)
    if tanggal > lokal.date():
        return 0
    if tanggal == lokal.date():
        return (lokal.hour * 60 + lokal.minute) // interval
    return 24 * 60 // interval


def metrik_harian(tanggal: list[dt.date], sekarang: dt.datetime | None = None) -> MetrikHarian:
    """Requests and uptime of the given days (two Redis round trips); an empty result with
    the error when Redis cannot be read."""
    sekarang = sekarang or timezone.now()
    try:
        permintaan = metrik.baca_permintaan(tanggal)
        uptime = metrik.baca_uptime(tanggal)
    except Exception as exc:  # shown on the page
        return MetrikHarian([], f"Metrik tidak dapat dibaca dari Redis: {exc}")
    return MetrikHarian(
        [
            BarisHarian(t, p, u, _diharapkan(t, sekarang))
            for t, p, u in zip(tanggal, permintaan, uptime, strict=True)
        ]
    )


def hari_terakhir(jumlah: int = HARI_METRIK, sekarang: dt.datetime | None = None) -> list[dt.date]:
    """The last ``jumlah`` WITA dates, newest first."""
    hari_ini = metrik.tanggal_wita(sekarang)
    return [hari_ini - dt.timedelta(days=i) for i in range(jumlah)]


# --- monthly report -----------------------------------------------------------------------------


class BulanTidakValid(ValueError):
    """``pesan`` is shown to the user as is."""

    def __init__(self, pesan: str) -> None:
        super().__init__(pesan)
        self.pesan = pesan


_POLA_BULAN = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def parse_bulan(teks: str | None, sekarang: dt.datetime | None = None) -> tuple[int, int]:
    """``"2026-11"`` → ``(2026, 11)``; refuses other shapes, impossible months and months that
    have not started yet (WITA), with an Indonesian message."""
    if not teks or not teks.strip():
        raise BulanTidakValid("Pilih bulan laporan (format TTTT-BB, misalnya 2026-11).")
    cocok = _POLA_BULAN.match(teks)
    if not cocok:
        raise BulanTidakValid(
            f"Bulan “{teks[:20]}” tidak dikenali. Gunakan format TTTT-BB, misalnya 2026-11."
        )
    tahun, bulan = int(cocok.group(1)), int(cocok.group(2))
    if not 1 <= bulan <= 12:
        raise BulanTidakValid(f"Bulan {bulan} tidak ada: isi 01 sampai 12.")
    if not 2000 <= tahun <= 2100:
        raise BulanTidakValid(f"Tahun {tahun} di luar rentang 2000–2100.")
    hari_ini = metrik.tanggal_wita(sekarang)
    if (tahun, bulan) > (hari_ini.year, hari_ini.month):
        raise BulanTidakValid(f"{BULAN[bulan - 1]} {tahun} belum berjalan.")
    return tahun, bulan


@dataclass(frozen=True)
class LaporanBulanan:
    tahun: int
    bulan: int
    harian: MetrikHarian
    total: metrik.HarianPermintaan
    rollup: RingkasanRollup
    dibuat: dt.datetime
    hari: list[dt.date] = field(default_factory=list)

    @property
    def judul_bulan(self) -> str:
        return f"{BULAN[self.bulan - 1]} {self.tahun}"

    @property
    def pemeriksaan_dijalankan(self) -> int:
        return sum(b.uptime.dijalankan for b in self.harian.baris)

    @property
    def pemeriksaan_berhasil(self) -> int:
        return sum(b.uptime.berhasil for b in self.harian.baris)

    @property
    def pemeriksaan_diharapkan(self) -> int:
        return sum(b.diharapkan for b in self.harian.baris)

    @property
    def uptime_persen(self) -> float | None:
        n = self.pemeriksaan_dijalankan
        return 100 * self.pemeriksaan_berhasil / n if n else None

    @property
    def cakupan_persen(self) -> float | None:
        n = self.pemeriksaan_diharapkan
        return min(100.0, 100 * self.pemeriksaan_dijalankan / n) if n else None

    @property
    def gagal_per_komponen(self) -> dict[str, int]:
        hasil: dict[str, int] = {}
        for b in self.harian.baris:
            for nama, n in b.uptime.gagal.items():
                hasil[nama] = hasil.get(nama, 0) + n
        return hasil


def laporan_bulanan(tahun: int, bulan: int, sekarang: dt.datetime | None = None) -> LaporanBulanan:
    """Every day of the month (up to today), their sum (percentiles of the summed histogram)
    and the rollup runs started in the month (WITA)."""
    sekarang = sekarang or timezone.now()
    hari_ini = metrik.tanggal_wita(sekarang)
    jumlah_hari = calendar.monthrange(tahun, bulan)[1]
    hari = [
        t for t in (dt.date(tahun, bulan, d) for d in range(1, jumlah_hari + 1)) if t <= hari_ini
    ]
    harian = metrik_harian(hari, sekarang)
    awal = dt.datetime(tahun, bulan, 1, tzinfo=WITA)
    akhir = dt.datetime(tahun + bulan // 12, bulan % 12 + 1, 1, tzinfo=WITA)
    return LaporanBulanan(
        tahun=tahun,
        bulan=bulan,
        harian=harian,
        total=metrik.jumlahkan((b.permintaan for b in harian.baris), dt.date(tahun, bulan, 1)),
        rollup=ringkasan_rollup(awal, akhir),
        dibuat=sekarang,
        hari=hari,
    )
