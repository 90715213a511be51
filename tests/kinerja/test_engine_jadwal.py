"""Reporting windows and reminder due dates (pure rules, WITA)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinerja.engine.jadwal import (
    WITA,
    Jendela,
    JenisPengingat,
    StatusJendela,
    boleh_lapor,
    format_tanggal,
    jendela_default,
    label_periode,
    pengingat_jatuh_tempo,
    pesan_jendela,
    sisa_hari,
    status_jendela,
    terlambat,
)

BUKA = datetime(2026, 10, 1, 0, 0, tzinfo=WITA)
BATAS = datetime(2026, 10, 15, 23, 59, tzinfo=WITA)
KUNCI = datetime(2026, 10, 31, 23, 59, tzinfo=WITA)
J = Jendela(2026, 3, BUKA, BATAS, KUNCI)


def test_format_tanggal_wita() -> None:
    # 15:59 UTC is 23:59 WITA (UTC+8), on the same day.
    assert format_tanggal(datetime(2026, 10, 15, 15, 59, tzinfo=UTC)) == (
        "15 Oktober 2026 23.59 WITA"
    )
    assert format_tanggal(datetime(2026, 12, 31, 16, 30, tzinfo=UTC), jam=False) == "1 Januari 2027"
    assert label_periode(2026, 3) == "Triwulan III 2026"


@pytest.mark.parametrize(
    ("waktu", "status"),
    [
        (BUKA - timedelta(seconds=1), StatusJendela.BELUM_DIBUKA),
        (BUKA, StatusJendela.DIBUKA),
        (BATAS, StatusJendela.DIBUKA),
        (BATAS + timedelta(seconds=1), StatusJendela.TERLAMBAT),
        (KUNCI, StatusJendela.TERLAMBAT),
        (KUNCI + timedelta(seconds=1), StatusJendela.DITUTUP),
    ],
)
def test_status_jendela_batas(waktu: datetime, status: StatusJendela) -> None:
    assert status_jendela(J, waktu) == status
    assert boleh_lapor(status) == (status in {StatusJendela.DIBUKA, StatusJendela.TERLAMBAT})


def test_tanpa_jadwal() -> None:
    assert status_jendela(None, BUKA) == StatusJendela.TIDAK_ADA
    assert "belum ditetapkan" in pesan_jendela(None, StatusJendela.TIDAK_ADA, 2026, 3)


def test_pesan_menyebut_tanggal() -> None:
    pesan = pesan_jendela(J, StatusJendela.DITUTUP, 2026, 3)
    assert "Triwulan III 2026" in pesan
    assert "31 Oktober 2026 23.59 WITA" in pesan
    assert "15 Oktober 2026 23.59 WITA" in pesan
    assert "perpanjangan" in pesan
    assert "1 Oktober 2026 00.00 WITA" in pesan_jendela(J, StatusJendela.BELUM_DIBUKA, 2026, 3)
    assert pesan_jendela(J, StatusJendela.DIBUKA, 2026, 3) == ""


def test_terlambat() -> None:
    assert not terlambat(BATAS, J)
    assert terlambat(BATAS + timedelta(minutes=1), J)
    assert not terlambat(KUNCI, None)


def test_sisa_hari_pakai_tanggal_wita() -> None:
    # 16:30 UTC on 14 Oct is 00:30 WITA on 15 Oct: the deadline's own day.
    assert sisa_hari(datetime(2026, 10, 14, 16, 30, tzinfo=UTC), BATAS) == 0
    assert sisa_hari(datetime(2026, 10, 14, 15, 30, tzinfo=UTC), BATAS) == 1
    assert sisa_hari(datetime(2026, 10, 16, 1, 0, tzinfo=WITA), BATAS) == -1


@pytest.mark.parametrize(
    ("hari_sebelum", "jenis"),
    [
        (14, None),
        (8, None),
        (7, JenisPengingat.H7),
        (5, JenisPengingat.H7),
        (4, JenisPengingat.H7),
        (3, JenisPengingat.H3),
        (2, JenisPengingat.H3),
        (1, JenisPengingat.H1),
        (0, JenisPengingat.H1),
    ],
)
def test_pengingat_sebelum_batas(hari_sebelum: int, jenis: JenisPengingat | None) -> None:
    jendela = Jendela(2026, 3, BUKA - timedelta(days=30), BATAS, KUNCI)
    waktu = datetime(2026, 10, 15, 9, 0, tzinfo=WITA) - timedelta(days=hari_sebelum)
    assert pengingat_jatuh_tempo(jendela, waktu) == jenis


def test_pengingat_terlambat_dan_di_luar_jendela() -> None:
    assert pengingat_jatuh_tempo(J, BATAS + timedelta(hours=1)) == JenisPengingat.TERLAMBAT
    assert pengingat_jatuh_tempo(J, KUNCI + timedelta(hours=1)) is None
    assert pengingat_jatuh_tempo(J, BUKA - timedelta(hours=1)) is None


@given(st.datetimes(min_value=datetime(2026, 9, 1), max_value=datetime(2026, 11, 30)))
def test_pengingat_hanya_dalam_jendela(waktu: datetime) -> None:
    waktu = waktu.replace(tzinfo=WITA)
    jenis = pengingat_jatuh_tempo(J, waktu)
    if jenis is not None:
        assert boleh_lapor(status_jendela(J, waktu))
        assert (jenis == JenisPengingat.TERLAMBAT) == (waktu > BATAS)


@pytest.mark.parametrize("triwulan", [1, 2, 3, 4])
def test_jendela_default_berurutan(triwulan: int) -> None:
    buka, batas, kunci = jendela_default(2026, triwulan)
    assert buka < batas < kunci
    assert buka.month == (triwulan * 3) % 12 + 1
    assert (buka.year == 2027) == (triwulan == 4)
    assert batas.day == 15
    assert (kunci + timedelta(minutes=1)).day == 1
