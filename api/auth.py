"""The sign-in endpoint of the API: POST /api/v1/auth/token/ (the token authentication class
itself is api/autentikasi.py). Tokens are rows of the schema of the domain that issued them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.exceptions import Penolakan
from api.serializers_dasar import GalatSerializer, SerializerDasar
from api.throttling import AnonimThrottle, login_gagal_catat, login_gagal_tunggu
from kinerja.opd.realisasi import pelaku_dari_user


class MasukSerializer(SerializerDasar):
    username = serializers.CharField(max_length=150, help_text="Nama pengguna di domain ini.")
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Kirim sebagai 'Authorization: Token <token>'.")
    pengguna = serializers.CharField()
    peran = serializers.ListField(
        child=serializers.CharField(),
        help_text="Peran alur pelaporan: operator, kepala, verifikator.",
    )


class TokenView(APIView):
    """Issue (or return the existing) API token of a user of THIS domain."""

    authentication_classes: list[Any] = []  # a sign-in needs no session (and no CSRF)
    permission_classes = [AllowAny]
    throttle_classes = [AnonimThrottle]

    @extend_schema(
        operation_id="auth_token",
        tags=["auth"],
        summary="Minta token API",
        description=(
            "Nama pengguna dan kata sandi akun di domain INI (setiap Perangkat Daerah punya "
            "pengguna sendiri) ditukar dengan token. Token hanya berlaku di domain yang "
            "menerbitkannya. Setelah terlalu banyak kegagalan dari satu alamat IP atau untuk "
            "satu nama pengguna, permintaan ditolak dengan 429."
        ),
        request=MasukSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(GalatSerializer, description="Data tidak lengkap atau salah."),
            429: OpenApiResponse(GalatSerializer, description="Terlalu banyak kegagalan."),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = MasukSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        username = data.validated_data["username"]
        tunggu = login_gagal_tunggu(request, username)
        if tunggu is not None:
            raise exceptions.Throttled(wait=tunggu)
        user = authenticate(
            request._request, username=username, password=data.validated_data["password"]
        )
        if user is None or not user.is_active:
            login_gagal_catat(request, username)
            raise Penolakan(
                "kredensial",
                "Nama pengguna atau kata sandi salah untuk domain ini.",
                galat={"umum": ["Nama pengguna atau kata sandi salah untuk domain ini."]},
            )
        token, _ = Token.objects.get_or_create(user=user)
        peran = sorted(p.value for p in pelaku_dari_user(user).peran)
        return Response({"token": token.key, "pengguna": user.get_username(), "peran": peran})
