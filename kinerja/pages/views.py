"""Public download of the evidence files an OPD chose to publish (OPD domains only)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_http_methods

from kinerja.opd.tenancy import hanya_opd
from kinerja.pages.selectors import bukti_publik


@require_http_methods(["GET", "HEAD"])
@hanya_opd
def bukti_publik_unduh(request: HttpRequest, bukti_id: Any) -> FileResponse:
    """``/bukti-publik/<uuid>/``: the file when the OPD published it (``publikasi``), it is not
    deleted, its realisasi is verified and its IKU active; 404 for anything else, for every
    visitor, and on the portal domain. Ids of another OPD do not exist in this schema."""
    from kinerja.opd.realisasi_item import bukti_response

    bukti = bukti_publik(bukti_id)
    if bukti is None:
        raise Http404("Bukti dukung tidak ditemukan.")
    return bukti_response(bukti, unduh=request.GET.get("unduh") == "1")
