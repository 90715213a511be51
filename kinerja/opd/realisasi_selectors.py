"""Read side of the quarterly reporting workflow (OPD schemas only).

Shared by the reporting screens: the triwulan grid and its Excel upload (section "Grid
triwulan" below) and the item detail page (its functions are added in their own section).
Every list is read in a constant number of queries, public rows (scales, predikat bands, the
reporting schedule) fetched once, and capaian is computed by the same engine the reports use
(:func:`kinerja.opd.selectors.capaian_iku`), so the live preview, the grid and the reports
never disagree.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from kinerja.choices import Polaritas
from kinerja.daerah.models import JadwalPelaporan, SkalaKualitatif
from kinerja.daerah.selectors import skema_predikat_aktif
from kinerja.engine import PredikatBand, bulatkan, format_angka
from kinerja.engine import SkalaKualitatif as EngineSkala
from kinerja.engine.alur import LABEL_STATUS, Aksi, Peran, Status, aksi_tersedia, dapat_diubah
from kinerja.engine.jadwal import (
    WITA,
    Jendela,
    StatusJendela,
    boleh_lapor,
    label_periode,
    pesan_jendela,
    status_jendela,
)
from kinerja.opd.models import Iku, RealisasiIku, TargetIku
from kinerja.opd.realisasi import Pelaku, jendela_saat_ini
from kinerja.opd.selectors import CapaianIku, capaian_iku, teks_target

__all__ = [
    "BarisGrid",
    "DetailRealisasi",
    "GridTriwulan",
    "IkuTidakDitemukan",
    "hitung_capaian_sd",
    "iku_aktif_queryset",
    "pratinjau_capaian",
    "realisasi_detail",
    "realisasi_grid",
    "skala_engine_per_id",
    "tahun_pilihan",
    "triwulan_default",
]


def _teks_nilai(nilai: Decimal | None, label: str = "") -> str:
    """A realisasi as people read it: "1.234,5", or the label for kualitatif; "" when empty."""
    if label:
        return label
    return "" if nilai is None else format_angka(nilai, None)


# =============================================================================================
# Grid triwulan: one row per active IKU for tahun + triwulan (grid screen, Excel, preview)
# =============================================================================================


class IkuTidakDitemukan(LookupError):
    """The IKU does not exist in this OPD, is inactive or outside its Renstra years."""


@dataclass(frozen=True)
class BarisGrid:
    """One IKU of the grid: what it is measured against, its realisasi row of the triwulan
    (None when not entered yet), the earlier triwulans of the year, the capaian up to this
    triwulan and what the current user may do with it."""

    iku: Iku
    pilihan_kualitatif: tuple[str, ...]
    target_teks: str
    realisasi: RealisasiIku | None
    sebelumnya: dict[int, str]
    capaian: CapaianIku
    jumlah_bukti: int
    boleh_ubah: bool
    aksi: tuple[Aksi, ...]

    @property
    def kualitatif(self) -> bool:
        return self.iku.polaritas == Polaritas.KUALITATIF

    @property
    def status(self) -> str:
        return self.realisasi.status if self.realisasi is not None else ""

    @property
    def status_label(self) -> str:
        if self.realisasi is None:
            return "Belum diisi"
        return LABEL_STATUS[Status(self.realisasi.status)]

    @property
    def versi(self) -> int:
        """The optimistic-lock version the editor starts from (0: no row yet)."""
        return self.realisasi.versi if self.realisasi is not None else 0

    @property
    def nilai_teks(self) -> str:
        r = self.realisasi
        return "" if r is None else _teks_nilai(r.nilai, r.nilai_kualitatif)

    @property
    def target_sd_teks(self) -> str:
        """The target the capaian is measured against (s.d. this triwulan)."""
        c = self.capaian
        if c.target_kualitatif:
            return c.target_kualitatif
        if c.target is None:
            return ""
        if c.target_max is not None and self.iku.polaritas == Polaritas.RENTANG:
            return f"{format_angka(c.target, None)} – {format_angka(c.target_max, None)}"
        return format_angka(c.target, None)

    @property
    def capaian_teks(self) -> str:
        nilai = self.capaian.capaian.nilai
        return "" if nilai is None else format_angka(bulatkan(nilai, 2), 2)

    @property
    def predikat_label(self) -> str:
        return self.capaian.predikat.label if self.capaian.predikat is not None else ""

    @property
    def rumus(self) -> str:
        return rumus_capaian(self.capaian)

    @property
    def alasan(self) -> str:
        return self.capaian.capaian.alasan or ""

    @property
    def sebelumnya_teks(self) -> str:
        return "; ".join(f"TW{q}: {t}" for q, t in sorted(self.sebelumnya.items()) if t)


@dataclass(frozen=True)
class GridTriwulan:
    """The whole triwulan: rows, the OPD's reporting window and the grid-wide actions."""

    tahun: int
    triwulan: int
    baris: list[BarisGrid]
    jendela: Jendela | None
    status_jendela: StatusJendela
    pesan_jendela: str
    peran: frozenset[Peran] = field(default_factory=frozenset)

    @property
    def periode(self) -> str:
        return label_periode(self.tahun, self.triwulan)

    @property
    def jendela_terbuka(self) -> bool:
        return boleh_lapor(self.status_jendela)

    @property
    def terlambat(self) -> bool:
        return self.status_jendela == StatusJendela.TERLAMBAT

    @property
    def uraian_jendela(self) -> str:
        """ "dibuka …, batas waktu …, dikunci … (diperpanjang)", or "" without a schedule."""
        return self.jendela.uraian() if self.jendela is not None else ""

    @property
    def operator(self) -> bool:
        return Peran.OPERATOR in self.peran

    @property
    def boleh_simpan(self) -> bool:
        return any(b.boleh_ubah for b in self.baris)

    @property
    def boleh_ajukan_triwulan(self) -> bool:
        """Operator, window open, and something left in draft (the service names what is
        missing when the triwulan is incomplete)."""
        return (
            self.operator
            and self.jendela_terbuka
            and any(b.realisasi is None or b.status == Status.DRAFT for b in self.baris)
        )

    @property
    def boleh_setujui_triwulan(self) -> bool:
        return any(Aksi.SETUJUI in b.aksi for b in self.baris)

    def jumlah_status(self) -> dict[str, int]:
        """Rows per status label ("Belum diisi", "Draf", …), in workflow order."""
        hasil: dict[str, int] = {}
        for label in ("Belum diisi", *LABEL_STATUS.values()):
            n = sum(1 for b in self.baris if b.status_label == label)
            if n:
                hasil[label] = n
        return hasil

    def baris_iku(self, iku_id: int) -> BarisGrid | None:
        return next((b for b in self.baris if b.iku.pk == iku_id), None)


def rumus_capaian(c: CapaianIku) -> str:
    """How the capaian was computed, in words ("R / T × 100; R = TW1 + TW2; T = Target s.d.
    TW2 2031"), or why it was not."""
    if c.capaian.nilai is None:
        return c.capaian.alasan or ""
    bagian = [str(c.capaian.formula) + (" (dibatasi 0)" if c.capaian.dibatasi_nol else "")]
    if c.realisasi is not None and c.realisasi.formula:
        bagian.append(f"R = {c.realisasi.formula}")
    elif c.realisasi_kualitatif:
        bagian.append(f"R = {c.realisasi_kualitatif}")
    bagian.append(f"T = {c.acuan}")
    return "; ".join(bagian)


def iku_aktif_queryset(tahun: int) -> QuerySet[Iku]:
    """Active IKU whose Renstra covers ``tahun`` (the service refuses the others), ordered by
    sasaran and kode, with their sasaran and the targets of that year prefetched (as
    ``target_tahun``, where :func:`capaian_iku` looks for them)."""
    return (
        Iku.objects.filter(
            aktif=True,
            sasaran__tujuan__renstra__tahun_awal__lte=tahun,
            sasaran__tujuan__renstra__tahun_akhir__gte=tahun,
        )
        .select_related("sasaran")
        .prefetch_related(
            Prefetch(
                "target",
                queryset=TargetIku.objects.filter(tahun=tahun).order_by("triwulan"),
                to_attr="target_tahun",
            )
        )
        .order_by("sasaran__kode", "kode")
    )


def skala_engine_per_id(skala_ids: set[int]) -> dict[int, EngineSkala]:
    """Engine scales (levels best first) of the public qualitative scales ``skala_ids``, by
    id, in two queries; scales without labels are left out. Read once for a page of IKU so
    that :func:`hitung_capaian_sd` never looks a scale up per row."""
    if not skala_ids:
        return {}
    hasil = {}
    for skala in SkalaKualitatif.objects.filter(pk__in=skala_ids).prefetch_related("tingkat"):
        tingkat = sorted(skala.tingkat.all(), key=lambda t: -t.skor)
        if tingkat:
            hasil[skala.pk] = EngineSkala(
                nama=skala.nama, tingkat=tuple((t.label, t.skor) for t in tingkat)
            )
    return hasil


def hitung_capaian_sd(
    iku: Iku,
    tahun: int,
    triwulan: int,
    per_triwulan: Mapping[int, Decimal | str | None],
    skala: EngineSkala | None,
    bands: Sequence[PredikatBand],
) -> CapaianIku:
    """Capaian s.d. ``triwulan`` of ``iku`` from ``per_triwulan`` (triwulan → the value the
    engine takes: number, label or None; quarters after ``triwulan`` are ignored), with the
    scale from :func:`skala_engine_per_id` and the active predikat ``bands``: the one engine
    path of the grid, Excel, live preview and the IKU report. A kualitatif IKU whose scale is
    missing is reported as such without another query."""
    if iku.polaritas == Polaritas.KUALITATIF and skala is None and iku.skala_id:
        # The scale is missing or has no labels: say so without capaian_iku looking it up
        # again (one query per row).
        iku = copy.copy(iku)
        iku.skala_id = None
    nilai = {q: per_triwulan.get(q) for q in range(1, triwulan + 1)}
    return capaian_iku(iku, tahun, nilai, triwulan_berjalan=triwulan, skala=skala, bands=bands)


def _nilai_capaian(iku: Iku, r: RealisasiIku | None) -> Decimal | str | None:
    if r is None:
        return None
    if iku.polaritas == Polaritas.KUALITATIF:
        return r.nilai_kualitatif or None
    return r.nilai


def _boleh_ubah(
    r: RealisasiIku | None, peran: frozenset[Peran], terbuka: bool, sekarang: datetime
) -> bool:
    """The operator may edit a row in draft (or not entered yet) while the window is open, or
    after it while a returned item's correction period runs (the services' own rule)."""
    if Peran.OPERATOR not in peran:
        return False
    if r is None:
        return terbuka
    if not dapat_diubah(r.status):
        return False
    return terbuka or bool(r.batas_koreksi and sekarang <= r.batas_koreksi)


def realisasi_grid(
    tahun: int,
    triwulan: int,
    *,
    pelaku: Pelaku | None = None,
    sekarang: datetime | None = None,
) -> GridTriwulan:
    """Every active IKU (of a Renstra covering ``tahun``), ordered by sasaran and kode, with
    satuan, targets, the realisasi of ``triwulan`` and of the earlier triwulans of the year, the
    capaian s.d. ``triwulan`` (formula and predikat of the active scheme), the count of active
    evidence files, this OPD's window and what ``pelaku`` may do (edit a row, the workflow
    actions per row, the whole-triwulan actions). A constant number of queries (about ten)
    whatever the number of IKU."""
    if triwulan not in (1, 2, 3, 4):
        raise ValueError(f"triwulan harus 1–4, bukan {triwulan}")
    sekarang = sekarang or timezone.now()
    peran = pelaku.peran if pelaku is not None else frozenset()
    ikus = list(iku_aktif_queryset(tahun))
    realisasi = (
        RealisasiIku.objects.filter(
            tahun=tahun, triwulan__lte=triwulan, iku_id__in=[i.pk for i in ikus]
        ).annotate(
            jumlah_bukti=Count("bukti", filter=Q(bukti__dihapus_pada__isnull=True), distinct=True)
        )
        if ikus
        else RealisasiIku.objects.none()
    )
    per_iku: dict[int, dict[int, RealisasiIku]] = {}
    for r in realisasi:
        per_iku.setdefault(r.iku_id, {})[r.triwulan] = r
    skala = skala_engine_per_id(
        {i.skala_id for i in ikus if i.polaritas == Polaritas.KUALITATIF and i.skala_id}
    )
    bands = skema_predikat_aktif() if ikus else ()
    jendela = jendela_saat_ini(tahun, triwulan)
    status = status_jendela(jendela, sekarang)
    terbuka = boleh_lapor(status)

    baris = []
    for iku in ikus:
        rows = per_iku.get(iku.pk, {})
        kini = rows.get(triwulan)
        targets: list[TargetIku] = iku.target_tahun  # type: ignore[attr-defined]
        target_tw = next((t for t in targets if t.triwulan == triwulan), None)
        skala_iku = skala.get(iku.skala_id) if iku.skala_id else None
        capaian = hitung_capaian_sd(
            iku,
            tahun,
            triwulan,
            {q: _nilai_capaian(iku, r) for q, r in rows.items()},
            skala_iku,
            bands,
        )
        baris.append(
            BarisGrid(
                iku=iku,
                pilihan_kualitatif=skala_iku.labels if skala_iku is not None else (),
                target_teks=(
                    teks_target(
                        target_tw.nilai,
                        target_tw.nilai_max,
                        target_tw.nilai_kualitatif,
                        iku.polaritas,
                    )
                    if target_tw is not None
                    else ""
                ),
                realisasi=kini,
                sebelumnya={
                    q: _teks_nilai(r.nilai, r.nilai_kualitatif)
                    for q, r in sorted(rows.items())
                    if q < triwulan
                },
                capaian=capaian,
                jumlah_bukti=getattr(kini, "jumlah_bukti", 0) if kini is not None else 0,
                boleh_ubah=_boleh_ubah(kini, peran, terbuka, sekarang),
                aksi=tuple(aksi_tersedia(kini.status, peran)) if kini is not None else (),
            )
        )
    return GridTriwulan(
        tahun=tahun,
        triwulan=triwulan,
        baris=baris,
        jendela=jendela,
        status_jendela=status,
        pesan_jendela=pesan_jendela(jendela, status, tahun, triwulan),
        peran=peran,
    )


def pratinjau_capaian(
    tahun: int,
    triwulan: int,
    iku_id: int,
    nilai: Decimal | None = None,
    nilai_kualitatif: str = "",
) -> CapaianIku:
    """Capaian s.d. ``triwulan`` of one IKU as if its realisasi of that triwulan were ``nilai``
    (or the label ``nilai_kualitatif``), with the stored earlier triwulans: the live preview of
    the grid, computed exactly as :func:`realisasi_grid` computes the saved value. Raises
    :class:`IkuTidakDitemukan` for an unknown, inactive or out-of-Renstra IKU."""
    if triwulan not in (1, 2, 3, 4):
        raise ValueError(f"triwulan harus 1–4, bukan {triwulan}")
    iku = iku_aktif_queryset(tahun).filter(pk=iku_id).first()
    if iku is None:
        raise IkuTidakDitemukan(f"IKU dengan id {iku_id} tidak ditemukan atau tidak aktif.")
    rows = {
        r.triwulan: r
        for r in RealisasiIku.objects.filter(iku=iku, tahun=tahun, triwulan__lt=triwulan)
    }
    per_triwulan: dict[int, Decimal | str | None] = {
        q: _nilai_capaian(iku, r) for q, r in rows.items()
    }
    skala = None
    if iku.polaritas == Polaritas.KUALITATIF:
        skala = skala_engine_per_id({iku.skala_id} if iku.skala_id else set()).get(iku.skala_id)
        label = nilai_kualitatif.strip()
        if skala is not None and label:
            from kinerja.opd.services import label_kanonik

            label = label_kanonik(skala, label)
        per_triwulan[triwulan] = label or None
    else:
        per_triwulan[triwulan] = nilai
    return hitung_capaian_sd(iku, tahun, triwulan, per_triwulan, skala, skema_predikat_aktif())


def triwulan_default(sekarang: datetime | None = None) -> tuple[int, int]:
    """(tahun, triwulan) the grid opens on: the latest triwulan whose window (with this OPD's
    extension) is open now, else the current triwulan in WITA."""
    sekarang = sekarang or timezone.now()
    # Only schedules already opened can be open; a handful at most are checked.
    kandidat = JadwalPelaporan.objects.filter(tanggal_buka__lte=sekarang).order_by(
        "-tahun", "-triwulan"
    )[:8]
    for jadwal in kandidat:
        if boleh_lapor(status_jendela(jendela_saat_ini(jadwal.tahun, jadwal.triwulan), sekarang)):
            return jadwal.tahun, jadwal.triwulan
    lokal = sekarang.astimezone(WITA)
    return lokal.year, (lokal.month - 1) // 3 + 1


def tahun_pilihan(tahun: int | None = None) -> list[int]:
    """Years of this OPD's Renstra (newest first), plus ``tahun`` when given."""
    from kinerja.opd.models import Renstra

    daftar = {t for r in Renstra.objects.all() for t in r.tahun_list}
    if tahun is not None:
        daftar.add(tahun)
    return sorted(daftar, reverse=True)


# --- item page ------------------------------------------------------------------------------
# Reads of the realisasi item page, the evidence download and the audit trail
# (kinerja/opd/realisasi_item.py, kinerja/opd/audit_export.py). realisasi_detail is also the
# read model of Bappeda's verification page (kinerja/daerah/verifikasi_selectors.py). Imports
# are aliased and kept in this section so that it never clashes with the grid selectors above.

import dataclasses as _item_dc  # noqa: E402
from datetime import datetime as _item_datetime  # noqa: E402
from decimal import Decimal as _ItemDecimal  # noqa: E402

from django.db import connection as _item_connection  # noqa: E402
from django.db.models import QuerySet as _ItemQuerySet  # noqa: E402
from django.utils import timezone as _item_timezone  # noqa: E402

from kinerja.engine import alur as _item_alur  # noqa: E402
from kinerja.engine import format_angka as _item_format_angka  # noqa: E402
from kinerja.engine import jadwal as _item_jadwal  # noqa: E402
from kinerja.opd import models as _item_models  # noqa: E402
from kinerja.opd import selectors as _item_selectors  # noqa: E402

_ITEM_KB = 1024
_ITEM_MB = 1024 * 1024


def ukuran_tampil(bita: int) -> str:
    """A file size the Indonesian way: "512 bita", "12,3 KB", "1,2 MB", "10 MB"
    (1 KB = 1024 bita; one decimal, dropped when it is 0)."""
    if bita < _ITEM_KB:
        return f"{bita} bita"
    besar, satuan = (_ITEM_KB, "KB") if bita < _ITEM_MB else (_ITEM_MB, "MB")
    teks = _item_format_angka(_ItemDecimal(bita) / besar, 1)
    return f"{teks.removesuffix(',0')} {satuan}"


def item_realisasi(pk: int) -> _item_models.RealisasiIku | None:
    """One realisasi with its IKU (and the IKU's Renstra), or None."""
    return (
        _item_models.RealisasiIku.objects.select_related("iku__sasaran__tujuan__renstra")
        .filter(pk=pk)
        .first()
    )


def item_untuk_periode(iku_id: int, tahun: int, triwulan: int) -> _item_models.RealisasiIku | None:
    """The realisasi of an IKU for tahun + triwulan, or None when nothing was saved yet."""
    return _item_models.RealisasiIku.objects.filter(
        iku_id=iku_id, tahun=tahun, triwulan=triwulan
    ).first()


def iku_untuk_item(iku_id: int) -> _item_models.Iku | None:
    """An IKU with its Renstra (for the period check of a new item), or None."""
    return (
        _item_models.Iku.objects.select_related("sasaran__tujuan__renstra")
        .filter(pk=iku_id)
        .first()
    )


@_item_dc.dataclass(frozen=True)
class BuktiTampil:
    """One evidence file as the item page lists it."""

    bukti: _item_models.BuktiDukung
    ukuran: str


@_item_dc.dataclass(frozen=True)
class ItemHalaman:
    """Everything the item page shows about one IKU + tahun + triwulan (``realisasi`` None
    when nothing was saved yet)."""

    iku: _item_models.Iku
    tahun: int
    triwulan: int
    realisasi: _item_models.RealisasiIku | None
    target_triwulan: str
    target_sd: str
    capaian: _item_selectors.CapaianIku
    capaian_tampil: str
    rumus: str
    realisasi_sd: str
    predikat: str
    jendela: _item_jadwal.Jendela | None
    status_jendela: _item_jadwal.StatusJendela
    pesan_jendela: str
    label_skala: tuple[str, ...]
    bukti: list[BuktiTampil]
    revisi_lama: list[_item_models.RevisiRealisasi]
    riwayat_status: list[_item_models.JejakAudit]
    jejak: list[_item_models.JejakAudit]
    jumlah_jejak: int

    @property
    def periode(self) -> str:
        return _item_jadwal.label_periode(self.tahun, self.triwulan)

    @property
    def dalam_jendela(self) -> bool:
        return _item_jadwal.boleh_lapor(self.status_jendela)


MAKS_JEJAK_ITEM = 200


@dataclass(frozen=True)
class DetailRealisasi:
    """The read model of one realisasi item (IKU + tahun + triwulan), shared by the OPD's item
    page (:func:`item_halaman`) and Bappeda's verification page
    (:func:`kinerja.daerah.verifikasi_selectors.detail_verifikasi`): the targets, the capaian
    s.d. the triwulan with its formula, the OPD's effective window, and for a saved item its
    evidence, earlier revisions and audit rows (``realisasi`` None: nothing saved yet)."""

    iku: Iku
    tahun: int
    triwulan: int
    realisasi: RealisasiIku | None
    target_triwulan: str
    target_sd: str
    capaian: CapaianIku
    realisasi_sd: str
    skala: EngineSkala | None
    jendela: Jendela | None
    bukti: list[_item_models.BuktiDukung]
    revisi_lama: list[_item_models.RevisiRealisasi]
    jejak: list[_item_models.JejakAudit]
    jumlah_jejak: int

    @property
    def capaian_tampil(self) -> str:
        """ "107,14" (2 decimals), or "" when the capaian cannot be computed."""
        nilai = self.capaian.capaian.nilai
        return "" if nilai is None else format_angka(nilai, 2)

    @property
    def rumus(self) -> str:
        return rumus_capaian(self.capaian)

    @property
    def predikat(self) -> str:
        return self.capaian.predikat.label if self.capaian.predikat is not None else ""

    @property
    def label_skala(self) -> tuple[str, ...]:
        return tuple(self.skala.labels) if self.skala is not None else ()


def realisasi_detail(
    iku: Iku,
    tahun: int,
    triwulan: int,
    realisasi: RealisasiIku | None,
    *,
    bukti_dihapus: bool = False,
    maks_jejak: int | None = MAKS_JEJAK_ITEM,
) -> DetailRealisasi:
    """Read one realisasi item of THIS schema (call inside the OPD's schema).

    The capaian s.d. ``triwulan`` uses the values of every saved triwulan up to this one,
    whatever their status (the operator sees the effect of a draft; the verifikator judges
    what the OPD reports), against the targets of ``tahun`` and the active predikat scheme.
    Evidence is listed in upload order, only the active files unless ``bukti_dihapus`` (then
    soft-deleted ones too, for Bappeda); earlier revisions newest first; audit rows newest
    first, at most ``maks_jejak`` of them (None: all) with ``jumlah_jejak`` counting all.
    A constant number of queries."""
    from kinerja.daerah.selectors import jendela_opd
    from kinerja.opd.services import skala_engine

    kualitatif = iku.polaritas == Polaritas.KUALITATIF
    skala = skala_engine(iku.skala_id) if kualitatif else None
    targets = list(TargetIku.objects.filter(iku=iku, tahun=tahun))
    # capaian_iku reads the targets from here instead of querying them again; on a copy so
    # that the caller's IKU is left as it was.
    iku_target = copy.copy(iku)
    iku_target.target_tahun = targets  # type: ignore[attr-defined]
    per_tw: dict[int, Decimal | str | None] = {}
    for r in RealisasiIku.objects.filter(iku=iku, tahun=tahun, triwulan__lte=triwulan).only(
        "triwulan", "nilai", "nilai_kualitatif"
    ):
        per_tw[r.triwulan] = (r.nilai_kualitatif or None) if kualitatif else r.nilai
    capaian = capaian_iku(
        iku_target,
        tahun,
        per_tw,
        triwulan_berjalan=triwulan,
        skala=skala,
        bands=skema_predikat_aktif(),
    )
    target_tw = next((t for t in targets if t.triwulan == triwulan), None)
    if kualitatif:
        target_sd = capaian.target_kualitatif or ""
        realisasi_sd = capaian.realisasi_kualitatif or ""
    else:
        target_sd = teks_target(capaian.target, capaian.target_max, "", iku.polaritas)
        realisasi_sd = _teks_nilai(capaian.realisasi.nilai if capaian.realisasi else None)
    bukti: list[_item_models.BuktiDukung] = []
    revisi_lama: list[_item_models.RevisiRealisasi] = []
    jejak: list[_item_models.JejakAudit] = []
    jumlah_jejak = 0
    if realisasi is not None:
        qs_bukti = realisasi.bukti.order_by("diunggah_pada")
        if not bukti_dihapus:
            qs_bukti = qs_bukti.filter(dihapus_pada__isnull=True)
        bukti = list(qs_bukti)
        revisi_lama = list(realisasi.revisi_lama.order_by("-revisi"))
        semua = jejak_item(realisasi.pk)
        if maks_jejak is None:
            jejak = list(semua)
            jumlah_jejak = len(jejak)
        else:
            jumlah_jejak = semua.count()
            jejak = list(semua[:maks_jejak])
    return DetailRealisasi(
        iku=iku,
        tahun=tahun,
        triwulan=triwulan,
        realisasi=realisasi,
        target_triwulan=(
            teks_target(
                target_tw.nilai, target_tw.nilai_max, target_tw.nilai_kualitatif, iku.polaritas
            )
            if target_tw is not None
            else ""
        ),
        target_sd=target_sd,
        capaian=capaian,
        realisasi_sd=realisasi_sd,
        skala=skala,
        jendela=jendela_opd(_item_connection.schema_name, tahun, triwulan),
        bukti=bukti,
        revisi_lama=revisi_lama,
        jejak=jejak,
        jumlah_jejak=jumlah_jejak,
    )


def item_halaman(
    iku: _item_models.Iku,
    tahun: int,
    triwulan: int,
    realisasi: _item_models.RealisasiIku | None,
    *,
    sekarang: _item_datetime | None = None,
) -> ItemHalaman:
    """Build the item page from :func:`realisasi_detail` (active evidence only, the latest
    :data:`MAKS_JEJAK_ITEM` audit rows) plus the window's state at ``sekarang`` and the
    workflow history (the audit rows of the status column, oldest first)."""
    sekarang = sekarang or _item_timezone.now()
    d = realisasi_detail(iku, tahun, triwulan, realisasi)
    status = _item_jadwal.status_jendela(d.jendela, sekarang)
    riwayat: list[_item_models.JejakAudit] = []
    if realisasi is not None:
        riwayat = list(jejak_item(realisasi.pk).filter(kolom="Status").order_by("waktu", "id"))
    return ItemHalaman(
        iku=iku,
        tahun=tahun,
        triwulan=triwulan,
        realisasi=realisasi,
        target_triwulan=d.target_triwulan,
        target_sd=d.target_sd,
        capaian=d.capaian,
        capaian_tampil=d.capaian_tampil,
        rumus=d.rumus,
        realisasi_sd=d.realisasi_sd,
        predikat=d.predikat,
        jendela=d.jendela,
        status_jendela=status,
        pesan_jendela=_item_jadwal.pesan_jendela(d.jendela, status, tahun, triwulan),
        label_skala=d.label_skala,
        bukti=[BuktiTampil(b, ukuran_tampil(b.ukuran)) for b in d.bukti],
        revisi_lama=d.revisi_lama,
        riwayat_status=riwayat,
        jejak=d.jejak,
        jumlah_jejak=d.jumlah_jejak,
    )


def item_boleh_ubah(
    realisasi: _item_models.RealisasiIku | None,
    peran: frozenset[_item_alur.Peran],
    status_jendela: _item_jadwal.StatusJendela,
    sekarang: _item_datetime | None = None,
) -> bool:
    """Whether the values and evidence form is editable for these roles: operator, item in
    draft (or not saved yet), inside the window or, for a returned/reopened item, until its
    ``batas_koreksi`` (the services enforce the same; this only decides what the page shows)."""
    if _item_alur.Peran.OPERATOR not in peran:
        return False
    if realisasi is None:
        return _item_jadwal.boleh_lapor(status_jendela)
    if realisasi.status != _item_alur.Status.DRAFT:
        return False
    sekarang = sekarang or _item_timezone.now()
    return _item_jadwal.boleh_lapor(status_jendela) or bool(
        realisasi.batas_koreksi and sekarang <= realisasi.batas_koreksi
    )


def item_label_skala(iku: _item_models.Iku) -> tuple[str, ...]:
    """Labels a kualitatif IKU's realisasi may take (its public scale), best first; empty for
    a quantitative IKU or a missing scale."""
    if iku.polaritas != "kualitatif":
        return ()
    from kinerja.opd.services import skala_engine

    skala = skala_engine(iku.skala_id)
    return tuple(skala.labels) if skala is not None else ()


def revisi_item(realisasi_id: int, revisi: int) -> _item_models.RevisiRealisasi | None:
    """The frozen snapshot of an earlier revision of a realisasi, or None."""
    return (
        _item_models.RevisiRealisasi.objects.select_related("realisasi__iku")
        .filter(realisasi_id=realisasi_id, revisi=revisi)
        .first()
    )


def bukti_dalam_revisi(bukti: _item_models.BuktiDukung) -> bool:
    """True when a frozen earlier revision of the bukti's realisasi lists this file."""
    return _item_models.RevisiRealisasi.objects.filter(
        realisasi_id=bukti.realisasi_id, data__bukti__contains=[{"id": str(bukti.pk)}]
    ).exists()


def bukti_untuk_unduh(bukti_id: object) -> _item_models.BuktiDukung | None:
    """An evidence file of THIS schema that may be downloaded, or None.

    A soft-deleted file (``dihapus_pada``) is still served when an earlier revision's frozen
    snapshot lists it: the revision page must keep showing the evidence Bappeda verified.
    A file removed from a draft before any verification was never part of a revision and is
    gone for good (the audit trail keeps its name only).
    """
    bukti = _item_models.BuktiDukung.objects.filter(pk=bukti_id).first()
    if bukti is None:
        return None
    if bukti.dihapus_pada is None or bukti_dalam_revisi(bukti):
        return bukti
    return None


def jejak_item(realisasi_id: int) -> _ItemQuerySet[_item_models.JejakAudit]:
    """Audit rows of one realisasi (all revisions), newest first."""
    return (
        _item_models.JejakAudit.objects.select_related("realisasi__iku")
        .filter(realisasi_id=realisasi_id)
        .order_by("-waktu", "-id")
    )


def jejak_audit(
    *,
    tahun: int | None = None,
    triwulan: int | None = None,
    iku_id: int | None = None,
    pengguna: str = "",
    aksi: str = "",
    realisasi_id: int | None = None,
) -> _ItemQuerySet[_item_models.JejakAudit]:
    """This OPD's audit trail, newest first, narrowed by the given filters (``pengguna``
    matches part of the recorded name, case-insensitively)."""
    qs = _item_models.JejakAudit.objects.select_related("realisasi__iku").order_by("-waktu", "-id")
    if tahun is not None:
        qs = qs.filter(realisasi__tahun=tahun)
    if triwulan is not None:
        qs = qs.filter(realisasi__triwulan=triwulan)
    if iku_id is not None:
        qs = qs.filter(realisasi__iku_id=iku_id)
    if pengguna.strip():
        qs = qs.filter(pengguna__icontains=pengguna.strip())
    if aksi:
        qs = qs.filter(aksi=aksi)
    if realisasi_id is not None:
        qs = qs.filter(realisasi_id=realisasi_id)
    return qs


def jejak_pilihan() -> tuple[list[int], list[tuple[int, str]], list[str]]:
    """Choices of the audit filters: years with realisasi, IKU (id, "kode nama") and the
    actions present in the trail."""
    tahun = sorted(
        set(_item_models.RealisasiIku.objects.values_list("tahun", flat=True)), reverse=True
    )
    iku = [
        (pk, f"{kode} {nama}")
        for pk, kode, nama in _item_models.Iku.objects.order_by("kode").values_list(
            "pk", "kode", "nama"
        )
    ]
    aksi = sorted(set(_item_models.JejakAudit.objects.values_list("aksi", flat=True)))
    return tahun, iku, aksi


def bukti_item(realisasi_id: int, bukti_id: object) -> _item_models.BuktiDukung | None:
    """An active (not hidden) evidence file of one realisasi, or None."""
    return _item_models.BuktiDukung.objects.filter(
        pk=bukti_id, realisasi_id=realisasi_id, dihapus_pada__isnull=True
    ).first()
