"""Fixtures of the daerah tests: a small RPJMD and logged-in Bappeda clients."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from kinerja.daerah import services
from tenants import roles
from tests.conftest import PASSWORD
from tests.kinerja.daerah.daerah_helpers import Rpjmd


@pytest.fixture
def rpjmd(db) -> Rpjmd:
    return Rpjmd()


@pytest.fixture
def izin_daerah(db) -> None:
    services.daerah_permissions_ensure()


@pytest.fixture
def admin_bappeda_client(public_client, izin_daerah):
    user = get_user_model().objects.create_user("admin_bappeda", password=PASSWORD)
    user.groups.add(Group.objects.get(name=roles.ADMIN_BAPPEDA))
    assert public_client.login(username="admin_bappeda", password=PASSWORD)
    return public_client


@pytest.fixture
def verifikator_client(public_client, izin_daerah):
    assert public_client.login(username="verifikator", password=PASSWORD)
    return public_client
