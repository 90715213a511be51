"""Private per-OPD storage of bukti dukung (kinerja.storage).

Files land under KINERJA_PRIVATE_MEDIA_ROOT/<schema>/, have no URL, and the tenant-aware
/media/<schema>/<path> view (which serves MEDIA_ROOT) cannot reach them, not even with ``..``.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django_tenants.utils import schema_context

from kinerja.bukti import path_penyimpanan
from kinerja.storage import BuktiStorage, bukti_storage, hapus_berkas_diam, simpan_bukti
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def disimpan() -> Iterator[list[tuple[str, str]]]:
    """(schema, name) of files a test wrote; removed afterwards (the root is shared)."""
    daftar: list[tuple[str, str]] = []
    yield daftar
    for schema, nama in daftar:
        with schema_context(schema):
            hapus_berkas_diam(bukti_storage(), nama)
            default_storage.delete(nama)


def _simpan(schema: str, disimpan: list[tuple[str, str]], isi: bytes = PDF) -> str:
    with schema_context(schema):
        nama = simpan_bukti(bukti_storage(), path_penyimpanan(2026, 3, ".pdf"), io.BytesIO(isi))
    disimpan.append((schema, nama))
    return nama


def _akar() -> Path:
    return Path(django_settings.KINERJA_PRIVATE_MEDIA_ROOT).resolve()


def test_test_settings_use_their_own_private_root():
    akar = _akar()
    assert akar.name == "test-private"
    media = Path(django_settings.MEDIA_ROOT).resolve()
    assert media not in akar.parents and akar not in media.parents and akar != media


def test_files_land_under_the_schema_of_the_connection(opd_a, opd_b, disimpan):
    nama_a = _simpan(opd_a.schema, disimpan, PDF + b"A")
    nama_b = _simpan(opd_b.schema, disimpan, PDF + b"B")
    assert nama_a.startswith("bukti/2026/tw3/")
    berkas_a = _akar() / opd_a.schema / nama_a
    berkas_b = _akar() / opd_b.schema / nama_b
    assert berkas_a.read_bytes() == PDF + b"A"
    assert berkas_b.read_bytes() == PDF + b"B"
    # Private: no access for "others" on the file system either.
    assert stat.S_IMODE(berkas_a.stat().st_mode) == 0o640


def test_one_instance_follows_the_current_schema(opd_a, opd_b, disimpan):
    # Built in the public schema, as a model field's storage would be at import time.
    connection.set_schema_to_public()
    storage = BuktiStorage()
    assert storage.location == str(_akar() / "public")
    with schema_context(opd_a.schema):
        assert storage.location == str(_akar() / opd_a.schema)
        nama = storage.save(path_penyimpanan(2026, 1, "pdf"), ContentFile(PDF))
        disimpan.append((opd_a.schema, nama))
    with schema_context(opd_b.schema):
        assert storage.location == str(_akar() / opd_b.schema)
        assert not storage.exists(nama)  # OPD B does not see OPD A's file
    with schema_context(opd_a.schema):
        assert storage.exists(nama)
        with storage.open(nama) as f:
            assert f.read() == PDF


def test_root_setting_is_read_at_every_access(opd_a, settings, tmp_path):
    storage = bukti_storage()
    settings.KINERJA_PRIVATE_MEDIA_ROOT = tmp_path / "lain"
    with schema_context(opd_a.schema):
        assert storage.location == str(tmp_path / "lain" / opd_a.schema)


def test_files_have_no_url(opd_a, disimpan):
    nama = _simpan(opd_a.schema, disimpan)
    storage = bukti_storage()
    assert storage.base_url is None
    with schema_context(opd_a.schema), pytest.raises(ValueError, match="privat"):
        storage.url(nama)


@pytest.mark.parametrize("setting", ["MEDIA_ROOT", "STATIC_ROOT"])
def test_private_root_inside_a_public_directory_is_refused(setting, settings, opd_a):
    publik = Path(getattr(settings, setting))
    settings.KINERJA_PRIVATE_MEDIA_ROOT = publik / "private"
    with schema_context(opd_a.schema), pytest.raises(ImproperlyConfigured):
        _ = bukti_storage().location


def test_private_root_containing_media_root_is_refused(settings, opd_a):
    settings.KINERJA_PRIVATE_MEDIA_ROOT = Path(settings.MEDIA_ROOT).parent
    with schema_context(opd_a.schema), pytest.raises(ImproperlyConfigured):
        _ = bukti_storage().location


def test_media_view_does_not_serve_private_files(host_client, opd_a, disimpan):
    nama = _simpan(opd_a.schema, disimpan)
    with schema_context(opd_a.schema):
        keluar = os.path.relpath(bukti_storage().path(nama), default_storage.location)
    assert keluar.startswith("..")

    client = host_client(opd_a.domain)
    masuk = client.post("/admin/login/", {"username": "operator", "password": PASSWORD})
    assert masuk.status_code == 302
    assert client.get(f"/media/{opd_a.schema}/{nama}").status_code == 404
    assert client.get(f"/media/{opd_a.schema}/{keluar}").status_code == 404
    encoded = keluar.replace("..", "%2e%2e")
    assert client.get(f"/media/{opd_a.schema}/{encoded}").status_code == 404
    # The anonymous shortcut for public image prefixes does not open a way either.
    anonim = host_client(opd_a.domain)
    assert anonim.get(f"/media/{opd_a.schema}/images/../{keluar}").status_code == 404

    # Control: the same client does get a real media file of its OPD, so the 404s above
    # come from the separation, not from a failed login.
    with schema_context(opd_a.schema):
        publik = default_storage.save(f"documents/uji-{Path(nama).name}", ContentFile(b"publik"))
    disimpan.append((opd_a.schema, publik))
    response = client.get(f"/media/{opd_a.schema}/{publik}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"publik"


def test_simpan_bukti_never_overwrites(opd_a, disimpan):
    nama = _simpan(opd_a.schema, disimpan, PDF + b"asli")
    with schema_context(opd_a.schema):
        with pytest.raises(FileExistsError):
            simpan_bukti(bukti_storage(), nama, io.BytesIO(PDF + b"palsu"))
        with bukti_storage().open(nama) as f:
            assert f.read() == PDF + b"asli"


def test_simpan_bukti_writes_from_the_start_of_the_stream(opd_a, disimpan):
    berkas = io.BytesIO(PDF)
    berkas.seek(5)
    with schema_context(opd_a.schema):
        nama = simpan_bukti(bukti_storage(), path_penyimpanan(2026, 2, ".pdf"), berkas)
        disimpan.append((opd_a.schema, nama))
        with bukti_storage().open(nama) as f:
            assert f.read() == PDF


def test_failed_write_leaves_no_partial_file(opd_a):
    class Putus(io.BytesIO):
        """Fails after the first chunk, like a dropped upload."""

        def read(self, size: int | None = -1) -> bytes:
            if self.tell() > 0:
                raise OSError("koneksi terputus")
            return super().read(64 * 1024)

    path = path_penyimpanan(2026, 3, ".pdf")
    with schema_context(opd_a.schema):
        storage = bukti_storage()
        with pytest.raises(OSError, match="terputus"):
            simpan_bukti(storage, path, Putus(PDF + b"\x00" * 200_000))
        assert not storage.exists(path)


def test_hapus_berkas_diam(opd_a, disimpan):
    nama = _simpan(opd_a.schema, disimpan)
    with schema_context(opd_a.schema):
        storage = bukti_storage()
        assert hapus_berkas_diam(storage, nama) is True
        assert not storage.exists(nama)
        assert hapus_berkas_diam(storage, nama) is False  # already gone: quiet
        assert hapus_berkas_diam(storage, "") is False
        with pytest.raises(SuspiciousFileOperation):
            hapus_berkas_diam(storage, "../opd_b/bukti/x.pdf")


def test_hapus_berkas_diam_in_a_rolled_back_transaction(opd_a):
    """The pattern a service uses: file first, then the row; on failure remove the file."""
    from django.db import transaction

    with schema_context(opd_a.schema):
        storage = bukti_storage()
        nama = simpan_bukti(storage, path_penyimpanan(2026, 4, ".pdf"), io.BytesIO(PDF))
        with pytest.raises(RuntimeError):
            try:
                with transaction.atomic():
                    raise RuntimeError("simpan baris gagal")
            except RuntimeError:
                hapus_berkas_diam(storage, nama)
                raise
        assert not storage.exists(nama)
