"""Read side of the province data (public schema only): lists, lookups and the IKD capaian
report. Every function here reads in a constant number of queries whatever the row count."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from kinerja.choices import Polaritas
from kinerja.daerah.models import (
    IndikatorDaerah,
    JadwalPelaporan,
    PeriodeRpjmd,
    PerpanjanganJadwal,
    PredikatBand,
    RealisasiDaerah,
    SkemaPredikat,
    TargetDaerah,
    TingkatKualitatif,
)
from kinerja.engine import (
    DEFAULT_BANDS,
    CapaianResult,
    capaian_terhadap_target_akhir,
    format_angka,
    hitung_capaian,
    predikat_for,
    validate_bands,
)
from kinerja.engine import PredikatBand as EngineBand
from kinerja.engine import SkalaKualitatif as EngineSkala
from kinerja.engine.jadwal import Jendela

logger = logging.getLogger(__name__)

__all__ = [
    "IkdCapaian",
    "engine_skala",
    "ikd_capaian_tahun",
    "ikd_list_with_capaian",
    "indikator_queryset",
    "jendela_opd",
    "nilai_engine",
    "periode_aktif",
    "periode_list",
    "skema_predikat_aktif",
]


def periode_list() -> QuerySet[PeriodeRpjmd]:
    return PeriodeRpjmd.objects.all()


def periode_aktif() -> PeriodeRpjmd | None:
    """The active periode with the latest start (None when there is none)."""
    return PeriodeRpjmd.objects.filter(aktif=True).order_by("-tahun_awal").first()


def skema_predikat_aktif() -> tuple[EngineBand, ...]:
    """Bands of the active scheme as engine bands (highest first); the engine's DEFAULT_BANDS
    when no scheme is active or the stored bands are somehow invalid (logged)."""
    skema = (
        SkemaPredikat.objects.filter(aktif=True)
        .prefetch_related(Prefetch("bands", queryset=PredikatBand.objects.order_by("-batas_bawah")))
        .first()
    )
    if skema is None:
        return DEFAULT_BANDS
    bands = tuple(b.as_engine() for b in skema.bands.all())
    errors = validate_bands(bands)
    if errors:
        logger.warning("Skema predikat aktif '%s' tidak valid: %s", skema.nama, "; ".join(errors))
        return DEFAULT_BANDS
    return bands


def indikator_queryset(periode: PeriodeRpjmd) -> QuerySet[IndikatorDaerah]:
    """Indicators of a periode with everything the report and the export read, prefetched."""
    return (
        IndikatorDaerah.objects.filter(periode=periode)
        .select_related("periode", "skala", "tujuan", "sasaran")
        .prefetch_related(
            Prefetch("target", queryset=TargetDaerah.objects.order_by("tahun")),
            Prefetch("realisasi", queryset=RealisasiDaerah.objects.order_by("tahun")),
            Prefetch("skala__tingkat", queryset=TingkatKualitatif.objects.order_by("-skor")),
        )
        .order_by("kode")
    )


def _tampil(value: Decimal | None, label: str = "") -> str:
    if label:
        return label
    if value is None:
        return ""
    return format_angka(value, places=None)


@dataclass(frozen=True)
class IkdCapaian:
    """One row of the IKD capaian report for a year."""

    indikator: IndikatorDaerah
    tahun: int
    target: TargetDaerah | None
    realisasi: RealisasiDaerah | None
    capaian: CapaianResult
    predikat: EngineBand | None
    realisasi_terakhir: RealisasiDaerah | None
    capaian_akhir: CapaianResult

    @property
    def target_tampil(self) -> str:
        t = self.target
        if t is None:
            return ""
        if self.indikator.polaritas == Polaritas.RENTANG and t.nilai_max is not None:
            return f"{_tampil(t.nilai)} – {_tampil(t.nilai_max)}"
        return _tampil(t.nilai, t.nilai_kualitatif)

    @property
    def realisasi_tampil(self) -> str:
        r = self.realisasi
        return "" if r is None else _tampil(r.nilai, r.nilai_kualitatif)

    @property
    def capaian_tampil(self) -> str:
        """ "107,14" (2 decimals, half-up) or "" when not computable (see ``capaian.alasan``)."""
        return "" if self.capaian.nilai is None else format_angka(self.capaian.nilai, 2)

    @property
    def capaian_akhir_tampil(self) -> str:
        nilai = self.capaian_akhir.nilai
        return "" if nilai is None else format_angka(nilai, 2)


def engine_skala(indikator: IndikatorDaerah) -> EngineSkala | None:
    """The engine form of an indicator's qualitative scale (levels as prefetched on
    ``indikator.skala.tingkat``), or None without a scale or when it has no levels yet."""
    if indikator.skala is None:
        return None
    tingkat = tuple((t.label, t.skor) for t in indikator.skala.tingkat.all())
    return EngineSkala(nama=indikator.skala.nama, tingkat=tingkat) if tingkat else None


def nilai_engine(
    indikator: IndikatorDaerah, nilai: Decimal | None, label: str
) -> Decimal | str | None:
    """A stored target/realisasi of an indicator as the engine takes it: the stripped label
    (None when blank) for a kualitatif indicator, else the number."""
    if indikator.polaritas == Polaritas.KUALITATIF:
        return label.strip() or None
    return nilai


def ikd_list_with_capaian(
    periode: PeriodeRpjmd, tahun: int, aspek: str | None = None
) -> list[IkdCapaian]:
    """Every IKD of ``periode`` (optionally of one ``aspek``) with its target and realisasi of
    ``tahun``, the engine's capaian (value, formula or reason), the predikat from the active
    scheme, and the capaian of the latest realisasi up to ``tahun`` against the final target.

    Queries: the indicators, their targets, realisasi and scale levels (prefetched) and the
    active scheme with its bands; the count does not depend on the number of IKD."""
    bands = skema_predikat_aktif()
    qs = indikator_queryset(periode).filter(is_ikd=True)
    if aspek:
        qs = qs.filter(aspek=aspek)
    return [ikd_capaian_tahun(ind, tahun, engine_skala(ind), bands) for ind in qs]


def ikd_capaian_tahun(
    ind: IndikatorDaerah,
    tahun: int,
    skala: EngineSkala | None,
    bands: Sequence[EngineBand] | None = None,
) -> IkdCapaian:
    """One IKD in one year on the rows prefetched by :func:`indikator_queryset` (no query):
    target and realisasi of ``tahun``, the engine's capaian, the predikat from ``bands`` (None
    without bands), and the latest realisasi up to ``tahun`` against the final target."""
    target = next((t for t in ind.target.all() if t.tahun == tahun), None)
    realisasi_list = [r for r in ind.realisasi.all() if r.tahun <= tahun]
    realisasi = next((r for r in realisasi_list if r.tahun == tahun), None)
    capaian = hitung_capaian(
        ind.polaritas,
        None
        if realisasi is None
        else nilai_engine(ind, realisasi.nilai, realisasi.nilai_kualitatif),
        None if target is None else nilai_engine(ind, target.nilai, target.nilai_kualitatif),
        target_max=None if target is None else target.nilai_max,
        skala=skala,
    )
    terakhir = next(
        (
            r
            for r in reversed(realisasi_list)
            if nilai_engine(ind, r.nilai, r.nilai_kualitatif) is not None
        ),
        None,
    )
    capaian_akhir = capaian_terhadap_target_akhir(
        ind.polaritas,
        None if terakhir is None else nilai_engine(ind, terakhir.nilai, terakhir.nilai_kualitatif),
        nilai_engine(ind, ind.target_akhir, ind.target_akhir_kualitatif),
        target_max=ind.target_akhir_max,
        skala=skala,
    )
    return IkdCapaian(
        indikator=ind,
        tahun=tahun,
        target=target,
        realisasi=realisasi,
        capaian=capaian,
        predikat=None if bands is None else predikat_for(capaian, bands),
        realisasi_terakhir=terakhir,
        capaian_akhir=capaian_akhir,
    )


def jendela_opd(schema_name: str, tahun: int, triwulan: int) -> Jendela | None:
    """The reporting window of one OPD (by schema) for tahun + triwulan, with its latest
    extension applied; None when Bappeda has not scheduled that triwulan. Readable from an OPD
    schema too (the public schema is on every search path)."""
    jadwal = JadwalPelaporan.objects.filter(tahun=tahun, triwulan=triwulan).first()
    if jadwal is None:
        return None
    perpanjangan = (
        PerpanjanganJadwal.objects.filter(jadwal=jadwal, opd__schema_name=schema_name)
        .order_by("-diberikan_pada", "-id")
        .first()
    )
    if perpanjangan is None:
        return Jendela(
            tahun, triwulan, jadwal.tanggal_buka, jadwal.batas_waktu, jadwal.tanggal_kunci
        )
    return Jendela(
        tahun,
        triwulan,
        jadwal.tanggal_buka,
        perpanjangan.batas_waktu,
        perpanjangan.tanggal_kunci,
        diperpanjang=True,
        alasan_perpanjangan=perpanjangan.alasan,
    )
