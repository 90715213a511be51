"""Export of the reporting audit trail (:class:`~kinerja.opd.models.JejakAudit`) to .xlsx and
.csv, with the same columns as the audit screen.

Times are written in WITA. User-typed text (narratives, file names, notes) can start with ``=``,
``+``, ``-`` or ``@``; spreadsheet programs would run such a cell as a formula ("CSV injection"),
so those cells are written as plain text: a leading apostrophe in the CSV, an explicit string
cell in the .xlsx.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from kinerja.engine.jadwal import WITA
from kinerja.excel.ekspor_aman import baris_csv
from kinerja.opd.models import JejakAudit

__all__ = [
    "KOLOM_AUDIT",
    "LABEL_AKSI_AUDIT",
    "baris_audit",
    "ekspor_csv",
    "ekspor_xlsx",
    "label_aksi",
]

KOLOM_AUDIT: tuple[str, ...] = (
    "Waktu (WITA)",
    "Pengguna",
    "Sumber",
    "Alamat IP",
    "Aksi",
    "IKU",
    "Tahun",
    "Triwulan",
    "Revisi",
    "Kolom",
    "Nilai lama",
    "Nilai baru",
    "Catatan",
)

LABEL_AKSI_AUDIT: dict[str, str] = {
    "buat": "Buat realisasi",
    "ubah": "Ubah realisasi",
    "ajukan": "Ajukan",
    "setujui": "Setujui",
    "kembalikan": "Kembalikan",
    "verifikasi": "Verifikasi",
    "buka_kembali": "Buka kembali",
    "revisi": "Revisi baru",
    "bukti_tambah": "Tambah bukti dukung",
    "bukti_hapus": "Hapus bukti dukung",
}


def label_aksi(aksi: str) -> str:
    """Indonesian label of an audit action code (unknown codes are shown readable)."""
    return LABEL_AKSI_AUDIT.get(aksi) or aksi.replace("_", " ").capitalize()


def waktu_wita(waktu: datetime) -> datetime:
    """The time in WITA without tzinfo (spreadsheets cannot store a zone)."""
    return waktu.astimezone(WITA).replace(tzinfo=None)


def baris_audit(jejak: JejakAudit) -> list[Any]:
    """One audit row as the export columns (``waktu`` a naive WITA datetime, numbers as int)."""
    realisasi = jejak.realisasi
    return [
        waktu_wita(jejak.waktu),
        jejak.pengguna,
        jejak.get_sumber_display(),
        jejak.ip or "",
        label_aksi(jejak.aksi),
        realisasi.iku.kode if realisasi is not None else "",
        realisasi.tahun if realisasi is not None else "",
        realisasi.triwulan if realisasi is not None else "",
        jejak.revisi if jejak.revisi is not None else "",
        jejak.kolom,
        jejak.nilai_lama,
        jejak.nilai_baru,
        jejak.catatan,
    ]


def _iterasi(jejak: Iterable[JejakAudit]) -> Iterator[JejakAudit]:
    # A queryset is read in chunks so a long trail does not sit in memory twice.
    iterator = getattr(jejak, "iterator", None)
    return iterator(chunk_size=2000) if callable(iterator) else iter(jejak)


def ekspor_csv(jejak: Iterable[JejakAudit]) -> Iterator[str]:
    """CSV lines (UTF-8 with BOM, ``;``-separated as spreadsheet programs in Indonesian
    locales expect, since the decimal separator is a comma). Yields text for streaming."""
    return baris_csv(KOLOM_AUDIT, (baris_audit(j) for j in _iterasi(jejak)))


def ekspor_xlsx(jejak: Iterable[JejakAudit], judul: str = "Jejak audit") -> bytes:
    """A workbook with one sheet: a title row, the header and one row per audit entry."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Jejak audit")
    lebar = (20, 28, 14, 16, 20, 14, 8, 9, 8, 22, 30, 30, 40)
    for i, w in enumerate(lebar, start=1):
        ws.column_dimensions[chr(64 + i)].width = w
    ws.freeze_panes = "A3"
    judul_sel = WriteOnlyCell(ws, value=judul)
    judul_sel.font = Font(bold=True, size=12)
    ws.append([judul_sel])
    kepala = []
    for nama in KOLOM_AUDIT:
        sel = WriteOnlyCell(ws, value=nama)
        sel.font = Font(bold=True)
        kepala.append(sel)
    ws.append(kepala)
    for j in _iterasi(jejak):
        baris = []
        for nilai in baris_audit(j):
            sel = WriteOnlyCell(ws, value=nilai)
            if isinstance(nilai, datetime):
                sel.number_format = "dd-mm-yyyy hh:mm:ss"
            elif isinstance(nilai, str):
                # openpyxl turns any text starting with "=" into a formula; never for user text.
                sel.data_type = "s"
            baris.append(sel)
        ws.append(baris)
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()
