"""Shared .xlsx machinery for templates, imports and exports (openpyxl).

An importer describes its columns once (``Kolom``); the same description builds the template
(instructions sheet, header, dropdown validation), parses an upload cell by cell into typed
values with Indonesian errors per row and column, and writes the export, so that an export
re-imports unchanged. Business rules (duplicate kode, unknown sasaran) stay in each app's
importer, which adds its own ``GalatBaris`` to the same list.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any, Literal

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from kinerja.engine import AngkaTidakValid, parse_angka

SHEET_DATA = "Data"
SHEET_PETUNJUK = "Petunjuk"
SHEET_PILIHAN = "Pilihan"
MAX_ROWS = 10_000
MAX_BYTES = 10 * 1024 * 1024

# "mentah": the cell value as stored (a number stays a number), for cells whose meaning
# depends on other cells of the row (e.g. a target that is a number, a range or a label).
JenisKolom = Literal["teks", "angka", "tahun", "pilihan", "mentah"]


@dataclass(frozen=True)
class Kolom:
    """One column of a sheet: header text, type and rules."""

    key: str
    judul: str
    jenis: JenisKolom = "teks"
    wajib: bool = False
    pilihan: tuple[str, ...] = ()
    max_length: int | None = None
    lebar: int = 18
    catatan: str = ""


@dataclass(frozen=True)
class GalatBaris:
    """An error located in the sheet (``baris`` is the Excel row number, 0 = whole file)."""

    baris: int
    kolom: str
    pesan: str

    def __str__(self) -> str:
        if self.baris == 0:
            return self.pesan
        if not self.kolom:
            return f"Baris {self.baris}: {self.pesan}"
        return f"Baris {self.baris}, kolom {self.kolom}: {self.pesan}"


class ImportGagal(Exception):
    """The file is refused; nothing was saved. ``galat`` lists every problem found."""

    def __init__(self, galat: Sequence[GalatBaris]) -> None:
        self.galat = list(galat)
        super().__init__("; ".join(str(g) for g in self.galat[:5]))

    @classmethod
    def file(cls, pesan: str) -> ImportGagal:
        return cls([GalatBaris(0, "", pesan)])


@dataclass
class Baris:
    """A parsed data row: typed values by column key, and its Excel row number."""

    nomor: int
    nilai: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.nilai.get(key)


# --- writing -----------------------------------------------------------------------------

_HEADER_FILL = PatternFill("solid", fgColor="0B4F8A")
_HEADER_FONT = Font(bold=True, color="FFFFFF")


def _cell_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        # Keep exact decimals readable by Excel and by parse_angka on the way back.
        normalized = value.normalize()
        return int(normalized) if normalized == normalized.to_integral() else float(normalized)
    return value


def buat_workbook(
    judul: str,
    kolom: Sequence[Kolom],
    petunjuk: Sequence[str],
    rows: Iterable[Sequence[Any]] = (),
) -> bytes:
    """A workbook with an instructions sheet, a data sheet (header, rows, dropdowns) and a
    hidden sheet holding the dropdown lists. Used for both templates (no rows) and exports."""
    wb = Workbook()
    data = wb.active
    data.title = SHEET_DATA
    data.append([k.judul for k in kolom])
    for index, k in enumerate(kolom, start=1):
        cell = data.cell(row=1, column=index)
        cell.fill, cell.font = _HEADER_FILL, _HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        data.column_dimensions[get_column_letter(index)].width = k.lebar
    data.freeze_panes = "A2"
    for row in rows:
        data.append([_cell_value(v) for v in row])

    lists = wb.create_sheet(SHEET_PILIHAN)
    lists.sheet_state = "hidden"
    for index, k in enumerate(kolom, start=1):
        if k.jenis != "pilihan" or not k.pilihan:
            continue
        letter = get_column_letter(index)
        for offset, option in enumerate(k.pilihan, start=1):
            lists.cell(row=offset, column=index, value=option)
        validation = DataValidation(
            type="list",
            formula1=f"={SHEET_PILIHAN}!${letter}$1:${letter}${len(k.pilihan)}",
            allow_blank=not k.wajib,
            showErrorMessage=True,
            errorTitle="Nilai tidak valid",
            error=f"Pilih salah satu: {', '.join(k.pilihan)}",
        )
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        data.add_data_validation(validation)

    info = wb.create_sheet(SHEET_PETUNJUK, 0)
    info.column_dimensions["A"].width = 110
    info.append([judul])
    info["A1"].font = Font(bold=True, size=14)
    for line in petunjuk:
        info.append([line])
    info.append([])
    info.append(["Kolom pada lembar 'Data':"])
    info.cell(row=info.max_row, column=1).font = Font(bold=True)
    for k in kolom:
        parts = [f"{k.judul}{' (wajib)' if k.wajib else ''}"]
        if k.jenis == "angka":
            parts.append("angka; boleh format Indonesia 1.234,5 atau 1234.5; '75%' dibaca 75")
        elif k.jenis == "tahun":
            parts.append("tahun empat digit")
        elif k.jenis == "pilihan":
            parts.append("pilih dari daftar: " + ", ".join(k.pilihan))
        if k.catatan:
            parts.append(k.catatan)
        info.append([" — ".join(parts)])
    for row in info.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True)
    wb.active = wb.index(data)

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- reading -----------------------------------------------------------------------------


def as_text(value: Any) -> str:
    """A cell as trimmed text ("" for empty; 12.0 as "12"), shared by the importers."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_cell(k: Kolom, raw: Any, nomor: int, galat: list[GalatBaris]) -> Any:
    text = as_text(raw)
    if text == "":
        if k.wajib:
            galat.append(GalatBaris(nomor, k.judul, "wajib diisi"))
        return None
    if k.jenis == "mentah":
        return raw
    if k.jenis == "angka":
        try:
            return parse_angka(raw if isinstance(raw, int | float | Decimal) else text)
        except (AngkaTidakValid, TypeError, ValueError):
            galat.append(GalatBaris(nomor, k.judul, f"'{text}' bukan angka"))
            return None
    if k.jenis == "tahun":
        if not text.isdigit() or len(text) != 4:
            galat.append(GalatBaris(nomor, k.judul, f"'{text}' bukan tahun (4 digit)"))
            return None
        return int(text)
    if k.jenis == "pilihan":
        match = {option.casefold(): option for option in k.pilihan}.get(text.casefold())
        if match is None:
            galat.append(
                GalatBaris(
                    nomor,
                    k.judul,
                    f"'{text}' tidak dikenal; pilih salah satu: {', '.join(k.pilihan)}",
                )
            )
        return match
    if k.max_length and len(text) > k.max_length:
        galat.append(GalatBaris(nomor, k.judul, f"paling panjang {k.max_length} karakter"))
        return None
    return text


def baca_workbook(
    data: bytes | IO[bytes],
    kolom: Sequence[Kolom],
    *,
    max_rows: int = MAX_ROWS,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[Baris]:
    """Parse the 'Data' sheet against ``kolom``. Collects every cell error and raises
    ``ImportGagal`` with all of them; returns typed rows only when the whole file is clean.
    Columns are matched by header text (order free); unknown extra columns are ignored."""
    raw = data if isinstance(data, bytes) else data.read()
    if not raw:
        raise ImportGagal.file("Berkas kosong.")
    if len(raw) > MAX_BYTES:
        raise ImportGagal.file("Berkas lebih dari 10 MB.")
    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportGagal.file("Berkas bukan file Excel .xlsx yang valid.") from exc
    try:
        if SHEET_DATA not in wb.sheetnames:
            raise ImportGagal.file(f"Lembar '{SHEET_DATA}' tidak ditemukan; gunakan templat.")
        sheet = wb[SHEET_DATA]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ImportGagal.file("Lembar 'Data' kosong.")
        positions = {as_text(h).casefold(): i for i, h in enumerate(header) if as_text(h)}
        missing = [k.judul for k in kolom if k.judul.casefold() not in positions]
        if missing:
            raise ImportGagal.file("Kolom tidak ditemukan: " + ", ".join(missing) + ".")
        total = max((sheet.max_row or 1) - 1, 0)
        galat: list[GalatBaris] = []
        result: list[Baris] = []
        for nomor, values in enumerate(rows, start=2):
            if all(as_text(v) == "" for v in values):
                continue
            if len(result) >= max_rows:
                raise ImportGagal.file(f"Berkas lebih dari {max_rows} baris data.")
            baris = Baris(nomor)
            for k in kolom:
                index = positions[k.judul.casefold()]
                cell = values[index] if index < len(values) else None
                baris.nilai[k.key] = _parse_cell(k, cell, nomor, galat)
            result.append(baris)
            if on_progress is not None and len(result) % 200 == 0:
                on_progress(len(result), total)
        if not result and not galat:
            raise ImportGagal.file("Tidak ada baris data pada lembar 'Data'.")
        if galat:
            raise ImportGagal(galat)
        if on_progress is not None:
            on_progress(len(result), len(result))
        return result
    finally:
        wb.close()


def cek_duplikat(rows: Sequence[Baris], key: str, judul: str) -> list[GalatBaris]:
    """Errors for values of ``key`` that appear on more than one row."""
    seen: dict[str, int] = {}
    galat = []
    for row in rows:
        value = row[key]
        if value in (None, ""):
            continue
        folded = str(value).casefold()
        if folded in seen:
            galat.append(
                GalatBaris(row.nomor, judul, f"'{value}' sudah dipakai di baris {seen[folded]}")
            )
        else:
            seen[folded] = row.nomor
    return galat
