"""Read side of Bappeda's verification screens (public domain): the cross-OPD queue of one
tahun + triwulan and the full picture of one realisasi.

The realisasi rows live in the OPD schemas. Until the rollup (issue 6) feeds a queue from
snapshots in ``public``, :func:`antrian_verifikasi` visits every active OPD schema in turn with
``schema_context``. Cost: a constant number of public queries (registry, scales, predikat
bands) plus at most **two queries per OPD** (its realisasi of the year up to the triwulan with
the evidence count annotated, and the IKU targets of that year, prefetched), whatever the number
of items. (django-tenants also sends a ``SET search_path`` before each query, as everywhere in
this project since ``TENANT_LIMIT_SET_CALLS`` is off.) For ~30 OPDs that is ~60 small indexed
queries. A single
``UNION ALL`` over the schemas would save round trips but needs SQL assembled from schema
names; that is left to the rollup.

Never pass a schema name from a URL to ``schema_context`` directly: :func:`opd_untuk_schema`
looks it up in the registry first and callers use the registry row's ``schema_name``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django_tenants.utils import get_public_schema_name, schema_context

from kinerja.choices import Polaritas
from kinerja.daerah.models import SkalaKualitatif, TingkatKualitatif
from kinerja.daerah.selectors import skema_predikat_aktif
from kinerja.daerah.services import skala_engine
from kinerja.engine import CapaianResult, PredikatBand, format_angka
from kinerja.engine import SkalaKualitatif as EngineSkala
from kinerja.engine.alur import LABEL_STATUS, Status
from kinerja.engine.jadwal import Jendela, format_tanggal, label_periode
from tenants.models import Opd

__all__ = [
    "Antrian",
    "BarisVerifikasi",
    "DetailVerifikasi",
    "RingkasanOpd",
    "antrian_verifikasi",
    "detail_verifikasi",
    "opd_aktif",
    "opd_untuk_schema",
    "peta_skala",
]

# Schema names the registry accepts (tenants.services.validate_schema_name): lowercase letters,
# digits and underscores. Anything else is refused before the registry is even asked.
_POLA_SKEMA = re.compile(r"[a-z][a-z0-9_]{0,62}")


def opd_aktif() -> list[Opd]:
    """Active OPDs (the public row of the province excluded), by kode."""
    return list(
        Opd.objects.filter(aktif=True)
        .exclude(schema_name=get_public_schema_name())
        .order_by("kode")
    )


def opd_untuk_schema(schema: str) -> Opd | None:
    """The active OPD whose schema is exactly ``schema``; None for anything else (public, the
    clone base, unknown, inactive, malformed). The registry is the allow-list: callers switch to
    the returned row's ``schema_name``, never to the text they were given."""
    if not isinstance(schema, str) or not _POLA_SKEMA.fullmatch(schema):
        return None
    if schema in {get_public_schema_name(), getattr(settings, "TENANT_BASE_SCHEMA", "")}:
        return None
    return Opd.objects.filter(schema_name=schema, aktif=True).first()


def peta_skala() -> dict[int, EngineSkala]:
    """Every qualitative scale (public) in engine form by id, read once (2 queries) so that the
    capaian of kualitatif IKU does not look its scale up per row."""
    hasil: dict[int, EngineSkala] = {}
    qs = SkalaKualitatif.objects.prefetch_related(
        Prefetch("tingkat", queryset=TingkatKualitatif.objects.order_by("-skor"))
    )
    for skala in qs:
        engine = skala_engine(skala)
        if engine is not None:
            hasil[skala.pk] = engine
    return hasil


def _waktu(waktu: datetime | None) -> str:
    return format_tanggal(waktu) if waktu else ""


def _teks_nilai(nilai: Decimal | None, label: str, polaritas: str) -> str:
    if polaritas == Polaritas.KUALITATIF:
        return (label or "").strip()
    return "" if nilai is None else format_angka(nilai, None)


@dataclass(frozen=True)
class CapaianTampil:
    """The capaian of an IKU up to the item's triwulan, ready to show."""

    acuan: str
    target: str
    capaian: CapaianResult
    predikat: PredikatBand | None

    @property
    def capaian_tampil(self) -> str:
        return "" if self.capaian.nilai is None else format_angka(self.capaian.nilai, 2)

    @property
    def keterangan(self) -> str:
        if self.capaian.nilai is None:
            return self.capaian.alasan or ""
        return self.capaian.formula + (" (dibatasi 0)" if self.capaian.dibatasi_nol else "")


def _capaian(
    iku: Any,
    tahun: int,
    triwulan: int,
    nilai_per_tw: dict[int, Decimal | str | None],
    skala: dict[int, EngineSkala],
    bands: Sequence[PredikatBand],
) -> CapaianTampil:
    from kinerja.opd.selectors import capaian_iku, teks_target

    hasil = capaian_iku(
        iku,
        tahun,
        nilai_per_tw,
        triwulan_berjalan=triwulan,
        skala=skala.get(iku.skala_id) if iku.skala_id else None,
        bands=bands,
    )
    if iku.polaritas == Polaritas.KUALITATIF:
        target = hasil.target_kualitatif or ""
    else:
        target = teks_target(hasil.target, hasil.target_max, "", iku.polaritas)
    return CapaianTampil(hasil.acuan, target, hasil.capaian, hasil.predikat)


def _nilai_per_tw(baris: Iterable[Any]) -> dict[int, dict[int, Decimal | str | None]]:
    """iku_id → {triwulan: reported value} (the label for kualitatif IKU). Values are taken as
    reported, whatever their status: the verifikator judges what the OPD reports."""
    hasil: dict[int, dict[int, Decimal | str | None]] = defaultdict(dict)
    for r in baris:
        nilai: Decimal | str | None = (
            (r.nilai_kualitatif or None) if r.iku.polaritas == Polaritas.KUALITATIF else r.nilai
        )
        hasil[r.iku_id][r.triwulan] = nilai
    return hasil


# --- the queue ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BarisVerifikasi:
    """One realisasi of one OPD in the queue (plain values: safe to render after the schema
    switch is over)."""

    opd: Opd
    id: int
    versi: int
    revisi: int
    iku_kode: str
    iku_nama: str
    satuan: str
    status: str
    realisasi: str
    capaian: CapaianTampil
    diajukan_pada: str
    disetujui_pada: str
    diverifikasi_pada: str
    terlambat: bool
    jumlah_bukti: int
    jumlah_dikembalikan: int

    @property
    def status_label(self) -> str:
        return LABEL_STATUS[Status(self.status)]


@dataclass
class RingkasanOpd:
    """Items per status of one OPD in the chosen triwulan (all statuses, whatever the filter)."""

    opd: Opd
    per_status: dict[str, int] = field(default_factory=dict)

    @property
    def disetujui(self) -> int:
        return self.per_status.get(Status.DISETUJUI, 0)

    @property
    def jumlah(self) -> int:
        return sum(self.per_status.values())

    def jumlah_status(self) -> list[tuple[str, int]]:
        return [(LABEL_STATUS[s], self.per_status.get(s, 0)) for s in Status]


@dataclass
class Antrian:
    tahun: int
    triwulan: int
    baris: list[BarisVerifikasi]
    ringkasan: list[RingkasanOpd]

    @property
    def periode(self) -> str:
        return label_periode(self.tahun, self.triwulan)


def _baris_opd(
    opd: Opd,
    tahun: int,
    triwulan: int,
    status: str | None,
    skala: dict[int, EngineSkala],
    bands: Sequence[PredikatBand],
) -> tuple[list[BarisVerifikasi], RingkasanOpd]:
    """Read one OPD; call inside its ``schema_context``. Two queries at most."""
    from kinerja.opd.models import RealisasiIku, TargetIku

    semua = list(
        RealisasiIku.objects.filter(tahun=tahun, triwulan__lte=triwulan)
        .select_related("iku")
        .annotate(
            jumlah_bukti=Count(
                "bukti",
                filter=Q(bukti__dihapus_pada__isnull=True),
            )
        )
        .prefetch_related(
            Prefetch("iku__target", queryset=TargetIku.objects.filter(tahun=tahun)),
        )
        .order_by("iku__kode", "triwulan")
    )
    nilai = _nilai_per_tw(semua)
    ringkasan = RingkasanOpd(opd)
    hasil: list[BarisVerifikasi] = []
    for r in semua:
        if r.triwulan != triwulan:
            continue
        ringkasan.per_status[r.status] = ringkasan.per_status.get(r.status, 0) + 1
        if status and r.status != status:
            continue
        hasil.append(
            BarisVerifikasi(
                opd=opd,
                id=r.pk,
                versi=r.versi,
                revisi=r.revisi,
                iku_kode=r.iku.kode,
                iku_nama=r.iku.nama,
                satuan=r.iku.satuan,
                status=r.status,
                realisasi=_teks_nilai(r.nilai, r.nilai_kualitatif, r.iku.polaritas),
                capaian=_capaian(r.iku, tahun, triwulan, nilai[r.iku_id], skala, bands),
                diajukan_pada=_waktu(r.diajukan_pada),
                disetujui_pada=_waktu(r.disetujui_pada),
                diverifikasi_pada=_waktu(r.diverifikasi_pada),
                terlambat=r.terlambat,
                jumlah_bukti=r.jumlah_bukti,
                jumlah_dikembalikan=r.jumlah_dikembalikan,
            )
        )
    return hasil, ringkasan


def antrian_verifikasi(
    tahun: int,
    triwulan: int,
    *,
    opd: Sequence[Opd] | None = None,
    status: str | None = Status.DISETUJUI,
) -> Antrian:
    """The verification queue of ``tahun`` + ``triwulan`` across ``opd`` (default: every active
    OPD), filtered by ``status`` (default disetujui = waiting for Bappeda; None = every status).
    Each row carries the realisasi, the capaian up to that triwulan against its target (engine,
    active predikat scheme), workflow times in WITA, the late flag and the evidence count; the
    summary counts every status per OPD. Queries: constant + at most 2 per OPD (module doc)."""
    daftar = list(opd) if opd is not None else opd_aktif()
    skala = peta_skala()
    bands = skema_predikat_aktif()
    baris: list[BarisVerifikasi] = []
    ringkasan: list[RingkasanOpd] = []
    for o in daftar:
        with schema_context(o.schema_name):
            b, r = _baris_opd(o, tahun, triwulan, status, skala, bands)
        baris.extend(b)
        ringkasan.append(r)
    return Antrian(tahun, triwulan, baris, ringkasan)


# --- one item -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuktiTampil:
    id: str
    nama_berkas: str
    jenis: str
    ukuran: int
    keterangan: str
    revisi: int
    diunggah_oleh: str
    diunggah_pada: str
    dihapus: bool
    dihapus_pada: str


# How the audit actions of kinerja.opd.realisasi read on the screen.
LABEL_AKSI_JEJAK = {
    "buat": "Dibuat",
    "ubah": "Diubah",
    "impor": "Diimpor",
    "ajukan": "Diajukan",
    "setujui": "Disetujui",
    "kembalikan": "Dikembalikan",
    "verifikasi": "Diverifikasi",
    "buka_kembali": "Dibuka kembali",
    "revisi": "Revisi baru",
    "bukti_tambah": "Bukti ditambah",
    "bukti_hapus": "Bukti dihapus",
}


@dataclass(frozen=True)
class JejakTampil:
    waktu: str
    pengguna: str
    sumber: str
    ip: str
    aksi: str
    revisi: int | None
    kolom: str
    nilai_lama: str
    nilai_baru: str
    catatan: str


@dataclass(frozen=True)
class RevisiTampil:
    revisi: int
    data: dict[str, Any]
    alasan_buka: str
    dibuka_oleh: str
    dibuka_pada: str

    @property
    def status_label(self) -> str:
        try:
            return LABEL_STATUS[Status(self.data.get("status", ""))]
        except ValueError:
            return str(self.data.get("status", ""))

    @property
    def nilai_tampil(self) -> str:
        label = self.data.get("nilai_kualitatif") or ""
        if label:
            return str(label)
        nilai = self.data.get("nilai")
        if nilai in (None, ""):
            return ""
        try:
            return format_angka(Decimal(str(nilai)), None)
        except ArithmeticError:
            return str(nilai)

    @property
    def bukti(self) -> list[dict[str, Any]]:
        return list(self.data.get("bukti") or [])

    @property
    def waktu(self) -> list[tuple[str, str, str]]:
        """(label, when in WITA, who) of the frozen workflow steps that happened."""
        hasil = []
        for label, kunci in (
            ("Diajukan", "diajukan"),
            ("Disetujui Kepala OPD", "disetujui"),
            ("Diverifikasi Bappeda", "diverifikasi"),
        ):
            teks = str(self.data.get(f"{kunci}_pada") or "")
            if not teks:
                continue
            # An unreadable stored time is shown as stored rather than hidden.
            with suppress(ValueError):
                teks = format_tanggal(datetime.fromisoformat(teks))
            hasil.append((label, teks, str(self.data.get(f"{kunci}_oleh") or "")))
        return hasil


@dataclass(frozen=True)
class DetailVerifikasi:
    """Everything the item page shows, read inside the OPD's schema and fully materialised (the
    page is rendered after switching back to ``public``)."""

    opd: Opd
    id: int
    versi: int
    revisi: int
    tahun: int
    triwulan: int
    status: str
    iku_kode: str
    iku_nama: str
    satuan: str
    polaritas_label: str
    tipe_perhitungan_label: str
    realisasi: str
    faktor_pendorong: str
    faktor_penghambat: str
    tindak_lanjut: str
    capaian: CapaianTampil
    waktu: list[tuple[str, str, str]]  # (label, when, who)
    terlambat: bool
    catatan_pengembalian: str
    jumlah_dikembalikan: int
    batas_koreksi: str
    jendela: Jendela | None
    bukti: list[BuktiTampil]
    jejak: list[JejakTampil]
    revisi_lama: list[RevisiTampil]

    @property
    def status_label(self) -> str:
        return LABEL_STATUS[Status(self.status)]

    @property
    def periode(self) -> str:
        return label_periode(self.tahun, self.triwulan)

    @property
    def bukti_aktif(self) -> list[BuktiTampil]:
        return [b for b in self.bukti if not b.dihapus]

    @property
    def bukti_dihapus(self) -> list[BuktiTampil]:
        return [b for b in self.bukti if b.dihapus]


def detail_verifikasi(opd: Opd, realisasi_id: int) -> DetailVerifikasi | None:
    """One realisasi of ``opd`` with its evidence (soft-deleted ones flagged), audit trail,
    earlier revisions, computed capaian and effective window; None when it does not exist.
    Read through the OPD item page's own read model
    (:func:`kinerja.opd.realisasi_selectors.realisasi_detail`, every evidence file and audit
    row) and materialised here. Call inside ``schema_context(opd.schema_name)``."""
    from kinerja.opd.models import RealisasiIku
    from kinerja.opd.realisasi_selectors import realisasi_detail

    item = RealisasiIku.objects.select_related("iku").filter(pk=realisasi_id).first()
    if item is None:
        return None
    iku = item.iku
    d = realisasi_detail(iku, item.tahun, item.triwulan, item, bukti_dihapus=True, maks_jejak=None)
    hasil = d.capaian
    capaian = CapaianTampil(hasil.acuan, d.target_sd, hasil.capaian, hasil.predikat)
    waktu = [
        ("Pertama diajukan", _waktu(item.diajukan_pertama_pada), ""),
        ("Diajukan", _waktu(item.diajukan_pada), item.diajukan_oleh),
        ("Disetujui Kepala OPD", _waktu(item.disetujui_pada), item.disetujui_oleh),
        ("Diverifikasi Bappeda", _waktu(item.diverifikasi_pada), item.diverifikasi_oleh),
        ("Terakhir dikembalikan", _waktu(item.dikembalikan_pada), item.dikembalikan_oleh),
        ("Terakhir diubah", _waktu(item.diubah_pada), item.diubah_oleh),
    ]
    bukti = [
        BuktiTampil(
            id=str(b.pk),
            nama_berkas=b.nama_berkas,
            jenis=b.jenis,
            ukuran=b.ukuran,
            keterangan=b.keterangan,
            revisi=b.revisi,
            diunggah_oleh=b.diunggah_oleh,
            diunggah_pada=_waktu(b.diunggah_pada),
            dihapus=b.dihapus_pada is not None,
            dihapus_pada=_waktu(b.dihapus_pada),
        )
        for b in d.bukti
    ]
    jejak = [
        JejakTampil(
            waktu=_waktu(j.waktu),
            pengguna=j.pengguna,
            sumber=j.get_sumber_display(),
            ip=j.ip or "",
            aksi=LABEL_AKSI_JEJAK.get(j.aksi, j.aksi),
            revisi=j.revisi,
            kolom=j.kolom,
            nilai_lama=j.nilai_lama,
            nilai_baru=j.nilai_baru,
            catatan=j.catatan,
        )
        for j in d.jejak
    ]
    revisi_lama = [
        RevisiTampil(
            revisi=r.revisi,
            data=dict(r.data or {}),
            alasan_buka=r.alasan_buka,
            dibuka_oleh=r.dibuka_oleh,
            dibuka_pada=_waktu(r.dibuka_pada),
        )
        for r in d.revisi_lama
    ]
    return DetailVerifikasi(
        opd=opd,
        id=item.pk,
        versi=item.versi,
        revisi=item.revisi,
        tahun=item.tahun,
        triwulan=item.triwulan,
        status=item.status,
        iku_kode=iku.kode,
        iku_nama=iku.nama,
        satuan=iku.satuan,
        polaritas_label=iku.get_polaritas_display(),
        tipe_perhitungan_label=iku.get_tipe_perhitungan_display(),
        realisasi=_teks_nilai(item.nilai, item.nilai_kualitatif, iku.polaritas),
        faktor_pendorong=item.faktor_pendorong,
        faktor_penghambat=item.faktor_penghambat,
        tindak_lanjut=item.tindak_lanjut,
        capaian=capaian,
        waktu=[w for w in waktu if w[1]],
        terlambat=item.terlambat,
        catatan_pengembalian=item.catatan_pengembalian,
        jumlah_dikembalikan=item.jumlah_dikembalikan,
        batas_koreksi=_waktu(item.batas_koreksi),
        jendela=d.jendela,
        bukti=bukti,
        jejak=jejak,
        revisi_lama=revisi_lama,
    )
