from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinerja.demo.services import demo_is_seeded, demo_seed


class Command(BaseCommand):
    help = "Memuat data demo Provinsi Kalimantan Utara (idempoten)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--skip-if-seeded", action="store_true", help="Lewati bila data demo sudah lengkap."
        )
        parser.add_argument(
            "--force", action="store_true", help="Izinkan di pengaturan production."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.SETTINGS_MODULE.endswith("production") and not options["force"]:
            raise CommandError("seed_demo menolak berjalan di production tanpa --force.")
        if options["skip_if_seeded"] and demo_is_seeded():
            self.stdout.write("Data demo sudah ada; dilewati.")
            return
        self.stdout.write("Memuat data demo Provinsi Kalimantan Utara…")
        result = demo_seed(log=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Selesai: {result['opd_created']} Perangkat Daerah baru, "
                f"{result['opd_total']} seluruhnya."
            )
        )
