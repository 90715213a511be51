"""Demo realisasi: quarterly reports of every demo OPD, written through the workflow services
(so they carry a real audit trail), dated inside each quarter's reporting window.

- Quarters of the demo years that are over and whose window is locked: the whole chain (filled,
  submitted — a few OPDs late —, approved, verified; one IKU per OPD returned once by Bappeda
  and corrected).
- The quarter being reported now (the latest ended quarter): every OPD at a different step, so
  the dashboard, the verification queue and the reminders have something to show; its window
  is moved so that it is open today (a demo must be usable on the day it is installed).

Values are deterministic (a hash of OPD, IKU and quarter), near the quarterly target.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from kinerja.daerah.models import JadwalPelaporan
from kinerja.demo.data import BAPPEDA_USERS, OPDS, SHOWCASE_OPDS, DemoOpd
from kinerja.engine.alur import Aksi, Peran
from kinerja.engine.jadwal import WITA
from kinerja.opd.models import Iku, JejakAudit, RealisasiIku, TargetIku
from kinerja.opd.realisasi import (
    BarisInput,
    Pelaku,
    RealisasiInput,
    realisasi_aksi,
    realisasi_aksi_triwulan,
    realisasi_simpan_banyak,
)

PENDORONG = (
    "Koordinasi lintas bidang berjalan baik dan anggaran tersedia tepat waktu.",
    "Dukungan pemerintah kabupaten/kota dan partisipasi masyarakat meningkat.",
    "Pemanfaatan aplikasi daring mempercepat pelayanan dan pendataan.",
)
PENGHAMBAT = (
    "Akses transportasi ke wilayah perbatasan dan pedalaman terbatas.",
    "Keterlambatan pencairan anggaran pada awal tahun.",
    "Jumlah tenaga teknis belum sebanding dengan cakupan wilayah.",
)
TINDAK_LANJUT = (
    "Menjadwalkan ulang kegiatan ke triwulan berikutnya dan memperkuat pendampingan.",
    "Mengusulkan penambahan tenaga teknis dan memperbarui SOP pelayanan.",
    "Meningkatkan koordinasi dengan kabupaten/kota melalui rapat evaluasi bulanan.",
)

# Step the current quarter has reached, by OPD position (showcase OPDs are fixed below).
_LANGKAH = ("kosong", "draf", "diajukan", "disetujui", "diverifikasi")


def _acak(*bagian: object) -> int:
    return int(hashlib.sha256("|".join(map(str, bagian)).encode()).hexdigest()[:8], 16)


def _pelaku(opd: DemoOpd) -> dict[str, Pelaku]:
    verifikator = next(u for u, role in BAPPEDA_USERS if role == "Verifikator Bappeda")
    return {
        "operator": Pelaku(
            f"Operator {opd.singkatan} (operator)", None, "opd", frozenset({Peran.OPERATOR})
        ),
        "kepala": Pelaku(
            f"Kepala {opd.singkatan} (kepala)", None, "opd", frozenset({Peran.KEPALA})
        ),
        "bappeda": Pelaku(
            f"Verifikator Bappeda ({verifikator})", None, "bappeda", frozenset({Peran.VERIFIKATOR})
        ),
    }


def _nilai(iku: Iku, target: TargetIku | None, seed: int) -> RealisasiInput:
    """A plausible realisasi near the quarter's target."""
    teks = {
        "faktor_pendorong": PENDORONG[seed % 3],
        "faktor_penghambat": PENGHAMBAT[(seed // 3) % 3],
        "tindak_lanjut": TINDAK_LANJUT[(seed // 9) % 3],
    }
    if target is None:
        return RealisasiInput(**teks)
    if iku.polaritas == "kualitatif":
        return RealisasiInput(nilai_kualitatif=target.nilai_kualitatif, **teks)
    if target.nilai is None:
        return RealisasiInput(**teks)
    dasar = target.nilai
    if iku.polaritas == "rentang" and target.nilai_max is not None:
        dasar = (target.nilai + target.nilai_max) / 2
    # 0.84 .. 1.08 of the target; for "negatif" (lower is better) the same spread around it.
    faktor = Decimal(84 + seed % 25) / 100
    tempat = max(-dasar.normalize().as_tuple().exponent, 0) if dasar else 0  # type: ignore[operator]
    tempat = min(max(tempat, 0), 2)
    nilai = (dasar * faktor).quantize(Decimal(1).scaleb(-tempat), rounding=ROUND_HALF_UP)
    return RealisasiInput(nilai=nilai, **teks)


def _isi(
    opd: DemoOpd, tahun: int, triwulan: int, sekarang: datetime, lengkap: bool = True
) -> list[RealisasiIku]:
    ikus = list(Iku.objects.filter(aktif=True).order_by("kode"))
    if not ikus:
        return []
    target = {t.iku_id: t for t in TargetIku.objects.filter(tahun=tahun, triwulan=triwulan)}
    baris = [
        BarisInput(
            iku.pk, _nilai(iku, target.get(iku.pk), _acak(opd.schema, iku.kode, tahun, triwulan))
        )
        for iku in (ikus if lengkap else ikus[:-1])
    ]
    hasil = realisasi_simpan_banyak(
        _pelaku(opd)["operator"], tahun, triwulan, baris, sekarang=sekarang
    )
    return [h.realisasi for h in hasil]


def _alur_penuh(
    opd: DemoOpd, jadwal: JadwalPelaporan, sampai: str, indeks: int, kembalikan_satu: bool
) -> None:
    """Fill and move one OPD's quarter up to step ``sampai``, dated inside the window."""
    orang = _pelaku(opd)
    tahun, tw = jadwal.tahun, jadwal.triwulan
    mulai = jadwal.tanggal_buka + timedelta(days=2 + indeks % 5, hours=9)
    if sampai == "kosong":
        return
    items = _isi(opd, tahun, tw, mulai, lengkap=sampai != "draf")
    if sampai == "draf" or not items:
        return
    # Every seventh OPD reports a few days after the deadline.
    ajukan = (
        jadwal.batas_waktu + timedelta(days=2)
        if indeks % 7 == 3
        else min(mulai + timedelta(days=3), jadwal.batas_waktu - timedelta(hours=1))
    )
    realisasi_aksi_triwulan(orang["operator"], Aksi.AJUKAN, tahun, tw, sekarang=ajukan)
    if sampai == "diajukan":
        return
    setuju = ajukan + timedelta(days=1)
    realisasi_aksi_triwulan(orang["kepala"], Aksi.SETUJUI, tahun, tw, sekarang=setuju)
    if sampai == "disetujui":
        return
    verif = setuju + timedelta(days=2)
    if kembalikan_satu:
        item = items[0]
        item.refresh_from_db()
        realisasi_aksi(
            orang["bappeda"],
            Aksi.KEMBALIKAN,
            {item.pk: None},
            "Bukti dukung belum memuat rekapitulasi per kabupaten/kota; mohon dilengkapi.",
            sekarang=verif,
        )
        perbaikan = verif + timedelta(days=1)
        realisasi_aksi(orang["operator"], Aksi.AJUKAN, {item.pk: None}, sekarang=perbaikan)
        realisasi_aksi(orang["kepala"], Aksi.SETUJUI, {item.pk: None}, sekarang=perbaikan)
        verif = perbaikan + timedelta(days=1)
    realisasi_aksi_triwulan(orang["bappeda"], Aksi.VERIFIKASI, tahun, tw, sekarang=verif)


def triwulan_berjalan(sekarang: datetime) -> tuple[int, int]:
    """The quarter being reported at ``sekarang``: the latest quarter that has ended (WITA)."""
    w = sekarang.astimezone(WITA)
    tw = (w.month - 1) // 3  # quarters fully ended this year
    return (w.year - 1, 4) if tw == 0 else (w.year, tw)


def _buka_untuk_demo(jadwal: JadwalPelaporan, sekarang: datetime) -> None:
    """Keep the current quarter's window open for a while after installation."""
    if jadwal.tanggal_kunci >= sekarang + timedelta(days=7):
        return
    hari = sekarang.astimezone(WITA).replace(hour=23, minute=59, second=59, microsecond=0)
    jadwal.tanggal_buka = min(jadwal.tanggal_buka, sekarang - timedelta(days=7))
    jadwal.batas_waktu = max(jadwal.batas_waktu, hari + timedelta(days=14))
    jadwal.tanggal_kunci = max(jadwal.tanggal_kunci, hari + timedelta(days=28))
    jadwal.save()


def realisasi_seed(
    opds: tuple[DemoOpd, ...],
    *,
    sekarang: datetime | None = None,
    log: Callable[[str], None] = print,
) -> Counter[str]:
    """Seed realisasi for ``opds`` (idempotent: an OPD that already has realisasi is left
    alone). Returns counts per step."""
    sekarang = sekarang or timezone.now()
    connection.set_schema_to_public()
    tahun_kini, tw_kini = triwulan_berjalan(sekarang)
    jadwal_all = list(JadwalPelaporan.objects.order_by("tahun", "triwulan"))
    kini = next((j for j in jadwal_all if (j.tahun, j.triwulan) == (tahun_kini, tw_kini)), None)
    if kini is not None:
        _buka_untuk_demo(kini, sekarang)
    lampau = [j for j in jadwal_all if j.tanggal_kunci < sekarang and j is not kini]
    stats: Counter[str] = Counter()
    posisi = {o.schema: i for i, o in enumerate(OPDS)}
    for opd in opds:
        # Position in the whole province list, so a subset seeds each OPD the same way.
        indeks = posisi.get(opd.schema, 0)
        with schema_context(opd.schema):
            if RealisasiIku.objects.exists() or not Iku.objects.exists():
                continue
            tahun_renstra = set(
                Iku.objects.values_list("sasaran__tujuan__renstra__tahun_awal", flat=True)
            )
            with transaction.atomic():
                for jadwal in lampau:
                    if jadwal.tahun < min(tahun_renstra, default=jadwal.tahun):
                        continue
                    _alur_penuh(
                        opd,
                        jadwal,
                        "diverifikasi",
                        indeks,
                        opd.schema in SHOWCASE_OPDS or indeks % 4 == 1,
                    )
                    stats["triwulan_lampau"] += 1
                if kini is not None:
                    if opd.schema in SHOWCASE_OPDS:
                        langkah = "draf" if opd.schema == SHOWCASE_OPDS[0] else "disetujui"
                    else:
                        langkah = _LANGKAH[indeks % len(_LANGKAH)]
                    _alur_penuh(opd, kini, langkah, indeks, False)
                    stats[f"kini_{langkah}"] += 1
            stats["audit"] += JejakAudit.objects.count()
    connection.set_schema_to_public()
    if stats:
        log(
            f"  Realisasi: {stats['triwulan_lampau']} laporan triwulan lampau, triwulan berjalan "
            f"{tw_kini}/{tahun_kini} di berbagai tahap."
        )
    return stats
