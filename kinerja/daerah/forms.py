"""Wagtail admin forms of the province data. Each form runs the business rules of
:mod:`kinerja.daerah.services` after Django's own validation and attaches every violation to
the field (of the main form or of the inline row) it concerns, so nothing is saved while any
rule is broken."""

from __future__ import annotations

from typing import Any

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from kinerja.daerah import services
from kinerja.daerah.models import IndikatorDaerah, RealisasiDaerah, SkemaPredikat
from kinerja.daerah.services import Pelanggaran
from kinerja.engine import PredikatBand as EngineBand


class DaerahAdminForm(WagtailAdminModelForm):
    """Base form: ``periksa()`` returns service violations, applied once after a clean
    Django validation (idempotent: Wagtail calls ``is_valid`` more than once)."""

    def periksa(self) -> list[Pelanggaran]:
        return []

    def is_valid(self) -> bool:
        if not super().is_valid():
            return False
        if not getattr(self, "_daerah_diperiksa", False):
            self._daerah_diperiksa = True
            self._terapkan(self.periksa())
        return not self.errors and all(not f.errors for f in self._semua_child_forms())

    def _semua_child_forms(self) -> list[forms.Form]:
        return [f for formset in self.formsets.values() for f in formset.forms]

    def forms_aktif(self, relasi: str, hanya_berubah: bool = False) -> list[forms.Form]:
        """Inline forms that will be saved: not deleted, and existing or filled in."""
        formset = self.formsets[relasi]
        hasil = []
        for form in formset.forms:
            if formset.can_delete and formset._should_delete_form(form):
                continue
            if hanya_berubah and not form.has_changed():
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            hasil.append(form)
        return hasil

    def _terapkan(self, pelanggaran: list[Pelanggaran]) -> None:
        for p in pelanggaran:
            target: forms.Form = self
            if p.bagian and p.indeks is not None:
                target = self._inline[p.bagian][p.indeks]
            field = p.field if p.field in target.fields else None
            target.add_error(field, p.pesan)

    @property
    def _inline(self) -> dict[str, list[forms.Form]]:
        return getattr(self, "_inline_forms", {})


class PeriodeForm(DaerahAdminForm):
    def periksa(self) -> list[Pelanggaran]:
        return services.periksa_periode(self.instance)


class TujuanForm(DaerahAdminForm):
    def periksa(self) -> list[Pelanggaran]:
        return services.periksa_tujuan(self.instance)


class SasaranForm(DaerahAdminForm):
    def periksa(self) -> list[Pelanggaran]:
        return services.periksa_sasaran(self.instance)


class SkalaForm(DaerahAdminForm):
    def periksa(self) -> list[Pelanggaran]:
        tingkat = self.forms_aktif("tingkat")
        self._inline_forms = {"tingkat": tingkat}
        return services.periksa_skala(self.instance, [f.instance for f in tingkat])


class IndikatorDaerahForm(DaerahAdminForm):
    """Indicator with its yearly targets and realisasi (InlinePanel rows)."""

    def periksa(self) -> list[Pelanggaran]:
        targets = self.forms_aktif("target")
        realisasi = self.forms_aktif("realisasi", hanya_berubah=True)
        self._inline_forms = {"target": targets, "realisasi": realisasi}
        hasil = services.periksa_indikator(
            self.instance, [f.instance for f in targets], [f.instance for f in realisasi]
        )
        formset = self.formsets["realisasi"]
        dihapus = [f for f in formset.forms if f.instance.pk and formset._should_delete_form(f)]
        if dihapus and self.instance.sumber_nilai == IndikatorDaerah.SumberNilai.IKU:
            hasil.append(
                Pelanggaran(
                    "",
                    "Realisasi indikator ini diambil dari IKU Perangkat Daerah yang terhubung; "
                    "Bappeda tidak dapat menghapusnya.",
                )
            )
        for form in realisasi:
            form.instance.sumber = RealisasiDaerah.Sumber.BAPPEDA
        return hasil


class SkemaPredikatForm(DaerahAdminForm):
    """The whole band set is validated by the engine; errors are shown on the form. Saving a
    scheme as active deactivates the others."""

    def periksa(self) -> list[Pelanggaran]:
        bands = []
        for form in self.forms_aktif("bands"):
            data = form.cleaned_data
            bands.append(
                EngineBand(
                    batas_bawah=data["batas_bawah"],
                    batas_atas=data.get("batas_atas"),
                    kode=data.get("kode") or "",
                    label=data.get("label") or "",
                )
            )
        return [Pelanggaran("", pesan) for pesan in services.bands_periksa(bands)]

    def _get_validation_exclusions(self) -> Any:
        # "One active scheme" is enforced by deactivating the others on save, not by refusing.
        exclusions = super()._get_validation_exclusions()
        exclusions.add("aktif")
        return exclusions

    def save(self, commit: bool = True) -> SkemaPredikat:
        if self.instance.aktif:
            SkemaPredikat.objects.filter(aktif=True).exclude(pk=self.instance.pk).update(
                aktif=False
            )
        return super().save(commit)
