"""Read side of one OPD's performance plan (OPD schemas only).

Lists are built with a constant number of queries: OPD rows with ``select_related`` /
``prefetch_related``, and the public rows they point at (RPJMD sasaran, IKD) fetched once by id.
A reference whose public row is gone reads as "tidak selaras", never as an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Protocol

from django.db.models import Prefetch, QuerySet

from kinerja.choices import Polaritas, TipePerhitungan
from kinerja.daerah.models import IndikatorDaerah, PeriodeRpjmd, SasaranRpjmd
from kinerja.engine import (
    DEFAULT_BANDS,
    CapaianResult,
    KodeAlasan,
    NilaiTahunan,
    PredikatBand,
    SkalaKualitatif,
    format_angka,
    hitung_capaian,
    nilai_tahunan_sampai,
    predikat_for,
    target_sampai,
)
from kinerja.opd.models import (
    Iku,
    PerjanjianKinerja,
    Renstra,
    SasaranStrategis,
    TargetIku,
)

__all__ = [
    "CapaianIku",
    "IkuRingkasan",
    "capaian_iku",
    "capaian_iku_sampai",
    "ikd_pilihan",
    "iku_list",
    "peringatan_iku",
    "peringatan_target",
    "periode_rpjmd_pilihan",
    "pk_berlaku",
    "pk_detail",
    "pk_draf",
    "pk_list",
    "renstra_list",
    "renstra_terkini",
    "renstra_untuk_tahun",
    "sasaran_rpjmd_pilihan",
    "teks_target",
]

TIDAK_SELARAS = "tidak selaras"


class _Target(Protocol):
    tahun: int | None
    triwulan: int | None
    nilai: Decimal | None
    nilai_max: Decimal | None
    nilai_kualitatif: str


# --- Renstra and the public choices ----------------------------------------------------------


def renstra_list() -> QuerySet[Renstra]:
    return Renstra.objects.order_by("-tahun_awal")


def renstra_terkini() -> Renstra | None:
    """The Renstra with the latest start year (the one templates and exports default to)."""
    return renstra_list().first()


def renstra_untuk_tahun(tahun: int) -> Renstra | None:
    return Renstra.objects.filter(tahun_awal__lte=tahun, tahun_akhir__gte=tahun).first()


def periode_rpjmd_pilihan() -> QuerySet[PeriodeRpjmd]:
    return PeriodeRpjmd.objects.order_by("-tahun_awal")


def sasaran_rpjmd_pilihan(periode_ids: Iterable[int] | None = None) -> QuerySet[SasaranRpjmd]:
    """Public RPJMD sasaran an OPD sasaran may align to: those of the given RPJMD periods, by
    default the periods of this OPD's Renstra (all periods when it has none yet)."""
    if periode_ids is None:
        periode_ids = list(Renstra.objects.values_list("periode_rpjmd_id", flat=True))
    qs = SasaranRpjmd.objects.select_related("tujuan__misi__periode").order_by(
        "-tujuan__misi__periode__tahun_awal", "kode"
    )
    periode_ids = list(periode_ids)
    return qs.filter(tujuan__misi__periode_id__in=periode_ids) if periode_ids else qs


def ikd_pilihan(periode_ids: Iterable[int] | None = None) -> QuerySet[IndikatorDaerah]:
    """Public IKD an IKU may feed (flagged IKD, of this OPD's RPJMD periods by default)."""
    if periode_ids is None:
        periode_ids = list(Renstra.objects.values_list("periode_rpjmd_id", flat=True))
    qs = IndikatorDaerah.objects.filter(is_ikd=True).order_by("kode")
    periode_ids = list(periode_ids)
    return qs.filter(periode_id__in=periode_ids) if periode_ids else qs


# --- targets: display and warnings -----------------------------------------------------------


def teks_target(
    nilai: Decimal | None, nilai_max: Decimal | None, nilai_kualitatif: str, polaritas: str
) -> str:
    """A target as people write it: "12,5", "10 – 20" (rentang) or "WTP" (kualitatif)."""
    if polaritas == Polaritas.KUALITATIF:
        return (nilai_kualitatif or "").strip()
    if polaritas == Polaritas.RENTANG and nilai is not None and nilai_max is not None:
        return f"{format_angka(nilai, None)} – {format_angka(nilai_max, None)}"
    return "" if nilai is None else format_angka(nilai, None)


def _a(value: Decimal) -> str:
    return format_angka(value, None)


def peringatan_target(targets: Sequence[_Target], *, tipe: str, polaritas: str) -> list[str]:
    """Warnings (not errors) about the quarterly targets of each year against the yearly one.

    kumulatif: TW1 + … + TW4 should equal the year; posisi_akhir: TW4 should equal the year;
    rata_rata: the mean of the quarters should equal the year (rentang: both bounds);
    kualitatif: TW4's label should equal the year's. Also: quarters without a yearly target,
    incomplete quarters and targets of 0 (capaian cannot be computed).
    """
    per_tahun: dict[int, dict[int, _Target]] = {}
    for t in targets:
        if t.tahun is None:
            continue
        per_tahun.setdefault(t.tahun, {})[t.triwulan or 0] = t
    pesan: list[str] = []
    for tahun in sorted(per_tahun):
        rows = per_tahun[tahun]
        tahunan = rows.get(0)
        tw = {q: rows[q] for q in (1, 2, 3, 4) if q in rows}
        if polaritas in (Polaritas.POSITIF, Polaritas.NEGATIF, Polaritas.STABIL):
            for q, t in sorted(rows.items()):
                if t.nilai is not None and t.nilai == 0:
                    nama = f"Target {tahun}" + (f" TW{q}" if q else "")
                    pesan.append(f"{nama} bernilai 0: capaian tidak akan dapat dihitung.")
        if not tw:
            continue
        if tahunan is None:
            pesan.append(f"Target {tahun}: ada target triwulan tetapi target tahunan belum diisi.")
            continue
        kosong = [q for q in (1, 2, 3, 4) if q not in tw]
        if kosong:
            daftar = ", ".join(f"TW{q}" for q in kosong)
            pesan.append(f"Target {tahun}: target triwulan belum lengkap ({daftar} kosong).")
        if polaritas == Polaritas.KUALITATIF:
            akhir = tw.get(4)
            if (
                akhir is not None
                and (akhir.nilai_kualitatif or "").strip().casefold()
                != (tahunan.nilai_kualitatif or "").strip().casefold()
            ):
                pesan.append(
                    f"Target {tahun}: target TW4 ('{akhir.nilai_kualitatif}') tidak sama dengan "
                    f"target tahunan ('{tahunan.nilai_kualitatif}')."
                )
            continue
        atribut = ["nilai", "nilai_max"] if polaritas == Polaritas.RENTANG else ["nilai"]
        for attr in atribut:
            tahun_nilai = getattr(tahunan, attr)
            if tahun_nilai is None:
                continue
            sebutan = {"nilai": "", "nilai_max": " (batas atas)"}[attr]
            if tipe == TipePerhitungan.POSISI_AKHIR:
                akhir = tw.get(4)
                nilai_tw4 = getattr(akhir, attr) if akhir is not None else None
                if nilai_tw4 is not None and nilai_tw4 != tahun_nilai:
                    pesan.append(
                        f"Target {tahun}{sebutan}: target TW4 ({_a(nilai_tw4)}) tidak sama "
                        f"dengan target tahunan ({_a(tahun_nilai)}) padahal tipe perhitungan "
                        "posisi akhir."
                    )
                continue
            if kosong:
                continue
            values = [getattr(tw[q], attr) for q in (1, 2, 3, 4)]
            if any(v is None for v in values):
                continue
            jumlah = sum(values, Decimal(0))
            if tipe == TipePerhitungan.KUMULATIF and jumlah != tahun_nilai:
                pesan.append(
                    f"Target {tahun}{sebutan}: jumlah target TW1–TW4 ({_a(jumlah)}) tidak sama "
                    f"dengan target tahunan ({_a(tahun_nilai)}) padahal tipe perhitungan "
                    "kumulatif."
                )
            elif tipe == TipePerhitungan.RATA_RATA and jumlah / 4 != tahun_nilai:
                pesan.append(
                    f"Target {tahun}{sebutan}: rata-rata target TW1–TW4 ({_a(jumlah / 4)}) tidak "
                    f"sama dengan target tahunan ({_a(tahun_nilai)}) padahal tipe perhitungan "
                    "rata-rata."
                )
    return pesan


def peringatan_iku(iku: Iku, tahun: int | None = None) -> list[str]:
    """Warnings of an IKU's saved targets (all years, or one)."""
    targets = TargetIku.objects.filter(iku=iku)
    if tahun is not None:
        targets = targets.filter(tahun=tahun)
    return peringatan_target(list(targets), tipe=iku.tipe_perhitungan, polaritas=iku.polaritas)


# --- IKU list --------------------------------------------------------------------------------


@dataclass
class IkuRingkasan:
    """One row of the IKU overview of a year."""

    iku: Iku
    tahun: int
    target_tahunan: TargetIku | None
    target_triwulan: dict[int, TargetIku | None]
    selaras: bool
    keselarasan: str
    sasaran_rpjmd_kode: str | None = None
    sasaran_rpjmd_uraian: str | None = None
    ikd_kode: str | None = None
    ikd_nama: str | None = None
    peringatan: list[str] = field(default_factory=list)

    def _teks(self, t: TargetIku | None) -> str:
        if t is None:
            return ""
        return teks_target(t.nilai, t.nilai_max, t.nilai_kualitatif, self.iku.polaritas)

    @property
    def teks_tahunan(self) -> str:
        return self._teks(self.target_tahunan)

    @property
    def teks_triwulan(self) -> list[str]:
        return [self._teks(self.target_triwulan.get(q)) for q in (1, 2, 3, 4)]


def _keselarasan(
    sasaran: SasaranStrategis, rpjmd: Mapping[int, SasaranRpjmd]
) -> tuple[bool, str, str | None, str | None]:
    row = rpjmd.get(sasaran.sasaran_rpjmd_id)
    if row is None:
        return False, f"{TIDAK_SELARAS} (sasaran RPJMD tidak ditemukan)", None, None
    if row.tujuan.misi.periode_id != sasaran.tujuan.renstra.periode_rpjmd_id:
        return False, f"{TIDAK_SELARAS} (sasaran RPJMD {row.kode} periode lain)", row.kode, None
    return True, f"{row.kode} {row.uraian}", row.kode, row.uraian


def iku_list(
    tahun: int, *, aktif: bool | None = None, renstra: Renstra | None = None
) -> list[IkuRingkasan]:
    """IKU with their targets of ``tahun`` (year + quarters), alignment to the RPJMD sasaran
    ("tidak selaras" for a dangling or other-period reference), the IKD they feed and the target
    warnings. Four queries whatever the number of IKU."""
    qs = Iku.objects.select_related("sasaran__tujuan__renstra").prefetch_related(
        Prefetch(
            "target",
            queryset=TargetIku.objects.filter(tahun=tahun).order_by("triwulan"),
            to_attr="target_tahun",
        )
    )
    if aktif is not None:
        qs = qs.filter(aktif=aktif)
    if renstra is not None:
        qs = qs.filter(sasaran__tujuan__renstra=renstra)
    ikus = list(qs.order_by("kode"))
    rpjmd_ids = {i.sasaran.sasaran_rpjmd_id for i in ikus}
    ikd_ids = {i.ikd_id for i in ikus if i.ikd_id}
    rpjmd = SasaranRpjmd.objects.select_related("tujuan__misi").in_bulk(rpjmd_ids) if ikus else {}
    ikd = IndikatorDaerah.objects.only("id", "kode", "nama").in_bulk(ikd_ids) if ikd_ids else {}
    hasil = []
    for iku in ikus:
        targets: list[TargetIku] = iku.target_tahun  # type: ignore[attr-defined]
        selaras, teks, kode, uraian = _keselarasan(iku.sasaran, rpjmd)
        ikd_row = ikd.get(iku.ikd_id) if iku.ikd_id else None
        hasil.append(
            IkuRingkasan(
                iku=iku,
                tahun=tahun,
                target_tahunan=next((t for t in targets if t.triwulan is None), None),
                target_triwulan={
                    q: next((t for t in targets if t.triwulan == q), None) for q in (1, 2, 3, 4)
                },
                selaras=selaras,
                keselarasan=teks,
                sasaran_rpjmd_kode=kode,
                sasaran_rpjmd_uraian=uraian,
                ikd_kode=ikd_row.kode if ikd_row else None,
                ikd_nama=ikd_row.nama if ikd_row else None,
                peringatan=peringatan_target(
                    targets, tipe=iku.tipe_perhitungan, polaritas=iku.polaritas
                ),
            )
        )
    return hasil


# --- Perjanjian Kinerja ----------------------------------------------------------------------


def pk_list(tahun: int | None = None) -> QuerySet[PerjanjianKinerja]:
    qs = PerjanjianKinerja.objects.order_by("-tahun", "-versi")
    return qs.filter(tahun=tahun) if tahun is not None else qs


def pk_draf(tahun: int) -> PerjanjianKinerja | None:
    return pk_list(tahun).filter(status=PerjanjianKinerja.Status.DRAFT).first()


def pk_berlaku(tahun: int) -> PerjanjianKinerja | None:
    """The signed PK in force for ``tahun`` (replaced versions excluded)."""
    return pk_list(tahun).filter(status=PerjanjianKinerja.Status.DITANDATANGANI).first()


def pk_detail(pk_id: int) -> PerjanjianKinerja | None:
    return (
        PerjanjianKinerja.objects.prefetch_related("item__iku")
        .select_related("dicatat_oleh")
        .filter(pk=pk_id)
        .first()
    )


# --- capaian ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapaianIku:
    """Capaian of one IKU for one year (or up to a quarter of a running year), with what it
    was measured against so the UI can explain it."""

    iku: Iku
    tahun: int
    sampai_triwulan: int
    acuan: str
    target: Decimal | None
    target_max: Decimal | None
    target_kualitatif: str | None
    realisasi: NilaiTahunan | None
    realisasi_kualitatif: str | None
    capaian: CapaianResult
    predikat: PredikatBand | None


def _targets_tahun(iku: Iku, tahun: int) -> list[TargetIku]:
    cache = getattr(iku, "_prefetched_objects_cache", {})
    if "target" in cache:
        return [t for t in iku.target.all() if t.tahun == tahun]
    if getattr(iku, "target_tahun", None) is not None:
        return [t for t in iku.target_tahun if t.tahun == tahun]  # type: ignore[attr-defined]
    return list(TargetIku.objects.filter(iku=iku, tahun=tahun))


def capaian_iku(
    iku: Iku,
    tahun: int,
    realisasi_per_triwulan: Mapping[int, Decimal | int | str | None],
    *,
    triwulan_berjalan: int | None = None,
    skala: SkalaKualitatif | None = None,
    bands: Sequence[PredikatBand] = DEFAULT_BANDS,
) -> CapaianIku:
    """Capaian of ``iku`` in ``tahun`` from the realisasi per triwulan (None = not reported).

    The yearly realisasi follows the IKU's tipe perhitungan (engine ``nilai_tahunan``). For a
    completed year (``triwulan_berjalan`` None or 4) it is measured against the yearly target
    (or, without one, against the quarterly targets added up the same way); for a running year
    against the target up to the last ended quarter (``target_kumulatif_sampai``). Kualitatif
    IKU take the last reported label and compare scores on ``skala`` (read from the IKU's public
    scale when not given). Predikat from ``bands`` (None when not computable).
    """
    sampai = 4 if triwulan_berjalan is None else triwulan_berjalan
    return capaian_iku_sampai(
        iku, tahun, realisasi_per_triwulan, (sampai,), skala=skala, bands=bands
    )[0]


def capaian_iku_sampai(
    iku: Iku,
    tahun: int,
    realisasi_per_triwulan: Mapping[int, Decimal | int | str | None],
    sampai: Sequence[int],
    *,
    skala: SkalaKualitatif | None = None,
    bands: Sequence[PredikatBand] = DEFAULT_BANDS,
) -> list[CapaianIku]:
    """:func:`capaian_iku` with ``triwulan_berjalan`` = each of ``sampai`` (0-4), in order: the
    capaian s.d. every quarter of a year from one read of the targets and one validation of the
    values (the rollup writes a row per quarter). ``capaian_iku`` is this function with one
    quarter, so both always agree."""
    polaritas = Polaritas(iku.polaritas)
    targets = _targets_tahun(iku, tahun)
    tahunan = next((t for t in targets if t.triwulan is None), None)
    per_tw = {t.triwulan: t for t in targets if t.triwulan}

    if polaritas == Polaritas.KUALITATIF:
        if skala is None and iku.skala_id:
            from kinerja.opd.services import skala_engine

            skala = skala_engine(iku.skala_id)
        hasil_kualitatif = []
        for s in sampai:
            dilaporkan = {
                q: str(v)
                for q, v in realisasi_per_triwulan.items()
                if v is not None and str(v).strip() and q <= s
            }
            label = dilaporkan[max(dilaporkan)] if dilaporkan else None
            if s >= 4:
                sumber = tahunan or per_tw.get(4)
                acuan = f"Target tahunan {tahun}"
            else:
                sumber = per_tw.get(s) if s else None
                acuan = f"Target TW{s} {tahun}"
            target_label = (sumber.nilai_kualitatif or None) if sumber else None
            hasil = hitung_capaian(polaritas, label, target_label, skala=skala)
            hasil_kualitatif.append(
                CapaianIku(
                    iku=iku,
                    tahun=tahun,
                    sampai_triwulan=s,
                    acuan=acuan,
                    target=None,
                    target_max=None,
                    target_kualitatif=target_label,
                    realisasi=None,
                    realisasi_kualitatif=label,
                    capaian=hasil,
                    predikat=predikat_for(hasil, bands),
                )
            )
        return hasil_kualitatif

    angka = {
        q: v for q, v in realisasi_per_triwulan.items() if v is None or isinstance(v, Decimal | int)
    }
    realisasi_semua = nilai_tahunan_sampai(iku.tipe_perhitungan, angka, sampai)
    # Quarterly targets added up per tipe, s.d. each quarter that needs them (1-4).
    perlu = sorted({s for s in sampai if 0 < s < 4} | ({4} if tahunan is None else set()))
    target_tw: dict[int, tuple[Decimal | None, Decimal | None]] = {}
    if perlu:
        nilai = target_sampai(iku.tipe_perhitungan, {k: t.nilai for k, t in per_tw.items()}, perlu)
        batas_atas = {k: t.nilai_max for k, t in per_tw.items()}
        # Without any upper bound (every polaritas but rentang) the answer is None throughout.
        maks = (
            target_sampai(iku.tipe_perhitungan, batas_atas, perlu)
            if any(v is not None for v in batas_atas.values())
            else (None,) * len(perlu)
        )
        target_tw = {q: (nilai[i], maks[i]) for i, q in enumerate(perlu)}

    hasil_angka = []
    for s, realisasi in zip(sampai, realisasi_semua, strict=True):
        target_max: Decimal | None = None
        if s >= 4:
            acuan = f"Target tahunan {tahun}"
            if tahunan is not None:
                target, target_max = tahunan.nilai, tahunan.nilai_max
            else:
                acuan = f"Target triwulan {tahun} (TW1–TW4)"
                target, target_max = target_tw[4]
        elif s == 0:
            acuan, target = f"Target {tahun}", None
        else:
            acuan = f"Target s.d. TW{s} {tahun}"
            target, target_max = target_tw[s]

        hasil = hitung_capaian(polaritas, realisasi.nilai, target, target_max=target_max)
        if realisasi.nilai is None and (s == 0 or hasil.kode_alasan == KodeAlasan.REALISASI_KOSONG):
            # Say why there is no yearly realisasi (e.g. no quarter has ended yet).
            hasil = replace(hasil, alasan=realisasi.alasan, kode_alasan=realisasi.kode_alasan)
        hasil_angka.append(
            CapaianIku(
                iku=iku,
                tahun=tahun,
                sampai_triwulan=s,
                acuan=acuan,
                target=target,
                target_max=target_max,
                target_kualitatif=None,
                realisasi=realisasi,
                realisasi_kualitatif=None,
                capaian=hasil,
                predikat=predikat_for(hasil, bands),
            )
        )
    return hasil_angka
