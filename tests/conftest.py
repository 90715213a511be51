"""Test fixtures: real PostgreSQL (test_kinerja on the embedded or given server) and real Redis.

The session prepares the public schema, the clone base and two OPDs (A and B) once, committed,
so every test can use them; with --reuse-db a second run only checks they exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from tenants import roles
from tenants.models import Opd

PUBLIC_HOST = "localhost"
PASSWORD = "Rahasia-Uji-2026"


@dataclass(frozen=True)
class TestOpd:
    schema: str
    domain: str
    nama: str


OPD_A = TestOpd("opd_a", "opd-a.localhost", "Dinas Uji A")
OPD_B = TestOpd("opd_b", "opd-b.localhost", "Dinas Uji B")


def _ensure_users(schema: str, users: list[tuple[str, str]]) -> None:
    with schema_context(schema):
        groups = roles.bappeda_groups_ensure() if schema == "public" else roles.opd_groups_ensure()
        for username, role in users:
            user, _ = get_user_model().objects.get_or_create(username=username)
            # Same username and password in both OPDs on purpose: isolation must come from the
            # schema, not from distinct credentials.
            user.set_password(PASSWORD)
            user.save()
            user.groups.add(groups[role])


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    from tenants.services import base_schema_ensure, opd_provision, public_setup

    # This fixture commits. Refuse to run against anything but the test database (a run that
    # selects no DB test would otherwise leave the connection on the development database).
    db = connection.settings_dict
    if db["NAME"] != db.get("TEST", {}).get("NAME"):
        raise RuntimeError(f"Fixture sesi menolak menulis ke basis data '{db['NAME']}'.")
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        public_setup(PUBLIC_HOST, extra_domains=("testserver",))
        base_schema_ensure()
        for opd in (OPD_A, OPD_B):
            if not Opd.objects.filter(schema_name=opd.schema).exists():
                opd_provision(
                    schema=opd.schema,
                    nama=opd.nama,
                    singkatan=opd.schema.upper(),
                    domain=opd.domain,
                    admin_password=PASSWORD,
                )
            _ensure_users(opd.schema, [("operator", roles.OPERATOR), ("kepala", roles.KEPALA_OPD)])
        _ensure_users("public", [("verifikator", roles.VERIFIKATOR)])
        connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _public_schema_after_test() -> Iterator[None]:
    """A request or schema_context inside a test must not leak its schema into the next."""
    yield
    connection.set_schema_to_public()


@pytest.fixture(scope="session", autouse=True)
def _clean_cache() -> None:
    cache.clear()


@pytest.fixture
def opd_a() -> TestOpd:
    return OPD_A


@pytest.fixture
def opd_b() -> TestOpd:
    return OPD_B


@pytest.fixture
def host_client() -> Callable[[str], Client]:
    """Client bound to one host name (the tenant middleware picks the schema from it)."""

    def make(host: str) -> Client:
        return Client(HTTP_HOST=host)

    return make


@pytest.fixture
def public_client() -> Client:
    return Client(HTTP_HOST=PUBLIC_HOST)


@contextmanager
def running_worker() -> Iterator[None]:
    """A real Celery worker (in a thread) consuming the test broker on Redis."""
    from unittest import mock

    from celery.contrib.testing.worker import start_worker
    from celery.fixups.django import DjangoWorkerFixup

    from celery_app import app

    # Celery's Django fixup closes the DB connections of the thread that starts the worker
    # (meant for forked children); here that would be the test's own connection, inside its
    # transaction. The worker thread opens its own connections anyway.
    with (
        mock.patch.object(DjangoWorkerFixup, "install", lambda self: self),
        start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=10),
    ):
        yield


@pytest.fixture
def celery_worker() -> Iterator[None]:
    with running_worker():
        yield
