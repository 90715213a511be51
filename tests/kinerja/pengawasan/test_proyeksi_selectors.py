"""Early-warning selectors (kinerja.pengawasan.selectors_kepatuhan) on snapshot rows: the
projection per tipe perhitungan, the yearly target from the TW4 row, kualitatif through the
rollup's capaian, the active scheme's bands, filters, counts per OPD, constant queries, and the
real rollup feeding it (the rollup tests' dataset)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.engine.proyeksi import MetodeProyeksi, StatusProyeksi
from kinerja.pengawasan.selectors_kepatuhan import (
    ALASAN_TANPA_TW4,
    iku_berisiko,
    jumlah_berisiko,
    proyeksi_iku,
    ringkasan_kepatuhan,
    tahun_proyeksi,
)
from tests.kinerja.pengawasan.test_kepatuhan_services import opd, snap

pytestmark = pytest.mark.django_db

D = Decimal
TAHUN = 2036


def iku(o: Any, iku_id: int, per_tw: dict[int, tuple], **kw: Any) -> None:
    """Snapshot rows of one IKU: ``per_tw[tw] = (status, realisasi, target s.d. TW)``."""
    for tw, (status, nilai, target) in per_tw.items():
        snap(o, iku_id, tw, status, tahun=TAHUN, nilai=nilai, target=target, **kw)


def buat_data() -> tuple[Any, Any]:
    a, b = opd("opd_a"), opd("opd_b")
    # 1: kumulatif, quarterly targets 25 each (yearly 100): TW1 10 + TW2 10 → 20 / 50 × 100.
    iku(
        a,
        1,
        {
            1: ("diverifikasi", D(10), D(25)),
            2: ("draft", D(10), D(50)),
            3: ("belum_diisi", None, D(75)),
            4: ("belum_diisi", None, D(100)),
        },
    )
    # 2: posisi akhir, on target.
    iku(
        a,
        2,
        {
            1: ("diajukan", D(95), D(90)),
            4: ("belum_diisi", None, D(90)),
        },
        tipe_perhitungan="posisi_akhir",
    )
    # 3: kualitatif; the rollup measured the last label against the yearly target (75 %).
    snap(
        a,
        3,
        1,
        "diverifikasi",
        tahun=TAHUN,
        nilai=None,
        label="WDP",
        polaritas="kualitatif",
        tipe_perhitungan="posisi_akhir",
        target_kualitatif="WDP",
    )
    snap(
        a,
        3,
        4,
        "belum_diisi",
        tahun=TAHUN,
        polaritas="kualitatif",
        tipe_perhitungan="posisi_akhir",
        target_kualitatif="WTP",
        capaian=D(75),
        formula="skor(R) / skor(T) × 100",
    )
    # 4: no TW4 row (not scheduled): yearly target unknown.
    iku(a, 4, {1: ("diajukan", D(10), D(25))})
    # 5: nothing reported.
    iku(a, 5, {1: ("belum_diisi", None, D(25)), 4: ("belum_diisi", None, D(100))})
    # 6: inactive IKU: never listed.
    iku(a, 6, {1: ("diajukan", D(1), D(25)), 4: ("belum_diisi", None, D(100))}, aktif=False)
    # OPD B: rata-rata below target.
    iku(
        b,
        1,
        {
            1: ("diverifikasi", D(60), D(100)),
            2: ("diverifikasi", D(80), D(100)),
            4: ("belum_diisi", None, D(100)),
        },
        tipe_perhitungan="rata_rata",
    )
    return a, b


def test_proyeksi_per_tipe():
    buat_data()
    semua = {(p.opd_schema, p.kode): p for p in proyeksi_iku(TAHUN)}
    assert ("opd_a", "IKU-6") not in semua  # inactive

    p1 = semua[("opd_a", "IKU-1")]
    assert p1.realisasi == {1: D(10), 2: D(10)}  # the draft counts too
    assert p1.target_tahunan == D(100)
    assert p1.hasil.metode is MetodeProyeksi.POLA_TARGET
    assert p1.hasil.nilai == D(40) and p1.hasil.capaian.nilai == D(40)
    assert p1.hasil.status is StatusProyeksi.BERISIKO and p1.berisiko
    assert "target s.d. TW2 (50)" in p1.hasil.uraian
    assert p1.label_tipe.startswith("Kumulatif") and p1.label_polaritas.startswith("Positif")

    p2 = semua[("opd_a", "IKU-2")]
    assert p2.hasil.metode is MetodeProyeksi.NILAI_TERAKHIR
    assert p2.hasil.status is StatusProyeksi.AMAN  # 95 / 90 → 105,56 %

    p3 = semua[("opd_a", "IKU-3")]
    assert p3.hasil.label == "WDP" and p3.target_kualitatif == "WTP"
    assert p3.hasil.predikat.kode == "sedang" and p3.berisiko

    p4 = semua[("opd_a", "IKU-4")]
    assert p4.hasil.status is StatusProyeksi.TIDAK_DAPAT and p4.hasil.alasan == ALASAN_TANPA_TW4

    p5 = semua[("opd_a", "IKU-5")]
    assert p5.hasil.status is StatusProyeksi.TIDAK_DAPAT
    assert "Belum ada realisasi" in p5.hasil.alasan and not p5.berisiko

    pb = semua[("opd_b", "IKU-1")]
    assert pb.hasil.metode is MetodeProyeksi.RATA_RATA and pb.hasil.nilai == D(70)
    assert pb.berisiko


def test_iku_berisiko_per_opd_dan_provinsi():
    a, b = buat_data()
    semua = iku_berisiko(TAHUN)
    assert {(p.opd_schema, p.kode) for p in semua} == {
        ("opd_a", "IKU-1"),
        ("opd_a", "IKU-3"),
        ("opd_b", "IKU-1"),
    }
    assert {p.kode for p in iku_berisiko(TAHUN, a)} == {"IKU-1", "IKU-3"}
    assert {p.kode for p in iku_berisiko(TAHUN, b.pk)} == {"IKU-1"}
    assert iku_berisiko(TAHUN + 1) == []
    assert TAHUN in tahun_proyeksi()


def test_jumlah_berisiko_per_opd():
    a, _ = buat_data()
    hitung = {j.schema_name: j for j in jumlah_berisiko(TAHUN)}
    assert (hitung["opd_a"].berisiko, hitung["opd_a"].tidak_dapat, hitung["opd_a"].jumlah_iku) == (
        2,
        2,
        5,
    )
    assert (hitung["opd_b"].berisiko, hitung["opd_b"].jumlah_iku) == (1, 1)
    assert hitung["opd_a"].opd_id == a.pk and hitung["opd_a"].singkatan == a.singkatan


def test_jumlah_berisiko_tersimpan_dan_basi_setelah_rollup():
    from unittest import mock

    from django.utils import timezone

    from kinerja.pengawasan import selectors_kepatuhan
    from kinerja.rollup.models import SnapshotIku

    a, _ = buat_data()
    pertama = jumlah_berisiko(TAHUN)
    with mock.patch.object(
        selectors_kepatuhan, "proyeksi_iku", side_effect=AssertionError("tidak dihitung ulang")
    ):
        assert jumlah_berisiko(TAHUN) == pertama
    # A rollup write (new values, new time) misses the cache: IKU-1 is now on plan.
    SnapshotIku.objects.filter(opd=a, iku_id=1, triwulan=2).update(
        realisasi=D(40), diperbarui=timezone.now()
    )
    hitung = {j.schema_name: j.berisiko for j in jumlah_berisiko(TAHUN)}
    assert hitung["opd_a"] == 1


def test_skema_predikat_aktif_dipakai():
    from kinerja.daerah.models import PredikatBand, SkemaPredikat

    buat_data()
    SkemaPredikat.objects.update(aktif=False)
    skema = SkemaPredikat.objects.create(nama="Skema Longgar", aktif=True)
    for kode, bawah, atas in (("a", 60, None), ("b", 30, 60), ("c", 0, 30)):
        PredikatBand.objects.create(
            skema=skema,
            kode=kode,
            label=kode.upper(),
            batas_bawah=D(bawah),
            batas_atas=None if atas is None else D(atas),
        )
    # No "tinggi" code: the reference is the second band from the top ("b", ≥ 30), so only
    # capaian below 30 are berisiko: none of the IKU (40 %, 75 %, 70 %).
    assert iku_berisiko(TAHUN) == []
    p1 = next(p for p in proyeksi_iku(TAHUN) if p.kode == "IKU-1" and p.opd_schema == "opd_a")
    assert p1.hasil.predikat.kode == "b" and p1.hasil.acuan.kode == "b"


def test_query_konstan():
    from tests.kinerja.pengawasan.dasbor_data import opd_palsu

    buat_data()
    with CaptureQueriesContext(connection) as sedikit:
        proyeksi_iku(TAHUN)
    for o in opd_palsu(10):
        for i in range(8):
            iku(o, i, {1: ("diajukan", D(i), D(25)), 4: ("belum_diisi", None, D(100))})
    with CaptureQueriesContext(connection) as banyak:
        hasil = proyeksi_iku(TAHUN)
        jumlah_berisiko(TAHUN)
    assert len(hasil) >= 80
    assert len(banyak) <= 2 * len(sedikit) + 2
    with CaptureQueriesContext(connection) as satu:
        proyeksi_iku(TAHUN)
    assert len(satu) == len(sedikit)


def test_ringkasan_kepatuhan_untuk_dasbor():
    from kinerja.pengawasan.kepatuhan import kepatuhan_hitung
    from tests.kinerja.pengawasan.test_kepatuhan_services import jadwal

    jadwal(1, tahun=TAHUN)
    buat_data()
    kepatuhan_hitung(TAHUN)
    hasil = {k.schema_name: k for k in ringkasan_kepatuhan(TAHUN, 1)}
    a = hasil["opd_a"]
    assert a.kategori in ("baik", "cukup", "buruk") and a.disiplin is not None
    assert a.label_kategori in ("Baik", "Cukup", "Buruk")
    # A triwulan without scores: every OPD listed, "Belum dinilai".
    kosong = ringkasan_kepatuhan(TAHUN, 3)
    assert {k.schema_name for k in kosong} >= {"opd_a", "opd_b"}
    assert all(k.kategori is None and k.label_kategori == "Belum dinilai" for k in kosong)


# --- the real rollup feeding the projection ------------------------------------------------

from tests.kinerja.rollup.conftest import dunia, kunci_bersih  # noqa: E402, F401


@pytest.mark.usefixtures("kunci_bersih")
def test_rollup_nyata_ke_proyeksi_dan_kepatuhan(dunia):  # noqa: F811
    """The rollup tests' dataset (OPD A, 2031): P-01 on its quarterly plan, N-01 below its
    negatif target, K-01 at the yearly label, U-01 a TW1 draft far below plan."""
    from kinerja.pengawasan.kepatuhan import kepatuhan_hitung
    from kinerja.rollup.services import rollup_jalankan
    from tests.kinerja.rollup.conftest import TAHUN as TAHUN_ROLLUP

    run = rollup_jalankan()
    assert run.status == "berhasil", run.galat
    hasil = {p.kode: p.hasil for p in proyeksi_iku(TAHUN_ROLLUP, dunia.opd_a)}
    assert hasil["P-01"].metode is MetodeProyeksi.POLA_TARGET
    assert hasil["P-01"].nilai == D(100) and hasil["P-01"].status is StatusProyeksi.AMAN
    assert hasil["N-01"].nilai == D(9) and hasil["N-01"].status is StatusProyeksi.AMAN
    assert hasil["K-01"].label == "WTP" and hasil["K-01"].status is StatusProyeksi.AMAN
    assert hasil["U-01"].nilai == D(40) and hasil["U-01"].status is StatusProyeksi.BERISIKO
    assert [p.kode for p in iku_berisiko(TAHUN_ROLLUP)] == ["U-01"]

    kepatuhan_hitung(TAHUN_ROLLUP)
    from kinerja.pengawasan.models import NilaiKepatuhan

    tw1 = NilaiKepatuhan.objects.get(opd=dunia.opd_a, jenis="triwulan", tahun=TAHUN_ROLLUP, nomor=1)
    # 4 IKU; P-01, N-01, K-01 submitted on time and verified; only P-01 has evidence.
    assert (tw1.iku_wajib, tw1.tepat_waktu, tw1.lengkap, tw1.tanpa_pengembalian) == (4, 3, 1, 3)
    assert (tw1.disiplin, tw1.tanggung_jawab, tw1.kepatuhan) == (D(75), D(25), D(100))
    assert not tw1.sementara
    tw2 = NilaiKepatuhan.objects.get(opd=dunia.opd_a, jenis="triwulan", tahun=TAHUN_ROLLUP, nomor=2)
    # N-01's TW2 was returned once before being verified: kepatuhan 0 of 1 ruled on.
    assert (tw2.dikembalikan, tw2.kepatuhan) == (1, D(0)) and tw2.sementara
