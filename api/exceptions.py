"""Every API error as JSON ``{"kode": "...", "pesan": "<Indonesian>", "galat": {...}}``.

``kode`` is machine-readable, ``pesan`` a sentence for people, ``galat`` the field-level
problems (field → list of messages; ``umum`` for problems of the whole request). The workflow
services' refusals (:class:`~kinerja.opd.realisasi.RealisasiDitolak`) keep their own ``kode``
and Indonesian ``pesan``; their HTTP status follows :data:`STATUS_PENOLAKAN`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from kinerja.opd.realisasi import KOLOM_INPUT, RealisasiDitolak

logger = logging.getLogger(__name__)

UMUM = "umum"

# Service refusal code → HTTP status.
STATUS_PENOLAKAN = {
    "peran": status.HTTP_403_FORBIDDEN,
    "konflik": status.HTTP_409_CONFLICT,
    "tidak_ditemukan": status.HTTP_404_NOT_FOUND,
    "status": status.HTTP_400_BAD_REQUEST,
    "jendela": status.HTTP_400_BAD_REQUEST,
    "catatan": status.HTTP_400_BAD_REQUEST,
    "validasi": status.HTTP_400_BAD_REQUEST,
    "bukti": status.HTTP_400_BAD_REQUEST,
}
# Service column labels ("Realisasi", "Faktor pendorong") → API field names.
_KOLOM_KE_FIELD = {label: field for field, label in KOLOM_INPUT.items()}


class Penolakan(exceptions.APIException):
    """An API error with our own code, message and field errors."""

    def __init__(
        self,
        kode: str,
        pesan: str,
        status_code: int = status.HTTP_400_BAD_REQUEST,
        galat: Mapping[str, list[str]] | None = None,
    ) -> None:
        super().__init__(pesan, kode)
        self.kode = kode
        self.pesan = pesan
        self.status_code = status_code
        self.galat = dict(galat or {})


def galat_layanan(galat: Sequence[tuple[str, str, str]], field_kosong: str = UMUM) -> dict:
    """The service's (where, column, message) triples as field → messages."""
    hasil: dict[str, list[str]] = {}
    for _, kolom, pesan in galat:
        field = _KOLOM_KE_FIELD.get(kolom, kolom) if kolom else field_kosong
        hasil.setdefault(field or UMUM, []).append(pesan)
    return hasil


def dari_penolakan(e: RealisasiDitolak, *, tidak_ditemukan_400: str | None = None) -> Penolakan:
    """A service refusal as an API error. ``tidak_ditemukan_400`` names the body field that
    referred to the missing row: a missing IKU named in a request body is bad input (400), not
    a missing URL (404)."""
    kode, status_code = e.kode, STATUS_PENOLAKAN.get(e.kode, status.HTTP_400_BAD_REQUEST)
    galat = galat_layanan(e.galat)
    if kode == "tidak_ditemukan" and tidak_ditemukan_400:
        status_code = status.HTTP_400_BAD_REQUEST
        galat = {tidak_ditemukan_400: [e.pesan]}
    return Penolakan(kode, e.pesan, status_code, galat)


def _pesan_validasi(detail: Any) -> str:
    """The first message of a ValidationError detail, to make ``pesan`` useful on its own."""
    if isinstance(detail, Mapping):
        for field, isi in detail.items():
            pertama = _pesan_validasi(isi)
            if pertama:
                return pertama if field == UMUM else f"{field}: {pertama}"
        return ""
    if isinstance(detail, list | tuple):
        return next((p for p in (_pesan_validasi(x) for x in detail) if p), "")
    return str(detail)


def _galat_validasi(detail: Any) -> dict:
    if isinstance(detail, Mapping):
        return {str(k): v for k, v in detail.items()}
    if isinstance(detail, list | tuple):
        return {UMUM: list(detail)}
    return {UMUM: [str(detail)]}


def _tubuh(exc: Exception, metode: str) -> tuple[int, str, str, dict]:
    if isinstance(exc, Penolakan):
        return exc.status_code, exc.kode, exc.pesan, exc.galat
    if isinstance(exc, exceptions.ValidationError):
        pertama = _pesan_validasi(exc.detail)
        pesan = "Data yang dikirim tidak valid" + (f": {pertama}" if pertama else ".")
        return 400, "validasi", pesan, _galat_validasi(exc.detail)
    if isinstance(exc, exceptions.ParseError):
        return 400, "format", str(exc.detail) or "Isi permintaan tidak dapat dibaca.", {}
    if isinstance(exc, exceptions.NotAuthenticated):
        return (
            401,
            "belum_masuk",
            "Anda harus masuk untuk mengakses ini: kirim header 'Authorization: Token <token>' "
            "(token dari /api/v1/auth/token/).",
            {},
        )
    if isinstance(exc, exceptions.AuthenticationFailed):
        return 401, "autentikasi", str(exc.detail), {}
    if isinstance(exc, exceptions.PermissionDenied):
        detail = str(exc.detail)
        if detail.startswith("CSRF Failed"):
            return (
                403,
                "csrf",
                "Permintaan dengan sesi masuk harus membawa token CSRF (header X-CSRFToken); "
                "atau gunakan 'Authorization: Token <token>'.",
                {},
            )
        return 403, "akses_ditolak", "Anda tidak memiliki izin untuk melakukan tindakan ini.", {}
    if isinstance(exc, exceptions.NotFound | Http404):
        pesan = str(getattr(exc, "detail", "") or "")
        if not pesan or pesan in ("Not found.", "Data tidak ditemukan.", "No Page matches."):
            pesan = "Data tidak ditemukan."
        return 404, "tidak_ditemukan", pesan, {}
    if isinstance(exc, exceptions.MethodNotAllowed):
        return 405, "metode", f"Metode {metode} tidak diizinkan di alamat ini.", {}
    if isinstance(exc, exceptions.NotAcceptable):
        return (
            406,
            "format_jawaban",
            "Format jawaban yang diminta tidak tersedia; gunakan JSON.",
            {},
        )
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return (
            415,
            "jenis_konten",
            "Jenis isi permintaan tidak didukung; kirim JSON (Content-Type: application/json).",
            {},
        )
    if isinstance(exc, exceptions.Throttled):
        detik = max(1, int(exc.wait or 1))
        return (
            429,
            "terlalu_banyak",
            f"Terlalu banyak permintaan. Coba lagi dalam {detik} detik.",
            {},
        )
    if isinstance(exc, exceptions.APIException):
        kode = exc.get_codes() if isinstance(exc.get_codes(), str) else "galat"
        return exc.status_code, str(kode), str(exc.detail), {}
    if isinstance(exc, DjangoPermissionDenied):
        return 403, "akses_ditolak", "Anda tidak memiliki izin untuk melakukan tindakan ini.", {}
    return 500, "galat_server", "Terjadi kesalahan pada server; coba lagi nanti.", {}


def penangan_galat(exc: Exception, context: Mapping[str, Any]) -> Response:
    """DRF EXCEPTION_HANDLER: every exception of an API view as our JSON error (a 500 too,
    after logging it, so a client never gets an HTML page)."""
    request = context.get("request")
    status_code, kode, pesan, galat = _tubuh(exc, getattr(request, "method", "") or "")
    if status_code >= 500:
        view = context.get("view")
        logger.exception("Galat API di %s", type(view).__name__ if view else "?", exc_info=exc)
    set_rollback()
    headers: dict[str, str] = {}
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:
        headers["WWW-Authenticate"] = auth_header
    wait = getattr(exc, "wait", None)
    if wait:
        headers["Retry-After"] = str(max(1, int(wait)))
    return Response(
        {"kode": kode, "pesan": pesan, "galat": galat}, status=status_code, headers=headers
    )


@csrf_exempt
def api_tidak_ditemukan(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any other path under /api/: a JSON 404 instead of the site's HTML page."""
    return JsonResponse(
        {
            "kode": "tidak_ditemukan",
            "pesan": "Alamat API ini tidak ada di domain ini. Daftar alamat: /api/docs/.",
            "galat": {},
        },
        status=404,
    )
