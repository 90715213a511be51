"""Indonesian-style number parsing and display.

Operators type numbers the Indonesian way ("1.234,5") but spreadsheets often hand us the English way
("1,234.5"); both must land on the same Decimal, and anything doubtful must be refused rather than
silently read as a different number.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import overload

__all__ = ["AngkaTidakValid", "bulatkan", "format_angka", "parse_angka"]

_MINUS_SIGNS = frozenset({"-", "\u2212"})  # ASCII hyphen-minus and Unicode minus sign
_GROUP_SPACES = "\u0020\u00a0\u202f\u2009"  # space, no-break space, narrow no-break, thin space

_DIGITS = re.compile(r"[0-9]+")
_SPACE_GROUPED = re.compile(
    rf"([1-9][0-9]{{0,2}}(?:[{_GROUP_SPACES}][0-9]{{3}})+)(?:[.,]([0-9]+))?"
)
_DOT_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_COMMA_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")
_DECIMAL = re.compile(r"([0-9]*)[.,]([0-9]+)")
_THOUSANDS_SINGLE_DOT = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")


class AngkaTidakValid(ValueError):
    """Text that cannot be read as a number; the message is shown to operators as is."""

    def __init__(self, teks: str) -> None:
        self.teks = teks
        super().__init__(f"'{teks}' bukan angka")


def parse_angka(text: str | int | float | Decimal) -> Decimal:
    """Read a number typed by a person or exported by a spreadsheet.

    Accepted: surrounding (no-break) spaces, a leading ``+``, ``-`` or Unicode minus, a trailing
    ``%`` (the number is returned as is, not divided by 100), and these separators:

    - both ``.`` and ``,``: the last one is the decimal separator, the other groups thousands
      ("1.234,5" and "1,234.5" are both 1234.5); grouping must be in threes;
    - only ``,``: one comma is the decimal separator ("1234,5"); several commas can only be
      thousands grouping ("1,234,567");
    - only ``.``: several dots are thousands grouping ("1.234.567"); a single dot followed by
      exactly three digits after a 1-3 digit integer part not starting with 0 is a thousands
      separator, as Indonesians write it ("1.234" = 1234, "12.500" = 12500); any other single dot
      is decimal ("12.5", "1234.567", "0.125");
    - spaces between groups of three digits ("1 234,5").

    Floats go through ``str()`` so 0.1 stays 0.1. NaN, infinity and exponents are refused.
    """
    if isinstance(text, bool):
        raise TypeError("parse_angka does not accept bool")
    if isinstance(text, Decimal):
        if not text.is_finite():
            raise AngkaTidakValid(str(text))
        return text
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, float):
        if not math.isfinite(text):
            raise AngkaTidakValid(str(text))
        return Decimal(str(text))
    if not isinstance(text, str):
        raise TypeError(
            f"parse_angka expects str, int, float or Decimal, not {type(text).__name__}"
        )

    body = text.strip()
    if body.endswith("%"):
        body = body[:-1].rstrip()
    negative = False
    if body[:1] == "+" or body[:1] in _MINUS_SIGNS:
        negative = body[0] != "+"
        body = body[1:].lstrip()

    canonical = _canonical(body)
    if canonical is None:
        raise AngkaTidakValid(text)
    value = Decimal(canonical)  # exact: construction from text never rounds
    # copy_negate, unlike unary minus, does not round to the context precision.
    return value.copy_negate() if negative and not value.is_zero() else value


def _canonical(body: str) -> str | None:
    """Turn the unsigned number part into ``digits[.digits]``, or None when it is not a number."""
    if not body:
        return None
    if any(ch in _GROUP_SPACES for ch in body):
        match = _SPACE_GROUPED.fullmatch(body)
        if match is None:
            return None
        integer = "".join(ch for ch in match[1] if ch.isdigit())
        return f"{integer}.{match[2]}" if match[2] else integer

    has_dot, has_comma = "." in body, "," in body
    if has_dot and has_comma:
        decimal_sep = "." if body.rfind(".") > body.rfind(",") else ","
        grouping = _DOT_GROUPED if decimal_sep == "," else _COMMA_GROUPED
        integer, _, fraction = body.rpartition(decimal_sep)
        if not grouping.fullmatch(integer) or not _DIGITS.fullmatch(fraction):
            return None
        return f"{integer.replace('.', '').replace(',', '')}.{fraction}"
    if has_dot or has_comma:
        sep = "." if has_dot else ","
        if body.count(sep) > 1:
            grouping = _DOT_GROUPED if has_dot else _COMMA_GROUPED
            return body.replace(sep, "") if grouping.fullmatch(body) else None
        if has_dot and _THOUSANDS_SINGLE_DOT.fullmatch(body):
            return body.replace(".", "")
        match = _DECIMAL.fullmatch(body)
        if match is None:
            return None
        return f"{match[1] or '0'}.{match[2]}"
    return body if _DIGITS.fullmatch(body) else None


@overload
def bulatkan(value: Decimal, places: int = 2) -> Decimal: ...
@overload
def bulatkan(value: None, places: int = 2) -> None: ...
def bulatkan(value: Decimal | None, places: int = 2) -> Decimal | None:
    """Round half-up (2.675 -> 2.68) as people expect in reports; for display only, never store it.

    None passes through so a not-computable capaian can be handed over without a check.
    """
    if value is None:
        return None
    if not value.is_finite():
        raise ValueError(f"cannot round {value}")
    if places < 0:
        raise ValueError("places must be >= 0")
    # Enough precision that quantize never fails on large values.
    prec = value.adjusted() + places + 2
    context = _CONTEXT_28 if prec <= 28 else Context(prec=prec)
    kuantum = _KUANTUM[places] if places < len(_KUANTUM) else Decimal(1).scaleb(-places)
    return value.quantize(kuantum, rounding=ROUND_HALF_UP, context=context)


# bulatkan runs for every capaian shown or graded: build its context and quanta once.
_CONTEXT_28 = Context(prec=28)
_KUANTUM = tuple(Decimal(1).scaleb(-places) for places in range(9))


def format_angka(value: Decimal | int, places: int | None = 2) -> str:
    """Display a number the Indonesian way: "1.234,50".

    ``places`` rounds half-up to a fixed number of decimals; ``None`` shows the value as it is with
    trailing zeros removed ("1.234,5"). The output always parses back with :func:`parse_angka`.
    """
    number = Decimal(value) if isinstance(value, int) else value
    if not number.is_finite():
        raise ValueError(f"cannot format {number}")
    if places is None:
        # Precision equal to the digit count: normalize strips zeros without ever rounding.
        number = number.normalize(Context(prec=max(1, len(number.as_tuple().digits))))
    else:
        number = bulatkan(number, places)
    if number.is_zero():
        number = number.copy_abs()  # never show "-0,00"
    text = format(number, "f")
    sign = "-" if text.startswith("-") else ""
    integer, _, fraction = text.lstrip("-").partition(".")
    grouped = f"{int(integer):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"
