"""Rules of the OPD plan services, each with its Indonesian message."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django_tenants.utils import schema_context

from kinerja.opd.services import TargetInput as T

pytestmark = pytest.mark.django_db
D = Decimal


def _pesan(error: ValidationError, field: str) -> list[str]:
    return error.message_dict.get(field, [])


# --- Renstra ---------------------------------------------------------------------------------


def test_renstra_years_must_lie_inside_the_rpjmd_period(daerah, opd_a):
    from kinerja.opd.models import Renstra
    from kinerja.opd.services import renstra_simpan

    with schema_context(opd_a.schema):
        renstra = Renstra(
            periode_rpjmd_id=daerah.periode.pk, nama="R", tahun_awal=2030, tahun_akhir=2037
        )
        with pytest.raises(ValidationError) as exc:
            renstra_simpan(renstra)
        assert _pesan(exc.value, "tahun_awal") == [
            "Tahun awal 2030 di luar periode RPJMD 2031–2036."
        ]
        assert _pesan(exc.value, "tahun_akhir") == [
            "Tahun akhir 2037 di luar periode RPJMD 2031–2036."
        ]
        assert not Renstra.objects.exists()
        renstra.tahun_awal, renstra.tahun_akhir = 2031, 2035
        assert renstra_simpan(renstra).pk


def test_renstra_end_before_start_and_unknown_period(daerah, opd_a):
    from kinerja.opd.models import Renstra
    from kinerja.opd.services import renstra_validasi

    with schema_context(opd_a.schema):
        with pytest.raises(ValidationError) as exc:
            renstra_validasi(
                Renstra(
                    periode_rpjmd_id=daerah.periode.pk, nama="R", tahun_awal=2034, tahun_akhir=2032
                )
            )
        assert "Tahun akhir (2032) tidak boleh sebelum tahun awal (2034)." in _pesan(
            exc.value, "tahun_akhir"
        )
        with pytest.raises(ValidationError) as exc:
            renstra_validasi(
                Renstra(periode_rpjmd_id=999_999, nama="R", tahun_awal=2031, tahun_akhir=2035)
            )
        assert _pesan(exc.value, "periode_rpjmd") == [
            "Periode RPJMD yang dipilih tidak ditemukan di data Bappeda."
        ]


def test_renstra_must_not_overlap_another(rencana, daerah, opd_a):
    from kinerja.opd.models import Renstra
    from kinerja.opd.services import renstra_validasi

    with schema_context(opd_a.schema):
        with pytest.raises(ValidationError) as exc:
            renstra_validasi(
                Renstra(
                    periode_rpjmd_id=daerah.periode.pk, nama="R2", tahun_awal=2035, tahun_akhir=2036
                )
            )
        assert (
            "bertumpang tindih dengan Renstra 'Renstra Dinas Uji 2031–2035'"
            in (_pesan(exc.value, "tahun_awal")[0])
        )


def test_renstra_cannot_shrink_past_existing_targets(rencana, opd_a, buat_iku):
    from kinerja.opd.services import renstra_simpan

    with schema_context(opd_a.schema):
        buat_iku(rencana.sasaran, targets=[T(2035, None, D(5))])
        rencana.renstra.tahun_akhir = 2034
        with pytest.raises(ValidationError) as exc:
            renstra_simpan(rencana.renstra)
        assert (
            "Masih ada target IKU tahun 2035 di luar periode baru 2031–2034"
            in (_pesan(exc.value, "tahun_awal")[0])
        )


# --- tujuan and sasaran ----------------------------------------------------------------------


def test_tujuan_kode_unique_within_renstra(rencana, opd_a):
    from kinerja.opd.models import TujuanRenstra
    from kinerja.opd.services import tujuan_simpan

    with schema_context(opd_a.schema):
        with pytest.raises(ValidationError) as exc:
            tujuan_simpan(TujuanRenstra(renstra=rencana.renstra, kode="t1", uraian="x"))
        assert _pesan(exc.value, "kode") == ["Kode tujuan 't1' sudah dipakai pada Renstra ini."]


def test_sasaran_must_align_to_an_rpjmd_sasaran_of_the_renstra_period(rencana, daerah, opd_a):
    from kinerja.opd.models import SasaranStrategis
    from kinerja.opd.services import sasaran_simpan

    with schema_context(opd_a.schema):
        lain = SasaranStrategis(
            tujuan=rencana.tujuan, kode="SS9", uraian="x", sasaran_rpjmd_id=daerah.sasaran_lain.pk
        )
        with pytest.raises(ValidationError) as exc:
            sasaran_simpan(lain)
        assert _pesan(exc.value, "sasaran_rpjmd") == [
            "Sasaran RPJMD 9.1 milik periode RPJMD Uji 2037–2041 (2037–2041), bukan periode "
            "RPJMD Renstra 'Renstra Dinas Uji 2031–2035'."
        ]
        hilang = SasaranStrategis(
            tujuan=rencana.tujuan, kode="SS9", uraian="x", sasaran_rpjmd_id=987_654
        )
        with pytest.raises(ValidationError) as exc:
            sasaran_simpan(hilang)
        assert "tidak ditemukan di RPJMD Bappeda" in _pesan(exc.value, "sasaran_rpjmd")[0]
        tanpa = SasaranStrategis(tujuan=rencana.tujuan, kode="SS9", uraian="x")
        with pytest.raises(ValidationError) as exc:
            sasaran_simpan(tanpa)
        assert _pesan(exc.value, "sasaran_rpjmd") == ["Pilih sasaran RPJMD yang didukung."]
        assert not SasaranStrategis.objects.filter(kode="SS9").exists()
        ok = SasaranStrategis(
            tujuan=rencana.tujuan, kode="SS9", uraian="x", sasaran_rpjmd_id=daerah.sasaran_12.pk
        )
        assert sasaran_simpan(ok).pk


def test_sasaran_kode_unique(rencana, daerah, opd_a):
    from kinerja.opd.models import SasaranStrategis
    from kinerja.opd.services import sasaran_validasi

    with schema_context(opd_a.schema):
        with pytest.raises(ValidationError) as exc:
            sasaran_validasi(
                SasaranStrategis(
                    tujuan=rencana.tujuan,
                    kode="ss1",
                    uraian="x",
                    sasaran_rpjmd_id=daerah.sasaran_11.pk,
                )
            )
        assert _pesan(exc.value, "kode") == [
            "Kode sasaran 'ss1' sudah dipakai oleh sasaran strategis lain."
        ]


# --- IKU -------------------------------------------------------------------------------------


def test_iku_kode_unique_per_opd_in_service_and_database(rencana, opd_a, buat_iku):
    from kinerja.opd.models import Iku

    with schema_context(opd_a.schema):
        buat_iku(rencana.sasaran, "IKU-1")
        with pytest.raises(ValidationError) as exc:
            buat_iku(rencana.sasaran, "iku-1")
        assert _pesan(exc.value, "kode") == ["Kode IKU 'iku-1' sudah dipakai oleh IKU lain."]
        with pytest.raises(IntegrityError), transaction.atomic():
            Iku.objects.create(sasaran=rencana.sasaran, kode="IKU-1", nama="x", satuan="%")


def test_same_iku_kode_allowed_in_another_opd(rencana, opd_a, opd_b, daerah, buat_iku):
    from kinerja.opd.models import Iku, Renstra, SasaranStrategis, TujuanRenstra

    with schema_context(opd_a.schema):
        buat_iku(rencana.sasaran, "IKU-1")
    with schema_context(opd_b.schema):
        renstra = Renstra.objects.create(
            periode_rpjmd_id=daerah.periode.pk, nama="B", tahun_awal=2031, tahun_akhir=2035
        )
        tujuan = TujuanRenstra.objects.create(renstra=renstra, kode="T1", uraian="x")
        sasaran = SasaranStrategis.objects.create(
            tujuan=tujuan, kode="SS1", uraian="x", sasaran_rpjmd_id=daerah.sasaran_11.pk
        )
        buat_iku(sasaran, "IKU-1")
        assert Iku.objects.count() == 1


def test_target_year_outside_renstra_names_the_row(rencana, opd_a, buat_iku):
    from kinerja.opd.models import Iku

    with schema_context(opd_a.schema):
        with pytest.raises(ValidationError) as exc:
            buat_iku(rencana.sasaran, targets=[T(2031, None, D(1)), T(2037, None, D(2))])
        assert _pesan(exc.value, "target") == ["Target 2037 di luar periode Renstra 2031–2035."]
        assert not Iku.objects.exists()


def test_target_triwulan_and_duplicates(rencana, opd_a, buat_iku):
    with schema_context(opd_a.schema):
        with pytest.raises(ValidationError) as exc:
            buat_iku(
                rencana.sasaran,
                targets=[T(2031, 5, D(1)), T(2032, 2, D(1)), T(2032, 2, D(3))],
            )
        assert _pesan(exc.value, "target") == [
            "Target 2031 TW5: triwulan 5 tidak valid; isi 1–4 atau kosongkan untuk target tahunan.",
            "Target 2032 TW2 diisi lebih dari sekali.",
        ]


def test_rentang_needs_both_bounds_in_order(rencana, opd_a, buat_iku):
    with schema_context(opd_a.schema):
        with pytest.raises(ValidationError) as exc:
            buat_iku(
                rencana.sasaran,
                polaritas="rentang",
                targets=[T(2031, None, D(10)), T(2032, None, D(30), D(20))],
            )
        assert _pesan(exc.value, "target") == [
            "Target 2031: polaritas rentang memerlukan batas atas (nilai maksimum).",
            "Target 2032: batas bawah (30) harus ≤ batas atas (20).",
        ]
        iku = buat_iku(rencana.sasaran, polaritas="rentang", targets=[T(2031, None, D(10), D(20))])
        assert iku.target.get().nilai_max == 20


def test_kualitatif_needs_scale_and_labels_on_it(rencana, daerah, opd_a, buat_iku):
    with schema_context(opd_a.schema):
        with pytest.raises(ValidationError) as exc:
            buat_iku(
                rencana.sasaran, polaritas="kualitatif", targets=[T(2031, None, None, None, "WTP")]
            )
        assert _pesan(exc.value, "skala") == ["Polaritas kualitatif memerlukan skala kualitatif."]
        with pytest.raises(ValidationError) as exc:
            buat_iku(
                rencana.sasaran,
                polaritas="kualitatif",
                skala_id=daerah.skala.pk,
                targets=[T(2031, None, None, None, "Baik"), T(2032, None, D(4))],
            )
        assert _pesan(exc.value, "target") == [
            "Target 2031: 'Baik' tidak ada pada skala Opini BPK Uji; pilihan: WTP, WDP, TW, TMP.",
            "Target 2032: polaritas kualitatif memakai target kualitatif (label skala), bukan "
            "angka.",
            "Target 2032: target kualitatif wajib diisi; pilihan: WTP, WDP, TW, TMP.",
        ]
        iku = buat_iku(
            rencana.sasaran,
            polaritas="kualitatif",
            skala_id=daerah.skala.pk,
            baseline_kualitatif="wdp",
            targets=[T(2031, None, None, None, "wtp")],  # case-insensitive
        )
        assert iku.pk


def test_numeric_polarity_needs_numbers(rencana, daerah, opd_a, buat_iku):
    with schema_context(opd_a.schema):
        with pytest.raises(ValidationError) as exc:
            buat_iku(
                rencana.sasaran,
                polaritas="negatif",
                baseline_kualitatif="tinggi",
                targets=[
                    T(2031, None, None, None, "WTP"),
                    T(2032, None, None),
                    T(2033, None, D(1), D(2)),
                ],
            )
        assert _pesan(exc.value, "target") == [
            "Target 2031: polaritas negatif memerlukan target angka, bukan 'WTP'.",
            "Target 2032: target angka wajib diisi.",
            "Target 2033: batas atas hanya dipakai untuk polaritas rentang.",
        ]
        assert _pesan(exc.value, "baseline_kualitatif") == [
            "Polaritas negatif memerlukan baseline angka, bukan 'tinggi'."
        ]


def test_ikd_must_be_an_ikd_of_the_renstra_period(rencana, daerah, opd_a, buat_iku):
    with schema_context(opd_a.schema):
        for ikd, pesan in (
            (daerah.bukan_ikd, "Indikator IND-02 bukan Indikator Kinerja Daerah (IKD)."),
            (
                daerah.ikd_lain,
                "IKD IKD-09 bukan bagian dari periode RPJMD Renstra 'Renstra Dinas Uji 2031–2035'.",
            ),
        ):
            with pytest.raises(ValidationError) as exc:
                buat_iku(rencana.sasaran, ikd_id=ikd.pk)
            assert _pesan(exc.value, "ikd") == [pesan]
        assert buat_iku(rencana.sasaran, ikd_id=daerah.ikd.pk).ikd_id == daerah.ikd.pk


def test_iku_simpan_replaces_targets(rencana, opd_a, buat_iku):
    from kinerja.opd.services import iku_simpan

    with schema_context(opd_a.schema):
        iku = buat_iku(rencana.sasaran, targets=[T(2031, None, D(1)), T(2032, None, D(2))])
        iku_simpan(iku, [T(2033, None, D(3))])
        assert list(iku.target.values_list("tahun", "nilai")) == [(2033, D(3))]


# --- warnings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tipe", "quarters", "tahunan", "pesan"),
    [
        (
            "kumulatif",
            (D(10), D(10), D(10), D(10)),
            D(50),
            "Target 2031: jumlah target TW1–TW4 (40) tidak sama dengan target tahunan (50) "
            "padahal tipe perhitungan kumulatif.",
        ),
        (
            "posisi_akhir",
            (D(20), D(30), D(40), D("45,5".replace(",", "."))),
            D(50),
            "Target 2031: target TW4 (45,5) tidak sama dengan target tahunan (50) padahal tipe "
            "perhitungan posisi akhir.",
        ),
        (
            "rata_rata",
            (D(10), D(10), D(10), D(11)),
            D(10),
            "Target 2031: rata-rata target TW1–TW4 (10,25) tidak sama dengan target tahunan (10) "
            "padahal tipe perhitungan rata-rata.",
        ),
    ],
)
def test_quarters_inconsistent_with_year_is_a_warning_not_an_error(
    rencana, opd_a, buat_iku, tipe, quarters, tahunan, pesan
):
    from kinerja.opd.selectors import iku_list, peringatan_iku

    targets = [T(2031, None, tahunan)] + [
        T(2031, q, v) for q, v in zip((1, 2, 3, 4), quarters, strict=True)
    ]
    with schema_context(opd_a.schema):
        iku = buat_iku(rencana.sasaran, tipe_perhitungan=tipe, targets=targets)  # saved
        assert peringatan_iku(iku) == [pesan]
        assert iku_list(2031)[0].peringatan == [pesan]


def test_consistent_quarters_give_no_warning_and_gaps_do(rencana, opd_a, buat_iku):
    from kinerja.opd.selectors import peringatan_iku

    with schema_context(opd_a.schema):
        ok = buat_iku(
            rencana.sasaran,
            "OK",
            targets=[T(2031, None, D(40))] + [T(2031, q, D(10)) for q in (1, 2, 3, 4)],
        )
        assert peringatan_iku(ok) == []
        gaps = buat_iku(
            rencana.sasaran,
            "GAP",
            targets=[T(2031, 1, D(10)), T(2032, None, D(0)), T(2032, 4, D(0))],
        )
        assert peringatan_iku(gaps) == [
            "Target 2031: ada target triwulan tetapi target tahunan belum diisi.",
            "Target 2032 bernilai 0: capaian tidak akan dapat dihitung.",
            "Target 2032 TW4 bernilai 0: capaian tidak akan dapat dihitung.",
            "Target 2032: target triwulan belum lengkap (TW1, TW2, TW3 kosong).",
        ]


def test_kualitatif_tw4_label_warning(rencana, daerah, opd_a, buat_iku):
    from kinerja.opd.selectors import peringatan_iku

    with schema_context(opd_a.schema):
        iku = buat_iku(
            rencana.sasaran,
            polaritas="kualitatif",
            tipe_perhitungan="posisi_akhir",
            skala_id=daerah.skala.pk,
            targets=[T(2031, None, None, None, "WTP")]
            + [T(2031, q, None, None, "WDP") for q in (1, 2, 3, 4)],
        )
        assert peringatan_iku(iku) == [
            "Target 2031: target TW4 ('WDP') tidak sama dengan target tahunan ('WTP')."
        ]


# --- iku_list --------------------------------------------------------------------------------


def _sql(captured) -> int:
    """Queries run, not counting django-tenants' SET search_path."""
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET "))


def test_iku_list_targets_alignment_and_constant_queries(rencana, daerah, opd_a, buat_iku):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kinerja.opd.models import SasaranStrategis
    from kinerja.opd.selectors import iku_list

    with schema_context(opd_a.schema):
        buat_iku(
            rencana.sasaran,
            "A-1",
            ikd_id=daerah.ikd.pk,
            targets=[T(2031, None, D(40)), T(2031, 2, D("12.5")), T(2032, None, D(50))],
        )
        with CaptureQueriesContext(connection) as satu:
            rows = iku_list(2031)
        assert len(rows) == 1
        row = rows[0]
        assert row.target_tahunan.nilai == 40
        assert row.teks_triwulan == ["", "12,5", "", ""]
        assert row.selaras and row.sasaran_rpjmd_kode == "1.1"
        assert row.keselarasan.startswith("1.1 Meningkatnya derajat")
        assert (row.ikd_kode, row.ikd_nama) == ("IKD-01", "Usia harapan hidup")

        hilang = SasaranStrategis.objects.create(
            tujuan=rencana.tujuan, kode="SS8", uraian="x", sasaran_rpjmd_id=123_456_789
        )
        for i in range(2, 8):
            buat_iku(
                rencana.sasaran_2 if i % 2 else hilang,
                f"A-{i}",
                ikd_id=daerah.ikd.pk,
                targets=[T(2031, q, D(i)) for q in (None, 1, 2, 3, 4)],
            )
        with CaptureQueriesContext(connection) as banyak:
            rows = iku_list(2031)
        assert len(rows) == 7
        assert _sql(banyak) == _sql(satu) == 4  # IKU, targets, RPJMD sasaran, IKD
        tidak = [r for r in rows if not r.selaras]
        assert len(tidak) == 3
        assert all(r.keselarasan.startswith("tidak selaras") for r in tidak)
        assert all(r.sasaran_rpjmd_kode is None for r in tidak)


def test_iku_list_other_period_reference_is_not_aligned(rencana, daerah, opd_a, buat_iku):
    from kinerja.opd.models import SasaranStrategis
    from kinerja.opd.selectors import iku_list

    with schema_context(opd_a.schema):
        SasaranStrategis.objects.filter(pk=rencana.sasaran.pk).update(
            sasaran_rpjmd_id=daerah.sasaran_lain.pk
        )
        buat_iku(rencana.sasaran)
        row = iku_list(2031)[0]
        assert not row.selaras
        assert row.keselarasan == "tidak selaras (sasaran RPJMD 9.1 periode lain)"
