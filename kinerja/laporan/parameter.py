"""Query parameters of the downloads and reports (``tahun``, ``triwulan``, ``aspek``), read
the same way by the pages, the PDF views and the API.

Every refusal is a :class:`ParameterTidakValid` with an Indonesian message for a 400 answer;
nothing here lets a bad value reach the database (a huge ``tahun`` would overflow the
small-integer columns and turn into a 500).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from kinerja.choices import AspekIkd
from kinerja.engine.jadwal import WITA

__all__ = [
    "TAHUN_MAKS",
    "TAHUN_MIN",
    "ParameterTidakValid",
    "PeriodeIkd",
    "PeriodeIku",
    "baca_aspek",
    "baca_tahun",
    "baca_triwulan",
    "periode_ikd",
    "periode_iku",
    "tahun_ikd_tersedia",
    "tahun_iku_tersedia",
]

TAHUN_MIN, TAHUN_MAKS = 2000, 2100


class ParameterTidakValid(ValueError):
    """A query parameter that cannot be used; ``pesan`` is shown to the user as is."""

    def __init__(self, pesan: str, parameter: str = "") -> None:
        super().__init__(pesan)
        self.pesan = pesan
        self.parameter = parameter


def _rentang(tahun: Sequence[int]) -> str:
    urut = sorted(set(tahun))
    if not urut:
        return "-"
    if urut == list(range(urut[0], urut[-1] + 1)):
        return f"{urut[0]}–{urut[-1]}" if len(urut) > 1 else str(urut[0])
    return ", ".join(str(t) for t in urut)


def baca_tahun(
    teks: str | None,
    tersedia: Sequence[int],
    *,
    nama_periode: str,
    sekarang: datetime | None = None,
) -> int:
    """``tahun`` from the query: a year inside ``tersedia`` (the years of the plan periods).
    Absent or empty: the current year (WITA) when available, else the latest available year
    before it, else the first one."""
    if not tersedia:
        raise ParameterTidakValid(
            f"Belum ada {nama_periode}, sehingga belum ada data untuk diunduh.", "tahun"
        )
    teks = (teks or "").strip()
    if not teks:
        ini = (sekarang or timezone.now()).astimezone(WITA).year
        if ini in tersedia:
            return ini
        lalu = [t for t in tersedia if t < ini]
        return max(lalu) if lalu else min(tersedia)
    if not (teks.isascii() and teks.isdigit()) or len(teks) != 4:
        raise ParameterTidakValid(
            f"Tahun harus berupa angka empat digit, misalnya tahun={max(tersedia)}; "
            f"'{teks[:20]}' tidak valid.",
            "tahun",
        )
    tahun = int(teks)
    if not TAHUN_MIN <= tahun <= TAHUN_MAKS:
        raise ParameterTidakValid(
            f"Tahun {tahun} di luar jangkauan ({TAHUN_MIN}–{TAHUN_MAKS}).", "tahun"
        )
    if tahun not in tersedia:
        raise ParameterTidakValid(
            f"Tahun {tahun} di luar {nama_periode} (tahun yang tersedia: {_rentang(tersedia)}).",
            "tahun",
        )
    return tahun


def baca_triwulan(teks: str | None) -> int | None:
    """``triwulan`` from the query: 1–4, or None (absent/empty) for the whole year."""
    teks = (teks or "").strip()
    if not teks:
        return None
    if teks in ("1", "2", "3", "4"):
        return int(teks)
    raise ParameterTidakValid(
        f"Triwulan harus 1, 2, 3 atau 4 (kosongkan untuk data tahunan); '{teks[:20]}' tidak valid.",
        "triwulan",
    )


def baca_aspek(teks: str | None) -> str | None:
    """``aspek`` (IKD group) from the query: one of :class:`AspekIkd`, or None for all."""
    teks = (teks or "").strip()
    if not teks:
        return None
    if teks in AspekIkd.values:
        return teks
    raise ParameterTidakValid(
        f"Aspek IKD '{teks[:40]}' tidak dikenal. Pilihan: {', '.join(AspekIkd.values)}.",
        "aspek",
    )


def tahun_iku_tersedia() -> list[int]:
    """Years of this OPD's Renstra (OPD schema), oldest first."""
    from kinerja.opd.models import Renstra

    return sorted(
        {
            t
            for awal, akhir in Renstra.objects.values_list("tahun_awal", "tahun_akhir")
            for t in range(awal, akhir + 1)
        }
    )


def tahun_ikd_tersedia() -> list[int]:
    """Years of the RPJMD periods (public schema), oldest first."""
    from kinerja.daerah.models import PeriodeRpjmd

    return sorted(
        {
            t
            for awal, akhir in PeriodeRpjmd.objects.values_list("tahun_awal", "tahun_akhir")
            for t in range(awal, akhir + 1)
        }
    )


@dataclass(frozen=True)
class PeriodeIku:
    tahun: int
    triwulan: int | None


@dataclass(frozen=True)
class PeriodeIkd:
    tahun: int
    aspek: str | None


def periode_iku(query: Mapping[str, str], *, sekarang: datetime | None = None) -> PeriodeIku:
    """``tahun`` (within this OPD's Renstra) and ``triwulan`` (1–4 or None) of an IKU download
    or report. Raises :class:`ParameterTidakValid`."""
    triwulan = baca_triwulan(query.get("triwulan"))
    tahun = baca_tahun(
        query.get("tahun"),
        tahun_iku_tersedia(),
        nama_periode="periode Renstra Perangkat Daerah ini",
        sekarang=sekarang,
    )
    return PeriodeIku(tahun, triwulan)


def periode_ikd(query: Mapping[str, str], *, sekarang: datetime | None = None) -> PeriodeIkd:
    """``tahun`` (within an RPJMD period) and ``aspek`` of an IKD download or report. Raises
    :class:`ParameterTidakValid`."""
    aspek = baca_aspek(query.get("aspek"))
    tahun = baca_tahun(
        query.get("tahun"), tahun_ikd_tersedia(), nama_periode="periode RPJMD", sekarang=sekarang
    )
    return PeriodeIkd(tahun, aspek)
