"""Bukti dukung (evidence files): what may be uploaded and how it is named.

Pure module, no ORM and no Django: the rules are unit-tested in isolation and reused by the
upload form, the service that stores the file and any import.

- Allowed kinds: PDF, JPEG, PNG, WebP, XLSX and DOCX (:data:`JENIS_BUKTI`), at most
  :data:`UKURAN_MAKS` bytes (10 MB) each.
- The kind is decided by the **content**, not only by the extension: a PNG renamed to ``.pdf``,
  a plain ZIP renamed to ``.xlsx`` or a macro workbook renamed to ``.xlsx`` are refused.
- The user's file name is only for display (:func:`nama_aman`); the stored path is random
  (:func:`path_penyimpanan`), so it can be neither guessed nor used for path tricks.

Every refusal is a :class:`BuktiDitolak` with a machine-readable ``kode`` and an Indonesian
message for the user.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

import filetype

from kinerja.engine.numbers import format_angka

__all__ = [
    "ATRIBUT_ACCEPT",
    "EKSTENSI_DIIZINKAN",
    "JENIS_BUKTI",
    "PANJANG_NAMA_MAKS",
    "UKURAN_MAKS",
    "BuktiDitolak",
    "BuktiValid",
    "JenisBukti",
    "jenis_untuk_ekstensi",
    "nama_aman",
    "path_penyimpanan",
    "periksa_bukti",
]

UKURAN_MAKS = 10 * 1024 * 1024
"""Largest accepted file in bytes (10 MB = 10,485,760 bytes; one byte more is refused)."""

PANJANG_NAMA_MAKS = 150
"""Longest display file name kept by :func:`nama_aman` (characters)."""

_MB = 1024 * 1024
# Read in 64 KiB chunks: memory stays flat whatever the upload size.
_POTONGAN = 64 * 1024
# filetype looks at most at the first 8 KiB (its _NUM_SIGNATURE_BYTES).
_KEPALA = 8192
_TANDA_PDF = b"%PDF-"
_TANDA_PNG = b"\x89PNG\r\n\x1a\n"
_TANDA_JPEG = b"\xff\xd8\xff"
_TANDA_ZIP = b"PK\x03\x04"
# Longest suffix still treated as an extension when a long name is shortened.
_EKSTENSI_PANJANG_MAKS = 16


@dataclass(frozen=True)
class JenisBukti:
    """One allowed kind of evidence file.

    ``ekstensi`` lists the accepted extensions (lower case, with the dot); the first one is the
    canonical extension used for the stored file.
    """

    kode: str
    label: str
    ekstensi: tuple[str, ...]
    mime: str

    @property
    def ekstensi_utama(self) -> str:
        """Canonical extension, e.g. ``.jpg`` for both ``.jpg`` and ``.jpeg``."""
        return self.ekstensi[0]


PDF = JenisBukti("pdf", "PDF", (".pdf",), "application/pdf")
JPEG = JenisBukti("jpeg", "JPEG", (".jpg", ".jpeg"), "image/jpeg")
PNG = JenisBukti("png", "PNG", (".png",), "image/png")
WEBP = JenisBukti("webp", "WebP", (".webp",), "image/webp")
XLSX = JenisBukti(
    "xlsx",
    "XLSX",
    (".xlsx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
DOCX = JenisBukti(
    "docx",
    "DOCX",
    (".docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)

JENIS_BUKTI: tuple[JenisBukti, ...] = (PDF, JPEG, PNG, WEBP, XLSX, DOCX)
"""The allowed kinds, in the order shown to users."""

_JENIS_PER_EKSTENSI: dict[str, JenisBukti] = {
    ekstensi: jenis for jenis in JENIS_BUKTI for ekstensi in jenis.ekstensi
}
EKSTENSI_DIIZINKAN: frozenset[str] = frozenset(_JENIS_PER_EKSTENSI)
"""Every accepted extension, lower case with the dot."""

ATRIBUT_ACCEPT = ",".join(_JENIS_PER_EKSTENSI)
"""Value for ``<input type="file" accept="...">`` (a hint for the browser, not a check)."""

_DAFTAR_JENIS = "PDF, JPG, PNG, WebP, XLSX, atau DOCX"
_LABEL_KITA = frozenset(jenis.label.upper() for jenis in JENIS_BUKTI)


class BuktiDitolak(Exception):
    """An evidence file was refused.

    ``kode`` is machine-readable (``nama_tidak_valid``, ``jenis_tidak_didukung``, ``kosong``,
    ``terlalu_besar``, ``isi_tidak_cocok``); ``pesan`` is the Indonesian message for the user.
    """

    def __init__(self, kode: str, pesan: str) -> None:
        super().__init__(kode, pesan)
        self.kode = kode
        self.pesan = pesan

    def __str__(self) -> str:
        return self.pesan


@dataclass(frozen=True)
class BuktiValid:
    """An accepted evidence file.

    ``nama_bersih`` is the safe display name (never a storage path); ``ekstensi`` is the
    canonical extension of the detected kind (``.jpg`` also for a ``.jpeg`` upload); ``sha256``
    is the hex digest of the whole content.
    """

    nama_bersih: str
    ekstensi: str
    mime: str
    label: str
    ukuran: int
    sha256: str


def jenis_untuk_ekstensi(ekstensi: str) -> JenisBukti | None:
    """The kind accepted for an extension (``".PDF"``, ``"pdf"``...), or None."""
    ekstensi = ekstensi.strip().lower()
    if ekstensi and not ekstensi.startswith("."):
        ekstensi = "." + ekstensi
    return _JENIS_PER_EKSTENSI.get(ekstensi)


# --- Names --------------------------------------------------------------------------------

# Control, format (e.g. U+202E right-to-left override, used to disguise "gpj.exe"), lone
# surrogates (not encodable in a header) and line/paragraph separators.
_KATEGORI_DIBUANG = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Characters Windows refuses in file names: replaced so a download saves under the same name.
_KARAKTER_DIGANTI = frozenset('<>:"|?*')
_TEPI = re.compile(r"^[\s.]+|[\s.]+$")


def nama_aman(nama: str) -> str:
    """Safe display file name of an upload, for lists and ``Content-Disposition``.

    Keeps only the last component of a path (``/`` and ``\\`` both count, so
    ``C:\\x\\y.pdf`` gives ``y.pdf``), removes control and format characters, replaces
    characters Windows forbids, trims spaces and dots at both ends (no hidden files, no
    ``..``) and shortens to :data:`PANJANG_NAMA_MAKS` characters keeping the extension.

    Returns ``""`` when nothing usable is left. Never use the result as a storage path: see
    :func:`path_penyimpanan`.
    """
    nama = re.split(r"[/\\]", nama)[-1]
    nama = "".join(
        "_" if c in _KARAKTER_DIGANTI else c
        for c in nama
        if unicodedata.category(c) not in _KATEGORI_DIBUANG
    )
    nama = _TEPI.sub("", unicodedata.normalize("NFC", nama))
    if len(nama) > PANJANG_NAMA_MAKS:
        batang, ekstensi = posixpath.splitext(nama)
        if len(ekstensi) > _EKSTENSI_PANJANG_MAKS or _TEPI.search(ekstensi[1:]):
            batang, ekstensi = nama, ""
        # The name starts with a visible character (trimmed above), so the stem never ends
        # up empty here.
        batang = _TEPI.sub("", batang[: PANJANG_NAMA_MAKS - len(ekstensi)])
        nama = batang + ekstensi
    return nama


def path_penyimpanan(tahun: int, triwulan: int, ekstensi: str) -> str:
    """Relative storage path of a new evidence file: ``bukti/2026/tw3/<uuid4 hex>.pdf``.

    The name is random (122 bits), never the user's: it cannot be guessed and carries no path
    tricks. ``ekstensi`` must be an allowed one (with or without the dot, any case); the
    canonical extension of its kind is used (``.jpeg`` gives ``.jpg``).

    Raises ValueError for a year outside 1000–9999, a triwulan outside 1–4 or an extension that
    is not allowed (programming errors: validate the file with :func:`periksa_bukti` first).
    """
    if isinstance(tahun, bool) or not isinstance(tahun, int) or not 1000 <= tahun <= 9999:
        raise ValueError(f"tahun tidak valid: {tahun!r}")
    if isinstance(triwulan, bool) or not isinstance(triwulan, int) or not 1 <= triwulan <= 4:
        raise ValueError(f"triwulan harus 1–4: {triwulan!r}")
    jenis = jenis_untuk_ekstensi(ekstensi)
    if jenis is None:
        raise ValueError(f"ekstensi bukti tidak diizinkan: {ekstensi!r}")
    return f"bukti/{tahun}/tw{triwulan}/{uuid.uuid4().hex}{jenis.ekstensi_utama}"


# --- Checking -----------------------------------------------------------------------------


def _format_mb(ukuran: int) -> str:
    """Size in MB with one decimal, Indonesian style, rounded UP ("10,1" for 10 MB + 1 byte,
    so a refused size never reads as the maximum itself)."""
    persepuluh = -(-ukuran * 10 // _MB)
    return format_angka(Decimal(persepuluh) / 10, 1)


def _terlalu_besar(nama: str, ukuran: int | None) -> BuktiDitolak:
    maks = UKURAN_MAKS // _MB
    besar = f"{_format_mb(ukuran)} MB" if ukuran is not None else f"lebih dari {maks} MB"
    return BuktiDitolak("terlalu_besar", f"Berkas '{nama}' berukuran {besar}; maksimum {maks} MB.")


def _ooxml(berkas: BinaryIO) -> str | None:
    """Label of an Office Open XML package ("XLSX", "DOCX", or "XLSM"/"DOCM" when it carries
    macros), None for any other or a broken ZIP.

    Only the central directory is read (no member is decompressed), so a ZIP bomb costs
    nothing here. Part names are case-insensitive in OPC, hence the lower-casing.
    """
    try:
        berkas.seek(0)
        with zipfile.ZipFile(berkas) as arsip:
            nama_bagian = {info.filename.lower() for info in arsip.infolist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    if "[content_types].xml" not in nama_bagian:
        return None
    bermakro = any(posixpath.basename(n) == "vbaproject.bin" for n in nama_bagian)
    if "xl/workbook.xml" in nama_bagian:
        return "XLSM" if bermakro else "XLSX"
    if "word/document.xml" in nama_bagian:
        return "DOCM" if bermakro else "DOCX"
    return None


def _webp(kepala: bytes) -> bool:
    return (
        len(kepala) >= 16
        and kepala[:4] == b"RIFF"
        and kepala[8:12] == b"WEBP"
        and kepala[12:16] in (b"VP8 ", b"VP8L", b"VP8X")
    )


def _deteksi(kepala: bytes, berkas: BinaryIO) -> tuple[JenisBukti | None, str | None]:
    """What the content really is: (allowed kind or None, label for the message or None).

    filetype identifies the family from the first bytes; our own stricter checks confirm the
    allowed kinds (full PNG signature, WebP chunk, ZIP header at offset 0 plus the OOXML parts).
    Requiring the ZIP header at offset 0 refuses an .exe with a ZIP appended (a
    self-extracting archive), which :mod:`zipfile` alone would happily open.
    """
    if kepala.startswith(_TANDA_PDF):
        return PDF, PDF.label
    tebakan = filetype.guess(kepala) if kepala else None
    mime = tebakan.mime if tebakan is not None else None
    if mime == "image/jpeg" and kepala.startswith(_TANDA_JPEG):
        return JPEG, JPEG.label
    # filetype checks APNG before PNG; an animated PNG is still a PNG.
    if mime in ("image/png", "image/apng") and kepala.startswith(_TANDA_PNG):
        return PNG, PNG.label
    if mime == "image/webp" and _webp(kepala):
        return WEBP, WEBP.label
    if kepala.startswith(_TANDA_ZIP):
        label = _ooxml(berkas)
        if label == XLSX.label:
            return XLSX, label
        if label == DOCX.label:
            return DOCX, label
        if label is not None:
            return None, label
        if tebakan is None or tebakan.extension in ("xlsx", "docx"):
            return None, "ZIP"
    if tebakan is None:
        return None, None
    label = tebakan.extension.upper()
    # A name of one of our kinds here means our stricter check failed (e.g. a PDF behind a
    # BOM): "bukan PDF (terdeteksi: PDF)" would only confuse.
    return None, (None if label in _LABEL_KITA else label)


def _ekstensi(nama: str) -> str:
    return posixpath.splitext(nama)[1].lower()


def periksa_bukti(nama: str, berkas: BinaryIO, ukuran: int | None = None) -> BuktiValid:
    """Check an uploaded evidence file; return its facts or raise :class:`BuktiDitolak`.

    ``nama`` is the name the user gave; ``berkas`` a readable, **seekable** binary stream
    (e.g. ``UploadedFile.file``); ``ukuran`` the size when already known (``UploadedFile.size``),
    otherwise it is taken from the stream end without reading.

    Checks, in order: a usable name, an allowed extension (case-insensitive), the size (a
    declared size above the maximum is refused before reading anything), then reads the content
    in 64 KiB chunks, computing SHA-256 on the way and stopping as soon as more than
    :data:`UKURAN_MAKS` bytes came (a wrong ``ukuran`` cannot smuggle a large file in), refuses
    an empty file and finally compares the detected content with the extension.

    The stream is always read from its start and left rewound to 0, accepted or not.
    Raises ValueError if the stream is not seekable (a programming error).
    """
    nama_bersih = nama_aman(nama)
    if not nama_bersih:
        raise BuktiDitolak("nama_tidak_valid", "Nama berkas tidak valid.")
    ekstensi = _ekstensi(nama_bersih)
    jenis = _JENIS_PER_EKSTENSI.get(ekstensi)
    if jenis is None:
        tampil = f"'{ekstensi}'" if ekstensi else "(tanpa ekstensi)"
        raise BuktiDitolak(
            "jenis_tidak_didukung",
            f"Jenis berkas {tampil} tidak didukung. Unggah {_DAFTAR_JENIS}.",
        )
    if not berkas.seekable():
        raise ValueError("periksa_bukti butuh aliran berkas yang bisa di-seek.")

    try:
        if ukuran is None:
            ukuran = berkas.seek(0, os.SEEK_END)
        if ukuran > UKURAN_MAKS:
            raise _terlalu_besar(nama_bersih, ukuran)

        berkas.seek(0)
        sidik = hashlib.sha256()
        kepala = bytearray()
        dibaca = 0
        while potongan := berkas.read(_POTONGAN):
            dibaca += len(potongan)
            if dibaca > UKURAN_MAKS:
                # The declared size was wrong; the true one is unknown without reading on.
                raise _terlalu_besar(nama_bersih, None)
            sidik.update(potongan)
            if len(kepala) < _KEPALA:
                kepala += potongan[: _KEPALA - len(kepala)]
        if dibaca == 0:
            raise BuktiDitolak("kosong", f"Berkas '{nama_bersih}' kosong (0 bita).")

        terdeteksi, label = _deteksi(bytes(kepala), berkas)
        if terdeteksi is not jenis:
            keterangan = f"terdeteksi: {label}" if label else "jenis tidak dikenali"
            raise BuktiDitolak(
                "isi_tidak_cocok",
                f"Isi berkas '{nama_bersih}' bukan {jenis.label} ({keterangan}).",
            )
        return BuktiValid(
            nama_bersih=nama_bersih,
            ekstensi=jenis.ekstensi_utama,
            mime=jenis.mime,
            label=jenis.label,
            ukuran=dibaca,
            sha256=sidik.hexdigest(),
        )
    finally:
        berkas.seek(0)
