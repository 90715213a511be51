"""API v1 of an OPD domain: its IKU (public, verified data only for anonymous users) and the
realisasi workflow (signed-in users; every write through ``kinerja.opd.realisasi`` with the
same rules and messages as the admin screens)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from api.cache import CACHE_CONTROL_PRIBADI, CachePublikMixin
from api.exceptions import Penolakan, dari_penolakan
from api.selectors import TahunDiLuarPeriode, iku_halaman, iku_queryset, iku_satu, tahun_iku
from api.v1.serializers import (
    AksiSerializer,
    HasilAksiSerializer,
    IkuDetailSerializer,
    IkuSerializer,
    RealisasiBuatSerializer,
    RealisasiSerializer,
    RealisasiUbahSerializer,
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
)
from kinerja.engine.alur import LABEL_STATUS, Aksi, Status
from kinerja.engine.jadwal import label_periode
from kinerja.opd.models import RealisasiIku
from kinerja.opd.realisasi import (
    RealisasiDitolak,
    RealisasiInput,
    pelaku_dari_request,
    realisasi_aksi,
    realisasi_simpan,
)

IZIN_LIHAT = "opd.view_realisasiiku"

F = TypeVar("F", bound=Callable[..., Any])


def lihat_semua(request: Request) -> bool:
    """Signed-in users of this OPD allowed to read its realisasi see every status."""
    user = request.user
    return bool(user is not None and user.is_authenticated and user.has_perm(IZIN_LIHAT))


def _tahun(request: Request, nama: str = "tahun") -> int | None:
    return param_int(request, nama, 1, 9999)


# --- IKU ----------------------------------------------------------------------------------------

URUTAN_IKU = {"kode": "kode", "nama": "nama", "sasaran": "sasaran__kode"}

IkuHalaman = halaman("IkuHalaman", IkuSerializer, tahun=serializers.IntegerField())

_KET_IKU = (
    "Pengunjung tanpa masuk hanya melihat realisasi TERVERIFIKASI; capaian dihitung sampai "
    "triwulan terakhir dari deret triwulan terverifikasi yang tidak terputus sejak TW1. "
    "Pengguna OPD ini yang masuk (berhak membaca realisasi) melihat semua realisasi dengan "
    "statusnya, dan capaian sampai triwulan terakhir yang sudah diisi."
)


class IkuListView(CachePublikMixin, generics.GenericAPIView):
    """Active IKU of a year with targets, realisasi per triwulan, capaian and predikat."""

    parameter_cache = ("tahun", "sasaran", "ordering", "page", "page_size")

    @extend_schema(
        operation_id="iku_list",
        tags=["opd"],
        summary="IKU Perangkat Daerah ini per tahun",
        description=_KET_IKU + " Bawaan `tahun`: tahun berjalan (dalam periode Renstra).",
        parameters=[
            P_TAHUN,
            OpenApiParameter("sasaran", OpenApiTypes.STR, description="Kode sasaran strategis."),
            p_urutan(tuple(URUTAN_IKU), "sasaran,kode"),
            P_PAGE,
            P_PAGE_SIZE,
        ],
        responses={200: IkuHalaman, **galat(400, 401, 404)},
    )
    def get(self, request: Request) -> Any:
        return self.respons_publik(request, lambda: self._daftar(request))

    def _daftar(self, request: Request) -> Response:
        tahun = _tahun(request)
        urutan = param_urutan(request, tuple(URUTAN_IKU))
        try:
            tahun = tahun_iku(tahun)
        except TahunDiLuarPeriode as e:
            raise Penolakan("validasi", str(e), galat={"tahun": [str(e)]}) from None
        kolom = [("-" if u.startswith("-") else "") + URUTAN_IKU[u.lstrip("-")] for u in urutan]
        qs = iku_queryset(tahun, urutan=kolom or ("sasaran__kode", "kode"))
        sasaran = request.query_params.get("sasaran")
        if sasaran:
            qs = qs.filter(sasaran__kode=sasaran[:30])
        page = self.paginate_queryset(qs)
        rows = iku_halaman(page or [], tahun, semua_status=lihat_semua(request))
        response = self.get_paginated_response(IkuSerializer(rows, many=True).data)
        response.data["tahun"] = tahun
        return response


class IkuDetailView(CachePublikMixin, generics.GenericAPIView):
    """One IKU of a year with the capaian s.d. each reported triwulan."""

    parameter_cache = ("tahun",)

    @extend_schema(
        operation_id="iku_detail",
        tags=["opd"],
        summary="Satu IKU: target tahunan dan triwulan, realisasi, capaian, predikat, rumus",
        description=_KET_IKU
        + " Bawaan `tahun`: tahun berjalan, dibatasi ke periode Renstra IKU ini.",
        parameters=[P_ID, P_TAHUN],
        responses={200: IkuDetailSerializer, **galat(400, 401, 404)},
    )
    def get(self, request: Request, pk: int) -> Any:
        return self.respons_publik(request, lambda: self._detail(request, pk))

    def _detail(self, request: Request, pk: int) -> Response:
        tahun = _tahun(request)
        if tahun is not None:
            try:
                tahun_iku(tahun)
            except TahunDiLuarPeriode as e:
                raise Penolakan("validasi", str(e), galat={"tahun": [str(e)]}) from None
        data = iku_satu(pk, tahun, semua_status=lihat_semua(request))
        if data is None:
            raise NotFound(f"IKU dengan id {pk} tidak ditemukan (atau tidak aktif pada tahun itu).")
        return Response(IkuDetailSerializer(data).data)


# --- Realisasi ----------------------------------------------------------------------------------


class BolehLihatRealisasi(permissions.BasePermission):
    message = "Anda tidak berhak membaca realisasi Perangkat Daerah ini."

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.has_perm(IZIN_LIHAT))


URUTAN_REALISASI = {
    "tahun": "tahun",
    "triwulan": "triwulan",
    "iku": "iku__kode",
    "status": "status",
    "diubah_pada": "diubah_pada",
}
_KET_TULIS = (
    "Melalui layanan yang sama dengan layar admin (peran, jendela pelaporan, status, "
    "penguncian optimistis `versi`, jejak audit). Penolakan layanan: peran → 403, "
    "konflik → 409, tidak ditemukan → 404, lainnya (status, jendela, catatan, validasi) → 400; "
    "tidak ada yang tersimpan."
)


def _skema_aksi(aksi: Aksi, ringkasan: str, keterangan: str = "") -> Callable[[F], F]:
    """The OpenAPI description shared by the workflow actions of one realisasi (POST
    ``/realisasi/{id}/<aksi>/``): operation ``realisasi_<aksi>``, the path id, an
    :class:`AksiSerializer` body and a :class:`HasilAksiSerializer` answer, with the write
    errors. ``keterangan`` is appended to the common description of writes."""
    return extend_schema(
        operation_id=f"realisasi_{aksi.value}",
        tags=["opd"],
        summary=ringkasan,
        description=_KET_TULIS + keterangan,
        parameters=[P_ID],
        request=AksiSerializer,
        responses={200: HasilAksiSerializer, **galat(400, 401, 403, 404, 409, 413, 415)},
    )


def _pesan_aksi(aksi: Aksi, item: RealisasiIku, dilewati: bool) -> str:
    periode = label_periode(item.tahun, item.triwulan)
    status_label = LABEL_STATUS[Status(item.status)]
    if dilewati:
        return f"Realisasi {item.iku.kode} {periode} sudah berstatus {status_label}."
    return f"Realisasi {item.iku.kode} {periode} kini berstatus {status_label}."


class RealisasiViewSet(viewsets.GenericViewSet):
    """Realisasi of this OPD for signed-in users (Operator, Kepala OPD, Admin OPD)."""

    serializer_class = RealisasiSerializer
    permission_classes = [permissions.IsAuthenticated, BolehLihatRealisasi]
    lookup_value_regex = "[0-9]{1,18}"
    queryset = RealisasiIku.objects.all()

    def get_queryset(self) -> QuerySet[RealisasiIku]:
        return RealisasiIku.objects.select_related("iku")

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if getattr(self, "request", None) is not None and hasattr(self.request, "user"):
            context["peran"] = pelaku_dari_request(self.request).peran
        return context

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = CACHE_CONTROL_PRIBADI
        return response

    def get_object(self) -> RealisasiIku:
        item = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if item is None:
            raise NotFound(f"Realisasi dengan id {self.kwargs['pk']} tidak ditemukan.")
        return item

    @extend_schema(
        operation_id="realisasi_list",
        tags=["opd"],
        summary="Realisasi Perangkat Daerah ini (masuk)",
        parameters=[
            P_TAHUN,
            P_TRIWULAN,
            OpenApiParameter("status", OpenApiTypes.STR, enum=[s.value for s in Status]),
            OpenApiParameter("iku", OpenApiTypes.INT, description="ID IKU."),
            p_urutan(tuple(URUTAN_REALISASI), "tahun,triwulan,iku"),
            P_PAGE,
            P_PAGE_SIZE,
        ],
        # A list action: drf-spectacular wraps it in the paginator's schema itself.
        responses={200: RealisasiSerializer(many=True), **galat(400, 401, 403, 404)},
    )
    def list(self, request: Request) -> Response:
        qs = self.get_queryset()
        tahun = _tahun(request)
        triwulan = param_int(request, "triwulan", 1, 4)
        status_ = param_pilihan(request, "status", [s.value for s in Status])
        iku = param_int(request, "iku", 1, 2**63 - 1)
        if tahun is not None:
            qs = qs.filter(tahun=tahun)
        if triwulan is not None:
            qs = qs.filter(triwulan=triwulan)
        if status_:
            qs = qs.filter(status=status_)
        if iku is not None:
            qs = qs.filter(iku_id=iku)
        urutan = param_urutan(request, tuple(URUTAN_REALISASI))
        kolom = [
            ("-" if u.startswith("-") else "") + URUTAN_REALISASI[u.lstrip("-")] for u in urutan
        ]
        qs = qs.order_by(*(kolom or ["tahun", "triwulan", "iku__kode"]), "pk")
        page = self.paginate_queryset(qs)
        data = self.get_serializer(page, many=True).data
        return self.get_paginated_response(data)

    @extend_schema(
        operation_id="realisasi_detail",
        tags=["opd"],
        summary="Satu realisasi (masuk)",
        parameters=[P_ID],
        responses={200: RealisasiSerializer, **galat(401, 403, 404)},
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        operation_id="realisasi_simpan",
        tags=["opd"],
        summary="Isi atau ubah realisasi satu IKU untuk tahun + triwulan (Operator)",
        description=_KET_TULIS
        + " Membuat realisasi baru (201) atau mengubah yang ada (200). IKU yang tidak dikenal, "
        "triwulan di luar 1–4 dan tahun di luar periode Renstra ditolak dengan 400.",
        request=RealisasiBuatSerializer,
        responses={
            200: RealisasiSerializer,
            201: RealisasiSerializer,
            **galat(400, 401, 403, 409, 413, 415),
        },
    )
    def create(self, request: Request) -> Response:
        masukan = RealisasiBuatSerializer(data=request.data)
        masukan.is_valid(raise_exception=True)
        d = masukan.validated_data
        try:
            hasil = realisasi_simpan(
                pelaku_dari_request(request),
                d["iku"],
                d["tahun"],
                d["triwulan"],
                _input(d),
                d.get("versi"),
            )
        except RealisasiDitolak as e:
            raise dari_penolakan(e, tidak_ditemukan_400="iku") from None
        item = self.get_queryset().get(pk=hasil.realisasi.pk)
        baru = hasil.berubah and item.versi == 1
        return Response(
            self.get_serializer(item).data,
            status=status.HTTP_201_CREATED if baru else status.HTTP_200_OK,
        )

    @extend_schema(
        operation_id="realisasi_ubah",
        tags=["opd"],
        summary="Ubah sebagian isi realisasi (Operator)",
        description=_KET_TULIS + " Kolom yang tidak dikirim tetap. `versi` wajib.",
        parameters=[P_ID],
        request=RealisasiUbahSerializer,
        responses={200: RealisasiSerializer, **galat(400, 401, 403, 404, 409, 413, 415)},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        item = self.get_object()
        masukan = RealisasiUbahSerializer(data=request.data)
        masukan.is_valid(raise_exception=True)
        d = masukan.validated_data
        try:
            realisasi_simpan(
                pelaku_dari_request(request),
                item.iku_id,
                item.tahun,
                item.triwulan,
                _input(d, item),
                d["versi"],
            )
        except RealisasiDitolak as e:
            raise dari_penolakan(e) from None
        return Response(self.get_serializer(self.get_object()).data)

    def _aksi(self, request: Request, aksi: Aksi) -> Response:
        item = self.get_object()
        masukan = AksiSerializer(data=request.data)
        masukan.is_valid(raise_exception=True)
        d = masukan.validated_data
        try:
            hasil = realisasi_aksi(
                pelaku_dari_request(request),
                aksi,
                {item.pk: d.get("versi")},
                d.get("catatan", ""),
            )
        except RealisasiDitolak as e:
            raise dari_penolakan(e) from None
        item = self.get_object()
        dilewati = bool(hasil.dilewati) and not hasil.diproses
        return Response(
            {
                "pesan": _pesan_aksi(aksi, item, dilewati),
                "dilewati": dilewati,
                "realisasi": self.get_serializer(item).data,
            }
        )

    @_skema_aksi(Aksi.AJUKAN, "Ajukan realisasi (Operator)")
    @action(detail=True, methods=["post"])
    def ajukan(self, request: Request, pk: str) -> Response:
        return self._aksi(request, Aksi.AJUKAN)

    @_skema_aksi(Aksi.SETUJUI, "Setujui realisasi (Kepala OPD)")
    @action(detail=True, methods=["post"])
    def setujui(self, request: Request, pk: str) -> Response:
        return self._aksi(request, Aksi.SETUJUI)

    @_skema_aksi(
        Aksi.KEMBALIKAN,
        "Kembalikan realisasi dengan catatan (Kepala OPD)",
        " `catatan` wajib (minimal 5 karakter).",
    )
    @action(detail=True, methods=["post"])
    def kembalikan(self, request: Request, pk: str) -> Response:
        return self._aksi(request, Aksi.KEMBALIKAN)


def _input(d: dict[str, Any], item: RealisasiIku | None = None) -> RealisasiInput:
    """The service's input from validated data; fields not sent keep ``item``'s values."""

    def ambil(nama: str, kosong: Any) -> Any:
        if nama in d:
            nilai = d[nama]
            return kosong if nilai is None and kosong == "" else nilai
        return getattr(item, nama) if item is not None else kosong

    return RealisasiInput(
        nilai=ambil("nilai", None),
        nilai_kualitatif=ambil("nilai_kualitatif", ""),
        faktor_pendorong=ambil("faktor_pendorong", ""),
        faktor_penghambat=ambil("faktor_penghambat", ""),
        tindak_lanjut=ambil("tindak_lanjut", ""),
    )
