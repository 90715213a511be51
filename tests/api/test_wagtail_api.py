"""Wagtail API v2 at /api/v2/ on every domain: this domain's live, public pages only; no
document of a restricted collection; errors as the API's JSON."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django_tenants.utils import schema_context
from PIL import Image

from tests.api.conftest import galat_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def konten(opd_a):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        Page,
        PageViewRestriction,
        Site,
    )

    # The test MEDIA_ROOT as is: django-tenants' storage caches its root on first use, so a
    # MEDIA_ROOT changed here would send later tests' files astray. Files are removed below.
    Document, Gambar = get_document_model(), get_image_model()
    with schema_context(opd_a.schema):
        home = Site.objects.get(is_default_site=True).root_page
        live = home.add_child(instance=Page(title="Berita Terbit", slug="berita-terbit"))
        draf = home.add_child(instance=Page(title="Draf Rahasia", slug="draf-rahasia", live=False))
        privat = home.add_child(instance=Page(title="Halaman Privat", slug="halaman-privat"))
        PageViewRestriction.objects.create(page=privat, restriction_type="login")
        root = Collection.get_first_root_node()
        tertutup = root.add_child(name="Dokumen Internal")
        CollectionViewRestriction.objects.create(collection=tertutup, restriction_type="login")
        dalam = tertutup.add_child(name="Sub Internal")
        umum = Document.objects.create(
            title="Laporan Publik", file=ContentFile(b"%PDF-1.4", name="umum.pdf")
        )
        rahasia = Document.objects.create(
            title="Memo Internal",
            file=ContentFile(b"%PDF-1.4", name="memo.pdf"),
            collection=tertutup,
        )
        sub = Document.objects.create(
            title="Memo Sub", file=ContentFile(b"%PDF-1.4", name="sub.pdf"), collection=dalam
        )
        buf = io.BytesIO()
        Image.new("RGB", (8, 6), (10, 20, 30)).save(buf, "PNG")
        gambar = Gambar.objects.create(title="Foto Kantor", file=ImageFile(buf, name="foto.png"))
    yield dict(
        home=home,
        live=live,
        draf=draf,
        privat=privat,
        umum=umum,
        rahasia=rahasia,
        sub=sub,
        gambar=gambar,
    )
    with schema_context(opd_a.schema):
        for berkas in (umum, rahasia, sub, gambar):
            berkas.file.delete(save=False)


def test_pages_live_and_public_only(anon_a, konten):
    body = anon_a.get("/api/v2/pages/").json()
    judul = {p["title"] for p in body["items"]}
    assert "Berita Terbit" in judul
    assert "Draf Rahasia" not in judul and "Halaman Privat" not in judul
    galat_json(anon_a.get(f"/api/v2/pages/{konten['draf'].pk}/"), 404, "tidak_ditemukan")
    galat_json(anon_a.get(f"/api/v2/pages/{konten['privat'].pk}/"), 404, "tidak_ditemukan")


def test_home_page_api_fields(anon_a, konten):
    body = anon_a.get(f"/api/v2/pages/{konten['home'].pk}/").json()
    assert body["meta"]["type"] == "pages.OpdHomePage"
    assert {"profil", "visi", "misi"} <= set(body)


def test_documents_hide_restricted_collections(anon_a, konten):
    body = anon_a.get("/api/v2/documents/").json()
    judul = {d["title"] for d in body["items"]}
    assert judul == {"Laporan Publik"}
    galat_json(anon_a.get(f"/api/v2/documents/{konten['rahasia'].pk}/"), 404)
    galat_json(anon_a.get(f"/api/v2/documents/{konten['sub'].pk}/"), 404)
    detail = anon_a.get(f"/api/v2/documents/{konten['umum'].pk}/").json()
    assert detail["meta"]["download_url"].startswith("http://opd-a.localhost/documents/")


def test_images(anon_a, konten):
    body = anon_a.get("/api/v2/images/").json()
    assert [i["title"] for i in body["items"]] == ["Foto Kantor"]


def test_each_domain_serves_its_own_content(klien, publik, opd_b, konten):
    for client in (klien(opd_b.domain), publik):
        assert "Berita Terbit" not in client.get("/api/v2/pages/").content.decode()
        assert client.get("/api/v2/documents/").json()["items"] == []
    home = publik.get("/api/v2/pages/?type=pages.PortalHomePage&fields=intro").json()
    assert home["meta"]["total_count"] == 1 and "intro" in home["items"][0]


def test_bad_parameters_are_json(anon_a, konten):
    body = galat_json(anon_a.get("/api/v2/pages/?type=tidak.Ada"), 400, "validasi")
    assert "type" in body["pesan"]
    galat_json(anon_a.get("/api/v2/pages/?limit=x"), 400, "validasi")
    galat_json(anon_a.get("/api/v2/pages/?tidak_dikenal=1"), 400, "validasi")
