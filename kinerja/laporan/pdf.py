"""PDF reports: HTML from Django templates (``laporan/pdf/*.html``), charts as inline SVG
(:mod:`kinerja.laporan.grafik`), rendered by WeasyPrint.

- :func:`html_capaian_kinerja` / :func:`pdf_capaian_kinerja`: "Laporan Capaian Kinerja" of
  this OPD for a year or up to a triwulan (cover, summary, charts, sasaran → indikator table,
  analysis). A report built with unverified values carries a "DRAF — belum diverifikasi"
  watermark on every page.
- :func:`html_pk` / :func:`pdf_pk`: the signed Perjanjian Kinerja (parties, signature date,
  the IKU targets).
- :func:`html_ikd` / :func:`pdf_ikd`: the province IKD report.

WeasyPrint needs Pango (system libraries). It is imported only when a PDF is made; when it
cannot be loaded :class:`PdfTidakTersedia` carries the Indonesian message the views answer
with (503), and everything else of the site keeps working. The renderer fetches nothing: only
``data:`` URLs are allowed, so no text in a report can make the server read a file or a URL.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string

from kinerja.engine import PredikatBand, format_angka
from kinerja.engine.jadwal import BULAN, format_tanggal
from kinerja.laporan.grafik import Batang, grafik_capaian, grafik_predikat
from kinerja.laporan.selectors import DokumenPk, LaporanIkd, LaporanIku

__all__ = [
    "PESAN_PDF_TIDAK_TERSEDIA",
    "PdfTidakTersedia",
    "buat_pdf",
    "html_capaian_kinerja",
    "html_ikd",
    "html_pk",
    "pdf_capaian_kinerja",
    "pdf_ikd",
    "pdf_pk",
    "weasyprint_tersedia",
]

logger = logging.getLogger(__name__)
# WeasyPrint logs every rendering step at INFO; the root logger is at INFO in production.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

PESAN_PDF_TIDAK_TERSEDIA = (
    "Laporan PDF untuk sementara tidak dapat dibuat: komponen pembuat PDF (WeasyPrint dan "
    "pustaka Pango) belum terpasang atau gagal dimuat di server. Data yang sama dapat diunduh "
    "dalam format XLSX, CSV atau JSON. Mohon beri tahu admin Bappeda."
)
TIDAK_DAPAT_DIHITUNG = "Tidak dapat dihitung"


class PdfTidakTersedia(RuntimeError):
    """WeasyPrint (or its system libraries) cannot be loaded on this server."""

    def __init__(self, sebab: str = "") -> None:
        super().__init__(PESAN_PDF_TIDAK_TERSEDIA)
        self.pesan = PESAN_PDF_TIDAK_TERSEDIA
        self.sebab = sebab


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: Pango/GObject libraries missing
        logger.error("WeasyPrint tidak dapat dimuat: %s", exc)
        raise PdfTidakTersedia(str(exc)) from exc
    return weasyprint


def weasyprint_tersedia() -> bool:
    """True when PDFs can be made on this server (for showing or hiding PDF links)."""
    try:
        _weasyprint()
    except PdfTidakTersedia:
        return False
    return True


def buat_pdf(html: str) -> bytes:
    """Render ``html`` to PDF bytes. Raises :class:`PdfTidakTersedia` without WeasyPrint."""
    weasyprint = _weasyprint()
    from weasyprint.urls import URLFetcher

    # Only inline data: URLs; never the file system or the network.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()


# --- shared -----------------------------------------------------------------------------------


def tanggal_teks(hari: date | None) -> str:
    """``date`` → "2 Januari 2031" ("" for None)."""
    if hari is None:
        return ""
    return f"{hari.day} {BULAN[hari.month - 1]} {hari.year}"


def _bands() -> tuple[PredikatBand, ...]:
    from kinerja.daerah.selectors import skema_predikat_aktif

    return tuple(skema_predikat_aktif())


def _sebaran(baris: Sequence[Any], bands: Sequence[PredikatBand]) -> list[tuple[str, str, int]]:
    """(kode, label, jumlah) per predikat in scheme order, plus "Tidak dapat dihitung"."""
    hasil = [(b.kode, b.label, sum(1 for r in baris if r.predikat_kode == b.kode)) for b in bands]
    tanpa = sum(1 for r in baris if r.capaian_persen is None)
    if tanpa:
        hasil.append(("", TIDAK_DAPAT_DIHITUNG, tanpa))
    return hasil


def _rata_rata(baris: Sequence[Any]) -> str:
    nilai = [r.capaian_persen for r in baris if r.capaian_persen is not None]
    if not nilai:
        return ""
    return format_angka(sum(nilai, Decimal(0)) / len(nilai), 2)


# --- Laporan Capaian Kinerja (OPD) -------------------------------------------------------------


def _konteks_capaian(
    laporan: LaporanIku | LaporanIkd, judul: str, jenis: str, judul_grafik: str, draf: bool
) -> dict[str, Any]:
    """What the two capaian reports (IKU, IKD) show alike: mean, predikat spread, and the bar
    and predikat charts. ``jenis``: "IKU" or "IKD", in the chart titles."""
    bands = _bands()
    sebaran = _sebaran(laporan.baris, bands)
    return {
        "laporan": laporan,
        "judul": judul,
        "draf": draf,
        "dibuat": format_tanggal(laporan.dibuat),
        "rata_rata": _rata_rata(laporan.baris),
        "sebaran": sebaran,
        "jumlah_dihitung": sum(1 for b in laporan.baris if b.capaian_persen is not None),
        "grafik_capaian": (
            grafik_capaian(
                [Batang(b.kode, b.capaian_persen, b.predikat_kode) for b in laporan.baris],
                judul_grafik,
                bands,
            )
            if laporan.baris
            else ""
        ),
        "grafik_predikat": (
            grafik_predikat(sebaran, f"Jumlah {jenis} per predikat") if laporan.baris else ""
        ),
    }


def html_capaian_kinerja(laporan: LaporanIku) -> str:
    """HTML of the "Laporan Capaian Kinerja"; the draft watermark is shown when the report
    uses an unverified value (``laporan.ada_draf``)."""
    context = _konteks_capaian(
        laporan,
        "Laporan Capaian Kinerja",
        "IKU",
        f"Capaian IKU {laporan.periode_label} (%)",
        laporan.ada_draf,
    )
    return render_to_string("laporan/pdf/capaian_kinerja.html", context)


def pdf_capaian_kinerja(laporan: LaporanIku) -> bytes:
    return buat_pdf(html_capaian_kinerja(laporan))


# --- Perjanjian Kinerja (OPD) -----------------------------------------------------------------


def html_pk(dokumen: DokumenPk) -> str:
    context = {
        "pk": dokumen,
        "judul": f"Perjanjian Kinerja Tahun {dokumen.tahun}",
        "tanggal": tanggal_teks(dokumen.tanggal),
        "draf": False,
    }
    return render_to_string("laporan/pdf/pk.html", context)


def pdf_pk(dokumen: DokumenPk) -> bytes:
    return buat_pdf(html_pk(dokumen))


# --- IKD (province) --------------------------------------------------------------------------


def html_ikd(laporan: LaporanIkd) -> str:
    context = _konteks_capaian(
        laporan,
        "Laporan Capaian Indikator Kinerja Daerah",
        "IKD",
        f"Capaian IKD Tahun {laporan.tahun} (%)",
        False,
    )
    return render_to_string("laporan/pdf/ikd.html", context)


def pdf_ikd(laporan: LaporanIkd) -> bytes:
    return buat_pdf(html_ikd(laporan))
