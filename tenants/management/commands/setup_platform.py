from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from tenants.services import base_schema_ensure, opd_roles_refresh_all, public_setup


class Command(BaseCommand):
    help = (
        "Menyiapkan skema publik (portal provinsi, domain, grup Bappeda) dan skema dasar "
        "kloning OPD. Jalankan setelah migrate_schemas pada setiap deployment."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--domain", default=settings.PUBLIC_DOMAIN)
        parser.add_argument("--alias", action="append", default=["127.0.0.1"])

    def handle(self, *args: Any, **options: Any) -> None:
        public_setup(options["domain"], extra_domains=tuple(options["alias"]))
        created = base_schema_ensure(verbosity=0)
        refreshed = opd_roles_refresh_all()
        state = "dibuat" if created else "dimigrasikan"
        self.stdout.write(
            self.style.SUCCESS(
                f"Skema publik siap; skema dasar {settings.TENANT_BASE_SCHEMA} {state}; "
                f"peran di {refreshed} skema OPD diperbarui."
            )
        )
