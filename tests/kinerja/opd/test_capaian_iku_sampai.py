"""capaian_iku_sampai (the rollup's path: every quarter of a year at once) gives exactly what
capaian_iku gives with one call per quarter, for every polaritas, tipe and target layout."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.engine import SKALA_OPINI_BPK, PredikatBand
from kinerja.opd.models import Iku
from kinerja.opd.selectors import capaian_iku, capaian_iku_sampai

D = Decimal
BANDS_LAIN = (
    PredikatBand(D(0), D(80), "baik", "Baik"),
    PredikatBand(D(80), None, "sangat_baik", "Sangat baik"),
)

_angka = st.decimals(min_value=-50, max_value=500, places=2, allow_nan=False, allow_infinity=False)
_label = st.sampled_from(["WTP", "WDP", "TW", "TMP", "  wtp ", "BARU", ""])


def _iku(polaritas: str, tipe: str, targets: list[SimpleNamespace]) -> Iku:
    proxy = SimpleNamespace(
        polaritas=polaritas, tipe_perhitungan=tipe, skala_id=None, target_tahun=targets
    )
    return cast(Iku, proxy)


@st.composite
def _kasus(draw: Any) -> tuple[Iku, dict[int, object], list[int]]:
    polaritas = draw(st.sampled_from(["positif", "negatif", "stabil", "rentang", "kualitatif"]))
    tipe = draw(st.sampled_from(["kumulatif", "posisi_akhir", "rata_rata"]))
    kualitatif = polaritas == "kualitatif"
    targets = []
    for tw in draw(st.lists(st.sampled_from([None, 1, 2, 3, 4]), unique=True, max_size=5)):
        bawah = draw(st.one_of(st.none(), _angka))
        atas = draw(st.one_of(st.none(), _angka)) if polaritas == "rentang" else None
        targets.append(
            SimpleNamespace(
                tahun=2030,
                triwulan=tw,
                nilai=None if kualitatif else bawah,
                nilai_max=atas,
                nilai_kualitatif=draw(_label) if kualitatif else "",
            )
        )
    # A target of another year must be ignored.
    targets.append(
        SimpleNamespace(
            tahun=2029, triwulan=None, nilai=D(1), nilai_max=None, nilai_kualitatif="WTP"
        )
    )
    nilai = st.one_of(st.none(), _label) if kualitatif else st.one_of(st.none(), _angka)
    realisasi = draw(st.dictionaries(st.sampled_from([1, 2, 3, 4]), nilai))
    sampai = draw(st.lists(st.integers(min_value=0, max_value=4), max_size=5))
    return _iku(polaritas, tipe, targets), realisasi, sampai


@settings(max_examples=400, deadline=None)
@given(kasus=_kasus(), bands_lain=st.booleans())
def test_series_equal_one_call_per_quarter(
    kasus: tuple[Iku, dict[int, object], list[int]], bands_lain: bool
) -> None:
    iku, realisasi, sampai = kasus
    bands = BANDS_LAIN if bands_lain else None
    kw: dict[str, Any] = {"skala": SKALA_OPINI_BPK}
    if bands:
        kw["bands"] = bands
    seri = capaian_iku_sampai(iku, 2030, realisasi, sampai, **kw)
    satu = [capaian_iku(iku, 2030, realisasi, triwulan_berjalan=s, **kw) for s in sampai]
    assert seri == satu


def test_none_means_full_year() -> None:
    targets = [
        SimpleNamespace(
            tahun=2030, triwulan=None, nilai=D(100), nilai_max=None, nilai_kualitatif=""
        )
    ]
    iku = _iku("positif", "kumulatif", targets)
    realisasi = {1: D(20), 2: D(30)}
    assert capaian_iku(iku, 2030, realisasi) == capaian_iku_sampai(iku, 2030, realisasi, [4])[0]
    assert capaian_iku(iku, 2030, realisasi).capaian.nilai == D(50)


def test_bad_quarter_is_refused() -> None:
    iku = _iku("positif", "kumulatif", [])
    with pytest.raises(ValueError):
        capaian_iku_sampai(iku, 2030, {1: D(1)}, [5])
