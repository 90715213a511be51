"""IKD capaian report: engine numbers per polarity, predikat from the active scheme, the reason
when not computable, capaian against the final target — in a constant number of queries."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.daerah import services
from kinerja.daerah.models import SkemaPredikat
from kinerja.daerah.selectors import ikd_list_with_capaian
from kinerja.engine import PredikatBand as EngineBand
from tests.kinerja.daerah.daerah_helpers import Rpjmd

pytestmark = pytest.mark.django_db


def _negatif(rpjmd: Rpjmd, kode: str = "IKD-NEG", **kwargs):
    """Angka kemiskinan: T(2024) = 7, R(2024) = 6,5; final target 6."""
    ind = rpjmd.simpan(
        kode,
        nama="Persentase penduduk miskin",
        polaritas="negatif",
        targets={2024: 7},
        target_akhir=Decimal(6),
        **kwargs,
    )
    services.realisasi_simpan(ind, 2024, nilai=Decimal("6.5"))
    return ind


def _kualitatif(rpjmd: Rpjmd):
    """Opini BPK: target WTP, realisasi WDP."""
    ind = rpjmd.simpan(
        "IKD-BPK",
        nama="Opini BPK atas LKPD",
        polaritas="kualitatif",
        skala=rpjmd.skala,
        aspek="pelayanan_umum",
        targets={2024: "WTP"},
        target_akhir_kualitatif="WTP",
    )
    services.realisasi_simpan(ind, 2024, nilai_kualitatif="wdp")
    return ind


def _row(rows, kode: str):
    return next(r for r in rows if r.indikator.kode == kode)


def test_negatif_ikd_follows_the_regulation(rpjmd: Rpjmd):
    _negatif(rpjmd)
    row = _row(ikd_list_with_capaian(rpjmd.periode, 2024), "IKD-NEG")
    assert row.capaian.nilai.quantize(Decimal("0.0001")) == Decimal("107.1429")
    assert row.capaian_tampil == "107,14"
    assert row.capaian.formula == "(2 − R/T) × 100"
    assert (row.target_tampil, row.realisasi_tampil) == ("7", "6,5")
    assert row.predikat.label == "Sangat Tinggi"
    # Against the final target 6: (2 − 6,5/6) × 100 = 91,67
    assert row.capaian_akhir_tampil == "91,67"
    assert row.capaian_akhir.formula.startswith("Terhadap target akhir periode: ")


def test_kualitatif_ikd_compares_scale_scores(rpjmd: Rpjmd):
    _kualitatif(rpjmd)
    row = _row(ikd_list_with_capaian(rpjmd.periode, 2024), "IKD-BPK")
    assert (row.target_tampil, row.realisasi_tampil) == ("WTP", "WDP")
    assert row.capaian.nilai == Decimal(75)
    assert row.capaian_tampil == "75,00"
    assert row.capaian.formula == "skor(R) / skor(T) × 100"
    assert row.predikat.label == "Sedang"
    assert row.capaian_akhir_tampil == "75,00"


def test_not_computable_says_why(rpjmd: Rpjmd):
    rpjmd.simpan("IKD-KOSONG", targets={2024: 5})
    rpjmd.simpan("IKD-NOL", targets={2024: 0})
    services.realisasi_simpan(rpjmd.simpan("IKD-TANPA-T"), 2024, nilai=Decimal(3))
    rows = ikd_list_with_capaian(rpjmd.periode, 2024)
    kosong, nol = _row(rows, "IKD-KOSONG"), _row(rows, "IKD-NOL")
    assert (kosong.capaian_tampil, kosong.predikat) == ("", None)
    assert kosong.capaian.alasan == "Realisasi belum diisi"
    assert _row(rows, "IKD-TANPA-T").capaian.alasan == "Target belum ditetapkan"
    assert nol.capaian.alasan == "Target bernilai 0: capaian tidak dapat dihitung"
    assert kosong.capaian_akhir.alasan == "Target akhir periode belum ditetapkan"


def test_latest_realisasi_up_to_the_year_feeds_the_final_target(rpjmd: Rpjmd):
    ind = _negatif(rpjmd)
    services.realisasi_simpan(ind, 2025, nilai=Decimal(6))
    row_2024 = _row(ikd_list_with_capaian(rpjmd.periode, 2024), "IKD-NEG")
    row_2025 = _row(ikd_list_with_capaian(rpjmd.periode, 2025), "IKD-NEG")
    assert row_2024.realisasi_terakhir.tahun == 2024
    assert row_2024.capaian_akhir_tampil == "91,67"
    assert row_2025.capaian_akhir_tampil == "100,00"
    assert row_2025.capaian.alasan == "Target belum ditetapkan"  # no 2025 target


def test_only_ikd_and_the_chosen_aspek(rpjmd: Rpjmd):
    _negatif(rpjmd)
    _kualitatif(rpjmd)
    rpjmd.simpan("BUKAN-IKD", is_ikd=False, aspek="", targets={2024: 1})
    assert [r.indikator.kode for r in ikd_list_with_capaian(rpjmd.periode, 2024)] == [
        "IKD-BPK",
        "IKD-NEG",
    ]
    rows = ikd_list_with_capaian(rpjmd.periode, 2024, "pelayanan_umum")
    assert [r.indikator.kode for r in rows] == ["IKD-BPK"]


def test_predikat_comes_from_the_active_scheme(rpjmd: Rpjmd):
    _negatif(rpjmd)
    services.skema_predikat_simpan(
        SkemaPredikat(nama="Ketat", aktif=True),
        [
            EngineBand(Decimal(0), Decimal(110), "kurang", "Kurang"),
            EngineBand(Decimal(110), None, "baik", "Baik"),
        ],
    )
    assert _row(ikd_list_with_capaian(rpjmd.periode, 2024), "IKD-NEG").predikat.label == "Kurang"


def test_query_count_does_not_grow_with_the_number_of_ikd(rpjmd: Rpjmd):
    _negatif(rpjmd)
    _kualitatif(rpjmd)
    services.skema_predikat_default_ensure()
    with CaptureQueriesContext(connection) as sedikit:
        assert len(ikd_list_with_capaian(rpjmd.periode, 2024)) == 2
    for i in range(8):
        _negatif(rpjmd, f"IKD-N{i}")
    with CaptureQueriesContext(connection) as banyak:
        assert len(ikd_list_with_capaian(rpjmd.periode, 2024)) == 10
    assert _select(banyak) == _select(sedikit)
    # scheme, bands, indicators, targets, realisasi, scale levels
    assert _select(sedikit) == 6


def _select(context: CaptureQueriesContext) -> int:
    """Queries without django-tenants' "SET search_path" before each one."""
    return sum(1 for q in context.captured_queries if not q["sql"].startswith("SET search_path"))


def test_report_view_shows_numbers_formula_and_reasons(admin_bappeda_client, rpjmd: Rpjmd):
    _negatif(rpjmd)
    _kualitatif(rpjmd)
    rpjmd.simpan("IKD-KOSONG", targets={2024: 5})
    response = admin_bappeda_client.get(
        "/admin/daerah/capaian-ikd/", {"periode": rpjmd.periode.pk, "tahun": 2024}
    )
    assert response.status_code == 200
    teks = html.unescape(response.content.decode())
    for expected in (
        "107,14",
        "(2 − R/T) × 100",
        "Sangat Tinggi",
        "75,00",
        "skor(R) / skor(T) × 100",
        "Realisasi belum diisi",
        "91,67",
        "6,5",
    ):
        assert expected in teks, expected
    teks = html.unescape(
        admin_bappeda_client.get(
            "/admin/daerah/capaian-ikd/",
            {"periode": rpjmd.periode.pk, "tahun": 2024, "aspek": "pelayanan_umum"},
        ).content.decode()
    )
    assert "IKD-BPK" in teks and "IKD-NEG" not in teks


def test_report_view_for_verifikator_and_year_outside(verifikator_client, rpjmd: Rpjmd):
    _negatif(rpjmd)
    response = verifikator_client.get(
        "/admin/daerah/capaian-ikd/", {"periode": rpjmd.periode.pk, "tahun": 2030}
    )
    assert response.status_code == 200
    teks = html.unescape(response.content.decode())
    assert "Tahun 2030 di luar periode RPJMD 2021–2026" in teks
    assert "107,14" not in teks
    default = html.unescape(verifikator_client.get("/admin/daerah/capaian-ikd/").content.decode())
    assert "IKD-NEG" in default  # default: active periode, year clamped into it
