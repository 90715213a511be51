"""Provisioning benchmark: seconds per OPD created by cloning the base schema (N = 1 and N = 50)
next to one OPD created by running every migration, in one run, on a throw-away database.

    make bench                          # via the stack: embedded services are started
    python bench/provision.py --n 50    # with services already running

Goal (issue #3): one clone < 2 s with 50 OPDs already present.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _bench_database_url() -> tuple[str, str]:
    port = os.environ.get("KINERJA_PG_PORT", "54329")
    base = os.environ.get("DATABASE_URL", f"postgres://postgres@127.0.0.1:{port}/kinerja")
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/kinerja_bench")), base


def _recreate_database(admin_url: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS kinerja_bench WITH (FORCE)")
        conn.execute("CREATE DATABASE kinerja_bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=50, help="OPDs in the large clone batch")
    parser.add_argument("--keep", action="store_true", help="keep the kinerja_bench database")
    args = parser.parse_args()

    bench_url, base_url = _bench_database_url()
    admin_url = urlunsplit(urlsplit(base_url)._replace(path="/postgres", scheme="postgresql"))
    _recreate_database(admin_url)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["LOG_LEVEL"] = "WARNING"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tenants.services import base_schema_ensure, opd_provision, public_setup

    t = time.perf_counter()
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    public_setup("bench.localhost")
    base_schema_ensure()
    setup_s = time.perf_counter() - t

    def provision(i: int, use_clone: bool = True) -> float:
        start = time.perf_counter()
        opd_provision(
            use_clone=use_clone,
            schema=f"bench_{i:03d}",
            nama=f"Dinas Bench {i}",
            singkatan=f"DB{i}",
            domain=f"bench-{i:03d}.localhost",
            admin_password="Bench-Admin-2026",
        )
        return time.perf_counter() - start

    first = provision(0)
    batch = [provision(i) for i in range(1, args.n + 1)]
    after_n = provision(args.n + 1)

    migrated = provision(args.n + 2, use_clone=False)

    rows = [
        ("clone, N = 1 (first OPD)", first),
        (f"clone, N = {args.n}: mean per OPD", statistics.mean(batch)),
        (f"clone, N = {args.n}: median", statistics.median(batch)),
        (f"clone, N = {args.n}: slowest", max(batch)),
        (f"clone, one more with {args.n + 1} present", after_n),
        ("migrations (no clone), one OPD", migrated),
    ]
    print()
    print(f"Provisioning benchmark ({os.cpu_count()} cores; public + base set-up {setup_s:.1f} s)")
    print(f"{'case':<44}{'seconds':>10}")
    print("-" * 54)
    for label, seconds in rows:
        print(f"{label:<44}{seconds:>10.2f}")
    print("-" * 54)
    print(f"clone speed-up vs migrations: {migrated / statistics.median(batch):.1f}x")
    print(f"goal < 2 s with {args.n} present: {'met' if after_n < 2 else 'NOT met'}")

    connection.close()
    if not args.keep:
        import psycopg

        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS kinerja_bench WITH (FORCE)")


if __name__ == "__main__":
    main()
