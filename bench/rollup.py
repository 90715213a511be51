"""Rollup benchmark: N synthetic OPDs (schemas cloned from the base) with M IKU each and four
triwulan of realisasi, then, in one run: a naive ORM loop (queries per IKU), the real rollup
(``kinerja.rollup.services.rollup_jalankan``), and one hand-written SQL aggregation over all
schemas (UNION ALL), the floor. Prints wall times, real/floor, peak memory and the one-OPD
incremental rollup.

    make bench-rollup BENCH_ARGS="--opd 50 --iku 50"
    python bench/rollup.py --opd 500 --iku 50      # services already running
    python bench/rollup.py --bersihkan             # drop the benchmark database

Goal (issue #6): real rollup within 1.5× of the floor at N = 500, M = 50; peak memory < 300 MB;
one-OPD incremental rollup < 100 ms.

Everything happens in a separate database, ``kinerja_bench_rollup`` (same server as
DATABASE_URL or the embedded one; the dev database ``kinerja`` is never touched), and Redis
database 30. The database and its ``bench_0001``… schemas are KEPT between runs (provisioning
500 OPDs takes minutes); a run only adds the missing OPDs and rebuilds an OPD whose IKU count
differs. The measurements run in a fresh child process, so the peak memory is the rollup's,
not the provisioning's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_NAME = "kinerja_bench_rollup"
REDIS_DB = 30
TAHUN = 2025


def _urls() -> tuple[str, str]:
    port = os.environ.get("KINERJA_PG_PORT", "54329")
    base = os.environ.get("DATABASE_URL", f"postgres://postgres@127.0.0.1:{port}/kinerja")
    parts = urlsplit(base)
    bench = urlunsplit(parts._replace(path=f"/{DB_NAME}"))
    admin = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    return bench, admin


def _redis_url() -> str:
    port = os.environ.get("KINERJA_REDIS_PORT", "63790")
    base = os.environ.get("REDIS_URL", f"redis://127.0.0.1:{port}/0")
    return urlunsplit(urlsplit(base)._replace(path=f"/{REDIS_DB}"))


def _django(bench_url: str) -> None:
    os.environ["DATABASE_URL"] = bench_url
    os.environ["REDIS_URL"] = _redis_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["LOG_LEVEL"] = "ERROR"
    os.environ["DJANGO_DEBUG"] = "False"  # no query log, no debug cursor overhead
    import django

    django.setup()


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --- set-up (parent process) ----------------------------------------------------------------


def _database_ensure(admin_url: str) -> bool:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        ada = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not ada:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return not ada


def _public_ensure() -> dict[str, int]:
    """RPJMD sasaran, the 2025 schedule (all deadlines passed) and 10 IKD fed by IKU."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from kinerja.daerah.models import (
        IndikatorDaerah,
        JadwalPelaporan,
        MisiRpjmd,
        PeriodeRpjmd,
        SasaranRpjmd,
        TujuanRpjmd,
    )

    wita = ZoneInfo("Asia/Makassar")
    periode, _ = PeriodeRpjmd.objects.get_or_create(
        tahun_awal=2025, tahun_akhir=2029, defaults={"nama": "RPJMD Bench 2025–2029"}
    )
    misi, _ = MisiRpjmd.objects.get_or_create(periode=periode, nomor=1, defaults={"uraian": "M"})
    tujuan, _ = TujuanRpjmd.objects.get_or_create(misi=misi, kode="T1", defaults={"uraian": "T"})
    sasaran, _ = SasaranRpjmd.objects.get_or_create(
        tujuan=tujuan, kode="1.1", defaults={"uraian": "S"}
    )
    for tw in (1, 2, 3, 4):
        bulan = 3 * tw
        JadwalPelaporan.objects.get_or_create(
            tahun=TAHUN,
            triwulan=tw,
            defaults={
                "tanggal_buka": datetime(TAHUN, bulan, 1, tzinfo=wita),
                "batas_waktu": datetime(TAHUN + (tw == 4), (bulan % 12) + 1, 15, tzinfo=wita),
                "tanggal_kunci": datetime(TAHUN + (tw == 4), (bulan % 12) + 1, 25, tzinfo=wita),
            },
        )
    ikd = {}
    for i in range(1, 11):
        obj, _ = IndikatorDaerah.objects.get_or_create(
            periode=periode,
            kode=f"IKD-B{i:02d}",
            defaults={
                "sasaran": sasaran,
                "nama": f"IKD bench {i}",
                "satuan": "%",
                "is_ikd": True,
                "aspek": "pelayanan_umum",
                "sumber_nilai": "iku",
                "tipe_perhitungan": "kumulatif",
            },
        )
        ikd[i] = obj.pk
    return {"periode": periode.pk, "sasaran": sasaran.pk, **{f"ikd{i}": v for i, v in ikd.items()}}


def _isi_opd(i: int, m: int, public: dict[str, int]) -> None:
    """Plan + M IKU (positif/negatif × kumulatif/posisi akhir/rata-rata) with yearly and
    quarterly 2025 targets, four triwulan of realisasi in mixed workflow states, one evidence
    row per verified item. Bulk inserts; the current schema must be the OPD's."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from kinerja.opd.models import (
        BuktiDukung,
        Iku,
        RealisasiIku,
        Renstra,
        SasaranStrategis,
        TargetIku,
        TujuanRenstra,
    )

    BuktiDukung.objects.all()._raw_delete(BuktiDukung.objects.db)
    RealisasiIku.objects.all()._raw_delete(RealisasiIku.objects.db)
    TargetIku.objects.all().delete()
    Iku.objects.all().delete()
    SasaranStrategis.objects.all().delete()
    TujuanRenstra.objects.all().delete()
    Renstra.objects.all().delete()

    renstra = Renstra.objects.create(
        periode_rpjmd_id=public["periode"], nama="Renstra", tahun_awal=2025, tahun_akhir=2029
    )
    tujuan = TujuanRenstra.objects.create(renstra=renstra, kode="T1", uraian="T")
    ss = SasaranStrategis.objects.create(
        tujuan=tujuan, kode="SS1", uraian="S", sasaran_rpjmd_id=public["sasaran"]
    )
    tipe = ("kumulatif", "posisi_akhir", "rata_rata")
    ikus = Iku.objects.bulk_create(
        Iku(
            sasaran=ss,
            kode=f"IKU.{j:03d}",
            nama=f"Indikator bench {j}",
            satuan="%",
            polaritas="negatif" if j % 4 == 3 else "positif",
            tipe_perhitungan=tipe[j % 3],
            # The first IKU of the first ten OPDs feeds one IKD each.
            ikd_id=public[f"ikd{i}"] if j == 0 and i <= 10 else None,
        )
        for j in range(m)
    )
    targets, realisasi = [], []
    now = timezone.now()
    status = ("diverifikasi", "diverifikasi", "disetujui", "diajukan", "draft")
    for j, iku in enumerate(ikus):
        tahunan = Decimal(100 + j)
        per_tw = tahunan / 4 if iku.tipe_perhitungan == "kumulatif" else tahunan
        targets.append(TargetIku(iku=iku, tahun=TAHUN, triwulan=None, nilai=tahunan))
        targets += [TargetIku(iku=iku, tahun=TAHUN, triwulan=q, nilai=per_tw) for q in (1, 2, 3, 4)]
        for q in (1, 2, 3, 4):
            faktor = Decimal(80 + (i * 31 + j * 17 + q * 7) % 50) / 100
            st = status[(i + j + q) % 5] if q > 1 else "diverifikasi"
            diajukan = st != "draft"
            realisasi.append(
                RealisasiIku(
                    iku=iku,
                    tahun=TAHUN,
                    triwulan=q,
                    nilai=(per_tw * faktor).quantize(Decimal("0.01")),
                    status=st,
                    diajukan_pertama_pada=now - timedelta(days=30) if diajukan else None,
                    diajukan_pada=now - timedelta(days=30) if diajukan else None,
                    diverifikasi_pada=now - timedelta(days=5) if st == "diverifikasi" else None,
                    terlambat=(i + j) % 7 == 0,
                    jumlah_dikembalikan=1 if (i + j + q) % 11 == 0 else 0,
                )
            )
    TargetIku.objects.bulk_create(targets, batch_size=2000)
    RealisasiIku.objects.bulk_create(realisasi, batch_size=2000)
    BuktiDukung.objects.bulk_create(
        (
            BuktiDukung(
                realisasi=r,
                path=f"bench/{i}/{r.pk}.pdf",
                nama_berkas="bukti.pdf",
                jenis="pdf",
                mime="application/pdf",
                ukuran=1000,
                sha256="0" * 64,
            )
            for r in realisasi
            if r.status == "diverifikasi"
        ),
        batch_size=2000,
    )


def siapkan(n: int, m: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import schema_context, schema_exists

    from kinerja.opd.models import Iku
    from tenants.models import Opd
    from tenants.services import base_schema_ensure, opd_provision, public_setup

    t = time.perf_counter()
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    public_setup("bench.localhost")
    if not schema_exists("opd_template"):
        base_schema_ensure()
    public = _public_ensure()
    # OPDs beyond N from an earlier, larger run are deactivated, not dropped.
    Opd.objects.filter(schema_name__startswith="bench_").update(aktif=False)
    dibuat = diisi = 0
    for i in range(1, n + 1):
        schema = f"bench_{i:04d}"
        if not Opd.objects.filter(schema_name=schema).exists():
            opd_provision(
                schema=schema,
                nama=f"Dinas Bench {i}",
                singkatan=f"DB{i}",
                domain=f"bench-{i:04d}.localhost",
                admin_password=None,  # no password hash: 0.3 s less per OPD
            )
            dibuat += 1
        with schema_context(schema):
            if Iku.objects.count() != m:
                _isi_opd(i, m, public)
                diisi += 1
        if (dibuat or diisi) and i % 50 == 0:
            print(f"  ... {i}/{n} OPD siap", flush=True)
    Opd.objects.filter(schema_name__in=[f"bench_{i:04d}" for i in range(1, n + 1)]).update(
        aktif=True
    )
    connection.set_schema_to_public()
    print(
        f"Set-up: {n} OPD ({dibuat} baru dikloning, {diisi} diisi ulang) × {m} IKU "
        f"dalam {time.perf_counter() - t:.1f} s",
        flush=True,
    )


# --- measurements (child process) -----------------------------------------------------------


def _kosongkan_rollup() -> None:
    from django.db import connection

    from kinerja.daerah.models import RealisasiDaerah
    from kinerja.rollup.models import RingkasanOpd, RollupRun, SidikOpd, SnapshotIku

    with connection.cursor() as cursor:
        for model in (SnapshotIku, RingkasanOpd, RollupRun, SidikOpd):
            cursor.execute(f"TRUNCATE {model._meta.db_table}")
    RealisasiDaerah.objects.filter(sumber="rollup").delete()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE rollup_snapshotiku")


def _naif(schemas: list[str]) -> int:
    """What a rollup written without care does: per IKU and per triwulan queries (targets via
    capaian_iku without prefetch, realisasi, evidence count) and one update_or_create per row.
    Runs in a transaction that is rolled back, so it leaves nothing behind."""
    from django.db import transaction
    from django_tenants.utils import schema_context

    from kinerja.daerah.selectors import skema_predikat_aktif
    from kinerja.opd.models import BuktiDukung, Iku, RealisasiIku
    from kinerja.opd.selectors import capaian_iku
    from kinerja.rollup.models import SnapshotIku
    from tenants.models import Opd

    bands = skema_predikat_aktif()
    baris = 0
    with transaction.atomic():
        for schema in schemas:
            opd = Opd.objects.get(schema_name=schema)
            with schema_context(schema):
                for iku in Iku.objects.all():
                    nilai: dict[int, object] = {}
                    for r in RealisasiIku.objects.filter(iku=iku, tahun=TAHUN).order_by("triwulan"):
                        nilai[r.triwulan] = r.nilai
                        bukti = BuktiDukung.objects.filter(
                            realisasi=r, dihapus_pada__isnull=True
                        ).count()
                        h = capaian_iku(
                            iku, TAHUN, dict(nilai), triwulan_berjalan=r.triwulan, bands=bands
                        )
                        SnapshotIku.objects.update_or_create(
                            opd=opd,
                            iku_id=iku.pk,
                            tahun=TAHUN,
                            triwulan=r.triwulan,
                            defaults={
                                "kode": iku.kode,
                                "nama": iku.nama,
                                "satuan": iku.satuan,
                                "polaritas": iku.polaritas,
                                "tipe_perhitungan": iku.tipe_perhitungan,
                                "target": h.target,
                                "realisasi": r.nilai,
                                "realisasi_sd": h.realisasi.nilai if h.realisasi else None,
                                "capaian": h.capaian.nilai,
                                "predikat_kode": h.predikat.kode if h.predikat else "",
                                "status": r.status,
                                "jumlah_bukti": bukti,
                            },
                        )
                        baris += 1
        transaction.set_rollback(True)
    return baris


def _cte_capaian(opd: str) -> str:
    """The floors' arithmetic over ``x`` (one row per realisasi with its targets): realisasi
    and target s.d. triwulan per tipe (window functions), then capaian per polaritas."""
    return f"""w AS (
  SELECT x.*,
    CASE x.tipe
      WHEN 'kumulatif' THEN sum(nilai) OVER p
      WHEN 'rata_rata' THEN avg(nilai) OVER p
      ELSE nilai END AS realisasi_sd,
    CASE
      WHEN x.triwulan = 4 AND target_tahun IS NOT NULL THEN target_tahun
      WHEN x.tipe = 'kumulatif' THEN sum(target_tw) OVER p
      WHEN x.tipe = 'rata_rata' THEN avg(target_tw) OVER p
      ELSE target_tw END AS target_sd
  FROM x
  WINDOW p AS (PARTITION BY {opd}, iku_id, tahun ORDER BY triwulan
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
c AS (
  SELECT w.*, CASE
      WHEN target_sd IS NULL OR target_sd <= 0 OR realisasi_sd IS NULL THEN NULL
      WHEN polaritas = 'negatif' THEN greatest((2 * target_sd - realisasi_sd) * 100 / target_sd, 0)
      ELSE realisasi_sd * 100 / target_sd END AS capaian
  FROM w
)"""


def _sql_lantai(schemas: list[str]) -> str:
    """One statement: every schema's realisasi joined with its IKU and targets (UNION ALL),
    yearly aggregates s.d. each triwulan per tipe (window functions), targets s.d. triwulan,
    capaian per polaritas and predikat, into a temporary table."""
    bagian = []
    for k, s in enumerate(schemas):
        q = f'"{s}"'
        bagian.append(
            f"SELECT {k} AS opd, i.id AS iku_id, i.polaritas, i.tipe_perhitungan AS tipe, "
            "r.tahun, r.triwulan, r.nilai, r.status, r.terlambat, t.nilai AS target_tw, "
            "ty.nilai AS target_tahun, COALESCE(b.n, 0) AS bukti "
            f"FROM {q}.opd_realisasiiku r JOIN {q}.opd_iku i ON i.id = r.iku_id "
            f"LEFT JOIN {q}.opd_targetiku t ON t.iku_id = i.id AND t.tahun = r.tahun "
            "AND t.triwulan = r.triwulan "
            f"LEFT JOIN {q}.opd_targetiku ty ON ty.iku_id = i.id AND ty.tahun = r.tahun "
            "AND ty.triwulan IS NULL "
            f"LEFT JOIN (SELECT realisasi_id, count(*) n FROM {q}.opd_buktidukung "
            "WHERE dihapus_pada IS NULL GROUP BY 1) b ON b.realisasi_id = r.id"
        )
    semua = " UNION ALL ".join(bagian)
    return f"""
CREATE TEMP TABLE lantai AS
WITH x AS ({semua}),
{_cte_capaian("opd")}
SELECT c.*, CASE
    WHEN capaian IS NULL THEN ''
    WHEN round(capaian, 2) >= 91 THEN 'sangat_tinggi'
    WHEN round(capaian, 2) >= 76 THEN 'tinggi'
    WHEN round(capaian, 2) >= 66 THEN 'sedang'
    WHEN round(capaian, 2) >= 51 THEN 'rendah'
    ELSE 'sangat_rendah' END AS predikat
FROM c
"""


_SQL_LANTAI_RINGKASAN = """
CREATE TEMP TABLE lantai_ringkasan AS
SELECT opd, tahun, triwulan, count(*) AS jumlah_iku,
  count(*) FILTER (WHERE nilai IS NOT NULL) AS terisi,
  count(*) FILTER (WHERE status = 'diverifikasi') AS diverifikasi,
  count(*) FILTER (WHERE terlambat) AS terlambat,
  avg(capaian) AS rata_rata,
  count(*) FILTER (WHERE predikat = 'sangat_tinggi') AS sangat_tinggi,
  count(*) FILTER (WHERE predikat = 'tinggi') AS tinggi,
  count(*) FILTER (WHERE predikat = 'sedang') AS sedang,
  count(*) FILTER (WHERE predikat = 'rendah') AS rendah,
  count(*) FILTER (WHERE predikat = 'sangat_rendah') AS sangat_rendah
FROM lantai GROUP BY 1, 2, 3
"""


def _lantai(schemas: list[str]) -> tuple[float, int]:
    from django.db import connection

    sql = _sql_lantai(schemas)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS lantai_ringkasan, lantai")
        t = time.perf_counter()
        cursor.execute(sql)
        cursor.execute(_SQL_LANTAI_RINGKASAN)
        detik = time.perf_counter() - t
        cursor.execute("SELECT count(*) FROM lantai")
        baris = cursor.fetchone()[0]
        cursor.execute("DROP TABLE lantai_ringkasan, lantai")
    return detik, baris


def _sql_lantai_penuh(schemas: list[str], opd_ids: list[int]) -> str:
    """The floor for the same job as the rollup: one INSERT … SELECT over all schemas that
    writes every column of a snapshot row (labels, formula and reason texts, predikat label,
    workflow columns, evidence count, late flag against the schedule, a row hash) into a table
    shaped like ``rollup_snapshotiku`` (same columns, same indexes, WAL-logged)."""
    from kinerja.daerah.models import JadwalPelaporan

    jadwal = JadwalPelaporan._meta.db_table
    bagian = []
    for opd_id, s in zip(opd_ids, schemas, strict=True):
        q = f'"{s}"'
        bagian.append(
            f"SELECT {opd_id} AS opd_id, i.id AS iku_id, i.kode, i.nama, i.satuan, i.polaritas, "
            "i.tipe_perhitungan AS tipe, i.aktif, i.sasaran_id, ss.sasaran_rpjmd_id, i.ikd_id, "
            "r.id AS realisasi_id, r.tahun, r.triwulan, r.nilai, r.nilai_kualitatif, r.status, "
            "r.revisi, r.diajukan_pertama_pada, r.diajukan_pada, r.disetujui_pada, "
            "r.diverifikasi_pada, r.terlambat, r.jumlah_dikembalikan, t.nilai AS target_tw, "
            "ty.nilai AS target_tahun, COALESCE(b.n, 0) AS bukti "
            f"FROM {q}.opd_realisasiiku r JOIN {q}.opd_iku i ON i.id = r.iku_id "
            f"JOIN {q}.opd_sasaranstrategis ss ON ss.id = i.sasaran_id "
            f"LEFT JOIN {q}.opd_targetiku t ON t.iku_id = i.id AND t.tahun = r.tahun "
            "AND t.triwulan = r.triwulan "
            f"LEFT JOIN {q}.opd_targetiku ty ON ty.iku_id = i.id AND ty.tahun = r.tahun "
            "AND ty.triwulan IS NULL "
            f"LEFT JOIN (SELECT realisasi_id, count(*) n FROM {q}.opd_buktidukung "
            "WHERE dihapus_pada IS NULL GROUP BY 1) b ON b.realisasi_id = r.id"
        )
    semua = " UNION ALL ".join(bagian)
    return f"""
INSERT INTO lantai_snapshot (
  opd_id, iku_id, kode, nama, satuan, polaritas, tipe_perhitungan, aktif, sasaran_id,
  sasaran_rpjmd_id, ikd_id, realisasi_id, tahun, triwulan, acuan, target, target_max,
  target_kualitatif, realisasi, realisasi_sd, realisasi_kualitatif, capaian, formula, alasan,
  kode_alasan, predikat, predikat_kode, status, revisi, diajukan_pertama_pada, diajukan_pada,
  disetujui_pada, diverifikasi_pada, terlambat, jumlah_dikembalikan, jumlah_bukti, sidik,
  diperbarui)
WITH x AS ({semua}),
{_cte_capaian("opd_id")},
d AS (
  SELECT c.*, CASE
      WHEN capaian IS NULL THEN NULL
      WHEN round(capaian, 2) >= 91 THEN 'sangat_tinggi'
      WHEN round(capaian, 2) >= 76 THEN 'tinggi'
      WHEN round(capaian, 2) >= 66 THEN 'sedang'
      WHEN round(capaian, 2) >= 51 THEN 'rendah'
      ELSE 'sangat_rendah' END AS predikat
  FROM c
)
SELECT d.opd_id, d.iku_id, d.kode, d.nama, d.satuan, d.polaritas, d.tipe, d.aktif,
  d.sasaran_id, d.sasaran_rpjmd_id, d.ikd_id, d.realisasi_id, d.tahun, d.triwulan,
  CASE WHEN d.triwulan = 4 THEN 'Target tahunan ' || d.tahun
       ELSE 'Target s.d. TW' || d.triwulan || ' ' || d.tahun END,
  d.target_sd, NULL, '', d.nilai, d.realisasi_sd, d.nilai_kualitatif, d.capaian,
  CASE d.polaritas WHEN 'negatif' THEN '(2 − R/T) × 100' ELSE 'R / T × 100' END,
  CASE WHEN d.target_sd IS NULL THEN 'Target belum ditetapkan'
       WHEN d.realisasi_sd IS NULL THEN 'Realisasi belum diisi' ELSE '' END,
  CASE WHEN d.target_sd IS NULL THEN 'target_kosong'
       WHEN d.realisasi_sd IS NULL THEN 'realisasi_kosong' ELSE '' END,
  COALESCE(initcap(replace(d.predikat, '_', ' ')), ''), COALESCE(d.predikat, ''),
  d.status, d.revisi, d.diajukan_pertama_pada, d.diajukan_pada, d.disetujui_pada,
  d.diverifikasi_pada,
  d.terlambat OR (d.diajukan_pertama_pada IS NULL AND now() > j.batas_waktu),
  d.jumlah_dikembalikan, d.bukti,
  hashtextextended(ROW(d.nilai, d.status, d.revisi, d.target_tw, d.target_tahun)::text, 0),
  now()
FROM d LEFT JOIN {jadwal} j ON j.tahun = d.tahun AND j.triwulan = d.triwulan
"""


def _lantai_penuh(schemas: list[str]) -> tuple[float, int]:
    """Time of the full floor: the snapshot rows (:func:`_sql_lantai_penuh`) and the per-OPD
    summaries (the rollup's own summary statement, pointed at the floor's tables), both into
    WAL-logged tables with the same columns and indexes as the rollup's, emptied before."""
    from django.db import connection

    from kinerja.rollup.models import RingkasanOpd, SnapshotIku
    from kinerja.rollup.services import _SQL_RINGKASAN
    from tenants.models import Opd

    ids = dict(Opd.objects.filter(schema_name__in=schemas).values_list("schema_name", "pk"))
    opd_ids = [ids[s] for s in schemas]
    sql = _sql_lantai_penuh(schemas, opd_ids)
    ringkasan = _SQL_RINGKASAN.format(
        snapshot="lantai_snapshot", ringkasan="lantai_ringkasan", tahun=""
    )
    with connection.cursor() as cursor:
        for tabel, model in (("lantai_snapshot", SnapshotIku), ("lantai_ringkasan", RingkasanOpd)):
            cursor.execute(f"DROP TABLE IF EXISTS {tabel}")
            cursor.execute(f"CREATE TABLE {tabel} (LIKE {model._meta.db_table} INCLUDING ALL)")
        t = time.perf_counter()
        cursor.execute(sql)
        cursor.execute(ringkasan, {"opd": opd_ids, "sekarang": datetime.now(UTC)})
        detik = time.perf_counter() - t
        cursor.execute("SELECT count(*) FROM lantai_snapshot")
        baris = cursor.fetchone()[0]
        cursor.execute("DROP TABLE lantai_snapshot, lantai_ringkasan")
    return detik, baris


def ukur(n: int, m: int, naif_opd: int, tracemalloc_on: bool) -> dict[str, object]:
    import tracemalloc

    from django.db import connection
    from django_tenants.utils import schema_context

    from kinerja.opd.models import RealisasiIku
    from kinerja.rollup.models import RollupRun, SnapshotIku
    from kinerja.rollup.services import rollup_jalankan
    from kinerja.rollup.sinyal import rollup_selesai

    # Measure the rollup alone: the compliance rescoring that follows a run (a receiver of
    # rollup_selesai) is timed separately below.
    rollup_selesai.disconnect(dispatch_uid="rollup_kepatuhan_setelah_rollup")
    schemas = [f"bench_{i:04d}" for i in range(1, n + 1)]
    hasil: dict[str, object] = {"opd": n, "iku": m, "cpu": os.cpu_count()}
    hasil["rss_awal_mb"] = _maxrss_mb()
    _kosongkan_rollup()

    def real(label: str, **kw: object) -> None:
        t = time.perf_counter()
        run = rollup_jalankan(pemicu=RollupRun.Pemicu.COMMAND, **kw)
        detik = time.perf_counter() - t
        assert run.status == RollupRun.Status.BERHASIL, (run.status, run.galat)
        lama = hasil.get(label)
        if lama is None or detik < lama["detik"]:  # type: ignore[index]
            hasil[label] = {"detik": detik, "baris": run.baris_ditulis, "opd": run.opd_diproses}

    # Empty rollup tables: everything computed and written. Best of two, as the floor is the
    # best of three: the first run in a process also warms its connections' catalogue caches.
    real("real_dingin")
    _kosongkan_rollup()
    real("real_dingin")
    hasil["rss_setelah_real_mb"] = _maxrss_mb()
    hasil["snapshot"] = SnapshotIku.objects.count()
    real("real_hangat")  # nothing changed since: the steady-state periodic run
    # A periodic run during a reporting window: one value changed in every tenth OPD.
    for schema in schemas[::10]:
        with schema_context(schema):
            r = RealisasiIku.objects.filter(triwulan=3).order_by("pk").first()
            RealisasiIku.objects.filter(pk=r.pk).update(nilai=r.nilai + 1)
    real("real_sepersepuluh")
    real("real_paksa", paksa=True)  # everything recomputed and rewritten over existing rows

    # One-OPD incremental: change one value, then roll up that OPD (the event task's work).
    inkremental = []
    for k in range(7):
        with schema_context(schemas[0]):
            r = RealisasiIku.objects.filter(triwulan=2).order_by("pk").first()
            RealisasiIku.objects.filter(pk=r.pk).update(nilai=r.nilai + 1 + k)
        t = time.perf_counter()
        run = rollup_jalankan(schema=schemas[0], pemicu=RollupRun.Pemicu.EVENT)
        inkremental.append(time.perf_counter() - t)
        assert run.status == RollupRun.Status.BERHASIL and run.baris_ditulis > 0
    hasil["inkremental_ms"] = statistics.median(inkremental[1:]) * 1000  # first one warms up
    t = time.perf_counter()
    rollup_jalankan(schema=schemas[0], pemicu=RollupRun.Pemicu.EVENT)
    hasil["inkremental_tanpa_perubahan_ms"] = (time.perf_counter() - t) * 1000

    try:
        from kinerja.pengawasan.kepatuhan import kepatuhan_hitung

        t = time.perf_counter()
        kepatuhan_hitung(TAHUN)
        hasil["kepatuhan_detik"] = time.perf_counter() - t
    except ImportError:
        pass

    lantai = [_lantai(schemas) for _ in range(3)]
    hasil["lantai_sementara"] = {"detik": min(d for d, _ in lantai), "baris": lantai[0][1]}
    lantai = [_lantai_penuh(schemas) for _ in range(3)]
    hasil["lantai"] = {"detik": min(d for d, _ in lantai), "baris": lantai[0][1]}

    contoh = schemas[: min(naif_opd, n)]
    t = time.perf_counter()
    baris = _naif(contoh)
    detik = time.perf_counter() - t
    hasil["naif"] = {
        "detik_contoh": detik,
        "opd_contoh": len(contoh),
        "detik": detik * n / len(contoh),
        "baris": baris,
    }
    connection.set_schema_to_public()

    if tracemalloc_on:
        tracemalloc.start()
        rollup_jalankan(pemicu=RollupRun.Pemicu.COMMAND, paksa=True)
        hasil["tracemalloc_puncak_mb"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    hasil["rss_puncak_mb"] = _maxrss_mb()
    return hasil


def cetak(h: dict) -> None:
    lantai = h["lantai"]["detik"]
    print()
    print(
        f"Rollup benchmark: {h['opd']} OPD × {h['iku']} IKU × 4 triwulan "
        f"({h['snapshot']} baris snapshot; {h['cpu']} core)"
    )
    print(f"{'kasus':<52}{'detik':>9}{'× lantai':>10}")
    print("-" * 71)
    naif = h["naif"]
    baris = [
        (
            f"(a) loop ORM naif ({naif['opd_contoh']} OPD, diekstrapolasi ke {h['opd']})"
            if naif["opd_contoh"] < h["opd"]
            else "(a) loop ORM naif",
            naif["detik"],
        ),
        ("(b) rollup nyata, tabel kosong (semua ditulis)", h["real_dingin"]["detik"]),
        ("(b) rollup nyata, tanpa perubahan (run berkala)", h["real_hangat"]["detik"]),
        ("(b) rollup nyata, 1 nilai berubah di 10% OPD", h["real_sepersepuluh"]["detik"]),
        ("(b) rollup nyata, --paksa (semua dihitung ulang)", h["real_paksa"]["detik"]),
        ("(c) lantai: satu SQL, baris snapshot utuh ke tabel", lantai),
        ("(c') lantai ringan: kolom angka saja, tabel sementara", h["lantai_sementara"]["detik"]),
    ]
    for label, detik in baris:
        print(f"{label:<52}{detik:>9.2f}{detik / lantai:>9.2f}×")
    print("-" * 71)
    print(f"rollup satu OPD (inkremental, 1 nilai berubah): {h['inkremental_ms']:.0f} ms")
    print(
        "rollup satu OPD tanpa perubahan:                "
        f"{h['inkremental_tanpa_perubahan_ms']:.0f} ms"
    )
    print(
        f"memori puncak (maxrss proses): {h['rss_setelah_real_mb']:.0f} MB setelah rollup "
        f"(awal {h['rss_awal_mb']:.0f} MB, akhir {h['rss_puncak_mb']:.0f} MB)"
    )
    if "kepatuhan_detik" in h:
        print(
            f"(info) skor kepatuhan semua OPD setelah rollup (pengawasan): "
            f"{h['kepatuhan_detik']:.2f} s"
        )
    if "tracemalloc_puncak_mb" in h:
        print(
            f"alokasi Python puncak (tracemalloc, run --paksa): {h['tracemalloc_puncak_mb']:.1f} MB"
        )
    tujuan = [
        ("real/lantai ≤ 1,5 (tabel kosong)", h["real_dingin"]["detik"] / lantai <= 1.5),
        (
            "real/lantai ≤ 1,5 (run berkala, tanpa perubahan)",
            h["real_hangat"]["detik"] / lantai <= 1.5,
        ),
        (
            "real/lantai ≤ 1,5 (run berkala, 10% OPD berubah)",
            h["real_sepersepuluh"]["detik"] / lantai <= 1.5,
        ),
        ("memori puncak < 300 MB", h["rss_setelah_real_mb"] < 300),
        ("inkremental satu OPD < 100 ms", h["inkremental_ms"] < 100),
    ]
    for label, ok in tujuan:
        print(f"  {label}: {'tercapai' if ok else 'TIDAK tercapai'}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--opd", type=int, default=50, help="jumlah OPD sintetis (N)")
    parser.add_argument("--iku", type=int, default=50, help="IKU per OPD (M)")
    parser.add_argument(
        "--naif-opd", type=int, default=25, help="OPD yang dijalankan loop naif (diekstrapolasi)"
    )
    parser.add_argument("--tanpa-tracemalloc", action="store_true", help="lewati run tracemalloc")
    parser.add_argument("--bersihkan", action="store_true", help=f"hapus basis data {DB_NAME}")
    parser.add_argument("--json", action="store_true", help="cetak hasil mentah sebagai JSON")
    parser.add_argument("--ukur", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    bench_url, admin_url = _urls()

    if args.bersihkan:
        import psycopg

        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        print(f"Basis data {DB_NAME} (dan semua skema bench_*) dihapus.")
        return

    if args.ukur:
        _django(bench_url)
        h = ukur(args.opd, args.iku, args.naif_opd, not args.tanpa_tracemalloc)
        print("HASIL " + json.dumps(h), flush=True)
        return

    if _database_ensure(admin_url):
        print(f"Basis data {DB_NAME} dibuat.", flush=True)
    _django(bench_url)
    siapkan(args.opd, args.iku)
    from django.db import connections

    connections.close_all()
    anak = [sys.executable, __file__, "--ukur", "--opd", str(args.opd), "--iku", str(args.iku)]
    anak += ["--naif-opd", str(args.naif_opd)]
    if args.tanpa_tracemalloc:
        anak.append("--tanpa-tracemalloc")
    proses = subprocess.run(anak, capture_output=True, text=True, cwd=ROOT)
    if proses.returncode != 0:
        sys.stderr.write(proses.stdout + proses.stderr)
        raise SystemExit(proses.returncode)
    baris = next(b for b in proses.stdout.splitlines() if b.startswith("HASIL "))
    h = json.loads(baris[len("HASIL ") :])
    cetak(h)
    if args.json:
        print(json.dumps(h, indent=2))


if __name__ == "__main__":
    main()
