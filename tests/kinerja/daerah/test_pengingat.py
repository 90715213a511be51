"""Reporting reminders: H-7/H-3/H-1 and the late notice to OPDs, Bappeda's daily digest, each
sent exactly once (database constraint), the dashboard panels (no OPD sees another's), the
Celery task through a real worker and the ``kirim_pengingat`` command.

Dates: the window of Triwulan III 2031 opens 1 Oct, deadline 15 Oct 23.59, lock 31 Oct 23.59
WITA (``jendela_default``), far from any seeded schedule.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from kinerja.daerah import pengingat
from kinerja.daerah.models import JadwalPelaporan, Pengingat, PerpanjanganJadwal
from kinerja.engine.jadwal import WITA, jendela_default
from tenants.models import Opd
from tests.conftest import OPD_A, OPD_B, PASSWORD

TAHUN, TW = 2031, 3
H7 = datetime(2031, 10, 8, 9, 0, tzinfo=WITA)
H5 = datetime(2031, 10, 10, 9, 0, tzinfo=WITA)
H3 = datetime(2031, 10, 12, 9, 0, tzinfo=WITA)
LEWAT = datetime(2031, 10, 17, 9, 0, tzinfo=WITA)  # 2 days after the deadline, before the lock
URL_A = "http://opd-a.localhost:8000/admin/kinerja-opd/realisasi/?tahun=2031&triwulan=3"
EMAIL_A = ["kepala@opd-a.test", "operator@opd-a.test"]


@dataclass
class Data:
    jadwal: JadwalPelaporan
    opd_a: Opd
    opd_b: Opd
    iku_a: list  # active IKU of OPD A (IKU-A1, IKU-A2); IKU-A9 is inactive


def _rencana(schema: str, periode_id: int, sasaran_rpjmd_id: int, kode: list[str]) -> list:
    from kinerja.opd.models import Iku, Renstra, SasaranStrategis, TujuanRenstra

    with schema_context(schema):
        renstra = Renstra.objects.create(
            periode_rpjmd_id=periode_id, nama="Renstra Uji", tahun_awal=2031, tahun_akhir=2035
        )
        tujuan = TujuanRenstra.objects.create(renstra=renstra, kode="T1", uraian="Tujuan")
        sasaran = SasaranStrategis.objects.create(
            tujuan=tujuan, kode="SS1", uraian="Sasaran", sasaran_rpjmd_id=sasaran_rpjmd_id
        )
        return [
            Iku.objects.create(sasaran=sasaran, kode=k, nama=f"Indikator {k}", satuan="%")
            for k in kode
        ]


def _buat_data(emails: bool = True) -> Data:
    """Province rows, the schedule of TW III 2031, OPD A's plan (2 active IKU, 1 inactive) and
    e-mail addresses for OPD A's operator and kepala. OPD B has no IKU."""
    from kinerja.daerah.models import MisiRpjmd, PeriodeRpjmd, SasaranRpjmd, TujuanRpjmd
    from kinerja.daerah.services import daerah_permissions_ensure
    from kinerja.opd.services import opd_permissions_ensure

    with schema_context("public"):
        daerah_permissions_ensure()
        periode = PeriodeRpjmd.objects.create(
            nama="RPJMD Uji Pengingat", tahun_awal=2031, tahun_akhir=2036
        )
        misi = MisiRpjmd.objects.create(periode=periode, nomor=1, uraian="Misi")
        tujuan = TujuanRpjmd.objects.create(misi=misi, kode="T1", uraian="Tujuan")
        sasaran = SasaranRpjmd.objects.create(tujuan=tujuan, kode="1.1", uraian="Sasaran")
        buka, batas, kunci = jendela_default(TAHUN, TW)
        jadwal = JadwalPelaporan.objects.create(
            tahun=TAHUN, triwulan=TW, tanggal_buka=buka, batas_waktu=batas, tanggal_kunci=kunci
        )
    iku = _rencana(OPD_A.schema, periode.pk, sasaran.pk, ["IKU-A1", "IKU-A2", "IKU-A9"])
    with schema_context(OPD_A.schema):
        iku[2].aktif = False
        iku[2].save()
        if emails:
            for username in ("operator", "kepala"):
                get_user_model().objects.filter(username=username).update(
                    email=f"{username}@opd-a.test"
                )
    for opd in (OPD_A, OPD_B):
        with schema_context(opd.schema):
            opd_permissions_ensure()
    return Data(
        jadwal=jadwal,
        opd_a=Opd.objects.get(schema_name=OPD_A.schema),
        opd_b=Opd.objects.get(schema_name=OPD_B.schema),
        iku_a=iku[:2],
    )


@pytest.fixture
def data(db, settings) -> Data:
    settings.KINERJA_ADMIN_BASE_URL_TEMPLATE = "http://{domain}:8000"
    return _buat_data()


def _ke_opd_a() -> list[EmailMessage]:
    return [m for m in mail.outbox if "operator@opd-a.test" in m.to]


def _realisasi(schema: str, iku, status: str) -> None:
    from kinerja.opd.models import RealisasiIku

    with schema_context(schema):
        RealisasiIku.objects.create(iku=iku, tahun=TAHUN, triwulan=TW, nilai=10, status=status)


def _baris_opd(opd: Opd) -> list[str]:
    return sorted(Pengingat.objects.filter(opd=opd).values_list("jenis", flat=True))


# --- who is reminded, and exactly once ---


@pytest.mark.django_db
def test_h7_sent_once_to_operator_and_kepala(data):
    hasil = pengingat.pengingat_kirim(H7)
    assert hasil.hitung()["terkirim"] == 2  # OPD A's H-7 and the digest (no Bappeda e-mail)

    pesan = _ke_opd_a()
    assert len(pesan) == 1
    m = pesan[0]
    assert sorted(m.to) == EMAIL_A
    assert "H-7" in m.subject and "Triwulan III 2031" in m.subject
    assert "15 Oktober 2031 23.59 WITA" in m.body  # deadline in WITA
    assert "1 Oktober 2031 00.00 WITA" in m.body and "31 Oktober 2031 23.59 WITA" in m.body
    assert "7 hari lagi" in m.body
    assert "2 dari 2 IKU" in m.body
    assert "- IKU-A1" in m.body and "- IKU-A2" in m.body
    assert "IKU-A9" not in m.body  # inactive
    assert URL_A in m.body
    assert "&amp;" not in m.body  # plain text, not HTML-escaped

    row = Pengingat.objects.get(opd=data.opd_a)
    assert (row.jenis, row.jadwal_id, str(row.tanggal)) == ("h7", data.jadwal.pk, "2031-10-08")
    assert row.penerima == ", ".join(EMAIL_A) and row.judul == m.subject and row.isi == m.body
    assert _baris_opd(data.opd_b) == []  # OPD B has no active IKU: needs nothing

    # Hourly runs of the same day: nothing new.
    jumlah = len(mail.outbox)
    for jam in (10, 11):
        hasil = pengingat.pengingat_kirim(H7.replace(hour=jam))
        assert hasil.hitung()["terkirim"] == 0
        assert hasil.hitung()["sudah"] == 2
    assert len(mail.outbox) == jumlah
    assert Pengingat.objects.filter(opd=data.opd_a).count() == 1


@pytest.mark.django_db
def test_h5_after_h7_sends_nothing_and_h3_sends_h3(data):
    pengingat.pengingat_kirim(H7)
    assert len(_ke_opd_a()) == 1
    pengingat.pengingat_kirim(H5)
    assert len(_ke_opd_a()) == 1
    assert _baris_opd(data.opd_a) == ["h7"]
    pengingat.pengingat_kirim(H3)
    pesan = _ke_opd_a()
    assert len(pesan) == 2 and "H-3" in pesan[1].subject and "3 hari lagi" in pesan[1].body
    assert _baris_opd(data.opd_a) == ["h3", "h7"]


@pytest.mark.django_db
def test_missed_earlier_kind_is_not_sent_later(data):
    pengingat.pengingat_kirim(H3)  # the beat was down at H-7
    assert _baris_opd(data.opd_a) == ["h3"]
    pengingat.pengingat_kirim(datetime(2031, 10, 15, 20, 0, tzinfo=WITA))  # deadline's day
    pesan = _ke_opd_a()
    assert len(pesan) == 2 and "H-3" in pesan[0].subject and "H-1" in pesan[1].subject
    assert "hari ini" in pesan[1].body
    assert _baris_opd(data.opd_a) == ["h1", "h3"]


@pytest.mark.django_db
def test_opd_that_submitted_everything_gets_nothing(data):
    _realisasi(OPD_A.schema, data.iku_a[0], "diajukan")
    _realisasi(OPD_A.schema, data.iku_a[1], "diverifikasi")
    hasil = pengingat.pengingat_kirim(H7)
    assert hasil.rencana == []  # nothing due: no reminder and no digest
    assert mail.outbox == [] and not Pengingat.objects.exists()


@pytest.mark.django_db
def test_a_draft_realisasi_still_counts_as_missing(data):
    _realisasi(OPD_A.schema, data.iku_a[0], "disetujui")
    _realisasi(OPD_A.schema, data.iku_a[1], "draft")
    pengingat.pengingat_kirim(H7)
    (m,) = _ke_opd_a()
    assert "1 dari 2 IKU" in m.body and "- IKU-A2" in m.body and "- IKU-A1" not in m.body


@pytest.mark.django_db
def test_late_notice_once_after_the_deadline(data):
    pengingat.pengingat_kirim(LEWAT)
    (m,) = _ke_opd_a()
    assert "Terlambat" in m.subject and "Triwulan III 2031" in m.subject
    assert "TERLAMBAT" in m.body and "(terlambat 2 hari)" in m.body
    for waktu in (LEWAT.replace(hour=15), datetime(2031, 10, 25, 9, 0, tzinfo=WITA)):
        pengingat.pengingat_kirim(waktu)
    assert len(_ke_opd_a()) == 1
    assert _baris_opd(data.opd_a) == ["terlambat"]
    # After the lock nothing is due any more.
    hasil = pengingat.pengingat_kirim(datetime(2031, 11, 2, 9, 0, tzinfo=WITA))
    assert [r.jenis for r in hasil.rencana] == ["digest"]


@pytest.mark.django_db
def test_digest_once_per_day_to_bappeda(data):
    with schema_context("public"):
        get_user_model().objects.filter(username="verifikator").update(
            email="verifikator@bappeda.test"
        )

    def digest() -> list[EmailMessage]:
        return [m for m in mail.outbox if m.to == ["verifikator@bappeda.test"]]

    pengingat.pengingat_kirim(LEWAT)
    (m,) = digest()
    assert "Ringkasan harian" in m.subject and "17 Oktober 2031" in m.subject
    assert "OPD_A — Dinas Uji A" in m.body
    assert "Triwulan III 2031" in m.body
    assert "2 dari 2 IKU" in m.body and "ya, 2 hari" in m.body
    assert "OPD_B" not in m.body
    assert "http://localhost:8000/admin/" in m.body

    pengingat.pengingat_kirim(LEWAT.replace(hour=16))
    assert len(digest()) == 1
    pengingat.pengingat_kirim(LEWAT.replace(day=18, hour=0, minute=30))  # next WITA day
    assert len(digest()) == 2 and "ya, 3 hari" in digest()[1].body
    tanggal = Pengingat.objects.filter(jenis="digest").values_list("tanggal", flat=True)
    assert sorted(str(t) for t in tanggal) == ["2031-10-17", "2031-10-18"]
    # A week after the lock the window leaves the digest.
    hasil = pengingat.pengingat_kirim(datetime(2031, 11, 8, 9, 0, tzinfo=WITA))
    assert hasil.rencana == []


@pytest.mark.django_db
def test_digest_before_the_deadline_lists_missing_not_late(data):
    with schema_context("public"):
        get_user_model().objects.filter(username="verifikator").update(email="v@bappeda.test")
    pengingat.pengingat_kirim(H7)
    (m,) = [m for m in mail.outbox if m.to == ["v@bappeda.test"]]
    assert "2 dari 2 IKU" in m.body and "Terlambat      : tidak" in m.body


@pytest.mark.django_db
def test_extension_shifts_the_reminders_of_that_opd_only(data):
    # OPD B gets an IKU too, without an extension.
    from kinerja.daerah.models import SasaranRpjmd
    from kinerja.daerah.selectors import jendela_opd

    sasaran = SasaranRpjmd.objects.get(kode="1.1", tujuan__misi__periode__tahun_awal=2031)
    _rencana(OPD_B.schema, sasaran.tujuan.misi.periode_id, sasaran.pk, ["IKU-B1"])
    PerpanjanganJadwal.objects.create(
        jadwal=data.jadwal,
        opd=data.opd_a,
        batas_waktu=datetime(2031, 10, 22, 23, 59, tzinfo=WITA),
        tanggal_kunci=datetime(2031, 11, 7, 23, 59, tzinfo=WITA),
        alasan="Gangguan jaringan",
        diberikan_oleh="verifikator",
    )
    sekarang = datetime(2031, 10, 21, 9, 0, tzinfo=WITA)  # base deadline passed; A: H-1
    statuses = {st.opd.schema_name: st for st in pengingat.status_pelaporan(sekarang)}
    assert statuses[OPD_A.schema].jendela == jendela_opd(OPD_A.schema, TAHUN, TW)
    assert statuses[OPD_B.schema].jendela == jendela_opd(OPD_B.schema, TAHUN, TW)

    pengingat.pengingat_kirim(sekarang)
    assert _baris_opd(data.opd_a) == ["h1"]
    assert _baris_opd(data.opd_b) == ["terlambat"]
    (m,) = _ke_opd_a()
    assert "H-1" in m.subject and "22 Oktober 2031 23.59 WITA" in m.body
    assert "diperpanjang untuk OPD_A" in m.body

    # After A's extended deadline: A's late notice; B's is not repeated.
    pengingat.pengingat_kirim(datetime(2031, 11, 3, 9, 0, tzinfo=WITA))
    assert _baris_opd(data.opd_a) == ["h1", "terlambat"]
    assert _baris_opd(data.opd_b) == ["terlambat"]


@pytest.mark.django_db
def test_send_failure_leaves_no_row_and_the_retry_sends(data, monkeypatch, caplog):
    def rusak(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP mati")

    monkeypatch.setattr(EmailMessage, "send", rusak)
    hasil = pengingat.pengingat_kirim(H7)
    assert hasil.hitung()["gagal"] == 1
    assert _baris_opd(data.opd_a) == []
    assert "gagal dikirim" in caplog.text

    monkeypatch.undo()
    hasil = pengingat.pengingat_kirim(H7.replace(hour=10))
    assert hasil.hitung()["terkirim"] == 1  # the H-7 (the digest was recorded the first time)
    assert len(_ke_opd_a()) == 1 and _baris_opd(data.opd_a) == ["h7"]


@pytest.mark.django_db
def test_existing_row_blocks_the_send(data):
    Pengingat.objects.create(
        jenis="h7", jadwal=data.jadwal, opd=data.opd_a, tanggal=H7.date(), judul="x", isi="x"
    )
    hasil = pengingat.pengingat_kirim(H7)
    assert [r.hasil for r in hasil.rencana if r.opd] == ["sudah"]
    assert _ke_opd_a() == []


@pytest.mark.django_db
def test_constraint_stops_a_concurrent_second_sender(data):
    """Two workers plan at the same time (neither sees a row yet); the second insert hits the
    unique constraint, so only one e-mail goes out."""
    rencana_1 = pengingat.rencana_pengingat(H7)
    rencana_2 = pengingat.rencana_pengingat(H7)
    hasil_1 = [pengingat._kirim_sekali(r) for r in rencana_1]
    hasil_2 = [pengingat._kirim_sekali(r) for r in rencana_2]
    assert hasil_1 == ["terkirim", "terkirim"] and hasil_2 == ["sudah", "sudah"]
    assert len(_ke_opd_a()) == 1
    assert Pengingat.objects.count() == 2


@pytest.mark.django_db
def test_no_recipient_still_records_the_reminder(db, settings):
    _buat_data(emails=False)
    hasil = pengingat.pengingat_kirim(H7)
    assert hasil.hitung()["tanpa_penerima"] == 2
    assert mail.outbox == []
    row = Pengingat.objects.get(opd__schema_name=OPD_A.schema)
    assert row.penerima == "tanpa penerima e-mail" and "IKU-A1" in row.isi


@pytest.mark.django_db
def test_inactive_user_and_other_roles_get_nothing(data):
    with schema_context(OPD_A.schema):
        User = get_user_model()
        User.objects.filter(username="kepala").update(is_active=False)
        User.objects.create_user("tamu", email="tamu@opd-a.test")  # no role group
        User.objects.filter(username="admin").update(email="admin@opd-a.test")
    assert pengingat.penerima_opd(OPD_A.schema) == ["admin@opd-a.test", "operator@opd-a.test"]
    assert pengingat.penerima_opd(OPD_B.schema) == []


@pytest.mark.django_db
def test_one_iku_query_per_schema_whatever_the_number_of_windows(data):
    def hitung(sekarang: datetime) -> int:
        with CaptureQueriesContext(connection) as q:
            pengingat.status_pelaporan(sekarang)
        return sum(1 for x in q.captured_queries if '"opd_iku"' in x["sql"])

    sekarang = datetime(2031, 10, 3, 9, 0, tzinfo=WITA)
    assert hitung(sekarang) == 2  # OPD A and OPD B, one each
    # TW II (late, locked 2 days ago) still counts for the digest: two windows, same count.
    buka, batas, _ = jendela_default(TAHUN, 2)
    JadwalPelaporan.objects.create(
        tahun=TAHUN,
        triwulan=2,
        tanggal_buka=buka,
        batas_waktu=batas,
        tanggal_kunci=datetime(2031, 10, 1, 0, 0, tzinfo=WITA),
    )
    assert len(pengingat.status_pelaporan(sekarang)) == 4
    assert hitung(sekarang) == 2


# --- dashboard panels ---


def _masuk(host_client, host: str, username: str):
    client = host_client(host)
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, f"login {username}@{host} gagal"
    return client


@pytest.fixture
def jam_panel(monkeypatch) -> Iterator[None]:
    from kinerja.daerah import pengingat_hooks

    monkeypatch.setattr(pengingat_hooks, "_sekarang", lambda: H3)
    yield


def test_panel_on_opd_a_shows_only_a_and_b_shows_nothing_of_a(data, host_client, jam_panel):
    pengingat.pengingat_kirim(H7)
    judul = Pengingat.objects.get(opd=data.opd_a).judul

    halaman_a = _masuk(host_client, OPD_A.domain, "operator").get("/admin/").content.decode()
    assert 'data-panel="pengingat-opd"' in halaman_a
    assert judul in halaman_a
    assert "Triwulan III 2031" in halaman_a and "sisa 3 hari" in halaman_a
    assert "2 dari 2 IKU belum diajukan" in halaman_a and "IKU-A1" in halaman_a
    assert "/admin/kinerja-opd/realisasi/?tahun=2031&amp;triwulan=3" in halaman_a
    assert "Ringkasan harian" not in halaman_a  # Bappeda's digest is not an OPD's business

    # Same username and password on B: none of A's reminders, codes or counts.
    halaman_b = _masuk(host_client, OPD_B.domain, "operator").get("/admin/").content.decode()
    assert 'data-panel="pengingat-opd"' in halaman_b
    assert judul not in halaman_b
    assert "IKU-A1" not in halaman_b and "belum diajukan" not in halaman_b
    assert "Belum ada pengingat." in halaman_b
    assert "Belum ada IKU aktif" in halaman_b


def test_panel_on_the_public_domain_lists_late_opds_and_digests(data, host_client, jam_panel):
    pengingat.pengingat_kirim(H7)
    halaman = _masuk(host_client, "localhost", "verifikator").get("/admin/").content.decode()
    assert 'data-panel="pengingat-bappeda"' in halaman
    assert 'data-panel="pengingat-opd"' not in halaman
    assert "OPD_A — Dinas Uji A" in halaman and "2 dari 2 IKU" in halaman
    assert "Ringkasan harian pelaporan realisasi IKU — 8 Oktober 2031" in halaman


def test_panel_hidden_for_a_user_without_the_permissions(data, host_client, jam_panel):
    from django.contrib.auth.models import Permission

    with schema_context(OPD_A.schema):
        tamu = get_user_model().objects.create_user("tamu", password=PASSWORD)
        tamu.user_permissions.add(Permission.objects.get(codename="access_admin"))
    halaman = _masuk(host_client, OPD_A.domain, "tamu").get("/admin/").content.decode()
    assert 'data-panel="pengingat-opd"' not in halaman


# --- task, beat and command ---


def test_beat_runs_the_task_hourly_in_public(settings):
    from celery_app import app

    entri = settings.CELERY_BEAT_SCHEDULE["pengingat-kirim-hourly"]
    assert entri["task"] == "kinerja.daerah.tasks.pengingat_kirim"
    assert entri["schedule"].hour == set(range(24)) and len(entri["schedule"].minute) == 1
    app.loader.import_default_modules()
    assert "kinerja.daerah.tasks.pengingat_kirim" in app.tasks


@pytest.mark.django_db
def test_command_dry_run_prints_and_sends_nothing(data):
    out = StringIO()
    call_command("kirim_pengingat", "--dry-run", "--sekarang", H7.isoformat(), stdout=out)
    teks = out.getvalue()
    assert "[H-7] OPD_A Triwulan III 2031" in teks and "operator@opd-a.test" in teks
    assert "akan dikirim" in teks and "[Ringkasan harian Bappeda]" in teks
    assert not Pengingat.objects.exists() and mail.outbox == []

    call_command("kirim_pengingat", "--sekarang", H7.isoformat(), stdout=StringIO())
    assert len(_ke_opd_a()) == 1
    out = StringIO()
    call_command("kirim_pengingat", "--dry-run", "--sekarang", H7.isoformat(), stdout=out)
    assert "(sudah)" in out.getvalue()


@pytest.mark.django_db
def test_command_refuses_a_bad_time(data):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="contoh"):
        call_command("kirim_pengingat", "--sekarang", "besok", stdout=StringIO())
    with pytest.raises(CommandError, match="zona waktu"):
        call_command("kirim_pengingat", "--sekarang", "2031-10-08T09:00", stdout=StringIO())


def test_task_through_a_real_worker(django_db_setup, django_db_blocker, celery_worker, settings):
    """The worker thread has its own connection: the data is committed, then removed."""
    from kinerja.daerah.models import PeriodeRpjmd
    from kinerja.daerah.tasks import pengingat_kirim
    from kinerja.opd.models import Iku, Renstra

    settings.KINERJA_ADMIN_BASE_URL_TEMPLATE = "http://{domain}:8000"
    with django_db_blocker.unblock():
        try:
            _buat_data()
            hasil = pengingat_kirim.delay(H7.isoformat()).get(timeout=30)
            assert hasil == {
                "terkirim": 2,
                "sudah": 0,
                "gagal": 0,
                "akan_dikirim": 0,
                "tanpa_penerima": 1,
            }
            assert len(_ke_opd_a()) == 1
            assert pengingat_kirim.delay(H7.isoformat()).get(timeout=30)["sudah"] == 2
            assert len(_ke_opd_a()) == 1
        finally:
            connection.set_schema_to_public()
            Pengingat.objects.filter(tanggal=H7.date()).delete()
            JadwalPelaporan.objects.filter(tahun=TAHUN).delete()
            with schema_context(OPD_A.schema):
                from kinerja.pages.models import IkuIndexPage, IkuPage

                ids = list(
                    Iku.objects.filter(kode__startswith="IKU-A").values_list("pk", flat=True)
                )
                Iku.objects.filter(pk__in=ids).delete()
                # The IKU pages the post_save receiver created (deleting an IKU only
                # unpublishes its page), and the IKU list if this test created it.
                for page in IkuPage.objects.filter(iku_id__in=ids):
                    page.delete()
                for index in IkuIndexPage.objects.all():
                    if not index.get_children().exists():
                        index.delete()
                Renstra.objects.filter(nama="Renstra Uji").delete()
                get_user_model().objects.filter(username__in=["operator", "kepala"]).update(
                    email=""
                )
            PeriodeRpjmd.objects.filter(nama="RPJMD Uji Pengingat").delete()
