"""Write side of one OPD's performance plan (OPD schemas only).

Every write goes through a function here: it validates with the ``periksa_*`` rules (also used by
the admin forms and the Excel import, so the three never disagree), raises
``django.core.exceptions.ValidationError`` keyed by field with Indonesian messages, and saves in
one transaction.

``periksa_*`` functions return lists of :class:`Masalah` instead of raising, so that forms can
attach each message to the right field of the right inline row and the importer to the right
Excel column. Quarterly targets that do not add up to the yearly one are *warnings*
(:func:`kinerja.opd.selectors.peringatan_target`), never errors.

Province rows (RPJMD sasaran, IKD, qualitative scales) are read from the public schema through
the search path; they are referenced without a database constraint, so every reference is
checked here before it is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from kinerja.choices import Polaritas
from kinerja.daerah.models import (
    IndikatorDaerah,
    PeriodeRpjmd,
    SasaranRpjmd,
    SkalaKualitatif,
)
from kinerja.engine import SkalaKualitatif as EngineSkala
from kinerja.engine import format_angka
from kinerja.opd.models import (
    Iku,
    PerjanjianKinerja,
    PerjanjianKinerjaItem,
    Renstra,
    SasaranStrategis,
    TargetIku,
    TujuanRenstra,
)

__all__ = [
    "IZIN_TANDATANGANI_PK",
    "Masalah",
    "PkBeku",
    "TargetInput",
    "iku_periksa",
    "iku_simpan",
    "iku_validasi",
    "label_kanonik",
    "label_periode",
    "opd_permissions_ensure",
    "periksa_target",
    "pk_buat_draft",
    "pk_hapus_draf",
    "pk_item_periksa",
    "pk_item_simpan",
    "pk_pastikan_draf",
    "pk_perubahan",
    "pk_simpan",
    "pk_tandatangani",
    "renstra_simpan",
    "renstra_validasi",
    "sasaran_simpan",
    "sasaran_validasi",
    "skala_engine",
    "tujuan_simpan",
    "tujuan_validasi",
]

IZIN_TANDATANGANI_PK = "opd.tandatangani_pk"
POLARITAS_ANGKA = {Polaritas.POSITIF, Polaritas.NEGATIF, Polaritas.STABIL}


def label_periode(awal: int, akhir: int) -> str:
    return f"{awal}–{akhir}"


def _angka(value: Decimal) -> str:
    return format_angka(value, None)


# --- violations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Masalah:
    """One broken rule: ``field`` of the object (``indeks`` None) or of the ``indeks``-th target
    of the list that was checked."""

    field: str
    pesan: str
    indeks: int | None = None


def _raise(masalah: Iterable[Masalah], target_field: str = "target") -> None:
    """One ValidationError keyed by field; target rows go under ``target_field``."""
    errors: dict[str, list[str]] = {}
    for m in masalah:
        key = target_field if m.indeks is not None else (m.field or "__all__")
        errors.setdefault(key, []).append(m.pesan)
    if errors:
        raise ValidationError(errors)


# --- targets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetInput:
    """A target as typed (admin row, Excel cells, API), before it is saved."""

    tahun: int | None
    triwulan: int | None = None
    nilai: Decimal | None = None
    nilai_max: Decimal | None = None
    nilai_kualitatif: str = ""

    @classmethod
    def dari_model(cls, target: TargetIku) -> TargetInput:
        return cls(
            tahun=target.tahun,
            triwulan=target.triwulan,
            nilai=target.nilai,
            nilai_max=target.nilai_max,
            nilai_kualitatif=target.nilai_kualitatif or "",
        )

    @property
    def label(self) -> str:
        """ "Target 2025" or "Target 2025 TW2" — the same words as the Excel column."""
        tahun = self.tahun if self.tahun is not None else "(tahun kosong)"
        return f"Target {tahun}" + (f" TW{self.triwulan}" if self.triwulan else "")

    def ke_model(self, iku: Iku) -> TargetIku:
        return TargetIku(
            iku=iku,
            tahun=self.tahun,
            triwulan=self.triwulan,
            nilai=self.nilai,
            nilai_max=self.nilai_max,
            nilai_kualitatif=self.nilai_kualitatif.strip(),
        )


def skala_engine(skala_id: int | None) -> EngineSkala | None:
    """The engine form of a public qualitative scale, or None (missing or without labels)."""
    if not skala_id:
        return None
    skala = SkalaKualitatif.objects.filter(pk=skala_id).first()
    if skala is None or not skala.tingkat.exists():
        return None
    return skala.as_engine()


def label_kanonik(skala: EngineSkala | None, teks: str) -> str:
    """The scale's own spelling of a label typed in any case/spacing ("wtp" → "WTP"); the
    stripped text when it is not on the scale (validation reports that separately)."""
    teks = (teks or "").strip()
    if skala is None or not teks:
        return teks
    kunci = " ".join(teks.split()).casefold()
    return next((lbl for lbl in skala.labels if " ".join(lbl.split()).casefold() == kunci), teks)


def _pilihan(skala: EngineSkala) -> str:
    return ", ".join(skala.labels)


def periksa_target(
    targets: Sequence[TargetInput],
    *,
    tahun_awal: int | None,
    tahun_akhir: int | None,
    polaritas: str,
    skala: EngineSkala | None,
) -> list[Masalah]:
    """Rules for the targets of one IKU (indeks = position in ``targets``).

    tahun inside the Renstra years; triwulan 1–4 or empty (yearly); one target per period;
    rentang needs nilai ≤ nilai_max; kualitatif needs a label of the scale (case-insensitive);
    positif/negatif/stabil need a number and no label.
    """
    masalah: list[Masalah] = []
    seen: set[tuple[int | None, int | None]] = set()
    for i, t in enumerate(targets):
        label = t.label
        if t.tahun is None:
            masalah.append(Masalah("tahun", f"Target baris {i + 1}: tahun wajib diisi.", i))
        elif (
            tahun_awal is not None
            and tahun_akhir is not None
            and not tahun_awal <= t.tahun <= tahun_akhir
        ):
            masalah.append(
                Masalah(
                    "tahun",
                    f"{label} di luar periode Renstra {label_periode(tahun_awal, tahun_akhir)}.",
                    i,
                )
            )
        if t.triwulan is not None and t.triwulan not in (1, 2, 3, 4):
            masalah.append(
                Masalah(
                    "triwulan",
                    f"{label}: triwulan {t.triwulan} tidak valid; isi 1–4 atau kosongkan "
                    "untuk target tahunan.",
                    i,
                )
            )
        kunci = (t.tahun, t.triwulan)
        if t.tahun is not None and kunci in seen:
            masalah.append(Masalah("tahun", f"{label} diisi lebih dari sekali.", i))
        seen.add(kunci)
        masalah.extend(_periksa_nilai(t, i, polaritas, skala, label))
    return masalah


def _periksa_nilai(
    t: TargetInput, i: int, polaritas: str, skala: EngineSkala | None, label: str
) -> list[Masalah]:
    teks = t.nilai_kualitatif.strip()
    if polaritas == Polaritas.KUALITATIF:
        out = []
        if t.nilai is not None or t.nilai_max is not None:
            out.append(
                Masalah(
                    "nilai",
                    f"{label}: polaritas kualitatif memakai target kualitatif (label skala), "
                    "bukan angka.",
                    i,
                )
            )
        if skala is None:
            out.append(
                Masalah(
                    "nilai_kualitatif",
                    f"{label}: pilih dulu skala kualitatif IKU untuk polaritas kualitatif.",
                    i,
                )
            )
        elif not teks:
            out.append(
                Masalah(
                    "nilai_kualitatif",
                    f"{label}: target kualitatif wajib diisi; pilihan: {_pilihan(skala)}.",
                    i,
                )
            )
        elif skala.skor(teks) is None:
            out.append(
                Masalah(
                    "nilai_kualitatif",
                    f"{label}: '{teks}' tidak ada pada skala {skala.nama}; "
                    f"pilihan: {_pilihan(skala)}.",
                    i,
                )
            )
        return out

    out = []
    nama = Polaritas(polaritas).value if polaritas in Polaritas.values else polaritas
    if teks:
        out.append(
            Masalah(
                "nilai_kualitatif",
                f"{label}: polaritas {nama} memerlukan target angka, bukan '{teks}'.",
                i,
            )
        )
    if polaritas == Polaritas.RENTANG:
        if t.nilai is None:
            out.append(Masalah("nilai", f"{label}: polaritas rentang memerlukan batas bawah.", i))
        if t.nilai_max is None:
            out.append(
                Masalah(
                    "nilai_max",
                    f"{label}: polaritas rentang memerlukan batas atas (nilai maksimum).",
                    i,
                )
            )
        if t.nilai is not None and t.nilai_max is not None:
            if t.nilai < 0 or t.nilai_max < 0:
                out.append(Masalah("nilai", f"{label}: batas rentang tidak boleh negatif.", i))
            elif t.nilai > t.nilai_max:
                out.append(
                    Masalah(
                        "nilai_max",
                        f"{label}: batas bawah ({_angka(t.nilai)}) harus ≤ batas atas "
                        f"({_angka(t.nilai_max)}).",
                        i,
                    )
                )
        return out
    if t.nilai is None and not teks:
        out.append(Masalah("nilai", f"{label}: target angka wajib diisi.", i))
    if t.nilai_max is not None:
        out.append(
            Masalah(
                "nilai_max",
                f"{label}: batas atas hanya dipakai untuk polaritas rentang.",
                i,
            )
        )
    return out


# --- Renstra, tujuan, sasaran ----------------------------------------------------------------


def renstra_validasi(renstra: Renstra) -> None:
    """Renstra years inside its RPJMD period, no overlap with another Renstra of the OPD, and
    (when it already has content) no target or sasaran left outside a changed period."""
    errors: dict[str, list[str]] = {}

    def add(field: str, pesan: str) -> None:
        errors.setdefault(field, []).append(pesan)

    periode = None
    if not renstra.periode_rpjmd_id:
        add("periode_rpjmd", "Periode RPJMD wajib dipilih.")
    else:
        periode = PeriodeRpjmd.objects.filter(pk=renstra.periode_rpjmd_id).first()
        if periode is None:
            add("periode_rpjmd", "Periode RPJMD yang dipilih tidak ditemukan di data Bappeda.")
    if not (renstra.nama or "").strip():
        add("nama", "Nama Renstra wajib diisi.")
    awal, akhir = renstra.tahun_awal, renstra.tahun_akhir
    if awal is None:
        add("tahun_awal", "Tahun awal wajib diisi.")
    if akhir is None:
        add("tahun_akhir", "Tahun akhir wajib diisi.")
    if awal is not None and akhir is not None:
        if akhir < awal:
            add("tahun_akhir", f"Tahun akhir ({akhir}) tidak boleh sebelum tahun awal ({awal}).")
        if periode is not None:
            rentang = label_periode(periode.tahun_awal, periode.tahun_akhir)
            if not periode.tahun_awal <= awal <= periode.tahun_akhir:
                add("tahun_awal", f"Tahun awal {awal} di luar periode RPJMD {rentang}.")
            if not periode.tahun_awal <= akhir <= periode.tahun_akhir:
                add("tahun_akhir", f"Tahun akhir {akhir} di luar periode RPJMD {rentang}.")
    if not errors and awal is not None and akhir is not None:
        tumpang = (
            Renstra.objects.exclude(pk=renstra.pk)
            .filter(tahun_awal__lte=akhir, tahun_akhir__gte=awal)
            .first()
        )
        if tumpang is not None:
            add(
                "tahun_awal",
                f"Periode {label_periode(awal, akhir)} bertumpang tindih dengan Renstra "
                f"'{tumpang.nama}' ({label_periode(tumpang.tahun_awal, tumpang.tahun_akhir)}).",
            )
    if not errors and renstra.pk:
        luar = sorted(
            set(
                TargetIku.objects.filter(iku__sasaran__tujuan__renstra=renstra)
                .exclude(tahun__gte=awal, tahun__lte=akhir)
                .values_list("tahun", flat=True)
            )
        )
        if luar:
            add(
                "tahun_awal",
                "Masih ada target IKU tahun "
                + ", ".join(str(t) for t in luar)
                + f" di luar periode baru {label_periode(awal, akhir)}; hapus atau ubah "
                "target itu lebih dulu.",
            )
        lama = Renstra.objects.filter(pk=renstra.pk).values_list("periode_rpjmd_id", flat=True)
        if (
            lama
            and lama[0] != renstra.periode_rpjmd_id
            and SasaranStrategis.objects.filter(tujuan__renstra=renstra).exists()
        ):
            add(
                "periode_rpjmd",
                "Periode RPJMD tidak dapat diganti karena sasaran strategis Renstra ini "
                "sudah diselaraskan dengan sasaran RPJMD periode lama.",
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def renstra_simpan(renstra: Renstra) -> Renstra:
    """Validate and save a Renstra."""
    renstra_validasi(renstra)
    renstra.save()
    return renstra


def tujuan_validasi(tujuan: TujuanRenstra) -> None:
    """A tujuan needs a Renstra, a kode unique within it and an uraian."""
    errors: dict[str, str] = {}
    if not tujuan.renstra_id:
        errors["renstra"] = "Renstra wajib dipilih."
    kode = (tujuan.kode or "").strip()
    if not kode:
        errors["kode"] = "Kode tujuan wajib diisi."
    elif (
        tujuan.renstra_id
        and TujuanRenstra.objects.filter(renstra_id=tujuan.renstra_id, kode__iexact=kode)
        .exclude(pk=tujuan.pk)
        .exists()
    ):
        errors["kode"] = f"Kode tujuan '{kode}' sudah dipakai pada Renstra ini."
    if not (tujuan.uraian or "").strip():
        errors["uraian"] = "Uraian tujuan wajib diisi."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def tujuan_simpan(tujuan: TujuanRenstra) -> TujuanRenstra:
    """Validate and save a tujuan Renstra."""
    tujuan_validasi(tujuan)
    tujuan.save()
    return tujuan


def sasaran_validasi(sasaran: SasaranStrategis) -> None:
    """A sasaran strategis must align to an existing RPJMD sasaran of its Renstra's period
    (checked in the public schema) and have a kode unique in the OPD."""
    errors: dict[str, str] = {}
    renstra = None
    if not sasaran.tujuan_id:
        errors["tujuan"] = "Tujuan Renstra wajib dipilih."
    else:
        tujuan = TujuanRenstra.objects.select_related("renstra").filter(pk=sasaran.tujuan_id)
        renstra = tujuan[0].renstra if tujuan else None
    kode = (sasaran.kode or "").strip()
    if not kode:
        errors["kode"] = "Kode sasaran wajib diisi."
    elif SasaranStrategis.objects.filter(kode__iexact=kode).exclude(pk=sasaran.pk).exists():
        errors["kode"] = f"Kode sasaran '{kode}' sudah dipakai oleh sasaran strategis lain."
    if not (sasaran.uraian or "").strip():
        errors["uraian"] = "Uraian sasaran wajib diisi."
    if not sasaran.sasaran_rpjmd_id:
        errors["sasaran_rpjmd"] = "Pilih sasaran RPJMD yang didukung."
    else:
        rpjmd = (
            SasaranRpjmd.objects.select_related("tujuan__misi__periode")
            .filter(pk=sasaran.sasaran_rpjmd_id)
            .first()
        )
        if rpjmd is None:
            errors["sasaran_rpjmd"] = (
                "Sasaran RPJMD yang dipilih tidak ditemukan di RPJMD Bappeda "
                "(mungkin sudah dihapus); pilih sasaran lain."
            )
        elif renstra is not None and rpjmd.tujuan.misi.periode_id != renstra.periode_rpjmd_id:
            periode = rpjmd.tujuan.misi.periode
            errors["sasaran_rpjmd"] = (
                f"Sasaran RPJMD {rpjmd.kode} milik periode {periode.nama} "
                f"({label_periode(periode.tahun_awal, periode.tahun_akhir)}), bukan periode "
                f"RPJMD Renstra '{renstra.nama}'."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def sasaran_simpan(sasaran: SasaranStrategis) -> SasaranStrategis:
    """Validate and save a sasaran strategis."""
    sasaran_validasi(sasaran)
    sasaran.save()
    return sasaran


# --- IKU -------------------------------------------------------------------------------------


def _renstra_dari_sasaran(sasaran_id: int | None) -> Renstra | None:
    if not sasaran_id:
        return None
    row = SasaranStrategis.objects.select_related("tujuan__renstra").filter(pk=sasaran_id)
    return row[0].tujuan.renstra if row else None


def iku_periksa(
    iku: Iku,
    targets: Sequence[TargetInput] | None,
    *,
    renstra: Renstra | None = None,
    skala: EngineSkala | None = None,
    skala_dimuat: bool = False,
) -> list[Masalah]:
    """All rules of an IKU and (when given) its targets; nothing is raised.

    ``renstra``/``skala`` may be passed by callers that already loaded them (the importer);
    otherwise they are read from the sasaran and the public scale.
    """
    masalah: list[Masalah] = []
    kode = (iku.kode or "").strip()
    if not kode:
        masalah.append(Masalah("kode", "Kode IKU wajib diisi."))
    elif Iku.objects.filter(kode__iexact=kode).exclude(pk=iku.pk).exists():
        masalah.append(Masalah("kode", f"Kode IKU '{kode}' sudah dipakai oleh IKU lain."))
    if not (iku.nama or "").strip():
        masalah.append(Masalah("nama", "Nama indikator wajib diisi."))
    if not (iku.satuan or "").strip():
        masalah.append(Masalah("satuan", "Satuan wajib diisi."))
    if not iku.sasaran_id:
        masalah.append(Masalah("sasaran", "Sasaran strategis wajib dipilih."))
    elif renstra is None:
        renstra = _renstra_dari_sasaran(iku.sasaran_id)

    if not skala_dimuat:
        skala = skala_engine(iku.skala_id)
    if iku.polaritas == Polaritas.KUALITATIF:
        if not iku.skala_id:
            masalah.append(Masalah("skala", "Polaritas kualitatif memerlukan skala kualitatif."))
        elif skala is None:
            masalah.append(
                Masalah(
                    "skala",
                    "Skala kualitatif yang dipilih tidak ditemukan atau belum memiliki label.",
                )
            )
        if iku.baseline is not None:
            masalah.append(
                Masalah(
                    "baseline",
                    "Polaritas kualitatif memakai baseline kualitatif, bukan angka.",
                )
            )
        teks = (iku.baseline_kualitatif or "").strip()
        if teks and skala is not None and skala.skor(teks) is None:
            masalah.append(
                Masalah(
                    "baseline_kualitatif",
                    f"Baseline '{teks}' tidak ada pada skala {skala.nama}; "
                    f"pilihan: {_pilihan(skala)}.",
                )
            )
    elif (iku.baseline_kualitatif or "").strip():
        masalah.append(
            Masalah(
                "baseline_kualitatif",
                f"Polaritas {iku.polaritas} memerlukan baseline angka, bukan "
                f"'{iku.baseline_kualitatif.strip()}'.",
            )
        )

    if iku.ikd_id:
        ikd = IndikatorDaerah.objects.filter(pk=iku.ikd_id).first()
        if ikd is None:
            masalah.append(Masalah("ikd", "IKD yang dipilih tidak ditemukan di data Bappeda."))
        elif not ikd.is_ikd:
            masalah.append(
                Masalah("ikd", f"Indikator {ikd.kode} bukan Indikator Kinerja Daerah (IKD).")
            )
        elif renstra is not None and ikd.periode_id != renstra.periode_rpjmd_id:
            masalah.append(
                Masalah(
                    "ikd",
                    f"IKD {ikd.kode} bukan bagian dari periode RPJMD Renstra '{renstra.nama}'.",
                )
            )

    if targets is not None:
        masalah.extend(
            periksa_target(
                targets,
                tahun_awal=renstra.tahun_awal if renstra else None,
                tahun_akhir=renstra.tahun_akhir if renstra else None,
                polaritas=iku.polaritas,
                skala=skala,
            )
        )
    return masalah


def iku_validasi(iku: Iku, targets: Sequence[TargetInput] | None = None) -> None:
    """Raise ValidationError for every broken rule of the IKU; target messages are listed under
    "target" and name the row ("Target 2027 di luar periode Renstra 2021–2026.").
    Without ``targets`` the saved targets are checked."""
    if targets is None and iku.pk:
        targets = [TargetInput.dari_model(t) for t in TargetIku.objects.filter(iku=iku)]
    _raise(iku_periksa(iku, targets))


@transaction.atomic
def iku_simpan(iku: Iku, targets: Sequence[TargetInput] | None = None) -> Iku:
    """Validate and save an IKU. With ``targets`` its targets are replaced by them (all or
    nothing); without, the saved targets are kept and re-checked against the IKU."""
    iku_validasi(iku, targets)
    if iku.polaritas == Polaritas.KUALITATIF:
        skala = skala_engine(iku.skala_id)
        iku.baseline_kualitatif = label_kanonik(skala, iku.baseline_kualitatif)
        if targets is not None:
            targets = [
                replace(t, nilai_kualitatif=label_kanonik(skala, t.nilai_kualitatif))
                for t in targets
            ]
    iku.save()
    if targets is not None:
        TargetIku.objects.filter(iku=iku).delete()
        TargetIku.objects.bulk_create([t.ke_model(iku) for t in targets])
    return iku


# --- Perjanjian Kinerja ----------------------------------------------------------------------


class PkBeku(ValidationError):
    """An edit of a signed or replaced PK (or of its items) was refused."""


def _pesan_beku(pk: PerjanjianKinerja, status: str) -> str:
    if status == PerjanjianKinerja.Status.DIGANTI:
        return f"{pk} sudah diganti oleh PK perubahan dan hanya dapat dibaca."
    return (
        f"{pk} sudah ditandatangani dan tidak dapat diubah lagi; buat PK perubahan bila "
        "target berubah."
    )


def pk_pastikan_draf(pk: PerjanjianKinerja) -> None:
    """Raise :class:`PkBeku` unless the PK (as stored, not as in memory) is a draft."""
    if not pk.pk:
        return
    row = PerjanjianKinerja.objects.filter(pk=pk.pk).values("status", "tahun", "versi").first()
    if row is not None and row["status"] != PerjanjianKinerja.Status.DRAFT:
        tersimpan = PerjanjianKinerja(pk=pk.pk, tahun=row["tahun"], versi=row["versi"])
        raise PkBeku(_pesan_beku(tersimpan, row["status"]))


def pk_item_periksa(item: PerjanjianKinerjaItem, iku: Iku) -> list[str]:
    """Messages about one committed target of a PK (same value rules as IKU targets)."""
    target = TargetInput(
        tahun=None,
        nilai=item.target,
        nilai_max=item.target_max,
        nilai_kualitatif=item.target_kualitatif or "",
    )
    skala = skala_engine(iku.skala_id) if iku.polaritas == Polaritas.KUALITATIF else None
    return [m.pesan for m in _periksa_nilai(target, 0, iku.polaritas, skala, f"Butir {iku.kode}")]


@transaction.atomic
def pk_simpan(pk: PerjanjianKinerja) -> PerjanjianKinerja:
    """Save changes to a draft PK (not its status); refused once signed."""
    pk_pastikan_draf(pk)
    pk.save()
    return pk


@transaction.atomic
def pk_item_simpan(item: PerjanjianKinerjaItem) -> PerjanjianKinerjaItem:
    """Change one committed target of a draft PK; refused once the PK is signed."""
    pk_pastikan_draf(item.pk_dokumen)
    galat = pk_item_periksa(item, item.iku)
    if galat:
        raise ValidationError({"target": galat})
    item.save()
    return item


def _versi_berikut(tahun: int) -> int:
    terakhir = PerjanjianKinerja.objects.filter(tahun=tahun).aggregate(m=Max("versi"))["m"]
    return (terakhir or 0) + 1


def _draf_tahun(tahun: int) -> PerjanjianKinerja | None:
    return PerjanjianKinerja.objects.filter(
        tahun=tahun, status=PerjanjianKinerja.Status.DRAFT
    ).first()


@transaction.atomic
def pk_buat_draft(tahun: int, user: Any = None) -> PerjanjianKinerja:
    """Create the draft PK of ``tahun`` with one item per active IKU that has a yearly target
    for that year (a copy: later target edits do not touch it). One draft per year; once a PK
    of the year is signed, changes go through :func:`pk_perubahan`."""
    if isinstance(tahun, bool) or not isinstance(tahun, int) or not 2000 <= tahun <= 2100:
        raise ValidationError({"tahun": f"Tahun '{tahun}' tidak valid."})
    # Serialise concurrent drafts of the same year (the partial unique index is the backstop).
    list(PerjanjianKinerja.objects.select_for_update().filter(tahun=tahun))
    draf = _draf_tahun(tahun)
    if draf is not None:
        raise ValidationError({"tahun": f"Sudah ada draf PK {tahun} ({draf}); lanjutkan draf itu."})
    sah = PerjanjianKinerja.objects.filter(
        tahun=tahun, status=PerjanjianKinerja.Status.DITANDATANGANI
    ).first()
    if sah is not None:
        raise ValidationError(
            {"tahun": f"{sah} sudah ditandatangani; gunakan PK perubahan untuk mengubahnya."}
        )
    targets = list(
        TargetIku.objects.filter(tahun=tahun, triwulan__isnull=True, iku__aktif=True)
        .select_related("iku")
        .order_by("iku__kode")
    )
    if not targets:
        raise ValidationError({"tahun": f"Belum ada IKU aktif dengan target tahunan {tahun}."})
    pk = PerjanjianKinerja.objects.create(
        tahun=tahun,
        versi=_versi_berikut(tahun),
        status=PerjanjianKinerja.Status.DRAFT,
        dicatat_oleh=user if getattr(user, "pk", None) else None,
    )
    PerjanjianKinerjaItem.objects.bulk_create(
        [
            PerjanjianKinerjaItem(
                pk_dokumen=pk,
                iku=t.iku,
                target=t.nilai,
                target_max=t.nilai_max,
                target_kualitatif=t.nilai_kualitatif,
                satuan=t.iku.satuan,
            )
            for t in targets
        ]
    )
    return pk


def _kunci(pk: PerjanjianKinerja) -> PerjanjianKinerja:
    return PerjanjianKinerja.objects.select_for_update().get(pk=pk.pk)


@transaction.atomic
def pk_tandatangani(
    pk: PerjanjianKinerja,
    penandatangan: str,
    jabatan: str,
    tanggal: dt.date | None,
    user: Any = None,
) -> PerjanjianKinerja:
    """Sign a draft PK: it becomes read-only (status "ditandatangani"). Only users with
    ``opd.tandatangani_pk`` (Kepala OPD, Admin OPD) may sign."""
    if user is not None and not user.has_perm(IZIN_TANDATANGANI_PK):
        raise PermissionDenied("Anda tidak berwenang menandatangani Perjanjian Kinerja.")
    pk = _kunci(pk)
    pk_pastikan_draf(pk)
    errors: dict[str, list[str]] = {}
    if not (penandatangan or "").strip():
        errors["penandatangan"] = ["Nama penandatangan wajib diisi."]
    if not (jabatan or "").strip():
        errors["jabatan_penandatangan"] = ["Jabatan penandatangan wajib diisi."]
    if tanggal is None:
        errors["tanggal_tanda_tangan"] = ["Tanggal tanda tangan wajib diisi."]
    elif tanggal.year not in (pk.tahun - 1, pk.tahun):
        errors["tanggal_tanda_tangan"] = [
            f"Tanggal tanda tangan {tanggal:%d-%m-%Y} tidak wajar untuk PK {pk.tahun}; "
            f"gunakan tanggal pada tahun {pk.tahun - 1} atau {pk.tahun}."
        ]
    items = list(pk.item.select_related("iku"))
    if not items:
        errors.setdefault("__all__", []).append("PK tanpa butir IKU tidak dapat ditandatangani.")
    for item in items:
        galat = pk_item_periksa(item, item.iku)
        if galat:
            errors.setdefault("__all__", []).extend(galat)
    if errors:
        raise ValidationError(errors)
    pk.penandatangan = penandatangan.strip()
    pk.jabatan_penandatangan = jabatan.strip()
    pk.tanggal_tanda_tangan = tanggal
    pk.status = PerjanjianKinerja.Status.DITANDATANGANI
    pk.save()
    return pk


@transaction.atomic
def pk_perubahan(pk: PerjanjianKinerja, alasan: str, user: Any = None) -> PerjanjianKinerja:
    """Start a PK perubahan: a new draft version (versi + 1) copying the signed items, with
    the reason; the signed version is marked "diganti" and stays readable."""
    if user is not None and not user.has_perm("opd.change_perjanjiankinerja"):
        raise PermissionDenied("Anda tidak berwenang membuat PK perubahan.")
    pk = _kunci(pk)
    if pk.status != PerjanjianKinerja.Status.DITANDATANGANI:
        raise ValidationError(
            f"Hanya PK yang sudah ditandatangani yang dapat diubah melalui PK perubahan; "
            f"{pk} berstatus {pk.get_status_display().lower()}."
        )
    if not (alasan or "").strip():
        raise ValidationError({"alasan_perubahan": "Alasan perubahan wajib diisi."})
    draf = _draf_tahun(pk.tahun)
    if draf is not None:
        raise ValidationError(f"Sudah ada draf PK {pk.tahun} ({draf}); lanjutkan draf itu.")
    baru = PerjanjianKinerja.objects.create(
        tahun=pk.tahun,
        versi=_versi_berikut(pk.tahun),
        status=PerjanjianKinerja.Status.DRAFT,
        alasan_perubahan=alasan.strip(),
        dicatat_oleh=user if getattr(user, "pk", None) else None,
    )
    PerjanjianKinerjaItem.objects.bulk_create(
        [
            PerjanjianKinerjaItem(
                pk_dokumen=baru,
                iku_id=item.iku_id,
                target=item.target,
                target_max=item.target_max,
                target_kualitatif=item.target_kualitatif,
                satuan=item.satuan,
            )
            for item in pk.item.all()
        ]
    )
    # Status change of a frozen row: a queryset update, the only write the guard lets through.
    PerjanjianKinerja.objects.filter(pk=pk.pk).update(status=PerjanjianKinerja.Status.DIGANTI)
    return baru


@transaction.atomic
def pk_hapus_draf(pk: PerjanjianKinerja, user: Any = None) -> None:
    """Delete a draft PK. Deleting the draft of a PK perubahan cancels the change: the version
    it replaced becomes the signed PK again."""
    pk = _kunci(pk)
    pk_pastikan_draf(pk)
    tahun, versi = pk.tahun, pk.versi
    pk.delete()
    sebelumnya = (
        PerjanjianKinerja.objects.filter(
            tahun=tahun, versi__lt=versi, status=PerjanjianKinerja.Status.DIGANTI
        )
        .order_by("-versi")
        .first()
    )
    if (
        sebelumnya is not None
        and not PerjanjianKinerja.objects.filter(
            tahun=tahun, status=PerjanjianKinerja.Status.DITANDATANGANI
        ).exists()
    ):
        PerjanjianKinerja.objects.filter(pk=sebelumnya.pk).update(
            status=PerjanjianKinerja.Status.DITANDATANGANI
        )


# --- permissions -----------------------------------------------------------------------------

_MODEL_RENCANA = ("renstra", "tujuanrenstra", "sasaranstrategis", "iku", "targetiku")
_MODEL_PK = ("perjanjiankinerja", "perjanjiankinerjaitem")
# Realisasi rows change only through the workflow services; roles get view + workflow rights.
_LIHAT_REALISASI = {
    f"view_{m}" for m in ("realisasiiku", "buktidukung", "revisirealisasi", "jejakaudit")
}


def _izin_peran() -> dict[str, set[str]]:
    from tenants import roles

    semua = {
        f"{aksi}_{model}"
        for model in (*_MODEL_RENCANA, *_MODEL_PK)
        for aksi in ("add", "change", "delete", "view")
    }
    return {
        roles.ADMIN_OPD: semua | {"tandatangani_pk"} | _LIHAT_REALISASI,
        roles.OPERATOR: {
            f"{aksi}_{model}"
            for model in (*_MODEL_RENCANA, *_MODEL_PK)
            for aksi in ("add", "change", "view")
        }
        | _LIHAT_REALISASI
        | {"ajukan_realisasi"},
        roles.KEPALA_OPD: {f"view_{model}" for model in (*_MODEL_RENCANA, *_MODEL_PK)}
        | {"tandatangani_pk", "setujui_realisasi"}
        | _LIHAT_REALISASI,
    }


@transaction.atomic
def opd_permissions_ensure() -> dict[str, list[str]]:
    """Grant this app's model permissions to the OPD role groups of the CURRENT schema (an OPD
    schema or the clone base): Admin OPD everything; Operator add/change/view of the plan
    (Renstra, tujuan, sasaran, IKU, targets) and of PK drafts, but not signing; Kepala OPD
    view everything and sign PK (``opd.tandatangani_pk``). Other apps' permissions of the
    groups are left alone; this app's are set exactly. Idempotent; returns codenames per role.
    """
    from django.db import connection
    from django_tenants.utils import get_public_schema_name

    if getattr(connection, "schema_name", None) == get_public_schema_name():
        raise RuntimeError("opd_permissions_ensure() harus dijalankan di skema OPD.")
    # Looked up by app label, not through ContentType's process-wide cache (ids may differ
    # between schemas).
    from kinerja.opd.models import PerjanjianKinerja, RealisasiIku

    for model in (PerjanjianKinerja, RealisasiIku):
        ct = ContentType.objects.filter(app_label="opd", model=model._meta.model_name).first()
        for codename, nama in model._meta.permissions if ct is not None else ():
            Permission.objects.get_or_create(
                content_type=ct, codename=codename, defaults={"name": nama}
            )
    izin = {p.codename: p for p in Permission.objects.filter(content_type__app_label="opd")}
    hasil: dict[str, list[str]] = {}
    for peran, codenames in _izin_peran().items():
        group, _ = Group.objects.get_or_create(name=peran)
        wanted = [izin[c] for c in sorted(codenames) if c in izin]
        lama = group.permissions.filter(content_type__app_label="opd")
        group.permissions.remove(*[p for p in lama if p.codename not in codenames])
        group.permissions.add(*wanted)
        hasil[peran] = [p.codename for p in wanted]
    return hasil
