from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kinerja.engine import (
    SKALA_OPINI_BPK,
    AcuanTarget,
    CapaianResult,
    KodeAlasan,
    Polaritas,
    Rumus,
    SkalaKualitatif,
    bulatkan,
    cap,
    capaian_terhadap_target_akhir,
    hitung_capaian,
)

D = Decimal


def nilai(result: CapaianResult) -> Decimal:
    assert result.nilai is not None, result.alasan
    return result.nilai


# --- regulation worked examples -------------------------------------------------------------


def test_negatif_worked_example_better_than_target() -> None:
    result = hitung_capaian(Polaritas.NEGATIF, D("6.5"), D("7"))
    assert nilai(result) == D(750) / D(7)
    assert str(nilai(result)).startswith("107.142857")
    assert bulatkan(result.nilai) == D("107.14")
    assert result.formula == "(2 − R/T) × 100"
    assert result.dapat_dihitung
    assert result.alasan is None
    assert result.kode_alasan is None
    assert result.dibatasi_nol is False


def test_negatif_worked_example_worse_than_target() -> None:
    result = hitung_capaian(Polaritas.NEGATIF, D("9"), D("8"))
    assert nilai(result) == D("87.5")
    assert bulatkan(result.nilai) == D("87.50")


# --- positif --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("realisasi", "target", "expected"),
    [
        (D("80"), D("100"), D("80")),
        (D("100"), D("100"), D("100")),
        (D("120"), D("100"), D("120")),  # above 100 is real and not capped
        (D("0"), D("50"), D("0")),  # nothing achieved is a real 0
        (D("3"), D("4"), D("75")),
        (D("1"), D("3"), D(100) / D(3)),
        (D("-2"), D("5"), D("-40")),  # growth of -2 % against +5 %: kept raw
    ],
)
def test_positif(realisasi: Decimal, target: Decimal, expected: Decimal) -> None:
    result = hitung_capaian(Polaritas.POSITIF, realisasi, target)
    assert nilai(result) == expected
    assert result.formula == "R / T × 100"
    assert result.polaritas is Polaritas.POSITIF
    assert result.acuan is AcuanTarget.TARGET


def test_accepts_int_and_polaritas_as_text() -> None:
    assert nilai(hitung_capaian("positif", 50, 200)) == D("25")
    assert nilai(hitung_capaian("negatif", 9, 8)) == D("87.5")


# --- negatif --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("realisasi", "target", "expected", "floored"),
    [
        (D("8"), D("8"), D("100"), False),
        (D("0"), D("8"), D("200"), False),
        (D("16"), D("8"), D("0"), False),  # exactly 2T: formula gives 0 itself
        (D("24"), D("8"), D("0"), True),  # formula gives -100: floored
        (D("-1"), D("5"), D("220"), False),  # lower than zero is still better
        (D("4.5"), D("5"), D("110"), False),
    ],
)
def test_negatif(realisasi: Decimal, target: Decimal, expected: Decimal, floored: bool) -> None:
    result = hitung_capaian(Polaritas.NEGATIF, realisasi, target)
    assert nilai(result) == expected
    assert result.dibatasi_nol is floored


# --- stabil ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("realisasi", "target", "expected", "floored"),
    [
        (D("10"), D("10"), D("100"), False),
        (D("12"), D("10"), D("80"), False),
        (D("8"), D("10"), D("80"), False),
        (D("20"), D("10"), D("0"), False),
        (D("25"), D("10"), D("0"), True),
        (D("-5"), D("10"), D("0"), True),
    ],
)
def test_stabil(realisasi: Decimal, target: Decimal, expected: Decimal, floored: bool) -> None:
    result = hitung_capaian(Polaritas.STABIL, realisasi, target)
    assert nilai(result) == expected
    assert result.dibatasi_nol is floored
    assert result.formula == "100 − |R − T| / T × 100"


def test_stabil_negative_target_measures_against_absolute_target() -> None:
    result = hitung_capaian(Polaritas.STABIL, D("-1"), D("-2"))
    assert nilai(result) == D("50")
    assert result.formula == "100 − |R − T| / |T| × 100"
    assert nilai(hitung_capaian(Polaritas.STABIL, D("-3"), D("-2"))) == D("50")


# --- not computable -------------------------------------------------------------------------


@pytest.mark.parametrize("polaritas", [Polaritas.POSITIF, Polaritas.NEGATIF, Polaritas.STABIL])
def test_target_zero_is_not_computable(polaritas: Polaritas) -> None:
    result = hitung_capaian(polaritas, D("5"), D("0"))
    assert result.nilai is None
    assert not result.dapat_dihitung
    assert result.kode_alasan == "target_nol"
    assert result.kode_alasan is KodeAlasan.TARGET_NOL
    assert result.alasan == "Target bernilai 0: capaian tidak dapat dihitung"
    assert result.formula  # still tells which formula was attempted


@pytest.mark.parametrize("polaritas", list(Polaritas))
def test_missing_realisasi(polaritas: Polaritas) -> None:
    target: Decimal | str = "WTP" if polaritas is Polaritas.KUALITATIF else D("10")
    result = hitung_capaian(polaritas, None, target, target_max=D("20"), skala=SKALA_OPINI_BPK)
    assert result.nilai is None
    assert result.kode_alasan is KodeAlasan.REALISASI_KOSONG
    assert result.alasan == "Realisasi belum diisi"


@pytest.mark.parametrize("polaritas", list(Polaritas))
def test_missing_target(polaritas: Polaritas) -> None:
    realisasi: Decimal | str = "WTP" if polaritas is Polaritas.KUALITATIF else D("10")
    result = hitung_capaian(polaritas, realisasi, None, skala=SKALA_OPINI_BPK)
    assert result.nilai is None
    assert result.kode_alasan is KodeAlasan.TARGET_KOSONG
    assert result.alasan == "Target belum ditetapkan"


def test_missing_both_reports_target_first() -> None:
    result = hitung_capaian(Polaritas.POSITIF, None, None)
    assert result.kode_alasan is KodeAlasan.TARGET_KOSONG


def test_target_zero_reported_before_missing_realisasi() -> None:
    assert hitung_capaian(Polaritas.POSITIF, None, D("0")).kode_alasan is KodeAlasan.TARGET_NOL


@pytest.mark.parametrize("polaritas", [Polaritas.POSITIF, Polaritas.NEGATIF])
def test_negative_target_not_supported(polaritas: Polaritas) -> None:
    result = hitung_capaian(polaritas, D("-3"), D("-2"))
    assert result.nilai is None
    assert result.kode_alasan is KodeAlasan.TARGET_NEGATIF
    assert result.alasan == "Target negatif tidak didukung untuk polaritas ini"


def test_wrong_types_are_caller_bugs() -> None:
    with pytest.raises(TypeError):
        hitung_capaian(Polaritas.POSITIF, 1.5, D("2"))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        hitung_capaian(Polaritas.POSITIF, "12,5", D("2"))
    with pytest.raises(TypeError):
        hitung_capaian(Polaritas.POSITIF, True, D("2"))
    with pytest.raises(TypeError):
        hitung_capaian(Polaritas.KUALITATIF, D("4"), "WTP", skala=SKALA_OPINI_BPK)
    with pytest.raises(ValueError):
        hitung_capaian(Polaritas.POSITIF, D("NaN"), D("2"))
    with pytest.raises(ValueError):
        hitung_capaian("naik", D("1"), D("2"))


def test_irrelevant_settings_are_ignored() -> None:
    """A stale target_max or skala left on an indicator must not break another polaritas."""
    result = hitung_capaian(Polaritas.POSITIF, D("5"), D("10"), target_max=D("1"), skala={"A": 1})
    assert nilai(result) == D("50")


# --- rentang --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("realisasi", "expected", "formula"),
    [
        (D("15"), D("100"), "di dalam rentang = 100"),
        (D("10"), D("100"), "di dalam rentang = 100"),
        (D("20"), D("100"), "di dalam rentang = 100"),
        (D("8"), D("80"), "R / batas bawah × 100"),
        (D("0"), D("0"), "R / batas bawah × 100"),
        (D("22"), D("90"), "(2 − R / batas atas) × 100"),
        (D("40"), D("0"), "(2 − R / batas atas) × 100"),
    ],
)
def test_rentang(realisasi: Decimal, expected: Decimal, formula: str) -> None:
    result = hitung_capaian(Polaritas.RENTANG, realisasi, D("10"), target_max=D("20"))
    assert nilai(result) == expected
    assert result.formula == formula
    assert result.dibatasi_nol is False


def test_rentang_far_above_is_floored() -> None:
    result = hitung_capaian(Polaritas.RENTANG, D("45"), D("10"), target_max=D("20"))
    assert nilai(result) == D("0")
    assert result.dibatasi_nol is True


def test_rentang_single_point() -> None:
    assert nilai(hitung_capaian(Polaritas.RENTANG, D("5"), D("5"), target_max=D("5"))) == 100
    assert nilai(hitung_capaian(Polaritas.RENTANG, D("4"), D("5"), target_max=D("5"))) == 80


@pytest.mark.parametrize(
    ("bawah", "atas", "kode", "alasan"),
    [
        (D("20"), D("10"), KodeAlasan.RENTANG_TIDAK_VALID, "lebih besar dari batas atas"),
        (D("10"), None, KodeAlasan.RENTANG_TIDAK_VALID, "tidak lengkap"),
        (None, D("10"), KodeAlasan.RENTANG_TIDAK_VALID, "tidak lengkap"),
        (None, None, KodeAlasan.TARGET_KOSONG, "Target belum ditetapkan"),
        (D("-1"), D("10"), KodeAlasan.TARGET_NEGATIF, "negatif"),
    ],
)
def test_rentang_invalid(
    bawah: Decimal | None, atas: Decimal | None, kode: KodeAlasan, alasan: str
) -> None:
    result = hitung_capaian(Polaritas.RENTANG, D("15"), bawah, target_max=atas)
    assert result.nilai is None
    assert result.kode_alasan is kode
    assert result.alasan is not None and alasan in result.alasan


def test_rentang_reversed_bounds_message_names_the_bounds() -> None:
    result = hitung_capaian(Polaritas.RENTANG, D("15"), D("20"), target_max=D("10"))
    assert result.alasan == (
        "Rentang target tidak valid: batas bawah (20) lebih besar dari batas atas (10)"
    )


def test_rentang_zero_bounds() -> None:
    assert nilai(hitung_capaian(Polaritas.RENTANG, D("0"), D("0"), target_max=D("5"))) == 100
    assert nilai(hitung_capaian(Polaritas.RENTANG, D("0"), D("0"), target_max=D("0"))) == 100
    below = hitung_capaian(Polaritas.RENTANG, D("-1"), D("0"), target_max=D("5"))
    assert below.nilai is None
    assert below.kode_alasan is KodeAlasan.TARGET_NOL
    assert below.alasan is not None and "Batas bawah" in below.alasan
    above = hitung_capaian(Polaritas.RENTANG, D("1"), D("0"), target_max=D("0"))
    assert above.nilai is None
    assert above.kode_alasan is KodeAlasan.TARGET_NOL
    assert above.alasan is not None and "Batas atas" in above.alasan


# --- kualitatif -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("realisasi", "target", "expected"),
    [
        ("WTP", "WTP", D("100")),
        ("WDP", "WTP", D("75")),
        ("TW", "WTP", D("50")),
        ("TMP", "WTP", D("25")),
        ("WTP", "WDP", D(400) / D(3)),
        (" wtp ", "Wdp", D(400) / D(3)),
    ],
)
def test_kualitatif_opini_bpk(realisasi: str, target: str, expected: Decimal) -> None:
    result = hitung_capaian(Polaritas.KUALITATIF, realisasi, target, skala=SKALA_OPINI_BPK)
    assert nilai(result) == expected
    assert result.formula == "skor(R) / skor(T) × 100"


def test_kualitatif_rounding_of_worked_case() -> None:
    result = hitung_capaian(Polaritas.KUALITATIF, "WTP", "WDP", skala=SKALA_OPINI_BPK)
    assert bulatkan(result.nilai) == D("133.33")


def test_kualitatif_unknown_realisasi_label() -> None:
    result = hitung_capaian(Polaritas.KUALITATIF, "WTP+ ", "WTP", skala=SKALA_OPINI_BPK)
    assert result.nilai is None
    assert result.kode_alasan is KodeAlasan.NILAI_KUALITATIF_TIDAK_DIKENAL
    assert result.alasan == (
        "Realisasi 'WTP+' tidak dikenal pada skala Opini BPK; pilihan: WTP, WDP, TW, TMP"
    )


def test_kualitatif_unknown_target_label() -> None:
    result = hitung_capaian(Polaritas.KUALITATIF, "WTP", "Baik", skala=SKALA_OPINI_BPK)
    assert result.kode_alasan == "nilai_kualitatif_tidak_dikenal"
    assert result.alasan is not None and result.alasan.startswith("Target 'Baik'")


def test_kualitatif_mapping_scale_and_blank_values() -> None:
    skala = {"Cukup": 1, "Sangat Baik": 3, "Baik": 2}
    assert nilai(hitung_capaian("kualitatif", "baik", "sangat  baik", skala=skala)) == (
        D(200) / D(3)
    )
    blank = hitung_capaian("kualitatif", "  ", "Baik", skala=skala)
    assert blank.kode_alasan is KodeAlasan.REALISASI_KOSONG
    unknown = hitung_capaian("kualitatif", "Buruk", "Baik", skala=skala)
    assert unknown.alasan is not None
    assert unknown.alasan.endswith("pilihan: Sangat Baik, Baik, Cukup")


def test_kualitatif_without_scale_or_with_zero_target_score() -> None:
    no_scale = hitung_capaian(Polaritas.KUALITATIF, "WTP", "WTP")
    assert no_scale.kode_alasan is KodeAlasan.SKALA_KOSONG
    assert no_scale.alasan == "Skala nilai kualitatif belum ditetapkan"
    ada = {"Ada": 1, "Tidak ada": 0}
    zero = hitung_capaian(Polaritas.KUALITATIF, "Ada", "Tidak ada", skala=ada)
    assert zero.kode_alasan is KodeAlasan.TARGET_NOL
    assert zero.alasan == "Skor target bernilai 0: capaian tidak dapat dihitung"
    assert nilai(hitung_capaian("kualitatif", "Tidak ada", "Ada", skala=ada)) == 0


def test_skala_kualitatif_validation_and_lookup() -> None:
    assert SKALA_OPINI_BPK.labels == ("WTP", "WDP", "TW", "TMP")
    assert SKALA_OPINI_BPK.skor(" tmp") == 1
    assert SKALA_OPINI_BPK.skor("WTP DPP") is None
    with pytest.raises(ValueError):
        SkalaKualitatif("x", ())
    with pytest.raises(ValueError):
        SkalaKualitatif("x", (("Baik", 2), ("BAIK ", 1)))
    with pytest.raises(ValueError):
        SkalaKualitatif("x", (("Baik", -1),))
    with pytest.raises(ValueError):
        SkalaKualitatif("x", ((" ", 1),))
    with pytest.raises(ValueError):
        SkalaKualitatif("x", (("Baik", True),))


# --- target akhir, cap, result object -------------------------------------------------------


def test_capaian_terhadap_target_akhir_is_labelled() -> None:
    result = capaian_terhadap_target_akhir(Polaritas.NEGATIF, D("6.5"), D("7"))
    assert nilai(result) == nilai(hitung_capaian(Polaritas.NEGATIF, D("6.5"), D("7")))
    assert result.formula == "Terhadap target akhir periode: (2 − R/T) × 100"
    assert result.acuan is AcuanTarget.TARGET_AKHIR


def test_capaian_terhadap_target_akhir_missing_target_and_range() -> None:
    missing = capaian_terhadap_target_akhir(Polaritas.POSITIF, D("5"), None)
    assert missing.alasan == "Target akhir periode belum ditetapkan"
    assert missing.kode_alasan is KodeAlasan.TARGET_KOSONG
    rentang = capaian_terhadap_target_akhir("rentang", D("25"), D("10"), target_max=D("20"))
    assert nilai(rentang) == D("75")
    assert rentang.formula.endswith(Rumus.RENTANG_ATAS)
    zero = capaian_terhadap_target_akhir(Polaritas.POSITIF, D("5"), D("0"))
    assert zero.alasan == "Target bernilai 0: capaian tidak dapat dihitung"


def test_cap_is_display_only() -> None:
    result = hitung_capaian(Polaritas.POSITIF, D("130"), D("100"))
    assert cap(result.nilai, D("120")) == D("120")
    assert nilai(result) == D("130")
    assert cap(D("80"), D("120")) == D("80")
    assert cap(None, D("120")) is None


def test_result_is_frozen() -> None:
    result = hitung_capaian(Polaritas.POSITIF, D("1"), D("2"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.nilai = D("3")  # type: ignore[misc]


def test_enum_values_are_indonesian_strings() -> None:
    assert [p.value for p in Polaritas] == [
        "positif",
        "negatif",
        "rentang",
        "stabil",
        "kualitatif",
    ]
    assert Polaritas("rentang") is Polaritas.RENTANG


# --- properties -----------------------------------------------------------------------------

_angka = st.decimals(
    min_value=D("-1e6"), max_value=D("1e6"), places=4, allow_nan=False, allow_infinity=False
)
_target = st.decimals(
    min_value=D("0.0001"), max_value=D("1e6"), places=4, allow_nan=False, allow_infinity=False
)


@settings(max_examples=150)
@given(_angka, _angka, _target)
def test_positif_non_decreasing_in_realisasi(r1: Decimal, r2: Decimal, t: Decimal) -> None:
    low, high = sorted((r1, r2))
    assert nilai(hitung_capaian("positif", low, t)) <= nilai(hitung_capaian("positif", high, t))


@settings(max_examples=150)
@given(_angka, _angka, _target)
def test_negatif_non_increasing_in_realisasi(r1: Decimal, r2: Decimal, t: Decimal) -> None:
    low, high = sorted((r1, r2))
    assert nilai(hitung_capaian("negatif", low, t)) >= nilai(hitung_capaian("negatif", high, t))


@settings(max_examples=150)
@given(_angka, _target)
def test_negatif_and_stabil_never_negative(r: Decimal, t: Decimal) -> None:
    negatif = hitung_capaian(Polaritas.NEGATIF, r, t)
    stabil = hitung_capaian(Polaritas.STABIL, r, t)
    assert nilai(negatif) >= 0
    assert nilai(stabil) >= 0
    assert nilai(stabil) <= 100
    assert negatif.dibatasi_nol is (r > 2 * t)


@settings(max_examples=150)
@given(st.data(), _target, _target)
def test_rentang_inside_is_100_and_outside_is_less(
    data: st.DataObject, a: Decimal, b: Decimal
) -> None:
    bawah, atas = sorted((a, b))
    inside = data.draw(st.decimals(min_value=bawah, max_value=atas, places=4))
    assert nilai(hitung_capaian("rentang", inside, bawah, target_max=atas)) == 100
    outside = data.draw(_angka)
    assume(not bawah <= outside <= atas)
    assert nilai(hitung_capaian("rentang", outside, bawah, target_max=atas)) < 100


@settings(max_examples=100)
@given(_angka, _target)
def test_positif_is_exact_ratio(r: Decimal, t: Decimal) -> None:
    result = nilai(hitung_capaian(Polaritas.POSITIF, r, t))
    assert abs(result * t - r * 100) <= abs(t) * D("1e-20") * max(1, abs(result))
