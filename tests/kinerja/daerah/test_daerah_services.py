"""Business rules of the province data: every rule refuses with a field-specific Indonesian
message and saves nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.http import Http404
from django_tenants.utils import schema_context

from kinerja.daerah import services
from kinerja.daerah.models import (
    IndikatorDaerah,
    MisiRpjmd,
    PeriodeRpjmd,
    RealisasiDaerah,
    SasaranRpjmd,
    SkalaKualitatif,
    TargetDaerah,
    TujuanRpjmd,
)
from tenants import roles
from tests.kinerja.daerah.daerah_helpers import Rpjmd

pytestmark = pytest.mark.django_db


def _errors(exc_info: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc_info.value.message_dict


def test_valid_indicator_with_targets_is_saved(rpjmd: Rpjmd):
    ind = rpjmd.simpan(targets={2021: 5, 2026: Decimal("7.5")})
    assert ind.pk is not None
    assert {(t.tahun, t.nilai) for t in TargetDaerah.objects.filter(indikator=ind)} == {
        (2021, Decimal(5)),
        (2026, Decimal("7.5")),
    }


def test_target_year_outside_periode_is_refused(rpjmd: Rpjmd):
    with pytest.raises(ValidationError) as exc:
        rpjmd.simpan(targets={2022: 5, 2027: 6})
    assert _errors(exc) == {"target": ["Target 2027 di luar periode RPJMD 2021–2026"]}
    assert not IndikatorDaerah.objects.exists()
    assert not TargetDaerah.objects.exists()


def test_target_year_given_twice_is_refused(rpjmd: Rpjmd):
    ind = rpjmd.indikator()
    targets = [TargetDaerah(tahun=2022, nilai=1), TargetDaerah(tahun=2022, nilai=2)]
    with pytest.raises(ValidationError) as exc:
        services.indikator_simpan(ind, targets)
    assert _errors(exc) == {"target": ["Target 2022 diisi lebih dari sekali."]}


@pytest.mark.parametrize(
    ("bounds", "message"),
    [
        ((5, None), "Target 2022: batas atas wajib diisi untuk polaritas rentang."),
        ((None, 5), "Target 2022: batas bawah wajib diisi untuk polaritas rentang."),
        ((10, "7.5"), "Target 2022: batas bawah (10) harus ≤ batas atas (7,5)."),
    ],
)
def test_rentang_needs_both_bounds_in_order(rpjmd: Rpjmd, bounds, message):
    bawah, atas = (None if b is None else Decimal(b) for b in bounds)
    with pytest.raises(ValidationError) as exc:
        rpjmd.simpan(polaritas="rentang", targets={2022: (bawah, atas)})
    assert _errors(exc) == {"target": [message]}


def test_rentang_with_equal_bounds_is_fine(rpjmd: Rpjmd):
    ind = rpjmd.simpan(polaritas="rentang", targets={2022: (Decimal(5), Decimal(5))})
    assert ind.target.get().nilai_max == 5


def test_rentang_target_akhir_needs_upper_bound(rpjmd: Rpjmd):
    with pytest.raises(ValidationError) as exc:
        rpjmd.simpan(polaritas="rentang", target_akhir=Decimal(10))
    assert _errors(exc) == {
        "target_akhir_max": ["Target akhir: batas atas wajib diisi untuk polaritas rentang."]
    }


def test_upper_bound_only_for_rentang(rpjmd: Rpjmd):
    with pytest.raises(ValidationError) as exc:
        rpjmd.simpan(targets={2022: (Decimal(5), Decimal(8))})
    assert _errors(exc) == {"target": ["Target 2022: batas atas hanya untuk polaritas rentang."]}


def test_kualitatif_needs_a_scale(rpjmd: Rpjmd):
    with pytest.raises(ValidationError) as exc:
        rpjmd.simpan(polaritas="kualitatif", targets={2022: "WTP"})
    assert _errors(exc) == {"skala": ["Skala kualitatif wajib dipilih untuk polaritas kualitatif."]}


def test_kualitatif_labels_match_the_scale_case_insensitively(rpjmd: Rpjmd):
    ind = rpjmd.simpan(
        polaritas="kualitatif",
        skala=rpjmd.skala,
        targets={2022: "wtp", 2023: " Wdp "},
        target_akhir_kualitatif="wtp",
    )
    assert sorted(ind.target.values_list("nilai_kualitatif", flat=True)) == ["WDP", "WTP"]
    assert ind.target_akhir_kualitatif == "WTP"


def test_kualitatif_label_not_on_the_scale_is_refused(rpjmd: Rpjmd):
    with pytest.raises(ValidationError) as exc:
        rpjmd.simpan(polaritas="kualitatif", skala=rpjmd.skala, targets={2022: "Baik"})
    assert _errors(exc) == {
        "target": [
            "Target 2022: 'Baik' tidak ada pada skala Opini BPK (pilihan: WTP, WDP, TW, TMP)."
        ]
    }


def test_kualitatif_refuses_numbers(rpjmd: Rpjmd):
    with pytest.raises(ValidationError) as exc:
        rpjmd.simpan(polaritas="kualitatif", skala=rpjmd.skala, target_akhir=Decimal(4))
    assert _errors(exc) == {
        "target_akhir": ["Target akhir indikator kualitatif diisi dengan label skala, bukan angka."]
    }


def test_numeric_polarity_refuses_labels_and_empty_targets(rpjmd: Rpjmd):
    ind = rpjmd.indikator()
    targets = [
        TargetDaerah(tahun=2022, nilai_kualitatif="WTP"),
        TargetDaerah(tahun=2023),
    ]
    with pytest.raises(ValidationError) as exc:
        services.indikator_simpan(ind, targets)
    assert _errors(exc) == {
        "target": [
            "Target 2022: nilai kualitatif hanya untuk polaritas kualitatif; isi dengan angka.",
            "Target 2023: nilai target wajib diisi.",
        ]
    }


def test_scale_only_for_kualitatif(rpjmd: Rpjmd):
    with pytest.raises(ValidationError) as exc:
        rpjmd.simpan(skala=rpjmd.skala)
    assert list(_errors(exc)) == ["skala"]


def test_ikd_needs_aspek(rpjmd: Rpjmd):
    with pytest.raises(ValidationError) as exc:
        rpjmd.simpan(aspek="")
    assert _errors(exc) == {
        "aspek": ["Aspek IKD wajib dipilih untuk Indikator Kinerja Daerah (IKD)."]
    }
    assert rpjmd.simpan(aspek="", is_ikd=False).pk  # a plain RPJMD indicator needs none


def test_indicator_belongs_to_exactly_one_parent(rpjmd: Rpjmd):
    with pytest.raises(ValidationError) as exc:
        rpjmd.simpan(tujuan=rpjmd.tujuan)
    assert _errors(exc) == {
        "sasaran": ["Pilih salah satu: tujuan atau sasaran RPJMD, tidak keduanya."]
    }
    with pytest.raises(ValidationError) as exc:
        rpjmd.simpan(sasaran=None)
    assert _errors(exc) == {
        "sasaran": ["Indikator harus terhubung ke satu tujuan atau satu sasaran RPJMD."]
    }
    assert rpjmd.simpan(sasaran=None, tujuan=rpjmd.tujuan).tujuan == rpjmd.tujuan


def test_parent_must_be_of_the_same_periode(rpjmd: Rpjmd):
    lain = PeriodeRpjmd.objects.create(nama="RPJMD 2027–2031", tahun_awal=2027, tahun_akhir=2031)
    misi = MisiRpjmd.objects.create(periode=lain, nomor=1, uraian="Misi")
    tujuan = TujuanRpjmd.objects.create(misi=misi, kode="T9", uraian="Tujuan lain")
    sasaran = SasaranRpjmd.objects.create(tujuan=tujuan, kode="S9", uraian="Sasaran lain")
    with pytest.raises(ValidationError) as exc:
        rpjmd.simpan(sasaran=sasaran)
    assert _errors(exc) == {"sasaran": ["Sasaran S9 bukan bagian dari periode RPJMD 2021–2026."]}
    with pytest.raises(ValidationError) as exc:
        rpjmd.simpan(sasaran=None, tujuan=tujuan)
    assert _errors(exc) == {"tujuan": ["Tujuan T9 bukan bagian dari periode RPJMD 2021–2026."]}


def test_duplicate_kode_in_periode_is_refused(rpjmd: Rpjmd):
    rpjmd.simpan("IKD-01")
    with pytest.raises(ValidationError) as exc:
        rpjmd.simpan("IKD-01")
    assert _errors(exc) == {
        "kode": ["Kode 'IKD-01' sudah dipakai indikator lain pada periode ini."]
    }
    assert IndikatorDaerah.objects.count() == 1


def test_saving_targets_replaces_them_by_year(rpjmd: Rpjmd):
    ind = rpjmd.simpan(targets={2021: 1, 2022: 2})
    pk_2022 = ind.target.get(tahun=2022).pk
    services.indikator_simpan(
        ind, [TargetDaerah(tahun=2022, nilai=Decimal(3)), TargetDaerah(tahun=2023, nilai=4)]
    )
    targets = {t.tahun: t for t in TargetDaerah.objects.filter(indikator=ind)}
    assert sorted(targets) == [2022, 2023]
    assert targets[2022].pk == pk_2022 and targets[2022].nilai == 3


def test_existing_targets_are_revalidated_when_polarity_changes(rpjmd: Rpjmd):
    ind = rpjmd.simpan(targets={2022: 5})
    ind.polaritas = "rentang"
    with pytest.raises(ValidationError) as exc:
        services.indikator_simpan(ind)
    assert _errors(exc) == {
        "target": ["Target 2022: batas atas wajib diisi untuk polaritas rentang."]
    }
    assert IndikatorDaerah.objects.get().polaritas == "positif"


def test_bappeda_cannot_type_realisasi_of_an_iku_indicator(rpjmd: Rpjmd):
    ind = rpjmd.simpan(sumber_nilai="iku")
    with pytest.raises(ValidationError) as exc:
        services.realisasi_simpan(ind, 2022, nilai=Decimal(5))
    assert _errors(exc) == {
        "realisasi": [
            "Realisasi 2022: realisasi indikator ini diambil dari IKU Perangkat Daerah yang "
            "terhubung; Bappeda tidak dapat mengisinya."
        ]
    }
    assert not RealisasiDaerah.objects.exists()


def test_bappeda_types_realisasi_of_its_own_indicator(rpjmd: Rpjmd):
    ind = rpjmd.simpan()
    services.realisasi_simpan(ind, 2022, nilai=Decimal("6.5"))
    services.realisasi_simpan(ind, 2022, nilai=Decimal("6.6"))  # updates, no duplicate
    realisasi = RealisasiDaerah.objects.get(indikator=ind)
    assert (realisasi.nilai, realisasi.sumber) == (Decimal("6.6"), "bappeda")
    with pytest.raises(ValidationError) as exc:
        services.realisasi_simpan(ind, 2030, nilai=Decimal(1))
    assert _errors(exc) == {"realisasi": ["Realisasi 2030 di luar periode RPJMD 2021–2026"]}


def test_periode_cannot_shrink_past_existing_targets(rpjmd: Rpjmd):
    rpjmd.simpan(targets={2026: 5})
    periode = rpjmd.periode
    periode.tahun_akhir = 2025
    with pytest.raises(ValidationError) as exc:
        services.periode_simpan(periode)
    assert _errors(exc) == {
        "tahun_akhir": [
            "Target tahun 2026 sudah ada dan akan berada di luar periode 2021–2025; "
            "ubah atau hapus dahulu."
        ]
    }
    assert PeriodeRpjmd.objects.get(pk=periode.pk).tahun_akhir == 2026


def test_periode_model_rules_are_applied(db):
    with pytest.raises(ValidationError) as exc:
        services.periode_simpan(PeriodeRpjmd(nama="Salah", tahun_awal=2026, tahun_akhir=2021))
    assert _errors(exc) == {"tahun_akhir": ["Tahun akhir harus ≥ tahun awal."]}


def test_tujuan_and_sasaran_kode_unique_within_periode(rpjmd: Rpjmd):
    misi2 = MisiRpjmd.objects.create(periode=rpjmd.periode, nomor=2, uraian="Misi dua")
    with pytest.raises(ValidationError) as exc:
        services.tujuan_simpan(TujuanRpjmd(misi=misi2, kode="t1", uraian="Lagi"))
    assert _errors(exc) == {"kode": ["Kode tujuan 't1' sudah dipakai pada periode yang sama."]}
    tujuan2 = services.tujuan_simpan(TujuanRpjmd(misi=misi2, kode="T2", uraian="Dua"))
    with pytest.raises(ValidationError) as exc:
        services.sasaran_simpan(SasaranRpjmd(tujuan=tujuan2, kode="S1.1", uraian="Lagi"))
    assert _errors(exc) == {"kode": ["Kode sasaran 'S1.1' sudah dipakai pada periode yang sama."]}


def test_scale_labels_and_scores_unique(db):
    with pytest.raises(ValidationError) as exc:
        services.skala_simpan(SkalaKualitatif(nama="Mutu"), [("Baik", 2), ("baik", 1), ("C", 1)])
    assert _errors(exc) == {
        "tingkat": ["Label 'baik' dipakai lebih dari sekali.", "Skor 1 dipakai lebih dari sekali."]
    }
    assert not SkalaKualitatif.objects.exists()


def test_scale_label_in_use_cannot_disappear(rpjmd: Rpjmd):
    rpjmd.simpan(polaritas="kualitatif", skala=rpjmd.skala, targets={2022: "WDP"})
    with pytest.raises(ValidationError) as exc:
        services.skala_simpan(rpjmd.skala, [("WTP", 4), ("TW", 2), ("TMP", 1)])
    assert _errors(exc) == {
        "__all__": [
            "Label 'WDP' masih dipakai oleh indikator IKD-01; ubah data indikator itu dahulu."
        ]
    }
    assert rpjmd.skala.tingkat.count() == 4


def test_permissions_are_granted_to_bappeda_groups(db):
    hasil = services.daerah_permissions_ensure()
    # 14 models × 4 + verifikasi_realisasi; view × 14 + verifikasi + add perpanjangan.
    assert hasil == {roles.ADMIN_BAPPEDA: 57, roles.VERIFIKATOR: 16}
    assert services.daerah_permissions_ensure() == hasil  # idempotent
    admin = Group.objects.get(name=roles.ADMIN_BAPPEDA)
    verifikator = Group.objects.get(name=roles.VERIFIKATOR)
    assert admin.permissions.filter(codename="change_indikatordaerah").exists()
    codenames = set(
        verifikator.permissions.filter(content_type__app_label="daerah").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {f"view_{m}" for m in services.DAERAH_MODELS} | {
        "verifikasi_realisasi",
        "add_perpanjanganjadwal",
    }


def test_writes_are_refused_outside_the_public_schema(rpjmd: Rpjmd, opd_a):
    ind = rpjmd.indikator()
    with schema_context(opd_a.schema), pytest.raises(Http404):
        services.indikator_simpan(ind, [])
    with schema_context(opd_a.schema), pytest.raises(Http404):
        services.daerah_permissions_ensure()
    assert not IndikatorDaerah.objects.exists()
