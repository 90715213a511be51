"""Safe CSV and .xlsx cell writing, shared by every export (audit trail, open data downloads).

CSV files are written as spreadsheet programs in Indonesian locales expect them: UTF-8 with a
BOM (so Excel detects the encoding), ``;`` as the separator (the decimal separator is a comma)
and CRLF line ends.

User-typed text (narratives, file names, notes) can start with ``=``, ``+``, ``-`` or ``@``;
spreadsheet programs would run such a cell as a formula ("CSV injection"), so those cells are
written as plain text: a leading apostrophe in the CSV, an explicit string cell in the .xlsx.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

__all__ = [
    "BOM",
    "FORMAT_WAKTU_CSV",
    "baris_csv",
    "mirip_rumus",
    "sel_csv",
    "sel_xlsx",
]

BOM = "\ufeff"
FORMAT_WAKTU_CSV = "%Y-%m-%d %H:%M:%S"
_AWAL_RUMUS = ("=", "+", "-", "@", "\t", "\r")


def mirip_rumus(teks: str) -> bool:
    """True when a spreadsheet program would read ``teks`` as a formula."""
    if not teks.startswith(_AWAL_RUMUS):
        return False
    # A plain negative number ("-12,5") is harmless and stays readable.
    return not (teks.startswith("-") and teks[1:].replace(".", "").replace(",", "").isdigit())


def sel_csv(nilai: Any) -> str:
    """One value as CSV text: datetimes as ``YYYY-MM-DD HH:MM:SS``, None as empty, text that
    looks like a formula prefixed with an apostrophe."""
    if nilai is None:
        return ""
    if isinstance(nilai, datetime):
        return nilai.strftime(FORMAT_WAKTU_CSV)
    teks = str(nilai)
    return "'" + teks if mirip_rumus(teks) else teks


def baris_csv(
    kepala: Sequence[str],
    baris: Iterable[Sequence[Any]],
    sel: Callable[[Any], str] = sel_csv,
) -> Iterator[str]:
    """CSV text (BOM, ``;``, CRLF): the header, then one line per row, each value through
    ``sel``. Yields one chunk per line so that a long export can be streamed."""
    buffer = io.StringIO()
    penulis = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def ambil() -> str:
        isi = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return isi

    penulis.writerow(list(kepala))
    yield BOM + ambil()
    for nilai in baris:
        penulis.writerow([sel(v) for v in nilai])
        yield ambil()


def sel_xlsx(ws: WriteOnlyWorksheet, nilai: Any, number_format: str | None = None) -> WriteOnlyCell:
    """A write-only cell; text is always stored as a string cell (openpyxl would turn any text
    starting with "=" into a formula)."""
    sel = WriteOnlyCell(ws, value=nilai)
    if isinstance(nilai, str):
        sel.data_type = "s"
    elif number_format:
        sel.number_format = number_format
    return sel
