"""The triwulan grid screen ("Pelaporan Realisasi"), its live capaian preview and its Excel
template/upload (OPD schemas only; every URL is wrapped with ``hanya_opd`` in
:mod:`kinerja.opd.realisasi_grid_hooks`).

Thin views: reads through :mod:`kinerja.opd.realisasi_selectors`, writes through the workflow
services of :mod:`kinerja.opd.realisasi` (atomic, idempotent for repeats, optimistic lock by
``versi``). Every POST ends in a redirect (POST-redirect-GET) unless it is refused, in which
case the grid is shown again with what the user typed and the errors next to their cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from kinerja.engine import AngkaTidakValid, bulatkan, format_angka, parse_angka
from kinerja.engine.alur import Aksi, Peran, Status
from kinerja.engine.jadwal import ROMAWI, label_periode
from kinerja.excel.core import MAX_BYTES, ImportGagal
from kinerja.opd import realisasi_excel
from kinerja.opd.realisasi import (
    KOLOM_INPUT,
    BarisInput,
    Pelaku,
    RealisasiDitolak,
    RealisasiInput,
    pelaku_dari_request,
    realisasi_aksi_triwulan,
    realisasi_simpan_banyak,
)
from kinerja.opd.realisasi_selectors import (
    BarisGrid,
    GridTriwulan,
    IkuTidakDitemukan,
    pratinjau_capaian,
    realisasi_grid,
    rumus_capaian,
    tahun_pilihan,
    triwulan_default,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IZIN_LIHAT = "opd.view_realisasiiku"
MAKS_GALAT_DITAMPILKAN = 200
KOLOM_NARASI = ("faktor_pendorong", "faktor_penghambat", "tindak_lanjut")
# The service names columns by label in its errors; the form by field name.
_KOLOM_DARI_LABEL = {label: kunci for kunci, label in KOLOM_INPUT.items()}
TAHUN_MIN, TAHUN_MAKS = 2000, 2100


def _perlu_lihat(request: HttpRequest) -> None:
    if not request.user.has_perm(IZIN_LIHAT):
        raise PermissionDenied


def _url_grid(tahun: int, triwulan: int) -> str:
    return f"{reverse('realisasi_grid:index')}?tahun={tahun}&triwulan={triwulan}"


def url_item(pk: int) -> str:
    """The item page of a realisasi."""
    return reverse("realisasi_item:detail", args=[pk])


def url_item_baru(iku_id: int, tahun: int, triwulan: int) -> str:
    """The item page of an IKU that has no realisasi row yet (created on its first save)."""
    return f"{reverse('realisasi_item:baru')}?iku={iku_id}&tahun={tahun}&triwulan={triwulan}"


def baca_periode(data: QueryDict, *, wajib: bool = False) -> tuple[int, int, str]:
    """(tahun, triwulan, warning) from a query or form; the default triwulan (see
    :func:`triwulan_default`) when absent (a warning too when ``wajib``), with a warning when
    what was given is invalid."""
    tahun_teks, tw_teks = data.get("tahun", "").strip(), data.get("triwulan", "").strip()
    if not tahun_teks and not tw_teks and not wajib:
        tahun, triwulan = triwulan_default()
        return tahun, triwulan, ""
    try:
        tahun, triwulan = int(tahun_teks), int(tw_teks)
    except ValueError:
        tahun, triwulan = 0, 0
    if not TAHUN_MIN <= tahun <= TAHUN_MAKS or triwulan not in (1, 2, 3, 4):
        tahun, triwulan = triwulan_default()
        return (
            tahun,
            triwulan,
            f"Tahun/triwulan tidak valid; ditampilkan {label_periode(tahun, triwulan)}.",
        )
    return tahun, triwulan, ""


# --- grid ------------------------------------------------------------------------------------


@dataclass
class Galat:
    """One refusal: ``iku_id``/``kolom`` (form field, "" = whole row) say where it shows,
    ``teks`` is the full sentence of the summary at the top."""

    teks: str
    iku_id: int | None = None
    kolom: str = ""
    pesan: str = ""


@dataclass
class BarisTampil:
    """A grid row as the template shows it: the selector's row, the values in the inputs (the
    stored ones, or what the user typed when a save was refused) and the errors per cell."""

    b: BarisGrid
    isian: dict[str, str]
    url_item: str | None
    galat: dict[str, list[str]] = field(default_factory=dict)
    operator: bool = False

    @property
    def tertahan_jendela(self) -> bool:
        """A draft the operator could edit but for the closed window: shown as disabled
        inputs (without names, so nothing of it is ever posted)."""
        return (
            self.operator
            and not self.b.boleh_ubah
            and (self.b.realisasi is None or self.b.status == Status.DRAFT)
        )

    @property
    def galat_baris(self) -> list[str]:
        """Errors of the whole row (conflict, status, window)."""
        return self.galat.get("", [])

    @property
    def narasi_terbuka(self) -> bool:
        return any(self.galat.get(k) for k in KOLOM_NARASI)

    @property
    def ada_galat(self) -> bool:
        return any(self.galat.values())

    @property
    def nilai_diketik(self) -> bool:
        """The value shown differs from the stored one (a refused save): preview it on load."""
        tersimpan = _isian_tersimpan(self.b)
        return any(self.isian.get(k, "") != tersimpan[k] for k in ("nilai", "nilai_kualitatif"))


def _isian_tersimpan(b: BarisGrid) -> dict[str, str]:
    r = b.realisasi
    if r is None:
        return dict.fromkeys(KOLOM_INPUT, "")
    return {
        "nilai": "" if r.nilai is None else format_angka(r.nilai, None),
        "nilai_kualitatif": r.nilai_kualitatif,
        **{k: getattr(r, k) for k in KOLOM_NARASI},
    }


@dataclass
class IsianGrid:
    """What a POST of the grid holds: rows to save, typed values per IKU, parse errors."""

    baris: list[BarisInput] = field(default_factory=list)
    isian: dict[int, dict[str, str]] = field(default_factory=dict)
    galat: list[Galat] = field(default_factory=list)


def baca_isian(post: QueryDict, grid: GridTriwulan) -> IsianGrid:
    """Parse the grid's POST: one BarisInput per submitted row (``iku`` lists them), numbers
    typed the Indonesian way. Rows left entirely empty for an IKU not entered yet are skipped
    (no empty draft is created)."""
    hasil = IsianGrid()
    for mentah in post.getlist("iku"):
        try:
            iku_id = int(mentah)
        except ValueError:
            hasil.galat.append(Galat("Formulir tidak valid; muat ulang halaman."))
            continue
        b = grid.baris_iku(iku_id)
        if b is None:
            hasil.galat.append(
                Galat(
                    f"IKU dengan id {iku_id} tidak ditemukan atau tidak aktif untuk "
                    f"{grid.periode}; muat ulang halaman."
                )
            )
            continue
        teks = {k: post.get(f"{k}-{iku_id}", "") for k in KOLOM_INPUT}
        hasil.isian[iku_id] = teks
        awal = len(hasil.galat)
        versi_teks = post.get(f"versi-{iku_id}", "").strip()
        versi: int | None = None
        if versi_teks:
            if versi_teks.isdigit():
                versi = int(versi_teks)
            else:
                hasil.galat.append(
                    Galat(
                        f"Baris IKU {b.iku.kode}: versi data tidak valid; muat ulang halaman.",
                        iku_id,
                        "",
                        "Versi data tidak valid; muat ulang halaman.",
                    )
                )
        nilai: Decimal | None = None
        if not b.kualitatif and teks["nilai"].strip():
            try:
                nilai = parse_angka(teks["nilai"])
            except (AngkaTidakValid, TypeError, ValueError):
                pesan = f"'{teks['nilai'].strip()}' bukan angka"
                hasil.galat.append(
                    Galat(
                        f"Baris IKU {b.iku.kode}, kolom {KOLOM_INPUT['nilai']}: {pesan}",
                        iku_id,
                        "nilai",
                        pesan,
                    )
                )
        if len(hasil.galat) > awal:
            continue
        data = RealisasiInput(
            nilai=nilai,
            nilai_kualitatif=teks["nilai_kualitatif"] if b.kualitatif else "",
            **{k: teks[k] for k in KOLOM_NARASI},
        )
        kosong = nilai is None and not any(
            getattr(data, k).strip() for k in KOLOM_INPUT if k != "nilai"
        )
        if b.realisasi is None and not versi and kosong:
            continue
        hasil.baris.append(BarisInput(iku_id, data, versi))
    return hasil


def galat_layanan(e: RealisasiDitolak, grid: GridTriwulan) -> list[Galat]:
    """The service's per-row errors (kode IKU, column label, message) placed on grid rows."""
    per_kode = {b.iku.kode: b for b in grid.baris}
    hasil = []
    for kode, kolom, pesan in e.galat:
        b = per_kode.get(kode)
        if b is None:
            hasil.append(Galat(pesan))
            continue
        teks = f"Baris IKU {kode}" + (f", kolom {kolom}" if kolom else "") + f": {pesan}"
        hasil.append(Galat(teks, b.iku.pk, _KOLOM_DARI_LABEL.get(kolom, ""), pesan))
    return hasil


class RealisasiGridView(WagtailAdminTemplateMixin, TemplateView):
    """One triwulan of every active IKU: enter and save all values at once (operator), submit
    the whole triwulan (operator) or approve it (Kepala OPD)."""

    template_name = "opd/realisasi/grid.html"
    page_title = "Pelaporan Realisasi"
    header_icon = "form"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _perlu_lihat(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_page_subtitle(self) -> str:
        return getattr(self, "subjudul", "")

    def _tampil(
        self,
        grid: GridTriwulan,
        *,
        isian: dict[int, dict[str, str]] | None = None,
        galat: list[Galat] | None = None,
        ringkasan: str = "",
        status: int = 200,
    ) -> HttpResponse:
        galat = galat or []
        per_baris: dict[int, dict[str, list[str]]] = {}
        for g in galat:
            if g.iku_id is not None:
                per_baris.setdefault(g.iku_id, {}).setdefault(g.kolom, []).append(g.pesan)
        baris = [
            BarisTampil(
                b=b,
                isian=(isian or {}).get(b.iku.pk) or _isian_tersimpan(b),
                url_item=url_item(b.realisasi.pk)
                if b.realisasi is not None
                else url_item_baru(b.iku.pk, grid.tahun, grid.triwulan),
                galat=per_baris.get(b.iku.pk, {}),
                operator=grid.operator,
            )
            for b in grid.baris
        ]
        self.subjudul = grid.periode
        context = self.get_context_data(
            grid=grid,
            baris=baris,
            galat=[g.teks for g in galat[:MAKS_GALAT_DITAMPILKAN]],
            jumlah_galat=len(galat),
            ringkasan=ringkasan,
            tahun_list=tahun_pilihan(grid.tahun),
            triwulan_list=[(q, f"Triwulan {ROMAWI[q]}") for q in (1, 2, 3, 4)],
            dikirim_ulang=isian is not None,
        )
        return self.render_to_response(context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        tahun, triwulan, peringatan = baca_periode(request.GET)
        if peringatan:
            messages.warning(request, peringatan)
        grid = realisasi_grid(tahun, triwulan, pelaku=pelaku_dari_request(request))
        return self._tampil(grid)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        tahun, triwulan, peringatan = baca_periode(request.POST, wajib=True)
        if peringatan:
            messages.error(
                request, "Formulir tidak lengkap; tidak ada yang disimpan. " + peringatan
            )
            return HttpResponseRedirect(_url_grid(tahun, triwulan))
        aksi = request.POST.get("aksi", "simpan")
        if aksi not in ("simpan", Aksi.AJUKAN, Aksi.SETUJUI):
            messages.error(request, "Aksi tidak dikenal; tidak ada yang disimpan.")
            return HttpResponseRedirect(_url_grid(tahun, triwulan))
        pelaku = pelaku_dari_request(request)
        grid = realisasi_grid(tahun, triwulan, pelaku=pelaku)
        if aksi == Aksi.SETUJUI:
            return self._aksi_triwulan(grid, Aksi.SETUJUI, pelaku, "")

        isian = baca_isian(request.POST, grid)
        if isian.galat:
            return self._tampil(
                grid,
                isian=isian.isian,
                galat=isian.galat,
                ringkasan=f"{len(isian.galat)} kesalahan; tidak ada yang disimpan.",
                status=400,
            )
        try:
            hasil = realisasi_simpan_banyak(pelaku, tahun, triwulan, isian.baris)
        except RealisasiDitolak as e:
            status = 409 if e.kode == "konflik" else 403 if e.kode == "peran" else 400
            galat = galat_layanan(e, grid)
            ringkasan = e.pesan
            if e.kode == "jendela" and grid.uraian_jendela:
                ringkasan = f"{e.pesan} Jadwal: {grid.uraian_jendela}."
            return self._tampil(
                grid, isian=isian.isian, galat=galat, ringkasan=ringkasan, status=status
            )
        berubah = sum(1 for h in hasil if h.berubah)
        if aksi == Aksi.AJUKAN:
            catatan = f"{berubah} realisasi disimpan. " if berubah else ""
            return self._aksi_triwulan(grid, Aksi.AJUKAN, pelaku, catatan)
        if berubah:
            messages.success(request, f"{berubah} realisasi {grid.periode} disimpan.")
        else:
            messages.info(request, "Tidak ada perubahan untuk disimpan.")
        return HttpResponseRedirect(_url_grid(tahun, triwulan))

    def _aksi_triwulan(
        self, grid: GridTriwulan, aksi: Aksi, pelaku: Pelaku, disimpan: str
    ) -> HttpResponse:
        """Submit or approve the whole triwulan; a repeat (double click) is reported as already
        done, never as an error."""
        request = self.request
        try:
            hasil = realisasi_aksi_triwulan(pelaku, aksi, grid.tahun, grid.triwulan)
        except RealisasiDitolak as e:
            sasaran = Status.DIAJUKAN if aksi == Aksi.AJUKAN else Status.DISETUJUI
            urutan = list(Status)
            sudah = (
                e.kode == "status"
                and grid.baris
                and all(
                    b.realisasi is not None
                    and urutan.index(Status(b.status)) >= urutan.index(sasaran)
                    for b in realisasi_grid(grid.tahun, grid.triwulan).baris
                )
            )
            if sudah:
                messages.info(
                    request,
                    f"{disimpan}Seluruh realisasi {grid.periode} sudah "
                    f"{'diajukan' if aksi == Aksi.AJUKAN else 'disetujui'}.",
                )
            else:
                messages.error(
                    request,
                    f"{disimpan}{'Pengajuan' if aksi == Aksi.AJUKAN else 'Persetujuan'} "
                    f"{grid.periode} ditolak: {e.pesan}",
                )
        else:
            if aksi == Aksi.AJUKAN:
                pesan = (
                    f"{disimpan}{len(hasil.diproses)} realisasi {grid.periode} diajukan kepada "
                    "Kepala OPD; kini hanya dapat dibaca."
                )
            else:
                pesan = (
                    f"{len(hasil.diproses)} realisasi {grid.periode} disetujui dan diteruskan "
                    "kepada Verifikator Bappeda."
                )
            messages.success(request, pesan)
        return HttpResponseRedirect(_url_grid(grid.tahun, grid.triwulan))


# --- live preview ----------------------------------------------------------------------------


def _json_galat(pesan: str, status: int) -> JsonResponse:
    return JsonResponse({"pesan": pesan}, status=status)


def pratinjau(request: HttpRequest) -> HttpResponse:
    """POST tahun, triwulan, iku_id and nilai (or nilai_kualitatif) → the capaian s.d. TW as
    the grid would show it once saved: {capaian: "98,50", predikat, formula, alasan}. Computed
    by the same selector and engine as the server side; nothing is saved."""
    if not request.user.has_perm(IZIN_LIHAT):
        return _json_galat("Anda tidak berwenang melihat realisasi.", 403)
    if request.method != "POST":
        return _json_galat("Gunakan POST.", 405)
    try:
        tahun = int(request.POST.get("tahun", ""))
        triwulan = int(request.POST.get("triwulan", ""))
        iku_id = int(request.POST.get("iku_id", ""))
    except ValueError:
        return _json_galat("Tahun, triwulan dan IKU wajib diisi dengan angka.", 400)
    if not TAHUN_MIN <= tahun <= TAHUN_MAKS or triwulan not in (1, 2, 3, 4):
        return _json_galat("Tahun atau triwulan tidak valid.", 400)
    teks = request.POST.get("nilai", "").strip()
    nilai: Decimal | None = None
    if teks:
        try:
            nilai = parse_angka(teks)
        except (AngkaTidakValid, TypeError, ValueError):
            return _json_galat(f"'{teks}' bukan angka", 400)
    try:
        hasil = pratinjau_capaian(
            tahun, triwulan, iku_id, nilai, request.POST.get("nilai_kualitatif", "")
        )
    except IkuTidakDitemukan as e:
        return _json_galat(str(e), 404)
    nilai_capaian = hasil.capaian.nilai
    return JsonResponse(
        {
            "capaian": None if nilai_capaian is None else format_angka(bulatkan(nilai_capaian), 2),
            "predikat": hasil.predikat.label if hasil.predikat is not None else "",
            "formula": rumus_capaian(hasil),
            "alasan": hasil.capaian.alasan or "",
        },
        json_dumps_params={"ensure_ascii": False},
    )


# --- Excel -----------------------------------------------------------------------------------


class PeriodeForm(forms.Form):
    # A number (the list only helps choosing): the year is checked by the services/selectors.
    tahun = forms.IntegerField(label="Tahun", min_value=TAHUN_MIN, max_value=TAHUN_MAKS)
    triwulan = forms.TypedChoiceField(
        label="Triwulan", coerce=int, choices=[(q, f"Triwulan {q}") for q in (1, 2, 3, 4)]
    )

    def __init__(self, *args: Any, tahun_list: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pilihan = [(t, str(t)) for t in (tahun_list or tahun_pilihan())]
        self.fields["tahun"].widget = forms.Select(choices=pilihan)
        self.fields["tahun"].choices = pilihan


class ImporRealisasiForm(PeriodeForm):
    berkas = forms.FileField(label="Berkas Excel (.xlsx)")

    def clean_berkas(self) -> Any:
        berkas = self.cleaned_data["berkas"]
        if not berkas.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                "Berkas harus berformat Excel .xlsx (bukan .xls, .csv atau lainnya); gunakan "
                "templat yang diunduh dari halaman ini."
            )
        if berkas.size > MAX_BYTES:
            raise forms.ValidationError(f"Berkas lebih dari {MAX_BYTES // (1024 * 1024)} MB.")
        return berkas


class RealisasiExcelView(WagtailAdminTemplateMixin, TemplateView):
    """Download the grid of a triwulan as a template (pre-filled), upload it back filled in
    (operator; all or nothing)."""

    template_name = "opd/realisasi/excel.html"
    page_title = "Impor realisasi (Excel)"
    header_icon = "upload"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _perlu_lihat(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("realisasi_grid:index"), "label": "Pelaporan Realisasi"},
            {"url": "", "label": self.page_title},
        ]

    def _konteks(self, form: ImporRealisasiForm, **extra: Any) -> dict[str, Any]:
        pelaku = pelaku_dari_request(self.request)
        if "tahun" not in extra:  # a refused form: keep the chosen period for the download too
            for kunci in ("tahun", "triwulan"):
                nilai = str(form.data.get(kunci, ""))
                extra[kunci] = int(nilai) if nilai.isdigit() else None
        return self.get_context_data(
            form=form,
            boleh_impor=Peran.OPERATOR in pelaku.peran,
            max_mb=MAX_BYTES // (1024 * 1024),
            **extra,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        tahun, triwulan, peringatan = baca_periode(request.GET)
        if peringatan:
            messages.warning(request, peringatan)
        form = ImporRealisasiForm(
            initial={"tahun": tahun, "triwulan": triwulan}, tahun_list=tahun_pilihan(tahun)
        )
        return self.render_to_response(self._konteks(form, tahun=tahun, triwulan=triwulan))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ImporRealisasiForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, "Berkas ditolak; tidak ada data yang disimpan.")
            return self.render_to_response(self._konteks(form), status=400)
        tahun, triwulan = form.cleaned_data["tahun"], form.cleaned_data["triwulan"]
        try:
            hasil = realisasi_excel.impor_realisasi(
                pelaku_dari_request(request), tahun, triwulan, form.cleaned_data["berkas"].read()
            )
        except ImportGagal as gagal:
            messages.error(
                request,
                f"Berkas ditolak: {len(gagal.galat)} kesalahan ditemukan; tidak ada data yang "
                "disimpan.",
            )
            return self.render_to_response(
                self._konteks(
                    form,
                    tahun=tahun,
                    triwulan=triwulan,
                    galat=[str(g) for g in gagal.galat[:MAKS_GALAT_DITAMPILKAN]],
                    jumlah_galat=len(gagal.galat),
                ),
                status=400,
            )
        messages.success(request, hasil.ringkasan)
        return HttpResponseRedirect(_url_grid(tahun, triwulan))


def excel_templat(request: HttpRequest) -> HttpResponse:
    """The pre-filled template of ?tahun=&triwulan= (default: the grid's default triwulan)."""
    _perlu_lihat(request)
    tahun, triwulan, peringatan = baca_periode(request.GET)
    if peringatan:
        messages.error(request, peringatan + " Pilih tahun dan triwulan templat.")
        return HttpResponseRedirect(reverse("realisasi_grid:excel"))
    data = realisasi_excel.templat_realisasi(tahun, triwulan, pelaku=pelaku_dari_request(request))
    response = HttpResponse(data, content_type=XLSX)
    nama = realisasi_excel.nama_berkas(tahun, triwulan)
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response


__all__ = [
    "RealisasiExcelView",
    "RealisasiGridView",
    "baca_isian",
    "excel_templat",
    "pratinjau",
    "url_item",
]
