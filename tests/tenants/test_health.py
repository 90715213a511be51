"""/health/ on every domain: 200 with all parts up, 503 naming the part that is down."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from django.test import override_settings

from config.embedded import EmbeddedRedis
from tests.conftest import running_worker

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("host", ["localhost", "opd-a.localhost"])
def test_health_ok_when_everything_is_up(host_client, celery_worker, host):
    response = host_client(host).get("/health/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "redis", "celery"}
    assert all(part["status"] == "ok" for part in body["checks"].values())
    assert body["schema"] == ("public" if host == "localhost" else "opd_a")
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_503_names_redis_when_it_stops(host_client, tmp_path: Path):
    redis = EmbeddedRedis(tmp_path / "redis", _free_port())
    redis.start()
    try:
        with override_settings(REDIS_URL=redis.url()), running_worker():
            client = host_client("opd-a.localhost")
            assert client.get("/health/").status_code == 200
            redis.stop()
            response = client.get("/health/")
        assert response.status_code == 503
        body = response.json()
        assert body["failing"] == ["redis"]
        assert body["checks"]["redis"]["status"] == "error"
        assert body["checks"]["database"]["status"] == "ok"
    finally:
        redis.stop()


def test_health_503_names_celery_without_workers(public_client):
    response = public_client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["celery"]
    assert "worker" in body["checks"]["celery"]["detail"]


def test_health_answers_fast_when_the_broker_is_gone(public_client):
    """A dead Redis broker used to cost ~20 s of kombu and result-backend retries before the
    send failed with a timeout; the broker is now pinged first (1 s limit), so the answer names
    the broker instead of a timeout."""
    mati = f"redis://127.0.0.1:{_free_port()}/0"
    with override_settings(CELERY_BROKER_URL=mati, CELERY_RESULT_BACKEND=mati):
        response = public_client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert "celery" in body["failing"]
    assert body["checks"]["celery"]["detail"] == "broker Celery tidak dapat dihubungi"
