from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.engine import (
    DEFAULT_BANDS,
    Polaritas,
    PredikatBand,
    hitung_capaian,
    predikat_for,
    tentukan_predikat,
    validate_bands,
)
from kinerja.engine.capaian import CapaianResult

D = Decimal


def band(bawah: str, atas: str | None, kode: str) -> PredikatBand:
    return PredikatBand(D(bawah), None if atas is None else D(atas), kode, kode.title())


def test_default_bands_are_valid_and_ordered_top_down() -> None:
    assert validate_bands(DEFAULT_BANDS) == []
    assert [b.kode for b in DEFAULT_BANDS] == [
        "sangat_tinggi",
        "tinggi",
        "sedang",
        "rendah",
        "sangat_rendah",
    ]
    assert DEFAULT_BANDS[0].label == "Sangat Tinggi"
    assert DEFAULT_BANDS[-1].label == "Sangat Rendah"


@pytest.mark.parametrize(
    ("value", "kode"),
    [
        ("0", "sangat_rendah"),
        ("50", "sangat_rendah"),
        ("50.5", "sangat_rendah"),
        ("50.99", "sangat_rendah"),
        ("51", "rendah"),
        ("65.99", "rendah"),
        ("66", "sedang"),
        ("75.5", "sedang"),
        ("75.99", "sedang"),
        ("76", "tinggi"),
        ("90.5", "tinggi"),
        ("90.99", "tinggi"),
        ("90.9999999", "tinggi"),
        ("91", "sangat_tinggi"),
        ("91.00", "sangat_tinggi"),
        ("100", "sangat_tinggi"),
        ("250", "sangat_tinggi"),
    ],
)
def test_default_band_boundaries(value: str, kode: str) -> None:
    assert tentukan_predikat(D(value)).kode == kode


def test_predikat_label() -> None:
    assert tentukan_predikat(D("91")).label == "Sangat Tinggi"
    assert tentukan_predikat(D("80")).label == "Tinggi"


@pytest.mark.parametrize("value", [D("-0.01"), D("-50"), D("NaN"), D("Infinity")])
def test_negative_or_non_finite_value_raises(value: Decimal) -> None:
    with pytest.raises(ValueError):
        tentukan_predikat(value)


def test_band_membership_is_half_open() -> None:
    tinggi = DEFAULT_BANDS[1]
    assert tinggi.memuat(D("76"))
    assert tinggi.memuat(D("90.99"))
    assert not tinggi.memuat(D("91"))
    assert not tinggi.memuat(D("75.99"))
    assert DEFAULT_BANDS[0].memuat(D("1e9"))


def test_band_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_BANDS[0].kode = "x"  # type: ignore[misc]


# --- custom bands and validation ------------------------------------------------------------

CUSTOM = (
    band("0", "60", "kritis"),
    band("60", "85", "cukup"),
    band("85", "105", "baik"),
    band("105", None, "melampaui"),
)


@pytest.mark.parametrize(
    ("value", "kode"),
    [
        ("0", "kritis"),
        ("59.99", "kritis"),
        ("60", "cukup"),
        ("104.9", "baik"),
        ("105", "melampaui"),
    ],
)
def test_custom_bands_in_any_order(value: str, kode: str) -> None:
    assert validate_bands(CUSTOM) == []
    assert tentukan_predikat(D(value), CUSTOM).kode == kode
    assert tentukan_predikat(D(value), tuple(reversed(CUSTOM))).kode == kode


def test_single_open_band_is_valid() -> None:
    only = (band("0", None, "semua"),)
    assert validate_bands(only) == []
    assert tentukan_predikat(D("42"), only).kode == "semua"


def test_gap_is_reported_with_both_bands() -> None:
    errors = validate_bands((band("0", "50", "rendah"), band("51", None, "tinggi")))
    assert errors == ["Ada celah antara band 'rendah' (sampai 50) dan band 'tinggi' (mulai 51)"]


def test_overlap_is_reported_with_both_bands() -> None:
    errors = validate_bands((band("0", "60", "rendah"), band("55", None, "tinggi")))
    assert errors == ["Band 'rendah' dan band 'tinggi' tumpang tindih"]


def test_must_start_at_zero() -> None:
    errors = validate_bands((band("10", "50", "rendah"), band("50", None, "tinggi")))
    assert errors == ["Band terendah 'rendah' harus dimulai dari 0 (sekarang 10)"]
    negative = validate_bands((band("-5", "50", "rendah"), band("50", None, "tinggi")))
    assert negative == ["Band terendah 'rendah' harus dimulai dari 0 (sekarang -5)"]


def test_two_open_top_bands() -> None:
    errors = validate_bands(
        (band("0", "50", "rendah"), band("50", None, "tinggi"), band("80", None, "puncak"))
    )
    assert "Hanya satu band boleh tanpa batas atas, sekarang ada 2: 'tinggi', 'puncak'" in errors
    assert "Band 'tinggi' dan band 'puncak' tumpang tindih" in errors


def test_no_open_top_band() -> None:
    errors = validate_bands((band("0", "50", "rendah"), band("50", "100", "tinggi")))
    assert errors == ["Harus ada satu band teratas tanpa batas atas"]


def test_duplicate_kode() -> None:
    errors = validate_bands((band("0", "50", "sama"), band("50", None, "sama")))
    assert errors == ["Kode 'sama' dipakai oleh lebih dari satu band"]


def test_empty_kode() -> None:
    errors = validate_bands((PredikatBand(D(0), None, " ", "Semua"),))
    assert errors == ["Band 'Semua': kode wajib diisi"]


def test_lower_bound_must_be_below_upper_bound() -> None:
    errors = validate_bands(
        (band("0", "50", "rendah"), band("50", "50", "kosong"), band("50", None, "tinggi"))
    )
    assert "Band 'kosong': batas bawah (50) harus lebih kecil dari batas atas (50)" in errors


def test_non_finite_bounds() -> None:
    errors = validate_bands((PredikatBand(D("NaN"), None, "x", "X"),))
    assert errors == ["Band 'x': batas harus berupa angka"]


def test_no_bands() -> None:
    assert validate_bands(()) == ["Belum ada band predikat"]


def test_invalid_bands_raise_in_tentukan_predikat() -> None:
    with pytest.raises(ValueError, match="celah"):
        tentukan_predikat(D("55"), (band("0", "50", "rendah"), band("51", None, "tinggi")))


# --- predikat_for ---------------------------------------------------------------------------


def test_predikat_for_not_computable_is_none() -> None:
    assert predikat_for(hitung_capaian(Polaritas.POSITIF, D("5"), D("0"))) is None
    assert predikat_for(hitung_capaian(Polaritas.POSITIF, None, D("5"))) is None


def test_predikat_for_regulation_examples() -> None:
    better = hitung_capaian(Polaritas.NEGATIF, D("6.5"), D("7"))
    worse = hitung_capaian(Polaritas.NEGATIF, D("9"), D("8"))
    assert predikat_for(better) == DEFAULT_BANDS[0]
    assert predikat_for(worse) is not None and predikat_for(worse).kode == "tinggi"  # type: ignore[union-attr]


def test_predikat_for_grades_the_displayed_value() -> None:
    result = CapaianResult(polaritas=Polaritas.POSITIF, nilai=D("90.996"), formula="R / T × 100")
    shown = predikat_for(result)
    raw = predikat_for(result, places=None)
    assert shown is not None and shown.kode == "sangat_tinggi"
    assert raw is not None and raw.kode == "tinggi"
    exact = CapaianResult(polaritas=Polaritas.POSITIF, nilai=D("90.994"), formula="R / T × 100")
    assert predikat_for(exact).kode == "tinggi"  # type: ignore[union-attr]


def test_predikat_for_negative_capaian_gets_lowest_band() -> None:
    result = hitung_capaian(Polaritas.POSITIF, D("-2"), D("5"))
    assert predikat_for(result) == DEFAULT_BANDS[-1]


def test_predikat_for_custom_bands() -> None:
    result = hitung_capaian(Polaritas.POSITIF, D("110"), D("100"))
    assert predikat_for(result, CUSTOM).kode == "melampaui"  # type: ignore[union-attr]


# --- properties -----------------------------------------------------------------------------

_non_negative = st.decimals(
    min_value=D(0), max_value=D("1e6"), places=4, allow_nan=False, allow_infinity=False
)


@settings(max_examples=300)
@given(_non_negative)
def test_default_bands_cover_every_non_negative_value_exactly_once(value: Decimal) -> None:
    containing = [b for b in DEFAULT_BANDS if b.memuat(value)]
    assert len(containing) == 1
    assert tentukan_predikat(value) is containing[0]


@settings(max_examples=200)
@given(_non_negative, _non_negative)
def test_higher_capaian_never_gets_lower_predikat(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    rank = [x.kode for x in reversed(DEFAULT_BANDS)]
    assert rank.index(tentukan_predikat(low).kode) <= rank.index(tentukan_predikat(high).kode)
