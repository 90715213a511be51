"""Bappeda's own admin pages besides the model viewsets: the IKD capaian report and the Excel
template/import/export of indicators. Public schema only (404 elsewhere, see guards)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from kinerja.choices import AspekIkd
from kinerja.daerah import excel
from kinerja.daerah.guards import PublicSchemaOnlyMixin
from kinerja.daerah.models import PeriodeRpjmd
from kinerja.daerah.selectors import ikd_list_with_capaian, periode_aktif
from kinerja.excel.core import MAX_BYTES, ImportGagal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IZIN_LIHAT = ("daerah.view_indikatordaerah",)
IZIN_UBAH = ("daerah.add_indikatordaerah", "daerah.change_indikatordaerah")


class IzinMixin:
    """Refuse (PermissionDenied → Wagtail's "no permission" redirect) users without
    ``izin``."""

    izin: tuple[str, ...] = IZIN_LIHAT

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perms(self.izin):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class PilihPeriodeForm(forms.Form):
    periode = forms.ModelChoiceField(
        PeriodeRpjmd.objects.all(), label="Periode RPJMD", empty_label=None
    )


class CapaianForm(PilihPeriodeForm):
    tahun = forms.IntegerField(label="Tahun", min_value=2000, max_value=2100)
    aspek = forms.ChoiceField(
        label="Aspek", choices=[("", "Semua aspek"), *AspekIkd.choices], required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        periode, tahun = data.get("periode"), data.get("tahun")
        if periode and tahun and tahun not in periode.tahun_list:
            self.add_error(
                "tahun",
                f"Tahun {tahun} di luar periode RPJMD {periode.tahun_awal}–{periode.tahun_akhir}",
            )
        return data


def _periode_awal() -> PeriodeRpjmd | None:
    return periode_aktif() or PeriodeRpjmd.objects.first()


class CapaianIkdView(PublicSchemaOnlyMixin, IzinMixin, WagtailAdminTemplateMixin, TemplateView):
    """Read-only report: for a periode/tahun/aspek, every IKD with target, realisasi, capaian
    (Indonesian format), predikat and the formula used — or why it cannot be computed."""

    template_name = "daerah/capaian_ikd.html"
    page_title = "Capaian IKD"
    header_icon = "table"

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        periode = _periode_awal()
        if self.request.GET:
            form = CapaianForm(self.request.GET)
        elif periode is not None:
            # Default: the active periode, this year (clamped into the periode).
            tahun = min(max(timezone.localdate().year, periode.tahun_awal), periode.tahun_akhir)
            form = CapaianForm({"periode": periode.pk, "tahun": tahun})
        else:
            form = CapaianForm()
        rows = None
        if form.is_bound and form.is_valid():
            rows = ikd_list_with_capaian(
                form.cleaned_data["periode"],
                form.cleaned_data["tahun"],
                form.cleaned_data.get("aspek") or None,
            )
        context.update(form=form, rows=rows, ada_periode=periode is not None)
        return context


class ExcelIkdView(PublicSchemaOnlyMixin, IzinMixin, WagtailAdminTemplateMixin, TemplateView):
    """Download the template or the export of a periode; upload a filled file (POST, needs
    add + change permission on indicators)."""

    template_name = "daerah/excel_ikd.html"
    page_title = "Impor/Ekspor Indikator Daerah (Excel)"
    header_icon = "upload"

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def _periode_form(self) -> PilihPeriodeForm:
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        if "periode" in data:
            return PilihPeriodeForm(data)
        periode = _periode_awal()
        return PilihPeriodeForm({"periode": periode.pk} if periode else None)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or self._periode_form()
        periode = form.cleaned_data["periode"] if form.is_bound and form.is_valid() else None
        context.update(
            form=form,
            periode=periode,
            boleh_unggah=self.request.user.has_perms(IZIN_UBAH),
            galat=kwargs.get("galat"),
            max_mb=MAX_BYTES // (1024 * 1024),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perms(IZIN_UBAH):
            raise PermissionDenied
        form = self._periode_form()
        berkas = request.FILES.get("berkas")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        periode = form.cleaned_data["periode"]
        if berkas is None:
            galat = ["Pilih berkas .xlsx yang akan diunggah."]
        elif berkas.size > MAX_BYTES:
            galat = [f"Berkas lebih dari {MAX_BYTES // (1024 * 1024)} MB."]
        else:
            try:
                hasil = excel.impor_ikd(periode, berkas.read())
            except ImportGagal as exc:
                galat = [str(g) for g in exc.galat]
            else:
                messages.success(
                    request,
                    f"Impor berhasil: {hasil.dibuat} indikator baru, "
                    f"{hasil.diperbarui} indikator diperbarui.",
                )
                url = reverse("daerah_ikd_excel:index")
                return HttpResponseRedirect(f"{url}?periode={periode.pk}")
        messages.error(request, "Berkas ditolak; tidak ada data yang disimpan.")
        return self.render_to_response(self.get_context_data(form=form, galat=galat))


class _UnduhView(PublicSchemaOnlyMixin, IzinMixin, View):
    jenis = ""

    def isi(self, periode: PeriodeRpjmd) -> bytes:
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = PilihPeriodeForm(request.GET)
        if not form.is_valid():
            messages.error(request, "Pilih periode RPJMD terlebih dahulu.")
            return HttpResponseRedirect(reverse("daerah_ikd_excel:index"))
        periode = form.cleaned_data["periode"]
        response = HttpResponse(self.isi(periode), content_type=XLSX)
        nama = excel.nama_berkas(periode, self.jenis)
        response["Content-Disposition"] = f'attachment; filename="{nama}"'
        return response


class TemplatIkdView(_UnduhView):
    jenis = "templat"

    def isi(self, periode: PeriodeRpjmd) -> bytes:
        return excel.templat_ikd(periode)


class EksporIkdView(_UnduhView):
    jenis = "ekspor"

    def isi(self, periode: PeriodeRpjmd) -> bytes:
        return excel.ekspor_ikd(periode)
