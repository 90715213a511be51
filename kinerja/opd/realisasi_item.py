"""The realisasi item page of the OPD admin (one IKU, tahun and triwulan), its evidence
download, earlier revisions, and the audit trail screen with its exports.

URLs (namespace ``realisasi_item``, under ``/admin/kinerja-opd/realisasi/``; registered by
:mod:`kinerja.opd.realisasi_item_hooks`, every view wrapped with
:func:`kinerja.opd.tenancy.hanya_opd`, so the public domain gets a 404):

===========================================  =====================  ======================
``<pk>/``                                    ``detail``             page; POST saves values
``baru/?iku=&tahun=&triwulan=``              ``baru``               page of an IKU without a
                                                                    row yet (created on POST)
``<pk>/aksi/``                               ``aksi``               POST ajukan/setujui/…
``<pk>/bukti/``                              ``unggah``             POST evidence upload
``<pk>/bukti/<uuid>/hapus/``                 ``hapus_bukti``        POST hide a file
``<pk>/revisi/<n>/``                         ``revisi``             an earlier revision
``<pk>/audit/ekspor/?format=xlsx|csv``       ``audit_item_ekspor``  this item's audit rows
``bukti/<uuid>/`` (``?unduh=1``)             ``bukti``              evidence download
``audit/``                                   ``audit``              the OPD's audit trail
``audit/ekspor/?format=xlsx|csv&…``          ``audit_ekspor``       export with the filters
===========================================  =====================  ======================

Views are thin: every write goes through :mod:`kinerja.opd.realisasi` (which checks roles,
states, windows and versions and writes the audit rows), every read through
:mod:`kinerja.opd.realisasi_selectors`. Refusals show the service's Indonesian message.
"""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from kinerja.bukti import ATRIBUT_ACCEPT, UKURAN_MAKS, nama_aman
from kinerja.choices import Polaritas
from kinerja.engine import format_angka
from kinerja.engine.alur import LABEL_STATUS, Aksi, Peran, Status, aksi_tersedia
from kinerja.engine.jadwal import format_tanggal, label_periode
from kinerja.forms import AngkaField
from kinerja.opd import audit_export
from kinerja.opd import realisasi_selectors as selectors
from kinerja.opd.models import BuktiDukung, Iku, RealisasiIku
from kinerja.opd.realisasi import (
    KOLOM_INPUT,
    RealisasiDitolak,
    RealisasiInput,
    bukti_hapus,
    bukti_tambah,
    pelaku_dari_request,
    realisasi_aksi,
    realisasi_simpan,
)
from kinerja.storage import bukti_storage, hapus_berkas_diam

logger = logging.getLogger(__name__)

IZIN_LIHAT = "opd.view_realisasiiku"
IZIN_BUKTI = "opd.view_buktidukung"
IZIN_AUDIT = "opd.view_jejakaudit"

# Shown in the browser; any other kind (XLSX, DOCX) is always sent as an attachment.
MIME_INLINE = frozenset({"application/pdf", "image/jpeg", "image/png", "image/webp"})
PER_HALAMAN_AUDIT = 50
# Which status code a refusal gets (the page is rendered again with the message).
_STATUS_HTTP = {"konflik": 409, "peran": 403, "tidak_ditemukan": 404}
_FIELD_DARI_KOLOM = {label: field for field, label in KOLOM_INPUT.items()}


def _perlu(request: HttpRequest, izin: str) -> None:
    if not request.user.has_perm(izin):
        raise PermissionDenied


def _int(nilai: Any) -> int | None:
    try:
        return int(str(nilai).strip())
    except (TypeError, ValueError):
        return None


def _beri_label(*daftar: list[Any]) -> list[Any]:
    """Attach the Indonesian action label to audit rows for the templates (not saved)."""
    for rows in daftar:
        for j in rows:
            j.label_aksi = audit_export.label_aksi(j.aksi)
    return daftar[0] if daftar else []


def url_grid(tahun: int, triwulan: int) -> str | None:
    """The triwulan grid of tahun + triwulan (registered by realisasi_grid_hooks), or None
    if that screen is not installed."""
    try:
        alamat = reverse("realisasi_grid:index")
    except NoReverseMatch:
        return None
    return f"{alamat}?{urlencode({'tahun': tahun, 'triwulan': triwulan})}"


# --- forms --------------------------------------------------------------------------------


class RealisasiForm(forms.Form):
    """Values of one IKU for one triwulan. ``versi`` is the optimistic lock the page was
    rendered with (0 for an item not saved yet)."""

    versi = forms.IntegerField(
        min_value=0,
        widget=forms.HiddenInput,
        error_messages={
            "required": "Formulir tidak lengkap (versi hilang); muat ulang halaman.",
            "invalid": "Formulir tidak valid (versi); muat ulang halaman.",
            "min_value": "Formulir tidak valid (versi); muat ulang halaman.",
        },
    )
    nilai = AngkaField(label="Realisasi", required=False)
    nilai_kualitatif = forms.ChoiceField(label="Realisasi (kualitatif)", required=False)
    faktor_pendorong = forms.CharField(
        label="Faktor pendorong", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    faktor_penghambat = forms.CharField(
        label="Faktor penghambat", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    tindak_lanjut = forms.CharField(
        label="Tindak lanjut", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        iku: Iku,
        label_skala: tuple[str, ...] = (),
        boleh_ubah: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if iku.polaritas == Polaritas.KUALITATIF:
            del self.fields["nilai"]
            field = self.fields["nilai_kualitatif"]
            field.choices = [("", "— pilih —"), *((lbl, lbl) for lbl in label_skala)]  # type: ignore[attr-defined]
            field.help_text = (
                "Label pada skala kualitatif IKU ini."
                if label_skala
                else "Skala kualitatif IKU ini belum ditetapkan Bappeda."
            )
        else:
            del self.fields["nilai_kualitatif"]
            self.fields["nilai"].help_text = (
                f"Dalam satuan {iku.satuan}; tulis seperti 1.234,5." if iku.satuan else ""
            )
        if not boleh_ubah:
            for nama, field in self.fields.items():
                if nama != "versi":
                    field.disabled = True

    def sebagai_input(self) -> RealisasiInput:
        data = self.cleaned_data
        return RealisasiInput(
            nilai=data.get("nilai"),
            nilai_kualitatif=data.get("nilai_kualitatif") or "",
            faktor_pendorong=data.get("faktor_pendorong") or "",
            faktor_penghambat=data.get("faktor_penghambat") or "",
            tindak_lanjut=data.get("tindak_lanjut") or "",
        )


def _awal(item: RealisasiIku | None) -> dict[str, Any]:
    if item is None:
        return {"versi": 0}
    return {
        "versi": item.versi,
        "nilai": item.nilai,
        "nilai_kualitatif": item.nilai_kualitatif,
        "faktor_pendorong": item.faktor_pendorong,
        "faktor_penghambat": item.faktor_penghambat,
        "tindak_lanjut": item.tindak_lanjut,
    }


class AksiForm(forms.Form):
    aksi = forms.ChoiceField(choices=[(a.value, a.value) for a in Aksi if a != Aksi.UBAH])
    versi = forms.IntegerField(min_value=0)
    catatan = forms.CharField(required=False, max_length=2000)


class UnggahForm(forms.Form):
    keterangan = forms.CharField(label="Keterangan", required=False, max_length=300)
    publikasi = forms.BooleanField(label="Tampilkan di halaman publik", required=False)


# --- the item page ------------------------------------------------------------------------


class _HalamanItem(WagtailAdminTemplateMixin, TemplateView):
    """Shared rendering of the item page for an IKU + tahun + triwulan (with or without a
    saved row). Subclasses set ``self.iku``, ``self.tahun``, ``self.triwulan`` and
    ``self.realisasi`` in :meth:`setup`."""

    template_name = "opd/realisasi/item.html"
    header_icon = "doc-full"
    iku: Iku
    tahun: int
    triwulan: int
    realisasi: RealisasiIku | None

    def _dari_realisasi(self, pk: int) -> None:
        item = selectors.item_realisasi(pk)
        if item is None:
            raise Http404("Realisasi tidak ditemukan.")
        self.realisasi = item
        self.iku, self.tahun, self.triwulan = item.iku, item.tahun, item.triwulan

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        # Checked before the subclasses read anything, so no id is probed without the right.
        _perlu(request, IZIN_LIHAT)
        super().setup(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return f"Realisasi {self.iku.kode}"

    def get_page_subtitle(self) -> str:
        return label_periode(self.tahun, self.triwulan)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        items = list(self.breadcrumbs_items)
        grid = url_grid(self.tahun, self.triwulan)
        if grid:
            items.append({"url": grid, "label": "Pelaporan Realisasi"})
        items.append({"url": "", "label": self.get_header_title()})
        return items

    def halaman(
        self,
        *,
        form: RealisasiForm | None = None,
        konflik: bool = False,
        aksi_galat: str = "",
        aksi_gagal: str = "",
        catatan: str = "",
        unggah_galat: list[tuple[str, str]] | None = None,
        unggah_pesan: str = "",
        status: int = 200,
    ) -> TemplateResponse:
        sekarang = timezone.now()
        hal = selectors.item_halaman(
            self.iku, self.tahun, self.triwulan, self.realisasi, sekarang=sekarang
        )
        _beri_label(hal.jejak, hal.riwayat_status)
        pelaku = pelaku_dari_request(self.request)
        boleh_ubah = selectors.item_boleh_ubah(
            self.realisasi, pelaku.peran, hal.status_jendela, sekarang
        )
        if form is None:
            form = RealisasiForm(
                initial=_awal(self.realisasi),
                iku=self.iku,
                label_skala=hal.label_skala,
                boleh_ubah=boleh_ubah,
            )
        item = self.realisasi
        aksi = list(aksi_tersedia(item.status, pelaku.peran)) if item is not None else []
        konteks = self.get_context_data(
            hal=hal,
            item=item,
            form=form,
            boleh_ubah=boleh_ubah,
            alasan_terkunci=self._alasan_terkunci(hal, boleh_ubah, pelaku.peran),
            konflik=konflik,
            aksi=[a.value for a in aksi],
            aksi_galat=aksi_galat,
            aksi_gagal=aksi_gagal,
            catatan=catatan,
            unggah_form=UnggahForm(),
            unggah_galat=unggah_galat or [],
            unggah_pesan=unggah_pesan,
            accept=ATRIBUT_ACCEPT,
            ukuran_maks=selectors.ukuran_tampil(UKURAN_MAKS),
            status_label=LABEL_STATUS[Status(item.status)] if item is not None else "Belum diisi",
            nilai_tampil=_nilai_tampil(item),
            url_grid=url_grid(self.tahun, self.triwulan),
            url_simpan=self._url_simpan(),
        )
        return self.render_to_response(konteks, status=status)

    def _url_simpan(self) -> str:
        if self.realisasi is not None:
            return reverse("realisasi_item:detail", args=[self.realisasi.pk])
        query = urlencode({"iku": self.iku.pk, "tahun": self.tahun, "triwulan": self.triwulan})
        return f"{reverse('realisasi_item:baru')}?{query}"

    def _alasan_terkunci(
        self, hal: selectors.ItemHalaman, boleh_ubah: bool, peran: frozenset[Peran]
    ) -> str:
        """Why the values form is read-only (empty when it is editable)."""
        if boleh_ubah:
            return ""
        item = self.realisasi
        if item is not None and item.status == Status.DIVERIFIKASI:
            return (
                "Realisasi ini sudah diverifikasi Bappeda dan terkunci. Hanya Verifikator Bappeda "
                "yang dapat membukanya kembali (dengan alasan); revisi lama tetap dapat dibaca."
            )
        if item is not None and item.status != Status.DRAFT:
            return (
                f"Realisasi ini berstatus {LABEL_STATUS[Status(item.status)]} dan hanya dapat "
                "dibaca sampai dikembalikan."
            )
        if Peran.OPERATOR not in peran:
            return "Hanya Operator yang dapat mengisi atau mengubah realisasi."
        return hal.pesan_jendela or "Realisasi tidak dapat diubah saat ini."

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.halaman()

    def simpan(self) -> HttpResponse:
        """Save the values form through the service (create or update)."""
        request = self.request
        form = RealisasiForm(
            request.POST,
            initial=_awal(self.realisasi),
            iku=self.iku,
            label_skala=selectors.item_label_skala(self.iku),
        )
        if not form.is_valid():
            messages.error(request, "Realisasi tidak disimpan; periksa isian yang ditandai.")
            return self.halaman(form=form, status=400)
        try:
            hasil = realisasi_simpan(
                pelaku_dari_request(request),
                self.iku.pk,
                self.tahun,
                self.triwulan,
                form.sebagai_input(),
                form.cleaned_data["versi"],
            )
        except RealisasiDitolak as e:
            messages.error(request, e.pesan)
            if e.kode in ("konflik", "validasi"):
                for _, kolom, pesan in e.galat:
                    nama = _FIELD_DARI_KOLOM.get(kolom)
                    form.add_error(nama if nama in form.fields else None, pesan)
                return self.halaman(
                    form=form, konflik=e.kode == "konflik", status=_STATUS_HTTP.get(e.kode, 400)
                )
            return self.halaman(status=_STATUS_HTTP.get(e.kode, 400))
        item = hasil.realisasi
        periode = label_periode(item.tahun, item.triwulan)
        if hasil.berubah:
            messages.success(request, f"Realisasi {self.iku.kode} {periode} disimpan.")
        else:
            messages.info(request, f"Tidak ada perubahan pada realisasi {self.iku.kode} {periode}.")
        return redirect("realisasi_item:detail", item.pk)


class ItemDetailView(_HalamanItem):
    """GET: the item page. POST: save the values form."""

    http_method_names = ["get", "post", "head", "options"]

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self._dari_realisasi(kwargs["pk"])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.simpan()


class ItemBaruView(_HalamanItem):
    """The page of an IKU + tahun + triwulan that has no realisasi yet; the row is created
    only when the form is saved (POST). An existing row redirects to its own page."""

    http_method_names = ["get", "post", "head", "options"]
    template_name_galat = "opd/realisasi/item_galat.html"

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.galat = ""
        iku_id = _int(request.GET.get("iku"))
        tahun = _int(request.GET.get("tahun"))
        triwulan = _int(request.GET.get("triwulan"))
        iku = selectors.iku_untuk_item(iku_id) if iku_id is not None else None
        self.realisasi = None
        if iku is None:
            self.galat = "IKU tidak ditemukan. Buka realisasi dari halaman realisasi triwulan."
            return
        self.iku = iku
        if tahun is None or triwulan not in (1, 2, 3, 4):
            self.galat = "Tahun dan triwulan (1–4) harus diisi dengan benar."
            return
        renstra = iku.sasaran.tujuan.renstra
        if not renstra.tahun_awal <= tahun <= renstra.tahun_akhir:
            self.galat = (
                f"Tahun {tahun} di luar periode Renstra IKU {iku.kode} "
                f"({renstra.tahun_awal}–{renstra.tahun_akhir})."
            )
            return
        self.tahun, self.triwulan = tahun, triwulan
        self.realisasi = selectors.item_untuk_periode(iku.pk, tahun, triwulan)

    def _galat(self) -> HttpResponse:
        return TemplateResponse(
            self.request,
            self.template_name_galat,
            {
                "page_title": "Realisasi IKU",
                "header_title": "Realisasi IKU",
                "header_icon": self.header_icon,
                "breadcrumbs_items": [*self.breadcrumbs_items, {"url": "", "label": "Realisasi"}],
                "galat": self.galat,
            },
            status=400,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.galat:
            return self._galat()
        if self.realisasi is not None:
            return redirect("realisasi_item:detail", self.realisasi.pk)
        return self.halaman()

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.galat:
            return self._galat()
        # An existing row (a second click, or another user's first save) is handled by the
        # service: identical values are a no-op, different ones a conflict.
        return self.simpan()


class ItemAksiView(_HalamanItem):
    """POST: one workflow action (ajukan / setujui / kembalikan …) on THIS IKU only."""

    http_method_names = ["post", "options"]

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self._dari_realisasi(kwargs["pk"])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = AksiForm(request.POST)
        catatan = str(request.POST.get("catatan", ""))[:2000]
        if not form.is_valid():
            pesan = "Permintaan tidak valid; muat ulang halaman lalu coba lagi."
            if "catatan" in form.errors:
                pesan = "Catatan terlalu panjang (maksimal 2.000 karakter)."
            messages.error(request, pesan)
            return self.halaman(aksi_galat=pesan, catatan=catatan, status=400)
        aksi = Aksi(form.cleaned_data["aksi"])
        item = self.realisasi
        assert item is not None
        try:
            hasil = realisasi_aksi(
                pelaku_dari_request(request),
                aksi,
                {item.pk: form.cleaned_data["versi"]},
                form.cleaned_data["catatan"],
            )
        except RealisasiDitolak as e:
            messages.error(request, e.pesan)
            self._dari_realisasi(item.pk)  # the page shows the current state
            return self.halaman(
                aksi_galat=e.pesan,
                aksi_gagal=aksi.value,
                catatan=catatan,
                status=_STATUS_HTTP.get(e.kode, 400),
            )
        periode = label_periode(item.tahun, item.triwulan)
        nama = f"Realisasi {item.iku.kode} {periode}"
        if hasil.dilewati:
            status = LABEL_STATUS[Status(hasil.dilewati[0].status)].lower()
            messages.info(request, f"{nama} sudah {status}; tidak ada yang berubah.")
        else:
            baru = hasil.diproses[0]
            teks = {
                Aksi.AJUKAN: "diajukan ke Kepala OPD (hanya IKU ini)"
                + (", tercatat terlambat" if baru.terlambat else ""),
                Aksi.SETUJUI: "disetujui dan diteruskan ke Bappeda untuk diverifikasi",
                Aksi.KEMBALIKAN: "dikembalikan ke Operator dengan catatan",
                Aksi.VERIFIKASI: "diverifikasi dan kini terkunci",
                Aksi.BUKA_KEMBALI: f"dibuka kembali sebagai revisi {baru.revisi}",
            }[aksi]
            messages.success(request, f"{nama} {teks}.")
        return redirect("realisasi_item:detail", item.pk)


class _Batal(Exception):
    """Leaves the upload transaction so that nothing of the request is kept."""


class ItemUnggahView(_HalamanItem):
    """POST: upload one or more evidence files. All or nothing: when any file is refused
    (each refusal is listed per file) or storage fails, no file of the request is kept, in
    the database or on disk."""

    http_method_names = ["post", "options"]

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self._dari_realisasi(kwargs["pk"])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = self.realisasi
        assert item is not None
        berkas = request.FILES.getlist("berkas")
        form = UnggahForm(request.POST)
        if not berkas:
            pesan = "Pilih minimal satu berkas untuk diunggah."
            messages.error(request, pesan)
            return self.halaman(unggah_pesan=pesan, status=400)
        if not form.is_valid():
            pesan = "Keterangan paling panjang 300 karakter."
            messages.error(request, pesan)
            return self.halaman(unggah_pesan=pesan, status=400)
        pelaku = pelaku_dari_request(request)
        tersimpan: list[str] = []
        galat: list[tuple[str, str]] = []
        try:
            with transaction.atomic():
                for f in berkas:
                    try:
                        bukti = bukti_tambah(
                            pelaku,
                            item.pk,
                            f.name or "",
                            f,  # type: ignore[arg-type]
                            ukuran=f.size,
                            keterangan=form.cleaned_data["keterangan"],
                            publikasi=form.cleaned_data["publikasi"],
                        )
                    except RealisasiDitolak as e:
                        if e.kode != "bukti":
                            raise  # role, state or window: the whole request is refused
                        galat.append((nama_aman(f.name or "") or "(tanpa nama)", e.pesan))
                        continue
                    tersimpan.append(bukti.path)
                if galat:
                    raise _Batal
        except _Batal:
            self._buang(tersimpan)
            pesan = (
                "Tidak ada berkas yang disimpan karena ada berkas yang ditolak; perbaiki lalu "
                "unggah lagi."
            )
            messages.error(request, pesan)
            return self.halaman(unggah_galat=galat, unggah_pesan=pesan, status=400)
        except RealisasiDitolak as e:
            self._buang(tersimpan)
            messages.error(request, e.pesan)
            return self.halaman(unggah_pesan=e.pesan, status=_STATUS_HTTP.get(e.kode, 400))
        except Exception:
            self._buang(tersimpan)
            logger.exception("Unggah bukti dukung realisasi %s gagal", item.pk)
            pesan = (
                "Berkas gagal disimpan karena gangguan penyimpanan; tidak ada berkas yang "
                "disimpan. Coba lagi beberapa saat lagi."
            )
            messages.error(request, pesan)
            return self.halaman(unggah_pesan=pesan, status=503)
        n = len(tersimpan)
        messages.success(request, f"{n} berkas bukti dukung diunggah untuk {item}.")
        return redirect(reverse("realisasi_item:detail", args=[item.pk]) + "#bukti")

    @staticmethod
    def _buang(paths: list[str]) -> None:
        # The rows were rolled back; files already written for this request go too.
        storage = bukti_storage()
        for p in paths:
            hapus_berkas_diam(storage, p)


class ItemHapusBuktiView(_HalamanItem):
    """POST: hide one evidence file of this item (kept for earlier revisions and audit)."""

    http_method_names = ["post", "options"]

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self._dari_realisasi(kwargs["pk"])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = self.realisasi
        assert item is not None
        bukti = selectors.bukti_item(item.pk, kwargs["bukti_id"])
        if bukti is None:
            raise Http404("Bukti dukung tidak ditemukan.")
        try:
            bukti_hapus(pelaku_dari_request(request), str(bukti.pk))
        except RealisasiDitolak as e:
            messages.error(request, e.pesan)
            return self.halaman(unggah_pesan=e.pesan, status=_STATUS_HTTP.get(e.kode, 400))
        messages.success(request, f"Bukti dukung '{bukti.nama_berkas}' dihapus dari {item}.")
        return redirect(reverse("realisasi_item:detail", args=[item.pk]) + "#bukti")


def _nilai_tampil(item: RealisasiIku | None) -> str:
    if item is None:
        return ""
    if item.nilai_kualitatif:
        return item.nilai_kualitatif
    return "" if item.nilai is None else format_angka(item.nilai, None)


# --- earlier revisions --------------------------------------------------------------------


def _tanggal_snapshot(teks: str | None) -> str:
    if not teks:
        return ""
    try:
        return format_tanggal(datetime.fromisoformat(teks))
    except (TypeError, ValueError):
        return teks


class RevisiView(WagtailAdminTemplateMixin, TemplateView):
    """An earlier revision of a realisasi (frozen when Bappeda reopened it): read only."""

    template_name = "opd/realisasi/item_revisi.html"
    header_icon = "history"
    http_method_names = ["get", "head", "options"]

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        _perlu(request, IZIN_LIHAT)
        super().setup(request, *args, **kwargs)
        self.revisi = selectors.revisi_item(kwargs["pk"], kwargs["n"])
        if self.revisi is None:
            raise Http404("Revisi tidak ditemukan.")

    def get_page_title(self) -> str:
        return f"Realisasi {self.revisi.realisasi.iku.kode}"  # type: ignore[union-attr]

    def get_page_subtitle(self) -> str:
        r = self.revisi.realisasi  # type: ignore[union-attr]
        return f"{label_periode(r.tahun, r.triwulan)}, revisi {self.revisi.revisi}"  # type: ignore[union-attr]

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        r = self.revisi.realisasi  # type: ignore[union-attr]
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("realisasi_item:detail", args=[r.pk]),
                "label": f"Realisasi {r.iku.kode} {label_periode(r.tahun, r.triwulan)}",
            },
            {"url": "", "label": f"Revisi {self.revisi.revisi}"},  # type: ignore[union-attr]
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rev = self.revisi
        assert rev is not None
        data = rev.data or {}
        nilai = data.get("nilai")
        try:
            nilai_teks = format_angka(Decimal(nilai), None) if nilai not in (None, "") else ""
        except (InvalidOperation, TypeError, ValueError):
            nilai_teks = str(nilai)
        status = data.get("status") or ""
        try:
            status_label = LABEL_STATUS[Status(status)]
        except ValueError:
            status_label = status
        bukti = [
            {
                **b,
                "ukuran_teks": selectors.ukuran_tampil(int(b.get("ukuran") or 0)),
                "diunggah_teks": _tanggal_snapshot(b.get("diunggah_pada")),
            }
            for b in data.get("bukti") or []
        ]
        context.update(
            rev=rev,
            item=rev.realisasi,
            nilai_teks=data.get("nilai_kualitatif") or nilai_teks,
            data=data,
            status_label=status_label,
            diajukan_teks=_tanggal_snapshot(data.get("diajukan_pada")),
            disetujui_teks=_tanggal_snapshot(data.get("disetujui_pada")),
            diverifikasi_teks=_tanggal_snapshot(data.get("diverifikasi_pada")),
            terlambat=data.get("terlambat") == "True",
            bukti=bukti,
            dibuka_teks=format_tanggal(rev.dibuka_pada),
        )
        return context


# --- evidence download --------------------------------------------------------------------


def bukti_response(bukti: BuktiDukung, unduh: bool) -> FileResponse:
    """Stream an evidence file from the private storage of the CURRENT schema (call it in the
    schema that owns the file, e.g. inside ``schema_context`` on the Bappeda side) with the
    stored MIME type, the safe display name and no caching. PDF and images may be shown in the
    browser unless ``unduh``; other kinds are always an attachment. Http404 when the file is
    missing from storage. Authorisation is the caller's job."""
    storage = bukti_storage()
    try:
        berkas = storage.open(bukti.path, "rb")
    except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation):
        logger.warning("Berkas bukti %s (%s) hilang dari penyimpanan", bukti.pk, bukti.path)
        raise Http404("Berkas bukti dukung tidak ditemukan di penyimpanan.") from None
    lampiran = unduh or bukti.mime not in MIME_INLINE
    response = FileResponse(
        berkas, content_type=bukti.mime, as_attachment=lampiran, filename=bukti.nama_berkas
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "HEAD"])
def unduh_bukti(request: HttpRequest, bukti_id: Any) -> FileResponse:
    """Evidence file of THIS OPD for its signed-in users with ``opd.view_buktidukung``.
    Ids of other schemas simply do not exist here (404)."""
    _perlu(request, IZIN_BUKTI)
    bukti = selectors.bukti_untuk_unduh(bukti_id)
    if bukti is None:
        raise Http404("Bukti dukung tidak ditemukan.")
    return bukti_response(bukti, unduh=request.GET.get("unduh") == "1")


# --- audit trail --------------------------------------------------------------------------


class AuditFilterForm(forms.Form):
    tahun = forms.TypedChoiceField(label="Tahun", required=False, coerce=int, empty_value=None)
    triwulan = forms.TypedChoiceField(
        label="Triwulan",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", "Semua"),
            (1, "Triwulan I"),
            (2, "Triwulan II"),
            (3, "Triwulan III"),
            (4, "Triwulan IV"),
        ],
    )
    iku = forms.TypedChoiceField(label="IKU", required=False, coerce=int, empty_value=None)
    pengguna = forms.CharField(label="Pengguna", required=False, max_length=150)
    aksi = forms.ChoiceField(label="Aksi", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tahun, iku, aksi = selectors.jejak_pilihan()
        self.fields["tahun"].choices = [("", "Semua"), *((t, str(t)) for t in tahun)]  # type: ignore[attr-defined]
        self.fields["iku"].choices = [("", "Semua"), *iku]  # type: ignore[attr-defined]
        kode = sorted(set(aksi) | set(audit_export.LABEL_AKSI_AUDIT))
        self.fields["aksi"].choices = [  # type: ignore[attr-defined]
            ("", "Semua"),
            *((k, audit_export.label_aksi(k)) for k in kode),
        ]

    def saring(self) -> dict[str, Any]:
        """The valid filters as :func:`realisasi_selectors.jejak_audit` arguments (an invalid
        one is ignored; the form shows why)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "tahun": data.get("tahun"),
            "triwulan": data.get("triwulan"),
            "iku_id": data.get("iku"),
            "pengguna": data.get("pengguna") or "",
            "aksi": data.get("aksi") or "",
        }


class AuditView(WagtailAdminTemplateMixin, TemplateView):
    """The OPD's audit trail, filtered and paginated; read only (GET only: any other method
    is 405, and no screen edits or deletes a row)."""

    template_name = "opd/realisasi/audit.html"
    page_title = "Jejak audit realisasi"
    header_icon = "history"
    http_method_names = ["get", "head", "options"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _perlu(request, IZIN_AUDIT)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = AuditFilterForm(self.request.GET)
        saring = form.saring()
        paginator = Paginator(selectors.jejak_audit(**saring), PER_HALAMAN_AUDIT)
        halaman = paginator.get_page(self.request.GET.get("p"))
        query = {k: v for k, v in self.request.GET.items() if k != "p" and v}
        context.update(
            form=form,
            halaman=halaman,
            jejak=_beri_label(list(halaman.object_list)),
            query=urlencode(query),
            url_xlsx=f"{reverse('realisasi_item:audit_ekspor')}?"
            + urlencode({**query, "format": "xlsx"}),
            url_csv=f"{reverse('realisasi_item:audit_ekspor')}?"
            + urlencode({**query, "format": "csv"}),
        )
        return context


def _respons_ekspor(jejak: Any, format_: str, nama: str, judul: str) -> HttpResponse:
    if format_ == "csv":
        response: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(
            audit_export.ekspor_csv(jejak), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{nama}.csv"'
    else:
        response = HttpResponse(
            audit_export.ekspor_xlsx(jejak, judul),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{nama}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response  # type: ignore[return-value]


def _format_ekspor(request: HttpRequest) -> str | None:
    format_ = request.GET.get("format", "xlsx")
    return format_ if format_ in ("xlsx", "csv") else None


_FORMAT_SALAH = "Format ekspor tidak dikenal; pilih xlsx atau csv."


@require_http_methods(["GET", "HEAD"])
def audit_ekspor(request: HttpRequest) -> HttpResponse:
    """The audit trail with the screen's filters as .xlsx (default) or .csv."""
    _perlu(request, IZIN_AUDIT)
    format_ = _format_ekspor(request)
    if format_ is None:
        return HttpResponseBadRequest(_FORMAT_SALAH)
    saring = AuditFilterForm(request.GET).saring()
    stempel = timezone.localtime().strftime("%Y%m%d-%H%M")
    nama = f"jejak-audit-{slugify(connection.schema_name)}-{stempel}"
    judul = f"Jejak audit realisasi, diekspor {format_tanggal(timezone.now())}"
    return _respons_ekspor(selectors.jejak_audit(**saring), format_, nama, judul)


@require_http_methods(["GET", "HEAD"])
def audit_item_ekspor(request: HttpRequest, pk: int) -> HttpResponse:
    """The audit rows of one realisasi (all its revisions) as .xlsx or .csv."""
    _perlu(request, IZIN_AUDIT)
    format_ = _format_ekspor(request)
    if format_ is None:
        return HttpResponseBadRequest(_FORMAT_SALAH)
    item = selectors.item_realisasi(pk)
    if item is None:
        raise Http404("Realisasi tidak ditemukan.")
    nama = f"jejak-audit-{slugify(item.iku.kode)}-{item.tahun}-tw{item.triwulan}"
    judul = f"Jejak audit {item.iku.kode} {label_periode(item.tahun, item.triwulan)}"
    return _respons_ekspor(selectors.jejak_item(item.pk), format_, nama, judul)


# --- URLs ---------------------------------------------------------------------------------

urlpatterns = [
    path("<int:pk>/", ItemDetailView.as_view(), name="detail"),
    path("baru/", ItemBaruView.as_view(), name="baru"),
    path("<int:pk>/aksi/", ItemAksiView.as_view(), name="aksi"),
    path("<int:pk>/bukti/", ItemUnggahView.as_view(), name="unggah"),
    path("<int:pk>/bukti/<uuid:bukti_id>/hapus/", ItemHapusBuktiView.as_view(), name="hapus_bukti"),
    path("<int:pk>/revisi/<int:n>/", RevisiView.as_view(), name="revisi"),
    path("<int:pk>/audit/ekspor/", audit_item_ekspor, name="audit_item_ekspor"),
    path("bukti/<uuid:bukti_id>/", unduh_bukti, name="bukti"),
    path("audit/", AuditView.as_view(), name="audit"),
    path("audit/ekspor/", audit_ekspor, name="audit_ekspor"),
]
