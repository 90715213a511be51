"""Excel template, import and export of the indicators (IKD and other RPJMD indicators) of one
periode RPJMD, on the shared machinery of :mod:`kinerja.excel.core`.

The import is all or nothing: every cell is parsed (core), then every row is checked with the
same business rules as the admin forms (:func:`kinerja.daerah.services.periksa_indikator`) plus
the file's own rules (unknown sasaran/tujuan kode, duplicate kode); any error refuses the whole
file with ``ImportGagal`` listing them all ("Baris 7, kolom Target 2025: '12,5 persen' bukan
angka"). A valid file is saved in one transaction; an indicator whose kode already exists in
the periode is updated (its targets replaced), never duplicated. An export re-imports unchanged.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from openpyxl import load_workbook

from kinerja.choices import AspekIkd, JenisIndikator, Polaritas, TipePerhitungan
from kinerja.daerah import services
from kinerja.daerah.guards import pastikan_public_schema
from kinerja.daerah.models import (
    IndikatorDaerah,
    PeriodeRpjmd,
    SasaranRpjmd,
    SkalaKualitatif,
    TargetDaerah,
    TujuanRpjmd,
)
from kinerja.daerah.selectors import indikator_queryset
from kinerja.engine import AngkaTidakValid, parse_angka
from kinerja.engine import SkalaKualitatif as EngineSkala
from kinerja.excel.core import (
    SHEET_DATA,
    Baris,
    GalatBaris,
    ImportGagal,
    Kolom,
    baca_workbook,
    buat_workbook,
    cek_duplikat,
)

__all__ = ["HasilImpor", "ekspor_ikd", "impor_ikd", "kolom_ikd", "nama_berkas", "templat_ikd"]

# Human labels used in the sheet ↔ stored values.
POLARITAS = {
    "Positif": Polaritas.POSITIF,
    "Negatif": Polaritas.NEGATIF,
    "Rentang": Polaritas.RENTANG,
    "Stabil": Polaritas.STABIL,
    "Kualitatif": Polaritas.KUALITATIF,
}
TIPE = {
    "Kumulatif": TipePerhitungan.KUMULATIF,
    "Posisi Akhir": TipePerhitungan.POSISI_AKHIR,
    "Rata-rata": TipePerhitungan.RATA_RATA,
}
JENIS = {
    "Input": JenisIndikator.INPUT,
    "Output": JenisIndikator.OUTPUT,
    "Outcome": JenisIndikator.OUTCOME,
    "Dampak": JenisIndikator.IMPACT,
}
ASPEK = {label: value for value, label in AspekIkd.choices}
SUMBER = {"Bappeda": IndikatorDaerah.SumberNilai.BAPPEDA, "IKU": IndikatorDaerah.SumberNilai.IKU}
YA_TIDAK = {"Ya": True, "Tidak": False}

SATUAN_UMUM = "persen, indeks, poin, tahun, rupiah, juta rupiah, jiwa, orang, unit, km, hektar"


def _kebalikan(mapping: dict[str, Any]) -> dict[Any, str]:
    return {value: label for label, value in mapping.items()}


def kolom_ikd(periode: PeriodeRpjmd, skala_names: Sequence[str] = ()) -> list[Kolom]:
    """The sheet's columns for ``periode``: one "Target <tahun>" per year of the periode, then
    "Target Akhir", then the upper bounds ("Target <tahun> Maks", "Target Akhir Maks") that only
    rentang indicators fill."""
    nilai_catatan = "angka; untuk polaritas Kualitatif tulis label skala (mis. WTP)"
    kolom = [
        Kolom("kode", "Kode", wajib=True, max_length=30, lebar=12),
        Kolom("nama", "Nama Indikator", wajib=True, max_length=300, lebar=45),
        Kolom(
            "kode_sasaran",
            "Kode Sasaran",
            max_length=30,
            catatan="kode sasaran RPJMD; isi Kode Sasaran ATAU Kode Tujuan, tidak keduanya",
        ),
        Kolom("kode_tujuan", "Kode Tujuan", max_length=30, catatan="kode tujuan RPJMD"),
        Kolom(
            "ikd", "IKD (Ya/Tidak)", "pilihan", pilihan=tuple(YA_TIDAK), catatan="kosong = Tidak"
        ),
        Kolom(
            "aspek",
            "Aspek",
            "pilihan",
            pilihan=tuple(ASPEK),
            lebar=26,
            catatan="wajib untuk IKD",
        ),
        Kolom("jenis", "Jenis", "pilihan", pilihan=tuple(JENIS), catatan="kosong = Outcome"),
        Kolom(
            "satuan",
            "Satuan",
            wajib=True,
            max_length=40,
            catatan=f"teks bebas, mis. {SATUAN_UMUM}",
        ),
        Kolom("polaritas", "Polaritas", "pilihan", wajib=True, pilihan=tuple(POLARITAS)),
        Kolom(
            "tipe",
            "Tipe Perhitungan",
            "pilihan",
            pilihan=tuple(TIPE),
            catatan="kosong = Posisi Akhir",
        ),
        Kolom(
            "skala",
            "Skala Kualitatif",
            "pilihan",
            pilihan=tuple(skala_names),
            lebar=22,
            catatan="wajib untuk polaritas Kualitatif, kosong untuk yang lain",
        ),
        Kolom("definisi", "Definisi Operasional", lebar=30),
        Kolom("formula", "Formula", lebar=30),
        Kolom("sumber_data", "Sumber Data", max_length=200, lebar=22),
        Kolom(
            "sumber_nilai",
            "Sumber Realisasi",
            "pilihan",
            pilihan=tuple(SUMBER),
            catatan="Bappeda = diisi Bappeda; IKU = dari IKU Perangkat Daerah; kosong = Bappeda",
        ),
        Kolom("kondisi_awal", "Kondisi Awal", catatan=nilai_catatan),
    ]
    for tahun in periode.tahun_list:
        kolom.append(Kolom(f"t_{tahun}", f"Target {tahun}", lebar=12, catatan=nilai_catatan))
    kolom.append(Kolom("t_akhir", "Target Akhir", lebar=12, catatan=nilai_catatan))
    for tahun in periode.tahun_list:
        kolom.append(
            Kolom(
                f"tmax_{tahun}",
                f"Target {tahun} Maks",
                "angka",
                lebar=12,
                catatan="batas atas, hanya untuk polaritas Rentang",
            )
        )
    kolom.append(
        Kolom(
            "tmax_akhir",
            "Target Akhir Maks",
            "angka",
            lebar=12,
            catatan="batas atas, hanya untuk polaritas Rentang",
        )
    )
    return kolom


# Columns holding a number or, for kualitatif indicators, a label: read as text by core and
# parsed here (see _NilaiMentah for numeric cells).
def _kolom_nilai(periode: PeriodeRpjmd) -> list[str]:
    return ["kondisi_awal", *(f"t_{t}" for t in periode.tahun_list), "t_akhir"]


def petunjuk_ikd(periode: PeriodeRpjmd) -> list[str]:
    tahun = periode.tahun_list
    return [
        f"Periode: {periode.nama} ({periode.tahun_awal}–{periode.tahun_akhir}).",
        "Isi lembar 'Data' mulai baris 2, satu baris per indikator. Jangan mengubah judul kolom; "
        "urutan kolom boleh berubah, kolom tambahan diabaikan.",
        "Kode indikator unik dalam periode. Mengunggah ulang indikator dengan kode yang sudah ada "
        "memperbarui indikator itu (tidak membuat duplikat); indikator yang tidak ada di berkas "
        "tidak diubah.",
        "Setiap indikator terhubung ke satu sasaran RPJMD (kolom Kode Sasaran) atau satu tujuan "
        "RPJMD (kolom Kode Tujuan), tidak keduanya. Kode harus sudah ada pada periode ini.",
        "Kolom yang berisi daftar pilihan (IKD, Aspek, Jenis, Polaritas, Tipe Perhitungan, Skala "
        "Kualitatif, Sumber Realisasi) hanya menerima nilai dari daftar.",
        f"Target: satu kolom per tahun (Target {tahun[0]} … Target {tahun[-1]}) dan Target "
        "Akhir. Angka boleh ditulis 1.234,5 atau 1234.5. Sel target yang kosong berarti tidak "
        "ada target tahun itu (target lama tahun itu dihapus saat unggah ulang).",
        "Polaritas Rentang: kolom Target <tahun> berisi batas bawah dan kolom Target <tahun> Maks "
        "(di bagian kanan) berisi batas atas; keduanya wajib dan batas bawah ≤ batas atas. "
        "Polaritas lain mengosongkan kolom Maks.",
        "Polaritas Kualitatif: pilih Skala Kualitatif, lalu isi Kondisi Awal dan Target dengan "
        "label skala itu (mis. WTP, WDP); huruf besar/kecil tidak dibedakan.",
        "Berkas ditolak seluruhnya bila ada satu saja kesalahan; daftar kesalahan menyebut baris "
        "dan kolomnya. Tidak ada data yang tersimpan sampai semua baris benar.",
        "Realisasi tidak diimpor lewat berkas ini.",
    ]


def nama_berkas(periode: PeriodeRpjmd, jenis: str) -> str:
    return f"indikator-daerah-{jenis}-{periode.tahun_awal}-{periode.tahun_akhir}.xlsx"


def _skala_map() -> dict[str, SkalaKualitatif]:
    return {s.nama: s for s in SkalaKualitatif.objects.prefetch_related("tingkat").order_by("nama")}


def templat_ikd(periode: PeriodeRpjmd) -> bytes:
    """Empty template: instructions, header, dropdowns."""
    kolom = kolom_ikd(periode, tuple(_skala_map()))
    return buat_workbook(f"Templat Indikator Daerah — {periode.nama}", kolom, petunjuk_ikd(periode))


def _nilai_sel(ind: IndikatorDaerah, nilai: Decimal | None, label: str) -> Any:
    if ind.polaritas == Polaritas.KUALITATIF:
        return label or None
    return nilai


def ekspor_ikd(periode: PeriodeRpjmd) -> bytes:
    """Every indicator of ``periode`` in the template's layout (re-imports unchanged)."""
    kolom = kolom_ikd(periode, tuple(_skala_map()))
    polaritas, tipe, jenis = _kebalikan(POLARITAS), _kebalikan(TIPE), _kebalikan(JENIS)
    aspek, sumber = _kebalikan(ASPEK), _kebalikan(SUMBER)
    rows = []
    for ind in indikator_queryset(periode):
        targets = {t.tahun: t for t in ind.target.all()}
        nilai: dict[str, Any] = {
            "kode": ind.kode,
            "nama": ind.nama,
            "kode_sasaran": ind.sasaran.kode if ind.sasaran else None,
            "kode_tujuan": ind.tujuan.kode if ind.tujuan else None,
            "ikd": "Ya" if ind.is_ikd else "Tidak",
            "aspek": aspek.get(ind.aspek),
            "jenis": jenis.get(ind.jenis),
            "satuan": ind.satuan,
            "polaritas": polaritas.get(ind.polaritas),
            "tipe": tipe.get(ind.tipe_perhitungan),
            "skala": ind.skala.nama if ind.skala else None,
            "definisi": ind.definisi or None,
            "formula": ind.formula or None,
            "sumber_data": ind.sumber_data or None,
            "sumber_nilai": sumber.get(ind.sumber_nilai),
            "kondisi_awal": _nilai_sel(ind, ind.kondisi_awal, ind.kondisi_awal_kualitatif),
            "t_akhir": _nilai_sel(ind, ind.target_akhir, ind.target_akhir_kualitatif),
            "tmax_akhir": ind.target_akhir_max,
        }
        for tahun in periode.tahun_list:
            t = targets.get(tahun)
            nilai[f"t_{tahun}"] = (
                None if t is None else _nilai_sel(ind, t.nilai, t.nilai_kualitatif)
            )
            nilai[f"tmax_{tahun}"] = None if t is None else t.nilai_max
        rows.append([nilai[k.key] for k in kolom])
    return buat_workbook(f"Indikator Daerah — {periode.nama}", kolom, petunjuk_ikd(periode), rows)


# --- import -----------------------------------------------------------------------------------

# str() of a float read from a numeric cell: "12.345" is twelve point three four five, but
# parse_angka reads text "12.345" the Indonesian way (12345); exponents are refused. For such
# texts the raw cell is looked up so numeric cells keep their exact value.
_AMBIGU = re.compile(r"-?[1-9][0-9]{0,2}\.[0-9]{3}|.*[eE].*")


@dataclass(frozen=True)
class HasilImpor:
    dibuat: int
    diperbarui: int

    @property
    def total(self) -> int:
        return self.dibuat + self.diperbarui


def _sel_mentah(data: bytes, judul: Sequence[str]) -> dict[tuple[int, str], Any]:
    """Raw values of the given columns by (Excel row, header) — read only when needed."""
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        rows = wb[SHEET_DATA].iter_rows(values_only=True)
        header = next(rows, None) or ()
        posisi = {str(h).strip().casefold(): i for i, h in enumerate(header) if h is not None}
        index = {j: posisi[j.casefold()] for j in judul if j.casefold() in posisi}
        hasil = {}
        for nomor, values in enumerate(rows, start=2):
            for j, i in index.items():
                if i < len(values):
                    hasil[(nomor, j)] = values[i]
        return hasil
    finally:
        wb.close()


_KOLOM_TARGET = re.compile(r"target\s+(\d{4})(\s+maks)?", re.IGNORECASE)


def _cek_kolom_tahun(data: bytes, periode: PeriodeRpjmd) -> None:
    """A "Target <tahun>" column for a year outside the periode is refused, not ignored."""
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        header = next(wb[SHEET_DATA].iter_rows(max_row=1, values_only=True), ()) or ()
    finally:
        wb.close()
    galat = []
    for judul in header:
        match = _KOLOM_TARGET.fullmatch(str(judul or "").strip())
        if match and int(match[1]) not in periode.tahun_list:
            galat.append(
                GalatBaris(
                    1,
                    str(judul).strip(),
                    f"Target {match[1]} di luar periode {services.periode_label(periode)}; "
                    "gunakan templat periode ini",
                )
            )
    if galat:
        raise ImportGagal(galat)


class _Pembaca:
    """Parses the number-or-label columns of the rows (see ``_AMBIGU``)."""

    def __init__(self, data: bytes, rows: Sequence[Baris], kolom: dict[str, Kolom]) -> None:
        self.data = data
        self.kolom = kolom
        self._mentah: dict[tuple[int, str], Any] | None = None
        self._perlu_mentah = any(
            isinstance(row[key], str) and _AMBIGU.fullmatch(row[key])
            for row in rows
            for key in kolom
        )

    def mentah(self, nomor: int, judul: str) -> Any:
        if self._mentah is None:
            self._mentah = _sel_mentah(self.data, [k.judul for k in self.kolom.values()])
        return self._mentah.get((nomor, judul))

    def angka(self, row: Baris, key: str, galat: list[GalatBaris]) -> Decimal | None:
        text = row[key]
        if text is None:
            return None
        judul = self.kolom[key].judul
        raw: Any = text
        if self._perlu_mentah and _AMBIGU.fullmatch(text):
            cell = self.mentah(row.nomor, judul)
            if isinstance(cell, int | float) and not isinstance(cell, bool):
                raw = cell
        try:
            value = parse_angka(raw)
        except (AngkaTidakValid, TypeError, ValueError):
            galat.append(GalatBaris(row.nomor, judul, f"'{text}' bukan angka"))
            return None
        return _cek_presisi(value, row.nomor, judul, galat)


def _cek_presisi(
    value: Decimal | None, nomor: int, judul: str, galat: list[GalatBaris]
) -> Decimal | None:
    """The database keeps 4 decimals and 16 integer digits; refuse rather than round."""
    if value is None:
        return None
    normal = value.normalize()
    desimal = max(-normal.as_tuple().exponent, 0)
    if desimal > 4:
        galat.append(GalatBaris(nomor, judul, "paling banyak 4 angka di belakang koma"))
        return None
    if abs(value) >= Decimal(10) ** 16:
        galat.append(GalatBaris(nomor, judul, "angka terlalu besar"))
        return None
    return value


def impor_ikd(periode: PeriodeRpjmd, data: bytes) -> HasilImpor:
    """Validate every row of an uploaded file and, only when all are valid, create or update
    (by kode) the indicators of ``periode`` with their targets in one transaction.
    Raises ``ImportGagal`` listing every problem; nothing is saved then."""
    pastikan_public_schema()
    skala_map = _skala_map()
    kolom = kolom_ikd(periode, tuple(skala_map))
    rows = baca_workbook(data, kolom)
    _cek_kolom_tahun(data, periode)
    kolom_by_key = {k.key: k for k in kolom}
    judul = {k.key: k.judul for k in kolom}
    galat: list[GalatBaris] = cek_duplikat(rows, "kode", judul["kode"])
    pembaca = _Pembaca(data, rows, {key: kolom_by_key[key] for key in _kolom_nilai(periode)})

    sasaran_map: dict[str, list[SasaranRpjmd]] = {}
    for s in SasaranRpjmd.objects.filter(tujuan__misi__periode=periode):
        sasaran_map.setdefault(s.kode.casefold(), []).append(s)
    tujuan_map: dict[str, list[TujuanRpjmd]] = {}
    for t in TujuanRpjmd.objects.filter(misi__periode=periode):
        tujuan_map.setdefault(t.kode.casefold(), []).append(t)
    existing = {
        ind.kode.casefold(): ind
        for ind in IndikatorDaerah.objects.filter(periode=periode).prefetch_related("target")
    }
    skala_engine: dict[str, EngineSkala | None] = {
        nama: services.skala_engine(s) for nama, s in skala_map.items()
    }

    hasil: list[tuple[IndikatorDaerah, list[TargetDaerah]]] = []
    for row in rows:
        n_galat = len(galat)
        ind = existing.get(str(row["kode"]).casefold()) or IndikatorDaerah(periode=periode)
        ind.periode = periode
        ind.kode = row["kode"]
        ind.nama = row["nama"]
        ind.satuan = row["satuan"]
        ind.is_ikd = YA_TIDAK.get(row["ikd"] or "Tidak", False)
        ind.aspek = ASPEK.get(row["aspek"], "") if row["aspek"] else ""
        ind.jenis = JENIS[row["jenis"]] if row["jenis"] else JenisIndikator.OUTCOME
        ind.polaritas = POLARITAS[row["polaritas"]]
        ind.tipe_perhitungan = TIPE[row["tipe"]] if row["tipe"] else TipePerhitungan.POSISI_AKHIR
        ind.definisi = row["definisi"] or ""
        ind.formula = row["formula"] or ""
        ind.sumber_data = row["sumber_data"] or ""
        ind.sumber_nilai = (
            SUMBER[row["sumber_nilai"]]
            if row["sumber_nilai"]
            else IndikatorDaerah.SumberNilai.BAPPEDA
        )
        ind.skala = skala_map.get(row["skala"]) if row["skala"] else None

        ind.tujuan = ind.sasaran = None
        for key, peta, attr, nama in (
            ("kode_sasaran", sasaran_map, "sasaran", "Sasaran"),
            ("kode_tujuan", tujuan_map, "tujuan", "Tujuan"),
        ):
            kode = row[key]
            if not kode:
                continue
            ditemukan = peta.get(kode.casefold(), [])
            if not ditemukan:
                galat.append(
                    GalatBaris(
                        row.nomor,
                        judul[key],
                        f"{nama} dengan kode '{kode}' tidak ada pada periode {periode.nama}",
                    )
                )
            elif len(ditemukan) > 1:
                galat.append(
                    GalatBaris(row.nomor, judul[key], f"Kode {nama.lower()} '{kode}' tidak unik")
                )
            else:
                setattr(ind, attr, ditemukan[0])

        kualitatif = ind.polaritas == Polaritas.KUALITATIF

        def nilai(key: str, row: Baris = row, kualitatif: bool = kualitatif) -> tuple[Any, str]:
            if kualitatif:
                return None, (row[key] or "")
            return pembaca.angka(row, key, galat), ""

        ind.kondisi_awal, ind.kondisi_awal_kualitatif = nilai("kondisi_awal")
        ind.target_akhir, ind.target_akhir_kualitatif = nilai("t_akhir")
        ind.target_akhir_max = _cek_presisi(
            row["tmax_akhir"], row.nomor, judul["tmax_akhir"], galat
        )
        targets = []
        for tahun in periode.tahun_list:
            angka, label = nilai(f"t_{tahun}")
            maks = _cek_presisi(row[f"tmax_{tahun}"], row.nomor, judul[f"tmax_{tahun}"], galat)
            if angka is None and not label and maks is None:
                continue
            targets.append(
                TargetDaerah(tahun=tahun, nilai=angka, nilai_max=maks, nilai_kualitatif=label)
            )
        if len(galat) > n_galat:
            continue  # cell errors first: business rules on half-read rows only add noise

        pelanggaran = services.periksa_indikator(
            ind,
            targets,
            skala=skala_engine.get(ind.skala.nama) if ind.skala else None,
            periksa_induk=False,
        )
        for p in pelanggaran:
            galat.append(GalatBaris(row.nomor, _judul_untuk(p, targets, judul), p.pesan))
        hasil.append((ind, targets))

    if galat:
        raise ImportGagal(sorted(galat, key=lambda g: g.baris))
    return _simpan(periode, hasil)


_FIELD_KOLOM = {
    "kode": "kode",
    "nama": "nama",
    "satuan": "satuan",
    "sasaran": "kode_sasaran",
    "tujuan": "kode_tujuan",
    "aspek": "aspek",
    "is_ikd": "ikd",
    "skala": "skala",
    "polaritas": "polaritas",
    "kondisi_awal": "kondisi_awal",
    "kondisi_awal_kualitatif": "kondisi_awal",
    "target_akhir": "t_akhir",
    "target_akhir_kualitatif": "t_akhir",
    "target_akhir_max": "tmax_akhir",
}


def _judul_untuk(
    p: services.Pelanggaran, targets: Sequence[TargetDaerah], judul: dict[str, str]
) -> str:
    if p.bagian == "target" and p.indeks is not None:
        tahun = targets[p.indeks].tahun
        key = f"tmax_{tahun}" if p.field == "nilai_max" else f"t_{tahun}"
        return judul.get(key, "")
    return judul.get(_FIELD_KOLOM.get(p.field, ""), "")


@transaction.atomic
def _simpan(
    periode: PeriodeRpjmd, hasil: Sequence[tuple[IndikatorDaerah, list[TargetDaerah]]]
) -> HasilImpor:
    baru = [ind for ind, _ in hasil if ind.pk is None]
    lama = [ind for ind, _ in hasil if ind.pk is not None]
    IndikatorDaerah.objects.bulk_create(baru, batch_size=500)
    IndikatorDaerah.objects.bulk_update(
        lama,
        [
            "kode",
            "nama",
            "satuan",
            "is_ikd",
            "aspek",
            "jenis",
            "polaritas",
            "tipe_perhitungan",
            "definisi",
            "formula",
            "sumber_data",
            "sumber_nilai",
            "skala",
            "tujuan",
            "sasaran",
            "kondisi_awal",
            "kondisi_awal_kualitatif",
            "target_akhir",
            "target_akhir_kualitatif",
            "target_akhir_max",
        ],
        batch_size=500,
    )
    TargetDaerah.objects.filter(indikator__in=[ind.pk for ind in lama]).delete()
    semua_target = []
    for ind, targets in hasil:
        for t in targets:
            t.indikator = ind
            semua_target.append(t)
    TargetDaerah.objects.bulk_create(semua_target, batch_size=1000)
    return HasilImpor(dibuat=len(baru), diperbarui=len(lama))
