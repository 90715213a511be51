"""Write side of the province data (public schema only).

Every write goes through a ``*_simpan`` function here: it validates with the ``periksa_*``
rules (also used by the admin forms and the Excel import, so the three never disagree), raises
``django.core.exceptions.ValidationError`` keyed by field with Indonesian messages, and saves in
one transaction.

``periksa_*`` functions return a list of :class:`Pelanggaran` (violations) instead of raising, so
that forms can attach each message to the right field of the right inline row and the importer to
the right Excel column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction

from kinerja.choices import Polaritas
from kinerja.daerah.guards import pastikan_public_schema
from kinerja.daerah.models import (
    IndikatorDaerah,
    JadwalPelaporan,
    MisiRpjmd,
    PeriodeRpjmd,
    PredikatBand,
    RealisasiDaerah,
    SasaranRpjmd,
    SkalaKualitatif,
    SkemaPredikat,
    TargetDaerah,
    TingkatKualitatif,
    TujuanRpjmd,
)
from kinerja.engine import DEFAULT_BANDS, format_angka, validate_bands
from kinerja.engine import PredikatBand as EngineBand
from kinerja.engine import SkalaKualitatif as EngineSkala

__all__ = [
    "Pelanggaran",
    "bands_periksa",
    "daerah_permissions_ensure",
    "indikator_simpan",
    "jadwal_simpan",
    "misi_simpan",
    "periksa_indikator",
    "periksa_periode",
    "periksa_sasaran",
    "periksa_skala",
    "periksa_tujuan",
    "periode_label",
    "periode_simpan",
    "realisasi_simpan",
    "sasaran_simpan",
    "skala_simpan",
    "skema_predikat_aktifkan",
    "skema_predikat_default_ensure",
    "skema_predikat_simpan",
    "tujuan_simpan",
]


@dataclass(frozen=True)
class Pelanggaran:
    """One broken rule. ``field`` is a field of the indicator (``bagian`` empty) or of the
    ``indeks``-th item of the targets/realisasi given (``bagian`` "target"/"realisasi")."""

    field: str
    pesan: str
    bagian: str = ""
    indeks: int | None = None


def _raise(pelanggaran: Sequence[Pelanggaran]) -> None:
    """Turn violations into one ValidationError keyed by field (inline rows under their
    relation name: "target", "realisasi", "tingkat", "bands")."""
    if not pelanggaran:
        return
    errors: dict[str, list[str]] = {}
    for p in pelanggaran:
        key = p.bagian or p.field or "__all__"
        errors.setdefault(key, []).append(p.pesan)
    raise ValidationError(errors)


def _full_clean(instance: object, exclude: Iterable[str] = ()) -> list[Pelanggaran]:
    try:
        instance.full_clean(exclude=list(exclude))  # type: ignore[attr-defined]
    except ValidationError as exc:
        return [
            Pelanggaran("" if field == "__all__" else field, pesan)
            for field, messages in exc.message_dict.items()
            for pesan in messages
        ]
    return []


def _angka(value: Decimal) -> str:
    return format_angka(value, places=None)


def periode_label(periode: PeriodeRpjmd) -> str:
    """ "RPJMD 2021–2026" as used in messages."""
    return f"RPJMD {periode.tahun_awal}–{periode.tahun_akhir}"


# --- RPJMD cascade ----------------------------------------------------------------------------


def periksa_periode(periode: PeriodeRpjmd) -> list[Pelanggaran]:
    """A shortened period must not strand existing targets or realisasi outside it."""
    if not periode.pk or not periode.tahun_awal or not periode.tahun_akhir:
        return []
    hasil = []
    for model, nama in ((TargetDaerah, "Target"), (RealisasiDaerah, "Realisasi")):
        tahun_luar = sorted(
            set(
                model.objects.filter(indikator__periode=periode)
                .exclude(tahun__range=(periode.tahun_awal, periode.tahun_akhir))
                .values_list("tahun", flat=True)
            )
        )
        if tahun_luar:
            daftar = ", ".join(str(t) for t in tahun_luar)
            hasil.append(
                Pelanggaran(
                    "tahun_awal" if tahun_luar[0] < periode.tahun_awal else "tahun_akhir",
                    f"{nama} tahun {daftar} sudah ada dan akan berada di luar periode "
                    f"{periode.tahun_awal}–{periode.tahun_akhir}; ubah atau hapus dahulu.",
                )
            )
    return hasil


@transaction.atomic
def periode_simpan(periode: PeriodeRpjmd) -> PeriodeRpjmd:
    """Validate (model rules and existing targets) and save a periode RPJMD."""
    pastikan_public_schema()
    _raise(_full_clean(periode) + periksa_periode(periode))
    periode.save()
    return periode


@transaction.atomic
def misi_simpan(misi: MisiRpjmd) -> MisiRpjmd:
    """Validate (nomor unique per periode) and save a misi."""
    pastikan_public_schema()
    _raise(_full_clean(misi))
    misi.save()
    return misi


def periksa_tujuan(tujuan: TujuanRpjmd) -> list[Pelanggaran]:
    """Tujuan kode must be unique within the whole periode (the Excel import finds a tujuan by
    its kode)."""
    if not tujuan.kode or not tujuan.misi_id:
        return []
    lain = TujuanRpjmd.objects.filter(
        misi__periode_id=tujuan.misi.periode_id, kode__iexact=tujuan.kode.strip()
    ).exclude(pk=tujuan.pk)
    if lain.exists():
        return [
            Pelanggaran(
                "kode", f"Kode tujuan '{tujuan.kode}' sudah dipakai pada periode yang sama."
            )
        ]
    return []


def periksa_sasaran(sasaran: SasaranRpjmd) -> list[Pelanggaran]:
    """Sasaran kode must be unique within the whole periode (see :func:`periksa_tujuan`)."""
    if not sasaran.kode or not sasaran.tujuan_id:
        return []
    lain = SasaranRpjmd.objects.filter(
        tujuan__misi__periode_id=sasaran.tujuan.misi.periode_id,
        kode__iexact=sasaran.kode.strip(),
    ).exclude(pk=sasaran.pk)
    if lain.exists():
        return [
            Pelanggaran(
                "kode", f"Kode sasaran '{sasaran.kode}' sudah dipakai pada periode yang sama."
            )
        ]
    return []


@transaction.atomic
def tujuan_simpan(tujuan: TujuanRpjmd) -> TujuanRpjmd:
    """Validate and save a tujuan RPJMD."""
    pastikan_public_schema()
    tujuan.kode = (tujuan.kode or "").strip()
    _raise(_full_clean(tujuan) + periksa_tujuan(tujuan))
    tujuan.save()
    return tujuan


@transaction.atomic
def sasaran_simpan(sasaran: SasaranRpjmd) -> SasaranRpjmd:
    """Validate and save a sasaran RPJMD."""
    pastikan_public_schema()
    sasaran.kode = (sasaran.kode or "").strip()
    _raise(_full_clean(sasaran) + periksa_sasaran(sasaran))
    sasaran.save()
    return sasaran


# --- Skala kualitatif -------------------------------------------------------------------------


def _norm(label: str) -> str:
    return " ".join(label.split()).casefold()


def skala_engine(skala: SkalaKualitatif | None) -> EngineSkala | None:
    """The engine scale of a saved scale, or None when it has no levels yet."""
    if skala is None:
        return None
    tingkat = tuple((t.label, t.skor) for t in skala.tingkat.all())
    if not tingkat:
        return None
    return EngineSkala(nama=skala.nama, tingkat=tingkat)


def periksa_skala(
    skala: SkalaKualitatif, tingkat: Sequence[TingkatKualitatif]
) -> list[Pelanggaran]:
    """At least one level; labels (case-insensitive) and scores unique; a label still used by a
    target or realisasi of an indicator on this scale may not disappear."""
    hasil: list[Pelanggaran] = []
    if not tingkat:
        hasil.append(Pelanggaran("", "Skala harus memiliki paling sedikit satu tingkat."))
        return hasil
    labels: dict[str, int] = {}
    skors: dict[int, int] = {}
    for i, t in enumerate(tingkat):
        label = " ".join((t.label or "").split())
        if not label:
            hasil.append(Pelanggaran("label", "Label wajib diisi.", "tingkat", i))
            continue
        if _norm(label) in labels:
            hasil.append(
                Pelanggaran("label", f"Label '{label}' dipakai lebih dari sekali.", "tingkat", i)
            )
        labels.setdefault(_norm(label), i)
        if t.skor is not None:
            if t.skor in skors:
                hasil.append(
                    Pelanggaran("skor", f"Skor {t.skor} dipakai lebih dari sekali.", "tingkat", i)
                )
            skors.setdefault(t.skor, i)
    if skala.pk:
        dipakai = set()
        for model in (TargetDaerah, RealisasiDaerah):
            dipakai |= {
                (kode, label)
                for kode, label in model.objects.filter(
                    indikator__skala=skala, indikator__polaritas=Polaritas.KUALITATIF
                )
                .exclude(nilai_kualitatif="")
                .values_list("indikator__kode", "nilai_kualitatif")
            }
        for kode, label in sorted(dipakai):
            if _norm(label) not in labels:
                hasil.append(
                    Pelanggaran(
                        "",
                        f"Label '{label}' masih dipakai oleh indikator {kode}; "
                        "ubah data indikator itu dahulu.",
                    )
                )
    return hasil


@transaction.atomic
def skala_simpan(skala: SkalaKualitatif, tingkat: Sequence[tuple[str, int]]) -> SkalaKualitatif:
    """Validate and save a scale with its levels (replacing the previous levels)."""
    pastikan_public_schema()
    items = [TingkatKualitatif(label=" ".join(label.split()), skor=skor) for label, skor in tingkat]
    _raise(_full_clean(skala) + periksa_skala(skala, items))
    skala.save()
    TingkatKualitatif.objects.filter(skala=skala).delete()
    for item in items:
        item.skala = skala
        item.save()
    return skala


# --- Indikator daerah -------------------------------------------------------------------------


def _cek_label(skala: EngineSkala | None, label: str, awalan: str) -> tuple[str | None, str | None]:
    """(canonical label, error) for a qualitative value."""
    if skala is None:
        return None, None  # reported once on the "skala" field
    skor = skala.skor(label)
    if skor is None:
        pilihan = ", ".join(skala.labels)
        return (
            None,
            f"{awalan}'{label.strip()}' tidak ada pada skala {skala.nama} (pilihan: {pilihan}).",
        )
    canonical = next(lbl for lbl, _ in skala.tingkat if _norm(lbl) == _norm(label))
    return canonical, None


_BELUM = object()


def periksa_indikator(
    indikator: IndikatorDaerah,
    targets: Sequence[TargetDaerah] = (),
    realisasi: Sequence[RealisasiDaerah] = (),
    *,
    skala: EngineSkala | object | None = _BELUM,
    periksa_induk: bool = True,
) -> list[Pelanggaran]:
    """Business rules of an indicator with the yearly targets and the realisasi being written.

    - it belongs to exactly one of tujuan/sasaran, of the same periode;
    - an IKD needs an aspek;
    - kualitatif needs a skala, and every label (kondisi awal, targets, realisasi) must exist on
      it (case-insensitive; the label is rewritten in the scale's spelling); no numbers;
    - other polarities need numbers, no labels; rentang needs both bounds with bawah ≤ atas, and
      only rentang may have an upper bound;
    - target and realisasi years lie within the periode, at most once each;
    - realisasi of an indicator whose ``sumber_nilai`` is "iku" cannot be typed by Bappeda.

    ``skala`` may be passed pre-loaded (importer); otherwise it is read from ``indikator.skala``.
    ``periksa_induk=False`` skips the tujuan/sasaran periode check when the caller resolved them
    within the periode already.
    """
    hasil: list[Pelanggaran] = []
    periode = indikator.periode if indikator.periode_id else None
    if periode is None:
        hasil.append(Pelanggaran("periode", "Periode RPJMD wajib dipilih."))

    # Cascade: exactly one parent, within the periode.
    if indikator.tujuan_id and indikator.sasaran_id:
        hasil.append(
            Pelanggaran("sasaran", "Pilih salah satu: tujuan atau sasaran RPJMD, tidak keduanya.")
        )
    elif not indikator.tujuan_id and not indikator.sasaran_id:
        hasil.append(
            Pelanggaran(
                "sasaran", "Indikator harus terhubung ke satu tujuan atau satu sasaran RPJMD."
            )
        )
    elif periode is not None and periksa_induk:
        if indikator.tujuan_id:
            induk, field, nama = indikator.tujuan, "tujuan", "Tujuan"
            periode_induk = induk.misi.periode_id
        else:
            induk, field, nama = indikator.sasaran, "sasaran", "Sasaran"
            periode_induk = induk.tujuan.misi.periode_id
        if periode_induk != periode.pk:
            hasil.append(
                Pelanggaran(
                    field,
                    f"{nama} {induk.kode} bukan bagian dari periode {periode_label(periode)}.",
                )
            )

    if indikator.is_ikd and not indikator.aspek:
        hasil.append(
            Pelanggaran("aspek", "Aspek IKD wajib dipilih untuk Indikator Kinerja Daerah (IKD).")
        )

    polaritas = indikator.polaritas
    kualitatif = polaritas == Polaritas.KUALITATIF
    if skala is _BELUM:
        skala = skala_engine(indikator.skala) if indikator.skala_id else None
    assert skala is None or isinstance(skala, EngineSkala)
    if kualitatif and not indikator.skala_id:
        hasil.append(
            Pelanggaran("skala", "Skala kualitatif wajib dipilih untuk polaritas kualitatif.")
        )
    elif kualitatif and skala is None:
        hasil.append(Pelanggaran("skala", "Skala kualitatif ini belum memiliki tingkat."))
    elif not kualitatif and indikator.skala_id:
        hasil.append(
            Pelanggaran(
                "skala", "Skala kualitatif hanya dipakai untuk polaritas kualitatif; kosongkan."
            )
        )

    # Kondisi awal and target akhir on the indicator itself.
    if kualitatif:
        for field, field_label, nama in (
            ("kondisi_awal", "kondisi_awal_kualitatif", "Kondisi awal"),
            ("target_akhir", "target_akhir_kualitatif", "Target akhir"),
        ):
            if getattr(indikator, field) is not None:
                hasil.append(
                    Pelanggaran(
                        field,
                        f"{nama} indikator kualitatif diisi dengan label skala, bukan angka.",
                    )
                )
            label = getattr(indikator, field_label)
            if label and label.strip():
                canonical, pesan = _cek_label(skala, label, f"{nama}: ")
                if pesan:
                    hasil.append(Pelanggaran(field_label, pesan))
                elif canonical:
                    setattr(indikator, field_label, canonical)
        if indikator.target_akhir_max is not None:
            hasil.append(
                Pelanggaran("target_akhir_max", "Batas atas hanya untuk polaritas rentang.")
            )
    else:
        for field_label, nama in (
            ("kondisi_awal_kualitatif", "Kondisi awal"),
            ("target_akhir_kualitatif", "Target akhir"),
        ):
            if (getattr(indikator, field_label) or "").strip():
                hasil.append(
                    Pelanggaran(
                        field_label,
                        f"{nama} (kualitatif) hanya untuk polaritas kualitatif; isi dengan angka.",
                    )
                )
        hasil += _periksa_rentang(
            polaritas,
            indikator.target_akhir,
            indikator.target_akhir_max,
            "Target akhir",
            ("target_akhir", "target_akhir_max"),
        )

    # Yearly targets.
    tahun_dilihat: set[int] = set()
    for i, target in enumerate(targets):
        nama = f"Target {target.tahun}" if target.tahun else "Target"
        hasil += _periksa_tahun(target.tahun, periode, nama, "target", i, tahun_dilihat)
        if kualitatif:
            hasil += _periksa_nilai_kualitatif(target, skala, nama, "target", i)
        else:
            if (target.nilai_kualitatif or "").strip():
                hasil.append(
                    Pelanggaran(
                        "nilai_kualitatif",
                        f"{nama}: nilai kualitatif hanya untuk polaritas kualitatif; "
                        "isi dengan angka.",
                        "target",
                        i,
                    )
                )
            elif target.nilai is None and polaritas != Polaritas.RENTANG:
                hasil.append(
                    Pelanggaran("nilai", f"{nama}: nilai target wajib diisi.", "target", i)
                )
            hasil += [
                Pelanggaran(p.field, p.pesan, "target", i)
                for p in _periksa_rentang(
                    polaritas, target.nilai, target.nilai_max, nama, ("nilai", "nilai_max"), True
                )
            ]

    # Realisasi typed by Bappeda.
    tahun_dilihat = set()
    for i, item in enumerate(realisasi):
        nama = f"Realisasi {item.tahun}" if item.tahun else "Realisasi"
        if indikator.sumber_nilai == IndikatorDaerah.SumberNilai.IKU:
            hasil.append(
                Pelanggaran(
                    "nilai",
                    f"{nama}: realisasi indikator ini diambil dari IKU Perangkat Daerah yang "
                    "terhubung; Bappeda tidak dapat mengisinya.",
                    "realisasi",
                    i,
                )
            )
            continue
        hasil += _periksa_tahun(item.tahun, periode, nama, "realisasi", i, tahun_dilihat)
        if kualitatif:
            hasil += _periksa_nilai_kualitatif(item, skala, nama, "realisasi", i)
        elif (item.nilai_kualitatif or "").strip():
            hasil.append(
                Pelanggaran(
                    "nilai_kualitatif",
                    f"{nama}: nilai kualitatif hanya untuk polaritas kualitatif; isi dengan angka.",
                    "realisasi",
                    i,
                )
            )
        elif item.nilai is None:
            hasil.append(
                Pelanggaran("nilai", f"{nama}: nilai realisasi wajib diisi.", "realisasi", i)
            )
    return hasil


def _periksa_tahun(
    tahun: int | None,
    periode: PeriodeRpjmd | None,
    nama: str,
    bagian: str,
    indeks: int,
    dilihat: set[int],
) -> list[Pelanggaran]:
    if tahun is None:
        return [Pelanggaran("tahun", f"{nama}: tahun wajib diisi.", bagian, indeks)]
    hasil = []
    if periode is not None and not periode.tahun_awal <= tahun <= periode.tahun_akhir:
        hasil.append(
            Pelanggaran("tahun", f"{nama} di luar periode {periode_label(periode)}", bagian, indeks)
        )
    if tahun in dilihat:
        hasil.append(Pelanggaran("tahun", f"{nama} diisi lebih dari sekali.", bagian, indeks))
    dilihat.add(tahun)
    return hasil


def _periksa_nilai_kualitatif(
    item: TargetDaerah | RealisasiDaerah,
    skala: EngineSkala | None,
    nama: str,
    bagian: str,
    indeks: int,
) -> list[Pelanggaran]:
    hasil = []
    for field in ("nilai", "nilai_max"):
        if getattr(item, field, None) is not None:
            hasil.append(
                Pelanggaran(
                    field,
                    f"{nama}: indikator kualitatif diisi dengan label skala, bukan angka.",
                    bagian,
                    indeks,
                )
            )
    label = (item.nilai_kualitatif or "").strip()
    if not label:
        hasil.append(
            Pelanggaran(
                "nilai_kualitatif",
                f"{nama}: label wajib diisi untuk polaritas kualitatif.",
                bagian,
                indeks,
            )
        )
        return hasil
    canonical, pesan = _cek_label(skala, label, f"{nama}: ")
    if pesan:
        hasil.append(Pelanggaran("nilai_kualitatif", pesan, bagian, indeks))
    elif canonical:
        item.nilai_kualitatif = canonical
    return hasil


def _periksa_rentang(
    polaritas: str,
    bawah: Decimal | None,
    atas: Decimal | None,
    nama: str,
    fields: tuple[str, str],
    wajib: bool = False,
) -> list[Pelanggaran]:
    """Rentang: both bounds (when anything or ``wajib``), bawah ≤ atas; others: no upper bound."""
    field_bawah, field_atas = fields
    if polaritas != Polaritas.RENTANG:
        if atas is not None:
            return [Pelanggaran(field_atas, f"{nama}: batas atas hanya untuk polaritas rentang.")]
        return []
    if bawah is None and atas is None and not wajib:
        return []
    hasil = []
    if bawah is None:
        hasil.append(
            Pelanggaran(field_bawah, f"{nama}: batas bawah wajib diisi untuk polaritas rentang.")
        )
    if atas is None:
        hasil.append(
            Pelanggaran(field_atas, f"{nama}: batas atas wajib diisi untuk polaritas rentang.")
        )
    if bawah is not None and atas is not None and bawah > atas:
        hasil.append(
            Pelanggaran(
                field_atas,
                f"{nama}: batas bawah ({_angka(bawah)}) harus ≤ batas atas ({_angka(atas)}).",
            )
        )
    return hasil


@transaction.atomic
def indikator_simpan(
    indikator: IndikatorDaerah, targets: Sequence[TargetDaerah] | None = None
) -> IndikatorDaerah:
    """Validate and save an indicator with its yearly targets.

    ``targets`` (unsaved ``TargetDaerah`` without ``indikator``) replace the existing ones by
    year; years not given are deleted. ``None`` keeps the existing targets, which are then
    validated against the changed indicator (e.g. switching to rentang needs upper bounds).
    """
    pastikan_public_schema()
    indikator.kode = (indikator.kode or "").strip()
    if targets is None:
        targets = list(indikator.target.all()) if indikator.pk else []
    targets = list(targets)
    pelanggaran = periksa_indikator(indikator, targets)
    if (
        indikator.periode_id
        and indikator.kode
        and IndikatorDaerah.objects.filter(periode_id=indikator.periode_id, kode=indikator.kode)
        .exclude(pk=indikator.pk)
        .exists()
    ):
        pelanggaran.append(
            Pelanggaran(
                "kode", f"Kode '{indikator.kode}' sudah dipakai indikator lain pada periode ini."
            )
        )
    try:
        # The (periode, kode) constraint is checked above with a clearer message.
        indikator.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        pelanggaran += [
            Pelanggaran("" if f == "__all__" else f, m)
            for f, messages in exc.message_dict.items()
            for m in messages
        ]
    _raise(pelanggaran)
    indikator.save()
    lama = {t.tahun: t for t in TargetDaerah.objects.filter(indikator=indikator)}
    tahun_baru = {t.tahun for t in targets}
    TargetDaerah.objects.filter(indikator=indikator).exclude(tahun__in=tahun_baru).delete()
    for target in targets:
        existing = lama.get(target.tahun)
        if existing is not None:
            existing.nilai = target.nilai
            existing.nilai_max = target.nilai_max
            existing.nilai_kualitatif = target.nilai_kualitatif or ""
            existing.save()
        else:
            TargetDaerah.objects.create(
                indikator=indikator,
                tahun=target.tahun,
                nilai=target.nilai,
                nilai_max=target.nilai_max,
                nilai_kualitatif=target.nilai_kualitatif or "",
            )
    return indikator


@transaction.atomic
def realisasi_simpan(
    indikator: IndikatorDaerah,
    tahun: int,
    *,
    nilai: Decimal | None = None,
    nilai_kualitatif: str = "",
    catatan: str = "",
) -> RealisasiDaerah:
    """Bappeda types the yearly realisasi of an indicator (e.g. BPS data). Refused when the
    indicator's realisasi comes from the linked OPD IKU (``sumber_nilai`` "iku")."""
    pastikan_public_schema()
    item = RealisasiDaerah(
        indikator=indikator,
        tahun=tahun,
        nilai=nilai,
        nilai_kualitatif=nilai_kualitatif or "",
        catatan=catatan,
        sumber=RealisasiDaerah.Sumber.BAPPEDA,
    )
    pelanggaran = [
        p
        for p in periksa_indikator(indikator, (), [item], periksa_induk=False)
        if p.bagian == "realisasi"
    ]
    _raise(pelanggaran)
    obj, _ = RealisasiDaerah.objects.update_or_create(
        indikator=indikator,
        tahun=tahun,
        defaults={
            "nilai": item.nilai,
            "nilai_kualitatif": item.nilai_kualitatif,
            "catatan": catatan,
            "sumber": RealisasiDaerah.Sumber.BAPPEDA,
        },
    )
    return obj


# --- Predikat ---------------------------------------------------------------------------------


def bands_periksa(bands: Sequence[EngineBand]) -> list[str]:
    """Messages of the engine's validation of a whole band set (empty when valid)."""
    return validate_bands(list(bands))


def _engine_band(band: PredikatBand | EngineBand) -> EngineBand:
    if isinstance(band, EngineBand):
        return band
    return band.as_engine()


@transaction.atomic
def skema_predikat_simpan(
    skema: SkemaPredikat,
    bands: Sequence[PredikatBand | EngineBand],
    *,
    warna: dict[str, str] | None = None,
) -> SkemaPredikat:
    """Validate the whole band set with the engine and save the scheme, replacing its bands.
    A scheme saved as ``aktif`` deactivates the others (exactly one is active)."""
    pastikan_public_schema()
    engine_bands = [_engine_band(b) for b in bands]
    pesan = bands_periksa(engine_bands)
    if pesan:
        raise ValidationError({"bands": pesan})
    _raise(_full_clean(skema, exclude=["aktif"]))
    if skema.aktif:
        SkemaPredikat.objects.filter(aktif=True).exclude(pk=skema.pk).update(aktif=False)
    skema.save()
    PredikatBand.objects.filter(skema=skema).delete()
    warna = warna or {}
    for band in bands:
        eb = _engine_band(band)
        PredikatBand.objects.create(
            skema=skema,
            kode=eb.kode,
            label=eb.label,
            batas_bawah=eb.batas_bawah,
            batas_atas=eb.batas_atas,
            warna=getattr(band, "warna", None) or warna.get(eb.kode, "#888888"),
        )
    return skema


@transaction.atomic
def skema_predikat_aktifkan(skema: SkemaPredikat) -> SkemaPredikat:
    """Make ``skema`` the only active scheme (its bands are validated first)."""
    pastikan_public_schema()
    pesan = bands_periksa([b.as_engine() for b in skema.bands.all()])
    if pesan:
        raise ValidationError({"bands": pesan})
    SkemaPredikat.objects.filter(aktif=True).exclude(pk=skema.pk).update(aktif=False)
    skema.aktif = True
    skema.save(update_fields=["aktif"])
    return skema


WARNA_DEFAULT = {
    "sangat_tinggi": "#1a7f37",
    "tinggi": "#4caf50",
    "sedang": "#f0ad4e",
    "rendah": "#e8590c",
    "sangat_rendah": "#c92a2a",
}


def skema_predikat_default_ensure() -> SkemaPredikat:
    """Create the default scheme (Permendagri 86/2017 bands, active) when no scheme exists;
    otherwise return the active (or first) one. Idempotent."""
    existing = SkemaPredikat.objects.filter(aktif=True).first() or SkemaPredikat.objects.first()
    if existing is not None:
        return existing
    return skema_predikat_simpan(
        SkemaPredikat(nama="Permendagri 86/2017", aktif=True), DEFAULT_BANDS, warna=WARNA_DEFAULT
    )


# --- Jadwal -----------------------------------------------------------------------------------


@transaction.atomic
def jadwal_simpan(jadwal: JadwalPelaporan) -> JadwalPelaporan:
    """Validate (dates in order, one window per tahun + triwulan) and save a reporting window."""
    pastikan_public_schema()
    _raise(_full_clean(jadwal))
    jadwal.save()
    return jadwal


# --- Permissions ------------------------------------------------------------------------------

DAERAH_MODELS = (
    "perioderpjmd",
    "misirpjmd",
    "tujuanrpjmd",
    "sasaranrpjmd",
    "skalakualitatif",
    "tingkatkualitatif",
    "indikatordaerah",
    "targetdaerah",
    "realisasidaerah",
    "skemapredikat",
    "predikatband",
    "jadwalpelaporan",
    "perpanjanganjadwal",
    "pengingat",
)


def daerah_permissions_ensure() -> dict[str, int]:
    """Grant the daerah model permissions to Bappeda's groups in the public schema:
    add/change/delete/view to "Admin Bappeda", view to "Verifikator Bappeda". Creates the
    groups' rows if missing (names from ``tenants.roles``). Idempotent; returns the number of
    permissions per group. Call it from ``tenants.services.public_setup``."""
    from tenants import roles

    pastikan_public_schema()
    models_ = [m.lower() for m in DAERAH_MODELS]
    semua = Permission.objects.filter(
        content_type__app_label="daerah",
        codename__in=[
            f"{aksi}_{m}" for m in models_ for aksi in ("add", "change", "delete", "view")
        ],
    )
    lihat = semua.filter(codename__startswith="view_")
    # Verifying OPD realisasi and granting window extensions is the verifikator's daily work.
    kerja = Permission.objects.filter(
        content_type__app_label="daerah",
        codename__in=["verifikasi_realisasi", "add_perpanjanganjadwal"],
    )
    hasil = {}
    for nama, perms in (
        (roles.ADMIN_BAPPEDA, semua | kerja),
        (roles.VERIFIKATOR, lihat | kerja),
    ):
        group, _ = Group.objects.get_or_create(name=nama)
        perms = list(perms)
        group.permissions.add(*perms)
        hasil[nama] = len(perms)
    return hasil
