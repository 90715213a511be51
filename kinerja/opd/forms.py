"""Admin forms of the OPD plan. They validate through the services' rules, so the admin, the
Excel import and any later API refuse the same things with the same Indonesian messages, and
each message lands on the field (and inline row) it is about."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from kinerja.choices import Polaritas
from kinerja.daerah.models import SkalaKualitatif
from kinerja.opd import selectors, services
from kinerja.opd.models import (
    Iku,
    Renstra,
    SasaranStrategis,
    TujuanRenstra,
)


def tambah_galat(form: forms.BaseForm, error: ValidationError) -> None:
    """Attach a service ValidationError to the form: each message on its field when the form
    has that field (and no error there yet, to avoid repeating "wajib diisi"), else on top."""
    items = (
        error.message_dict.items()
        if hasattr(error, "error_dict")
        else [(NON_FIELD_ERRORS, error.messages)]
    )
    for field, messages in items:
        if field in form.fields:
            if field in form.errors:
                continue
            form.add_error(field, messages)
        else:
            form.add_error(None, messages)


class _LayananForm(WagtailAdminModelForm):
    """Model form validated by a service function after Django's own cleaning."""

    @staticmethod
    def validasi(instance: Any) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def validate_unique(self) -> None:
        # The services check uniqueness themselves, with messages naming the kode.
        return None

    def _post_clean(self) -> None:
        super()._post_clean()
        try:
            type(self).validasi(self.instance)
        except ValidationError as error:
            tambah_galat(self, error)


class RenstraForm(_LayananForm):
    validasi = staticmethod(services.renstra_validasi)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "periode_rpjmd" in self.fields:
            field = self.fields["periode_rpjmd"]
            field.queryset = selectors.periode_rpjmd_pilihan()
            field.label_from_instance = lambda p: (
                f"{p.nama} ({services.label_periode(p.tahun_awal, p.tahun_akhir)})"
            )


def _label_tujuan(tujuan: TujuanRenstra) -> str:
    return f"{tujuan.renstra.nama} · {tujuan.kode} {tujuan.uraian[:80]}"


class TujuanForm(_LayananForm):
    validasi = staticmethod(services.tujuan_validasi)


class SasaranForm(_LayananForm):
    """The RPJMD sasaran is chosen from the public SasaranRpjmd of the periods of this OPD's
    Renstra; the service then checks it belongs to the period of the chosen tujuan's Renstra."""

    validasi = staticmethod(services.sasaran_validasi)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "tujuan" in self.fields:
            self.fields["tujuan"].queryset = TujuanRenstra.objects.select_related("renstra")
            self.fields["tujuan"].label_from_instance = _label_tujuan
        if "sasaran_rpjmd" in self.fields:
            field = self.fields["sasaran_rpjmd"]
            field.queryset = selectors.sasaran_rpjmd_pilihan()
            field.label_from_instance = lambda s: (
                f"{s.tujuan.misi.periode.nama} · {s.kode} {s.uraian[:90]}"
            )


class IkuForm(WagtailAdminModelForm):
    """IKU with its inline targets, validated together by ``services.iku_periksa``: messages
    about a target go to its row ("Target 2027 di luar periode Renstra 2021–2026.")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "sasaran" in self.fields:
            self.fields["sasaran"].queryset = SasaranStrategis.objects.select_related(
                "tujuan__renstra"
            )
            self.fields["sasaran"].label_from_instance = lambda s: (
                f"{s.tujuan.renstra.nama} · {s.kode} {s.uraian[:80]}"
            )
        if "skala" in self.fields:
            self.fields["skala"].queryset = SkalaKualitatif.objects.order_by("nama")
        if "ikd" in self.fields:
            self.fields["ikd"].queryset = selectors.ikd_pilihan()
            self.fields["ikd"].label_from_instance = lambda i: f"{i.kode} {i.nama[:90]}"

    def validate_unique(self) -> None:
        return None  # kode: checked (case-insensitively) by the service

    def _baris_target(self) -> list[tuple[forms.BaseForm, services.TargetInput]]:
        formset = self.formsets.get("target")
        if formset is None:
            return []
        formset.is_valid()  # cleans the rows; errors are kept and reported by is_valid()
        rows = []
        for form in formset.forms:
            if formset.can_delete and formset._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            if form.errors:
                continue
            data = form.cleaned_data
            rows.append(
                (
                    form,
                    services.TargetInput(
                        tahun=data.get("tahun"),
                        triwulan=data.get("triwulan"),
                        nilai=data.get("nilai"),
                        nilai_max=data.get("nilai_max"),
                        nilai_kualitatif=data.get("nilai_kualitatif") or "",
                    ),
                )
            )
        return rows

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        rows = self._baris_target()
        iku = Iku(
            pk=self.instance.pk,
            kode=cleaned.get("kode", self.instance.kode),
            nama=cleaned.get("nama", self.instance.nama),
            satuan=cleaned.get("satuan", self.instance.satuan),
            sasaran=cleaned.get("sasaran"),
            polaritas=cleaned.get("polaritas", self.instance.polaritas),
            tipe_perhitungan=cleaned.get("tipe_perhitungan", self.instance.tipe_perhitungan),
            skala=cleaned.get("skala"),
            ikd=cleaned.get("ikd"),
            baseline=cleaned.get("baseline"),
            baseline_kualitatif=cleaned.get("baseline_kualitatif") or "",
        )
        masalah_semua = services.iku_periksa(iku, [target for _, target in rows])
        if not masalah_semua and iku.polaritas == Polaritas.KUALITATIF:
            # Store labels as the scale spells them ("wtp" → "WTP").
            skala = services.skala_engine(iku.skala_id)
            for form, target in rows:
                form.instance.nilai_kualitatif = services.label_kanonik(
                    skala, target.nilai_kualitatif
                )
            cleaned["baseline_kualitatif"] = services.label_kanonik(skala, iku.baseline_kualitatif)
        for masalah in masalah_semua:
            if masalah.indeks is None:
                if masalah.field in self.fields:
                    if masalah.field not in self.errors:
                        self.add_error(masalah.field, masalah.pesan)
                else:
                    self.add_error(None, masalah.pesan)
                continue
            form = rows[masalah.indeks][0]
            form.add_error(masalah.field if masalah.field in form.fields else None, masalah.pesan)
            if masalah.pesan not in self.non_field_errors():
                # Also on top of the form: a row deep in the inline panel is easy to miss.
                self.add_error(None, masalah.pesan)
        return cleaned


class PkForm(WagtailAdminModelForm):
    """Draft PK (items editable). A signed or replaced PK is refused, even when the request
    comes from a stale page."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        try:
            services.pk_pastikan_draf(self.instance)
        except ValidationError as error:
            self.add_error(None, error.messages)
            return cleaned
        formset = self.formsets.get("item")
        if formset is not None and formset.is_valid():
            for form in formset.forms:
                if formset.can_delete and formset._should_delete_form(form):
                    continue
                iku = form.cleaned_data.get("iku")
                if iku is None:
                    continue
                item = form.instance
                item.target = form.cleaned_data.get("target")
                item.target_max = form.cleaned_data.get("target_max")
                item.target_kualitatif = form.cleaned_data.get("target_kualitatif") or ""
                for pesan in services.pk_item_periksa(item, iku):
                    form.add_error(None, pesan)
                    self.add_error(None, pesan)
        return cleaned


# --- plain forms of the custom views ---------------------------------------------------------


class PkBuatDraftForm(forms.Form):
    tahun = forms.TypedChoiceField(label="Tahun", coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tahun: set[int] = set()
        for renstra in Renstra.objects.all():
            tahun.update(renstra.tahun_list)
        self.fields["tahun"].choices = [(t, str(t)) for t in sorted(tahun, reverse=True)]
        self.fields[
            "tahun"
        ].help_text = "Butir PK disalin dari target tahunan IKU aktif pada tahun ini."


class PkTandatanganiForm(forms.Form):
    penandatangan = forms.CharField(label="Nama penandatangan", max_length=150)
    jabatan_penandatangan = forms.CharField(label="Jabatan", max_length=150)
    tanggal_tanda_tangan = forms.DateField(
        label="Tanggal tanda tangan",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
    )


class PkPerubahanForm(forms.Form):
    alasan_perubahan = forms.CharField(
        label="Alasan perubahan",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Misalnya pergantian pejabat, perubahan program/anggaran atau prioritas.",
    )


class IkuImporForm(forms.Form):
    renstra = forms.ModelChoiceField(label="Renstra", queryset=Renstra.objects.none())
    berkas = forms.FileField(label="Berkas Excel (.xlsx)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["renstra"].queryset = selectors.renstra_list()
        terkini = selectors.renstra_terkini()
        if terkini is not None:
            self.fields["renstra"].initial = terkini.pk


POLARITAS_BANTUAN = (
    "Positif: semakin tinggi semakin baik (capaian R/T×100). Negatif: semakin rendah semakin "
    "baik (capaian (2−R/T)×100). Rentang: isi target (batas bawah) dan batas atas. Stabil: "
    "setiap simpangan dari target memburuk. Kualitatif: pilih skala dan isi target kualitatif "
    "(mis. WTP)."
)
TIPE_BANTUAN = (
    "Cara nilai tahunan dihitung dari triwulan: kumulatif = jumlah TW1–TW4 (target triwulan "
    "sebaiknya berjumlah target tahunan); posisi akhir = nilai triwulan terakhir (TW4 = target "
    "tahunan); rata-rata = rata-rata triwulan."
)
