"""Yearly values from quarterly (triwulan) figures, per tipe perhitungan.

Operators report realisasi per triwulan; the yearly realisasi compared with the annual target
depends on what the indicator measures: a flow is summed, a stock is read at the latest quarter, a
rate is averaged. For the running year only quarters that have ended may count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Context, Decimal
from enum import StrEnum
from functools import lru_cache

from kinerja.engine.capaian import KodeAlasan

__all__ = [
    "TRIWULAN",
    "NilaiTahunan",
    "TipePerhitungan",
    "elapsed_triwulan",
    "nilai_tahunan",
    "nilai_tahunan_sampai",
    "target_kumulatif_sampai",
    "target_sampai",
]

TRIWULAN = (1, 2, 3, 4)
_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)


class TipePerhitungan(StrEnum):
    """How quarterly figures add up to a yearly one."""

    KUMULATIF = "kumulatif"  # flows: sum of the quarters
    POSISI_AKHIR = "posisi_akhir"  # stocks and rates at a point in time: latest quarter
    RATA_RATA = "rata_rata"  # mean of the quarters


@dataclass(frozen=True, kw_only=True)
class NilaiTahunan:
    """Yearly value with the formula and the quarters it came from, so the UI can explain it.

    ``triwulan_diabaikan`` lists quarters that had a value but had not ended yet.
    """

    tipe: TipePerhitungan
    nilai: Decimal | None
    formula: str
    triwulan_dipakai: tuple[int, ...] = ()
    triwulan_diabaikan: tuple[int, ...] = ()
    alasan: str | None = None
    kode_alasan: KodeAlasan | None = None

    @property
    def dapat_dihitung(self) -> bool:
        return self.nilai is not None


_FORMULA_UMUM = {
    TipePerhitungan.KUMULATIF: "jumlah realisasi triwulan yang dilaporkan",
    TipePerhitungan.POSISI_AKHIR: "realisasi triwulan terakhir yang dilaporkan",
    TipePerhitungan.RATA_RATA: "rata-rata realisasi triwulan yang dilaporkan",
}


def _check_triwulan(triwulan: object, nama: str, minimum: int = 1) -> int:
    if type(triwulan) is int and minimum <= triwulan <= 4:
        return triwulan  # the common case, checked without the isinstance chain below
    if isinstance(triwulan, bool) or not isinstance(triwulan, int) or not minimum <= triwulan <= 4:
        raise ValueError(f"{nama} must be an int from {minimum} to 4, got {triwulan!r}")
    return triwulan


def _check_values(
    per_triwulan: Mapping[int, Decimal | int | None], nama: str
) -> dict[int, Decimal | None]:
    checked: dict[int, Decimal | None] = {}
    for key, value in per_triwulan.items():
        if type(key) is not int or not 1 <= key <= 4:
            _check_triwulan(key, f"{nama} key")
        if value is None:
            checked[key] = None
            continue
        if type(value) is not Decimal:  # Decimals are immutable: used as they are
            if isinstance(value, bool) or not isinstance(value, Decimal | int):
                raise TypeError(f"{nama}[{key}] must be Decimal, int or None")
            value = Decimal(value)
        if not value.is_finite():
            raise ValueError(f"{nama}[{key}] must be finite, got {value}")
        checked[key] = value
    return checked


@lru_cache(maxsize=64)
def _suku(dipakai: tuple[int, ...]) -> str:
    return " + ".join(f"TW{q}" for q in dipakai)


def nilai_tahunan(
    tipe: TipePerhitungan | str,
    realisasi_per_triwulan: Mapping[int, Decimal | int | None],
    *,
    triwulan_berjalan: int | None = None,
) -> NilaiTahunan:
    """Yearly realisasi from the reported quarters (None = not reported yet).

    kumulatif sums the reported quarters, posisi_akhir takes the last reported one, rata_rata
    averages the reported ones; unreported quarters are skipped, not read as 0.
    ``triwulan_berjalan`` (0-4, see :func:`elapsed_triwulan`) is the last ended quarter of a running
    year: later quarters are ignored even when filled in.
    """
    batas = 4 if triwulan_berjalan is None else triwulan_berjalan
    return nilai_tahunan_sampai(tipe, realisasi_per_triwulan, (batas,))[0]


def nilai_tahunan_sampai(
    tipe: TipePerhitungan | str,
    realisasi_per_triwulan: Mapping[int, Decimal | int | None],
    sampai: Sequence[int],
) -> tuple[NilaiTahunan, ...]:
    """:func:`nilai_tahunan` with ``triwulan_berjalan`` = each of ``sampai`` (0-4), in order,
    validating the values once: the yearly realisasi up to every quarter of a year (the rollup
    writes one row per quarter). ``nilai_tahunan`` itself is this function with one quarter."""
    tipe = TipePerhitungan(tipe)
    values = _check_values(realisasi_per_triwulan, "realisasi_per_triwulan")
    for batas in sampai:
        _check_triwulan(batas, "triwulan_berjalan", minimum=0)
    dilaporkan = sorted(q for q, v in values.items() if v is not None)
    return tuple(_nilai_tahunan(tipe, values, dilaporkan, batas) for batas in sampai)


def _nilai_tahunan(
    tipe: TipePerhitungan,
    values: Mapping[int, Decimal | None],
    dilaporkan: list[int],
    batas: int,
) -> NilaiTahunan:
    dipakai = tuple([q for q in dilaporkan if q <= batas])
    diabaikan = tuple([q for q in dilaporkan if q > batas])

    if not dipakai:
        if batas == 0:
            kode, alasan = KodeAlasan.TRIWULAN_BELUM_BERAKHIR, "Belum ada triwulan yang berakhir"
        else:
            kode = KodeAlasan.REALISASI_KOSONG
            alasan = "Belum ada realisasi triwulan yang dilaporkan"
        return NilaiTahunan(
            tipe=tipe,
            nilai=None,
            formula=_FORMULA_UMUM[tipe],
            triwulan_diabaikan=diabaikan,
            alasan=alasan,
            kode_alasan=kode,
        )

    # Only reported quarters are in ``dilaporkan``: every value here is a Decimal. The
    # arithmetic runs in the fixed context (_CONTEXT's methods: same as localcontext, cheaper).
    if tipe is TipePerhitungan.KUMULATIF:
        nilai, formula = _jumlah([values[q] for q in dipakai]), _suku(dipakai)
    elif tipe is TipePerhitungan.POSISI_AKHIR:
        nilai, formula = values[dipakai[-1]], _FORMULA_AKHIR[dipakai[-1]]
        dipakai = dipakai[-1:]
    else:
        angka = [values[q] for q in dipakai]
        nilai = _CONTEXT.divide(_jumlah(angka), len(angka))
        formula = f"({_suku(dipakai)}) / {len(angka)}"
    return NilaiTahunan(
        tipe=tipe,
        nilai=nilai,
        formula=formula,
        triwulan_dipakai=dipakai,
        triwulan_diabaikan=diabaikan,
    )


_FORMULA_AKHIR = {q: f"TW{q} (triwulan terakhir yang dilaporkan)" for q in TRIWULAN}
_NOL = Decimal(0)


def _jumlah(angka: list[Decimal]) -> Decimal:
    """0 + a + b + … in the fixed context (what ``sum`` does inside ``localcontext``)."""
    total = _NOL
    for v in angka:
        total = _CONTEXT.add(total, v)
    return total


def target_kumulatif_sampai(
    tipe: TipePerhitungan | str,
    target_per_triwulan: Mapping[int, Decimal | int | None],
    triwulan: int,
) -> Decimal | None:
    """Target comparable with the realisasi up to ``triwulan`` (1-4).

    kumulatif: sum of the quarterly targets up to it; posisi_akhir: that quarter's target;
    rata_rata: mean of the targets up to it. None when a needed quarterly target is missing, so
    :func:`~kinerja.engine.capaian.hitung_capaian` reports "Target belum ditetapkan" rather than
    comparing against a partial target.
    """
    return target_sampai(tipe, target_per_triwulan, (triwulan,))[0]


def target_sampai(
    tipe: TipePerhitungan | str,
    target_per_triwulan: Mapping[int, Decimal | int | None],
    triwulan: Sequence[int],
) -> tuple[Decimal | None, ...]:
    """:func:`target_kumulatif_sampai` for each of ``triwulan`` (1-4), in order, validating the
    targets once. ``target_kumulatif_sampai`` itself is this function with one quarter."""
    tipe = TipePerhitungan(tipe)
    for q in triwulan:
        _check_triwulan(q, "triwulan")
    values = _check_values(target_per_triwulan, "target_per_triwulan")
    return tuple(_target_sampai(tipe, values, q) for q in triwulan)


def _target_sampai(
    tipe: TipePerhitungan, values: Mapping[int, Decimal | None], triwulan: int
) -> Decimal | None:
    if tipe is TipePerhitungan.POSISI_AKHIR:
        return values.get(triwulan)
    needed = [v for q in range(1, triwulan + 1) if (v := values.get(q)) is not None]
    if len(needed) < triwulan:
        return None
    total = _jumlah(needed)
    return total if tipe is TipePerhitungan.KUMULATIF else _CONTEXT.divide(total, triwulan)


def elapsed_triwulan(today: date, tahun: int) -> int:
    """Number of quarters of ``tahun`` that have ended on ``today`` (0-4).

    A quarter counts only once it is over: on 31 March nothing has ended, on 1 April one has.
    Pass the local date (WITA for Kalimantan Utara), not a UTC one.
    """
    if today.year < tahun:
        return 0
    if today.year > tahun:
        return 4
    return (today.month - 1) // 3
