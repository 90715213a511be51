"""The embedded servers keep their data across restarts (``make run`` twice loses nothing)."""

from __future__ import annotations

import socket
from pathlib import Path

import psycopg
import redis

from config.embedded import EmbeddedPostgres, EmbeddedRedis


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_postgres_data_survives_restart(tmp_path: Path):
    server = EmbeddedPostgres(tmp_path / "pg", _free_port())
    assert server.start() is True
    try:
        assert server.start() is False  # already running: no second server
        server.ensure_database("uji")
        with psycopg.connect(server.url("uji"), autocommit=True) as conn:
            conn.execute("CREATE TABLE t (v text)")
            conn.execute("INSERT INTO t VALUES ('tetap ada')")
        server.stop()
        assert not server.is_running()
        assert server.start() is True
        with psycopg.connect(server.url("uji")) as conn:
            assert conn.execute("SELECT v FROM t").fetchall() == [("tetap ada",)]
    finally:
        server.stop()


def test_redis_data_survives_restart(tmp_path: Path):
    server = EmbeddedRedis(tmp_path / "redis", _free_port())
    assert server.start() is True
    try:
        redis.Redis.from_url(server.url()).set("kunci", "tetap ada")
        server.stop()
        assert not server.is_running()
        server.start()
        assert redis.Redis.from_url(server.url()).get("kunci") == b"tetap ada"
    finally:
        server.stop()
