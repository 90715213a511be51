"""Loads the demo province. Idempotent: a second run changes nothing that exists."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django_tenants.utils import schema_context

from kinerja.demo.data import (
    BAPPEDA_USERS,
    OPD_USERS,
    OPDS,
    DemoOpd,
    demo_password,
    opd_domain,
)
from tenants import roles
from tenants.models import Opd
from tenants.services import base_schema_ensure, opd_provision, public_setup


def _users_ensure(schema: str, users: tuple[tuple[str, str], ...], groups: dict) -> None:
    user_model = get_user_model()
    for username, role in users:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={"first_name": role, "email": f"{username.replace('.', '-')}@{schema}.demo"},
        )
        if created or not user.has_usable_password():
            user.set_password(demo_password(schema, username))
            if role == roles.ADMIN_BAPPEDA:
                # Bappeda's administrator runs the whole province portal and registry.
                user.is_superuser = True
                user.is_staff = True
            user.save()
        user.groups.add(groups[role])


def demo_seed(
    *, log: Callable[[str], None] = print, opds: tuple[DemoOpd, ...] = OPDS
) -> dict[str, int]:
    """Public tenant + portal, Bappeda users, and every Kaltara OPD with its demo users."""
    public_setup(settings.PUBLIC_DOMAIN, extra_domains=("127.0.0.1",))
    base_schema_ensure()
    _users_ensure("public", BAPPEDA_USERS, roles.bappeda_groups_ensure())
    existing = set(Opd.objects.values_list("schema_name", flat=True))
    created = 0
    for opd in opds:
        if opd.schema not in existing:
            result = opd_provision(
                schema=opd.schema,
                nama=opd.nama,
                singkatan=opd.singkatan,
                domain=opd_domain(opd.schema, settings.OPD_DOMAIN_SUFFIX),
                kode=opd.kode,
                jenis=opd.jenis,
                admin_username="admin",
                admin_password=demo_password(opd.schema, "admin"),
            )
            created += 1
            log(f"  + {opd.schema:<15} {opd.nama} ({result.seconds:.1f} s)")
        with schema_context(opd.schema):
            _users_ensure(opd.schema, OPD_USERS, roles.opd_groups_ensure())
    connection.set_schema_to_public()
    return {"opd_created": created, "opd_total": len(opds)}


def demo_is_seeded() -> bool:
    connection.set_schema_to_public()
    schemas = set(Opd.objects.values_list("schema_name", flat=True))
    return all(opd.schema in schemas for opd in OPDS)
