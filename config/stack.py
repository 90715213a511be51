"""Starts and stops the local stack for ``make run`` and ``make test``.

    python -m config.stack run        # services, migrate, seed (first time), web + worker + beat
    python -m config.stack test ARGS  # Chromium + PDF libs (apt, if missing), services, pytest
    python -m config.stack services   # only PostgreSQL + Redis, until Ctrl-C
    python -m config.stack exec CMD   # services, then any command (benchmarks)
    python -m config.stack stop       # stop embedded services left running

With ``DATABASE_URL`` / ``REDIS_URL`` set, the given servers are used and nothing is started.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from config.embedded import EmbeddedPostgres, EmbeddedRedis

ROOT = Path(__file__).resolve().parent.parent
# Same .env as the Django settings, so DATABASE_URL / KINERJA_* there decide what starts.
if (ROOT / ".env").exists():
    import environ

    environ.Env.read_env(ROOT / ".env", overwrite=False)
VAR = Path(os.environ.get("KINERJA_VAR_DIR", ROOT / "var"))
PG_PORT = int(os.environ.get("KINERJA_PG_PORT", "54329"))
REDIS_PORT = int(os.environ.get("KINERJA_REDIS_PORT", "63790"))
WEB_PORT = int(os.environ.get("KINERJA_WEB_PORT", "8000"))
PY = sys.executable


def _say(msg: str) -> None:
    print(f"[kinerja] {msg}", flush=True)


class Services:
    """The embedded servers this process started (so it stops only those)."""

    def __init__(self) -> None:
        self.pg = EmbeddedPostgres(VAR / "postgres", PG_PORT)
        self.redis = EmbeddedRedis(VAR / "redis", REDIS_PORT)
        self.started: list[str] = []

    def up(self) -> None:
        if os.environ.get("DATABASE_URL"):
            _say("DATABASE_URL is set: using that PostgreSQL, not starting one")
        else:
            t = time.monotonic()
            if self.pg.start():
                self.started.append("postgres")
                took = time.monotonic() - t
                _say(f"embedded PostgreSQL started on 127.0.0.1:{PG_PORT} ({took:.1f} s)")
            else:
                _say(f"PostgreSQL already running on 127.0.0.1:{PG_PORT}")
            self.pg.ensure_database("kinerja")
        if os.environ.get("REDIS_URL"):
            _say("REDIS_URL is set: using that Redis, not starting one")
        elif self.redis.start():
            self.started.append("redis")
            _say(f"embedded Redis started on 127.0.0.1:{REDIS_PORT}")
        else:
            _say(f"Redis already running on 127.0.0.1:{REDIS_PORT}")

    def down(self) -> None:
        if "redis" in self.started:
            self.redis.stop()
            _say("embedded Redis stopped")
        if "postgres" in self.started:
            self.pg.stop()
            _say("embedded PostgreSQL stopped")
        self.started.clear()


def _manage(*args: str, settings: str = "config.settings.dev") -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings}
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _spawn(args: Sequence[str]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(list(args), cwd=ROOT, env=env, start_new_session=True)


def _stop_children(children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)


def _banner() -> None:
    from kinerja.demo.data import BAPPEDA_USERS, OPD_USERS, SHOWCASE_OPDS, demo_password

    base = f"http://localhost:{WEB_PORT}"
    lines = [
        "",
        "=" * 78,
        " Kinerja — Provinsi Kalimantan Utara is running",
        "=" * 78,
        f" Portal publik provinsi    {base}/",
        f" Admin Bappeda (Wagtail)   {base}/admin/",
    ]
    for schema in SHOWCASE_OPDS:
        lines.append(f" Admin OPD {schema:<15} http://{schema}.localhost:{WEB_PORT}/admin/")
    lines.append(f" Health                    {base}/health/")
    lines += ["", " Demo logins (username / password):"]
    for username, _role in BAPPEDA_USERS:
        lines.append(f"   Bappeda  {username:<22} {demo_password('public', username)}")
    for schema in SHOWCASE_OPDS:
        for username, _role in OPD_USERS:
            lines.append(f"   {schema:<8} {username:<22} {demo_password(schema, username)}")
    lines += [
        "   (every OPD <schema>.localhost has the same three users;",
        "    password pattern: Demo-<schema>-<username>-2026)",
        "",
        " Ctrl-C stops the web server, Celery worker and beat, PostgreSQL and Redis.",
        "=" * 78,
        "",
    ]
    print("\n".join(lines), flush=True)


def _port_in_use(port: int) -> bool:
    from config.embedded import _port_open

    return _port_open(port)


def cmd_run() -> int:
    if _port_in_use(WEB_PORT):
        _say(f"port {WEB_PORT} is already in use; stop the other server or set KINERJA_WEB_PORT")
        return 1
    services = Services()
    children: list[subprocess.Popen[bytes]] = []

    def _terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # Explicit handlers: a shell may start us with SIGINT ignored (background jobs).
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, _terminate)
    try:
        pdf_libs_ensure()
        services.up()
        _say("migrating the public schema, the OPD template and every OPD schema")
        _manage("migrate_schemas", "--executor=multiprocessing", "-v", "0")
        _manage("setup_platform")
        _manage("seed_demo", "--skip-if-seeded")
        _manage("collectstatic", "--noinput", "-v", "0")
        children.append(_spawn([PY, "manage.py", "runserver", f"0.0.0.0:{WEB_PORT}"]))
        children.append(
            _spawn([PY, "-m", "celery", "-A", "celery_app", "worker", "-l", "info", "-c", "2"])
        )
        children.append(
            _spawn(
                [
                    PY,
                    "-m",
                    "celery",
                    "-A",
                    "celery_app",
                    "beat",
                    "-l",
                    "info",
                    "-s",
                    str(VAR / "celerybeat-schedule"),
                ]
            )
        )
        deadline = time.monotonic() + 90
        while not _port_in_use(WEB_PORT) and time.monotonic() < deadline:
            if any(child.poll() is not None for child in children):
                break
            time.sleep(0.3)
        time.sleep(1.5)  # let the worker and beat print their start-up lines first
        _banner()
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        _say("a process exited; stopping the rest")
        return 1
    except KeyboardInterrupt:
        _say("stopping")
        return 0
    except subprocess.CalledProcessError as exc:
        _say(f"set-up step failed: {exc}")
        return 1
    finally:
        _stop_children(children)
        services.down()


CHROMIUM = Path("/usr/bin/chromium")


def _run_logged(command: list[str], log: Path) -> bool:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    with log.open("a") as out:
        out.write(f"$ {' '.join(command)}\n")
        out.flush()
        try:
            result = subprocess.run(command, stdout=out, stderr=out, env=env, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as exc:  # no apt-get/sudo, or apt hangs
            out.write(f"{exc}\n")
            return False
    return result.returncode == 0


def browser_ensure() -> bool:
    """Make sure Debian's Chromium is there for the browser tests (tests/e2e), installing the
    ``chromium`` package with apt when missing; Playwright never downloads a browser here.

    Never fatal: without Chromium the e2e tests skip and say why, the rest of the suite runs.
    """
    if os.access(CHROMIUM, os.X_OK):
        return True
    VAR.mkdir(parents=True, exist_ok=True)
    log = VAR / "chromium-install.log"
    log.write_text("")
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]  # -n: fail rather than wait for a password
    install = [*sudo, "apt-get", "install", "-y", "--no-install-recommends", "chromium"]
    print(
        f"[kinerja] installing Debian's chromium for the browser tests (log: {log}) ... ",
        end="",
        flush=True,
    )
    # A fresh machine's package lists may be empty or stale: update only when the install fails.
    if not _run_logged(install, log) and _run_logged([*sudo, "apt-get", "update"], log):
        _run_logged(install, log)
    if os.access(CHROMIUM, os.X_OK):
        print("done", flush=True)
        return True
    print(f"FAILED, {CHROMIUM} is missing: the browser tests will be skipped", flush=True)
    return False


# System libraries WeasyPrint loads at run time (PDF reports, kinerja/laporan/pdf.py), as
# ctypes library name → Debian package; and the fonts the reports use.
PDF_LIBS = {"pango-1.0": "libpango-1.0-0", "pangoft2-1.0": "libpangoft2-1.0-0"}
PDF_FONT_PACKAGES = ("fonts-dejavu-core", "fonts-liberation")
PDF_FONT_FILES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
)


def _pdf_missing() -> list[str]:
    """Debian packages missing for the PDF reports (Pango, or any of the report fonts)."""
    import ctypes.util

    missing = [pkg for lib, pkg in PDF_LIBS.items() if ctypes.util.find_library(lib) is None]
    if not any(f.exists() for f in PDF_FONT_FILES):
        missing += list(PDF_FONT_PACKAGES)
    return missing


def pdf_libs_ensure() -> bool:
    """Make sure WeasyPrint's system libraries (Pango) and a report font (DejaVu or Liberation)
    are installed, with apt when missing (a clean Debian may lack them).

    Never fatal: without them the PDF reports answer 503 with an explanation (and their tests
    fail saying why); everything else, the CSV/XLSX/JSON downloads included, works.
    """
    missing = _pdf_missing()
    if not missing:
        return True
    VAR.mkdir(parents=True, exist_ok=True)
    log = VAR / "pdf-libs-install.log"
    log.write_text("")
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    install = [*sudo, "apt-get", "install", "-y", "--no-install-recommends", *missing]
    print(
        f"[kinerja] installing {', '.join(missing)} for the PDF reports (log: {log}) ... ",
        end="",
        flush=True,
    )
    if not _run_logged(install, log) and _run_logged([*sudo, "apt-get", "update"], log):
        _run_logged(install, log)
    still = _pdf_missing()
    if not still:
        print("done", flush=True)
        return True
    print(f"FAILED, still missing: {', '.join(still)}; PDF reports will answer 503", flush=True)
    return False


def cmd_test(args: list[str]) -> int:
    services = Services()
    try:
        browser_ensure()
        pdf_libs_ensure()
        services.up()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
        result = subprocess.run([PY, "-m", "pytest", *args], cwd=ROOT, env=env)
        if result.returncode == 5:
            _say("pytest collected no tests")
        return result.returncode
    finally:
        services.down()


def cmd_exec(args: list[str]) -> int:
    """Run any command with the services up (benchmarks, one-off management commands)."""
    services = Services()
    try:
        services.up()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
        return subprocess.run(args, cwd=ROOT, env=env).returncode
    finally:
        services.down()


def cmd_services() -> int:
    services = Services()
    try:
        services.up()
        _say("services up; Ctrl-C to stop")
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        return 0
    finally:
        services.down()


def cmd_stop() -> int:
    services = Services()
    services.redis.stop()
    services.pg.stop()
    _say("embedded services stopped")
    return 0


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "run":
        return cmd_run()
    if command == "test":
        return cmd_test(rest)
    if command == "exec" and rest:
        return cmd_exec(rest)
    if command == "services":
        return cmd_services()
    if command == "stop":
        return cmd_stop()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
