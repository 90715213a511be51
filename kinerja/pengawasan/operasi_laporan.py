"""The monthly "Laporan Kinerja Aplikasi" workbook (.xlsx, openpyxl) built from
:class:`~kinerja.pengawasan.operasi_selectors.LaporanBulanan`.

Sheets: *Ringkasan* (the month's uptime, coverage, requests, errors, p50/p95 and rollup runs),
*Harian* (one row per day) and *Catatan* (how each figure is measured). Numbers are stored as
numbers with a number format, so Excel shows them in the reader's locale and they can be
computed with.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kinerja.engine.jadwal import format_tanggal
from kinerja.pengawasan.metrik import BATAS_MS
from kinerja.pengawasan.operasi_selectors import LaporanBulanan
from kinerja.rollup.models import RollupRun

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_JUDUL = Font(bold=True, size=14)
_TEBAL = Font(bold=True)
_KEPALA = PatternFill("solid", fgColor="DDE7F0")
_PERSEN = "0.00"
_MS = "0.0"
_BULAT = "#,##0"

# Celery is not a failure column: a check that cannot reach a worker never runs (see cakupan).
KOMPONEN = {"database": "PostgreSQL", "redis": "Redis"}


def nama_berkas(laporan: LaporanBulanan) -> str:
    return f"laporan-kinerja-aplikasi-{laporan.tahun:04d}-{laporan.bulan:02d}.xlsx"


def _baris(ws: Any, label: str, nilai: Any, fmt: str | None = None, catatan: str = "") -> None:
    ws.append([label, nilai, catatan])
    sel = ws.cell(row=ws.max_row, column=2)
    if fmt and isinstance(nilai, int | float):
        sel.number_format = fmt
    if nilai is None:
        sel.value = "—"
        sel.alignment = Alignment(horizontal="right")


def _kepala(ws: Any, judul: list[str]) -> None:
    ws.append(judul)
    for sel in ws[ws.max_row]:
        sel.font = _TEBAL
        sel.fill = _KEPALA
        sel.alignment = Alignment(wrap_text=True, vertical="top")


def _ringkasan(ws: Any, lap: LaporanBulanan) -> None:
    ws.title = "Ringkasan"
    ws.append([f"Laporan Kinerja Aplikasi — {lap.judul_bulan}"])
    ws["A1"].font = _JUDUL
    ws.append([settings.WAGTAIL_SITE_NAME])
    ws.append([f"Dibuat {format_tanggal(lap.dibuat)}"])
    if lap.harian.galat:
        ws.append([lap.harian.galat])
    ws.append([])

    _kepala(ws, ["Ketersediaan (pemeriksaan kesehatan)", "Nilai", "Keterangan"])
    _baris(ws, "Pemeriksaan diharapkan", lap.pemeriksaan_diharapkan, _BULAT)
    _baris(ws, "Pemeriksaan dijalankan", lap.pemeriksaan_dijalankan, _BULAT)
    _baris(ws, "Pemeriksaan berhasil", lap.pemeriksaan_berhasil, _BULAT)
    _baris(ws, "Uptime (%)", lap.uptime_persen, _PERSEN, "berhasil ÷ dijalankan, semua komponen")
    _baris(
        ws,
        "Cakupan pemeriksaan (%)",
        lap.cakupan_persen,
        _PERSEN,
        "dijalankan ÷ diharapkan; di bawah 100 % berarti beat/worker/Redis sempat mati",
    )
    for nama, label in KOMPONEN.items():
        _baris(ws, f"Gagal: {label}", lap.gagal_per_komponen.get(nama, 0), _BULAT)
    ws.append([])

    t = lap.total
    _kepala(ws, ["Permintaan HTTP", "Nilai", "Keterangan"])
    _baris(ws, "Jumlah permintaan", t.jumlah, _BULAT, "tanpa /health/ dan berkas statis")
    _baris(ws, "Galat server (5xx)", t.galat, _BULAT)
    _baris(ws, "Rasio galat (%)", t.galat_persen, _PERSEN)
    _baris(ws, "Latensi p50 (ms)", t.p50, _MS, "perkiraan dari histogram bulanan")
    _baris(ws, "Latensi p95 (ms)", t.p95, _MS, "perkiraan dari histogram bulanan")
    _baris(ws, "Latensi rata-rata (ms)", t.rata_rata_ms, _MS)
    ws.append([])

    r = lap.rollup
    _kepala(ws, ["Rollup capaian", "Nilai", "Keterangan"])
    _baris(ws, "Jumlah run", r.jumlah, _BULAT)
    _baris(ws, "Gagal atau sebagian gagal", r.gagal, _BULAT)
    for status in RollupRun.Status:
        _baris(ws, f"Status: {status.label}", r.per_status.get(status.value, 0), _BULAT)
    _baris(ws, "Durasi rata-rata (ms)", r.rata_rata_ms, _MS, "run yang selesai")
    _baris(ws, "Durasi terlama (ms)", r.maks_ms, _BULAT)

    ws.column_dimensions["A"].width = 38
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 70


def _harian(ws: Any, lap: LaporanBulanan) -> None:
    judul = [
        "Tanggal",
        "Pemeriksaan diharapkan",
        "Pemeriksaan dijalankan",
        "Pemeriksaan berhasil",
        "Uptime (%)",
        "Cakupan (%)",
        "Gagal PostgreSQL",
        "Gagal Redis",
        "Permintaan",
        "Galat 5xx",
        "p50 (ms)",
        "p95 (ms)",
        "Rata-rata (ms)",
    ]
    _kepala(ws, judul)
    for b in lap.harian.baris:
        p, u = b.permintaan, b.uptime
        ws.append(
            [
                b.tanggal,
                b.diharapkan,
                u.dijalankan,
                u.berhasil,
                u.uptime_persen,
                b.cakupan_persen,
                u.gagal.get("database", 0),
                u.gagal.get("redis", 0),
                p.jumlah,
                p.galat,
                p.p50,
                p.p95,
                p.rata_rata_ms,
            ]
        )
        baris = ws[ws.max_row]
        baris[0].number_format = "yyyy-mm-dd"
        for i in (4, 5):
            baris[i].number_format = _PERSEN
        for i in (10, 11, 12):
            baris[i].number_format = _MS
    t = lap.total
    ws.append(
        [
            "Total",
            lap.pemeriksaan_diharapkan,
            lap.pemeriksaan_dijalankan,
            lap.pemeriksaan_berhasil,
            lap.uptime_persen,
            lap.cakupan_persen,
            lap.gagal_per_komponen.get("database", 0),
            lap.gagal_per_komponen.get("redis", 0),
            t.jumlah,
            t.galat,
            t.p50,
            t.p95,
            t.rata_rata_ms,
        ]
    )
    baris = ws[ws.max_row]
    for sel in baris:
        sel.font = _TEBAL
    for i in (4, 5):
        baris[i].number_format = _PERSEN
    for i in (10, 11, 12):
        baris[i].number_format = _MS
    ws.freeze_panes = "B2"
    for i in range(1, len(judul) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 14
    ws.row_dimensions[1].height = 32


def _catatan(ws: Any) -> None:
    batas = ", ".join(f"{b:g}" for b in BATAS_MS[:-1])
    teks = [
        "Cara pengukuran",
        "Uptime: tugas Celery beat memeriksa PostgreSQL dan Redis (pemeriksaan yang sama dengan "
        "/health/) setiap interval; pemeriksaan berhasil bila semua komponen menjawab. "
        "Uptime = pemeriksaan berhasil ÷ pemeriksaan dijalankan.",
        "Cakupan: pemeriksaan dijalankan ÷ pemeriksaan diharapkan (1 per interval). Bila beat, "
        "worker Celery atau Redis mati, pemeriksaan tidak dapat berjalan atau dicatat, sehingga "
        "gangguan itu tampak sebagai cakupan di bawah 100 %.",
        "Permintaan: setiap permintaan HTTP kecuali /health/ dan berkas statis, dicatat per "
        "hari (WITA) di Redis. Galat = jawaban berstatus 500 ke atas.",
        f"Latensi: histogram dengan batas atas {batas} ms dan di atasnya; p50/p95 diperkirakan "
        "dengan interpolasi linear di dalam kelompok yang memuat peringkat tersebut (galat "
        "paling besar selebar kelompok). Nilai 10000 berarti ≥ 10 detik. Angka bulanan dihitung "
        "dari jumlah histogram harian, bukan rata-rata persentil harian.",
        "Rollup: run yang dimulai dalam bulan ini (WITA); gagal = status gagal atau sebagian "
        "gagal; durasi dari run yang selesai.",
    ]
    for i, t in enumerate(teks):
        ws.append([t])
        ws.cell(row=ws.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        if i == 0:
            ws.cell(row=ws.max_row, column=1).font = _TEBAL
    ws.column_dimensions["A"].width = 110


def buat_laporan_xlsx(laporan: LaporanBulanan) -> bytes:
    """The workbook as bytes."""
    wb = Workbook()
    _ringkasan(wb.active, laporan)
    _harian(wb.create_sheet("Harian"), laporan)
    _catatan(wb.create_sheet("Catatan"))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
