"""The OPD registry (public schema only): one row per Perangkat Daerah, one schema each."""

from __future__ import annotations

from django.db import connection, models
from django_tenants.clone import CloneSchema
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.utils import schema_exists

from tenants.clone import clonable, clone_schema


class JenisOpd(models.TextChoices):
    PROVINSI = "provinsi", "Pemerintah Provinsi (skema publik)"
    SEKRETARIAT = "sekretariat", "Sekretariat"
    DINAS = "dinas", "Dinas"
    BADAN = "badan", "Badan"
    INSPEKTORAT = "inspektorat", "Inspektorat"
    BIRO = "biro", "Biro"
    SATUAN = "satuan", "Satuan"
    RUMAH_SAKIT = "rumah_sakit", "Rumah Sakit Daerah"
    LAINNYA = "lainnya", "Lainnya"


class Opd(TenantMixin):
    """A Perangkat Daerah and its PostgreSQL schema.

    The row whose schema is ``public`` stands for the province itself (Bappeda's oversight
    schema); every other row is an OPD workspace created by ``opd_provision``.
    """

    kode = models.CharField("kode", max_length=40, unique=True)
    nama = models.CharField("nama", max_length=200)
    singkatan = models.CharField("singkatan", max_length=40)
    jenis = models.CharField("jenis", max_length=20, choices=JenisOpd.choices)
    aktif = models.BooleanField("aktif", default=True)
    dibuat = models.DateTimeField("dibuat", auto_now_add=True)

    # Never drop a schema as a side effect of deleting a row: delete_opd backs it up first.
    auto_drop_schema = False
    # Saving a new row creates its schema (cloned from the base, see create_schema below);
    # only tenants.services.opd_provision saves new rows.
    auto_create_schema = True

    class Meta:
        verbose_name = "Perangkat Daerah"
        verbose_name_plural = "Perangkat Daerah"
        ordering = ["kode"]

    def __str__(self) -> str:
        return f"{self.singkatan} — {self.nama}"

    @property
    def is_public(self) -> bool:
        return self.schema_name == "public"

    def create_schema(
        self, check_if_exists: bool = False, sync_schema: bool = True, verbosity: int = 1
    ) -> bool:
        """Clone the base schema with tenants.clone (flat cost as OPDs are added) and without
        django-tenants' follow-up ``migrate --fake``: the clone copies ``django_migrations``
        with the data, so that pass only re-reads ~220 migration files (~0.4 s per OPD).
        Falls back to django-tenants for anything else."""
        base = self.get_base_schema()
        if not sync_schema or not base or not schema_exists(base):
            return super().create_schema(check_if_exists, sync_schema, verbosity)
        if check_if_exists and schema_exists(self.schema_name):
            return False
        if clonable(base):
            clone_schema(base, self.schema_name)
        else:
            CloneSchema().clone_schema(base, self.schema_name, self.clone_mode)
        connection.set_schema_to_public()
        return True


class Domain(DomainMixin):
    """A host name that serves one OPD (or, for the public row, the province portal)."""

    class Meta:
        verbose_name = "domain"
        verbose_name_plural = "domain"

    def __str__(self) -> str:
        return self.domain
