"""Rows of the downloads and reports (kinerja.laporan.selectors): verified-only counting, the
draft mode, IKD rows, the signed PK, constant query counts and schema isolation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from kinerja.laporan.selectors import ikd_capaian, iku_capaian, pk_dokumen
from tests.kinerja.laporan.conftest import TAHUN, _iku, _realisasi

pytestmark = pytest.mark.django_db
D = Decimal


def _per_kode(laporan):
    return {b.kode: b for b in laporan.baris}


def test_iku_verified_only_ignores_unverified_quarters(dunia, opd_a):
    with schema_context(opd_a.schema):
        laporan = iku_capaian(TAHUN, 2)
    assert laporan.hanya_terverifikasi and not laporan.ada_draf
    assert laporan.opd_nama == opd_a.nama
    assert laporan.periode_label == "Triwulan II 2031"
    rows = _per_kode(laporan)
    assert list(rows) == ["IKU-A1", "IKU-A3", "IKU-A2"]  # by sasaran, then kode
    a1 = rows["IKU-A1"]
    # TW2's draft 77,7 counts as not reported: R = TW1 = 20 against T s.d. TW2 = 50.
    assert a1.realisasi_tw1 == D(20) and a1.realisasi_tw2 is None
    assert a1.realisasi == D(20)
    assert a1.target == D(50) and a1.acuan_target == "Target s.d. TW2 2031"
    assert a1.capaian_persen == D("40.00")
    assert a1.predikat == "Sangat Rendah"
    assert a1.status_triwulan == "TW1: Diverifikasi"
    assert a1.faktor_pendorong == "Pendorong terverifikasi"
    assert "RAHASIA" not in repr(laporan)
    a2 = rows["IKU-A2"]  # kualitatif, only an approved (not verified) value
    assert a2.realisasi is None and a2.capaian_persen is None
    assert a2.keterangan and a2.rumus == ""
    assert a2.status_triwulan == ""


def test_iku_verified_quarter_after_an_unverified_one_waits(dunia, opd_a):
    """TW1 verified, TW2 a draft, TW3 verified: the published run stops at TW2, so the report
    s.d. TW3 counts TW1 only (as the pages and the IKD rollup do)."""
    with schema_context(opd_a.schema):
        _realisasi(dunia.iku_a["IKU-A1"], 3, D(30), "diverifikasi")
        a1 = _per_kode(iku_capaian(TAHUN, 3))["IKU-A1"]
    assert a1.realisasi_tw1 == D(20) and a1.realisasi_tw2 is None and a1.realisasi_tw3 is None
    assert a1.realisasi == D(20)


def test_iku_draft_mode_counts_every_saved_value(dunia, opd_a):
    with schema_context(opd_a.schema):
        laporan = iku_capaian(TAHUN, 2, hanya_terverifikasi=False)
    rows = _per_kode(laporan)
    assert laporan.ada_draf
    a1 = rows["IKU-A1"]
    assert a1.realisasi == D("97.7") and a1.draf
    assert a1.faktor_pendorong == "RAHASIA-DRAF"  # narrative of the latest counted triwulan
    assert a1.status_triwulan == "TW1: Diverifikasi; TW2: Draf"
    assert not rows["IKU-A3"].draf
    with schema_context(opd_a.schema):
        tw1 = _per_kode(iku_capaian(TAHUN, 1, hanya_terverifikasi=False))
    a2 = tw1["IKU-A2"]  # the approved label against the TW1 target
    assert a2.realisasi == "WTP" and a2.target == "WDP" and a2.draf
    assert a2.capaian_persen == D("133.33")
    assert a2.status_triwulan == "TW1: Disetujui"


def test_iku_year_is_up_to_tw4_against_the_yearly_target(dunia, opd_a):
    with schema_context(opd_a.schema):
        laporan = iku_capaian(TAHUN)
    a1 = _per_kode(laporan)["IKU-A1"]
    assert laporan.triwulan is None and laporan.periode_label == "Tahun 2031"
    assert a1.target == D(100) and a1.acuan_target == "Target tahunan 2031"
    assert a1.capaian_persen == D("20.00")
    a3 = _per_kode(laporan)["IKU-A3"]  # negatif: (2 - 12/10) x 100
    assert a3.capaian_persen == D("80.00") and a3.rumus.startswith("(2 − R/T) × 100")


def test_iku_rejects_bad_triwulan(dunia, opd_a):
    with schema_context(opd_a.schema), pytest.raises(ValueError):
        iku_capaian(TAHUN, 5)


def test_iku_queries_do_not_grow_with_the_number_of_iku(dunia, opd_a):
    with schema_context(opd_a.schema):
        with CaptureQueriesContext(connection) as sedikit:
            iku_capaian(TAHUN, 2)
        sasaran = dunia.iku_a["IKU-A1"].sasaran
        for i in range(6):
            iku = _iku(sasaran, f"IKU-X{i}", [(TAHUN, None, D(10), ""), (TAHUN, 1, D(3), "")])
            _realisasi(iku, 1, D(i), "diverifikasi")
        with CaptureQueriesContext(connection) as banyak:
            laporan = iku_capaian(TAHUN, 2)
    assert len(laporan.baris) == 9
    assert len(banyak) == len(sedikit)


def test_iku_rows_stay_in_their_schema(dunia, opd_b):
    with schema_context(opd_b.schema):
        laporan = iku_capaian(TAHUN, 1)
    assert [b.kode for b in laporan.baris] == ["IKU-B1"]
    assert laporan.baris[0].realisasi == D(55)


def test_ikd_rows(dunia):
    with schema_context("public"):
        laporan = ikd_capaian(TAHUN)
    rows = _per_kode(laporan)
    assert list(rows) == ["IKD-01", "IKD-02", "IKD-03"]  # IND-09 is not an IKD
    assert laporan.periode_nama == "RPJMD Uji 2031–2036"
    r1 = rows["IKD-01"]
    assert r1.target == D(100) and r1.realisasi == D("95.5")
    assert r1.capaian_persen == D("95.50") and r1.predikat == "Sangat Tinggi"
    assert r1.aspek == "Kesejahteraan Masyarakat" and r1.sumber_realisasi == "Bappeda"
    assert r1.target_akhir == D(110)
    assert rows["IKD-02"].realisasi == "WDP" and rows["IKD-02"].capaian_persen == D("75.00")
    assert rows["IKD-03"].capaian_persen is None and rows["IKD-03"].keterangan
    with schema_context("public"):
        aspek = ikd_capaian(TAHUN, aspek="pelayanan_umum")
    assert [b.kode for b in aspek.baris] == ["IKD-02"]
    with schema_context("public"):
        kosong = ikd_capaian(2099)
    assert kosong.baris == [] and kosong.periode_nama == ""


def test_ikd_queries_constant(dunia):
    from kinerja.daerah.models import IndikatorDaerah, TargetDaerah

    with schema_context("public"):
        with CaptureQueriesContext(connection) as sedikit:
            ikd_capaian(TAHUN)
        for i in range(5):
            ind = IndikatorDaerah.objects.create(
                periode=dunia.periode, kode=f"IKD-X{i}", nama="x", satuan="%", is_ikd=True
            )
            TargetDaerah.objects.create(indikator=ind, tahun=TAHUN, nilai=D(1))
        with CaptureQueriesContext(connection) as banyak:
            laporan = ikd_capaian(TAHUN)
    assert len(laporan.baris) == 8
    assert len(banyak) == len(sedikit)


def test_pk_dokumen_is_the_signed_pk_only(dunia, opd_a, opd_b):
    from kinerja.opd.services import pk_perubahan

    with schema_context(opd_a.schema):
        dok = pk_dokumen(TAHUN)
        assert dok is not None
        assert (dok.penandatangan, dok.jabatan, dok.versi) == (
            "Dr. Kepala Uji",
            "Kepala Dinas Uji A",
            1,
        )
        assert {b.kode: b.target_teks for b in dok.butir} == {
            "IKU-A1": "100",
            "IKU-A2": "WTP",
            "IKU-A3": "10",
        }
        assert pk_dokumen(TAHUN + 1) is None
        # A PK perubahan in draft replaces the signed one: no signed PK in force any more.
        pk_perubahan(dunia.pk_a, "Refocusing anggaran")
        assert pk_dokumen(TAHUN) is None
    with schema_context(opd_b.schema):
        assert pk_dokumen(TAHUN) is None
