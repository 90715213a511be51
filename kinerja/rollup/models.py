"""Rollup tables (public schema only): what Bappeda's dashboards, the public pages and the API
read instead of looping over OPD schemas.

The public schema names OPD rows by plain values: the OPD by its registry row (``opd``), the
IKU by its id inside that OPD's schema (``iku_id``) plus its ``kode``. Nothing here has a
database reference into an OPD schema, so a dropped schema never breaks these tables.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from kinerja.choices import Polaritas, TipePerhitungan, Triwulan

# Wider than the OPD columns (20, 4): a yearly sum of four quarters, and a capaian such as
# R / T × 100 with a tiny T, must still fit.
NILAI = {"max_digits": 20, "decimal_places": 4, "null": True, "blank": True}
NILAI_AGREGAT = {"max_digits": 24, "decimal_places": 4, "null": True, "blank": True}
NILAI_CAPAIAN = {"max_digits": 30, "decimal_places": 4, "null": True, "blank": True}


class StatusSnapshot(models.TextChoices):
    """Workflow state of the realisasi, plus "belum diisi" when the OPD has no row yet."""

    BELUM_DIISI = "belum_diisi", "Belum diisi"
    DRAFT = "draft", "Draf"
    DIAJUKAN = "diajukan", "Diajukan"
    DISETUJUI = "disetujui", "Disetujui"
    DIVERIFIKASI = "diverifikasi", "Diverifikasi"


class SnapshotIku(models.Model):
    """One IKU of one OPD in one triwulan, as the last rollup saw it.

    ``realisasi`` is the value of that triwulan; ``realisasi_sd`` the yearly aggregate up to it
    (per tipe perhitungan) and ``capaian`` the capaian up to it against ``target`` (the target
    it was measured against, see ``acuan``): the same numbers the OPD's own screens show.
    ``sidik`` is a fingerprint of every input of the IKU-year; a run whose inputs are unchanged
    skips the computation and the write.
    """

    # No database constraint and no index of its own: a full rollup writes 100 000 rows and
    # a deferred foreign-key check per row costs more than computing them, and the unique
    # constraint below (opd first) already indexes it. The rollup only writes rows of OPDs it
    # has just read (under their lock), deleting an OPD still cascades (Django's collector),
    # and a full run removes rows of OPDs that no longer exist.
    opd = models.ForeignKey(
        "tenants.Opd",
        on_delete=models.CASCADE,
        related_name="snapshot_iku",
        verbose_name="OPD",
        db_constraint=False,
        db_index=False,
    )
    iku_id = models.BigIntegerField("ID IKU (skema OPD)")
    kode = models.CharField("kode IKU", max_length=30)
    nama = models.CharField("nama indikator", max_length=300)
    satuan = models.CharField("satuan", max_length=40)
    polaritas = models.CharField("polaritas", max_length=12, choices=Polaritas.choices)
    tipe_perhitungan = models.CharField(
        "tipe perhitungan", max_length=14, choices=TipePerhitungan.choices
    )
    aktif = models.BooleanField("IKU aktif", default=True)
    sasaran_id = models.BigIntegerField("ID sasaran strategis (skema OPD)", null=True)
    sasaran_rpjmd_id = models.BigIntegerField("ID sasaran RPJMD", null=True, blank=True)
    ikd_id = models.BigIntegerField("ID IKD yang didukung", null=True, blank=True, db_index=True)
    realisasi_id = models.BigIntegerField("ID realisasi (skema OPD)", null=True, blank=True)

    tahun = models.PositiveSmallIntegerField("tahun")
    triwulan = models.PositiveSmallIntegerField("triwulan", choices=Triwulan.choices)

    acuan = models.CharField("acuan target", max_length=60, blank=True)
    target = models.DecimalField("target (s.d. triwulan)", **NILAI_AGREGAT)
    target_max = models.DecimalField("target batas atas", **NILAI_AGREGAT)
    target_kualitatif = models.CharField("target (kualitatif)", max_length=60, blank=True)
    realisasi = models.DecimalField("realisasi triwulan", **NILAI)
    realisasi_sd = models.DecimalField("realisasi s.d. triwulan", **NILAI_AGREGAT)
    realisasi_kualitatif = models.CharField("realisasi (kualitatif)", max_length=60, blank=True)
    capaian = models.DecimalField("capaian (%)", **NILAI_CAPAIAN)
    formula = models.TextField("formula", blank=True)
    alasan = models.TextField("alasan tidak dapat dihitung", blank=True)
    kode_alasan = models.CharField("kode alasan", max_length=40, blank=True)
    predikat = models.CharField("predikat", max_length=60, blank=True)
    predikat_kode = models.CharField("kode predikat", max_length=30, blank=True)

    status = models.CharField(
        "status", max_length=16, choices=StatusSnapshot.choices, default=StatusSnapshot.BELUM_DIISI
    )
    revisi = models.PositiveSmallIntegerField("revisi", default=0)
    diajukan_pertama_pada = models.DateTimeField("pertama diajukan", null=True, blank=True)
    diajukan_pada = models.DateTimeField("diajukan pada", null=True, blank=True)
    disetujui_pada = models.DateTimeField("disetujui pada", null=True, blank=True)
    diverifikasi_pada = models.DateTimeField("diverifikasi pada", null=True, blank=True)
    terlambat = models.BooleanField("terlambat", default=False)
    jumlah_dikembalikan = models.PositiveSmallIntegerField("jumlah dikembalikan", default=0)
    jumlah_bukti = models.PositiveIntegerField("jumlah bukti dukung", default=0)

    sidik = models.BigIntegerField("sidik masukan", default=0)
    diperbarui = models.DateTimeField("diperbarui", default=timezone.now)

    class Meta:
        verbose_name = "snapshot IKU"
        verbose_name_plural = "snapshot IKU"
        ordering = ["opd", "tahun", "triwulan", "kode"]
        constraints = [
            models.UniqueConstraint(
                fields=["opd", "iku_id", "tahun", "triwulan"], name="snapshot_iku_unik"
            )
        ]
        indexes = [
            models.Index(fields=["tahun", "triwulan", "status"], name="snapshot_periode_status"),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.tahun} TW {self.triwulan}"

    @property
    def terisi(self) -> bool:
        return self.realisasi is not None or bool(self.realisasi_kualitatif.strip())


class RingkasanOpd(models.Model):
    """Per OPD and triwulan: counts over its snapshot rows, mean capaian, count per predikat
    (``{"tinggi": 3, ...}``, codes of the active scheme; IKU without capaian are not counted),
    completeness (share of IKU with a value) and verified share, both in percent."""

    opd = models.ForeignKey(
        "tenants.Opd", on_delete=models.CASCADE, related_name="ringkasan_rollup", verbose_name="OPD"
    )
    tahun = models.PositiveSmallIntegerField("tahun")
    triwulan = models.PositiveSmallIntegerField("triwulan", choices=Triwulan.choices)
    jumlah_iku = models.PositiveIntegerField("jumlah IKU", default=0)
    jumlah_terisi = models.PositiveIntegerField("terisi", default=0)
    jumlah_berbukti = models.PositiveIntegerField("terisi dengan bukti dukung", default=0)
    jumlah_diajukan = models.PositiveIntegerField("sudah diajukan", default=0)
    jumlah_diverifikasi = models.PositiveIntegerField("diverifikasi", default=0)
    jumlah_dikembalikan = models.PositiveIntegerField("pernah dikembalikan", default=0)
    jumlah_terlambat = models.PositiveIntegerField("terlambat", default=0)
    jumlah_capaian = models.PositiveIntegerField("capaian dapat dihitung", default=0)
    rata_rata_capaian = models.DecimalField("rata-rata capaian (%)", **NILAI_CAPAIAN)
    predikat = models.JSONField("jumlah per predikat", default=dict)
    kelengkapan_persen = models.DecimalField(
        "kelengkapan (%)", max_digits=6, decimal_places=2, default=0
    )
    terverifikasi_persen = models.DecimalField(
        "terverifikasi (%)", max_digits=6, decimal_places=2, default=0
    )
    diperbarui = models.DateTimeField("diperbarui", default=timezone.now)

    class Meta:
        verbose_name = "ringkasan OPD"
        verbose_name_plural = "ringkasan OPD"
        ordering = ["opd", "tahun", "triwulan"]
        constraints = [
            models.UniqueConstraint(fields=["opd", "tahun", "triwulan"], name="ringkasan_opd_unik")
        ]

    def __str__(self) -> str:
        return f"{self.opd_id} {self.tahun} TW {self.triwulan}"


class RollupRun(models.Model):
    """One rollup run, for the operations page: when, what, how it ended, what failed."""

    class Pemicu(models.TextChoices):
        BEAT = "beat", "Berkala (Celery beat)"
        NIGHTLY = "nightly", "Penuh malam hari"
        EVENT = "event", "Perubahan status realisasi"
        COMMAND = "command", "Perintah manage.py"

    class Status(models.TextChoices):
        BERJALAN = "berjalan", "Sedang berjalan"
        BERHASIL = "berhasil", "Berhasil"
        SEBAGIAN = "sebagian", "Sebagian gagal"
        GAGAL = "gagal", "Gagal"
        DILEWATI = "dilewati", "Dilewati"

    SEMUA = "semua"

    mulai = models.DateTimeField("mulai", default=timezone.now, db_index=True)
    selesai = models.DateTimeField("selesai", null=True, blank=True)
    durasi_ms = models.PositiveIntegerField("durasi (ms)", null=True, blank=True)
    cakupan = models.CharField("cakupan", max_length=63, default=SEMUA)
    tahun = models.PositiveSmallIntegerField("tahun", null=True, blank=True)
    pemicu = models.CharField("pemicu", max_length=10, choices=Pemicu.choices)
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.BERJALAN
    )
    opd_total = models.PositiveIntegerField("OPD dalam cakupan", default=0)
    opd_diproses = models.PositiveIntegerField("OPD diproses", default=0)
    baris_ditulis = models.PositiveIntegerField("baris ditulis", default=0)
    galat = models.JSONField("galat", default=list, blank=True)
    catatan = models.TextField("catatan", blank=True)

    class Meta:
        verbose_name = "riwayat rollup"
        verbose_name_plural = "riwayat rollup"
        ordering = ["-mulai", "-id"]

    def __str__(self) -> str:
        return f"Rollup {self.cakupan} {self.mulai:%Y-%m-%d %H:%M} ({self.status})"


class SidikOpd(models.Model):
    """Fingerprint of all rollup inputs of one OPD (its IKU, targets, realisasi, evidence, and
    the public settings the computation reads) at the last rollup of it, per scope: ``tahun``
    0 for all years. A run that finds the same fingerprint skips the OPD without reading its
    data; delete these rows together with any snapshots removed by hand (or run with
    ``--paksa``)."""

    opd = models.ForeignKey(
        "tenants.Opd", on_delete=models.CASCADE, related_name="sidik_rollup", verbose_name="OPD"
    )
    tahun = models.PositiveSmallIntegerField("tahun (0 = semua)", default=0)
    sidik = models.CharField("sidik", max_length=32)
    diperbarui = models.DateTimeField("diperbarui", default=timezone.now)

    class Meta:
        verbose_name = "sidik rollup OPD"
        verbose_name_plural = "sidik rollup OPD"
        constraints = [models.UniqueConstraint(fields=["opd", "tahun"], name="sidik_opd_unik")]

    def __str__(self) -> str:
        return f"{self.opd_id} {self.tahun or 'semua'}"
