"""The operations page for the people who run the platform (public domain only):
``/admin/pengawasan/operasi/`` and the monthly export ``/admin/pengawasan/operasi/laporan/?bulan=
TTTT-BB``.

Who: superusers and members of the public schema's "Admin Bappeda" group
(:func:`boleh_lihat_operasi`). Verifikator Bappeda are refused: latency, errors and schema
sizes are platform administration, not oversight of OPD reporting. Outside the public schema
every URL is a 404 (:func:`~kinerja.daerah.guards.decorate_public_only`, checked first) and the
menu item is hidden.

Views are thin: every figure comes from :mod:`kinerja.pengawasan.operasi_selectors`; this
module only formats it (Indonesian numbers, WITA times).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.views.generic import TemplateView, View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from kinerja.daerah.guards import (
    PublicSchemaOnlyMixin,
    PublicSchemaViewSetMixin,
    decorate_public_only,
    public_menu_item_class,
)
from kinerja.engine import format_angka
from kinerja.engine.jadwal import format_tanggal
from kinerja.pengawasan import operasi_selectors as sel
from kinerja.pengawasan.operasi_laporan import XLSX, buat_laporan_xlsx, nama_berkas
from kinerja.rollup.models import RollupRun
from tenants import roles

CHART_JS = "vendor/chart.js/chart.umd.js"


def boleh_lihat_operasi(user: Any) -> bool:
    """Superusers and members of "Admin Bappeda" (public schema) may see the operations
    page; nobody else, including the Verifikator Bappeda."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser) or user.groups.filter(name=roles.ADMIN_BAPPEDA).exists()


class _IzinOperasiMixin:
    """PermissionDenied (Wagtail redirects to the dashboard with a message) for anyone but
    :func:`boleh_lihat_operasi`. Runs after the public-domain guard."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not boleh_lihat_operasi(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


# --- formatting -----------------------------------------------------------------------------------


def _angka(nilai: float | int | None, desimal: int = 1) -> str:
    if nilai is None:
        return "—"
    return format_angka(Decimal(str(nilai)), desimal)


def _ms(nilai: float | None) -> str:
    if nilai is None:
        return "—"
    if nilai >= sel.metrik.BATAS_MS[-2]:
        return f"≥ {_angka(nilai, 0)}"
    return _angka(nilai, 1)


def _durasi(ms: int | float | None) -> str:
    if ms is None:
        return "—"
    if ms < 1000:
        return f"{_angka(ms, 0)} ms"
    if ms < 120_000:
        return f"{_angka(ms / 1000, 1)} detik"
    return f"{_angka(ms / 60_000, 1)} menit"


def _ukuran(bytes_: int | None) -> str:
    if bytes_ is None:
        return "—"
    nilai = float(bytes_)
    for satuan in ("B", "KB", "MB", "GB"):
        if nilai < 1024 or satuan == "GB":
            return f"{_angka(nilai, 0 if satuan == 'B' else 1)} {satuan}"
        nilai /= 1024
    return f"{_angka(nilai, 1)} TB"  # pragma: no cover


def _umur(detik: float | None) -> str:
    if detik is None:
        return "—"
    if detik < 90:
        return "baru saja"
    if detik < 2 * 3600:
        return f"{round(detik / 60)} menit lalu"
    if detik < 2 * 86400:
        return f"{round(detik / 3600)} jam lalu"
    return f"{round(detik / 86400)} hari lalu"


def _waktu(nilai: Any) -> str:
    return format_tanggal(nilai) if nilai else "—"


def _galat_rollup(run: RollupRun) -> list[str]:
    hasil = []
    for g in run.galat or []:
        if isinstance(g, dict):
            schema = g.get("schema") or "—"
            hasil.append(f"{schema}: {g.get('pesan', '')}")
        else:
            hasil.append(str(g))
    return hasil


# --- the page -------------------------------------------------------------------------------------


class OperasiView(
    PublicSchemaOnlyMixin, _IzinOperasiMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Current health, Celery queue, the last rollup runs, OPD schemas and 14 days of
    request and uptime metrics. Renders even when Celery, Redis or the metrics are down."""

    template_name = "pengawasan/operasi.html"
    page_title = "Operasi Platform"
    header_icon = "cogs"

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kesehatan = sel.kesehatan_platform()
        skema = sel.statistik_skema()
        harian = sel.metrik_harian(sel.hari_terakhir())
        umur = skema.umur_ukuran
        context.update(
            kesehatan=kesehatan,
            timeout_celery=_angka(kesehatan.timeout_celery, 1),
            timeout_ping=_angka(kesehatan.timeout_ping, 1),
            komponen=[
                {
                    "nama": k.nama,
                    "label": k.label,
                    "ok": k.ok,
                    "detail": k.detail,
                    "ms": _angka(k.ms, 1),
                }
                for k in kesehatan.komponen
            ],
            rollup=[
                {
                    "run": run,
                    "mulai": _waktu(run.mulai),
                    "durasi": _durasi(run.durasi_ms),
                    "galat": _galat_rollup(run),
                }
                for run in sel.rollup_terakhir()
            ],
            skema=skema,
            skema_baris=[
                {
                    "schema": b.schema,
                    "nama": b.nama,
                    "ukuran": _ukuran(b.ukuran),
                    "perubahan": _waktu(b.perubahan_terakhir),
                    "login": _waktu(b.login_terakhir),
                }
                for b in skema.baris
            ],
            skema_total=_ukuran(skema.total_ukuran) if skema.ukuran_pada else "—",
            skema_umur=_umur(umur.total_seconds() if umur else None),
            skema_pada=_waktu(skema.ukuran_pada),
            skema_basi=umur is not None and umur.total_seconds() > 2 * 3600,
            harian=harian,
            harian_baris=[self._baris_harian(b) for b in harian.baris],
            grafik=self._grafik(harian),
            chart_js=CHART_JS if finders.find(CHART_JS) else None,
            bulan_ini=sel.metrik.tanggal_wita().strftime("%Y-%m"),
            interval_cek=getattr(settings, "KINERJA_CEK_KESEHATAN_MENIT", 1),
        )
        return context

    @staticmethod
    def _baris_harian(b: sel.BarisHarian) -> dict[str, Any]:
        p, u = b.permintaan, b.uptime
        return {
            "tanggal": format_tanggal_pendek(b.tanggal),
            "permintaan": _angka(p.jumlah, 0),
            "galat": _angka(p.galat, 0),
            "galat_persen": _angka(p.galat_persen, 2) if p.galat else "",
            "p50": _ms(p.p50),
            "p95": _ms(p.p95),
            "rata_rata": _ms(p.rata_rata_ms),
            "dijalankan": _angka(u.dijalankan, 0),
            "berhasil": _angka(u.berhasil, 0),
            "diharapkan": _angka(b.diharapkan, 0),
            "uptime": _angka(u.uptime_persen, 2),
            "cakupan": _angka(b.cakupan_persen, 1),
            "uptime_buruk": u.uptime_persen is not None and u.uptime_persen < 99,
            "cakupan_buruk": b.cakupan_persen is not None and b.cakupan_persen < 95,
            "gagal": ", ".join(
                f"{sel.LABEL_KOMPONEN.get(n, n)}: {_angka(c, 0)}"
                for n, c in sorted(u.gagal.items())
            ),
            "terakhir_gagal": u.terakhir_gagal,
        }

    @staticmethod
    def _grafik(harian: sel.MetrikHarian) -> dict[str, Any]:
        urut = list(reversed(harian.baris))  # oldest first, left to right
        return {
            "label": [b.tanggal.strftime("%d/%m") for b in urut],
            "permintaan": [b.permintaan.jumlah for b in urut],
            "p50": [
                round(b.permintaan.p50, 1) if b.permintaan.p50 is not None else None for b in urut
            ],
            "p95": [
                round(b.permintaan.p95, 1) if b.permintaan.p95 is not None else None for b in urut
            ],
        }


BULAN_PENDEK = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def format_tanggal_pendek(tanggal: Any) -> str:
    """A short date: ``"2 Nov 2026"``."""
    return f"{tanggal.day} {BULAN_PENDEK[tanggal.month - 1]} {tanggal.year}"


# --- the monthly export ---------------------------------------------------------------------------


class LaporanView(PublicSchemaOnlyMixin, _IzinOperasiMixin, View):
    """GET ``?bulan=TTTT-BB`` → the .xlsx; a bad or future month → back to the page with the
    reason."""

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            tahun, bulan = sel.parse_bulan(request.GET.get("bulan"))
        except sel.BulanTidakValid as exc:
            messages.error(request, exc.pesan)
            return HttpResponseRedirect(reverse("pengawasan_operasi:index"))
        laporan = sel.laporan_bulanan(tahun, bulan)
        response = HttpResponse(buat_laporan_xlsx(laporan), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{nama_berkas(laporan)}"'
        return response


# --- registration ---------------------------------------------------------------------------------


class _MenuOperasi(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return boleh_lihat_operasi(getattr(request, "user", None))


class OperasiViewSet(PublicSchemaViewSetMixin, ViewSet):
    """``/admin/pengawasan/operasi/``: public domain only, in the Settings menu as "Operasi
    Platform" for :func:`boleh_lihat_operasi` users."""

    name = "pengawasan_operasi"
    url_prefix = "pengawasan/operasi"
    icon = "cogs"
    menu_label = "Operasi Platform"
    menu_order = 900
    add_to_settings_menu = True

    @property
    def menu_item_class(self) -> type[MenuItem]:
        return public_menu_item_class(_MenuOperasi)

    def get_urlpatterns(self) -> list[Any]:
        return decorate_public_only(
            [
                path("", OperasiView.as_view(), name="index"),
                path("laporan/", LaporanView.as_view(), name="laporan"),
            ]
        )


__all__ = ["LaporanView", "OperasiView", "OperasiViewSet", "boleh_lihat_operasi"]
