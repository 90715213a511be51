"""``/bukti-publik/<uuid>/``: evidence files an OPD published, downloadable by anyone only
when published, not deleted, of a verified realisasi and an active IKU; 404 otherwise, on the
portal domain and on another OPD's domain."""

from __future__ import annotations

import hashlib
import uuid
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import PUBLIC_HOST
from tests.kinerja.pages.conftest import sup

pytestmark = pytest.mark.django_db
ISI = b"%PDF-1.4\n% bukti uji halaman publik\n%%EOF\n"


@pytest.fixture(autouse=True)
def _penyimpanan_privat(settings, tmp_path):
    settings.KINERJA_PRIVATE_MEDIA_ROOT = tmp_path / "privat"


def _bukti(realisasi, *, publikasi: bool = True, nama: str = "laporan-uji.pdf", **kw):
    from kinerja.opd.models import BuktiDukung
    from kinerja.storage import bukti_storage

    path = bukti_storage().save(f"bukti/2032/tw1/{uuid.uuid4().hex}.pdf", ContentFile(ISI))
    return BuktiDukung.objects.create(
        realisasi=realisasi,
        path=path,
        nama_berkas=nama,
        jenis="PDF",
        mime="application/pdf",
        ukuran=len(ISI),
        sha256=hashlib.sha256(ISI).hexdigest(),
        keterangan="Rekap capaian uji",
        publikasi=publikasi,
        **kw,
    )


@pytest.fixture
def bukti(rencana_a, opd_a, lapor):
    """OPD A, IKU-H1: a verified TW1 with a published and an unpublished file; an approved
    (not verified) TW2 with a published file; a deleted published file on TW1."""
    with schema_context(opd_a.schema):
        tw1 = lapor(rencana_a.iku["H1"], 1, Decimal(20))
        tw2 = lapor(rencana_a.iku["H1"], 2, Decimal(21), "disetujui")
        return {
            "publik": _bukti(tw1, nama="publik.pdf"),
            "tidak_dipublikasi": _bukti(tw1, publikasi=False, nama="internal.pdf"),
            "belum_verifikasi": _bukti(tw2, nama="tw2.pdf"),
            "dihapus": _bukti(tw1, nama="dihapus.pdf", dihapus_pada=timezone.now()),
        }


def _get(client, bukti):
    return client.get(f"/bukti-publik/{bukti.pk}/")


def test_bukti_terverifikasi_dan_dipublikasi_dapat_diunduh_anonim(bukti, opd_a, anonim):
    response = _get(anonim(opd_a.domain), bukti["publik"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == ISI
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    unduh = anonim(opd_a.domain).get(f"/bukti-publik/{bukti['publik'].pk}/?unduh=1")
    assert "attachment" in unduh["Content-Disposition"]


@pytest.mark.parametrize("jenis", ["tidak_dipublikasi", "belum_verifikasi", "dihapus"])
def test_bukti_lain_404(bukti, opd_a, anonim, jenis):
    assert _get(anonim(opd_a.domain), bukti[jenis]).status_code == 404


@pytest.mark.parametrize("status", ["draft", "diajukan", "disetujui"])
def test_bukti_realisasi_dibuka_kembali_404(bukti, opd_a, anonim, status):
    from kinerja.opd.models import RealisasiIku

    with schema_context(opd_a.schema):
        RealisasiIku.objects.filter(pk=bukti["publik"].realisasi_id).update(status=status)
    assert _get(anonim(opd_a.domain), bukti["publik"]).status_code == 404


def test_bukti_iku_nonaktif_404(bukti, rencana_a, opd_a, anonim):
    from kinerja.opd.services import iku_simpan

    with schema_context(opd_a.schema):
        iku = rencana_a.iku["H1"]
        iku.aktif = False
        iku_simpan(iku)
    assert _get(anonim(opd_a.domain), bukti["publik"]).status_code == 404


def test_bukti_bahkan_untuk_pengguna_masuk_tetap_aturan_publik(bukti, opd_a, host_client):
    from tests.conftest import PASSWORD

    client = host_client(opd_a.domain)
    assert (
        client.post("/admin/login/", {"username": "admin", "password": PASSWORD}).status_code == 302
    )
    assert _get(client, bukti["tidak_dipublikasi"]).status_code == 404
    assert _get(client, bukti["publik"]).status_code == 200


def test_bukti_di_domain_lain_dan_id_salah_404(bukti, opd_a, opd_b, anonim):
    assert _get(anonim(opd_b.domain), bukti["publik"]).status_code == 404
    assert _get(anonim(PUBLIC_HOST), bukti["publik"]).status_code == 404
    client = anonim(opd_a.domain)
    assert client.get(f"/bukti-publik/{uuid.uuid4()}/").status_code == 404
    assert client.get("/bukti-publik/bukan-uuid/").status_code == 404
    assert client.get("/bukti-publik/../../etc/passwd").status_code == 404


def test_bukti_metode_lain_ditolak(bukti, opd_a, anonim):
    response = anonim(opd_a.domain).post(f"/bukti-publik/{bukti['publik'].pk}/")
    assert response.status_code == 405


def test_halaman_iku_hanya_mencantumkan_bukti_publik(bukti, opd_a, anonim):
    soup = sup(anonim(opd_a.domain).get("/iku/iku-h1/"))
    daftar = soup.select("[data-bukti]")
    assert [li["data-bukti"] for li in daftar] == [str(bukti["publik"].pk)]
    tautan = daftar[0].find("a")
    assert tautan["href"] == f"/bukti-publik/{bukti['publik'].pk}/"
    assert tautan.get_text() == "publik.pdf"
    assert "Triwulan I 2032" in daftar[0].get_text()
    html = str(soup)
    for nama in ("internal.pdf", "tw2.pdf", "dihapus.pdf"):
        assert nama not in html
