"""Read API of the registry. Thin: selectors do the querying."""

from __future__ import annotations

from django.db import connection
from django.http import Http404
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.v1.serializers import OpdSerializer
from tenants.selectors import opd_get, opd_list


class OpdListView(generics.ListAPIView):
    """Public domain: every active Perangkat Daerah with its site's domain."""

    serializer_class = OpdSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return opd_list()


class OpdProfilView(APIView):
    """OPD domain: the profile of the OPD whose domain this is."""

    serializer_class = OpdSerializer

    def get(self, request: Request) -> Response:
        opd = opd_get(connection.schema_name)
        if opd is None:
            raise Http404
        return Response(OpdSerializer(opd).data)
