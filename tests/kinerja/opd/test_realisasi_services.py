"""Services of the quarterly reporting workflow (kinerja.opd.realisasi), against the real DB.

Roles and transitions, mandatory notes, reporting windows (before, open, late, locked,
extended, correction period after a return), locking, revisions on reopen, audit
completeness, optimistic locking, idempotent repeats, the whole-triwulan submission and
evidence files (refusals and all-or-nothing storage).

The fixtures here (``privat``, ``jadwal``, ``data``, the ``Pelaku`` constants and helpers) are
also imported by the item page tests (test_realisasi_item.py, test_bukti_views.py,
test_audit.py).
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tenants.utils import schema_context
from PIL import Image

from kinerja.engine.alur import TRANSISI, Aksi, Peran, Status
from kinerja.opd.models import BuktiDukung, JejakAudit, RealisasiIku, RevisiRealisasi
from kinerja.opd.realisasi import (
    Pelaku,
    RealisasiDitolak,
    RealisasiInput,
    bukti_hapus,
    bukti_tambah,
    pelaku_dari_user,
    realisasi_aksi,
    realisasi_aksi_triwulan,
    realisasi_simpan,
)
from kinerja.opd.services import TargetInput as T

pytestmark = pytest.mark.django_db
D = Decimal
TAHUN = 2031

OPERATOR = Pelaku("Operator Uji (operator)", 101, "opd", frozenset({Peran.OPERATOR}), "10.1.2.3")
KEPALA = Pelaku("Kepala Uji (kepala)", 102, "opd", frozenset({Peran.KEPALA}), "10.1.2.4")
VERIFIKATOR = Pelaku(
    "Verifikator Uji (verifikator)", 201, "bappeda", frozenset({Peran.VERIFIKATOR}), "10.9.9.9"
)
PERAN_PELAKU = {Peran.OPERATOR: OPERATOR, Peran.KEPALA: KEPALA, Peran.VERIFIKATOR: VERIFIKATOR}

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
MB = 1024 * 1024
NILAI = D(20)


def png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 3), (20, 120, 30)).save(buf, "PNG")
    return buf.getvalue()


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture
def privat(settings, tmp_path: Path) -> Path:
    """Evidence files of this test go to a temporary private root (removed by pytest)."""
    akar = tmp_path / "privat"
    settings.KINERJA_PRIVATE_MEDIA_ROOT = akar
    return akar


@pytest.fixture
def jadwal(db):
    """The 2031 TW1 window, open now: opened 10 days ago, deadline in 5 days, lock in 15."""
    from kinerja.daerah.models import JadwalPelaporan

    now = timezone.now()
    with schema_context("public"):
        return JadwalPelaporan.objects.create(
            tahun=TAHUN,
            triwulan=1,
            tanggal_buka=now - timedelta(days=10),
            batas_waktu=now + timedelta(days=5),
            tanggal_kunci=now + timedelta(days=15),
        )


@pytest.fixture
def data(rencana, daerah, opd_a, buat_iku, jadwal, privat) -> SimpleNamespace:
    """OPD A: IKU-1 (positif, kumulatif, targets 2031) and IKU-2 (kualitatif, Opini BPK)."""
    with schema_context(opd_a.schema):
        iku1 = buat_iku(
            rencana.sasaran,
            "IKU-1",
            targets=[T(TAHUN, None, D(100))] + [T(TAHUN, q, D(25)) for q in (1, 2, 3, 4)],
        )
        iku2 = buat_iku(
            rencana.sasaran_2,
            "IKU-2",
            polaritas="kualitatif",
            tipe_perhitungan="posisi_akhir",
            skala_id=daerah.skala.pk,
            targets=[T(TAHUN, None, None, None, "WTP"), T(TAHUN, 1, None, None, "WDP")],
        )
    return SimpleNamespace(iku1=iku1, iku2=iku2, jadwal=jadwal, rencana=rencana, daerah=daerah)


@pytest.fixture
def di_a(opd_a) -> Iterator[None]:
    with schema_context(opd_a.schema):
        yield


def isi(iku, nilai=NILAI, *, pelaku=OPERATOR, tw=1, versi=None, sekarang=None, **kw):
    """Save a realisasi through the service; return the row."""
    data = RealisasiInput(nilai=nilai, **kw)
    return realisasi_simpan(pelaku, iku.pk, TAHUN, tw, data, versi, sekarang=sekarang).realisasi


def isi_kualitatif(iku, label="WTP", **kw):
    return isi(iku, None, nilai_kualitatif=label, **kw)


def aksi(item, a, pelaku, catatan="", **kw):
    return realisasi_aksi(pelaku, a, {item.pk: None}, catatan, **kw)


def ke_status(item, status: Status) -> RealisasiIku:
    """Move a draft item forward through the real workflow up to ``status``."""
    langkah = [
        (Status.DIAJUKAN, Aksi.AJUKAN, OPERATOR),
        (Status.DISETUJUI, Aksi.SETUJUI, KEPALA),
        (Status.DIVERIFIKASI, Aksi.VERIFIKASI, VERIFIKATOR),
    ]
    for tujuan, a, pelaku in langkah:
        if item.status == status:
            break
        aksi(item, a, pelaku)
        item.refresh_from_db()
        assert item.status == tujuan
    return item


def tambah_bukti(item, isi_berkas=PDF, nama="laporan.pdf", pelaku=OPERATOR, **kw):
    return bukti_tambah(pelaku, item.pk, nama, io.BytesIO(isi_berkas), **kw)


def berkas_di(akar: Path) -> list[Path]:
    return [p for p in akar.rglob("*") if p.is_file()] if akar.exists() else []


def jejak(item) -> list[JejakAudit]:
    return list(JejakAudit.objects.filter(realisasi=item).order_by("id"))


# --- roles and transitions ----------------------------------------------------------------


def test_user_permissions_map_to_roles(data, opd_a):
    from django.contrib.auth import get_user_model

    with schema_context(opd_a.schema):
        users = get_user_model().objects
        operator = pelaku_dari_user(users.get(username="operator"), "10.0.0.1")
        kepala = pelaku_dari_user(users.get(username="kepala"), None)
        admin = pelaku_dari_user(users.get(username="admin"), None)
    assert operator.peran == {Peran.OPERATOR}
    assert operator.ip == "10.0.0.1" and operator.sumber == "opd"
    assert kepala.peran == {Peran.KEPALA}
    # Admin OPD only reads the realisasi (no workflow rights).
    assert admin.peran == frozenset()
    with schema_context("public"):
        verifikator = pelaku_dari_user(users.get(username="verifikator"))
    assert verifikator.peran == {Peran.VERIFIKATOR}
    assert verifikator.sumber == "bappeda"


def _boleh(status: Status, a: Aksi, peran: Peran) -> bool:
    return any(t.dari == status and peran in t.peran for t in TRANSISI[a])


class _Kembalikan(Exception):
    pass


def test_every_forbidden_transition_is_refused_per_role(data, di_a):
    """Every (status, action, role) the state machine does not allow is refused, with the
    item, its version and the audit trail untouched; every allowed one goes through."""
    item = isi(data.iku1, D(20))
    ditolak = diizinkan = 0
    for status, a, peran in itertools.product(Status, [x for x in Aksi if x != Aksi.UBAH], Peran):
        # Savepoint per combination, always rolled back: every case starts from the same row.
        try:
            with transaction.atomic():
                RealisasiIku.objects.filter(pk=item.pk).update(status=status)
                sebelum = RealisasiIku.objects.get(pk=item.pk)
                n_jejak = JejakAudit.objects.count()
                if _boleh(status, a, peran):
                    hasil = aksi(sebelum, a, PERAN_PELAKU[peran], "catatan cukup panjang")
                    assert hasil.diproses, (status, a, peran)
                    diizinkan += 1
                elif status == {
                    Aksi.AJUKAN: Status.DIAJUKAN,
                    Aksi.SETUJUI: Status.DISETUJUI,
                    Aksi.VERIFIKASI: Status.DIVERIFIKASI,
                }.get(a) and _boleh(
                    {
                        Aksi.AJUKAN: Status.DRAFT,
                        Aksi.SETUJUI: Status.DIAJUKAN,
                        Aksi.VERIFIKASI: Status.DISETUJUI,
                    }[a],
                    a,
                    peran,
                ):
                    # A repeat of a done step by someone entitled to it: skipped (double click).
                    hasil = aksi(sebelum, a, PERAN_PELAKU[peran], "catatan cukup panjang")
                    assert hasil.dilewati and not hasil.diproses
                else:
                    with pytest.raises(RealisasiDitolak) as e:
                        aksi(sebelum, a, PERAN_PELAKU[peran], "catatan cukup panjang")
                    assert e.value.kode in ("peran", "status"), (status, a, peran)
                    assert e.value.pesan
                    sesudah = RealisasiIku.objects.get(pk=item.pk)
                    assert (sesudah.status, sesudah.versi) == (status, sebelum.versi)
                    assert JejakAudit.objects.count() == n_jejak
                    ditolak += 1
                raise _Kembalikan
        except _Kembalikan:
            pass
    assert diizinkan == 7
    assert ditolak > 40


@pytest.mark.parametrize("pelaku", [KEPALA, VERIFIKATOR], ids=["kepala", "verifikator"])
def test_only_the_operator_enters_values_and_evidence(data, di_a, pelaku):
    item = isi(data.iku1, D(20))
    with pytest.raises(RealisasiDitolak) as e:
        isi(data.iku1, D(30), pelaku=pelaku, versi=item.versi)
    assert e.value.kode == "peran"
    assert "Operator" in e.value.pesan
    with pytest.raises(RealisasiDitolak) as e:
        tambah_bukti(item, pelaku=pelaku)
    assert e.value.kode == "peran"
    item.refresh_from_db()
    assert item.nilai == D(20)
    assert not BuktiDukung.objects.exists()


@pytest.mark.parametrize("catatan", ["", "   ", "abcd"])
def test_return_and_reopen_need_a_note(data, di_a, catatan):
    item = ke_status(isi(data.iku1), Status.DIAJUKAN)
    with pytest.raises(RealisasiDitolak) as e:
        aksi(item, Aksi.KEMBALIKAN, KEPALA, catatan)
    assert e.value.kode == "catatan"
    assert "minimal 5 karakter" in e.value.pesan
    ke_status(item, Status.DIVERIFIKASI)
    with pytest.raises(RealisasiDitolak) as e:
        aksi(item, Aksi.BUKA_KEMBALI, VERIFIKATOR, catatan)
    assert e.value.kode == "catatan"
    item.refresh_from_db()
    assert item.status == Status.DIVERIFIKASI
    assert not RevisiRealisasi.objects.exists()


def test_return_note_is_kept_and_audited(data, di_a):
    item = ke_status(isi(data.iku1), Status.DIAJUKAN)
    aksi(item, Aksi.KEMBALIKAN, KEPALA, "  Lampirkan laporan bulanan.  ")
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    assert item.catatan_pengembalian == "Lampirkan laporan bulanan."
    assert item.jumlah_dikembalikan == 1
    assert item.batas_koreksi is not None
    baris = JejakAudit.objects.filter(realisasi=item, aksi="kembalikan").get()
    assert baris.catatan == "Lampirkan laporan bulanan."
    assert (baris.nilai_lama, baris.nilai_baru) == ("Diajukan", "Draf")
    assert baris.pengguna == KEPALA.nama and baris.ip == KEPALA.ip


# --- reporting windows --------------------------------------------------------------------


def test_before_the_window_opens_nothing_is_saved(data, di_a):
    sebelum = data.jadwal.tanggal_buka - timedelta(minutes=1)
    with pytest.raises(RealisasiDitolak) as e:
        isi(data.iku1, sekarang=sebelum)
    assert e.value.kode == "jendela"
    assert "belum dibuka" in e.value.pesan and "WITA" in e.value.pesan
    assert not RealisasiIku.objects.exists()


def test_without_a_schedule_nothing_is_saved(data, di_a):
    with schema_context("public"):
        data.jadwal.delete()
    with pytest.raises(RealisasiDitolak) as e:
        isi(data.iku1)
    assert e.value.kode == "jendela"
    assert "belum ditetapkan" in e.value.pesan


def test_inside_the_window_a_submission_is_on_time(data, di_a):
    item = ke_status(isi(data.iku1), Status.DIAJUKAN)
    assert item.terlambat is False
    assert item.diajukan_oleh == OPERATOR.nama


def test_between_deadline_and_lock_it_is_allowed_but_late(data, di_a):
    telat = data.jadwal.batas_waktu + timedelta(hours=1)
    item = isi(data.iku1, sekarang=telat)
    aksi(item, Aksi.AJUKAN, OPERATOR, sekarang=telat)
    item.refresh_from_db()
    assert item.status == Status.DIAJUKAN
    assert item.terlambat is True


def test_after_the_lock_save_submit_and_evidence_are_refused(data, di_a):
    item = isi(data.iku1)
    tutup = data.jadwal.tanggal_kunci + timedelta(minutes=1)
    with pytest.raises(RealisasiDitolak) as e:
        isi(data.iku1, D(99), versi=item.versi, sekarang=tutup)
    assert e.value.kode == "jendela"
    assert "sudah ditutup" in e.value.pesan and "perpanjangan" in e.value.pesan
    with pytest.raises(RealisasiDitolak) as e:
        aksi(item, Aksi.AJUKAN, OPERATOR, sekarang=tutup)
    assert e.value.kode == "jendela"
    with pytest.raises(RealisasiDitolak) as e:
        bukti_tambah(OPERATOR, item.pk, "a.pdf", io.BytesIO(PDF), sekarang=tutup)
    assert e.value.kode == "jendela"
    item.refresh_from_db()
    assert (item.nilai, item.status) == (D(20), Status.DRAFT)


def test_an_extension_moves_the_deadline_and_the_lock(data, di_a, opd_a, opd_b):
    from kinerja.daerah.models import PerpanjanganJadwal
    from tenants.models import Opd

    jadwal = data.jadwal
    setelah_kunci = jadwal.tanggal_kunci + timedelta(days=1)
    with schema_context("public"):
        PerpanjanganJadwal.objects.create(
            jadwal=jadwal,
            opd=Opd.objects.get(schema_name=opd_b.schema),
            batas_waktu=jadwal.batas_waktu + timedelta(days=30),
            tanggal_kunci=jadwal.tanggal_kunci + timedelta(days=30),
            alasan="Perpanjangan untuk OPD lain",
            diberikan_oleh="Admin Bappeda",
        )
    # Another OPD's extension does not help OPD A.
    with pytest.raises(RealisasiDitolak):
        isi(data.iku1, sekarang=setelah_kunci)
    with schema_context("public"):
        PerpanjanganJadwal.objects.create(
            jadwal=jadwal,
            opd=Opd.objects.get(schema_name=opd_a.schema),
            batas_waktu=jadwal.tanggal_kunci + timedelta(days=2),
            tanggal_kunci=jadwal.tanggal_kunci + timedelta(days=5),
            alasan="Gangguan jaringan",
            diberikan_oleh="Admin Bappeda",
        )
    item = isi(data.iku1, sekarang=setelah_kunci)
    aksi(item, Aksi.AJUKAN, OPERATOR, sekarang=setelah_kunci)
    item.refresh_from_db()
    assert item.status == Status.DIAJUKAN
    # Before the extended deadline: on time, although after the original lock.
    assert item.terlambat is False
    with pytest.raises(RealisasiDitolak) as e:
        isi(data.iku2, None, nilai_kualitatif="WTP", sekarang=setelah_kunci + timedelta(days=5))
    assert e.value.kode == "jendela"


def test_a_returned_item_can_be_corrected_until_batas_koreksi(data, di_a, settings):
    settings.KINERJA_HARI_KOREKSI = 3
    item = ke_status(isi(data.iku1), Status.DIAJUKAN)
    dikembalikan = data.jadwal.tanggal_kunci + timedelta(days=1)  # after the lock
    aksi(item, Aksi.KEMBALIKAN, KEPALA, "Angka belum sesuai laporan.", sekarang=dikembalikan)
    item.refresh_from_db()
    assert item.batas_koreksi == dikembalikan + timedelta(days=3)
    koreksi = dikembalikan + timedelta(days=2)
    item = isi(data.iku1, D(22), versi=item.versi, sekarang=koreksi)
    tambah_bukti(item, sekarang=koreksi)
    aksi(item, Aksi.AJUKAN, OPERATOR, sekarang=koreksi)
    item.refresh_from_db()
    assert item.status == Status.DIAJUKAN and item.nilai == D(22)
    # A correction inside the granted period is not a late submission.
    assert item.terlambat is False
    aksi(item, Aksi.KEMBALIKAN, KEPALA, "Masih ada yang kurang.", sekarang=koreksi)
    item.refresh_from_db()
    lewat = item.batas_koreksi + timedelta(minutes=1)
    with pytest.raises(RealisasiDitolak) as e:
        isi(data.iku1, D(23), versi=item.versi, sekarang=lewat)
    assert e.value.kode == "jendela"


# --- locking ------------------------------------------------------------------------------


def test_submitted_item_is_read_only_for_the_operator(data, di_a):
    item = isi(data.iku1)
    b = tambah_bukti(item)
    item = ke_status(item, Status.DIAJUKAN)
    with pytest.raises(RealisasiDitolak) as e:
        isi(data.iku1, D(99), versi=item.versi)
    assert e.value.kode == "status"
    assert "Diajukan" in e.value.pesan and "sampai dikembalikan" in e.value.pesan
    with pytest.raises(RealisasiDitolak) as e:
        tambah_bukti(item, png(), "foto.png")
    assert e.value.kode == "status"
    with pytest.raises(RealisasiDitolak) as e:
        bukti_hapus(OPERATOR, str(b.pk))
    assert e.value.kode == "status"
    item.refresh_from_db()
    assert item.nilai == D(20)
    assert BuktiDukung.objects.filter(dihapus_pada__isnull=True).count() == 1
    for bukan in ("bukan-uuid", "1", ""):
        with pytest.raises(RealisasiDitolak) as e:
            bukti_hapus(OPERATOR, bukan)
        assert e.value.kode == "tidak_ditemukan"


def test_verified_item_is_locked(data, di_a):
    item = ke_status(isi(data.iku1), Status.DIVERIFIKASI)
    with pytest.raises(RealisasiDitolak) as e:
        isi(data.iku1, D(99), versi=item.versi)
    assert e.value.kode == "status"
    assert "Verifikator Bappeda" in e.value.pesan
    for a, pelaku in ((Aksi.KEMBALIKAN, KEPALA), (Aksi.KEMBALIKAN, VERIFIKATOR)):
        with pytest.raises(RealisasiDitolak) as e:
            aksi(item, a, pelaku, "Mohon diperbaiki.")
        assert "terkunci" in e.value.pesan
    with pytest.raises(RealisasiDitolak):
        tambah_bukti(item)
    item.refresh_from_db()
    assert item.status == Status.DIVERIFIKASI and item.nilai == D(20)


# --- revisions ----------------------------------------------------------------------------


def test_reopen_creates_a_revision_and_keeps_the_old_one_readable(data, di_a):
    item = isi(data.iku1, D("20.5"), faktor_pendorong="Dukungan anggaran")
    b1 = tambah_bukti(item, keterangan="Laporan TW1")
    item = ke_status(item, Status.DIVERIFIKASI)
    aksi(item, Aksi.BUKA_KEMBALI, VERIFIKATOR, "Data BPS terbaru berbeda.")
    item.refresh_from_db()
    assert (item.status, item.revisi) == (Status.DRAFT, 2)
    assert item.diverifikasi_pada is None
    rev1 = RevisiRealisasi.objects.get(realisasi=item, revisi=1)
    assert rev1.alasan_buka == "Data BPS terbaru berbeda."
    assert rev1.dibuka_oleh == VERIFIKATOR.nama
    assert rev1.data["nilai"] == "20.5000"
    assert rev1.data["faktor_pendorong"] == "Dukungan anggaran"
    assert rev1.data["status"] == Status.DIVERIFIKASI
    assert rev1.data["diverifikasi_oleh"] == VERIFIKATOR.nama
    assert [b["id"] for b in rev1.data["bukti"]] == [str(b1.pk)]
    assert rev1.data["bukti"][0]["sha256"] == b1.sha256

    # The new revision changes; the frozen one does not.
    item = isi(data.iku1, D(30), versi=item.versi)
    bukti_hapus(OPERATOR, str(b1.pk))
    b2 = tambah_bukti(item, png(), "foto.png")
    assert b2.revisi == 2
    rev1.refresh_from_db()
    assert rev1.data["nilai"] == "20.5000"
    assert [b["id"] for b in rev1.data["bukti"]] == [str(b1.pk)]

    ke_status(item, Status.DIVERIFIKASI)
    aksi(item, Aksi.BUKA_KEMBALI, VERIFIKATOR, "Koreksi kedua.")
    item.refresh_from_db()
    assert item.revisi == 3
    rev2 = RevisiRealisasi.objects.get(realisasi=item, revisi=2)
    assert rev2.data["nilai"] == "30.0000"
    assert [b["id"] for b in rev2.data["bukti"]] == [str(b2.pk)]
    assert JejakAudit.objects.filter(realisasi=item, aksi="revisi").count() == 2


# --- audit --------------------------------------------------------------------------------


def test_audit_has_one_row_per_changed_field_with_old_and_new(data, di_a):
    item = isi(data.iku1, D("1234.5"), faktor_pendorong="Anggaran cukup")
    rows = jejak(item)
    assert {(r.aksi, r.kolom, r.nilai_lama, r.nilai_baru) for r in rows} == {
        ("buat", "Realisasi", "", "1.234,50"),
        ("buat", "Faktor pendorong", "", "Anggaran cukup"),
    }
    assert all(r.ip == OPERATOR.ip and r.pengguna == OPERATOR.nama for r in rows)
    assert all(r.sumber == "opd" and r.revisi == 1 for r in rows)

    isi(
        data.iku1,
        D("1300"),
        versi=item.versi,
        faktor_pendorong="Anggaran cukup",
        faktor_penghambat="Cuaca",
    )
    baru = jejak(item)[len(rows) :]
    assert {(r.aksi, r.kolom, r.nilai_lama, r.nilai_baru) for r in baru} == {
        ("ubah", "Realisasi", "1.234,50", "1.300,00"),
        ("ubah", "Faktor penghambat", "", "Cuaca"),
    }


def test_audit_records_a_change_between_empty_and_zero(data, di_a):
    # None → 0 and 0 → None are real changes (0 is a value, empty is "not reported").
    item = isi(data.iku1, None, faktor_pendorong="Belum ada data")
    n = len(jejak(item))
    item = isi(data.iku1, D(0), versi=item.versi, faktor_pendorong="Belum ada data")
    baris = jejak(item)[n:]
    assert [(r.kolom, r.nilai_lama, r.nilai_baru) for r in baris] == [("Realisasi", "", "0,00")]
    item = isi(data.iku1, None, versi=item.versi, faktor_pendorong="Belum ada data")
    baris = jejak(item)[n + 1 :]
    assert [(r.kolom, r.nilai_lama, r.nilai_baru) for r in baris] == [("Realisasi", "0,00", "")]


def test_audit_records_state_changes_and_files(data, di_a):
    item = isi(data.iku1)
    b = tambah_bukti(item)
    bukti_hapus(OPERATOR, str(b.pk))
    ke_status(item, Status.DIAJUKAN)
    aksi(item, Aksi.KEMBALIKAN, KEPALA, "Bukti dukung belum ada.")
    rows = jejak(item)
    berkas = [(r.aksi, r.kolom, r.nilai_lama, r.nilai_baru) for r in rows if "bukti" in r.aksi]
    assert berkas == [
        ("bukti_tambah", "Bukti dukung", "", "laporan.pdf"),
        ("bukti_hapus", "Bukti dukung", "laporan.pdf", ""),
    ]
    status = [
        (r.aksi, r.nilai_lama, r.nilai_baru, r.catatan, r.ip) for r in rows if r.kolom == "Status"
    ]
    assert status == [
        ("ajukan", "Draf", "Diajukan", "", OPERATOR.ip),
        ("kembalikan", "Diajukan", "Draf", "Bukti dukung belum ada.", KEPALA.ip),
    ]


def test_audit_rows_cannot_be_changed_or_deleted(data, di_a):
    item = isi(data.iku1)
    row = JejakAudit.objects.filter(realisasi=item).first()
    row.nilai_baru = "dipalsukan"
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        row.delete()
    with pytest.raises(ValidationError):
        JejakAudit.objects.filter(pk=row.pk).update(nilai_baru="dipalsukan")
    with pytest.raises(ValidationError):
        JejakAudit.objects.filter(pk=row.pk).delete()
    # bulk_update runs in its own atomic block; a savepoint keeps the test's transaction usable.
    with pytest.raises(ValidationError), transaction.atomic():
        JejakAudit.objects.bulk_update([row], ["nilai_baru"])
    row.refresh_from_db()
    assert row.nilai_baru != "dipalsukan"


# --- optimistic lock and repeats ----------------------------------------------------------


def test_second_editor_gets_a_conflict(data, di_a):
    item = isi(data.iku1, D(20))
    dibuka = item.versi  # both editors opened version 1
    isi(data.iku1, D(21), versi=dibuka)  # first editor saves
    with pytest.raises(RealisasiDitolak) as e:
        isi(data.iku1, D(22), versi=dibuka)  # second editor
    assert e.value.kode == "konflik"
    assert "telah diubah oleh Operator Uji" in e.value.pesan
    assert "muat ulang" in e.value.pesan
    item.refresh_from_db()
    assert item.nilai == D(21)


def test_two_first_saves_do_not_create_two_rows(data, di_a):
    isi(data.iku1, D(20), versi=0)
    # The second "new" form with other values is a conflict, not a second row.
    with pytest.raises(RealisasiDitolak) as e:
        isi(data.iku1, D(25), versi=0)
    assert e.value.kode == "konflik"
    assert RealisasiIku.objects.filter(iku=data.iku1).count() == 1


def test_identical_resubmission_is_a_no_op(data, di_a):
    item = isi(data.iku1, D(20), versi=0, tindak_lanjut="Rapat koordinasi")
    n = JejakAudit.objects.count()
    hasil = realisasi_simpan(
        OPERATOR,
        data.iku1.pk,
        TAHUN,
        1,
        RealisasiInput(nilai=D("20.00"), tindak_lanjut=" Rapat koordinasi "),
        0,  # the same stale "new" form sent again (double click)
    )
    assert hasil.berubah is False
    assert hasil.realisasi.pk == item.pk
    assert hasil.realisasi.versi == item.versi
    assert JejakAudit.objects.count() == n


def test_double_ajukan_is_skipped(data, di_a):
    item = isi(data.iku1)
    versi = item.versi
    pertama = realisasi_aksi(OPERATOR, Aksi.AJUKAN, {item.pk: versi})
    n = JejakAudit.objects.count()
    kedua = realisasi_aksi(OPERATOR, Aksi.AJUKAN, {item.pk: versi})  # same stale version
    assert [i.pk for i in pertama.diproses] == [item.pk]
    assert kedua.diproses == [] and [i.pk for i in kedua.dilewati] == [item.pk]
    assert JejakAudit.objects.count() == n
    item.refresh_from_db()
    assert item.versi == versi + 1


def test_an_action_on_a_changed_version_is_a_conflict(data, di_a):
    item = isi(data.iku1)
    dilihat = item.versi
    isi(data.iku1, D(21), versi=dilihat)
    with pytest.raises(RealisasiDitolak) as e:
        realisasi_aksi(OPERATOR, Aksi.AJUKAN, {item.pk: dilihat})
    assert e.value.kode == "konflik"
    item.refresh_from_db()
    assert item.status == Status.DRAFT


def test_ajukan_needs_a_value(data, di_a):
    item = isi(data.iku1, None, faktor_pendorong="Belum ada angka")
    with pytest.raises(RealisasiDitolak) as e:
        aksi(item, Aksi.AJUKAN, OPERATOR)
    assert e.value.kode == "validasi"
    assert "belum diisi" in e.value.pesan


# --- whole triwulan -----------------------------------------------------------------------


def test_whole_triwulan_ajukan_requires_every_iku(data, di_a):
    isi(data.iku1)
    with pytest.raises(RealisasiDitolak) as e:
        realisasi_aksi_triwulan(OPERATOR, Aksi.AJUKAN, TAHUN, 1)
    assert e.value.kode == "validasi"
    assert "IKU-2" in e.value.pesan and "IKU-1" not in e.value.pesan
    assert not RealisasiIku.objects.filter(status=Status.DIAJUKAN).exists()
    isi_kualitatif(data.iku2, "wtp")
    hasil = realisasi_aksi_triwulan(OPERATOR, Aksi.AJUKAN, TAHUN, 1)
    assert len(hasil.diproses) == 2
    assert set(RealisasiIku.objects.values_list("status", flat=True)) == {Status.DIAJUKAN}
    # Kepala approves the whole triwulan at once.
    hasil = realisasi_aksi_triwulan(KEPALA, Aksi.SETUJUI, TAHUN, 1)
    assert len(hasil.diproses) == 2


def test_whole_triwulan_ignores_iku_of_a_renstra_for_other_years(data, di_a, buat_iku):
    from kinerja.opd.models import Renstra, SasaranStrategis, TujuanRenstra

    lain = Renstra.objects.create(
        periode_rpjmd_id=data.daerah.periode.pk,
        nama="Renstra 2036",
        tahun_awal=2036,
        tahun_akhir=2036,
    )
    tujuan = TujuanRenstra.objects.create(renstra=lain, kode="T9", uraian="Tujuan 2036")
    sasaran = SasaranStrategis.objects.create(
        tujuan=tujuan, kode="SS9", uraian="Sasaran 2036", sasaran_rpjmd_id=data.daerah.sasaran_11.pk
    )
    buat_iku(sasaran, "IKU-2036")
    isi(data.iku1)
    isi_kualitatif(data.iku2)
    hasil = realisasi_aksi_triwulan(OPERATOR, Aksi.AJUKAN, TAHUN, 1)
    assert len(hasil.diproses) == 2


def test_whole_triwulan_refuses_actions_that_need_a_note(data, di_a):
    with pytest.raises(RealisasiDitolak) as e:
        realisasi_aksi_triwulan(KEPALA, Aksi.KEMBALIKAN, TAHUN, 1, "catatan panjang")
    assert "per IKU" in e.value.pesan


def test_whole_triwulan_ajukan_refused_for_the_kepala(data, di_a):
    isi(data.iku1)
    isi_kualitatif(data.iku2)
    with pytest.raises(RealisasiDitolak) as e:
        realisasi_aksi_triwulan(KEPALA, Aksi.AJUKAN, TAHUN, 1)
    assert e.value.kode == "peran"


# --- evidence -----------------------------------------------------------------------------


def test_evidence_is_stored_privately_per_schema(data, di_a, privat, opd_a):
    item = isi(data.iku1)
    b = tambah_bukti(item, keterangan=" Laporan ", publikasi=True)
    assert (b.jenis, b.mime, b.ukuran, b.nama_berkas) == (
        "PDF",
        "application/pdf",
        len(PDF),
        "laporan.pdf",
    )
    assert b.keterangan == "Laporan" and b.publikasi is True
    assert b.diunggah_oleh == OPERATOR.nama
    berkas = berkas_di(privat)
    assert berkas == [privat / opd_a.schema / b.path]
    assert berkas[0].read_bytes() == PDF
    assert "laporan" not in b.path  # random stored name, never the user's


def test_wrong_type_renamed_to_pdf_is_refused(data, di_a, privat):
    item = isi(data.iku1)
    with pytest.raises(RealisasiDitolak) as e:
        tambah_bukti(item, png(), "laporan.pdf")
    assert e.value.kode == "bukti"
    assert "bukan PDF" in e.value.pesan and "PNG" in e.value.pesan
    assert not BuktiDukung.objects.exists()
    assert berkas_di(privat) == []


def test_too_large_and_empty_files_are_refused(data, di_a, privat):
    item = isi(data.iku1)
    besar = PDF + b"0" * (11 * MB)
    with pytest.raises(RealisasiDitolak) as e:
        tambah_bukti(item, besar, "besar.pdf")
    assert "maksimum 10 MB" in e.value.pesan
    with pytest.raises(RealisasiDitolak) as e:
        tambah_bukti(item, b"", "kosong.pdf")
    assert "kosong" in e.value.pesan
    with pytest.raises(RealisasiDitolak) as e:
        tambah_bukti(item, b"MZ\x90\x00", "program.exe")
    assert "tidak didukung" in e.value.pesan
    assert not BuktiDukung.objects.exists()
    assert berkas_di(privat) == []


def test_the_same_file_twice_is_refused(data, di_a, privat):
    item = isi(data.iku1)
    tambah_bukti(item, nama="a.pdf")
    with pytest.raises(RealisasiDitolak) as e:
        tambah_bukti(item, nama="salinan.pdf")
    assert e.value.kode == "bukti"
    assert "sudah diunggah" in e.value.pesan
    assert BuktiDukung.objects.count() == 1
    assert len(berkas_di(privat)) == 1


def test_storage_failure_leaves_no_row_and_no_file(data, di_a, privat, monkeypatch):
    from kinerja.storage import BuktiStorage

    item = isi(data.iku1)
    n = JejakAudit.objects.count()

    def rusak(self, name, content):
        # Write part of the file, then fail like a full disk would.
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-setengah")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(BuktiStorage, "_save", rusak)
    with pytest.raises(OSError):
        tambah_bukti(item)
    assert not BuktiDukung.objects.exists()
    assert JejakAudit.objects.count() == n
    assert berkas_di(privat) == []


def test_database_failure_after_storing_removes_the_file(data, di_a, privat, monkeypatch):
    item = isi(data.iku1)
    n = JejakAudit.objects.count()

    def gagal(*args, **kwargs):
        raise IntegrityError("simulasi kegagalan basis data")

    monkeypatch.setattr(BuktiDukung.objects, "create", gagal)
    with pytest.raises(IntegrityError):
        tambah_bukti(item)
    monkeypatch.undo()
    assert not BuktiDukung.objects.exists()
    assert JejakAudit.objects.count() == n
    assert berkas_di(privat) == []


def test_deleting_evidence_only_hides_it(data, di_a, privat):
    item = isi(data.iku1)
    b = tambah_bukti(item)
    bukti_hapus(OPERATOR, str(b.pk))
    b.refresh_from_db()
    assert b.dihapus_pada is not None and b.dihapus_oleh == OPERATOR.nama
    assert len(berkas_di(privat)) == 1  # earlier revisions may still need it
    with pytest.raises(RealisasiDitolak) as e:
        bukti_hapus(OPERATOR, str(b.pk))
    assert e.value.kode == "tidak_ditemukan"
    # The same file may be uploaded again once the old copy is hidden.
    tambah_bukti(item)


def test_evidence_needs_an_existing_item(data, di_a):
    with pytest.raises(RealisasiDitolak) as e:
        bukti_tambah(OPERATOR, 999_999, "a.pdf", io.BytesIO(PDF))
    assert e.value.kode == "tidak_ditemukan"


# --- input checks -------------------------------------------------------------------------


def test_invalid_input_is_refused_with_field_messages(data, di_a):
    with pytest.raises(RealisasiDitolak) as e:
        isi(data.iku1, D("1e17"))
    assert e.value.kode == "validasi"
    assert e.value.galat == [("IKU-1", "Realisasi", "Realisasi terlalu besar.")]
    with pytest.raises(RealisasiDitolak) as e:
        isi_kualitatif(data.iku2, "Sangat baik")
    assert "tidak ada pada skala" in e.value.pesan and "WTP" in e.value.pesan
    with pytest.raises(RealisasiDitolak) as e:
        isi(data.iku2, D(3))
    assert "kualitatif" in e.value.pesan
    with pytest.raises(RealisasiDitolak) as e:
        realisasi_simpan(OPERATOR, data.iku1.pk, 2040, 1, RealisasiInput(nilai=D(1)))
    assert "di luar periode Renstra" in e.value.pesan
    with pytest.raises(RealisasiDitolak) as e:
        realisasi_simpan(OPERATOR, data.iku1.pk, TAHUN, 5, RealisasiInput(nilai=D(1)))
    assert "Triwulan 5 tidak ada" in e.value.pesan
    with pytest.raises(RealisasiDitolak) as e:
        realisasi_simpan(OPERATOR, 999_999, TAHUN, 1, RealisasiInput(nilai=D(1)))
    assert e.value.kode == "tidak_ditemukan"
    assert not RealisasiIku.objects.exists()


def test_kualitatif_label_is_stored_as_the_scale_spells_it(data, di_a):
    item = isi_kualitatif(data.iku2, " wtp ")
    assert item.nilai_kualitatif == "WTP" and item.nilai is None


def test_state_change_sends_the_signal(data, di_a):
    from kinerja.opd import sinyal

    diterima: list[tuple[str, list[int]]] = []

    def terima(sender, schema_name, items, **kwargs):
        diterima.append((schema_name, [i.pk for i in items]))

    sinyal.status_berubah.connect(terima)
    try:
        item = isi(data.iku1)
        aksi(item, Aksi.AJUKAN, OPERATOR)
        aksi(item, Aksi.AJUKAN, OPERATOR)  # skipped: no second signal
    finally:
        sinyal.status_berubah.disconnect(terima)
    assert diterima == [("opd_a", [item.pk])]
