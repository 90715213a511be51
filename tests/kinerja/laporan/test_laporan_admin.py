"""OPD admin screen /admin/kinerja-opd/laporan/ and its internal downloads: the list of
reports, the "sertakan yang belum diverifikasi" option, permissions, bad input, the menu, and
tenant isolation (404 on the public domain, B never sees A)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD
from tests.kinerja.laporan.conftest import TAHUN

pytestmark = pytest.mark.django_db

INDEKS = "/admin/kinerja-opd/laporan/"
UNDUH = "/admin/kinerja-opd/laporan/unduh/"


def _isi(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_urls():
    assert reverse("laporan_opd:index") == INDEKS
    assert reverse("laporan_opd:data_iku", args=["csv"]) == f"{UNDUH}iku.csv"
    assert reverse("laporan_opd:capaian_pdf") == f"{UNDUH}capaian-kinerja.pdf"
    assert reverse("laporan:data_iku", args=["json"]) == "/data/iku.json"
    assert reverse("laporan:pk_pdf", args=["2031"]) == "/laporan/pk-2031.pdf"


def test_index_lists_public_reports_and_the_signed_pk(operator_a):
    response = operator_a.get(f"{INDEKS}?tahun={TAHUN}&triwulan=2")
    assert response.status_code == 200
    html = response.content.decode()
    for teks in (
        "Laporan &amp; unduhan data",
        "Versi publik — Triwulan II 2031",
        f"/laporan/capaian-kinerja.pdf?tahun={TAHUN}&amp;triwulan=2",
        f"/data/iku.xlsx?tahun={TAHUN}&amp;triwulan=2",
        f"/data/iku.csv?tahun={TAHUN}&amp;triwulan=2",
        f"/data/iku.json?tahun={TAHUN}&amp;triwulan=2",
        f"/laporan/pk-{TAHUN}.pdf",
        "Sertakan yang belum diverifikasi",
    ):
        assert teks in html, teks
    assert "Versi internal (DRAF)" not in html
    assert "draf=1" not in html


def test_index_with_drafts_ticked_lists_internal_versions(operator_a):
    html = operator_a.get(f"{INDEKS}?tahun={TAHUN}&draf=1").content.decode()
    assert "Versi internal (DRAF) — Tahun 2031" in html
    assert "DRAF — belum diverifikasi." in html
    assert f"{UNDUH}capaian-kinerja.pdf?tahun={TAHUN}&amp;draf=1" in html
    assert f"{UNDUH}iku.csv?tahun={TAHUN}&amp;draf=1" in html


def test_index_without_signed_pk_says_so(operator_a):
    html = operator_a.get(f"{INDEKS}?tahun={TAHUN + 1}").content.decode()
    assert f"Belum ada PK tahun {TAHUN + 1} yang ditandatangani" in html
    assert f"/laporan/pk-{TAHUN + 1}.pdf" not in html


def test_index_bad_parameters_show_a_message_not_500(operator_a):
    for query in ("tahun=abc", "tahun=2099", "triwulan=9", "tahun=1&triwulan=x"):
        response = operator_a.get(f"{INDEKS}?{query}")
        assert response.status_code == 200, query
        html = response.content.decode()
        assert "tidak valid" in html or "di luar" in html, query


def test_index_without_renstra(klien_b, login, izin):
    html = login(klien_b, "operator").get(INDEKS).content.decode()
    assert "Belum ada Renstra" in html


def test_internal_csv_includes_drafts_only_with_the_tick(operator_a):
    polos = _isi(operator_a.get(f"{UNDUH}iku.csv?tahun={TAHUN}&triwulan=2")).decode()
    assert "RAHASIA" not in polos
    draf = operator_a.get(f"{UNDUH}iku.csv?tahun={TAHUN}&triwulan=2&draf=1")
    assert draf.status_code == 200
    assert "no-store" in draf["Cache-Control"]
    assert 'filename="iku-opd-a-2031-tw2-draf.csv"' in draf["Content-Disposition"]
    baris = list(csv.reader(io.StringIO(_isi(draf).decode()[1:]), delimiter=";"))
    teks = "\n".join(";".join(b) for b in baris)
    assert "RAHASIA-DRAF" in teks and "TW1: Diverifikasi; TW2: Draf" in teks
    data = json.loads(operator_a.get(f"{UNDUH}iku.json?tahun={TAHUN}&draf=1").content)
    assert data["hanya_terverifikasi"] is False and data["catatan"].startswith("DRAF")


def test_internal_downloads_bad_parameters_are_400(operator_a):
    for url in (
        f"{UNDUH}iku.csv?tahun=abc",
        f"{UNDUH}iku.json?tahun=2031&triwulan=5",
        f"{UNDUH}capaian-kinerja.pdf?tahun=1800",
    ):
        response = operator_a.get(url)
        assert response.status_code == 400, url
        teks = response.content.decode()
        assert "tidak valid" in teks or "di luar" in teks, url


def test_kepala_may_use_the_screen(klien_a, login, dunia):
    assert login(klien_a, "kepala").get(INDEKS).status_code == 200


def test_user_without_permission_is_refused(klien_a, dunia, opd_a):
    with schema_context(opd_a.schema):
        from django.contrib.auth.models import Permission

        user = get_user_model().objects.create_user("tamu", password=PASSWORD)
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    klien_a.post("/admin/login/", {"username": "tamu", "password": PASSWORD})
    # Wagtail answers a refused admin view with a redirect to the dashboard and a message.
    for url in (
        INDEKS,
        f"{UNDUH}iku.csv?tahun={TAHUN}&draf=1",
        f"{UNDUH}capaian-kinerja.pdf?tahun={TAHUN}&draf=1",
    ):
        response = klien_a.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    html = klien_a.get("/admin/").content.decode()
    assert "RAHASIA" not in html


def test_anonymous_is_sent_to_login(klien_a, dunia):
    for url in (INDEKS, f"{UNDUH}iku.csv?tahun={TAHUN}&draf=1"):
        response = klien_a.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_menu_item_on_opd_domain_only(operator_a, public_client, login):
    assert INDEKS in operator_a.get("/admin/").content.decode()
    verifikator = public_client
    verifikator.post("/admin/login/", {"username": "verifikator", "password": PASSWORD})
    assert INDEKS not in verifikator.get("/admin/").content.decode()


def test_admin_routes_404_on_the_public_domain(dunia, public_client):
    public_client.post("/admin/login/", {"username": "verifikator", "password": PASSWORD})
    for url in (INDEKS, f"{UNDUH}iku.csv?tahun={TAHUN}", f"{UNDUH}capaian-kinerja.pdf"):
        assert public_client.get(url).status_code == 404, url


def test_opd_b_user_sees_only_b(klien_b, login, dunia):
    klien = login(klien_b, "operator")
    teks = _isi(klien.get(f"{UNDUH}iku.csv?tahun={TAHUN}&draf=1")).decode()
    assert "IKU-B1" in teks and "IKU-A" not in teks and "RAHASIA" not in teks
    html = klien.get(f"{INDEKS}?tahun={TAHUN}").content.decode()
    assert "Belum ada PK tahun 2031" in html  # A's signed PK is not B's


def test_write_methods_are_refused(operator_a):
    assert operator_a.post(INDEKS).status_code == 405
    assert operator_a.post(f"{UNDUH}iku.csv?tahun={TAHUN}").status_code == 405
