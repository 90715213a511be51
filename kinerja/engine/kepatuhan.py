"""Compliance assessment of an OPD's reporting (penilaian kepatuhan pelaporan), pure rules.

Bappeda's terms of reference score each OPD per month and per triwulan on three aspects and
put the result into a category. The scores are shares in percent of the IKU the OPD had to
report in that period (*IKU wajib*: its active IKU, one item per IKU and reporting window):

- **disiplin** = IKU first submitted on time / IKU wajib × 100. *On time*: the FIRST submission
  (``diajukan_pertama_pada``) is at or before the OPD's effective deadline (the schedule's
  ``batas_waktu``, or the latest extension granted to that OPD). Resubmitting a returned item
  later does not make it late; never submitting counts as not on time.
- **tanggung jawab** = IKU with a realisasi (number or label) AND at least one (not deleted)
  evidence file / IKU wajib × 100. Completeness of the report, whatever its workflow state.
- **kepatuhan** = IKU verified without ever being returned / IKU already ruled on × 100, where
  *ruled on* = verified without a return + returned at least once (whatever their state now).
  It measures how often a report passes review the first time. Items still waiting for the
  kepala OPD or Bappeda are not counted either way, so Bappeda's own pace does not lower an
  OPD's score; when nothing has been ruled on yet the score is *not assessable* (None), not 0.
  Every return counts (by the kepala OPD or by Bappeda): the counter of the workflow does not
  tell them apart, and either means the report needed rework. Reopening a verified item
  (*buka kembali*) is not a return.

The **nilai akhir** (overall score) is the weighted mean of the available scores (weights
configurable by Bappeda, default equal); an unavailable score (kepatuhan None) drops out and the
other weights are renormalised. Scores are rounded half-up to 2 decimals, the overall score is
computed from the exact scores and then rounded; the **kategori** is read from the rounded
overall score against the thresholds: *baik* ≥ ``batas_baik``, *cukup* ≥ ``batas_cukup``, else
*buruk* (defaults 80 and 60).

An OPD with 0 IKU wajib in a period is *not assessable* (``tidak_dinilai``): there is nothing
it had to report, and a share of nothing is not a score (neither 0 nor 100 would be fair).

Month periods: a month's assessment counts the reporting windows whose deadline (the
schedule's, in WITA, not an OPD's extension, so all OPDs are compared on the same months) falls
in that month; a month without such a window has no assessment. See :func:`bulan_periode`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum

from kinerja.engine.jadwal import WITA
from kinerja.engine.numbers import bulatkan

__all__ = [
    "AMBANG_BAWAAN",
    "LABEL_KATEGORI",
    "Ambang",
    "HasilKepatuhan",
    "HitunganKepatuhan",
    "Kategori",
    "bulan_periode",
    "gabungkan",
    "kategori_untuk",
    "nilai_kepatuhan",
    "periksa_ambang",
    "periksa_hitungan",
]

_CONTEXT = Context(prec=28, rounding=ROUND_HALF_UP)
_SERATUS = Decimal(100)
_NOL = Decimal(0)


class Kategori(StrEnum):
    BAIK = "baik"
    CUKUP = "cukup"
    BURUK = "buruk"
    TIDAK_DINILAI = "tidak_dinilai"


LABEL_KATEGORI: dict[Kategori, str] = {
    Kategori.BAIK: "Baik",
    Kategori.CUKUP: "Cukup",
    Kategori.BURUK: "Buruk",
    Kategori.TIDAK_DINILAI: "Tidak dinilai",
}

ALASAN_TANPA_IKU = (
    "Tidak ada IKU aktif yang wajib dilaporkan pada periode ini, sehingga tidak ada yang dapat "
    "dinilai."
)
ALASAN_BELUM_DIPERIKSA = (
    "Kepatuhan belum dapat dinilai: belum ada realisasi yang diverifikasi atau dikembalikan."
)
ALASAN_BOBOT_NOL = "Bobot komponen yang dapat dinilai berjumlah 0; nilai akhir tidak dihitung."


@dataclass(frozen=True)
class Ambang:
    """Thresholds (0–100, ``batas_cukup`` < ``batas_baik``) and weights (≥ 0, sum > 0)."""

    batas_baik: Decimal = Decimal(80)
    batas_cukup: Decimal = Decimal(60)
    bobot_disiplin: Decimal = Decimal(1)
    bobot_tanggung_jawab: Decimal = Decimal(1)
    bobot_kepatuhan: Decimal = Decimal(1)


AMBANG_BAWAAN = Ambang()


def periksa_ambang(ambang: Ambang) -> list[tuple[str, str]]:
    """Everything wrong with a threshold configuration, as (field, Indonesian message); an
    empty list means it is valid. Thresholds within 0–100 and ordered (cukup strictly below
    baik); weights ≥ 0, at most 100 each, not all 0."""
    salah: list[tuple[str, str]] = []
    angka_ok: dict[str, bool] = {}
    for f in fields(Ambang):
        nilai = getattr(ambang, f.name)
        ok = isinstance(nilai, Decimal | int) and not isinstance(nilai, bool)
        ok = ok and Decimal(nilai).is_finite()
        angka_ok[f.name] = ok
        if not ok:
            salah.append((f.name, "Harus berupa angka."))
    for nama, label in (("batas_baik", "Batas 'baik'"), ("batas_cukup", "Batas 'cukup'")):
        if angka_ok[nama] and not _NOL <= getattr(ambang, nama) <= _SERATUS:
            salah.append((nama, f"{label} harus antara 0 dan 100."))
    if (
        angka_ok["batas_baik"]
        and angka_ok["batas_cukup"]
        and not any(k in ("batas_baik", "batas_cukup") for k, _ in salah)
        and ambang.batas_cukup >= ambang.batas_baik
    ):
        salah.append(
            (
                "batas_cukup",
                f"Batas 'cukup' ({ambang.batas_cukup}) harus lebih kecil dari batas 'baik' "
                f"({ambang.batas_baik}).",
            )
        )
    bobot = ("bobot_disiplin", "bobot_tanggung_jawab", "bobot_kepatuhan")
    for nama in bobot:
        if angka_ok[nama] and not _NOL <= getattr(ambang, nama) <= _SERATUS:
            salah.append((nama, "Bobot harus antara 0 dan 100."))
    if all(angka_ok[n] for n in bobot) and sum(getattr(ambang, n) for n in bobot) <= 0:
        salah.append(("bobot_disiplin", "Setidaknya satu bobot harus lebih dari 0."))
    return salah


@dataclass(frozen=True)
class HitunganKepatuhan:
    """Counts of one OPD in one period (items = IKU × reporting window).

    - ``iku_wajib``: items the OPD had to report;
    - ``diajukan``: items submitted at least once (``diajukan_pertama_pada`` set);
    - ``tepat_waktu``: of those, first submitted at or before the effective deadline;
    - ``lengkap``: items with a realisasi and ≥ 1 evidence file;
    - ``diverifikasi``: items verified now;
    - ``tanpa_pengembalian``: verified items never returned;
    - ``dikembalikan``: items returned at least once (any state now).
    """

    iku_wajib: int = 0
    diajukan: int = 0
    tepat_waktu: int = 0
    lengkap: int = 0
    diverifikasi: int = 0
    tanpa_pengembalian: int = 0
    dikembalikan: int = 0

    @property
    def diperiksa(self) -> int:
        """Items ruled on: verified without a return, or returned at least once."""
        return self.tanpa_pengembalian + self.dikembalikan


def periksa_hitungan(h: HitunganKepatuhan) -> list[str]:
    """Inconsistent counts (a caller bug); an empty list means they are consistent."""
    salah: list[str] = []
    for f in fields(HitunganKepatuhan):
        v = getattr(h, f.name)
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            salah.append(f"{f.name} harus bilangan bulat ≥ 0, bukan {v!r}")
    if salah:
        return salah
    aturan = (
        (h.tepat_waktu <= h.diajukan, "tepat_waktu > diajukan"),
        (h.diajukan <= h.iku_wajib, "diajukan > iku_wajib"),
        (h.lengkap <= h.iku_wajib, "lengkap > iku_wajib"),
        (h.diverifikasi <= h.diajukan, "diverifikasi > diajukan"),
        (h.tanpa_pengembalian <= h.diverifikasi, "tanpa_pengembalian > diverifikasi"),
        (h.diperiksa <= h.diajukan, "tanpa_pengembalian + dikembalikan > diajukan"),
    )
    return [pesan for ok, pesan in aturan if not ok]


def gabungkan(hitungan: Iterable[HitunganKepatuhan]) -> HitunganKepatuhan:
    """Sum of the counts of several windows (a month with two deadlines)."""
    total = {f.name: 0 for f in fields(HitunganKepatuhan)}
    for h in hitungan:
        for nama in total:
            total[nama] += getattr(h, nama)
    return HitunganKepatuhan(**total)


@dataclass(frozen=True)
class HasilKepatuhan:
    """Scores in percent (2 decimals; None = not assessable), overall score, category and the
    reasons for any score that is missing."""

    disiplin: Decimal | None
    tanggung_jawab: Decimal | None
    kepatuhan: Decimal | None
    nilai_akhir: Decimal | None
    kategori: Kategori
    alasan: tuple[str, ...] = ()

    @property
    def label_kategori(self) -> str:
        return LABEL_KATEGORI[self.kategori]


def _persen(bagian: int, dari: int) -> Decimal:
    with localcontext(_CONTEXT):
        return Decimal(bagian) * _SERATUS / Decimal(dari)


def kategori_untuk(nilai: Decimal | None, ambang: Ambang = AMBANG_BAWAAN) -> Kategori:
    """Category of an overall score (rounded half-up to 2 decimals first, as displayed)."""
    if nilai is None:
        return Kategori.TIDAK_DINILAI
    tampil = bulatkan(nilai, 2)
    if tampil >= ambang.batas_baik:
        return Kategori.BAIK
    if tampil >= ambang.batas_cukup:
        return Kategori.CUKUP
    return Kategori.BURUK


def nilai_kepatuhan(h: HitunganKepatuhan, ambang: Ambang = AMBANG_BAWAAN) -> HasilKepatuhan:
    """The three scores, overall score and category of one OPD in one period (see the module
    docstring for the definitions). Raises ValueError for inconsistent counts or an invalid
    ``ambang`` (caller bugs: the services validate the thresholds before storing them)."""
    salah = periksa_hitungan(h)
    if salah:
        raise ValueError("Hitungan kepatuhan tidak konsisten: " + "; ".join(salah))
    salah_ambang = periksa_ambang(ambang)
    if salah_ambang:
        raise ValueError("Ambang kepatuhan tidak valid: " + "; ".join(p for _, p in salah_ambang))
    if h.iku_wajib == 0:
        return HasilKepatuhan(None, None, None, None, Kategori.TIDAK_DINILAI, (ALASAN_TANPA_IKU,))

    disiplin = _persen(h.tepat_waktu, h.iku_wajib)
    tanggung_jawab = _persen(h.lengkap, h.iku_wajib)
    kepatuhan = _persen(h.tanpa_pengembalian, h.diperiksa) if h.diperiksa else None
    alasan: list[str] = [] if kepatuhan is not None else [ALASAN_BELUM_DIPERIKSA]

    komponen = [
        (disiplin, ambang.bobot_disiplin),
        (tanggung_jawab, ambang.bobot_tanggung_jawab),
        (kepatuhan, ambang.bobot_kepatuhan),
    ]
    tersedia = [(s, Decimal(w)) for s, w in komponen if s is not None]
    total_bobot = sum((w for _, w in tersedia), _NOL)
    nilai_akhir: Decimal | None = None
    if total_bobot > 0:
        with localcontext(_CONTEXT):
            nilai_akhir = sum((s * w for s, w in tersedia), _NOL) / total_bobot
    else:
        alasan.append(ALASAN_BOBOT_NOL)
    return HasilKepatuhan(
        disiplin=bulatkan(disiplin, 2),
        tanggung_jawab=bulatkan(tanggung_jawab, 2),
        kepatuhan=bulatkan(kepatuhan, 2),
        nilai_akhir=bulatkan(nilai_akhir, 2),
        kategori=kategori_untuk(nilai_akhir, ambang),
        alasan=tuple(alasan),
    )


def bulan_periode(batas_waktu: datetime) -> tuple[int, int]:
    """(tahun, bulan) of the month assessment a window belongs to: the month in which its
    deadline falls, in WITA (a deadline of 31 March 23.59 WITA is March even though it is
    already 1 April in some other zone). Needs an aware datetime."""
    if batas_waktu.tzinfo is None:
        raise ValueError("batas_waktu harus memiliki zona waktu")
    lokal = batas_waktu.astimezone(WITA)
    return lokal.year, lokal.month
