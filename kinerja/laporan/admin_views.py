"""OPD admin screen "Laporan & unduhan data" (``/admin/kinerja-opd/laporan/``) and its own
downloads, which may include unverified values for the OPD's users.

- ``""`` (``laporan_opd:index``): choose tahun / triwulan and "sertakan yang belum
  diverifikasi"; lists the downloadable reports (PDF, XLSX, CSV, JSON, the signed PK).
- ``unduh/iku.<csv|xlsx|json>`` (``laporan_opd:data_iku``) and
  ``unduh/capaian-kinerja.pdf`` (``laporan_opd:capaian_pdf``): like the public ones, but with
  ``draf=1`` every saved value counts (the PDF then carries the "DRAF — belum diverifikasi"
  watermark, the files a *Status data* column and a draft note); never cached.

Every URL is wrapped with :func:`kinerja.opd.tenancy.hanya_opd` (404 on the public domain) in
:mod:`kinerja.laporan.wagtail_hooks`; Wagtail's admin login applies; reading needs the
``opd.view_realisasiiku`` permission (Operator, Kepala OPD, Admin OPD).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from kinerja.engine.jadwal import ROMAWI
from kinerja.laporan import pdf
from kinerja.laporan.parameter import (
    ParameterTidakValid,
    PeriodeIku,
    periode_iku,
    tahun_iku_tersedia,
)
from kinerja.laporan.selectors import iku_capaian
from kinerja.laporan.views import respons_galat, respons_pdf, respons_unduhan

IZIN_LIHAT = "opd.view_realisasiiku"


def _perlu_lihat(request: HttpRequest) -> None:
    if not request.user.has_perm(IZIN_LIHAT):
        raise PermissionDenied


def _draf(request: HttpRequest) -> bool:
    return request.GET.get("draf") == "1"


@dataclass(frozen=True)
class Tautan:
    """One downloadable report as the screen lists it."""

    judul: str
    keterangan: str
    url: str
    format_: str
    draf: bool = False


class LaporanOpdView(WagtailAdminTemplateMixin, TemplateView):
    """The list of this OPD's reports and data files for a chosen year/triwulan."""

    template_name = "laporan/admin/index.html"
    page_title = "Laporan & unduhan data"
    header_icon = "doc-full"
    http_method_names = ["get", "head", "options"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _perlu_lihat(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def _periode(self) -> PeriodeIku | None:
        try:
            return periode_iku(self.request.GET)
        except ParameterTidakValid as exc:
            messages.warning(self.request, exc.pesan)
        try:
            return periode_iku({})
        except ParameterTidakValid:
            return None  # no Renstra yet: the template says so

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from kinerja.opd.selectors import pk_berlaku

        context = super().get_context_data(**kwargs)
        periode = self._periode()
        draf = _draf(self.request)
        context.update(
            periode=periode,
            draf=draf,
            tahun_list=sorted(tahun_iku_tersedia(), reverse=True),
            triwulan_list=[("", "Tahunan (s.d. TW4)")]
            + [(str(q), f"Triwulan {ROMAWI[q]}") for q in (1, 2, 3, 4)],
            pdf_tersedia=pdf.weasyprint_tersedia(),
            pesan_pdf=pdf.PESAN_PDF_TIDAK_TERSEDIA,
        )
        if periode is None:
            return context
        query = {"tahun": periode.tahun}
        if periode.triwulan:
            query["triwulan"] = periode.triwulan
        publik = urlencode(query)
        tautan_publik = [
            Tautan(
                "Laporan Capaian Kinerja (PDF)",
                "Sampul, ringkasan, grafik, tabel sasaran–indikator dan analisis.",
                f"{reverse('laporan:capaian_pdf')}?{publik}",
                "PDF",
            ),
            *(
                Tautan(
                    f"Data capaian IKU ({fmt.upper()})",
                    keterangan,
                    f"{reverse('laporan:data_iku', args=[fmt])}?{publik}",
                    fmt.upper(),
                )
                for fmt, keterangan in (
                    ("xlsx", "Lembar Data dan Keterangan, untuk Excel/LibreOffice."),
                    ("csv", "Pemisah titik koma, UTF-8; angka gaya Indonesia."),
                    ("json", "Untuk aplikasi; angka desimal sebagai teks."),
                )
            ),
        ]
        tautan_draf = []
        if draf:
            internal = urlencode({**query, "draf": 1})
            tautan_draf = [
                Tautan(
                    "Laporan Capaian Kinerja — DRAF (PDF)",
                    "Memuat realisasi yang belum diverifikasi; bertanda air DRAF.",
                    f"{reverse('laporan_opd:capaian_pdf')}?{internal}",
                    "PDF",
                    draf=True,
                ),
                *(
                    Tautan(
                        f"Data capaian IKU — DRAF ({fmt.upper()})",
                        "Memuat realisasi yang belum diverifikasi (kolom Status data).",
                        f"{reverse('laporan_opd:data_iku', args=[fmt])}?{internal}",
                        fmt.upper(),
                        draf=True,
                    )
                    for fmt in ("xlsx", "csv", "json")
                ),
            ]
        pk = pk_berlaku(periode.tahun)
        context.update(
            tautan_publik=tautan_publik,
            tautan_draf=tautan_draf,
            pk=pk,
            url_pk=reverse("laporan:pk_pdf", args=[str(periode.tahun)]) if pk else "",
            periode_label=(
                f"Triwulan {ROMAWI[periode.triwulan]} {periode.tahun}"
                if periode.triwulan
                else f"Tahun {periode.tahun}"
            ),
            host=self.request.get_host(),
            schema=connection.schema_name,
        )
        return context


@require_http_methods(["GET", "HEAD"])
def unduh_iku(request: HttpRequest, format_: str) -> HttpResponse:
    """IKU capaian as CSV/XLSX/JSON; ``draf=1`` counts unverified values too."""
    _perlu_lihat(request)
    try:
        periode = periode_iku(request.GET)
    except ParameterTidakValid as exc:
        return respons_galat(exc.pesan, format_, parameter=exc.parameter)
    laporan = iku_capaian(periode.tahun, periode.triwulan, hanya_terverifikasi=not _draf(request))
    return respons_unduhan(laporan, format_, publik=False)


@require_http_methods(["GET", "HEAD"])
def capaian_pdf(request: HttpRequest) -> HttpResponse:
    """The "Laporan Capaian Kinerja" PDF; ``draf=1`` counts unverified values too (then the
    document is watermarked "DRAF — belum diverifikasi")."""
    _perlu_lihat(request)
    try:
        periode = periode_iku(request.GET)
    except ParameterTidakValid as exc:
        return respons_galat(exc.pesan, parameter=exc.parameter)
    draf = _draf(request)
    laporan = iku_capaian(periode.tahun, periode.triwulan, hanya_terverifikasi=not draf)
    akhiran = f"{periode.tahun}" + (f"-tw{periode.triwulan}" if periode.triwulan else "")
    nama = f"laporan-capaian-kinerja-{connection.schema_name}-{akhiran}"
    nama = (nama + ("-draf" if draf else "") + ".pdf").replace("_", "-")
    return respons_pdf(lambda: pdf.pdf_capaian_kinerja(laporan), nama, publik=False)
