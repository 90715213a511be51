"""The shared xlsx machinery: templates carry dropdowns and instructions; parsing is typed,
tolerant of Indonesian numbers and reports every bad cell by row and column."""

from __future__ import annotations

import io
import time
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from kinerja.excel.core import (
    Baris,
    GalatBaris,
    ImportGagal,
    Kolom,
    baca_workbook,
    buat_workbook,
    cek_duplikat,
)

KOLOM = (
    Kolom("kode", "Kode", wajib=True, max_length=10),
    Kolom("polaritas", "Polaritas", "pilihan", wajib=True, pilihan=("positif", "negatif")),
    Kolom("tahun", "Tahun", "tahun"),
    Kolom("target", "Target 2025", "angka"),
)


def _xlsx(rows, header=("Kode", "Polaritas", "Tahun", "Target 2025"), sheet="Data") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_template_has_instructions_dropdowns_and_header():
    wb = load_workbook(io.BytesIO(buat_workbook("Templat IKU", KOLOM, ["Isi mulai baris 2."])))
    assert wb.sheetnames[:2] == ["Petunjuk", "Data"]
    assert wb["Petunjuk"]["A1"].value == "Templat IKU"
    assert [c.value for c in wb["Data"][1]] == ["Kode", "Polaritas", "Tahun", "Target 2025"]
    validations = wb["Data"].data_validations.dataValidation
    assert len(validations) == 1
    assert validations[0].type == "list"
    assert "B2:B10001" in str(validations[0].sqref)
    assert wb["Pilihan"].sheet_state == "hidden"
    assert [wb["Pilihan"].cell(row=i, column=2).value for i in (1, 2)] == ["positif", "negatif"]


def test_parse_types_and_indonesian_numbers():
    data = _xlsx(
        [
            ("A1", "positif", 2025, "1.234,5"),
            ("A2", "NEGATIF", "2026", "1234.5"),
            ("A3", "positif", None, "75%"),
            ("A4", "positif", None, 12.25),
            (None, None, None, None),  # blank rows are skipped
        ]
    )
    rows = baca_workbook(data, KOLOM)
    assert [r.nomor for r in rows] == [2, 3, 4, 5]
    assert [r["target"] for r in rows] == [
        Decimal("1234.5"),
        Decimal("1234.5"),
        Decimal("75"),
        Decimal("12.25"),
    ]
    assert rows[1]["polaritas"] == "negatif"
    assert rows[0]["tahun"] == 2025 and rows[2]["tahun"] is None


def test_every_bad_cell_is_reported_with_row_and_column():
    data = _xlsx(
        [
            ("A1", "naik", "20x5", "12,5 persen"),
            (None, "positif", None, 3),
            ("K" * 11, "positif", None, None),
        ]
    )
    with pytest.raises(ImportGagal) as excinfo:
        baca_workbook(data, KOLOM)
    assert [str(g) for g in excinfo.value.galat] == [
        "Baris 2, kolom Polaritas: 'naik' tidak dikenal; pilih salah satu: positif, negatif",
        "Baris 2, kolom Tahun: '20x5' bukan tahun (4 digit)",
        "Baris 2, kolom Target 2025: '12,5 persen' bukan angka",
        "Baris 3, kolom Kode: wajib diisi",
        "Baris 4, kolom Kode: paling panjang 10 karakter",
    ]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"", "Berkas kosong."),
        (b"%PDF-1.7 bukan excel", "bukan file Excel .xlsx"),
        (b"PK\x03\x04rusak", "bukan file Excel .xlsx"),
    ],
)
def test_unreadable_files_are_refused(payload, message):
    with pytest.raises(ImportGagal, match=message):
        baca_workbook(payload, KOLOM)


def test_missing_columns_and_sheet_are_named():
    with pytest.raises(ImportGagal, match="Kolom tidak ditemukan: Tahun, Target 2025"):
        baca_workbook(_xlsx([("A", "positif")], header=("Kode", "Polaritas")), KOLOM)
    with pytest.raises(ImportGagal, match="Lembar 'Data' tidak ditemukan"):
        baca_workbook(_xlsx([], sheet="Sheet1"), KOLOM)
    with pytest.raises(ImportGagal, match="Tidak ada baris data"):
        baca_workbook(_xlsx([]), KOLOM)


def test_row_limit():
    rows = [(f"K{i}", "positif", None, i) for i in range(30)]
    with pytest.raises(ImportGagal, match="lebih dari 20 baris"):
        baca_workbook(_xlsx(rows), KOLOM, max_rows=20)


def test_five_thousand_rows_parse_with_progress():
    rows = [(f"K{i}", "positif", 2025, f"{i},5") for i in range(5000)]
    seen: list[tuple[int, int]] = []
    started = time.perf_counter()
    parsed = baca_workbook(
        _xlsx(rows), KOLOM, on_progress=lambda done, total: seen.append((done, total))
    )
    assert len(parsed) == 5000
    assert parsed[-1]["target"] == Decimal("4999.5")
    assert seen[-1] == (5000, 5000)
    assert len(seen) > 10
    assert time.perf_counter() - started < 60  # generous: a guard against quadratic work


def test_round_trip_of_written_rows():
    rows = [["A1", "positif", 2025, Decimal("1234.5")], ["A2", "negatif", None, Decimal("0.1")]]
    parsed = baca_workbook(buat_workbook("T", KOLOM, [], rows), KOLOM)
    assert [[r["kode"], r["polaritas"], r["tahun"], r["target"]] for r in parsed] == rows


def test_duplicates_are_reported_case_insensitively():
    rows = [Baris(2, {"kode": "A1"}), Baris(3, {"kode": "b"}), Baris(4, {"kode": "a1"})]
    assert cek_duplikat(rows, "kode", "Kode") == [
        GalatBaris(4, "Kode", "'a1' sudah dipakai di baris 2")
    ]


def test_raw_columns_keep_the_cell_as_stored():
    kolom = (Kolom("kode", "Kode", wajib=True), Kolom("t", "Target 2025", "mentah"))
    rows = baca_workbook(
        _xlsx([("A", 1.234), ("B", "10 – 20"), ("C", None)], header=("Kode", "Target 2025")),
        kolom,
    )
    assert [r["t"] for r in rows] == [1.234, "10 – 20", None]
