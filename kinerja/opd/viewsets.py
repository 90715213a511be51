"""Wagtail admin of the OPD plan: the "Kinerja OPD" menu with Renstra, tujuan, sasaran
strategis, IKU (inline targets, Excel, overview) and Perjanjian Kinerja.

Every viewset uses :class:`kinerja.opd.tenancy.HanyaOpdViewSetMixin`: on the public domain the
menu is hidden and every URL (extra ones included) answers 404 before any OPD table is touched.
References to public rows (periode/sasaran RPJMD, skala, IKD) are never followed with a plain
attribute access in listings or inspect pages: a dangling reference would raise.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import ForeignKey, OuterRef, ProtectedError, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton

from kinerja.daerah.models import SasaranRpjmd
from kinerja.opd import selectors, services, views
from kinerja.opd.forms import (
    POLARITAS_BANTUAN,
    TIPE_BANTUAN,
    IkuForm,
    PkForm,
    RenstraForm,
    SasaranForm,
    TujuanForm,
)
from kinerja.opd.models import (
    Iku,
    PerjanjianKinerja,
    Renstra,
    SasaranStrategis,
    TujuanRenstra,
)
from kinerja.opd.tenancy import HanyaOpdViewSetMixin, bungkus_urlpatterns

TIDAK_DITEMUKAN = "— tidak ditemukan di data Bappeda (tidak selaras) —"


class AmanInspectView(generic.InspectView):
    """Inspect view that shows a reference to a public row without following it blindly."""

    def get_field_display_value(self, field_name: str, field: Any) -> Any:
        if isinstance(field, ForeignKey) and not field.db_constraint:
            ref_id = getattr(self.object, field.attname)
            if ref_id is None:
                return "-"
            row = field.related_model._default_manager.filter(pk=ref_id).first()
            return str(row) if row is not None else TIDAK_DITEMUKAN
        return super().get_field_display_value(field_name, field)


class AmanDeleteView(generic.DeleteView):
    """Delete view that explains a refusal (protected rows, signed PK) instead of a 500."""

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)
        except ProtectedError as error:
            dipakai = ", ".join(str(o) for o in list(error.protected_objects)[:5])
            messages.error(
                self.request,
                f"{self.object} tidak dapat dihapus karena masih dipakai oleh: {dipakai}.",
            )
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        return redirect(self.get_success_url())


class ViewSetOpd(HanyaOpdViewSetMixin, ModelViewSet):
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_class = AmanInspectView
    delete_view_class = AmanDeleteView
    add_to_admin_menu = False

    def get_urlpatterns(self) -> list[Any]:
        return super().get_urlpatterns() + bungkus_urlpatterns(self.get_urlpatterns_tambahan())

    def get_urlpatterns_tambahan(self) -> list[Any]:
        return []


# --- Renstra, tujuan, sasaran ----------------------------------------------------------------


class RenstraViewSet(ViewSetOpd):
    model = Renstra
    name = "opd_renstra"
    url_prefix = "kinerja-opd/renstra"
    icon = "calendar"
    menu_label = "Renstra"
    list_display = ["nama", "tahun_awal", "tahun_akhir"]
    search_fields = ["nama"]
    edit_handler = ObjectList(
        [
            FieldPanel(
                "periode_rpjmd",
                help_text="Periode RPJMD Provinsi (data Bappeda); tahun Renstra harus di dalamnya.",
            ),
            FieldPanel("nama"),
            FieldRowPanel([FieldPanel("tahun_awal"), FieldPanel("tahun_akhir")]),
            FieldPanel("visi"),
            FieldPanel("misi"),
        ],
        base_form_class=RenstraForm,
    )


class TujuanIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[TujuanRenstra]:
        return super().get_base_queryset().select_related("renstra")


class TujuanViewSet(ViewSetOpd):
    model = TujuanRenstra
    name = "opd_tujuan"
    url_prefix = "kinerja-opd/tujuan"
    icon = "list-ul"
    menu_label = "Tujuan Renstra"
    index_view_class = TujuanIndexView
    list_display = ["kode", "uraian", "renstra"]
    list_filter = ["renstra"]
    search_fields = ["kode", "uraian"]
    edit_handler = ObjectList(
        [FieldPanel("renstra"), FieldPanel("kode"), FieldPanel("uraian")],
        base_form_class=TujuanForm,
    )


class KolomKeselarasan(Column):
    """The aligned RPJMD sasaran (annotated from the public schema) or "tidak selaras"."""

    def get_value(self, instance: Any) -> str:
        kode = getattr(instance, "rpjmd_kode", None)
        if kode is None:
            return "tidak selaras (sasaran RPJMD tidak ditemukan)"
        return f"{kode} {getattr(instance, 'rpjmd_uraian', '')[:80]}"


class SasaranIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[SasaranStrategis]:
        rpjmd = SasaranRpjmd.objects.filter(pk=OuterRef("sasaran_rpjmd_id"))
        return (
            super()
            .get_base_queryset()
            .select_related("tujuan__renstra")
            .annotate(
                rpjmd_kode=Subquery(rpjmd.values("kode")[:1]),
                rpjmd_uraian=Subquery(rpjmd.values("uraian")[:1]),
            )
        )


class SasaranViewSet(ViewSetOpd):
    model = SasaranStrategis
    name = "opd_sasaran"
    url_prefix = "kinerja-opd/sasaran"
    icon = "crosshairs"
    menu_label = "Sasaran strategis"
    index_view_class = SasaranIndexView
    list_display = [
        "kode",
        "uraian",
        "tujuan",
        KolomKeselarasan("rpjmd_kode", label="Sasaran RPJMD yang didukung"),
    ]
    list_filter = ["tujuan"]
    search_fields = ["kode", "uraian"]
    edit_handler = ObjectList(
        [
            FieldPanel("tujuan"),
            FieldPanel("kode"),
            FieldPanel("uraian"),
            FieldPanel(
                "sasaran_rpjmd",
                help_text="Sasaran RPJMD Provinsi (data Bappeda) pada periode RPJMD Renstra.",
            ),
        ],
        base_form_class=SasaranForm,
    )


# --- IKU -------------------------------------------------------------------------------------


class _PeringatanSetelahSimpan:
    """After saving an IKU, show the target warnings (quarters vs year) as messages."""

    request: HttpRequest
    object: Iku

    def save_action(self) -> HttpResponse:
        response = super().save_action()  # type: ignore[misc]
        for pesan in selectors.peringatan_iku(self.object):
            messages.warning(self.request, f"Peringatan: {pesan}")
        return response


class IkuCreateView(_PeringatanSetelahSimpan, generic.CreateView):
    pass


class IkuEditView(_PeringatanSetelahSimpan, generic.EditView):
    pass


class IkuIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Iku]:
        return super().get_base_queryset().select_related("sasaran")

    @cached_property
    def header_buttons(self) -> list[Any]:
        buttons = list(super().header_buttons)
        buttons.append(
            HeaderButton(
                "Ringkasan & peringatan", url=reverse("opd_iku:ringkasan"), icon_name="list-ul"
            )
        )
        buttons.append(
            HeaderButton("Impor / ekspor Excel", url=reverse("opd_iku:excel"), icon_name="download")
        )
        return buttons


class IkuViewSet(ViewSetOpd):
    model = Iku
    name = "opd_iku"
    url_prefix = "kinerja-opd/iku"
    icon = "table"
    menu_label = "IKU"
    index_view_class = IkuIndexView
    add_view_class = IkuCreateView
    edit_view_class = IkuEditView
    list_display = ["kode", "nama", "sasaran", "satuan", "polaritas", "tipe_perhitungan", "aktif"]
    list_filter = ["polaritas", "tipe_perhitungan", "jenis", "aktif", "sasaran"]
    search_fields = ["kode", "nama", "sumber_data", "penanggung_jawab"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("sasaran"),
                    FieldRowPanel([FieldPanel("kode"), FieldPanel("satuan"), FieldPanel("jenis")]),
                    FieldPanel("nama"),
                    FieldPanel("definisi"),
                    FieldPanel("formula"),
                ],
                heading="Indikator",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("polaritas", help_text=POLARITAS_BANTUAN),
                    FieldPanel("tipe_perhitungan", help_text=TIPE_BANTUAN),
                    FieldPanel(
                        "skala", help_text="Wajib untuk polaritas kualitatif (skala dari Bappeda)."
                    ),
                    FieldRowPanel([FieldPanel("baseline"), FieldPanel("baseline_kualitatif")]),
                ],
                heading="Pengukuran",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("ikd", help_text="Opsional: IKD Provinsi yang didukung IKU ini."),
                    FieldRowPanel([FieldPanel("sumber_data"), FieldPanel("penanggung_jawab")]),
                    FieldPanel("aktif"),
                ],
                heading="Keterkaitan dan pengelolaan",
            ),
            HelpPanel(
                content=(
                    "<p>Satu baris per periode: kosongkan <b>triwulan</b> untuk target tahunan, "
                    "isi 1–4 untuk target triwulan. Polaritas rentang: isi target (batas bawah) "
                    "dan batas atas. Kualitatif: isi target kualitatif dengan label skala. "
                    "Target triwulan yang tidak cocok dengan target tahunan hanya menjadi "
                    "peringatan.</p>"
                ),
                heading="Petunjuk target",
            ),
            InlinePanel(
                "target",
                heading="Target tahunan dan triwulan",
                label="Target",
                panels=[
                    FieldRowPanel([FieldPanel("tahun"), FieldPanel("triwulan")]),
                    FieldRowPanel(
                        [
                            FieldPanel("nilai"),
                            FieldPanel("nilai_max"),
                            FieldPanel("nilai_kualitatif"),
                        ]
                    ),
                ],
            ),
        ],
        base_form_class=IkuForm,
    )

    def get_urlpatterns_tambahan(self) -> list[Any]:
        return [
            path("ringkasan/", views.IkuRingkasanView.as_view(), name="ringkasan"),
            path("excel/", views.IkuExcelView.as_view(), name="excel"),
            path("excel/templat/", views.iku_templat, name="excel_templat"),
            path("excel/ekspor/", views.iku_ekspor, name="excel_ekspor"),
        ]


# --- Perjanjian Kinerja ----------------------------------------------------------------------


def _tolak_jika_beku(request: HttpRequest, pk: PerjanjianKinerja) -> HttpResponse | None:
    try:
        services.pk_pastikan_draf(pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("opd_pk:inspect", pk.pk)
    return None


class PkIndexView(generic.IndexView):
    @cached_property
    def add_item_label(self) -> str:
        return "Buat draf PK"

    def get_list_more_buttons(self, instance: PerjanjianKinerja) -> list[Any]:
        buttons = super().get_list_more_buttons(instance)
        if instance.beku:
            buttons = [b for b in buttons if getattr(b, "icon_name", "") not in ("edit", "bin")]
        return buttons


class PkEditView(generic.EditView):
    """Editing a draft only; a signed/replaced PK is refused with a message (GET and POST)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return _tolak_jika_beku(request, self.object) or super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return _tolak_jika_beku(request, self.object) or super().post(request, *args, **kwargs)


class PkDeleteView(AmanDeleteView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _tolak_jika_beku(request, self.object) or super().get(request, *args, **kwargs)

    def delete_action(self) -> None:
        services.pk_hapus_draf(self.object, self.request.user)


class PkInspectView(AmanInspectView):
    template_name = "opd/pk_inspect.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        pk = self.object
        user = self.request.user
        context["items"] = list(pk.item.select_related("iku"))
        context["versi_lain"] = list(
            selectors.pk_list(pk.tahun).exclude(pk=pk.pk).only("id", "tahun", "versi", "status")
        )
        draft = pk.status == PerjanjianKinerja.Status.DRAFT
        context["boleh_tandatangani"] = draft and user.has_perm(services.IZIN_TANDATANGANI_PK)
        context["boleh_ubah"] = draft and user.has_perm("opd.change_perjanjiankinerja")
        context["boleh_perubahan"] = (
            pk.status == PerjanjianKinerja.Status.DITANDATANGANI
            and user.has_perm("opd.change_perjanjiankinerja")
        )
        return context


class PkViewSet(ViewSetOpd):
    model = PerjanjianKinerja
    name = "opd_pk"
    url_prefix = "kinerja-opd/pk"
    icon = "doc-full-inverse"
    menu_label = "Perjanjian Kinerja"
    index_view_class = PkIndexView
    edit_view_class = PkEditView
    delete_view_class = PkDeleteView
    inspect_view_class = PkInspectView
    list_display = [
        "__str__",
        "tahun",
        "versi",
        "status",
        "penandatangan",
        "tanggal_tanda_tangan",
    ]
    list_filter = ["tahun", "status"]
    inspect_view_fields = [
        "tahun",
        "versi",
        "status",
        "alasan_perubahan",
        "penandatangan",
        "jabatan_penandatangan",
        "tanggal_tanda_tangan",
        "dicatat_oleh",
        "dibuat",
    ]
    edit_handler = ObjectList(
        [
            HelpPanel(
                content=(
                    "<p>Draf PK dapat diubah sampai ditandatangani. Setelah ditandatangani PK "
                    "hanya dapat dibaca; perubahan dilakukan dengan <b>PK perubahan</b> "
                    "(versi baru).</p>"
                ),
                heading="Perjanjian Kinerja",
            ),
            FieldPanel("alasan_perubahan"),
            InlinePanel(
                "item",
                heading="Butir PK (target IKU)",
                label="Butir",
                panels=[
                    FieldRowPanel([FieldPanel("iku"), FieldPanel("satuan")]),
                    FieldRowPanel(
                        [
                            FieldPanel("target"),
                            FieldPanel("target_max"),
                            FieldPanel("target_kualitatif"),
                        ]
                    ),
                ],
            ),
        ],
        base_form_class=PkForm,
    )

    @property
    def add_view(self) -> Any:
        return self.construct_view(views.PkBuatDraftView)

    def get_urlpatterns_tambahan(self) -> list[Any]:
        return [
            path("tandatangani/<int:pk>/", views.PkTandatanganiView.as_view(), name="tandatangani"),
            path("perubahan/<int:pk>/", views.PkPerubahanView.as_view(), name="perubahan"),
        ]


class KinerjaOpdGroup(ModelViewSetGroup):
    """The "Kinerja OPD" menu (hidden on the public domain: its items are)."""

    menu_label = "Kinerja OPD"
    menu_icon = "table"
    menu_order = 250
    items = (RenstraViewSet, TujuanViewSet, SasaranViewSet, IkuViewSet, PkViewSet)
