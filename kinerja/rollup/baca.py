"""Read side of the rollup: everything the rollup needs from a group of OPD schemas, in three
queries whatever the number of OPD, IKU or realisasi.

Tables are addressed by schema-qualified names (``"dinkes".opd_iku``) and the schemas of a group
are glued with UNION ALL, so the connection never switches ``search_path`` and a group of 25
OPDs costs the same three round trips as one OPD. A missing or broken schema makes the query
fail; the caller then retries the OPDs of that group one by one to isolate it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection

from kinerja.opd.models import (
    BuktiDukung,
    Iku,
    RealisasiIku,
    Renstra,
    SasaranStrategis,
    TargetIku,
    TujuanRenstra,
)


@dataclass(slots=True)
class TargetBaca:
    """A TargetIku row as plain values (what ``capaian_iku`` reads from a target)."""

    tahun: int
    triwulan: int | None
    nilai: Decimal | None
    nilai_max: Decimal | None
    nilai_kualitatif: str
    sidik: int  # hash of the row's columns, computed in SQL


@dataclass(slots=True)
class IkuBaca:
    """An IKU with its Renstra years and alignment ids, and its targets by year."""

    id: int
    kode: str
    nama: str
    satuan: str
    polaritas: str
    tipe_perhitungan: str
    skala_id: int | None
    ikd_id: int | None
    aktif: bool
    sasaran_id: int
    sasaran_rpjmd_id: int | None
    tahun_awal: int
    tahun_akhir: int
    sidik: int  # hash, computed in SQL, of every column the snapshot copies or reads
    target: dict[int, list[TargetBaca]] = field(default_factory=dict)


@dataclass(slots=True)
class RealisasiBaca:
    """A RealisasiIku row as the engine reads it (value or label), plus ``sidik``: a hash
    computed in SQL of its value, label, workflow columns and live evidence count. The workflow
    columns are copied into the snapshot by SQL (:func:`sql_realisasi_salin`) and never pass
    through Python."""

    id: int
    iku_id: int
    tahun: int
    triwulan: int
    nilai: Decimal | None
    nilai_kualitatif: str
    sidik: int


@dataclass(slots=True)
class DataOpd:
    """Everything read from one OPD schema."""

    iku: list[IkuBaca] = field(default_factory=list)
    realisasi: list[RealisasiBaca] = field(default_factory=list)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _union(schemas: Sequence[str], template: str, tahun: int | None) -> tuple[str, list[int]]:
    """``template`` once per schema ({k}: position in the group, {s}: quoted schema name),
    glued with UNION ALL; the year filter repeated as a parameter of each part."""
    parts = [template.format(k=k, s=_q(s)) for k, s in enumerate(schemas)]
    params: list[int] = [tahun] * len(schemas) if tahun is not None else []
    return " UNION ALL ".join(parts), params


def _sql_iku() -> str:
    return (
        "SELECT {k}, i.id, i.kode, i.nama, i.satuan, i.polaritas, i.tipe_perhitungan, "
        "i.skala_id, i.ikd_id, i.aktif, i.sasaran_id, ss.sasaran_rpjmd_id, "
        "r.tahun_awal, r.tahun_akhir, hashtextextended(ROW(i.kode, i.nama, i.satuan, "
        "i.polaritas, i.tipe_perhitungan, i.skala_id, i.ikd_id, i.aktif, i.sasaran_id, "
        "ss.sasaran_rpjmd_id, r.tahun_awal, r.tahun_akhir)::text, 0) "
        f"FROM {{s}}.{Iku._meta.db_table} i "
        f"JOIN {{s}}.{SasaranStrategis._meta.db_table} ss ON ss.id = i.sasaran_id "
        f"JOIN {{s}}.{TujuanRenstra._meta.db_table} tr ON tr.id = ss.tujuan_id "
        f"JOIN {{s}}.{Renstra._meta.db_table} r ON r.id = tr.renstra_id"
    )


# The IKU columns a snapshot copies (alignment ids included), in this order.
KOLOM_IKU_SALIN: tuple[str, ...] = (
    "kode",
    "nama",
    "satuan",
    "polaritas",
    "tipe_perhitungan",
    "aktif",
    "sasaran_id",
    "sasaran_rpjmd_id",
    "ikd_id",
)


def sql_iku_salin(schemas: Sequence[str]) -> str:
    """The IKU of a group of schemas (UNION ALL) with ``k`` = position of the schema and the
    columns of :data:`KOLOM_IKU_SALIN`; for the snapshot write to join on."""
    kolom = ", ".join(
        "ss.sasaran_rpjmd_id" if c == "sasaran_rpjmd_id" else f"i.{c}" for c in KOLOM_IKU_SALIN
    )
    template = (
        f"SELECT {{k}} AS k, i.id, {kolom} FROM {{s}}.{Iku._meta.db_table} i "
        f"JOIN {{s}}.{SasaranStrategis._meta.db_table} ss ON ss.id = i.sasaran_id"
    )
    return _union(schemas, template, None)[0]


def _sql_target(tahun: int | None) -> str:
    where = " WHERE t.tahun = %s" if tahun is not None else ""
    return (
        "SELECT {k}, t.iku_id, t.tahun, t.triwulan, t.nilai, t.nilai_max, t.nilai_kualitatif, "
        "hashtextextended(ROW(t.triwulan, t.nilai, t.nilai_max, t.nilai_kualitatif)::text, 0) "
        f"FROM {{s}}.{TargetIku._meta.db_table} t{where}"
    )


# The workflow columns a snapshot copies from a realisasi row, in this order, with the count
# of its live evidence files; the read query hashes exactly these.
KOLOM_REALISASI_SALIN: tuple[str, ...] = (
    "status",
    "revisi",
    "diajukan_pertama_pada",
    "diajukan_pada",
    "disetujui_pada",
    "diverifikasi_pada",
    "terlambat",
    "jumlah_dikembalikan",
)


def _sql_realisasi_salin(tahun: int | None) -> str:
    """Per realisasi row of one schema ({k}: position, {s}: schema): the workflow columns and
    the live evidence count (``n``)."""
    where = " WHERE r.tahun = %s" if tahun is not None else ""
    bukti = BuktiDukung._meta.db_table
    kolom = ", ".join(f"r.{c}" for c in KOLOM_REALISASI_SALIN)
    return (
        f"SELECT {{k}} AS k, r.id, r.iku_id, r.tahun, r.triwulan, r.nilai, r.nilai_kualitatif, "
        f"{kolom}, COALESCE(b.n, 0) AS n "
        f"FROM {{s}}.{RealisasiIku._meta.db_table} r "
        "LEFT JOIN (SELECT realisasi_id, count(*) AS n "
        f"FROM {{s}}.{bukti} WHERE dihapus_pada IS NULL GROUP BY realisasi_id) b "
        f"ON b.realisasi_id = r.id{where}"
    )


def sql_realisasi_salin(schemas: Sequence[str], tahun: int | None) -> tuple[str, list[int]]:
    """The realisasi rows of a group of schemas (UNION ALL), with ``k`` = position of the
    schema in ``schemas``; for the snapshot write to join on."""
    return _union(schemas, _sql_realisasi_salin(tahun), tahun)


def _sql_realisasi(tahun: int | None) -> str:
    kolom = ", ".join(f"x.{c}" for c in KOLOM_REALISASI_SALIN)
    return (
        "SELECT x.k, x.id, x.iku_id, x.tahun, x.triwulan, x.nilai, x.nilai_kualitatif, "
        f"hashtextextended(ROW(x.nilai, x.nilai_kualitatif, {kolom}, x.n)::text, 0) "
        f"FROM ({_sql_realisasi_salin(tahun)}) x"
    )


def baca_skema(schemas: Sequence[str], tahun: int | None = None) -> list[DataOpd]:
    """The IKU (with Renstra years, alignment and targets) and the realisasi (with evidence
    counts) of each schema, in the order given; realisasi and targets of ``tahun`` only when
    given. Three queries for the whole group."""
    hasil = [DataOpd() for _ in schemas]
    if not schemas:
        return hasil
    iku_by: list[dict[int, IkuBaca]] = [{} for _ in schemas]
    with connection.cursor() as cursor:
        sql, _ = _union(schemas, _sql_iku(), None)
        cursor.execute(sql)
        for k, *kolom in cursor.fetchall():
            iku = IkuBaca(*kolom)
            iku_by[k][iku.id] = iku
            hasil[k].iku.append(iku)

        sql, params = _union(schemas, _sql_target(tahun), tahun)
        cursor.execute(sql, params)
        target_by: dict[tuple[int, int], dict[int, list[TargetBaca]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for k, iku_id, th, tw, nilai, nilai_max, label, sidik in cursor.fetchall():
            target_by[(k, iku_id)][th].append(
                TargetBaca(th, tw, nilai, nilai_max, label or "", sidik)
            )

        sql, params = _union(schemas, _sql_realisasi(tahun), tahun)
        cursor.execute(sql, params)
        for k, *kolom in cursor.fetchall():
            hasil[k].realisasi.append(RealisasiBaca(*kolom))

    for (k, iku_id), per_tahun in target_by.items():
        found = iku_by[k].get(iku_id)
        if found is not None:
            found.target = {
                th: sorted(ts, key=lambda t: t.triwulan or 0) for th, ts in per_tahun.items()
            }
    for data in hasil:
        data.iku.sort(key=lambda i: i.kode)
        data.realisasi.sort(key=lambda r: (r.iku_id, r.tahun, r.triwulan))
    return hasil


def _sql_sidik(tahun: int | None) -> str:
    """md5 over one value per table: the XOR of a 64-bit hash of every row the rollup reads
    from that table (only the columns it uses, the id included, so equal rows never cancel
    out). XOR needs no sort and no concatenated text, a quarter cheaper than an md5 of the
    rows in id order. Timestamps render in the session time zone, which Django pins to UTC.

    Content, not row versions: PostgreSQL's ``xmin`` would be ~2× cheaper to hash but does not
    change for a row updated twice inside one transaction, so a fingerprint built on it can
    miss a change; this one cannot."""
    th = " WHERE x.tahun = %s" if tahun is not None else ""

    def agg(kolom: str, tabel: str, where: str = "") -> str:
        return (
            f"(SELECT COALESCE(bit_xor(hashtextextended(ROW({kolom})::text, 0)), 0) "
            f"FROM {{s}}.{tabel} x{where})"
        )

    bagian = [
        agg(
            "x.id, x.kode, x.nama, x.satuan, x.polaritas, x.tipe_perhitungan, x.skala_id, "
            "x.ikd_id, x.aktif, x.sasaran_id",
            Iku._meta.db_table,
        ),
        agg("x.id, x.tujuan_id, x.sasaran_rpjmd_id", SasaranStrategis._meta.db_table),
        agg("x.id, x.renstra_id", TujuanRenstra._meta.db_table),
        agg("x.id, x.tahun_awal, x.tahun_akhir", Renstra._meta.db_table),
        agg(
            "x.id, x.iku_id, x.tahun, x.triwulan, x.nilai, x.nilai_max, x.nilai_kualitatif",
            TargetIku._meta.db_table,
            th,
        ),
        agg(
            "x.id, x.iku_id, x.tahun, x.triwulan, x.nilai, x.nilai_kualitatif, x.status, "
            "x.revisi, x.diajukan_pertama_pada, x.diajukan_pada, x.disetujui_pada, "
            "x.diverifikasi_pada, x.terlambat, x.jumlah_dikembalikan",
            RealisasiIku._meta.db_table,
            th,
        ),
        agg("x.id, x.realisasi_id, x.dihapus_pada", BuktiDukung._meta.db_table),
    ]
    return "SELECT {k}, md5(concat_ws('#', " + ", ".join(bagian) + "))"


def sidik_skema(
    schemas: Sequence[str], opd_ids: Sequence[int], tahun: int | None = None
) -> list[tuple[str, str | None]]:
    """For each schema, in the order given: a fingerprint (md5) of its rollup inputs and the
    fingerprint stored at its last rollup (``rollup_sidikopd``, None when never rolled up).
    One query for the whole group."""
    if not schemas:
        return []
    from kinerja.rollup.models import SidikOpd

    tersimpan = f", (SELECT sidik FROM {SidikOpd._meta.db_table} WHERE opd_id = %s AND tahun = %s)"
    parts = [_sql_sidik(tahun).format(k=k, s=_q(s)) + tersimpan for k, s in enumerate(schemas)]
    params: list[int] = []
    for opd_id in opd_ids:
        params += [tahun] * (2 if tahun is not None else 0) + [opd_id, tahun or 0]
    hasil: list[tuple[str, str | None]] = [("", None)] * len(schemas)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for k, sidik, lama in cursor.fetchall():
            hasil[k] = (sidik, lama)
    return hasil
