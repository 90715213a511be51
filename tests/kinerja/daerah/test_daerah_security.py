"""Security boundary: province data is served on the public domain only.

The public tables are visible from every OPD schema through the search path and wagtail_hooks
run on every domain, so each of our admin URLs must answer 404 on an OPD domain, even to that
OPD's administrator or superuser, must change nothing when posted to, and our menu and
permissions must not appear there.
"""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import get_resolver, reverse
from django_tenants.utils import schema_context
from wagtail.admin.viewsets import viewsets

from kinerja.daerah import services
from kinerja.daerah.guards import PublicSchemaViewSetMixin
from kinerja.daerah.models import (
    IndikatorDaerah,
    JadwalPelaporan,
    MisiRpjmd,
    PeriodeRpjmd,
    SasaranRpjmd,
    SkalaKualitatif,
    SkemaPredikat,
    TargetDaerah,
    TujuanRpjmd,
)
from tests.conftest import PASSWORD
from tests.kinerja.daerah.daerah_helpers import Rpjmd

pytestmark = pytest.mark.django_db

MODELS = (
    PeriodeRpjmd,
    MisiRpjmd,
    TujuanRpjmd,
    SasaranRpjmd,
    IndikatorDaerah,
    TargetDaerah,
    SkalaKualitatif,
    SkemaPredikat,
    JadwalPelaporan,
)


def _daerah_viewsets() -> list:
    get_resolver("config.urls_tenant").url_patterns  # noqa: B018 - populates the registry
    found = [
        vs
        for vs in viewsets.viewsets
        if (getattr(vs, "name", None) or "").startswith("daerah_")
        or (
            getattr(getattr(vs, "model", None), "_meta", None)
            and vs.model._meta.app_label == "daerah"
        )
    ]
    for vs in found:  # a viewset without the guard would serve province data on OPD domains
        assert isinstance(vs, PublicSchemaViewSetMixin), vs
    return found


@pytest.fixture
def data(rpjmd: Rpjmd) -> dict[type, int]:
    ind = rpjmd.simpan(targets={2022: 5})
    skema = services.skema_predikat_default_ensure()
    wita = ZoneInfo("Asia/Makassar")
    jadwal = JadwalPelaporan.objects.create(
        tahun=2025,
        triwulan=1,
        tanggal_buka=datetime(2025, 4, 1, tzinfo=wita),
        batas_waktu=datetime(2025, 4, 15, tzinfo=wita),
        tanggal_kunci=datetime(2025, 4, 30, tzinfo=wita),
    )
    return {
        PeriodeRpjmd: rpjmd.periode.pk,
        MisiRpjmd: rpjmd.misi.pk,
        TujuanRpjmd: rpjmd.tujuan.pk,
        SasaranRpjmd: rpjmd.sasaran.pk,
        IndikatorDaerah: ind.pk,
        SkalaKualitatif: rpjmd.skala.pk,
        SkemaPredikat: skema.pk,
        JadwalPelaporan: jadwal.pk,
    }


def _urls(data: dict[type, int]) -> list[str]:
    urls = []
    for vs in _daerah_viewsets():
        for pattern in vs.get_urlpatterns():
            kwargs = {}
            if "pk" in pattern.pattern.converters:
                kwargs["pk"] = data[vs.model]
            urls.append(reverse(f"{vs.url_namespace}:{pattern.name}", kwargs=kwargs))
    return urls


def _snapshot() -> dict[str, list]:
    return {m.__name__: sorted(map(str, m.objects.values_list())) for m in MODELS}


def _superuser_publik() -> str:
    connection.set_schema_to_public()  # a previous OPD request leaves its schema set
    get_user_model().objects.create_superuser("super_publik", password=PASSWORD)
    return "super_publik"


def _login(client, username: str) -> None:
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, f"login of {username} failed"


@pytest.fixture
def opd_superuser(opd_a) -> str:
    with schema_context(opd_a.schema):
        get_user_model().objects.create_superuser("super_opd", password=PASSWORD)
    return "super_opd"


def test_every_daerah_view_is_enumerated(data):
    urls = _urls(data)
    names = {vs.name for vs in _daerah_viewsets()}
    assert names >= {
        "daerah_periode",
        "daerah_misi",
        "daerah_tujuan",
        "daerah_sasaran",
        "daerah_indikator",
        "daerah_skala",
        "daerah_predikat",
        "daerah_jadwal",
        "daerah_capaian_ikd",
        "daerah_ikd_excel",
    }
    assert len(urls) >= 70
    assert all(url.startswith("/admin/daerah/") for url in urls)


def test_daerah_urls_work_on_the_public_domain(public_client, data):
    """Control: the same URLs are real pages for a public superuser (so 404 below means the
    guard, not a broken URL)."""
    _login(public_client, _superuser_publik())
    for url in _urls(data):
        status = public_client.get(url).status_code
        assert status in (200, 302), (url, status)


@pytest.mark.parametrize("username", ["admin", "super_opd"])
def test_daerah_urls_are_404_on_an_opd_domain(host_client, opd_a, data, opd_superuser, username):
    client = host_client(opd_a.domain)
    _login(client, username)
    before = _snapshot()
    for url in _urls(data):
        assert client.get(url).status_code in (403, 404), url
        assert client.post(url, {"nama": "diretas", "kode": "X"}).status_code in (403, 404), url
    assert _snapshot() == before


def test_opd_admin_sees_no_daerah_menu(host_client, opd_a, opd_superuser, public_client, data):
    client = host_client(opd_a.domain)
    _login(client, opd_superuser)
    teks = html.unescape(client.get("/admin/").content.decode())
    assert "Perencanaan Daerah" not in teks
    assert "/admin/daerah/" not in teks
    _login(public_client, _superuser_publik())
    teks = html.unescape(public_client.get("/admin/").content.decode())
    assert "Perencanaan Daerah" in teks and "/admin/daerah/" in teks


def test_opd_group_editor_offers_no_daerah_permissions(host_client, opd_a, opd_superuser, db):
    client = host_client(opd_a.domain)
    _login(client, opd_superuser)
    teks = html.unescape(client.get("/admin/groups/new/").content.decode()).lower()
    assert "indikator daerah" not in teks
    assert "skema predikat" not in teks


def test_public_group_editor_offers_daerah_permissions(public_client, db):
    _login(public_client, _superuser_publik())
    teks = html.unescape(public_client.get("/admin/groups/new/").content.decode()).lower()
    assert "indikator daerah" in teks
