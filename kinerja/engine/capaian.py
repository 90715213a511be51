"""Capaian (achievement %) of one indicator against one target.

Formulas follow the PermenPAN-RB guide "Sistem Manajemen Kinerja"; where peers disagree the
regulation wins. The raw value is never rounded or capped here: rounding and capping are display or
scoring choices (:func:`~kinerja.engine.numbers.bulatkan`, :func:`cap`). When a capaian cannot be
computed the result says why instead of inventing 0 %.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from enum import StrEnum
from typing import overload

__all__ = [
    "SKALA_OPINI_BPK",
    "AcuanTarget",
    "CapaianResult",
    "KodeAlasan",
    "Polaritas",
    "Rumus",
    "SkalaKualitatif",
    "cap",
    "capaian_terhadap_target_akhir",
    "hitung_capaian",
]

# Fixed arithmetic context so results do not depend on whatever the caller's thread has set.
_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)
_SERATUS = Decimal(100)
_NOL = Decimal(0)


class Polaritas(StrEnum):
    """Direction in which an indicator improves; it decides the capaian formula."""

    POSITIF = "positif"  # higher is better
    NEGATIF = "negatif"  # lower is better (angka kemiskinan, pengangguran)
    RENTANG = "rentang"  # anywhere inside a min-max range is fully achieved
    STABIL = "stabil"  # any deviation from the target is worse
    KUALITATIF = "kualitatif"  # ordinal labels such as BPK opinions


class KodeAlasan(StrEnum):
    """Machine-readable reason why a value could not be computed."""

    TARGET_KOSONG = "target_kosong"
    REALISASI_KOSONG = "realisasi_kosong"
    TARGET_NOL = "target_nol"
    TARGET_NEGATIF = "target_negatif"
    RENTANG_TIDAK_VALID = "rentang_tidak_valid"
    SKALA_KOSONG = "skala_kosong"
    NILAI_KUALITATIF_TIDAK_DIKENAL = "nilai_kualitatif_tidak_dikenal"
    TRIWULAN_BELUM_BERAKHIR = "triwulan_belum_berakhir"


class AcuanTarget(StrEnum):
    """Which target a capaian was measured against, so the UI can label it."""

    TARGET = "target"  # the target of the period itself (year or quarter)
    TARGET_AKHIR = "target_akhir"  # final RPJMD/Renstra period target


class Rumus(StrEnum):
    """Human-readable formulas, shown next to every capaian."""

    POSITIF = "R / T × 100"
    NEGATIF = "(2 − R/T) × 100"
    STABIL = "100 − |R − T| / T × 100"
    STABIL_TARGET_NEGATIF = "100 − |R − T| / |T| × 100"
    RENTANG = (
        "di dalam rentang = 100; di bawah: R / batas bawah × 100; "
        "di atas: (2 − R / batas atas) × 100"
    )
    RENTANG_DALAM = "di dalam rentang = 100"
    RENTANG_BAWAH = "R / batas bawah × 100"
    RENTANG_ATAS = "(2 − R / batas atas) × 100"
    KUALITATIF = "skor(R) / skor(T) × 100"


PREFIX_TARGET_AKHIR = "Terhadap target akhir periode: "


@dataclass(frozen=True, kw_only=True)
class CapaianResult:
    """Outcome of one capaian computation.

    ``nilai`` is raw (unrounded, uncapped) or None when not computable, in which case ``alasan``
    says why in Indonesian and ``kode_alasan`` says it for machines. ``dibatasi_nol`` tells the UI
    that the formula went below 0 and was floored, so "0" is not mistaken for "nothing achieved".
    """

    polaritas: Polaritas
    nilai: Decimal | None
    formula: str
    alasan: str | None = None
    kode_alasan: KodeAlasan | None = None
    dibatasi_nol: bool = False
    acuan: AcuanTarget = AcuanTarget.TARGET

    @property
    def dapat_dihitung(self) -> bool:
        return self.nilai is not None


def _normalize_label(label: str) -> str:
    return " ".join(label.split()).casefold()


@dataclass(frozen=True)
class SkalaKualitatif:
    """Ordinal scale for qualitative targets: each label has a score, the best has the highest.

    Labels match case-insensitively with surrounding and repeated spaces ignored; two labels may
    share a score (aliases). A score of 0 is allowed but cannot serve as a target.
    """

    nama: str
    tingkat: tuple[tuple[str, int], ...]

    def __post_init__(self) -> None:
        if not self.tingkat:
            raise ValueError("SkalaKualitatif needs at least one label")
        seen: set[str] = set()
        for label, skor in self.tingkat:
            key = _normalize_label(label)
            if not key:
                raise ValueError("SkalaKualitatif labels must not be empty")
            if key in seen:
                raise ValueError(f"duplicate label in SkalaKualitatif: {label!r}")
            seen.add(key)
            if isinstance(skor, bool) or not isinstance(skor, int) or skor < 0:
                raise ValueError(f"score of {label!r} must be an int >= 0, got {skor!r}")

    @classmethod
    def dari_mapping(cls, skor: Mapping[str, int], nama: str = "kualitatif") -> SkalaKualitatif:
        return cls(nama=nama, tingkat=tuple(skor.items()))

    @property
    def labels(self) -> tuple[str, ...]:
        """Labels from best to worst, for pick lists and error messages."""
        return tuple(label for label, _ in sorted(self.tingkat, key=lambda item: -item[1]))

    def skor(self, label: str) -> int | None:
        key = _normalize_label(label)
        for candidate, skor in self.tingkat:
            if _normalize_label(candidate) == key:
                return skor
        return None


SKALA_OPINI_BPK = SkalaKualitatif(
    nama="Opini BPK",
    tingkat=(
        ("WTP", 4),  # Wajar Tanpa Pengecualian
        ("WDP", 3),  # Wajar Dengan Pengecualian
        ("TW", 2),  # Tidak Wajar
        ("TMP", 1),  # Tidak Menyatakan Pendapat
    ),
)


def _tidak_dapat(
    polaritas: Polaritas, formula: str, kode: KodeAlasan, alasan: str
) -> CapaianResult:
    return CapaianResult(
        polaritas=polaritas, nilai=None, formula=formula, alasan=alasan, kode_alasan=kode
    )


def _floored(polaritas: Polaritas, nilai: Decimal, formula: str) -> CapaianResult:
    if nilai < 0:
        return CapaianResult(polaritas=polaritas, nilai=_NOL, formula=formula, dibatasi_nol=True)
    return CapaianResult(polaritas=polaritas, nilai=nilai, formula=formula)


def _as_decimal(value: object, nama: str) -> Decimal | None:
    """Accept Decimal or int (exact); floats and text are a caller bug: parse them first."""
    if value is None:
        return None
    if type(value) is Decimal:  # the common case; Decimals are immutable: used as they are
        if not value.is_finite():
            raise ValueError(f"{nama} must be finite, got {value}")
        return value
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{nama} must be Decimal, int or None, not {type(value).__name__}")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{nama} must be finite, got {number}")
    return number


_ALASAN_TARGET_KOSONG = "Target belum ditetapkan"
_ALASAN_REALISASI_KOSONG = "Realisasi belum diisi"
_ALASAN_TARGET_NOL = "Target bernilai 0: capaian tidak dapat dihitung"
_ALASAN_TARGET_NEGATIF = "Target negatif tidak didukung untuk polaritas ini"


_RUMUS = {
    Polaritas.POSITIF: Rumus.POSITIF,
    Polaritas.NEGATIF: Rumus.NEGATIF,
    Polaritas.STABIL: Rumus.STABIL,
}


def hitung_capaian(
    polaritas: Polaritas | str,
    realisasi: Decimal | int | str | None,
    target: Decimal | int | str | None,
    *,
    target_max: Decimal | int | None = None,
    skala: SkalaKualitatif | Mapping[str, int] | None = None,
) -> CapaianResult:
    """Capaian (%) of realisasi R against target T for the given polaritas.

    - positif: R / T × 100. A negative R (e.g. growth of −2 %) gives a negative capaian, kept raw.
    - negatif: (2 − R/T) × 100 as in the regulation, floored at 0. R = 0 gives 200; a negative R
      gives more than 200 (lower is better, so it keeps improving).
    - stabil: 100 − |R − T| / T × 100, floored at 0. A negative T is allowed here (the deviation is
      measured against |T|) because "stay at −2" is meaningful.
    - rentang: ``target`` is the lower bound, ``target_max`` the upper bound (inclusive). Inside the
      range: 100. Below: R / batas bawah × 100 (like positif). Above: the excess is a deviation the
      same way negatif treats it, (2 − R / batas atas) × 100 floored at 0, so exceeding the range
      is never rewarded. Bounds must be present, >= 0 and ordered.
    - kualitatif: R and T are labels of ``skala``; skor(R) / skor(T) × 100.

    T = 0 and T < 0 (except stabil) are not computable. ``target_max`` is read only for rentang and
    ``skala`` only for kualitatif, so stale indicator settings do not break other polarities.
    """
    polaritas = Polaritas(polaritas)
    if polaritas is Polaritas.KUALITATIF:
        return _kualitatif(realisasi, target, skala)
    if isinstance(realisasi, str) or isinstance(target, str):
        raise TypeError(f"realisasi and target must be numbers for polaritas {polaritas}")
    r = _as_decimal(realisasi, "realisasi")
    t = _as_decimal(target, "target")
    if polaritas is Polaritas.RENTANG:
        return _rentang(r, t, _as_decimal(target_max, "target_max"))

    formula = _RUMUS[polaritas]
    if t is None:
        return _tidak_dapat(polaritas, formula, KodeAlasan.TARGET_KOSONG, _ALASAN_TARGET_KOSONG)
    if t == 0:
        return _tidak_dapat(polaritas, formula, KodeAlasan.TARGET_NOL, _ALASAN_TARGET_NOL)
    if t < 0 and polaritas is not Polaritas.STABIL:
        return _tidak_dapat(polaritas, formula, KodeAlasan.TARGET_NEGATIF, _ALASAN_TARGET_NEGATIF)
    if r is None:
        return _tidak_dapat(
            polaritas, formula, KodeAlasan.REALISASI_KOSONG, _ALASAN_REALISASI_KOSONG
        )

    # One division per formula keeps the result exact wherever a finite decimal exists. The
    # fixed context's methods do what the operators do inside localcontext(_CONTEXT).
    c = _CONTEXT
    if polaritas is Polaritas.POSITIF:
        nilai = c.divide(c.multiply(r, _SERATUS), t)
        return CapaianResult(polaritas=polaritas, nilai=nilai, formula=formula)
    if polaritas is Polaritas.NEGATIF:
        nilai = c.divide(c.multiply(c.subtract(c.multiply(2, t), r), _SERATUS), t)
        return _floored(polaritas, nilai, formula)
    with localcontext(_CONTEXT):
        if t < 0:
            formula = Rumus.STABIL_TARGET_NEGATIF
        besar = abs(t)
        return _floored(polaritas, (besar - abs(r - t)) * _SERATUS / besar, formula)


def _rentang(r: Decimal | None, bawah: Decimal | None, atas: Decimal | None) -> CapaianResult:
    pol = Polaritas.RENTANG
    if bawah is None and atas is None:
        return _tidak_dapat(pol, Rumus.RENTANG, KodeAlasan.TARGET_KOSONG, _ALASAN_TARGET_KOSONG)
    if bawah is None or atas is None:
        return _tidak_dapat(
            pol,
            Rumus.RENTANG,
            KodeAlasan.RENTANG_TIDAK_VALID,
            "Rentang target tidak lengkap: batas bawah dan batas atas wajib diisi",
        )
    if bawah < 0 or atas < 0:
        return _tidak_dapat(
            pol,
            Rumus.RENTANG,
            KodeAlasan.TARGET_NEGATIF,
            "Batas rentang negatif tidak didukung",
        )
    if bawah > atas:
        return _tidak_dapat(
            pol,
            Rumus.RENTANG,
            KodeAlasan.RENTANG_TIDAK_VALID,
            f"Rentang target tidak valid: batas bawah ({bawah}) lebih besar dari "
            f"batas atas ({atas})",
        )
    if r is None:
        return _tidak_dapat(
            pol, Rumus.RENTANG, KodeAlasan.REALISASI_KOSONG, _ALASAN_REALISASI_KOSONG
        )
    if bawah <= r <= atas:
        return CapaianResult(polaritas=pol, nilai=_SERATUS, formula=Rumus.RENTANG_DALAM)
    with localcontext(_CONTEXT):
        if r < bawah:
            if bawah == 0:
                return _tidak_dapat(
                    pol,
                    Rumus.RENTANG_BAWAH,
                    KodeAlasan.TARGET_NOL,
                    "Batas bawah rentang bernilai 0: capaian di bawah rentang tidak dapat dihitung",
                )
            return CapaianResult(
                polaritas=pol, nilai=r * _SERATUS / bawah, formula=Rumus.RENTANG_BAWAH
            )
        if atas == 0:
            return _tidak_dapat(
                pol,
                Rumus.RENTANG_ATAS,
                KodeAlasan.TARGET_NOL,
                "Batas atas rentang bernilai 0: capaian di atas rentang tidak dapat dihitung",
            )
        return _floored(pol, (2 * atas - r) * _SERATUS / atas, Rumus.RENTANG_ATAS)


def _kualitatif(
    realisasi: object, target: object, skala: SkalaKualitatif | Mapping[str, int] | None
) -> CapaianResult:
    pol, formula = Polaritas.KUALITATIF, Rumus.KUALITATIF
    for nama, value in (("realisasi", realisasi), ("target", target)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{nama} must be a label (str) for polaritas kualitatif")
    if skala is None:
        return _tidak_dapat(
            pol, formula, KodeAlasan.SKALA_KOSONG, "Skala nilai kualitatif belum ditetapkan"
        )
    if not isinstance(skala, SkalaKualitatif):
        skala = SkalaKualitatif.dari_mapping(skala)

    if target is None or not target.strip():
        return _tidak_dapat(pol, formula, KodeAlasan.TARGET_KOSONG, _ALASAN_TARGET_KOSONG)
    skor_target = skala.skor(target)
    if skor_target is None:
        return _label_tidak_dikenal(skala, "Target", target)
    if skor_target == 0:
        return _tidak_dapat(
            pol,
            formula,
            KodeAlasan.TARGET_NOL,
            "Skor target bernilai 0: capaian tidak dapat dihitung",
        )
    if realisasi is None or not realisasi.strip():
        return _tidak_dapat(pol, formula, KodeAlasan.REALISASI_KOSONG, _ALASAN_REALISASI_KOSONG)
    skor_realisasi = skala.skor(realisasi)
    if skor_realisasi is None:
        return _label_tidak_dikenal(skala, "Realisasi", realisasi)
    with localcontext(_CONTEXT):
        nilai = Decimal(skor_realisasi) * _SERATUS / Decimal(skor_target)
    return CapaianResult(polaritas=pol, nilai=nilai, formula=formula)


def _label_tidak_dikenal(skala: SkalaKualitatif, peran: str, label: str) -> CapaianResult:
    pilihan = ", ".join(skala.labels)
    return _tidak_dapat(
        Polaritas.KUALITATIF,
        Rumus.KUALITATIF,
        KodeAlasan.NILAI_KUALITATIF_TIDAK_DIKENAL,
        f"{peran} '{label.strip()}' tidak dikenal pada skala {skala.nama}; pilihan: {pilihan}",
    )


def capaian_terhadap_target_akhir(
    polaritas: Polaritas | str,
    realisasi_terakhir: Decimal | int | str | None,
    target_akhir: Decimal | int | str | None,
    *,
    target_max: Decimal | int | None = None,
    skala: SkalaKualitatif | Mapping[str, int] | None = None,
) -> CapaianResult:
    """Progress of the latest realisasi towards the final RPJMD/Renstra period target.

    Same formulas as :func:`hitung_capaian`; the result is labelled (``acuan`` and a formula
    prefix) so it is never confused with the yearly capaian shown next to it.
    """
    result = hitung_capaian(
        polaritas, realisasi_terakhir, target_akhir, target_max=target_max, skala=skala
    )
    alasan = result.alasan
    if result.kode_alasan is KodeAlasan.TARGET_KOSONG:
        alasan = "Target akhir periode belum ditetapkan"
    return replace(
        result,
        formula=PREFIX_TARGET_AKHIR + result.formula,
        alasan=alasan,
        acuan=AcuanTarget.TARGET_AKHIR,
    )


@overload
def cap(value: Decimal, batas: Decimal) -> Decimal: ...
@overload
def cap(value: None, batas: Decimal) -> None: ...
def cap(value: Decimal | None, batas: Decimal) -> Decimal | None:
    """Cap a capaian for display or scoring (some schemes stop at 120 %); the raw value is kept."""
    if value is None:
        return None
    return min(value, batas)
