"""Early warning: projected year-end capaian of an IKU from the quarters reported so far.

The projection extends the quarters reported so far to the whole year, per tipe perhitungan,
then measures it like any yearly realisasi: :func:`~kinerja.engine.capaian.hitung_capaian`
against the YEARLY target, predikat from the active scheme's bands. The quarterly aggregation
itself is :func:`~kinerja.engine.triwulan.nilai_tahunan` (one formula for the whole platform).

How each tipe is projected (the text in :attr:`HasilProyeksi.uraian` says it per IKU):

- **kumulatif** (a flow, summed over the year):
  - when TW1..TWk are all reported and the cumulative target up to TWk is known and > 0:
    *following the pattern of the quarterly targets*: realisasi s.d. TWk ÷ target s.d. TWk ×
    target tahunan. Quarterly targets encode the expected seasonality (budget absorption is
    back-loaded, harvests are not), so an OPD exactly on its quarterly plan is projected at
    exactly its yearly target;
  - otherwise *run-rate*: sum of the reported quarters ÷ their number × 4 (each missing quarter
    assumed like the average reported one, as ``nilai_tahunan`` skips rather than zeroes it).
- **posisi akhir** (a stock or a rate at a point in time): the last reported value is assumed to
  hold until the end of the year. A linear trend of the last two quarters was rejected: two
  points are noisy and the line easily leaves the indicator's domain (a percentage above 100).
- **rata-rata**: the mean of the reported quarters is assumed to continue.
- **kualitatif** (labels): the last reported label is assumed to hold (posisi akhir); its
  capaian is score(label) / score(target) × 100 on the IKU's scale.

When all four quarters are reported there is nothing to project: the yearly value itself is
used (method ``realisasi_setahun``).

**Berisiko**: the projected predikat ranks below the reference band. Ranks come from the
band ORDER of the scheme (by lower bound), not from labels: the reference is the band with
code ``tinggi`` (the issue's wording) when the scheme has one, otherwise the second band from
the top; a scheme with a single band flags nothing. When the capaian cannot be computed (no
quarter reported, no yearly target, target 0, unknown label, ...) the IKU is **tidak dapat
diproyeksikan**, with the reason, and is never counted as berisiko.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from enum import StrEnum

from kinerja.engine.capaian import (
    CapaianResult,
    Polaritas,
    SkalaKualitatif,
    hitung_capaian,
)
from kinerja.engine.numbers import format_angka
from kinerja.engine.predikat import DEFAULT_BANDS, PredikatBand, predikat_for
from kinerja.engine.triwulan import TipePerhitungan, nilai_tahunan

__all__ = [
    "KODE_ACUAN",
    "HasilProyeksi",
    "MetodeProyeksi",
    "StatusProyeksi",
    "band_acuan",
    "di_bawah_acuan",
    "proyeksi_akhir_tahun",
]

_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)
_EMPAT = Decimal(4)
KODE_ACUAN = "tinggi"


class StatusProyeksi(StrEnum):
    AMAN = "aman"
    BERISIKO = "berisiko"
    TIDAK_DAPAT = "tidak_dapat_diproyeksikan"


LABEL_STATUS: dict[StatusProyeksi, str] = {
    StatusProyeksi.AMAN: "Aman",
    StatusProyeksi.BERISIKO: "Berisiko",
    StatusProyeksi.TIDAK_DAPAT: "Tidak dapat diproyeksikan",
}


class MetodeProyeksi(StrEnum):
    REALISASI_SETAHUN = "realisasi_setahun"  # all four quarters reported: no projection
    POLA_TARGET = "pola_target"  # kumulatif: s.d. TWk relative to the target s.d. TWk
    LAJU_RATA_RATA = "laju_rata_rata"  # kumulatif run-rate: mean quarter × 4
    NILAI_TERAKHIR = "nilai_terakhir"  # posisi akhir
    RATA_RATA = "rata_rata"  # rata-rata
    LABEL_TERAKHIR = "label_terakhir"  # kualitatif


@dataclass(frozen=True, kw_only=True)
class HasilProyeksi:
    """The projection of one IKU: the year-end value (``nilai``, or ``label`` for kualitatif),
    how it was obtained (``metode``, ``uraian`` in Indonesian), the quarters it used, its
    capaian and predikat against the yearly target, and the verdict ``status``. ``alasan``
    says why when the status is *tidak dapat diproyeksikan*."""

    status: StatusProyeksi
    metode: MetodeProyeksi | None
    nilai: Decimal | None
    label: str | None
    uraian: str
    triwulan_dipakai: tuple[int, ...]
    capaian: CapaianResult | None
    predikat: PredikatBand | None
    acuan: PredikatBand | None
    alasan: str | None = None

    @property
    def berisiko(self) -> bool:
        return self.status is StatusProyeksi.BERISIKO

    @property
    def label_status(self) -> str:
        return LABEL_STATUS[self.status]


def band_acuan(bands: Sequence[PredikatBand], kode: str = KODE_ACUAN) -> PredikatBand | None:
    """The reference band below which an IKU is berisiko: the band with ``kode``, else the
    second band from the top (bands ordered by lower bound); None for a single band."""
    urut = sorted(bands, key=lambda b: b.batas_bawah, reverse=True)
    for band in urut:
        if band.kode == kode:
            return band
    return urut[1] if len(urut) > 1 else None


def di_bawah_acuan(predikat: PredikatBand, acuan: PredikatBand | None) -> bool:
    """Whether ``predikat`` ranks below ``acuan`` in the band order (lower bounds compared)."""
    return acuan is not None and predikat.batas_bawah < acuan.batas_bawah


def _fmt(nilai: Decimal) -> str:
    """Indonesian number for the explanation: exact when short, else 2 decimals."""
    exponent = nilai.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -4:
        return format_angka(nilai, places=None)
    return format_angka(nilai, 2)


def _tidak_dapat(
    alasan: str,
    *,
    uraian: str = "",
    metode: MetodeProyeksi | None = None,
    nilai: Decimal | None = None,
    label: str | None = None,
    dipakai: tuple[int, ...] = (),
    capaian: CapaianResult | None = None,
    acuan: PredikatBand | None = None,
) -> HasilProyeksi:
    return HasilProyeksi(
        status=StatusProyeksi.TIDAK_DAPAT,
        metode=metode,
        nilai=nilai,
        label=label,
        uraian=uraian,
        triwulan_dipakai=dipakai,
        capaian=capaian,
        predikat=None,
        acuan=acuan,
        alasan=alasan,
    )


def _nilai_proyeksi(
    tipe: TipePerhitungan,
    angka: dict[int, Decimal],
    target_tahunan: Decimal | None,
    target_sd: Mapping[int, Decimal | int | None],
) -> tuple[Decimal, MetodeProyeksi, str]:
    """(projected value, method, explanation) from at least one reported quarter."""
    tahunan = nilai_tahunan(tipe, angka)
    assert tahunan.nilai is not None  # at least one quarter was given
    dilaporkan = sorted(angka)
    if dilaporkan == [1, 2, 3, 4]:
        return (
            tahunan.nilai,
            MetodeProyeksi.REALISASI_SETAHUN,
            "Keempat triwulan sudah dilaporkan; dipakai nilai tahunan "
            f"{tahunan.formula} = {_fmt(tahunan.nilai)} (bukan proyeksi).",
        )
    k = dilaporkan[-1]
    if tipe is TipePerhitungan.POSISI_AKHIR:
        return (
            tahunan.nilai,
            MetodeProyeksi.NILAI_TERAKHIR,
            f"Posisi akhir: nilai triwulan terakhir yang dilaporkan (TW{k} = "
            f"{_fmt(tahunan.nilai)}) dianggap bertahan sampai akhir tahun.",
        )
    if tipe is TipePerhitungan.RATA_RATA:
        return (
            tahunan.nilai,
            MetodeProyeksi.RATA_RATA,
            f"Rata-rata: rata-rata triwulan yang dilaporkan ({tahunan.formula} = "
            f"{_fmt(tahunan.nilai)}) dianggap berlanjut sampai akhir tahun.",
        )
    jumlah = tahunan.nilai
    t_sd = target_sd.get(k)
    if (
        dilaporkan == list(range(1, k + 1))
        and t_sd is not None
        and Decimal(t_sd) > 0
        and target_tahunan is not None
    ):
        t_sd = Decimal(t_sd)
        with localcontext(_CONTEXT):
            nilai = jumlah * target_tahunan / t_sd
        return (
            nilai,
            MetodeProyeksi.POLA_TARGET,
            f"Kumulatif, mengikuti pola target triwulan: realisasi s.d. TW{k} ({_fmt(jumlah)}) "
            f"÷ target s.d. TW{k} ({_fmt(t_sd)}) × target tahunan ({_fmt(target_tahunan)}) "
            f"= {_fmt(nilai)}.",
        )
    n = len(dilaporkan)
    with localcontext(_CONTEXT):
        nilai = jumlah / Decimal(n) * _EMPAT
    if n == 1:
        rumus = f"TW{dilaporkan[0]} × 4 = {_fmt(jumlah)} × 4"
    else:
        suku = " + ".join(f"TW{q}" for q in dilaporkan)
        rumus = f"({suku}) ÷ {n} × 4 = {_fmt(jumlah)} ÷ {n} × 4"
    return (
        nilai,
        MetodeProyeksi.LAJU_RATA_RATA,
        f"Kumulatif, laju rata-rata: {rumus} = {_fmt(nilai)} (tanpa target triwulan lengkap, "
        "setiap triwulan dianggap sama).",
    )


def _angka(nilai: Decimal | int | str | None, nama: str) -> Decimal | None:
    if nilai is None:
        return None
    if isinstance(nilai, bool) or not isinstance(nilai, Decimal | int):
        raise TypeError(f"{nama} must be Decimal, int or None for a numeric polaritas")
    return Decimal(nilai)


def proyeksi_akhir_tahun(
    tipe: TipePerhitungan | str,
    polaritas: Polaritas | str,
    realisasi_per_triwulan: Mapping[int, Decimal | int | str | None],
    target_tahunan: Decimal | int | str | None,
    *,
    target_max: Decimal | int | None = None,
    target_sd: Mapping[int, Decimal | int | None] | None = None,
    skala: SkalaKualitatif | Mapping[str, int] | None = None,
    capaian_kualitatif: CapaianResult | None = None,
    bands: Sequence[PredikatBand] = DEFAULT_BANDS,
    kode_acuan: str = KODE_ACUAN,
) -> HasilProyeksi:
    """Project the year-end capaian of one IKU (see the module docstring for the rules).

    ``realisasi_per_triwulan``: the reported values (None or missing = not reported; labels for
    kualitatif). ``target_tahunan`` / ``target_max``: the yearly target (a label for
    kualitatif; the bounds for rentang). ``target_sd``: the cumulative target up to each
    quarter (kumulatif, optional). For kualitatif either ``skala`` (the capaian is computed
    here) or ``capaian_kualitatif`` (the capaian of the last label against the yearly target,
    computed by a caller that has the scale, e.g. the rollup) is needed.
    """
    tipe = TipePerhitungan(tipe)
    polaritas = Polaritas(polaritas)
    acuan = band_acuan(bands, kode_acuan)

    if polaritas is Polaritas.KUALITATIF:
        labels = {
            q: v.strip()
            for q, v in realisasi_per_triwulan.items()
            if isinstance(v, str) and v.strip()
        }
        if not labels:
            return _tidak_dapat("Belum ada realisasi triwulan yang dilaporkan.", acuan=acuan)
        k = max(labels)
        label = labels[k]
        if sorted(labels) == [1, 2, 3, 4]:
            uraian = (
                f"Keempat triwulan sudah dilaporkan; dipakai label TW4 ('{label}') "
                "(bukan proyeksi)."
            )
            metode = MetodeProyeksi.REALISASI_SETAHUN
        else:
            uraian = (
                f"Kualitatif: label triwulan terakhir yang dilaporkan (TW{k}: '{label}') "
                "dianggap bertahan sampai akhir tahun."
            )
            metode = MetodeProyeksi.LABEL_TERAKHIR
        if skala is not None:
            target_label = target_tahunan if isinstance(target_tahunan, str) else None
            capaian = hitung_capaian(polaritas, label, target_label, skala=skala)
        elif capaian_kualitatif is not None:
            capaian = capaian_kualitatif
        else:
            return _tidak_dapat(
                "Skala kualitatif IKU tidak tersedia.",
                uraian=uraian,
                metode=metode,
                label=label,
                dipakai=(k,),
                acuan=acuan,
            )
        return _nilai(capaian, metode, None, label, uraian, (k,), bands, acuan)

    angka: dict[int, Decimal] = {}
    for q, v in realisasi_per_triwulan.items():
        d = _angka(v, f"realisasi_per_triwulan[{q}]")
        if d is not None:
            angka[q] = d
    if not angka:
        return _tidak_dapat("Belum ada realisasi triwulan yang dilaporkan.", acuan=acuan)
    target = _angka(target_tahunan, "target_tahunan")
    nilai, metode, uraian = _nilai_proyeksi(tipe, angka, target, target_sd or {})
    dipakai = tuple(sorted(angka))
    if tipe is TipePerhitungan.POSISI_AKHIR:
        dipakai = dipakai[-1:]
    capaian = hitung_capaian(polaritas, nilai, target, target_max=target_max)
    return _nilai(capaian, metode, nilai, None, uraian, dipakai, bands, acuan)


def _nilai(
    capaian: CapaianResult,
    metode: MetodeProyeksi,
    nilai: Decimal | None,
    label: str | None,
    uraian: str,
    dipakai: tuple[int, ...],
    bands: Sequence[PredikatBand],
    acuan: PredikatBand | None,
) -> HasilProyeksi:
    """Grade the projected capaian and decide the verdict."""
    predikat = predikat_for(capaian, bands)
    if predikat is None:
        return _tidak_dapat(
            capaian.alasan or "Capaian proyeksi tidak dapat dihitung.",
            uraian=uraian,
            metode=metode,
            nilai=nilai,
            label=label,
            dipakai=dipakai,
            capaian=capaian,
            acuan=acuan,
        )
    status = StatusProyeksi.BERISIKO if di_bawah_acuan(predikat, acuan) else StatusProyeksi.AMAN
    return HasilProyeksi(
        status=status,
        metode=metode,
        nilai=nilai,
        label=label,
        uraian=uraian,
        triwulan_dipakai=dipakai,
        capaian=capaian,
        predikat=predikat,
        acuan=acuan,
    )
