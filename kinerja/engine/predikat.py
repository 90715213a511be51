"""Predikat (qualitative grade) of a capaian from configurable bands.

Regions use different cut-offs, so bands are data; they are validated so every capaian >= 0,
decimals included (90.5), falls into exactly one band.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise

from kinerja.engine.capaian import CapaianResult
from kinerja.engine.numbers import bulatkan

__all__ = [
    "DEFAULT_BANDS",
    "PredikatBand",
    "predikat_for",
    "tentukan_predikat",
    "validate_bands",
]


@dataclass(frozen=True)
class PredikatBand:
    """Half-open band: ``batas_bawah <= v < batas_atas``; ``batas_atas`` None means no upper limit.

    Half-open bounds leave no hole between "76-90" and "91-100" for values such as 90.5.
    """

    batas_bawah: Decimal
    batas_atas: Decimal | None
    kode: str
    label: str

    def memuat(self, nilai: Decimal) -> bool:
        return self.batas_bawah <= nilai and (self.batas_atas is None or nilai < self.batas_atas)


# Permendagri 86/2017 evaluation tables and LKjIP documents, highest first.
DEFAULT_BANDS: tuple[PredikatBand, ...] = (
    PredikatBand(Decimal(91), None, "sangat_tinggi", "Sangat Tinggi"),
    PredikatBand(Decimal(76), Decimal(91), "tinggi", "Tinggi"),
    PredikatBand(Decimal(66), Decimal(76), "sedang", "Sedang"),
    PredikatBand(Decimal(51), Decimal(66), "rendah", "Rendah"),
    PredikatBand(Decimal(0), Decimal(51), "sangat_rendah", "Sangat Rendah"),
)


def _nama(band: PredikatBand) -> str:
    return f"'{band.kode}'" if band.kode.strip() else f"'{band.label}'"


def validate_bands(bands: Sequence[PredikatBand]) -> list[str]:
    """Indonesian error messages for a band configuration; an empty list means it is valid.

    Valid bands start at 0, touch without gaps or overlaps, end in exactly one open-ended band and
    have unique, non-empty codes.
    """
    if not bands:
        return ["Belum ada band predikat"]
    errors: list[str] = []

    seen: set[str] = set()
    for band in bands:
        if not band.kode.strip():
            errors.append(f"Band {_nama(band)}: kode wajib diisi")
        elif band.kode in seen:
            errors.append(f"Kode '{band.kode}' dipakai oleh lebih dari satu band")
        seen.add(band.kode)
        if not band.batas_bawah.is_finite() or (
            band.batas_atas is not None and not band.batas_atas.is_finite()
        ):
            errors.append(f"Band {_nama(band)}: batas harus berupa angka")
            return errors  # ordering checks below would be meaningless
        if band.batas_atas is not None and band.batas_bawah >= band.batas_atas:
            errors.append(
                f"Band {_nama(band)}: batas bawah ({band.batas_bawah}) harus lebih kecil dari "
                f"batas atas ({band.batas_atas})"
            )

    terbuka = [band for band in bands if band.batas_atas is None]
    if not terbuka:
        errors.append("Harus ada satu band teratas tanpa batas atas")
    elif len(terbuka) > 1:
        daftar = ", ".join(_nama(band) for band in terbuka)
        errors.append(
            f"Hanya satu band boleh tanpa batas atas, sekarang ada {len(terbuka)}: {daftar}"
        )

    urut = sorted(bands, key=lambda band: band.batas_bawah)
    if urut[0].batas_bawah != 0:
        errors.append(
            f"Band terendah {_nama(urut[0])} harus dimulai dari 0 (sekarang {urut[0].batas_bawah})"
        )
    for bawah, atas in pairwise(urut):
        if bawah.batas_atas is None or bawah.batas_atas > atas.batas_bawah:
            errors.append(f"Band {_nama(bawah)} dan band {_nama(atas)} tumpang tindih")
        elif bawah.batas_atas < atas.batas_bawah:
            errors.append(
                f"Ada celah antara band {_nama(bawah)} (sampai {bawah.batas_atas}) dan band "
                f"{_nama(atas)} (mulai {atas.batas_bawah})"
            )
    return errors


@lru_cache(maxsize=32)
def _validasi_tersimpan(bands: tuple[PredikatBand, ...]) -> tuple[str, ...]:
    """validate_bands of an immutable scheme, once: grading runs for every capaian."""
    return tuple(validate_bands(bands))


def tentukan_predikat(
    nilai: Decimal, bands: Sequence[PredikatBand] = DEFAULT_BANDS
) -> PredikatBand:
    """The band that contains ``nilai`` exactly as given (no rounding).

    Raises ValueError for a negative or non-finite value and for invalid bands, both of which are
    caller bugs: a valid configuration always has exactly one band for any value >= 0.
    """
    if not nilai.is_finite() or nilai < 0:
        raise ValueError(f"predikat needs a finite value >= 0, got {nilai}")
    if bands is not DEFAULT_BANDS:
        errors = _validasi_tersimpan(bands) if isinstance(bands, tuple) else validate_bands(bands)
        if errors:
            raise ValueError("Band predikat tidak valid: " + "; ".join(errors))
    for band in bands:
        if band.memuat(nilai):
            return band
    raise AssertionError(f"validated bands do not cover {nilai}")  # pragma: no cover


def predikat_for(
    result: CapaianResult,
    bands: Sequence[PredikatBand] = DEFAULT_BANDS,
    *,
    places: int | None = 2,
) -> PredikatBand | None:
    """Predikat of a capaian, or None when the capaian could not be computed.

    The value is first rounded half-up to ``places`` (the displayed precision) so a capaian shown
    as "91,00" is never graded "Tinggi" because its raw value was 90.996; pass None to grade the
    raw value. A negative capaian (positif polarity with a negative realisasi) is worse than 0 and
    gets the lowest band.
    """
    if result.nilai is None:
        return None
    nilai = result.nilai if places is None else bulatkan(result.nilai, places)
    return tentukan_predikat(max(nilai, Decimal(0)), bands)
