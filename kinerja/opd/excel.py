"""Excel (.xlsx) template, import and export of an OPD's IKU with their targets.

Sheet 'Data', one row per IKU. Columns: Kode, Nama Indikator, Kode Sasaran, Satuan, Jenis,
Polaritas, Tipe Perhitungan, Sumber Data, Penanggung Jawab, Baseline, then for every year of
the Renstra: Target <tahun>, Target <tahun> TW1 … TW4, then Kode IKD (optional) and Skala
Kualitatif (needed for polaritas kualitatif only).

Documented choice for rentang and kualitatif: every target is ONE cell. A rentang target is
written "10 – 20" (also "10 - 20", "10 s.d. 20", "10 s/d 20", "10 sampai 20"); a kualitatif
target is a label of the IKU's scale ("WTP"). This keeps 5 columns per year instead of 10 (a
separate max column) or 15 (plus a label column), and an export writes exactly the same form.

Target cells hold numbers, ranges or labels depending on the row's polaritas, so they are read
as raw cells (core's "mentah" columns: a numeric cell 1.234 stays the number 1.234 instead of
becoming the text "1.234", which parse_angka would read the Indonesian way as 1234).

Import rules: every row is validated (cells, then business rules: unknown sasaran kode, duplicate
kode, unknown IKD kode, rentang without an upper bound, label not on the scale, …) and the whole
file is refused with every problem listed ("Baris 7, kolom Target 2025: '12,5 persen' bukan
angka") unless all rows are valid; then it is saved in one transaction. A kode that exists
updates that IKU (matched case-insensitively) and replaces all its targets; IKU absent from the
file are left alone. Export → import → export gives the same sheet.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from kinerja.choices import JenisIndikator, Polaritas, TipePerhitungan
from kinerja.daerah.models import IndikatorDaerah, PeriodeRpjmd, SkalaKualitatif
from kinerja.engine import AngkaTidakValid, format_angka, parse_angka
from kinerja.engine import SkalaKualitatif as EngineSkala
from kinerja.excel.core import (
    MAX_ROWS,
    Baris,
    GalatBaris,
    ImportGagal,
    Kolom,
    as_text,
    baca_workbook,
    buat_workbook,
    cek_duplikat,
)
from kinerja.opd import services
from kinerja.opd.models import Iku, Renstra, SasaranStrategis, TargetIku

__all__ = [
    "HasilImpor",
    "ekspor_iku",
    "impor_iku",
    "kolom_iku",
    "templat_iku",
]

JUDUL_IKD = "Kode IKD"
JUDUL_SKALA = "Skala Kualitatif"


@dataclass(frozen=True)
class KolomTarget:
    """A target column: the Kolom (header) plus the period it holds."""

    kolom: Kolom
    tahun: int
    triwulan: int | None


def _kolom_target(renstra: Renstra) -> list[KolomTarget]:
    hasil = []
    for tahun in renstra.tahun_list:
        for triwulan in (None, 1, 2, 3, 4):
            judul = f"Target {tahun}" + (f" TW{triwulan}" if triwulan else "")
            hasil.append(
                KolomTarget(
                    Kolom(f"t_{tahun}_{triwulan or 0}", judul, "mentah", lebar=11),
                    tahun,
                    triwulan,
                )
            )
    return hasil


def _kolom_dasar(
    *, sasaran: Sequence[str] = (), skala: Sequence[str] = ()
) -> tuple[list[Kolom], list[Kolom]]:
    """Columns before and after the targets. With ``sasaran``/``skala`` (template and export)
    those columns get dropdowns; for reading they are plain text checked by business rules."""
    awal = [
        Kolom("kode", "Kode", wajib=True, max_length=30, lebar=12),
        Kolom("nama", "Nama Indikator", wajib=True, max_length=300, lebar=42),
        Kolom(
            "kode_sasaran",
            "Kode Sasaran",
            "pilihan" if sasaran else "teks",
            wajib=True,
            pilihan=tuple(sasaran),
            max_length=30,
            lebar=14,
            catatan="kode sasaran strategis Renstra ini",
        ),
        Kolom("satuan", "Satuan", wajib=True, max_length=40, lebar=12),
        Kolom("jenis", "Jenis", "pilihan", wajib=True, pilihan=tuple(JenisIndikator.values)),
        Kolom("polaritas", "Polaritas", "pilihan", wajib=True, pilihan=tuple(Polaritas.values)),
        Kolom(
            "tipe",
            "Tipe Perhitungan",
            "pilihan",
            wajib=True,
            pilihan=tuple(TipePerhitungan.values),
        ),
        Kolom("sumber_data", "Sumber Data", max_length=200, lebar=24),
        Kolom("penanggung_jawab", "Penanggung Jawab", max_length=200, lebar=24),
        Kolom(
            "baseline",
            "Baseline",
            max_length=60,
            catatan="kondisi awal; angka, atau label skala untuk polaritas kualitatif",
        ),
    ]
    akhir = [
        Kolom(
            "kode_ikd",
            JUDUL_IKD,
            max_length=30,
            catatan="opsional; kode IKD Bappeda yang didukung IKU ini",
        ),
        Kolom(
            "skala",
            JUDUL_SKALA,
            "pilihan" if skala else "teks",
            pilihan=tuple(skala),
            max_length=120,
            lebar=20,
            catatan="wajib untuk polaritas kualitatif; nama skala dari Bappeda",
        ),
    ]
    return awal, akhir


def kolom_iku(renstra: Renstra) -> list[str]:
    """Header texts of the Data sheet, in order."""
    awal, akhir = _kolom_dasar()
    return [k.judul for k in (*awal, *(t.kolom for t in _kolom_target(renstra)), *akhir)]


def _petunjuk(renstra: Renstra, sasaran: Sequence[SasaranStrategis]) -> list[str]:
    periode = services.label_periode(renstra.tahun_awal, renstra.tahun_akhir)
    lines = [
        f"Renstra: {renstra.nama} ({periode}).",
        "Isi lembar 'Data' mulai baris 2, satu baris per IKU. Jangan mengubah judul kolom; "
        "urutan kolom boleh berubah, kolom tambahan diabaikan.",
        "Kode IKU unik. Bila kode sudah ada, IKU itu diperbarui dan SELURUH targetnya diganti "
        "dengan isi baris ini (sel kosong = tanpa target). IKU yang tidak ada di berkas tidak "
        "diubah dan tidak dihapus.",
        "Berkas ditolak seluruhnya bila ada satu saja kesalahan; daftar kesalahan menyebut "
        "baris dan kolomnya. Tidak ada yang tersimpan sampai semua baris benar.",
        "Angka boleh ditulis format Indonesia (1.234,5) atau biasa (1234.5); '75%' dibaca 75.",
        "Target <tahun> = target tahunan; Target <tahun> TW1–TW4 = target triwulan (boleh "
        "kosong). Kumulatif: TW1+TW2+TW3+TW4 sebaiknya sama dengan target tahunan; posisi "
        "akhir: TW4 sama dengan target tahunan; rata-rata: rata-rata TW sama dengan target "
        "tahunan (selisih hanya menjadi peringatan).",
        "Polaritas rentang: tulis target dalam SATU sel sebagai 'batas bawah – batas atas', "
        "misalnya '10 – 20' (juga '10 - 20', '10 s.d. 20' atau '10 s/d 20').",
        "Polaritas kualitatif: isi kolom Skala Kualitatif dan tulis label skala pada target dan "
        "baseline, misalnya WTP.",
        "Polaritas: positif = semakin tinggi semakin baik; negatif = semakin rendah semakin "
        "baik; rentang = target minimum–maksimum; stabil = setiap simpangan memburuk; "
        "kualitatif = skala ordinal (mis. opini BPK).",
        "Tipe perhitungan: kumulatif = jumlah triwulan; posisi_akhir = nilai triwulan terakhir; "
        "rata_rata = rata-rata triwulan.",
        "Jenis: input, output, outcome, impact (dampak).",
    ]
    if sasaran:
        lines.append("Kode sasaran strategis Renstra ini:")
        lines.extend(f"  {s.kode} — {s.uraian[:150]}" for s in sasaran)
    else:
        lines.append("Renstra ini belum memiliki sasaran strategis; isi sasaran lebih dulu.")
    return lines


def _sasaran_renstra(renstra: Renstra) -> list[SasaranStrategis]:
    return list(SasaranStrategis.objects.filter(tujuan__renstra=renstra).order_by("kode"))


def _nama_skala() -> list[str]:
    return list(SkalaKualitatif.objects.order_by("nama").values_list("nama", flat=True))


def _workbook(renstra: Renstra, rows: Sequence[Sequence[Any]], judul: str) -> bytes:
    sasaran = _sasaran_renstra(renstra)
    awal, akhir = _kolom_dasar(sasaran=[s.kode for s in sasaran], skala=_nama_skala())
    kolom = [*awal, *(t.kolom for t in _kolom_target(renstra)), *akhir]
    return buat_workbook(judul, kolom, _petunjuk(renstra, sasaran), rows)


def templat_iku(renstra: Renstra) -> bytes:
    """An empty template (instructions, header, dropdowns) for ``renstra``."""
    return _workbook(renstra, (), f"Templat impor IKU — {renstra.nama}")


# --- export ----------------------------------------------------------------------------------


def _sel_angka(value: Decimal) -> int | float | str:
    """A Decimal as a number cell when a float holds it exactly, else as Indonesian text (which
    the importer reads back exactly)."""
    normal = value.normalize()
    if normal == normal.to_integral_value() and abs(normal) < 10**15:
        return int(normal)
    as_float = float(normal)
    if Decimal(repr(as_float)) == normal:
        return as_float
    return format_angka(value, None)


def _sel_target(t: TargetIku | None, polaritas: str) -> Any:
    if t is None:
        return None
    if polaritas == Polaritas.KUALITATIF:
        return t.nilai_kualitatif or None
    if polaritas == Polaritas.RENTANG and t.nilai is not None and t.nilai_max is not None:
        return f"{format_angka(t.nilai, None)} – {format_angka(t.nilai_max, None)}"
    return None if t.nilai is None else _sel_angka(t.nilai)


def _baris_ekspor(renstra: Renstra) -> list[list[Any]]:
    ikus = list(
        Iku.objects.filter(sasaran__tujuan__renstra=renstra)
        .select_related("sasaran")
        .prefetch_related("target")
        .order_by("kode")
    )
    skala = SkalaKualitatif.objects.in_bulk({i.skala_id for i in ikus if i.skala_id})
    ikd = IndikatorDaerah.objects.in_bulk({i.ikd_id for i in ikus if i.ikd_id})
    kolom_target = _kolom_target(renstra)
    rows = []
    for iku in ikus:
        targets = {(t.tahun, t.triwulan): t for t in iku.target.all()}
        if iku.polaritas == Polaritas.KUALITATIF:
            baseline: Any = iku.baseline_kualitatif or None
        else:
            baseline = None if iku.baseline is None else _sel_angka(iku.baseline)
        skala_row = skala.get(iku.skala_id) if iku.skala_id else None
        ikd_row = ikd.get(iku.ikd_id) if iku.ikd_id else None
        rows.append(
            [
                iku.kode,
                iku.nama,
                iku.sasaran.kode,
                iku.satuan,
                iku.jenis,
                iku.polaritas,
                iku.tipe_perhitungan,
                iku.sumber_data or None,
                iku.penanggung_jawab or None,
                baseline,
                *(
                    _sel_target(targets.get((k.tahun, k.triwulan)), iku.polaritas)
                    for k in kolom_target
                ),
                ikd_row.kode if ikd_row else None,
                skala_row.nama if skala_row else None,
            ]
        )
    return rows


def ekspor_iku(renstra: Renstra) -> bytes:
    """The IKU of ``renstra`` in the template's format (re-importable unchanged)."""
    return _workbook(renstra, _baris_ekspor(renstra), f"Data IKU — {renstra.nama}")


# --- reading ---------------------------------------------------------------------------------


@dataclass
class BarisIku:
    """A parsed row: typed base values and raw target cells by target column key."""

    baris: Baris
    mentah: dict[str, Any] = field(default_factory=dict)


def _baca(
    data: bytes,
    kolom: Sequence[Kolom],
    kolom_target: Sequence[KolomTarget],
    *,
    max_rows: int,
    on_progress: Callable[[int, int], None] | None,
) -> list[BarisIku]:
    """Core's reader over the base columns and the raw target columns, split per row."""
    target_keys = [t.kolom.key for t in kolom_target]
    rows = baca_workbook(
        data,
        [*kolom, *(t.kolom for t in kolom_target)],
        max_rows=max_rows,
        on_progress=on_progress,
    )
    return [
        BarisIku(baris, {key: baris.nilai.pop(key, None) for key in target_keys}) for baris in rows
    ]


_PEMISAH_RENTANG = re.compile(
    r"\s*(?:–|—|\bs\.\s?d\.?|\bs/d\b|\bsd\b|\bsampai\b|\bhingga\b)\s*", re.IGNORECASE
)
_HUBUNG_ANTARA_ANGKA = re.compile(r"(?<=[\d%])\s*-\s*(?=[+\d])")


def _angka_sel(raw: Any) -> Decimal:
    """A number from a cell: numeric cells as they are, text the Indonesian or plain way."""
    if isinstance(raw, bool):
        raise AngkaTidakValid(str(raw))
    if isinstance(raw, int | float | Decimal):
        return parse_angka(raw)
    return parse_angka(str(raw).strip())


def _baca_target(raw: Any, polaritas: str) -> tuple[services.TargetInput | None, str | None]:
    """(target, None) or (None, error message) for one cell; (None, None) when empty."""
    teks = as_text(raw)
    if teks == "":
        return None, None
    if polaritas == Polaritas.KUALITATIF:
        return services.TargetInput(tahun=None, nilai_kualitatif=teks), None
    if polaritas == Polaritas.RENTANG:
        bagian = _PEMISAH_RENTANG.sub("|", _HUBUNG_ANTARA_ANGKA.sub("|", teks)).split("|")
        bagian = [b.strip() for b in bagian]
        if len(bagian) != 2 or not all(bagian):
            return None, (
                f"'{teks}': polaritas rentang memerlukan batas bawah dan batas atas, tulis "
                "misalnya '10 – 20'"
            )
        angka = []
        for b in bagian:
            try:
                angka.append(parse_angka(b))
            except AngkaTidakValid:
                return None, f"'{b}' bukan angka"
        return services.TargetInput(tahun=None, nilai=angka[0], nilai_max=angka[1]), None
    try:
        return services.TargetInput(tahun=None, nilai=_angka_sel(raw)), None
    except (AngkaTidakValid, TypeError, ValueError):
        return None, f"'{teks}' bukan angka"


@dataclass
class _BarisSiap:
    nomor: int
    nilai: dict[str, Any]
    sasaran_id: int
    skala_id: int | None
    ikd_id: int | None
    baseline: Decimal | None
    baseline_kualitatif: str
    targets: list[services.TargetInput]


@dataclass(frozen=True)
class HasilImpor:
    """Outcome of a successful import (shown to the operator)."""

    baris: int
    dibuat: int
    diperbarui: int
    target: int
    detik: float

    @property
    def ringkasan(self) -> str:
        return (
            f"{self.baris} baris diimpor: {self.dibuat} IKU baru, {self.diperbarui} IKU "
            f"diperbarui, {self.target} target tersimpan ({self.detik:.1f} detik)."
        )


def _skala_tersedia() -> dict[str, tuple[int, EngineSkala | None]]:
    hasil: dict[str, tuple[int, EngineSkala | None]] = {}
    for skala in SkalaKualitatif.objects.prefetch_related("tingkat"):
        tingkat = sorted(skala.tingkat.all(), key=lambda t: -t.skor)
        engine = (
            EngineSkala(nama=skala.nama, tingkat=tuple((t.label, t.skor) for t in tingkat))
            if tingkat
            else None
        )
        hasil[skala.nama.casefold()] = (skala.pk, engine)
    return hasil


def _validasi(
    renstra: Renstra, rows: list[BarisIku], kolom_target: Sequence[KolomTarget]
) -> tuple[list[_BarisSiap], list[GalatBaris]]:
    galat: list[GalatBaris] = list(cek_duplikat([r.baris for r in rows], "kode", "Kode"))
    sasaran_renstra = {s.kode.casefold(): s for s in _sasaran_renstra(renstra)}
    sasaran_lain = {
        s.kode.casefold(): s
        for s in SasaranStrategis.objects.exclude(tujuan__renstra=renstra).select_related(
            "tujuan__renstra"
        )
    }
    # kode is unique across the OPD: an IKU of another Renstra is never moved by an import.
    iku_lain = {
        kode.casefold(): nama
        for kode, nama in Iku.objects.exclude(sasaran__tujuan__renstra=renstra).values_list(
            "kode", "sasaran__tujuan__renstra__nama"
        )
    }
    periode = PeriodeRpjmd.objects.filter(pk=renstra.periode_rpjmd_id).first()
    ikd = {
        i.kode.casefold(): i.pk
        for i in IndikatorDaerah.objects.filter(is_ikd=True, periode_id=renstra.periode_rpjmd_id)
    }
    skala_tersedia = _skala_tersedia()
    siap: list[_BarisSiap] = []
    for row in rows:
        b, nomor = row.baris, row.baris.nomor
        jumlah_galat = len(galat)
        polaritas = b["polaritas"]

        if b["kode"] and b["kode"].casefold() in iku_lain:
            galat.append(
                GalatBaris(
                    nomor,
                    "Kode",
                    f"'{b['kode']}' sudah dipakai IKU pada Renstra lain "
                    f"('{iku_lain[b['kode'].casefold()]}')",
                )
            )

        kode_sasaran = b["kode_sasaran"]
        sasaran = sasaran_renstra.get(kode_sasaran.casefold())
        if sasaran is None:
            lain = sasaran_lain.get(kode_sasaran.casefold())
            pesan = (
                f"sasaran '{kode_sasaran}' milik Renstra lain ('{lain.tujuan.renstra.nama}')"
                if lain
                else f"sasaran '{kode_sasaran}' tidak ditemukan pada Renstra {renstra.nama}"
            )
            galat.append(GalatBaris(nomor, "Kode Sasaran", pesan))

        ikd_id = None
        if b["kode_ikd"]:
            ikd_id = ikd.get(b["kode_ikd"].casefold())
            if ikd_id is None:
                nama_periode = periode.nama if periode else "Renstra ini"
                galat.append(
                    GalatBaris(
                        nomor,
                        JUDUL_IKD,
                        f"IKD '{b['kode_ikd']}' tidak ditemukan pada periode RPJMD {nama_periode}",
                    )
                )

        skala_id, skala = None, None
        if b["skala"]:
            found = skala_tersedia.get(b["skala"].casefold())
            if found is None:
                pilihan = ", ".join(sorted(n for n in skala_tersedia)) or "(belum ada)"
                galat.append(
                    GalatBaris(
                        nomor, JUDUL_SKALA, f"skala '{b['skala']}' tidak dikenal; ada: {pilihan}"
                    )
                )
            else:
                skala_id, skala = found
        if polaritas == Polaritas.KUALITATIF and not b["skala"]:
            galat.append(GalatBaris(nomor, JUDUL_SKALA, "wajib diisi untuk polaritas kualitatif"))
        elif polaritas == Polaritas.KUALITATIF and skala_id and skala is None:
            galat.append(GalatBaris(nomor, JUDUL_SKALA, "skala ini belum memiliki label"))

        baseline, baseline_kualitatif = None, ""
        if b["baseline"]:
            if polaritas == Polaritas.KUALITATIF:
                baseline_kualitatif = services.label_kanonik(skala, b["baseline"])
                if skala is not None and skala.skor(baseline_kualitatif) is None:
                    galat.append(
                        GalatBaris(
                            nomor,
                            "Baseline",
                            f"'{baseline_kualitatif}' tidak ada pada skala {skala.nama}; "
                            f"pilihan: {', '.join(skala.labels)}",
                        )
                    )
            else:
                try:
                    baseline = parse_angka(b["baseline"])
                except AngkaTidakValid:
                    galat.append(GalatBaris(nomor, "Baseline", f"'{b['baseline']}' bukan angka"))

        targets: list[services.TargetInput] = []
        judul_target: list[str] = []
        for k in kolom_target:
            target, pesan = _baca_target(row.mentah[k.kolom.key], polaritas)
            if pesan:
                galat.append(GalatBaris(nomor, k.kolom.judul, pesan))
            elif target is not None:
                targets.append(
                    services.TargetInput(
                        tahun=k.tahun,
                        triwulan=k.triwulan,
                        nilai=target.nilai,
                        nilai_max=target.nilai_max,
                        nilai_kualitatif=services.label_kanonik(skala, target.nilai_kualitatif),
                    )
                )
                judul_target.append(k.kolom.judul)
        masalah = services.periksa_target(
            targets,
            tahun_awal=renstra.tahun_awal,
            tahun_akhir=renstra.tahun_akhir,
            polaritas=polaritas,
            skala=skala,
        )
        for m in masalah:
            judul = judul_target[m.indeks] if m.indeks is not None else ""
            pesan = m.pesan.removeprefix(f"{judul}: ") if judul else m.pesan
            if (
                polaritas == Polaritas.KUALITATIF
                and skala is None
                and m.field == "nilai_kualitatif"
            ):
                continue  # already reported once on the Skala Kualitatif column
            galat.append(GalatBaris(nomor, judul, pesan))

        if len(galat) == jumlah_galat and sasaran is not None:
            siap.append(
                _BarisSiap(
                    nomor=nomor,
                    nilai=b.nilai,
                    sasaran_id=sasaran.pk,
                    skala_id=skala_id,
                    ikd_id=ikd_id,
                    baseline=baseline,
                    baseline_kualitatif=baseline_kualitatif,
                    targets=targets,
                )
            )
    return siap, galat


_FIELDS_IKU = [
    "kode",
    "nama",
    "sasaran",
    "satuan",
    "jenis",
    "polaritas",
    "tipe_perhitungan",
    "skala",
    "sumber_data",
    "penanggung_jawab",
    "baseline",
    "baseline_kualitatif",
    "ikd",
]


def impor_iku(
    renstra: Renstra,
    data: bytes,
    *,
    max_rows: int = MAX_ROWS,
    on_progress: Callable[[int, int], None] | None = None,
) -> HasilImpor:
    """Import IKU rows into ``renstra``. Raises ImportGagal (nothing saved) unless every row is
    valid; otherwise creates/updates every IKU and replaces their targets in one transaction."""
    mulai = time.monotonic()
    kolom_target = _kolom_target(renstra)
    awal, akhir = _kolom_dasar()
    rows = _baca(data, [*awal, *akhir], kolom_target, max_rows=max_rows, on_progress=on_progress)
    siap, galat = _validasi(renstra, rows, kolom_target)
    if galat:
        urutan = {judul: i for i, judul in enumerate(kolom_iku(renstra))}
        raise ImportGagal(sorted(galat, key=lambda g: (g.baris, urutan.get(g.kolom, -1))))

    with transaction.atomic():
        ada = {i.kode.casefold(): i for i in Iku.objects.select_for_update()}
        baru: list[Iku] = []
        ubah: list[Iku] = []
        per_iku: list[tuple[Iku, list[services.TargetInput]]] = []
        for row in siap:
            v = row.nilai
            iku = ada.get(v["kode"].casefold())
            if iku is None:
                iku = Iku(aktif=True)
                baru.append(iku)
            else:
                ubah.append(iku)
            iku.kode = v["kode"]
            iku.nama = v["nama"]
            iku.sasaran_id = row.sasaran_id
            iku.satuan = v["satuan"]
            iku.jenis = v["jenis"]
            iku.polaritas = v["polaritas"]
            iku.tipe_perhitungan = v["tipe"]
            iku.skala_id = row.skala_id
            iku.sumber_data = v["sumber_data"] or ""
            iku.penanggung_jawab = v["penanggung_jawab"] or ""
            iku.baseline = row.baseline
            iku.baseline_kualitatif = row.baseline_kualitatif
            iku.ikd_id = row.ikd_id
            per_iku.append((iku, row.targets))
        if ubah:
            Iku.objects.bulk_update(ubah, _FIELDS_IKU, batch_size=500)
            TargetIku.objects.filter(iku__in=[i.pk for i in ubah]).delete()
        if baru:
            Iku.objects.bulk_create(baru, batch_size=500)
        targets = [t.ke_model(iku) for iku, ts in per_iku for t in ts]
        TargetIku.objects.bulk_create(targets, batch_size=2000)
        # Bulk writes send no post_save: the IKU pages follow in the background (a page costs
        # ~0.5 s; thousands of them must not hold the import request).
        from kinerja.pages.tasks import halaman_iku_sinkron

        transaction.on_commit(halaman_iku_sinkron.delay)
    if on_progress is not None:
        on_progress(len(siap), len(siap))
    return HasilImpor(
        baris=len(siap),
        dibuat=len(baru),
        diperbarui=len(ubah),
        target=len(targets),
        detik=time.monotonic() - mulai,
    )
