"""create_opd / delete_opd management commands: clear errors, nothing half-done, backups."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_exists

from tenants.models import Opd
from tenants.services import opd_provision


@pytest.mark.django_db
def test_create_opd_command_creates_a_working_opd(capsys, host_client):
    call_command(
        "create_opd",
        schema="dinkes_uji",
        nama="Dinas Kesehatan Uji",
        singkatan="DINKES",
        domain="dinkes-uji.localhost",
        admin_password="Sandi-Uji-2026",
    )
    out = capsys.readouterr().out
    assert "dinkes_uji" in out and "http://dinkes-uji.localhost/admin/" in out
    response = host_client("dinkes-uji.localhost").get("/")
    assert response.status_code == 200
    assert "Dinas Kesehatan Uji" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("schema", "domain", "message"),
    [
        ("Bad Name", "x1.localhost", "tidak valid"),
        ("public", "x2.localhost", "dicadangkan"),
        ("opd_template", "x3.localhost", "dicadangkan"),
        ("pg_toast", "x4.localhost", "pg_"),
        ("opd_a", "x5.localhost", "sudah dipakai"),
        ("dinas_z", "opd-b.localhost", "sudah dipakai"),
    ],
)
def test_create_opd_command_errors(schema, domain, message):
    before = Opd.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command(
            "create_opd", schema=schema, nama="N", singkatan="S", domain=domain, no_input=True
        )
    assert Opd.objects.count() == before


def test_create_opd_command_requires_arguments():
    with pytest.raises(CommandError, match="--schema"):
        call_command("create_opd", nama="N", singkatan="S", domain="d.localhost")


@pytest.mark.django_db
def test_delete_opd_refuses_without_yes(opd_b):
    with pytest.raises(CommandError, match="--yes"):
        call_command("delete_opd", schema=opd_b.schema)
    assert schema_exists(opd_b.schema)
    assert Opd.objects.filter(schema_name=opd_b.schema).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("schema", "message"),
    [("public", "dicadangkan"), ("opd_template", "dicadangkan"), ("tidak_ada", "tidak ditemukan")],
)
def test_delete_opd_refuses_reserved_and_unknown(schema, message):
    with pytest.raises(CommandError, match=message):
        call_command("delete_opd", schema=schema, yes=True)
    assert schema_exists("public")


def test_delete_opd_backs_up_then_drops(django_db_blocker, tmp_path: Path, settings):
    """Runs outside a test transaction: pg_dump is another connection and must see the data."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django_tenants.utils import schema_context

    with django_db_blocker.unblock():
        opd_provision(
            schema="akan_dihapus", nama="Akan Dihapus", singkatan="AD", domain="ad.localhost"
        )
        with schema_context("akan_dihapus"):
            default_storage.save("bukti/laporan.txt", ContentFile(b"isi"))
            from kinerja.storage import bukti_storage

            bukti_storage().save("bukti/2026/tw1/x.pdf", ContentFile(b"%PDF-1.4"))
        media = Path(settings.MEDIA_ROOT) / "akan_dihapus"
        private = Path(settings.KINERJA_PRIVATE_MEDIA_ROOT) / "akan_dihapus"
        assert (private / "bukti" / "2026" / "tw1" / "x.pdf").exists()
        assert (media / "bukti" / "laporan.txt").exists()
        try:
            call_command("delete_opd", schema="akan_dihapus", yes=True, backup_dir=str(tmp_path))
            dumps = list(tmp_path.glob("akan_dihapus-*.dump"))
            assert len(dumps) == 1
            assert dumps[0].stat().st_size > 10_000
            assert not schema_exists("akan_dihapus")
            assert not Opd.objects.filter(schema_name="akan_dihapus").exists()
            # The dump is a real pg_dump of that schema: pg_restore can list its tables.
            import subprocess

            from config.embedded import pg_bin

            listing = subprocess.run(
                [pg_bin("pg_restore"), "--list", str(dumps[0])],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            assert "akan_dihapus wagtailcore_page" in listing
            # Uploaded files are archived beside the dump, then removed.
            import tarfile

            archives = list(tmp_path.glob("akan_dihapus-*-media.tar.gz"))
            assert len(archives) == 1
            with tarfile.open(archives[0]) as tar:
                assert "./bukti/laporan.txt" in tar.getnames()
            assert not media.exists()
            # So are the private evidence files.
            archives = list(tmp_path.glob("akan_dihapus-*-private.tar.gz"))
            assert len(archives) == 1
            with tarfile.open(archives[0]) as tar:
                assert "./bukti/2026/tw1/x.pdf" in tar.getnames()
            assert not private.exists()
        finally:
            connection.set_schema_to_public()
            leftover = Opd.objects.filter(schema_name="akan_dihapus").first()
            if leftover is not None:
                leftover.delete(force_drop=True)
