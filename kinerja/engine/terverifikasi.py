"""Which quarters of a year may feed a published yearly value: the verified-run rule.

Only VERIFIED quarters are published, and a yearly figure (or a capaian "s.d. TWk") is built
from the unbroken run of verified quarters from TW1: TW1, TW2, … up to the first quarter that
is not verified. A later verified quarter waits for the earlier one, because a kumulatif sum
with a hole (or a "latest" value that skips an unverified quarter) would misstate the year.

Two readings of a quarter nobody reported at all are in use, chosen with ``lewati_kosong``:

- ``True`` (what every published figure uses: public pages, API, IKD rollup, reports): a
  missing quarter is simply empty and skipped, as the engine's yearly aggregation skips it
  (an indicator reported in TW4 only still counts); only a quarter that was reported but is
  not verified ends the run. Callers pass the status of every saved quarter (never only the
  verified ones: "absent" must mean "never reported").
- ``False`` (default): a missing quarter ends the run like an unverified one, so the quarters
  that count are exactly TW1..TWk, all verified.

Pure: no ORM, no Django. A quarter's status is the workflow status code (``"diverifikasi"``,
:class:`~kinerja.engine.alur.Status`, or the rollup snapshot's codes such as
``"belum_diisi"``), or a bool "verified"; ``None`` or an absent key means not reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from kinerja.engine.alur import Status

__all__ = [
    "StatusTriwulan",
    "nilai_terverifikasi",
    "terverifikasi",
    "triwulan_terverifikasi",
]

StatusTriwulan = Status | str | bool | None
"""A quarter's state: a status code, a bool "verified", or None (not reported)."""

V = TypeVar("V")

TRIWULAN = (1, 2, 3, 4)


def terverifikasi(status: StatusTriwulan) -> bool:
    """True for a verified quarter: ``True`` or the status ``"diverifikasi"``."""
    if isinstance(status, bool):
        return status
    return status == Status.DIVERIFIKASI


def triwulan_terverifikasi(
    per_triwulan: Mapping[int, StatusTriwulan], *, lewati_kosong: bool = False
) -> tuple[int, ...]:
    """The quarters whose values may feed the yearly figure, in order: TW1, TW2, … while they
    are verified, ending at the first quarter that is not.

    ``per_triwulan`` maps a triwulan (1–4; other keys are ignored) to its status (see the
    module doc). A quarter absent or ``None`` (not reported) ends the run too, unless
    ``lewati_kosong`` (then it is skipped and the result may have gaps, e.g. ``(2, 3)`` when
    TW1 was never reported). Without ``lewati_kosong`` the result is always ``(1, …, k)``;
    the last element (0 when empty) is the k of "s.d. TWk".

    >>> triwulan_terverifikasi({1: "diverifikasi", 2: "draft", 3: "diverifikasi"})
    (1,)
    >>> triwulan_terverifikasi({2: True, 3: True}, lewati_kosong=True)
    (2, 3)
    """
    hasil: list[int] = []
    for tw in TRIWULAN:
        status = per_triwulan.get(tw)
        if status is None and lewati_kosong:
            continue
        if not terverifikasi(status):
            break
        hasil.append(tw)
    return tuple(hasil)


def nilai_terverifikasi(
    per_triwulan: Mapping[int, tuple[StatusTriwulan, V]], *, lewati_kosong: bool = False
) -> dict[int, V]:
    """The values of the quarters that count (:func:`triwulan_terverifikasi`), by triwulan in
    order, from a mapping triwulan → (status, value); the value of any other quarter is left
    out, whatever it is.

    >>> nilai_terverifikasi({1: (True, 5), 2: ("disetujui", 7), 3: (True, 9)})
    {1: 5}
    """
    status = {tw: s for tw, (s, _) in per_triwulan.items()}
    return {
        tw: per_triwulan[tw][1]
        for tw in triwulan_terverifikasi(status, lewati_kosong=lewati_kosong)
    }
