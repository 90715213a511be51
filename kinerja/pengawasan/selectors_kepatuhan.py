"""Read side of the compliance assessment and the early warning (public schema).

Every function reads in a constant number of queries, whatever the number of OPDs or IKU.

For the dashboard:

- :func:`ringkasan_kepatuhan` ``(tahun, triwulan) -> list[KepatuhanOpd]``: one entry per active
  OPD (ordered by singkatan) with its triwulan scores and category; ``kategori`` None when the
  period has not been scored for it (no window yet, or no run since).
- :func:`jumlah_berisiko` ``(tahun) -> list[JumlahBerisikoOpd]``: per OPD that has IKU in the
  rollup for that year, the number of IKU projected berisiko, not projectable and in total.

For the screens: :func:`tabel_kepatuhan`, :func:`riwayat_opd`, :func:`periode_tersedia`,
:func:`proyeksi_iku` and :func:`iku_berisiko`.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, cast

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from kinerja.choices import Polaritas as PolaritasChoices
from kinerja.choices import TipePerhitungan as TipePerhitunganChoices
from kinerja.daerah.selectors import skema_predikat_aktif
from kinerja.engine import DEFAULT_BANDS, PredikatBand
from kinerja.engine.capaian import CapaianResult, KodeAlasan, Polaritas, Rumus
from kinerja.engine.jadwal import BULAN, WITA, label_periode
from kinerja.engine.proyeksi import HasilProyeksi, StatusProyeksi, proyeksi_akhir_tahun
from kinerja.pengawasan.models import JenisPeriode, KategoriKepatuhan, NilaiKepatuhan
from kinerja.rollup.models import SnapshotIku, StatusSnapshot
from tenants.models import Opd

__all__ = [
    "BarisKepatuhan",
    "JumlahBerisikoOpd",
    "KepatuhanOpd",
    "ProyeksiIku",
    "iku_berisiko",
    "jumlah_berisiko",
    "label_periode_kepatuhan",
    "opd_aktif",
    "periode_tersedia",
    "proyeksi_iku",
    "ringkasan_kepatuhan",
    "riwayat_opd",
    "tabel_kepatuhan",
    "tahun_berjalan",
    "tahun_proyeksi",
]


def label_periode_kepatuhan(jenis: str, tahun: int, nomor: int) -> str:
    """ "Triwulan III 2026" or "Oktober 2026"."""
    if jenis == JenisPeriode.BULAN:
        return f"{BULAN[nomor - 1]} {tahun}"
    return label_periode(tahun, nomor)


def opd_aktif() -> list[Opd]:
    """Active OPDs (not the province row), by singkatan. One query."""
    return list(
        Opd.objects.filter(aktif=True)
        .exclude(schema_name=get_public_schema_name())
        .order_by("singkatan", "schema_name")
    )


# --- compliance -----------------------------------------------------------------------------


def periode_tersedia(jenis: str) -> list[tuple[int, int]]:
    """(tahun, nomor) of every period of ``jenis`` that has scores, newest first. One query."""
    return list(
        NilaiKepatuhan.objects.filter(jenis=jenis)
        .order_by("-tahun", "-nomor")
        .values_list("tahun", "nomor")
        .distinct()
    )


@dataclass
class BarisKepatuhan:
    """One OPD in the compliance table: its row for the chosen period (None: not scored) and
    its earlier periods of the same kind, newest first."""

    opd: Opd
    nilai: NilaiKepatuhan | None
    riwayat: list[NilaiKepatuhan] = field(default_factory=list)


def tabel_kepatuhan(
    jenis: str, tahun: int, nomor: int, *, riwayat: int = 4
) -> list[BarisKepatuhan]:
    """Every active OPD with its scores for the period and up to ``riwayat`` earlier periods
    of the same kind. Three queries."""
    opds = opd_aktif()
    ids = [o.pk for o in opds]
    sekarang = {
        n.opd_id: n
        for n in NilaiKepatuhan.objects.filter(
            opd_id__in=ids, jenis=jenis, tahun=tahun, nomor=nomor
        )
    }
    lalu: dict[int, list[NilaiKepatuhan]] = defaultdict(list)
    for n in NilaiKepatuhan.objects.filter(
        Q(tahun__lt=tahun) | Q(tahun=tahun, nomor__lt=nomor), opd_id__in=ids, jenis=jenis
    ).order_by("opd_id", "-tahun", "-nomor"):
        if len(lalu[n.opd_id]) < riwayat:
            lalu[n.opd_id].append(n)
    return [BarisKepatuhan(o, sekarang.get(o.pk), lalu.get(o.pk, [])) for o in opds]


def riwayat_opd(opd: Opd) -> dict[str, list[NilaiKepatuhan]]:
    """Every scored period of one OPD, per kind (``"triwulan"``, ``"bulan"``), newest first.
    One query."""
    hasil: dict[str, list[NilaiKepatuhan]] = {j.value: [] for j in JenisPeriode}
    for n in NilaiKepatuhan.objects.filter(opd=opd).order_by("jenis", "-tahun", "-nomor"):
        hasil[n.jenis].append(n)
    return hasil


@dataclass(frozen=True)
class KepatuhanOpd:
    """Compliance of one OPD in one triwulan, for the dashboard. Scores in percent (2
    decimals) or None (not assessable); ``kategori`` is ``baik``/``cukup``/``buruk``/
    ``tidak_dinilai``, or None when no score exists for the period."""

    opd_id: int
    schema_name: str
    singkatan: str
    nama: str
    disiplin: Decimal | None
    tanggung_jawab: Decimal | None
    kepatuhan: Decimal | None
    nilai_akhir: Decimal | None
    kategori: str | None
    label_kategori: str
    sementara: bool
    alasan: str


def ringkasan_kepatuhan(tahun: int, triwulan: int) -> list[KepatuhanOpd]:
    """Per active OPD, its compliance in triwulan ``triwulan`` of ``tahun`` (see the module
    docstring). Two queries."""
    hasil = []
    for baris in tabel_kepatuhan(JenisPeriode.TRIWULAN, tahun, triwulan, riwayat=0):
        o, n = baris.opd, baris.nilai
        hasil.append(
            KepatuhanOpd(
                opd_id=o.pk,
                schema_name=o.schema_name,
                singkatan=o.singkatan,
                nama=o.nama,
                disiplin=n.disiplin if n else None,
                tanggung_jawab=n.tanggung_jawab if n else None,
                kepatuhan=n.kepatuhan if n else None,
                nilai_akhir=n.nilai_akhir if n else None,
                kategori=n.kategori if n else None,
                label_kategori=(KategoriKepatuhan(n.kategori).label if n else "Belum dinilai"),
                sementara=n.sementara if n else False,
                alasan=n.alasan if n else "",
            )
        )
    return hasil


# --- early warning --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProyeksiIku:
    """One IKU of one OPD with its year-end projection. ``realisasi``: the reported value
    per triwulan (number, or label for kualitatif; quarters not reported are absent);
    ``target_tahunan`` / ``target_max`` / ``target_kualitatif``: the yearly target from the
    rollup (the TW4 snapshot); ``hasil``: the engine's projection (value, method and its
    explanation, capaian, predikat, status)."""

    opd_id: int
    opd_schema: str
    opd_singkatan: str
    opd_nama: str
    iku_id: int
    kode: str
    nama: str
    satuan: str
    polaritas: str
    tipe_perhitungan: str
    realisasi: dict[int, Decimal | str]
    target_tahunan: Decimal | None
    target_max: Decimal | None
    target_kualitatif: str
    hasil: HasilProyeksi

    @property
    def berisiko(self) -> bool:
        return self.hasil.status is StatusProyeksi.BERISIKO

    @property
    def label_tipe(self) -> str:
        return dict(TipePerhitunganChoices.choices).get(
            self.tipe_perhitungan, self.tipe_perhitungan
        )

    @property
    def label_polaritas(self) -> str:
        return dict(PolaritasChoices.choices).get(self.polaritas, self.polaritas)


CACHE_DETIK = 3600
ALASAN_TANPA_TW4 = (
    "Target tahunan tidak tersedia di data rollup (Triwulan IV tahun ini belum dijadwalkan)."
)


def tahun_proyeksi() -> list[int]:
    """Years that have snapshots, newest first. One query."""
    return list(SnapshotIku.objects.order_by("-tahun").values_list("tahun", flat=True).distinct())


def _kode_alasan(kode: str) -> KodeAlasan | None:
    try:
        return KodeAlasan(kode) if kode else None
    except ValueError:
        return None


_KOLOM_PROYEKSI = (
    "opd_id",
    "opd__schema_name",
    "opd__singkatan",
    "opd__nama",
    "iku_id",
    "triwulan",
    "kode",
    "nama",
    "satuan",
    "polaritas",
    "tipe_perhitungan",
    "status",
    "realisasi",
    "realisasi_kualitatif",
    "target",
    "target_max",
    "target_kualitatif",
    "capaian",
    "formula",
    "alasan",
    "kode_alasan",
)


def proyeksi_iku(
    tahun: int, opd: Opd | int | None = None, *, bands: Sequence[PredikatBand] | None = None
) -> list[ProyeksiIku]:
    """The year-end projection of every active IKU in the rollup for ``tahun`` (of one OPD or
    all active OPDs), ordered by OPD and kode. Values: every reported quarter, whatever its
    workflow state (the same values the OPD's own screens and the rollup's capaian use: a
    draft is the OPD's current best figure and an early warning should not wait for review).
    Bands: the active predikat scheme. Two or three queries."""
    if bands is None:
        bands = skema_predikat_aktif()
    if tuple(bands) == DEFAULT_BANDS:
        # The engine validates custom bands on every call and trusts its own defaults.
        bands = DEFAULT_BANDS
    qs = SnapshotIku.objects.filter(tahun=tahun, aktif=True, opd__aktif=True)
    if opd is not None:
        qs = qs.filter(opd_id=opd.pk if isinstance(opd, Opd) else opd)
    # Plain tuples, not model instances: a province-wide year is tens of thousands of rows.
    rows_qs = qs.order_by("opd__singkatan", "opd_id", "kode", "iku_id", "triwulan").values_list(
        *_KOLOM_PROYEKSI, named=True
    )
    per_iku: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for s in rows_qs:
        per_iku[(s.opd_id, s.iku_id)].append(s)

    hasil: list[ProyeksiIku] = []
    for (opd_id, iku_id), rows in per_iku.items():
        per_tw = {s.triwulan: s for s in rows}
        contoh = rows[-1]
        kualitatif = contoh.polaritas == Polaritas.KUALITATIF
        realisasi: dict[int, Decimal | str] = {}
        for tw, s in per_tw.items():
            if s.status == StatusSnapshot.BELUM_DIISI:
                continue
            if kualitatif and s.realisasi_kualitatif.strip():
                realisasi[tw] = s.realisasi_kualitatif.strip()
            elif not kualitatif and s.realisasi is not None:
                realisasi[tw] = s.realisasi
        tw4 = per_tw.get(4)
        target_sd = {tw: s.target for tw, s in per_tw.items() if tw < 4}
        capaian_kualitatif = None
        if kualitatif and tw4 is not None:
            # The rollup measured the last reported label against the yearly target with the
            # IKU's scale (TW4 row); the snapshot does not carry the scale itself.
            capaian_kualitatif = CapaianResult(
                polaritas=Polaritas.KUALITATIF,
                nilai=tw4.capaian,
                formula=tw4.formula or Rumus.KUALITATIF,
                alasan=tw4.alasan or None,
                kode_alasan=_kode_alasan(tw4.kode_alasan),
            )
        h = proyeksi_akhir_tahun(
            contoh.tipe_perhitungan,
            contoh.polaritas,
            realisasi,
            (tw4.target_kualitatif or None)
            if kualitatif and tw4
            else (tw4.target if tw4 else None),
            target_max=tw4.target_max if tw4 else None,
            target_sd=target_sd,
            capaian_kualitatif=capaian_kualitatif,
            bands=bands,
        )
        if tw4 is None and realisasi and h.status is StatusProyeksi.TIDAK_DAPAT:
            h = replace(h, alasan=ALASAN_TANPA_TW4)
        hasil.append(
            ProyeksiIku(
                opd_id=opd_id,
                opd_schema=contoh.opd__schema_name,
                opd_singkatan=contoh.opd__singkatan,
                opd_nama=contoh.opd__nama,
                iku_id=iku_id,
                kode=contoh.kode,
                nama=contoh.nama,
                satuan=contoh.satuan,
                polaritas=contoh.polaritas,
                tipe_perhitungan=contoh.tipe_perhitungan,
                realisasi=dict(sorted(realisasi.items())),
                target_tahunan=tw4.target if tw4 else None,
                target_max=tw4.target_max if tw4 else None,
                target_kualitatif=tw4.target_kualitatif if tw4 else "",
                hasil=h,
            )
        )
    return hasil


def iku_berisiko(
    tahun: int, opd: Opd | int | None = None, *, bands: Sequence[PredikatBand] | None = None
) -> list[ProyeksiIku]:
    """Only the IKU projected berisiko (:func:`proyeksi_iku`), province-wide or one OPD."""
    return [p for p in proyeksi_iku(tahun, opd, bands=bands) if p.berisiko]


@dataclass(frozen=True)
class JumlahBerisikoOpd:
    """Early-warning counts of one OPD in one year."""

    opd_id: int
    schema_name: str
    singkatan: str
    nama: str
    berisiko: int
    tidak_dapat: int
    jumlah_iku: int


def jumlah_berisiko(tahun: int) -> list[JumlahBerisikoOpd]:
    """Per OPD with active IKU in the rollup for ``tahun`` (ordered by singkatan): how many
    are projected berisiko, how many cannot be projected, and how many IKU in total.

    Cached (the dashboard asks on every view, and a province-wide projection costs about
    0.4 ms per IKU): the key holds the year's snapshot count and latest write time and the
    active bands, so any rollup write, OPD (de)activation or scheme change misses it. Three
    queries on a hit."""
    bands = skema_predikat_aktif()
    sidik = SnapshotIku.objects.filter(tahun=tahun, opd__aktif=True).aggregate(
        n=Count("id"), t=Max("diperbarui")
    )
    teks = repr((tahun, sidik["n"], sidik["t"], tuple(bands)))
    kunci = (
        "pengawasan:jumlah-berisiko:"
        + hashlib.md5(teks.encode(), usedforsecurity=False).hexdigest()
    )
    tersimpan = cache.get(kunci)
    if tersimpan is not None:
        return cast(list[JumlahBerisikoOpd], tersimpan)
    hitung: dict[int, list[int]] = {}
    info: dict[int, tuple[str, str, str]] = {}
    for p in proyeksi_iku(tahun, bands=bands):
        c = hitung.setdefault(p.opd_id, [0, 0, 0])
        c[0] += int(p.hasil.status is StatusProyeksi.BERISIKO)
        c[1] += int(p.hasil.status is StatusProyeksi.TIDAK_DAPAT)
        c[2] += 1
        info[p.opd_id] = (p.opd_schema, p.opd_singkatan, p.opd_nama)
    hasil = [
        JumlahBerisikoOpd(
            opd_id=opd_id,
            schema_name=info[opd_id][0],
            singkatan=info[opd_id][1],
            nama=info[opd_id][2],
            berisiko=c[0],
            tidak_dapat=c[1],
            jumlah_iku=c[2],
        )
        for opd_id, c in hitung.items()
    ]
    cache.set(kunci, hasil, timeout=CACHE_DETIK)
    return hasil


def tahun_berjalan() -> int:
    """The current year in WITA."""
    return timezone.now().astimezone(WITA).year
