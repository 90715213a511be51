from __future__ import annotations

from rest_framework import serializers

from tenants.models import Opd
from tenants.selectors import opd_primary_domain


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
