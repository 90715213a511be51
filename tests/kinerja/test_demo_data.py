"""Demo Kinerja data: integrity of the pure RPJMD/IKU modules, and the seeded cascade."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django_tenants.utils import schema_context

from kinerja.choices import AspekIkd, JenisIndikator, Polaritas, TipePerhitungan
from kinerja.demo import rpjmd
from kinerja.demo.data import OPDS
from kinerja.demo.iku import (
    DETAIL_SCHEMAS,
    RENSTRA,
    RENSTRA_BY_SCHEMA,
    TAHUN_PK,
    target_tahunan,
    target_triwulan,
)
from kinerja.demo.services import demo_seed, kinerja_seed
from kinerja.engine.jadwal import jendela_default

WITA = ZoneInfo("Asia/Makassar")
TWO = tuple(opd for opd in OPDS if opd.schema in ("dinkes", "disdikbud"))
SKALA = dict(rpjmd.SKALA)
IKD = rpjmd.ikd_by_kode()
ALL_IKU = [(r, i) for r in RENSTRA for i in r.iku]


# --- RPJMD ----------------------------------------------------------------------------------


def test_rpjmd_structure_and_codes_are_unique():
    assert rpjmd.TAHUN == (2021, 2022, 2023, 2024, 2025, 2026)
    assert 4 <= len(rpjmd.MISI) <= 5
    tujuan = [t.kode for m in rpjmd.MISI for t in m.tujuan]
    sasaran = [s.kode for m in rpjmd.MISI for t in m.tujuan for s in t.sasaran]
    indikator = [i.kode for i in rpjmd.INDIKATOR]
    assert len(tujuan) == len(set(tujuan)) == 6
    assert len(sasaran) == len(set(sasaran)) == 15
    assert len(indikator) == len(set(indikator))
    assert 15 <= len(indikator) <= 20
    assert "Nomor 5 Tahun 2021" in rpjmd.PERIODE["dasar_hukum"]
    assert "ILLUSTRATIVE" in (rpjmd.__doc__ or "")


def test_rpjmd_indicators_are_consistent():
    tujuan, sasaran = rpjmd.tujuan_kode(), rpjmd.sasaran_kode()
    schemas = {opd.schema for opd in OPDS}
    for ind in rpjmd.INDIKATOR:
        assert ind.induk in (tujuan | sasaran), ind.kode
        assert ind.opd in schemas, ind.kode
        assert ind.polaritas in Polaritas.values, ind.kode
        assert ind.tipe_perhitungan in TipePerhitungan.values, ind.kode
        assert ind.jenis in JenisIndikator.values, ind.kode
        assert ind.sumber_nilai in ("bappeda", "iku"), ind.kode
        assert len(ind.target) == len(rpjmd.TAHUN), ind.kode
        if ind.sumber_nilai == "bappeda":
            assert len(ind.realisasi) == len(rpjmd.TAHUN_REALISASI), ind.kode
        else:
            assert ind.realisasi == (), ind.kode
        if ind.polaritas == "kualitatif":
            labels = {label for label, _ in SKALA[ind.skala]}
            assert {*ind.target, *ind.realisasi, ind.kondisi_awal} <= labels, ind.kode
        else:
            assert not ind.skala
            for value in (*ind.target, *ind.realisasi, ind.kondisi_awal):
                Decimal(value)  # parses
        if ind.polaritas == "rentang":
            assert len(ind.target_max) == len(ind.target)
            assert all(
                Decimal(lo) < Decimal(hi) for lo, hi in zip(ind.target, ind.target_max, strict=True)
            )
        else:
            assert ind.target_max == ()


def test_ikd_cover_the_three_aspects():
    ikd = [i for i in rpjmd.INDIKATOR if i.is_ikd]
    assert 12 <= len(ikd) <= 15
    assert all(i.aspek in AspekIkd.values for i in ikd)
    per_aspek = Counter(i.aspek for i in ikd)
    assert set(per_aspek) == set(AspekIkd.values)
    assert min(per_aspek.values()) >= 3
    polaritas = {i.polaritas for i in ikd}
    assert {"positif", "negatif", "rentang", "kualitatif"} <= polaritas
    ipm = IKD["IKD-01"]
    assert ipm.nama.startswith("Indeks Pembangunan Manusia")
    assert (ipm.kondisi_awal, ipm.target_akhir, ipm.realisasi[0]) == ("70.63", "73.50", "71.19")
    assert IKD["IKD-07"].target == ("WTP",) * 6
    assert IKD["IKD-02"].polaritas == IKD["IKD-12"].polaritas == "negatif"


# --- Renstra / IKU --------------------------------------------------------------------------


def test_every_opd_has_one_renstra_with_five_to_ten_iku():
    assert [r.schema for r in RENSTRA] == [opd.schema for opd in OPDS]
    assert len(DETAIL_SCHEMAS) >= 10
    for r in RENSTRA:
        assert 5 <= len(r.iku) <= 10, r.schema
        assert 1 <= len(r.tujuan) <= 2, r.schema
        assert 2 <= len(r.sasaran) <= 3, r.schema
        assert r.tahun_awal >= rpjmd.TAHUN_AWAL and r.tahun_akhir == rpjmd.TAHUN_AKHIR
        assert TAHUN_PK in r.tahun
        for kodes in (
            [t.kode for t in r.tujuan],
            [s.kode for s in r.sasaran],
            [i.kode for i in r.iku],
        ):
            assert len(kodes) == len(set(kodes)), r.schema
        assert all(len(i.kode) <= 30 for i in r.iku)
        assert "Misi" in r.misi


def test_sasaran_align_to_rpjmd_and_ikd_links_are_ikd():
    sasaran = rpjmd.sasaran_kode()
    for r in RENSTRA:
        for s in r.sasaran:
            assert s.sasaran_rpjmd in sasaran, (r.schema, s.kode)
            for i in s.iku:
                if not i.ikd:
                    continue
                ikd = IKD.get(i.ikd)
                assert ikd is not None and ikd.is_ikd, (r.schema, i.kode)
                assert (i.polaritas, i.satuan) == (ikd.polaritas, ikd.satuan), i.kode
                # The IKU's sasaran supports the sasaran (or tujuan) the IKD measures.
                allowed = rpjmd.sasaran_of_tujuan().get(ikd.induk, {ikd.induk})
                assert s.sasaran_rpjmd in allowed, (r.schema, i.kode)
    linked = {(r.schema, i.ikd) for r, i in ALL_IKU if i.ikd}
    assert len(linked) >= 8
    for ind in rpjmd.INDIKATOR:
        if ind.is_ikd and ind.sumber_nilai == "iku":
            assert (ind.opd, ind.kode) in linked, ind.kode


def test_iku_attributes_are_valid_and_varied():
    for r, i in ALL_IKU:
        where = (r.schema, i.kode)
        assert i.polaritas in Polaritas.values, where
        assert i.tipe in TipePerhitungan.values, where
        assert i.jenis in ("output", "outcome", "impact"), where  # at least output level
        assert i.pola in ("tren", "akumulasi", "tetap"), where
        assert len(i.target) == len(r.tahun), where
        if i.kualitatif:
            labels = {label for label, _ in SKALA[i.skala]}
            assert {*i.target, i.baseline} <= labels, where
        if i.polaritas == "rentang":
            assert len(i.target_max) == len(i.target), where
    counts = Counter((i.polaritas, i.tipe) for _, i in ALL_IKU)
    polaritas = {p for p, _ in counts}
    tipe = {t for _, t in counts}
    assert polaritas == set(Polaritas.values)
    assert tipe == set(TipePerhitungan.values)
    assert sum(n for (_, t), n in counts.items() if t == "kumulatif") >= 20


def test_quarterly_targets_agree_with_tipe_perhitungan():
    for r, i in ALL_IKU:
        for index, tahun in enumerate(r.tahun):
            year = target_tahunan(i, index)
            quarters = target_triwulan(i, index)
            where = (r.schema, i.kode, tahun)
            assert len(quarters) == 4
            if i.kualitatif:
                assert all(q.kualitatif == year.kualitatif != "" for q in quarters), where
                continue
            values = [q.nilai for q in quarters]
            assert all(v is not None and v > 0 for v in values), where
            if i.tipe == "kumulatif":
                assert sum(values) == year.nilai, where
            elif i.tipe == "posisi_akhir":
                assert values[3] == year.nilai, where
            else:
                assert sum(values) / 4 == year.nilai, where
            if i.polaritas == "rentang":
                assert all(q.nilai_max == year.nilai_max for q in quarters), where


def test_quarterly_target_examples():
    setwan_perda = RENSTRA_BY_SCHEMA["setwan"].iku[1]
    assert setwan_perda.nama == "Jumlah Peraturan Daerah yang ditetapkan"
    assert [q.nilai for q in target_triwulan(setwan_perda, 0)] == [1, 1, 2, 2]
    stunting = next(i for i in RENSTRA_BY_SCHEMA["dinkes"].iku if "stunting" in i.nama)
    assert [str(q.nilai) for q in target_triwulan(stunting, 0)] == [
        "27.25",
        "27.00",
        "26.75",
        "26.50",
    ]
    imunisasi = next(i for i in RENSTRA_BY_SCHEMA["dinkes"].iku if "imunisasi" in i.nama)
    assert [q.nilai for q in target_triwulan(imunisasi, 0)] == [
        Decimal("17.00"),
        Decimal("38.25"),
        Decimal("59.50"),
        Decimal(85),
    ]


def test_jadwal_windows_in_wita():
    buka, batas, kunci = jendela_default(2025, 1)
    assert buka == datetime(2025, 3, 31, 16, 0, tzinfo=UTC)
    assert batas == datetime(2025, 4, 15, 23, 59, 59, tzinfo=WITA)
    assert kunci == datetime(2025, 4, 30, 23, 59, 59, tzinfo=WITA)
    buka, batas, kunci = jendela_default(2025, 4)
    assert (buka.date(), batas.day, kunci.date().isoformat()) == (
        datetime(2026, 1, 1).date(),
        15,
        "2026-01-31",
    )
    assert jendela_default(2026, 2)[2].date().isoformat() == "2026-07-31"


# --- seeded database ------------------------------------------------------------------------


def _public_counts() -> dict[str, int]:
    from kinerja.daerah import models as m

    return {
        name: getattr(m, name).objects.count()
        for name in (
            "PeriodeRpjmd",
            "MisiRpjmd",
            "TujuanRpjmd",
            "SasaranRpjmd",
            "IndikatorDaerah",
            "TargetDaerah",
            "RealisasiDaerah",
            "SkalaKualitatif",
            "TingkatKualitatif",
            "SkemaPredikat",
            "PredikatBand",
            "JadwalPelaporan",
        )
    }


def _opd_counts(schema: str) -> dict[str, int]:
    from kinerja.opd import models as m

    with schema_context(schema):
        return {
            name: getattr(m, name).objects.count()
            for name in (
                "Renstra",
                "TujuanRenstra",
                "SasaranStrategis",
                "Iku",
                "TargetIku",
                "PerjanjianKinerja",
                "PerjanjianKinerjaItem",
            )
        }


@pytest.mark.django_db
def test_seed_creates_the_public_cascade_once():
    from kinerja.daerah.models import (
        IndikatorDaerah,
        JadwalPelaporan,
        PeriodeRpjmd,
        SkemaPredikat,
    )
    from kinerja.engine import tentukan_predikat

    demo_seed(log=lambda _: None, opds=())
    counts = _public_counts()
    bappeda_realisasi = sum(len(i.realisasi) for i in rpjmd.INDIKATOR)
    assert counts["PeriodeRpjmd"] == 1
    assert counts["MisiRpjmd"] == 5
    assert counts["TujuanRpjmd"] == 6
    assert counts["SasaranRpjmd"] == 15
    assert counts["IndikatorDaerah"] == len(rpjmd.INDIKATOR) == 20
    assert counts["TargetDaerah"] == 20 * 6
    assert counts["RealisasiDaerah"] == bappeda_realisasi == 16 * 5
    assert counts["JadwalPelaporan"] == 8
    assert counts["PredikatBand"] == 5

    periode = PeriodeRpjmd.objects.get(tahun_awal=2021, tahun_akhir=2026)
    assert periode.aktif and periode.tahun_list[-1] == 2026
    assert IndikatorDaerah.objects.filter(is_ikd=True).count() == 14
    assert IndikatorDaerah.objects.filter(is_ikd=True, aspek="").count() == 0
    ipm = IndikatorDaerah.objects.get(kode="IKD-01")
    assert ipm.tujuan.kode == "T1.1" and ipm.sasaran is None
    assert ipm.target_akhir == Decimal("73.5")
    assert ipm.realisasi.get(tahun=2023).nilai == Decimal("72.88")
    inflasi = IndikatorDaerah.objects.get(kode="IKD-05")
    assert inflasi.target.get(tahun=2024).nilai_max == Decimal("3.5")
    opini = IndikatorDaerah.objects.get(kode="IKD-07")
    assert opini.skala.nama == "Opini BPK"
    assert [t.label for t in opini.skala.tingkat.all()] == ["WTP", "WDP", "TW", "TMP"]
    assert opini.target.get(tahun=2026).nilai_kualitatif == "WTP"
    assert not opini.realisasi.exists()  # comes from the linked BPKAD IKU

    skema = SkemaPredikat.objects.get(aktif=True)
    bands = [b.as_engine() for b in skema.bands.all()]
    assert tentukan_predikat(Decimal("90.5"), bands).kode == "tinggi"
    assert tentukan_predikat(Decimal("91"), bands).kode == "sangat_tinggi"
    assert tentukan_predikat(Decimal("50.99"), bands).kode == "sangat_rendah"
    tw1 = JadwalPelaporan.objects.get(tahun=2025, triwulan=1)
    assert tw1.batas_waktu == datetime(2025, 4, 15, 23, 59, 59, tzinfo=WITA)

    assert sum(kinerja_seed(opds=(), log=lambda _: None).values()) == 0
    assert _public_counts() == counts


@pytest.mark.django_db
def test_seed_subset_builds_opd_cascade_and_is_idempotent():
    from kinerja.daerah.models import IndikatorDaerah, SasaranRpjmd
    from kinerja.opd.models import Iku, PerjanjianKinerja, TargetIku
    from tenants.models import Opd

    first = demo_seed(log=lambda _: None, opds=TWO)
    assert first == {"opd_created": 2, "opd_total": 2}
    public = _public_counts()
    dinkes = _opd_counts("dinkes")
    disdikbud = _opd_counts("disdikbud")
    assert dinkes == {
        "Renstra": 1,
        "TujuanRenstra": 2,
        "SasaranStrategis": 3,
        "Iku": 8,
        "TargetIku": 8 * 6 * 5,
        "PerjanjianKinerja": 1,
        "PerjanjianKinerjaItem": 8,
    }
    assert disdikbud["Iku"] == len(RENSTRA_BY_SCHEMA["disdikbud"].iku)

    aki = IndikatorDaerah.objects.get(kode="IKD-06")
    assert aki.opd_penanggung_jawab == Opd.objects.get(schema_name="dinkes")
    # dpupr is not provisioned in this subset: no dangling registry reference.
    assert IndikatorDaerah.objects.get(kode="IKD-13").opd_penanggung_jawab is None

    with schema_context("dinkes"):
        sasaran_ids = set(Iku.objects.values_list("sasaran__sasaran_rpjmd_id", flat=True))
        ikd_ids = set(Iku.objects.exclude(ikd_id=None).values_list("ikd_id", flat=True))
        iku_aki = Iku.objects.get(kode="IKU.01")
        stunting = Iku.objects.get(nama="Prevalensi balita stunting")
        tw = dict(
            TargetIku.objects.filter(iku=stunting, tahun=2025).values_list("triwulan", "nilai")
        )
        pk = PerjanjianKinerja.objects.get(tahun=2025)
        item = pk.item.get(iku=iku_aki)
    assert SasaranRpjmd.objects.filter(pk__in=sasaran_ids).count() == len(sasaran_ids) == 2
    assert set(SasaranRpjmd.objects.filter(pk__in=sasaran_ids).values_list("kode", flat=True)) == {
        "S1.1.2",
        "S4.1.1",
    }
    assert set(IndikatorDaerah.objects.filter(pk__in=ikd_ids, is_ikd=True)) == {aki}
    assert iku_aki.ikd_id == aki.pk and iku_aki.polaritas == "negatif"
    # posisi_akhir "tren": from the 2024 target 17.50 down to 15.00, TW4 = the year.
    assert tw == {
        None: Decimal("15"),
        1: Decimal("16.88"),
        2: Decimal("16.25"),
        3: Decimal("15.63"),
        4: Decimal("15"),
    }
    assert pk.status == PerjanjianKinerja.Status.DITANDATANGANI and pk.beku
    assert (item.target, item.satuan) == (Decimal("185"), "per 100.000 kelahiran hidup")

    second = demo_seed(log=lambda _: None, opds=TWO)
    assert second == {"opd_created": 0, "opd_total": 2}
    assert _public_counts() == public
    assert _opd_counts("dinkes") == dinkes
    assert _opd_counts("disdikbud") == disdikbud
    assert sum(kinerja_seed(opds=TWO, log=lambda _: None).values()) == 0


@pytest.mark.django_db
def test_reseed_restores_definitions_but_keeps_operational_data():
    from kinerja.daerah.models import IndikatorDaerah, RealisasiDaerah
    from kinerja.opd.models import Iku, TargetIku

    demo_seed(log=lambda _: None, opds=TWO)
    IndikatorDaerah.objects.filter(kode="IKD-01").update(nama="diubah")
    RealisasiDaerah.objects.filter(indikator__kode="IKD-01", tahun=2024).update(
        nilai=Decimal("70"), catatan="dikoreksi Bappeda"
    )
    with schema_context("disdikbud"):
        iku = Iku.objects.get(kode="IKU.01")
        TargetIku.objects.filter(iku=iku, tahun=2026, triwulan=None).update(nilai=1)

    stats = kinerja_seed(opds=TWO, log=lambda _: None)

    assert stats == Counter({"indikatordaerah_diubah": 1, "targetiku_diubah": 1})
    assert IndikatorDaerah.objects.get(kode="IKD-01").nama.startswith("Indeks Pembangunan")
    kept = RealisasiDaerah.objects.get(indikator__kode="IKD-01", tahun=2024)
    assert (kept.nilai, kept.catatan) == (Decimal("70"), "dikoreksi Bappeda")
    with schema_context("disdikbud"):
        restored = TargetIku.objects.get(iku__kode="IKU.01", tahun=2026, triwulan=None)
        assert restored.nilai == Decimal("72.5")
