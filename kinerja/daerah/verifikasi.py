"""Bappeda's verification screens (public domain only): the cross-OPD queue, one realisasi with
its actions (verifikasi / kembalikan / buka kembali), "verifikasi semua" for one OPD + triwulan,
and the evidence download.

Every URL is wrapped with :func:`kinerja.daerah.guards.decorate_public_only` (404 on OPD
domains) and needs ``daerah.verifikasi_realisasi``. A ``<schema>`` in a URL is only ever used
after :func:`~kinerja.daerah.verifikasi_selectors.opd_untuk_schema` found it in the registry
(404 otherwise); the switch uses the registry row's name.

The workflow moves run in the OPD's schema through :mod:`kinerja.opd.realisasi`. The
:class:`~kinerja.opd.realisasi.Pelaku` is built from the request BEFORE switching schema:
``pelaku_dari_user`` decides by ``connection.schema_name`` whether to read the Bappeda
permission and to record ``sumber=bappeda``, and the user's permissions live in ``public``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView, View
from django_tenants.utils import schema_context
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from kinerja.choices import Triwulan
from kinerja.daerah.guards import (
    PublicSchemaOnlyMixin,
    PublicSchemaViewSetMixin,
    decorate_public_only,
    public_menu_item_class,
)
from kinerja.daerah.models import JadwalPelaporan
from kinerja.daerah.verifikasi_selectors import (
    DetailVerifikasi,
    antrian_verifikasi,
    detail_verifikasi,
    opd_aktif,
    opd_untuk_schema,
)
from kinerja.engine.alur import LABEL_STATUS, Aksi, Status, aksi_tersedia
from kinerja.engine.jadwal import WITA, format_tanggal, label_periode
from kinerja.engine.triwulan import elapsed_triwulan
from kinerja.opd.realisasi import (
    Pelaku,
    RealisasiDitolak,
    pelaku_dari_request,
    realisasi_aksi,
    realisasi_aksi_triwulan,
)
from kinerja.opd.realisasi_item import bukti_response
from tenants.models import Opd

IZIN_VERIFIKASI = "daerah.verifikasi_realisasi"
SEMUA_STATUS = "semua"
PILIHAN_STATUS = [
    (Status.DISETUJUI.value, "Disetujui Kepala OPD (menunggu verifikasi)"),
    (Status.DIAJUKAN.value, "Diajukan (menunggu Kepala OPD)"),
    (Status.DRAFT.value, "Draf / dikembalikan"),
    (Status.DIVERIFIKASI.value, "Diverifikasi"),
    (SEMUA_STATUS, "Semua status"),
]
# Actions offered to the form. Every workflow action except editing is accepted so that a
# move the verifikator may not take (setujui, ajukan) is refused by the service with its own
# message rather than by the form.
PILIHAN_AKSI = [(a.value, a.value) for a in Aksi if a != Aksi.UBAH]
MAKS_CATATAN = 2000


class _IzinVerifikasiMixin:
    """PermissionDenied (Wagtail: redirect to the dashboard with a message) without
    ``daerah.verifikasi_realisasi``. Runs after the public-domain guard."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(IZIN_VERIFIKASI):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def _opd_atau_404(schema: str) -> Opd:
    opd = opd_untuk_schema(schema)
    if opd is None:
        raise Http404("Perangkat Daerah tidak ditemukan.")
    return opd


def _periode_bawaan() -> tuple[int, int]:
    """The latest scheduled triwulan that has opened; else the last ended quarter (WITA)."""
    sekarang = timezone.now()
    jadwal = (
        JadwalPelaporan.objects.filter(tanggal_buka__lte=sekarang)
        .order_by("-tahun", "-triwulan")
        .first()
    )
    if jadwal is not None:
        return jadwal.tahun, jadwal.triwulan
    hari_ini = sekarang.astimezone(WITA).date()
    selesai = elapsed_triwulan(hari_ini, hari_ini.year)
    if selesai == 0:
        return hari_ini.year - 1, 4
    return hari_ini.year, selesai


def _url_antrian(**params: Any) -> str:
    bersih = {k: v for k, v in params.items() if v not in (None, "")}
    url = reverse("bappeda_verifikasi:index")
    return f"{url}?{urlencode(bersih)}" if bersih else url


# --- the queue ----------------------------------------------------------------------------------


class AntrianForm(forms.Form):
    tahun = forms.IntegerField(label="Tahun", min_value=2000, max_value=2100)
    triwulan = forms.TypedChoiceField(label="Triwulan", choices=Triwulan.choices, coerce=int)
    opd = forms.ChoiceField(label="Perangkat Daerah", required=False)
    status = forms.ChoiceField(label="Status", choices=PILIHAN_STATUS, required=False)

    def __init__(self, *args: Any, opd_list: list[Opd], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.opd_list = opd_list
        self.fields["opd"].choices = [("", "Semua Perangkat Daerah")] + [
            (o.schema_name, str(o)) for o in opd_list
        ]

    def opd_terpilih(self) -> list[Opd]:
        schema = self.cleaned_data.get("opd")
        return [o for o in self.opd_list if o.schema_name == schema] if schema else self.opd_list


class AntrianView(
    PublicSchemaOnlyMixin, _IzinVerifikasiMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Realisasi of every active OPD for one tahun + triwulan, by default those approved by the
    Kepala OPD and waiting for Bappeda."""

    template_name = "daerah/verifikasi/antrian.html"
    page_title = "Verifikasi Realisasi"
    header_icon = "tasks"

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        opd_list = opd_aktif()
        tahun, triwulan = _periode_bawaan()
        data = {"tahun": tahun, "triwulan": triwulan, "status": Status.DISETUJUI.value}
        data.update({k: v for k, v in self.request.GET.items() if k in AntrianForm.base_fields})
        form = AntrianForm(data, opd_list=opd_list)
        antrian = None
        if form.is_valid():
            status = form.cleaned_data.get("status") or Status.DISETUJUI.value
            antrian = antrian_verifikasi(
                form.cleaned_data["tahun"],
                form.cleaned_data["triwulan"],
                opd=form.opd_terpilih(),
                status=None if status == SEMUA_STATUS else status,
            )
        jadwal = (
            JadwalPelaporan.objects.filter(tahun=antrian.tahun, triwulan=antrian.triwulan).first()
            if antrian
            else None
        )
        context.update(
            form=form,
            antrian=antrian,
            ada_opd=bool(opd_list),
            boleh_perpanjang=self.request.user.has_perm("daerah.add_perpanjanganjadwal"),
            jadwal=jadwal,
            jadwal_uraian=(
                f"dibuka {format_tanggal(jadwal.tanggal_buka)}, batas waktu "
                f"{format_tanggal(jadwal.batas_waktu)}, "
                f"dikunci {format_tanggal(jadwal.tanggal_kunci)}"
                if jadwal
                else ""
            ),
        )
        return context


# --- whole triwulan -----------------------------------------------------------------------------


class PeriodeForm(forms.Form):
    tahun = forms.IntegerField(min_value=2000, max_value=2100)
    triwulan = forms.TypedChoiceField(choices=Triwulan.choices, coerce=int)


class VerifikasiSemuaView(PublicSchemaOnlyMixin, _IzinVerifikasiMixin, View):
    """POST: verify every approved realisasi of one OPD in one triwulan at once."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, schema: str) -> HttpResponse:
        opd = _opd_atau_404(schema)
        form = PeriodeForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Tahun atau triwulan tidak valid; tidak ada yang diverifikasi.")
            return HttpResponseRedirect(_url_antrian(opd=opd.schema_name))
        tahun, triwulan = form.cleaned_data["tahun"], form.cleaned_data["triwulan"]
        periode = label_periode(tahun, triwulan)
        pelaku = pelaku_dari_request(request)  # in public: Bappeda permission, sumber=bappeda
        try:
            with schema_context(opd.schema_name):
                hasil = realisasi_aksi_triwulan(pelaku, Aksi.VERIFIKASI, tahun, triwulan)
        except RealisasiDitolak as e:
            messages.error(request, f"{opd.singkatan}: {e.pesan}")
        else:
            messages.success(
                request,
                f"{len(hasil.diproses)} realisasi {opd.singkatan} {periode} diverifikasi.",
            )
        return HttpResponseRedirect(
            _url_antrian(tahun=tahun, triwulan=triwulan, opd=opd.schema_name)
        )


# --- one item -----------------------------------------------------------------------------------


class AksiForm(forms.Form):
    aksi = forms.ChoiceField(
        choices=PILIHAN_AKSI, error_messages={"invalid_choice": "Aksi tidak dikenal."}
    )
    versi = forms.IntegerField(required=False, min_value=1)
    catatan = forms.CharField(required=False, max_length=MAKS_CATATAN)


_PESAN_BERHASIL = {
    Aksi.VERIFIKASI: "{objek} diverifikasi.",
    Aksi.KEMBALIKAN: "{objek} dikembalikan ke OPD dengan catatan.",
    Aksi.BUKA_KEMBALI: "{objek} dibuka kembali sebagai revisi {revisi}; OPD dapat memperbaikinya.",
}
_PESAN_DILEWATI = "{objek} sudah berstatus {status}; tidak ada yang diubah."


class ItemView(
    PublicSchemaOnlyMixin, _IzinVerifikasiMixin, WagtailAdminTemplateMixin, TemplateView
):
    """One realisasi of one OPD: values, narrative, capaian, evidence, audit trail, earlier
    revisions, and the verifikator's actions."""

    template_name = "daerah/verifikasi/item.html"
    page_title = "Verifikasi realisasi"
    header_icon = "tasks"

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.detail: DetailVerifikasi | None = None

    def get_page_subtitle(self) -> str:
        if self.detail is None:
            return ""
        return f"{self.detail.opd.singkatan} · {self.detail.iku_kode} · {self.detail.periode}"

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        items = [
            *self.breadcrumbs_items,
            {"url": reverse("bappeda_verifikasi:index"), "label": "Verifikasi Realisasi"},
        ]
        if self.detail is not None:
            items.append(
                {
                    "url": _url_antrian(
                        tahun=self.detail.tahun,
                        triwulan=self.detail.triwulan,
                        opd=self.detail.opd.schema_name,
                        status=SEMUA_STATUS,
                    ),
                    "label": str(self.detail.opd.singkatan),
                }
            )
        items.append({"url": "", "label": self.get_page_subtitle() or self.page_title})
        return items

    def _muat(self, opd: Opd, pk: int) -> DetailVerifikasi:
        with schema_context(opd.schema_name):
            detail = detail_verifikasi(opd, pk)
        if detail is None:
            raise Http404("Realisasi tidak ditemukan.")
        self.detail = detail
        return detail

    def _render(self, pelaku: Pelaku, form: AksiForm | None = None) -> HttpResponse:
        assert self.detail is not None
        tersedia = aksi_tersedia(self.detail.status, pelaku.peran)
        return self.render_to_response(
            self.get_context_data(
                d=self.detail,
                form=form,
                aksi_verifikasi=Aksi.VERIFIKASI in tersedia,
                aksi_kembalikan=Aksi.KEMBALIKAN in tersedia,
                aksi_buka=Aksi.BUKA_KEMBALI in tersedia,
                catatan_kembalikan=(
                    form.data.get("catatan", "")
                    if form is not None and form.data.get("aksi") == Aksi.KEMBALIKAN
                    else ""
                ),
                catatan_buka=(
                    form.data.get("catatan", "")
                    if form is not None and form.data.get("aksi") == Aksi.BUKA_KEMBALI
                    else ""
                ),
                maks_catatan=MAKS_CATATAN,
            )
        )

    def get(self, request: HttpRequest, schema: str, pk: int) -> HttpResponse:
        opd = _opd_atau_404(schema)
        self._muat(opd, pk)
        return self._render(pelaku_dari_request(request))

    def post(self, request: HttpRequest, schema: str, pk: int) -> HttpResponse:
        from kinerja.opd.models import RealisasiIku

        opd = _opd_atau_404(schema)
        # Built in public, before any schema switch: roles from the Bappeda permission,
        # sumber=bappeda, the verifikator's name and IP.
        pelaku = pelaku_dari_request(request)
        form = AksiForm(request.POST)
        if not form.is_valid():
            self._muat(opd, pk)
            pesan = " ".join(str(e) for errs in form.errors.values() for e in errs)
            messages.error(request, f"Permintaan ditolak: {pesan}")
            return self._render(pelaku, form)
        aksi = Aksi(form.cleaned_data["aksi"])
        catatan = form.cleaned_data["catatan"] or ""
        try:
            with schema_context(opd.schema_name):
                if not RealisasiIku.objects.filter(pk=pk).exists():
                    raise Http404("Realisasi tidak ditemukan.")
                hasil = realisasi_aksi(pelaku, aksi, {pk: form.cleaned_data["versi"]}, catatan)
                item = (hasil.diproses or hasil.dilewati)[0]
                objek = f"Realisasi {item.iku.kode} {label_periode(item.tahun, item.triwulan)}"
                if hasil.diproses:
                    pesan = _PESAN_BERHASIL.get(aksi, "{objek}: status kini {status}.").format(
                        objek=f"{objek} ({opd.singkatan})",
                        revisi=item.revisi,
                        status=LABEL_STATUS[Status(item.status)],
                    )
                else:
                    pesan = _PESAN_DILEWATI.format(
                        objek=objek, status=LABEL_STATUS[Status(item.status)]
                    )
        except RealisasiDitolak as e:
            self._muat(opd, pk)
            messages.error(request, e.pesan)
            for tempat, kolom, teks in e.galat:
                messages.error(request, " · ".join(x for x in (tempat, kolom, teks) if x))
            return self._render(pelaku, form)
        messages.success(request, pesan)
        return HttpResponseRedirect(reverse("bappeda_verifikasi:item", args=[opd.schema_name, pk]))


# --- evidence -----------------------------------------------------------------------------------


class BuktiView(PublicSchemaOnlyMixin, _IzinVerifikasiMixin, View):
    """GET: one evidence file of an OPD (``?unduh=1`` as attachment, else inline). Soft-deleted
    files are served too: earlier revisions and the audit trail refer to them."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, schema: str, bukti_id: Any) -> HttpResponse:
        from kinerja.opd.models import BuktiDukung

        opd = _opd_atau_404(schema)
        with schema_context(opd.schema_name):
            bukti = BuktiDukung.objects.filter(pk=bukti_id).first()
            if bukti is None:
                raise Http404("Bukti dukung tidak ditemukan.")
            # Opened here, inside the OPD's schema: the private storage follows the schema.
            return bukti_response(bukti, request.GET.get("unduh") == "1")


# --- registration -------------------------------------------------------------------------------


class _MenuVerifikasi(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(IZIN_VERIFIKASI)


class VerifikasiViewSet(PublicSchemaViewSetMixin, ViewSet):
    """``/admin/verifikasi/``: public domain only (URLs 404 and menu hidden elsewhere). Named
    outside the ``daerah_`` namespace: its URLs carry an OPD schema and live outside
    ``/admin/daerah/``; ``tests/kinerja/daerah/test_verifikasi.py`` checks their guard."""

    name = "bappeda_verifikasi"
    url_prefix = "verifikasi"
    icon = "tasks"
    menu_label = "Verifikasi Realisasi"
    menu_order = 260
    add_to_admin_menu = True

    @property
    def menu_item_class(self) -> type[MenuItem]:
        return public_menu_item_class(_MenuVerifikasi)

    def get_urlpatterns(self) -> list[Any]:
        return decorate_public_only(
            [
                path("", AntrianView.as_view(), name="index"),
                path("<str:schema>/<int:pk>/", ItemView.as_view(), name="item"),
                path("<str:schema>/bukti/<uuid:bukti_id>/", BuktiView.as_view(), name="bukti"),
                path("<str:schema>/semua/", VerifikasiSemuaView.as_view(), name="semua"),
            ]
        )


__all__ = [
    "AntrianView",
    "BuktiView",
    "ItemView",
    "VerifikasiSemuaView",
    "VerifikasiViewSet",
]
