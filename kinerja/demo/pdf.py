"""A small, valid one-page PDF built by hand (no library): the demo's report file and the
evidence files of the browser tests. Text lines must be ASCII (Helvetica, PDF literal strings)."""

from __future__ import annotations

from collections.abc import Sequence


def pdf_sederhana(baris: Sequence[tuple[int, str]]) -> bytes:
    """One A4 page with ``baris``: (font size, ASCII text) per line, from the top down."""
    perintah = []
    y = 720
    for ukuran, teks in baris:
        perintah.append(f"BT /F1 {ukuran} Tf 72 {y} Td ({teks}) Tj ET")
        y -= 30
    isi = " ".join(perintah).encode("latin-1")
    objek = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(isi) + isi + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    data = bytearray(b"%PDF-1.4\n")
    posisi = []
    for nomor, badan in enumerate(objek, start=1):
        posisi.append(len(data))
        data += b"%d 0 obj\n" % nomor + badan + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objek) + 1)
    data += b"".join(b"%010d 00000 n \n" % p for p in posisi)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objek) + 1,
        xref,
    )
    return bytes(data)
