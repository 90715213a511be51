from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinerja.daerah.pengingat import pengingat_kirim
from kinerja.engine.jadwal import format_tanggal


class Command(BaseCommand):
    help = (
        "Mengirim pengingat pelaporan realisasi (H-7/H-3/H-1, terlambat) dan ringkasan harian "
        "Bappeda yang jatuh tempo dan belum pernah dikirim (sama dengan tugas Celery per jam)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Hanya tampilkan yang akan dikirim; tidak mencatat dan tidak mengirim apa pun.",
        )
        parser.add_argument(
            "--sekarang",
            help="Waktu acuan ISO 8601, mis. 2026-10-08T09:00+08:00 (bawaan: sekarang).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sekarang = None
        if options["sekarang"]:
            try:
                sekarang = datetime.fromisoformat(options["sekarang"])
            except ValueError:
                raise CommandError(
                    "Format --sekarang tidak dikenali; contoh: 2026-10-08T09:00+08:00."
                ) from None
            if sekarang.tzinfo is None:
                raise CommandError("--sekarang harus menyertakan zona waktu, mis. +08:00 (WITA).")
        hasil = pengingat_kirim(sekarang, dry_run=options["dry_run"])
        judul = "Rencana pengingat" if options["dry_run"] else "Pengingat"
        self.stdout.write(f"{judul} per {format_tanggal(hasil.sekarang)}:")
        if not hasil.rencana:
            self.stdout.write("  Tidak ada pengingat yang jatuh tempo.")
        for r in hasil.rencana:
            self.stdout.write(f"  {r.uraian()} ({r.hasil or 'akan dikirim'})")
            if options["dry_run"] and r.judul and options["verbosity"] > 1:
                self.stdout.write(f"    Judul: {r.judul}")
                self.stdout.write("    " + r.isi.replace("\n", "\n    "))
        jumlah = ", ".join(f"{k}: {v}" for k, v in hasil.hitung().items())
        self.stdout.write(self.style.SUCCESS(f"Selesai ({jumlah})."))
