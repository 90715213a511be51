"""Rows of the open data downloads and the reports: plain frozen dataclasses, the same for CSV,
XLSX, JSON, PDF and the API.

- :func:`ikd_capaian` (public schema): every IKD of a year, from
  :func:`kinerja.daerah.selectors.ikd_list_with_capaian`. Province realisasi is public by
  nature: Bappeda types it, or the rollup writes it from VERIFIED IKU quarters only.
- :func:`iku_capaian` (OPD schema): every active IKU of a year (``triwulan`` None) or up to a
  triwulan, computed by the one engine path of the reporting screens
  (:mod:`kinerja.opd.realisasi_selectors`). With ``hanya_terverifikasi`` (the default, and the
  only mode anonymous users ever get) a triwulan whose realisasi is not *diverifikasi* counts
  as not reported: its value and narrative are not even read from the database.
- :func:`pk_dokumen` (OPD schema): the signed Perjanjian Kinerja in force for a year.

Each reads in a constant number of queries whatever the number of indicators.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from kinerja.choices import AspekIkd, Polaritas, TipePerhitungan
from kinerja.engine import bulatkan, format_angka
from kinerja.engine.alur import LABEL_STATUS, Status
from kinerja.engine.jadwal import label_periode
from kinerja.engine.terverifikasi import triwulan_terverifikasi

__all__ = [
    "BarisIkd",
    "BarisIku",
    "ButirPk",
    "DokumenPk",
    "KelompokSasaran",
    "LaporanIkd",
    "LaporanIku",
    "ikd_capaian",
    "iku_capaian",
    "pk_dokumen",
]


def _persen(nilai: Decimal | None) -> Decimal | None:
    """A capaian as downloads show it: rounded half-up to 2 decimals (as on screen)."""
    return None if nilai is None else bulatkan(nilai, 2)


def teks_nilai(nilai: Decimal | str | None, batas_atas: Decimal | None = None) -> str:
    """A target or realisasi as people read it: "1.234,5", "10 – 20" (rentang), "WTP"; ""."""
    if nilai is None:
        return ""
    if isinstance(nilai, str):
        return nilai
    if batas_atas is not None:
        return f"{format_angka(nilai, None)} – {format_angka(batas_atas, None)}"
    return format_angka(nilai, None)


def teks_persen(nilai: Decimal | None) -> str:
    return "" if nilai is None else format_angka(nilai, 2)


def _opd_saat_ini() -> tuple[str, str, str]:
    """(nama, singkatan, kode) of the OPD whose schema the connection is on."""
    from tenants.models import Opd

    opd = Opd.objects.filter(schema_name=connection.schema_name).first()
    if opd is None:  # pragma: no cover - every served OPD schema has its registry row
        return connection.schema_name, "", ""
    return opd.nama, opd.singkatan, opd.kode


# =============================================================================================
# IKD (public schema)
# =============================================================================================


@dataclass(frozen=True)
class BarisIkd:
    """One IKD of one year. Numbers are exact Decimals (``capaian_persen`` rounded to 2
    decimals); a kualitatif target/realisasi is its label (str)."""

    tahun: int
    aspek: str
    kode: str
    indikator: str
    satuan: str
    polaritas: str
    target: Decimal | str | None
    target_batas_atas: Decimal | None
    realisasi: Decimal | str | None
    sumber_realisasi: str
    capaian_persen: Decimal | None
    predikat: str
    rumus: str
    keterangan: str
    target_akhir: Decimal | str | None
    capaian_target_akhir_persen: Decimal | None
    opd_penanggung_jawab: str
    # Not exported as columns (kept for the PDF and the API).
    indikator_id: int = 0
    aspek_kode: str = ""
    predikat_kode: str = ""

    @property
    def target_teks(self) -> str:
        return teks_nilai(self.target, self.target_batas_atas)

    @property
    def realisasi_teks(self) -> str:
        return teks_nilai(self.realisasi)

    @property
    def capaian_teks(self) -> str:
        return teks_persen(self.capaian_persen)

    @property
    def capaian_target_akhir_teks(self) -> str:
        return teks_persen(self.capaian_target_akhir_persen)


@dataclass(frozen=True)
class LaporanIkd:
    """Every IKD of ``tahun`` (optionally of one ``aspek``) in the RPJMD period covering it."""

    tahun: int
    aspek: str | None
    periode_nama: str
    baris: list[BarisIkd]
    dibuat: datetime
    hanya_terverifikasi: bool = True

    @property
    def judul(self) -> str:
        aspek = f", aspek {AspekIkd(self.aspek).label}" if self.aspek else ""
        return f"Capaian Indikator Kinerja Daerah (IKD) Tahun {self.tahun}{aspek}"

    @property
    def periode_label(self) -> str:
        return f"Tahun {self.tahun}"

    def per_aspek(self) -> list[tuple[str, list[BarisIkd]]]:
        """Rows grouped by aspek label, in the order of :class:`AspekIkd` (others last)."""
        urutan = {label: i for i, label in enumerate(AspekIkd.labels)}
        kelompok: dict[str, list[BarisIkd]] = {}
        for b in self.baris:
            kelompok.setdefault(b.aspek or "Tanpa aspek", []).append(b)
        return sorted(kelompok.items(), key=lambda kv: urutan.get(kv[0], len(urutan)))


def ikd_capaian(
    tahun: int, *, aspek: str | None = None, sekarang: datetime | None = None
) -> LaporanIkd:
    """Every IKD of the RPJMD period covering ``tahun`` (the active one first), with target,
    realisasi, capaian, predikat of the active scheme and the progress against the period's
    final target. Public schema. An empty list when no period covers ``tahun``.

    Queries: the period, the IKD with targets/realisasi/scales (prefetched), the predikat
    scheme and the responsible OPDs (one ``in_bulk``): constant."""
    from kinerja.daerah.models import PeriodeRpjmd
    from kinerja.daerah.selectors import ikd_list_with_capaian
    from tenants.models import Opd

    periode = (
        PeriodeRpjmd.objects.filter(tahun_awal__lte=tahun, tahun_akhir__gte=tahun)
        .order_by("-aktif", "-tahun_awal")
        .first()
    )
    dibuat = sekarang or timezone.now()
    if periode is None:
        return LaporanIkd(tahun, aspek, "", [], dibuat)
    daftar = ikd_list_with_capaian(periode, tahun, aspek)
    opd_ids = {r.indikator.opd_penanggung_jawab_id for r in daftar}
    opd_ids.discard(None)
    opd = Opd.objects.only("id", "nama").in_bulk(opd_ids) if opd_ids else {}
    baris = []
    for r in daftar:
        ind = r.indikator
        kualitatif = ind.polaritas == Polaritas.KUALITATIF
        t, real = r.target, r.realisasi
        if kualitatif:
            target: Decimal | str | None = (t.nilai_kualitatif or None) if t else None
            realisasi: Decimal | str | None = (real.nilai_kualitatif or None) if real else None
            target_akhir: Decimal | str | None = ind.target_akhir_kualitatif or None
        else:
            target = t.nilai if t else None
            realisasi = real.nilai if real else None
            target_akhir = ind.target_akhir
        ada_nilai = realisasi is not None
        pj = opd.get(ind.opd_penanggung_jawab_id) if ind.opd_penanggung_jawab_id else None
        baris.append(
            BarisIkd(
                tahun=tahun,
                aspek=ind.get_aspek_display() if ind.aspek else "",
                kode=ind.kode,
                indikator=ind.nama,
                satuan=ind.satuan,
                polaritas=ind.get_polaritas_display(),
                target=target,
                target_batas_atas=(
                    t.nilai_max if t is not None and ind.polaritas == Polaritas.RENTANG else None
                ),
                realisasi=realisasi,
                sumber_realisasi=real.get_sumber_display()
                if real is not None and ada_nilai
                else "",
                capaian_persen=_persen(r.capaian.nilai),
                predikat=r.predikat.label if r.predikat is not None else "",
                rumus=str(r.capaian.formula) if r.capaian.nilai is not None else "",
                keterangan=(r.capaian.alasan or "") if r.capaian.nilai is None else "",
                target_akhir=target_akhir,
                capaian_target_akhir_persen=_persen(r.capaian_akhir.nilai),
                opd_penanggung_jawab=pj.nama if pj is not None else "",
                indikator_id=ind.pk,
                aspek_kode=ind.aspek,
                predikat_kode=r.predikat.kode if r.predikat is not None else "",
            )
        )
    return LaporanIkd(tahun, aspek, periode.nama, baris, dibuat)


# =============================================================================================
# IKU (OPD schema)
# =============================================================================================


@dataclass(frozen=True)
class BarisIku:
    """One active IKU for a year (``triwulan`` None: s.d. TW4) or up to a triwulan.

    ``target`` is what the capaian is measured against (``acuan_target`` says which);
    ``realisasi_tw1``..``realisasi_tw4`` are the quarterly values that were counted (None: not
    reported, not verified, or after the chosen triwulan); ``realisasi`` is the yearly value
    from them per the tipe perhitungan. The narrative is that of the latest counted
    triwulan."""

    tahun: int
    triwulan: int | None
    kode_sasaran: str
    sasaran: str
    kode: str
    indikator: str
    satuan: str
    polaritas: str
    tipe_perhitungan: str
    formula_indikator: str
    target: Decimal | str | None
    target_batas_atas: Decimal | None
    acuan_target: str
    realisasi_tw1: Decimal | str | None
    realisasi_tw2: Decimal | str | None
    realisasi_tw3: Decimal | str | None
    realisasi_tw4: Decimal | str | None
    realisasi: Decimal | str | None
    capaian_persen: Decimal | None
    predikat: str
    rumus: str
    keterangan: str
    status_triwulan: str
    faktor_pendorong: str
    faktor_penghambat: str
    tindak_lanjut: str
    # Not exported as columns (kept for the PDF and the API).
    iku_id: int = 0
    polaritas_kode: str = ""
    predikat_kode: str = ""
    draf: bool = False
    target_triwulan: dict[int, Decimal | str | None] = field(default_factory=dict)

    @property
    def realisasi_per_triwulan(self) -> dict[int, Decimal | str | None]:
        return {
            1: self.realisasi_tw1,
            2: self.realisasi_tw2,
            3: self.realisasi_tw3,
            4: self.realisasi_tw4,
        }

    @property
    def target_teks(self) -> str:
        return teks_nilai(self.target, self.target_batas_atas)

    @property
    def realisasi_teks(self) -> str:
        return teks_nilai(self.realisasi)

    @property
    def realisasi_triwulan_teks(self) -> str:
        """ "TW1: 20; TW2: –" for the triwulans up to the chosen one."""
        sampai = self.triwulan or 4
        return "; ".join(
            f"TW{q}: {teks_nilai(v) or '–'}"
            for q, v in self.realisasi_per_triwulan.items()
            if q <= sampai
        )

    @property
    def capaian_teks(self) -> str:
        return teks_persen(self.capaian_persen)

    @property
    def ada_analisis(self) -> bool:
        return bool(self.faktor_pendorong or self.faktor_penghambat or self.tindak_lanjut)


@dataclass(frozen=True)
class KelompokSasaran:
    kode: str
    uraian: str
    baris: list[BarisIku]


@dataclass(frozen=True)
class LaporanIku:
    """Capaian of every active IKU of this OPD for ``tahun`` / up to ``triwulan``."""

    tahun: int
    triwulan: int | None
    hanya_terverifikasi: bool
    opd_nama: str
    opd_singkatan: str
    opd_kode: str
    renstra_nama: str
    baris: list[BarisIku]
    dibuat: datetime

    @property
    def sampai_triwulan(self) -> int:
        return self.triwulan or 4

    @property
    def periode_label(self) -> str:
        if self.triwulan is None:
            return f"Tahun {self.tahun}"
        return label_periode(self.tahun, self.triwulan)

    @property
    def judul(self) -> str:
        return f"Capaian IKU {self.opd_nama} {self.periode_label}"

    @property
    def ada_draf(self) -> bool:
        """Some counted value is not verified (only possible without hanya_terverifikasi)."""
        return any(b.draf for b in self.baris)

    def per_sasaran(self) -> list[KelompokSasaran]:
        kelompok: dict[tuple[str, str], list[BarisIku]] = {}
        for b in self.baris:
            kelompok.setdefault((b.kode_sasaran, b.sasaran), []).append(b)
        return [KelompokSasaran(k, u, rows) for (k, u), rows in kelompok.items()]


def _nilai_dari(iku: object, r: object) -> Decimal | str | None:
    if r is None:
        return None
    if iku.polaritas == Polaritas.KUALITATIF:  # type: ignore[attr-defined]
        return r.nilai_kualitatif or None  # type: ignore[attr-defined]
    return r.nilai  # type: ignore[attr-defined]


def iku_capaian(
    tahun: int,
    triwulan: int | None = None,
    *,
    hanya_terverifikasi: bool = True,
    sekarang: datetime | None = None,
) -> LaporanIku:
    """Capaian of every active IKU of this OPD (Renstra covering ``tahun``), ordered by
    sasaran and kode: for the year (``triwulan`` None, i.e. up to TW4) or up to ``triwulan``.

    ``hanya_terverifikasi``: only verified realisasi count, under the published rule
    (:func:`kinerja.engine.terverifikasi.triwulan_terverifikasi`: from TW1 up to the first
    reported quarter that is not verified, a quarter never reported skipped); any other
    quarter is treated as not reported (its value and narrative are left out).
    Without it every saved value counts and ``BarisIku.draf`` marks rows that use an
    unverified one (for the OPD's own draft report).

    Queries: OPD row, Renstra, IKU with targets, realisasi, scales, predikat scheme: constant.
    """
    from kinerja.daerah.selectors import skema_predikat_aktif
    from kinerja.opd.models import RealisasiIku
    from kinerja.opd.realisasi_selectors import (
        hitung_capaian_sd,
        iku_aktif_queryset,
        rumus_capaian,
        skala_engine_per_id,
    )
    from kinerja.opd.selectors import renstra_untuk_tahun

    if triwulan is not None and triwulan not in (1, 2, 3, 4):
        raise ValueError(f"triwulan harus 1–4 atau None, bukan {triwulan}")
    sampai = triwulan or 4
    opd_nama, opd_singkatan, opd_kode = _opd_saat_ini()
    renstra = renstra_untuk_tahun(tahun)
    ikus = list(iku_aktif_queryset(tahun))
    realisasi = RealisasiIku.objects.none()
    if ikus:
        realisasi = RealisasiIku.objects.filter(
            tahun=tahun, triwulan__lte=sampai, iku_id__in=[i.pk for i in ikus]
        )
    per_iku: dict[int, dict[int, RealisasiIku]] = {}
    for r in realisasi:
        per_iku.setdefault(r.iku_id, {})[r.triwulan] = r
    if hanya_terverifikasi:
        # The published rule (pages, IKD rollup): verified quarters from TW1 up to the first
        # reported quarter that is not verified; a quarter never reported is skipped.
        for iku_id, rows in per_iku.items():
            run = triwulan_terverifikasi({q: r.status for q, r in rows.items()}, lewati_kosong=True)
            per_iku[iku_id] = {q: rows[q] for q in run}
    skala = skala_engine_per_id(
        {i.skala_id for i in ikus if i.polaritas == Polaritas.KUALITATIF and i.skala_id}
    )
    bands = skema_predikat_aktif() if ikus else ()

    baris = []
    for iku in ikus:
        rows = per_iku.get(iku.pk, {})
        nilai = {q: _nilai_dari(iku, r) for q, r in rows.items()}
        c = hitung_capaian_sd(
            iku, tahun, sampai, nilai, skala.get(iku.skala_id) if iku.skala_id else None, bands
        )
        kualitatif = iku.polaritas == Polaritas.KUALITATIF
        dihitung = sorted(q for q, v in nilai.items() if v is not None)
        narasi = rows[dihitung[-1]] if dihitung else None
        targets = iku.target_tahun  # type: ignore[attr-defined]
        per_tw_target = {
            t.triwulan: (t.nilai_kualitatif or None) if kualitatif else t.nilai
            for t in targets
            if t.triwulan
        }
        baris.append(
            BarisIku(
                tahun=tahun,
                triwulan=triwulan,
                kode_sasaran=iku.sasaran.kode,
                sasaran=iku.sasaran.uraian,
                kode=iku.kode,
                indikator=iku.nama,
                satuan=iku.satuan,
                polaritas=iku.get_polaritas_display(),
                tipe_perhitungan=TipePerhitungan(iku.tipe_perhitungan).label,
                formula_indikator=iku.formula,
                target=c.target_kualitatif if kualitatif else c.target,
                target_batas_atas=c.target_max if iku.polaritas == Polaritas.RENTANG else None,
                acuan_target=c.acuan,
                realisasi_tw1=nilai.get(1),
                realisasi_tw2=nilai.get(2),
                realisasi_tw3=nilai.get(3),
                realisasi_tw4=nilai.get(4),
                realisasi=(
                    c.realisasi_kualitatif
                    if kualitatif
                    else (c.realisasi.nilai if c.realisasi is not None else None)
                ),
                capaian_persen=_persen(c.capaian.nilai),
                predikat=c.predikat.label if c.predikat is not None else "",
                rumus=rumus_capaian(c) if c.capaian.nilai is not None else "",
                keterangan=(c.capaian.alasan or "") if c.capaian.nilai is None else "",
                status_triwulan="; ".join(
                    f"TW{q}: {LABEL_STATUS[Status(rows[q].status)]}" for q in sorted(rows)
                ),
                faktor_pendorong=narasi.faktor_pendorong if narasi else "",
                faktor_penghambat=narasi.faktor_penghambat if narasi else "",
                tindak_lanjut=narasi.tindak_lanjut if narasi else "",
                iku_id=iku.pk,
                polaritas_kode=iku.polaritas,
                predikat_kode=c.predikat.kode if c.predikat is not None else "",
                draf=any(r.status != Status.DIVERIFIKASI for r in rows.values()),
                target_triwulan=per_tw_target,
            )
        )
    return LaporanIku(
        tahun=tahun,
        triwulan=triwulan,
        hanya_terverifikasi=hanya_terverifikasi,
        opd_nama=opd_nama,
        opd_singkatan=opd_singkatan,
        opd_kode=opd_kode,
        renstra_nama=renstra.nama if renstra is not None else "",
        baris=baris,
        dibuat=sekarang or timezone.now(),
    )


# =============================================================================================
# Perjanjian Kinerja (OPD schema)
# =============================================================================================


@dataclass(frozen=True)
class ButirPk:
    """One IKU target as committed in the signed PK (the PK's own copy of the target)."""

    kode_sasaran: str
    sasaran: str
    kode: str
    indikator: str
    satuan: str
    target: Decimal | str | None
    target_batas_atas: Decimal | None

    @property
    def target_teks(self) -> str:
        return teks_nilai(self.target, self.target_batas_atas)


@dataclass(frozen=True)
class DokumenPk:
    """The signed PK in force for a year: parties, signature and the committed targets."""

    tahun: int
    versi: int
    penandatangan: str
    jabatan: str
    tanggal: date | None
    alasan_perubahan: str
    opd_nama: str
    opd_singkatan: str
    butir: list[ButirPk]

    @property
    def perubahan(self) -> bool:
        return self.versi > 1

    def per_sasaran(self) -> Iterator[tuple[str, str, list[ButirPk]]]:
        kelompok: dict[tuple[str, str], list[ButirPk]] = {}
        for b in self.butir:
            kelompok.setdefault((b.kode_sasaran, b.sasaran), []).append(b)
        for (kode, uraian), rows in kelompok.items():
            yield kode, uraian, rows


def pk_dokumen(tahun: int) -> DokumenPk | None:
    """The signed PK in force for ``tahun`` (:func:`kinerja.opd.selectors.pk_berlaku`: a draft
    or a replaced version is never returned) with its items by sasaran and IKU kode; None when
    the year has no signed PK. Three queries."""
    from kinerja.opd.models import PerjanjianKinerjaItem
    from kinerja.opd.selectors import pk_berlaku

    pk = pk_berlaku(tahun)
    if pk is None:
        return None
    items = (
        PerjanjianKinerjaItem.objects.filter(pk_dokumen=pk)
        .select_related("iku__sasaran")
        .order_by("iku__sasaran__kode", "iku__kode")
    )
    butir = []
    for item in items:
        iku = item.iku
        kualitatif = iku.polaritas == Polaritas.KUALITATIF
        butir.append(
            ButirPk(
                kode_sasaran=iku.sasaran.kode,
                sasaran=iku.sasaran.uraian,
                kode=iku.kode,
                indikator=iku.nama,
                satuan=item.satuan,
                target=(item.target_kualitatif or None) if kualitatif else item.target,
                target_batas_atas=item.target_max if iku.polaritas == Polaritas.RENTANG else None,
            )
        )
    opd_nama, opd_singkatan, _ = _opd_saat_ini()
    return DokumenPk(
        tahun=pk.tahun,
        versi=pk.versi,
        penandatangan=pk.penandatangan,
        jabatan=pk.jabatan_penandatangan,
        tanggal=pk.tanggal_tanda_tangan,
        alasan_perubahan=pk.alasan_perubahan,
        opd_nama=opd_nama,
        opd_singkatan=opd_singkatan,
        butir=butir,
    )
