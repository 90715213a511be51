"""The capaian rollup: every OPD schema → the public schema (snapshots, summaries, IKD values).

``rollup_jalankan`` is the only entry point; the Celery tasks, the signal receiver and the
``rollup_capaian`` command all call it. One run:

1. takes the Redis lock of its scope (:mod:`kinerja.rollup.kunci`): ``semua`` for a full run
   (a second full run is skipped and recorded as *dilewati*), ``opd:<schema>`` for one OPD (a
   second run of the same OPD waits up to ``tunggu`` seconds, then is skipped and recorded);
   a full run also takes each OPD's lock while it reads and writes that OPD;
2. loads the public inputs once (active predikat bands, qualitative scales, the reporting
   schedule and its per-OPD extensions);
3. takes the OPDs in groups of :data:`UKURAN_KELOMPOK`; for each group one SQL query
   fingerprints every OPD's inputs (:func:`kinerja.rollup.baca.sidik_skema`). An OPD whose
   fingerprint (with the public inputs that apply to it) equals the stored :class:`SidikOpd`
   is up to date and is not read at all: the steady-state periodic run costs about one pass
   of PostgreSQL over the data;
4. reads the changed OPDs with three queries per group (:func:`kinerja.rollup.baca.baca_skema`),
   computes the capaian of every IKU × tahun × triwulan with the one engine path of the OPD
   screens (``kinerja.opd.selectors.capaian_iku`` on prefetched values, no query) for the
   IKU-years whose own fingerprint (``SnapshotIku.sidik``) changed, and upserts those
   :class:`SnapshotIku` rows in one statement per group (COPY + INSERT … ON CONFLICT);
   snapshots of IKU/periods that no longer exist are deleted;
5. recomputes :class:`RingkasanOpd` of the OPDs whose snapshots changed with one SQL statement
   per group (aggregating the snapshot table);
6. writes the yearly :class:`~kinerja.daerah.models.RealisasiDaerah` of the IKD fed by linked
   IKU (``sumber_nilai`` = iku) from VERIFIED quarters only (:func:`_nilai_ikd`);
7. records a :class:`RollupRun` (start, end, OPDs, rows, errors).

Idempotent: unchanged inputs are neither recomputed nor rewritten, so a second run writes
nothing and leaves identical rows (``paksa`` recomputes everything, with the same values). A
group whose read or write fails is retried OPD by OPD; an OPD that still fails is recorded in
``galat`` and the others go on (status *sebagian*).

Call it outside a transaction (the tasks and the command do): the locks are released when it
returns, which must be after its writes are committed.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from kinerja.choices import Polaritas
from kinerja.daerah.models import (
    IndikatorDaerah,
    JadwalPelaporan,
    PerpanjanganJadwal,
    RealisasiDaerah,
    TingkatKualitatif,
)
from kinerja.daerah.selectors import skema_predikat_aktif
from kinerja.engine import DEFAULT_BANDS, PredikatBand, nilai_tahunan
from kinerja.engine import SkalaKualitatif as EngineSkala
from kinerja.engine.terverifikasi import triwulan_terverifikasi
from kinerja.opd.models import Iku
from kinerja.opd.selectors import capaian_iku_sampai
from kinerja.rollup import kunci
from kinerja.rollup.baca import (
    KOLOM_IKU_SALIN,
    KOLOM_REALISASI_SALIN,
    DataOpd,
    IkuBaca,
    RealisasiBaca,
    TargetBaca,
    baca_skema,
    sidik_skema,
    sql_iku_salin,
    sql_realisasi_salin,
)
from kinerja.rollup.models import (
    RingkasanOpd,
    RollupRun,
    SidikOpd,
    SnapshotIku,
    StatusSnapshot,
)
from kinerja.rollup.sinyal import rollup_selesai
from tenants.models import Opd

logger = logging.getLogger(__name__)

# Bump when the computation changes: every fingerprint changes, so the next run rewrites all.
VERSI_ROLLUP = 2
UKURAN_KELOMPOK = 25
# How long a full run waits for one OPD's lock (held by that OPD's incremental run, < 1 s).
TUNGGU_KUNCI_OPD_DETIK = 5.0
MAKS_CATATAN = 4000
_EMPAT_DESIMAL = Decimal("0.0001")

Progress = Callable[[int, int], None]

# Columns written by the upsert (everything but the id), in the order of the row tuples.
KOLOM_SNAPSHOT: tuple[str, ...] = tuple(
    f.column for f in SnapshotIku._meta.concrete_fields if f.name != "id"
)
_KUNCI_SNAPSHOT = ("opd_id", "iku_id", "tahun", "triwulan")


class RollupGagal(Exception):
    """A run that processed no OPD because of errors (the task retries on it)."""


# --- public inputs, loaded once per run -----------------------------------------------------


@dataclass
class Konteks:
    """What every OPD's computation needs from the public schema, read once per run."""

    sekarang: datetime
    tahun: int | None
    bands: tuple[PredikatBand, ...]
    skala: dict[int, EngineSkala]
    jadwal: dict[tuple[int, int], datetime]  # (tahun, triwulan) → batas waktu
    perpanjangan: dict[tuple[int, int, int], datetime]  # (opd_id, tahun, tw) → batas waktu
    paksa: bool = False
    sidik_umum: str = ""  # what every row depends on (rollup version, bands)
    sidik_skala: str = ""  # every scale (an OPD-level fingerprint covers them all)

    @classmethod
    def muat(cls, tahun: int | None, *, paksa: bool = False) -> Konteks:
        bands = skema_predikat_aktif()
        # Scales without levels are left out: capaian then says the scale is missing.
        tingkat: dict[int, tuple[str, list[tuple[str, int]]]] = {}
        for skala_id, nama, label, skor in TingkatKualitatif.objects.order_by(
            "skala_id", "-skor"
        ).values_list("skala_id", "skala__nama", "label", "skor"):
            tingkat.setdefault(skala_id, (nama, []))[1].append((label, skor))
        skala = {
            pk: EngineSkala(nama=nama, tingkat=tuple(daftar))
            for pk, (nama, daftar) in tingkat.items()
        }
        jadwal_qs = JadwalPelaporan.objects.all()
        if tahun is not None:
            jadwal_qs = jadwal_qs.filter(tahun=tahun)
        jadwal = {(j.tahun, j.triwulan): j.batas_waktu for j in jadwal_qs}
        perpanjangan: dict[tuple[int, int, int], datetime] = {}
        pp_qs = PerpanjanganJadwal.objects.select_related("jadwal").order_by("diberikan_pada", "id")
        if tahun is not None:
            pp_qs = pp_qs.filter(jadwal__tahun=tahun)
        for p in pp_qs:  # oldest first: the latest grant wins, as in jendela_opd
            perpanjangan[(p.opd_id, p.jadwal.tahun, p.jadwal.triwulan)] = p.batas_waktu
        if bands == DEFAULT_BANDS:
            # The engine validates custom bands on every call; the defaults it trusts.
            bands = DEFAULT_BANDS
        return cls(
            sekarang=timezone.now(),
            tahun=tahun,
            bands=bands,
            skala=skala,
            jadwal=jadwal,
            perpanjangan=perpanjangan,
            paksa=paksa,
            # Short: it is part of every row's fingerprint.
            sidik_umum=hashlib.md5(
                repr((VERSI_ROLLUP, bands)).encode(), usedforsecurity=False
            ).hexdigest(),
            sidik_skala=repr(sorted(skala.items())),
        )

    def sidik_opd(self, opd_id: int, sidik_data: str) -> str:
        """Fingerprint of everything an OPD's rollup depends on: its data (``sidik_data``,
        computed in SQL) and the public inputs as they apply to it, including which of its
        deadlines have passed (the late flags change when one does)."""
        batas = sorted((th, tw, self.lewat_batas(opd_id, th, tw)) for th, tw in self.jadwal)
        teks = repr((self.sidik_umum, self.sidik_skala, sidik_data, batas))
        return hashlib.md5(teks.encode(), usedforsecurity=False).hexdigest()

    def lewat_batas(self, opd_id: int, tahun: int, triwulan: int) -> bool:
        """Whether the OPD's effective deadline of the period has passed (no schedule: no)."""
        batas = self.perpanjangan.get((opd_id, tahun, triwulan)) or self.jadwal.get(
            (tahun, triwulan)
        )
        return batas is not None and self.sekarang > batas


# --- one OPD: snapshot rows -----------------------------------------------------------------


class _IkuTahun:
    """What ``capaian_iku`` reads from an IKU, for one year: polaritas, tipe, scale id and the
    targets of that year (``target_tahun``), so it runs on prefetched values without queries."""

    __slots__ = ("polaritas", "skala_id", "target_tahun", "tipe_perhitungan")

    def __init__(self, iku: IkuBaca, targets: list[TargetBaca], skala_ada: bool) -> None:
        self.polaritas = iku.polaritas
        self.tipe_perhitungan = iku.tipe_perhitungan
        # A missing scale (or one without labels) must read as "no scale", not be looked up.
        self.skala_id = iku.skala_id if skala_ada else None
        self.target_tahun = targets


def _sidik(*bagian: object) -> int:
    """Stable 64-bit fingerprint (Python's hash() of str changes between processes)."""
    digest = hashlib.blake2b(repr(bagian).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _q4(nilai: Decimal | None) -> Decimal | None:
    return None if nilai is None else nilai.quantize(_EMPAT_DESIMAL, rounding=ROUND_HALF_UP)


@dataclass
class HasilOpd:
    tulis: list[tuple[object, ...]] = field(default_factory=list)
    kunci: set[tuple[int, int, int, int]] = field(default_factory=set)
    ikd: set[int] = field(default_factory=set)  # IKD fed by the rows written


def _periode_opd(
    konteks: Konteks, realisasi: Sequence[RealisasiBaca]
) -> dict[int, tuple[int, ...]]:
    """Periods reported on for this OPD: every scheduled triwulan plus any triwulan it has a
    realisasi row for, grouped by year."""
    periode = set(konteks.jadwal) | {(r.tahun, r.triwulan) for r in realisasi}
    per_tahun: dict[int, set[int]] = defaultdict(set)
    for th, tw in periode:
        per_tahun[th].add(tw)
    return {th: tuple(sorted(tws)) for th, tws in per_tahun.items()}


def hitung_opd(
    opd: Opd,
    data: DataOpd,
    konteks: Konteks,
    sidik_lama: dict[tuple[int, int, int, int], int],
    k: int = 0,
) -> HasilOpd:
    """Snapshot rows of one OPD to write (new or changed inputs only, all with ``paksa``) and
    the keys of every row that should exist. ``k`` is the OPD's position in its group (the
    write joins each row with that schema's realisasi on it).

    Rows: for each period of the OPD (:func:`_periode_opd`), every active IKU whose Renstra
    covers the year, plus any IKU that has a realisasi in that year. No query."""
    hasil = HasilOpd()
    periode = _periode_opd(konteks, data.realisasi)
    # Realisasi by IKU-year, then triwulan.
    realisasi: dict[tuple[int, int], dict[int, RealisasiBaca]] = defaultdict(dict)
    tahun_realisasi: dict[int, set[int]] = defaultdict(set)
    for r in data.realisasi:
        realisasi[(r.iku_id, r.tahun)][r.triwulan] = r
        tahun_realisasi[r.iku_id].add(r.tahun)
    lewat = {
        th: tuple(konteks.lewat_batas(opd.pk, th, tw) for tw in tws) for th, tws in periode.items()
    }
    kosong: dict[int, RealisasiBaca] = {}
    paksa, tulis, kunci_semua = konteks.paksa, hasil.tulis, hasil.kunci

    for iku in data.iku:
        tahun_iku = tahun_realisasi.get(iku.id, set()) | {
            th for th in periode if iku.aktif and iku.tahun_awal <= th <= iku.tahun_akhir
        }
        skala = konteks.skala.get(iku.skala_id) if iku.skala_id else None
        for th in sorted(tahun_iku):
            tws = periode.get(th, ())
            targets = iku.target.get(th, [])
            baris = realisasi.get((iku.id, th), kosong)
            lewat_tw = lewat.get(th, ())
            sidik = _sidik(
                konteks.sidik_umum,
                iku.sidik,
                [t.sidik for t in targets],
                sorted((tw, r.id, r.sidik) for tw, r in baris.items()),
                tws,
                lewat_tw,
                None if skala is None else skala.tingkat,
            )
            keys = [(opd.pk, iku.id, th, tw) for tw in tws]
            kunci_semua.update(keys)
            if not paksa and all(sidik_lama.get(key) == sidik for key in keys):
                continue
            tulis.extend(
                _baris_iku(k, opd.pk, iku, th, tws, targets, baris, skala, lewat_tw, sidik, konteks)
            )
            if iku.ikd_id:
                hasil.ikd.add(iku.ikd_id)
    return hasil


def _nilai_realisasi(polaritas: str, r: RealisasiBaca) -> Decimal | str | None:
    if polaritas == Polaritas.KUALITATIF:
        return r.nilai_kualitatif.strip() or None
    return r.nilai


# The columns of a computed row (:func:`_baris_iku`), in order: the snapshot's columns except
# those the write copies from the realisasi row in SQL, plus the position of the OPD in its
# group (``k``) and whether the period's deadline has passed (``lewat``, for the late flag).
KOLOM_HITUNG: tuple[str, ...] = (
    "k",
    "opd_id",
    "iku_id",
    "realisasi_id",
    "tahun",
    "triwulan",
    "acuan",
    "target",
    "target_max",
    "target_kualitatif",
    "realisasi",
    "realisasi_sd",
    "realisasi_kualitatif",
    "capaian",
    "formula",
    "alasan",
    "kode_alasan",
    "predikat",
    "predikat_kode",
    "sidik",
    "lewat",
)
# Filled by SQL from the IKU row, the realisasi row (or the defaults of "belum diisi"), and
# the run time.
_KOLOM_SQL = (*KOLOM_IKU_SALIN, *KOLOM_REALISASI_SALIN, "jumlah_bukti", "diperbarui")
assert sorted(c for c in KOLOM_HITUNG if c not in ("k", "lewat")) == sorted(
    c for c in KOLOM_SNAPSHOT if c not in _KOLOM_SQL
), "KOLOM_HITUNG must cover every snapshot column not filled by SQL"


def _baris_iku(
    k: int,
    opd_id: int,
    iku: IkuBaca,
    tahun: int,
    tws: tuple[int, ...],
    targets: list[TargetBaca],
    baris: dict[int, RealisasiBaca],
    skala: EngineSkala | None,
    lewat: tuple[bool, ...],
    sidik: int,
    konteks: Konteks,
) -> list[tuple[object, ...]]:
    """The computed rows of one IKU-year (tuples in :data:`KOLOM_HITUNG` order): capaian s.d.
    each triwulan, the OPD grid's rule (``capaian_iku_sampai``: one engine pass per year).
    Decimals are written as computed; the snapshot columns round them to 4 places (half away
    from zero)."""
    proxy = cast(Iku, _IkuTahun(iku, targets, skala is not None))
    nilai = {tw: _nilai_realisasi(iku.polaritas, r) for tw, r in baris.items()}
    semua = capaian_iku_sampai(proxy, tahun, nilai, tws, skala=skala, bands=konteks.bands)
    rows = []
    for tw, h, lewat_tw in zip(tws, semua, lewat, strict=True):
        r = baris.get(tw)
        c = h.capaian
        p = h.predikat
        rows.append(
            (
                k,
                opd_id,
                iku.id,
                None if r is None else r.id,
                tahun,
                tw,
                h.acuan,
                h.target,
                h.target_max,
                h.target_kualitatif or "",
                None if r is None else r.nilai,
                None if h.realisasi is None else h.realisasi.nilai,
                "" if r is None else r.nilai_kualitatif,
                c.nilai,
                str(c.formula),
                c.alasan or "",
                str(c.kode_alasan or ""),
                "" if p is None else p.label,
                "" if p is None else p.kode,
                sidik,
                lewat_tw,
            )
        )
    return rows


# --- one group of OPDs: read, compute, write ------------------------------------------------


def _filter_tahun(tahun: int | None) -> Q:
    return Q(tahun=tahun) if tahun is not None else Q()


_SQL_RINGKASAN = """
WITH s AS (
    SELECT * FROM {snapshot} WHERE opd_id = ANY(%(opd)s) {tahun}
), p AS (
    SELECT opd_id, tahun, triwulan, predikat_kode, count(*) AS n
    FROM s WHERE predikat_kode <> '' GROUP BY 1, 2, 3, 4
), pj AS (
    SELECT opd_id, tahun, triwulan, jsonb_object_agg(predikat_kode, n ORDER BY predikat_kode) AS j
    FROM p GROUP BY 1, 2, 3
), a AS (
    SELECT opd_id, tahun, triwulan,
        count(*) AS jumlah_iku,
        count(*) FILTER (WHERE realisasi IS NOT NULL OR btrim(realisasi_kualitatif) <> '')
            AS jumlah_terisi,
        count(*) FILTER (WHERE (realisasi IS NOT NULL OR btrim(realisasi_kualitatif) <> '')
            AND jumlah_bukti > 0) AS jumlah_berbukti,
        count(*) FILTER (WHERE status IN ('diajukan', 'disetujui', 'diverifikasi'))
            AS jumlah_diajukan,
        count(*) FILTER (WHERE status = 'diverifikasi') AS jumlah_diverifikasi,
        count(*) FILTER (WHERE jumlah_dikembalikan > 0) AS jumlah_dikembalikan,
        count(*) FILTER (WHERE terlambat) AS jumlah_terlambat,
        count(capaian) AS jumlah_capaian,
        round(avg(capaian), 4) AS rata_rata_capaian
    FROM s GROUP BY 1, 2, 3
)
INSERT INTO {ringkasan} AS r (
    opd_id, tahun, triwulan, jumlah_iku, jumlah_terisi, jumlah_berbukti, jumlah_diajukan,
    jumlah_diverifikasi, jumlah_dikembalikan, jumlah_terlambat, jumlah_capaian,
    rata_rata_capaian, predikat, kelengkapan_persen, terverifikasi_persen, diperbarui
)
SELECT a.opd_id, a.tahun, a.triwulan, a.jumlah_iku, a.jumlah_terisi, a.jumlah_berbukti,
    a.jumlah_diajukan, a.jumlah_diverifikasi, a.jumlah_dikembalikan, a.jumlah_terlambat,
    a.jumlah_capaian, a.rata_rata_capaian, COALESCE(pj.j, '{{}}'::jsonb),
    round(100.0 * a.jumlah_terisi / a.jumlah_iku, 2),
    round(100.0 * a.jumlah_diverifikasi / a.jumlah_iku, 2),
    %(sekarang)s
FROM a LEFT JOIN pj USING (opd_id, tahun, triwulan)
ON CONFLICT (opd_id, tahun, triwulan) DO UPDATE SET
    jumlah_iku = EXCLUDED.jumlah_iku, jumlah_terisi = EXCLUDED.jumlah_terisi,
    jumlah_berbukti = EXCLUDED.jumlah_berbukti, jumlah_diajukan = EXCLUDED.jumlah_diajukan,
    jumlah_diverifikasi = EXCLUDED.jumlah_diverifikasi,
    jumlah_dikembalikan = EXCLUDED.jumlah_dikembalikan,
    jumlah_terlambat = EXCLUDED.jumlah_terlambat, jumlah_capaian = EXCLUDED.jumlah_capaian,
    rata_rata_capaian = EXCLUDED.rata_rata_capaian, predikat = EXCLUDED.predikat,
    kelengkapan_persen = EXCLUDED.kelengkapan_persen,
    terverifikasi_persen = EXCLUDED.terverifikasi_persen, diperbarui = EXCLUDED.diperbarui
WHERE (r.jumlah_iku, r.jumlah_terisi, r.jumlah_berbukti, r.jumlah_diajukan,
       r.jumlah_diverifikasi, r.jumlah_dikembalikan, r.jumlah_terlambat, r.jumlah_capaian,
       r.rata_rata_capaian, r.predikat, r.kelengkapan_persen, r.terverifikasi_persen)
    IS DISTINCT FROM
      (EXCLUDED.jumlah_iku, EXCLUDED.jumlah_terisi, EXCLUDED.jumlah_berbukti,
       EXCLUDED.jumlah_diajukan, EXCLUDED.jumlah_diverifikasi, EXCLUDED.jumlah_dikembalikan,
       EXCLUDED.jumlah_terlambat, EXCLUDED.jumlah_capaian, EXCLUDED.rata_rata_capaian,
       EXCLUDED.predikat, EXCLUDED.kelengkapan_persen, EXCLUDED.terverifikasi_persen)
"""

_SQL_RINGKASAN_BASI = """
DELETE FROM {ringkasan} r WHERE r.opd_id = ANY(%(opd)s) {tahun}
AND NOT EXISTS (SELECT 1 FROM {snapshot} s WHERE s.opd_id = r.opd_id AND s.tahun = r.tahun
                AND s.triwulan = r.triwulan)
"""


def _ringkasan_perbarui(opd_ids: list[int], konteks: Konteks) -> int:
    """Recompute the summaries of these OPDs from their snapshot rows (one upsert that only
    touches rows whose numbers changed, one delete of periods without snapshots)."""
    tabel = {
        "snapshot": SnapshotIku._meta.db_table,
        "ringkasan": RingkasanOpd._meta.db_table,
    }
    params: dict[str, Any] = {"opd": opd_ids, "sekarang": konteks.sekarang}
    if konteks.tahun is not None:
        params["th"] = konteks.tahun
    with connection.cursor() as cursor:
        cursor.execute(
            _SQL_RINGKASAN.format(
                tahun="AND tahun = %(th)s" if konteks.tahun is not None else "", **tabel
            ),
            params,
        )
        n = max(cursor.rowcount, 0)
        cursor.execute(
            _SQL_RINGKASAN_BASI.format(
                tahun="AND r.tahun = %(th)s" if konteks.tahun is not None else "", **tabel
            ),
            {k: v for k, v in params.items() if k != "sekarang"},
        )
        return n + max(cursor.rowcount, 0)


_SQL_TULIS = """
INSERT INTO {tabel} AS s ({kolom})
SELECT {hitung}, {iku}, COALESCE(r.status, '{belum}'), COALESCE(r.revisi, 0),
    r.diajukan_pertama_pada, r.diajukan_pada, r.disetujui_pada, r.diverifikasi_pada,
    -- Late: submitted late (the workflow's flag), or never submitted and the OPD's effective
    -- deadline has passed.
    COALESCE(r.terlambat, false) OR (r.diajukan_pertama_pada IS NULL AND h.lewat),
    COALESCE(r.jumlah_dikembalikan, 0), COALESCE(r.n, 0), %s
FROM _rollup_hitung h
JOIN ({iku_salin}) i ON i.k = h.k AND i.id = h.iku_id
LEFT JOIN ({realisasi}) r ON r.k = h.k AND r.id = h.realisasi_id
{konflik}
"""


def _tulis_snapshot(
    rows: list[tuple[object, ...]], schemas: Sequence[str], konteks: Konteks, baru: bool = False
) -> None:
    """Upsert snapshot rows: COPY the computed rows (:data:`KOLOM_HITUNG`) into a temporary
    table, then one INSERT … SELECT … ON CONFLICT DO UPDATE that joins them with the group's
    realisasi rows (``schemas``, in group order) for the workflow columns and evidence counts:
    those are copied by PostgreSQL and never converted to and from Python objects. Django's
    ``bulk_create(update_conflicts=True)`` spends ~0.3 ms per row preparing values."""
    hitung = [c for c in KOLOM_HITUNG if c not in ("k", "lewat")]
    kolom = ", ".join(hitung + list(_KOLOM_SQL))
    ubah = ", ".join(
        f"{c} = EXCLUDED.{c}" for c in (*hitung, *_KOLOM_SQL) if c not in _KUNCI_SNAPSHOT
    )
    # No existing row of these OPDs (their locks are held): a plain INSERT, cheaper than the
    # speculative insertion of ON CONFLICT. A conflict anyway fails the group, which is then
    # retried OPD by OPD with the upsert.
    konflik = "" if baru else f"ON CONFLICT ({', '.join(_KUNCI_SNAPSHOT)}) DO UPDATE SET {ubah}"
    tabel = SnapshotIku._meta.db_table
    realisasi, params = sql_realisasi_salin(schemas, konteks.tahun)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS _rollup_hitung AS SELECT 0 AS k, "
            f"{', '.join(hitung)}, false AS lewat FROM {tabel} WITH NO DATA"
        )
        with cursor.copy(f"COPY _rollup_hitung ({', '.join(KOLOM_HITUNG)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            _SQL_TULIS.format(
                tabel=tabel,
                kolom=kolom,
                hitung=", ".join(f"h.{c}" for c in hitung),
                iku=", ".join(f"i.{c}" for c in KOLOM_IKU_SALIN),
                iku_salin=sql_iku_salin(schemas),
                belum=StatusSnapshot.BELUM_DIISI.value,
                realisasi=realisasi,
                konflik=konflik,
            ),
            [konteks.sekarang, *params],
        )
        cursor.execute("TRUNCATE _rollup_hitung")


def cek_sidik(opds: Sequence[Opd], konteks: Konteks) -> tuple[list[Opd], dict[int, str]]:
    """The OPDs whose inputs changed since their last rollup (all with ``paksa``) and the new
    fingerprint of each OPD; one query (:func:`~kinerja.rollup.baca.sidik_skema`).

    The fingerprint must be taken BEFORE the OPD's data is read: a change that lands in between
    then only causes one extra recompute next time, never a missed one."""
    sidik = sidik_skema([o.schema_name for o in opds], [o.pk for o in opds], konteks.tahun)
    baru = {o.pk: konteks.sidik_opd(o.pk, d) for o, (d, _) in zip(opds, sidik, strict=True)}
    tersimpan = {o.pk: lama for o, (_, lama) in zip(opds, sidik, strict=True)}
    berubah = [o for o in opds if konteks.paksa or tersimpan[o.pk] != baru[o.pk]]
    return berubah, baru


@dataclass
class BacaanKelompok:
    """What a group's changed OPDs look like before computing: their data and the keys,
    ids and fingerprints of their existing snapshot rows."""

    opds: list[Opd]
    data: list[DataOpd]
    lama: dict[tuple[int, int, int, int], tuple[int, int]]  # key → (pk, sidik)
    ikd: set[int]  # IKD fed by their existing snapshots


@dataclass
class HitunganKelompok:
    """What to write for a group: computed rows, stale snapshot ids, IKD touched."""

    opds: list[Opd]
    tulis: list[tuple[object, ...]]
    basi: list[int]
    ikd: set[int]
    baru: bool = False  # the OPDs had no snapshot rows in scope: plain INSERT, no conflict


def baca_kelompok(opds: Sequence[Opd], konteks: Konteks) -> BacaanKelompok:
    """Read changed OPDs (three queries for the group) and their existing snapshot keys (one)."""
    berubah = list(opds)
    data = baca_skema([o.schema_name for o in berubah], konteks.tahun)
    lama: dict[tuple[int, int, int, int], tuple[int, int]] = {}
    ikd: set[int] = set()
    for pk, opd_id, iku_id, th, tw, sidik, ikd_id in SnapshotIku.objects.filter(
        _filter_tahun(konteks.tahun), opd_id__in=[o.pk for o in berubah]
    ).values_list("pk", "opd_id", "iku_id", "tahun", "triwulan", "sidik", "ikd_id"):
        lama[(opd_id, iku_id, th, tw)] = (pk, sidik)
        if ikd_id:
            ikd.add(ikd_id)
    return BacaanKelompok(berubah, data, lama, ikd)


def hitung_kelompok(bacaan: BacaanKelompok, konteks: Konteks) -> HitunganKelompok:
    """Compute a group's rows (no query): changed IKU-years only, unless ``paksa``."""
    sidik_lama = {k: v[1] for k, v in bacaan.lama.items()}
    tulis: list[tuple[object, ...]] = []
    tetap: set[tuple[int, int, int, int]] = set()
    ikd = set(bacaan.ikd)
    for k, (opd, d) in enumerate(zip(bacaan.opds, bacaan.data, strict=True)):
        h = hitung_opd(opd, d, konteks, sidik_lama, k)
        tulis.extend(h.tulis)
        tetap |= h.kunci
        ikd |= h.ikd
    basi = [pk for k, (pk, _) in bacaan.lama.items() if k not in tetap]
    return HitunganKelompok(bacaan.opds, tulis, basi, ikd, baru=not bacaan.lama)


def tulis_kelompok(hitungan: HitunganKelompok, konteks: Konteks, sidik_baru: dict[int, str]) -> int:
    """Write a group in one transaction: upsert its rows, delete stale ones, refresh its
    summaries, store its OPD fingerprints. Returns the number of rows written."""
    ids = [o.pk for o in hitungan.opds]
    with transaction.atomic():
        if hitungan.tulis:
            _tulis_snapshot(
                hitungan.tulis, [o.schema_name for o in hitungan.opds], konteks, hitungan.baru
            )
        if hitungan.basi:
            SnapshotIku.objects.filter(pk__in=hitungan.basi).delete()
        ditulis = len(hitungan.tulis) + len(hitungan.basi)
        if ditulis or konteks.paksa:
            ditulis += _ringkasan_perbarui(ids, konteks)
        SidikOpd.objects.bulk_create(
            [
                SidikOpd(
                    opd_id=pk,
                    tahun=konteks.tahun or 0,
                    sidik=sidik_baru[pk],
                    diperbarui=konteks.sekarang,
                )
                for pk in ids
            ],
            update_conflicts=True,
            unique_fields=["opd", "tahun"],
            update_fields=["sidik", "diperbarui"],
        )
    return ditulis


def proses_kelompok(
    opds: Sequence[Opd], konteks: Konteks, sidik_baru: dict[int, str] | None = None
) -> tuple[int, set[int]]:
    """Roll up a group of OPDs in one transaction; the number of rows written and the ids of
    the IKD whose source snapshots may have changed. Raises when anything in the group fails
    (the caller then retries OPD by OPD).

    Without ``sidik_baru`` the group is first fingerprinted (:func:`cek_sidik`) and only the
    changed OPDs go on; with it, ``opds`` are the changed ones, fingerprinted by the caller.
    They are read (:func:`baca_kelompok`), computed (:func:`hitung_kelompok`) and written
    with their fingerprints (:func:`tulis_kelompok`). The pipelined full run
    (:mod:`kinerja.rollup.pipa`) runs the same three steps in three threads."""
    with transaction.atomic():
        if sidik_baru is None:
            berubah, sidik_baru = cek_sidik(opds, konteks)
        else:
            berubah = list(opds)
        if not berubah:
            return 0, set()
        hitungan = hitung_kelompok(baca_kelompok(berubah, konteks), konteks)
        return tulis_kelompok(hitungan, konteks, sidik_baru), hitungan.ikd


# --- IKD fed by linked IKU ------------------------------------------------------------------


@dataclass
class _SumberIku:
    opd_id: int
    singkatan: str
    kode: str
    polaritas: str
    tipe: str
    terverifikasi: dict[int, tuple[Decimal | None, str]] = field(default_factory=dict)
    status: dict[int, str | None] = field(default_factory=dict)  # None: never reported


def _nilai_ikd(ikd: IndikatorDaerah, sumber: _SumberIku) -> tuple[Decimal | None, str, str] | None:
    """Yearly value of an IKD from one IKU: (nilai, nilai_kualitatif, catatan), or None.

    Only VERIFIED quarters count, in the run from TW1 up to the first quarter that was
    reported but is not verified (:func:`kinerja.engine.terverifikasi.triwulan_terverifikasi`,
    a quarter never reported is skipped, as the engine's yearly aggregation skips it and as the
    public pages do: an indicator measured once a year, reported in TW4 only, still feeds its
    IKD). A later verified quarter waits for an earlier unverified one, because a kumulatif sum
    with a hole, or a "latest" value that skips an unverified quarter, would misstate the
    year. The value is the IKU's yearly aggregate over those quarters per its tipe
    perhitungan (kumulatif: sum, posisi akhir: the last, rata-rata: mean), or the label of
    the last one for a kualitatif IKD; the catatan names the quarters and says "s.d. TWk" when
    k < 4. No quarter: None (an earlier rollup value of that year is removed)."""
    urut = list(triwulan_terverifikasi(sumber.status, lewati_kosong=True))
    if not urut:
        return None
    k = urut[-1]
    if urut == list(range(1, k + 1)):
        daftar = "TW1" if k == 1 else f"TW1–TW{k}"
    else:
        daftar = ", ".join(f"TW{q}" for q in urut)
    asal = f"Rollup IKU {sumber.kode} ({sumber.singkatan}), triwulan terverifikasi {daftar}"
    if k < 4:
        asal += f"; nilai s.d. TW{k}"
    if ikd.polaritas == Polaritas.KUALITATIF:
        label = sumber.terverifikasi[k][1].strip()
        return (None, label, asal) if label else None
    if sumber.polaritas == Polaritas.KUALITATIF:
        return None
    angka = {tw: sumber.terverifikasi[tw][0] for tw in urut}
    tahunan = nilai_tahunan(sumber.tipe, angka)
    if tahunan.nilai is None:
        return None
    return (_q4(tahunan.nilai), "", f"{asal}: {tahunan.formula}")


def ikd_perbarui(
    tahun: int | None = None, ikd_ids: Iterable[int] | None = None
) -> tuple[int, list[str]]:
    """Write the RealisasiDaerah (sumber *rollup*) of every IndikatorDaerah whose realisasi
    comes from linked IKU, from the snapshot table; (rows written, notes).

    The source of an (IKD, tahun) is the IKU linked to it (``Iku.ikd``) that has snapshots in
    that year; with an OPD penanggung jawab, only that OPD's IKU. Several sources: nothing is
    written and a note says so (the values of two OPDs cannot be added up blindly). Rows typed
    by Bappeda (sumber *bappeda*) are never overwritten; rollup rows without a source any more
    are deleted. ``ikd_ids`` limits the work to those IKD (an incremental run passes the IKD
    its OPD's changed snapshots feed). Five queries."""
    qs = IndikatorDaerah.objects.filter(sumber_nilai=IndikatorDaerah.SumberNilai.IKU)
    if ikd_ids is not None:
        qs = qs.filter(pk__in=list(ikd_ids))
    ikds = {i.pk: i for i in qs.select_related("periode")}
    if not ikds:
        return 0, []
    f_tahun = _filter_tahun(tahun)
    sumber: dict[tuple[int, int], dict[tuple[int, int], _SumberIku]] = defaultdict(dict)
    rows = (
        SnapshotIku.objects.filter(f_tahun, ikd_id__in=list(ikds))
        .values_list(
            "ikd_id",
            "tahun",
            "triwulan",
            "opd_id",
            "opd__singkatan",
            "iku_id",
            "kode",
            "polaritas",
            "tipe_perhitungan",
            "status",
            "realisasi",
            "realisasi_kualitatif",
        )
        .order_by()
    )
    for ikd_id, th, tw, opd_id, singkatan, iku_id, kode, pol, tipe, status, nilai, label in rows:
        s = sumber[(ikd_id, th)].setdefault(
            (opd_id, iku_id), _SumberIku(opd_id, singkatan, kode, pol, tipe)
        )
        s.status[tw] = None if status == StatusSnapshot.BELUM_DIISI else status
        if status == StatusSnapshot.DIVERIFIKASI:
            s.terverifikasi[tw] = (nilai, label or "")

    catatan: list[str] = []
    ingin: dict[tuple[int, int], tuple[Decimal | None, str, str]] = {}
    for (ikd_id, th), calon in sorted(sumber.items()):
        ikd = ikds[ikd_id]
        if not ikd.periode.tahun_awal <= th <= ikd.periode.tahun_akhir:
            continue
        pilihan = list(calon.values())
        if ikd.opd_penanggung_jawab_id:
            milik = [s for s in pilihan if s.opd_id == ikd.opd_penanggung_jawab_id]
            pilihan = milik or pilihan
        if len(pilihan) > 1:
            daftar = ", ".join(sorted(f"{s.kode} ({s.singkatan})" for s in pilihan))
            catatan.append(
                f"IKD {ikd.kode} {th}: terhubung ke {len(pilihan)} IKU ({daftar}); nilai tidak "
                "ditulis. Tetapkan satu OPD penanggung jawab atau satu IKU."
            )
            continue
        nilai = _nilai_ikd(ikd, pilihan[0])
        if nilai is not None:
            ingin[(ikd_id, th)] = nilai

    ada = {
        (r.indikator_id, r.tahun): r
        for r in RealisasiDaerah.objects.filter(f_tahun, indikator_id__in=list(ikds))
    }
    tulis = []
    for (ikd_id, th), (nilai, label, teks) in ingin.items():
        lama = ada.get((ikd_id, th))
        if lama is not None and lama.sumber == RealisasiDaerah.Sumber.BAPPEDA:
            catatan.append(
                f"IKD {ikds[ikd_id].kode} {th}: realisasi diisi Bappeda; nilai rollup tidak "
                "menimpanya."
            )
            continue
        if lama is not None and (lama.nilai, lama.nilai_kualitatif, lama.catatan) == (
            nilai,
            label,
            teks,
        ):
            continue
        tulis.append(
            RealisasiDaerah(
                indikator_id=ikd_id,
                tahun=th,
                nilai=nilai,
                nilai_kualitatif=label,
                catatan=teks,
                sumber=RealisasiDaerah.Sumber.ROLLUP,
            )
        )
    basi = [
        r.pk
        for key, r in ada.items()
        if r.sumber == RealisasiDaerah.Sumber.ROLLUP and key not in ingin
    ]
    if not tulis and not basi:
        return 0, catatan
    with transaction.atomic():
        if tulis:
            RealisasiDaerah.objects.bulk_create(
                tulis,
                update_conflicts=True,
                unique_fields=["indikator", "tahun"],
                update_fields=["nilai", "nilai_kualitatif", "catatan", "sumber", "diperbarui"],
            )
        if basi:
            RealisasiDaerah.objects.filter(pk__in=basi).delete()
    return len(tulis) + len(basi), catatan


# --- the run --------------------------------------------------------------------------------


def _pesan(exc: BaseException) -> str:
    teks = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {teks[0] if teks else ''}"[:500]


def _kelompok(items: Sequence[Opd], n: int) -> Iterable[list[Opd]]:
    for i in range(0, len(items), n):
        yield list(items[i : i + n])


def _selesai(run: RollupRun, mulai: float, catatan: list[str]) -> RollupRun:
    run.selesai = timezone.now()
    run.durasi_ms = round((time.perf_counter() - mulai) * 1000)
    teks = "\n".join(catatan)
    run.catatan = teks if len(teks) <= MAKS_CATATAN else teks[: MAKS_CATATAN - 1] + "…"
    run.save()
    return run


@contextmanager
def _tanpa_gc_siklik() -> Iterator[None]:
    """Python's cycle collector paused for the run. A full run allocates a few million small
    objects (rows, Decimals, engine results) that reference counting frees and that hold no
    cycles, but each allocation burst makes the collector walk every object of the process
    again: measured 1.3 s of a 7 s run at 500 OPD. Restored (and run once) afterwards."""
    aktif = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if aktif:
            gc.enable()
            gc.collect(1)


def rollup_jalankan(
    schema: str | None = None,
    tahun: int | None = None,
    pemicu: str = RollupRun.Pemicu.COMMAND,
    progress: Progress | None = None,
    *,
    tunggu: float = 0,
    paksa: bool = False,
) -> RollupRun:
    """Roll up every active OPD (``schema`` None) or one OPD (even an inactive one) into the
    public schema; only ``tahun`` when given. Returns the recorded :class:`RollupRun`.

    ``tunggu``: seconds to wait for the scope's lock before giving up (the run is then
    recorded with status *dilewati* and a note); 0 skips at once. ``paksa`` recomputes and
    rewrites every row even when its inputs did not change. ``progress(selesai, total)`` is
    called after each group of OPDs (the command's progress bar)."""
    with schema_context(get_public_schema_name()), _tanpa_gc_siklik():
        run = _jalankan(schema, tahun, pemicu, progress, tunggu, paksa)
        if run.baris_ditulis and run.status in (
            RollupRun.Status.BERHASIL,
            RollupRun.Status.SEBAGIAN,
        ):
            for receiver, hasil in rollup_selesai.send_robust(
                sender=RollupRun, run=run, schema=schema, tahun=tahun
            ):
                if isinstance(hasil, Exception):
                    logger.error("Penerima rollup_selesai %r gagal", receiver, exc_info=hasil)
        return run


def _jalankan(
    schema: str | None,
    tahun: int | None,
    pemicu: str,
    progress: Progress | None,
    tunggu: float,
    paksa: bool,
) -> RollupRun:
    mulai = time.perf_counter()
    cakupan = RollupRun.SEMUA if schema is None else schema
    lingkup = kunci.CAKUPAN_SEMUA if schema is None else kunci.cakupan_opd(schema)
    ttl = kunci.TTL_SEMUA_DETIK if schema is None else kunci.TTL_OPD_DETIK
    run = RollupRun(cakupan=cakupan, tahun=tahun, pemicu=pemicu)
    lock = kunci.ambil(lingkup, ttl=ttl, tunggu=tunggu)
    if lock is None:
        run.status = RollupRun.Status.DILEWATI
        tunggu_teks = f" (setelah menunggu {tunggu:g} detik)" if tunggu else ""
        return _selesai(
            run,
            mulai,
            [f"dilewati: rollup lain untuk cakupan yang sama sedang berjalan{tunggu_teks}"],
        )
    try:
        if schema is None:
            run.save()  # a full run is visible on the operations page while it runs
            _isi_run(run, schema, tahun, progress, paksa, lock)
            return _selesai(run, mulai, run.catatan.splitlines())
        # One OPD (the incremental path): everything, the run record included, in one
        # transaction: one commit, and the lock is released only after it.
        with transaction.atomic():
            # Inserted first and completed at the end, as a full run is (receivers of the
            # run's post_save see the finished run as an update either way).
            run.save()
            _isi_run(run, schema, tahun, progress, paksa, lock)
            return _selesai(run, mulai, run.catatan.splitlines())
    finally:
        kunci.lepas(lock)


def _isi_run(
    run: RollupRun,
    schema: str | None,
    tahun: int | None,
    progress: Progress | None,
    paksa: bool,
    lock: Any,
) -> None:
    """The body of a run: fills ``run`` (counts, errors, notes, status). Inside a transaction
    (one OPD) each step is a savepoint, so a failed step never poisons the run record."""
    catatan: list[str] = []
    try:
        with transaction.atomic():
            if schema is None:
                opds = list(
                    Opd.objects.filter(aktif=True)
                    .exclude(schema_name=get_public_schema_name())
                    .order_by("schema_name")
                )
            else:
                opds = list(Opd.objects.filter(schema_name=schema))
                if not opds:
                    raise RollupGagal(f"Perangkat Daerah dengan skema '{schema}' tidak ditemukan.")
            run.opd_total = len(opds)
            konteks = Konteks.muat(tahun, paksa=paksa)
        ikd: set[int] = set()
        _semua_kelompok(run, opds, konteks, schema is None, lock, progress, catatan, ikd)
        if schema is None:
            run.baris_ditulis += _hapus_yatim()
        try:
            # A full run revisits every IKD (their settings may have changed too); one OPD
            # only those its changed snapshots feed, if any.
            if schema is None or ikd:
                with transaction.atomic():
                    n, pesan = ikd_perbarui(tahun, None if schema is None else ikd)
                run.baris_ditulis += n
                catatan += pesan
        except Exception as exc:
            logger.exception("Rollup IKD gagal")
            run.galat.append({"schema": get_public_schema_name(), "pesan": _pesan(exc)})
    except Exception as exc:
        logger.exception("Rollup %s gagal", run.cakupan)
        run.galat.append({"schema": schema or "", "pesan": _pesan(exc)})
        run.status = RollupRun.Status.GAGAL
    if run.status != RollupRun.Status.GAGAL:
        if not run.galat:
            run.status = RollupRun.Status.BERHASIL
        elif run.opd_diproses == 0 and run.opd_total > 0:
            run.status = RollupRun.Status.GAGAL
        else:
            run.status = RollupRun.Status.SEBAGIAN
    run.catatan = "\n".join(catatan)


def _semua_kelompok(
    run: RollupRun,
    opds: list[Opd],
    konteks: Konteks,
    penuh: bool,
    lock: Any,
    progress: Progress | None,
    catatan: list[str],
    ikd: set[int],
) -> None:
    selesai = 0
    if progress:
        progress(0, len(opds))
    kelompok_semua = list(_kelompok(opds, UKURAN_KELOMPOK))
    if penuh and pakai_pipa(len(kelompok_semua)):
        from kinerja.rollup.pipa import jalankan_pipa

        hasil = jalankan_pipa(kelompok_semua, konteks, lock, progress, len(opds))
        run.opd_diproses += hasil.opd_diproses
        run.baris_ditulis += hasil.baris_ditulis
        ikd |= hasil.ikd
        catatan += hasil.catatan
        # Groups the pipeline could not finish go through the careful path below.
        kelompok_semua = hasil.ulang
        selesai = len(opds) - sum(len(k) for k in kelompok_semua)
    for kelompok in kelompok_semua:
        _satu_kelompok(run, kelompok, konteks, penuh, catatan, ikd)
        kunci.perpanjang(lock)
        selesai += len(kelompok)
        if progress:
            progress(selesai, len(opds))


def _hapus_yatim() -> int:
    """Delete snapshot rows of OPDs that no longer exist (the table has no database foreign
    key, see :class:`SnapshotIku`); one statement, run by every full run."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {SnapshotIku._meta.db_table} s WHERE NOT EXISTS "
            f"(SELECT 1 FROM {Opd._meta.db_table} o WHERE o.id = s.opd_id)"
        )
        return max(cursor.rowcount, 0)


def pakai_pipa(jumlah_kelompok: int) -> bool:
    """Whether a full run uses the pipelined path: several groups, the setting on, and no
    transaction open on this connection (the pipeline's threads have their own connections,
    which would not see uncommitted rows, and their writes would not roll back with it)."""
    return (
        jumlah_kelompok > 1
        and getattr(settings, "KINERJA_ROLLUP_PIPA", True)
        and not connection.in_atomic_block
    )


def ambil_kunci_opd(opds: Sequence[Opd], catatan: list[str]) -> tuple[list[Opd], list[Any]]:
    """Take each OPD's lock (waiting a little for its incremental run to finish); the OPDs
    whose lock was taken, and the locks. A skipped OPD gets a note."""
    siap, kunci_opd = [], []
    for opd in opds:
        lk = kunci.ambil(
            kunci.cakupan_opd(opd.schema_name),
            ttl=kunci.TTL_OPD_DETIK,
            tunggu=TUNGGU_KUNCI_OPD_DETIK,
        )
        if lk is None:
            catatan.append(f"{opd.schema_name}: dilewati, rollup OPD ini sedang berjalan.")
        else:
            kunci_opd.append(lk)
            siap.append(opd)
    return siap, kunci_opd


def _satu_kelompok(
    run: RollupRun,
    kelompok: list[Opd],
    konteks: Konteks,
    penuh: bool,
    catatan: list[str],
    ikd: set[int],
) -> None:
    """One group, sequentially, in this thread's connection."""
    kunci_opd: list[Any] = []
    siap, sidik_baru = kelompok, None
    if penuh:
        # Unchanged OPDs are done after one query for the whole group; a failure here
        # (a broken schema) leaves it to each OPD below, so the others still go on.
        try:
            with transaction.atomic():  # a failed query must not poison a caller's one
                siap, sidik_baru = cek_sidik(kelompok, konteks)
            run.opd_diproses += len(kelompok) - len(siap)
        except Exception:
            logger.warning("Sidik kelompok gagal; diperiksa per OPD", exc_info=True)
        # Hold each changed OPD's lock while reading and writing it, so an incremental
        # run of that OPD never interleaves with this one.
        siap, kunci_opd = ambil_kunci_opd(siap, catatan)
    try:
        _proses_dengan_cadangan(run, siap, konteks, ikd, sidik_baru)
    finally:
        for lk in kunci_opd:
            kunci.lepas(lk)


def _proses_dengan_cadangan(
    run: RollupRun,
    opds: list[Opd],
    konteks: Konteks,
    ikd: set[int],
    sidik_baru: dict[int, str] | None,
) -> None:
    """One group at once; when that fails, each OPD alone (fingerprinting itself again),
    recording those that still fail."""
    if not opds:
        return
    if len(opds) > 1 or sidik_baru is not None:
        try:
            n, ikd_kelompok = proses_kelompok(opds, konteks, sidik_baru)
            run.baris_ditulis += n
            run.opd_diproses += len(opds)
            ikd |= ikd_kelompok
            return
        except Exception as exc:
            if len(opds) == 1:
                logger.exception("Rollup OPD %s gagal", opds[0].schema_name)
                run.galat.append({"schema": opds[0].schema_name, "pesan": _pesan(exc)})
                return
            logger.warning("Rollup kelompok gagal; diulang per OPD", exc_info=True)
    for opd in opds:
        try:
            n, ikd_kelompok = proses_kelompok([opd], konteks)
            run.baris_ditulis += n
            run.opd_diproses += 1
            ikd |= ikd_kelompok
        except Exception as exc:
            logger.exception("Rollup OPD %s gagal", opd.schema_name)
            run.galat.append({"schema": opd.schema_name, "pesan": _pesan(exc)})


def ringkas(run: RollupRun) -> dict[str, Any]:
    """A run as plain values (task results, logs)."""
    return {
        "id": run.pk,
        "cakupan": run.cakupan,
        "status": run.status,
        "opd_total": run.opd_total,
        "opd_diproses": run.opd_diproses,
        "baris_ditulis": run.baris_ditulis,
        "durasi_ms": run.durasi_ms,
        "galat": run.galat,
    }


def antre_rollup_opd(schema: str) -> None:
    """Queue the rollup of one OPD (after a commit), unless one is already queued and not yet
    started (a burst of changes, e.g. "verifikasi semua" or the demo seeding, queues one run).
    Never raises: a broker outage must not turn a committed verification into an error page;
    the periodic run catches up."""
    from kinerja.rollup.tasks import rollup_opd

    if not kunci.tandai_antre(schema):
        return  # a run of this OPD is already queued and will read this change
    try:
        # The task must run in the public schema whatever schema this connection is on
        # (tenant-schemas-celery would otherwise send the current one in the headers).
        rollup_opd.apply_async(args=[schema], headers={"_schema_name": get_public_schema_name()})
    except Exception:
        kunci.hapus_antre(schema)
        logger.exception("Rollup OPD %s tidak dapat diantrekan", schema)


def tunggu_kunci_event() -> float:
    """Seconds an event-triggered run of one OPD waits for that OPD's lock."""
    return float(getattr(settings, "KINERJA_ROLLUP_TUNGGU_DETIK", 30))
