"""With DATABASE_URL / REDIS_URL given, the stack uses those servers and starts nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import stack


def test_given_urls_start_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example:5432/kinerja")
    monkeypatch.setenv("REDIS_URL", "redis://cache.example:6379/0")
    monkeypatch.setattr(stack, "VAR", tmp_path)
    services = stack.Services()
    services.up()
    assert services.started == []
    assert not (tmp_path / "postgres").exists()
    assert not (tmp_path / "redis").exists()


def test_settings_follow_the_environment():
    """A fresh interpreter with the variables set builds its settings from them."""
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "d = s.DATABASES['default']; "
        "print(json.dumps([d['HOST'], d['PORT'], d['NAME'], d['ENGINE'], s.REDIS_URL, "
        "s.CELERY_BROKER_URL]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": "postgres://u:p@db.example:6543/kinerja_prod",
        "REDIS_URL": "redis://cache.example:6380/3",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    host, port, name, engine, redis_url, broker = json.loads(out.strip().splitlines()[-1])
    assert (host, port, name) == ("db.example", 6543, "kinerja_prod")
    assert engine == "django_tenants.postgresql_backend"
    assert redis_url == broker == "redis://cache.example:6380/3"
