"""PDF reports: the Laporan Capaian Kinerja (public, verified only; the OPD's draft version with
its watermark), the signed PK (404 otherwise), the province IKD report, the inline SVG charts,
the 503 answer without WeasyPrint, and a page rendered to PNG.

Only three tests render real PDFs (read back with pypdfium2: text and a page as PNG); the
others capture the HTML handed to the renderer (``tangkap``), which is what decides the content,
so that the module stays fast (WeasyPrint needs about a second per report).
"""

from __future__ import annotations

import base64
import importlib.abc
import io
import sys

import pytest
from django_tenants.utils import schema_context

from kinerja.laporan import pdf
from kinerja.laporan.selectors import ikd_capaian, iku_capaian, pk_dokumen
from tests.kinerja.laporan.conftest import TAHUN

pytestmark = pytest.mark.django_db
pdfium = pytest.importorskip("pypdfium2")


def _teks(isi: bytes) -> str:
    dokumen = pdfium.PdfDocument(isi)
    try:
        return "\n".join(dokumen[i].get_textpage().get_text_range() for i in range(len(dokumen)))
    finally:
        dokumen.close()


def _rata(teks: str) -> str:
    return " ".join(teks.split())


@pytest.fixture
def tangkap(monkeypatch) -> list[str]:
    """Replace the renderer: record the HTML of each PDF asked for, answer a stub PDF."""
    html: list[str] = []

    def palsu(isi: str) -> bytes:
        html.append(isi)
        return b"%PDF-1.7\n% palsu\n"

    monkeypatch.setattr(pdf, "buat_pdf", palsu)
    return html


def _pdf(response) -> bytes:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    return response.content


def test_capaian_kinerja_html_has_charts_tables_and_analysis(dunia, opd_a):
    with schema_context(opd_a.schema):
        html = pdf.html_capaian_kinerja(iku_capaian(TAHUN, 2))
    assert html.count("<svg") == 2
    for teks in (
        "Laporan Capaian Kinerja",
        "Triwulan II 2031",
        "Dinas Uji A",
        "Sasaran SS-A1: Sasaran satu A",
        "Cakupan layanan A",
        "Formula: Jumlah dilayani / total",
        "40,00",
        "Sangat Rendah",
        "R / T × 100",
        "Pendorong terverifikasi",
        "Hujan deras",
        "Tambah petugas",
    ):
        assert teks in html, teks
    assert "RAHASIA" not in html and "77,7" not in html
    assert "DRAF — belum diverifikasi" not in html


def test_public_capaian_kinerja_pdf_renders_verified_only(dunia, klien_a):
    """A real PDF: the expected text, nothing unverified, and a page that turns into a PNG
    with the coloured chart bars on it (the 'Done when' check)."""
    response = klien_a.get(f"/laporan/capaian-kinerja.pdf?tahun={TAHUN}&triwulan=2")
    isi = _pdf(response)
    assert (
        'filename="laporan-capaian-kinerja-opd-a-2031-tw2.pdf"' in response["Content-Disposition"]
    )
    teks = _rata(_teks(isi))
    for harapan in (
        "Laporan Capaian Kinerja",
        "Dinas Uji A",
        "IKU-A1",
        "40,00",
        "Pendorong terverifikasi",
        "Halaman 2 dari",
    ):
        assert harapan in teks, harapan
    assert "RAHASIA" not in teks and "DRAF" not in teks
    dokumen = pdfium.PdfDocument(isi)
    try:
        gambar = dokumen[1].render(scale=0.6).to_pil().convert("RGB")  # summary + charts
    finally:
        dokumen.close()
    png = io.BytesIO()
    gambar.save(png, "PNG")
    assert png.getvalue().startswith(b"\x89PNG")
    warna = {rgb for _n, rgb in gambar.getcolors(maxcolors=1_000_000)}
    assert len(warna) > 10  # text and bars, not a blank page
    merah = [(r, g, b) for r, g, b in warna if r > 150 and g < 90 and b < 90]
    assert merah, "the Sangat Rendah bar (red) is drawn"


def test_draft_report_for_opd_users_is_watermarked(dunia, operator_a, tangkap):
    url = f"/admin/kinerja-opd/laporan/unduh/capaian-kinerja.pdf?tahun={TAHUN}&triwulan=2"
    response = operator_a.get(url + "&draf=1")
    _pdf(response)
    assert "no-store" in response["Cache-Control"]
    assert "-draf.pdf" in response["Content-Disposition"]
    html = tangkap[-1]
    assert 'class="watermark">DRAF — belum diverifikasi<' in html
    assert "RAHASIA-DRAF" in html  # the draft narrative is in the internal version
    assert "TW1: Diverifikasi; TW2: Draf" in html  # the status column
    # Without the tick the admin version is the verified one.
    _pdf(operator_a.get(url))
    assert "DRAF" not in tangkap[-1] and "RAHASIA" not in tangkap[-1]


def test_draft_html_has_watermark_only_when_a_value_is_unverified(dunia, opd_a):
    with schema_context(opd_a.schema):
        draf = pdf.html_capaian_kinerja(iku_capaian(TAHUN, 2, hanya_terverifikasi=False))
        # TW1 of IKU-A2 is only approved: still a draft; a year of verified values only is not.
        assert 'class="watermark"' in draf
        from kinerja.opd.models import RealisasiIku

        RealisasiIku.objects.exclude(status="diverifikasi").update(status="diverifikasi")
        bersih = pdf.html_capaian_kinerja(iku_capaian(TAHUN, 2, hanya_terverifikasi=False))
    assert 'class="watermark"' not in bersih


def test_draft_pdf_needs_a_logged_in_opd_user(dunia, klien_a, tangkap):
    url = f"/admin/kinerja-opd/laporan/unduh/capaian-kinerja.pdf?tahun={TAHUN}&draf=1"
    response = klien_a.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert tangkap == []
    # The public URL ignores draf=1.
    _pdf(klien_a.get(f"/laporan/capaian-kinerja.pdf?tahun={TAHUN}&draf=1"))
    assert "RAHASIA" not in tangkap[-1] and "watermark" not in tangkap[-1].split("<body>")[1]


def test_pk_pdf_renders_the_signed_pk(dunia, klien_a):
    response = klien_a.get(f"/laporan/pk-{TAHUN}.pdf")
    teks = _rata(_teks(_pdf(response)))
    assert 'filename="perjanjian-kinerja-opd-a-2031.pdf"' in response["Content-Disposition"]
    for harapan in (
        "Perjanjian Kinerja Tahun 2031",
        "Dr. Kepala Uji",
        "Kepala Dinas Uji A",
        "2 Januari 2031",
        "PIHAK PERTAMA",
        "PIHAK KEDUA",
        "Gubernur Kalimantan Utara",
        "IKU-A1",
        "Opini BPK A",
        "WTP",
    ):
        assert harapan in teks, harapan


def test_pk_pdf_only_for_a_signed_pk(dunia, klien_a, klien_b, opd_a, tangkap):
    _pdf(klien_a.get(f"/laporan/pk-{TAHUN}.pdf"))
    assert klien_a.get(f"/laporan/pk-{TAHUN + 1}.pdf").status_code == 404  # no PK
    assert klien_a.get("/laporan/pk-1800.pdf").status_code == 404
    assert klien_a.get("/laporan/pk-abcd.pdf").status_code == 404
    assert klien_b.get(f"/laporan/pk-{TAHUN}.pdf").status_code == 404  # A's PK is not B's
    # A draft (PK perubahan) is never published: the year then has no signed PK in force.
    from kinerja.opd.services import pk_perubahan

    with schema_context(opd_a.schema):
        pk_perubahan(dunia.pk_a, "Refocusing anggaran")
    assert klien_a.get(f"/laporan/pk-{TAHUN}.pdf").status_code == 404
    assert len(tangkap) == 1


def test_pk_html(dunia, opd_a):
    with schema_context(opd_a.schema):
        html = pdf.html_pk(pk_dokumen(TAHUN))
    assert "Lampiran Perjanjian Kinerja Tahun 2031" in html
    assert "SS-A1 Sasaran satu A" in html


def test_ikd_pdf_on_the_public_domain(dunia, public_client):
    response = public_client.get(f"/laporan/ikd.pdf?tahun={TAHUN}")
    teks = _rata(_teks(_pdf(response)))
    for harapan in (
        "Laporan Capaian Indikator Kinerja Daerah",
        "IKD-01",
        "Indeks Pembangunan Manusia Uji",
        "95,50",
        "Sangat Tinggi",
        "Kesejahteraan Masyarakat",
    ):
        assert harapan in teks, harapan


def test_ikd_html_has_charts(dunia):
    with schema_context("public"):
        html = pdf.html_ikd(ikd_capaian(TAHUN))
    assert html.count("<svg") == 2
    assert "Capaian IKD Tahun 2031 (%)" in html and "Jumlah IKD per predikat" in html


def test_pdf_bad_parameters_are_400(dunia, klien_a, tangkap):
    for url, potongan in (
        ("/laporan/capaian-kinerja.pdf?tahun=abc", "Tahun harus berupa angka"),
        ("/laporan/capaian-kinerja.pdf?tahun=2031&triwulan=5", "Triwulan harus 1, 2, 3 atau 4"),
        ("/laporan/capaian-kinerja.pdf?tahun=3000", "di luar jangkauan"),
        ("/laporan/capaian-kinerja.pdf?tahun=2040", "di luar periode Renstra"),
    ):
        response = klien_a.get(url)
        assert response.status_code == 400, url
        assert potongan in response.content.decode(), url


def test_ikd_pdf_bad_year_is_400(dunia, public_client):
    response = public_client.get("/laporan/ikd.pdf?tahun=abc")
    assert response.status_code == 400 and "Tahun" in response.content.decode()


def test_pdf_routes_404_on_the_wrong_domain(dunia, public_client, tangkap):
    assert public_client.get(f"/laporan/capaian-kinerja.pdf?tahun={TAHUN}").status_code == 404
    assert public_client.get(f"/laporan/pk-{TAHUN}.pdf").status_code == 404


def test_without_weasyprint_pdfs_answer_503_and_downloads_still_work(
    dunia, klien_a, public_client, monkeypatch
):
    # ``None`` in sys.modules makes ``import weasyprint`` raise ImportError, as on a server
    # where the package or its Pango libraries cannot be loaded.
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    for klien, url in (
        (klien_a, f"/laporan/capaian-kinerja.pdf?tahun={TAHUN}"),
        (klien_a, f"/laporan/pk-{TAHUN}.pdf"),
        (public_client, f"/laporan/ikd.pdf?tahun={TAHUN}"),
    ):
        response = klien.get(url)
        assert response.status_code == 503, url
        assert response["Retry-After"] == "3600"
        teks = response.content.decode()
        assert "Laporan PDF untuk sementara tidak dapat dibuat" in teks
        assert "XLSX, CSV atau JSON" in teks
    assert not pdf.weasyprint_tersedia()
    assert klien_a.get(f"/data/iku.csv?tahun={TAHUN}").status_code == 200


def test_pdf_library_load_error_is_503(dunia, klien_a, monkeypatch):
    """A missing system library surfaces as OSError while importing WeasyPrint: also 503."""

    class Gagal(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name == "weasyprint":
                raise OSError("cannot load library 'libpango-1.0-0'")
            return None

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(sys, "meta_path", [Gagal(), *sys.meta_path])
    response = klien_a.get(f"/laporan/capaian-kinerja.pdf?tahun={TAHUN}")
    assert response.status_code == 503
    assert "Pango" in response.content.decode()


def test_renderer_fetches_nothing_but_data_urls(tmp_path):
    """A file:// (or http://) reference in a report is never fetched; data: URLs are."""
    from PIL import Image

    berkas = tmp_path / "rahasia.png"
    Image.new("RGB", (8, 8), (200, 0, 0)).save(berkas)
    dari_berkas = pdf.buat_pdf(f'<p>x</p><img src="file://{berkas}">')
    assert b"/Image" not in dari_berkas
    data = base64.b64encode(berkas.read_bytes()).decode()
    dari_data = pdf.buat_pdf(f'<p>x</p><img src="data:image/png;base64,{data}">')
    assert b"/Image" in dari_data
