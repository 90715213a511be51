"""Oversight models (public schema); see the app docstring.

Compliance assessment (:mod:`kinerja.pengawasan.kepatuhan`, rules in
:mod:`kinerja.engine.kepatuhan`):

- :class:`AmbangKepatuhan`: the one configuration row (thresholds and weights), edited by Admin
  Bappeda. No row = the defaults of the engine.
- :class:`NilaiKepatuhan`: one row per OPD × period (month or triwulan). The table IS the
  history: every earlier month and triwulan keeps its row. A row is recomputed (overwritten) by
  every run of :func:`~kinerja.pengawasan.kepatuhan.kepatuhan_hitung` (after each rollup and
  daily), because its inputs legitimately change after the deadline (a late report is verified,
  evidence is added, an item is returned). No separate append-only log: every input is itself
  kept with its history in the OPD's schema (first submission time, return counter, audit
  trail), so any earlier value can be reconstructed, and ``sementara`` marks rows whose
  deadline has not passed yet.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from kinerja.engine.kepatuhan import AMBANG_BAWAAN, LABEL_KATEGORI, Ambang, Kategori

_PERSEN = {"max_digits": 5, "decimal_places": 2}
_RENTANG = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class AmbangKepatuhan(models.Model):
    """Thresholds of the categories and weights of the three scores (a single row, pk 1)."""

    ID_TUNGGAL = 1

    batas_baik = models.DecimalField(
        "batas kategori baik (≥)",
        default=AMBANG_BAWAAN.batas_baik,
        validators=_RENTANG,
        **_PERSEN,
    )
    batas_cukup = models.DecimalField(
        "batas kategori cukup (≥)",
        default=AMBANG_BAWAAN.batas_cukup,
        validators=_RENTANG,
        **_PERSEN,
    )
    bobot_disiplin = models.DecimalField(
        "bobot disiplin", default=AMBANG_BAWAAN.bobot_disiplin, validators=_RENTANG, **_PERSEN
    )
    bobot_tanggung_jawab = models.DecimalField(
        "bobot tanggung jawab",
        default=AMBANG_BAWAAN.bobot_tanggung_jawab,
        validators=_RENTANG,
        **_PERSEN,
    )
    bobot_kepatuhan = models.DecimalField(
        "bobot kepatuhan", default=AMBANG_BAWAAN.bobot_kepatuhan, validators=_RENTANG, **_PERSEN
    )
    diubah_pada = models.DateTimeField("diubah pada", default=timezone.now)
    diubah_oleh = models.CharField("diubah oleh", max_length=200, blank=True)

    class Meta:
        verbose_name = "ambang kepatuhan"
        verbose_name_plural = "ambang kepatuhan"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="ambang_kepatuhan_tunggal"),
        ]

    def __str__(self) -> str:
        return f"Baik ≥ {self.batas_baik}, cukup ≥ {self.batas_cukup}"

    def as_engine(self) -> Ambang:
        return Ambang(
            batas_baik=self.batas_baik,
            batas_cukup=self.batas_cukup,
            bobot_disiplin=self.bobot_disiplin,
            bobot_tanggung_jawab=self.bobot_tanggung_jawab,
            bobot_kepatuhan=self.bobot_kepatuhan,
        )


class JenisPeriode(models.TextChoices):
    BULAN = "bulan", "Bulanan"
    TRIWULAN = "triwulan", "Triwulanan"


class KategoriKepatuhan(models.TextChoices):
    BAIK = Kategori.BAIK.value, LABEL_KATEGORI[Kategori.BAIK]
    CUKUP = Kategori.CUKUP.value, LABEL_KATEGORI[Kategori.CUKUP]
    BURUK = Kategori.BURUK.value, LABEL_KATEGORI[Kategori.BURUK]
    TIDAK_DINILAI = Kategori.TIDAK_DINILAI.value, LABEL_KATEGORI[Kategori.TIDAK_DINILAI]


class NilaiKepatuhan(models.Model):
    """The compliance scores of one OPD in one period: a month (``nomor`` 1–12 of calendar
    year ``tahun``: the windows whose deadline falls in it) or a triwulan (``nomor`` 1–4 of
    reporting year ``tahun``). Counts as in
    :class:`~kinerja.engine.kepatuhan.HitunganKepatuhan`; scores in percent (None: not
    assessable, see ``alasan``)."""

    opd = models.ForeignKey(
        "tenants.Opd",
        on_delete=models.CASCADE,
        related_name="nilai_kepatuhan",
        verbose_name="Perangkat Daerah",
    )
    jenis = models.CharField("jenis periode", max_length=8, choices=JenisPeriode.choices)
    tahun = models.PositiveSmallIntegerField("tahun")
    nomor = models.PositiveSmallIntegerField("bulan/triwulan")
    jendela = models.CharField("jendela pelaporan yang dinilai", max_length=200, blank=True)
    batas_waktu = models.DateTimeField("batas waktu (efektif, terakhir)", null=True, blank=True)
    sementara = models.BooleanField(
        "sementara", default=False, help_text="Batas waktu belum lewat; nilai masih dapat berubah."
    )

    iku_wajib = models.PositiveIntegerField("IKU wajib", default=0)
    diajukan = models.PositiveIntegerField("diajukan", default=0)
    tepat_waktu = models.PositiveIntegerField("diajukan tepat waktu", default=0)
    lengkap = models.PositiveIntegerField("realisasi + bukti dukung", default=0)
    diverifikasi = models.PositiveIntegerField("diverifikasi", default=0)
    tanpa_pengembalian = models.PositiveIntegerField("diverifikasi tanpa pengembalian", default=0)
    dikembalikan = models.PositiveIntegerField("pernah dikembalikan", default=0)

    disiplin = models.DecimalField("disiplin (%)", null=True, blank=True, **_PERSEN)
    tanggung_jawab = models.DecimalField("tanggung jawab (%)", null=True, blank=True, **_PERSEN)
    kepatuhan = models.DecimalField("kepatuhan (%)", null=True, blank=True, **_PERSEN)
    nilai_akhir = models.DecimalField("nilai akhir", null=True, blank=True, **_PERSEN)
    kategori = models.CharField("kategori", max_length=14, choices=KategoriKepatuhan.choices)
    alasan = models.TextField("keterangan", blank=True)
    dihitung_pada = models.DateTimeField("dihitung pada", default=timezone.now)

    class Meta:
        verbose_name = "nilai kepatuhan OPD"
        verbose_name_plural = "nilai kepatuhan OPD"
        ordering = ["opd", "jenis", "tahun", "nomor"]
        constraints = [
            models.UniqueConstraint(
                fields=["opd", "jenis", "tahun", "nomor"], name="nilai_kepatuhan_unik"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(jenis="bulan", nomor__gte=1, nomor__lte=12)
                    | models.Q(jenis="triwulan", nomor__gte=1, nomor__lte=4)
                ),
                name="nilai_kepatuhan_nomor_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["jenis", "tahun", "nomor"], name="nilai_kepatuhan_periode"),
        ]

    def __str__(self) -> str:
        return f"{self.opd_id} {self.jenis} {self.tahun}/{self.nomor}: {self.kategori}"
