"""IKU Excel: template with dropdowns and instructions, strict all-or-nothing import with
row/column errors, re-import by kode, 5,000 rows, and export → import → export identity."""

from __future__ import annotations

import io
import time
from decimal import Decimal

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context
from openpyxl import Workbook, load_workbook

from kinerja.excel.core import ImportGagal
from kinerja.opd.services import TargetInput as T

pytestmark = pytest.mark.django_db
D = Decimal


def _header(renstra) -> list[str]:
    from kinerja.opd.excel import kolom_iku

    return kolom_iku(renstra)


def _xlsx(header, rows, sheet="Data") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _row(header, **cells):
    """A data row by header text; base columns get sensible defaults."""
    values = {
        "Kode": "IKU-01",
        "Nama Indikator": "Persentase balita gizi buruk tertangani",
        "Kode Sasaran": "SS1",
        "Satuan": "%",
        "Jenis": "outcome",
        "Polaritas": "positif",
        "Tipe Perhitungan": "kumulatif",
    }
    values.update(cells)
    return [values.get(h) for h in header]


def _impor(renstra, data):
    from kinerja.opd.excel import impor_iku

    return impor_iku(renstra, data)


def _galat(exc: pytest.ExceptionInfo[ImportGagal]) -> list[str]:
    return [str(g) for g in exc.value.galat]


# --- template --------------------------------------------------------------------------------


def test_template_has_instructions_header_and_dropdowns(rencana, opd_a, daerah):
    from kinerja.opd.excel import templat_iku

    with schema_context(opd_a.schema):
        data = templat_iku(rencana.renstra)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames[:2] == ["Petunjuk", "Data"]
    petunjuk = "\n".join(str(c.value) for c in wb["Petunjuk"]["A"] if c.value)
    assert "Renstra Dinas Uji 2031–2035" in petunjuk
    assert "'10 – 20'" in petunjuk  # how to write a rentang target
    assert "SS1 — Sasaran satu" in petunjuk
    header = [c.value for c in wb["Data"][1]]
    assert header[:10] == [
        "Kode",
        "Nama Indikator",
        "Kode Sasaran",
        "Satuan",
        "Jenis",
        "Polaritas",
        "Tipe Perhitungan",
        "Sumber Data",
        "Penanggung Jawab",
        "Baseline",
    ]
    assert header[10:15] == [
        "Target 2031",
        "Target 2031 TW1",
        "Target 2031 TW2",
        "Target 2031 TW3",
        "Target 2031 TW4",
    ]
    assert header[-7:] == [
        "Target 2035",
        *(f"Target 2035 TW{q}" for q in (1, 2, 3, 4)),
        "Kode IKD",
        "Skala Kualitatif",
    ]
    assert len(header) == 10 + 5 * 5 + 2
    lists = wb["Pilihan"]
    dropdowns = {}
    for v in wb["Data"].data_validations.dataValidation:
        letter = str(v.sqref).split(":")[0].rstrip("0123456789")  # "E2" -> "E"
        assert v.formula1.startswith(f"=Pilihan!${letter}$1:${letter}$")
        dropdowns[letter] = [c.value for c in lists[letter] if c.value is not None]
    assert all(v.type == "list" for v in wb["Data"].data_validations.dataValidation)


# --- import ----------------------------------------------------------------------------------


def test_import_creates_iku_with_indonesian_and_plain_numbers(rencana, daerah, opd_a):
    from kinerja.opd.models import Iku

    header = _header(rencana.renstra)
    rows = [
        _row(
            header,
            **{
                "Kode": "IKU-01",
                "Baseline": "1.234,5",
                "Target 2031": "1.300,25",
                "Target 2031 TW1": 325.5,
                "Target 2032": "1400.75",
                "Kode IKD": "ikd-01",
            },
        ),
        _row(
            header,
            **{
                "Kode": "IKU-02",
                "Polaritas": "rentang",
                "Target 2031": "10 – 20",
                "Target 2032": "10,5 s.d. 21",
                "Target 2033": "11-22",
            },
        ),
        _row(
            header,
            **{
                "Kode": "IKU-03",
                "Polaritas": "KUALITATIF",
                "Skala Kualitatif": "opini bpk uji",
                "Baseline": "wdp",
                "Target 2031": "wtp",
            },
        ),
        _row(
            header,
            **{
                "Kode": "IKU-04",
                "Kode Sasaran": "ss2",
                "Polaritas": "negatif",
                "Target 2031": 1.234,
                "Target 2032": "75%",
            },
        ),
    ]
    with schema_context(opd_a.schema):
        hasil = _impor(rencana.renstra, _xlsx(header, rows))
        assert (hasil.baris, hasil.dibuat, hasil.diperbarui, hasil.target) == (4, 4, 0, 9)
        assert "4 baris diimpor: 4 IKU baru" in hasil.ringkasan
        a = Iku.objects.get(kode="IKU-01")
        assert a.baseline == D("1234.5") and a.ikd_id == daerah.ikd.pk
        assert list(
            a.target.order_by("tahun", "triwulan").values_list("tahun", "triwulan", "nilai")
        ) == [
            (2031, 1, D("325.5")),  # NULL (the yearly target) sorts last in PostgreSQL
            (2031, None, D("1300.25")),
            (2032, None, D("1400.75")),
        ]
        b = Iku.objects.get(kode="IKU-02")
        assert sorted(b.target.values_list("tahun", "nilai", "nilai_max")) == [
            (2031, D(10), D(20)),
            (2032, D("10.5"), D(21)),
            (2033, D(11), D(22)),
        ]
        c = Iku.objects.get(kode="IKU-03")
        assert (c.skala_id, c.baseline_kualitatif) == (daerah.skala.pk, "WDP")
        assert c.target.get().nilai_kualitatif == "WTP"  # stored as the scale writes it
        d = Iku.objects.get(kode="IKU-04")
        assert d.sasaran_id == rencana.sasaran_2.pk
        # a numeric cell 1.234 stays 1.234 (the text "1.234" would be 1234, Indonesian style)
        assert sorted(d.target.values_list("nilai", flat=True)) == [D("1.234"), D(75)]


def test_bad_cells_and_rules_refuse_the_whole_file(rencana, daerah, opd_a, buat_iku):
    from kinerja.opd.models import Iku

    header = _header(rencana.renstra)
    rows = [
        _row(header, **{"Kode": "OK-1", "Target 2031": "10"}),  # valid row: not saved either
        _row(header, **{"Kode": "X-2", "Target 2031": "12,5 persen"}),
        _row(header, **{"Kode": "X-3", "Kode Sasaran": "SS404"}),
        _row(header, **{"Kode": "ok-1"}),
        _row(header, **{"Kode": "X-5", "Kode IKD": "IKD-404", "Jenis": "keluaran"}),
        _row(header, **{"Kode": "X-6", "Polaritas": "rentang", "Target 2032": "15"}),
        _row(
            header,
            **{
                "Kode": "X-7",
                "Polaritas": "kualitatif",
                "Skala Kualitatif": "Opini BPK Uji",
                "Target 2033": "Sangat Baik",
            },
        ),
        _row(header, **{"Kode": "X-8", "Polaritas": "kualitatif", "Target 2031": "WTP"}),
        _row(header, **{"Kode": "X-9", "Nama Indikator": None, "Baseline": "dua"}),
        _row(header, **{"Kode": "X-10", "Kode IKD": "IND-02"}),
    ]
    with schema_context(opd_a.schema):
        buat_iku(rencana.sasaran, "LAMA", targets=[T(2031, None, D(1))])
        with pytest.raises(ImportGagal) as exc:
            _impor(rencana.renstra, _xlsx(header, rows))
        assert _galat(exc) == [
            "Baris 6, kolom Jenis: 'keluaran' tidak dikenal; pilih salah satu: input, output, "
            "outcome, impact",
            "Baris 10, kolom Nama Indikator: wajib diisi",
        ]  # cell errors first: business rules run once every cell parses
        rows[4] = _row(header, **{"Kode": "X-5", "Kode IKD": "IKD-404"})
        rows[8] = _row(header, **{"Kode": "X-9", "Baseline": "dua"})
        with pytest.raises(ImportGagal) as exc:
            _impor(rencana.renstra, _xlsx(header, rows))
        assert _galat(exc) == [
            "Baris 3, kolom Target 2031: '12,5 persen' bukan angka",
            "Baris 4, kolom Kode Sasaran: sasaran 'SS404' tidak ditemukan pada Renstra "
            "Renstra Dinas Uji 2031–2035",
            "Baris 5, kolom Kode: 'ok-1' sudah dipakai di baris 2",
            "Baris 6, kolom Kode IKD: IKD 'IKD-404' tidak ditemukan pada periode RPJMD RPJMD Uji "
            "2031–2036",
            "Baris 7, kolom Target 2032: '15': polaritas rentang memerlukan batas bawah dan "
            "batas atas, tulis misalnya '10 – 20'",
            "Baris 8, kolom Target 2033: 'Sangat Baik' tidak ada pada skala Opini BPK Uji; "
            "pilihan: WTP, WDP, TW, TMP.",
            "Baris 9, kolom Skala Kualitatif: wajib diisi untuk polaritas kualitatif",
            "Baris 10, kolom Baseline: 'dua' bukan angka",
            "Baris 11, kolom Kode IKD: IKD 'IND-02' tidak ditemukan pada periode RPJMD RPJMD Uji "
            "2031–2036",
        ]
        assert list(Iku.objects.values_list("kode", flat=True)) == ["LAMA"]


@pytest.mark.parametrize(
    ("data", "pesan"),
    [
        (b"", "Berkas kosong."),
        (b"PK\x03\x04 ini bukan excel", "Berkas bukan file Excel .xlsx yang valid."),
        (b"Kode;Nama\nIKU-1;x\n", "Berkas bukan file Excel .xlsx yang valid."),
        ("sheet", "Lembar 'Data' tidak ditemukan; gunakan templat."),
        ("kolom", "Kolom tidak ditemukan: Polaritas, Target 2033 TW2."),
        ("kosong", "Tidak ada baris data pada lembar 'Data'."),
    ],
)
def test_unusable_files_are_refused_with_a_clear_message(rencana, opd_a, data, pesan):
    from kinerja.opd.models import Iku

    header = _header(rencana.renstra)
    if data == "sheet":
        data = _xlsx(header, [_row(header)], sheet="Sheet1")
    elif data == "kolom":
        kurang = [h for h in header if h not in ("Polaritas", "Target 2033 TW2")]
        data = _xlsx(kurang, [_row(kurang)])
    elif data == "kosong":
        data = _xlsx(header, [[None] * len(header)])
    with schema_context(opd_a.schema):
        with pytest.raises(ImportGagal) as exc:
            _impor(rencana.renstra, data)
        assert _galat(exc) == [pesan]
        assert not Iku.objects.exists()


def test_reimport_updates_by_kode_and_replaces_targets(rencana, opd_a, buat_iku):
    from kinerja.opd.models import Iku, PerjanjianKinerjaItem
    from kinerja.opd.services import pk_buat_draft

    header = _header(rencana.renstra)
    with schema_context(opd_a.schema):
        lama = buat_iku(rencana.sasaran, "IKU-01", targets=[T(2031, None, D(1)), T(2034, 2, D(9))])
        tetap = buat_iku(rencana.sasaran, "TETAP", targets=[T(2031, None, D(5))])
        pk_buat_draft(2031)  # a PK item points at IKU-01: the IKU is updated, not recreated
        rows = [
            _row(header, **{"Kode": "iku-01", "Nama Indikator": "Nama baru", "Target 2032": "7"}),
            _row(header, **{"Kode": "IKU-02", "Target 2031": "3"}),
        ]
        hasil = _impor(rencana.renstra, _xlsx(header, rows))
        assert (hasil.dibuat, hasil.diperbarui) == (1, 1)
        assert Iku.objects.count() == 3
        iku = Iku.objects.get(pk=lama.pk)
        assert (iku.kode, iku.nama) == ("iku-01", "Nama baru")
        assert list(iku.target.values_list("tahun", "triwulan", "nilai")) == [(2032, None, D(7))]
        assert list(tetap.target.values_list("nilai", flat=True)) == [D(5)]
        assert PerjanjianKinerjaItem.objects.filter(iku=iku).count() == 1
        _impor(rencana.renstra, _xlsx(header, rows))  # again: still no duplicates
        assert Iku.objects.count() == 3


def test_export_import_export_round_trip_is_identical(rencana, daerah, opd_a, buat_iku):
    from kinerja.opd.excel import ekspor_iku
    from kinerja.opd.models import Iku, TargetIku

    with schema_context(opd_a.schema):
        buat_iku(
            rencana.sasaran,
            "A-POS",
            baseline=D("1234.5678"),
            sumber_data="BPS",
            penanggung_jawab="Bidang P2P",
            ikd_id=daerah.ikd.pk,
            targets=[
                T(2031, None, D("12.345")),
                T(2031, 1, D("0.1")),
                T(2035, 4, D(1000000)),
                T(2032, None, D("123456789012345.6789")),
            ],
        )
        buat_iku(
            rencana.sasaran_2,
            "B-RENTANG",
            polaritas="rentang",
            tipe_perhitungan="rata_rata",
            targets=[T(2031, None, D("2.5"), D("3.75")), T(2033, 3, D(0), D(1))],
        )
        buat_iku(
            rencana.sasaran,
            "C-KUAL",
            polaritas="kualitatif",
            tipe_perhitungan="posisi_akhir",
            skala_id=daerah.skala.pk,
            baseline_kualitatif="WDP",
            targets=[T(2031, None, None, None, "WTP"), T(2034, None, None, None, "WDP")],
        )
        buat_iku(
            rencana.sasaran,
            "D-NEG",
            polaritas="negatif",
            jenis="impact",
            baseline=D("-1.5"),
            targets=[T(2031, None, D("1.234"))],
        )
        pertama = ekspor_iku(rencana.renstra)
        TargetIku.objects.all().delete()
        Iku.objects.all().delete()
        hasil = _impor(rencana.renstra, pertama)
        assert hasil.dibuat == 4
        kedua = ekspor_iku(rencana.renstra)
        assert Iku.objects.get(kode="A-POS").target.get(tahun=2032).nilai == D(
            "123456789012345.6789"
        )

    def cells(data):
        ws = load_workbook(io.BytesIO(data))["Data"]
        return [[c.value for c in row] for row in ws.iter_rows()]

    assert cells(pertama) == cells(kedua)
    assert len(cells(pertama)) == 5
    a_pos = cells(pertama)[1]
    assert a_pos[:10] == [
        "A-POS",
        "Indikator A-POS",
        "SS1",
        "%",
        "output",
        "positif",
        "kumulatif",
        "BPS",
        "Bidang P2P",
        1234.5678,
    ]
    assert a_pos[10] == 12.345 and a_pos[-2:] == ["IKD-01", None]


@pytest.mark.slow
def test_import_of_5000_rows(rencana, opd_a):
    from kinerja.opd.models import Iku, TargetIku

    header = _header(rencana.renstra)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append(header)
    for i in range(5000):
        ws.append(
            _row(
                header,
                **{
                    "Kode": f"IKU-{i:05d}",
                    "Kode Sasaran": "SS1" if i % 2 else "SS2",
                    **{f"Target {t}": f"{i},5" for t in range(2031, 2036)},
                    "Target 2031 TW4": i,
                },
            )
        )
    out = io.BytesIO()
    wb.save(out)
    mulai = time.monotonic()
    with schema_context(opd_a.schema):
        hasil = _impor(rencana.renstra, out.getvalue())
        assert (hasil.baris, hasil.dibuat, hasil.target) == (5000, 5000, 30000)
        assert Iku.objects.count() == 5000
        assert TargetIku.objects.filter(iku__kode="IKU-04999", tahun=2035).get().nilai == D(
            "4999.5"
        )
    assert time.monotonic() - mulai < 60


@pytest.mark.slow
def test_5000_rows_with_one_bad_cell_save_nothing(rencana, opd_a):
    from kinerja.opd.models import Iku

    header = _header(rencana.renstra)
    rows = [_row(header, **{"Kode": f"IKU-{i:05d}", "Target 2031": str(i)}) for i in range(5000)]
    rows[4321] = _row(header, **{"Kode": "IKU-04321", "Target 2031": "empat"})
    with schema_context(opd_a.schema):
        with pytest.raises(ImportGagal) as exc:
            _impor(rencana.renstra, _xlsx(header, rows))
        assert _galat(exc) == ["Baris 4323, kolom Target 2031: 'empat' bukan angka"]
        assert not Iku.objects.exists()


# --- admin views -----------------------------------------------------------------------------


def test_admin_template_export_and_upload(admin_a, rencana, opd_a):
    from kinerja.opd.models import Iku

    templat = admin_a.get(reverse("opd_iku:excel_templat") + f"?renstra={rencana.renstra.pk}")
    assert templat.status_code == 200
    assert templat["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(templat.content))["Data"]["A1"].value == "Kode"
    header = _header(rencana.renstra)
    bagus = _xlsx(header, [_row(header, **{"Target 2031": "80"})])
    response = admin_a.post(
        reverse("opd_iku:excel"),
        {"renstra": rencana.renstra.pk, "berkas": io.BytesIO(bagus)},
        follow=True,
    )
    assert "1 baris diimpor: 1 IKU baru, 0 IKU diperbarui, 1 target tersimpan" in (
        response.content.decode()
    )
    buruk = _xlsx(header, [_row(header, **{"Kode": "X", "Target 2031": "12,5 persen"})])
    response = admin_a.post(
        reverse("opd_iku:excel"), {"renstra": rencana.renstra.pk, "berkas": io.BytesIO(buruk)}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Baris 2, kolom Target 2031: &#x27;12,5 persen&#x27; bukan angka" in html
    assert "tidak ada data yang disimpan" in html
    ekspor = admin_a.get(reverse("opd_iku:excel_ekspor") + f"?renstra={rencana.renstra.pk}")
    assert load_workbook(io.BytesIO(ekspor.content))["Data"]["A2"].value == "IKU-01"
    with schema_context(opd_a.schema):
        assert list(Iku.objects.values_list("kode", flat=True)) == ["IKU-01"]


def test_kepala_may_download_but_not_upload(host_client, opd_a, rencana, login):
    kepala = login(host_client(opd_a.domain), "kepala")
    assert kepala.get(reverse("opd_iku:excel_ekspor")).status_code == 200
    header = _header(rencana.renstra)
    response = kepala.post(
        reverse("opd_iku:excel"),
        {"renstra": rencana.renstra.pk, "berkas": io.BytesIO(_xlsx(header, [_row(header)]))},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_import_never_moves_an_iku_of_another_renstra(rencana, daerah, opd_a, buat_iku):
    from kinerja.excel.core import ImportGagal
    from kinerja.opd.models import Iku, Renstra, SasaranStrategis, TujuanRenstra

    header = _header(rencana.renstra)
    with schema_context(opd_a.schema):
        lain = Renstra.objects.create(
            periode_rpjmd_id=daerah.periode.pk,
            nama="Renstra Lama",
            tahun_awal=2031,
            tahun_akhir=2035,
        )
        tujuan = TujuanRenstra.objects.create(renstra=lain, kode="TL", uraian="Tujuan lama")
        sasaran = SasaranStrategis.objects.create(
            tujuan=tujuan, kode="SSL", uraian="Sasaran lama", sasaran_rpjmd_id=daerah.sasaran_11.pk
        )
        lama = buat_iku(sasaran, "IKU-LAMA")
        rows = [_row(header, **{"Kode": "iku-lama", "Target 2031": "3"})]
        with pytest.raises(ImportGagal) as excinfo:
            _impor(rencana.renstra, _xlsx(header, rows))
        assert "sudah dipakai IKU pada Renstra lain ('Renstra Lama')" in str(excinfo.value.galat[0])
        assert Iku.objects.get(pk=lama.pk).sasaran_id == sasaran.pk
