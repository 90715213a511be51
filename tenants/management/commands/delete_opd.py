from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.services import OpdError, opd_delete


class Command(BaseCommand):
    help = "Menghapus Perangkat Daerah dan skemanya (setelah pg_dump ke var/backups/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schema", required=True)
        parser.add_argument("--yes", action="store_true", help="konfirmasi penghapusan")
        parser.add_argument("--backup-dir", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError(
                f"Penghapusan skema '{options['schema']}' tidak dapat dibatalkan; "
                "ulangi dengan --yes untuk mengonfirmasi."
            )
        backup_dir = Path(options["backup_dir"]) if options["backup_dir"] else None
        try:
            backup = opd_delete(options["schema"], backup_dir=backup_dir)
        except OpdError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Skema '{options['schema']}' dihapus. Cadangan: {backup}")
        )
