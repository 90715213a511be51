from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django_tenants.utils import schema_context

from kinerja.pages.services import iku_pages_sync
from tenants.selectors import opd_list


class Command(BaseCommand):
    help = (
        "Menyelaraskan halaman IKU situs Perangkat Daerah dengan IKU-nya (membuat yang belum "
        "ada, memperbarui judul, menerbitkan/menurunkan). Perlu setelah penulisan IKU massal "
        "yang tidak memicu sinyal, mis. impor Excel."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schema", help="Hanya satu Perangkat Daerah (nama skema).")

    def handle(self, *args: Any, **options: Any) -> None:
        schemas = [o.schema_name for o in opd_list(aktif=None)]
        if options["schema"]:
            if options["schema"] not in schemas:
                raise CommandError(
                    f"Perangkat Daerah dengan skema '{options['schema']}' tidak ada."
                )
            schemas = [options["schema"]]
        total = 0
        for schema in schemas:
            with schema_context(schema), transaction.atomic():
                hasil = iku_pages_sync()
            total += hasil["halaman"]
            self.stdout.write(
                f"{schema}: {hasil['halaman']} halaman IKU diperiksa, "
                f"{hasil['dilepas']} diturunkan."
            )
        connection.set_schema_to_public()
        self.stdout.write(
            self.style.SUCCESS(f"Selesai: {total} halaman IKU di {len(schemas)} OPD.")
        )
