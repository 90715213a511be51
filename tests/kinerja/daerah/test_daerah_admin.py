"""Wagtail admin of the province data on the public domain: Admin Bappeda edits, Verifikator
Bappeda only views; forms validate through the services and name the offending field."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest

from kinerja.daerah import services
from kinerja.daerah.models import (
    IndikatorDaerah,
    PeriodeRpjmd,
    RealisasiDaerah,
    SkalaKualitatif,
    TargetDaerah,
)
from tests.kinerja.daerah.daerah_helpers import Rpjmd

pytestmark = pytest.mark.django_db

INDEX = [
    "/admin/daerah/periode/",
    "/admin/daerah/misi/",
    "/admin/daerah/tujuan/",
    "/admin/daerah/sasaran/",
    "/admin/daerah/indikator/",
    "/admin/daerah/skala/",
    "/admin/daerah/skema-predikat/",
    "/admin/daerah/jadwal/",
    "/admin/daerah/capaian-ikd/",
    "/admin/daerah/ikd-excel/",
]
ADD = [url + "new/" for url in INDEX[:8]]


def _teks(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("url", INDEX + ADD)
def test_admin_bappeda_opens_every_page(admin_bappeda_client, rpjmd: Rpjmd, url: str):
    rpjmd.simpan()
    assert admin_bappeda_client.get(url).status_code == 200


def test_menu_perencanaan_daerah_on_the_public_domain(admin_bappeda_client):
    response = admin_bappeda_client.get("/admin/")
    assert "Perencanaan Daerah" in _teks(response)
    assert "Capaian IKD" in _teks(response)


def test_menu_hidden_for_users_without_daerah_permissions(public_client, db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from tests.conftest import PASSWORD

    user = get_user_model().objects.create_user("tamu", password=PASSWORD)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    public_client.login(username="tamu", password=PASSWORD)
    response = public_client.get("/admin/")
    assert response.status_code == 200
    assert "Perencanaan Daerah" not in _teks(response)
    assert public_client.get("/admin/daerah/capaian-ikd/").status_code == 302  # refused


def test_anonymous_is_sent_to_login(public_client, db):
    response = public_client.get("/admin/daerah/indikator/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("url", [*INDEX])
def test_verifikator_views_lists_and_reports(verifikator_client, rpjmd: Rpjmd, url: str):
    rpjmd.simpan()
    assert verifikator_client.get(url).status_code == 200


def test_verifikator_inspects_but_cannot_edit(verifikator_client, rpjmd: Rpjmd):
    ind = rpjmd.simpan(targets={2022: 5})
    assert verifikator_client.get(f"/admin/daerah/indikator/inspect/{ind.pk}/").status_code == 200
    for url in (
        f"/admin/daerah/indikator/edit/{ind.pk}/",
        f"/admin/daerah/indikator/delete/{ind.pk}/",
        "/admin/daerah/indikator/new/",
        f"/admin/daerah/periode/edit/{rpjmd.periode.pk}/",
    ):
        response = verifikator_client.get(url)
        assert response.status_code == 302, url
        assert "/admin/login/" not in response["Location"]
    response = verifikator_client.post(
        f"/admin/daerah/indikator/edit/{ind.pk}/", _indikator_data(rpjmd, nama="Diubah")
    )
    assert response.status_code == 302
    assert verifikator_client.post(f"/admin/daerah/indikator/delete/{ind.pk}/").status_code == 302
    ind.refresh_from_db()
    assert ind.nama == "Indikator IKD-01"


def test_verifikator_cannot_upload_excel(verifikator_client, rpjmd: Rpjmd):
    response = verifikator_client.post(
        "/admin/daerah/ikd-excel/", {"periode": rpjmd.periode.pk, "berkas": b""}
    )
    assert response.status_code == 302
    response = verifikator_client.get(f"/admin/daerah/ikd-excel/?periode={rpjmd.periode.pk}")
    assert "Unggah dan impor" not in _teks(response)
    assert "Templat kosong" in _teks(response)


def _indikator_data(
    rpjmd: Rpjmd,
    targets: list[tuple] = (),
    realisasi: list[tuple] = (),
    **overrides,
) -> dict:
    data = {
        "periode": rpjmd.periode.pk,
        "sasaran": rpjmd.sasaran.pk,
        "tujuan": "",
        "kode": "IKD-01",
        "nama": "Indikator IKD-01",
        "satuan": "persen",
        "definisi": "",
        "formula": "",
        "jenis": "outcome",
        "polaritas": "positif",
        "tipe_perhitungan": "posisi_akhir",
        "skala": "",
        "is_ikd": "on",
        "aspek": "kesejahteraan_masyarakat",
        "bidang_urusan": "",
        "sumber_data": "",
        "sumber_nilai": "bappeda",
        "opd_penanggung_jawab": "",
        "kondisi_awal": "",
        "kondisi_awal_kualitatif": "",
        "target_akhir": "",
        "target_akhir_max": "",
        "target_akhir_kualitatif": "",
    }
    for prefix, rows, fields in (
        ("target", targets, ("tahun", "nilai", "nilai_max", "nilai_kualitatif")),
        ("realisasi", realisasi, ("tahun", "nilai", "nilai_kualitatif", "catatan")),
    ):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows)),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = ""
            for field, value in zip(fields, row, strict=False):
                data[f"{prefix}-{i}-{field}"] = value
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_admin_creates_an_indicator_with_targets_and_realisasi(admin_bappeda_client, rpjmd):
    data = _indikator_data(
        rpjmd, targets=[("2022", "7"), ("2023", "6.5")], realisasi=[("2022", "6.5")]
    )
    response = admin_bappeda_client.post("/admin/daerah/indikator/new/", data)
    assert response.status_code == 302, _teks(response)[-2000:]
    ind = IndikatorDaerah.objects.get(kode="IKD-01")
    assert sorted(ind.target.values_list("tahun", "nilai")) == [
        (2022, Decimal(7)),
        (2023, Decimal("6.5")),
    ]
    realisasi = RealisasiDaerah.objects.get(indikator=ind)
    assert (realisasi.nilai, realisasi.sumber) == (Decimal("6.5"), "bappeda")


def test_admin_form_names_the_target_outside_the_periode(admin_bappeda_client, rpjmd):
    data = _indikator_data(rpjmd, targets=[("2022", "7"), ("2027", "6")])
    response = admin_bappeda_client.post("/admin/daerah/indikator/new/", data)
    assert response.status_code == 200
    assert "Target 2027 di luar periode RPJMD 2021–2026" in _teks(response)
    assert not IndikatorDaerah.objects.exists()
    assert not TargetDaerah.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "targets", "pesan"),
    [
        ({"aspek": ""}, [], "Aspek IKD wajib dipilih untuk Indikator Kinerja Daerah (IKD)."),
        (
            {"tujuan": "TUJUAN"},
            [],
            "Pilih salah satu: tujuan atau sasaran RPJMD, tidak keduanya.",
        ),
        (
            {"polaritas": "rentang"},
            [("2022", "5", "")],
            "Target 2022: batas atas wajib diisi untuk polaritas rentang.",
        ),
        (
            {"polaritas": "kualitatif", "skala": "SKALA"},
            [("2022", "", "", "Baik")],
            "Target 2022: 'Baik' tidak ada pada skala Opini BPK (pilihan: WTP, WDP, TW, TMP).",
        ),
        (
            {"polaritas": "kualitatif"},
            [("2022", "", "", "WTP")],
            "Skala kualitatif wajib dipilih untuk polaritas kualitatif.",
        ),
    ],
)
def test_admin_form_shows_service_errors(admin_bappeda_client, rpjmd, overrides, targets, pesan):
    placeholders = {"TUJUAN": rpjmd.tujuan.pk, "SKALA": rpjmd.skala.pk}
    overrides = {k: placeholders.get(v, v) for k, v in overrides.items()}
    data = _indikator_data(rpjmd, targets=targets, **overrides)
    response = admin_bappeda_client.post("/admin/daerah/indikator/new/", data)
    assert response.status_code == 200
    assert pesan in _teks(response)
    assert not IndikatorDaerah.objects.exists()


def test_admin_form_refuses_realisasi_of_an_iku_indicator(admin_bappeda_client, rpjmd):
    ind = rpjmd.simpan(sumber_nilai="iku")
    data = _indikator_data(rpjmd, realisasi=[("2022", "5")], sumber_nilai="iku")
    response = admin_bappeda_client.post(f"/admin/daerah/indikator/edit/{ind.pk}/", data)
    assert response.status_code == 200
    assert "Bappeda tidak dapat mengisinya" in _teks(response)
    assert not RealisasiDaerah.objects.exists()


def test_admin_edit_updates_targets(admin_bappeda_client, rpjmd):
    ind = rpjmd.simpan(targets={2022: 5})
    target = ind.target.get()
    data = _indikator_data(rpjmd, targets=[("2022", "8")], nama="Nama baru")
    data.update({"target-INITIAL_FORMS": "1", "target-0-id": str(target.pk)})
    response = admin_bappeda_client.post(f"/admin/daerah/indikator/edit/{ind.pk}/", data)
    assert response.status_code == 302, _teks(response)[-2000:]
    ind.refresh_from_db()
    assert ind.nama == "Nama baru"
    assert list(ind.target.values_list("tahun", "nilai")) == [(2022, Decimal(8))]


def test_admin_periode_form_refuses_stranding_targets(admin_bappeda_client, rpjmd):
    rpjmd.simpan(targets={2026: 5})
    periode = rpjmd.periode
    data = {
        "nama": periode.nama,
        "tahun_awal": "2021",
        "tahun_akhir": "2025",
        "visi": "",
        "dasar_hukum": "",
        "aktif": "on",
    }
    response = admin_bappeda_client.post(f"/admin/daerah/periode/edit/{periode.pk}/", data)
    assert response.status_code == 200
    assert "Target tahun 2026 sudah ada" in _teks(response)
    assert PeriodeRpjmd.objects.get(pk=periode.pk).tahun_akhir == 2026


def test_index_filters_and_search(admin_bappeda_client, rpjmd):
    rpjmd.simpan("IKD-01", nama="Angka kemiskinan")
    rpjmd.simpan("IND-02", nama="Panjang jalan mantap", is_ikd=False, aspek="")
    url = "/admin/daerah/indikator/"
    teks = _teks(admin_bappeda_client.get(url, {"is_ikd": "true"}))
    assert "Angka kemiskinan" in teks and "Panjang jalan mantap" not in teks
    teks = _teks(admin_bappeda_client.get(url, {"q": "jalan"}))
    assert "Angka kemiskinan" not in teks and "Panjang jalan mantap" in teks
    teks = _teks(admin_bappeda_client.get(url, {"aspek": "daya_saing_daerah"}))
    assert "Angka kemiskinan" not in teks
    teks = _teks(admin_bappeda_client.get(url, {"periode": rpjmd.periode.pk}))
    assert "Angka kemiskinan" in teks and "Panjang jalan mantap" in teks


def test_skala_form_refuses_duplicate_labels(admin_bappeda_client, db):
    data = {
        "nama": "Mutu",
        "tingkat-TOTAL_FORMS": "2",
        "tingkat-INITIAL_FORMS": "0",
        "tingkat-MIN_NUM_FORMS": "1",
        "tingkat-MAX_NUM_FORMS": "1000",
        "tingkat-0-id": "",
        "tingkat-0-label": "Baik",
        "tingkat-0-skor": "2",
        "tingkat-1-id": "",
        "tingkat-1-label": "baik",
        "tingkat-1-skor": "1",
    }
    response = admin_bappeda_client.post("/admin/daerah/skala/new/", data)
    assert response.status_code == 200
    assert "Label 'baik' dipakai lebih dari sekali." in _teks(response)
    data["tingkat-1-label"] = "Cukup"
    assert admin_bappeda_client.post("/admin/daerah/skala/new/", data).status_code == 302
    skala = services.skala_engine(SkalaKualitatif.objects.get())
    assert skala.labels == ("Baik", "Cukup")


def test_jadwal_form_uses_model_rules(admin_bappeda_client, db):
    data = {
        "tahun": "2025",
        "triwulan": "1",
        "tanggal_buka": "2025-04-10 08:00",
        "batas_waktu": "2025-04-01 08:00",
        "tanggal_kunci": "2025-04-20 08:00",
    }
    response = admin_bappeda_client.post("/admin/daerah/jadwal/new/", data)
    assert response.status_code == 200
    assert "Batas waktu harus setelah tanggal dibuka." in _teks(response)


def test_admin_accepts_indonesian_numbers(admin_bappeda_client, rpjmd):
    data = _indikator_data(
        rpjmd, targets=[("2022", "1.234,5"), ("2023", "6,5")], realisasi=[("2022", "75%")]
    )
    response = admin_bappeda_client.post("/admin/daerah/indikator/new/", data)
    assert response.status_code == 302, _teks(response)[-2000:]
    ind = IndikatorDaerah.objects.get(kode="IKD-01")
    assert sorted(ind.target.values_list("tahun", "nilai")) == [
        (2022, Decimal("1234.5")),
        (2023, Decimal("6.5")),
    ]
    assert RealisasiDaerah.objects.get(indikator=ind).nilai == Decimal(75)
    edit = admin_bappeda_client.get(f"/admin/daerah/indikator/edit/{ind.pk}/")
    assert 'value="1.234,5"' in _teks(edit)


def test_admin_refuses_a_word_as_number_and_saves_nothing(admin_bappeda_client, rpjmd):
    data = _indikator_data(rpjmd, targets=[("2022", "12,5 persen")])
    response = admin_bappeda_client.post("/admin/daerah/indikator/new/", data)
    assert response.status_code == 200
    assert "'12,5 persen' bukan angka. Contoh penulisan: 1.234,5" in _teks(response)
    assert not IndikatorDaerah.objects.exists()
