"""Bappeda's performance dashboard (public domain only): ``/admin/pengawasan/dasbor/``, menu
*Dasbor Kinerja*, and a compact panel on the Wagtail home page of Bappeda users.

Read-only. Every URL is wrapped with :func:`kinerja.daerah.guards.decorate_public_only` (404 on
OPD domains, menu hidden there) and needs :func:`~kinerja.pengawasan.dasbor_selectors.
boleh_mengawasi` (verifikator or Admin Bappeda). The data comes from the rollup tables through
:mod:`kinerja.pengawasan.dasbor_selectors`; charts are drawn by Chart.js served from
``static/vendor/`` (installed from npm by ``make install``), each with a table of the same
numbers next to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from kinerja.choices import Triwulan
from kinerja.daerah.guards import (
    PublicSchemaOnlyMixin,
    decorate_public_only,
    public_menu_item_class,
)
from kinerja.pengawasan.dasbor_selectors import (
    LABEL_KEADAAN,
    URAIAN_KEADAAN,
    boleh_mengawasi,
    dasbor,
    periode_bawaan,
    ringkasan_panel,
    tahun_pilihan,
    url_chartjs,
)


class IzinPengawasanMixin:
    """PermissionDenied (Wagtail: back to the dashboard with a message) unless the user may
    open the oversight screens. Runs after the public-domain guard."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not boleh_mengawasi(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class PeriodeDasborForm(forms.Form):
    tahun = forms.TypedChoiceField(
        label="Tahun",
        coerce=int,
        error_messages={"invalid_choice": "Tahun %(value)s tidak tersedia; pilih dari daftar."},
    )
    triwulan = forms.TypedChoiceField(
        label="Triwulan",
        choices=Triwulan.choices,
        coerce=int,
        error_messages={"invalid_choice": "Triwulan harus 1 sampai 4."},
    )

    def __init__(self, *args: Any, tahun_list: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [(t, str(t)) for t in tahun_list]


def periode_dari_request(
    request: HttpRequest,
) -> tuple[int, int, PeriodeDasborForm, list[str]]:
    """(tahun, triwulan, form, error messages) from ``?tahun=&triwulan=``. A value that is not
    offered (``tahun=abc``, ``triwulan=5``) is reported and replaced by the default period,
    field by field, so a bad link still shows a dashboard and never an error page."""
    bawaan_tahun, bawaan_tw = periode_bawaan()
    daftar = tahun_pilihan(bawaan_tahun)
    data = {"tahun": str(bawaan_tahun), "triwulan": str(bawaan_tw)}
    data.update({k: v for k, v in request.GET.items() if k in ("tahun", "triwulan")})
    form = PeriodeDasborForm(data, tahun_list=daftar)
    form.is_valid()
    galat = [str(e) for errs in form.errors.values() for e in errs]
    tahun = form.cleaned_data.get("tahun", bawaan_tahun)
    triwulan = form.cleaned_data.get("triwulan", bawaan_tw)
    # Show the period actually displayed, not the rejected input.
    form = PeriodeDasborForm({"tahun": str(tahun), "triwulan": str(triwulan)}, tahun_list=daftar)
    form.is_valid()
    return tahun, triwulan, form, galat


class DasborView(
    PublicSchemaOnlyMixin, IzinPengawasanMixin, WagtailAdminTemplateMixin, TemplateView
):
    """The dashboard of one tahun + triwulan (default: the triwulan being reported now)."""

    template_name = "pengawasan/dasbor.html"
    page_title = "Dasbor Kinerja"
    header_icon = "view"

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_page_subtitle(self) -> str:
        return getattr(self, "_subjudul", "")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        tahun, triwulan, form, galat = periode_dari_request(self.request)
        data = dasbor(tahun, triwulan)
        self._subjudul = data.periode
        context = super().get_context_data(**kwargs)
        context.update(
            form=form,
            galat_filter=galat,
            d=data,
            grafik=data.grafik(),
            chartjs_url=url_chartjs(),
            legenda=[(k, LABEL_KEADAAN[k], URAIAN_KEADAAN[k]) for k in LABEL_KEADAAN],
        )
        return context


# --- registration ---------------------------------------------------------------------------


class _MenuPengawasan(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return boleh_mengawasi(request.user)


class DasborViewSet(ViewSet):
    """``/admin/pengawasan/dasbor/``: public domain only; first of the oversight menu items
    (just above *Perencanaan Daerah*)."""

    name = "pengawasan_dasbor"
    url_prefix = "pengawasan/dasbor"
    icon = "view"
    menu_label = "Dasbor Kinerja"
    menu_order = 240
    add_to_admin_menu = True

    @property
    def menu_item_class(self) -> type[MenuItem]:
        return public_menu_item_class(_MenuPengawasan)

    def get_urlpatterns(self) -> list[Any]:
        return decorate_public_only([path("", DasborView.as_view(), name="index")])


class PanelDasbor(Component):
    """Wagtail home page of Bappeda users: the triwulan being reported in a few numbers, with
    links to the dashboard and the verification queue."""

    name = "pengawasan_dasbor"
    order = 40
    template_name = "pengawasan/dasbor_panel.html"

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> dict[str, Any]:
        tahun, triwulan = periode_bawaan()
        return {
            "r": ringkasan_panel(tahun, triwulan),
            "url_dasbor": reverse("pengawasan_dasbor:index"),
        }


__all__ = [
    "DasborView",
    "DasborViewSet",
    "IzinPengawasanMixin",
    "PanelDasbor",
    "PeriodeDasborForm",
    "periode_dari_request",
]
