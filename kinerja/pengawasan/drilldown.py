"""Read-only drill-down into any OPD (public domain, Bappeda): ``/admin/pengawasan/opd/`` lists
the active OPDs, ``/admin/pengawasan/opd/<schema>/`` shows one OPD's Renstra, IKU, targets and
realisasi per triwulan with links to the verification item pages. No write actions: GET only.

``<schema>`` is only used after :func:`~kinerja.daerah.verifikasi_selectors.opd_untuk_schema`
found it among the active OPDs (404 otherwise); the schema switch uses the registry row.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from kinerja.daerah.guards import PublicSchemaOnlyMixin, decorate_public_only
from kinerja.daerah.verifikasi_selectors import opd_aktif, opd_untuk_schema
from kinerja.pengawasan.dasbor import IzinPengawasanMixin
from kinerja.pengawasan.drilldown_selectors import Drilldown, drilldown_opd
from tenants.models import Opd

_MAKS_ANGKA = 10**9


def _int_atau_none(nilai: str | None) -> int | None:
    """A positive int from a query parameter, else None (the caller falls back to defaults)."""
    if nilai is None or not nilai.strip().isdigit():
        return None
    angka = int(nilai.strip())
    return angka if 0 < angka < _MAKS_ANGKA else None


class DaftarOpdView(
    PublicSchemaOnlyMixin, IzinPengawasanMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "pengawasan/drilldown_index.html"
    page_title = "Telusuri Perangkat Daerah"
    header_icon = "folder-open-inverse"
    http_method_names = ["get", "head", "options"]

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("pengawasan_dasbor:index"), "label": "Dasbor Kinerja"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["opd_list"] = opd_aktif()
        return context


class DrilldownView(
    PublicSchemaOnlyMixin, IzinPengawasanMixin, WagtailAdminTemplateMixin, TemplateView
):
    """One OPD, read-only: ``?renstra=<id>&tahun=<yyyy>`` choose the Renstra and the year of
    realisasi; anything unusable falls back to the defaults with a note."""

    template_name = "pengawasan/drilldown.html"
    page_title = "Telusuri Perangkat Daerah"
    header_icon = "folder-open-inverse"
    http_method_names = ["get", "head", "options"]

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.opd: Opd | None = None

    def get_page_subtitle(self) -> str:
        return str(self.opd) if self.opd is not None else ""

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("pengawasan_dasbor:index"), "label": "Dasbor Kinerja"},
            {"url": reverse("pengawasan_opd:index"), "label": self.page_title},
            {"url": "", "label": self.opd.singkatan if self.opd else ""},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        opd = opd_untuk_schema(self.kwargs["schema"])
        if opd is None:
            raise Http404("Perangkat Daerah tidak ditemukan.")
        self.opd = opd
        get = self.request.GET
        renstra_id = _int_atau_none(get.get("renstra"))
        tahun = _int_atau_none(get.get("tahun"))
        data: Drilldown = drilldown_opd(opd, renstra_id, tahun)
        catatan = []
        if "renstra" in get and data.renstra is not None and data.renstra.id != renstra_id:
            catatan.append(
                f"Renstra yang diminta tidak ditemukan; ditampilkan {data.renstra.label}."
            )
        if "tahun" in get and data.tahun is not None and data.tahun != tahun:
            catatan.append(
                f"Tahun '{get.get('tahun')}' tidak valid atau di luar Renstra; "
                f"ditampilkan tahun {data.tahun}."
            )
        context = super().get_context_data(**kwargs)
        context.update(d=data, catatan=catatan)
        return context


class DrilldownViewSet(ViewSet):
    """``/admin/pengawasan/opd/``: public domain only, no menu item of its own (reached from
    the dashboard)."""

    name = "pengawasan_opd"
    url_prefix = "pengawasan/opd"
    icon = "folder-open-inverse"
    add_to_admin_menu = False

    def get_urlpatterns(self) -> list[Any]:
        return decorate_public_only(
            [
                path("", DaftarOpdView.as_view(), name="index"),
                path("<str:schema>/", DrilldownView.as_view(), name="detail"),
            ]
        )


__all__ = ["DaftarOpdView", "DrilldownView", "DrilldownViewSet"]
