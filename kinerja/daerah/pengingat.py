"""Reporting reminders (public schema): who must be reminded, and sending each reminder once.

Kinds (``Pengingat.Jenis``): H-7/H-3/H-1 before an OPD's effective deadline and a late notice
after it (until the lock), to the OPD's Operator, Kepala OPD and Admin OPD; and a daily digest
to Bappeda (Verifikator / Admin Bappeda) while some OPD is late or has not submitted for a window
that is open or was locked less than 7 days ago. Which kind is due is the pure
:func:`kinerja.engine.jadwal.pengingat_jatuh_tempo`; extensions count (``jendela_opd``).

"Never twice" is a database fact: the ``Pengingat`` row is inserted first, inside a
transaction, and the e-mail is sent only when the insert succeeded; a second worker inserting
the same reminder waits on the unique index and then fails, so it sends nothing. A failed send
rolls the row back, so the next (hourly) run retries.

Selectors read one query per OPD schema for the IKU status, whatever the number of windows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from kinerja.daerah.models import JadwalPelaporan, Pengingat, PerpanjanganJadwal
from kinerja.engine.jadwal import (
    LABEL_PENGINGAT,
    WITA,
    Jendela,
    JenisPengingat,
    StatusJendela,
    format_tanggal,
    label_periode,
    pengingat_jatuh_tempo,
    sisa_hari,
    status_jendela,
)
from tenants import roles
from tenants.models import Opd
from tenants.selectors import opd_list, opd_primary_domain

logger = logging.getLogger(__name__)

__all__ = [
    "BarisDigest",
    "HasilPengingat",
    "RencanaKirim",
    "StatusLaporan",
    "baris_digest",
    "digest_terakhir",
    "jadwal_relevan",
    "laporan_berjalan_opd",
    "penerima_bappeda",
    "penerima_opd",
    "pengingat_kirim",
    "pengingat_opd",
    "rencana_pengingat",
    "status_pelaporan",
    "url_admin",
]

# The digest keeps listing a window for a week after its lock (late reports may still come in
# through extensions; Bappeda follows them up).
MASA_DIGEST = timedelta(days=7)
MAKS_KODE = 20
TANPA_PENERIMA = "tanpa penerima e-mail"
PERAN_PENERIMA_OPD = (roles.OPERATOR, roles.KEPALA_OPD, roles.ADMIN_OPD)
PERAN_PENERIMA_BAPPEDA = (roles.VERIFIKATOR, roles.ADMIN_BAPPEDA)

LABEL_STATUS_JENDELA: dict[StatusJendela, str] = {
    StatusJendela.TIDAK_ADA: "belum dijadwalkan",
    StatusJendela.BELUM_DIBUKA: "belum dibuka",
    StatusJendela.DIBUKA: "dibuka",
    StatusJendela.TERLAMBAT: "lewat batas waktu",
    StatusJendela.DITUTUP: "ditutup",
}

# Outcome of one planned reminder.
TERKIRIM = "terkirim"
SUDAH = "sudah"  # sent before (row exists): nothing to do
GAGAL = "gagal"  # sending failed: row rolled back, retried next run
AKAN = "akan dikirim"  # dry run


# --- status of the reporting ------------------------------------------------------------


@dataclass(frozen=True)
class StatusLaporan:
    """One OPD's state for one reporting window: its effective window, the number of active
    IKU due for that year and the codes of those not yet submitted (no realisasi, or draft)."""

    opd: Opd
    jadwal: JadwalPelaporan
    jendela: Jendela
    jumlah_iku: int
    belum: tuple[str, ...]

    @property
    def jumlah_belum(self) -> int:
        return len(self.belum)

    @property
    def periode(self) -> str:
        return label_periode(self.jadwal.tahun, self.jadwal.triwulan)

    def status(self, sekarang: datetime) -> StatusJendela:
        return status_jendela(self.jendela, sekarang)

    def terlambat(self, sekarang: datetime) -> bool:
        return sekarang > self.jendela.batas_waktu

    def hari_terlambat(self, sekarang: datetime) -> int:
        """Calendar days (WITA) past the deadline; at least 1 once it has passed."""
        if not self.terlambat(sekarang):
            return 0
        return max(1, -sisa_hari(sekarang, self.jendela.batas_waktu))

    def sisa_hari(self, sekarang: datetime) -> int:
        return sisa_hari(sekarang, self.jendela.batas_waktu)


def jadwal_relevan(sekarang: datetime) -> list[JadwalPelaporan]:
    """Windows that have opened and whose lock (or some OPD's extended lock) is less than
    :data:`MASA_DIGEST` ago. One query."""
    batas = sekarang - MASA_DIGEST
    return list(
        JadwalPelaporan.objects.filter(tanggal_buka__lte=sekarang)
        .filter(Q(tanggal_kunci__gte=batas) | Q(perpanjangan__tanggal_kunci__gte=batas))
        .distinct()
        .order_by("tahun", "triwulan")
    )


def _jendela_dasar(jadwal: JadwalPelaporan) -> Jendela:
    return Jendela(
        jadwal.tahun, jadwal.triwulan, jadwal.tanggal_buka, jadwal.batas_waktu, jadwal.tanggal_kunci
    )


def _jendela_per_opd(
    jadwal_list: Sequence[JadwalPelaporan], opds: Sequence[Opd]
) -> dict[tuple[int, int], Jendela]:
    """Effective window per (opd id, jadwal id). One query finds the pairs with an extension;
    only those go through ``jendela_opd`` (the single source of the extension rule)."""
    from kinerja.daerah.selectors import jendela_opd

    if not jadwal_list or not opds:
        return {}
    diperpanjang = set(
        PerpanjanganJadwal.objects.filter(jadwal__in=jadwal_list, opd__in=opds)
        .values_list("jadwal_id", "opd_id")
        .distinct()
    )
    hasil: dict[tuple[int, int], Jendela] = {}
    for opd in opds:
        for jadwal in jadwal_list:
            if (jadwal.pk, opd.pk) in diperpanjang:
                jendela = jendela_opd(opd.schema_name, jadwal.tahun, jadwal.triwulan)
                if jendela is None:  # pragma: no cover - the jadwal was just read
                    continue
            else:
                jendela = _jendela_dasar(jadwal)
            hasil[(opd.pk, jadwal.pk)] = jendela
    return hasil


def _belum_di_skema(
    schema: str, periode: Iterable[tuple[int, int]]
) -> dict[tuple[int, int], tuple[int, tuple[str, ...]]]:
    """For each (tahun, triwulan): (number of active IKU whose Renstra covers the year, codes of
    those without a submitted realisasi). ONE query in the OPD's schema for all periods."""
    from kinerja.opd.models import Iku, RealisasiIku, StatusRealisasi

    periode = sorted(set(periode))
    if not periode:
        return {}
    anotasi = {
        f"sudah_{tahun}_{tw}": Exists(
            RealisasiIku.objects.filter(iku=OuterRef("pk"), tahun=tahun, triwulan=tw).exclude(
                status=StatusRealisasi.DRAFT
            )
        )
        for tahun, tw in periode
    }
    with schema_context(schema):
        rows = list(
            Iku.objects.filter(aktif=True)
            .annotate(**anotasi)
            .values(
                "kode",
                "sasaran__tujuan__renstra__tahun_awal",
                "sasaran__tujuan__renstra__tahun_akhir",
                *anotasi,
            )
            .order_by("kode")
        )
    hasil: dict[tuple[int, int], tuple[int, tuple[str, ...]]] = {}
    for tahun, tw in periode:
        berlaku = [
            r
            for r in rows
            if r["sasaran__tujuan__renstra__tahun_awal"]
            <= tahun
            <= r["sasaran__tujuan__renstra__tahun_akhir"]
        ]
        belum = tuple(r["kode"] for r in berlaku if not r[f"sudah_{tahun}_{tw}"])
        hasil[(tahun, tw)] = (len(berlaku), belum)
    return hasil


def _relevan(jendela: Jendela, sekarang: datetime) -> bool:
    return jendela.buka <= sekarang and jendela.kunci >= sekarang - MASA_DIGEST


def status_pelaporan(
    sekarang: datetime, *, opds: Sequence[Opd] | None = None
) -> list[StatusLaporan]:
    """Every (active OPD, window) pair whose effective window has opened and was locked less
    than a week ago, with the IKU not yet submitted. Queries: the windows, the OPD list, the
    extensions, then one per OPD schema that has a relevant window (plus two per extension)."""
    jadwal_list = jadwal_relevan(sekarang)
    if not jadwal_list:
        return []
    opds = list(opd_list(aktif=True)) if opds is None else list(opds)
    jendela = _jendela_per_opd(jadwal_list, opds)
    hasil: list[StatusLaporan] = []
    for opd in opds:
        pasangan = [
            (j, jendela[(opd.pk, j.pk)])
            for j in jadwal_list
            if (opd.pk, j.pk) in jendela and _relevan(jendela[(opd.pk, j.pk)], sekarang)
        ]
        if not pasangan:
            continue
        belum = _belum_di_skema(opd.schema_name, [(j.tahun, j.triwulan) for j, _ in pasangan])
        for jadwal, jend in pasangan:
            jumlah, kode = belum[(jadwal.tahun, jadwal.triwulan)]
            hasil.append(StatusLaporan(opd, jadwal, jend, jumlah, kode))
    return hasil


def laporan_berjalan_opd(opd: Opd, sekarang: datetime) -> StatusLaporan | None:
    """The window an OPD is reporting in now (open for it, earliest deadline first), else the
    next one to open; None when Bappeda has scheduled neither. Constant number of queries."""
    jadwal_list = list(
        JadwalPelaporan.objects.filter(
            Q(tanggal_kunci__gte=sekarang)
            | Q(perpanjangan__opd=opd, perpanjangan__tanggal_kunci__gte=sekarang)
        )
        .distinct()
        .order_by("tahun", "triwulan")
    )
    jendela = _jendela_per_opd(jadwal_list, [opd])
    kandidat = [(j, jendela[(opd.pk, j.pk)]) for j in jadwal_list if (opd.pk, j.pk) in jendela]
    terbuka = sorted(
        (p for p in kandidat if p[1].buka <= sekarang <= p[1].kunci),
        key=lambda p: p[1].batas_waktu,
    )
    akan = sorted((p for p in kandidat if p[1].buka > sekarang), key=lambda p: p[1].buka)
    pilihan = (terbuka or akan or [None])[0]
    if pilihan is None:
        return None
    jadwal, jend = pilihan
    jumlah, kode = _belum_di_skema(opd.schema_name, [(jadwal.tahun, jadwal.triwulan)])[
        (jadwal.tahun, jadwal.triwulan)
    ]
    return StatusLaporan(opd, jadwal, jend, jumlah, kode)


def pengingat_opd(opd_id: int, batas: int = 10) -> QuerySet[Pengingat]:
    """The latest reminders sent to one OPD (for its dashboard only)."""
    return Pengingat.objects.filter(opd_id=opd_id).select_related("jadwal")[:batas]


def digest_terakhir(batas: int = 5) -> QuerySet[Pengingat]:
    """The latest daily digests to Bappeda."""
    return Pengingat.objects.filter(opd__isnull=True, jenis=Pengingat.Jenis.DIGEST)[:batas]


# --- recipients and texts ---------------------------------------------------------------


def _email_aktif(groups: Sequence[str]) -> list[str]:
    emails = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=groups)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted({e.strip() for e in emails if e and e.strip()})


def penerima_opd(schema: str) -> list[str]:
    """E-mail addresses of the active Operator, Kepala OPD and Admin OPD users of one OPD (read
    in the OPD's own schema, where its users live)."""
    with schema_context(schema):
        return _email_aktif(PERAN_PENERIMA_OPD)


def penerima_bappeda() -> list[str]:
    """E-mail addresses of the active Verifikator Bappeda and Admin Bappeda users (public)."""
    with schema_context(get_public_schema_name()):
        return _email_aktif(PERAN_PENERIMA_BAPPEDA)


def url_admin(domain: str | None, path: str = "/admin/") -> str:
    """Absolute admin URL on ``domain`` from ``KINERJA_ADMIN_BASE_URL_TEMPLATE``."""
    if not domain:
        return ""
    template = getattr(settings, "KINERJA_ADMIN_BASE_URL_TEMPLATE", "http://{domain}")
    return template.format(domain=domain).rstrip("/") + path


def _url_realisasi(opd: Opd, tahun: int, triwulan: int) -> str:
    return url_admin(
        opd_primary_domain(opd), f"/admin/kinerja-opd/realisasi/?tahun={tahun}&triwulan={triwulan}"
    )


def _judul_opd(jenis: JenisPengingat, st: StatusLaporan) -> str:
    if jenis == JenisPengingat.TERLAMBAT:
        return f"[Kinerja] Terlambat: realisasi IKU {st.periode} melewati batas waktu"
    return (
        f"[Kinerja] Pengingat {LABEL_PENGINGAT[jenis]}: realisasi IKU {st.periode} belum "
        f"diajukan (batas waktu {format_tanggal(st.jendela.batas_waktu, jam=False)})"
    )


def _isi_opd(jenis: JenisPengingat, st: StatusLaporan, sekarang: datetime) -> str:
    return render_to_string(
        "email/pengingat_opd.txt",
        {
            "jenis": jenis.value,
            "label": LABEL_PENGINGAT[jenis],
            "opd": st.opd,
            "periode": st.periode,
            "buka": format_tanggal(st.jendela.buka),
            "batas_waktu": format_tanggal(st.jendela.batas_waktu),
            "kunci": format_tanggal(st.jendela.kunci),
            "diperpanjang": st.jendela.diperpanjang,
            "sisa_hari": st.sisa_hari(sekarang),
            "hari_terlambat": st.hari_terlambat(sekarang),
            "jumlah_iku": st.jumlah_iku,
            "jumlah_belum": st.jumlah_belum,
            "kode": st.belum[:MAKS_KODE],
            "kode_lain": max(0, st.jumlah_belum - MAKS_KODE),
            "url": _url_realisasi(st.opd, st.jadwal.tahun, st.jadwal.triwulan),
        },
    ).strip()


@dataclass(frozen=True)
class BarisDigest:
    opd: str
    periode: str
    jumlah_belum: int
    jumlah_iku: int
    terlambat: bool
    hari_terlambat: int
    batas_waktu: str
    status: str


def baris_digest(statuses: Iterable[StatusLaporan], sekarang: datetime) -> list[BarisDigest]:
    """Rows of the digest (and of Bappeda's panel): every status with IKU not yet submitted,
    late ones first (most days late first)."""
    baris = [
        BarisDigest(
            opd=f"{st.opd.singkatan} — {st.opd.nama}",
            periode=st.periode,
            jumlah_belum=st.jumlah_belum,
            jumlah_iku=st.jumlah_iku,
            terlambat=st.terlambat(sekarang),
            hari_terlambat=st.hari_terlambat(sekarang),
            batas_waktu=format_tanggal(st.jendela.batas_waktu),
            status=LABEL_STATUS_JENDELA[st.status(sekarang)],
        )
        for st in statuses
        if st.belum
    ]
    return sorted(baris, key=lambda b: (not b.terlambat, -b.hari_terlambat, b.periode, b.opd))


def _isi_digest(baris: Sequence[BarisDigest], sekarang: datetime) -> str:
    return render_to_string(
        "email/pengingat_digest.txt",
        {
            "tanggal": format_tanggal(sekarang, jam=False),
            "waktu": format_tanggal(sekarang),
            "baris": baris,
            "jumlah_terlambat": sum(1 for b in baris if b.terlambat),
            "url": url_admin(getattr(settings, "PUBLIC_DOMAIN", "localhost")),
        },
    ).strip()


# --- planning and sending ---------------------------------------------------------------


@dataclass
class RencanaKirim:
    """One reminder due now (planned, then sent or skipped)."""

    jenis: str  # Pengingat.Jenis value
    opd: Opd | None
    jadwal: JadwalPelaporan | None
    tanggal: date
    judul: str = ""
    isi: str = ""
    penerima: list[str] = field(default_factory=list)
    hasil: str = ""

    @property
    def kunci(self) -> tuple[Any, ...]:
        if self.opd is None:
            return (self.jenis, self.tanggal)
        return (self.jadwal.pk if self.jadwal else None, self.opd.pk, self.jenis)

    def uraian(self) -> str:
        label = Pengingat.Jenis(self.jenis).label
        sasaran = (
            f"{self.opd.singkatan} {label_periode(self.jadwal.tahun, self.jadwal.triwulan)}"
            if self.opd is not None and self.jadwal is not None
            else f"Bappeda {self.tanggal:%d-%m-%Y}"
        )
        kepada = ", ".join(self.penerima) if self.penerima else TANPA_PENERIMA
        return f"[{label}] {sasaran} → {kepada}"


@dataclass
class HasilPengingat:
    sekarang: datetime
    rencana: list[RencanaKirim]

    def hitung(self) -> dict[str, int]:
        """Counts per outcome (JSON-friendly keys, returned by the Celery task)."""
        jumlah = {
            "terkirim": sum(1 for r in self.rencana if r.hasil == TERKIRIM),
            "sudah": sum(1 for r in self.rencana if r.hasil == SUDAH),
            "gagal": sum(1 for r in self.rencana if r.hasil == GAGAL),
            "akan_dikirim": sum(1 for r in self.rencana if not r.hasil),
        }
        jumlah["tanpa_penerima"] = sum(
            1 for r in self.rencana if r.hasil == TERKIRIM and not r.penerima
        )
        return jumlah


def _sudah_terkirim(jadwal_list: Sequence[JadwalPelaporan], tanggal: date) -> set[tuple[Any, ...]]:
    """Keys of reminders already recorded (one query): lets a run skip the work of building
    e-mails that will not be sent. The unique constraints remain the real guard."""
    rows = Pengingat.objects.filter(
        Q(opd__isnull=False, jadwal__in=jadwal_list)
        | Q(opd__isnull=True, jenis=Pengingat.Jenis.DIGEST, tanggal=tanggal)
    ).values_list("jenis", "jadwal_id", "opd_id", "tanggal")
    return {
        (jenis, tgl) if opd_id is None else (jadwal_id, opd_id, jenis)
        for jenis, jadwal_id, opd_id, tgl in rows
    }


def rencana_pengingat(sekarang: datetime) -> list[RencanaKirim]:
    """What is due now: the H-7/H-3/H-1/late reminder of every OPD with IKU not yet submitted
    (only the kind due now), and today's digest when some OPD is missing or late. Reminders
    already recorded come back with ``hasil = SUDAH`` and without text."""
    tanggal = sekarang.astimezone(WITA).date()
    statuses = status_pelaporan(sekarang)
    sudah = _sudah_terkirim(list({st.jadwal.pk: st.jadwal for st in statuses}.values()), tanggal)
    rencana: list[RencanaKirim] = []
    for st in statuses:
        if not st.belum:
            continue  # everything submitted (or no active IKU): nothing to remind
        jenis = pengingat_jatuh_tempo(st.jendela, sekarang)
        if jenis is None:
            continue
        r = RencanaKirim(jenis.value, st.opd, st.jadwal, tanggal)
        if r.kunci in sudah:
            r.hasil = SUDAH
        else:
            r.judul = _judul_opd(jenis, st)[:200]
            r.isi = _isi_opd(jenis, st, sekarang)
            r.penerima = penerima_opd(st.opd.schema_name)
        rencana.append(r)
    baris = baris_digest(statuses, sekarang)
    if baris:
        r = RencanaKirim(Pengingat.Jenis.DIGEST.value, None, None, tanggal)
        if r.kunci in sudah:
            r.hasil = SUDAH
        else:
            r.judul = (
                f"[Kinerja] Ringkasan harian pelaporan realisasi IKU — "
                f"{format_tanggal(sekarang, jam=False)}"
            )[:200]
            r.isi = _isi_digest(baris, sekarang)
            r.penerima = penerima_bappeda()
        rencana.append(r)
    return rencana


def _unik_dilanggar(e: IntegrityError) -> bool:
    sebab = e.__cause__
    return getattr(sebab, "sqlstate", None) == "23505" or getattr(sebab, "pgcode", None) == "23505"


def _kirim_sekali(r: RencanaKirim) -> str:
    """Insert the row, then send, in one transaction. A unique violation means another run has
    sent (or is sending) this reminder; any error while sending rolls the row back."""
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    Pengingat.objects.create(
                        jenis=r.jenis,
                        jadwal=r.jadwal,
                        opd=r.opd,
                        tanggal=r.tanggal,
                        penerima=", ".join(r.penerima) if r.penerima else TANPA_PENERIMA,
                        judul=r.judul,
                        isi=r.isi,
                    )
            except IntegrityError as e:
                if _unik_dilanggar(e):
                    return SUDAH
                raise
            if r.penerima:
                EmailMessage(
                    subject=r.judul,
                    body=r.isi,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=r.penerima,
                ).send(fail_silently=False)
            else:
                logger.info("Pengingat %s dicatat tanpa e-mail (tidak ada penerima).", r.uraian())
    except Exception:
        logger.exception(
            "Pengingat %s gagal dikirim; dicoba lagi pada putaran berikutnya.", r.uraian()
        )
        return GAGAL
    return TERKIRIM


def pengingat_kirim(sekarang: datetime | None = None, *, dry_run: bool = False) -> HasilPengingat:
    """Send every reminder due at ``sekarang`` (default: now) that was not sent before, each
    exactly once (see the module docstring). ``dry_run`` only plans: nothing is recorded or
    sent. Runs in the public schema whatever the caller's schema. Idempotent."""
    sekarang = sekarang or timezone.now()
    with schema_context(get_public_schema_name()):
        rencana = rencana_pengingat(sekarang)
        if not dry_run:
            for r in rencana:
                if r.hasil != SUDAH:
                    r.hasil = _kirim_sekali(r)
    hasil = HasilPengingat(sekarang, rencana)
    logger.info("Pengingat %s: %s", format_tanggal(sekarang), hasil.hitung())
    return hasil
