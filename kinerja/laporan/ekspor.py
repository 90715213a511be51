"""Writers of the open data downloads: CSV, XLSX and JSON of :mod:`kinerja.laporan.selectors`
reports. The columns are described once (:data:`KOLOM_IKD`, :data:`KOLOM_IKU`) and every
format writes exactly those fields of the rows, in that order.

Values per format:

- **CSV** (UTF-8 with BOM, ``;``-separated, CRLF; see :mod:`kinerja.excel.ekspor_aman`):
  numbers the Indonesian way without rounding ("1.234,5"; capaian with 2 decimals "107,14"),
  labels as text, empty cell for no value. Formula-like text is neutralised.
- **XLSX**: sheet *Data* (title, bold filled header, frozen under the header, auto-filter,
  numbers as numeric cells: ``General`` for values, ``0.00`` for capaian, ``0`` for years)
  and sheet *Keterangan* (source, time of creation, the verified-only note, column meanings).
- **JSON**: ``{"judul", "jenis", "tahun", "triwulan", ..., "kolom": [...], "data": [...]}``.
  Decimals are STRINGS in plain dot notation ("1234.5", "107.14"): exact, never a binary
  float, the same as DRF's default for decimals. A kualitatif target/realisasi is its label
  (also a string: read ``polaritas``). No value is ``null``. Integers (``tahun``,
  ``triwulan``) are numbers.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kinerja.engine import format_angka
from kinerja.engine.jadwal import WITA, format_tanggal
from kinerja.excel.ekspor_aman import baris_csv, sel_csv, sel_xlsx
from kinerja.laporan.selectors import LaporanIkd, LaporanIku

__all__ = [
    "JENIS_MIME",
    "KOLOM_IKD",
    "KOLOM_IKU",
    "Kolom",
    "catatan_verifikasi",
    "desimal_json",
    "isi_berkas",
    "ke_csv",
    "ke_json",
    "ke_json_bytes",
    "ke_xlsx",
    "kolom_laporan",
    "nama_berkas",
    "nilai_baris",
]

JenisNilai = Literal["teks", "bulat", "angka", "persen"]
Laporan = LaporanIkd | LaporanIku

JENIS_MIME = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


@dataclass(frozen=True)
class Kolom:
    """One exported field: ``kunci`` (row attribute and JSON key), header, kind and meaning."""

    kunci: str
    judul: str
    jenis: JenisNilai = "teks"
    keterangan: str = ""
    lebar: int = 14


_NILAI = "angka (desimal), atau label untuk indikator kualitatif"

KOLOM_IKD: tuple[Kolom, ...] = (
    Kolom("tahun", "Tahun", "bulat", "Tahun data", 7),
    Kolom("aspek", "Aspek", "teks", "Aspek IKD", 22),
    Kolom("kode", "Kode", "teks", "Kode indikator", 10),
    Kolom("indikator", "Indikator", "teks", "Nama indikator", 40),
    Kolom("satuan", "Satuan", "teks", "Satuan", 10),
    Kolom("polaritas", "Polaritas", "teks", "Arah perbaikan indikator", 18),
    Kolom("target", "Target", "angka", f"Target tahun ini: {_NILAI}", 12),
    Kolom("target_batas_atas", "Target batas atas", "angka", "Batas atas target rentang", 12),
    Kolom("realisasi", "Realisasi", "angka", f"Realisasi tahun ini: {_NILAI}", 12),
    Kolom(
        "sumber_realisasi",
        "Sumber realisasi",
        "teks",
        "Bappeda, atau Rollup IKU (dari triwulan IKU yang terverifikasi)",
        14,
    ),
    Kolom("capaian_persen", "Capaian (%)", "persen", "Capaian, dibulatkan 2 desimal", 11),
    Kolom("predikat", "Predikat", "teks", "Predikat capaian menurut skema aktif", 14),
    Kolom("rumus", "Rumus", "teks", "Rumus capaian yang dipakai", 22),
    Kolom("keterangan", "Keterangan", "teks", "Alasan bila capaian tidak dapat dihitung", 28),
    Kolom("target_akhir", "Target akhir periode", "angka", f"Target akhir RPJMD: {_NILAI}", 12),
    Kolom(
        "capaian_target_akhir_persen",
        "Capaian thd. target akhir (%)",
        "persen",
        "Realisasi terakhir s.d. tahun ini terhadap target akhir periode",
        13,
    ),
    Kolom(
        "opd_penanggung_jawab",
        "Perangkat Daerah penanggung jawab",
        "teks",
        "Perangkat Daerah penanggung jawab",
        28,
    ),
)

KOLOM_IKU: tuple[Kolom, ...] = (
    Kolom("tahun", "Tahun", "bulat", "Tahun data", 7),
    Kolom("triwulan", "Triwulan", "bulat", "Triwulan (kosong: data tahunan s.d. TW4)", 8),
    Kolom("kode_sasaran", "Kode sasaran", "teks", "Kode sasaran strategis", 10),
    Kolom("sasaran", "Sasaran strategis", "teks", "Uraian sasaran strategis", 32),
    Kolom("kode", "Kode IKU", "teks", "Kode IKU", 10),
    Kolom("indikator", "Indikator", "teks", "Nama IKU", 40),
    Kolom("satuan", "Satuan", "teks", "Satuan", 10),
    Kolom("polaritas", "Polaritas", "teks", "Arah perbaikan indikator", 18),
    Kolom("tipe_perhitungan", "Tipe perhitungan", "teks", "Cara triwulan menjadi tahunan", 18),
    Kolom("formula_indikator", "Formula indikator", "teks", "Cara pengukuran indikator", 28),
    Kolom("target", "Target", "angka", f"Target pembanding capaian: {_NILAI}", 12),
    Kolom("target_batas_atas", "Target batas atas", "angka", "Batas atas target rentang", 12),
    Kolom("acuan_target", "Acuan target", "teks", "Target yang dipakai sebagai pembanding", 20),
    Kolom("realisasi_tw1", "Realisasi TW1", "angka", f"Realisasi TW1: {_NILAI}", 11),
    Kolom("realisasi_tw2", "Realisasi TW2", "angka", f"Realisasi TW2: {_NILAI}", 11),
    Kolom("realisasi_tw3", "Realisasi TW3", "angka", f"Realisasi TW3: {_NILAI}", 11),
    Kolom("realisasi_tw4", "Realisasi TW4", "angka", f"Realisasi TW4: {_NILAI}", 11),
    Kolom(
        "realisasi",
        "Realisasi s.d. periode",
        "angka",
        f"Realisasi tahunan s.d. triwulan menurut tipe perhitungan: {_NILAI}",
        12,
    ),
    Kolom("capaian_persen", "Capaian (%)", "persen", "Capaian, dibulatkan 2 desimal", 11),
    Kolom("predikat", "Predikat", "teks", "Predikat capaian menurut skema aktif", 14),
    Kolom("rumus", "Rumus", "teks", "Rumus capaian yang dipakai", 30),
    Kolom("keterangan", "Keterangan", "teks", "Alasan bila capaian tidak dapat dihitung", 28),
    Kolom(
        "status_triwulan",
        "Status data",
        "teks",
        "Status realisasi tiap triwulan yang dihitung",
        22,
    ),
    Kolom("faktor_pendorong", "Faktor pendorong", "teks", "Analisis triwulan terakhir", 30),
    Kolom("faktor_penghambat", "Faktor penghambat", "teks", "Analisis triwulan terakhir", 30),
    Kolom("tindak_lanjut", "Tindak lanjut", "teks", "Rencana tindak lanjut", 30),
)

# "General" for values: their decimals vary; Excel shows them in the reader's locale.
_FORMAT_XLSX = {"bulat": "0", "angka": "General", "persen": "0.00"}
_JENIS_JSON = {
    "teks": "string",
    "bulat": "integer",
    "angka": "string (desimal) atau label",
    "persen": "string (desimal, 2 angka di belakang koma)",
}


def kolom_laporan(laporan: Laporan) -> tuple[Kolom, ...]:
    return KOLOM_IKD if isinstance(laporan, LaporanIkd) else KOLOM_IKU


def nilai_baris(laporan: Laporan) -> Iterator[list[Any]]:
    """The exported values of each row, in column order (raw: Decimal, str, int or None)."""
    kolom = kolom_laporan(laporan)
    for b in laporan.baris:
        yield [getattr(b, k.kunci) for k in kolom]


def _sumber(laporan: Laporan) -> str:
    if isinstance(laporan, LaporanIkd):
        periode = f" ({laporan.periode_nama})" if laporan.periode_nama else ""
        return f"Bappeda dan Litbang Provinsi Kalimantan Utara, data IKD RPJMD{periode}"
    return f"{laporan.opd_nama}, Provinsi Kalimantan Utara, realisasi IKU"


def catatan_verifikasi(laporan: Laporan) -> str:
    if isinstance(laporan, LaporanIkd):
        return (
            "Hanya data resmi: realisasi diisi Bappeda atau dihimpun dari realisasi IKU "
            "Perangkat Daerah yang sudah diverifikasi Bappeda."
        )
    if laporan.hanya_terverifikasi:
        return (
            "Hanya data terverifikasi: realisasi triwulan yang belum diverifikasi Bappeda "
            "dianggap belum dilaporkan."
        )
    return (
        "DRAF — memuat realisasi yang belum diverifikasi Bappeda (lihat kolom Status data). "
        "Bukan data resmi; jangan dipublikasikan."
    )


def nama_berkas(laporan: Laporan, ekstensi: str, schema: str = "") -> str:
    """``ikd-2031.csv``, ``iku-dinkes-2031.xlsx``, ``iku-dinkes-2031-tw2-draf.json``."""
    if isinstance(laporan, LaporanIkd):
        nama = f"ikd-{laporan.tahun}" + (f"-{laporan.aspek}" if laporan.aspek else "")
    else:
        nama = "-".join(p for p in ("iku", schema, str(laporan.tahun)) if p)
        if laporan.triwulan:
            nama += f"-tw{laporan.triwulan}"
        if not laporan.hanya_terverifikasi:
            nama += "-draf"
    return f"{nama.replace('_', '-')}.{ekstensi}"


# --- CSV -------------------------------------------------------------------------------------


def _sel_csv_laporan(jenis: JenisNilai, nilai: Any) -> str:
    if isinstance(nilai, Decimal):
        return format_angka(nilai, 2 if jenis == "persen" else None)
    return sel_csv(nilai)


def ke_csv(laporan: Laporan) -> Iterator[str]:
    """CSV text chunks (header + one line per row); see the module docstring."""
    kolom = kolom_laporan(laporan)

    def baris() -> Iterator[list[str]]:
        for nilai in nilai_baris(laporan):
            yield [_sel_csv_laporan(k.jenis, v) for k, v in zip(kolom, nilai, strict=True)]

    return baris_csv([k.judul for k in kolom], baris(), sel=lambda v: v)


# --- XLSX ------------------------------------------------------------------------------------

_ISI_KEPALA = PatternFill("solid", fgColor="1F4E79")
_HURUF_KEPALA = Font(bold=True, color="FFFFFF")


def _waktu(laporan: Laporan) -> datetime:
    return laporan.dibuat.astimezone(WITA)


def ke_xlsx(laporan: Laporan) -> bytes:
    """A workbook: sheet *Data* (title, header, rows) and sheet *Keterangan*."""
    kolom = kolom_laporan(laporan)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    for i, k in enumerate(kolom, start=1):
        ws.column_dimensions[get_column_letter(i)].width = k.lebar
    ws.freeze_panes = "A3"
    akhir = get_column_letter(len(kolom))
    ws.auto_filter.ref = f"A2:{akhir}{len(laporan.baris) + 2}"
    judul = WriteOnlyCell(ws, value=laporan.judul)
    judul.font = Font(bold=True, size=12)
    ws.append([judul])
    kepala = []
    for k in kolom:
        sel = WriteOnlyCell(ws, value=k.judul)
        sel.font = _HURUF_KEPALA
        sel.fill = _ISI_KEPALA
        sel.alignment = Alignment(wrap_text=True, vertical="center")
        kepala.append(sel)
    ws.append(kepala)
    for nilai in nilai_baris(laporan):
        ws.append(
            [sel_xlsx(ws, v, _FORMAT_XLSX.get(k.jenis)) for k, v in zip(kolom, nilai, strict=True)]
        )

    ket = wb.create_sheet("Keterangan")
    ket.column_dimensions["A"].width = 30
    ket.column_dimensions["B"].width = 90
    tebal = Font(bold=True)

    def baris_ket(label: str, isi: str, *, font: Font | None = None) -> None:
        a = sel_xlsx(ket, label)
        a.font = tebal
        b = sel_xlsx(ket, isi)
        if font is not None:
            b.font = font
        ket.append([a, b])

    baris_ket("Judul", laporan.judul)
    baris_ket("Sumber", _sumber(laporan))
    baris_ket("Dibuat", format_tanggal(_waktu(laporan)))
    baris_ket(
        "Status data",
        catatan_verifikasi(laporan),
        font=None if laporan.hanya_terverifikasi else Font(bold=True, color="C00000"),
    )
    baris_ket("Jumlah baris", str(len(laporan.baris)))
    baris_ket("Angka", "Nilai desimal ditulis apa adanya; capaian dibulatkan 2 desimal.")
    ket.append([])
    kepala_kolom = []
    for teks in ("Kolom", "Keterangan"):
        sel = sel_xlsx(ket, teks)
        sel.font = tebal
        kepala_kolom.append(sel)
    ket.append(kepala_kolom)
    for k in kolom:
        ket.append([sel_xlsx(ket, k.judul), sel_xlsx(ket, k.keterangan)])

    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


# --- JSON ------------------------------------------------------------------------------------


def desimal_json(nilai: Decimal) -> str:
    """A Decimal as a plain dot-notation string without exponent or trailing zeros:
    Decimal("25.0000") → "25", Decimal("107.14") → "107.14", Decimal("1E+3") → "1000"."""
    teks = format(nilai, "f")
    if "." in teks:
        teks = teks.rstrip("0").rstrip(".")
    return "0" if teks in ("-0", "") else teks


def _nilai_json(nilai: Any) -> Any:
    if isinstance(nilai, Decimal):
        return desimal_json(nilai)
    return nilai


def ke_json(laporan: Laporan) -> dict[str, Any]:
    """The report as a JSON-ready dict (see the module docstring for the value rules)."""
    kolom = kolom_laporan(laporan)
    kepala: dict[str, Any] = {
        "judul": laporan.judul,
        "jenis": "ikd" if isinstance(laporan, LaporanIkd) else "iku",
        "tahun": laporan.tahun,
    }
    if isinstance(laporan, LaporanIkd):
        kepala.update(aspek=laporan.aspek, periode_rpjmd=laporan.periode_nama or None)
    else:
        kepala.update(
            triwulan=laporan.triwulan,
            opd={
                "nama": laporan.opd_nama,
                "singkatan": laporan.opd_singkatan,
                "kode": laporan.opd_kode,
            },
            renstra=laporan.renstra_nama or None,
        )
    kepala.update(
        hanya_terverifikasi=laporan.hanya_terverifikasi,
        catatan=catatan_verifikasi(laporan),
        sumber=_sumber(laporan),
        dibuat=_waktu(laporan).isoformat(timespec="seconds"),
        kolom=[
            {
                "kunci": k.kunci,
                "judul": k.judul,
                "jenis": _JENIS_JSON[k.jenis],
                "keterangan": k.keterangan,
            }
            for k in kolom
        ],
        data=[
            {k.kunci: _nilai_json(v) for k, v in zip(kolom, nilai, strict=True)}
            for nilai in nilai_baris(laporan)
        ],
    )
    return kepala


def ke_json_bytes(laporan: Laporan) -> bytes:
    return json.dumps(ke_json(laporan), ensure_ascii=False, indent=1).encode()


def isi_berkas(laporan: Laporan, format_: str) -> bytes | Iterator[str]:
    """The file body for ``format_`` (csv: text chunks for streaming; xlsx/json: bytes)."""
    if format_ == "csv":
        return ke_csv(laporan)
    if format_ == "xlsx":
        return ke_xlsx(laporan)
    if format_ == "json":
        return ke_json_bytes(laporan)
    raise ValueError(f"format tidak dikenal: {format_}")
