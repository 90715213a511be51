"""Excel of the triwulan grid: the pre-filled template, the upload (round trip, idempotent
re-import, bad cells with row/column, unknown and duplicate kode, rows no longer in draft,
another triwulan's file, closed window, conflicts, atomicity, wrong file type), the views'
roles and the tenant guards."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from kinerja.excel.core import ImportGagal
from kinerja.opd.services import TargetInput as T
from tests.kinerja.opd import test_realisasi_grid as _grid_tests
from tests.kinerja.opd.test_realisasi_grid import (
    TAHUN,
    TW,
    URL,
    buat_jadwal,
    isian,
    jumlah_jejak,
    pelaku,
    realisasi,
)

pytestmark = pytest.mark.django_db
D = Decimal
URL_EXCEL = f"{URL}excel/"
URL_TEMPLAT = f"{URL}excel/templat/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Fixtures shared with the grid tests.
data_grid = _grid_tests.data_grid
jadwal_buka = _grid_tests.jadwal_buka
operator_a = _grid_tests.operator_a
kepala_a = _grid_tests.kepala_a
operator_b = _grid_tests.operator_b


def _templat(opd, tahun: int = TAHUN, triwulan: int = TW) -> bytes:
    from kinerja.opd.realisasi_excel import templat_realisasi

    with schema_context(opd.schema):
        return templat_realisasi(tahun, triwulan, pelaku=pelaku(opd))


def _impor(opd, data: bytes, tahun: int = TAHUN, triwulan: int = TW, username: str = "operator"):
    from kinerja.opd.realisasi_excel import impor_realisasi

    with schema_context(opd.schema):
        return impor_realisasi(pelaku(opd, username), tahun, triwulan, data)


def _sheet(data: bytes) -> tuple[Any, Any, dict[str, int]]:
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Data"]
    kolom = {c.value: c.column for c in ws[1]}
    return wb, ws, kolom


def _isi(data: bytes, nilai: dict[str, dict[str, Any]]) -> bytes:
    """The workbook with cells changed: {kode: {column title: value}}."""
    wb, ws, kolom = _sheet(data)
    for row in range(2, ws.max_row + 1):
        kode = ws.cell(row=row, column=kolom["Kode"]).value
        for judul, isi in nilai.get(kode, {}).items():
            ws.cell(row=row, column=kolom[judul], value=isi)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _baris(data: bytes, kode: str) -> int:
    _, ws, kolom = _sheet(data)
    for row in range(2, ws.max_row + 1):
        if ws.cell(row=row, column=kolom["Kode"]).value == kode:
            return row
    raise AssertionError(kode)


def _galat(exc: pytest.ExceptionInfo[ImportGagal]) -> list[str]:
    return [str(g) for g in exc.value.galat]


ISIAN = {
    "IKU-01": {"Realisasi": "1.234,5", "Faktor pendorong": "Dukungan anggaran"},
    "IKU-02": {"Realisasi (kualitatif)": "wtp"},
    "IKU-03": {"Realisasi": 9, "Tindak lanjut": "Sosialisasi"},
}


# --- template --------------------------------------------------------------------------------


def test_template_is_prefilled_with_every_active_iku(operator_a, data_grid, opd_a):
    operator_a.post(URL, isian({data_grid.angka: {"nilai": "12,5", "faktor_pendorong": "A"}}))
    response = operator_a.get(f"{URL_TEMPLAT}?tahun={TAHUN}&triwulan={TW}")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "realisasi-iku-2031-tw2.xlsx" in response["Content-Disposition"]
    wb, ws, kolom = _sheet(response.content)
    assert wb.sheetnames[0] == "Petunjuk"
    petunjuk = " ".join(str(c.value) for c in wb["Petunjuk"]["A"] if c.value)
    assert "Triwulan II 2031" in petunjuk and "Berkas ditolak seluruhnya" in petunjuk
    for judul in (
        "Kode",
        "Nama Indikator",
        "Satuan",
        "Target TW2",
        "Realisasi",
        "Realisasi (kualitatif)",
        "Faktor pendorong",
        "Faktor penghambat",
        "Tindak lanjut",
        "Status",
        "Tahun",
        "Triwulan",
        "Versi",
    ):
        assert judul in kolom, judul
    rows = {ws.cell(row=r, column=kolom["Kode"]).value: r for r in range(2, ws.max_row + 1)}
    assert set(rows) == {"IKU-01", "IKU-02", "IKU-03"}
    r = rows["IKU-01"]
    assert ws.cell(row=r, column=kolom["Realisasi"]).value == 12.5
    assert ws.cell(row=r, column=kolom["Faktor pendorong"]).value == "A"
    assert ws.cell(row=r, column=kolom["Versi"]).value == 1
    assert ws.cell(row=r, column=kolom["Status"]).value == "Draf"
    assert ws.cell(row=r, column=kolom["Target TW2"]).value == "25"
    # the kualitatif column has a dropdown of the scale's labels
    assert any("Pilihan" in (dv.formula1 or "") for dv in ws.data_validations.dataValidation)
    pilihan = [c.value for c in wb["Pilihan"]["G"] if c.value]
    assert pilihan == ["WTP", "WDP", "TW", "TMP"]


def test_template_with_bad_period_redirects_with_message(operator_a, data_grid):
    response = operator_a.get(f"{URL_TEMPLAT}?tahun=abc&triwulan=2")
    assert response.status_code == 302 and response["Location"] == URL_EXCEL


# --- upload ----------------------------------------------------------------------------------


def test_round_trip_and_second_import_is_a_no_op(data_grid, opd_a):
    berkas = _isi(_templat(opd_a), ISIAN)
    hasil = _impor(opd_a, berkas)
    assert (hasil.dibuat, hasil.diperbarui, hasil.tetap) == (3, 0, 0)
    rows = realisasi(opd_a)
    assert [(r.iku.kode, r.nilai, r.nilai_kualitatif, r.versi) for r in rows] == [
        ("IKU-01", D("1234.5"), "", 1),
        ("IKU-02", None, "WTP", 1),
        ("IKU-03", D(9), "", 1),
    ]
    assert rows[0].faktor_pendorong == "Dukungan anggaran"
    assert jumlah_jejak(opd_a, aksi="buat") >= 3
    jejak = jumlah_jejak(opd_a)

    # the same filled file again: nothing changes
    hasil = _impor(opd_a, berkas)
    assert (hasil.dibuat, hasil.diperbarui, hasil.tetap) == (0, 0, 3)
    assert "tidak ada perubahan" in hasil.ringkasan
    assert jumlah_jejak(opd_a) == jejak
    assert {r.versi for r in realisasi(opd_a)} == {1}

    # the freshly exported template, unchanged, twice: no-op as well
    ekspor = _templat(opd_a)
    for _ in range(2):
        assert _impor(opd_a, ekspor).diperbarui == 0
    assert jumlah_jejak(opd_a) == jejak

    # a change is audited as "impor"
    _impor(opd_a, _isi(ekspor, {"IKU-03": {"Realisasi": "7,25"}}))
    assert realisasi(opd_a, iku__kode="IKU-03")[0].nilai == D("7.25")
    assert jumlah_jejak(opd_a, aksi="impor") == 1


def test_empty_template_skips_iku_nobody_filled(data_grid, opd_a):
    hasil = _impor(opd_a, _isi(_templat(opd_a), {"IKU-01": {"Realisasi": 3}}))
    assert (hasil.dibuat, hasil.dilewati) == (1, 2)
    assert [r.iku.kode for r in realisasi(opd_a)] == ["IKU-01"]


def test_bad_cells_are_listed_with_row_and_column_and_nothing_is_saved(data_grid, opd_a):
    templat = _templat(opd_a)
    berkas = _isi(
        templat,
        {
            "IKU-01": {"Realisasi": "12,5 persen"},
            "IKU-02": {"Realisasi (kualitatif)": "Baik sekali"},
            "IKU-03": {"Realisasi": 5},  # valid, but the file is refused as a whole
        },
    )
    with pytest.raises(ImportGagal) as exc:
        _impor(opd_a, berkas)
    galat = _galat(exc)
    b1, b2 = _baris(templat, "IKU-01"), _baris(templat, "IKU-02")
    assert f"Baris {b1}, kolom Realisasi: '12,5 persen' bukan angka" in galat
    assert any(
        g.startswith(
            f"Baris {b2}, kolom Realisasi (kualitatif): 'Baik sekali' tidak ada pada skala"
        )
        for g in galat
    )
    assert realisasi(opd_a) == []


def test_unknown_and_duplicate_kode(data_grid, opd_a):
    wb, ws, kolom = _sheet(_templat(opd_a))
    ws.append(["IKU-01"])  # duplicate
    ws.append(["IKU-XX"])  # unknown
    ws.append(["IKU-99"])  # inactive
    n = ws.max_row
    for r in (n - 2, n - 1, n):
        ws.cell(row=r, column=kolom["Tahun"], value=TAHUN)
        ws.cell(row=r, column=kolom["Triwulan"], value=TW)
    ws.cell(row=n - 1, column=kolom["Realisasi"], value=1)
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ImportGagal) as exc:
        _impor(opd_a, out.getvalue())
    galat = _galat(exc)
    assert any(f"Baris {n - 2}, kolom Kode: 'IKU-01' sudah dipakai di baris" in g for g in galat)
    assert (
        f"Baris {n - 1}, kolom Kode: 'IKU-XX' bukan kode IKU aktif OPD ini untuk tahun 2031"
        in galat
    )
    assert any(f"Baris {n}, kolom Kode: 'IKU-99'" in g for g in galat)
    assert realisasi(opd_a) == []


def test_file_of_another_triwulan_is_refused(data_grid, opd_a):
    buat_jadwal(TAHUN, 1)
    berkas = _isi(_templat(opd_a, TAHUN, 1), {"IKU-01": {"Realisasi": 5}})
    with pytest.raises(ImportGagal) as exc:
        _impor(opd_a, berkas, TAHUN, TW)
    assert any("kolom Triwulan: berkas ini untuk triwulan 1, bukan 2" in g for g in _galat(exc))
    assert realisasi(opd_a) == []


def test_rows_no_longer_in_draft_cannot_change_but_may_stay(operator_a, data_grid, opd_a):
    operator_a.post(
        URL,
        isian(
            {
                data_grid.angka: {"nilai": "5"},
                data_grid.kualitatif: {"nilai_kualitatif": "WTP"},
                data_grid.negatif: {"nilai": "9"},
            },
            "ajukan",
        ),
    )
    templat = _templat(opd_a)
    assert _impor(opd_a, templat).tetap == 3  # unchanged submitted rows: fine
    with pytest.raises(ImportGagal) as exc:
        _impor(opd_a, _isi(templat, {"IKU-01": {"Realisasi": 6}}))
    baris = _baris(templat, "IKU-01")
    assert any(
        g.startswith(f"Baris {baris}: IKU IKU-01 berstatus Diajukan dan tidak dapat diubah")
        for g in _galat(exc)
    )
    assert realisasi(opd_a, iku__kode="IKU-01")[0].nilai == D(5)


def test_conflict_with_a_change_made_after_download(data_grid, opd_a):
    from kinerja.opd.realisasi import RealisasiInput, realisasi_simpan

    _impor(opd_a, _isi(_templat(opd_a), {"IKU-01": {"Realisasi": 1}}))
    templat = _templat(opd_a)  # versi 1
    with schema_context(opd_a.schema):
        realisasi_simpan(
            pelaku(opd_a), data_grid.angka.pk, TAHUN, TW, RealisasiInput(nilai=D(2)), versi=1
        )
    with pytest.raises(ImportGagal) as exc:
        _impor(opd_a, _isi(templat, {"IKU-01": {"Realisasi": 3}, "IKU-03": {"Realisasi": 4}}))
    galat = _galat(exc)
    assert any("telah diubah" in g for g in galat)
    assert any("unduh templat terbaru" in g for g in galat)
    assert [(r.iku.kode, r.nilai) for r in realisasi(opd_a)] == [("IKU-01", D(2))]


def test_window_closed_is_refused_with_dates(rencana, opd_a, buat_iku):
    buat_jadwal(TAHUN, 3, buka=-40, batas=-20, kunci=-10)
    with schema_context(opd_a.schema):
        buat_iku(rencana.sasaran, "IKU-01", targets=[T(TAHUN, None, D(100))])
    berkas = _isi(_templat(opd_a, TAHUN, 3), {"IKU-01": {"Realisasi": 5}})
    with pytest.raises(ImportGagal) as exc:
        _impor(opd_a, berkas, TAHUN, 3)
    [pesan] = _galat(exc)
    assert "Pelaporan Triwulan III 2031 sudah ditutup pada" in pesan and "WITA" in pesan
    assert realisasi(opd_a) == []


def test_kepala_cannot_import(data_grid, opd_a):
    with pytest.raises(ImportGagal) as exc:
        _impor(opd_a, _isi(_templat(opd_a), ISIAN), username="kepala")
    assert "tidak berwenang" in _galat(exc)[0]
    assert realisasi(opd_a) == []


def test_not_an_xlsx(data_grid, opd_a):
    for isi in (b"kode;realisasi\nIKU-01;5\n", b"", b"PK\x03\x04rusak"):
        with pytest.raises(ImportGagal) as exc:
            _impor(opd_a, isi)
        assert _galat(exc)[0] in ("Berkas bukan file Excel .xlsx yang valid.", "Berkas kosong.")


# --- views -----------------------------------------------------------------------------------


def _unggah(client, data: bytes, nama: str = "realisasi.xlsx", **extra: Any):
    return client.post(
        URL_EXCEL,
        {"tahun": TAHUN, "triwulan": TW, "berkas": SimpleUploadedFile(nama, data, XLSX), **extra},
    )


def test_upload_view_happy_path(operator_a, data_grid, opd_a):
    page = operator_a.get(f"{URL_EXCEL}?tahun={TAHUN}&triwulan={TW}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Unduh templat .xlsx" in html and "Unggah dan impor" in html
    berkas = _isi(_templat(opd_a), ISIAN)
    response = _unggah(operator_a, berkas)
    assert response.status_code == 302 and response["Location"] == (
        f"{URL}?tahun={TAHUN}&triwulan={TW}"
    )
    assert len(realisasi(opd_a)) == 3
    assert _unggah(operator_a, berkas).status_code == 302  # double submit: no-op
    assert {r.versi for r in realisasi(opd_a)} == {1}


def test_upload_view_lists_errors_and_saves_nothing(operator_a, data_grid, opd_a):
    templat = _templat(opd_a)
    response = _unggah(operator_a, _isi(templat, {"IKU-01": {"Realisasi": "12,5 persen"}}))
    assert response.status_code == 400
    baris = _baris(templat, "IKU-01")
    assert (
        f"Baris {baris}, kolom Realisasi: &#x27;12,5 persen&#x27; bukan angka"
        in response.content.decode()
    )
    assert realisasi(opd_a) == []


def test_upload_view_wrong_file_type(operator_a, data_grid, opd_a):
    response = _unggah(operator_a, b"kode,realisasi\n", nama="realisasi.csv")
    assert response.status_code == 400
    assert "Berkas harus berformat Excel .xlsx" in response.content.decode()
    response = _unggah(operator_a, b"bukan excel", nama="palsu.xlsx")
    assert response.status_code == 400
    assert "Berkas bukan file Excel .xlsx yang valid." in response.content.decode()
    response = operator_a.post(URL_EXCEL, {"tahun": TAHUN, "triwulan": TW})
    assert response.status_code == 400  # no file: form error, no 500
    assert realisasi(opd_a) == []


def test_upload_view_refuses_kepala(kepala_a, data_grid, opd_a):
    html = kepala_a.get(URL_EXCEL).content.decode()
    assert "Unggah dan impor" not in html and "Hanya Operator" in html
    response = _unggah(kepala_a, _isi(_templat(opd_a), ISIAN))
    assert response.status_code == 400
    assert "tidak berwenang" in response.content.decode()
    assert realisasi(opd_a) == []


def test_opd_b_template_and_upload_never_touch_opd_a(
    operator_a, operator_b, data_grid, opd_a, opd_b
):
    _impor(opd_a, _isi(_templat(opd_a), {"IKU-01": {"Realisasi": "4.321,75"}}))
    response = operator_b.get(f"{URL_TEMPLAT}?tahun={TAHUN}&triwulan={TW}")
    assert response.status_code == 200
    _, ws, _ = _sheet(response.content)
    assert ws.max_row == 1  # B has no IKU: header only, nothing of A
    # A's filled file uploaded on B's domain: A's kode are unknown there
    response = _unggah(operator_b, _isi(_templat(opd_a), ISIAN))
    assert response.status_code == 400
    assert "bukan kode IKU aktif OPD ini" in response.content.decode()
    assert realisasi(opd_b) == []
    assert realisasi(opd_a)[0].nilai == D("4321.75")
