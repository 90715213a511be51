"""Custom admin views of the OPD plan: PK actions (create draft, sign, perubahan), the IKU
overview with warnings, and the IKU Excel template/import/export.

Every view here is reached through a viewset of :mod:`kinerja.opd.viewsets`, whose URL patterns
are all wrapped with :func:`kinerja.opd.tenancy.hanya_opd` (404 on the public domain); the
views are thin: forms → services/selectors → template.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from kinerja.excel.core import ImportGagal
from kinerja.opd import excel, selectors, services
from kinerja.opd.forms import (
    IkuImporForm,
    PkBuatDraftForm,
    PkPerubahanForm,
    PkTandatanganiForm,
    tambah_galat,
)
from kinerja.opd.models import PerjanjianKinerja, Renstra

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAKS_GALAT_DITAMPILKAN = 200


def _perlu(request: HttpRequest, *codenames: str, semua: bool = False) -> None:
    """PermissionDenied unless the user has any (or all) of the ``opd.<codename>`` perms."""
    punya = [request.user.has_perm(f"opd.{c}") for c in codenames]
    if not (all(punya) if semua else any(punya)):
        raise PermissionDenied


class _AdminView(WagtailAdminTemplateMixin):
    header_icon = "doc-full"
    index_url_name = ""
    index_label = ""

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        items = list(self.breadcrumbs_items)
        if self.index_url_name:
            items.append({"url": reverse(self.index_url_name), "label": self.index_label})
        items.append({"url": "", "label": self.get_page_title()})
        return items


# --- Perjanjian Kinerja ----------------------------------------------------------------------


class _PkFormView(_AdminView, FormView):
    template_name = "opd/form.html"
    index_url_name = "opd_pk:index"
    index_label = "Perjanjian Kinerja"
    submit_label = "Simpan"
    izin: tuple[str, ...] = ()

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _perlu(request, *self.izin)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["submit_label"] = self.submit_label
        context["cancel_url"] = reverse(self.index_url_name)
        return context

    def jalankan(self, form: forms.Form) -> HttpResponse:  # pragma: no cover - abstract
        raise NotImplementedError

    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            return self.jalankan(form)
        except ValidationError as error:
            tambah_galat(form, error)
            messages.error(self.request, "Permintaan ditolak; periksa pesan pada formulir.")
            return self.form_invalid(form)


class PkBuatDraftView(_PkFormView):
    """Create the draft PK of a year (items copied from the yearly IKU targets)."""

    page_title = "Buat draf Perjanjian Kinerja"
    form_class = PkBuatDraftForm
    submit_label = "Buat draf"
    izin = ("add_perjanjiankinerja",)

    def jalankan(self, form: forms.Form) -> HttpResponse:
        pk = services.pk_buat_draft(form.cleaned_data["tahun"], self.request.user)
        messages.success(self.request, f"Draf {pk} dibuat dengan {pk.item.count()} butir IKU.")
        return redirect("opd_pk:edit", pk.pk)


class _PkObjekView(_PkFormView):
    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(PerjanjianKinerja, pk=kwargs["pk"])

    def get_page_subtitle(self) -> str:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["cancel_url"] = reverse("opd_pk:inspect", args=[self.object.pk])
        return context


class PkTandatanganiView(_PkObjekView):
    """Sign a draft PK (Kepala OPD / Admin OPD): it becomes read-only."""

    page_title = "Tandatangani Perjanjian Kinerja"
    form_class = PkTandatanganiForm
    submit_label = "Tandatangani"
    izin = ("tandatangani_pk",)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.object.beku:
            messages.warning(request, f"{self.object} sudah ditandatangani dan hanya dapat dibaca.")
            return redirect("opd_pk:inspect", self.object.pk)
        return super().get(request, *args, **kwargs)

    def jalankan(self, form: forms.Form) -> HttpResponse:
        pk = services.pk_tandatangani(
            self.object,
            form.cleaned_data["penandatangan"],
            form.cleaned_data["jabatan_penandatangan"],
            form.cleaned_data["tanggal_tanda_tangan"],
            self.request.user,
        )
        messages.success(self.request, f"{pk} ditandatangani dan kini hanya dapat dibaca.")
        return redirect("opd_pk:inspect", pk.pk)


class PkPerubahanView(_PkObjekView):
    """Start a PK perubahan: new draft version, the signed one is kept as "diganti"."""

    page_title = "Buat PK perubahan"
    form_class = PkPerubahanForm
    submit_label = "Buat PK perubahan"
    izin = ("change_perjanjiankinerja",)

    def jalankan(self, form: forms.Form) -> HttpResponse:
        baru = services.pk_perubahan(
            self.object, form.cleaned_data["alasan_perubahan"], self.request.user
        )
        messages.success(
            self.request, f"{baru} dibuat sebagai draf; {self.object} tetap tersimpan (diganti)."
        )
        return redirect("opd_pk:edit", baru.pk)


# --- IKU overview ----------------------------------------------------------------------------


class IkuRingkasanView(_AdminView, TemplateView):
    """Targets of a year (yearly + quarters), alignment and warnings of every IKU."""

    template_name = "opd/iku_ringkasan.html"
    page_title = "Ringkasan target IKU"
    index_url_name = "opd_iku:index"
    index_label = "IKU"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _perlu(request, "view_iku", "add_iku", "change_iku")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tahun_list = sorted({t for r in Renstra.objects.all() for t in r.tahun_list}, reverse=True)
        try:
            tahun = int(self.request.GET.get("tahun", ""))
        except ValueError:
            tahun = None
        if tahun is None:
            sekarang = timezone.localdate().year
            tahun = min(tahun_list, key=lambda t: abs(t - sekarang)) if tahun_list else sekarang
        baris = selectors.iku_list(tahun)
        context.update(
            tahun=tahun,
            tahun_list=tahun_list,
            baris=baris,
            jumlah_peringatan=sum(len(b.peringatan) for b in baris),
            jumlah_tidak_selaras=sum(1 for b in baris if not b.selaras),
        )
        return context


# --- IKU Excel -------------------------------------------------------------------------------


def _renstra_dari(request: HttpRequest) -> Renstra:
    renstra_id = request.GET.get("renstra")
    if renstra_id:
        return get_object_or_404(Renstra, pk=renstra_id)
    renstra = selectors.renstra_terkini()
    if renstra is None:
        raise PermissionDenied("Belum ada Renstra.")
    return renstra


def _xlsx(data: bytes, nama: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{nama}.xlsx"'
    return response


def iku_templat(request: HttpRequest) -> HttpResponse:
    """Download the empty IKU template of a Renstra (?renstra=<id>, default: latest)."""
    _perlu(request, "view_iku", "add_iku", "change_iku")
    renstra = _renstra_dari(request)
    return _xlsx(excel.templat_iku(renstra), f"templat-iku-{slugify(renstra.nama)}")


def iku_ekspor(request: HttpRequest) -> HttpResponse:
    """Download the IKU of a Renstra in the template format."""
    _perlu(request, "view_iku", "add_iku", "change_iku")
    renstra = _renstra_dari(request)
    return _xlsx(excel.ekspor_iku(renstra), f"iku-{slugify(renstra.nama)}")


class IkuExcelView(_AdminView, FormView):
    """Template and export links, and the upload form. The import runs synchronously (5,000
    rows take a few seconds) and reports what it did, or every error found (nothing saved)."""

    template_name = "opd/iku_excel.html"
    page_title = "Impor / ekspor IKU (Excel)"
    form_class = IkuImporForm
    index_url_name = "opd_iku:index"
    index_label = "IKU"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _perlu(request, "view_iku", "add_iku", "change_iku")
        if request.method == "POST":
            _perlu(request, "add_iku", "change_iku", semua=True)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["renstra_list"] = list(selectors.renstra_list())
        context["boleh_impor"] = self.request.user.has_perm(
            "opd.add_iku"
        ) and self.request.user.has_perm("opd.change_iku")
        return context

    def form_valid(self, form: forms.Form) -> HttpResponse:
        renstra = form.cleaned_data["renstra"]
        data = form.cleaned_data["berkas"].read()
        try:
            hasil = excel.impor_iku(renstra, data)
        except ImportGagal as gagal:
            messages.error(
                self.request,
                f"Berkas ditolak: {len(gagal.galat)} kesalahan ditemukan; tidak ada data yang "
                "disimpan.",
            )
            context = self.get_context_data(form=form)
            context["galat"] = [str(g) for g in gagal.galat[:MAKS_GALAT_DITAMPILKAN]]
            context["jumlah_galat"] = len(gagal.galat)
            return self.render_to_response(context, status=400)
        messages.success(self.request, hasil.ringkasan)
        return redirect("opd_iku:excel")
