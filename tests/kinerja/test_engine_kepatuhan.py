"""Pure compliance rules (kinerja.engine.kepatuhan): the three scores, the overall score, the
category boundaries, threshold validation, the 0-IKU case and month periods."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kinerja.engine.jadwal import WITA
from kinerja.engine.kepatuhan import (
    ALASAN_BELUM_DIPERIKSA,
    ALASAN_TANPA_IKU,
    AMBANG_BAWAAN,
    Ambang,
    HitunganKepatuhan,
    Kategori,
    bulan_periode,
    gabungkan,
    kategori_untuk,
    nilai_kepatuhan,
    periksa_ambang,
    periksa_hitungan,
)

D = Decimal


def h(**kw: int) -> HitunganKepatuhan:
    return HitunganKepatuhan(**kw)


# --- scores ---------------------------------------------------------------------------------


def test_semua_sempurna_baik() -> None:
    r = nilai_kepatuhan(
        h(
            iku_wajib=4,
            diajukan=4,
            tepat_waktu=4,
            lengkap=4,
            diverifikasi=4,
            tanpa_pengembalian=4,
        )
    )
    assert (r.disiplin, r.tanggung_jawab, r.kepatuhan, r.nilai_akhir) == (
        D(100),
        D(100),
        D(100),
        D(100),
    )
    assert r.kategori is Kategori.BAIK and r.label_kategori == "Baik" and r.alasan == ()


def test_definisi_persis() -> None:
    # 5 IKU: 3 on time, 4 submitted, 2 complete with evidence, 3 verified of which 2 clean,
    # 1 returned at least once (now verified).
    r = nilai_kepatuhan(
        h(
            iku_wajib=5,
            diajukan=4,
            tepat_waktu=3,
            lengkap=2,
            diverifikasi=3,
            tanpa_pengembalian=2,
            dikembalikan=1,
        )
    )
    assert r.disiplin == D("60.00")
    assert r.tanggung_jawab == D("40.00")
    assert r.kepatuhan == D("66.67")  # 2 / (2 + 1)
    # (60 + 40 + 66.666…) / 3 = 55.555… → 55.56
    assert r.nilai_akhir == D("55.56")
    assert r.kategori is Kategori.BURUK


def test_dikembalikan_menurunkan_kepatuhan() -> None:
    """The issue's done-when: a returned item lowers the OPD's kepatuhan."""
    sebelum = nilai_kepatuhan(
        h(iku_wajib=3, diajukan=3, tepat_waktu=3, lengkap=3, diverifikasi=3, tanpa_pengembalian=3)
    )
    sesudah = nilai_kepatuhan(
        h(
            iku_wajib=3,
            diajukan=3,
            tepat_waktu=3,
            lengkap=3,
            diverifikasi=3,
            tanpa_pengembalian=2,
            dikembalikan=1,
        )
    )
    assert sebelum.kepatuhan == D(100)
    assert sesudah.kepatuhan == D("66.67")
    assert sesudah.nilai_akhir < sebelum.nilai_akhir


def test_terlambat_menurunkan_disiplin_dan_bukti_menurunkan_tanggung_jawab() -> None:
    dasar = h(iku_wajib=4, diajukan=4, tepat_waktu=4, lengkap=4)
    terlambat = dataclasses.replace(dasar, tepat_waktu=3)
    tanpa_bukti = dataclasses.replace(dasar, lengkap=3)
    assert nilai_kepatuhan(terlambat).disiplin == D(75) < nilai_kepatuhan(dasar).disiplin
    assert (
        nilai_kepatuhan(tanpa_bukti).tanggung_jawab == D(75) < nilai_kepatuhan(dasar).tanggung_jawab
    )


def test_kepatuhan_belum_diperiksa_tidak_nol() -> None:
    r = nilai_kepatuhan(h(iku_wajib=2, diajukan=2, tepat_waktu=2, lengkap=1))
    assert r.kepatuhan is None
    assert ALASAN_BELUM_DIPERIKSA in r.alasan
    # Overall over the two available components only: (100 + 50) / 2.
    assert r.nilai_akhir == D(75) and r.kategori is Kategori.CUKUP


def test_tanpa_iku_tidak_dinilai() -> None:
    r = nilai_kepatuhan(HitunganKepatuhan())
    assert (r.disiplin, r.tanggung_jawab, r.kepatuhan, r.nilai_akhir) == (None,) * 4
    assert r.kategori is Kategori.TIDAK_DINILAI and r.alasan == (ALASAN_TANPA_IKU,)
    assert r.label_kategori == "Tidak dinilai"


def test_bobot_tertimbang() -> None:
    ambang = Ambang(bobot_disiplin=D(2), bobot_tanggung_jawab=D(1), bobot_kepatuhan=D(1))
    r = nilai_kepatuhan(
        h(
            iku_wajib=2,
            diajukan=2,
            tepat_waktu=2,
            lengkap=0,
            diverifikasi=2,
            tanpa_pengembalian=0,
            dikembalikan=2,
        ),
        ambang,
    )
    # (2×100 + 1×0 + 1×0) / 4 = 50
    assert r.nilai_akhir == D(50)


def test_bobot_komponen_tersedia_nol() -> None:
    ambang = Ambang(bobot_disiplin=D(0), bobot_tanggung_jawab=D(0), bobot_kepatuhan=D(1))
    r = nilai_kepatuhan(h(iku_wajib=1, diajukan=1, tepat_waktu=1, lengkap=1), ambang)
    assert r.nilai_akhir is None and r.kategori is Kategori.TIDAK_DINILAI
    assert any("Bobot" in a for a in r.alasan)


def test_hitungan_tidak_konsisten_ditolak() -> None:
    with pytest.raises(ValueError, match="tepat_waktu > diajukan"):
        nilai_kepatuhan(h(iku_wajib=2, diajukan=1, tepat_waktu=2))
    with pytest.raises(ValueError, match="bilangan bulat"):
        nilai_kepatuhan(h(iku_wajib=-1))
    assert periksa_hitungan(h(iku_wajib=1, diajukan=1, dikembalikan=1, tanpa_pengembalian=0)) == []
    assert "tanpa_pengembalian + dikembalikan > diajukan" in periksa_hitungan(
        h(iku_wajib=2, diajukan=1, diverifikasi=1, tanpa_pengembalian=1, dikembalikan=1)
    )
    assert periksa_hitungan(h(iku_wajib=True)) != []  # type: ignore[arg-type]


def test_ambang_tidak_valid_ditolak_oleh_nilai() -> None:
    with pytest.raises(ValueError, match="Ambang"):
        nilai_kepatuhan(h(iku_wajib=1), Ambang(batas_baik=D(50), batas_cukup=D(60)))


# --- category boundaries ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nilai", "kategori"),
    [
        (D(100), Kategori.BAIK),
        (D(80), Kategori.BAIK),
        (D("79.995"), Kategori.BAIK),  # shown as 80,00 → baik
        (D("79.994"), Kategori.CUKUP),
        (D("79.99"), Kategori.CUKUP),
        (D(60), Kategori.CUKUP),
        (D("59.995"), Kategori.CUKUP),
        (D("59.99"), Kategori.BURUK),
        (D(0), Kategori.BURUK),
        (None, Kategori.TIDAK_DINILAI),
    ],
)
def test_batas_kategori_bawaan(nilai: Decimal | None, kategori: Kategori) -> None:
    assert kategori_untuk(nilai) is kategori


def test_batas_kategori_dapat_diatur() -> None:
    ambang = Ambang(batas_baik=D(90), batas_cukup=D(0))
    assert kategori_untuk(D("89.99"), ambang) is Kategori.CUKUP
    assert kategori_untuk(D(0), ambang) is Kategori.CUKUP
    assert kategori_untuk(D(90), ambang) is Kategori.BAIK


def test_batas_tepat_dari_hitungan() -> None:
    # 4 of 5 on time and complete, nothing ruled on yet: exactly 80 → baik.
    r = nilai_kepatuhan(h(iku_wajib=5, diajukan=4, tepat_waktu=4, lengkap=4))
    assert r.nilai_akhir == D(80) and r.kategori is Kategori.BAIK
    # 3 of 5: exactly 60 → cukup.
    r = nilai_kepatuhan(h(iku_wajib=5, diajukan=3, tepat_waktu=3, lengkap=3))
    assert r.nilai_akhir == D(60) and r.kategori is Kategori.CUKUP


# --- thresholds validation --------------------------------------------------------------------


def test_ambang_bawaan_valid() -> None:
    assert periksa_ambang(AMBANG_BAWAAN) == []
    assert periksa_ambang(Ambang(batas_baik=D(100), batas_cukup=D(0))) == []


@pytest.mark.parametrize(
    ("ambang", "kolom", "potongan"),
    [
        (Ambang(batas_baik=D(60), batas_cukup=D(60)), "batas_cukup", "lebih kecil"),
        (Ambang(batas_baik=D(50), batas_cukup=D(70)), "batas_cukup", "lebih kecil"),
        (Ambang(batas_baik=D(101)), "batas_baik", "antara 0 dan 100"),
        (Ambang(batas_cukup=D(-1)), "batas_cukup", "antara 0 dan 100"),
        (Ambang(bobot_kepatuhan=D(-1)), "bobot_kepatuhan", "antara 0 dan 100"),
        (Ambang(bobot_disiplin=D(101)), "bobot_disiplin", "antara 0 dan 100"),
        (
            Ambang(bobot_disiplin=D(0), bobot_tanggung_jawab=D(0), bobot_kepatuhan=D(0)),
            "bobot_disiplin",
            "lebih dari 0",
        ),
        (Ambang(batas_baik=D("NaN")), "batas_baik", "angka"),
        (Ambang(batas_baik="80"), "batas_baik", "angka"),  # type: ignore[arg-type]
    ],
)
def test_ambang_tidak_valid(ambang: Ambang, kolom: str, potongan: str) -> None:
    salah = periksa_ambang(ambang)
    assert any(k == kolom and potongan in p for k, p in salah), salah


# --- aggregation and months --------------------------------------------------------------------


def test_gabungkan_menjumlah() -> None:
    a = h(iku_wajib=2, diajukan=1, tepat_waktu=1)
    b = h(iku_wajib=3, diajukan=3, tepat_waktu=2, lengkap=1, dikembalikan=1)
    assert gabungkan([a, b]) == h(iku_wajib=5, diajukan=4, tepat_waktu=3, lengkap=1, dikembalikan=1)
    assert gabungkan([]) == HitunganKepatuhan()


def test_bulan_periode_wita() -> None:
    # 31 March 23.59 WITA is 15.59 UTC the same day: March.
    assert bulan_periode(datetime(2026, 3, 31, 23, 59, tzinfo=WITA)) == (2026, 3)
    # 31 March 17.00 UTC is 1 April 01.00 WITA: April.
    assert bulan_periode(datetime(2026, 3, 31, 17, 0, tzinfo=UTC)) == (2026, 4)
    # TW4 2025's deadline in January 2026 belongs to January 2026.
    assert bulan_periode(datetime(2026, 1, 15, 23, 59, tzinfo=WITA)) == (2026, 1)
    with pytest.raises(ValueError):
        bulan_periode(datetime(2026, 1, 15))


# --- properties -------------------------------------------------------------------------------


@st.composite
def hitungan(draw: st.DrawFn) -> HitunganKepatuhan:
    wajib = draw(st.integers(0, 60))
    diajukan = draw(st.integers(0, wajib))
    tepat = draw(st.integers(0, diajukan))
    lengkap = draw(st.integers(0, wajib))
    diverifikasi = draw(st.integers(0, diajukan))
    bersih = draw(st.integers(0, diverifikasi))
    kembali = draw(st.integers(0, diajukan - bersih))
    return HitunganKepatuhan(wajib, diajukan, tepat, lengkap, diverifikasi, bersih, kembali)


bobot = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)


@st.composite
def ambang_valid(draw: st.DrawFn) -> Ambang:
    cukup = draw(st.decimals(min_value=0, max_value="99.99", places=2))
    baik = draw(st.decimals(min_value=cukup + D("0.01"), max_value=100, places=2))
    w = (draw(bobot), draw(bobot), draw(bobot))
    assume(sum(w) > 0)
    return Ambang(baik, cukup, *w)


@given(hitungan(), ambang_valid())
def test_skor_dalam_0_100(x: HitunganKepatuhan, ambang: Ambang) -> None:
    assert periksa_hitungan(x) == []
    r = nilai_kepatuhan(x, ambang)
    for s in (r.disiplin, r.tanggung_jawab, r.kepatuhan, r.nilai_akhir):
        assert s is None or D(0) <= s <= D(100)
    assert (r.kategori is Kategori.TIDAK_DINILAI) == (r.nilai_akhir is None)
    assert (x.iku_wajib == 0) == (r.disiplin is None)


@given(hitungan())
def test_lebih_tepat_waktu_tidak_menurunkan_disiplin(x: HitunganKepatuhan) -> None:
    assume(x.tepat_waktu < x.diajukan)
    lebih = dataclasses.replace(x, tepat_waktu=x.tepat_waktu + 1)
    a, b = nilai_kepatuhan(x), nilai_kepatuhan(lebih)
    assert b.disiplin >= a.disiplin
    assert b.nilai_akhir >= a.nilai_akhir


@given(hitungan())
def test_lebih_lengkap_tidak_menurunkan_tanggung_jawab(x: HitunganKepatuhan) -> None:
    assume(x.lengkap < x.iku_wajib)
    lebih = dataclasses.replace(x, lengkap=x.lengkap + 1)
    assert nilai_kepatuhan(lebih).tanggung_jawab >= nilai_kepatuhan(x).tanggung_jawab


@given(hitungan())
def test_pengembalian_tidak_menaikkan_kepatuhan(x: HitunganKepatuhan) -> None:
    """Turning one clean verification into a returned one never raises kepatuhan."""
    assume(x.tanpa_pengembalian > 0)
    kembali = dataclasses.replace(
        x, tanpa_pengembalian=x.tanpa_pengembalian - 1, dikembalikan=x.dikembalikan + 1
    )
    a, b = nilai_kepatuhan(x), nilai_kepatuhan(kembali)
    assert b.kepatuhan is not None and a.kepatuhan is not None
    assert b.kepatuhan <= a.kepatuhan


@given(st.decimals(min_value=0, max_value=100, places=4), ambang_valid())
def test_kategori_monoton(nilai: Decimal, ambang: Ambang) -> None:
    urutan = {Kategori.BURUK: 0, Kategori.CUKUP: 1, Kategori.BAIK: 2}
    lebih = min(nilai + D(1), D(100))
    assert urutan[kategori_untuk(lebih, ambang)] >= urutan[kategori_untuk(nilai, ambang)]
