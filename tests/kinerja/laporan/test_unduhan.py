"""Public downloads /data/ikd.* (public domain) and /data/iku.* (OPD domains): the files hold
exactly the selector rows, anonymous users get verified values only, OPD B never sees OPD A's
rows, the wrong domain kind is a 404, bad parameters a 400 with an Indonesian message."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from kinerja.engine import format_angka
from kinerja.laporan.ekspor import KOLOM_IKD, KOLOM_IKU, desimal_json, ke_csv, nilai_baris
from kinerja.laporan.selectors import ikd_capaian, iku_capaian
from tests.kinerja.laporan.conftest import TAHUN

pytestmark = pytest.mark.django_db
D = Decimal
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _isi(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _csv(response) -> list[list[str]]:
    teks = _isi(response).decode("utf-8")
    assert teks.startswith("\ufeff")
    return list(csv.reader(io.StringIO(teks[1:]), delimiter=";"))


def _teks_csv(kolom, nilai) -> str:
    if nilai is None:
        return ""
    if isinstance(nilai, Decimal):
        return format_angka(nilai, 2 if kolom.jenis == "persen" else None)
    return str(nilai)


def _json_nilai(nilai):
    return desimal_json(nilai) if isinstance(nilai, Decimal) else nilai


# --- IKU (OPD domain) ------------------------------------------------------------------------


def test_iku_csv_equals_the_selector_rows(dunia, klien_a, opd_a):
    response = klien_a.get(f"/data/iku.csv?tahun={TAHUN}&triwulan=2")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="iku-opd-a-2031-tw2.csv"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "public, max-age=300"
    baris = _csv(response)
    with schema_context(opd_a.schema):
        laporan = iku_capaian(TAHUN, 2)
    assert baris[0] == [k.judul for k in KOLOM_IKU]
    harapan = [
        [_teks_csv(k, v) for k, v in zip(KOLOM_IKU, nilai, strict=True)]
        for nilai in nilai_baris(laporan)
    ]
    assert baris[1:] == harapan
    a1 = dict(zip([k.kunci for k in KOLOM_IKU], baris[1], strict=True))
    assert a1["kode"] == "IKU-A1" and a1["capaian_persen"] == "40,00"
    assert a1["realisasi_tw1"] == "20" and a1["realisasi_tw2"] == ""


def test_iku_xlsx_equals_the_selector_rows(dunia, klien_a, opd_a):
    response = klien_a.get(f"/data/iku.xlsx?tahun={TAHUN}&triwulan=2")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Data", "Keterangan"]
    ws = wb["Data"]
    assert ws.freeze_panes == "A3"
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0].startswith("Capaian IKU Dinas Uji A Triwulan II 2031")
    assert list(rows[1]) == [k.judul for k in KOLOM_IKU]
    assert ws.cell(row=2, column=1).font.bold
    with schema_context(opd_a.schema):
        laporan = iku_capaian(TAHUN, 2)

    def sama(a, b):
        if isinstance(b, Decimal):
            return a is not None and D(str(a)) == b
        if b in ("", None):
            return a in ("", None)
        return a == b

    for baris, nilai in zip(rows[2:], nilai_baris(laporan), strict=True):
        for a, b in zip(baris, nilai, strict=True):
            assert sama(a, b), (a, b)
    capaian = ws.cell(row=3, column=[k.kunci for k in KOLOM_IKU].index("capaian_persen") + 1)
    assert capaian.number_format == "0.00" and capaian.data_type == "n"
    keterangan = "\n".join(
        str(v) for r in wb["Keterangan"].iter_rows(values_only=True) for v in r if v
    )
    assert "Hanya data terverifikasi" in keterangan
    assert "Dibuat" in keterangan and "WITA" in keterangan
    assert "Sumber" in keterangan and "Dinas Uji A" in keterangan


def test_iku_json_equals_the_selector_rows(dunia, klien_a, opd_a):
    response = klien_a.get(f"/data/iku.json?tahun={TAHUN}&triwulan=2")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert data["jenis"] == "iku" and data["tahun"] == TAHUN and data["triwulan"] == 2
    assert data["hanya_terverifikasi"] is True
    assert data["opd"]["nama"] == "Dinas Uji A"
    assert [k["kunci"] for k in data["kolom"]] == [k.kunci for k in KOLOM_IKU]
    with schema_context(opd_a.schema):
        laporan = iku_capaian(TAHUN, 2)
    harapan = [
        {k.kunci: _json_nilai(v) for k, v in zip(KOLOM_IKU, nilai, strict=True)}
        for nilai in nilai_baris(laporan)
    ]
    assert data["data"] == harapan
    a1 = data["data"][0]
    # Decimals are exact strings; no value is null; integers stay numbers.
    assert a1["capaian_persen"] == "40" and a1["predikat"] == "Sangat Rendah"
    assert a1["realisasi"] == "20" and a1["target"] == "50" and a1["realisasi_tw2"] is None
    assert a1["tahun"] == 2031 and a1["triwulan"] == 2


def test_decimal_json_is_plain_and_exact():
    assert desimal_json(D("25.0000")) == "25"
    assert desimal_json(D("107.14")) == "107.14"
    assert desimal_json(D("1E+3")) == "1000"
    assert desimal_json(D("-0.50")) == "-0.5"
    assert desimal_json(D("0.0000")) == "0"


@pytest.mark.parametrize("format_", ["csv", "xlsx", "json"])
def test_anonymous_downloads_never_contain_unverified_values(dunia, klien_a, format_):
    """TW2 of IKU-A1 is a draft (77,7; "RAHASIA-DRAF") and TW1 of IKU-A2 only approved
    ("WTP"; "RAHASIA-DISETUJUI"): neither appears; the verified TW1 value (20) does."""
    response = klien_a.get(f"/data/iku.{format_}?tahun={TAHUN}&triwulan=2")
    assert response.status_code == 200
    isi = _isi(response)
    if format_ == "xlsx":
        wb = load_workbook(io.BytesIO(isi))
        teks = "\n".join(
            str(v) for ws in wb for r in ws.iter_rows(values_only=True) for v in r if v is not None
        )
    else:
        teks = isi.decode("utf-8")
    for rahasia in ("RAHASIA", "77,7", "77.7", "97,7", "97.7"):
        assert rahasia not in teks, rahasia
    assert "Pendorong terverifikasi" in teks
    assert "Diajukan" not in teks and "Disetujui" not in teks and "Draf" not in teks


def test_logged_in_opd_user_still_gets_verified_only_on_public_urls(operator_a):
    teks = _isi(operator_a.get(f"/data/iku.csv?tahun={TAHUN}&triwulan=2")).decode()
    assert "RAHASIA" not in teks and "77,7" not in teks


def test_iku_defaults_to_the_current_year_clipped_to_the_renstra(dunia, klien_a):
    response = klien_a.get("/data/iku.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["tahun"] in range(2031, 2036) and data["triwulan"] is None


def test_opd_b_domain_never_returns_opd_a_rows(dunia, klien_b):
    for format_ in ("csv", "json"):
        teks = _isi(klien_b.get(f"/data/iku.{format_}?tahun={TAHUN}&triwulan=1")).decode()
        assert "IKU-B1" in teks and "Indikator milik B" in teks
        assert "IKU-A" not in teks and "Cakupan layanan A" not in teks
        assert "Dinas Uji A" not in teks


def test_opd_a_session_cookie_does_not_work_on_opd_b(operator_a, klien_b, opd_b):
    # The cookie of A sent to B's host is unknown there; B's public data stays B's.
    klien_b.cookies = operator_a.cookies
    response = klien_b.get(f"/admin/kinerja-opd/laporan/unduh/iku.csv?tahun={TAHUN}&draf=1")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_iku_routes_404_on_the_public_domain(dunia, public_client):
    for url in ("/data/iku.csv", "/data/iku.json?tahun=2031"):
        assert public_client.get(url).status_code == 404


def test_unknown_format_is_404(dunia, klien_a):
    assert klien_a.get("/data/iku.pdf").status_code == 404
    assert klien_a.get("/data/iku.exe").status_code == 404


def test_write_methods_are_refused(dunia, klien_a):
    assert klien_a.post(f"/data/iku.csv?tahun={TAHUN}").status_code == 405


SALAH = [
    ("tahun=abc", "Tahun harus berupa angka empat digit"),
    ("tahun=20311", "Tahun harus berupa angka empat digit"),
    ("tahun=99999999999999999999", "Tahun harus berupa angka empat digit"),
    ("tahun=1800", "di luar jangkauan"),
    ("tahun=9999", "di luar jangkauan"),
    ("tahun=2099", "di luar periode Renstra"),
    ("tahun=2031&triwulan=5", "Triwulan harus 1, 2, 3 atau 4"),
    ("tahun=2031&triwulan=x", "Triwulan harus 1, 2, 3 atau 4"),
    ("tahun=2031&triwulan=0", "Triwulan harus 1, 2, 3 atau 4"),
    ("tahun=%00", "Tahun harus berupa angka empat digit"),
    ("tahun=%D9%A2%D9%A0%D9%A3%D9%A1", "Tahun harus berupa angka empat digit"),  # Arabic digits
]


def test_bad_parameters_are_400_with_an_indonesian_message(dunia, klien_a):
    # One dataset for every case (the fixture is the slow part).
    for query, potongan in SALAH:
        for format_ in ("csv", "xlsx", "json"):
            response = klien_a.get(f"/data/iku.{format_}?{query}")
            assert response.status_code == 400, (query, format_)
            if format_ == "json":
                galat = json.loads(response.content)["galat"]
                assert galat["kode"] == "parameter_tidak_valid"
                assert potongan in galat["pesan"], (query, galat)
            else:
                assert response["Content-Type"] == "text/plain; charset=utf-8"
                assert potongan in response.content.decode(), query


def test_opd_without_renstra_gets_a_clear_400(db, klien_b):
    response = klien_b.get("/data/iku.json")
    assert response.status_code == 400
    assert "Belum ada periode Renstra" in json.loads(response.content)["galat"]["pesan"]


# --- IKD (public domain) ---------------------------------------------------------------------


def test_ikd_csv_json_xlsx_equal_the_selector_rows(dunia, public_client):
    with schema_context("public"):
        laporan = ikd_capaian(TAHUN)
    baris = _csv(public_client.get(f"/data/ikd.csv?tahun={TAHUN}"))
    assert baris[0] == [k.judul for k in KOLOM_IKD]
    assert baris[1:] == [
        [_teks_csv(k, v) for k, v in zip(KOLOM_IKD, nilai, strict=True)]
        for nilai in nilai_baris(laporan)
    ]
    assert baris[1][:4] == [
        "2031",
        "Kesejahteraan Masyarakat",
        "IKD-01",
        "Indeks Pembangunan Manusia Uji",
    ]

    data = json.loads(public_client.get(f"/data/ikd.json?tahun={TAHUN}").content)
    assert data["jenis"] == "ikd" and data["periode_rpjmd"] == "RPJMD Uji 2031–2036"
    assert data["data"] == [
        {k.kunci: _json_nilai(v) for k, v in zip(KOLOM_IKD, nilai, strict=True)}
        for nilai in nilai_baris(laporan)
    ]
    assert data["data"][0]["realisasi"] == "95.5" and data["data"][0]["capaian_persen"] == "95.5"

    response = public_client.get(f"/data/ikd.xlsx?tahun={TAHUN}")
    assert response["Content-Disposition"] == 'attachment; filename="ikd-2031.xlsx"'
    wb = load_workbook(io.BytesIO(response.content))
    rows = list(wb["Data"].iter_rows(values_only=True))
    assert len(rows) == 2 + len(laporan.baris)
    assert rows[2][2] == "IKD-01" and D(str(rows[2][8])) == D("95.5")


def test_ikd_aspek_filter_and_bad_aspek(dunia, public_client):
    data = json.loads(
        public_client.get(f"/data/ikd.json?tahun={TAHUN}&aspek=pelayanan_umum").content
    )
    assert [r["kode"] for r in data["data"]] == ["IKD-02"]
    response = public_client.get(f"/data/ikd.json?tahun={TAHUN}&aspek=rahasia")
    assert response.status_code == 400
    assert "Aspek IKD 'rahasia' tidak dikenal" in json.loads(response.content)["galat"]["pesan"]


def test_ikd_bad_year_is_400(dunia, public_client):
    for query in ("tahun=abc", "tahun=1800", "tahun=2099", "tahun=12"):
        response = public_client.get(f"/data/ikd.csv?{query}")
        assert response.status_code == 400, query
        assert "Tahun" in response.content.decode()


def test_ikd_routes_404_on_opd_domains(dunia, klien_a):
    assert klien_a.get(f"/data/ikd.csv?tahun={TAHUN}").status_code == 404
    assert klien_a.get(f"/laporan/ikd.pdf?tahun={TAHUN}").status_code == 404


def test_csv_neutralises_formula_like_text(dunia, opd_a):
    from kinerja.opd.models import RealisasiIku

    with schema_context(opd_a.schema):
        RealisasiIku.objects.filter(iku=dunia.iku_a["IKU-A1"], triwulan=1).update(
            faktor_pendorong='=HYPERLINK("http://x")'
        )
        teks = "".join(ke_csv(iku_capaian(TAHUN, 1)))
    assert "'=HYPERLINK" in teks
