from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.engine import (
    KodeAlasan,
    NilaiTahunan,
    TipePerhitungan,
    elapsed_triwulan,
    hitung_capaian,
    nilai_tahunan,
    nilai_tahunan_sampai,
    target_kumulatif_sampai,
    target_sampai,
)

D = Decimal
K, P, R = TipePerhitungan.KUMULATIF, TipePerhitungan.POSISI_AKHIR, TipePerhitungan.RATA_RATA
FULL = {1: D("10"), 2: D("20"), 3: D("30"), 4: D("40")}


def nilai(result: NilaiTahunan) -> Decimal:
    assert result.nilai is not None, result.alasan
    return result.nilai


@pytest.mark.parametrize(
    ("tipe", "expected", "formula", "dipakai"),
    [
        (K, D("100"), "TW1 + TW2 + TW3 + TW4", (1, 2, 3, 4)),
        (P, D("40"), "TW4 (triwulan terakhir yang dilaporkan)", (4,)),
        (R, D("25"), "(TW1 + TW2 + TW3 + TW4) / 4", (1, 2, 3, 4)),
    ],
)
def test_full_year(
    tipe: TipePerhitungan, expected: Decimal, formula: str, dipakai: tuple[int, ...]
) -> None:
    result = nilai_tahunan(tipe, FULL)
    assert nilai(result) == expected
    assert result.formula == formula
    assert result.triwulan_dipakai == dipakai
    assert result.triwulan_diabaikan == ()
    assert result.dapat_dihitung
    assert result.tipe is tipe


@pytest.mark.parametrize(
    ("tipe", "expected", "dipakai"),
    [(K, D("40"), (1, 3)), (P, D("30"), (3,)), (R, D("20"), (1, 3))],
)
def test_unreported_quarters_are_skipped_not_zero(
    tipe: TipePerhitungan, expected: Decimal, dipakai: tuple[int, ...]
) -> None:
    result = nilai_tahunan(tipe, {1: D("10"), 2: None, 3: D("30"), 4: None})
    assert nilai(result) == expected
    assert result.triwulan_dipakai == dipakai


def test_posisi_akhir_uses_last_reported_quarter_regardless_of_key_order() -> None:
    result = nilai_tahunan(P, {3: D("7"), 1: D("5"), 2: D("6")})
    assert nilai(result) == D("7")
    assert result.triwulan_dipakai == (3,)
    assert result.formula.startswith("TW3")


def test_rata_rata_keeps_precision() -> None:
    result = nilai_tahunan(R, {1: D("1"), 2: D("2"), 3: D("2")})
    assert nilai(result) == D(5) / D(3)
    assert result.formula == "(TW1 + TW2 + TW3) / 3"


def test_zero_is_a_reported_value() -> None:
    result = nilai_tahunan(K, {1: D("0"), 2: None})
    assert nilai(result) == D("0")
    assert result.triwulan_dipakai == (1,)


@pytest.mark.parametrize(
    ("tipe", "expected", "dipakai"),
    [(K, D("30"), (1, 2)), (P, D("20"), (2,)), (R, D("15"), (1, 2))],
)
def test_running_year_ignores_quarters_not_yet_ended(
    tipe: TipePerhitungan, expected: Decimal, dipakai: tuple[int, ...]
) -> None:
    result = nilai_tahunan(tipe, FULL, triwulan_berjalan=2)
    assert nilai(result) == expected
    assert result.triwulan_dipakai == dipakai
    assert result.triwulan_diabaikan == (3, 4)


def test_running_year_with_no_quarter_ended() -> None:
    result = nilai_tahunan(K, FULL, triwulan_berjalan=0)
    assert result.nilai is None
    assert result.kode_alasan is KodeAlasan.TRIWULAN_BELUM_BERAKHIR
    assert result.alasan == "Belum ada triwulan yang berakhir"
    assert result.triwulan_diabaikan == (1, 2, 3, 4)


def test_triwulan_berjalan_four_uses_all() -> None:
    assert nilai(nilai_tahunan(K, FULL, triwulan_berjalan=4)) == D("100")


@pytest.mark.parametrize("values", [{}, {1: None, 2: None}])
def test_nothing_reported(values: dict[int, Decimal | None]) -> None:
    result = nilai_tahunan(K, values)
    assert result.nilai is None
    assert not result.dapat_dihitung
    assert result.kode_alasan is KodeAlasan.REALISASI_KOSONG
    assert result.alasan == "Belum ada realisasi triwulan yang dilaporkan"
    assert result.formula == "jumlah realisasi triwulan yang dilaporkan"


def test_nothing_reported_in_elapsed_quarters() -> None:
    result = nilai_tahunan(P, {3: D("5")}, triwulan_berjalan=2)
    assert result.kode_alasan is KodeAlasan.REALISASI_KOSONG
    assert result.triwulan_diabaikan == (3,)


@pytest.mark.parametrize("key", [0, 5, -1, True, "1"])
def test_quarter_keys_must_be_1_to_4(key: object) -> None:
    with pytest.raises(ValueError):
        nilai_tahunan(K, {key: D("1")})  # type: ignore[dict-item]


@pytest.mark.parametrize("berjalan", [-1, 5])
def test_triwulan_berjalan_range(berjalan: int) -> None:
    with pytest.raises(ValueError):
        nilai_tahunan(K, FULL, triwulan_berjalan=berjalan)


def test_bad_values_and_tipe() -> None:
    with pytest.raises(TypeError):
        nilai_tahunan(K, {1: 1.5})  # type: ignore[dict-item]
    with pytest.raises(ValueError):
        nilai_tahunan(K, {1: D("NaN")})
    with pytest.raises(ValueError):
        nilai_tahunan("jumlah", FULL)
    assert nilai(nilai_tahunan("rata_rata", {1: 2, 2: 4})) == D("3")


# --- target at a quarter --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tipe", "triwulan", "expected"),
    [
        (K, 1, D("10")),
        (K, 2, D("30")),
        (K, 4, D("100")),
        (P, 3, D("30")),
        (P, 1, D("10")),
        (R, 2, D("15")),
        (R, 4, D("25")),
    ],
)
def test_target_kumulatif_sampai(tipe: TipePerhitungan, triwulan: int, expected: Decimal) -> None:
    assert target_kumulatif_sampai(tipe, FULL, triwulan) == expected


def test_target_missing_quarter_gives_none() -> None:
    targets = {1: D("10"), 2: None, 3: D("30")}
    assert target_kumulatif_sampai(K, targets, 3) is None
    assert target_kumulatif_sampai(R, targets, 2) is None
    assert target_kumulatif_sampai(P, targets, 3) == D("30")
    assert target_kumulatif_sampai(P, targets, 4) is None
    assert target_kumulatif_sampai(K, targets, 1) == D("10")
    result = hitung_capaian("positif", D("5"), target_kumulatif_sampai(K, targets, 3))
    assert result.alasan == "Target belum ditetapkan"


@pytest.mark.parametrize("triwulan", [0, 5])
def test_target_quarter_range(triwulan: int) -> None:
    with pytest.raises(ValueError):
        target_kumulatif_sampai(K, FULL, triwulan)


def test_quarterly_capaian_flow() -> None:
    """Realisasi up to TW2 against the target up to TW2, for a kumulatif indicator."""
    realisasi = nilai_tahunan(K, {1: D("12"), 2: D("15"), 3: D("99")}, triwulan_berjalan=2)
    target = target_kumulatif_sampai(K, FULL, 2)
    assert nilai(hitung_capaian("positif", realisasi.nilai, target)) == D("90")


# --- elapsed quarters -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 12, 31), 0),
        (date(2026, 1, 1), 0),
        (date(2026, 3, 31), 0),
        (date(2026, 4, 1), 1),
        (date(2026, 6, 30), 1),
        (date(2026, 7, 1), 2),
        (date(2026, 9, 30), 2),
        (date(2026, 10, 1), 3),
        (date(2026, 12, 31), 3),
        (date(2027, 1, 1), 4),
        (date(2030, 6, 15), 4),
        (datetime(2026, 4, 1, 0, 0), 1),
    ],
)
def test_elapsed_triwulan(today: date, expected: int) -> None:
    assert elapsed_triwulan(today, 2026) == expected


@settings(max_examples=200)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 30)), st.integers(2000, 2099))
def test_elapsed_triwulan_is_monotone_and_bounded(day: date, tahun: int) -> None:
    now = elapsed_triwulan(day, tahun)
    assert 0 <= now <= 4
    assert elapsed_triwulan(day + timedelta(days=1), tahun) >= now


# --- properties -----------------------------------------------------------------------------

_nilai = st.one_of(
    st.none(),
    st.decimals(
        min_value=D("-1e9"), max_value=D("1e9"), places=3, allow_nan=False, allow_infinity=False
    ),
)
_per_triwulan = st.fixed_dictionaries({}, optional={q: _nilai for q in (1, 2, 3, 4)})


@settings(max_examples=200)
@given(_per_triwulan, st.one_of(st.none(), st.integers(0, 4)))
def test_aggregates_match_definitions(
    values: dict[int, Decimal | None], berjalan: int | None
) -> None:
    limit = 4 if berjalan is None else berjalan
    used = {q: v for q, v in values.items() if v is not None and q <= limit}
    kumulatif = nilai_tahunan(K, values, triwulan_berjalan=berjalan)
    posisi = nilai_tahunan(P, values, triwulan_berjalan=berjalan)
    rata = nilai_tahunan(R, values, triwulan_berjalan=berjalan)
    if not used:
        assert kumulatif.nilai is None and posisi.nilai is None and rata.nilai is None
        return
    assert kumulatif.nilai == sum(used.values(), D(0))
    assert kumulatif.triwulan_dipakai == tuple(sorted(used))
    assert posisi.nilai == used[max(used)]
    assert posisi.triwulan_dipakai == (max(used),)
    assert min(used.values()) <= nilai(rata) <= max(used.values())


_nilai_opsional = st.one_of(
    st.none(),
    st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=300)
@given(
    tipe=st.sampled_from(list(TipePerhitungan)),
    values=st.dictionaries(st.sampled_from([1, 2, 3, 4]), _nilai_opsional),
    sampai=st.lists(st.integers(min_value=0, max_value=4), max_size=6),
)
def test_series_equal_one_call_per_quarter(
    tipe: TipePerhitungan, values: dict[int, Decimal | None], sampai: list[int]
) -> None:
    """The series functions the rollup uses give exactly what one call per quarter gives."""
    assert nilai_tahunan_sampai(tipe, values, sampai) == tuple(
        nilai_tahunan(tipe, values, triwulan_berjalan=s) for s in sampai
    )
    tws = [s for s in sampai if s >= 1]
    assert target_sampai(tipe, values, tws) == tuple(
        target_kumulatif_sampai(tipe, values, q) for q in tws
    )


def test_series_validate_like_one_call() -> None:
    with pytest.raises(ValueError, match="triwulan_berjalan"):
        nilai_tahunan_sampai("kumulatif", {1: Decimal(1)}, (2, 5))
    with pytest.raises(ValueError, match="triwulan"):
        target_sampai("kumulatif", {1: Decimal(1)}, (0,))
    with pytest.raises(TypeError):
        target_sampai("kumulatif", {1: 1.5}, (1,))  # type: ignore[dict-item]
    assert nilai_tahunan_sampai("kumulatif", {}, ()) == ()
