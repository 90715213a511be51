from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from kinerja.engine import format_angka
from kinerja.rollup.models import RollupRun
from kinerja.rollup.services import rollup_jalankan


class Command(BaseCommand):
    help = (
        "Menjalankan rollup capaian IKU semua OPD aktif (atau satu OPD) ke skema publik secara "
        "langsung, dengan kode yang sama dengan tugas Celery."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--opd", metavar="SCHEMA", help="Hanya OPD dengan skema ini.")
        parser.add_argument("--tahun", type=int, metavar="YYYY", help="Hanya tahun ini.")
        parser.add_argument(
            "--paksa",
            action="store_true",
            help="Hitung dan tulis ulang semua baris walaupun masukannya tidak berubah.",
        )
        parser.add_argument(
            "--tunggu",
            type=float,
            default=0,
            metavar="DETIK",
            help="Tunggu selama ini bila rollup lain untuk cakupan yang sama sedang berjalan "
            "(bawaan: langsung dilewati).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tahun = options["tahun"]
        if tahun is not None and not 2000 <= tahun <= 2100:
            raise CommandError("--tahun harus tahun empat digit antara 2000 dan 2100.")
        if options["tunggu"] < 0:
            raise CommandError("--tunggu tidak boleh negatif.")
        bar = tqdm(
            total=0,
            unit="OPD",
            desc="Rollup capaian",
            file=self.stderr._out,
            disable=options["verbosity"] == 0,
        )

        def progress(selesai: int, total: int) -> None:
            bar.total = total
            bar.n = selesai
            bar.refresh()

        try:
            run = rollup_jalankan(
                schema=options["opd"],
                tahun=tahun,
                pemicu=RollupRun.Pemicu.COMMAND,
                progress=progress,
                tunggu=options["tunggu"],
                paksa=options["paksa"],
            )
        finally:
            bar.close()

        cakupan = "semua OPD aktif" if run.cakupan == RollupRun.SEMUA else f"OPD {run.cakupan}"
        if tahun is not None:
            cakupan += f", tahun {tahun}"
        self.stdout.write(f"Rollup capaian ({cakupan}): {run.get_status_display()}.")
        self.stdout.write(f"  OPD diproses : {run.opd_diproses} dari {run.opd_total}")
        self.stdout.write(f"  Baris ditulis: {format_angka(run.baris_ditulis, 0)}")
        durasi = format_angka(Decimal(run.durasi_ms or 0) / 1000, 2)
        self.stdout.write(f"  Durasi       : {durasi} detik")
        self.stdout.write(f"  Galat        : {len(run.galat)}")
        for g in run.galat:
            self.stdout.write(f"    - {g.get('schema') or '(umum)'}: {g.get('pesan')}")
        for baris in filter(None, run.catatan.splitlines()):
            self.stdout.write(f"  Catatan: {baris}")
        if run.status == RollupRun.Status.GAGAL:
            raise CommandError("Rollup gagal; lihat galat di atas.")
        if run.status == RollupRun.Status.SEBAGIAN:
            self.stdout.write(self.style.WARNING("Selesai dengan galat pada sebagian OPD."))
        elif run.status == RollupRun.Status.BERHASIL:
            self.stdout.write(self.style.SUCCESS("Selesai."))
