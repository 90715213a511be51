"""Wagtail admin of the OPD plan: pages, form validation, PK freeze, roles, and the tenant
guards (404 on the public domain, never 500; another OPD's ids are 404)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_tenants.utils import schema_context

from kinerja.opd.services import TargetInput as T
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def data_a(rencana, opd_a, buat_iku):
    from kinerja.opd.services import pk_buat_draft

    with schema_context(opd_a.schema):
        iku = buat_iku(rencana.sasaran, "IKU-A1", targets=[T(2031, None, D(80))])
        pk = pk_buat_draft(2031)
    return {"iku": iku, "pk": pk, **vars(rencana)}


def _semua_url(obj_ids: dict[str, int]) -> list[str]:
    """Every URL of the "Kinerja OPD" viewsets (ids filled in per viewset)."""
    from kinerja.opd.viewsets import KinerjaOpdGroup

    urls = []
    for viewset in KinerjaOpdGroup().registerables:
        for pattern in viewset.get_urlpatterns():
            kwargs = {name: obj_ids[viewset.name] for name in pattern.pattern.converters}
            urls.append(reverse(f"{viewset.url_namespace}:{pattern.name}", kwargs=kwargs))
    return urls


def _ids(data) -> dict[str, int]:
    return {
        "opd_renstra": data["renstra"].pk,
        "opd_tujuan": data["tujuan"].pk,
        "opd_sasaran": data["sasaran"].pk,
        "opd_iku": data["iku"].pk,
        "opd_pk": data["pk"].pk,
    }


# --- pages -----------------------------------------------------------------------------------


def test_every_admin_page_renders_for_the_opd_admin(admin_a, data_a):
    urls = _semua_url(_ids(data_a))
    assert len(urls) >= 50
    for url in urls:
        response = admin_a.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"


def test_menu_shows_kinerja_opd_on_opd_domain(admin_a, izin):
    html = admin_a.get("/admin/").content.decode()
    assert "Kinerja OPD" in html
    assert "/admin/kinerja-opd/iku/" in html


def test_sasaran_form_lists_rpjmd_sasaran_of_the_renstra_period(admin_a, rencana):
    html = admin_a.get(reverse("opd_sasaran:add")).content.decode()
    assert "1.1 Meningkatnya derajat kesehatan masyarakat" in html
    assert "RPJMD Uji 2031–2036" in html
    assert "9.1 Sasaran periode lain" not in html


def test_sasaran_list_shows_alignment_and_dangling_reference(admin_a, rencana, opd_a):
    from kinerja.opd.models import SasaranStrategis

    with schema_context(opd_a.schema):
        SasaranStrategis.objects.filter(pk=rencana.sasaran_2.pk).update(sasaran_rpjmd_id=999_999)
    html = admin_a.get(reverse("opd_sasaran:index")).content.decode()
    assert "1.1 Meningkatnya derajat" in html
    assert "tidak selaras (sasaran RPJMD tidak ditemukan)" in html
    inspect = admin_a.get(reverse("opd_sasaran:inspect", args=[rencana.sasaran_2.pk]))
    assert inspect.status_code == 200
    assert "tidak ditemukan di data Bappeda" in inspect.content.decode()


def _iku_post(sasaran, targets, **extra):
    data = {
        "sasaran": sasaran.pk,
        "kode": "IKU-BARU",
        "satuan": "%",
        "jenis": "output",
        "nama": "Persentase uji",
        "definisi": "",
        "formula": "",
        "polaritas": "positif",
        "tipe_perhitungan": "kumulatif",
        "skala": "",
        "baseline": "",
        "baseline_kualitatif": "",
        "ikd": "",
        "sumber_data": "",
        "penanggung_jawab": "",
        "aktif": "on",
        "target-TOTAL_FORMS": str(len(targets)),
        "target-INITIAL_FORMS": "0",
        "target-MIN_NUM_FORMS": "0",
        "target-MAX_NUM_FORMS": "1000",
    }
    for i, (tahun, tw, nilai) in enumerate(targets):
        data.update(
            {
                f"target-{i}-id": "",
                f"target-{i}-tahun": str(tahun),
                f"target-{i}-triwulan": "" if tw is None else str(tw),
                f"target-{i}-nilai": nilai,
                f"target-{i}-nilai_max": "",
                f"target-{i}-nilai_kualitatif": "",
                f"target-{i}-DELETE": "",
            }
        )
    data.update(extra)
    return data


def test_iku_form_refuses_target_outside_renstra_naming_the_row(admin_a, rencana, opd_a):
    from kinerja.opd.models import Iku

    response = admin_a.post(
        reverse("opd_iku:add"), _iku_post(rencana.sasaran, [(2031, None, "10"), (2037, None, "12")])
    )
    assert response.status_code == 200
    assert "Target 2037 di luar periode Renstra 2031–2035." in response.content.decode()
    with schema_context(opd_a.schema):
        assert not Iku.objects.filter(kode="IKU-BARU").exists()


def test_iku_form_refuses_missing_scale_for_kualitatif(admin_a, rencana, opd_a):
    from kinerja.opd.models import Iku

    response = admin_a.post(
        reverse("opd_iku:add"), _iku_post(rencana.sasaran, [], polaritas="kualitatif")
    )
    assert response.status_code == 200
    assert "Polaritas kualitatif memerlukan skala kualitatif." in response.content.decode()
    with schema_context(opd_a.schema):
        assert not Iku.objects.filter(kode="IKU-BARU").exists()


def test_iku_form_saves_targets_and_shows_quarter_warning(admin_a, rencana, opd_a):
    from kinerja.opd.models import Iku

    targets = [
        (2031, None, "100"),
        (2031, 1, "20"),
        (2031, 2, "20"),
        (2031, 3, "20"),
        (2031, 4, "20"),
    ]
    response = admin_a.post(
        reverse("opd_iku:add"), _iku_post(rencana.sasaran, targets), follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Peringatan: Target 2031: jumlah target TW1–TW4 (80) tidak sama dengan target "
        "tahunan (100)" in html
    )
    with schema_context(opd_a.schema):
        iku = Iku.objects.get(kode="IKU-BARU")
        assert iku.target.count() == 5
    ringkasan = admin_a.get(reverse("opd_iku:ringkasan") + "?tahun=2031").content.decode()
    assert "IKU-BARU" in ringkasan and "jumlah target TW1–TW4 (80)" in ringkasan


def test_iku_list_search_and_filter(admin_a, rencana, opd_a, buat_iku):
    with schema_context(opd_a.schema):
        buat_iku(rencana.sasaran, "CARI-1", nama="Angka kematian ibu", polaritas="negatif")
        buat_iku(rencana.sasaran, "LAIN-2", nama="Cakupan imunisasi")
    html = admin_a.get(reverse("opd_iku:index") + "?q=kematian").content.decode()
    assert "CARI-1" in html and "LAIN-2" not in html
    html = admin_a.get(reverse("opd_iku:index") + "?polaritas=negatif").content.decode()
    assert "CARI-1" in html and "LAIN-2" not in html


def test_renstra_form_refuses_years_outside_rpjmd(admin_a, daerah, opd_a):
    from kinerja.opd.models import Renstra

    response = admin_a.post(
        reverse("opd_renstra:add"),
        {
            "periode_rpjmd": daerah.periode.pk,
            "nama": "R",
            "tahun_awal": "2030",
            "tahun_akhir": "2034",
            "visi": "",
            "misi": "",
        },
    )
    assert response.status_code == 200
    assert "Tahun awal 2030 di luar periode RPJMD 2031–2036." in response.content.decode()
    with schema_context(opd_a.schema):
        assert not Renstra.objects.exists()


def test_delete_of_protected_sasaran_is_explained_not_500(admin_a, data_a, opd_a):
    from kinerja.opd.models import SasaranStrategis

    response = admin_a.post(reverse("opd_sasaran:delete", args=[data_a["sasaran"].pk]), follow=True)
    assert response.status_code == 200
    assert "tidak dapat dihapus karena masih dipakai oleh" in response.content.decode()
    with schema_context(opd_a.schema):
        assert SasaranStrategis.objects.filter(pk=data_a["sasaran"].pk).exists()


# --- Perjanjian Kinerja ----------------------------------------------------------------------


def _masuk(host_client, opd, username):
    client = host_client(opd.domain)
    assert (
        client.post("/admin/login/", {"username": username, "password": PASSWORD}).status_code
        == 302
    )
    return client


def test_pk_admin_flow_create_sign_freeze_perubahan(host_client, opd_a, rencana, buat_iku, izin):
    from kinerja.opd.models import PerjanjianKinerja

    with schema_context(opd_a.schema):
        buat_iku(rencana.sasaran, "IKU-P", targets=[T(2031, None, D(70))])
    admin = _masuk(host_client, opd_a, "admin")
    response = admin.post(reverse("opd_pk:add"), {"tahun": "2031"})
    assert response.status_code == 302
    with schema_context(opd_a.schema):
        pk = PerjanjianKinerja.objects.get(tahun=2031)
    assert response["Location"] == reverse("opd_pk:edit", args=[pk.pk])
    again = admin.post(reverse("opd_pk:add"), {"tahun": "2031"})
    assert again.status_code == 200
    assert f"Sudah ada draf PK 2031 ({pk}); lanjutkan draf itu." in again.content.decode()

    with schema_context(opd_a.schema):
        item = pk.item.get()
    draf = {
        "alasan_perubahan": "",
        "item-TOTAL_FORMS": "1",
        "item-INITIAL_FORMS": "1",
        "item-MIN_NUM_FORMS": "0",
        "item-MAX_NUM_FORMS": "1000",
        "item-0-id": str(item.pk),
        "item-0-iku": str(item.iku_id),
        "item-0-satuan": "%",
        "item-0-target": "75",
        "item-0-target_max": "",
        "item-0-target_kualitatif": "",
        "item-0-DELETE": "",
    }
    assert admin.post(reverse("opd_pk:edit", args=[pk.pk]), draf).status_code == 302
    with schema_context(opd_a.schema):
        assert pk.item.get().target == D(75)  # a draft is editable

    kepala = _masuk(host_client, opd_a, "kepala")
    signed = kepala.post(
        reverse("opd_pk:tandatangani", args=[pk.pk]),
        {
            "penandatangan": "dr. Kepala",
            "jabatan_penandatangan": "Kepala Dinas",
            "tanggal_tanda_tangan": "2031-01-10",
        },
    )
    assert signed.status_code == 302
    with schema_context(opd_a.schema):
        pk.refresh_from_db()
        assert pk.status == "ditandatangani"

    pesan = "sudah ditandatangani dan tidak dapat diubah lagi"
    edit = admin.get(reverse("opd_pk:edit", args=[pk.pk]), follow=True)
    assert pesan in edit.content.decode()
    post = admin.post(
        reverse("opd_pk:edit", args=[pk.pk]),
        {**draf, "alasan_perubahan": "diam-diam", "item-0-target": "1"},
        follow=True,
    )
    assert pesan in post.content.decode()
    hapus = admin.post(reverse("opd_pk:delete", args=[pk.pk]), follow=True)
    assert pesan in hapus.content.decode()
    with schema_context(opd_a.schema):
        pk.refresh_from_db()
        assert (pk.alasan_perubahan, pk.item.get().target) == ("", D(75))
    again = kepala.get(reverse("opd_pk:tandatangani", args=[pk.pk]))
    assert again.status_code == 302
    assert again["Location"] == reverse("opd_pk:inspect", args=[pk.pk])
    inspect = admin.get(reverse("opd_pk:inspect", args=[pk.pk])).content.decode()
    assert "sudah ditandatangani dan hanya dapat dibaca" in inspect
    assert reverse("opd_pk:perubahan", args=[pk.pk]) in inspect

    perubahan = admin.post(
        reverse("opd_pk:perubahan", args=[pk.pk]), {"alasan_perubahan": "Refocusing anggaran"}
    )
    assert perubahan.status_code == 302
    with schema_context(opd_a.schema):
        assert list(PerjanjianKinerja.objects.order_by("versi").values_list("versi", "status")) == [
            (1, "diganti"),
            (2, "draft"),
        ]
    old = admin.get(reverse("opd_pk:inspect", args=[pk.pk]))
    assert old.status_code == 200 and "diganti oleh PK perubahan" in old.content.decode()


def test_operator_cannot_sign_pk_in_admin(host_client, opd_a, data_a):
    operator = _masuk(host_client, opd_a, "operator")
    url = reverse("opd_pk:tandatangani", args=[data_a["pk"].pk])
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    refused = operator.get(url, follow=True)
    assert refused.redirect_chain[0] == ("/admin/", 302)
    assert "tidak memiliki izin" in refused.content.decode()
    response = operator.post(
        url,
        {"penandatangan": "x", "jabatan_penandatangan": "y", "tanggal_tanda_tangan": "2031-01-10"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    inspect = operator.get(reverse("opd_pk:inspect", args=[data_a["pk"].pk])).content.decode()
    assert url not in inspect  # no sign button either
    with schema_context(opd_a.schema):
        data_a["pk"].refresh_from_db()
        assert data_a["pk"].status == "draft"


def test_kepala_reads_iku_but_cannot_change_them(host_client, opd_a, data_a):
    kepala = _masuk(host_client, opd_a, "kepala")
    assert kepala.get(reverse("opd_iku:index")).status_code == 200
    assert kepala.get(reverse("opd_iku:inspect", args=[data_a["iku"].pk])).status_code == 200
    assert kepala.get(reverse("opd_iku:add")).status_code in (302, 403)
    assert kepala.get(reverse("opd_iku:edit", args=[data_a["iku"].pk])).status_code in (302, 403)


# --- tenant guards ---------------------------------------------------------------------------


@pytest.fixture
def superuser_publik(public_client):
    with schema_context("public"):
        get_user_model().objects.create_superuser("bappeda_su", "su@example.com", PASSWORD)
    response = public_client.post("/admin/login/", {"username": "bappeda_su", "password": PASSWORD})
    assert response.status_code == 302
    return public_client


def test_every_url_is_404_on_the_public_domain_even_for_a_superuser(superuser_publik, data_a):
    assert superuser_publik.get("/admin/").status_code == 200
    for url in _semua_url(_ids(data_a)):
        assert superuser_publik.get(url).status_code == 404, url
    for url in (reverse("opd_iku:add"), reverse("opd_pk:add"), reverse("opd_iku:excel")):
        assert superuser_publik.post(url, {"tahun": "2031"}).status_code == 404, url


def test_menu_hidden_and_group_editor_works_on_public_domain(superuser_publik):
    html = superuser_publik.get("/admin/").content.decode()
    assert "Kinerja OPD" not in html
    assert "kinerja-opd" not in html
    groups = superuser_publik.get(reverse("wagtailusers_groups:add"))
    assert groups.status_code == 200
    html = groups.content.decode()
    assert "Dapat menandatangani Perjanjian Kinerja" not in html


def test_iku_of_opd_a_is_invisible_on_opd_b(host_client, opd_b, data_a, login, opd_a):
    from kinerja.opd.models import Iku

    client_b = login(host_client(opd_b.domain), "admin")
    iku_id, pk_id = data_a["iku"].pk, data_a["pk"].pk
    with schema_context(opd_b.schema):
        assert not Iku.objects.filter(pk=iku_id).exists()
    for url in (
        reverse("opd_iku:edit", args=[iku_id]),
        reverse("opd_iku:inspect", args=[iku_id]),
        reverse("opd_iku:delete", args=[iku_id]),
        reverse("opd_pk:inspect", args=[pk_id]),
        reverse("opd_pk:tandatangani", args=[pk_id]),
    ):
        assert client_b.get(url).status_code == 404, url
    post = client_b.post(reverse("opd_iku:edit", args=[iku_id]), _iku_post(data_a["sasaran"], []))
    assert post.status_code == 404
    assert "IKU-A1" not in client_b.get(reverse("opd_iku:index")).content.decode()
    with schema_context(opd_a.schema):
        assert Iku.objects.get(pk=iku_id).nama == "Indikator IKU-A1"
