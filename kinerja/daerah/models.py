"""Province data (public schema only): the RPJMD cascade, IKD, qualitative scales, predikat bands
and the reporting schedule. OPD schemas may reference these rows; these rows never reference
OPD rows (the public schema names an OPD by its registry row only).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from kinerja.choices import AspekIkd, JenisIndikator, Polaritas, TipePerhitungan, Triwulan

NILAI = {"max_digits": 20, "decimal_places": 4, "null": True, "blank": True}


class PeriodeRpjmd(models.Model):
    """A five-year RPJMD (Kaltara: 2021–2026, Perda Nomor 5 Tahun 2021)."""

    nama = models.CharField("nama", max_length=120)
    tahun_awal = models.PositiveSmallIntegerField("tahun awal")
    tahun_akhir = models.PositiveSmallIntegerField("tahun akhir")
    visi = models.TextField("visi", blank=True)
    dasar_hukum = models.CharField("dasar hukum", max_length=250, blank=True)
    aktif = models.BooleanField("aktif", default=True)

    class Meta:
        verbose_name = "periode RPJMD"
        verbose_name_plural = "periode RPJMD"
        ordering = ["-tahun_awal"]
        constraints = [
            models.UniqueConstraint(fields=["tahun_awal", "tahun_akhir"], name="rpjmd_unik_tahun")
        ]

    def __str__(self) -> str:
        return self.nama

    def clean(self) -> None:
        if self.tahun_awal and self.tahun_akhir:
            if self.tahun_akhir < self.tahun_awal:
                raise ValidationError({"tahun_akhir": "Tahun akhir harus ≥ tahun awal."})
            if self.tahun_akhir - self.tahun_awal > 5:
                raise ValidationError(
                    {"tahun_akhir": "Periode RPJMD paling lama 6 tahun anggaran."}
                )

    @property
    def tahun_list(self) -> list[int]:
        return list(range(self.tahun_awal, self.tahun_akhir + 1))


class MisiRpjmd(models.Model):
    periode = models.ForeignKey(PeriodeRpjmd, on_delete=models.CASCADE, related_name="misi")
    nomor = models.PositiveSmallIntegerField("nomor")
    uraian = models.TextField("uraian")

    class Meta:
        verbose_name = "misi RPJMD"
        verbose_name_plural = "misi RPJMD"
        ordering = ["periode", "nomor"]
        constraints = [models.UniqueConstraint(fields=["periode", "nomor"], name="misi_unik_nomor")]

    def __str__(self) -> str:
        return f"Misi {self.nomor}: {self.uraian[:80]}"


class TujuanRpjmd(models.Model):
    misi = models.ForeignKey(MisiRpjmd, on_delete=models.CASCADE, related_name="tujuan")
    kode = models.CharField("kode", max_length=30)
    uraian = models.TextField("uraian")

    class Meta:
        verbose_name = "tujuan RPJMD"
        verbose_name_plural = "tujuan RPJMD"
        ordering = ["kode"]
        constraints = [models.UniqueConstraint(fields=["misi", "kode"], name="tujuan_unik_kode")]

    def __str__(self) -> str:
        return f"{self.kode} {self.uraian[:80]}"


class SasaranRpjmd(models.Model):
    """A strategic target of the RPJMD; OPD Renstra sasaran align to exactly one of these."""

    tujuan = models.ForeignKey(TujuanRpjmd, on_delete=models.CASCADE, related_name="sasaran")
    kode = models.CharField("kode", max_length=30)
    uraian = models.TextField("uraian")

    class Meta:
        verbose_name = "sasaran RPJMD"
        verbose_name_plural = "sasaran RPJMD"
        ordering = ["kode"]
        constraints = [models.UniqueConstraint(fields=["tujuan", "kode"], name="sasaran_unik_kode")]

    def __str__(self) -> str:
        return f"{self.kode} {self.uraian[:80]}"


class SkalaKualitatif(ClusterableModel):
    """An ordinal scale for qualitative targets (e.g. Opini BPK: WTP > WDP > TW > TMP)."""

    nama = models.CharField("nama", max_length=120, unique=True)

    class Meta:
        verbose_name = "skala kualitatif"
        verbose_name_plural = "skala kualitatif"

    def __str__(self) -> str:
        return self.nama

    def as_engine(self):  # type: ignore[no-untyped-def]
        from kinerja.engine import SkalaKualitatif as EngineSkala

        return EngineSkala(
            nama=self.nama,
            tingkat=tuple((t.label, t.skor) for t in self.tingkat.all().order_by("-skor")),
        )


class TingkatKualitatif(models.Model):
    skala = ParentalKey(SkalaKualitatif, on_delete=models.CASCADE, related_name="tingkat")
    label = models.CharField("label", max_length=60)
    skor = models.PositiveSmallIntegerField("skor", help_text="Semakin tinggi semakin baik.")

    class Meta:
        verbose_name = "tingkat"
        ordering = ["-skor"]
        constraints = [
            models.UniqueConstraint(fields=["skala", "label"], name="tingkat_unik_label"),
            models.UniqueConstraint(fields=["skala", "skor"], name="tingkat_unik_skor"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.skor})"


class IndikatorDaerah(ClusterableModel):
    """An indicator of an RPJMD tujuan or sasaran. Flagged ``is_ikd`` it is an Indikator
    Kinerja Daerah, grouped by aspect; its realisasi comes from Bappeda or a linked OPD IKU."""

    class SumberNilai(models.TextChoices):
        BAPPEDA = "bappeda", "Diisi Bappeda (mis. data BPS)"
        IKU = "iku", "Dari IKU Perangkat Daerah yang terhubung"

    periode = models.ForeignKey(PeriodeRpjmd, on_delete=models.CASCADE, related_name="indikator")
    tujuan = models.ForeignKey(
        TujuanRpjmd, on_delete=models.CASCADE, null=True, blank=True, related_name="indikator"
    )
    sasaran = models.ForeignKey(
        SasaranRpjmd, on_delete=models.CASCADE, null=True, blank=True, related_name="indikator"
    )
    kode = models.CharField("kode", max_length=30)
    nama = models.CharField("nama indikator", max_length=300)
    definisi = models.TextField("definisi operasional", blank=True)
    formula = models.TextField("formula / cara pengukuran", blank=True)
    satuan = models.CharField("satuan", max_length=40)
    jenis = models.CharField(
        "jenis", max_length=10, choices=JenisIndikator.choices, default=JenisIndikator.OUTCOME
    )
    polaritas = models.CharField(
        "polaritas", max_length=12, choices=Polaritas.choices, default=Polaritas.POSITIF
    )
    tipe_perhitungan = models.CharField(
        "tipe perhitungan",
        max_length=14,
        choices=TipePerhitungan.choices,
        default=TipePerhitungan.POSISI_AKHIR,
    )
    skala = models.ForeignKey(
        SkalaKualitatif,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="skala kualitatif",
    )
    is_ikd = models.BooleanField("Indikator Kinerja Daerah (IKD)", default=False)
    aspek = models.CharField("aspek IKD", max_length=30, choices=AspekIkd.choices, blank=True)
    bidang_urusan = models.CharField("bidang urusan", max_length=150, blank=True)
    sumber_data = models.CharField("sumber data", max_length=200, blank=True)
    sumber_nilai = models.CharField(
        "sumber realisasi", max_length=10, choices=SumberNilai.choices, default=SumberNilai.BAPPEDA
    )
    opd_penanggung_jawab = models.ForeignKey(
        "tenants.Opd",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name="Perangkat Daerah penanggung jawab",
        related_name="indikator_daerah",
    )
    kondisi_awal = models.DecimalField(
        "kondisi awal",
        max_digits=20,
        decimal_places=4,
        **{k: v for k, v in NILAI.items() if k not in ("max_digits", "decimal_places")},
    )
    kondisi_awal_kualitatif = models.CharField(
        "kondisi awal (kualitatif)", max_length=60, blank=True
    )
    target_akhir = models.DecimalField("target akhir periode", **NILAI)
    target_akhir_max = models.DecimalField("target akhir (batas atas)", **NILAI)
    target_akhir_kualitatif = models.CharField(
        "target akhir (kualitatif)", max_length=60, blank=True
    )

    class Meta:
        verbose_name = "indikator daerah"
        verbose_name_plural = "indikator daerah"
        ordering = ["periode", "kode"]
        constraints = [
            models.UniqueConstraint(fields=["periode", "kode"], name="indikator_daerah_unik_kode")
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"


class TargetDaerah(models.Model):
    """Yearly target of an IndikatorDaerah."""

    indikator = ParentalKey(IndikatorDaerah, on_delete=models.CASCADE, related_name="target")
    tahun = models.PositiveSmallIntegerField("tahun")
    nilai = models.DecimalField("target", **NILAI)
    nilai_max = models.DecimalField("target (batas atas)", **NILAI)
    nilai_kualitatif = models.CharField("target (kualitatif)", max_length=60, blank=True)

    class Meta:
        verbose_name = "target tahunan"
        verbose_name_plural = "target tahunan"
        ordering = ["indikator", "tahun"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "tahun"], name="target_daerah_unik_tahun")
        ]

    def __str__(self) -> str:
        return f"{self.indikator.kode} {self.tahun}"


class RealisasiDaerah(models.Model):
    """Yearly realisasi of an IndikatorDaerah: typed by Bappeda, or written by the rollup from
    the verified realisasi of the linked IKU."""

    class Sumber(models.TextChoices):
        BAPPEDA = "bappeda", "Bappeda"
        ROLLUP = "rollup", "Rollup IKU"

    indikator = ParentalKey(IndikatorDaerah, on_delete=models.CASCADE, related_name="realisasi")
    tahun = models.PositiveSmallIntegerField("tahun")
    nilai = models.DecimalField("realisasi", **NILAI)
    nilai_kualitatif = models.CharField("realisasi (kualitatif)", max_length=60, blank=True)
    sumber = models.CharField(
        "sumber", max_length=10, choices=Sumber.choices, default=Sumber.BAPPEDA
    )
    catatan = models.TextField("catatan", blank=True)
    diperbarui = models.DateTimeField("diperbarui", auto_now=True)

    class Meta:
        verbose_name = "realisasi tahunan"
        verbose_name_plural = "realisasi tahunan"
        ordering = ["indikator", "tahun"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "tahun"], name="realisasi_daerah_unik")
        ]

    def __str__(self) -> str:
        return f"{self.indikator.kode} {self.tahun}"


class SkemaPredikat(ClusterableModel):
    """The set of predikat bands; exactly one is active. Edited as a whole so that the set can
    be validated (no gaps, no overlaps, 0 to ∞) before anything is saved."""

    nama = models.CharField("nama", max_length=120)
    aktif = models.BooleanField("aktif", default=False)

    class Meta:
        verbose_name = "skema predikat"
        verbose_name_plural = "skema predikat"
        constraints = [
            models.UniqueConstraint(
                fields=["aktif"], condition=models.Q(aktif=True), name="satu_skema_predikat_aktif"
            )
        ]

    def __str__(self) -> str:
        return self.nama


class PredikatBand(models.Model):
    skema = ParentalKey(SkemaPredikat, on_delete=models.CASCADE, related_name="bands")
    kode = models.SlugField("kode", max_length=30)
    label = models.CharField("label", max_length=60)
    batas_bawah = models.DecimalField("batas bawah (≥)", max_digits=8, decimal_places=2)
    batas_atas = models.DecimalField(
        "batas atas (<)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Kosongkan untuk pita teratas (tanpa batas).",
    )
    warna = models.CharField("warna", max_length=7, default="#888888")

    class Meta:
        verbose_name = "pita predikat"
        verbose_name_plural = "pita predikat"
        ordering = ["skema", "-batas_bawah"]

    def __str__(self) -> str:
        atas = "∞" if self.batas_atas is None else self.batas_atas
        return f"{self.label} [{self.batas_bawah}, {atas})"

    def as_engine(self):  # type: ignore[no-untyped-def]
        from kinerja.engine import PredikatBand as EngineBand

        return EngineBand(
            batas_bawah=Decimal(self.batas_bawah),
            batas_atas=None if self.batas_atas is None else Decimal(self.batas_atas),
            kode=self.kode,
            label=self.label,
        )


class JadwalPelaporan(models.Model):
    """Reporting window of one tahun + triwulan (dates in WITA)."""

    tahun = models.PositiveSmallIntegerField("tahun")
    triwulan = models.PositiveSmallIntegerField("triwulan", choices=Triwulan.choices)
    tanggal_buka = models.DateTimeField("dibuka")
    batas_waktu = models.DateTimeField("batas waktu")
    tanggal_kunci = models.DateTimeField("dikunci")

    class Meta:
        verbose_name = "jadwal pelaporan"
        verbose_name_plural = "jadwal pelaporan"
        ordering = ["-tahun", "-triwulan"]
        constraints = [
            models.UniqueConstraint(fields=["tahun", "triwulan"], name="jadwal_unik_periode")
        ]
        # Workflow rights of Bappeda users; the realisasi rows themselves live in OPD schemas.
        permissions = [("verifikasi_realisasi", "Dapat memverifikasi realisasi IKU OPD")]

    def __str__(self) -> str:
        return f"{self.tahun} TW {self.triwulan}"

    def clean(self) -> None:
        if self.tanggal_buka and self.batas_waktu and self.tanggal_buka >= self.batas_waktu:
            raise ValidationError({"batas_waktu": "Batas waktu harus setelah tanggal dibuka."})
        if self.batas_waktu and self.tanggal_kunci and self.tanggal_kunci < self.batas_waktu:
            raise ValidationError(
                {"tanggal_kunci": "Tanggal kunci tidak boleh sebelum batas waktu."}
            )


class PerpanjanganJadwal(models.Model):
    """An extension of one reporting window for one OPD, granted by Bappeda with a reason. The
    latest grant for (jadwal, OPD) is the one in force; earlier ones stay as history."""

    jadwal = models.ForeignKey(
        JadwalPelaporan, on_delete=models.CASCADE, related_name="perpanjangan"
    )
    opd = models.ForeignKey(
        "tenants.Opd", on_delete=models.CASCADE, related_name="perpanjangan_jadwal"
    )
    batas_waktu = models.DateTimeField("batas waktu baru")
    tanggal_kunci = models.DateTimeField("tanggal kunci baru")
    alasan = models.TextField("alasan")
    diberikan_oleh = models.CharField("diberikan oleh", max_length=150)
    diberikan_pada = models.DateTimeField("diberikan pada", auto_now_add=True)

    class Meta:
        verbose_name = "perpanjangan jadwal"
        verbose_name_plural = "perpanjangan jadwal"
        ordering = ["-diberikan_pada", "-id"]

    def __str__(self) -> str:
        return f"{self.jadwal} — {self.opd.singkatan}"


class Pengingat(models.Model):
    """A reminder that was sent (H-7/H-3/H-1/terlambat to one OPD, or the daily digest to
    Bappeda). The unique constraints make "never twice for the same reminder" a database fact:
    a sender inserts the row first and sends only if the insert succeeded."""

    class Jenis(models.TextChoices):
        H7 = "h7", "H-7"
        H3 = "h3", "H-3"
        H1 = "h1", "H-1"
        TERLAMBAT = "terlambat", "Terlambat"
        DIGEST = "digest", "Ringkasan harian Bappeda"

    jenis = models.CharField("jenis", max_length=12, choices=Jenis.choices)
    jadwal = models.ForeignKey(
        JadwalPelaporan, on_delete=models.CASCADE, null=True, blank=True, related_name="pengingat"
    )
    opd = models.ForeignKey(
        "tenants.Opd", on_delete=models.CASCADE, null=True, blank=True, related_name="pengingat"
    )
    tanggal = models.DateField("tanggal (WITA)")
    dikirim_pada = models.DateTimeField("dikirim pada", auto_now_add=True)
    penerima = models.TextField("penerima", blank=True)
    judul = models.CharField("judul", max_length=200)
    isi = models.TextField("isi")

    class Meta:
        verbose_name = "pengingat"
        verbose_name_plural = "pengingat"
        ordering = ["-dikirim_pada", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["jadwal", "opd", "jenis"],
                condition=models.Q(opd__isnull=False),
                name="pengingat_sekali_per_opd",
            ),
            models.UniqueConstraint(
                fields=["jenis", "tanggal"],
                condition=models.Q(opd__isnull=True),
                name="pengingat_digest_sekali_per_hari",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.tanggal}"
