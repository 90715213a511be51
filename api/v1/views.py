"""API v1 of the public domain (Bappeda) and the OPD profile. Thin: selectors do the reading
(api/selectors.py, tenants/selectors.py); answers to anonymous users are cached per domain
(api/cache.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from api.cache import CachePublikMixin
from api.exceptions import Penolakan
from api.selectors import TahunDiLuarPeriode, ikd_daftar, ikd_detail, rekap_opd, rekap_periode
from api.v1.serializers import (
    IkdDetailSerializer,
    IkdSerializer,
    OpdSerializer,
    PeriodeSerializer,
    RekapSerializer,
)
from api.v1.umum import (
    P_ID,
    P_PAGE,
    P_PAGE_SIZE,
    P_TAHUN,
    P_TRIWULAN,
    galat,
    halaman,
    p_urutan,
    param_int,
    param_pilihan,
    param_urutan,
    urutkan,
)
from kinerja.choices import AspekIkd
from tenants.selectors import opd_get, opd_list


class OpdListView(CachePublikMixin, generics.ListAPIView):
    """Public domain: every active Perangkat Daerah with its site's domain."""

    serializer_class = OpdSerializer
    parameter_cache = ("page", "page_size")

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return opd_list()

    @extend_schema(
        operation_id="opd_list",
        tags=["publik"],
        summary="Daftar Perangkat Daerah",
        parameters=[P_PAGE, P_PAGE_SIZE],
        responses={200: OpdSerializer(many=True), **galat(404)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        return self.respons_publik(request, lambda: self.list(request, *args, **kwargs))


class OpdProfilView(generics.GenericAPIView):
    """OPD domain: the profile of the OPD whose domain this is."""

    serializer_class = OpdSerializer
    pagination_class = None

    @extend_schema(
        operation_id="opd_profil",
        tags=["opd"],
        summary="Profil Perangkat Daerah domain ini",
        responses={200: OpdSerializer, **galat(404)},
    )
    def get(self, request: Request) -> Response:
        opd = opd_get(connection.schema_name)
        if opd is None:
            raise NotFound("Perangkat Daerah tidak ditemukan.")
        return Response(OpdSerializer(opd).data)


# --- IKD ----------------------------------------------------------------------------------------

URUTAN_IKD = ("kode", "nama", "aspek", "capaian")


def _capaian_urut(row: dict[str, Any]) -> Any:
    nilai = row["capaian"]["nilai"]
    return None if nilai is None else Decimal(nilai)


IkdHalaman = halaman(
    "IkdHalaman",
    IkdSerializer,
    tahun=serializers.IntegerField(),
    periode=PeriodeSerializer(allow_null=True),
)


class IkdListView(CachePublikMixin, generics.GenericAPIView):
    """IKD of a year with target, realisasi, capaian and predikat (published data only)."""

    parameter_cache = ("tahun", "aspek", "ordering", "page", "page_size")

    @extend_schema(
        operation_id="ikd_list",
        tags=["publik"],
        summary="Indikator Kinerja Daerah (IKD) per tahun",
        description=(
            "Setiap IKD periode RPJMD dari `tahun` (bawaan: tahun terakhir yang sudah ada "
            "realisasinya dalam periode aktif), dengan target, realisasi, capaian, rumus dan "
            "predikat skema aktif. Realisasi yang diisi Bappeda adalah data resmi; realisasi "
            "IKD yang bersumber dari IKU ditulis oleh rollup hanya dari realisasi terverifikasi."
        ),
        parameters=[
            P_TAHUN,
            OpenApiParameter("aspek", OpenApiTypes.STR, enum=AspekIkd.values),
            p_urutan(URUTAN_IKD, "kode"),
            P_PAGE,
            P_PAGE_SIZE,
        ],
        responses={200: IkdHalaman, **galat(400, 404)},
    )
    def get(self, request: Request) -> Any:
        return self.respons_publik(request, lambda: self._daftar(request))

    def _daftar(self, request: Request) -> Response:
        tahun = param_int(request, "tahun", 1, 9999)
        aspek = param_pilihan(request, "aspek", AspekIkd.values)
        urutan = param_urutan(request, URUTAN_IKD) or ["kode"]
        try:
            tahun, periode, rows = ikd_daftar(tahun, aspek)
        except TahunDiLuarPeriode as e:
            raise Penolakan("validasi", str(e), galat={"tahun": [str(e)]}) from None
        rows = urutkan(
            rows,
            urutan,
            {
                "kode": lambda r: r["kode"],
                "nama": lambda r: r["nama"].casefold(),
                "aspek": lambda r: r["aspek"],
                "capaian": _capaian_urut,
            },
        )
        page = self.paginate_queryset(rows)
        response = self.get_paginated_response(IkdSerializer(page, many=True).data)
        response.data["tahun"] = tahun
        response.data["periode"] = (
            None if periode is None else PeriodeSerializer(_periode(periode)).data
        )
        return response


def _periode(periode: Any) -> dict[str, Any]:
    return {
        "id": periode.pk,
        "nama": periode.nama,
        "tahun_awal": periode.tahun_awal,
        "tahun_akhir": periode.tahun_akhir,
    }


class IkdDetailView(CachePublikMixin, generics.GenericAPIView):
    """One IKD over every year of its RPJMD periode."""

    @extend_schema(
        operation_id="ikd_detail",
        tags=["publik"],
        summary="Satu IKD: target, realisasi, capaian dan predikat setiap tahun periode",
        parameters=[P_ID],
        responses={200: IkdDetailSerializer, **galat(404)},
    )
    def get(self, request: Request, pk: int) -> Any:
        return self.respons_publik(request, lambda: self._detail(pk))

    def _detail(self, pk: int) -> Response:
        data = ikd_detail(pk)
        if data is None:
            raise NotFound(f"IKD dengan id {pk} tidak ditemukan.")
        return Response(IkdDetailSerializer(data).data)


# --- Rekap ----------------------------------------------------------------------------------------

URUTAN_REKAP = ("kode", "nama", "kelengkapan", "terverifikasi", "capaian")

RekapHalaman = halaman(
    "RekapHalaman",
    RekapSerializer,
    tahun=serializers.IntegerField(allow_null=True),
    triwulan=serializers.IntegerField(allow_null=True),
)


def _desimal(teks: str | None) -> Any:
    return None if teks is None else Decimal(teks)


class RekapView(CachePublikMixin, generics.GenericAPIView):
    """Per-OPD summaries of a triwulan from the rollup (public figures only)."""

    parameter_cache = ("tahun", "triwulan", "ordering", "page", "page_size")

    @extend_schema(
        operation_id="rekap_list",
        tags=["publik"],
        summary="Rekap capaian per Perangkat Daerah per triwulan",
        description=(
            "Dari rollup. Angka kemajuan pelaporan (jumlah IKU, terisi, diajukan, diverifikasi, "
            "persentase) untuk semua status; rata-rata capaian dan jumlah per predikat HANYA "
            "dari IKU yang setiap realisasi yang dilaporkan dari TW1 sampai triwulan ini sudah "
            "diverifikasi Bappeda (triwulan yang tidak pernah dilaporkan dilewati). "
            "Bawaan: triwulan terakhir yang sudah direkap dan sudah ada isinya."
        ),
        parameters=[P_TAHUN, P_TRIWULAN, p_urutan(URUTAN_REKAP, "kode"), P_PAGE, P_PAGE_SIZE],
        responses={200: RekapHalaman, **galat(400, 404)},
    )
    def get(self, request: Request) -> Any:
        return self.respons_publik(request, lambda: self._daftar(request))

    def _daftar(self, request: Request) -> Response:
        tahun = param_int(request, "tahun", 1, 9999)
        triwulan = param_int(request, "triwulan", 1, 4)
        urutan = param_urutan(request, URUTAN_REKAP) or ["kode"]
        tahun, triwulan = rekap_periode(tahun, triwulan)
        rows = rekap_opd(tahun, triwulan) if tahun is not None and triwulan is not None else []
        rows = urutkan(
            rows,
            urutan,
            {
                "kode": lambda r: r["opd"]["kode"],
                "nama": lambda r: r["opd"]["nama"].casefold(),
                "kelengkapan": lambda r: _desimal(r["kelengkapan_persen"]),
                "terverifikasi": lambda r: _desimal(r["terverifikasi_persen"]),
                "capaian": lambda r: _desimal(r["capaian_terverifikasi"]["rata_rata"]),
            },
        )
        page = self.paginate_queryset(rows)
        response = self.get_paginated_response(RekapSerializer(page, many=True).data)
        response.data["tahun"] = tahun
        response.data["triwulan"] = triwulan
        return response
