"""Read side of the OPD registry."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from tenants.models import Domain, Opd


def opd_list(*, aktif: bool | None = True) -> QuerySet[Opd]:
    """OPD workspaces (the public/province row excluded), with their domains prefetched."""
    qs = Opd.objects.exclude(schema_name=settings.PUBLIC_SCHEMA_NAME).prefetch_related("domains")
    if aktif is not None:
        qs = qs.filter(aktif=aktif)
    return qs.order_by("kode")


def opd_get(schema: str) -> Opd | None:
    return Opd.objects.filter(schema_name=schema).first()


def opd_primary_domain(opd: Opd) -> str | None:
    domains: list[Domain] = list(opd.domains.all())
    for domain in domains:
        if domain.is_primary:
            return domain.domain
    return domains[0].domain if domains else None


def opd_directory(request: Any) -> list[dict[str, Any]]:
    """OPD list for the portal: name, jenis and a link to the OPD's own site on the port the
    visitor is using (so http://localhost:8000 links to http://dinkes.localhost:8000)."""
    port = request.get_port() if request is not None else "80"
    scheme = request.scheme if request is not None else "http"
    suffix = "" if port in ("80", "443") else f":{port}"
    rows = []
    for opd in opd_list():
        host = opd_primary_domain(opd)
        rows.append(
            {
                "schema": opd.schema_name,
                "nama": opd.nama,
                "singkatan": opd.singkatan,
                "jenis": opd.get_jenis_display(),
                "url": f"{scheme}://{host}{suffix}/" if host else None,
            }
        )
    return rows
