"""Pure early-warning projection (kinerja.engine.proyeksi): per tipe perhitungan, the verdict
against the reference band (by band order), the boundaries and the not-projectable cases."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kinerja.engine import DEFAULT_BANDS, PredikatBand
from kinerja.engine.capaian import SKALA_OPINI_BPK, CapaianResult, Polaritas
from kinerja.engine.proyeksi import (
    MetodeProyeksi,
    StatusProyeksi,
    band_acuan,
    di_bawah_acuan,
    proyeksi_akhir_tahun,
)

D = Decimal


def band(bawah: str, atas: str | None, kode: str) -> PredikatBand:
    return PredikatBand(D(bawah), None if atas is None else D(atas), kode, kode.title())


# --- kumulatif --------------------------------------------------------------------------------


def test_kumulatif_mengikuti_pola_target() -> None:
    # Back-loaded quarterly targets 10/20/30/40 (year 100): TW1 = 10 is exactly on plan.
    r = proyeksi_akhir_tahun(
        "kumulatif", "positif", {1: D(10)}, D(100), target_sd={1: D(10), 2: D(30), 3: D(60)}
    )
    assert r.metode is MetodeProyeksi.POLA_TARGET
    assert r.nilai == D(100) and r.capaian.nilai == D(100)
    assert r.predikat.kode == "sangat_tinggi" and r.status is StatusProyeksi.AMAN
    assert "realisasi s.d. TW1 (10) ÷ target s.d. TW1 (10) × target tahunan (100) = 100" in (
        r.uraian
    )
    assert r.triwulan_dipakai == (1,)


def test_kumulatif_pola_target_berisiko() -> None:
    r = proyeksi_akhir_tahun(
        "kumulatif", "positif", {1: D(5), 2: D(10)}, D(100), target_sd={1: D(10), 2: D(30)}
    )
    # 15 / 30 × 100 = 50 → sangat rendah.
    assert r.nilai == D(50) and r.predikat.kode == "sangat_rendah"
    assert r.status is StatusProyeksi.BERISIKO and r.berisiko
    assert r.label_status == "Berisiko"


def test_kumulatif_laju_rata_rata_tanpa_target_triwulan() -> None:
    r = proyeksi_akhir_tahun("kumulatif", "positif", {1: D(30), 2: D(20)}, D(100))
    assert r.metode is MetodeProyeksi.LAJU_RATA_RATA
    assert r.nilai == D(100)  # (30 + 20) / 2 × 4
    assert "(TW1 + TW2) ÷ 2 × 4 = 50 ÷ 2 × 4 = 100" in r.uraian
    assert r.status is StatusProyeksi.AMAN


def test_kumulatif_triwulan_bolong_pakai_laju() -> None:
    # TW1 missing: the cumulative target s.d. TW2 includes TW1, the realisasi does not.
    r = proyeksi_akhir_tahun(
        "kumulatif", "positif", {1: None, 2: D(20)}, D(100), target_sd={1: D(25), 2: D(50)}
    )
    assert r.metode is MetodeProyeksi.LAJU_RATA_RATA and r.nilai == D(80)
    assert r.triwulan_dipakai == (2,)


def test_kumulatif_target_sd_nol_pakai_laju() -> None:
    r = proyeksi_akhir_tahun("kumulatif", "positif", {1: D(5)}, D(100), target_sd={1: D(0)})
    assert r.metode is MetodeProyeksi.LAJU_RATA_RATA and r.nilai == D(20)
    assert "laju rata-rata: TW1 × 4 = 5 × 4 = 20" in r.uraian


# --- posisi akhir, rata-rata ------------------------------------------------------------------


def test_posisi_akhir_nilai_terakhir() -> None:
    r = proyeksi_akhir_tahun("posisi_akhir", "negatif", {1: D(12), 2: D(9)}, D(10))
    assert r.metode is MetodeProyeksi.NILAI_TERAKHIR
    assert r.nilai == D(9) and r.capaian.nilai == D(110)  # (2 − 9/10) × 100
    assert r.triwulan_dipakai == (2,) and "TW2 = 9" in r.uraian
    assert r.status is StatusProyeksi.AMAN


def test_posisi_akhir_negatif_berisiko() -> None:
    r = proyeksi_akhir_tahun("posisi_akhir", "negatif", {1: D(14)}, D(10))
    assert r.capaian.nilai == D(60) and r.predikat.kode == "rendah" and r.berisiko


def test_rata_rata() -> None:
    r = proyeksi_akhir_tahun("rata_rata", "positif", {1: D(80), 2: D(60)}, D(100))
    assert r.metode is MetodeProyeksi.RATA_RATA and r.nilai == D(70)
    assert r.predikat.kode == "sedang" and r.berisiko
    assert "(TW1 + TW2) / 2 = 70" in r.uraian


def test_rentang_posisi_akhir() -> None:
    r = proyeksi_akhir_tahun("posisi_akhir", "rentang", {1: D(15)}, D(10), target_max=D(20))
    assert r.capaian.nilai == D(100) and r.status is StatusProyeksi.AMAN


def test_empat_triwulan_bukan_proyeksi() -> None:
    r = proyeksi_akhir_tahun(
        "kumulatif", "positif", {1: D(20), 2: D(20), 3: D(20), 4: D(10)}, D(100)
    )
    assert r.metode is MetodeProyeksi.REALISASI_SETAHUN and r.nilai == D(70)
    assert "bukan proyeksi" in r.uraian and r.berisiko


# --- kualitatif -------------------------------------------------------------------------------


def test_kualitatif_dengan_skala() -> None:
    r = proyeksi_akhir_tahun("posisi_akhir", "kualitatif", {1: "WDP"}, "WTP", skala=SKALA_OPINI_BPK)
    assert r.metode is MetodeProyeksi.LABEL_TERAKHIR and r.label == "WDP"
    assert r.capaian.nilai == D(75) and r.predikat.kode == "sedang" and r.berisiko


def test_kualitatif_dengan_capaian_dari_pemanggil() -> None:
    capaian = CapaianResult(polaritas=Polaritas.KUALITATIF, nilai=D(100), formula="x")
    r = proyeksi_akhir_tahun(
        "posisi_akhir", "kualitatif", {1: "WDP", 2: "WTP"}, "WTP", capaian_kualitatif=capaian
    )
    assert r.label == "WTP" and r.status is StatusProyeksi.AMAN
    assert "TW2: 'WTP'" in r.uraian


def test_kualitatif_tanpa_skala_tidak_dapat() -> None:
    r = proyeksi_akhir_tahun("posisi_akhir", "kualitatif", {1: "WDP"}, "WTP")
    assert r.status is StatusProyeksi.TIDAK_DAPAT and not r.berisiko
    assert "Skala" in r.alasan and r.label == "WDP"


def test_kualitatif_label_tidak_dikenal() -> None:
    r = proyeksi_akhir_tahun(
        "posisi_akhir", "kualitatif", {1: "Baik"}, "WTP", skala=SKALA_OPINI_BPK
    )
    assert r.status is StatusProyeksi.TIDAK_DAPAT and "tidak dikenal" in r.alasan


# --- not projectable --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("realisasi", "target", "potongan"),
    [
        ({}, D(100), "Belum ada realisasi"),
        ({1: None, 2: None}, D(100), "Belum ada realisasi"),
        ({1: D(10)}, None, "Target belum ditetapkan"),
        ({1: D(10)}, D(0), "Target bernilai 0"),
    ],
)
def test_tidak_dapat_diproyeksikan(realisasi: dict, target: Decimal | None, potongan: str) -> None:
    r = proyeksi_akhir_tahun("kumulatif", "positif", realisasi, target)
    assert r.status is StatusProyeksi.TIDAK_DAPAT
    assert not r.berisiko and r.predikat is None
    assert potongan in r.alasan
    assert r.label_status == "Tidak dapat diproyeksikan"


def test_float_ditolak() -> None:
    with pytest.raises(TypeError):
        proyeksi_akhir_tahun("kumulatif", "positif", {1: 1.5}, D(100))  # type: ignore[dict-item]
    with pytest.raises(ValueError):
        proyeksi_akhir_tahun("bulanan", "positif", {1: D(1)}, D(100))


# --- the reference band, by band order ------------------------------------------------------------


@pytest.mark.parametrize(
    ("nilai", "status"),
    [
        (D(76), StatusProyeksi.AMAN),  # tinggi
        (D("75.995"), StatusProyeksi.AMAN),  # shown as 76,00 → tinggi
        (D("75.99"), StatusProyeksi.BERISIKO),  # sedang
        (D(91), StatusProyeksi.AMAN),
        (D(0), StatusProyeksi.BERISIKO),
    ],
)
def test_batas_tinggi(nilai: Decimal, status: StatusProyeksi) -> None:
    r = proyeksi_akhir_tahun("posisi_akhir", "positif", {1: nilai}, D(100))
    assert r.status is status


def test_acuan_dari_urutan_band_bukan_label() -> None:
    # A scheme whose codes differ: the reference is the second band from the top.
    skema = (
        band("85", None, "a"),
        band("70", "85", "b"),
        band("50", "70", "c"),
        band("0", "50", "d"),
    )
    assert band_acuan(skema).kode == "b"
    r = proyeksi_akhir_tahun("posisi_akhir", "positif", {1: D(72)}, D(100), bands=skema)
    assert r.predikat.kode == "b" and r.status is StatusProyeksi.AMAN
    r = proyeksi_akhir_tahun("posisi_akhir", "positif", {1: D(69)}, D(100), bands=skema)
    assert r.predikat.kode == "c" and r.berisiko


def test_acuan_kode_tinggi_di_mana_pun_posisinya() -> None:
    # "tinggi" is the third band here (a scheme with an extra top band): below it is berisiko.
    skema = (
        band("100", None, "istimewa"),
        band("90", "100", "sangat_tinggi"),
        band("75", "90", "tinggi"),
        band("0", "75", "kurang"),
    )
    assert band_acuan(skema).kode == "tinggi"
    r = proyeksi_akhir_tahun("posisi_akhir", "positif", {1: D(80)}, D(100), bands=skema)
    assert r.status is StatusProyeksi.AMAN
    r = proyeksi_akhir_tahun("posisi_akhir", "positif", {1: D(74)}, D(100), bands=skema)
    assert r.berisiko and r.acuan.kode == "tinggi"


def test_satu_band_tidak_pernah_berisiko() -> None:
    skema = (band("0", None, "semua"),)
    assert band_acuan(skema) is None
    r = proyeksi_akhir_tahun("posisi_akhir", "positif", {1: D(1)}, D(100), bands=skema)
    assert r.status is StatusProyeksi.AMAN
    assert not di_bawah_acuan(skema[0], None)


def test_acuan_bawaan_tinggi() -> None:
    assert band_acuan(DEFAULT_BANDS).kode == "tinggi"


# --- properties -------------------------------------------------------------------------------

angka = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)
tipe = st.sampled_from(["kumulatif", "posisi_akhir", "rata_rata"])
polaritas = st.sampled_from(["positif", "negatif", "stabil"])


@st.composite
def realisasi(draw: st.DrawFn) -> dict[int, Decimal | None]:
    return {q: draw(st.none() | angka) for q in (1, 2, 3, 4) if draw(st.booleans())}


@given(tipe, polaritas, realisasi(), st.none() | angka)
def test_putusan_konsisten(t: str, p: str, r: dict, target: Decimal | None) -> None:
    h = proyeksi_akhir_tahun(t, p, r, target)
    if h.status is StatusProyeksi.TIDAK_DAPAT:
        assert h.predikat is None and h.alasan
    else:
        assert h.predikat is not None and h.alasan is None
        assert h.berisiko == (h.predikat.batas_bawah < D(76))
    assert h.uraian or h.status is StatusProyeksi.TIDAK_DAPAT


@given(realisasi(), angka)
def test_laju_kumulatif_tidak_kurang_dari_realisasi(r: dict, target: Decimal) -> None:
    h = proyeksi_akhir_tahun("kumulatif", "positif", r, target)
    terisi = [v for v in r.values() if v is not None]
    assume(terisi)
    assert h.nilai >= sum(terisi)


@given(tipe, realisasi(), st.decimals(min_value=1, max_value=1000, places=2))
def test_realisasi_lebih_tinggi_tidak_menambah_risiko_positif(
    t: str, r: dict, target: Decimal
) -> None:
    """Positif: raising every reported quarter never turns an aman IKU into berisiko."""
    h = proyeksi_akhir_tahun(t, "positif", r, target)
    naik = {q: (None if v is None else v + D(1)) for q, v in r.items()}
    h2 = proyeksi_akhir_tahun(t, "positif", naik, target)
    if h.status is StatusProyeksi.AMAN:
        assert h2.status is StatusProyeksi.AMAN
