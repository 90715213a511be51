"""Celery side of the rollup: task configuration, the incremental trigger after commit only,
the public schema of the task, the beat schedule and the command."""

from __future__ import annotations

import io
from datetime import timedelta
from unittest import mock

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django_tenants.utils import schema_context

from kinerja.opd import sinyal
from kinerja.opd.models import RealisasiIku
from kinerja.rollup.models import RollupRun, SnapshotIku
from kinerja.rollup.services import RollupGagal
from kinerja.rollup.tasks import rollup_opd, rollup_semua

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kunci_bersih")]


def test_konfigurasi_retry_rollup_opd():
    assert rollup_opd.autoretry_for == (Exception,)
    assert rollup_opd.retry_backoff is True
    assert rollup_opd.max_retries == 5
    assert rollup_opd.name == "kinerja.rollup.tasks.rollup_opd"


def test_jadwal_beat():
    jadwal = settings.CELERY_BEAT_SCHEDULE
    berkala = jadwal["rollup-capaian-berkala"]
    assert berkala["task"] == "kinerja.rollup.tasks.rollup_semua"
    assert berkala["kwargs"] == {"pemicu": "beat"}
    assert berkala["schedule"] == timedelta(minutes=settings.KINERJA_ROLLUP_INTERVAL_MENIT)
    malam = jadwal["rollup-capaian-malam"]
    assert malam["kwargs"] == {"pemicu": "nightly"}
    assert malam["schedule"] == crontab(hour=1, minute=30)
    assert settings.CELERY_TIMEZONE == "Asia/Makassar"  # 01:30 WITA


# --- incremental trigger ------------------------------------------------------------------------


def _hapus_tanda_antre() -> None:
    from kinerja.rollup import kunci

    for key in kunci.klien().scan_iter(kunci.PREFIX_ANTRE + "*"):
        kunci.klien().delete(key)


@pytest.fixture(autouse=True)
def tanda_antre_bersih():
    """Queue marks live in Redis, outside the test transaction."""
    _hapus_tanda_antre()
    yield
    _hapus_tanda_antre()


@pytest.fixture
def antre():
    with mock.patch.object(rollup_opd, "apply_async") as m:
        yield m


def _kirim(schema: str = "opd_a") -> None:
    sinyal.status_berubah.send(sender=RealisasiIku, schema_name=schema, items=[])


def milik_rollup(callbacks: list) -> list:
    """The on-commit callbacks queued by the rollup (other apps, e.g. the API cache, add
    their own)."""
    return [cb for cb in callbacks if "antre_setelah_commit" in cb.__qualname__]


def test_perubahan_status_mengantre_rollup_setelah_commit(
    antre, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        _kirim()
        assert not antre.called  # not before commit
    assert len(milik_rollup(callbacks)) == 1
    for cb in callbacks:
        cb()
    antre.assert_called_once_with(args=["opd_a"], headers={"_schema_name": "public"})


def test_transaksi_dibatalkan_tidak_mengantre_apa_pun(antre, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _kirim()
        raise RuntimeError("batal")
    assert milik_rollup(callbacks) == []
    assert not antre.called


def test_skema_publik_tidak_mengantre(antre, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _kirim("public")
    assert milik_rollup(callbacks) == [] and not antre.called


def test_rentetan_perubahan_mengantre_satu_rollup_sampai_tugasnya_mulai(
    antre, django_capture_on_commit_callbacks, dunia
):
    """Ten commits for one OPD before its task starts queue one run; once it has started, the
    next commit queues another (the running one may have read before it); another OPD is
    independent."""
    for _ in range(10):
        with django_capture_on_commit_callbacks(execute=True):
            _kirim()
    assert antre.call_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        _kirim("opd_b")
    assert antre.call_count == 2

    rollup_opd.apply(args=["opd_a"]).get()  # the queued task runs: the mark is cleared
    with django_capture_on_commit_callbacks(execute=True):
        _kirim()
    assert antre.call_count == 3
    assert antre.call_args_list[2] == mock.call(args=["opd_a"], headers={"_schema_name": "public"})


def test_broker_mati_tidak_menggagalkan_commit(django_capture_on_commit_callbacks):
    with (
        mock.patch.object(rollup_opd, "apply_async", side_effect=ConnectionError("redis mati")),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        _kirim()
    assert len(milik_rollup(callbacks)) == 1  # ran, logged, did not raise
    # Not queued, so not marked as queued: the next change tries again.
    with (
        mock.patch.object(rollup_opd, "apply_async") as m,
        django_capture_on_commit_callbacks(execute=True),
    ):
        _kirim()
    assert m.call_count == 1


def test_verifikasi_lewat_layanan_mengantre_setelah_commit(
    dunia, antre, django_capture_on_commit_callbacks
):
    """End to end through the workflow service: a verifikator verifies an approved item."""
    from kinerja.engine.alur import Aksi, Peran
    from kinerja.opd.realisasi import Pelaku, realisasi_aksi

    verifikator = Pelaku("Verifikator Uji", 201, "bappeda", frozenset({Peran.VERIFIKATOR}))
    item = dunia.realisasi[("P-01", 2)]  # disetujui
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with schema_context("opd_a"):
            realisasi_aksi(verifikator, Aksi.VERIFIKASI, {item.pk: None}, "")
        assert not antre.called
    assert len(milik_rollup(callbacks)) == 1
    antre.assert_called_once_with(args=["opd_a"], headers={"_schema_name": "public"})


# --- the tasks themselves -------------------------------------------------------------------


def test_tugas_rollup_opd_berjalan_di_skema_publik_walau_dikirim_dari_opd(dunia):
    with schema_context("opd_a"):
        # Eager apply adds the CURRENT schema (opd_a) to the headers, as a send from an OPD
        # request would: the task must still write to public.
        hasil = rollup_opd.apply(args=["opd_a"]).get()
        assert connection.schema_name == "opd_a"
    assert hasil["status"] == "berhasil" and hasil["cakupan"] == "opd_a"
    run = RollupRun.objects.get(pk=hasil["id"])
    assert run.pemicu == RollupRun.Pemicu.EVENT
    assert SnapshotIku.objects.filter(opd_id=dunia.opd_a.pk).count() == 16


def test_tugas_rollup_opd_gagal_memicu_retry(db):
    with pytest.raises(RollupGagal, match="tidak ditemukan"):
        rollup_opd("tidak_ada")  # called directly: the retry re-raises
    assert RollupRun.objects.filter(cakupan="tidak_ada", status="gagal").count() == 1


def test_tugas_rollup_semua(dunia):
    hasil = rollup_semua(pemicu="nightly")
    assert hasil["status"] == "berhasil" and hasil["opd_total"] == 2
    assert RollupRun.objects.get(pk=hasil["id"]).pemicu == "nightly"


# --- command ------------------------------------------------------------------------------------


def test_perintah_rollup_capaian(dunia):
    out, err = io.StringIO(), io.StringIO()
    call_command("rollup_capaian", stdout=out, stderr=err)
    teks = out.getvalue()
    assert "Rollup capaian (semua OPD aktif): Berhasil." in teks
    assert "OPD diproses : 2 dari 2" in teks
    assert "Galat        : 0" in teks
    assert "Durasi" in teks and "detik" in teks
    assert "Rollup capaian" in err.getvalue()  # the progress bar
    run = RollupRun.objects.latest("mulai")
    assert run.pemicu == "command" and run.baris_ditulis > 0

    out = io.StringIO()
    call_command("rollup_capaian", "--opd", "opd_a", "--tahun", "2031", stdout=out, stderr=err)
    assert "Rollup capaian (OPD opd_a, tahun 2031): Berhasil." in out.getvalue()
    assert "Baris ditulis: 0" in out.getvalue()


def test_perintah_galat_dan_input_buruk(db):
    with pytest.raises(CommandError, match="--tahun"):
        call_command("rollup_capaian", "--tahun", "31", stdout=io.StringIO())
    out = io.StringIO()
    with pytest.raises(CommandError, match="Rollup gagal"):
        call_command("rollup_capaian", "--opd", "tidak_ada", stdout=out, stderr=io.StringIO())
    assert "tidak_ada: RollupGagal: Perangkat Daerah dengan skema 'tidak_ada'" in out.getvalue()
