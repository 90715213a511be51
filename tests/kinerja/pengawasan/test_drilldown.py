"""The read-only drill-down into an OPD (``/admin/pengawasan/opd/`` and
``/admin/pengawasan/opd/<schema>/``, public domain): Renstra, IKU with targets, realisasi per
triwulan with state and capaian and links to the verification items; unknown schemas 404,
bad parameters fall back with a note, constant queries as IKU grow, read-only, permissions and
tenancy.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from kinerja.daerah.services import daerah_permissions_ensure
from tests.conftest import PUBLIC_HOST
from tests.kinerja.pengawasan.dasbor_data import (
    TAHUN,
    buat_iku,
    buat_realisasi,
    buat_rencana,
    masuk,
    opd_registri,
    pengguna_publik_tanpa_izin,
)

pytestmark = pytest.mark.django_db
D = Decimal
URL_A = "/admin/pengawasan/opd/opd_a/"


@pytest.fixture
def verifikator(db) -> Client:
    daerah_permissions_ensure()
    return masuk(Client(HTTP_HOST=PUBLIC_HOST), "verifikator")


@pytest.fixture
def rencana():
    r = buat_rencana("opd_a", jumlah_iku=2)
    with schema_context("opd_a"):
        ids = {
            (1, 1): buat_realisasi(r.iku["IKU-1"], 1, "diverifikasi", D(30)),
            (1, 2): buat_realisasi(
                r.iku["IKU-1"], 2, "draft", D(10), jumlah_dikembalikan=1, revisi=2
            ),
            (2, 1): buat_realisasi(r.iku["IKU-2"], 1, "disetujui", D(20), terlambat=True),
        }
    connection.set_schema_to_public()
    r.realisasi = ids  # type: ignore[attr-defined]
    return r


def test_drilldown_renstra_iku_target_dan_realisasi(verifikator, rencana):
    response = verifikator.get(URL_A, {"tahun": TAHUN})
    assert response.status_code == 200
    d = response.context["d"]
    assert d.opd.schema_name == "opd_a" and d.tahun == TAHUN
    assert d.renstra.nama == "Renstra Uji Dasbor" and d.renstra.periode_rpjmd == "RPJMD Uji Dasbor"
    assert [(t.kode, [s.kode for s in t.sasaran]) for t in d.tujuan] == [("TR1", ["SS-UJI"])]
    assert d.tujuan[0].sasaran[0].sasaran_rpjmd == "1.1 Sasaran RPJMD uji"
    assert d.tujuan[0].sasaran[0].jumlah_iku == 2
    assert [i.kode for i in d.iku] == ["IKU-1", "IKU-2"]

    iku1 = d.iku[0]
    # Targets of every Renstra year; the chosen year carries 100 / 25 per triwulan.
    assert [t.tahun for t in iku1.target] == list(range(TAHUN - 1, TAHUN + 4))
    tahun_ini = next(t for t in iku1.target if t.tahun == TAHUN)
    assert (tahun_ini.tahunan, tahun_ini.triwulan) == ("100", ["25", "25", "25", "25"])
    assert next(t for t in iku1.target if t.tahun == TAHUN + 1).tahunan == ""

    tw1, tw2, tw3, _ = iku1.realisasi
    assert (tw1.nilai, tw1.status, tw1.capaian, tw1.acuan) == (
        "30",
        "diverifikasi",
        "120,00",
        f"Target s.d. TW1 {TAHUN}",
    )
    assert tw1.predikat  # graded by the active scheme
    # TW2: cumulative 40 against 50, a returned draft of revision 2.
    assert (tw2.status, tw2.capaian, tw2.jumlah_dikembalikan, tw2.revisi) == (
        "draft",
        "80,00",
        1,
        2,
    )
    assert tw3.id is None and tw3.status_label == "Belum diisi"
    assert d.iku[1].realisasi[0].terlambat is True

    html = response.content.decode()
    for rid in rencana.realisasi.values():
        assert f'href="/admin/verifikasi/opd_a/{rid}/"' in html
    assert "Visi uji yang terbaca" in html and "Sasaran strategis uji" in html
    assert "120,00%" in html and "Terlambat" in html and "Dikembalikan 1×" in html
    assert 'title="TW 1: Diverifikasi, realisasi 30, capaian 120,00%"' in html
    # Read-only: no form posts anywhere on the page.
    assert 'method="post"' not in html.lower()


def test_tahun_lain_riwayat(verifikator, rencana):
    with schema_context("opd_a"):
        buat_realisasi(rencana.iku["IKU-1"], 4, "diverifikasi", D(90), tahun=TAHUN - 1)
    connection.set_schema_to_public()
    response = verifikator.get(URL_A, {"tahun": TAHUN - 1})
    assert response.status_code == 200
    d = response.context["d"]
    assert d.tahun == TAHUN - 1
    assert d.iku[0].realisasi[3].nilai == "90"
    assert all(s.id is None for s in d.iku[1].realisasi)
    # Without a target that year the capaian says why instead of a number.
    assert d.iku[0].realisasi[3].capaian == "" and d.iku[0].realisasi[3].keterangan


@pytest.mark.parametrize(
    "schema",
    ["tidak_ada", "public", "opd_template", "OPD_A", "opd-a", "1abc", "x" * 70],
)
def test_skema_tidak_dikenal_404(verifikator, schema):
    assert verifikator.get(f"/admin/pengawasan/opd/{schema}/").status_code == 404


def test_opd_nonaktif_404(verifikator, rencana):
    from tenants.models import Opd

    Opd.objects.filter(schema_name="opd_a").update(aktif=False)
    assert verifikator.get(URL_A).status_code == 404


@pytest.mark.parametrize(
    ("params", "catatan"),
    [
        ({"tahun": "abc"}, "Tahun 'abc' tidak valid"),
        ({"tahun": "1900"}, "Tahun '1900' tidak valid atau di luar Renstra"),
        ({"tahun": "-5"}, "tidak valid"),
        ({"renstra": "xyz"}, "Renstra yang diminta tidak ditemukan"),
        ({"renstra": "999999"}, "Renstra yang diminta tidak ditemukan"),
        ({"renstra": "99999999999999999999"}, "Renstra yang diminta tidak ditemukan"),
    ],
)
def test_parameter_buruk_kembali_ke_bawaan(verifikator, rencana, params, catatan):
    response = verifikator.get(URL_A, params)
    assert response.status_code == 200
    assert 'id="catatan-filter"' in response.content.decode()
    assert any(catatan in c for c in response.context["catatan"]), response.context["catatan"]
    d = response.context["d"]
    assert d.renstra is not None and d.renstra.tahun_awal <= d.tahun <= d.renstra.tahun_akhir


def test_opd_tanpa_renstra(verifikator, rencana):
    response = verifikator.get("/admin/pengawasan/opd/opd_b/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="tanpa-renstra"' in html
    # OPD A's plan never appears on OPD B's page.
    assert "IKU-1" not in html and "Renstra Uji Dasbor" not in html


def test_jumlah_query_tetap_saat_iku_bertambah(verifikator, rencana):
    verifikator.get(URL_A, {"tahun": TAHUN})  # warm up
    with CaptureQueriesContext(connection) as sedikit:
        r1 = verifikator.get(URL_A, {"tahun": TAHUN})
    assert len(r1.context["d"].iku) == 2
    with schema_context("opd_a"):
        for i in range(3, 9):
            iku_id = buat_iku(f"IKU-{i}", rencana.sasaran_id)
            for tw in (1, 2, 3):
                buat_realisasi(iku_id, tw, "diverifikasi", D(10 + i))
    connection.set_schema_to_public()
    with CaptureQueriesContext(connection) as banyak:
        r2 = verifikator.get(URL_A, {"tahun": TAHUN})
    assert len(r2.context["d"].iku) == 8
    assert len(banyak.captured_queries) == len(sedikit.captured_queries)


def test_hanya_baca(verifikator, rencana):
    for url in (URL_A, "/admin/pengawasan/opd/"):
        assert verifikator.post(url, {"tahun": TAHUN}).status_code == 405


def test_daftar_opd(verifikator):
    response = verifikator.get("/admin/pengawasan/opd/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/admin/pengawasan/opd/opd_a/"' in html
    assert 'href="/admin/pengawasan/opd/opd_b/"' in html
    assert "/admin/pengawasan/opd/public/" not in html
    assert response.context["opd_list"] == [opd_registri("opd_a"), opd_registri("opd_b")]


def test_domain_opd_404(verifikator, rencana, host_client):
    for host in ("opd-a.localhost", "opd-b.localhost"):
        for username in ("operator", "kepala", "admin"):
            client = masuk(host_client(host), username)
            for url in (URL_A, "/admin/pengawasan/opd/opd_b/", "/admin/pengawasan/opd/"):
                response = client.get(url, {"tahun": TAHUN})
                assert response.status_code == 404, (host, username, url)
                assert b"IKU-1" not in response.content


def test_pengguna_publik_tanpa_izin_ditolak(verifikator, rencana):
    tamu = masuk(Client(HTTP_HOST=PUBLIC_HOST), pengguna_publik_tanpa_izin("staf_telusur"))
    for url in (URL_A, "/admin/pengawasan/opd/"):
        response = tamu.get(url, {"tahun": TAHUN})
        assert response.status_code in (302, 403), url
        assert b"IKU-1" not in response.content
    response = Client(HTTP_HOST=PUBLIC_HOST).get(URL_A)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_tautan_dari_dasbor(verifikator, rencana):
    from tests.kinerja.pengawasan.dasbor_data import ringkasan

    ringkasan(opd_registri("opd_a"), 1, rata_rata_capaian=D(100), jumlah_capaian=2)
    html = verifikator.get("/admin/pengawasan/dasbor/", {"tahun": TAHUN, "triwulan": 1})
    teks = html.content.decode()
    assert re.search(r'<a href="/admin/pengawasan/opd/opd_a/"[^>]*>OPD_A</a>', teks)
