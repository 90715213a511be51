"""Bukti dukung validation (kinerja.bukti): pure, no database.

Every accepted kind is built for real here (Pillow, openpyxl, zipfile), so the checks are run
against genuine content, not hand-made magic bytes only.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import re
import unicodedata
import zipfile
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from PIL import Image

from kinerja.bukti import (
    ATRIBUT_ACCEPT,
    EKSTENSI_DIIZINKAN,
    JENIS_BUKTI,
    PANJANG_NAMA_MAKS,
    UKURAN_MAKS,
    BuktiDitolak,
    BuktiValid,
    jenis_untuk_ekstensi,
    nama_aman,
    path_penyimpanan,
    periksa_bukti,
)

MB = 1024 * 1024
PDF_MINI = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def _gambar(format_: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buf, format_)
    return buf.getvalue()


def _xlsx() -> bytes:
    wb = Workbook()
    wb.active["A1"] = "Realisasi"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _zip(bagian: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as arsip:
        for nama, isi in bagian.items():
            arsip.writestr(nama, isi)
    return buf.getvalue()


def _docx() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "word/document.xml": b'<?xml version="1.0"?><w:document/>',
        }
    )


ISI: dict[str, Callable[[], bytes]] = {
    "pdf": lambda: PDF_MINI,
    "jpeg": lambda: _gambar("JPEG"),
    "png": lambda: _gambar("PNG"),
    "webp": lambda: _gambar("WEBP"),
    "xlsx": _xlsx,
    "docx": _docx,
}


def _tolak(nama: str, isi: bytes, ukuran: int | None = None) -> BuktiDitolak:
    with pytest.raises(BuktiDitolak) as info:
        periksa_bukti(nama, io.BytesIO(isi), ukuran)
    return info.value


class AliranMalas(io.RawIOBase):
    """A seekable stream of ``ukuran`` bytes (``awal`` then zeros) made on demand, counting
    how many bytes were actually handed out, so a test can prove a big file was not read."""

    def __init__(self, ukuran: int, awal: bytes = b"%PDF-1.4\n") -> None:
        self._ukuran = ukuran
        self._awal = awal
        self._pos = 0
        self.dibaca = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        basis = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._ukuran}[whence]
        self._pos = max(0, basis + offset)
        return self._pos

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = max(0, min(len(buffer), self._ukuran - self._pos))
        potongan = bytearray(n)
        if self._pos < len(self._awal):
            dari_awal = self._awal[self._pos : self._pos + n]
            potongan[: len(dari_awal)] = dari_awal
        buffer[:n] = potongan
        self._pos += n
        self.dibaca += n
        return n


# --- Accepted -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nama", "kode", "label", "ekstensi", "mime"),
    [
        ("laporan.pdf", "pdf", "PDF", ".pdf", "application/pdf"),
        ("foto.jpg", "jpeg", "JPEG", ".jpg", "image/jpeg"),
        ("foto.jpeg", "jpeg", "JPEG", ".jpg", "image/jpeg"),
        ("grafik.png", "png", "PNG", ".png", "image/png"),
        ("grafik.webp", "webp", "WebP", ".webp", "image/webp"),
        (
            "data.xlsx",
            "xlsx",
            "XLSX",
            ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "surat.docx",
            "docx",
            "DOCX",
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_every_allowed_kind_is_accepted(nama, kode, label, ekstensi, mime):
    isi = ISI[kode]()
    berkas = io.BytesIO(isi)
    hasil = periksa_bukti(nama, berkas)
    assert hasil == BuktiValid(
        nama_bersih=nama,
        ekstensi=ekstensi,
        mime=mime,
        label=label,
        ukuran=len(isi),
        sha256=hashlib.sha256(isi).hexdigest(),
    )
    assert berkas.tell() == 0  # rewound, ready to be stored


@pytest.mark.parametrize(
    ("nama", "kode", "ekstensi"),
    [
        ("FOTO.JPG", "jpeg", ".jpg"),
        ("Scan.JPEG", "jpeg", ".jpg"),
        ("LAPORAN.PDF", "pdf", ".pdf"),
        ("Data.XlSx", "xlsx", ".xlsx"),
    ],
)
def test_extension_is_case_insensitive(nama, kode, ekstensi):
    hasil = periksa_bukti(nama, io.BytesIO(ISI[kode]()))
    assert hasil.ekstensi == ekstensi
    assert hasil.nama_bersih == nama  # the display name keeps the user's spelling


def test_animated_png_is_a_png():
    buf = io.BytesIO()
    frames = [Image.new("RGB", (2, 2), c) for c in ((255, 0, 0), (0, 0, 255))]
    frames[0].save(buf, "PNG", save_all=True, append_images=frames[1:])
    assert periksa_bukti("anim.png", io.BytesIO(buf.getvalue())).label == "PNG"


def test_reads_from_the_start_and_hashes_the_whole_content():
    isi = PDF_MINI + b"x" * 200_000  # several chunks
    berkas = io.BytesIO(isi)
    berkas.seek(1234)  # e.g. something already peeked at the upload
    hasil = periksa_bukti("besar.pdf", berkas)
    assert hasil.sha256 == hashlib.sha256(isi).hexdigest()
    assert hasil.ukuran == len(isi)
    assert berkas.tell() == 0


def test_declared_size_is_not_trusted_for_the_result():
    hasil = periksa_bukti("x.pdf", io.BytesIO(PDF_MINI), ukuran=999)
    assert hasil.ukuran == len(PDF_MINI)


# --- Wrong content ------------------------------------------------------------------------


def test_png_renamed_to_pdf_is_refused():
    galat = _tolak("laporan.pdf", ISI["png"]())
    assert galat.kode == "isi_tidak_cocok"
    assert galat.pesan == "Isi berkas 'laporan.pdf' bukan PDF (terdeteksi: PNG)."
    assert str(galat) == galat.pesan


def test_unknown_content_renamed_to_pdf_is_refused():
    galat = _tolak("laporan.pdf", b"ini hanya teks biasa, bukan PDF\n")
    assert galat.kode == "isi_tidak_cocok"
    assert galat.pesan == "Isi berkas 'laporan.pdf' bukan PDF (jenis tidak dikenali)."


@pytest.mark.parametrize(
    ("nama", "kode_isi", "terdeteksi"),
    [
        ("foto.jpg", "png", "PNG"),
        ("foto.png", "jpeg", "JPEG"),
        ("foto.webp", "pdf", "PDF"),
        ("data.xlsx", "docx", "DOCX"),
        ("surat.docx", "xlsx", "XLSX"),
        ("surat.docx", "pdf", "PDF"),
    ],
)
def test_content_of_another_allowed_kind_is_refused(nama, kode_isi, terdeteksi):
    galat = _tolak(nama, ISI[kode_isi]())
    assert galat.kode == "isi_tidak_cocok"
    assert galat.pesan.endswith(f"(terdeteksi: {terdeteksi}).")


def test_plain_zip_renamed_to_xlsx_is_refused():
    galat = _tolak("data.xlsx", _zip({"catatan.txt": b"halo"}))
    assert galat.kode == "isi_tidak_cocok"
    assert galat.pesan == "Isi berkas 'data.xlsx' bukan XLSX (terdeteksi: ZIP)."


def test_zip_with_only_content_types_is_not_an_xlsx():
    galat = _tolak("data.xlsx", _zip({"[Content_Types].xml": CONTENT_TYPES}))
    assert galat.kode == "isi_tidak_cocok"


def test_workbook_part_without_content_types_is_not_an_xlsx():
    galat = _tolak("data.xlsx", _zip({"xl/workbook.xml": b"<workbook/>"}))
    assert galat.kode == "isi_tidak_cocok"


def test_macro_workbook_renamed_to_xlsx_is_refused():
    isi = _zip(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "xl/workbook.xml": b"<workbook/>",
            "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0",
        }
    )
    galat = _tolak("data.xlsx", isi)
    assert galat.pesan == "Isi berkas 'data.xlsx' bukan XLSX (terdeteksi: XLSM)."


def test_exe_with_zip_appended_renamed_to_xlsx_is_refused():
    # A self-extracting archive: zipfile alone would open it (it reads from the end).
    isi = b"MZ\x90\x00" + b"\x00" * 500 + _xlsx()
    assert zipfile.is_zipfile(io.BytesIO(isi))
    galat = _tolak("data.xlsx", isi)
    assert galat.kode == "isi_tidak_cocok"


def test_broken_zip_renamed_to_docx_is_refused():
    galat = _tolak("surat.docx", _docx()[:200])
    assert galat.kode == "isi_tidak_cocok"


def test_pdf_must_start_with_its_header():
    galat = _tolak("laporan.pdf", b"\xef\xbb\xbf" + PDF_MINI)  # BOM in front
    assert galat.kode == "isi_tidak_cocok"
    assert galat.pesan == "Isi berkas 'laporan.pdf' bukan PDF (jenis tidak dikenali)."


def test_truncated_png_signature_is_refused():
    galat = _tolak("grafik.png", b"\x89PNG" + b"\x00" * 64)
    assert galat.kode == "isi_tidak_cocok"


def test_gif_renamed_to_jpg_names_what_it_is():
    galat = _tolak("foto.jpg", _gambar("GIF"))
    assert galat.pesan == "Isi berkas 'foto.jpg' bukan JPEG (terdeteksi: GIF)."


def test_exe_renamed_to_pdf_names_what_it_is():
    isi = b"MZ" + b"\x00" * 58 + b"\x80\x00\x00\x00" + b"\x00" * 200
    galat = _tolak("laporan.pdf", isi)
    assert galat.kode == "isi_tidak_cocok"
    assert galat.pesan == "Isi berkas 'laporan.pdf' bukan PDF (terdeteksi: EXE)."


# --- Extension and name -------------------------------------------------------------------


def test_exe_extension_is_refused_before_reading():
    berkas = AliranMalas(100, awal=b"MZ")
    with pytest.raises(BuktiDitolak) as info:
        periksa_bukti("setup.exe", berkas)  # type: ignore[arg-type]
    assert info.value.kode == "jenis_tidak_didukung"
    assert info.value.pesan == (
        "Jenis berkas '.exe' tidak didukung. Unggah PDF, JPG, PNG, WebP, XLSX, atau DOCX."
    )
    assert berkas.dibaca == 0


@pytest.mark.parametrize("nama", ["laporan", "laporan.pdf.exe", "arsip.zip", "lama.doc"])
def test_other_extensions_are_refused(nama):
    assert _tolak(nama, PDF_MINI).kode == "jenis_tidak_didukung"


def test_missing_extension_message():
    assert _tolak("laporan", PDF_MINI).pesan == (
        "Jenis berkas (tanpa ekstensi) tidak didukung. Unggah PDF, JPG, PNG, WebP, XLSX, atau DOCX."
    )


@pytest.mark.parametrize("nama", ["", "   ", ".", "..", "...", "a/..", "C:\\dok\\", "\x00\x01"])
def test_unusable_name_is_refused(nama):
    galat = _tolak(nama, PDF_MINI)
    assert galat.kode == "nama_tidak_valid"
    assert galat.pesan == "Nama berkas tidak valid."


def test_path_in_the_name_is_dropped():
    hasil = periksa_bukti("../../etc/passwd.pdf", io.BytesIO(PDF_MINI))
    assert hasil.nama_bersih == "passwd.pdf"


# --- Size ---------------------------------------------------------------------------------


def test_empty_file_is_refused():
    galat = _tolak("x.pdf", b"")
    assert galat.kode == "kosong"
    assert galat.pesan == "Berkas 'x.pdf' kosong (0 bita)."


def test_exactly_10_mb_is_accepted():
    berkas = AliranMalas(UKURAN_MAKS)
    hasil = periksa_bukti("pas.pdf", berkas)  # type: ignore[arg-type]
    assert hasil.ukuran == UKURAN_MAKS == 10_485_760
    assert berkas.dibaca == UKURAN_MAKS
    assert berkas.tell() == 0


def test_exactly_10_mb_in_memory_is_accepted():
    isi = PDF_MINI + b" " * (UKURAN_MAKS - len(PDF_MINI))
    hasil = periksa_bukti("pas.pdf", io.BytesIO(isi))
    assert hasil.ukuran == UKURAN_MAKS
    assert hasil.sha256 == hashlib.sha256(isi).hexdigest()


def test_one_byte_over_10_mb_is_refused():
    galat = _tolak("lebih.pdf", PDF_MINI + b" " * (UKURAN_MAKS + 1 - len(PDF_MINI)))
    assert galat.kode == "terlalu_besar"
    # Rounded up, so a refused size never reads as the maximum itself.
    assert galat.pesan == "Berkas 'lebih.pdf' berukuran 10,1 MB; maksimum 10 MB."


def test_11_mb_is_refused_without_reading_it():
    berkas = AliranMalas(11 * MB)
    with pytest.raises(BuktiDitolak) as info:
        periksa_bukti("x.pdf", berkas)  # type: ignore[arg-type]
    assert info.value.kode == "terlalu_besar"
    assert info.value.pesan == "Berkas 'x.pdf' berukuran 11,0 MB; maksimum 10 MB."
    assert berkas.dibaca == 0  # the size came from the stream end
    assert berkas.tell() == 0


def test_declared_size_over_the_maximum_is_refused_without_reading():
    berkas = AliranMalas(100)
    with pytest.raises(BuktiDitolak) as info:
        periksa_bukti("x.pdf", berkas, ukuran=11 * MB)  # type: ignore[arg-type]
    assert info.value.pesan == "Berkas 'x.pdf' berukuran 11,0 MB; maksimum 10 MB."
    assert berkas.dibaca == 0


def test_understated_size_stops_reading_just_past_the_maximum():
    berkas = AliranMalas(11 * MB)
    with pytest.raises(BuktiDitolak) as info:
        periksa_bukti("x.pdf", berkas, ukuran=1000)  # type: ignore[arg-type]
    assert info.value.kode == "terlalu_besar"
    assert info.value.pesan == "Berkas 'x.pdf' berukuran lebih dari 10 MB; maksimum 10 MB."
    assert UKURAN_MAKS < berkas.dibaca <= UKURAN_MAKS + 64 * 1024
    assert berkas.tell() == 0


def test_large_size_message_uses_indonesian_number_style():
    galat = _tolak("x.pdf", PDF_MINI, ukuran=1234 * MB + MB // 2)
    assert galat.pesan == "Berkas 'x.pdf' berukuran 1.234,5 MB; maksimum 10 MB."


def test_stream_is_rewound_after_a_refusal():
    berkas = io.BytesIO(ISI["png"]())
    berkas.seek(10)
    with pytest.raises(BuktiDitolak):
        periksa_bukti("x.pdf", berkas)
    assert berkas.tell() == 0


def test_non_seekable_stream_is_a_programming_error():
    class TakBisaSeek(io.BytesIO):
        def seekable(self) -> bool:
            return False

    with pytest.raises(ValueError, match="seek"):
        periksa_bukti("x.pdf", TakBisaSeek(PDF_MINI))


# --- Refusal object, constants, storage path ----------------------------------------------


def test_refusal_survives_pickling():
    # Celery or a cache may carry it.
    galat = pickle.loads(pickle.dumps(BuktiDitolak("kosong", "Berkas 'x.pdf' kosong (0 bita).")))
    assert (galat.kode, galat.pesan) == ("kosong", "Berkas 'x.pdf' kosong (0 bita).")


def test_kinds_and_extensions():
    assert [j.label for j in JENIS_BUKTI] == ["PDF", "JPEG", "PNG", "WebP", "XLSX", "DOCX"]
    assert {".pdf", ".jpg", ".jpeg", ".png", ".webp", ".xlsx", ".docx"} == EKSTENSI_DIIZINKAN
    assert ATRIBUT_ACCEPT == ".pdf,.jpg,.jpeg,.png,.webp,.xlsx,.docx"
    assert jenis_untuk_ekstensi("JPEG").ekstensi_utama == ".jpg"  # type: ignore[union-attr]
    assert jenis_untuk_ekstensi(".exe") is None


def test_storage_path_is_random_and_canonical():
    path = path_penyimpanan(2026, 3, ".pdf")
    assert re.fullmatch(r"bukti/2026/tw3/[0-9a-f]{32}\.pdf", path)
    assert path_penyimpanan(2026, 3, ".pdf") != path
    assert path_penyimpanan(2025, 1, "JPEG").endswith(".jpg")
    assert path_penyimpanan(2025, 4, "docx").endswith(".docx")


@pytest.mark.parametrize(
    ("tahun", "triwulan", "ekstensi"),
    [
        (2026, 0, ".pdf"),
        (2026, 5, ".pdf"),
        (2026, True, ".pdf"),
        (26, 1, ".pdf"),
        (2026, 1, ".exe"),
        (2026, 1, "../x"),
        (2026, 1, ""),
    ],
)
def test_storage_path_refuses_bad_arguments(tahun, triwulan, ekstensi):
    with pytest.raises(ValueError):
        path_penyimpanan(tahun, triwulan, ekstensi)


# --- nama_aman ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nama", "hasil"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\x\\y.pdf", "y.pdf"),
        ("/abs/path/to/Laporan TW3.pdf", "Laporan TW3.pdf"),
        ("a\\b/c\\d.pdf", "d.pdf"),
        ("lap\x00or\nan\t.pdf", "laporan.pdf"),
        ("foto\u202egpj.exe", "fotogpj.exe"),  # right-to-left override removed
        ("  .tersembunyi.pdf  ", "tersembunyi.pdf"),
        ("laporan.pdf...", "laporan.pdf"),
        ('a<b>c:d"e|f?g*.pdf', "a_b_c_d_e_f_g_.pdf"),
        ("Rekap Capaian — Triwulan Ⅲ.xlsx", "Rekap Capaian — Triwulan Ⅲ.xlsx"),
        ("cafe\u0301.pdf", "café.pdf"),  # NFC
        ("..", ""),
        ("", ""),
    ],
)
def test_nama_aman_examples(nama, hasil):
    assert nama_aman(nama) == hasil


def test_nama_aman_shortens_keeping_the_extension():
    hasil = nama_aman("a" * 300 + ".xlsx")
    assert len(hasil) == PANJANG_NAMA_MAKS
    assert hasil == "a" * (PANJANG_NAMA_MAKS - 5) + ".xlsx"


def test_nama_aman_shortening_does_not_leave_trailing_spaces_or_dots():
    hasil = nama_aman("a" * 143 + " . . " + "b" * 50 + ".pdf")
    assert hasil.endswith("a.pdf")
    assert len(hasil) <= PANJANG_NAMA_MAKS


def test_nama_aman_long_name_with_absurd_extension_is_cut():
    hasil = nama_aman("laporan." + "x" * 400)
    assert len(hasil) == PANJANG_NAMA_MAKS
    assert hasil.startswith("laporan.")


_NAMA_NAKAL = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=()),  # everything, surrogates included
        st.sampled_from(list('/\\.:*?"<>| \t\n\r\x00\x7f\u202e\u200b\u2028\ufeff')),
    ),
    max_size=400,
)


@settings(max_examples=400, deadline=None)
@given(_NAMA_NAKAL)
def test_nama_aman_property(nama):
    hasil = nama_aman(nama)
    assert "/" not in hasil
    assert "\\" not in hasil
    assert not any(unicodedata.category(c) in {"Cc", "Cf", "Cs", "Zl", "Zp"} for c in hasil)
    assert len(hasil) <= PANJANG_NAMA_MAKS
    hasil.encode("utf-8")  # usable in a Content-Disposition header
    assert not hasil.startswith((".", " "))
    assert nama_aman(hasil) == hasil  # stable


@settings(max_examples=200, deadline=None)
@given(
    nama=st.sampled_from(["a.pdf", "b.jpg", "c.png", "d.webp", "e.xlsx", "f.docx", "g.exe"]),
    isi=st.one_of(
        st.binary(max_size=2048),
        st.sampled_from([b"%PDF-", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"RIFF"]).flatmap(
            lambda awal: st.binary(max_size=512).map(lambda ekor: awal + ekor)
        ),
    ),
)
def test_any_content_is_either_accepted_or_refused_cleanly(nama, isi):
    berkas = io.BytesIO(isi)
    try:
        hasil = periksa_bukti(nama, berkas)
    except BuktiDitolak as galat:
        assert galat.kode in {"jenis_tidak_didukung", "kosong", "isi_tidak_cocok"}
    else:
        assert hasil.ukuran == len(isi) > 0
    assert berkas.tell() == 0
