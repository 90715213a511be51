"""Excel template, import and export of indicators: dropdowns and instructions, all-or-nothing
import with every error located by row and column, update by kode, identical round trip."""

from __future__ import annotations

import html
import io
import time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from kinerja.daerah import excel, services
from kinerja.daerah.models import IndikatorDaerah, TargetDaerah
from kinerja.excel.core import ImportGagal, buat_workbook
from tests.kinerja.daerah.daerah_helpers import Rpjmd

pytestmark = pytest.mark.django_db

TAHUN = range(2021, 2027)


def _baris(**nilai) -> dict[str, object]:
    """A valid row (by column title): positif IKD on sasaran S1.1."""
    row: dict[str, object] = {
        "Kode": "IKD-01",
        "Nama Indikator": "Indeks Pembangunan Manusia",
        "Kode Sasaran": "S1.1",
        "IKD (Ya/Tidak)": "Ya",
        "Aspek": "Kesejahteraan Masyarakat",
        "Satuan": "indeks",
        "Polaritas": "Positif",
        "Tipe Perhitungan": "Posisi Akhir",
        "Kondisi Awal": 71.2,
        "Target 2022": 72,
        "Target 2023": "72,5",
        "Target Akhir": 74,
    }
    row.update(nilai)
    return row


def _berkas(rpjmd: Rpjmd, rows: list[dict], drop: tuple[str, ...] = ()) -> bytes:
    kolom = [k for k in excel.kolom_ikd(rpjmd.periode, ("Opini BPK",)) if k.judul not in drop]
    data = [[row.get(k.judul) for k in kolom] for row in rows]
    return buat_workbook("Uji", kolom, [], data)


def _galat(exc: pytest.ExceptionInfo[ImportGagal]) -> list[str]:
    return [str(g) for g in exc.value.galat]


def _cells(data: bytes) -> list[tuple]:
    wb = load_workbook(io.BytesIO(data))
    return [tuple(c.value for c in row) for row in wb["Data"].iter_rows()]


def test_template_opens_with_instructions_and_dropdowns(rpjmd: Rpjmd):
    wb = load_workbook(io.BytesIO(excel.templat_ikd(rpjmd.periode)))
    assert wb.sheetnames == ["Petunjuk", "Data", "Pilihan"]
    header = [c.value for c in wb["Data"][1]]
    assert header[:3] == ["Kode", "Nama Indikator", "Kode Sasaran"]
    assert [f"Target {t}" for t in TAHUN] + ["Target Akhir"] == [
        h for h in header if h.startswith("Target") and not h.endswith("Maks")
    ]
    assert [f"Target {t} Maks" for t in TAHUN] + ["Target Akhir Maks"] == [
        h for h in header if h.endswith("Maks")
    ]
    assert wb["Data"].max_row == 1
    petunjuk = "\n".join(str(c.value) for c in wb["Petunjuk"]["A"] if c.value)
    assert "Target <tahun> Maks" in petunjuk and "satu baris per indikator" in petunjuk

    pilihan = wb["Pilihan"]
    dropdowns = {}
    for validation in wb["Data"].data_validations.dataValidation:
        letter = str(validation.sqref).split(":")[0].rstrip("0123456789")
        column = header.index(header[_index(letter)]) + 1
        values = [pilihan.cell(row=i, column=column).value for i in range(1, 10)]
        dropdowns[header[column - 1]] = [v for v in values if v]
    assert dropdowns == {
        "IKD (Ya/Tidak)": ["Ya", "Tidak"],
        "Aspek": ["Kesejahteraan Masyarakat", "Pelayanan Umum", "Daya Saing Daerah"],
        "Jenis": ["Input", "Output", "Outcome", "Dampak"],
        "Polaritas": ["Positif", "Negatif", "Rentang", "Stabil", "Kualitatif"],
        "Tipe Perhitungan": ["Kumulatif", "Posisi Akhir", "Rata-rata"],
        "Skala Kualitatif": ["Opini BPK"],
        "Sumber Realisasi": ["Bappeda", "IKU"],
    }


def _index(letter: str) -> int:
    from openpyxl.utils import column_index_from_string

    return column_index_from_string(letter) - 1


def test_import_creates_indicators_with_targets(rpjmd: Rpjmd):
    rows = [
        _baris(),
        _baris(
            **{
                "Kode": "IKD-02",
                "Kode Sasaran": None,
                "Kode Tujuan": "t1",
                "Polaritas": "rentang",
                "Target 2022": 5,
                "Target 2022 Maks": 6,
                "Target 2023": None,
                "Target Akhir": 5,
                "Target Akhir Maks": "7,5",
            }
        ),
        _baris(
            **{
                "Kode": "IKD-03",
                "Polaritas": "Kualitatif",
                "Skala Kualitatif": "Opini BPK",
                "Aspek": "Pelayanan Umum",
                "Kondisi Awal": "wdp",
                "Target 2022": "WTP",
                "Target 2023": "WTP",
                "Target Akhir": "WTP",
                "Sumber Realisasi": "IKU",
            }
        ),
    ]
    hasil = excel.impor_ikd(rpjmd.periode, _berkas(rpjmd, rows))
    assert (hasil.dibuat, hasil.diperbarui) == (3, 0)
    ipm = IndikatorDaerah.objects.get(kode="IKD-01")
    assert (ipm.sasaran, ipm.is_ikd, ipm.aspek) == (rpjmd.sasaran, True, "kesejahteraan_masyarakat")
    assert ipm.kondisi_awal == Decimal("71.2")
    assert sorted(ipm.target.values_list("tahun", "nilai")) == [
        (2022, Decimal(72)),
        (2023, Decimal("72.5")),
    ]
    rentang = IndikatorDaerah.objects.get(kode="IKD-02")
    assert rentang.tujuan == rpjmd.tujuan and rentang.sasaran is None
    assert list(rentang.target.values_list("nilai", "nilai_max")) == [(Decimal(5), Decimal(6))]
    assert (rentang.target_akhir, rentang.target_akhir_max) == (Decimal(5), Decimal("7.5"))
    bpk = IndikatorDaerah.objects.get(kode="IKD-03")
    assert (bpk.skala, bpk.kondisi_awal_kualitatif, bpk.sumber_nilai) == (rpjmd.skala, "WDP", "iku")
    assert sorted(bpk.target.values_list("nilai_kualitatif", flat=True)) == ["WTP", "WTP"]


def test_reimport_updates_by_kode_without_duplicates(rpjmd: Rpjmd):
    excel.impor_ikd(rpjmd.periode, _berkas(rpjmd, [_baris(), _baris(Kode="IKD-02")]))
    pk = IndikatorDaerah.objects.get(kode="IKD-01").pk
    rows = [_baris(**{"Nama Indikator": "IPM (baru)", "Target 2023": None, "Target 2024": 73})]
    hasil = excel.impor_ikd(rpjmd.periode, _berkas(rpjmd, rows))
    assert (hasil.dibuat, hasil.diperbarui) == (0, 1)
    assert IndikatorDaerah.objects.count() == 2
    ipm = IndikatorDaerah.objects.get(kode="IKD-01")
    assert (ipm.pk, ipm.nama) == (pk, "IPM (baru)")
    assert sorted(ipm.target.values_list("tahun", flat=True)) == [2022, 2024]
    assert TargetDaerah.objects.count() == 4  # 2 (IKD-01) + 2 untouched (IKD-02)


def test_export_reimports_unchanged(rpjmd: Rpjmd):
    rpjmd.simpan(
        "A-01",
        targets={2021: Decimal("12.345"), 2022: Decimal("6.5"), 2026: Decimal("1234567.8912")},
        kondisi_awal=Decimal("0.125"),
        target_akhir=Decimal(13),
        definisi="Definisi; dengan koma, titik.",
        formula="R / T × 100",
        sumber_data="BPS",
        jenis="impact",
        tipe_perhitungan="kumulatif",
    )
    rpjmd.simpan(
        "A-02",
        polaritas="rentang",
        targets={2023: (Decimal(1), Decimal("2.75"))},
        target_akhir=Decimal(1),
        target_akhir_max=Decimal(3),
        is_ikd=False,
        aspek="",
        sasaran=None,
        tujuan=rpjmd.tujuan,
    )
    rpjmd.simpan(
        "A-03",
        polaritas="kualitatif",
        skala=rpjmd.skala,
        targets={2024: "WTP"},
        kondisi_awal_kualitatif="TW",
        aspek="daya_saing_daerah",
        sumber_nilai="iku",
    )
    pertama = excel.ekspor_ikd(rpjmd.periode)
    sebelum = _targets()
    hasil = excel.impor_ikd(rpjmd.periode, pertama)
    assert (hasil.dibuat, hasil.diperbarui) == (0, 3)
    kedua = excel.ekspor_ikd(rpjmd.periode)
    assert _cells(kedua) == _cells(pertama)
    assert len(_cells(pertama)) == 4
    assert _targets() == sebelum
    a01 = IndikatorDaerah.objects.get(kode="A-01")
    assert a01.target.get(tahun=2021).nilai == Decimal("12.345")  # not 12345
    assert (a01.definisi, a01.jenis, a01.tipe_perhitungan) == (
        "Definisi; dengan koma, titik.",
        "impact",
        "kumulatif",
    )


def _targets() -> list[tuple]:
    return sorted(
        TargetDaerah.objects.values_list(
            "indikator__kode", "tahun", "nilai", "nilai_max", "nilai_kualitatif"
        )
    )


def test_numeric_cells_and_indonesian_text_are_both_read_right(rpjmd: Rpjmd):
    rows = [
        _baris(**{"Target 2022": 12.345, "Target 2023": "12.345", "Target 2024": "1.234,5"}),
    ]
    excel.impor_ikd(rpjmd.periode, _berkas(rpjmd, rows))
    targets = dict(IndikatorDaerah.objects.get().target.values_list("tahun", "nilai"))
    assert targets[2022] == Decimal("12.345")  # a number typed in a numeric cell
    assert targets[2023] == Decimal(12345)  # text typed the Indonesian way
    assert targets[2024] == Decimal("1234.5")


def test_bad_cells_are_listed_by_row_and_column_and_nothing_is_saved(rpjmd: Rpjmd):
    rows = [
        _baris(),
        _baris(Kode="IKD-02", **{"Target 2025": "12,5 persen"}),
        _baris(Kode="IKD-03", Polaritas="Naik"),
        _baris(Kode="IKD-04", Satuan=None, **{"Target 2025 Maks": "banyak"}),
    ]
    with pytest.raises(ImportGagal) as exc:
        excel.impor_ikd(rpjmd.periode, _berkas(rpjmd, rows))
    assert _galat(exc) == [
        "Baris 4, kolom Polaritas: 'Naik' tidak dikenal; pilih salah satu: Positif, Negatif, "
        "Rentang, Stabil, Kualitatif",
        "Baris 5, kolom Satuan: wajib diisi",
        "Baris 5, kolom Target 2025 Maks: 'banyak' bukan angka",
    ]
    assert not IndikatorDaerah.objects.exists()
    # Once the cells parse, the number-or-label columns are checked too.
    with pytest.raises(ImportGagal) as exc:
        excel.impor_ikd(rpjmd.periode, _berkas(rpjmd, rows[:2]))
    assert _galat(exc) == ["Baris 3, kolom Target 2025: '12,5 persen' bukan angka"]
    assert not IndikatorDaerah.objects.exists()


def test_business_errors_are_located_and_nothing_is_saved(rpjmd: Rpjmd):
    rpjmd.simpan("LAMA", nama="Tidak boleh berubah")
    rows = [
        _baris(Kode="LAMA", **{"Nama Indikator": "Berubah?"}),
        _baris(Kode="IKD-02", **{"Kode Sasaran": "S9"}),
        _baris(Kode="ikd-02"),
        _baris(Kode="IKD-04", Polaritas="Rentang", **{"Target 2022": 5}),
        _baris(
            Kode="IKD-05",
            Polaritas="Kualitatif",
            **{
                "Skala Kualitatif": "Opini BPK",
                "Kondisi Awal": None,
                "Target 2022": "Baik",
                "Target 2023": None,
                "Target Akhir": None,
            },
        ),
        _baris(Kode="IKD-06", Aspek=None),
        _baris(Kode="IKD-07", **{"Kode Tujuan": "T1"}),
        _baris(Kode="IKD-08", **{"Target 2022 Maks": 9}),
    ]
    with pytest.raises(ImportGagal) as exc:
        excel.impor_ikd(rpjmd.periode, _berkas(rpjmd, rows))
    assert _galat(exc) == [
        "Baris 3, kolom Kode Sasaran: Sasaran dengan kode 'S9' tidak ada pada periode "
        "RPJMD Kaltara 2021–2026",
        "Baris 4, kolom Kode: 'ikd-02' sudah dipakai di baris 3",
        "Baris 5, kolom Target Akhir Maks: Target akhir: batas atas wajib diisi untuk polaritas "
        "rentang.",
        "Baris 5, kolom Target 2022 Maks: Target 2022: batas atas wajib diisi untuk polaritas "
        "rentang.",
        "Baris 5, kolom Target 2023 Maks: Target 2023: batas atas wajib diisi untuk polaritas "
        "rentang.",
        "Baris 6, kolom Target 2022: Target 2022: 'Baik' tidak ada pada skala Opini BPK "
        "(pilihan: WTP, WDP, TW, TMP).",
        "Baris 7, kolom Aspek: Aspek IKD wajib dipilih untuk Indikator Kinerja Daerah (IKD).",
        "Baris 8, kolom Kode Sasaran: Pilih salah satu: tujuan atau sasaran RPJMD, tidak keduanya.",
        "Baris 9, kolom Target 2022 Maks: Target 2022: batas atas hanya untuk polaritas rentang.",
    ]
    assert list(IndikatorDaerah.objects.values_list("kode", "nama")) == [
        ("LAMA", "Tidak boleh berubah")
    ]


def test_target_column_of_a_year_outside_the_periode_is_refused(rpjmd: Rpjmd):
    wb = load_workbook(io.BytesIO(_berkas(rpjmd, [_baris()])))
    wb["Data"].cell(row=1, column=wb["Data"].max_column + 1, value="Target 2027")
    wb["Data"].cell(row=2, column=wb["Data"].max_column, value=80)
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ImportGagal) as exc:
        excel.impor_ikd(rpjmd.periode, out.getvalue())
    assert _galat(exc) == [
        "Baris 1, kolom Target 2027: Target 2027 di luar periode RPJMD 2021–2026; "
        "gunakan templat periode ini"
    ]
    assert not IndikatorDaerah.objects.exists()


def test_missing_columns_are_named(rpjmd: Rpjmd):
    with pytest.raises(ImportGagal) as exc:
        excel.impor_ikd(rpjmd.periode, _berkas(rpjmd, [_baris()], drop=("Satuan", "Target 2024")))
    assert _galat(exc) == ["Kolom tidak ditemukan: Satuan, Target 2024."]


@pytest.mark.parametrize(
    ("data", "pesan"),
    [
        (b"", "Berkas kosong."),
        (b"Kode;Nama\nA;B\n", "Berkas bukan file Excel .xlsx yang valid."),
        (b"PK\x03\x04 bukan zip sungguhan", "Berkas bukan file Excel .xlsx yang valid."),
    ],
)
def test_empty_and_non_xlsx_files_are_refused(rpjmd: Rpjmd, data: bytes, pesan: str):
    with pytest.raises(ImportGagal) as exc:
        excel.impor_ikd(rpjmd.periode, data)
    assert _galat(exc) == [pesan]


def test_template_without_rows_and_foreign_workbook_are_refused(rpjmd: Rpjmd):
    with pytest.raises(ImportGagal) as exc:
        excel.impor_ikd(rpjmd.periode, excel.templat_ikd(rpjmd.periode))
    assert _galat(exc) == ["Tidak ada baris data pada lembar 'Data'."]
    wb = Workbook()
    wb.active.title = "Sheet1"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ImportGagal) as exc:
        excel.impor_ikd(rpjmd.periode, out.getvalue())
    assert _galat(exc) == ["Lembar 'Data' tidak ditemukan; gunakan templat."]


def test_five_thousand_rows_import_in_reasonable_time(rpjmd: Rpjmd):
    rows = [
        _baris(Kode=f"IKD-{i:05d}", **{f"Target {t}": 70 + i % 7 + t % 10 / 4 for t in TAHUN})
        for i in range(5000)
    ]
    data = _berkas(rpjmd, rows)
    mulai = time.perf_counter()
    hasil = excel.impor_ikd(rpjmd.periode, data)
    detik = time.perf_counter() - mulai
    assert hasil.dibuat == 5000
    assert TargetDaerah.objects.count() == 30000
    assert detik < 60, f"{detik:.1f} s"
    # A single bad row among them refuses the whole file, quickly too.
    rows[4321]["Target 2024"] = "tujuh"
    rows[0]["Kode"] = "BARU"
    mulai = time.perf_counter()
    with pytest.raises(ImportGagal) as exc:
        excel.impor_ikd(rpjmd.periode, _berkas(rpjmd, rows))
    assert time.perf_counter() - mulai < 60
    assert _galat(exc) == ["Baris 4323, kolom Target 2024: 'tujuh' bukan angka"]
    assert not IndikatorDaerah.objects.filter(kode="BARU").exists()


# --- admin views ------------------------------------------------------------------------------


def test_admin_downloads_template_and_export(verifikator_client, rpjmd: Rpjmd):
    rpjmd.simpan()
    for jenis in ("templat", "ekspor"):
        response = verifikator_client.get(
            f"/admin/daerah/ikd-excel/{jenis}/", {"periode": rpjmd.periode.pk}
        )
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert f"indikator-daerah-{jenis}-2021-2026.xlsx" in response["Content-Disposition"]
        wb = load_workbook(io.BytesIO(response.content))
        assert wb["Data"].max_row == (1 if jenis == "templat" else 2)


def test_admin_uploads_a_file(admin_bappeda_client, rpjmd: Rpjmd):
    berkas = SimpleUploadedFile("ikd.xlsx", _berkas(rpjmd, [_baris(), _baris(Kode="IKD-02")]))
    response = admin_bappeda_client.post(
        "/admin/daerah/ikd-excel/", {"periode": rpjmd.periode.pk, "berkas": berkas}
    )
    assert response.status_code == 302
    assert IndikatorDaerah.objects.count() == 2
    response = admin_bappeda_client.get(response["Location"])
    assert "Impor berhasil: 2 indikator baru, 0 indikator diperbarui." in html.unescape(
        response.content.decode()
    )


def test_admin_upload_of_a_bad_file_lists_errors(admin_bappeda_client, rpjmd: Rpjmd):
    berkas = SimpleUploadedFile(
        "ikd.xlsx", _berkas(rpjmd, [_baris(), _baris(**{"Target 2025": "12,5 persen"})])
    )
    response = admin_bappeda_client.post(
        "/admin/daerah/ikd-excel/", {"periode": rpjmd.periode.pk, "berkas": berkas}
    )
    assert response.status_code == 200
    teks = html.unescape(response.content.decode())
    assert "Baris 3, kolom Kode: 'IKD-01' sudah dipakai di baris 2" in teks
    assert "tidak ada data yang disimpan" in teks
    assert not IndikatorDaerah.objects.exists()
    berkas = SimpleUploadedFile("ikd.xlsx", b"bukan excel")
    response = admin_bappeda_client.post(
        "/admin/daerah/ikd-excel/", {"periode": rpjmd.periode.pk, "berkas": berkas}
    )
    assert "Berkas bukan file Excel .xlsx yang valid." in html.unescape(response.content.decode())


def test_services_roundtrip_helper_is_consistent(rpjmd: Rpjmd):
    """The importer and the service agree: what the file creates passes the service rules."""
    excel.impor_ikd(rpjmd.periode, _berkas(rpjmd, [_baris()]))
    ind = IndikatorDaerah.objects.get()
    assert services.periksa_indikator(ind, list(ind.target.all())) == []
