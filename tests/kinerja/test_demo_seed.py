"""seed_demo is idempotent and gives every demo OPD its site and three working logins."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_tenants.utils import schema_context
from wagtail.models import Site

from kinerja.demo.data import OPD_USERS, OPDS, demo_password
from kinerja.demo.services import demo_seed
from tenants.models import Opd

pytestmark = pytest.mark.django_db

TWO = tuple(opd for opd in OPDS if opd.schema in ("dinkes", "disdikbud"))


def test_demo_data_is_real_kaltara_and_about_thirty():
    names = {opd.nama for opd in OPDS}
    assert 28 <= len(OPDS) <= 40
    assert "Dinas Kesehatan" in names
    assert "Badan Pengelola Perbatasan Daerah" in names
    assert len({opd.schema for opd in OPDS}) == len(OPDS)
    assert len({opd.kode for opd in OPDS}) == len(OPDS)


def test_seed_is_idempotent_and_logins_work(host_client):
    first = demo_seed(log=lambda _: None, opds=TWO)
    assert first == {"opd_created": 2, "opd_total": 2}
    second = demo_seed(log=lambda _: None, opds=TWO)
    assert second == {"opd_created": 0, "opd_total": 2}
    assert Opd.objects.filter(schema_name__in=["dinkes", "disdikbud"]).count() == 2
    with schema_context("dinkes"):
        assert Site.objects.get().hostname == "dinkes.localhost"
        users = get_user_model().objects.filter(username__in=[u for u, _ in OPD_USERS])
        assert users.count() == 3
    client = host_client("dinkes.localhost")
    ok = client.post(
        "/admin/login/",
        {"username": "operator", "password": demo_password("dinkes", "operator")},
    )
    assert ok.status_code == 302
    # The dinkes password of the same username is refused on disdikbud.
    refused = host_client("disdikbud.localhost").post(
        "/admin/login/",
        {"username": "operator", "password": demo_password("dinkes", "operator")},
    )
    assert refused.status_code == 200


def test_bappeda_admin_is_seeded_on_public(public_client):
    demo_seed(log=lambda _: None, opds=())
    ok = public_client.post(
        "/admin/login/",
        {"username": "bappeda.admin", "password": demo_password("public", "bappeda.admin")},
    )
    assert ok.status_code == 302
    assert public_client.get("/admin/").status_code == 200


def test_seed_demo_refuses_production_settings(settings):
    settings.SETTINGS_MODULE = "config.settings.production"
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")
