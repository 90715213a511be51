"""Form fields shared by every admin form: numbers typed and shown the Indonesian way."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from kinerja.engine import AngkaTidakValid, format_angka, parse_angka


class AngkaInput(forms.TextInput):
    """A text box (a number box would refuse "1.234,5") that shows Decimals as 1.234,5."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal):
            return format_angka(value, places=None)
        return super().format_value(value)


class AngkaField(forms.DecimalField):
    """DecimalField that accepts "1.234,5", "1234.5" and "75%" (kinerja.engine.parse_angka)."""

    widget = AngkaInput

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_angka(value)
        except (AngkaTidakValid, TypeError, ValueError) as exc:
            raise ValidationError(
                f"'{value}' bukan angka. Contoh penulisan: 1.234,5 atau 1234,5.", code="invalid"
            ) from exc
