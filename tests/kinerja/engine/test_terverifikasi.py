"""The verified-run rule (kinerja.engine.terverifikasi), checked exhaustively against the
readings it replaced: the rollup's ``_nilai_ikd`` loop and the API's run length (a missing
quarter ends the run), the API rekap's SQL count, and the public pages' ``_jalur`` (a
missing quarter is skipped)."""

from __future__ import annotations

import doctest
import itertools
from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.engine import terverifikasi as modul
from kinerja.engine.alur import Status
from kinerja.engine.terverifikasi import (
    StatusTriwulan,
    nilai_terverifikasi,
    terverifikasi,
    triwulan_terverifikasi,
)

ABSEN = object()  # the quarter is not in the mapping at all
KEADAAN: tuple[object, ...] = (
    ABSEN,
    None,
    True,
    False,
    *(s for s in Status),
    *(s.value for s in Status),
    "belum_diisi",
    "",
)


def _peta(keadaan: tuple[object, ...]) -> dict[int, StatusTriwulan]:
    return {tw: k for tw, k in zip((1, 2, 3, 4), keadaan, strict=True) if k is not ABSEN}  # type: ignore[misc]


def _semua() -> list[dict[int, StatusTriwulan]]:
    return [_peta(k) for k in itertools.product(KEADAAN, repeat=4)]


def _rollup(per_tw: Mapping[int, StatusTriwulan]) -> tuple[int, ...]:
    """kinerja.rollup.services._nilai_ikd: TW1.. while in the verified set."""
    urut = []
    for tw in (1, 2, 3, 4):
        if not (per_tw.get(tw) is True or per_tw.get(tw) == "diverifikasi"):
            break
        urut.append(tw)
    return tuple(urut)


def _sql_rekap(per_tw: Mapping[int, StatusTriwulan], t: int) -> bool:
    """The API rekap's former SQL: TWt verified and count(verified TWp, p ≤ t) = t."""
    ok = {tw for tw, s in per_tw.items() if s is True or s == "diverifikasi"}
    return t in ok and len({p for p in ok if p <= t}) == t


def _jalur(per_tw: Mapping[int, StatusTriwulan]) -> tuple[int, ...]:
    """kinerja.pages.selectors._jalur before the refactor: skip missing, stop at unverified."""
    hasil = []
    for q in (1, 2, 3, 4):
        s = per_tw.get(q)
        if s is None:
            continue
        if not (s is True or s == "diverifikasi"):
            break
        hasil.append(q)
    return tuple(hasil)


@pytest.mark.parametrize(
    ("status", "harapan"),
    [
        (True, True),
        (False, False),
        (None, False),
        ("diverifikasi", True),
        (Status.DIVERIFIKASI, True),
        (Status.DISETUJUI, False),
        ("draft", False),
        ("belum_diisi", False),
        ("DIVERIFIKASI", False),
        ("", False),
    ],
)
def test_terverifikasi(status: StatusTriwulan, harapan: bool) -> None:
    assert terverifikasi(status) is harapan


def test_semua_kombinasi_tanpa_kosong_sama_dengan_rollup_dan_sql() -> None:
    for per_tw in _semua():
        hasil = triwulan_terverifikasi(per_tw)
        assert hasil == _rollup(per_tw), per_tw
        assert hasil == tuple(range(1, len(hasil) + 1)), per_tw
        for t in (1, 2, 3, 4):
            assert (t in hasil) == _sql_rekap(per_tw, t), (per_tw, t)


def test_semua_kombinasi_lewati_kosong_sama_dengan_halaman_publik() -> None:
    for per_tw in _semua():
        hasil = triwulan_terverifikasi(per_tw, lewati_kosong=True)
        assert hasil == _jalur(per_tw), per_tw
        assert all(terverifikasi(per_tw[tw]) for tw in hasil)
        assert hasil == tuple(sorted(hasil))
        # Nothing reported but unverified lies before the last quarter that counts.
        akhir = hasil[-1] if hasil else 0
        for tw in range(1, akhir):
            assert tw in hasil or per_tw.get(tw) is None, per_tw


@pytest.mark.parametrize(
    ("per_tw", "ketat", "longgar"),
    [
        ({}, (), ()),
        ({1: True, 2: True, 3: True, 4: True}, (1, 2, 3, 4), (1, 2, 3, 4)),
        ({1: "diverifikasi", 2: "draft", 3: "diverifikasi"}, (1,), (1,)),
        ({2: "diverifikasi", 3: "diverifikasi"}, (), (2, 3)),
        ({1: True, 2: None, 3: True, 4: False}, (1,), (1, 3)),
        ({1: "belum_diisi", 2: True}, (), ()),
        ({1: False, 2: True}, (), ()),
        ({1: True, 2: True, 4: True}, (1, 2), (1, 2, 4)),
        ({0: True, 5: True, 1: True}, (1,), (1,)),
    ],
)
def test_contoh(
    per_tw: dict[int, StatusTriwulan], ketat: tuple[int, ...], longgar: tuple[int, ...]
) -> None:
    assert triwulan_terverifikasi(per_tw) == ketat
    assert triwulan_terverifikasi(per_tw, lewati_kosong=True) == longgar


def test_kunci_di_luar_1_sampai_4_diabaikan() -> None:
    assert triwulan_terverifikasi({0: False, -1: False, 5: False, 1: True}) == (1,)


def test_tidak_mengubah_masukan() -> None:
    per_tw: dict[int, StatusTriwulan] = {1: True, 2: "draft"}
    triwulan_terverifikasi(per_tw)
    assert per_tw == {1: True, 2: "draft"}


status_st = st.sampled_from([None, True, False, "diverifikasi", "draft", "disetujui"])
peta_st = st.dictionaries(st.integers(1, 4), st.tuples(status_st, st.integers()))


@given(peta_st, st.booleans())
def test_nilai_terverifikasi_mengikuti_triwulan(
    per_tw: dict[int, tuple[StatusTriwulan, int]], lewati: bool
) -> None:
    hasil = nilai_terverifikasi(per_tw, lewati_kosong=lewati)
    tw = triwulan_terverifikasi({q: s for q, (s, _) in per_tw.items()}, lewati_kosong=lewati)
    assert tuple(hasil) == tw
    assert all(hasil[q] == per_tw[q][1] for q in tw)


@given(peta_st)
def test_ketat_adalah_awalan_dari_longgar(per_tw: dict[int, tuple[StatusTriwulan, int]]) -> None:
    status = {q: s for q, (s, _) in per_tw.items()}
    ketat = triwulan_terverifikasi(status)
    longgar = triwulan_terverifikasi(status, lewati_kosong=True)
    assert longgar[: len(ketat)] == ketat


@given(peta_st, st.integers(1, 4))
def test_menambah_triwulan_belum_terverifikasi_tidak_menambah(
    per_tw: dict[int, tuple[StatusTriwulan, int]], q: int
) -> None:
    """Marking a quarter unverified never lets more quarters count (monotonic)."""
    status = {tw: s for tw, (s, _) in per_tw.items()}
    lebih_buruk = {**status, q: "draft"}
    for lewati in (False, True):
        sebelum = triwulan_terverifikasi(status, lewati_kosong=lewati)
        sesudah = triwulan_terverifikasi(lebih_buruk, lewati_kosong=lewati)
        assert set(sesudah) <= set(sebelum)


def test_doctest() -> None:
    gagal, _ = doctest.testmod(modul)
    assert gagal == 0
