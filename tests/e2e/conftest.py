"""Browser (end-to-end) fixtures: a real HTTP server on the test database, Debian's Chromium
driven by Playwright, screenshots, and a dedicated OPD whose data is committed.

Why not pytest-django's ``live_server``/``transactional_db``: their flush truncates the public
tables, the tenant registry included, which the session fixtures of tests/conftest.py need.
Instead the server process reads what is committed: e2e tests run without a transaction (their
writes commit) and the module's OPD (``e2e_opd``, schema ``opd_e2e``) is provisioned fresh and
dropped after.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

import pytest
from django.conf import settings
from django.db import connection
from playwright.sync_api import Browser, Page, expect, sync_playwright
from pytest_django import DjangoDbBlocker

ROOT = Path(__file__).resolve().parents[2]
E2E_DIR = Path(__file__).resolve().parent
# Debian's package only (project rule): Playwright's own browser downloads are never used.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",  # we run as root in CI
    "--disable-gpu",
    "--disable-dev-shm-usage",  # small /dev/shm in containers
    "--disable-background-networking",
]
CHROMIUM_MISSING = (
    f"Chromium missing: {CHROMIUM} is not installed, so the browser (e2e) tests cannot run. "
    "Install Debian's package: apt-get install --no-install-recommends chromium "
    "(make test tries this itself; see var/chromium-install.log)."
)
SERVER_START_TIMEOUT = 30.0
OUTPUT_DIR = Path(settings.VAR_DIR) / "test-output"


@dataclass(frozen=True)
class E2eOpd:
    schema: str
    domain: str
    nama: str
    # Not tests/conftest.PASSWORD: a login with OPD A's credentials must fail here.
    password: str


E2E_OPD = E2eOpd("opd_e2e", "opd-e2e.localhost", "Dinas Uji E2E", "Rahasia-E2E-2026")


# --- Collection: mark and, without Chromium, skip (never silently) -----------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    chromium_ok = os.access(CHROMIUM, os.X_OK)
    for item in items:
        if item.path.is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)
            # pytest-django creates the test database only when some selected test is marked
            # django_db (or uses db). Without it, ``pytest tests/e2e`` would run the session
            # set-up against the dev database. See _django_db_helper below for what it does here.
            item.add_marker(pytest.mark.django_db)
        if not chromium_ok and item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.skip(reason=CHROMIUM_MISSING))


@pytest.fixture
def _django_db_helper(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """Replaces pytest-django's per-test transaction (same name, so ``django_db`` and ``db`` land
    here) for the tests in tests/e2e: the server process only sees committed rows, so an e2e
    test's writes commit. Rows it writes in the e2e OPD's schema go with the schema; anything
    it writes to ``public`` it must delete itself."""
    _assert_test_database()
    with django_db_blocker.unblock():
        yield
        connection.set_schema_to_public()


def _assert_test_database() -> None:
    # Last line of defence: these fixtures commit, so they must never run on a real database.
    name, test_name = connection.settings_dict["NAME"], connection.settings_dict["TEST"]["NAME"]
    if name != test_name:
        pytest.fail(
            f"e2e fixtures refuse to commit to {name!r}: the test database is {test_name!r}"
        )


_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # Kept on the item so the ``page`` fixture's teardown knows whether the test failed.
    report: pytest.TestReport = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


# --- The HTTP server ---------------------------------------------------------------------------


@dataclass(frozen=True)
class E2eServer:
    port: int
    database: str
    log: Path

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(port: int) -> bool:
    # The login page, not /health/: that one waits ~4 s for a Celery worker nobody runs here.
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/admin/login/", headers={"Host": "localhost"}
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="session")
def e2e_server(django_db_setup: None) -> Iterator[E2eServer]:
    """runserver (threaded; ``--insecure`` serves static files, as WhiteNoise would) on a free
    loopback port, on the database pytest-django created and the same test Redis databases."""
    _assert_test_database()
    database = str(connection.settings_dict["NAME"])
    port = _free_port()
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    log = OUTPUT_DIR / "e2e-server.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "KINERJA_E2E_DB_NAME": database,
        # runserver uses a thread per request: kept connections would pile up until exit.
        "DATABASE_CONN_MAX_AGE": "0",
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable,
        "manage.py",
        "runserver",
        f"127.0.0.1:{port}",
        "--noreload",
        "--insecure",
        "--skip-checks",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log.read_text(errors="replace")[-3000:]
                pytest.fail(f"e2e server did not start on port {port} (log {log}):\n{tail}")
            time.sleep(0.2)
        yield E2eServer(port=port, database=database, log=log)
    finally:
        _stop(process)


@pytest.fixture
def url(e2e_server: E2eServer) -> Callable[[str, str], str]:
    """``url("opd-e2e.localhost", "/admin/")``: Chromium resolves *.localhost to loopback."""
    return e2e_server.url


# --- Committed data: the module's own OPD ------------------------------------------------------


def _cache_forget(schema: str) -> None:
    # Cache keys start with the schema (django_tenants.cache.make_key). A re-provisioned schema
    # has new page ids, so e.g. Wagtail's cached site root paths of the old one must go.
    import redis

    client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    try:
        keys = list(client.scan_iter(match=f"{schema}:*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def _opd_drop(schema: str) -> None:
    """Remove the OPD row, its domains (cascade), its schema, media and cache keys. Unlike
    tenants.services.opd_delete, no pg_dump backup: this is throw-away test data."""
    from django_tenants.utils import schema_exists

    from tenants.models import Opd

    connection.set_schema_to_public()
    opd = Opd.objects.filter(schema_name=schema).first()
    if opd is not None:
        opd.delete(force_drop=True)
    elif schema_exists(schema):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA "{schema}" CASCADE')
    shutil.rmtree(Path(settings.MEDIA_ROOT) / schema, ignore_errors=True)
    _cache_forget(schema)


def _users_ensure(opd: E2eOpd) -> None:
    from django.contrib.auth import get_user_model
    from django_tenants.utils import schema_context

    from tenants import roles

    with schema_context(opd.schema):
        groups = roles.opd_groups_ensure()
        for username, role in (("operator", roles.OPERATOR), ("kepala", roles.KEPALA_OPD)):
            user = get_user_model().objects.create_user(username=username, password=opd.password)
            user.groups.add(groups[role])
    connection.set_schema_to_public()


@pytest.fixture(scope="module")
def e2e_opd(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[E2eOpd]:
    """A fresh OPD for this module (schema ``opd_e2e``, users ``admin``/``operator``/``kepala``
    with ``E2E_OPD.password``), committed so the server sees it, and dropped afterwards."""
    from tenants.services import opd_provision

    _assert_test_database()
    with django_db_blocker.unblock():
        _opd_drop(E2E_OPD.schema)  # left over by a run that was killed
        opd_provision(
            schema=E2E_OPD.schema,
            nama=E2E_OPD.nama,
            singkatan="E2E",
            domain=E2E_OPD.domain,
            admin_password=E2E_OPD.password,
        )
        _users_ensure(E2E_OPD)
    try:
        yield E2E_OPD
    finally:
        with django_db_blocker.unblock():
            _opd_drop(E2E_OPD.schema)


# --- Browser, page, screenshots, login ---------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for one module, not the whole session: while Playwright's sync API is started,
    it marks its asyncio loop as running in this thread. Meanwhile Django refuses ORM calls
    (SynchronousOnlyOperation; hence DJANGO_ALLOW_ASYNC_UNSAFE, for this module only, since the
    ORM calls here are plain synchronous code) and asyncio.run() fails, which the in-process
    /health/ tests that run after tests/e2e need."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Shot(Protocol):
    def __call__(self, name: str) -> Path: ...


_SHOTS = pytest.StashKey[Shot]()


def _slug(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name)  # parametrised ids carry [, ], / and spaces


def _output_dir(item: pytest.Item) -> Path:
    return OUTPUT_DIR / _slug(item.name)


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A new context per test (no cookies shared between tests), Indonesian and in WITA."""
    context = browser.new_context(
        locale="id-ID", timezone_id="Asia/Makassar", viewport={"width": 1366, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    folder = _output_dir(request.node)
    shutil.rmtree(folder, ignore_errors=True)  # only this run's screenshots, numbered from 01
    taken = 0

    def shot(name: str) -> Path:
        nonlocal taken
        taken += 1
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{taken:02d}-{_slug(name)}.png"
        page.screenshot(path=path, full_page=True)
        return path

    request.node.stash[_SHOTS] = shot
    try:
        yield page
    finally:
        report = request.node.stash.get(_REPORTS, {}).get("call")
        if report is not None and report.failed and not page.is_closed():
            try:
                path = shot("failure")
                print(f"screenshot of the failure: {path}")
            except Exception as exc:  # a crashed page must not hide the real failure
                print(f"no failure screenshot: {exc}")
        context.close()


@pytest.fixture
def shot(page: Page, request: pytest.FixtureRequest) -> Shot:
    """``shot("dasbor")`` saves var/test-output/<test>/<NN>-dasbor.png (full page)."""
    return request.node.stash[_SHOTS]


class Login(Protocol):
    def __call__(
        self, page: Page, host: str, username: str, password: str, *, succeed: bool = True
    ) -> None: ...


@dataclass
class _LoginTrace:
    schema: str
    username: str
    last_login: datetime | None  # before the login, to put back
    session_key: str | None = None


def _login_trace(host: str, username: str) -> _LoginTrace:
    from django.contrib.auth import get_user_model
    from django_tenants.utils import schema_context

    from tenants.models import Domain

    connection.set_schema_to_public()
    schema = Domain.objects.select_related("tenant").get(domain=host).tenant.schema_name
    with schema_context(schema):
        user = get_user_model().objects.filter(username=username).first()
    return _LoginTrace(schema, username, user.last_login if user else None)


def _login_undo(traces: list[_LoginTrace]) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session
    from django_tenants.utils import schema_context, schema_exists

    for trace in reversed(traces):  # the earliest last_login wins
        if not schema_exists(trace.schema):
            continue
        with schema_context(trace.schema):
            if trace.session_key:
                Session.objects.filter(session_key=trace.session_key).delete()
            users = get_user_model().objects.filter(username=trace.username)
            users.update(last_login=trace.last_login)
    connection.set_schema_to_public()


@pytest.fixture
def login(url: Callable[[str, str], str], django_db_blocker: DjangoDbBlocker) -> Iterator[Login]:
    """Log in through the Wagtail admin form of ``host``; asserts that it worked (or, with
    ``succeed=False``, that it was refused).

    A login writes to the schema of the host (a session row, the user's last_login). On the
    shared fixtures (public, OPD A/B) that is undone after the test; the e2e OPD is dropped."""
    traces: list[_LoginTrace] = []

    def log_in(
        page: Page, host: str, username: str, password: str, *, succeed: bool = True
    ) -> None:
        with django_db_blocker.unblock():
            trace = _login_trace(host, username)
        traces.append(trace)
        page.goto(url(host, "/admin/login/"))
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(password)
        with page.expect_response(
            lambda r: r.request.method == "POST" and "/admin/login/" in r.url
        ) as posted:
            page.get_by_role("button", name="Masuk").click()
        page.wait_for_load_state()
        if succeed:
            assert posted.value.status == 302, f"login of {username} on {host} refused"
            expect(page).not_to_have_url(re.compile(r"/admin/login/"))
            expect(page.locator("form.login-form")).to_have_count(0)
            trace.session_key = next(
                c["value"]
                for c in page.context.cookies(url(host, "/"))
                if c["name"] == settings.SESSION_COOKIE_NAME
            )
        else:
            assert posted.value.status == 200, f"{username} could log in on {host}"
            expect(page.locator("form.login-form")).to_be_visible()

    yield log_in
    with django_db_blocker.unblock():
        _login_undo(traces)
