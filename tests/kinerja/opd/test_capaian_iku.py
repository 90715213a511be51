"""capaian_iku: the engine applied to an IKU's targets, per tipe perhitungan and polaritas.
The realisasi values are given (they arrive with a later issue)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from kinerja.engine import SKALA_OPINI_BPK
from kinerja.opd.selectors import capaian_iku
from kinerja.opd.services import TargetInput as T

pytestmark = pytest.mark.django_db
D = Decimal


def _iku(buat_iku, rencana, tipe, targets, **kwargs):
    return buat_iku(rencana.sasaran, f"C-{tipe}", targets=targets, tipe_perhitungan=tipe, **kwargs)


TARGETS = [T(2031, None, D(100))] + [T(2031, q, D(25)) for q in (1, 2, 3, 4)]


@pytest.mark.parametrize(
    ("tipe", "realisasi", "nilai_tahunan", "capaian"),
    [
        ("kumulatif", {1: D(20), 2: D(30), 3: D(25), 4: D(15)}, D(90), D(90)),
        ("posisi_akhir", {1: D(20), 2: D(30), 3: D(88), 4: None}, D(88), D(88)),
        ("rata_rata", {1: D(100), 2: D(80), 3: D(90), 4: D(90)}, D(90), D(90)),
    ],
)
def test_full_year_per_tipe(rencana, opd_a, buat_iku, tipe, realisasi, nilai_tahunan, capaian):
    with schema_context(opd_a.schema):
        iku = _iku(buat_iku, rencana, tipe, TARGETS)
        hasil = capaian_iku(iku, 2031, realisasi)
    assert hasil.realisasi.nilai == nilai_tahunan
    assert hasil.target == D(100)
    assert hasil.acuan == "Target tahunan 2031"
    assert hasil.capaian.nilai == capaian
    assert hasil.predikat.kode == "tinggi"


def test_running_year_uses_target_up_to_the_last_ended_quarter(rencana, opd_a, buat_iku):
    with schema_context(opd_a.schema):
        iku = _iku(buat_iku, rencana, "kumulatif", TARGETS)
        hasil = capaian_iku(iku, 2031, {1: D(30), 2: D(20), 3: D(99)}, triwulan_berjalan=2)
    assert hasil.realisasi.nilai == D(50)  # TW3 not ended yet: ignored
    assert hasil.target == D(50)  # TW1 + TW2 targets
    assert hasil.acuan == "Target s.d. TW2 2031"
    assert hasil.capaian.nilai == D(100)
    assert hasil.predikat.kode == "sangat_tinggi"


def test_no_quarter_ended_says_why(rencana, opd_a, buat_iku):
    with schema_context(opd_a.schema):
        iku = _iku(buat_iku, rencana, "kumulatif", TARGETS)
        hasil = capaian_iku(iku, 2031, {}, triwulan_berjalan=0)
    assert hasil.capaian.nilai is None
    assert hasil.capaian.alasan == "Belum ada triwulan yang berakhir"
    assert hasil.predikat is None


def test_negative_polarity_follows_the_regulation(rencana, opd_a, buat_iku):
    with schema_context(opd_a.schema):
        iku = _iku(buat_iku, rencana, "posisi_akhir", [T(2031, None, D(8))], polaritas="negatif")
        hasil = capaian_iku(iku, 2031, {4: D(9)})
    assert hasil.capaian.nilai == D("87.5")
    assert hasil.capaian.formula == "(2 − R/T) × 100"


def test_rentang_inside_and_above(rencana, opd_a, buat_iku):
    with schema_context(opd_a.schema):
        iku = _iku(
            buat_iku, rencana, "posisi_akhir", [T(2031, None, D(5), D(7))], polaritas="rentang"
        )
        assert capaian_iku(iku, 2031, {4: D(6)}).capaian.nilai == D(100)
        assert capaian_iku(iku, 2031, {4: D("7.7")}).capaian.nilai == D(90)


def test_kualitatif_uses_last_label_and_scale(rencana, daerah, opd_a, buat_iku):
    with schema_context(opd_a.schema):
        iku = _iku(
            buat_iku,
            rencana,
            "posisi_akhir",
            [T(2031, None, None, None, "WTP")],
            polaritas="kualitatif",
            skala_id=daerah.skala.pk,
        )
        hasil = capaian_iku(iku, 2031, {2: "TMP", 4: "WDP"})  # scale read from Bappeda's row
        assert hasil.realisasi_kualitatif == "WDP"
        assert hasil.capaian.nilai == D(75)
        assert capaian_iku(iku, 2031, {4: "WTP"}, skala=SKALA_OPINI_BPK).capaian.nilai == D(100)


def test_missing_target_is_not_zero(rencana, opd_a, buat_iku):
    with schema_context(opd_a.schema):
        iku = _iku(buat_iku, rencana, "kumulatif", [T(2032, None, D(10))])
        hasil = capaian_iku(iku, 2031, {1: D(5)})
    assert hasil.capaian.nilai is None
    assert hasil.capaian.alasan == "Target belum ditetapkan"


def test_year_without_yearly_target_adds_up_quarterly_targets(rencana, opd_a, buat_iku):
    with schema_context(opd_a.schema):
        iku = _iku(buat_iku, rencana, "kumulatif", [T(2031, q, D(10)) for q in (1, 2, 3, 4)])
        hasil = capaian_iku(iku, 2031, {q: D(12) for q in (1, 2, 3, 4)})
    assert hasil.target == D(40)
    assert hasil.capaian.nilai == D(120)
