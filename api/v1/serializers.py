"""Serializers of API v1. Output serializers describe (and produce) the JSON the selectors
build (api/selectors.py); input serializers check types before the services check the rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers_dasar import SerializerDasar
from kinerja.engine import AngkaTidakValid, parse_angka
from kinerja.opd.models import RealisasiIku
from tenants.models import Opd
from tenants.selectors import opd_primary_domain

ANGKA = {"allow_null": True, "help_text": "Angka desimal persis, sebagai teks dengan titik."}


class OpdSerializer(serializers.ModelSerializer[Opd]):
    schema = serializers.CharField(source="schema_name", read_only=True)
    domain = serializers.SerializerMethodField()
    jenis_label = serializers.CharField(source="get_jenis_display", read_only=True)

    class Meta:
        model = Opd
        fields = ["kode", "schema", "nama", "singkatan", "jenis", "jenis_label", "domain"]
        read_only_fields = fields

    def get_domain(self, obj: Opd) -> str | None:
        return opd_primary_domain(obj)


# --- shared pieces ------------------------------------------------------------------------------


class PredikatSerializer(serializers.Serializer):
    kode = serializers.CharField()
    label = serializers.CharField()


class CapaianSerializer(serializers.Serializer):
    nilai = serializers.CharField(
        allow_null=True,
        help_text="Capaian (%), dibulatkan 2 angka desimal; null bila tidak dapat dihitung.",
    )
    teks = serializers.CharField(help_text='Cara Indonesia, mis. "107,14"; kosong bila null.')
    formula = serializers.CharField(help_text="Rumus yang dipakai.")
    alasan = serializers.CharField(help_text="Mengapa capaian tidak dapat dihitung.")
    kode_alasan = serializers.CharField()
    predikat = PredikatSerializer(allow_null=True)


class TargetSerializer(serializers.Serializer):
    nilai = serializers.CharField(**ANGKA)
    nilai_max = serializers.CharField(
        allow_null=True, help_text="Batas atas (hanya polaritas rentang)."
    )
    nilai_kualitatif = serializers.CharField()
    teks = serializers.CharField(help_text='Seperti ditulis orang: "12,5", "10 – 20", "WTP".')


# --- IKD (public domain) --------------------------------------------------------------------------


class RealisasiIkdSerializer(serializers.Serializer):
    nilai = serializers.CharField(**ANGKA)
    nilai_kualitatif = serializers.CharField()
    teks = serializers.CharField()
    sumber = serializers.ChoiceField(
        choices=["bappeda", "rollup"],
        help_text="bappeda: diisi Bappeda (resmi); rollup: dari realisasi IKU terverifikasi.",
    )


class IkdTahunSerializer(serializers.Serializer):
    tahun = serializers.IntegerField()
    target = TargetSerializer(allow_null=True)
    realisasi = RealisasiIkdSerializer(allow_null=True)
    capaian = CapaianSerializer()


# What names and describes an IKD, shared by the list and the detail. (A comment, not a
# docstring: drf-spectacular would publish a docstring as the schema's description.)
class IkdIdentitasSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kode = serializers.CharField()
    nama = serializers.CharField()
    aspek = serializers.CharField()
    aspek_label = serializers.CharField()
    satuan = serializers.CharField()
    jenis = serializers.CharField()
    polaritas = serializers.CharField()
    tipe_perhitungan = serializers.CharField()
    sumber_nilai = serializers.CharField()
    definisi = serializers.CharField()
    formula_pengukuran = serializers.CharField()


class IkdSerializer(IkdTahunSerializer, IkdIdentitasSerializer):
    target_akhir = TargetSerializer()
    capaian_akhir = CapaianSerializer(help_text="Realisasi terakhir terhadap target akhir periode.")


class PeriodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nama = serializers.CharField()
    tahun_awal = serializers.IntegerField()
    tahun_akhir = serializers.IntegerField()


class NilaiAwalSerializer(serializers.Serializer):
    nilai = serializers.CharField(**ANGKA)
    nilai_kualitatif = serializers.CharField()


class IkdDetailSerializer(IkdIdentitasSerializer):
    periode = PeriodeSerializer()
    kondisi_awal = NilaiAwalSerializer()
    target_akhir = TargetSerializer()
    tahunan = IkdTahunSerializer(many=True, help_text="Setiap tahun periode RPJMD.")
    capaian_akhir = CapaianSerializer()


# --- Rekap (public domain) ------------------------------------------------------------------------


class OpdRingkasSerializer(serializers.Serializer):
    kode = serializers.CharField()
    schema = serializers.CharField()
    nama = serializers.CharField()
    singkatan = serializers.CharField()
    domain = serializers.CharField(allow_null=True)


class CapaianTerverifikasiSerializer(serializers.Serializer):
    jumlah_iku = serializers.IntegerField(help_text="IKU dengan capaian terverifikasi.")
    rata_rata = serializers.CharField(**ANGKA)
    rata_rata_teks = serializers.CharField()
    predikat = PredikatSerializer(allow_null=True, help_text="Predikat rata-rata capaian.")
    jumlah_per_predikat = serializers.DictField(child=serializers.IntegerField())


class RekapSerializer(serializers.Serializer):
    opd = OpdRingkasSerializer()
    tahun = serializers.IntegerField()
    triwulan = serializers.IntegerField()
    jumlah_iku = serializers.IntegerField()
    jumlah_terisi = serializers.IntegerField()
    jumlah_diajukan = serializers.IntegerField()
    jumlah_diverifikasi = serializers.IntegerField()
    kelengkapan_persen = serializers.CharField()
    terverifikasi_persen = serializers.CharField()
    capaian_terverifikasi = CapaianTerverifikasiSerializer(
        help_text="Hanya dari realisasi terverifikasi (TW1 s.d. triwulan ini)."
    )
    diperbarui = serializers.DateTimeField()


# --- IKU (OPD domain) -----------------------------------------------------------------------------


class SasaranSerializer(serializers.Serializer):
    kode = serializers.CharField()
    uraian = serializers.CharField()


class IkdRingkasSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kode = serializers.CharField()
    nama = serializers.CharField()


class TargetTriwulanSerializer(TargetSerializer):
    triwulan = serializers.IntegerField()


class TargetIkuSerializer(serializers.Serializer):
    tahunan = TargetSerializer(allow_null=True)
    triwulan = TargetTriwulanSerializer(many=True)


class RealisasiTriwulanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    triwulan = serializers.IntegerField()
    nilai = serializers.CharField(**ANGKA)
    nilai_kualitatif = serializers.CharField()
    teks = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    diverifikasi_pada = serializers.DateTimeField(allow_null=True)


class CapaianIkuSerializer(CapaianSerializer):
    sampai_triwulan = serializers.IntegerField(
        help_text="Capaian s.d. triwulan ini (0: belum ada)."
    )
    acuan = serializers.CharField(help_text="Target yang menjadi acuan.")
    target = serializers.CharField(**ANGKA)
    target_max = serializers.CharField(allow_null=True)
    target_kualitatif = serializers.CharField()
    target_teks = serializers.CharField()
    realisasi = serializers.CharField(**ANGKA)
    realisasi_kualitatif = serializers.CharField()
    realisasi_teks = serializers.CharField()


class IkuSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kode = serializers.CharField()
    nama = serializers.CharField()
    satuan = serializers.CharField()
    jenis = serializers.CharField()
    polaritas = serializers.CharField()
    tipe_perhitungan = serializers.CharField()
    formula_pengukuran = serializers.CharField()
    sasaran = SasaranSerializer()
    ikd = IkdRingkasSerializer(allow_null=True)
    tahun = serializers.IntegerField()
    hanya_terverifikasi = serializers.BooleanField(
        help_text="true: hanya realisasi terverifikasi (pengunjung tanpa masuk)."
    )
    target = TargetIkuSerializer()
    realisasi = RealisasiTriwulanSerializer(many=True)
    capaian = CapaianIkuSerializer()


class RenstraSerializer(serializers.Serializer):
    nama = serializers.CharField()
    tahun_awal = serializers.IntegerField()
    tahun_akhir = serializers.IntegerField()


class IkuDetailSerializer(IkuSerializer):
    definisi = serializers.CharField()
    sumber_data = serializers.CharField()
    penanggung_jawab = serializers.CharField()
    baseline = NilaiAwalSerializer()
    renstra = RenstraSerializer()
    capaian_triwulan = CapaianIkuSerializer(many=True, help_text="Capaian s.d. TW1, TW2, …")


# --- Realisasi (OPD domain, signed in) ----------------------------------------------------------


class IkuAcuanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kode = serializers.CharField()
    nama = serializers.CharField()


class RealisasiSerializer(serializers.ModelSerializer[RealisasiIku]):
    iku = IkuAcuanSerializer(read_only=True)
    nilai = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    aksi = serializers.SerializerMethodField()

    class Meta:
        model = RealisasiIku
        fields = [
            "id",
            "iku",
            "tahun",
            "triwulan",
            "nilai",
            "nilai_kualitatif",
            "faktor_pendorong",
            "faktor_penghambat",
            "tindak_lanjut",
            "status",
            "status_label",
            "revisi",
            "versi",
            "diubah_pada",
            "diubah_oleh",
            "diajukan_pada",
            "diajukan_oleh",
            "terlambat",
            "disetujui_pada",
            "disetujui_oleh",
            "diverifikasi_pada",
            "diverifikasi_oleh",
            "dikembalikan_pada",
            "dikembalikan_oleh",
            "catatan_pengembalian",
            "jumlah_dikembalikan",
            "batas_koreksi",
            "aksi",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_nilai(self, obj: RealisasiIku) -> str | None:
        from api.selectors import angka

        return angka(obj.nilai)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_aksi(self, obj: RealisasiIku) -> list[str]:
        """Workflow actions the signed-in user may take on this item now."""
        from kinerja.engine.alur import Aksi, aksi_tersedia

        peran = self.context.get("peran", frozenset())
        return [a.value for a in aksi_tersedia(obj.status, peran) if a != Aksi.UBAH]


class AngkaField(serializers.Field):
    """A number as JSON number or text; text is read the Indonesian way ("1.234,5")."""

    default_error_messages = {
        "invalid": "'{nilai}' bukan angka.",
        "jenis": "Harus berupa angka (atau teks angka).",
    }

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, bool) or not isinstance(data, int | float | str):
            self.fail("jenis")
        if isinstance(data, str) and len(data) > 60:
            self.fail("invalid", nilai=data[:20] + "…")
        try:
            return parse_angka(data)
        except (AngkaTidakValid, ValueError, TypeError):
            self.fail("invalid", nilai=str(data)[:40])
        raise AssertionError  # pragma: no cover

    def to_representation(self, value: Any) -> Any:
        from api.selectors import angka

        return angka(value)


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string"}], "nullable": True})
class AngkaSchemaField(AngkaField):
    pass


class RealisasiInputSerializer(SerializerDasar):
    """Values of one realisasi; the service checks the rules (scale, length, window)."""

    nilai = AngkaSchemaField(
        required=False,
        allow_null=True,
        help_text='Realisasi angka (IKU kuantitatif): angka JSON atau teks "1.234,5".',
    )
    nilai_kualitatif = serializers.CharField(
        required=False, allow_blank=True, max_length=60, help_text="Label skala (IKU kualitatif)."
    )
    faktor_pendorong = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False
    )
    faktor_penghambat = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False
    )
    tindak_lanjut = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    versi = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=2_147_483_647,
        help_text=(
            "Versi yang Anda baca (penguncian optimistis); 0 atau kosong untuk realisasi baru. "
            "Versi lain dari versi sekarang ditolak dengan 409."
        ),
    )


class RealisasiBuatSerializer(RealisasiInputSerializer):
    iku = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="ID IKU.")
    tahun = serializers.IntegerField(min_value=1, max_value=9999)
    triwulan = serializers.IntegerField(
        min_value=-(2**31), max_value=2**31 - 1, help_text="1 sampai 4."
    )


class RealisasiUbahSerializer(RealisasiInputSerializer):
    versi = serializers.IntegerField(
        min_value=0,
        max_value=2_147_483_647,
        help_text="Wajib: versi yang Anda baca (penguncian optimistis); berbeda → 409.",
    )


class AksiSerializer(SerializerDasar):
    versi = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=2_147_483_647,
        help_text="Versi yang Anda lihat; berbeda dari versi sekarang → 409.",
    )
    catatan = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text="Catatan (wajib untuk kembalikan, minimal 5 karakter).",
    )


class HasilAksiSerializer(serializers.Serializer):
    pesan = serializers.CharField()
    dilewati = serializers.BooleanField(help_text="true: aksi ini sudah pernah dilakukan.")
    realisasi = RealisasiSerializer()
