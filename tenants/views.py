"""Tenant-aware media serving.

Files are stored under ``var/media/<schema>/`` and their URLs are ``/media/<schema>/<path>``
(django-tenants' TenantFileSystemStorage). This view serves a file only when ``<schema>`` is
the schema of the domain being visited, so OPD A's files are never reachable through OPD B's
domain. Wagtail images (used on public pages) are public; every other file (documents,
evidence uploads) needs a signed-in user of that schema.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.utils._os import safe_join

PUBLIC_PREFIXES = ("images/", "original_images/")


def media_serve(request: HttpRequest, schema: str, path: str) -> HttpResponseBase:
    if schema != connection.schema_name:
        raise Http404("Berkas tidak ditemukan.")
    if not path.startswith(PUBLIC_PREFIXES) and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        full = safe_join(default_storage.location, path)
    except SuspiciousFileOperation as exc:
        raise Http404("Berkas tidak ditemukan.") from exc
    if not default_storage.exists(path):
        raise Http404("Berkas tidak ditemukan.")
    return FileResponse(open(full, "rb"))
