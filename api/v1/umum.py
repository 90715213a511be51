"""Helpers shared by the API v1 views: query parameters, ordering, paginated documents and
the error responses of the OpenAPI documents."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers
from rest_framework.request import Request

from api.exceptions import Penolakan
from api.serializers_dasar import GalatSerializer


def param_int(request: Request, nama: str, minimum: int, maksimum: int) -> int | None:
    """An integer query parameter within [minimum, maksimum]; None when absent; a 400 with an
    Indonesian message otherwise."""
    teks = request.query_params.get(nama)
    if teks is None or teks == "":
        return None
    try:
        if len(teks) > 12:
            raise ValueError
        nilai = int(teks)
    except ValueError:
        pesan = f"Parameter {nama} harus berupa bilangan bulat, bukan '{teks[:20]}'."
        raise Penolakan("validasi", pesan, galat={nama: [pesan]}) from None
    if not minimum <= nilai <= maksimum:
        if nama == "triwulan":
            pesan = f"Triwulan {nilai} tidak ada; pilih 1 sampai 4."
        else:
            pesan = f"Parameter {nama} harus antara {minimum} dan {maksimum}."
        raise Penolakan("validasi", pesan, galat={nama: [pesan]})
    return nilai


def param_pilihan(request: Request, nama: str, pilihan: Iterable[str]) -> str | None:
    teks = request.query_params.get(nama)
    if not teks:
        return None
    pilihan = list(pilihan)
    if teks not in pilihan:
        pesan = f"Nilai {nama} '{teks[:40]}' tidak dikenal; pilih salah satu: {', '.join(pilihan)}."
        raise Penolakan("validasi", pesan, galat={nama: [pesan]})
    return teks


def param_urutan(request: Request, izin: Sequence[str]) -> list[str]:
    """``?ordering=kode,-nama``: the fields in order with their '-' (descending); a field not
    in ``izin`` is a 400."""
    teks = request.query_params.get("ordering", "")
    hasil = []
    for bagian in (b.strip() for b in teks.split(",")):
        if not bagian:
            continue
        if bagian.lstrip("-") not in izin:
            pesan = (
                f"Urutan '{bagian[:40]}' tidak dikenal; pilih dari: {', '.join(izin)} "
                "(awali dengan '-' untuk urutan menurun)."
            )
            raise Penolakan("validasi", pesan, galat={"ordering": [pesan]})
        hasil.append(bagian)
    return hasil


def urutkan(
    rows: list[Any], urutan: Sequence[str], kunci: Mapping[str, Callable[[Any], Any]]
) -> list[Any]:
    """Sort dicts in memory by ``urutan`` (stable; empty values last in either direction)."""
    for bagian in reversed(urutan):
        turun = bagian.startswith("-")
        ambil = kunci[bagian.lstrip("-")]
        ada = [r for r in rows if ambil(r) is not None]
        kosong = [r for r in rows if ambil(r) is None]
        rows = sorted(ada, key=ambil, reverse=turun) + kosong
    return rows


def p_urutan(izin: Sequence[str], bawaan: str) -> OpenApiParameter:
    return OpenApiParameter(
        "ordering",
        OpenApiTypes.STR,
        description=(
            f"Urutan, dipisah koma; awali '-' untuk menurun. Kolom: {', '.join(izin)}. "
            f"Bawaan: {bawaan}."
        ),
    )


P_TAHUN = OpenApiParameter("tahun", OpenApiTypes.INT, description="Tahun (4 angka).")
P_TRIWULAN = OpenApiParameter(
    "triwulan", OpenApiTypes.INT, description="Triwulan 1–4.", enum=[1, 2, 3, 4]
)
P_PAGE = OpenApiParameter("page", OpenApiTypes.INT, description="Nomor halaman (mulai 1).")
P_PAGE_SIZE = OpenApiParameter(
    "page_size", OpenApiTypes.INT, description="Baris per halaman (1–100, bawaan 50)."
)
P_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)

_KET = {
    400: "Permintaan tidak valid (jenis data, nilai, aturan layanan).",
    401: "Belum masuk atau token tidak valid untuk domain ini.",
    403: "Tidak berhak (peran) atau token CSRF hilang pada sesi.",
    404: "Tidak ditemukan.",
    409: "Konflik: data telah diubah orang lain (versi berbeda).",
    413: "Isi permintaan terlalu besar.",
    415: "Jenis isi tidak didukung (kirim JSON).",
    429: "Terlalu banyak permintaan; lihat header Retry-After.",
}


def galat(*kode: int) -> dict[int, OpenApiResponse]:
    """Error responses (our JSON error document) for the OpenAPI documents."""
    return {k: OpenApiResponse(GalatSerializer, description=_KET[k]) for k in (*kode, 429)}


def halaman(nama: str, item: type[serializers.Serializer], **tambahan: serializers.Field) -> type:
    """The serializer of a paginated list answer: count/next/previous, extra fields, results."""
    fields: dict[str, Any] = {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        **tambahan,
        "results": item(many=True),
    }
    return type(nama, (serializers.Serializer,), fields)
