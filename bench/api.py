"""API benchmark: requests/s and latency percentiles of the public API under gunicorn, next
to a bare Django JSON view on the same server, in one run.

    make bench-api                                  # defaults below
    make bench-api BENCH_ARGS="--workers 4 --detik 20"
    python bench/api.py --bersihkan                 # drop the benchmark database

Measured, each for ``--detik`` seconds with ``--klien`` concurrent clients:

- ``/api/bench/kosong/`` on the public domain: a plain Django view returning a tiny JSON
  (no DRF, no database, no cache): the yardstick. It exists only when KINERJA_BENCH is set,
  which only this script does;
- ``/api/v1/rekap/`` on the public domain, anonymous (cached in Redis after the warm-up);
- ``/api/v1/iku/`` on an OPD domain, anonymous (cached);
- ``/api/v1/iku/`` on the same OPD domain signed in with a token (never cached: the cost of
  computing the answer).

Goal (issue #7): the cached endpoints reach ≥ 60 % of the bare view's requests/s.

Everything runs against a separate database, ``kinerja_bench_api``, loaded once with the demo
province (``migrate_schemas``, ``setup_platform``, ``seed_demo``, ``rollup_capaian``) and KEPT
between runs (loading takes a few minutes), and Redis database 28 (flushed at the start). The
dev database is never touched. The load comes from Python processes with threads (no system
tool needed), on the same machine as the server: the figures compare endpoints with each
other, they are not the capacity of a production server.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_NAME = "kinerja_bench_api"
REDIS_DB = 28
PUBLIK = "localhost"
OPD = "dinkes"  # a demo OPD (kinerja/demo/data.py); its domain is <schema>.localhost


def _urls() -> tuple[str, str, str]:
    port = os.environ.get("KINERJA_PG_PORT", "54329")
    base = os.environ.get("DATABASE_URL", f"postgres://postgres@127.0.0.1:{port}/kinerja")
    parts = urlsplit(base)
    bench = urlunsplit(parts._replace(path=f"/{DB_NAME}"))
    admin = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    rport = os.environ.get("KINERJA_REDIS_PORT", "63790")
    redis_base = os.environ.get("REDIS_URL", f"redis://127.0.0.1:{rport}/0")
    redis_url = urlunsplit(urlsplit(redis_base)._replace(path=f"/{REDIS_DB}"))
    return bench, admin, redis_url


def _env(bench_url: str, redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": bench_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "False",
        "LOG_LEVEL": "ERROR",
        "KINERJA_BENCH": "1",
        # The rate limits stay on (their cost is part of every API answer), far above the load.
        "KINERJA_API_RATE_ANON": "100000000/minute",
        "KINERJA_API_RATE_USER": "100000000/minute",
        "PYTHONUNBUFFERED": "1",
    }


# --- set-up -------------------------------------------------------------------------------------


def _database_ensure(admin_url: str) -> bool:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        ada = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not ada:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return not ada


def _manage(env: dict[str, str], *args: str) -> None:
    mulai = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)
    print(f"  manage.py {' '.join(args)}: {time.perf_counter() - mulai:.1f} s", flush=True)


def siapkan(env: dict[str, str], admin_url: str) -> None:
    baru = _database_ensure(admin_url)
    print(f"[bench] database {DB_NAME} ({'baru' if baru else 'dipakai ulang'})", flush=True)
    _manage(env, "migrate_schemas", "--executor=multiprocessing", "-v", "0")
    _manage(env, "setup_platform")
    _manage(env, "seed_demo", "--skip-if-seeded")
    _manage(env, "rollup_capaian")
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()


def bersihkan(admin_url: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    print(f"[bench] database {DB_NAME} dihapus")


# --- server -------------------------------------------------------------------------------------


def _port_bebas() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _minta(
    port: int,
    host: str,
    path: str,
    headers: dict[str, str] | None = None,
    method: str = "GET",
    body: bytes | None = None,
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers={"Host": host, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def mulai_gunicorn(env: dict[str, str], workers: int, port: int) -> subprocess.Popen[bytes]:
    log = ROOT / "var" / "bench-api-gunicorn.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    perintah = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        "sync",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    with log.open("wb") as keluar:
        proses = subprocess.Popen(
            perintah,
            cwd=ROOT,
            env=env,
            stdout=keluar,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    batas = time.monotonic() + 60
    while time.monotonic() < batas:
        if proses.poll() is not None:
            raise SystemExit(f"gunicorn berhenti; lihat {log}")
        try:
            if _minta(port, PUBLIK, "/api/bench/kosong/")[0] == 200:
                return proses
        except OSError:
            pass
        time.sleep(0.3)
    hentikan(proses)
    raise SystemExit(f"gunicorn tidak menjawab dalam 60 detik; lihat {log}")


def hentikan(proses: subprocess.Popen[bytes]) -> None:
    if proses.poll() is None:
        os.killpg(proses.pid, signal.SIGTERM)
        try:
            proses.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proses.pid, signal.SIGKILL)
            proses.wait()


# --- load ---------------------------------------------------------------------------------------


def _pekerja(
    port: int,
    host: str,
    path: str,
    headers: dict[str, str],
    detik: float,
    benang: int,
    antrean: multiprocessing.Queue,
) -> None:  # type: ignore[type-arg]
    """One load process: ``benang`` threads, each a closed loop of requests (a new connection
    per request: gunicorn's sync workers close it after each answer)."""
    latensi: list[float] = []
    galat = 0
    kunci = threading.Lock()
    akhir = time.perf_counter() + detik

    def loop() -> None:
        nonlocal galat
        milik: list[float] = []
        salah = 0
        while time.perf_counter() < akhir:
            t0 = time.perf_counter()
            try:
                status, _ = _minta(port, host, path, headers)
            except OSError:
                status = 0
            milik.append(time.perf_counter() - t0)
            if status != 200:
                salah += 1
        with kunci:
            latensi.extend(milik)
            galat += salah

    threads = [threading.Thread(target=loop) for _ in range(benang)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    antrean.put((latensi, galat))


def ukur(
    port: int, host: str, path: str, headers: dict[str, str], detik: float, klien: int, proses: int
) -> dict[str, float]:
    antrean: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    per_proses = max(1, klien // proses)
    semua = [
        multiprocessing.Process(
            target=_pekerja, args=(port, host, path, headers, detik, per_proses, antrean)
        )
        for _ in range(proses)
    ]
    mulai = time.perf_counter()
    for p in semua:
        p.start()
    latensi: list[float] = []
    galat = 0
    for _ in semua:
        lat, g = antrean.get()
        latensi.extend(lat)
        galat += g
    for p in semua:
        p.join()
    durasi = time.perf_counter() - mulai
    latensi.sort()

    def persentil(q: float) -> float:
        if not latensi:
            return math.nan
        return latensi[min(len(latensi) - 1, math.ceil(q * len(latensi)) - 1)] * 1000

    return {
        "n": len(latensi),
        "rps": len(latensi) / durasi,
        "p50": persentil(0.50),
        "p95": persentil(0.95),
        "galat": galat,
    }


def token_operator(port: int) -> str:
    host = f"{OPD}.localhost"
    body = json.dumps({"username": "operator", "password": f"Demo-{OPD}-operator-2026"}).encode()
    status, isi = _minta(
        port, host, "/api/v1/auth/token/", {"Content-Type": "application/json"}, "POST", body
    )
    if status != 200:
        raise SystemExit(f"Token demo gagal ({status}): {isi[:200]!r}")
    return json.loads(isi)["token"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--detik", type=float, default=10.0, help="Durasi per titik ukur.")
    parser.add_argument("--klien", type=int, default=8, help="Klien serentak.")
    parser.add_argument("--proses", type=int, default=2, help="Proses pembangkit beban.")
    parser.add_argument("--ulang", type=int, default=3, help="Putaran pengukuran.")
    parser.add_argument("--tanpa-siapkan", action="store_true", help="Lewati migrate/seed.")
    parser.add_argument("--bersihkan", action="store_true", help="Hapus basis data bench.")
    args = parser.parse_args()

    bench_url, admin_url, redis_url = _urls()
    if args.bersihkan:
        bersihkan(admin_url)
        return
    env = _env(bench_url, redis_url)
    if not args.tanpa_siapkan:
        siapkan(env, admin_url)
    port = _port_bebas()
    print(
        f"[bench] gunicorn {args.workers} worker di 127.0.0.1:{port}; {os.cpu_count()} CPU; "
        f"{args.klien} klien dalam {args.proses} proses; {args.detik:g} s per titik",
        flush=True,
    )
    server = mulai_gunicorn(env, args.workers, port)
    try:
        token = token_operator(port)
        opd_host = f"{OPD}.localhost"
        titik = [
            ("bare Django JSON view", PUBLIK, "/api/bench/kosong/", {}),
            ("/api/v1/rekap/ (publik, cache)", PUBLIK, "/api/v1/rekap/", {}),
            ("/api/v1/iku/ (OPD, anonim, cache)", opd_host, "/api/v1/iku/", {}),
            (
                "/api/v1/iku/ (OPD, masuk, tanpa cache)",
                opd_host,
                "/api/v1/iku/",
                {"Authorization": f"Token {token}"},
            ),
        ]
        for _, host, path, headers in titik:  # warm-up: caches, connections, imports
            for _ in range(args.workers * 10):
                status, isi = _minta(port, host, path, headers)
                if status != 200:
                    raise SystemExit(f"{host}{path}: {status} {isi[:300]!r}")
        # Rounds of every point in turn: the machine's load drifts (other processes), so each
        # point is measured in every round and its median round is kept.
        per_titik: dict[str, list[dict[str, float]]] = {nama: [] for nama, *_ in titik}
        for putaran in range(1, args.ulang + 1):
            for nama, host, path, headers in titik:
                r = ukur(port, host, path, headers, args.detik, args.klien, args.proses)
                per_titik[nama].append(r)
                print(f"  putaran {putaran}: {nama}: {r['rps']:.0f} req/s", flush=True)
    finally:
        hentikan(server)

    def median(rows: list[dict[str, float]]) -> dict[str, float]:
        return sorted(rows, key=lambda r: r["rps"])[len(rows) // 2]

    hasil = [(nama, median(rows)) for nama, rows in per_titik.items()]
    dasar = hasil[0][1]["rps"]
    print()
    print(f"median of {args.ulang} rounds (p50/p95 of that round)")
    print("| endpoint | req/s | p50 (ms) | p95 (ms) | vs bare | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    for nama, r in hasil:
        galat = sum(int(x["galat"]) for x in per_titik[nama])
        print(
            f"| {nama} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | "
            f"{100 * r['rps'] / dasar:.0f} % | {galat} |"
        )
    print()
    for nama, r in hasil[1:3]:
        ok = r["rps"] >= 0.6 * dasar
        print(f"goal ≥ 60 % of the bare view, {nama}: {'MET' if ok else 'NOT MET'}")


if __name__ == "__main__":
    main()
