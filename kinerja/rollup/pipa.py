"""The pipelined full run: read, compute and write groups of OPDs at the same time.

A full run spends its time in three places: PostgreSQL fingerprinting and reading a group of
schemas, Python computing the capaian of every row (the engine, one implementation of the
rules), and PostgreSQL writing the rows. Done one after the other, the database waits while
Python computes and the other way round. Here three threads overlap them, each group passing
through:

1. *pembaca* (own connection): fingerprint the group (:func:`~kinerja.rollup.services.cek_sidik`),
   take the locks of its changed OPDs, read them (:func:`~kinerja.rollup.services.baca_kelompok`);
2. the calling thread: compute (:func:`~kinerja.rollup.services.hitung_kelompok`, no query);
3. *penulis* (own connection): write the group in one transaction
   (:func:`~kinerja.rollup.services.tulis_kelompok`), then release its OPD locks.

The steps and the rules are those of the sequential path; only the scheduling differs. Queues
between the stages hold at most two groups, so memory stays bounded. A group whose read,
computation or write fails is handed back (``ulang``) with its locks released: the caller then
runs it through the sequential path, which retries OPD by OPD and records the OPD that still
fails. Each OPD's lock is held from before its read until after its write commits, as on the
sequential path, so an incremental run of that OPD never interleaves.

Only for a full run outside any transaction (:func:`~kinerja.rollup.services.pakai_pipa`): the
threads' connections see committed rows only.

The two threads are kept between runs (:class:`_Pekerja`), with their connections, under the
same ``CONN_MAX_AGE`` rule as any other connection: a new PostgreSQL backend first loads the
catalogue entries of every table it touches, about a second for 500 schemas, which a run
repeated within the connection age should not pay again. :func:`tutup` closes them.
"""

from __future__ import annotations

import atexit
import logging
import os
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import close_old_connections, connection

from kinerja.rollup import kunci
from kinerja.rollup.services import (
    BacaanKelompok,
    HitunganKelompok,
    Konteks,
    ambil_kunci_opd,
    baca_kelompok,
    cek_sidik,
    hitung_kelompok,
    tulis_kelompok,
)
from tenants.models import Opd

logger = logging.getLogger(__name__)

KAPASITAS_ANTREAN = 2
_SELESAI = object()


@dataclass
class _Kelompok:
    """One group on its way through the pipeline."""

    opds: list[Opd]
    diproses: int = 0  # unchanged OPDs + changed OPDs whose lock was taken
    sidik_baru: dict[int, str] = field(default_factory=dict)
    kunci_opd: list[Any] = field(default_factory=list)
    catatan: list[str] = field(default_factory=list)
    bacaan: BacaanKelompok | None = None
    hitungan: HitunganKelompok | None = None
    gagal: bool = False


@dataclass
class HasilPipa:
    """What the pipeline did; ``ulang`` are the groups left for the sequential path."""

    opd_diproses: int = 0
    baris_ditulis: int = 0
    ikd: set[int] = field(default_factory=set)
    catatan: list[str] = field(default_factory=list)
    ulang: list[list[Opd]] = field(default_factory=list)


class _Pekerja:
    """A daemon thread that runs the jobs given to it, one at a time, keeping its database
    connection between jobs (subject to ``CONN_MAX_AGE``, checked before each job)."""

    def __init__(self, nama: str) -> None:
        self.pid = os.getpid()
        self.tugas: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self.thread = threading.Thread(target=self._jalan, name=nama, daemon=True)
        self.thread.start()

    def _jalan(self) -> None:
        while (tugas := self.tugas.get()) is not None:
            close_old_connections()  # too old or broken: a fresh one, as for any request
            try:
                tugas()
            except Exception:  # a job reports its own errors; never kill the thread
                logger.exception("Rollup (pipa): tugas gagal")
        connection.close()

    def kirim(self, tugas: Callable[[], None]) -> threading.Event:
        selesai = threading.Event()

        def bungkus() -> None:
            try:
                tugas()
            finally:
                selesai.set()

        self.tugas.put(bungkus)
        return selesai

    def berhenti(self) -> None:
        self.tugas.put(None)
        self.thread.join(timeout=30)


_pekerja: dict[str, _Pekerja] = {}
_pekerja_lock = threading.Lock()


def _ambil_pekerja(nama: str) -> _Pekerja:
    with _pekerja_lock:
        p = _pekerja.get(nama)
        # After a fork (Celery's prefork pool) the parent's threads do not exist here.
        if p is None or p.pid != os.getpid() or not p.thread.is_alive():
            p = _pekerja[nama] = _Pekerja(f"rollup-{nama}")
        return p


def tutup() -> None:
    """Stop the pipeline's threads and close their connections (tests, process exit)."""
    with _pekerja_lock:
        for p in _pekerja.values():
            if p.pid == os.getpid() and p.thread.is_alive():
                p.berhenti()
        _pekerja.clear()


atexit.register(tutup)


def _lepas(kelompok: _Kelompok) -> None:
    for lk in kelompok.kunci_opd:
        kunci.lepas(lk)
    kelompok.kunci_opd = []


def _pembaca(
    kelompok_semua: list[list[Opd]],
    konteks: Konteks,
    keluar: queue.Queue[Any],
    berhenti: threading.Event,
) -> None:
    try:
        for opds in kelompok_semua:
            if berhenti.is_set():
                break
            k = _Kelompok(opds=opds)
            try:
                siap, k.sidik_baru = cek_sidik(opds, konteks)
                tanpa_perubahan = len(opds) - len(siap)
                siap, k.kunci_opd = ambil_kunci_opd(siap, k.catatan)
                k.diproses = tanpa_perubahan + len(siap)
                if siap:
                    k.bacaan = baca_kelompok(siap, konteks)
            except Exception:
                logger.warning("Rollup (pipa): baca kelompok gagal", exc_info=True)
                k.gagal = True
                _lepas(k)
            keluar.put(k)
    finally:
        keluar.put(_SELESAI)


def _penulis(
    masuk: queue.Queue[Any],
    konteks: Konteks,
    hasil: HasilPipa,
    kabar: Callable[[int], None],
) -> None:
    try:
        while (k := masuk.get()) is not _SELESAI:
            try:
                if k.hitungan is not None:
                    hasil.baris_ditulis += tulis_kelompok(k.hitungan, konteks, k.sidik_baru)
                    hasil.ikd |= k.hitungan.ikd
                hasil.opd_diproses += k.diproses
                hasil.catatan += k.catatan
            except Exception:
                logger.warning("Rollup (pipa): tulis kelompok gagal", exc_info=True)
                hasil.ulang.append(k.opds)
            finally:
                _lepas(k)
            kabar(len(k.opds))
    except BaseException:
        # Never leave the caller waiting: drain what is left, releasing its locks.
        while (k := masuk.get()) is not _SELESAI:
            _lepas(k)
            hasil.ulang.append(k.opds)
        raise


def jalankan_pipa(
    kelompok_semua: list[list[Opd]],
    konteks: Konteks,
    lock: Any,
    progress: Callable[[int, int], None] | None,
    total: int,
) -> HasilPipa:
    """Run every group through the three stages; returns the counts, and the groups that
    failed anywhere (``ulang``, locks released) for the caller's sequential path."""
    hasil = HasilPipa()
    ke_hitung: queue.Queue[Any] = queue.Queue(KAPASITAS_ANTREAN)
    ke_tulis: queue.Queue[Any] = queue.Queue(KAPASITAS_ANTREAN)
    berhenti = threading.Event()
    selesai = [0]

    def kabar(n: int) -> None:
        selesai[0] += n
        if progress:
            progress(selesai[0], total)

    pembaca = _ambil_pekerja("pembaca").kirim(
        lambda: _pembaca(kelompok_semua, konteks, ke_hitung, berhenti)
    )
    penulis = _ambil_pekerja("penulis").kirim(lambda: _penulis(ke_tulis, konteks, hasil, kabar))
    try:
        while (k := ke_hitung.get()) is not _SELESAI:
            if k.gagal:
                hasil.ulang.append(k.opds)
                continue
            try:
                if k.bacaan is not None:
                    k.hitungan = hitung_kelompok(k.bacaan, konteks)
                    k.bacaan = None  # free the data before the write
            except Exception:
                logger.warning("Rollup (pipa): hitung kelompok gagal", exc_info=True)
                _lepas(k)
                hasil.ulang.append(k.opds)
                continue
            ke_tulis.put(k)
            kunci.perpanjang(lock)
    except BaseException:
        # Stop the reader, release what it already locked, let the writer finish.
        berhenti.set()
        while (sisa := ke_hitung.get()) is not _SELESAI:
            _lepas(sisa)
        raise
    finally:
        ke_tulis.put(_SELESAI)
        penulis.wait()
        pembaca.wait()
    return hasil
