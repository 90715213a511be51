"""Property-based fuzzing of the API with schemathesis, from each domain kind's own OpenAPI
document (/api/schema/): every generated request (valid and invalid) must get an answer that
is not a server error and that matches the document (status codes, content type, body
schema).

In-process through the WSGI application on the test database (the fixtures' data is
visible). ``SCHEMATHESIS_MAX_EXAMPLES`` sets the examples per operation (default 12, about
half a minute for both domains); ``make api-fuzz`` runs it with more.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MAKS_CONTOH = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "12"))


def _jalankan(host: str, headers: dict[str, str]) -> list[str]:
    """Every operation of ``host``'s document; the failures found (empty: all good)."""
    from django.core import signals
    from django.db import close_old_connections

    # As Django's test client does: the WSGI handler would otherwise close the test's
    # database connection (and its transaction) at the end of each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        return _operasi(host, headers)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _operasi(host: str, headers: dict[str, str]) -> list[str]:
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
    )

    from config.wsgi import application

    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/",
        application,
        headers={"Host": host, "Accept": "application/vnd.oai.openapi+json"},
    )
    gagal: list[str] = []
    dipanggil: dict[str, int] = {}
    checks = (
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    )
    for hasil in schema.get_all_operations():
        operasi = hasil.ok()

        @given(case=operasi.as_strategy())
        @settings(
            max_examples=MAKS_CONTOH,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def uji(case: Any) -> None:
            response = case.call(base_url=f"http://{host}", headers=headers)
            nama = f"{case.method} {case.operation.path}"
            dipanggil[nama] = dipanggil.get(nama, 0) + 1
            try:
                case.validate_response(response, checks=checks)
            except (Exception, BaseExceptionGroup) as exc:  # collect, report them all at once
                pesan = " ".join(str(exc).split())[:300] or type(exc).__name__
                gagal.append(
                    f"{case.method} {case.formatted_path} {case.query or ''} {case.body!r:.200} "
                    f"→ {response.status_code} {response.content[:200]!r}: {pesan}"
                )

        uji()
    # Every operation of the document was exercised (one example is all there is for an
    # operation without parameters, e.g. /api/v1/profil/).
    assert len(dipanggil) == len(list(schema.get_all_operations())) >= 4, dipanggil
    assert sum(dipanggil.values()) >= len(dipanggil) * min(MAKS_CONTOH, 8) // 2, dipanggil
    return gagal


@pytest.mark.parametrize("host", ["localhost", "opd-a.localhost"])
def test_fuzz_anonymous(host, data, rekap):
    gagal = _jalankan(host, {})
    assert not gagal, "\n".join(sorted(set(gagal))[:40])


def test_fuzz_signed_in_operator(data, opd_a, izin):
    from tests.api.conftest import token_untuk

    token = token_untuk(opd_a.schema, "operator")
    gagal = _jalankan(opd_a.domain, {"Authorization": f"Token {token}"})
    assert not gagal, "\n".join(sorted(set(gagal))[:40])
