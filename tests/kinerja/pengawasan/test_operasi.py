"""The operations page /admin/pengawasan/operasi/, its monthly export and the uptime task.

Who may see it: superusers and Admin Bappeda (public schema); the Verifikator Bappeda and a
public user without the role are refused; every OPD user gets a 404 on its own domain. The page
renders (quickly) when no Celery worker runs, which is the normal state of the test suite.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from kinerja.engine.jadwal import WITA
from kinerja.pengawasan import metrik, operasi_selectors
from kinerja.pengawasan.metrik import catat_permintaan, catat_uptime
from kinerja.pengawasan.tasks_operasi import cek_kesehatan
from kinerja.rollup.models import RollupRun
from tenants import roles
from tenants.stats import STATS_CACHE_KEY
from tests.conftest import PASSWORD, PUBLIC_HOST

pytestmark = pytest.mark.django_db

URL = "/admin/pengawasan/operasi/"
URL_LAPORAN = "/admin/pengawasan/operasi/laporan/"


# --- fixtures -----------------------------------------------------------------------------------


def masuk(client: Client, username: str) -> Client:
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, f"login {username} gagal"
    return client


def _pengguna_publik(username: str, *, grup: str | None = None, superuser: bool = False) -> str:
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user(username, password=PASSWORD)
    user.is_superuser = superuser
    user.save()
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    if grup:
        user.groups.add(Group.objects.get(name=grup))
    return username


@pytest.fixture
def admin_bappeda() -> Client:
    return masuk(
        Client(HTTP_HOST=PUBLIC_HOST), _pengguna_publik("ops_admin", grup=roles.ADMIN_BAPPEDA)
    )


@pytest.fixture
def superuser() -> Client:
    return masuk(Client(HTTP_HOST=PUBLIC_HOST), _pengguna_publik("ops_super", superuser=True))


@pytest.fixture
def verifikator() -> Client:
    return masuk(Client(HTTP_HOST=PUBLIC_HOST), "verifikator")


@pytest.fixture
def redis_bersih() -> Iterator[None]:
    klien = metrik.klien_redis()

    def bersihkan() -> None:
        for kunci in klien.scan_iter(f"{metrik.PREFIX}:*"):
            klien.delete(kunci)

    bersihkan()
    metrik._jeda_sampai.clear()
    yield
    bersihkan()
    metrik._jeda_sampai.clear()


@pytest.fixture
def tanpa_statistik_skema() -> Iterator[None]:
    cache.delete(STATS_CACHE_KEY)
    yield
    cache.delete(STATS_CACHE_KEY)


@pytest.fixture(autouse=True)
def tanpa_rollup_lain() -> None:
    """Runs committed by other tests (rollups outside a transaction) are hidden; the deletion
    is rolled back with the test."""
    RollupRun.objects.all().delete()


def _run(mulai: datetime, status: str, durasi_ms: int | None, **kwargs) -> RollupRun:
    return RollupRun.objects.create(
        mulai=mulai,
        selesai=mulai + timedelta(milliseconds=durasi_ms or 0),
        durasi_ms=durasi_ms,
        status=status,
        pemicu=kwargs.pop("pemicu", RollupRun.Pemicu.BEAT),
        **kwargs,
    )


# --- the uptime task ----------------------------------------------------------------------------


def test_uptime_task_is_scheduled_and_registered(settings):
    from celery_app import app

    entri = [
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"].endswith("cek_kesehatan")
    ]
    assert entri and entri[0]["task"] == "kinerja.pengawasan.tasks_operasi.cek_kesehatan"
    assert entri[0]["options"]["expires"] < settings.KINERJA_CEK_KESEHATAN_MENIT * 60
    assert "kinerja.pengawasan.tasks_operasi" in settings.CELERY_IMPORTS
    assert "kinerja.pengawasan.tasks_operasi.cek_kesehatan" in app.tasks


def test_uptime_task_records_a_good_check(redis_bersih):
    hasil = cek_kesehatan()
    assert hasil == {"hasil": {"database": True, "redis": True, "celery": True}, "tercatat": True}
    [hari] = metrik.baca_uptime([metrik.tanggal_wita()])
    assert (hari.dijalankan, hari.berhasil, hari.gagal) == (1, 1, {})
    assert hari.uptime_persen == 100


def test_uptime_task_records_a_failed_component(redis_bersih, monkeypatch):
    import tenants.health

    def palsu(schema, *, names, celery_timeout=None):
        assert schema == "public" and tuple(names) == ("database", "redis")
        return {
            "database": {"status": "error", "detail": "koneksi ditolak", "ms": 1.0},
            "redis": {"status": "ok", "detail": None, "ms": 1.0},
        }

    monkeypatch.setattr(tenants.health, "run_checks", palsu)
    cek_kesehatan()
    cek_kesehatan()
    monkeypatch.undo()
    cek_kesehatan()
    [hari] = metrik.baca_uptime([metrik.tanggal_wita()])
    assert (hari.dijalankan, hari.berhasil, hari.gagal) == (3, 1, {"database": 2})
    assert hari.uptime_persen == pytest.approx(100 / 3)
    assert "database: koneksi ditolak" in hari.terakhir_gagal


def test_uptime_task_survives_redis_down(redis_bersih, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    try:
        hasil = cek_kesehatan()
    finally:
        metrik._klien.pop("redis://127.0.0.1:1/0", None)
    assert hasil["tercatat"] is False and hasil["hasil"]["redis"] is False


def test_expected_checks_and_coverage(settings):
    settings.KINERJA_CEK_KESEHATAN_MENIT = 5
    sekarang = datetime(2026, 11, 15, 10, 7, tzinfo=WITA)
    assert operasi_selectors._diharapkan(date(2026, 11, 14), sekarang) == 288
    assert operasi_selectors._diharapkan(date(2026, 11, 15), sekarang) == 121
    assert operasi_selectors._diharapkan(date(2026, 11, 16), sekarang) == 0


# --- the page -----------------------------------------------------------------------------------


def test_page_renders_for_admin_bappeda_without_celery(
    admin_bappeda, redis_bersih, tanpa_statistik_skema
):
    """No worker runs in the test suite: the page says so within the short timeout."""
    mulai = time.monotonic()
    response = admin_bappeda.get(URL)
    lama = time.monotonic() - mulai
    assert response.status_code == 200
    html = response.content.decode()
    assert "Operasi Platform" in html
    assert "PostgreSQL" in html and "Redis (cache)" in html
    assert "Celery tidak menjawab dalam 1,5 detik" in html
    assert "Tidak ada yang menjawab" in html  # worker ping
    assert "menunggu" in html  # queue length read from the broker
    assert "belum pernah diukur" in html
    assert "Belum ada run rollup." in html
    assert lama < 4, f"halaman operasi terlalu lambat tanpa Celery: {lama:.1f} s"
    kesehatan = response.context["kesehatan"]
    status = {k.nama: k.ok for k in kesehatan.komponen}
    assert status == {"database": True, "redis": True, "celery": False}


def test_page_shows_runs_schemas_metrics_and_uptime(
    superuser, redis_bersih, tanpa_statistik_skema, opd_a, opd_b
):
    sekarang = timezone.now()
    _run(
        sekarang - timedelta(minutes=5),
        RollupRun.Status.BERHASIL,
        850,
        opd_total=2,
        opd_diproses=2,
        baris_ditulis=40,
    )
    _run(
        sekarang - timedelta(minutes=1),
        RollupRun.Status.SEBAGIAN,
        2300,
        opd_total=2,
        opd_diproses=1,
        galat=[{"schema": "opd_b", "pesan": "relation does not exist"}],
        catatan="opd_a: dilewati, rollup OPD ini sedang berjalan.",
    )
    cache.set(
        STATS_CACHE_KEY,
        {"at": (sekarang - timedelta(minutes=30)).isoformat(), "sizes": {"opd_a": 12_345_678}},
        timeout=None,
    )
    from kinerja.opd.models import JejakAudit

    with schema_context(opd_a.schema):
        JejakAudit.objects.create(
            waktu=datetime(2026, 10, 1, 9, 30, tzinfo=WITA),
            pengguna="operator",
            sumber=JejakAudit.Sumber.OPD,
            aksi="ubah",
        )
    hari_ini = metrik.tanggal_wita()
    for ms, status in ((3, 200), (40, 200), (40, 200), (300, 502)):
        catat_permintaan(ms, status)
    catat_uptime({"database": True, "redis": True, "celery": True})

    response = superuser.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    # Rollup runs, newest first, errors expanded.
    runs = response.context["rollup"]
    assert [r["run"].status for r in runs] == ["sebagian", "berhasil"]
    assert "opd_b: relation does not exist" in html
    assert "2,3 detik" in html and "850 ms" in html
    assert "Sebagian gagal" in html
    # Schemas: size from the hourly cache with its age, last activity from the audit trail.
    baris = {b["schema"]: b for b in response.context["skema_baris"]}
    assert set(baris) >= {"opd_a", "opd_b"}
    assert baris["opd_a"]["ukuran"] == "11,8 MB"
    assert baris["opd_b"]["ukuran"] == "—"
    assert baris["opd_a"]["perubahan"] == "1 Oktober 2026 09.30 WITA"
    assert "30 menit lalu" in html
    # Today's requests: 4 (the page's own request is recorded after rendering), one 5xx.
    hari = response.context["harian_baris"][0]
    assert response.context["harian"].baris[0].tanggal == hari_ini
    assert (hari["permintaan"], hari["galat"]) == ("4", "1")
    assert hari["p50"] == "37,5"  # rank 2 of 4, 1st of 2 in (25, 50]: 25 + 25 × (2 − 1) / 2
    assert hari["uptime"] == "100,00"
    assert len(response.context["harian_baris"]) == 14
    # Chart.js is in static/vendor: the chart is drawn from json_script data.
    assert response.context["chart_js"] and 'id="data-grafik-metrik"' in html


def test_page_without_chart_js_is_a_table(superuser, redis_bersih, monkeypatch):
    from kinerja.pengawasan import operasi_views

    monkeypatch.setattr(operasi_views.finders, "find", lambda path: None)
    response = superuser.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "grafik-metrik" not in html and 'id="tabel-metrik"' in html


def test_page_says_when_metrics_cannot_be_read(superuser, settings):
    url = "redis://127.0.0.1:1/0"
    settings.REDIS_URL = url
    try:
        response = superuser.get(URL)
    finally:
        for d in (metrik._klien, metrik._jeda_sampai, metrik._log_terakhir):
            d.pop(url, None)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Metrik tidak dapat dibaca dari Redis" in html
    status = {k.nama: k.ok for k in response.context["kesehatan"].komponen}
    assert status["redis"] is False


def test_page_with_a_worker_reports_celery_ok(superuser, celery_worker):
    response = superuser.get(URL)
    assert response.status_code == 200
    kesehatan = response.context["kesehatan"]
    assert {k.nama: k.ok for k in kesehatan.komponen}["celery"] is True
    assert kesehatan.worker  # the test worker answers the broadcast ping
    assert "menjawab" in response.content.decode()


def test_broker_down_is_reported_without_waiting_for_kombu(superuser, settings):
    """An unreachable broker is seen by the queue read (short socket timeout); the Celery round
    trip and the ping, which kombu would retry for many seconds, are then skipped."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    info = operasi_selectors.antrean_celery()
    assert info.broker_mati and info.panjang is None
    assert "broker Celery tidak dapat dihubungi" in info.galat

    mulai = time.monotonic()
    response = superuser.get(URL)
    assert time.monotonic() - mulai < 3
    assert response.status_code == 200
    kesehatan = response.context["kesehatan"]
    celery = {k.nama: k for k in kesehatan.komponen}["celery"]
    assert not celery.ok and kesehatan.worker is None
    html = response.content.decode()
    assert "Celery tidak dapat diperiksa: broker Celery tidak dapat dihubungi" in html


# --- who may see it -----------------------------------------------------------------------------


def test_verifikator_and_plain_public_users_are_refused(verifikator, admin_bappeda):
    tamu = masuk(Client(HTTP_HOST=PUBLIC_HOST), _pengguna_publik("staf_biasa"))
    for client in (verifikator, tamu):
        for url in (URL, f"{URL_LAPORAN}?bulan=2026-01"):
            response = client.get(url)
            assert response.status_code in (302, 403), url
            assert b"Operasi Platform" not in response.content
            assert "spreadsheetml" not in response.get("Content-Type", "")
        assert "Operasi Platform" not in client.get("/admin/").content.decode()
    assert "Operasi Platform" in admin_bappeda.get("/admin/").content.decode()


def test_anonymous_goes_to_login():
    response = Client(HTTP_HOST=PUBLIC_HOST).get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_opd_users_get_404_on_their_domain(host_client):
    for username in ("operator", "kepala", "admin"):
        client = masuk(host_client("opd-a.localhost"), username)
        assert client.get(URL).status_code == 404, username
        assert client.get(f"{URL_LAPORAN}?bulan=2026-01").status_code == 404, username
        assert "Operasi Platform" not in client.get("/admin/").content.decode()


def test_opd_session_cookie_does_not_open_the_page(host_client):
    opd = masuk(host_client("opd-a.localhost"), "admin")
    publik = Client(HTTP_HOST=PUBLIC_HOST)
    publik.cookies["kinerja_sessionid"] = opd.cookies["kinerja_sessionid"].value
    response = publik.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- the monthly export -------------------------------------------------------------------------


def test_laporan_bulanan_xlsx(admin_bappeda, redis_bersih):
    # March 2025 (31 days, in the past): requests on two days, checks on two days, 3 runs.
    for hari, ms, status in ((3, 20, 200), (3, 20, 200), (3, 700, 500), (20, 4, 200)):
        catat_permintaan(ms, status, datetime(2025, 3, hari, 10, tzinfo=WITA))
    for hari, ok in ((3, True), (3, True), (3, False), (20, True)):
        catat_uptime(
            {"database": ok, "redis": True, "celery": True},
            {"database": None if ok else "mati"},
            datetime(2025, 3, hari, 11, tzinfo=WITA),
        )
    _run(datetime(2025, 3, 1, 0, 15, tzinfo=WITA), RollupRun.Status.BERHASIL, 1000)
    _run(datetime(2025, 3, 31, 23, 50, tzinfo=WITA), RollupRun.Status.GAGAL, 3000)
    _run(datetime(2025, 3, 10, tzinfo=WITA), RollupRun.Status.BERJALAN, None)
    _run(datetime(2025, 4, 1, 0, 5, tzinfo=WITA), RollupRun.Status.BERHASIL, 9000)  # April

    response = admin_bappeda.get(URL_LAPORAN, {"bulan": "2025-03"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="laporan-kinerja-aplikasi-2025-03.xlsx"' in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Ringkasan", "Harian", "Catatan"]

    ringkasan = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(values_only=True) if r and r[0]}
    assert "Laporan Kinerja Aplikasi — Maret 2025" in ringkasan
    assert ringkasan["Pemeriksaan diharapkan"] == 31 * 1440
    assert ringkasan["Pemeriksaan dijalankan"] == 4
    assert ringkasan["Pemeriksaan berhasil"] == 3
    assert ringkasan["Uptime (%)"] == pytest.approx(75)
    assert ringkasan["Gagal: PostgreSQL"] == 1
    assert ringkasan["Jumlah permintaan"] == 4
    assert ringkasan["Galat server (5xx)"] == 1
    assert ringkasan["Rasio galat (%)"] == pytest.approx(25)
    assert ringkasan["Latensi p50 (ms)"] == pytest.approx(10 + 15 * (2 - 1) / 2)
    assert ringkasan["Latensi p95 (ms)"] == pytest.approx(500 + 500 * (3.8 - 3) / 1)
    assert ringkasan["Jumlah run"] == 3
    assert ringkasan["Gagal atau sebagian gagal"] == 1
    assert ringkasan["Durasi rata-rata (ms)"] == pytest.approx(2000)
    assert ringkasan["Durasi terlama (ms)"] == 3000

    harian = list(wb["Harian"].iter_rows(values_only=True))
    assert harian[0][0] == "Tanggal"
    assert len(harian) == 1 + 31 + 1  # header, days, total
    hari3 = harian[3]
    assert hari3[0].date() == date(2025, 3, 3)
    assert hari3[2:5] == (3, 2, pytest.approx(200 / 3))
    assert hari3[8:10] == (3, 1)
    assert harian[-1][0] == "Total" and harian[-1][8] == 4


@pytest.mark.parametrize(
    ("bulan", "kutipan"),
    [
        ("", "Pilih bulan laporan"),
        ("abc", "tidak dikenali"),
        ("2026-13", "Bulan 13 tidak ada"),
        ("2026-00", "Bulan 0 tidak ada"),
        ("1999-05", "di luar rentang"),
        ("2099-01", "belum berjalan"),
        ("2026-11-01", "tidak dikenali"),
    ],
)
def test_laporan_bad_month_is_a_clear_message(admin_bappeda, bulan, kutipan):
    response = admin_bappeda.get(URL_LAPORAN, {"bulan": bulan})
    assert response.status_code == 302 and response["Location"] == URL
    response = admin_bappeda.get(URL_LAPORAN, {"bulan": bulan}, follow=True)
    pesan = [str(m) for m in response.context["messages"]]
    assert any(kutipan in p for p in pesan), pesan


def test_laporan_without_bulan_parameter(admin_bappeda):
    response = admin_bappeda.get(URL_LAPORAN, follow=True)
    assert response.status_code == 200
    assert any("Pilih bulan" in str(m) for m in response.context["messages"])


def test_laporan_current_month_stops_at_today(admin_bappeda, redis_bersih):
    hari_ini = metrik.tanggal_wita()
    response = admin_bappeda.get(URL_LAPORAN, {"bulan": hari_ini.strftime("%Y-%m")})
    assert response.status_code == 200
    harian = list(load_workbook(io.BytesIO(response.content))["Harian"].iter_rows(values_only=True))
    assert len(harian) == 1 + hari_ini.day + 1
