"""Write side of the OPD registry: the public schema, the clone base, provisioning, deletion.

Provisioning clones ``settings.TENANT_BASE_SCHEMA`` (a fully migrated schema that has no domain
and is never served) instead of running ~220 migrations per OPD: ~1 s instead of ~8 s.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context, schema_exists

from kinerja.daerah.services import daerah_permissions_ensure, skema_predikat_default_ensure
from kinerja.opd.services import opd_permissions_ensure
from tenants import roles
from tenants.models import Domain, JenisOpd, Opd

SCHEMA_RE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
DOMAIN_RE = re.compile(r"^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$")
RESERVED_SCHEMAS = {"public", "information_schema", "opd_template", "default"}


class OpdError(Exception):
    """A refused registry operation; ``field`` names the offending input, ``message`` is
    Indonesian and meant for the person who typed it."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class ProvisionResult:
    opd: Opd
    domain: str
    admin_username: str
    seconds: float


def reserved_schema_names() -> set[str]:
    return RESERVED_SCHEMAS | {settings.PUBLIC_SCHEMA_NAME, settings.TENANT_BASE_SCHEMA}


def validate_schema_name(schema: str) -> None:
    """Refuse names that are malformed, reserved or already used (message says which)."""
    if schema.startswith("pg_"):
        raise OpdError(f"Nama skema '{schema}' dicadangkan PostgreSQL (awalan pg_).", "schema")
    if schema in reserved_schema_names():
        raise OpdError(f"Nama skema '{schema}' dicadangkan oleh sistem.", "schema")
    if not SCHEMA_RE.match(schema):
        raise OpdError(
            f"Nama skema '{schema}' tidak valid: gunakan 2–40 huruf kecil, angka atau garis bawah, "
            "diawali huruf (contoh: dinkes).",
            "schema",
        )
    if Opd.objects.filter(schema_name=schema).exists() or schema_exists(schema):
        raise OpdError(f"Skema '{schema}' sudah dipakai.", "schema")


def validate_domain(domain: str) -> str:
    """Normalise a host name (lower case, no port/scheme) and refuse malformed or used ones."""
    cleaned = domain.strip().lower()
    if "://" in cleaned:
        cleaned = urlparse(cleaned).hostname or ""
    if not DOMAIN_RE.match(cleaned):
        raise OpdError(f"Domain '{domain}' bukan nama host yang valid.", "domain")
    if Domain.objects.filter(domain=cleaned).exists():
        raise OpdError(f"Domain '{cleaned}' sudah dipakai oleh Perangkat Daerah lain.", "domain")
    return cleaned


def base_schema_ensure(verbosity: int = 0) -> bool:
    """Create (first time) or migrate the clone base schema; returns True when created.

    ``migrate_schemas`` only visits schemas with a tenant row, so the base — which has none on
    purpose — is migrated here; run after every deployment (``setup_platform`` does it).
    """
    base = settings.TENANT_BASE_SCHEMA
    created = not schema_exists(base)
    if created:
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{base}"')
    call_command(
        "migrate_schemas", schema_name=base, tenant=True, interactive=False, verbosity=verbosity
    )
    with schema_context(base):
        roles.opd_groups_ensure()
        opd_permissions_ensure()
    connection.set_schema_to_public()
    return created


def opd_roles_refresh_all() -> int:
    """Re-apply role groups and permissions in every OPD schema (after a deployment that
    changed them; new OPDs get them from the clone base). Returns the number of schemas."""
    from tenants.selectors import opd_list

    schemas = [opd.schema_name for opd in opd_list(aktif=None)]
    for schema in schemas:
        with schema_context(schema):
            roles.opd_groups_ensure()
            opd_permissions_ensure()
    connection.set_schema_to_public()
    return len(schemas)


def public_setup(domain: str | None = None, extra_domains: tuple[str, ...] = ()) -> Opd:
    """Ensure the public tenant (the province, Bappeda's schema), its domains, the portal home
    page and Bappeda's role groups. Idempotent."""
    from kinerja.pages.models import PortalHomePage

    domain = domain or settings.PUBLIC_DOMAIN
    connection.set_schema_to_public()
    with transaction.atomic():
        public, _ = Opd.objects.get_or_create(
            schema_name=settings.PUBLIC_SCHEMA_NAME,
            defaults={
                "kode": "PROVINSI",
                "nama": "Bappeda dan Litbang Provinsi Kalimantan Utara",
                "singkatan": "BAPPEDA",
                "jenis": JenisOpd.PROVINSI,
            },
        )
        for index, host in enumerate((domain, *extra_domains)):
            Domain.objects.get_or_create(
                domain=host, defaults={"tenant": public, "is_primary": index == 0}
            )
        _site_ensure(
            page_model=PortalHomePage,
            title="Kinerja Provinsi Kalimantan Utara",
            hostname=domain,
            site_name="Portal Kinerja Provinsi Kalimantan Utara",
        )
        from kinerja.pages.services import portal_pages_ensure

        portal_pages_ensure()
        roles.bappeda_groups_ensure()
        daerah_permissions_ensure()
        from kinerja.pengawasan.kepatuhan import pengawasan_permissions_ensure

        pengawasan_permissions_ensure()
        # The platform always has an active predikat scheme (Permendagri 86/2017 bands).
        skema_predikat_default_ensure()
    return public


def _site_ensure(*, page_model: type, title: str, hostname: str, site_name: str) -> None:
    """Make ``page_model`` the home of the only Site of the current schema (replacing Wagtail's
    default welcome page) — each schema has exactly one Site."""
    from wagtail.models import Page, Site

    root = Page.get_first_root_node()
    home = page_model.objects.first()
    if home is None:
        for child in root.get_children():
            if not isinstance(child.specific, page_model):
                child.delete()
        home = page_model(title=title, slug="beranda")
        root.add_child(instance=home)
        home.save_revision().publish()
    Site.objects.exclude(root_page=home).delete()
    Site.objects.update_or_create(
        root_page=home,
        defaults={
            "hostname": hostname,
            "port": 80,
            "is_default_site": True,
            "site_name": site_name,
        },
    )


def opd_provision(
    *,
    schema: str,
    nama: str,
    singkatan: str,
    domain: str,
    kode: str | None = None,
    jenis: str = JenisOpd.DINAS,
    admin_username: str = "admin",
    admin_password: str | None = None,
    admin_email: str = "",
    use_clone: bool = True,
) -> ProvisionResult:
    """Create an OPD: registry row, schema cloned from the base, domain, Wagtail site and home
    page, role groups and a first admin user. All or nothing: any failure leaves no trace.

    ``use_clone=False`` runs every migration instead of cloning (benchmarks, or a database
    whose base schema is being rebuilt); ``create_user`` with no password leaves the admin
    with an unusable one until an administrator sets it."""
    from django.contrib.auth import get_user_model

    from kinerja.pages.models import OpdHomePage

    started = timezone.now()
    schema = schema.strip()
    nama, singkatan = nama.strip(), singkatan.strip()
    if not nama:
        raise OpdError("Nama Perangkat Daerah wajib diisi.", "nama")
    if not singkatan:
        raise OpdError("Singkatan wajib diisi.", "singkatan")
    if jenis not in JenisOpd.values or jenis == JenisOpd.PROVINSI:
        allowed = ", ".join(v for v in JenisOpd.values if v != JenisOpd.PROVINSI)
        raise OpdError(f"Jenis '{jenis}' tidak dikenal; pilih salah satu: {allowed}.", "jenis")
    connection.set_schema_to_public()
    validate_schema_name(schema)
    host = validate_domain(domain)
    kode = (kode or schema.upper()).strip()
    if Opd.objects.filter(kode=kode).exists():
        raise OpdError(f"Kode '{kode}' sudah dipakai oleh Perangkat Daerah lain.", "kode")
    if not schema_exists(settings.TENANT_BASE_SCHEMA):
        base_schema_ensure()

    opd = Opd(schema_name=schema, kode=kode, nama=nama, singkatan=singkatan, jenis=jenis)
    if not use_clone:
        # Running ~220 migrations cannot happen inside one transaction (deferred FK triggers
        # block table rewrites), so this slow path creates the schema first and drops it again
        # if anything after it fails.
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{schema}"')
        call_command(
            "migrate_schemas", schema_name=schema, tenant=True, interactive=False, verbosity=0
        )
    try:
        with transaction.atomic():
            # Clones the base schema (django-tenants, TENANT_BASE_SCHEMA) unless it exists.
            opd.save(verbosity=0)
            Domain.objects.create(domain=host, tenant=opd, is_primary=True)
            with schema_context(schema):
                _site_ensure(
                    page_model=OpdHomePage,
                    title=nama,
                    hostname=host,
                    site_name=f"{singkatan} — {nama}",
                )
                # Groups and their permissions come with the clone; this only fetches them.
                groups = roles.opd_groups_ensure()
                if not use_clone:
                    opd_permissions_ensure()
                admin = get_user_model().objects.create_user(
                    username=admin_username,
                    email=admin_email,
                    password=admin_password,
                    first_name="Admin",
                    last_name=singkatan,
                )
                admin.groups.add(groups[roles.ADMIN_OPD])
    except Exception:
        if not use_clone:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        raise
    finally:
        connection.set_schema_to_public()
    seconds = (timezone.now() - started).total_seconds()
    return ProvisionResult(opd=opd, domain=host, admin_username=admin_username, seconds=seconds)


def opd_backup(opd: Opd, backup_dir: Path | None = None) -> Path:
    """pg_dump of one OPD schema (custom format, restorable with pg_restore)."""
    from config.embedded import pg_bin

    backup_dir = Path(backup_dir or settings.BACKUP_DIR)
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backup_dir / f"{opd.schema_name}-{stamp}.dump"
    db = settings.DATABASES["default"]
    command = [
        pg_bin("pg_dump"),
        "--format=custom",
        f"--schema={opd.schema_name}",
        f"--file={target}",
        "--host",
        str(db.get("HOST") or "127.0.0.1"),
        "--port",
        str(db.get("PORT") or 5432),
        "--username",
        str(db.get("USER") or "postgres"),
        str(db["NAME"]),
    ]
    env = {"PGPASSWORD": str(db.get("PASSWORD") or "")}
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        target.unlink(missing_ok=True)
        raise OpdError(f"Cadangan skema '{opd.schema_name}' gagal: {result.stderr.strip()}")
    return target


def opd_delete(schema: str, *, backup_dir: Path | None = None) -> Path:
    """Back up, then drop an OPD's schema and remove it from the registry. Refuses the public
    schema and the clone base. Returns the backup file."""
    connection.set_schema_to_public()
    if schema in reserved_schema_names() or schema.startswith("pg_"):
        raise OpdError(
            f"Skema '{schema}' dicadangkan oleh sistem dan tidak dapat dihapus.", "schema"
        )
    opd = Opd.objects.filter(schema_name=schema).first()
    if opd is None:
        raise OpdError(f"Perangkat Daerah dengan skema '{schema}' tidak ditemukan.", "schema")
    backup = opd_backup(opd, backup_dir)
    # Uploaded files go with their schema: public media and the private evidence files
    # (bukti dukung) are archived next to the dump, then removed.
    folders = {
        "media": Path(settings.MEDIA_ROOT) / schema,
        "private": Path(settings.KINERJA_PRIVATE_MEDIA_ROOT) / schema,
    }
    for suffix, folder in folders.items():
        if folder.is_dir():
            shutil.make_archive(str(backup.with_suffix("")) + f"-{suffix}", "gztar", folder)
    with transaction.atomic():
        opd.delete(force_drop=True)
    for folder in folders.values():
        if folder.is_dir():
            shutil.rmtree(folder)
    return backup
