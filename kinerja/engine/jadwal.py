"""Reporting windows and reminders as pure rules over aware datetimes (shown in WITA).

A window (per tahun + triwulan, possibly extended for one OPD) has three dates: opening,
deadline (batas waktu) and lock (tanggal kunci). Before opening and after the lock an OPD can
neither enter nor submit; between the deadline and the lock it still can, but the report counts
as late. Reminders fall due H-7, H-3 and H-1 before the deadline, and a late notice after it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

WITA = ZoneInfo("Asia/Makassar")

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}


def format_tanggal(waktu: datetime, jam: bool = True) -> str:
    """``datetime`` → "15 Oktober 2026 23.59 WITA" (Indonesian style, always in WITA)."""
    w = waktu.astimezone(WITA)
    teks = f"{w.day} {BULAN[w.month - 1]} {w.year}"
    return f"{teks} {w:%H.%M} WITA" if jam else teks


def label_periode(tahun: int, triwulan: int) -> str:
    return f"Triwulan {ROMAWI.get(triwulan, triwulan)} {tahun}"


@dataclass(frozen=True)
class Jendela:
    """One OPD's effective window for one tahun + triwulan."""

    tahun: int
    triwulan: int
    buka: datetime
    batas_waktu: datetime
    kunci: datetime
    diperpanjang: bool = False
    alasan_perpanjangan: str = ""

    def uraian(self) -> str:
        teks = (
            f"dibuka {format_tanggal(self.buka)}, batas waktu {format_tanggal(self.batas_waktu)}, "
            f"dikunci {format_tanggal(self.kunci)}"
        )
        return teks + (" (diperpanjang)" if self.diperpanjang else "")


class StatusJendela(StrEnum):
    TIDAK_ADA = "tidak_ada"
    BELUM_DIBUKA = "belum_dibuka"
    DIBUKA = "dibuka"
    TERLAMBAT = "terlambat"  # past the deadline, before the lock: allowed but late
    DITUTUP = "ditutup"


def status_jendela(jendela: Jendela | None, sekarang: datetime) -> StatusJendela:
    if jendela is None:
        return StatusJendela.TIDAK_ADA
    if sekarang < jendela.buka:
        return StatusJendela.BELUM_DIBUKA
    if sekarang <= jendela.batas_waktu:
        return StatusJendela.DIBUKA
    if sekarang <= jendela.kunci:
        return StatusJendela.TERLAMBAT
    return StatusJendela.DITUTUP


def boleh_lapor(status: StatusJendela) -> bool:
    return status in (StatusJendela.DIBUKA, StatusJendela.TERLAMBAT)


def pesan_jendela(jendela: Jendela | None, status: StatusJendela, tahun: int, triwulan: int) -> str:
    """Why an OPD cannot report now (empty when it can), with the dates."""
    periode = label_periode(tahun, triwulan)
    if status == StatusJendela.TIDAK_ADA or jendela is None:
        return (
            f"Jadwal pelaporan {periode} belum ditetapkan Bappeda; realisasi belum dapat diisi "
            "atau diajukan."
        )
    if status == StatusJendela.BELUM_DIBUKA:
        return (
            f"Pelaporan {periode} belum dibuka: dibuka {format_tanggal(jendela.buka)} "
            f"(batas waktu {format_tanggal(jendela.batas_waktu)})."
        )
    if status == StatusJendela.DITUTUP:
        return (
            f"Pelaporan {periode} sudah ditutup pada {format_tanggal(jendela.kunci)} "
            f"(batas waktu {format_tanggal(jendela.batas_waktu)}). Mintalah perpanjangan "
            "kepada Bappeda."
        )
    return ""


def terlambat(waktu: datetime, jendela: Jendela | None) -> bool:
    """A submission at ``waktu`` is late when it is after the (effective) deadline."""
    return jendela is not None and waktu > jendela.batas_waktu


def sisa_hari(sekarang: datetime, batas_waktu: datetime) -> int:
    """Whole calendar days (in WITA) from today to the deadline's day: 0 on the day itself,
    negative after it."""
    hari_ini: date = sekarang.astimezone(WITA).date()
    return (batas_waktu.astimezone(WITA).date() - hari_ini).days


class JenisPengingat(StrEnum):
    H7 = "h7"
    H3 = "h3"
    H1 = "h1"
    TERLAMBAT = "terlambat"


LABEL_PENGINGAT: dict[JenisPengingat, str] = {
    JenisPengingat.H7: "H-7",
    JenisPengingat.H3: "H-3",
    JenisPengingat.H1: "H-1",
    JenisPengingat.TERLAMBAT: "Terlambat",
}
_SEBELUM = ((1, JenisPengingat.H1), (3, JenisPengingat.H3), (7, JenisPengingat.H7))


def pengingat_jatuh_tempo(jendela: Jendela, sekarang: datetime) -> JenisPengingat | None:
    """The reminder that is due now for an OPD that has not reported, or None.

    Before the deadline: the closest of H-1/H-3/H-7 whose day has come (so a beat that missed
    H-7 still sends it at H-5, and H-3 is due from three days before). On the deadline's day
    itself H-1 is still the one due. After the deadline (until the lock): the late notice.
    Sending each kind at most once is the caller's job (it records what was sent).
    """
    if sekarang < jendela.buka or sekarang > jendela.kunci:
        return None
    if sekarang > jendela.batas_waktu:
        return JenisPengingat.TERLAMBAT
    sisa = sisa_hari(sekarang, jendela.batas_waktu)
    for hari, jenis in _SEBELUM:
        if sisa <= hari:
            return jenis
    return None


def jendela_default(tahun: int, triwulan: int) -> tuple[datetime, datetime, datetime]:
    """A conventional window for a quarter (WITA): opens the day after the quarter ends,
    deadline on the 15th of that month at 23:59:59, locked at the end of that month. Used by the
    demo data and offered to Bappeda as the default."""
    tahun_buka, bulan = (tahun + 1, 1) if triwulan == 4 else (tahun, triwulan * 3 + 1)
    hari_akhir = calendar.monthrange(tahun_buka, bulan)[1]
    return (
        datetime(tahun_buka, bulan, 1, tzinfo=WITA),
        datetime(tahun_buka, bulan, 15, 23, 59, 59, tzinfo=WITA),
        datetime(tahun_buka, bulan, hari_akhir, 23, 59, 59, tzinfo=WITA),
    )
