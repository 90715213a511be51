"""Extensions of a reporting window for one OPD (public domain only): the service
:func:`perpanjangan_beri`, its rules :func:`periksa_perpanjangan`, the history selector and the
admin screens ``/admin/daerah/perpanjangan/`` (history) and ``.../baru/`` (grant).

An extension is never edited or deleted: a new grant for the same jadwal + OPD replaces the one
in force (``kinerja.daerah.selectors.jendela_opd`` takes the latest) and the earlier ones stay
as history. All dates are WITA: typed in WITA whatever the user's admin time zone, shown with
``format_tanggal``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView
from django_tenants.utils import get_public_schema_name
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from kinerja.daerah.guards import (
    PublicSchemaOnlyMixin,
    PublicSchemaViewSetMixin,
    decorate_public_only,
    pastikan_public_schema,
    public_menu_item_class,
)
from kinerja.daerah.models import JadwalPelaporan, PerpanjanganJadwal
from kinerja.daerah.services import Pelanggaran
from kinerja.engine.jadwal import WITA, format_tanggal, label_periode
from tenants.models import Opd

logger = logging.getLogger(__name__)

__all__ = [
    "PerpanjanganForm",
    "PerpanjanganViewSet",
    "periksa_perpanjangan",
    "perpanjangan_beri",
    "perpanjangan_riwayat",
]

IZIN_BERI = "daerah.add_perpanjanganjadwal"
IZIN_LIHAT = "daerah.view_perpanjanganjadwal"
MIN_ALASAN = 10
MAKS_ALASAN = 2000


def _wita(waktu: datetime | None) -> datetime | None:
    """A naive datetime is read as WITA (the province's time), an aware one is kept."""
    if waktu is not None and timezone.is_naive(waktu):
        return timezone.make_aware(waktu, WITA)
    return waktu


def _nama(oleh: Any) -> str:
    if isinstance(oleh, str):
        return oleh.strip()
    lengkap = (oleh.get_full_name() or "").strip() if hasattr(oleh, "get_full_name") else ""
    username = getattr(oleh, "username", "") or str(oleh)
    return f"{lengkap} ({username})" if lengkap else username


# --- rules and service --------------------------------------------------------------------------


def periksa_perpanjangan(
    jadwal: JadwalPelaporan | None,
    opd: Opd | None,
    batas_waktu: datetime | None,
    tanggal_kunci: datetime | None,
    alasan: str,
) -> list[Pelanggaran]:
    """Everything wrong with an extension request, keyed by form field: an active OPD (not
    the province row), a jadwal, both dates, the new deadline not before the original one, the
    lock not before the new deadline nor before the original lock, at least one date later
    than the original, and a reason of at least 10 characters."""
    salah: list[Pelanggaran] = []
    if opd is None:
        salah.append(Pelanggaran("opd", "Pilih Perangkat Daerah."))
    elif opd.schema_name == get_public_schema_name():
        salah.append(
            Pelanggaran("opd", "Perpanjangan hanya untuk Perangkat Daerah, bukan skema provinsi.")
        )
    elif not opd.aktif:
        salah.append(
            Pelanggaran("opd", f"{opd.nama} tidak aktif; perpanjangan tidak dapat diberikan.")
        )
    if jadwal is None:
        salah.append(Pelanggaran("jadwal", "Pilih jadwal pelaporan."))
    batas, kunci = _wita(batas_waktu), _wita(tanggal_kunci)
    if batas is None:
        salah.append(Pelanggaran("batas_waktu", "Batas waktu baru wajib diisi."))
    if kunci is None:
        salah.append(Pelanggaran("tanggal_kunci", "Tanggal kunci baru wajib diisi."))
    if batas is not None and kunci is not None and kunci < batas:
        salah.append(
            Pelanggaran("tanggal_kunci", "Tanggal kunci baru tidak boleh sebelum batas waktu baru.")
        )
    if jadwal is not None:
        if batas is not None and batas < jadwal.batas_waktu:
            salah.append(
                Pelanggaran(
                    "batas_waktu",
                    "Batas waktu baru tidak boleh sebelum batas waktu semula "
                    f"({format_tanggal(jadwal.batas_waktu)}).",
                )
            )
        if kunci is not None and kunci < jadwal.tanggal_kunci:
            salah.append(
                Pelanggaran(
                    "tanggal_kunci",
                    "Tanggal kunci baru tidak boleh sebelum tanggal kunci semula "
                    f"({format_tanggal(jadwal.tanggal_kunci)}).",
                )
            )
        if batas == jadwal.batas_waktu and kunci == jadwal.tanggal_kunci:
            salah.append(
                Pelanggaran(
                    "",
                    "Tanggal yang diisi sama dengan jadwal semula; perpanjangan harus memundurkan "
                    "batas waktu atau tanggal kunci.",
                )
            )
    teks = (alasan or "").strip()
    if len(teks) < MIN_ALASAN:
        salah.append(Pelanggaran("alasan", f"Alasan wajib diisi (minimal {MIN_ALASAN} karakter)."))
    elif len(teks) > MAKS_ALASAN:
        salah.append(
            Pelanggaran("alasan", f"Alasan terlalu panjang (maksimal {MAKS_ALASAN} karakter).")
        )
    return salah


@transaction.atomic
def perpanjangan_beri(
    jadwal: JadwalPelaporan | None,
    opd: Opd | None,
    batas_waktu: datetime | None,
    tanggal_kunci: datetime | None,
    alasan: str,
    oleh: Any,
) -> PerpanjanganJadwal:
    """Grant ``opd`` an extension of ``jadwal`` until ``batas_waktu`` (deadline) and
    ``tanggal_kunci`` (lock), with a reason; ``oleh`` is the Bappeda user (or a name). Naive
    datetimes are WITA. Raises ValidationError keyed by field (Indonesian) and saves nothing
    when a rule of :func:`periksa_perpanjangan` is broken. From then on the OPD's window is the
    extended one (the latest grant is in force)."""
    pastikan_public_schema()
    salah = periksa_perpanjangan(jadwal, opd, batas_waktu, tanggal_kunci, alasan)
    if salah:
        galat: dict[str, list[str]] = {}
        for p in salah:
            galat.setdefault(p.field or "__all__", []).append(p.pesan)
        raise ValidationError(galat)
    assert jadwal is not None and opd is not None
    hasil = PerpanjanganJadwal.objects.create(
        jadwal=jadwal,
        opd=opd,
        batas_waktu=_wita(batas_waktu),
        tanggal_kunci=_wita(tanggal_kunci),
        alasan=alasan.strip(),
        diberikan_oleh=_nama(oleh)[:150],
    )
    logger.info(
        "Perpanjangan %s untuk %s sampai %s (kunci %s) oleh %s",
        jadwal,
        opd.schema_name,
        hasil.batas_waktu.isoformat(),
        hasil.tanggal_kunci.isoformat(),
        hasil.diberikan_oleh,
    )
    return hasil


# --- history ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BarisPerpanjangan:
    obj: PerpanjanganJadwal
    berlaku: bool  # the latest grant for its jadwal + OPD

    @property
    def periode(self) -> str:
        return label_periode(self.obj.jadwal.tahun, self.obj.jadwal.triwulan)

    @property
    def semula(self) -> str:
        j = self.obj.jadwal
        return f"batas {format_tanggal(j.batas_waktu)}; kunci {format_tanggal(j.tanggal_kunci)}"

    @property
    def batas_waktu(self) -> str:
        return format_tanggal(self.obj.batas_waktu)

    @property
    def tanggal_kunci(self) -> str:
        return format_tanggal(self.obj.tanggal_kunci)

    @property
    def diberikan_pada(self) -> str:
        return format_tanggal(self.obj.diberikan_pada)


def _riwayat_qs(tahun: int | None = None, opd: Opd | None = None) -> QuerySet[PerpanjanganJadwal]:
    qs = PerpanjanganJadwal.objects.select_related("jadwal", "opd").order_by(
        "-diberikan_pada", "-id"
    )
    if tahun:
        qs = qs.filter(jadwal__tahun=tahun)
    if opd is not None:
        qs = qs.filter(opd=opd)
    return qs


def perpanjangan_riwayat(
    tahun: int | None = None, opd: Opd | None = None
) -> list[BarisPerpanjangan]:
    """Every extension granted (newest first), optionally of one year / OPD, each flagged
    whether it is the one in force for its jadwal + OPD. One query."""
    dilihat: set[tuple[int, int]] = set()
    hasil = []
    for p in _riwayat_qs(tahun, opd):
        kunci = (p.jadwal_id, p.opd_id)
        hasil.append(BarisPerpanjangan(p, kunci not in dilihat))
        dilihat.add(kunci)
    return hasil


# --- forms --------------------------------------------------------------------------------------


class WitaDateTimeField(forms.DateTimeField):
    """Date and time typed in WITA, whatever time zone the admin user chose in their profile."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    input_formats = [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%d-%m-%Y %H:%M",
        "%d-%m-%Y %H.%M",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y %H.%M",
    ]
    default_error_messages = {
        "invalid": "Tanggal dan jam tidak valid; contoh penulisan: 31-07-2031 23.59.",
    }

    def to_python(self, value: Any) -> datetime | None:
        with timezone.override(WITA):
            return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        with timezone.override(WITA):
            return super().prepare_value(value)


class _JadwalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: JadwalPelaporan) -> str:
        return (
            f"{label_periode(obj.tahun, obj.triwulan)} — batas waktu "
            f"{format_tanggal(obj.batas_waktu)}, dikunci {format_tanggal(obj.tanggal_kunci)}"
        )


class PerpanjanganForm(forms.Form):
    opd = forms.ModelChoiceField(
        queryset=Opd.objects.none(), label="Perangkat Daerah", empty_label="— pilih —"
    )
    jadwal = _JadwalChoiceField(
        queryset=JadwalPelaporan.objects.none(), label="Jadwal pelaporan", empty_label="— pilih —"
    )
    batas_waktu = WitaDateTimeField(label="Batas waktu baru (WITA)")
    tanggal_kunci = WitaDateTimeField(
        label="Tanggal kunci baru (WITA)",
        help_text="Setelah tanggal ini OPD tidak dapat lagi mengisi atau mengajukan realisasi.",
    )
    alasan = forms.CharField(
        label="Alasan",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,  # the service says what is missing, with the minimum length
        help_text=f"Minimal {MIN_ALASAN} karakter; dicatat dan terlihat di riwayat perpanjangan.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = (
            Opd.objects.filter(aktif=True)
            .exclude(schema_name=get_public_schema_name())
            .order_by("kode")
        )
        self.fields["jadwal"].queryset = JadwalPelaporan.objects.order_by("-tahun", "-triwulan")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # The service's rules, reported on every field that Django accepted; a field that
        # already has an error (empty, not a date, not a choice) is not reported twice.
        sudah = set(self.errors)
        for p in periksa_perpanjangan(
            data.get("jadwal"),
            data.get("opd"),
            data.get("batas_waktu"),
            data.get("tanggal_kunci"),
            data.get("alasan") or "",
        ):
            field = p.field if p.field in self.fields else None
            if field not in sudah:
                self.add_error(field, p.pesan)
        return data


# --- views --------------------------------------------------------------------------------------


class _AdminView(PublicSchemaOnlyMixin, WagtailAdminTemplateMixin):
    header_icon = "date"
    izin: tuple[str, ...] = (IZIN_BERI,)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not any(request.user.has_perm(p) for p in self.izin):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class RiwayatForm(forms.Form):
    tahun = forms.IntegerField(label="Tahun", min_value=2000, max_value=2100, required=False)
    opd = forms.ModelChoiceField(
        queryset=Opd.objects.none(),
        label="Perangkat Daerah",
        required=False,
        empty_label="Semua Perangkat Daerah",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = Opd.objects.exclude(
            schema_name=get_public_schema_name()
        ).order_by("kode")


class PerpanjanganIndexView(_AdminView, TemplateView):
    """History of the extensions granted (newest first), the one in force marked."""

    template_name = "daerah/perpanjangan_list.html"
    page_title = "Perpanjangan Jadwal"
    izin = (IZIN_LIHAT, IZIN_BERI)

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = RiwayatForm(self.request.GET or None)
        rows = None
        if form.is_bound:
            if form.is_valid():
                rows = perpanjangan_riwayat(form.cleaned_data["tahun"], form.cleaned_data["opd"])
        else:
            rows = perpanjangan_riwayat()
        context.update(form=form, rows=rows, boleh_beri=self.request.user.has_perm(IZIN_BERI))
        return context


class PerpanjanganBaruView(_AdminView, FormView):
    """Grant one OPD an extension of one reporting window (dates in WITA, reason required)."""

    template_name = "daerah/perpanjangan_form.html"
    page_title = "Beri perpanjangan jadwal"
    form_class = PerpanjanganForm

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("daerah_perpanjangan:index"), "label": "Perpanjangan Jadwal"},
            {"url": "", "label": self.page_title},
        ]

    def get_initial(self) -> dict[str, Any]:
        # Prefill from links such as the verification queue's "beri perpanjangan" (ids only;
        # the form validates them like any input).
        initial = super().get_initial()
        for kunci in ("opd", "jadwal"):
            nilai = self.request.GET.get(kunci, "")
            if nilai.isdigit():
                initial[kunci] = int(nilai)
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("daerah_perpanjangan:index")
        return context

    def form_valid(self, form: PerpanjanganForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            hasil = perpanjangan_beri(
                data["jadwal"],
                data["opd"],
                data["batas_waktu"],
                data["tanggal_kunci"],
                data["alasan"],
                self.request.user,
            )
        except ValidationError as e:
            form.add_error(None, e)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Perpanjangan {label_periode(hasil.jadwal.tahun, hasil.jadwal.triwulan)} untuk "
            f"{hasil.opd.nama} diberikan: batas waktu {format_tanggal(hasil.batas_waktu)}, "
            f"dikunci {format_tanggal(hasil.tanggal_kunci)}.",
        )
        return HttpResponseRedirect(reverse("daerah_perpanjangan:index"))

    def form_invalid(self, form: PerpanjanganForm) -> HttpResponse:
        messages.error(self.request, "Perpanjangan belum diberikan; periksa pesan pada formulir.")
        return super().form_invalid(form)


class _MenuPerpanjangan(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(IZIN_BERI) or request.user.has_perm(IZIN_LIHAT)


class PerpanjanganViewSet(PublicSchemaViewSetMixin, ViewSet):
    """``/admin/daerah/perpanjangan/``: public domain only (the mixin marks it for the daerah
    security tests; URLs and menu are guarded here explicitly)."""

    name = "daerah_perpanjangan"
    url_prefix = "daerah/perpanjangan"
    icon = "date"
    menu_label = "Perpanjangan Jadwal"
    menu_order = 265
    add_to_admin_menu = True

    @property
    def menu_item_class(self) -> type[MenuItem]:
        return public_menu_item_class(_MenuPerpanjangan)

    def get_urlpatterns(self) -> list[Any]:
        return decorate_public_only(
            [
                path("", PerpanjanganIndexView.as_view(), name="index"),
                path("baru/", PerpanjanganBaruView.as_view(), name="baru"),
            ]
        )
