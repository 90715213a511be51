"""Read side of the read-only drill-down into one OPD (public domain, Bappeda): its Renstra
(tujuan, sasaran strategis and their RPJMD alignment), IKU with the targets of every year of
the Renstra (yearly and per triwulan), and the realisasi of one year per triwulan with workflow
state, capaian and predikat, read live from the OPD's schema.

Never called with a schema name from a URL: the caller passes the registry row found by
:func:`kinerja.daerah.verifikasi_selectors.opd_untuk_schema`. Queries: inside the OPD's
schema five (Renstra list, tujuan + sasaran with IKU counts, IKU + targets, realisasi of the
year with evidence counts), in ``public`` a handful (scales, predikat bands, RPJMD sasaran,
IKD, reporting schedule); none per IKU or per row.

Capaian per triwulan is the capaian up to that triwulan against its target, from the values
as reported (whatever their state), with the engine path of the OPD screens
(``kinerja.opd.selectors.capaian_iku``), so the numbers equal the verification screens'.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django_tenants.utils import schema_context

from kinerja.choices import Polaritas
from kinerja.daerah.models import IndikatorDaerah, PeriodeRpjmd, SasaranRpjmd
from kinerja.daerah.selectors import skema_predikat_aktif
from kinerja.daerah.verifikasi_selectors import peta_skala
from kinerja.engine import format_angka
from kinerja.engine.alur import LABEL_STATUS, Status
from kinerja.engine.jadwal import format_tanggal, label_periode
from kinerja.opd.models import (
    Iku,
    RealisasiIku,
    Renstra,
    SasaranStrategis,
    TargetIku,
    TujuanRenstra,
)
from kinerja.opd.selectors import capaian_iku, teks_target
from kinerja.pengawasan.dasbor_selectors import periode_bawaan
from tenants.models import Opd

__all__ = [
    "Drilldown",
    "IkuDrilldown",
    "SelRealisasi",
    "drilldown_opd",
]


@dataclass(frozen=True)
class SasaranTampil:
    kode: str
    uraian: str
    sasaran_rpjmd: str
    selaras: bool
    jumlah_iku: int


@dataclass(frozen=True)
class TujuanTampil:
    kode: str
    uraian: str
    sasaran: list[SasaranTampil]


@dataclass(frozen=True)
class RenstraTampil:
    id: int
    nama: str
    tahun_awal: int
    tahun_akhir: int
    visi: str
    misi: str
    periode_rpjmd: str

    @property
    def label(self) -> str:
        return f"{self.nama} ({self.tahun_awal}–{self.tahun_akhir})"


@dataclass(frozen=True)
class TargetTahun:
    tahun: int
    tahunan: str
    triwulan: list[str]
    terpilih: bool


@dataclass(frozen=True)
class SelRealisasi:
    """One IKU × triwulan of the chosen year: what the OPD reported and where it stands."""

    triwulan: int
    id: int | None
    nilai: str
    status: str
    revisi: int
    capaian: str
    predikat: str
    target: str
    acuan: str
    keterangan: str
    terlambat: bool
    jumlah_dikembalikan: int
    jumlah_bukti: int
    diajukan_pada: str
    diverifikasi_pada: str
    url: str

    @property
    def status_label(self) -> str:
        return LABEL_STATUS[Status(self.status)] if self.status else "Belum diisi"

    @property
    def uraian(self) -> str:
        teks = f"TW {self.triwulan}: {self.status_label}"
        if self.nilai:
            teks += f", realisasi {self.nilai}"
        if self.capaian:
            teks += f", capaian {self.capaian}%"
        if self.terlambat:
            teks += ", terlambat"
        if self.jumlah_dikembalikan:
            teks += f", {self.jumlah_dikembalikan}× dikembalikan"
        return teks


@dataclass(frozen=True)
class IkuDrilldown:
    id: int
    kode: str
    nama: str
    satuan: str
    polaritas: str
    tipe_perhitungan: str
    sasaran_kode: str
    ikd: str
    aktif: bool
    target: list[TargetTahun]
    realisasi: list[SelRealisasi]


@dataclass
class Drilldown:
    opd: Opd
    renstra_list: list[RenstraTampil]
    renstra: RenstraTampil | None
    tahun: int | None
    tujuan: list[TujuanTampil] = field(default_factory=list)
    iku: list[IkuDrilldown] = field(default_factory=list)

    @property
    def tahun_list(self) -> list[int]:
        if self.renstra is None:
            return []
        return list(range(self.renstra.tahun_awal, self.renstra.tahun_akhir + 1))

    @property
    def periode(self) -> str:
        return str(self.tahun) if self.tahun else ""

    def label_periode(self, triwulan: int) -> str:
        return label_periode(self.tahun or 0, triwulan)


def _teks_target(t: TargetIku | None, polaritas: str) -> str:
    if t is None:
        return ""
    return teks_target(t.nilai, t.nilai_max, t.nilai_kualitatif, polaritas)


def _teks_nilai(nilai: Decimal | None, label: str, polaritas: str) -> str:
    if polaritas == Polaritas.KUALITATIF:
        return (label or "").strip()
    return "" if nilai is None else format_angka(nilai, None)


def _pilih_tahun(tahun: int | None, awal: int, akhir: int) -> int:
    if tahun is not None and awal <= tahun <= akhir:
        return tahun
    return min(max(periode_bawaan()[0], awal), akhir)


def drilldown_opd(opd: Opd, renstra_id: int | None = None, tahun: int | None = None) -> Drilldown:
    """The drill-down of ``opd`` (a registry row): the Renstra ``renstra_id`` (default: the
    one covering ``tahun``, else the latest) and the realisasi of ``tahun`` (default: the
    year being reported, clamped into the Renstra). Unknown ids and years outside the Renstra
    fall back to the defaults. Constant number of queries (module doc)."""
    skala = peta_skala()
    bands = skema_predikat_aktif()
    with schema_context(opd.schema_name):
        semua = list(Renstra.objects.order_by("-tahun_awal", "-id"))
        renstra = next((r for r in semua if r.pk == renstra_id), None)
        if renstra is None and tahun is not None:
            renstra = next((r for r in semua if r.tahun_awal <= tahun <= r.tahun_akhir), None)
        if renstra is None and semua:
            renstra = semua[0]
        if renstra is None:
            return Drilldown(opd=opd, renstra_list=[], renstra=None, tahun=None)
        tahun = _pilih_tahun(tahun, renstra.tahun_awal, renstra.tahun_akhir)
        tujuan = list(
            TujuanRenstra.objects.filter(renstra=renstra)
            .prefetch_related(
                Prefetch(
                    "sasaran",
                    queryset=SasaranStrategis.objects.annotate(jumlah_iku=Count("iku")).order_by(
                        "kode"
                    ),
                )
            )
            .order_by("kode")
        )
        ikus = list(
            Iku.objects.filter(sasaran__tujuan__renstra=renstra)
            .select_related("sasaran")
            .prefetch_related(
                Prefetch(
                    "target",
                    queryset=TargetIku.objects.filter(
                        tahun__gte=renstra.tahun_awal, tahun__lte=renstra.tahun_akhir
                    ).order_by("tahun", "triwulan"),
                )
            )
            .order_by("kode")
        )
        realisasi = list(
            RealisasiIku.objects.filter(iku__sasaran__tujuan__renstra=renstra, tahun=tahun)
            .annotate(jumlah_bukti=Count("bukti", filter=Q(bukti__dihapus_pada__isnull=True)))
            .order_by("iku_id", "triwulan")
        )
    renstra_list = [
        RenstraTampil(r.pk, r.nama, r.tahun_awal, r.tahun_akhir, r.visi, r.misi, "") for r in semua
    ]
    # Public rows the OPD rows point to (no database reference: looked up, never followed).
    periode = PeriodeRpjmd.objects.filter(pk=renstra.periode_rpjmd_id).first()
    sasaran_ids = {s.sasaran_rpjmd_id for t in tujuan for s in t.sasaran.all()}
    rpjmd = SasaranRpjmd.objects.in_bulk(sasaran_ids) if sasaran_ids else {}
    ikd_ids = {i.ikd_id for i in ikus if i.ikd_id}
    ikd = IndikatorDaerah.objects.only("id", "kode", "nama").in_bulk(ikd_ids) if ikd_ids else {}

    tujuan_tampil = []
    for t in tujuan:
        sasaran = []
        for s in t.sasaran.all():
            row = rpjmd.get(s.sasaran_rpjmd_id)
            sasaran.append(
                SasaranTampil(
                    kode=s.kode,
                    uraian=s.uraian,
                    sasaran_rpjmd=(
                        f"{row.kode} {row.uraian}" if row else "tidak ditemukan di data Bappeda"
                    ),
                    selaras=row is not None,
                    jumlah_iku=s.jumlah_iku,  # type: ignore[attr-defined]
                )
            )
        tujuan_tampil.append(TujuanTampil(t.kode, t.uraian, sasaran))

    per_iku: dict[int, dict[int, RealisasiIku]] = defaultdict(dict)
    for r in realisasi:
        per_iku[r.iku_id][r.triwulan] = r
    iku_tampil = []
    for iku in ikus:
        targets = list(iku.target.all())
        per_tahun: dict[int, dict[int | None, TargetIku]] = defaultdict(dict)
        for t in targets:
            per_tahun[t.tahun][t.triwulan] = t
        target_rows = [
            TargetTahun(
                tahun=th,
                tahunan=_teks_target(per_tahun[th].get(None), iku.polaritas),
                triwulan=[_teks_target(per_tahun[th].get(q), iku.polaritas) for q in (1, 2, 3, 4)],
                terpilih=th == tahun,
            )
            for th in range(renstra.tahun_awal, renstra.tahun_akhir + 1)
        ]
        baris = per_iku.get(iku.pk, {})
        nilai: dict[int, Decimal | str | None] = {
            q: ((r.nilai_kualitatif or None) if iku.polaritas == Polaritas.KUALITATIF else r.nilai)
            for q, r in baris.items()
        }
        sel = []
        for q in (1, 2, 3, 4):
            r = baris.get(q)
            if r is None:
                sel.append(
                    SelRealisasi(q, None, "", "", 0, "", "", "", "", "", False, 0, 0, "", "", "")
                )
                continue
            h = capaian_iku(
                iku,
                tahun,
                {k: v for k, v in nilai.items() if k <= q},
                triwulan_berjalan=q,
                skala=skala.get(iku.skala_id) if iku.skala_id else None,
                bands=bands,
            )
            if iku.polaritas == Polaritas.KUALITATIF:
                target = h.target_kualitatif or ""
            else:
                target = teks_target(h.target, h.target_max, "", iku.polaritas)
            c = h.capaian
            sel.append(
                SelRealisasi(
                    triwulan=q,
                    id=r.pk,
                    nilai=_teks_nilai(r.nilai, r.nilai_kualitatif, iku.polaritas),
                    status=r.status,
                    revisi=r.revisi,
                    capaian="" if c.nilai is None else format_angka(c.nilai, 2),
                    predikat=h.predikat.label if h.predikat else "",
                    target=target,
                    acuan=h.acuan,
                    keterangan=c.formula if c.nilai is not None else (c.alasan or ""),
                    terlambat=r.terlambat,
                    jumlah_dikembalikan=r.jumlah_dikembalikan,
                    jumlah_bukti=r.jumlah_bukti,  # type: ignore[attr-defined]
                    diajukan_pada=format_tanggal(r.diajukan_pada) if r.diajukan_pada else "",
                    diverifikasi_pada=(
                        format_tanggal(r.diverifikasi_pada) if r.diverifikasi_pada else ""
                    ),
                    url=reverse("bappeda_verifikasi:item", args=[opd.schema_name, r.pk]),
                )
            )
        ikd_row = ikd.get(iku.ikd_id) if iku.ikd_id else None
        iku_tampil.append(
            IkuDrilldown(
                id=iku.pk,
                kode=iku.kode,
                nama=iku.nama,
                satuan=iku.satuan,
                polaritas=iku.get_polaritas_display(),
                tipe_perhitungan=iku.get_tipe_perhitungan_display(),
                sasaran_kode=iku.sasaran.kode,
                ikd=(
                    f"{ikd_row.kode} {ikd_row.nama}"
                    if ikd_row
                    else ("tidak ditemukan di data Bappeda" if iku.ikd_id else "")
                ),
                aktif=iku.aktif,
                target=target_rows,
                realisasi=sel,
            )
        )
    terpilih = next(r for r in renstra_list if r.id == renstra.pk)
    terpilih = RenstraTampil(
        terpilih.id,
        terpilih.nama,
        terpilih.tahun_awal,
        terpilih.tahun_akhir,
        terpilih.visi,
        terpilih.misi,
        periode.nama if periode else "tidak ditemukan di data Bappeda",
    )
    return Drilldown(
        opd=opd,
        renstra_list=renstra_list,
        renstra=terpilih,
        tahun=tahun,
        tujuan=tujuan_tampil,
        iku=iku_tampil,
    )
