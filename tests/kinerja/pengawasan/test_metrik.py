"""Request metrics (kinerja.pengawasan.metrik): the percentile estimate (pure, hypothesis), and
the middleware recording into the real test Redis database — counts, 5xx, buckets, exclusions,
TTL — and never breaking a request when Redis is down."""

from __future__ import annotations

import logging
import math
import socket
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from hypothesis import assume, given
from hypothesis import strategies as st

from kinerja.engine.jadwal import WITA
from kinerja.pengawasan import metrik
from kinerja.pengawasan.metrik import (
    BATAS_MS,
    HarianPermintaan,
    MetrikMiddleware,
    catat_permintaan,
    indeks_bucket,
    jumlahkan,
    persentil_histogram,
)

N = len(BATAS_MS)
HARI = date(2026, 11, 15)
SIANG = datetime(2026, 11, 15, 12, 0, tzinfo=WITA)


def _histogram(sampel: list[float]) -> list[int]:
    h = [0] * N
    for ms in sampel:
        h[indeks_bucket(ms)] += 1
    return h


def _batas_bucket(i: int) -> tuple[float, float]:
    return (0.0 if i == 0 else float(BATAS_MS[i - 1]), float(BATAS_MS[i]))


latensi = st.floats(min_value=0, max_value=30_000, allow_nan=False, allow_infinity=False)
histogram = st.lists(st.integers(min_value=0, max_value=10_000), min_size=N, max_size=N)
kuantil = st.floats(min_value=0, max_value=1, allow_nan=False)


# --- the pure estimate --------------------------------------------------------------------------


def test_bucket_edges():
    assert indeks_bucket(0) == 0
    assert indeks_bucket(5) == 0  # upper bounds are inclusive
    assert indeks_bucket(5.01) == 1
    assert indeks_bucket(10_000) == N - 2
    assert indeks_bucket(10_000.1) == N - 1
    assert indeks_bucket(1e9) == N - 1


def test_known_values():
    h = [0] * N
    h[2] = 100  # all in (10, 25]
    assert persentil_histogram(h, 0.5) == pytest.approx(17.5)
    assert persentil_histogram(h, 1.0) == pytest.approx(25)
    h = [0] * N
    h[0], h[5] = 90, 10  # 90 under 5 ms, 10 in (100, 250]
    assert persentil_histogram(h, 0.5) == pytest.approx(5 * 50 / 90)
    assert persentil_histogram(h, 0.95) == pytest.approx(100 + 150 * 0.5)
    h = [0] * N
    h[-1] = 3  # only the open bucket: its lower bound, read as "≥ 10 000"
    assert persentil_histogram(h, 0.5) == 10_000


def test_empty_and_bad_arguments():
    assert persentil_histogram([0] * N, 0.5) is None
    with pytest.raises(ValueError):
        persentil_histogram([1] * N, 1.5)
    with pytest.raises(ValueError):
        persentil_histogram([1] * (N - 1), 0.5)


@given(st.lists(latensi, min_size=1, max_size=300), kuantil)
def test_estimate_lies_in_the_bucket_of_the_true_quantile(sampel, q):
    assume(q > 0)
    urut = sorted(sampel)
    # Nearest-rank quantile: the ceil(q·n)-th smallest sample.
    benar = urut[max(1, math.ceil(q * len(urut) - 1e-9)) - 1]
    i = indeks_bucket(benar)
    bawah, atas = _batas_bucket(i)
    perkiraan = persentil_histogram(_histogram(sampel), q)
    assert perkiraan is not None
    if math.isinf(atas):
        assert perkiraan == bawah
    else:
        assert bawah - 1e-9 <= perkiraan <= atas + 1e-9


@given(histogram, kuantil, kuantil)
def test_monotone_in_q(h, q1, q2):
    assume(sum(h) > 0)
    a, b = sorted((q1, q2))
    assert persentil_histogram(h, a) <= persentil_histogram(h, b) + 1e-9


@given(histogram, st.integers(min_value=1, max_value=50), kuantil)
def test_scale_invariant(h, k, q):
    assume(sum(h) > 0)
    assert persentil_histogram([k * n for n in h], q) == pytest.approx(
        persentil_histogram(h, q), rel=1e-9, abs=1e-9
    )


@given(histogram, histogram, st.floats(min_value=0.001, max_value=1))
def test_merged_days_lie_between_the_days(h1, h2, q):
    """A month (sum of daily histograms) has its percentile between the days' percentiles."""
    assume(sum(h1) > 0 and sum(h2) > 0)
    p1, p2 = persentil_histogram(h1, q), persentil_histogram(h2, q)
    gabung = persentil_histogram([a + b for a, b in zip(h1, h2, strict=True)], q)
    assert min(p1, p2) - 1e-6 <= gabung <= max(p1, p2) + 1e-6


@given(histogram, kuantil)
def test_bounded(h, q):
    assume(sum(h) > 0)
    assert 0 <= persentil_histogram(h, q) <= BATAS_MS[-2]


def test_jumlahkan_adds_counts_and_histograms():
    a = HarianPermintaan(HARI, 3, 1, 30, tuple([3] + [0] * (N - 1)))
    b = HarianPermintaan(HARI, 2, 0, 500, tuple([0] * 5 + [2] + [0] * (N - 6)))
    total = jumlahkan([a, b], HARI)
    assert (total.jumlah, total.galat, total.total_ms) == (5, 1, 530)
    assert total.histogram[0] == 3 and total.histogram[5] == 2
    assert total.rata_rata_ms == 106
    assert total.galat_persen == 20


# --- recording in Redis -------------------------------------------------------------------------


@pytest.fixture
def redis_bersih() -> Iterator[None]:
    """Metric keys of the test Redis database removed before and after; no pause left over."""
    klien = metrik.klien_redis()

    def bersihkan() -> None:
        for kunci in klien.scan_iter(f"{metrik.PREFIX}:*"):
            klien.delete(kunci)

    bersihkan()
    metrik._jeda_sampai.clear()
    yield
    bersihkan()
    metrik._jeda_sampai.clear()
    metrik._log_terakhir.clear()


@pytest.fixture
def hari_tetap(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(metrik, "tanggal_wita", lambda sekarang=None: HARI)
    return HARI


def _hash(tanggal: date = HARI) -> dict[str, str]:
    return metrik.klien_redis().hgetall(metrik.kunci_permintaan(tanggal))


def test_metrics_live_in_the_test_redis_database():
    kwargs = metrik.klien_redis().connection_pool.connection_kwargs
    assert settings.REDIS_URL == settings.TEST_REDIS_URL
    assert kwargs["db"] == int(settings.TEST_REDIS_URL.rsplit("/", 1)[1])


def test_catat_permintaan_counts_buckets_errors_and_ttl(redis_bersih):
    assert catat_permintaan(3.0, 200, SIANG)
    assert catat_permintaan(30.0, 200, SIANG)
    assert catat_permintaan(30.0, 404, SIANG)
    assert catat_permintaan(12_000.0, 503, SIANG)
    data = _hash()
    assert data["n"] == "4"
    assert data["galat"] == "1"  # only the 503; a 404 is not a server error
    assert (data["b0"], data["b3"], data[f"b{N - 1}"]) == ("1", "2", "1")
    assert data["ms"] == str(3 + 30 + 30 + 12_000)
    ttl = metrik.klien_redis().ttl(metrik.kunci_permintaan(HARI))
    assert 399 * 86400 < ttl <= metrik.TTL_DETIK

    [hari] = metrik.baca_permintaan([HARI])
    assert (hari.jumlah, hari.galat) == (4, 1)
    assert hari.p50 == pytest.approx(25 + 25 * (2 - 1) / 2)
    [kosong] = metrik.baca_permintaan([date(2026, 11, 14)])
    assert kosong.jumlah == 0 and kosong.p50 is None


def test_day_is_the_wita_date(redis_bersih):
    # 16.30 UTC on the 14th is 00.30 WITA on the 15th.
    catat_permintaan(1.0, 200, datetime.fromisoformat("2026-11-14T16:30:00+00:00"))
    assert _hash(HARI)["n"] == "1"
    assert _hash(date(2026, 11, 14)) == {}


def test_middleware_times_and_counts_5xx(redis_bersih, hari_tetap):
    rf = RequestFactory()
    MetrikMiddleware(lambda r: HttpResponse("ok"))(rf.get("/admin/"))
    response = MetrikMiddleware(lambda r: HttpResponse("gagal", status=500))(rf.get("/x/"))
    assert response.status_code == 500
    data = _hash()
    assert data["n"] == "2" and data["galat"] == "1"
    assert sum(int(data.get(f"b{i}", 0)) for i in range(N)) == 2


def test_middleware_skips_health_and_static(redis_bersih, hari_tetap):
    rf = RequestFactory()
    mw = MetrikMiddleware(lambda r: HttpResponse("ok"))
    for url in ("/health/", "/static/wagtailadmin/css/core.css", "/favicon.ico"):
        assert mw(rf.get(url)).status_code == 200
    assert _hash() == {}


def test_full_stack_request_is_recorded_once(redis_bersih, hari_tetap, public_client, db):
    response = public_client.get("/admin/login/")
    assert response.status_code == 200
    data = _hash()
    assert data["n"] == "1"
    assert "galat" not in data


def _port_tertutup() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_redis_down_never_breaks_a_request(redis_bersih, public_client, db, caplog):
    url = f"redis://127.0.0.1:{_port_tertutup()}/0"
    caplog.set_level(logging.WARNING, logger="kinerja.pengawasan.metrik")
    try:
        with override_settings(REDIS_URL=url):
            for _ in range(3):
                assert public_client.get("/admin/login/").status_code == 200
            # Paused after the failure: the next requests do not even try.
            assert metrik._jeda_sampai[url] > 0
            assert catat_permintaan(1.0, 200) is False
            # Pause over, still down: tried again, still no second log line within a minute.
            metrik._jeda_sampai.clear()
            assert catat_permintaan(1.0, 200) is False
    finally:
        metrik._klien.pop(url, None)
        metrik._jeda_sampai.pop(url, None)
        metrik._log_terakhir.pop(url, None)
    pesan = [r for r in caplog.records if r.name == "kinerja.pengawasan.metrik"]
    assert len(pesan) == 1
    assert "tidak tercatat" in pesan[0].getMessage()
