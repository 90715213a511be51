"""Evidence download /admin/kinerja-opd/realisasi/bukti/<uuid>/: only this OPD's signed-in
users with opd.view_buktidukung get the bytes; other OPD domains, copied cookies, anonymous
visitors, the public domain and /media/ never do. Also the reusable ``bukti_response``."""

from __future__ import annotations

import io

import pytest
from django.http import Http404
from django.urls import reverse
from django_tenants.utils import schema_context
from openpyxl import Workbook

from kinerja.engine.alur import Aksi, Status
from tests.kinerja.opd import test_realisasi_services as layanan
from tests.kinerja.opd.test_realisasi_services import (
    OPERATOR,
    PDF,
    VERIFIKATOR,
    aksi,
    isi,
    ke_status,
    png,
    tambah_bukti,
)

pytestmark = pytest.mark.django_db

data = layanan.data
jadwal = layanan.jadwal
privat = layanan.privat


def _xlsx() -> bytes:
    wb = Workbook()
    wb.active["A1"] = "Realisasi"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def bukti(data, opd_a):
    """A PDF on IKU-1 2031 TW1 of OPD A."""
    with schema_context(opd_a.schema):
        item = isi(data.iku1)
        return tambah_bukti(item, PDF, "Laporan Triwulan.pdf")


@pytest.fixture
def operator_a(host_client, opd_a, login, data):
    return login(host_client(opd_a.domain), "operator")


def alamat(b) -> str:
    return reverse("realisasi_item:bukti", args=[b.pk])


def isi_respons(response) -> bytes:
    return b"".join(response.streaming_content)


def test_url_shape(bukti):
    assert alamat(bukti) == f"/admin/kinerja-opd/realisasi/bukti/{bukti.pk}/"


def test_pdf_is_shown_inline_with_safe_headers(operator_a, bukti):
    response = operator_a.get(alamat(bukti))
    assert response.status_code == 200
    assert isi_respons(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="Laporan Triwulan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    # Wagtail's admin adds its own never-cache directives to ours.
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
    assert response["Content-Length"] == str(len(PDF))


def test_unduh_gives_an_attachment(operator_a, bukti):
    response = operator_a.get(alamat(bukti) + "?unduh=1")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Laporan Triwulan.pdf"'
    assert isi_respons(response) == PDF


def test_office_files_are_always_attachments_and_names_may_be_unicode(operator_a, data, opd_a):
    with schema_context(opd_a.schema):
        item = isi(data.iku1)
        b = tambah_bukti(item, _xlsx(), "Rekap Ünal 2031.xlsx")
        gambar = tambah_bukti(item, png(), "foto.png")
    response = operator_a.get(alamat(b))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Rekap%20%C3%9Cnal%202031.xlsx" in response["Content-Disposition"]
    response = operator_a.get(alamat(gambar))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")


def test_kepala_may_download(host_client, opd_a, login, bukti):
    client = login(host_client(opd_a.domain), "kepala")
    assert isi_respons(client.get(alamat(bukti))) == PDF


def test_user_without_the_permission_gets_no_bytes(host_client, opd_a, login, bukti):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    with schema_context(opd_a.schema):
        tamu = get_user_model().objects.create_user("tamu", password="Rahasia-Uji-2026")
        tamu.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = login(host_client(opd_a.domain), "tamu")
    response = client.get(alamat(bukti))
    assert response.status_code == 302 and response.url == "/admin/"
    assert not getattr(response, "streaming", False)


def test_unknown_and_hidden_files_are_404(operator_a, bukti, opd_a):
    assert operator_a.get("/admin/kinerja-opd/realisasi/bukti/not-a-uuid/").status_code == 404
    acak = "/admin/kinerja-opd/realisasi/bukti/00000000-0000-4000-8000-000000000000/"
    assert operator_a.get(acak).status_code == 404
    from kinerja.opd.realisasi import bukti_hapus

    with schema_context(opd_a.schema):
        bukti_hapus(OPERATOR, str(bukti.pk))
    # Hidden from a draft and never part of a revision: gone.
    assert operator_a.get(alamat(bukti)).status_code == 404


def test_hidden_file_of_an_earlier_revision_is_still_served(operator_a, bukti, opd_a):
    from kinerja.opd.models import RealisasiIku
    from kinerja.opd.realisasi import bukti_hapus

    with schema_context(opd_a.schema):
        item = ke_status(RealisasiIku.objects.get(pk=bukti.realisasi_id), Status.DIVERIFIKASI)
        aksi(item, Aksi.BUKA_KEMBALI, VERIFIKATOR, "Perlu koreksi.")
        bukti_hapus(OPERATOR, str(bukti.pk))
    response = operator_a.get(alamat(bukti))
    assert response.status_code == 200
    assert isi_respons(response) == PDF


def test_missing_file_in_storage_is_404_not_500(operator_a, bukti, opd_a, privat):
    (privat / opd_a.schema / bukti.path).unlink()
    assert operator_a.get(alamat(bukti)).status_code == 404


def test_only_get(operator_a, bukti):
    for metode in ("post", "put", "delete", "patch"):
        assert getattr(operator_a, metode)(alamat(bukti)).status_code == 405


# --- isolation ----------------------------------------------------------------------------


def test_other_opd_operator_on_its_own_host_gets_404(host_client, opd_b, login, bukti):
    client_b = login(host_client(opd_b.domain), "operator")
    for query in ("", "?unduh=1"):
        response = client_b.get(alamat(bukti) + query)
        assert response.status_code == 404
        assert PDF not in response.content


def test_opd_a_cookie_on_opd_b_host_gets_no_bytes(operator_a, host_client, opd_b, bukti):
    client_b = host_client(opd_b.domain)
    client_b.cookies = operator_a.cookies
    response = client_b.get(alamat(bukti))
    assert response.status_code in (302, 404)
    assert not getattr(response, "streaming", False)
    if response.status_code == 302:
        assert "/admin/login/" in response.url


def test_anonymous_is_sent_to_login_without_bytes(host_client, opd_a, bukti):
    response = host_client(opd_a.domain).get(alamat(bukti))
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert not getattr(response, "streaming", False)
    assert PDF not in response.content


def test_public_domain_path_is_404(public_client, login, bukti):
    client = login(public_client, "verifikator")
    response = client.get(alamat(bukti))
    assert response.status_code == 404
    assert not getattr(response, "streaming", False)


def test_media_urls_cannot_reach_the_private_files(operator_a, bukti, opd_a, privat, settings):
    # Signed in on OPD A's own host: even the login-protected media view has no way in.
    relatif = privat.relative_to(privat.anchor)
    for path in (
        f"/media/{opd_a.schema}/{bukti.path}",
        f"/media/{opd_a.schema}/../../{relatif}/{opd_a.schema}/{bukti.path}",
        f"/media/{opd_a.schema}/..%2F..%2F{bukti.path}",
        f"/media/{opd_a.schema}/%2e%2e/{bukti.path}",
    ):
        response = operator_a.get(path)
        assert response.status_code == 404, path
        assert not getattr(response, "streaming", False) or PDF not in isi_respons(response)


# --- bukti_response for the Bappeda side --------------------------------------------------


def test_bukti_response_serves_from_the_schema_it_is_called_in(bukti, opd_a):
    from kinerja.opd.realisasi_item import bukti_response

    # The Bappeda view switches to the OPD's schema first, then calls bukti_response.
    with schema_context(opd_a.schema):
        response = bukti_response(bukti, unduh=True)
        assert isi_respons(response) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    # Called in the wrong schema it finds nothing (never another OPD's file).
    with schema_context("public"), pytest.raises(Http404):
        bukti_response(bukti, unduh=False)


def test_bukti_response_does_not_follow_a_tampered_path(bukti, opd_a, opd_b):
    from kinerja.opd.realisasi_item import bukti_response

    bukti.path = f"../{opd_b.schema}/{bukti.path}"
    with schema_context(opd_a.schema), pytest.raises(Http404):
        bukti_response(bukti, unduh=False)
