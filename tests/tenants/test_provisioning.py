"""Provisioning by clone: the result must be the same database structure as a migrated schema,
with its own Wagtail site, role groups and first admin."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django_tenants.utils import schema_context, schema_exists
from wagtail.models import Site

from kinerja.pages.models import OpdHomePage
from tenants import roles
from tenants.models import Domain, Opd
from tenants.services import OpdError, opd_provision

pytestmark = pytest.mark.django_db


def _structure(schema: str) -> dict[str, set]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = %s",
            [schema],
        )
        columns = set(cursor.fetchall())
        # Index names may differ (the clone names unique constraints itself); their
        # definitions must not.
        cursor.execute("SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = %s", [schema])
        indexes = {
            (table, re.sub(r"INDEX \S+ ON ", "INDEX ON ", definition.replace(f"{schema}.", "")))
            for table, definition in cursor.fetchall()
        }
        cursor.execute(
            """
            SELECT con.conname, tn.nspname
            FROM pg_constraint con
            JOIN pg_class t ON t.oid = con.confrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
            JOIN pg_class s ON s.oid = con.conrelid JOIN pg_namespace sn ON sn.oid = s.relnamespace
            WHERE con.contype = 'f' AND sn.nspname = %s
            """,
            [schema],
        )
        fks = set(cursor.fetchall())
    return {"columns": columns, "indexes": indexes, "fks": fks}


def test_clone_has_the_structure_of_the_migrated_base(opd_a):
    base = _structure(settings.TENANT_BASE_SCHEMA)
    clone = _structure(opd_a.schema)
    assert len({table for table, _, _ in base["columns"]}) > 40  # Wagtail + auth + pages
    assert clone["columns"] == base["columns"]
    assert clone["indexes"] == base["indexes"]
    # Every foreign key of the clone points inside the clone (or to public), never to the base.
    targets = {target for _, target in clone["fks"]}
    assert targets <= {opd_a.schema, "public"}
    assert len(clone["fks"]) == len(base["fks"])


def test_base_schema_has_no_domain_and_is_not_a_tenant():
    assert schema_exists(settings.TENANT_BASE_SCHEMA)
    assert not Opd.objects.filter(schema_name=settings.TENANT_BASE_SCHEMA).exists()
    assert not Domain.objects.filter(tenant__schema_name=settings.TENANT_BASE_SCHEMA).exists()


def test_clone_records_every_migration_of_the_base(opd_a):
    def applied(schema: str) -> set[tuple[str, str]]:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations')
            return set(cursor.fetchall())

    assert applied(opd_a.schema) == applied(settings.TENANT_BASE_SCHEMA)


def test_provision_creates_site_home_groups_and_admin():
    result = opd_provision(
        schema="dinas_baru",
        nama="Dinas Baru",
        singkatan="DB",
        domain="Dinas-Baru.localhost",
        admin_password="Sandi-Admin-2026",
    )
    assert result.domain == "dinas-baru.localhost"
    assert result.seconds < 30
    opd = Opd.objects.get(schema_name="dinas_baru")
    assert opd.kode == "DINAS_BARU"
    assert opd.domains.get().is_primary
    with schema_context("dinas_baru"):
        site = Site.objects.get()
        assert site.hostname == "dinas-baru.localhost"
        assert site.is_default_site
        home = site.root_page.specific
        assert isinstance(home, OpdHomePage)
        assert home.title == "Dinas Baru"
        assert home.live
        assert set(
            Group.objects.filter(name__in=roles.OPD_ROLES).values_list("name", flat=True)
        ) == set(roles.OPD_ROLES)
        admin = get_user_model().objects.get(username="admin")
        assert admin.check_password("Sandi-Admin-2026")
        assert admin.has_perm("wagtailadmin.access_admin")
        assert list(admin.groups.values_list("name", flat=True)) == [roles.ADMIN_OPD]


def test_provision_without_password_gives_unusable_password():
    opd_provision(schema="tanpa_sandi", nama="Tanpa Sandi", singkatan="TS", domain="ts.localhost")
    with schema_context("tanpa_sandi"):
        assert not get_user_model().objects.get(username="admin").has_usable_password()


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"schema": "Dinkes"}, "schema", "tidak valid"),
        ({"schema": "1dinas"}, "schema", "tidak valid"),
        ({"schema": "dinas-kesehatan"}, "schema", "tidak valid"),
        ({"schema": "a" * 41}, "schema", "tidak valid"),
        ({"schema": "public"}, "schema", "dicadangkan"),
        ({"schema": "opd_template"}, "schema", "dicadangkan"),
        ({"schema": "pg_catalog"}, "schema", "pg_"),
        ({"schema": "pg_anything"}, "schema", "pg_"),
        ({"schema": "information_schema"}, "schema", "dicadangkan"),
        ({"schema": "opd_a"}, "schema", "sudah dipakai"),
        ({"domain": "opd-a.localhost"}, "domain", "sudah dipakai"),
        ({"domain": "OPD-A.localhost"}, "domain", "sudah dipakai"),
        ({"domain": "bukan domain"}, "domain", "bukan nama host"),
        ({"domain": "-x.localhost"}, "domain", "bukan nama host"),
        ({"nama": "  "}, "nama", "wajib"),
        ({"singkatan": ""}, "singkatan", "wajib"),
        ({"jenis": "kementerian"}, "jenis", "tidak dikenal"),
        ({"jenis": "provinsi"}, "jenis", "tidak dikenal"),
    ],
)
def test_provision_refuses_bad_input_and_saves_nothing(kwargs, field, fragment):
    args = {"schema": "dinas_x", "nama": "Dinas X", "singkatan": "DX", "domain": "dx.localhost"}
    args.update(kwargs)
    before = Opd.objects.count(), Domain.objects.count()
    with pytest.raises(OpdError) as excinfo:
        opd_provision(**args)
    assert excinfo.value.field == field
    assert fragment in excinfo.value.message
    assert (Opd.objects.count(), Domain.objects.count()) == before
    assert not schema_exists("dinas_x")


def test_duplicate_kode_is_refused(opd_a):
    kode = Opd.objects.get(schema_name=opd_a.schema).kode
    with pytest.raises(OpdError, match="Kode"):
        opd_provision(schema="dinas_y", nama="Y", singkatan="Y", domain="y.localhost", kode=kode)
    assert not schema_exists("dinas_y")


def test_each_schema_has_its_own_role_groups(opd_a):
    with schema_context("public"):
        public_groups = set(Group.objects.values_list("name", flat=True))
    with schema_context(opd_a.schema):
        opd_groups = set(Group.objects.values_list("name", flat=True))
    assert set(roles.BAPPEDA_ROLES) <= public_groups
    assert not set(roles.OPD_ROLES) & public_groups
    assert set(roles.OPD_ROLES) <= opd_groups
    assert not set(roles.BAPPEDA_ROLES) & opd_groups


def test_content_type_ids_agree_between_public_and_opd_schemas(opd_a):
    """ContentType's cache is process-wide (django-tenants #69): ids must mean the same model
    in every schema, or Wagtail would load pages of the wrong type."""

    def ids(schema: str) -> dict[tuple[str, str], int]:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT app_label, model, id FROM "{schema}".django_content_type')
            return {(app, model): pk for app, model, pk in cursor.fetchall()}

    public, tenant = ids("public"), ids(opd_a.schema)
    common = public.keys() & tenant.keys()
    assert len(common) > 40
    assert {key: public[key] for key in common} == {key: tenant[key] for key in common}


def test_wagtail_default_groups_are_replaced_by_roles(opd_a):
    for schema in ("public", opd_a.schema):
        with schema_context(schema):
            assert not Group.objects.filter(name__in=roles.WAGTAIL_DEFAULT_GROUPS).exists()


def test_base_schema_takes_the_fast_clone_path_and_others_do_not():
    from tenants.clone import clonable

    assert clonable(settings.TENANT_BASE_SCHEMA)
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA uji_view; CREATE VIEW uji_view.v AS SELECT 1 AS x")
    assert not clonable("uji_view")


def test_identity_sequences_continue_after_the_copied_rows(opd_a):
    with schema_context(opd_a.schema):
        base_max = Group.objects.order_by("-id").values_list("id", flat=True).first()
        new = Group.objects.create(name="Grup Baru Uji")
        assert new.id > base_max


def test_operator_can_upload_documents_and_images(host_client, opd_a):
    from tests.conftest import PASSWORD

    client = host_client(opd_a.domain)
    client.post("/admin/login/", {"username": "operator", "password": PASSWORD})
    assert client.get("/admin/documents/").status_code == 200
    assert client.get("/admin/documents/multiple/add/").status_code == 200
    assert client.get("/admin/images/").status_code == 200
