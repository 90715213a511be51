"""One OPD's performance plan (OPD schemas only): Renstra, tujuan, sasaran strategis, IKU with
yearly and quarterly targets, and the Perjanjian Kinerja (PK).

References to province rows (RPJMD sasaran, IKD) point into the public schema, which is on
every OPD connection's search path. They are declared without a database constraint and with
DO_NOTHING: a database-level FK from 30 schemas would make Django's delete collector look for
OPD tables inside the public schema when Bappeda edits the RPJMD. Selectors treat a dangling
reference as "not aligned".
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from kinerja.choices import JenisIndikator, Polaritas, TipePerhitungan, Triwulan

NILAI = {"max_digits": 20, "decimal_places": 4, "null": True, "blank": True}


def _public_ref(model: str, verbose_name: str, **kwargs: object) -> models.ForeignKey:
    return models.ForeignKey(
        model,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        verbose_name=verbose_name,
        related_name="+",
        **kwargs,  # type: ignore[arg-type]
    )


class Renstra(models.Model):
    """The OPD's five-year strategic plan, within one RPJMD period."""

    periode_rpjmd = _public_ref("daerah.PeriodeRpjmd", "periode RPJMD")
    nama = models.CharField("nama", max_length=150)
    tahun_awal = models.PositiveSmallIntegerField("tahun awal")
    tahun_akhir = models.PositiveSmallIntegerField("tahun akhir")
    visi = models.TextField("visi", blank=True)
    misi = models.TextField("misi", blank=True)

    class Meta:
        verbose_name = "Renstra"
        verbose_name_plural = "Renstra"
        ordering = ["-tahun_awal"]

    def __str__(self) -> str:
        return self.nama

    def clean(self) -> None:
        if self.tahun_awal and self.tahun_akhir and self.tahun_akhir < self.tahun_awal:
            raise ValidationError({"tahun_akhir": "Tahun akhir harus ≥ tahun awal."})

    @property
    def tahun_list(self) -> list[int]:
        return list(range(self.tahun_awal, self.tahun_akhir + 1))


class TujuanRenstra(models.Model):
    renstra = models.ForeignKey(Renstra, on_delete=models.CASCADE, related_name="tujuan")
    kode = models.CharField("kode", max_length=30)
    uraian = models.TextField("uraian")

    class Meta:
        verbose_name = "tujuan Renstra"
        verbose_name_plural = "tujuan Renstra"
        ordering = ["kode"]
        constraints = [
            models.UniqueConstraint(fields=["renstra", "kode"], name="tujuan_renstra_unik")
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.uraian[:80]}"


class SasaranStrategis(models.Model):
    """A sasaran of the Renstra, aligned to exactly one RPJMD sasaran (public schema)."""

    tujuan = models.ForeignKey(TujuanRenstra, on_delete=models.CASCADE, related_name="sasaran")
    kode = models.CharField("kode", max_length=30, unique=True)
    uraian = models.TextField("uraian")
    sasaran_rpjmd = _public_ref("daerah.SasaranRpjmd", "sasaran RPJMD yang didukung")

    class Meta:
        verbose_name = "sasaran strategis"
        verbose_name_plural = "sasaran strategis"
        ordering = ["kode"]

    def __str__(self) -> str:
        return f"{self.kode} {self.uraian[:80]}"


class Iku(ClusterableModel):
    """Indikator Kinerja Utama of this OPD (at least output level)."""

    sasaran = models.ForeignKey(
        SasaranStrategis, on_delete=models.PROTECT, related_name="iku", verbose_name="sasaran"
    )
    kode = models.CharField("kode", max_length=30, unique=True)
    nama = models.CharField("nama indikator", max_length=300)
    definisi = models.TextField("definisi operasional", blank=True)
    formula = models.TextField("formula / cara pengukuran", blank=True)
    satuan = models.CharField("satuan", max_length=40)
    jenis = models.CharField(
        "jenis", max_length=10, choices=JenisIndikator.choices, default=JenisIndikator.OUTPUT
    )
    polaritas = models.CharField(
        "polaritas", max_length=12, choices=Polaritas.choices, default=Polaritas.POSITIF
    )
    tipe_perhitungan = models.CharField(
        "tipe perhitungan",
        max_length=14,
        choices=TipePerhitungan.choices,
        default=TipePerhitungan.KUMULATIF,
    )
    skala = _public_ref("daerah.SkalaKualitatif", "skala kualitatif", null=True, blank=True)
    sumber_data = models.CharField("sumber data", max_length=200, blank=True)
    penanggung_jawab = models.CharField("penanggung jawab", max_length=200, blank=True)
    baseline = models.DecimalField("baseline (kondisi awal)", **NILAI)
    baseline_kualitatif = models.CharField("baseline (kualitatif)", max_length=60, blank=True)
    ikd = _public_ref("daerah.IndikatorDaerah", "IKD yang didukung", null=True, blank=True)
    aktif = models.BooleanField("aktif", default=True)

    class Meta:
        verbose_name = "IKU"
        verbose_name_plural = "IKU"
        ordering = ["kode"]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"


class TargetIku(models.Model):
    """Target of an IKU for a year (``triwulan`` empty) or for one quarter of it."""

    iku = ParentalKey(Iku, on_delete=models.CASCADE, related_name="target")
    tahun = models.PositiveSmallIntegerField("tahun")
    triwulan = models.PositiveSmallIntegerField(
        "triwulan",
        choices=Triwulan.choices,
        null=True,
        blank=True,
        help_text="Kosongkan untuk target tahunan.",
    )
    nilai = models.DecimalField("target", **NILAI)
    nilai_max = models.DecimalField("target (batas atas)", **NILAI)
    nilai_kualitatif = models.CharField("target (kualitatif)", max_length=60, blank=True)

    class Meta:
        verbose_name = "target IKU"
        verbose_name_plural = "target IKU"
        ordering = ["iku", "tahun", "triwulan"]
        constraints = [
            models.UniqueConstraint(
                fields=["iku", "tahun", "triwulan"],
                nulls_distinct=False,
                name="target_iku_unik_periode",
            )
        ]

    def __str__(self) -> str:
        tw = f" TW {self.triwulan}" if self.triwulan else ""
        return f"{self.iku.kode} {self.tahun}{tw}"


class PerjanjianKinerja(ClusterableModel):
    """The yearly signed commitment of IKU targets. Frozen once signed: a change (PK perubahan)
    is a new version; earlier versions stay readable."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        DITANDATANGANI = "ditandatangani", "Ditandatangani"
        DIGANTI = "diganti", "Diganti oleh PK perubahan"

    tahun = models.PositiveSmallIntegerField("tahun")
    versi = models.PositiveSmallIntegerField("versi", default=1)
    status = models.CharField("status", max_length=16, choices=Status.choices, default=Status.DRAFT)
    alasan_perubahan = models.TextField("alasan perubahan", blank=True)
    penandatangan = models.CharField("ditandatangani oleh", max_length=150, blank=True)
    jabatan_penandatangan = models.CharField("jabatan", max_length=150, blank=True)
    tanggal_tanda_tangan = models.DateField("tanggal tanda tangan", null=True, blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dibuat = models.DateTimeField("dibuat", auto_now_add=True)

    class Meta:
        verbose_name = "Perjanjian Kinerja"
        verbose_name_plural = "Perjanjian Kinerja"
        ordering = ["-tahun", "-versi"]
        constraints = [
            models.UniqueConstraint(fields=["tahun", "versi"], name="pk_unik_versi"),
            # Only one draft per year: a second draft would compete for the same signature.
            models.UniqueConstraint(
                fields=["tahun"], condition=models.Q(status="draft"), name="pk_satu_draf_per_tahun"
            ),
        ]
        permissions = [("tandatangani_pk", "Dapat menandatangani Perjanjian Kinerja")]

    def __str__(self) -> str:
        suffix = " (perubahan)" if self.versi > 1 else ""
        return f"PK {self.tahun} v{self.versi}{suffix}"

    @property
    def beku(self) -> bool:
        return self.status != self.Status.DRAFT


class PerjanjianKinerjaItem(models.Model):
    """One IKU target as committed in a PK version (a copy: later target edits don't touch it)."""

    pk_dokumen = ParentalKey(PerjanjianKinerja, on_delete=models.CASCADE, related_name="item")
    iku = models.ForeignKey(Iku, on_delete=models.PROTECT, related_name="+")
    target = models.DecimalField("target", **NILAI)
    target_max = models.DecimalField("target (batas atas)", **NILAI)
    target_kualitatif = models.CharField("target (kualitatif)", max_length=60, blank=True)
    satuan = models.CharField("satuan", max_length=40)

    class Meta:
        verbose_name = "butir PK"
        verbose_name_plural = "butir PK"
        ordering = ["iku__kode"]
        constraints = [
            models.UniqueConstraint(fields=["pk_dokumen", "iku"], name="pk_item_unik_iku")
        ]

    def __str__(self) -> str:
        return f"{self.pk_dokumen} — {self.iku.kode}"


# --- Realisasi and the reporting workflow ------------------------------------------------------


class StatusRealisasi(models.TextChoices):
    """Mirror of ``kinerja.engine.alur.Status`` (one source of truth: the engine)."""

    DRAFT = "draft", "Draf"
    DIAJUKAN = "diajukan", "Diajukan"
    DISETUJUI = "disetujui", "Disetujui"
    DIVERIFIKASI = "diverifikasi", "Diverifikasi"


class RealisasiIku(models.Model):
    """Realisasi of one IKU for one triwulan: the unit the workflow moves.

    ``versi`` is the optimistic lock: every save must present the version it started from, so a
    second editor's save is refused instead of silently overwriting. ``revisi`` counts reopenings
    by Bappeda; the frozen earlier revisions live in :class:`RevisiRealisasi`. People are stored
    by name because verifikator accounts live in the public schema, not in this one.
    """

    iku = models.ForeignKey(Iku, on_delete=models.PROTECT, related_name="realisasi")
    tahun = models.PositiveSmallIntegerField("tahun")
    triwulan = models.PositiveSmallIntegerField("triwulan", choices=Triwulan.choices)
    nilai = models.DecimalField("realisasi", **NILAI)
    nilai_kualitatif = models.CharField("realisasi (kualitatif)", max_length=60, blank=True)
    faktor_pendorong = models.TextField("faktor pendorong", blank=True)
    faktor_penghambat = models.TextField("faktor penghambat", blank=True)
    tindak_lanjut = models.TextField("tindak lanjut", blank=True)

    status = models.CharField(
        "status", max_length=16, choices=StatusRealisasi.choices, default=StatusRealisasi.DRAFT
    )
    revisi = models.PositiveSmallIntegerField("revisi", default=1)
    versi = models.PositiveIntegerField("versi", default=1)
    diubah_pada = models.DateTimeField("diubah pada", auto_now=True)
    diubah_oleh = models.CharField("diubah oleh", max_length=150, blank=True)

    diajukan_pertama_pada = models.DateTimeField("pertama diajukan", null=True, blank=True)
    diajukan_pada = models.DateTimeField("diajukan pada", null=True, blank=True)
    diajukan_oleh = models.CharField("diajukan oleh", max_length=150, blank=True)
    terlambat = models.BooleanField("diajukan terlambat", default=False)
    disetujui_pada = models.DateTimeField("disetujui pada", null=True, blank=True)
    disetujui_oleh = models.CharField("disetujui oleh", max_length=150, blank=True)
    diverifikasi_pada = models.DateTimeField("diverifikasi pada", null=True, blank=True)
    diverifikasi_oleh = models.CharField("diverifikasi oleh", max_length=150, blank=True)
    dikembalikan_pada = models.DateTimeField("dikembalikan pada", null=True, blank=True)
    dikembalikan_oleh = models.CharField("dikembalikan oleh", max_length=150, blank=True)
    catatan_pengembalian = models.TextField("catatan pengembalian", blank=True)
    jumlah_dikembalikan = models.PositiveSmallIntegerField("jumlah dikembalikan", default=0)
    # A returned or reopened item may be corrected after the window's lock until this time.
    batas_koreksi = models.DateTimeField("batas koreksi", null=True, blank=True)

    class Meta:
        verbose_name = "realisasi IKU"
        verbose_name_plural = "realisasi IKU"
        ordering = ["tahun", "triwulan", "iku__kode"]
        constraints = [
            models.UniqueConstraint(
                fields=["iku", "tahun", "triwulan"], name="realisasi_unik_iku_periode"
            )
        ]
        indexes = [models.Index(fields=["tahun", "triwulan", "status"])]
        permissions = [
            ("ajukan_realisasi", "Dapat mengisi dan mengajukan realisasi"),
            ("setujui_realisasi", "Dapat menyetujui atau mengembalikan realisasi (Kepala OPD)"),
        ]

    def __str__(self) -> str:
        return f"{self.iku.kode} {self.tahun} TW {self.triwulan}"


class BuktiDukung(models.Model):
    """An evidence file of a realisasi, stored in this OPD's private storage (never under a
    public URL; served by an authorised view). Deleting only hides it (``dihapus_pada``) so that
    earlier revisions keep their evidence."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    realisasi = models.ForeignKey(RealisasiIku, on_delete=models.PROTECT, related_name="bukti")
    path = models.CharField("lokasi penyimpanan", max_length=255, unique=True)
    nama_berkas = models.CharField("nama berkas", max_length=200)
    jenis = models.CharField("jenis", max_length=20)
    mime = models.CharField("MIME", max_length=100)
    ukuran = models.PositiveBigIntegerField("ukuran (bita)")
    sha256 = models.CharField("SHA-256", max_length=64)
    keterangan = models.CharField("keterangan", max_length=300, blank=True)
    publikasi = models.BooleanField("tampilkan di halaman publik", default=False)
    revisi = models.PositiveSmallIntegerField("revisi", default=1)
    diunggah_pada = models.DateTimeField("diunggah pada", auto_now_add=True)
    diunggah_oleh = models.CharField("diunggah oleh", max_length=150, blank=True)
    dihapus_pada = models.DateTimeField("dihapus pada", null=True, blank=True)
    dihapus_oleh = models.CharField("dihapus oleh", max_length=150, blank=True)

    class Meta:
        verbose_name = "bukti dukung"
        verbose_name_plural = "bukti dukung"
        ordering = ["diunggah_pada"]

    def __str__(self) -> str:
        return self.nama_berkas


class RevisiRealisasi(models.Model):
    """A frozen earlier revision of a realisasi, written when Bappeda reopens a verified item
    (values, narrative, workflow times and the evidence it had), readable forever."""

    realisasi = models.ForeignKey(
        RealisasiIku, on_delete=models.CASCADE, related_name="revisi_lama"
    )
    revisi = models.PositiveSmallIntegerField("revisi")
    data = models.JSONField("isi revisi")
    alasan_buka = models.TextField("alasan dibuka kembali")
    dibuka_oleh = models.CharField("dibuka oleh", max_length=150)
    dibuka_pada = models.DateTimeField("dibuka pada")

    class Meta:
        verbose_name = "revisi realisasi"
        verbose_name_plural = "revisi realisasi"
        ordering = ["realisasi", "revisi"]
        constraints = [models.UniqueConstraint(fields=["realisasi", "revisi"], name="revisi_unik")]

    def __str__(self) -> str:
        return f"{self.realisasi} revisi {self.revisi}"


class JejakAuditQuerySet(models.QuerySet):
    """Bulk ``update()`` / ``delete()`` (and ``bulk_update``, which uses ``update``) would
    bypass the row-level refusal of :class:`JejakAudit`; refuse them too."""

    def update(self, **kwargs: object) -> int:
        raise ValidationError("Jejak audit tidak dapat diubah.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValidationError("Jejak audit tidak dapat dihapus.")


class JejakAudit(models.Model):
    """Append-only audit trail of the reporting workflow: who, when, from which IP, what changed
    (old → new). Rows can be added, never changed or deleted through the application."""

    class Sumber(models.TextChoices):
        OPD = "opd", "Pengguna OPD"
        BAPPEDA = "bappeda", "Bappeda"
        SISTEM = "sistem", "Sistem"

    waktu = models.DateTimeField("waktu", default=timezone.now, db_index=True)
    pengguna = models.CharField("pengguna", max_length=150)
    pengguna_id = models.IntegerField("ID pengguna", null=True, blank=True)
    sumber = models.CharField("sumber", max_length=10, choices=Sumber.choices)
    ip = models.GenericIPAddressField("alamat IP", null=True, blank=True)
    aksi = models.CharField("aksi", max_length=30)
    realisasi = models.ForeignKey(
        RealisasiIku, on_delete=models.PROTECT, null=True, blank=True, related_name="jejak"
    )
    revisi = models.PositiveSmallIntegerField("revisi", null=True, blank=True)
    objek = models.CharField("objek", max_length=120, blank=True)
    kolom = models.CharField("kolom", max_length=60, blank=True)
    nilai_lama = models.TextField("nilai lama", blank=True)
    nilai_baru = models.TextField("nilai baru", blank=True)
    catatan = models.TextField("catatan", blank=True)

    objects = JejakAuditQuerySet.as_manager()

    class Meta:
        verbose_name = "jejak audit"
        verbose_name_plural = "jejak audit"
        ordering = ["-waktu", "-id"]

    def __str__(self) -> str:
        return f"{self.waktu:%Y-%m-%d %H:%M} {self.pengguna} {self.aksi} {self.objek}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise ValidationError("Jejak audit tidak dapat diubah.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValidationError("Jejak audit tidak dapat dihapus.")
