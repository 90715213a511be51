"""Serializer bases shared by the API: Indonesian field messages and the error document."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

# DRF's own Indonesian catalogue is incomplete (and has typos): our fields say it ourselves.
PESAN_FIELD = {
    "required": "Wajib diisi.",
    "null": "Tidak boleh kosong (null).",
    "blank": "Tidak boleh kosong.",
    "invalid": "Nilai tidak valid.",
    "max_length": "Paling banyak {max_length} karakter.",
    "min_length": "Paling sedikit {min_length} karakter.",
    "max_value": "Paling besar {max_value}.",
    "min_value": "Paling kecil {min_value}.",
    "max_string_length": "Teks angka terlalu panjang.",
    "not_a_list": "Harus berupa daftar.",
    "empty": "Daftar tidak boleh kosong.",
}
PESAN_JENIS = {
    serializers.IntegerField: {"invalid": "Harus berupa bilangan bulat."},
    serializers.CharField: {"invalid": "Harus berupa teks."},
    serializers.BooleanField: {"invalid": "Harus berupa true atau false."},
}


class SerializerDasar(serializers.Serializer):
    """Input serializers: every field error in Indonesian; a body that is not a JSON object is
    refused with a clear message."""

    default_error_messages = {
        "invalid": "Isi permintaan harus berupa objek JSON, bukan {datatype}.",
    }

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for field in fields.values():
            indonesia(field)
        return fields


def indonesia(field: serializers.Field) -> serializers.Field:
    """Replace DRF's default messages of a field by ours (messages set explicitly stay)."""
    bawaan: dict[str, Any] = {}
    for cls in reversed(type(field).__mro__):
        bawaan.update(getattr(cls, "default_error_messages", {}))
    pesan = dict(PESAN_FIELD)
    for jenis, khusus in PESAN_JENIS.items():
        if isinstance(field, jenis):
            pesan.update(khusus)
    for kunci, teks in pesan.items():
        if kunci in field.error_messages and field.error_messages[kunci] is bawaan.get(kunci):
            field.error_messages[kunci] = teks
    return field


class GalatSerializer(serializers.Serializer):
    """The body of every error answer."""

    kode = serializers.CharField(
        help_text=(
            "Kode mesin: validasi, format, belum_masuk, autentikasi, akses_ditolak, peran, "
            "tidak_ditemukan, metode, jenis_konten, terlalu_besar, terlalu_banyak, konflik, "
            "status, jendela, catatan, kredensial, csrf, galat_server."
        )
    )
    pesan = serializers.CharField(help_text="Penjelasan dalam bahasa Indonesia.")
    galat = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Kesalahan per kolom (kolom → daftar pesan); 'umum' untuk seluruh permintaan.",
    )
