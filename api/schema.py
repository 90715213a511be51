"""drf-spectacular hooks and extensions of the per-domain OpenAPI documents."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension

DESKRIPSI = """
Data kinerja Provinsi Kalimantan Utara (domain Bappeda) dan setiap Perangkat Daerah (domain
masing-masing). Dokumen ini hanya memuat alamat domain ini.

**Masuk.** `POST /api/v1/auth/token/` dengan nama pengguna dan kata sandi akun domain ini;
kirim token sebagai header `Authorization: Token <token>`. Token hanya berlaku di domain yang
menerbitkannya (token Perangkat Daerah lain: 401). Sesi admin juga diterima; penulisan dengan
sesi wajib membawa token CSRF.

**Data publik.** Tanpa masuk hanya data terbit yang tampil: realisasi IKU yang sudah
diverifikasi Bappeda, realisasi IKD resmi, dan capaian yang dihitung dari data itu saja.
Jawaban publik disimpan sementara (cache) dan membawa `ETag` / `Last-Modified` (permintaan
bersyarat → 304).

**Galat.** Setiap galat berupa JSON `{"kode": "...", "pesan": "...", "galat": {...}}`
(`galat`: kolom → daftar pesan; `umum` untuk seluruh permintaan). Batas laju: pengunjung per
alamat IP dan pengguna per akun; login gagal dibatasi per IP dan per nama pengguna (429 dengan
header `Retry-After`).

**Angka.** Nilai desimal dikirim sebagai teks dengan titik (`"1234.5"`, persis); kolom `teks`
memberi bentuk Indonesia (`"1.234,5"`). Masukan angka boleh angka JSON atau teks Indonesia.
"""


def only_api_paths(endpoints: list[tuple[str, str, str, Any]], **kwargs: Any) -> list:
    """Document our API v1 only: not Wagtail admin's internal endpoints on the same domain,
    not Wagtail's API v2 (dynamic fields) and not the benchmark's bare view."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def tambah_deskripsi_domain(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict:
    result.setdefault("info", {})["description"] = DESKRIPSI.strip()
    return result


class TokenAutentikasiScheme(OpenApiAuthenticationExtension):
    target_class = "api.autentikasi.TokenAutentikasi"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token dari /api/v1/auth/token/, diawali kata `Token`: "
            "`Authorization: Token 9944b0…`.",
        }
