"""Cache of public answers: per domain, invalidated by workflow changes and the rollup,
ETag / Last-Modified with 304, never for signed-in users."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django_tenants.utils import schema_context

from tests.api.conftest import TAHUN

pytestmark = pytest.mark.django_db


def test_anonymous_answers_are_cached_with_validators(anon_a, data, django_assert_num_queries):
    pertama = anon_a.get(f"/api/v1/iku/?tahun={TAHUN}")
    assert pertama.status_code == 200
    assert pertama["ETag"] and pertama["Last-Modified"]
    assert pertama["Cache-Control"] == "public, no-cache"
    # The second answer comes from Redis: only the tenant middleware's queries run (search
    # path, domain lookup).
    with django_assert_num_queries(2):
        kedua = anon_a.get(f"/api/v1/iku/?tahun={TAHUN}")
    assert kedua.content == pertama.content and kedua["ETag"] == pertama["ETag"]
    # Unknown parameters don't make another entry (nor bypass the cache).
    with django_assert_num_queries(2):
        assert anon_a.get(f"/api/v1/iku/?tahun={TAHUN}&x=1").content == pertama.content


def test_conditional_get_304(anon_a, publik, data):
    r = anon_a.get(f"/api/v1/iku/?tahun={TAHUN}")
    ulang = anon_a.get(f"/api/v1/iku/?tahun={TAHUN}", HTTP_IF_NONE_MATCH=r["ETag"])
    assert ulang.status_code == 304 and ulang.content == b""
    assert ulang["ETag"] == r["ETag"]
    beda = anon_a.get(f"/api/v1/iku/?tahun={TAHUN}", HTTP_IF_NONE_MATCH='"lain"')
    assert beda.status_code == 200
    ims = anon_a.get(f"/api/v1/iku/?tahun={TAHUN}", HTTP_IF_MODIFIED_SINCE=r["Last-Modified"])
    assert ims.status_code == 304
    lama = anon_a.get(
        f"/api/v1/iku/?tahun={TAHUN}", HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT"
    )
    assert lama.status_code == 200
    r = publik.get(f"/api/v1/ikd/?tahun={TAHUN}")
    assert (
        publik.get(f"/api/v1/ikd/?tahun={TAHUN}", HTTP_IF_NONE_MATCH=r["ETag"]).status_code == 304
    )
    r = publik.get(f"/api/v1/ikd/{data.daerah.ikd.pk}/")
    assert (
        publik.get(f"/api/v1/ikd/{data.daerah.ikd.pk}/", HTTP_IF_NONE_MATCH=r["ETag"]).status_code
        == 304
    )


def test_opd_a_cached_answer_is_never_served_on_opd_b(klien, opd_a, opd_b, data):
    a = klien(opd_a.domain).get("/api/v1/iku/?tahun=2031")
    assert "IKU-1" in a.content.decode()
    # Same path and query on B's domain: B's own (empty/refused) answer, not A's cached one.
    b = klien(opd_b.domain).get("/api/v1/iku/?tahun=2031")
    assert "IKU-1" not in b.content.decode()
    assert b.get("ETag") != a["ETag"]
    # The cache keys themselves start with the schema of the domain.
    klien_redis = cache._cache.get_client(None, write=True)
    kunci = [k.decode() for k in klien_redis.scan_iter(match="*api:respons:*")]
    assert any(k.startswith("opd_a:") for k in kunci)
    assert not any(k.startswith("opd_b:") and "IKU-1" in str(klien_redis.get(k)) for k in kunci)


def test_signed_in_answers_are_never_cached_nor_served_from_cache(anon_a, operator_a, data):
    anon = anon_a.get(f"/api/v1/iku/?tahun={TAHUN}")
    masuk = operator_a.get(f"/api/v1/iku/?tahun={TAHUN}")
    assert masuk["Cache-Control"] == "private, no-store"
    assert "ETag" not in masuk
    assert masuk.json()["results"][0]["hanya_terverifikasi"] is False
    # And the anonymous entry was not overwritten by the signed-in answer.
    assert anon_a.get(f"/api/v1/iku/?tahun={TAHUN}").content == anon.content


def test_status_change_invalidates_after_commit(
    anon_a, kepala_a, data, opd_a, django_capture_on_commit_callbacks
):
    from kinerja.engine.alur import Aksi, Peran
    from kinerja.opd.realisasi import Pelaku, realisasi_aksi

    sebelum = anon_a.get(f"/api/v1/iku/?tahun={TAHUN}")
    verifikator = Pelaku("Verifikator", 1, "bappeda", frozenset({Peran.VERIFIKATOR}))
    kepala = Pelaku("Kepala", 2, "opd", frozenset({Peran.KEPALA}))
    r2 = data.realisasi[(2, 1)]
    with django_capture_on_commit_callbacks(execute=True), schema_context(opd_a.schema):
        realisasi_aksi(kepala, Aksi.SETUJUI, {r2.pk: None})
        realisasi_aksi(verifikator, Aksi.VERIFIKASI, {r2.pk: None})
    sesudah = anon_a.get(f"/api/v1/iku/?tahun={TAHUN}")
    assert sesudah.content != sebelum.content
    iku2 = next(r for r in sesudah.json()["results"] if r["kode"] == "IKU-2")
    assert iku2["realisasi"][0]["nilai_kualitatif"] == "WDP"
    # A conditional request with the old ETag now gets the new body.
    assert (
        anon_a.get(f"/api/v1/iku/?tahun={TAHUN}", HTTP_IF_NONE_MATCH=sebelum["ETag"]).status_code
        == 200
    )


def test_without_commit_nothing_is_invalidated(anon_a, data, opd_a):
    """Inside a transaction that is not committed (the test's), the cached answer stays:
    invalidation waits for the commit."""
    from kinerja.opd.models import RealisasiIku

    sebelum = anon_a.get(f"/api/v1/iku/?tahun={TAHUN}")
    with schema_context(opd_a.schema):
        RealisasiIku.objects.filter(pk=data.realisasi[(1, 2)].pk).update(status="diverifikasi")
    assert anon_a.get(f"/api/v1/iku/?tahun={TAHUN}").content == sebelum.content


def test_invalidasi_and_rollup_run_stale_the_public_domain(
    publik, rekap, django_capture_on_commit_callbacks
):
    from api.cache import invalidasi
    from kinerja.rollup.models import RingkasanOpd, RollupRun

    sebelum = publik.get(f"/api/v1/rekap/?tahun={TAHUN}&triwulan=2")
    with schema_context("public"):
        RingkasanOpd.objects.filter(pk=rekap.ringkasan["a2"].pk).update(jumlah_terisi=1)
    assert publik.get(f"/api/v1/rekap/?tahun={TAHUN}&triwulan=2").content == sebelum.content
    invalidasi("public")
    baru = publik.get(f"/api/v1/rekap/?tahun={TAHUN}&triwulan=2")
    assert b'"jumlah_terisi":1' in baru.content
    # A finished rollup run that wrote rows invalidates too (safety net of api/receivers.py).
    with schema_context("public"):
        RingkasanOpd.objects.filter(pk=rekap.ringkasan["a2"].pk).update(jumlah_terisi=2)
        with django_capture_on_commit_callbacks(execute=True):
            run = RollupRun.objects.create(pemicu="command")
            from django.utils import timezone

            run.selesai, run.baris_ditulis = timezone.now(), 3
            run.save()
    assert b'"jumlah_terisi":2' in publik.get(f"/api/v1/rekap/?tahun={TAHUN}&triwulan=2").content


def test_redis_outage_only_disables_caching(anon_a, data, monkeypatch):
    import api.cache as modul

    def putus(*args, **kwargs):
        raise ConnectionError("redis mati")

    monkeypatch.setattr(modul.cache, "get_many", putus)
    response = anon_a.get(f"/api/v1/iku/?tahun={TAHUN}")
    assert response.status_code == 200
    assert json.loads(response.content)["count"] == 2


def test_one_invalidation_per_schema_and_transaction(db, opd_a):
    """Saving many rows in one transaction queues one invalidation per schema, not one per
    row (imports and the demo loader save thousands)."""
    from django.db import connection, transaction

    from api.receivers import invalidasi_setelah_commit

    with transaction.atomic():
        sebelum = len(connection.run_on_commit)
        for _ in range(50):
            invalidasi_setelah_commit("opd_a")
            invalidasi_setelah_commit("public")
        assert len(connection.run_on_commit) - sebelum == 2
        transaction.set_rollback(True)


def test_head_is_answered_like_get(anon_a, data):
    get = anon_a.get(f"/api/v1/iku/?tahun={TAHUN}")
    head = anon_a.head(f"/api/v1/iku/?tahun={TAHUN}")
    assert head.status_code == 200 and head["ETag"] == get["ETag"]
