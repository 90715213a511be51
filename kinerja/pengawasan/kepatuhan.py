"""Compliance assessment of OPD reporting (public schema): thresholds and the scoring run.

The rules and the exact definitions of the scores are in :mod:`kinerja.engine.kepatuhan`.
This module feeds them from the rollup tables and stores the result:

- :func:`kepatuhan_hitung` recomputes every :class:`~kinerja.pengawasan.models.NilaiKepatuhan`
  of the active OPDs (or one OPD) for one year or all years, from
  :class:`~kinerja.rollup.models.SnapshotIku` (one row per OPD × IKU × tahun × triwulan, with
  the first submission time, evidence count, return counter and workflow state) and the
  reporting schedule with each OPD's latest extension (the effective deadline, as
  ``kinerja.daerah.selectors.jendela_opd`` reads it). Eight queries whatever the number of
  OPDs; it runs after each rollup (the rollup calls it) and daily (Celery beat).
- :func:`kepatuhan_setelah_rollup` is what the rollup calls after each run (never raises).
- :func:`ambang_simpan` stores Bappeda's thresholds after :func:`periksa_ambang` and rescores.
- :func:`pengawasan_permissions_ensure` grants the permissions of this feature.

Which periods are assessed: the reporting windows (``JadwalPelaporan``) that have opened. A
triwulan period has its own window; a month period has the windows whose schedule deadline falls
in that month (WITA). Periods without a window have no row. A row is ``sementara`` (provisional)
while the effective deadline of one of its windows is still ahead for that OPD.

Items assessed: the ACTIVE IKU of the OPD in that triwulan (snapshot rows with ``aktif``); an
item counts as submitted when it has a first submission time, a workflow state beyond draft or
a return (older rows may lack the time), and as on time only with a first submission time at or
before the effective deadline.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from kinerja.daerah.models import JadwalPelaporan, PerpanjanganJadwal
from kinerja.engine.jadwal import label_periode
from kinerja.engine.kepatuhan import (
    AMBANG_BAWAAN,
    Ambang,
    HitunganKepatuhan,
    bulan_periode,
    gabungkan,
    nilai_kepatuhan,
    periksa_ambang,
)
from kinerja.pengawasan.models import AmbangKepatuhan, JenisPeriode, NilaiKepatuhan
from kinerja.rollup.models import RollupRun, SnapshotIku
from tenants.models import Opd

logger = logging.getLogger(__name__)

__all__ = [
    "IZIN_LIHAT",
    "IZIN_UBAH_AMBANG",
    "AmbangDitolak",
    "HasilHitung",
    "ambang_aktif",
    "ambang_simpan",
    "boleh_lihat",
    "boleh_ubah_ambang",
    "kepatuhan_hitung",
    "kepatuhan_setelah_rollup",
    "pengawasan_permissions_ensure",
]

IZIN_VERIFIKASI = "daerah.verifikasi_realisasi"
IZIN_LIHAT = "pengawasan.view_nilaikepatuhan"
IZIN_UBAH_AMBANG = "pengawasan.change_ambangkepatuhan"
# Columns compared to decide whether a stored row changed (everything but the key and time).
_KOLOM_NILAI = (
    "jendela",
    "batas_waktu",
    "sementara",
    "iku_wajib",
    "diajukan",
    "tepat_waktu",
    "lengkap",
    "diverifikasi",
    "tanpa_pengembalian",
    "dikembalikan",
    "disiplin",
    "tanggung_jawab",
    "kepatuhan",
    "nilai_akhir",
    "kategori",
    "alasan",
)


# --- permissions --------------------------------------------------------------------------------


def boleh_lihat(user: object) -> bool:
    """Bappeda staff who may see the compliance and early-warning screens (as the dashboard):
    a verifikator (``daerah.verifikasi_realisasi``), a member of Admin Bappeda, or anyone
    granted ``pengawasan.view_nilaikepatuhan``."""
    from tenants import roles

    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not getattr(user, "is_active", False):
        return False
    if user.has_perm(IZIN_VERIFIKASI) or user.has_perm(IZIN_LIHAT):  # type: ignore[attr-defined]
        return True
    return bool(user.groups.filter(name=roles.ADMIN_BAPPEDA).exists())  # type: ignore[attr-defined]


def boleh_ubah_ambang(user: object) -> bool:
    """Only Admin Bappeda (``pengawasan.change_ambangkepatuhan``) changes the thresholds."""
    has_perm = getattr(user, "has_perm", None)
    return bool(has_perm and has_perm(IZIN_UBAH_AMBANG))


def pengawasan_permissions_ensure() -> dict[str, int]:
    """Grant this feature's permissions in the public schema: Admin Bappeda view + change of
    the thresholds and view of the scores; Verifikator Bappeda view of both. Idempotent, only
    adds; returns the number of permissions per group. Call it from
    ``tenants.services.public_setup`` (next to ``daerah_permissions_ensure``)."""
    from tenants import roles

    with schema_context(get_public_schema_name()):
        semua = Permission.objects.filter(
            content_type__app_label="pengawasan",
            codename__in=[
                "view_ambangkepatuhan",
                "change_ambangkepatuhan",
                "view_nilaikepatuhan",
            ],
        )
        lihat = semua.filter(codename__startswith="view_")
        hasil: dict[str, int] = {}
        for nama, perms in ((roles.ADMIN_BAPPEDA, semua), (roles.VERIFIKATOR, lihat)):
            group, _ = Group.objects.get_or_create(name=nama)
            daftar = list(perms)
            group.permissions.add(*daftar)
            hasil[nama] = len(daftar)
        return hasil


# --- thresholds ---------------------------------------------------------------------------------


class AmbangDitolak(Exception):
    """Invalid thresholds: ``galat`` lists (field, Indonesian message)."""

    def __init__(self, galat: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(p for _, p in galat))
        self.galat = galat


def ambang_aktif() -> Ambang:
    """The stored thresholds, or the engine's defaults when none are stored (or the stored row
    is somehow invalid: logged, defaults used)."""
    row = AmbangKepatuhan.objects.filter(pk=AmbangKepatuhan.ID_TUNGGAL).first()
    if row is None:
        return AMBANG_BAWAAN
    ambang = row.as_engine()
    salah = periksa_ambang(ambang)
    if salah:
        logger.warning("Ambang kepatuhan tersimpan tidak valid: %s", salah)
        return AMBANG_BAWAAN
    return ambang


def ambang_simpan(ambang: Ambang, oleh: str) -> AmbangKepatuhan:
    """Validate and store the thresholds (the single row), then rescore every period so the
    categories follow at once. Raises :class:`AmbangDitolak` (nothing saved) when invalid. A
    failing rescore is logged and does not undo the save: the next run catches up."""
    salah = periksa_ambang(ambang)
    if salah:
        raise AmbangDitolak(salah)
    with transaction.atomic():
        row, _ = AmbangKepatuhan.objects.update_or_create(
            pk=AmbangKepatuhan.ID_TUNGGAL,
            defaults={
                "batas_baik": ambang.batas_baik,
                "batas_cukup": ambang.batas_cukup,
                "bobot_disiplin": ambang.bobot_disiplin,
                "bobot_tanggung_jawab": ambang.bobot_tanggung_jawab,
                "bobot_kepatuhan": ambang.bobot_kepatuhan,
                "diubah_pada": timezone.now(),
                "diubah_oleh": oleh[:200],
            },
        )
    try:
        with transaction.atomic():
            kepatuhan_hitung()
    except Exception:
        logger.exception("Penilaian ulang kepatuhan setelah ambang diubah gagal")
    return row


# --- the scoring run ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HasilHitung:
    """What a run did: OPDs in scope, periods assessed, rows written (new or changed), rows
    deleted (periods no longer assessed)."""

    opd: int
    periode: int
    ditulis: int
    dihapus: int


@dataclass(frozen=True)
class _Jendela:
    jadwal_id: int
    tahun: int
    triwulan: int
    batas_waktu: datetime
    bulan: tuple[int, int]


_SQL_HITUNGAN = """
WITH b (opd_id, tahun, triwulan, batas) AS (
    SELECT * FROM unnest(%(opd)s::bigint[], %(tahun)s::int[], %(triwulan)s::int[],
                         %(batas)s::timestamptz[])
)
SELECT s.opd_id, s.tahun, s.triwulan,
    count(*),
    count(*) FILTER (WHERE s.diajukan_pertama_pada IS NOT NULL
                     OR s.status IN ('diajukan', 'disetujui', 'diverifikasi')
                     OR s.jumlah_dikembalikan > 0),
    count(*) FILTER (WHERE s.diajukan_pertama_pada <= b.batas),
    count(*) FILTER (WHERE (s.realisasi IS NOT NULL OR btrim(s.realisasi_kualitatif) <> '')
                     AND s.jumlah_bukti > 0),
    count(*) FILTER (WHERE s.status = 'diverifikasi'),
    count(*) FILTER (WHERE s.status = 'diverifikasi' AND s.jumlah_dikembalikan = 0),
    count(*) FILTER (WHERE s.jumlah_dikembalikan > 0)
FROM {snapshot} s JOIN b USING (opd_id, tahun, triwulan)
WHERE s.aktif
GROUP BY 1, 2, 3
"""


def _hitungan_sql(
    batas: dict[tuple[int, int, int], datetime],
) -> dict[tuple[int, int, int], HitunganKepatuhan]:
    """Counts per (OPD, tahun, triwulan) against each OPD's effective deadline, aggregated by
    PostgreSQL in one statement (a province-wide year is tens of thousands of snapshot rows).

    An item is *submitted* when it has a first submission time, a state beyond draft or a
    return (older rows may lack the time); *on time* only with a first submission time at or
    before the deadline; *complete* with a value (number or label) and ≥ 1 evidence file."""
    if not batas:
        return {}
    kunci = list(batas)
    params = {
        "opd": [k[0] for k in kunci],
        "tahun": [k[1] for k in kunci],
        "triwulan": [k[2] for k in kunci],
        "batas": [batas[k] for k in kunci],
    }
    with connection.cursor() as cursor:
        cursor.execute(_SQL_HITUNGAN.format(snapshot=SnapshotIku._meta.db_table), params)
        return {
            (opd_id, th, tw): HitunganKepatuhan(*angka)
            for opd_id, th, tw, *angka in cursor.fetchall()
        }


def kepatuhan_hitung(tahun: int | None = None, *, schema: str | None = None) -> HasilHitung:
    """Recompute the compliance rows of every active OPD (or the OPD ``schema``) for the
    periods of ``tahun`` (triwulan periods of reporting year ``tahun`` and month periods of
    calendar year ``tahun``; None: every year) from the rollup snapshots. Rows whose values
    changed are upserted, rows of periods no longer assessed are deleted; unchanged rows are
    left alone (idempotent). Eight queries whatever the number of OPDs and periods."""
    with schema_context(get_public_schema_name()):
        return _hitung(tahun, schema)


def kepatuhan_setelah_rollup(run: RollupRun) -> HasilHitung | None:
    """Rescore after a rollup run (the rollup calls this once its writes are committed): all
    years, for the OPDs the run covered (every active OPD after a full run, the one OPD after an
    incremental run). Skipped when the run processed no OPD. Never raises: a scoring failure
    is logged and must not fail the rollup; the daily beat run catches up."""
    if run.opd_diproses == 0:
        return None
    schema = None if run.cakupan == RollupRun.SEMUA else run.cakupan
    try:
        with transaction.atomic():
            return kepatuhan_hitung(schema=schema)
    except Exception:
        logger.exception("Penilaian kepatuhan setelah rollup %s gagal", run.cakupan)
        return None


def _hitung(tahun: int | None, schema: str | None) -> HasilHitung:
    sekarang = timezone.now()
    ambang = ambang_aktif()
    opd_qs = Opd.objects.exclude(schema_name=get_public_schema_name())
    opd_qs = opd_qs.filter(schema_name=schema) if schema else opd_qs.filter(aktif=True)
    opd_ids = list(opd_qs.values_list("pk", flat=True))

    jendela = [
        _Jendela(j.pk, j.tahun, j.triwulan, j.batas_waktu, bulan_periode(j.batas_waktu))
        for j in JadwalPelaporan.objects.filter(tanggal_buka__lte=sekarang).order_by(
            "tahun", "triwulan"
        )
    ]
    # Periods in scope and their windows.
    periode: dict[tuple[str, int, int], list[_Jendela]] = defaultdict(list)
    for j in jendela:
        if tahun is None or j.tahun == tahun:
            periode[(JenisPeriode.TRIWULAN.value, j.tahun, j.triwulan)].append(j)
        if tahun is None or j.bulan[0] == tahun:
            periode[(JenisPeriode.BULAN.value, *j.bulan)].append(j)
    jadwal_ids = {j.jadwal_id for js in periode.values() for j in js}

    # The latest extension per (OPD, window) wins, as in jendela_opd.
    perpanjangan: dict[tuple[int, int], datetime] = {}
    if jadwal_ids and opd_ids:
        for opd_id, jadwal_id, batas in (
            PerpanjanganJadwal.objects.filter(jadwal_id__in=jadwal_ids, opd_id__in=opd_ids)
            .order_by("diberikan_pada", "id")
            .values_list("opd_id", "jadwal_id", "batas_waktu")
        ):
            perpanjangan[(opd_id, jadwal_id)] = batas

    # Effective deadline of every (OPD, window) in scope: the extension, else the schedule's.
    batas_opd: dict[tuple[int, int, int], datetime] = {}
    for j in {j for js in periode.values() for j in js}:
        for opd_id in opd_ids:
            batas_opd[(opd_id, j.tahun, j.triwulan)] = perpanjangan.get(
                (opd_id, j.jadwal_id), j.batas_waktu
            )
    hitungan_jendela = _hitungan_sql(batas_opd)

    ingin: dict[tuple[int, str, int, int], dict[str, object]] = {}
    for opd_id in opd_ids:
        for (jenis, th, nomor), js in periode.items():
            hitungan = []
            batas_list = []
            teks = []
            for j in js:
                kunci_jendela = (opd_id, j.tahun, j.triwulan)
                batas_list.append(batas_opd[kunci_jendela])
                hitungan.append(hitungan_jendela.get(kunci_jendela, HitunganKepatuhan()))
                diperpanjang = (opd_id, j.jadwal_id) in perpanjangan
                teks.append(
                    label_periode(j.tahun, j.triwulan) + (" (diperpanjang)" if diperpanjang else "")
                )
            h = gabungkan(hitungan)
            hasil = nilai_kepatuhan(h, ambang)
            ingin[(opd_id, jenis, th, nomor)] = {
                "jendela": ", ".join(teks)[:200],
                "batas_waktu": max(batas_list),
                "sementara": any(b > sekarang for b in batas_list),
                "iku_wajib": h.iku_wajib,
                "diajukan": h.diajukan,
                "tepat_waktu": h.tepat_waktu,
                "lengkap": h.lengkap,
                "diverifikasi": h.diverifikasi,
                "tanpa_pengembalian": h.tanpa_pengembalian,
                "dikembalikan": h.dikembalikan,
                "disiplin": hasil.disiplin,
                "tanggung_jawab": hasil.tanggung_jawab,
                "kepatuhan": hasil.kepatuhan,
                "nilai_akhir": hasil.nilai_akhir,
                "kategori": hasil.kategori.value,
                "alasan": " ".join(hasil.alasan),
            }

    ada_qs = NilaiKepatuhan.objects.filter(opd_id__in=opd_ids)
    if tahun is not None:
        ada_qs = ada_qs.filter(tahun=tahun)
    ada = {(n.opd_id, n.jenis, n.tahun, n.nomor): n for n in ada_qs}

    tulis: list[NilaiKepatuhan] = []
    for kunci, nilai in ingin.items():
        lama = ada.get(kunci)
        if lama is not None and all(getattr(lama, k) == v for k, v in nilai.items()):
            continue
        opd_id, jenis, th, nomor = kunci
        tulis.append(
            NilaiKepatuhan(
                opd_id=opd_id, jenis=jenis, tahun=th, nomor=nomor, dihitung_pada=sekarang, **nilai
            )
        )
    basi = [n.pk for k, n in ada.items() if k not in ingin]
    with transaction.atomic():
        if tulis:
            NilaiKepatuhan.objects.bulk_create(
                tulis,
                update_conflicts=True,
                unique_fields=["opd", "jenis", "tahun", "nomor"],
                update_fields=[*_KOLOM_NILAI, "dihitung_pada"],
            )
        if basi:
            NilaiKepatuhan.objects.filter(pk__in=basi).delete()
    return HasilHitung(
        opd=len(opd_ids), periode=len(periode), ditulis=len(tulis), dihapus=len(basi)
    )
