"""Audit trail screen /admin/kinerja-opd/realisasi/audit/ and its .xlsx/.csv exports (whole
OPD and per item): filters, pagination, read-only (405 for writes, no admin route edits it,
the model refuses update/delete), permissions and tenant isolation."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from kinerja.engine.alur import Aksi, Status
from kinerja.engine.jadwal import WITA
from kinerja.opd.audit_export import KOLOM_AUDIT
from kinerja.opd.models import JejakAudit
from tests.kinerja.opd import test_realisasi_services as layanan
from tests.kinerja.opd.test_realisasi_services import (
    KEPALA,
    aksi,
    isi,
    ke_status,
    tambah_bukti,
)

pytestmark = pytest.mark.django_db
D = Decimal

data = layanan.data
jadwal = layanan.jadwal
privat = layanan.privat

AUDIT = "/admin/kinerja-opd/realisasi/audit/"
EKSPOR = "/admin/kinerja-opd/realisasi/audit/ekspor/"


@pytest.fixture
def jejak_a(data, opd_a):
    """Audit rows in OPD A: IKU-1 created, changed, a file, submitted and returned; IKU-2
    created. Returns the two items."""
    with schema_context(opd_a.schema):
        item1 = isi(data.iku1, D(20), faktor_pendorong='=HYPERLINK("http://x")')
        item1 = isi(data.iku1, D(21), versi=item1.versi, faktor_pendorong="Anggaran")
        tambah_bukti(item1)
        ke_status(item1, Status.DIAJUKAN)
        aksi(item1, Aksi.KEMBALIKAN, KEPALA, "Lengkapi bukti dukung.")
        item2 = isi(data.iku2, None, nilai_kualitatif="WTP")
    return item1, item2


@pytest.fixture
def operator_a(host_client, opd_a, login, data):
    return login(host_client(opd_a.domain), "operator")


def test_urls():
    assert reverse("realisasi_item:audit") == AUDIT
    assert reverse("realisasi_item:audit_ekspor") == EKSPOR


def test_audit_screen_lists_the_trail(operator_a, jejak_a):
    response = operator_a.get(AUDIT)
    assert response.status_code == 200
    html = response.content.decode()
    for teks in (
        "Jejak audit realisasi",
        "Buat realisasi",
        "Ubah realisasi",
        "Tambah bukti dukung",
        "Kembalikan",
        "Lengkapi bukti dukung.",
        "10.1.2.3",  # the operator's IP recorded by the service
        "IKU-2",
        "tidak dapat diubah atau dihapus",
        "Ekspor .xlsx",
    ):
        assert teks in html, teks
    # Read only: no form posts anywhere but the filter (GET).
    assert 'method="post"' not in html.split("Jejak audit realisasi", 1)[1]


def test_menu_item_under_reports_on_opd_domain(operator_a, jejak_a):
    html = operator_a.get("/admin/").content.decode()
    assert AUDIT in html


@pytest.mark.parametrize(
    ("query", "ada", "tidak"),
    [
        ("aksi=kembalikan", ["Lengkapi bukti dukung."], ["Tambah bukti dukung</td>"]),
        ("pengguna=kepala", ["Kepala Uji"], ["Operator Uji"]),
        ("triwulan=2", [], ["Operator Uji", "Kepala Uji"]),
        ("tahun=2031&triwulan=1", ["Operator Uji", "Kepala Uji"], []),
    ],
)
def test_filters(operator_a, jejak_a, query, ada, tidak):
    html = operator_a.get(f"{AUDIT}?{query}").content.decode()
    tabel = html.split("<tbody>", 1)[1]
    for teks in ada:
        assert teks in tabel, teks
    for teks in tidak:
        assert teks not in tabel, teks


def test_filter_by_iku(operator_a, jejak_a, data):
    html = operator_a.get(f"{AUDIT}?iku={data.iku2.pk}").content.decode()
    tabel = html.split("<tbody>", 1)[1]
    assert "IKU-2" in tabel and ">IKU-1<" not in tabel


@pytest.mark.parametrize("query", ["tahun=abc", "triwulan=9", "iku=x", "aksi=hapus_semua", "p=zz"])
def test_bad_filters_are_explained_not_500(operator_a, jejak_a, query):
    response = operator_a.get(f"{AUDIT}?{query}")
    assert response.status_code == 200
    if not query.startswith("p="):
        assert "tidak valid dan diabaikan" in response.content.decode()


def test_pagination(operator_a, jejak_a, opd_a):
    item1, _ = jejak_a
    with schema_context(opd_a.schema):
        JejakAudit.objects.bulk_create(
            JejakAudit(
                pengguna=f"Pengguna {i}",
                sumber="sistem",
                aksi="ubah",
                realisasi=item1,
                revisi=1,
                kolom="Realisasi",
                nilai_lama=str(i),
                nilai_baru=str(i + 1),
            )
            for i in range(60)
        )
        total = JejakAudit.objects.count()
    html = operator_a.get(AUDIT).content.decode()
    assert f"{total} catatan" in html
    assert "Halaman 1 dari 2" in html and "p=2" in html
    html = operator_a.get(f"{AUDIT}?p=2&pengguna=").content.decode()
    assert "Halaman 2 dari 2" in html
    assert "Halaman 2 dari 2" in operator_a.get(f"{AUDIT}?p=999").content.decode()


def test_no_write_method_on_audit_routes(operator_a, jejak_a):
    item1, _ = jejak_a
    per_item = reverse("realisasi_item:audit_item_ekspor", args=[item1.pk])
    for alamat in (AUDIT, EKSPOR, per_item):
        for metode in ("post", "put", "patch", "delete"):
            response = getattr(operator_a, metode)(alamat)
            assert response.status_code == 405, (alamat, metode)
    with schema_context("opd_a"):
        assert JejakAudit.objects.filter(realisasi=item1).exists()


def test_no_admin_route_edits_the_audit_trail():
    """No URL of the OPD URLconf is an add/edit/delete view of JejakAudit; the only routes
    about it are ours, which are GET only."""

    def semua(patterns, awalan=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from semua(p.url_patterns, awalan + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield awalan + str(p.pattern), p.callback

    jejak = []
    for rute, callback in semua(get_resolver("config.urls_tenant").url_patterns):
        kelas = getattr(callback, "view_class", None)
        model = getattr(kelas, "model", None) or getattr(
            getattr(callback, "view_initkwargs", {}), "get", lambda *_: None
        )("model")
        assert model is not JejakAudit, rute
        if "audit" in rute:
            jejak.append((rute, callback))
    assert {r for r, _ in jejak} >= {
        "admin/kinerja-opd/realisasi/audit/",
        "admin/kinerja-opd/realisasi/audit/ekspor/",
        "admin/kinerja-opd/realisasi/<int:pk>/audit/ekspor/",
    }
    for rute, callback in jejak:
        kelas = getattr(callback, "view_class", None)
        if kelas is not None:
            assert set(kelas.http_method_names) <= {"get", "head", "options"}, rute


def test_model_refuses_update_and_delete(jejak_a, opd_a):
    with schema_context(opd_a.schema):
        row = JejakAudit.objects.first()
        row.catatan = "diubah"
        with pytest.raises(ValidationError, match="tidak dapat diubah"):
            row.save()
        with pytest.raises(ValidationError, match="tidak dapat dihapus"):
            row.delete()
        with pytest.raises(ValidationError):
            JejakAudit.objects.update(catatan="diubah")
        with pytest.raises(ValidationError), transaction.atomic():
            JejakAudit.objects.all().delete()
        assert not JejakAudit.objects.filter(catatan="diubah").exists()


# --- exports ------------------------------------------------------------------------------


def _xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    ws = load_workbook(io.BytesIO(response.content))["Jejak audit"]
    return list(ws.iter_rows(values_only=True)), ws


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    teks = b"".join(response.streaming_content).decode("utf-8")
    assert teks.startswith("\ufeff")
    return list(csv.reader(io.StringIO(teks[1:]), delimiter=";"))


def test_xlsx_export_has_every_column(operator_a, jejak_a, opd_a):
    with schema_context(opd_a.schema):
        jumlah = JejakAudit.objects.count()
        terbaru = JejakAudit.objects.first()
    rows, ws = _xlsx(operator_a.get(f"{EKSPOR}?format=xlsx"))
    assert rows[1] == KOLOM_AUDIT
    data_rows = rows[2:]
    assert len(data_rows) == jumlah
    pertama = dict(zip(KOLOM_AUDIT, data_rows[0], strict=True))
    waktu = terbaru.waktu.astimezone(WITA).replace(tzinfo=None, microsecond=0)
    assert isinstance(pertama["Waktu (WITA)"], datetime)
    assert pertama["Waktu (WITA)"].replace(microsecond=0) == waktu
    kembali = next(r for r in data_rows if r[4] == "Kembalikan")
    assert kembali[1:] == (
        "Kepala Uji (kepala)",
        "Pengguna OPD",
        "10.1.2.4",
        "Kembalikan",
        "IKU-1",
        2031,
        1,
        1,
        "Status",
        "Diajukan",
        "Draf",
        "Lengkapi bukti dukung.",
    )
    # A typed "=HYPERLINK(...)" stays text, never a formula.
    rumus = [c for row in ws.iter_rows() for c in row if str(c.value or "").startswith("=")]
    assert rumus and all(c.data_type == "s" for c in rumus)


def test_csv_export_with_filters(operator_a, jejak_a, data):
    rows = _csv(operator_a.get(f"{EKSPOR}?format=csv&iku={data.iku1.pk}"))
    assert tuple(rows[0]) == KOLOM_AUDIT
    assert rows[1:] and all(r[5] == "IKU-1" for r in rows[1:])
    assert any(r[4] == "Tambah bukti dukung" and r[11] == "laporan.pdf" for r in rows[1:])
    # Formula-like text is neutralised with a leading apostrophe.
    assert any(r[11].startswith("'=HYPERLINK") for r in rows[1:])
    datetime.strptime(rows[1][0], "%Y-%m-%d %H:%M:%S")
    rows = _csv(operator_a.get(f"{EKSPOR}?format=csv&aksi=kembalikan"))
    assert len(rows) == 2 and rows[1][12] == "Lengkapi bukti dukung."


def test_per_item_export(operator_a, jejak_a, opd_a):
    item1, item2 = jejak_a
    alamat = reverse("realisasi_item:audit_item_ekspor", args=[item2.pk])
    rows, _ = _xlsx(operator_a.get(alamat))
    assert rows[0][0].startswith("Jejak audit IKU-2")
    assert [r[5] for r in rows[2:]] == ["IKU-2"]
    rows = _csv(operator_a.get(f"{alamat}?format=csv"))
    assert [r[5] for r in rows[1:]] == ["IKU-2"]
    response = operator_a.get(reverse("realisasi_item:audit_item_ekspor", args=[item1.pk]))
    assert "jejak-audit-iku-1-2031-tw1.xlsx" in response["Content-Disposition"]
    assert (
        operator_a.get(reverse("realisasi_item:audit_item_ekspor", args=[999999])).status_code
        == 404
    )


def test_unknown_export_format(operator_a, jejak_a):
    response = operator_a.get(f"{EKSPOR}?format=pdf")
    assert response.status_code == 400
    assert "Format ekspor tidak dikenal" in response.content.decode()


def test_item_page_shows_its_history_and_export_links(operator_a, jejak_a):
    item1, _ = jejak_a
    html = operator_a.get(reverse("realisasi_item:detail", args=[item1.pk])).content.decode()
    assert "Riwayat perubahan" in html
    assert "Lengkapi bukti dukung." in html
    assert reverse("realisasi_item:audit_item_ekspor", args=[item1.pk]) + "?format=csv" in html


# --- permissions and isolation ------------------------------------------------------------


def test_kepala_may_read_the_trail(host_client, opd_a, login, jejak_a):
    client = login(host_client(opd_a.domain), "kepala")
    assert client.get(AUDIT).status_code == 200
    assert client.get(f"{EKSPOR}?format=csv").status_code == 200


def test_user_without_permission_is_refused(host_client, opd_a, login, jejak_a):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    with schema_context(opd_a.schema):
        tamu = get_user_model().objects.create_user("tamu", password="Rahasia-Uji-2026")
        tamu.user_permissions.add(
            Permission.objects.get(codename="access_admin"),
            Permission.objects.get(codename="view_realisasiiku"),
        )
    client = login(host_client(opd_a.domain), "tamu")
    for alamat in (AUDIT, f"{EKSPOR}?format=csv"):
        response = client.get(alamat)
        assert response.status_code == 302 and response.url == "/admin/"
    # Without the permission the item page offers no export either.
    item1, _ = jejak_a
    html = client.get(reverse("realisasi_item:detail", args=[item1.pk])).content.decode()
    assert "Ekspor riwayat" not in html
    assert AUDIT not in client.get("/admin/").content.decode()


def test_other_opd_sees_only_its_own_trail(host_client, opd_b, login, jejak_a):
    client_b = login(host_client(opd_b.domain), "operator")
    html = client_b.get(AUDIT).content.decode()
    assert "IKU-1" not in html and "Lengkapi bukti dukung." not in html
    rows = _csv(client_b.get(f"{EKSPOR}?format=csv"))
    assert rows == [list(KOLOM_AUDIT)]
    item1, _ = jejak_a
    alamat = reverse("realisasi_item:audit_item_ekspor", args=[item1.pk])
    assert client_b.get(alamat).status_code == 404


def test_cookie_of_opd_a_and_anonymous_get_the_login(
    operator_a, host_client, opd_a, opd_b, jejak_a
):
    client_b = host_client(opd_b.domain)
    client_b.cookies = operator_a.cookies
    for client in (client_b, host_client(opd_a.domain)):
        for alamat in (AUDIT, f"{EKSPOR}?format=csv"):
            response = client.get(alamat)
            assert response.status_code == 302 and "/admin/login/" in response.url


def test_public_domain_answers_404(public_client, login, jejak_a):
    client = login(public_client, "verifikator")
    for alamat in (AUDIT, f"{EKSPOR}?format=xlsx"):
        assert client.get(alamat).status_code == 404


def test_times_are_wita(jejak_a, opd_a):
    from kinerja.opd.audit_export import baris_audit

    with schema_context(opd_a.schema):
        row = JejakAudit.objects.select_related("realisasi__iku").first()
    baris = baris_audit(row)
    assert baris[0] == row.waktu.astimezone(WITA).replace(tzinfo=None)
    assert (
        abs(timezone.now().astimezone(WITA).replace(tzinfo=None) - baris[0]).total_seconds() < 300
    )
