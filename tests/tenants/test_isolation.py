"""Tenant isolation is a security boundary: users, sessions, cache, media files and Celery
tasks of OPD A are invisible to OPD B."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username: str = "operator", password: str = PASSWORD):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_user_of_a_cannot_log_in_on_b(host_client, opd_a, opd_b):
    with schema_context(opd_a.schema):
        from django.contrib.auth import get_user_model

        get_user_model().objects.create_user("hanya_a", password="Hanya-Di-A-2026")
    client_a, client_b = host_client(opd_a.domain), host_client(opd_b.domain)
    assert _login(client_a, "hanya_a", "Hanya-Di-A-2026").status_code == 302
    response = _login(client_b, "hanya_a", "Hanya-Di-A-2026")
    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client_b.session


def test_session_of_a_is_not_valid_on_b(host_client, opd_a, opd_b):
    client_a = host_client(opd_a.domain)
    assert _login(client_a).status_code == 302
    assert client_a.get("/admin/").status_code == 200
    stolen = client_a.cookies["kinerja_sessionid"].value
    client_b = host_client(opd_b.domain)
    client_b.cookies["kinerja_sessionid"] = stolen
    response = client_b.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_session_of_an_opd_is_not_valid_on_the_public_domain(host_client, public_client, opd_a):
    client_a = host_client(opd_a.domain)
    _login(client_a)
    public_client.cookies["kinerja_sessionid"] = client_a.cookies["kinerja_sessionid"].value
    response = public_client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_cache_values_are_scoped_per_schema(opd_a, opd_b):
    with schema_context(opd_a.schema):
        cache.set("uji:rahasia", "milik A")
    with schema_context(opd_b.schema):
        assert cache.get("uji:rahasia") is None
        cache.set("uji:rahasia", "milik B")
    with schema_context(opd_a.schema):
        assert cache.get("uji:rahasia") == "milik A"
    assert cache.get("uji:rahasia") is None  # public
    with schema_context(opd_a.schema):
        cache.delete("uji:rahasia")
    with schema_context(opd_b.schema):
        cache.delete("uji:rahasia")


def test_media_file_of_a_is_invisible_to_b(host_client, opd_a, opd_b):
    with schema_context(opd_a.schema):
        name = default_storage.save("bukti/rahasia.txt", ContentFile(b"hanya untuk A"))
        url = default_storage.url(name)
        location_a = default_storage.location
    assert url.startswith(f"/media/{opd_a.schema}/")
    assert location_a.endswith(f"/{opd_a.schema}")
    try:
        with schema_context(opd_b.schema):
            assert not default_storage.exists(name)
        client_a, client_b = host_client(opd_a.domain), host_client(opd_b.domain)
        # Anonymous on A: must sign in first.
        assert client_a.get(url).status_code == 302
        _login(client_a)
        response = client_a.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"hanya untuk A"
        # Signed in on B (same username and password!) the file of A stays unreachable.
        _login(client_b)
        assert client_b.get(url).status_code == 404
        assert client_b.get(url.replace(opd_a.schema, opd_b.schema)).status_code == 404
        assert client_b.get(f"/media/{opd_b.schema}/../{opd_a.schema}/{name}").status_code == 404
    finally:
        with schema_context(opd_a.schema):
            default_storage.delete(name)


def test_celery_task_runs_in_the_schema_that_sent_it(celery_worker, opd_a, opd_b):
    from tenants.tasks import health_probe

    with schema_context(opd_a.schema):
        result_a = health_probe.delay()
    with schema_context(opd_b.schema):
        result_b = health_probe.delay()
    result_public = health_probe.delay()
    assert result_a.get(timeout=20) == {"schema": opd_a.schema, "site": opd_a.domain}
    assert result_b.get(timeout=20) == {"schema": opd_b.schema, "site": opd_b.domain}
    assert result_public.get(timeout=20)["schema"] == "public"
    assert connection.schema_name == "public"
