"""Read side of the public pages: what the portal and the OPD sites show.

**Only verified data is ever public.** On OPD sites the realisasi rows are read once
(:func:`_laporan`) and every row that is not *diverifikasi* loses its value right there, before
anything else sees it. A yearly figure (and any capaian "s.d. TWk") uses the unbroken run of
quarters from TW1 up to the first reported quarter that is not verified (a quarter never
reported is skipped): :func:`kinerja.engine.terverifikasi.triwulan_terverifikasi` with
``lewati_kosong``, as the IKD rollup, the API and the reports do. A kumulatif sum with an
unverified hole would misstate the year. The portal reads the province's IKD (typed by
Bappeda or rolled up from verified IKU) and, for the OPD directory, only verified rollup
snapshots under the same rule.

Pages on an OPD domain read that OPD's own schema only (the connection's ``search_path``), so
they cannot show another OPD's data; the rollup tables, which hold every OPD, are read on the
portal only.

Numbers are formatted the Indonesian way (``format_angka``); chart data carries the same
values as plain numbers so the chart and its table agree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Max, Q
from django.utils import timezone

from kinerja.choices import AspekIkd, Polaritas
from kinerja.engine import (
    PredikatBand,
    SkalaKualitatif,
    bulatkan,
    format_angka,
    tentukan_predikat,
)
from kinerja.engine.jadwal import label_periode
from kinerja.engine.terverifikasi import nilai_terverifikasi, triwulan_terverifikasi

__all__ = [
    "Baris",
    "Grafik",
    "Predikat",
    "bukti_publik",
    "daftar_iku",
    "direktori_opd",
    "ikd_aspek",
    "ikd_utama",
    "iku_detail",
    "navigasi",
    "profil_opd",
    "rapor_opd",
    "ringkasan_terverifikasi_opd",
    "url_daftar_iku",
]

STATUS_TERVERIFIKASI = "diverifikasi"
# Snapshot/realisasi states whose value is not public and breaks the run of later quarters.
STATUS_BELUM_TERVERIFIKASI = ("draft", "diajukan", "disetujui")
BELUM_ADA_DATA = "Belum ada data terverifikasi"
WARNA_CADANGAN = "#5b6570"
_WARNA_HEX = re.compile(r"^#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?$")

Nilai = Decimal | str | None


# --- shared pieces ----------------------------------------------------------------------------


def angka(nilai: Decimal | None) -> str:
    """A value as entered ("1.234,5"), "" for none."""
    return "" if nilai is None else format_angka(nilai, None)


def persen(nilai: Decimal | None) -> str:
    """A capaian with two decimals ("98,76"), "" for none."""
    return "" if nilai is None else format_angka(nilai, 2)


def _angka_json(nilai: Decimal | None) -> float | None:
    return None if nilai is None else float(nilai)


@dataclass(frozen=True)
class Predikat:
    """A predikat as shown: the band's code and label and the scheme's colour (the colour is
    decoration only; the label is always printed)."""

    kode: str
    label: str
    warna: str


def _skema() -> tuple[tuple[PredikatBand, ...], dict[str, str]]:
    """Bands of the active scheme (highest first) and their colours by code."""
    from kinerja.daerah.models import PredikatBand as BandModel
    from kinerja.daerah.selectors import skema_predikat_aktif

    bands = skema_predikat_aktif()
    warna = dict(
        BandModel.objects.filter(skema__aktif=True).values_list("kode", "warna").order_by()
    )
    return tuple(bands), warna


def _predikat(band: PredikatBand | None, warna: Mapping[str, str]) -> Predikat | None:
    if band is None:
        return None
    w = warna.get(band.kode, "")
    # The colour goes into a style attribute: only a plain hex colour, whatever was stored.
    return Predikat(band.kode, band.label, w if _WARNA_HEX.match(w) else WARNA_CADANGAN)


def _predikat_nilai(
    nilai: Decimal | None, bands: Sequence[PredikatBand], warna: Mapping[str, str]
) -> Predikat | None:
    """Predikat of an already computed number (a mean), graded at the displayed precision."""
    if nilai is None:
        return None
    return _predikat(tentukan_predikat(max(bulatkan(nilai, 2), Decimal(0)), bands), warna)


@dataclass(frozen=True)
class Baris:
    """One row of a chart's table (a year or a triwulan)."""

    label: str
    target: Decimal | None = None
    target_max: Decimal | None = None
    target_teks: str = ""
    realisasi: Decimal | None = None
    realisasi_teks: str = ""
    capaian: Decimal | None = None
    predikat: Predikat | None = None
    keterangan: str = ""

    @property
    def capaian_teks(self) -> str:
        return persen(self.capaian)


@dataclass(frozen=True)
class Grafik:
    """A target vs realisasi chart and the table it is drawn from (the table is the accessible
    alternative, and what is left when Chart.js is not installed)."""

    id: str
    judul: str
    satuan: str
    sumbu: str  # "tahun" or "triwulan"
    baris: tuple[Baris, ...]
    kualitatif: bool = False
    jenis: str = "line"
    caption: str = ""

    @property
    def kolom(self) -> str:
        return self.sumbu.capitalize()

    @property
    def data_id(self) -> str:
        return f"{self.id}-data"

    @property
    def rentang(self) -> bool:
        return any(b.target_max is not None for b in self.baris)

    @property
    def dapat_digambar(self) -> bool:
        """Numbers to draw (a qualitative indicator has labels only: table without chart)."""
        return not self.kualitatif and any(
            b.target is not None or b.realisasi is not None for b in self.baris
        )

    @property
    def aria_label(self) -> str:
        return (
            f"Grafik target dan realisasi {self.judul} per {self.sumbu}"
            f"{f' ({self.satuan})' if self.satuan else ''}. "
            "Angka lengkapnya ada pada tabel sesudah grafik ini."
        )

    def data(self) -> dict[str, Any]:
        """JSON for the chart script: the same numbers as the table."""
        nama_target = "Target (batas bawah)" if self.rentang else "Target"
        seri = [
            {
                "kunci": "target",
                "nama": nama_target,
                "data": [_angka_json(b.target) for b in self.baris],
            }
        ]
        if self.rentang:
            seri.append(
                {
                    "kunci": "target_max",
                    "nama": "Target (batas atas)",
                    "data": [_angka_json(b.target_max) for b in self.baris],
                }
            )
        seri.append(
            {
                "kunci": "realisasi",
                "nama": "Realisasi",
                "data": [_angka_json(b.realisasi) for b in self.baris],
            }
        )
        return {
            "jenis": self.jenis,
            "judul": self.judul,
            "satuan": self.satuan,
            "label": [b.label for b in self.baris],
            "seri": seri,
        }


# --- navigation -------------------------------------------------------------------------------


def navigasi(page: Any) -> list[dict[str, Any]]:
    """Links of the site's main navigation: its home, then the home's live, public children
    marked "show in menus" (the portal's aspect pages, directory and reports; an OPD's IKU
    list and reports). Only the current site's pages: each schema has one site."""
    site = page.get_site()
    if site is None:
        return []
    home = site.root_page
    tautan = [{"judul": "Beranda", "url": home.url, "aktif": page.pk == home.pk}]
    for child in home.get_children().live().public().in_menu().order_by("path"):
        aktif = page.path.startswith(child.path)
        tautan.append({"judul": child.title, "url": child.url, "aktif": aktif})
    return tautan


# --- province portal: IKD ---------------------------------------------------------------------


def _tahun_realisasi_terakhir(periode: Any) -> int | None:
    """The latest year with any IKD realisasi (a number or a label) in ``periode``."""
    from kinerja.daerah.models import RealisasiDaerah

    return (
        RealisasiDaerah.objects.filter(indikator__periode=periode, indikator__is_ikd=True)
        .filter(Q(nilai__isnull=False) | ~Q(nilai_kualitatif=""))
        .aggregate(t=Max("tahun"))["t"]
    )


def _baris_ikd(row: Any, warna: Mapping[str, str]) -> Baris:
    """One year of an IKD (a row of ``ikd_list_with_capaian``)."""
    kualitatif = row.indikator.polaritas == Polaritas.KUALITATIF
    target, realisasi = row.target, row.realisasi
    keterangan = ""
    if row.capaian.nilai is None and realisasi is not None and row.realisasi_tampil:
        keterangan = row.capaian.alasan or ""
    return Baris(
        label=str(row.tahun),
        target=None if kualitatif or target is None else target.nilai,
        target_max=(
            target.nilai_max
            if target is not None and row.indikator.polaritas == Polaritas.RENTANG
            else None
        ),
        target_teks=row.target_tampil,
        realisasi=None if kualitatif or realisasi is None else realisasi.nilai,
        realisasi_teks=row.realisasi_tampil,
        capaian=row.capaian.nilai,
        predikat=_predikat(row.predikat, warna),
        keterangan=keterangan,
    )


@dataclass(frozen=True)
class IkdSeri:
    indikator: Any
    grafik: Grafik
    terakhir: Baris | None  # the latest year with a realisasi

    @property
    def anchor(self) -> str:
        return f"ikd-{self.indikator.pk}"


@dataclass(frozen=True)
class IkdAspek:
    aspek: str
    label: str
    periode: Any
    seri: list[IkdSeri]


def ikd_aspek(aspek: str) -> IkdAspek:
    """Every IKD of one aspect of the active RPJMD: target, realisasi, capaian and predikat
    per year of the periode (one ``ikd_list_with_capaian`` per year: a constant number of
    queries whatever the number of IKD)."""
    from kinerja.daerah.selectors import ikd_list_with_capaian, periode_aktif

    label = dict(AspekIkd.choices).get(aspek, aspek)
    periode = periode_aktif()
    if periode is None:
        return IkdAspek(aspek, label, None, [])
    _, warna = _skema()
    per_ikd: dict[int, list[Any]] = defaultdict(list)
    urutan: list[Any] = []
    for tahun in periode.tahun_list:
        for row in ikd_list_with_capaian(periode, tahun, aspek):
            if row.indikator.pk not in per_ikd:
                urutan.append(row.indikator)
            per_ikd[row.indikator.pk].append(row)
    seri = []
    for ind in urutan:
        baris = tuple(_baris_ikd(r, warna) for r in per_ikd[ind.pk])
        terakhir = next((b for b in reversed(baris) if b.realisasi_teks), None)
        seri.append(
            IkdSeri(
                indikator=ind,
                grafik=Grafik(
                    id=f"grafik-ikd-{ind.pk}",
                    judul=f"{ind.kode} {ind.nama}",
                    satuan=ind.satuan,
                    sumbu="tahun",
                    baris=baris,
                    kualitatif=ind.polaritas == Polaritas.KUALITATIF,
                    caption=f"Target dan realisasi {ind.kode} per tahun",
                ),
                terakhir=terakhir,
            )
        )
    return IkdAspek(aspek, label, periode, seri)


@dataclass(frozen=True)
class IkdKartu:
    """A headline IKD on the portal home."""

    indikator: Any
    tahun: int
    target_teks: str
    realisasi_teks: str
    capaian_teks: str
    predikat: Predikat | None
    url: str | None


@dataclass(frozen=True)
class IkdUtama:
    tahun: int | None
    kartu: list[IkdKartu]


def ikd_utama(home: Any) -> IkdUtama:
    """Headline IKD of the portal home for the latest year with IKD realisasi: the IKD Bappeda
    chose on the home page (in its order), or else the first ``jumlah_ikd_utama`` IKD that
    have a capaian that year. Each links to its aspect page."""
    from kinerja.daerah.selectors import ikd_list_with_capaian, periode_aktif
    from kinerja.pages.models import IkdAspekPage

    periode = periode_aktif()
    tahun = _tahun_realisasi_terakhir(periode) if periode is not None else None
    if periode is None or tahun is None:
        return IkdUtama(None, [])
    rows = ikd_list_with_capaian(periode, tahun)
    pilihan = [p.indikator_id for p in home.ikd_utama.all()]
    if pilihan:
        per_id = {r.indikator.pk: r for r in rows}
        terpilih = [per_id[i] for i in pilihan if i in per_id]
    else:
        terpilih = [r for r in rows if r.capaian.nilai is not None][: home.jumlah_ikd_utama]
    halaman = {p.aspek: p for p in IkdAspekPage.objects.live().public()}
    _, warna = _skema()
    kartu = []
    for r in terpilih:
        page = halaman.get(r.indikator.aspek)
        kartu.append(
            IkdKartu(
                indikator=r.indikator,
                tahun=tahun,
                target_teks=r.target_tampil,
                realisasi_teks=r.realisasi_tampil,
                capaian_teks=r.capaian_tampil,
                predikat=_predikat(r.predikat, warna),
                url=f"{page.url}#ikd-{r.indikator.pk}" if page is not None else None,
            )
        )
    return IkdUtama(tahun, kartu)


# --- province portal: OPD directory (verified rollup snapshots) -------------------------------


@dataclass(frozen=True)
class RingkasanTerverifikasi:
    """An OPD's latest verified period: how many IKU were verified, their mean capaian."""

    tahun: int
    triwulan: int
    jumlah_iku: int
    jumlah_capaian: int
    rata_rata: Decimal | None
    predikat: Predikat | None

    @property
    def periode(self) -> str:
        return label_periode(self.tahun, self.triwulan)

    @property
    def rata_rata_teks(self) -> str:
        return persen(self.rata_rata)


def _rata_rata(nilai: Sequence[Decimal]) -> Decimal | None:
    return sum(nilai, Decimal(0)) / len(nilai) if nilai else None


def ringkasan_terverifikasi_opd() -> dict[str, RingkasanTerverifikasi]:
    """Per OPD schema: the mean capaian over its verified snapshots of the latest year and
    triwulan that has any. A snapshot counts when it is verified and no earlier triwulan of
    the same IKU-year is reported but unverified (its capaian s.d. the triwulan would carry
    that unverified value). Active OPDs and active IKU only; one query."""
    from kinerja.rollup.models import SnapshotIku, StatusSnapshot

    rows = (
        SnapshotIku.objects.filter(aktif=True, opd__aktif=True)
        .exclude(status=StatusSnapshot.BELUM_DIISI)
        .values_list("opd__schema_name", "iku_id", "tahun", "triwulan", "status", "capaian")
        .order_by("opd_id", "iku_id", "tahun", "triwulan")
    )
    per_iku_tahun: dict[tuple[str, int, int], dict[int, tuple[str, Decimal | None]]] = defaultdict(
        dict
    )
    for schema, iku_id, tahun, triwulan, status, capaian in rows:
        per_iku_tahun[(schema, iku_id, tahun)][triwulan] = (status, capaian)
    layak: dict[str, dict[tuple[int, int], list[Decimal | None]]] = defaultdict(
        lambda: defaultdict(list)
    )
    # Snapshots "belum diisi" were left out above: a quarter never reported is skipped.
    for (schema, _, tahun), per_tw in per_iku_tahun.items():
        for triwulan, capaian in nilai_terverifikasi(per_tw, lewati_kosong=True).items():
            layak[schema][(tahun, triwulan)].append(capaian)
    bands, warna = _skema()
    hasil = {}
    for schema, per_periode in layak.items():
        tahun, triwulan = max(per_periode)
        capaian = [c for c in per_periode[(tahun, triwulan)] if c is not None]
        rata = _rata_rata(capaian)
        hasil[schema] = RingkasanTerverifikasi(
            tahun=tahun,
            triwulan=triwulan,
            jumlah_iku=len(per_periode[(tahun, triwulan)]),
            jumlah_capaian=len(capaian),
            rata_rata=rata,
            predikat=_predikat_nilai(rata, bands, warna),
        )
    return hasil


def direktori_opd(request: Any) -> list[dict[str, Any]]:
    """The portal's OPD list (``tenants.selectors.opd_directory``: name, jenis, link to the
    OPD's site on its primary domain) with each OPD's latest verified summary (None when it
    has no verified data yet)."""
    from tenants.selectors import opd_directory

    ringkasan = ringkasan_terverifikasi_opd()
    return [{**row, "ringkasan": ringkasan.get(row["schema"])} for row in opd_directory(request)]


# --- OPD site: realisasi as far as the public may know it -------------------------------------


def _skema_opd_aktif() -> bool:
    from kinerja.opd.tenancy import skema_opd_aktif

    return skema_opd_aktif()


@dataclass(frozen=True)
class Laporan:
    """One realisasi row as the public may see it: a value only when verified."""

    terverifikasi: bool
    nilai: Decimal | None = None
    label: str = ""


LaporanIku = dict[int, dict[int, dict[int, Laporan]]]  # iku_id → tahun → triwulan → Laporan


def _laporan(iku_ids: Iterable[int]) -> LaporanIku:
    """The realisasi of these IKU; values of rows that are not verified are dropped here, so
    nothing downstream can show them. One query."""
    from kinerja.opd.models import RealisasiIku

    hasil: LaporanIku = defaultdict(lambda: defaultdict(dict))
    rows = RealisasiIku.objects.filter(iku_id__in=list(iku_ids)).values_list(
        "iku_id", "tahun", "triwulan", "status", "nilai", "nilai_kualitatif"
    )
    for iku_id, tahun, triwulan, status, nilai, label in rows:
        if status == STATUS_TERVERIFIKASI:
            hasil[iku_id][tahun][triwulan] = Laporan(True, nilai, (label or "").strip())
        else:
            hasil[iku_id][tahun][triwulan] = Laporan(False)
    return hasil


def _jalur(iku: Any, per_tw: Mapping[int, Laporan]) -> tuple[dict[int, Nilai], int]:
    """The public quarters of one IKU-year: TW1, TW2, … up to the first reported quarter that
    is not verified (a quarter never reported is simply empty), and the last verified quarter
    of that run (0: none)."""
    kualitatif = iku.polaritas == Polaritas.KUALITATIF
    dihitung = triwulan_terverifikasi(
        {q: row.terverifikasi for q, row in per_tw.items()}, lewati_kosong=True
    )
    k = dihitung[-1] if dihitung else 0
    nilai: dict[int, Nilai] = {}
    for q in range(1, k + 1):
        row = per_tw.get(q)
        if q not in dihitung or row is None:
            nilai[q] = None  # never reported: empty
        else:
            nilai[q] = (row.label or None) if kualitatif else row.nilai
    return nilai, k


def _skala(ikus: Iterable[Any]) -> dict[int, SkalaKualitatif]:
    """Engine scales of the qualitative IKU, read once (public rows)."""
    from kinerja.daerah.models import SkalaKualitatif as SkalaModel

    ids = {i.skala_id for i in ikus if i.skala_id and i.polaritas == Polaritas.KUALITATIF}
    if not ids:
        return {}
    hasil = {}
    for s in SkalaModel.objects.filter(pk__in=ids).prefetch_related("tingkat"):
        tingkat = sorted(s.tingkat.all(), key=lambda t: -t.skor)
        if tingkat:
            hasil[s.pk] = SkalaKualitatif(
                nama=s.nama, tingkat=tuple((t.label, t.skor) for t in tingkat)
            )
    return hasil


@dataclass(frozen=True)
class CapaianPublik:
    """The capaian of an IKU from verified quarters only: year, up to which triwulan, the
    engine's result (value, formula, reason) and the texts shown."""

    tahun: int
    sampai_triwulan: int
    hasil: Any  # kinerja.opd.selectors.CapaianIku
    predikat: Predikat | None
    target_teks: str
    realisasi_teks: str

    @property
    def capaian(self) -> Decimal | None:
        return self.hasil.capaian.nilai

    @property
    def capaian_teks(self) -> str:
        return persen(self.capaian)

    @property
    def periode(self) -> str:
        if self.sampai_triwulan >= 4:
            return f"Tahun {self.tahun}"
        return f"s.d. {label_periode(self.tahun, self.sampai_triwulan)}"

    @property
    def label_target(self) -> str:
        return "Target" if self.sampai_triwulan >= 4 else f"Target s.d. TW{self.sampai_triwulan}"

    @property
    def label_realisasi(self) -> str:
        if self.sampai_triwulan >= 4:
            return "Realisasi"
        return f"Realisasi s.d. TW{self.sampai_triwulan}"

    @property
    def formula(self) -> str:
        return str(self.hasil.capaian.formula)

    @property
    def formula_realisasi(self) -> str:
        r = self.hasil.realisasi
        return "" if r is None else str(r.formula)


def _teks_target(iku: Any, nilai: Decimal | None, nilai_max: Decimal | None, label: str) -> str:
    from kinerja.opd.selectors import teks_target

    return teks_target(nilai, nilai_max, label or "", iku.polaritas)


def _capaian(
    iku: Any,
    tahun: int,
    nilai: Mapping[int, Nilai],
    sampai: int,
    skala: Mapping[int, SkalaKualitatif],
    bands: Sequence[PredikatBand],
    warna: Mapping[str, str],
) -> CapaianPublik:
    """Capaian s.d. TW``sampai`` from the given (verified) quarter values."""
    from kinerja.opd.selectors import capaian_iku

    h = capaian_iku(
        iku,
        tahun,
        {q: v for q, v in nilai.items() if q <= sampai},
        triwulan_berjalan=None if sampai >= 4 else sampai,
        skala=skala.get(iku.skala_id) if iku.skala_id else None,
        bands=bands,
    )
    if iku.polaritas == Polaritas.KUALITATIF:
        target_teks = h.target_kualitatif or ""
        realisasi_teks = h.realisasi_kualitatif or ""
    else:
        target_teks = _teks_target(iku, h.target, h.target_max, "")
        realisasi_teks = angka(h.realisasi.nilai if h.realisasi is not None else None)
    return CapaianPublik(
        tahun=tahun,
        sampai_triwulan=sampai,
        hasil=h,
        predikat=_predikat(h.predikat, warna),
        target_teks=target_teks,
        realisasi_teks=realisasi_teks,
    )


def _terkini(
    iku: Any,
    laporan: Mapping[int, Mapping[int, Laporan]],
    skala: Mapping[int, SkalaKualitatif],
    bands: Sequence[PredikatBand],
    warna: Mapping[str, str],
) -> CapaianPublik | None:
    """The latest verified capaian of an IKU: the latest year whose run has a verified
    quarter, s.d. the last one of that run."""
    for tahun in sorted(laporan, reverse=True):
        nilai, k = _jalur(iku, laporan[tahun])
        if k:
            return _capaian(iku, tahun, nilai, k, skala, bands, warna)
    return None


def _iku_qs() -> Any:
    from kinerja.opd.models import Iku

    return Iku.objects.select_related("sasaran__tujuan__renstra").prefetch_related("target")


def url_daftar_iku() -> str | None:
    """URL of this OPD's live IKU list page (None before the first IKU created it)."""
    from kinerja.pages.models import IkuIndexPage

    if not _skema_opd_aktif():
        return None
    page = IkuIndexPage.objects.live().public().first()
    return page.url if page is not None else None


def _halaman_iku(iku_ids: Iterable[int]) -> dict[int, Any]:
    from kinerja.pages.models import IkuPage

    return {p.iku_id: p for p in IkuPage.objects.live().public().filter(iku_id__in=list(iku_ids))}


# --- OPD site: home ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfilOpd:
    renstra: Any
    visi: str
    misi: list[str]  # lines of the Renstra's misi; empty: the page's own misi (rich text)


def profil_opd(home: Any) -> ProfilOpd:
    """Visi and misi of the Renstra in force this year (else the latest one), falling back to
    what the editors typed on the home page."""
    if not _skema_opd_aktif():
        return ProfilOpd(None, home.visi, [])
    from kinerja.opd.selectors import renstra_terkini, renstra_untuk_tahun

    renstra = renstra_untuk_tahun(timezone.localdate().year) or renstra_terkini()
    if renstra is None:
        return ProfilOpd(None, home.visi, [])
    misi = [baris.strip() for baris in renstra.misi.splitlines() if baris.strip()]
    return ProfilOpd(renstra, renstra.visi.strip() or home.visi, misi)


@dataclass(frozen=True)
class Rapor:
    """The OPD's scorecard for its latest verified triwulan."""

    jumlah_iku: int
    tahun: int | None = None
    triwulan: int | None = None
    jumlah_terverifikasi: int = 0
    jumlah_capaian: int = 0
    rata_rata: Decimal | None = None
    predikat: Predikat | None = None
    sebaran: list[tuple[Predikat, int]] = field(default_factory=list)

    @property
    def ada_data(self) -> bool:
        return self.tahun is not None

    @property
    def periode(self) -> str:
        if self.tahun is None or self.triwulan is None:
            return ""
        return label_periode(self.tahun, self.triwulan)

    @property
    def persen_terverifikasi(self) -> Decimal | None:
        if not self.jumlah_iku:
            return None
        return Decimal(self.jumlah_terverifikasi) * 100 / self.jumlah_iku

    @property
    def persen_terverifikasi_teks(self) -> str:
        return persen(self.persen_terverifikasi)

    @property
    def rata_rata_teks(self) -> str:
        return persen(self.rata_rata)


def rapor_opd() -> Rapor:
    """Scorecard of this OPD: its active IKU, and for the latest year and triwulan with a
    verified realisasi the share of IKU verified, the mean capaian (s.d. that triwulan) of
    those and their predikat distribution (bands of the active scheme, highest first). Empty
    on the public schema. A constant number of queries."""
    if not _skema_opd_aktif():
        return Rapor(0)
    ikus = list(_iku_qs().filter(aktif=True))
    laporan = _laporan(i.pk for i in ikus)
    periode = [
        (th, tw)
        for per_tahun in laporan.values()
        for th, per_tw in per_tahun.items()
        for tw, row in per_tw.items()
        if row.terverifikasi
    ]
    if not periode:
        return Rapor(len(ikus))
    tahun, triwulan = max(periode)
    bands, warna = _skema()
    skala = _skala(ikus)
    terverifikasi = 0
    capaian: list[Decimal] = []
    hitung: dict[str, int] = defaultdict(int)
    for iku in ikus:
        per_tw = laporan.get(iku.pk, {}).get(tahun, {})
        row = per_tw.get(triwulan)
        if row is None or not row.terverifikasi:
            continue
        terverifikasi += 1
        nilai, k = _jalur(iku, per_tw)
        if k < triwulan:
            continue  # an earlier quarter of the year is not verified: no public capaian
        c = _capaian(iku, tahun, nilai, triwulan, skala, bands, warna)
        if c.capaian is not None:
            capaian.append(c.capaian)
        if c.predikat is not None:
            hitung[c.predikat.kode] += 1
    rata = _rata_rata(capaian)
    sebaran = [(p, hitung.get(b.kode, 0)) for b in bands if (p := _predikat(b, warna))]
    return Rapor(
        jumlah_iku=len(ikus),
        tahun=tahun,
        triwulan=triwulan,
        jumlah_terverifikasi=terverifikasi,
        jumlah_capaian=len(capaian),
        rata_rata=rata,
        predikat=_predikat_nilai(rata, bands, warna),
        sebaran=sebaran,
    )


# --- OPD site: IKU list -----------------------------------------------------------------------


@dataclass(frozen=True)
class IkuRingkas:
    iku: Any
    url: str | None
    terkini: CapaianPublik | None


@dataclass(frozen=True)
class KelompokSasaran:
    sasaran: Any
    iku: list[IkuRingkas]


def daftar_iku() -> list[KelompokSasaran]:
    """Active IKU of this OPD grouped by sasaran strategis (by kode), each with its latest
    verified capaian and the URL of its live page. A constant number of queries."""
    if not _skema_opd_aktif():
        return []
    ikus = list(_iku_qs().filter(aktif=True).order_by("sasaran__kode", "kode"))
    laporan = _laporan(i.pk for i in ikus)
    halaman = _halaman_iku(i.pk for i in ikus)
    bands, warna = _skema()
    skala = _skala(ikus)
    kelompok: dict[int, KelompokSasaran] = {}
    for iku in ikus:
        grup = kelompok.setdefault(iku.sasaran_id, KelompokSasaran(iku.sasaran, []))
        page = halaman.get(iku.pk)
        grup.iku.append(
            IkuRingkas(
                iku=iku,
                url=page.url if page is not None else None,
                terkini=_terkini(iku, laporan.get(iku.pk, {}), skala, bands, warna),
            )
        )
    return list(kelompok.values())


# --- OPD site: one IKU ------------------------------------------------------------------------


@dataclass(frozen=True)
class BuktiPublikItem:
    id: Any
    nama_berkas: str
    jenis: str
    ukuran: int
    keterangan: str
    periode: str

    @property
    def ukuran_teks(self) -> str:
        if self.ukuran < 1024:
            return f"{self.ukuran} bita"
        if self.ukuran >= 1024 * 1024:
            return f"{format_angka(Decimal(self.ukuran) / (1024 * 1024), 1)} MB"
        return f"{format_angka(Decimal(self.ukuran) / 1024, 0)} KB"


@dataclass(frozen=True)
class IkuDetail:
    iku: Any
    kualitatif: bool
    tahun_list: list[int]
    tahun: int
    terkini: CapaianPublik | None
    grafik_tahunan: Grafik
    grafik_triwulan: Grafik
    bukti: list[BuktiPublikItem]


def _bukti_publik_qs() -> Any:
    from kinerja.opd.models import BuktiDukung

    return BuktiDukung.objects.filter(
        publikasi=True,
        dihapus_pada__isnull=True,
        realisasi__status=STATUS_TERVERIFIKASI,
        realisasi__iku__aktif=True,
    )


def bukti_publik(bukti_id: Any) -> Any:
    """An evidence file anyone may download, or None: the OPD chose to publish it, it is not
    deleted, its realisasi is verified and its IKU active. Ids of other schemas do not exist
    here."""
    if not _skema_opd_aktif():
        return None
    return _bukti_publik_qs().filter(pk=bukti_id).first()


def _baris_tahunan(
    iku: Any,
    tahun: int,
    per_tw: Mapping[int, Laporan],
    skala: Mapping[int, SkalaKualitatif],
    bands: Sequence[PredikatBand],
    warna: Mapping[str, str],
) -> Baris:
    """One year of an IKU: its yearly target (the Renstra's figure, so the target line of the
    chart is the plan), the realisasi of the verified run (s.d. its last quarter while the
    year is incomplete) and the capaian measured against the target of that same span (named
    in ``keterangan``)."""
    targets = [t for t in iku.target.all() if t.tahun == tahun]
    tahunan = next((t for t in targets if t.triwulan is None), None)
    rentang = iku.polaritas == Polaritas.RENTANG
    kualitatif = iku.polaritas == Polaritas.KUALITATIF
    baris = Baris(
        label=str(tahun),
        target=None if kualitatif or tahunan is None else tahunan.nilai,
        target_max=tahunan.nilai_max if tahunan is not None and rentang else None,
        target_teks=(
            ""
            if tahunan is None
            else _teks_target(iku, tahunan.nilai, tahunan.nilai_max, tahunan.nilai_kualitatif)
        ),
        keterangan=BELUM_ADA_DATA,
    )
    nilai, k = _jalur(iku, per_tw)
    if not k:
        return baris
    c = _capaian(iku, tahun, nilai, k, skala, bands, warna)
    h = c.hasil
    if k < 4:
        keterangan = f"Realisasi s.d. TW{k}; capaian terhadap {h.acuan}"
        if c.target_teks:
            keterangan += f" ({c.target_teks})"
    else:
        keterangan = f"Capaian terhadap {h.acuan}"
    if c.capaian is None and h.capaian.alasan:
        keterangan += f"; {h.capaian.alasan}"
    if tahunan is None and k >= 4:
        # No yearly target: the year was measured against its quarterly targets; show those.
        baris = replace(
            baris,
            target=None if kualitatif else h.target,
            target_max=h.target_max if rentang else None,
            target_teks=c.target_teks,
        )
    return replace(
        baris,
        realisasi=None if kualitatif or h.realisasi is None else h.realisasi.nilai,
        realisasi_teks=c.realisasi_teks,
        capaian=c.capaian,
        predikat=c.predikat,
        keterangan=keterangan,
    )


def _baris_triwulan(
    iku: Any,
    tahun: int,
    per_tw: Mapping[int, Laporan],
    skala: Mapping[int, SkalaKualitatif],
    bands: Sequence[PredikatBand],
    warna: Mapping[str, str],
) -> list[Baris]:
    targets = {t.triwulan: t for t in iku.target.all() if t.tahun == tahun and t.triwulan}
    nilai, k = _jalur(iku, per_tw)
    kualitatif = iku.polaritas == Polaritas.KUALITATIF
    hasil = []
    for q in (1, 2, 3, 4):
        t = targets.get(q)
        target_teks = (
            "" if t is None else _teks_target(iku, t.nilai, t.nilai_max, t.nilai_kualitatif)
        )
        baris = Baris(
            label=f"TW {('I', 'II', 'III', 'IV')[q - 1]}",
            target=None if kualitatif or t is None else t.nilai,
            target_max=t.nilai_max
            if t is not None and iku.polaritas == Polaritas.RENTANG
            else None,
            target_teks=target_teks,
            keterangan=BELUM_ADA_DATA,
        )
        row = per_tw.get(q)
        if q <= k and row is not None and row.terverifikasi:
            c = _capaian(iku, tahun, nilai, q, skala, bands, warna)
            v = nilai.get(q)
            realisasi = v if isinstance(v, Decimal) else None
            baris = Baris(
                label=baris.label,
                target=baris.target,
                target_max=baris.target_max,
                target_teks=target_teks,
                realisasi=None if kualitatif else realisasi,
                realisasi_teks=str(v or "") if kualitatif else angka(realisasi),
                capaian=c.capaian,
                predikat=c.predikat,
                keterangan=f"Capaian s.d. TW{q} (acuan: {c.hasil.acuan})",
            )
        hasil.append(baris)
    return hasil


def _tahun_pilihan(tahun_list: list[int], diminta: Any, bawaan: int) -> int:
    try:
        tahun = int(str(diminta))
    except (TypeError, ValueError):
        return bawaan
    return tahun if tahun in tahun_list else bawaan


def iku_detail(iku_id: int, *, tahun: Any = None) -> IkuDetail | None:
    """Everything an IKU page shows, from verified realisasi only: the yearly chart over the
    Renstra years, the quarterly chart of one year (``tahun`` when it is one of them, else the
    year of the latest verified capaian), the latest capaian with its formula and predikat,
    and the evidence files the OPD published. None when the IKU does not exist here or is
    inactive (its page answers 404)."""
    if not _skema_opd_aktif():
        return None
    iku = _iku_qs().filter(pk=iku_id, aktif=True).first()
    if iku is None:
        return None
    laporan = _laporan([iku.pk]).get(iku.pk, {})
    renstra = iku.sasaran.tujuan.renstra
    tahun_list = sorted(
        set(renstra.tahun_list)
        | {th for th, per_tw in laporan.items() if any(r.terverifikasi for r in per_tw.values())}
    )
    bands, warna = _skema()
    skala = _skala([iku])
    terkini = _terkini(iku, laporan, skala, bands, warna)
    sekarang = timezone.localdate().year
    bawaan = terkini.tahun if terkini else min(max(sekarang, tahun_list[0]), tahun_list[-1])
    dipilih = _tahun_pilihan(tahun_list, tahun, bawaan)
    kualitatif = iku.polaritas == Polaritas.KUALITATIF
    judul = f"{iku.kode} {iku.nama}"
    tahunan = tuple(
        _baris_tahunan(iku, th, laporan.get(th, {}), skala, bands, warna) for th in tahun_list
    )
    triwulan = tuple(_baris_triwulan(iku, dipilih, laporan.get(dipilih, {}), skala, bands, warna))
    bukti = [
        BuktiPublikItem(
            id=b.pk,
            nama_berkas=b.nama_berkas,
            jenis=b.jenis,
            ukuran=b.ukuran,
            keterangan=b.keterangan,
            periode=label_periode(b.realisasi.tahun, b.realisasi.triwulan),
        )
        for b in _bukti_publik_qs()
        .filter(realisasi__iku=iku)
        .select_related("realisasi")
        .order_by("-realisasi__tahun", "-realisasi__triwulan", "diunggah_pada")
    ]
    return IkuDetail(
        iku=iku,
        kualitatif=kualitatif,
        tahun_list=tahun_list,
        tahun=dipilih,
        terkini=terkini,
        grafik_tahunan=Grafik(
            id="grafik-iku-tahunan",
            judul=judul,
            satuan=iku.satuan,
            sumbu="tahun",
            baris=tahunan,
            kualitatif=kualitatif,
            caption=f"Target dan realisasi {iku.kode} per tahun",
        ),
        grafik_triwulan=Grafik(
            id="grafik-iku-triwulan",
            judul=f"{judul} tahun {dipilih}",
            satuan=iku.satuan,
            sumbu="triwulan",
            baris=triwulan,
            kualitatif=kualitatif,
            jenis="bar",
            caption=f"Target dan realisasi {iku.kode} per triwulan tahun {dipilih}",
        ),
        bukti=bukti,
    )
