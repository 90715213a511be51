"""Bappeda's screens for the compliance assessment (*Kepatuhan OPD*) and the early warning
(*Peringatan Dini*), public domain only, inside the Wagtail admin.

Every URL is wrapped with :func:`kinerja.daerah.guards.decorate_public_only` (404 on OPD
domains, before anything is read) and needs :func:`~kinerja.pengawasan.kepatuhan.boleh_lihat`;
changing the thresholds needs :func:`~kinerja.pengawasan.kepatuhan.boleh_ubah_ambang`. Views
are thin: reads through :mod:`kinerja.pengawasan.selectors_kepatuhan`, writes through
:mod:`kinerja.pengawasan.kepatuhan`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView, View
from django_tenants.utils import get_public_schema_name
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
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
from kinerja.engine.jadwal import BULAN, format_tanggal
from kinerja.engine.kepatuhan import Ambang
from kinerja.engine.proyeksi import StatusProyeksi
from kinerja.engine.triwulan import elapsed_triwulan
from kinerja.forms import AngkaField
from kinerja.pengawasan.kepatuhan import (
    AmbangDitolak,
    ambang_aktif,
    ambang_simpan,
    boleh_lihat,
    boleh_ubah_ambang,
    kepatuhan_hitung,
)
from kinerja.pengawasan.models import AmbangKepatuhan, JenisPeriode, NilaiKepatuhan
from kinerja.pengawasan.selectors_kepatuhan import (
    BarisKepatuhan,
    ProyeksiIku,
    jumlah_berisiko,
    label_periode_kepatuhan,
    opd_aktif,
    periode_tersedia,
    proyeksi_iku,
    riwayat_opd,
    tabel_kepatuhan,
    tahun_berjalan,
    tahun_proyeksi,
)
from tenants.models import Opd

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_TAHUN_MIN, _TAHUN_MAX = 2000, 2100


def _nama_pengguna(user: Any) -> str:
    lengkap = (user.get_full_name() or "").strip() if hasattr(user, "get_full_name") else ""
    username = getattr(user, "username", "") or str(user)
    return f"{lengkap} ({username})" if lengkap else username


def _persen(nilai: Decimal | None) -> str:
    return "—" if nilai is None else format_angka(nilai, 2)


class _IzinLihatMixin:
    """PermissionDenied (Wagtail: back to the dashboard with a message) unless the user may
    oversee. Runs after the public-domain guard."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not boleh_lihat(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class _HalamanAdmin(PublicSchemaOnlyMixin, _IzinLihatMixin, WagtailAdminTemplateMixin):
    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]  # type: ignore[attr-defined]


# --- compliance: the table ----------------------------------------------------------------------


def _field_tahun() -> forms.IntegerField:
    """The year field of the compliance and early-warning filters (same bounds, same messages)."""
    return forms.IntegerField(
        label="Tahun",
        min_value=_TAHUN_MIN,
        max_value=_TAHUN_MAX,
        error_messages={
            "invalid": "Tahun harus berupa bilangan bulat, misalnya 2026.",
            "min_value": f"Tahun paling awal {_TAHUN_MIN}.",
            "max_value": f"Tahun paling akhir {_TAHUN_MAX}.",
            "required": "Tahun wajib diisi.",
        },
    )


class PeriodeKepatuhanForm(forms.Form):
    jenis = forms.ChoiceField(
        label="Jenis periode",
        choices=JenisPeriode.choices,
        error_messages={"invalid_choice": "Pilih penilaian bulanan atau triwulanan."},
    )
    tahun = _field_tahun()
    nomor = forms.IntegerField(
        label="Bulan / triwulan (nomor)",
        error_messages={
            "invalid": "Nomor bulan/triwulan harus berupa bilangan bulat.",
            "required": "Nomor bulan/triwulan wajib diisi.",
        },
        help_text="Bulan 1–12 atau triwulan 1–4.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        jenis, nomor = data.get("jenis"), data.get("nomor")
        if jenis and nomor is not None:
            if jenis == JenisPeriode.BULAN and not 1 <= nomor <= 12:
                self.add_error("nomor", f"Bulan harus antara 1 dan 12 (bukan {nomor}).")
            elif jenis == JenisPeriode.TRIWULAN and not 1 <= nomor <= 4:
                self.add_error("nomor", f"Triwulan harus antara 1 dan 4 (bukan {nomor}).")
        return data


def _periode_bawaan(jenis: str) -> tuple[int, int]:
    """The newest scored period of ``jenis``; without any, the current one (WITA)."""
    ada = periode_tersedia(jenis)
    if ada:
        return ada[0]
    from django.utils import timezone

    from kinerja.engine.jadwal import WITA

    hari_ini = timezone.now().astimezone(WITA).date()
    if jenis == JenisPeriode.BULAN:
        return hari_ini.year, hari_ini.month
    return hari_ini.year, max(1, elapsed_triwulan(hari_ini, hari_ini.year))


def _form_periode(request: HttpRequest) -> PeriodeKepatuhanForm:
    jenis = request.GET.get("jenis") or JenisPeriode.TRIWULAN.value
    data: dict[str, Any] = {"jenis": jenis}
    if jenis in JenisPeriode.values:
        tahun, nomor = _periode_bawaan(jenis)
        data.update(tahun=tahun, nomor=nomor)
    data.update({k: v for k, v in request.GET.items() if k in PeriodeKepatuhanForm.base_fields})
    return PeriodeKepatuhanForm(data)


@dataclass
class _Tampil:
    """One OPD row of the table, formatted."""

    baris: BarisKepatuhan
    nilai: NilaiKepatuhan | None
    disiplin: str
    tanggung_jawab: str
    kepatuhan: str
    nilai_akhir: str
    riwayat: list[tuple[str, NilaiKepatuhan]]


def _tampil(baris: Iterable[BarisKepatuhan]) -> list[_Tampil]:
    hasil = []
    for b in baris:
        n = b.nilai
        hasil.append(
            _Tampil(
                baris=b,
                nilai=n,
                disiplin=_persen(n.disiplin if n else None),
                tanggung_jawab=_persen(n.tanggung_jawab if n else None),
                kepatuhan=_persen(n.kepatuhan if n else None),
                nilai_akhir=_persen(n.nilai_akhir if n else None),
                riwayat=[
                    (label_periode_kepatuhan(r.jenis, r.tahun, r.nomor), r) for r in b.riwayat
                ],
            )
        )
    return hasil


def _uraian_ambang(ambang: Ambang) -> str:
    return (
        f"Baik ≥ {format_angka(ambang.batas_baik, None)}; cukup ≥ "
        f"{format_angka(ambang.batas_cukup, None)}; selain itu buruk. Bobot disiplin "
        f"{format_angka(ambang.bobot_disiplin, None)}, tanggung jawab "
        f"{format_angka(ambang.bobot_tanggung_jawab, None)}, kepatuhan "
        f"{format_angka(ambang.bobot_kepatuhan, None)}."
    )


class KepatuhanView(_HalamanAdmin, TemplateView):
    """The compliance table of every active OPD for one month or triwulan, with each OPD's
    previous periods."""

    template_name = "pengawasan/kepatuhan.html"
    page_title = "Kepatuhan OPD"
    header_icon = "table"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = _form_periode(self.request)
        rows = None
        periode = ""
        query = ""
        if form.is_valid():
            jenis = form.cleaned_data["jenis"]
            tahun, nomor = form.cleaned_data["tahun"], form.cleaned_data["nomor"]
            rows = _tampil(tabel_kepatuhan(jenis, tahun, nomor))
            periode = label_periode_kepatuhan(jenis, tahun, nomor)
            query = urlencode({"jenis": jenis, "tahun": tahun, "nomor": nomor})
        context.update(
            form=form,
            rows=rows,
            ada_nilai=bool(rows) and any(r.nilai for r in rows),
            periode=periode,
            query=query,
            ambang=_uraian_ambang(ambang_aktif()),
            boleh_ubah=boleh_ubah_ambang(self.request.user),
            pilihan_bulan=list(enumerate(BULAN, start=1)),
        )
        return context


class KepatuhanOpdView(_HalamanAdmin, TemplateView):
    """Every scored period of one OPD (history), triwulan and month."""

    template_name = "pengawasan/kepatuhan_opd.html"
    page_title = "Riwayat kepatuhan"
    header_icon = "table"

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("pengawasan_kepatuhan:index"), "label": "Kepatuhan OPD"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_page_subtitle(self) -> str:
        opd = getattr(self, "opd", None)
        return str(opd) if opd is not None else ""

    def get(self, request: HttpRequest, schema: str) -> HttpResponse:
        opd = (
            Opd.objects.exclude(schema_name=get_public_schema_name())
            .filter(schema_name=schema)
            .first()
        )
        if opd is None:
            raise Http404("Perangkat Daerah tidak ditemukan.")
        self.opd = opd
        riwayat = riwayat_opd(opd)
        bagian = [
            (
                label,
                [
                    (
                        label_periode_kepatuhan(n.jenis, n.tahun, n.nomor),
                        n,
                        [_persen(n.disiplin), _persen(n.tanggung_jawab), _persen(n.kepatuhan)],
                        _persen(n.nilai_akhir),
                        format_tanggal(n.dihitung_pada),
                    )
                    for n in riwayat[jenis]
                ],
            )
            for jenis, label in (
                (JenisPeriode.TRIWULAN.value, "Per triwulan"),
                (JenisPeriode.BULAN.value, "Per bulan"),
            )
        ]
        return self.render_to_response(self.get_context_data(opd=opd, bagian=bagian))


# --- compliance: thresholds ---------------------------------------------------------------------


def _angka(label: str, bantuan: str) -> AngkaField:
    return AngkaField(
        label=label,
        help_text=bantuan,
        error_messages={"required": "Wajib diisi."},
    )


class AmbangForm(forms.Form):
    batas_baik = _angka("Batas kategori baik (≥)", "Nilai akhir sama atau di atas ini: baik.")
    batas_cukup = _angka(
        "Batas kategori cukup (≥)",
        "Nilai akhir sama atau di atas ini (dan di bawah batas baik): cukup.",
    )
    bobot_disiplin = _angka("Bobot disiplin", "0–100; bobot relatif terhadap komponen lain.")
    bobot_tanggung_jawab = _angka("Bobot tanggung jawab", "0–100.")
    bobot_kepatuhan = _angka("Bobot kepatuhan", "0–100.")

    def ambang(self) -> Ambang:
        return Ambang(**{k: self.cleaned_data[k] for k in self.base_fields})

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors:
            from kinerja.engine.kepatuhan import periksa_ambang

            for kolom, pesan in periksa_ambang(self.ambang()):
                self.add_error(kolom, pesan)
        return data


class AmbangView(_HalamanAdmin, FormView):
    """Admin Bappeda changes the thresholds and weights; every period is rescored at once."""

    template_name = "pengawasan/kepatuhan_ambang.html"
    page_title = "Ambang kategori kepatuhan"
    header_icon = "cog"
    form_class = AmbangForm

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("pengawasan_kepatuhan:index"), "label": "Kepatuhan OPD"},
            {"url": "", "label": self.page_title},
        ]

    def _periksa_izin(self) -> None:
        if not boleh_ubah_ambang(self.request.user):
            raise PermissionDenied

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._periksa_izin()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._periksa_izin()
        return super().post(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        a = ambang_aktif()
        return {k: getattr(a, k) for k in AmbangForm.base_fields}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        row = AmbangKepatuhan.objects.filter(pk=AmbangKepatuhan.ID_TUNGGAL).first()
        context.update(
            terakhir=(
                f"Terakhir diubah {format_tanggal(row.diubah_pada)} oleh {row.diubah_oleh}."
                if row and row.diubah_oleh
                else "Belum pernah diubah: dipakai nilai bawaan."
            ),
            cancel_url=reverse("pengawasan_kepatuhan:index"),
        )
        return context

    def form_invalid(self, form: forms.Form) -> HttpResponse:
        messages.error(self.request, "Ambang tidak disimpan; perbaiki isian yang ditandai.")
        return super().form_invalid(form)

    def form_valid(self, form: AmbangForm) -> HttpResponse:  # type: ignore[override]
        try:
            ambang_simpan(form.ambang(), _nama_pengguna(self.request.user))
        except AmbangDitolak as e:
            for kolom, pesan in e.galat:
                form.add_error(kolom if kolom in form.fields else None, pesan)
            return self.form_invalid(form)
        messages.success(
            self.request, "Ambang kepatuhan disimpan; semua periode sudah dinilai ulang."
        )
        return HttpResponseRedirect(reverse("pengawasan_kepatuhan:index"))


class HitungView(PublicSchemaOnlyMixin, _IzinLihatMixin, View):
    """POST: rescore every period now (without waiting for the next rollup or the daily run)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        hasil = kepatuhan_hitung()
        messages.success(
            request,
            f"Kepatuhan dinilai ulang: {hasil.opd} Perangkat Daerah, {hasil.periode} periode, "
            f"{hasil.ditulis} nilai berubah.",
        )
        kembali = request.POST.get("kembali", "")
        url = reverse("pengawasan_kepatuhan:index")
        if kembali.startswith("jenis="):
            url = f"{url}?{kembali}"
        return HttpResponseRedirect(url)


# --- compliance: export -------------------------------------------------------------------------

KOLOM_EKSPOR = (
    "Perangkat Daerah",
    "Singkatan",
    "Periode",
    "Jendela pelaporan",
    "Batas waktu",
    "Sementara",
    "IKU wajib",
    "Diajukan",
    "Tepat waktu",
    "Realisasi + bukti",
    "Diverifikasi",
    "Diverifikasi tanpa pengembalian",
    "Pernah dikembalikan",
    "Disiplin (%)",
    "Tanggung jawab (%)",
    "Kepatuhan (%)",
    "Nilai akhir",
    "Kategori",
    "Keterangan",
    "Dihitung pada",
)


def _baris_ekspor(opd: Opd, n: NilaiKepatuhan | None, periode: str) -> list[Any]:
    if n is None:
        return [opd.nama, opd.singkatan, periode] + [None] * 14 + ["Belum dinilai", "", None]
    return [
        opd.nama,
        opd.singkatan,
        label_periode_kepatuhan(n.jenis, n.tahun, n.nomor),
        n.jendela,
        format_tanggal(n.batas_waktu) if n.batas_waktu else "",
        "ya" if n.sementara else "tidak",
        n.iku_wajib,
        n.diajukan,
        n.tepat_waktu,
        n.lengkap,
        n.diverifikasi,
        n.tanpa_pengembalian,
        n.dikembalikan,
        n.disiplin,
        n.tanggung_jawab,
        n.kepatuhan,
        n.nilai_akhir,
        n.get_kategori_display(),
        n.alasan,
        format_tanggal(n.dihitung_pada),
    ]


def _lembar(wb: Workbook, nama: str, judul: str, baris: Iterable[list[Any]]) -> None:
    ws = wb.create_sheet(nama)
    ws.freeze_panes = "A3"
    sel = WriteOnlyCell(ws, value=judul)
    sel.font = Font(bold=True, size=12)
    ws.append([sel])
    kepala = []
    for k in KOLOM_EKSPOR:
        c = WriteOnlyCell(ws, value=k)
        c.font = Font(bold=True)
        kepala.append(c)
    ws.append(kepala)
    for b in baris:
        sel_baris = []
        for v in b:
            c = WriteOnlyCell(ws, value=v)
            if isinstance(v, str):
                c.data_type = "s"  # never a formula, whatever the text
            elif isinstance(v, Decimal):
                c.number_format = "0.00"
            sel_baris.append(c)
        ws.append(sel_baris)


def ekspor_kepatuhan(jenis: str, tahun: int, nomor: int) -> bytes:
    """Workbook of the table (sheet *Kepatuhan*: every active OPD in the period) and its history
    (sheet *Riwayat*: every scored period of the same kind up to the chosen one, per OPD)."""
    periode = label_periode_kepatuhan(jenis, tahun, nomor)
    tabel = tabel_kepatuhan(jenis, tahun, nomor, riwayat=10_000)
    wb = Workbook(write_only=True)
    _lembar(
        wb,
        "Kepatuhan",
        f"Kepatuhan pelaporan OPD — {periode}",
        (_baris_ekspor(b.opd, b.nilai, periode) for b in tabel),
    )
    _lembar(
        wb,
        "Riwayat",
        f"Riwayat kepatuhan ({JenisPeriode(jenis).label.lower()}) s.d. {periode}",
        (
            _baris_ekspor(b.opd, n, "")
            for b in tabel
            for n in ([b.nilai] if b.nilai else []) + b.riwayat
        ),
    )
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


class EksporView(PublicSchemaOnlyMixin, _IzinLihatMixin, View):
    """GET ``?jenis=&tahun=&nomor=``: the table and history as .xlsx."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        form = _form_periode(request)
        if not form.is_valid():
            pesan = " ".join(str(e) for errs in form.errors.values() for e in errs)
            messages.error(request, f"Ekspor dibatalkan: {pesan}")
            return HttpResponseRedirect(reverse("pengawasan_kepatuhan:index"))
        jenis = form.cleaned_data["jenis"]
        tahun, nomor = form.cleaned_data["tahun"], form.cleaned_data["nomor"]
        response = HttpResponse(ekspor_kepatuhan(jenis, tahun, nomor), content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="kepatuhan-opd-{jenis}-{tahun}-{nomor:02d}.xlsx"'
        )
        return response


# --- early warning ------------------------------------------------------------------------------


class PeringatanForm(forms.Form):
    tahun = _field_tahun()
    opd = forms.ChoiceField(
        label="Perangkat Daerah",
        required=False,
        error_messages={"invalid_choice": "Perangkat Daerah tidak dikenal."},
    )

    def __init__(self, *args: Any, opd_list: list[Opd], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.opd_list = opd_list
        self.fields["opd"].choices = [("", "Semua Perangkat Daerah")] + [
            (o.schema_name, str(o)) for o in opd_list
        ]

    def opd_terpilih(self) -> Opd | None:
        schema = self.cleaned_data.get("opd")
        return next((o for o in self.opd_list if o.schema_name == schema), None)


def _angka_tampil(nilai: Decimal | str | None, satuan: str = "") -> str:
    if nilai is None or nilai == "":
        return "—"
    if isinstance(nilai, str):
        return nilai
    teks = format_angka(nilai, 2)
    return f"{teks} {satuan}".strip()


@dataclass
class _BarisPeringatan:
    p: ProyeksiIku
    realisasi: list[str]
    proyeksi: str
    target: str
    capaian: str


def _baris_peringatan(daftar: Iterable[ProyeksiIku]) -> list[_BarisPeringatan]:
    hasil = []
    for p in daftar:
        h = p.hasil
        if p.target_kualitatif:
            target = p.target_kualitatif
        elif p.target_tahunan is not None and p.target_max is not None:
            target = f"{format_angka(p.target_tahunan, None)} – {format_angka(p.target_max, None)}"
        else:
            target = _angka_tampil(p.target_tahunan)
        hasil.append(
            _BarisPeringatan(
                p=p,
                realisasi=[_angka_tampil(p.realisasi.get(tw)) for tw in (1, 2, 3, 4)],
                proyeksi=_angka_tampil(h.label if h.label is not None else h.nilai, p.satuan),
                target=target,
                capaian=(
                    format_angka(h.capaian.nilai, 2)
                    if h.capaian is not None and h.capaian.nilai is not None
                    else "—"
                ),
            )
        )
    return hasil


class PeringatanView(_HalamanAdmin, TemplateView):
    """IKU projected below the reference predikat, province-wide or for one OPD, with the
    per-OPD counts and the IKU that cannot be projected (with the reason)."""

    template_name = "pengawasan/peringatan.html"
    page_title = "Peringatan Dini"
    header_icon = "warning"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        opd_list = opd_aktif()
        tahun_ada = tahun_proyeksi()
        berjalan = tahun_berjalan()
        data: dict[str, Any] = {
            "tahun": berjalan if berjalan in tahun_ada or not tahun_ada else tahun_ada[0]
        }
        data.update({k: v for k, v in self.request.GET.items() if k in PeringatanForm.base_fields})
        form = PeringatanForm(data, opd_list=opd_list)
        context.update(form=form, hasil=None, tahun_ada=tahun_ada)
        if form.is_valid():
            tahun = form.cleaned_data["tahun"]
            opd = form.opd_terpilih()
            semua = proyeksi_iku(tahun, opd)
            berisiko = [p for p in semua if p.hasil.status is StatusProyeksi.BERISIKO]
            tidak_dapat = [p for p in semua if p.hasil.status is StatusProyeksi.TIDAK_DAPAT]
            ringkasan = jumlah_berisiko(tahun)
            if opd is not None:
                ringkasan = [r for r in ringkasan if r.opd_id == opd.pk]
            acuan = next((p.hasil.acuan for p in semua if p.hasil.acuan is not None), None)
            context.update(
                hasil=True,
                tahun=tahun,
                opd=opd,
                jumlah_iku=len(semua),
                berisiko=_baris_peringatan(berisiko),
                tidak_dapat=_baris_peringatan(tidak_dapat),
                ringkasan=ringkasan,
                acuan=acuan,
            )
        return context


# --- registration -------------------------------------------------------------------------------


class _MenuPengawasan(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return boleh_lihat(request.user)


class KepatuhanViewSet(PublicSchemaViewSetMixin, ViewSet):
    """``/admin/pengawasan/kepatuhan/``: public domain only (URLs 404, menu hidden elsewhere)."""

    name = "pengawasan_kepatuhan"
    url_prefix = "pengawasan/kepatuhan"
    icon = "table"
    menu_label = "Kepatuhan OPD"
    menu_order = 250
    add_to_admin_menu = True

    @property
    def menu_item_class(self) -> type[MenuItem]:
        return public_menu_item_class(_MenuPengawasan)

    def get_urlpatterns(self) -> list[Any]:
        return decorate_public_only(
            [
                path("", KepatuhanView.as_view(), name="index"),
                path("opd/<str:schema>/", KepatuhanOpdView.as_view(), name="opd"),
                path("ambang/", AmbangView.as_view(), name="ambang"),
                path("ekspor/", EksporView.as_view(), name="ekspor"),
                path("hitung/", HitungView.as_view(), name="hitung"),
            ]
        )


class PeringatanViewSet(PublicSchemaViewSetMixin, ViewSet):
    """``/admin/pengawasan/peringatan-dini/``: public domain only."""

    name = "pengawasan_peringatan"
    url_prefix = "pengawasan/peringatan-dini"
    icon = "warning"
    menu_label = "Peringatan Dini"
    menu_order = 255
    add_to_admin_menu = True

    @property
    def menu_item_class(self) -> type[MenuItem]:
        return public_menu_item_class(_MenuPengawasan)

    def get_urlpatterns(self) -> list[Any]:
        return decorate_public_only([path("", PeringatanView.as_view(), name="index")])


__all__ = [
    "AmbangView",
    "EksporView",
    "HitungView",
    "KepatuhanOpdView",
    "KepatuhanView",
    "KepatuhanViewSet",
    "PeringatanView",
    "PeringatanViewSet",
    "ekspor_kepatuhan",
]
