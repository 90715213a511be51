"""Token authentication per domain (kept apart from the views: DRF imports it while
``rest_framework.views`` is still loading).

``rest_framework.authtoken`` is installed in every schema (BOTH_APPS), like the users: a token
is a row of the schema of the domain it was issued on, for a user of that schema. Sent to
another OPD's domain it is simply unknown there: 401.
"""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request


class TokenAutentikasi(TokenAuthentication):
    """``Authorization: Token <key>``, with Indonesian messages."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        bagian = request.META.get("HTTP_AUTHORIZATION", "").split()
        if not bagian or bagian[0].lower() != self.keyword.lower():
            return None
        if len(bagian) != 2:
            raise exceptions.AuthenticationFailed(
                "Header Authorization tidak valid; gunakan 'Token <token>'."
            )
        return self.authenticate_credentials(bagian[1])

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        from rest_framework.authtoken.models import Token

        token = Token.objects.select_related("user").filter(key=key[:40]).first()
        if token is None or len(key) > 40:
            raise exceptions.AuthenticationFailed(
                "Token tidak valid untuk domain ini. Minta token di /api/v1/auth/token/ pada "
                "domain yang sama."
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("Akun pengguna ini tidak aktif.")
        return token.user, token
