from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.models import JenisOpd
from tenants.services import OpdError, opd_provision


class Command(BaseCommand):
    help = "Membuat Perangkat Daerah baru (skema dikloning dari skema dasar)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schema", required=True, help="nama skema, mis. dinkes")
        parser.add_argument("--nama", required=True, help='mis. "Dinas Kesehatan"')
        parser.add_argument("--singkatan", required=True, help="mis. DINKES")
        parser.add_argument("--domain", required=True, help="mis. dinkes.localhost")
        parser.add_argument("--kode", default=None, help="kode OPD (bawaan: nama skema)")
        parser.add_argument(
            "--jenis",
            default=JenisOpd.DINAS,
            choices=[v for v in JenisOpd.values if v != JenisOpd.PROVINSI],
        )
        parser.add_argument("--admin-username", default="admin")
        parser.add_argument("--admin-email", default="")
        parser.add_argument(
            "--admin-password",
            default=None,
            help="kata sandi admin pertama (bila kosong ditanyakan; --no-input: tanpa sandi)",
        )
        parser.add_argument("--no-input", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["admin_password"]
        if password is None and not options["no_input"]:
            password = getpass.getpass(f"Kata sandi untuk {options['admin_username']}: ") or None
        try:
            result = opd_provision(
                schema=options["schema"],
                nama=options["nama"],
                singkatan=options["singkatan"],
                domain=options["domain"],
                kode=options["kode"],
                jenis=options["jenis"],
                admin_username=options["admin_username"],
                admin_password=password,
                admin_email=options["admin_email"],
            )
        except OpdError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Perangkat Daerah '{result.opd.nama}' dibuat di skema {result.opd.schema_name} "
                f"({result.seconds:.2f} s). Admin: {result.admin_username} di "
                f"http://{result.domain}/admin/"
            )
        )
