"""Predikat schemes: the band set is validated as a whole by the engine, in the service and in
the admin form (errors shown on the form, nothing saved); exactly one scheme is active."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kinerja.daerah import selectors, services
from kinerja.daerah.models import PredikatBand, SkemaPredikat
from kinerja.engine import DEFAULT_BANDS
from kinerja.engine import PredikatBand as EngineBand

pytestmark = pytest.mark.django_db

URL_BARU = "/admin/daerah/skema-predikat/new/"


@pytest.fixture(autouse=True)
def _tanpa_skema():
    """public_setup installs the default scheme; these tests start from none (rolled back)."""
    SkemaPredikat.objects.all().delete()


def test_public_setup_installs_the_default_scheme():
    from tenants.services import public_setup

    public_setup("localhost")
    skema = SkemaPredikat.objects.get(aktif=True)
    assert [b.as_engine() for b in skema.bands.order_by("-batas_bawah")] == list(DEFAULT_BANDS)


def _band(bawah, atas, kode: str) -> EngineBand:
    return EngineBand(
        Decimal(bawah), None if atas is None else Decimal(atas), kode, kode.capitalize()
    )


# (bands, expected message fragment) — one per kind of broken set.
INVALID = {
    "celah": (
        [_band(0, 50, "kurang"), _band(60, None, "baik")],
        "Ada celah antara band 'kurang' (sampai 50) dan band 'baik' (mulai 60)",
    ),
    "tumpang_tindih": (
        [_band(0, 60, "kurang"), _band(50, None, "baik")],
        "Band 'kurang' dan band 'baik' tumpang tindih",
    ),
    "tidak_dari_nol": (
        [_band(10, 50, "kurang"), _band(50, None, "baik")],
        "Band terendah 'kurang' harus dimulai dari 0 (sekarang 10)",
    ),
    "dua_puncak_terbuka": (
        [_band(0, 50, "kurang"), _band(50, None, "baik"), _band(80, None, "prima")],
        "Hanya satu band boleh tanpa batas atas, sekarang ada 2: 'baik', 'prima'",
    ),
}


@pytest.mark.parametrize("kasus", sorted(INVALID))
def test_service_refuses_invalid_band_sets(kasus: str):
    bands, pesan = INVALID[kasus]
    with pytest.raises(ValidationError) as exc:
        services.skema_predikat_simpan(SkemaPredikat(nama="Uji", aktif=True), bands)
    assert pesan in exc.value.message_dict["bands"]
    assert not SkemaPredikat.objects.exists()
    assert not PredikatBand.objects.exists()


def test_active_scheme_bands_are_used_by_the_selector():
    assert selectors.skema_predikat_aktif() is DEFAULT_BANDS  # none yet: engine default
    bands = [_band(0, 60, "kurang"), _band(60, None, "baik")]
    services.skema_predikat_simpan(SkemaPredikat(nama="Dua pita", aktif=True), bands)
    assert selectors.skema_predikat_aktif() == (bands[1], bands[0])


def test_saving_an_active_scheme_deactivates_the_other():
    pertama = services.skema_predikat_simpan(SkemaPredikat(nama="A", aktif=True), DEFAULT_BANDS)
    kedua = services.skema_predikat_simpan(
        SkemaPredikat(nama="B", aktif=True), [_band(0, None, "semua")]
    )
    pertama.refresh_from_db()
    assert (pertama.aktif, kedua.aktif) == (False, True)
    services.skema_predikat_aktifkan(pertama)
    assert list(SkemaPredikat.objects.filter(aktif=True)) == [pertama]


def test_default_scheme_is_created_once():
    skema = services.skema_predikat_default_ensure()
    assert skema.aktif
    assert selectors.skema_predikat_aktif() == DEFAULT_BANDS
    assert services.skema_predikat_default_ensure() == skema
    assert SkemaPredikat.objects.count() == 1
    assert skema.bands.count() == 5


def test_invalid_stored_bands_fall_back_to_the_default():
    skema = SkemaPredikat.objects.create(nama="Rusak", aktif=True)
    PredikatBand.objects.create(skema=skema, kode="x", label="X", batas_bawah=10)
    assert selectors.skema_predikat_aktif() is DEFAULT_BANDS


def _post_data(bands: list[EngineBand], nama: str = "Skema uji", aktif: bool = True) -> dict:
    data = {
        "nama": nama,
        "bands-TOTAL_FORMS": str(len(bands)),
        "bands-INITIAL_FORMS": "0",
        "bands-MIN_NUM_FORMS": "1",
        "bands-MAX_NUM_FORMS": "1000",
    }
    if aktif:
        data["aktif"] = "on"
    for i, band in enumerate(bands):
        data.update(
            {
                f"bands-{i}-id": "",
                f"bands-{i}-kode": band.kode,
                f"bands-{i}-label": band.label,
                f"bands-{i}-warna": "#888888",
                f"bands-{i}-batas_bawah": str(band.batas_bawah),
                f"bands-{i}-batas_atas": "" if band.batas_atas is None else str(band.batas_atas),
            }
        )
    return data


@pytest.mark.parametrize("kasus", sorted(INVALID))
def test_admin_form_refuses_invalid_band_sets(admin_bappeda_client, kasus: str):
    bands, pesan = INVALID[kasus]
    response = admin_bappeda_client.post(URL_BARU, _post_data(bands))
    assert response.status_code == 200
    assert pesan in html.unescape(response.content.decode())
    assert not SkemaPredikat.objects.exists()


def test_admin_form_saves_a_valid_scheme_and_keeps_one_active(admin_bappeda_client):
    lama = services.skema_predikat_default_ensure()
    bands = [_band(0, "90.5", "kurang"), _band("90.5", None, "baik")]
    response = admin_bappeda_client.post(URL_BARU, _post_data(bands, nama="Baru"))
    assert response.status_code == 302, html.unescape(response.content.decode())[-3000:]
    baru = SkemaPredikat.objects.get(nama="Baru")
    lama.refresh_from_db()
    assert (baru.aktif, lama.aktif) == (True, False)
    assert selectors.skema_predikat_aktif() == (bands[1], bands[0])


def test_admin_form_edit_with_a_gap_changes_nothing(admin_bappeda_client):
    skema = services.skema_predikat_simpan(
        SkemaPredikat(nama="Dua", aktif=True), [_band(0, 60, "kurang"), _band(60, None, "baik")]
    )
    ids = list(skema.bands.order_by("batas_bawah").values_list("id", flat=True))
    data = _post_data([_band(0, 50, "kurang"), _band(60, None, "baik")], nama="Dua diubah")
    data["bands-INITIAL_FORMS"] = "2"
    data["bands-0-id"], data["bands-1-id"] = str(ids[0]), str(ids[1])
    response = admin_bappeda_client.post(f"/admin/daerah/skema-predikat/edit/{skema.pk}/", data)
    assert response.status_code == 200
    assert "Ada celah antara band" in html.unescape(response.content.decode())
    skema.refresh_from_db()
    assert skema.nama == "Dua"
    assert sorted(b.batas_atas for b in skema.bands.all() if b.batas_atas) == [60]
