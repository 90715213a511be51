"""Excel (.xlsx) of the triwulan grid: a template pre-filled with every active IKU of one
tahun + triwulan (and the realisasi already entered), and its upload.

Sheet 'Data', one row per IKU. Information columns (ignored on upload): Nama Indikator,
Satuan, Target TW<n>, Status. Read columns: Kode, Tahun, Triwulan, Realisasi, Realisasi
(kualitatif), Faktor pendorong, Faktor penghambat, Tindak lanjut, Versi. The input columns carry
exactly the column names the workflow service uses in its errors (``KOLOM_INPUT``), so a refusal
of the service maps straight to a cell.

Upload rules, the same as the IKU import (:mod:`kinerja.opd.excel`) and the grid screen: every
row is parsed and checked (cells, unknown or duplicate kode, another triwulan's file, the
service's own input rules, rows whose item is no longer a draft, the reporting window), every
problem is listed with its row and column ("Baris 7, kolom Realisasi: '12,5 persen' bukan
angka") and nothing is saved unless the whole file is valid; then everything is saved in one
transaction by :func:`kinerja.opd.realisasi.realisasi_simpan_banyak` (audit action "impor").
A row whose values equal the stored ones changes nothing, so importing the same file twice is a
no-op the second time. The Versi column is the optimistic lock: a row changed by someone else
since the template was downloaded is refused as a conflict instead of being overwritten.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kinerja.engine import AngkaTidakValid, format_angka, parse_angka
from kinerja.engine.alur import Aksi, Status, TransisiDitolak, periksa_transisi
from kinerja.engine.jadwal import label_periode
from kinerja.excel.core import (
    Baris,
    GalatBaris,
    ImportGagal,
    Kolom,
    as_text,
    baca_workbook,
    buat_workbook,
    cek_duplikat,
)
from kinerja.opd.realisasi import (
    KOLOM_INPUT,
    BarisInput,
    Pelaku,
    RealisasiDitolak,
    RealisasiInput,
    periksa_input,
    realisasi_simpan_banyak,
)
from kinerja.opd.realisasi_selectors import BarisGrid, GridTriwulan, realisasi_grid

__all__ = [
    "HasilImporRealisasi",
    "impor_realisasi",
    "kolom_baca",
    "nama_berkas",
    "templat_realisasi",
]

JUDUL_KODE = "Kode"
JUDUL_TAHUN = "Tahun"
JUDUL_TRIWULAN = "Triwulan"
JUDUL_VERSI = "Versi"
JUDUL_NILAI = KOLOM_INPUT["nilai"]
JUDUL_KUALITATIF = KOLOM_INPUT["nilai_kualitatif"]


def _kolom_input(pilihan_kualitatif: Sequence[str] = ()) -> list[Kolom]:
    """The input columns. With labels (template) the kualitatif column gets a dropdown; for
    reading it is plain text checked against each IKU's own scale by the service rules."""
    return [
        # Raw: a numeric cell 1.234 must stay the number 1.234, not the text read as 1234.
        Kolom(
            "nilai",
            JUDUL_NILAI,
            "mentah",
            lebar=14,
            catatan="angka untuk IKU kuantitatif; format Indonesia 1.234,5 atau 1234.5",
        ),
        Kolom(
            "nilai_kualitatif",
            JUDUL_KUALITATIF,
            "pilihan" if pilihan_kualitatif else "teks",
            pilihan=tuple(pilihan_kualitatif),
            lebar=16,
            catatan="hanya untuk IKU kualitatif: label skala IKU tersebut",
        ),
        Kolom("faktor_pendorong", KOLOM_INPUT["faktor_pendorong"], lebar=36),
        Kolom("faktor_penghambat", KOLOM_INPUT["faktor_penghambat"], lebar=36),
        Kolom("tindak_lanjut", KOLOM_INPUT["tindak_lanjut"], lebar=36),
    ]


def _kolom_kunci() -> list[Kolom]:
    return [
        Kolom("kode", JUDUL_KODE, wajib=True, max_length=30, lebar=12),
        Kolom("tahun", JUDUL_TAHUN, "tahun", wajib=True, lebar=8),
        Kolom("triwulan", JUDUL_TRIWULAN, wajib=True, lebar=9, catatan="1, 2, 3 atau 4"),
    ]


def _kolom_versi() -> Kolom:
    return Kolom(
        "versi",
        JUDUL_VERSI,
        lebar=8,
        catatan="jangan diubah: menandai data yang Anda unduh, agar perubahan oleh pengguna lain "
        "sejak itu tidak tertimpa",
    )


def kolom_baca() -> list[Kolom]:
    """The columns an upload must have (information columns are ignored)."""
    return [*_kolom_kunci(), *_kolom_input(), _kolom_versi()]


def _kolom_templat(grid: GridTriwulan) -> list[Kolom]:
    label: list[str] = []
    for b in grid.baris:
        label.extend(x for x in b.pilihan_kualitatif if x not in label)
    kode, tahun, triwulan = _kolom_kunci()
    return [
        kode,
        Kolom("nama", "Nama Indikator", lebar=42, catatan="informasi; tidak dibaca saat unggah"),
        Kolom("satuan", "Satuan", lebar=12, catatan="informasi"),
        Kolom("target", f"Target TW{grid.triwulan}", lebar=14, catatan="informasi"),
        Kolom("target_sd", f"Target s.d. TW{grid.triwulan}", lebar=14, catatan="informasi"),
        *_kolom_input(label),
        Kolom("status", "Status", lebar=12, catatan="informasi; hanya status Draf dapat diubah"),
        tahun,
        triwulan,
        _kolom_versi(),
    ]


def _sel_angka(value: Decimal) -> int | float | str:
    """A Decimal as a number cell when a float holds it exactly, else as Indonesian text (which
    the upload reads back exactly)."""
    normal = value.normalize()
    if normal == normal.to_integral_value() and abs(normal) < 10**15:
        return int(normal)
    if Decimal(repr(float(normal))) == normal:
        return float(normal)
    return format_angka(value, None)


def _baris_templat(b: BarisGrid, grid: GridTriwulan) -> list[Any]:
    r = b.realisasi
    nilai = None
    if r is not None and r.nilai is not None and not b.kualitatif:
        nilai = _sel_angka(r.nilai)
    return [
        b.iku.kode,
        b.iku.nama,
        b.iku.satuan,
        b.target_teks or None,
        b.target_sd_teks or None,
        nilai,
        (r.nilai_kualitatif or None) if r is not None else None,
        (r.faktor_pendorong or None) if r is not None else None,
        (r.faktor_penghambat or None) if r is not None else None,
        (r.tindak_lanjut or None) if r is not None else None,
        b.status_label,
        grid.tahun,
        grid.triwulan,
        b.versi,
    ]


def _petunjuk(grid: GridTriwulan) -> list[str]:
    lines = [
        f"Realisasi IKU {grid.periode}. Satu baris per IKU aktif; baris yang sudah terisi "
        "memuat realisasi yang tersimpan saat templat diunduh.",
        "Isi kolom Realisasi (IKU kuantitatif, angka) atau Realisasi (kualitatif) (IKU "
        "kualitatif, label skala IKU tersebut), serta Faktor pendorong, Faktor penghambat dan "
        "Tindak lanjut. Kolom Nama Indikator, Satuan, Target dan Status hanya informasi.",
        "Jangan mengubah Kode, Tahun, Triwulan dan Versi. Berkas hanya dapat diunggah untuk "
        "triwulan yang tertulis di kolom Tahun dan Triwulan.",
        "Angka boleh ditulis format Indonesia (1.234,5) atau biasa (1234.5); '75%' dibaca 75. "
        "Paling banyak 4 angka di belakang koma.",
        "Berkas ditolak seluruhnya bila ada satu saja kesalahan; daftar kesalahan menyebut "
        "baris dan kolomnya. Tidak ada yang tersimpan sampai semua baris benar.",
        "Baris IKU yang berstatus selain Draf (sudah diajukan, disetujui atau diverifikasi) "
        "tidak dapat diubah; biarkan apa adanya. Baris IKU yang dihapus dari berkas tidak "
        "diubah. Baris yang seluruh kolom isiannya kosong untuk IKU yang belum diisi dilewati.",
        "Bila realisasi sebuah IKU diubah pengguna lain setelah templat diunduh, baris itu "
        "ditolak (konflik): unduh templat terbaru lalu isi kembali.",
        "Mengunggah berkas yang sama dua kali tidak mengubah apa pun pada unggahan kedua.",
        "Mengunggah hanya menyimpan; pengajuan kepada Kepala OPD dilakukan di layar Pelaporan "
        "Realisasi.",
    ]
    if grid.jendela is not None:
        lines.append(f"Jadwal pelaporan: {grid.uraian_jendela}.")
    if grid.pesan_jendela:
        lines.append(grid.pesan_jendela)
    return lines


def nama_berkas(tahun: int, triwulan: int) -> str:
    return f"realisasi-iku-{tahun}-tw{triwulan}.xlsx"


def templat_realisasi(tahun: int, triwulan: int, *, pelaku: Pelaku | None = None) -> bytes:
    """The template of tahun + triwulan, pre-filled with every active IKU and the realisasi
    already entered (so it is also the export: uploading it unchanged changes nothing)."""
    grid = realisasi_grid(tahun, triwulan, pelaku=pelaku)
    return buat_workbook(
        f"Realisasi IKU — {grid.periode}",
        _kolom_templat(grid),
        _petunjuk(grid),
        [_baris_templat(b, grid) for b in grid.baris],
    )


# --- upload ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HasilImporRealisasi:
    """Outcome of a successful upload (shown to the operator)."""

    periode: str
    baris: int
    dibuat: int
    diperbarui: int
    tetap: int
    dilewati: int

    @property
    def ringkasan(self) -> str:
        if not self.dibuat and not self.diperbarui:
            return (
                f"Impor realisasi {self.periode}: {self.baris} baris diperiksa, tidak ada "
                "perubahan."
            )
        return (
            f"Impor realisasi {self.periode}: {self.dibuat} realisasi baru, {self.diperbarui} "
            f"diperbarui, {self.tetap} tanpa perubahan, {self.dilewati} baris kosong dilewati."
        )


def _angka(raw: Any, nomor: int, galat: list[GalatBaris]) -> Decimal | None:
    teks = as_text(raw)
    if teks == "":
        return None
    try:
        if isinstance(raw, bool):
            raise AngkaTidakValid(teks)
        return parse_angka(raw if isinstance(raw, int | float | Decimal) else teks)
    except (AngkaTidakValid, TypeError, ValueError):
        galat.append(GalatBaris(nomor, JUDUL_NILAI, f"'{teks}' bukan angka"))
        return None


def _versi(raw: Any, nomor: int, galat: list[GalatBaris]) -> int | None:
    teks = as_text(raw)
    if teks == "":
        return None
    if not teks.isdigit():
        galat.append(
            GalatBaris(nomor, JUDUL_VERSI, f"'{teks}' bukan versi yang valid; jangan diubah")
        )
        return None
    return int(teks)


def _sama(b: BarisGrid, data: RealisasiInput) -> bool:
    r = b.realisasi
    return r is not None and all(getattr(r, k) == getattr(data, k) for k in KOLOM_INPUT)


def _periksa_baris(
    row: Baris, b: BarisGrid, grid: GridTriwulan, galat: list[GalatBaris]
) -> BarisInput | None:
    """Checks of one row; the BarisInput to save, or None (error found, or nothing to save)."""
    nomor = row.nomor
    awal = len(galat)
    if row["tahun"] is not None and row["tahun"] != grid.tahun:
        galat.append(
            GalatBaris(
                nomor,
                JUDUL_TAHUN,
                f"berkas ini untuk tahun {row['tahun']}, bukan {grid.tahun}; unduh templat "
                f"{grid.periode}",
            )
        )
    if row["triwulan"] is not None and row["triwulan"] != str(grid.triwulan):
        galat.append(
            GalatBaris(
                nomor,
                JUDUL_TRIWULAN,
                f"berkas ini untuk triwulan {row['triwulan']}, bukan {grid.triwulan}; unduh "
                f"templat {grid.periode}",
            )
        )
    nilai = _angka(row["nilai"], nomor, galat)
    versi = _versi(row["versi"], nomor, galat)
    data = RealisasiInput(
        nilai=nilai,
        nilai_kualitatif=row["nilai_kualitatif"] or "",
        faktor_pendorong=row["faktor_pendorong"] or "",
        faktor_penghambat=row["faktor_penghambat"] or "",
        tindak_lanjut=row["tindak_lanjut"] or "",
    )
    if len(galat) > awal:
        return None
    bersih, masalah = periksa_input(b.iku, data)
    for kolom, pesan in masalah:
        galat.append(GalatBaris(nomor, KOLOM_INPUT[kolom], pesan))
    if masalah:
        return None
    kosong = bersih.nilai is None and not any(
        getattr(bersih, k) for k in KOLOM_INPUT if k != "nilai"
    )
    if b.realisasi is None and kosong:
        return None  # an IKU nobody filled in: no empty draft is created
    if _sama(b, bersih):
        return BarisInput(b.iku.pk, data, versi)  # unchanged: a no-op for the service
    if b.realisasi is not None and b.status != Status.DRAFT:
        galat.append(
            GalatBaris(
                nomor,
                "",
                f"IKU {b.iku.kode} berstatus {b.status_label} dan tidak dapat diubah; "
                "kembalikan isi baris ini seperti semula",
            )
        )
        return None
    return BarisInput(b.iku.pk, data, versi)


def _galat_layanan(e: RealisasiDitolak, nomor_kode: dict[str, int]) -> ImportGagal:
    """The service's refusal as sheet errors: (kode IKU, kolom, pesan) → row and column."""
    if e.kode in ("jendela", "peran") or not e.galat:
        return ImportGagal.file(e.pesan)
    hasil = []
    for kode, kolom, pesan in e.galat:
        nomor = nomor_kode.get(kode.casefold(), 0)
        if nomor == 0:
            hasil.append(GalatBaris(0, "", f"IKU {kode}: {pesan}"))
        else:
            hasil.append(GalatBaris(nomor, kolom, pesan))
    if e.kode == "konflik" or any("muat ulang" in p for _, _, p in e.galat):
        hasil.append(
            GalatBaris(
                0,
                "",
                "Data di server berubah sejak templat diunduh: unduh templat "
                "terbaru lalu isi kembali.",
            )
        )
    return ImportGagal(hasil)


def impor_realisasi(pelaku: Pelaku, tahun: int, triwulan: int, data: bytes) -> HasilImporRealisasi:
    """Import a filled template of tahun + triwulan for ``pelaku`` (an operator). Raises
    :class:`ImportGagal` with every problem (nothing saved) unless the whole file is valid;
    otherwise saves every changed row in one transaction (audit action "impor")."""
    periode = label_periode(tahun, triwulan)
    try:
        periksa_transisi(Status.DRAFT, Aksi.UBAH, pelaku.peran)
    except TransisiDitolak as e:
        raise ImportGagal.file(e.pesan) from None
    rows = baca_workbook(data, kolom_baca())
    grid = realisasi_grid(tahun, triwulan, pelaku=pelaku)
    if not grid.jendela_terbuka and not any(b.boleh_ubah for b in grid.baris):
        # Also correction periods of returned items are over: say why, with the dates.
        raise ImportGagal.file(grid.pesan_jendela)
    per_kode = {b.iku.kode.casefold(): b for b in grid.baris}
    galat: list[GalatBaris] = list(cek_duplikat(rows, "kode", JUDUL_KODE))
    ganda = {g.baris for g in galat}
    nomor_kode: dict[str, int] = {}
    siap: list[BarisInput] = []
    dilewati = 0
    for row in rows:
        if row.nomor in ganda:
            continue
        b = per_kode.get(row["kode"].casefold())
        if b is None:
            galat.append(
                GalatBaris(
                    row.nomor,
                    JUDUL_KODE,
                    f"'{row['kode']}' bukan kode IKU aktif OPD ini untuk tahun {tahun}",
                )
            )
            continue
        nomor_kode[b.iku.kode.casefold()] = row.nomor
        jumlah = len(galat)
        baris = _periksa_baris(row, b, grid, galat)
        if baris is not None:
            siap.append(baris)
        elif len(galat) == jumlah:
            dilewati += 1
    if galat:
        urutan = {k.judul: i for i, k in enumerate(_kolom_templat(grid))}
        raise ImportGagal(sorted(galat, key=lambda g: (g.baris, urutan.get(g.kolom, -1))))
    try:
        hasil = realisasi_simpan_banyak(pelaku, tahun, triwulan, siap, aksi_audit="impor")
    except RealisasiDitolak as e:
        raise _galat_layanan(e, nomor_kode) from None
    ada = {b.iku.pk for b in grid.baris if b.realisasi is not None}
    dibuat = sum(1 for h in hasil if h.berubah and h.realisasi.iku_id not in ada)
    diperbarui = sum(1 for h in hasil if h.berubah and h.realisasi.iku_id in ada)
    return HasilImporRealisasi(
        periode=periode,
        baris=len(rows),
        dibuat=dibuat,
        diperbarui=diperbarui,
        tetap=sum(1 for h in hasil if not h.berubah),
        dilewati=dilewati,
    )
