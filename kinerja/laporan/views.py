"""Public downloads and PDF reports (anonymous; VERIFIED data only, whoever is logged in).

Public domain (Bappeda, ``public`` schema; 404 on OPD domains):

- ``/data/ikd.csv|xlsx|json?tahun=&aspek=``  IKD capaian of a year
- ``/laporan/ikd.pdf?tahun=``                 province IKD report

OPD domain (that OPD's schema; 404 on the public domain):

- ``/data/iku.csv|xlsx|json?tahun=&triwulan=``           IKU capaian (year, or s.d. triwulan)
- ``/laporan/capaian-kinerja.pdf?tahun=&triwulan=``      "Laporan Capaian Kinerja"
- ``/laporan/pk-<tahun>.pdf``                             the signed PK of that year (else 404)

A bad parameter answers 400 with an Indonesian message (JSON ``{"galat": {"kode", "pesan",
"parameter"}}`` for .json, plain text otherwise), never 500. Without WeasyPrint the PDFs
answer 503 with an Indonesian message; the data downloads keep working.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.views.decorators.http import require_http_methods

from kinerja.daerah.guards import public_schema_only
from kinerja.laporan import ekspor, pdf
from kinerja.laporan.parameter import (
    TAHUN_MAKS,
    TAHUN_MIN,
    ParameterTidakValid,
    periode_ikd,
    periode_iku,
)
from kinerja.laporan.selectors import (
    LaporanIkd,
    LaporanIku,
    ikd_capaian,
    iku_capaian,
    pk_dokumen,
)
from kinerja.opd.tenancy import hanya_opd

__all__ = [
    "respons_galat",
    "respons_pdf",
    "respons_unduhan",
]

CACHE_PUBLIK = "public, max-age=300"
CACHE_PRIBADI = "private, no-store"


def respons_galat(
    pesan: str,
    format_: str = "",
    *,
    status: int = 400,
    kode: str = "parameter_tidak_valid",
    parameter: str = "",
) -> HttpResponse:
    """An error answer: JSON for .json requests, plain UTF-8 text otherwise."""
    if format_ == "json":
        response: HttpResponse = JsonResponse(
            {"galat": {"kode": kode, "pesan": pesan, "parameter": parameter or None}},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = HttpResponse(pesan, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = CACHE_PRIBADI
    return response


def respons_unduhan(
    laporan: LaporanIkd | LaporanIku, format_: str, *, publik: bool = True
) -> HttpResponse:
    """The report as a download in ``format_`` (csv streamed, xlsx, json shown inline)."""
    schema = "" if isinstance(laporan, LaporanIkd) else connection.schema_name
    nama = ekspor.nama_berkas(laporan, format_, schema)
    isi = ekspor.isi_berkas(laporan, format_)
    if format_ == "csv":
        response: HttpResponse = StreamingHttpResponse(isi, content_type=ekspor.JENIS_MIME["csv"])
    else:
        response = HttpResponse(isi, content_type=ekspor.JENIS_MIME[format_])
    cara = "inline" if format_ == "json" else "attachment"
    response["Content-Disposition"] = f'{cara}; filename="{nama}"'
    response["Cache-Control"] = CACHE_PUBLIK if publik else CACHE_PRIBADI
    response["X-Content-Type-Options"] = "nosniff"
    return response


def respons_pdf(buat: Callable[[], bytes], nama: str, *, publik: bool = True) -> HttpResponse:
    """``buat()``'s PDF shown inline, or 503 with the Indonesian message without WeasyPrint."""
    try:
        isi = buat()
    except pdf.PdfTidakTersedia as exc:
        response = respons_galat(exc.pesan, status=503, kode="pdf_tidak_tersedia")
        response["Retry-After"] = "3600"
        return response
    response = HttpResponse(isi, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{nama}"'
    response["Cache-Control"] = CACHE_PUBLIK if publik else CACHE_PRIBADI
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _akhiran(tahun: int, triwulan: int | None) -> str:
    return f"{tahun}" + (f"-tw{triwulan}" if triwulan else "")


# --- public domain -------------------------------------------------------------------------


@public_schema_only
@require_http_methods(["GET", "HEAD"])
def unduh_ikd(request: HttpRequest, format_: str) -> HttpResponse:
    """IKD capaian of a year as CSV, XLSX or JSON."""
    try:
        periode = periode_ikd(request.GET)
    except ParameterTidakValid as exc:
        return respons_galat(exc.pesan, format_, parameter=exc.parameter)
    return respons_unduhan(ikd_capaian(periode.tahun, aspek=periode.aspek), format_)


@public_schema_only
@require_http_methods(["GET", "HEAD"])
def laporan_ikd_pdf(request: HttpRequest) -> HttpResponse:
    """The province IKD report of a year (PDF)."""
    try:
        periode = periode_ikd(request.GET)
    except ParameterTidakValid as exc:
        return respons_galat(exc.pesan, parameter=exc.parameter)
    laporan = ikd_capaian(periode.tahun, aspek=periode.aspek)
    return respons_pdf(lambda: pdf.pdf_ikd(laporan), f"laporan-ikd-{periode.tahun}.pdf")


# --- OPD domain ----------------------------------------------------------------------------


@hanya_opd
@require_http_methods(["GET", "HEAD"])
def unduh_iku(request: HttpRequest, format_: str) -> HttpResponse:
    """This OPD's IKU capaian (year, or s.d. triwulan) as CSV, XLSX or JSON; verified only."""
    try:
        periode = periode_iku(request.GET)
    except ParameterTidakValid as exc:
        return respons_galat(exc.pesan, format_, parameter=exc.parameter)
    laporan = iku_capaian(periode.tahun, periode.triwulan, hanya_terverifikasi=True)
    return respons_unduhan(laporan, format_)


@hanya_opd
@require_http_methods(["GET", "HEAD"])
def laporan_capaian_pdf(request: HttpRequest) -> HttpResponse:
    """This OPD's "Laporan Capaian Kinerja" (PDF); verified only."""
    try:
        periode = periode_iku(request.GET)
    except ParameterTidakValid as exc:
        return respons_galat(exc.pesan, parameter=exc.parameter)
    laporan = iku_capaian(periode.tahun, periode.triwulan, hanya_terverifikasi=True)
    nama = (
        f"laporan-capaian-kinerja-{connection.schema_name}-"
        f"{_akhiran(periode.tahun, periode.triwulan)}.pdf"
    ).replace("_", "-")
    return respons_pdf(lambda: pdf.pdf_capaian_kinerja(laporan), nama)


PESAN_PK_TIDAK_ADA = "Perjanjian Kinerja tahun {tahun} yang sudah ditandatangani tidak ditemukan."


@hanya_opd
@require_http_methods(["GET", "HEAD"])
def laporan_pk_pdf(request: HttpRequest, tahun: str) -> HttpResponse:
    """The signed PK in force for ``tahun`` (PDF); 404 when there is none (drafts never)."""
    angka = int(tahun)
    dokumen = pk_dokumen(angka) if TAHUN_MIN <= angka <= TAHUN_MAKS else None
    if dokumen is None:
        raise Http404(PESAN_PK_TIDAK_ADA.format(tahun=tahun))
    nama = f"perjanjian-kinerja-{connection.schema_name}-{angka}.pdf".replace("_", "-")
    return respons_pdf(lambda: pdf.pdf_pk(dokumen), nama)
