from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.engine import AngkaTidakValid, bulatkan, format_angka, parse_angka

D = Decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,5", D("1234.5")),
        ("1234,5", D("1234.5")),
        ("1234.5", D("1234.5")),
        ("1,234.5", D("1234.5")),
        ("12.5", D("12.5")),
        ("12,5", D("12.5")),
        ("1.234", D("1234")),
        ("12.500", D("12500")),
        ("100.000", D("100000")),
        ("1.234.567", D("1234567")),
        ("1.234.567,89", D("1234567.89")),
        ("1,234,567.89", D("1234567.89")),
        ("1,234,567", D("1234567")),
        ("1,234", D("1.234")),
        ("0.125", D("0.125")),
        ("1234.567", D("1234.567")),
        ("1.2345", D("1.2345")),
        ("1.23", D("1.23")),
        ("0,5", D("0.5")),
        (",5", D("0.5")),
        (".5", D("0.5")),
        ("42", D("42")),
        ("007", D("7")),
        ("0", D("0")),
        (" 12,5 % ", D("12.5")),
        ("12,5%", D("12.5")),
        ("-3,5", D("-3.5")),
        ("\u22123,5", D("-3.5")),
        ("- 3,5", D("-3.5")),
        ("+7", D("7")),
        ("-1.234", D("-1234")),
        ("\u00a01.234,5\u00a0", D("1234.5")),
        ("1\u00a0234,5", D("1234.5")),
        ("1 234 567", D("1234567")),
        ("1\u202f234.5", D("1234.5")),
        ("1.234,50", D("1234.50")),
    ],
)
def test_parse_angka_accepts_indonesian_and_spreadsheet_forms(text: str, expected: Decimal) -> None:
    result = parse_angka(text)
    assert result == expected
    assert isinstance(result, Decimal)


def test_parse_angka_keeps_entered_precision() -> None:
    assert str(parse_angka("1.234,50")) == "1234.50"


def test_parse_angka_negative_zero_is_plain_zero() -> None:
    assert str(parse_angka("-0")) == "0"
    assert str(parse_angka("-0,00")) == "0.00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (42, D("42")),
        (-3, D("-3")),
        (0.1, D("0.1")),
        (1234.5, D("1234.5")),
        (D("7.25"), D("7.25")),
    ],
)
def test_parse_angka_non_text(value: int | float | Decimal, expected: Decimal) -> None:
    result = parse_angka(value)
    assert result == expected
    assert str(result) == str(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "%",
        "-",
        "12,5 persen",
        "abc",
        "1,2,3",
        "1.2.3",
        "1.234,5,6",
        "1,23.4",
        "1.23,4.5",
        "0.123.456",
        "1e5",
        "NaN",
        "Infinity",
        "--5",
        "+-5",
        "5-",
        "12,",
        "1.",
        "1..2",
        "Rp 1.000",
        "1 23",
        "12 %%",
        "\u0661\u0662",  # Arabic-Indic digits
    ],
)
def test_parse_angka_rejects(text: str) -> None:
    with pytest.raises(AngkaTidakValid) as excinfo:
        parse_angka(text)
    assert excinfo.value.teks == text
    assert str(excinfo.value) == f"'{text}' bukan angka"


def test_parse_angka_error_message_and_type() -> None:
    with pytest.raises(ValueError, match=r"^'12,5 persen' bukan angka$"):
        parse_angka("12,5 persen")


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), D("NaN"), D("-Inf")])
def test_parse_angka_rejects_non_finite(value: float | Decimal) -> None:
    with pytest.raises(AngkaTidakValid):
        parse_angka(value)


@pytest.mark.parametrize("value", [None, True, [1], b"12"])
def test_parse_angka_rejects_other_types(value: object) -> None:
    with pytest.raises(TypeError):
        parse_angka(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (D("1234.5"), 2, "1.234,50"),
        (D("0"), 2, "0,00"),
        (D("-1234.567"), 2, "-1.234,57"),
        (D("1234567.891"), 2, "1.234.567,89"),
        (D("2.675"), 2, "2,68"),
        (D("2.665"), 2, "2,67"),
        (D("0.005"), 2, "0,01"),
        (D("-0.001"), 2, "0,00"),
        (D("999.995"), 2, "1.000,00"),
        (D("1234.5"), 0, "1.235"),
        (D("107.1428571428571428571428571"), 2, "107,14"),
        (D("12"), 1, "12,0"),
        (D("1234.500"), None, "1.234,5"),
        (D("1E+3"), None, "1.000"),
        (D("100"), None, "100"),
        (D("0.000"), None, "0"),
        (D("-0.0"), None, "0"),
        (D("-1234567.25"), None, "-1.234.567,25"),
        (D("0.00012"), None, "0,00012"),
        (1500, 2, "1.500,00"),
    ],
)
def test_format_angka(value: Decimal | int, places: int | None, expected: str) -> None:
    assert format_angka(value, places) == expected


@pytest.mark.parametrize("value", [D("NaN"), D("Infinity")])
def test_format_angka_rejects_non_finite(value: Decimal) -> None:
    with pytest.raises(ValueError):
        format_angka(value)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (D("107.145"), 2, D("107.15")),  # half-up, where half-even would give 107.14
        (D("2.675"), 2, D("2.68")),
        (D("-1.005"), 2, D("-1.01")),
        (D("87.5"), 0, D("88")),
        (D("86.5"), 0, D("87")),
        (D("1.23456"), 3, D("1.235")),
        (D("100"), 2, D("100.00")),
    ],
)
def test_bulatkan_rounds_half_up(value: Decimal, places: int, expected: Decimal) -> None:
    result = bulatkan(value, places)
    assert result == expected
    assert str(result) == str(expected)


def test_bulatkan_passes_none_and_handles_large_values() -> None:
    assert bulatkan(None) is None
    assert bulatkan(D("1E+30")) == D("1E+30")
    assert str(bulatkan(D("123456789012345678901234567890.125"))).endswith(".13")


def test_bulatkan_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        bulatkan(D("NaN"))
    with pytest.raises(ValueError):
        bulatkan(D("1.5"), -1)


_decimals = st.decimals(
    min_value=D("-1e15"), max_value=D("1e15"), allow_nan=False, allow_infinity=False
)


@settings(max_examples=200)
@given(_decimals)
def test_format_without_rounding_round_trips(value: Decimal) -> None:
    assert parse_angka(format_angka(value, None)) == value


@settings(max_examples=150)
@given(_decimals, st.integers(min_value=0, max_value=6))
def test_format_with_places_round_trips_to_rounded_value(value: Decimal, places: int) -> None:
    text = format_angka(value, places)
    assert parse_angka(text) == bulatkan(value, places)
    fraction = text.partition(",")[2]
    assert len(fraction) == places


@settings(max_examples=200)
@given(st.integers(min_value=-(10**15), max_value=10**15), st.integers(0, 99))
def test_english_format_with_fraction_parses(whole: int, cents: int) -> None:
    """Spreadsheet exports like "1,234,567.05" read the same as Indonesian "1.234.567,05"."""
    value = D(whole) + (D(cents) / 100 if whole >= 0 else -D(cents) / 100)
    english = f"{value:,.2f}"
    assert parse_angka(english) == value
    assert parse_angka(format_angka(value)) == value
