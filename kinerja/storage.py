"""Private per-OPD storage of bukti dukung (evidence files).

Files live under ``settings.KINERJA_PRIVATE_MEDIA_ROOT/<schema>/`` (``var/private/<schema>/``
by default), next to but never inside ``MEDIA_ROOT``: the tenant-aware ``/media/<schema>/...``
view (tenants/views.py) serves only ``MEDIA_ROOT/<schema>/`` and refuses ``..`` escapes
(safe_join), so no public or guessable URL reaches these files. They have no URL at all;
only an authorising view may stream them (``storage.open``).

The location follows the schema of the current DB connection at every access, like
django-tenants' TenantFileSystemStorage: one storage instance serves every OPD, and a file
saved inside ``schema_context("opd_a")`` lands under ``opd_a/``.

The DB and the file system cannot share a transaction. A service writes the file first with
:func:`simpan_bukti`, then the row; if the DB work fails it removes the file again::

    nama = simpan_bukti(storage, path_penyimpanan(2026, 3, valid.ekstensi), berkas)
    try:
        with transaction.atomic():
            BuktiDukung.objects.create(berkas=nama, ...)
    except Exception:
        hapus_berkas_diam(storage, nama)
        raise
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import File
from django.core.files.storage import Storage
from django_tenants.files.storage import TenantFileSystemStorage

__all__ = ["BuktiStorage", "bukti_storage", "hapus_berkas_diam", "simpan_bukti"]

logger = logging.getLogger(__name__)

# Owner read/write, group read; nothing for others (the files are personal/official data).
MODE_BERKAS = 0o640
MODE_DIREKTORI = 0o750


def _akar_privat() -> str:
    """The configured private root, refused when it overlaps a publicly served directory."""
    akar_setting = getattr(settings, "KINERJA_PRIVATE_MEDIA_ROOT", None)
    if not akar_setting:
        raise ImproperlyConfigured("KINERJA_PRIVATE_MEDIA_ROOT belum diatur.")
    akar = Path(akar_setting).resolve()
    publik: list[Any] = [
        getattr(settings, "MEDIA_ROOT", None),
        getattr(settings, "STATIC_ROOT", None),
    ]
    # STATICFILES_DIRS entries are a path or a (prefix, path) pair.
    for entri in getattr(settings, "STATICFILES_DIRS", ()):
        publik.append(entri[1] if isinstance(entri, list | tuple) else entri)
    for lain_setting in publik:
        if not lain_setting:
            continue
        lain = Path(lain_setting).resolve()
        # Nested either way would let a public view (or a misconfigured web server) walk
        # into the private files; equal is the same.
        if akar == lain or lain in akar.parents or akar in lain.parents:
            raise ImproperlyConfigured(
                f"KINERJA_PRIVATE_MEDIA_ROOT ({akar}) tidak boleh berada di dalam, sama dengan, "
                f"atau memuat direktori publik {lain}."
            )
    return str(akar)


class BuktiStorage(TenantFileSystemStorage):
    """File storage for evidence files: ``<KINERJA_PRIVATE_MEDIA_ROOT>/<schema>/<name>``.

    Private: no base URL and :meth:`url` raises, so no template or serializer can turn a file
    into a link by accident. Nothing is cached: the root setting and the current schema are
    read at every access (TenantFileSystemStorage's ``location`` is a plain property).
    """

    def __init__(self) -> None:
        # No location/base_url arguments on purpose: a fixed location would bypass the
        # per-schema folder (TenantFileSystemStorage prefers an explicit location).
        super().__init__(
            file_permissions_mode=MODE_BERKAS, directory_permissions_mode=MODE_DIREKTORI
        )

    @property  # Not cached: the settings may change (tests) and are cheap to read.
    def relative_media_root(self) -> str:
        """Root with the ``%s`` placeholder that django-tenants fills with the schema name."""
        return os.path.join(_akar_privat(), "%s")

    @property
    def base_url(self) -> None:  # type: ignore[override]
        """No URL: the files are served only by an authorising view."""
        return None

    def url(self, name: str | None) -> NoReturn:
        """Always refused: evidence files have no public URL."""
        raise ValueError(
            "Berkas bukti dukung bersifat privat dan tidak punya URL; "
            "sajikan lewat view yang memeriksa hak akses."
        )


def bukti_storage() -> BuktiStorage:
    """The evidence storage (usable as ``FileField(storage=bukti_storage)``).

    A new instance per call is cheap; any instance follows the current schema anyway.
    """
    return BuktiStorage()


def simpan_bukti(storage: Storage, path: str, berkas: BinaryIO | File) -> str:
    """Write ``berkas`` (from its start) at ``path`` in ``storage``; return the stored name.

    ``path`` comes from :func:`kinerja.bukti.path_penyimpanan` (random, never the user's
    name). An existing file at ``path`` is never overwritten or renamed around: FileExistsError.
    If writing fails half-way the partial file is removed before the error propagates.
    Call it in the schema of the OPD that owns the file.
    """
    if storage.exists(path):
        raise FileExistsError(f"Berkas bukti sudah ada: {path}")
    konten = berkas if isinstance(berkas, File) else File(berkas)
    konten.seek(0)
    try:
        return storage.save(path, konten)
    except BaseException:
        # Django's FileSystemStorage leaves a partial file behind when a chunk fails.
        hapus_berkas_diam(storage, path)
        raise


def hapus_berkas_diam(storage: Storage, path: str) -> bool:
    """Delete ``path`` if it exists; True when a file was removed.

    Meant for clean-up after a failed DB transaction, inside an ``except`` block: a missing
    file is fine and an OS error is only logged, so the original error is the one raised.
    A path escaping the storage root still raises SuspiciousFileOperation.
    """
    if not path:
        return False
    try:
        if not storage.exists(path):
            return False
        storage.delete(path)
    except FileNotFoundError:
        return False
    except OSError:
        logger.warning("Gagal menghapus berkas bukti %s", path, exc_info=True)
        return False
    return True
