"""Read side of Bappeda's dashboard (public schema only): everything it shows comes from the
rollup tables (:class:`~kinerja.rollup.models.RingkasanOpd`,
:class:`~kinerja.rollup.models.SnapshotIku`) and the IKD report
(:func:`kinerja.daerah.selectors.ikd_list_with_capaian`), never from the OPD schemas.

Cost of :func:`dasbor`: a constant number of queries whatever the number of OPDs and IKU
(the registry, the year's summaries, ONE grouped count of the year's snapshots per OPD ×
triwulan × status, the predikat scheme and its colours, the IKD report, the last rollup run),
so the page stays as fast with 30 OPDs as with 2. The tests count them.

So the numbers are as fresh as the last rollup: a verification, return or reopening queues a
rollup of that OPD after it commits (seconds), and a full rollup runs every
``KINERJA_ROLLUP_INTERVAL_MENIT`` minutes; the page says when the data was last rolled up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db.models import Count
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from kinerja.choices import AspekIkd
from kinerja.daerah.models import JadwalPelaporan, PeriodeRpjmd
from kinerja.daerah.models import PredikatBand as PredikatBandModel
from kinerja.daerah.selectors import IkdCapaian, ikd_list_with_capaian, skema_predikat_aktif
from kinerja.daerah.verifikasi_selectors import opd_aktif
from kinerja.engine import PredikatBand, elapsed_triwulan, format_angka, tentukan_predikat
from kinerja.engine.jadwal import WITA, format_tanggal, label_periode
from kinerja.rollup.models import RingkasanOpd, RollupRun, SnapshotIku, StatusSnapshot
from tenants import roles
from tenants.models import Opd

__all__ = [
    "CHARTJS_PATH",
    "IZIN_PENGAWASAN",
    "LABEL_KEADAAN",
    "Dasbor",
    "Kpi",
    "boleh_mengawasi",
    "dasbor",
    "periode_bawaan",
    "ringkasan_panel",
    "tahun_pilihan",
    "url_antrian",
    "url_chartjs",
]

IZIN_PENGAWASAN = "daerah.verifikasi_realisasi"
CHARTJS_PATH = "vendor/chart.js/chart.umd.js"
_SERATUS = Decimal(100)
_DUA_DESIMAL = Decimal("0.01")

# State of one OPD's report of one triwulan (a heatmap cell), least advanced first.
TANPA_DATA = "tanpa_data"
BELUM_DIBUKA = "belum_dibuka"
BELUM_LAPOR = "belum_lapor"
URUTAN_KEADAAN = (
    TANPA_DATA,
    BELUM_DIBUKA,
    BELUM_LAPOR,
    StatusSnapshot.DRAFT.value,
    StatusSnapshot.DIAJUKAN.value,
    StatusSnapshot.DISETUJUI.value,
    StatusSnapshot.DIVERIFIKASI.value,
)
LABEL_KEADAAN = {
    TANPA_DATA: "Tidak ada data",
    BELUM_DIBUKA: "Belum dibuka",
    BELUM_LAPOR: "Belum lapor",
    StatusSnapshot.DRAFT.value: "Draf",
    StatusSnapshot.DIAJUKAN.value: "Diajukan",
    StatusSnapshot.DISETUJUI.value: "Disetujui",
    StatusSnapshot.DIVERIFIKASI.value: "Diverifikasi",
}
URAIAN_KEADAAN = {
    TANPA_DATA: "belum ada IKU/jadwal untuk triwulan ini pada rollup terakhir",
    BELUM_DIBUKA: "jendela pelaporan triwulan ini belum dibuka",
    BELUM_LAPOR: "belum ada satu pun realisasi yang diisi",
    StatusSnapshot.DRAFT.value: "sebagian realisasi masih draf, belum diisi atau dikembalikan",
    StatusSnapshot.DIAJUKAN.value: "semua sudah diajukan operator, menunggu Kepala OPD",
    StatusSnapshot.DISETUJUI.value: "semua disetujui Kepala OPD, menunggu verifikasi Bappeda",
    StatusSnapshot.DIVERIFIKASI.value: "semua realisasi sudah diverifikasi Bappeda",
}
# Colours of the chart series; predikat colours come from the active scheme (PredikatBand.warna)
# with these as fallback for the engine's default bands.
WARNA_PREDIKAT_BAWAAN = {
    "sangat_tinggi": "#1b7f5b",
    "tinggi": "#5aa469",
    "sedang": "#e0a800",
    "rendah": "#e8772e",
    "sangat_rendah": "#c62828",
}
WARNA_TANPA_PREDIKAT = "#9aa5b1"
WARNA_STATUS = {
    StatusSnapshot.BELUM_DIISI.value: "#c9ced6",
    StatusSnapshot.DRAFT.value: "#e8772e",
    StatusSnapshot.DIAJUKAN.value: "#e0a800",
    StatusSnapshot.DISETUJUI.value: "#3f7fbf",
    StatusSnapshot.DIVERIFIKASI.value: "#1b7f5b",
}
LABEL_TW = {1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}


# --- access and defaults --------------------------------------------------------------------


def boleh_mengawasi(user: Any) -> bool:
    """Whether ``user`` (of the public schema) may open Bappeda's oversight screens: a
    verifikator (``daerah.verifikasi_realisasi``) or a member of Admin Bappeda."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm(IZIN_PENGAWASAN):
        return True
    return user.groups.filter(name=roles.ADMIN_BAPPEDA).exists()


def periode_bawaan(sekarang: datetime | None = None) -> tuple[int, int]:
    """The triwulan being reported now: the latest scheduled triwulan whose window has opened,
    else the last quarter that has ended (WITA). The verification queue uses the same rule, so
    a heatmap cell and the queue it links to agree."""
    sekarang = sekarang or timezone.now()
    jadwal = (
        JadwalPelaporan.objects.filter(tanggal_buka__lte=sekarang)
        .order_by("-tahun", "-triwulan")
        .only("tahun", "triwulan")
        .first()
    )
    if jadwal is not None:
        return jadwal.tahun, jadwal.triwulan
    hari_ini = sekarang.astimezone(WITA).date()
    selesai = elapsed_triwulan(hari_ini, hari_ini.year)
    return (hari_ini.year - 1, 4) if selesai == 0 else (hari_ini.year, selesai)


def tahun_pilihan(*tambahan: int) -> list[int]:
    """Years offered by the filter (newest first): those with rollup summaries or a reporting
    schedule, the years of every RPJMD period (their IKD), plus ``tambahan``. Three queries."""
    tahun = set(tambahan)
    tahun.update(RingkasanOpd.objects.values_list("tahun", flat=True).distinct().order_by())
    tahun.update(JadwalPelaporan.objects.values_list("tahun", flat=True).distinct().order_by())
    for awal, akhir in PeriodeRpjmd.objects.values_list("tahun_awal", "tahun_akhir"):
        tahun.update(range(awal, akhir + 1))
    return sorted(tahun, reverse=True)


def url_antrian(tahun: int, triwulan: int, schema: str | None = None) -> str:
    """The verification queue filtered to one period (and OPD), every status."""
    params: dict[str, Any] = {"tahun": tahun, "triwulan": triwulan, "status": "semua"}
    if schema:
        params["opd"] = schema
    return f"{reverse('bappeda_verifikasi:index')}?{urlencode(params)}"


def url_chartjs() -> str | None:
    """URL of the vendored Chart.js (``make install`` copies it from npm), or None when it is
    not installed: the pages then show their tables only. Checked first because the manifest
    storage of production raises for a missing file."""
    try:
        if not (finders.find(CHARTJS_PATH) or staticfiles_storage.exists(CHARTJS_PATH)):
            return None
        return static(CHARTJS_PATH)
    except (ValueError, OSError):
        return None


# --- helpers --------------------------------------------------------------------------------


def _persen(bagian: int, total: int) -> Decimal | None:
    if total <= 0:
        return None
    return (Decimal(bagian) * _SERATUS / Decimal(total)).quantize(
        _DUA_DESIMAL, rounding=ROUND_HALF_UP
    )


def _tampil(nilai: Decimal | None, places: int = 2) -> str:
    return "" if nilai is None else format_angka(nilai, places)


def _angka_grafik(nilai: Decimal | None) -> float | None:
    """A chart value: rounded to the 2 decimals the tables show (so both say the same)."""
    if nilai is None:
        return None
    return float(nilai.quantize(_DUA_DESIMAL, rounding=ROUND_HALF_UP))


def warna_predikat() -> dict[str, str]:
    """kode → colour of the active predikat scheme's bands, over the defaults. One query."""
    warna = dict(WARNA_PREDIKAT_BAWAAN)
    warna.update(
        dict(
            PredikatBandModel.objects.filter(skema__aktif=True)
            .exclude(warna="")
            .values_list("kode", "warna")
        )
    )
    return warna


def _predikat(nilai: Decimal | None, bands: Sequence[PredikatBand]) -> PredikatBand | None:
    if nilai is None:
        return None
    # Graded on the value shown (2 decimals), as predikat_for does; a negative mean is the
    # lowest band.
    try:
        return tentukan_predikat(
            max(nilai.quantize(_DUA_DESIMAL, ROUND_HALF_UP), Decimal(0)), bands
        )
    except ValueError:
        return None


def _rollup_terakhir() -> RollupRun | None:
    return (
        RollupRun.objects.filter(
            status__in=[RollupRun.Status.BERHASIL, RollupRun.Status.SEBAGIAN],
            selesai__isnull=False,
        )
        .order_by("-selesai")
        .first()
    )


# --- the heatmap ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SelHeatmap:
    """One OPD × triwulan: the state of its report and the counts behind it."""

    opd: Opd
    tahun: int
    triwulan: int
    keadaan: str
    jumlah_iku: int
    per_status: dict[str, int]
    terlambat: int
    dikembalikan: int
    kelengkapan: Decimal | None
    terpilih: bool

    @property
    def label(self) -> str:
        return LABEL_KEADAAN[self.keadaan]

    @property
    def label_tw(self) -> str:
        return LABEL_TW[self.triwulan]

    @property
    def kelengkapan_tampil(self) -> str:
        return _tampil(self.kelengkapan, 0)

    @property
    def jumlah_diverifikasi(self) -> int:
        return self.per_status.get(StatusSnapshot.DIVERIFIKASI.value, 0)

    @property
    def uraian(self) -> str:
        """Full text for the cell's title and screen readers: never colour only."""
        teks = f"{self.opd.singkatan} {label_periode(self.tahun, self.triwulan)}: {self.label}"
        if self.jumlah_iku:
            rincian = ", ".join(
                f"{StatusSnapshot(s).label.lower()} {self.per_status[s]}"
                for s in reversed([x.value for x in StatusSnapshot])
                if self.per_status.get(s)
            )
            teks += f" ({URAIAN_KEADAAN[self.keadaan]}); {self.jumlah_iku} IKU: {rincian}"
        else:
            teks += f" ({URAIAN_KEADAAN[self.keadaan]})"
        if self.terlambat:
            teks += f"; {self.terlambat} IKU terlambat"
        if self.dikembalikan:
            teks += f"; {self.dikembalikan} IKU pernah dikembalikan"
        return teks

    @property
    def url(self) -> str:
        return url_antrian(self.tahun, self.triwulan, self.opd.schema_name)


@dataclass(frozen=True)
class BarisHeatmap:
    opd: Opd
    sel: list[SelHeatmap]

    @property
    def url_opd(self) -> str:
        return reverse("pengawasan_opd:detail", args=[self.opd.schema_name])


def keadaan_laporan(per_status: dict[str, int], belum_dibuka: bool = False) -> str:
    """The state of a report from its IKU per status: the least advanced one, where an IKU not
    filled in yet counts as a draft unless none is filled at all ("belum lapor", or "belum
    dibuka" while the reporting window has not opened: nothing is due yet)."""
    total = sum(per_status.values())
    if total == 0:
        return TANPA_DATA
    belum = per_status.get(StatusSnapshot.BELUM_DIISI.value, 0)
    if belum == total:
        return BELUM_DIBUKA if belum_dibuka else BELUM_LAPOR
    if belum:
        return StatusSnapshot.DRAFT.value
    for s in URUTAN_KEADAAN[2:]:
        if per_status.get(s):
            return s
    return TANPA_DATA  # unknown statuses only: should not happen


# --- the dashboard --------------------------------------------------------------------------


@dataclass(frozen=True)
class Kpi:
    jumlah_opd: int
    opd_dengan_data: int
    opd_lengkap: int
    opd_terverifikasi: int
    jumlah_iku: int
    iku_terisi: int
    iku_diverifikasi: int
    persen_lengkap: Decimal | None
    persen_terverifikasi: Decimal | None
    opd_terlambat: int
    iku_terlambat: int
    opd_dikembalikan: int
    iku_dikembalikan: int
    rata_rata_capaian: Decimal | None

    @property
    def persen_lengkap_tampil(self) -> str:
        return _tampil(self.persen_lengkap, 1)

    @property
    def persen_terverifikasi_tampil(self) -> str:
        return _tampil(self.persen_terverifikasi, 1)

    @property
    def rata_rata_capaian_tampil(self) -> str:
        return _tampil(self.rata_rata_capaian)


@dataclass(frozen=True)
class BarisPeringkat:
    peringkat: int | None
    opd: Opd
    rata_rata: Decimal | None
    jumlah_capaian: int
    jumlah_iku: int
    predikat: PredikatBand | None
    warna: str

    @property
    def rata_rata_tampil(self) -> str:
        return _tampil(self.rata_rata)

    @property
    def url_opd(self) -> str:
        return reverse("pengawasan_opd:detail", args=[self.opd.schema_name])


@dataclass(frozen=True)
class BarisKeterlambatan:
    triwulan: int
    opd_terlambat: int
    iku_terlambat: int
    opd_dikembalikan: int
    iku_dikembalikan: int
    terpilih: bool

    @property
    def label(self) -> str:
        return LABEL_TW[self.triwulan]


@dataclass(frozen=True)
class OpdBermasalah:
    """An OPD with late or returned IKU in the chosen triwulan."""

    opd: Opd
    terlambat: int
    dikembalikan: int
    url: str


@dataclass(frozen=True)
class BarisStatus:
    status: str
    jumlah: int

    @property
    def label(self) -> str:
        return StatusSnapshot(self.status).label


@dataclass
class GrupAspek:
    kode: str
    label: str
    baris: list[IkdCapaian]
    warna: list[str] = field(default_factory=list)

    @property
    def dihitung(self) -> list[IkdCapaian]:
        return [b for b in self.baris if b.capaian.nilai is not None]

    @property
    def rata_rata(self) -> Decimal | None:
        nilai = [b.capaian.nilai for b in self.dihitung]
        if not nilai:
            return None
        return sum(nilai, Decimal(0)) / len(nilai)

    @property
    def rata_rata_tampil(self) -> str:
        return _tampil(self.rata_rata)

    def per_predikat(self) -> list[tuple[str, int]]:
        hitung: dict[str, int] = defaultdict(int)
        for b in self.baris:
            hitung[b.predikat.label if b.predikat else "Tidak dapat dihitung"] += 1
        return sorted(hitung.items())


@dataclass
class Dasbor:
    tahun: int
    triwulan: int
    kpi: Kpi
    heatmap: list[BarisHeatmap]
    peringkat: list[BarisPeringkat]
    keterlambatan: list[BarisKeterlambatan]
    bermasalah: list[OpdBermasalah]
    status: list[BarisStatus]
    periode_rpjmd: PeriodeRpjmd | None
    aspek: list[GrupAspek]
    rollup_terakhir: RollupRun | None
    data_diperbarui: datetime | None

    @property
    def periode(self) -> str:
        return label_periode(self.tahun, self.triwulan)

    @property
    def label_tw(self) -> list[tuple[int, str]]:
        return list(LABEL_TW.items())

    @property
    def rollup_terakhir_tampil(self) -> str:
        r = self.rollup_terakhir
        return format_tanggal(r.selesai) if r is not None and r.selesai else ""

    @property
    def data_diperbarui_tampil(self) -> str:
        return format_tanggal(self.data_diperbarui) if self.data_diperbarui else ""

    @property
    def ada_data(self) -> bool:
        return any(s.jumlah_iku for b in self.heatmap for s in b.sel)

    def grafik(self) -> dict[str, Any]:
        """What the charts draw, as JSON-safe values: exactly the numbers of the tables next
        to them (rounded to the decimals the tables show)."""
        berperingkat = [b for b in self.peringkat if b.rata_rata is not None]
        return {
            "periode": self.periode,
            "status": {
                "labels": [b.label for b in self.status],
                "nilai": [b.jumlah for b in self.status],
                "warna": [WARNA_STATUS[b.status] for b in self.status],
            },
            "peringkat": {
                "labels": [b.opd.singkatan for b in berperingkat],
                "nilai": [_angka_grafik(b.rata_rata) for b in berperingkat],
                "warna": [b.warna for b in berperingkat],
                "predikat": [b.predikat.label if b.predikat else "" for b in berperingkat],
            },
            "keterlambatan": {
                "labels": [b.label for b in self.keterlambatan],
                "opd_terlambat": [b.opd_terlambat for b in self.keterlambatan],
                "opd_dikembalikan": [b.opd_dikembalikan for b in self.keterlambatan],
                "iku_terlambat": [b.iku_terlambat for b in self.keterlambatan],
                "iku_dikembalikan": [b.iku_dikembalikan for b in self.keterlambatan],
            },
            "aspek": [
                {
                    "kode": g.kode,
                    "label": g.label,
                    "labels": [b.indikator.kode for b in g.baris],
                    "nama": [b.indikator.nama for b in g.baris],
                    "nilai": [_angka_grafik(b.capaian.nilai) for b in g.baris],
                    "predikat": [b.predikat.label if b.predikat else "" for b in g.baris],
                    "warna": g.warna,
                }
                for g in self.aspek
            ],
        }


def _per_status(tahun: int, opd_ids: Sequence[int]) -> dict[tuple[int, int], dict[str, int]]:
    """(opd_id, triwulan) → {status: IKU count} of ``tahun``: one GROUP BY query."""
    hasil: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    rows = (
        SnapshotIku.objects.filter(tahun=tahun, opd_id__in=list(opd_ids))
        .values_list("opd_id", "triwulan", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for opd_id, tw, status, n in rows:
        hasil[(opd_id, tw)][status] = n
    return hasil


def _aspek(periode: PeriodeRpjmd | None, tahun: int, warna: dict[str, str]) -> list[GrupAspek]:
    if periode is None or not periode.tahun_awal <= tahun <= periode.tahun_akhir:
        return []
    grup = {a.value: GrupAspek(a.value, a.label, []) for a in AspekIkd}
    lain = GrupAspek("", "Tanpa aspek", [])
    for row in ikd_list_with_capaian(periode, tahun):
        g = grup.get(row.indikator.aspek, lain)
        g.baris.append(row)
        g.warna.append(
            warna.get(row.predikat.kode, WARNA_TANPA_PREDIKAT)
            if row.predikat
            else WARNA_TANPA_PREDIKAT
        )
    hasil = list(grup.values())
    if lain.baris:
        hasil.append(lain)
    return hasil


def periode_rpjmd_untuk(tahun: int) -> PeriodeRpjmd | None:
    """The RPJMD period covering ``tahun`` (the active one first)."""
    return (
        PeriodeRpjmd.objects.filter(tahun_awal__lte=tahun, tahun_akhir__gte=tahun)
        .order_by("-aktif", "-tahun_awal")
        .first()
    )


def dasbor(tahun: int, triwulan: int, opd: Iterable[Opd] | None = None) -> Dasbor:
    """Everything the dashboard shows for ``tahun`` (heatmap of its four triwulan, IKD of the
    year) and ``triwulan`` (KPI, ranking, problem list), from the last rollup. Constant number
    of queries (module doc)."""
    daftar = list(opd) if opd is not None else opd_aktif()
    ids = [o.pk for o in daftar]
    ringkasan = {
        (r.opd_id, r.triwulan): r
        for r in RingkasanOpd.objects.filter(tahun=tahun, opd_id__in=ids).order_by()
    }
    per_status = _per_status(tahun, ids)
    bands = skema_predikat_aktif()
    warna = warna_predikat()
    sekarang = timezone.now()
    belum_dibuka = {
        tw
        for tw, buka in JadwalPelaporan.objects.filter(tahun=tahun).values_list(
            "triwulan", "tanggal_buka"
        )
        if buka > sekarang
    }

    heatmap: list[BarisHeatmap] = []
    for o in daftar:
        sel = []
        for tw in LABEL_TW:
            r = ringkasan.get((o.pk, tw))
            st = per_status.get((o.pk, tw), {})
            sel.append(
                SelHeatmap(
                    opd=o,
                    tahun=tahun,
                    triwulan=tw,
                    keadaan=keadaan_laporan(st, tw in belum_dibuka),
                    jumlah_iku=sum(st.values()),
                    per_status=st,
                    terlambat=r.jumlah_terlambat if r else 0,
                    dikembalikan=r.jumlah_dikembalikan if r else 0,
                    kelengkapan=r.kelengkapan_persen if r else None,
                    terpilih=tw == triwulan,
                )
            )
        heatmap.append(BarisHeatmap(o, sel))

    # KPI and ranking of the chosen triwulan.
    kini = [r for (opd_id, tw), r in ringkasan.items() if tw == triwulan]
    jumlah_iku = sum(r.jumlah_iku for r in kini)
    terisi = sum(r.jumlah_terisi for r in kini)
    diverifikasi = sum(r.jumlah_diverifikasi for r in kini)
    n_capaian = sum(r.jumlah_capaian for r in kini if r.rata_rata_capaian is not None)
    total_capaian = sum(
        (r.rata_rata_capaian * r.jumlah_capaian for r in kini if r.rata_rata_capaian is not None),
        Decimal(0),
    )
    kpi = Kpi(
        jumlah_opd=len(daftar),
        opd_dengan_data=sum(1 for r in kini if r.jumlah_iku),
        opd_lengkap=sum(1 for r in kini if r.jumlah_iku and r.jumlah_terisi == r.jumlah_iku),
        opd_terverifikasi=sum(
            1 for r in kini if r.jumlah_iku and r.jumlah_diverifikasi == r.jumlah_iku
        ),
        jumlah_iku=jumlah_iku,
        iku_terisi=terisi,
        iku_diverifikasi=diverifikasi,
        persen_lengkap=_persen(terisi, jumlah_iku),
        persen_terverifikasi=_persen(diverifikasi, jumlah_iku),
        opd_terlambat=sum(1 for r in kini if r.jumlah_terlambat),
        iku_terlambat=sum(r.jumlah_terlambat for r in kini),
        opd_dikembalikan=sum(1 for r in kini if r.jumlah_dikembalikan),
        iku_dikembalikan=sum(r.jumlah_dikembalikan for r in kini),
        rata_rata_capaian=(total_capaian / n_capaian) if n_capaian else None,
    )

    per_opd = {o.pk: o for o in daftar}

    def _kunci_peringkat(o: Opd) -> tuple[bool, Decimal, str]:
        # Highest mean first; OPDs without a computable mean last, by kode.
        r = ringkasan.get((o.pk, triwulan))
        rata = r.rata_rata_capaian if r is not None else None
        return (rata is None, -(rata if rata is not None else Decimal(0)), o.kode)

    urut = sorted(daftar, key=_kunci_peringkat)
    peringkat: list[BarisPeringkat] = []
    for i, o in enumerate(urut, start=1):
        r = ringkasan.get((o.pk, triwulan))
        rata = r.rata_rata_capaian if r else None
        pred = _predikat(rata, bands)
        peringkat.append(
            BarisPeringkat(
                peringkat=i if rata is not None else None,
                opd=o,
                rata_rata=rata,
                jumlah_capaian=r.jumlah_capaian if r else 0,
                jumlah_iku=r.jumlah_iku if r else 0,
                predikat=pred,
                warna=warna.get(pred.kode, WARNA_TANPA_PREDIKAT) if pred else WARNA_TANPA_PREDIKAT,
            )
        )

    keterlambatan = []
    for tw in LABEL_TW:
        rows = [r for (_, q), r in ringkasan.items() if q == tw]
        keterlambatan.append(
            BarisKeterlambatan(
                triwulan=tw,
                opd_terlambat=sum(1 for r in rows if r.jumlah_terlambat),
                iku_terlambat=sum(r.jumlah_terlambat for r in rows),
                opd_dikembalikan=sum(1 for r in rows if r.jumlah_dikembalikan),
                iku_dikembalikan=sum(r.jumlah_dikembalikan for r in rows),
                terpilih=tw == triwulan,
            )
        )
    bermasalah = [
        OpdBermasalah(
            opd=per_opd[r.opd_id],
            terlambat=r.jumlah_terlambat,
            dikembalikan=r.jumlah_dikembalikan,
            url=url_antrian(tahun, triwulan, per_opd[r.opd_id].schema_name),
        )
        for r in sorted(kini, key=lambda r: per_opd[r.opd_id].kode)
        if r.jumlah_terlambat or r.jumlah_dikembalikan
    ]

    status_total: dict[str, int] = defaultdict(int)
    for (_, tw), st in per_status.items():
        if tw == triwulan:
            for s, n in st.items():
                status_total[s] += n
    status = [
        BarisStatus(s.value, status_total.get(s.value, 0))
        for s in StatusSnapshot
        if s.value in status_total
    ]

    periode = periode_rpjmd_untuk(tahun)
    diperbarui = [r.diperbarui for r in ringkasan.values()]
    return Dasbor(
        tahun=tahun,
        triwulan=triwulan,
        kpi=kpi,
        heatmap=heatmap,
        peringkat=peringkat,
        keterlambatan=keterlambatan,
        bermasalah=bermasalah,
        status=status,
        periode_rpjmd=periode,
        aspek=_aspek(periode, tahun, warna),
        rollup_terakhir=_rollup_terakhir(),
        data_diperbarui=max(diperbarui) if diperbarui else None,
    )


@dataclass(frozen=True)
class RingkasanPanel:
    """The few numbers of the home-page panel."""

    tahun: int
    triwulan: int
    jumlah_opd: int
    persen_lengkap: Decimal | None
    persen_terverifikasi: Decimal | None
    opd_terlambat: int
    opd_dikembalikan: int
    menunggu_verifikasi: int

    @property
    def periode(self) -> str:
        return label_periode(self.tahun, self.triwulan)

    @property
    def persen_lengkap_tampil(self) -> str:
        return _tampil(self.persen_lengkap, 1)

    @property
    def persen_terverifikasi_tampil(self) -> str:
        return _tampil(self.persen_terverifikasi, 1)

    @property
    def url_antrian(self) -> str:
        return url_antrian(self.tahun, self.triwulan)


def ringkasan_panel(tahun: int, triwulan: int) -> RingkasanPanel:
    """Province-wide totals of one triwulan for the Wagtail home page (three queries)."""
    daftar = opd_aktif()
    ids = [o.pk for o in daftar]
    kini = list(RingkasanOpd.objects.filter(tahun=tahun, triwulan=triwulan, opd_id__in=ids))
    menunggu = SnapshotIku.objects.filter(
        tahun=tahun,
        triwulan=triwulan,
        opd_id__in=ids,
        status=StatusSnapshot.DISETUJUI,
    ).count()
    jumlah_iku = sum(r.jumlah_iku for r in kini)
    return RingkasanPanel(
        tahun=tahun,
        triwulan=triwulan,
        jumlah_opd=len(daftar),
        persen_lengkap=_persen(sum(r.jumlah_terisi for r in kini), jumlah_iku),
        persen_terverifikasi=_persen(sum(r.jumlah_diverifikasi for r in kini), jumlah_iku),
        opd_terlambat=sum(1 for r in kini if r.jumlah_terlambat),
        opd_dikembalikan=sum(1 for r in kini if r.jumlah_dikembalikan),
        menunggu_verifikasi=menunggu,
    )
