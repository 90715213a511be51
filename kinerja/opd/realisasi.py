"""Write side of the quarterly reporting workflow (OPD schemas): realisasi values, evidence,
workflow moves, revisions and the audit trail.

Every function is atomic (all or nothing), checks the actor's role through the pure state
machine in ``kinerja.engine.alur`` and the reporting window through ``kinerja.engine.jadwal``,
and writes one :class:`~kinerja.opd.models.JejakAudit` row per changed value, file or state.
Verifikator actions run here too: the Bappeda view switches to the OPD's schema and calls the
same functions with a Bappeda :class:`Pelaku`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, BinaryIO

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from kinerja.bukti import BuktiDitolak, path_penyimpanan, periksa_bukti
from kinerja.choices import Polaritas
from kinerja.engine import format_angka
from kinerja.engine.alur import (
    LABEL_STATUS,
    Aksi,
    Peran,
    Status,
    TransisiDitolak,
    dapat_diubah,
    periksa_transisi,
)
from kinerja.engine.jadwal import (
    Jendela,
    boleh_lapor,
    label_periode,
    pesan_jendela,
    status_jendela,
    terlambat,
)
from kinerja.opd.models import BuktiDukung, Iku, JejakAudit, RealisasiIku, RevisiRealisasi
from kinerja.opd.services import label_kanonik, skala_engine
from kinerja.storage import bukti_storage, hapus_berkas_diam, simpan_bukti

logger = logging.getLogger(__name__)

MAKS_BUKTI_PER_REALISASI = 20
MAKS_NARASI = 5000
# |nilai| < 10^16 with at most 4 decimals fits the DecimalField(20, 4) of the models.
BATAS_NILAI = Decimal(10) ** 16


class RealisasiDitolak(Exception):
    """A refused request. ``kode`` is machine-readable (``peran``, ``status``, ``catatan``,
    ``jendela``, ``konflik``, ``validasi``, ``bukti``, ``tidak_ditemukan``), ``pesan`` is
    Indonesian, ``galat`` lists field-level problems as (where, column, message)."""

    def __init__(
        self, kode: str, pesan: str, galat: Sequence[tuple[str, str, str]] | None = None
    ) -> None:
        super().__init__(pesan)
        self.kode = kode
        self.pesan = pesan
        self.galat = list(galat or [])


# --- who acts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pelaku:
    """The person (or system) behind a change, as the audit trail records it."""

    nama: str
    user_id: int | None
    sumber: str  # JejakAudit.Sumber
    peran: frozenset[Peran]
    ip: str | None = None


def _nama_pengguna(user: Any) -> str:
    lengkap = (user.get_full_name() or "").strip()
    return f"{lengkap} ({user.username})" if lengkap else user.username


def pelaku_dari_user(user: Any, ip: str | None = None) -> Pelaku:
    """Map a user of the CURRENT schema to workflow capabilities through their permissions:
    ``opd.ajukan_realisasi`` → operator, ``opd.setujui_realisasi`` → kepala OPD (OPD schemas);
    ``daerah.verifikasi_realisasi`` → verifikator (public schema)."""
    peran: set[Peran] = set()
    publik = connection.schema_name == get_public_schema_name()
    if user is not None and user.is_authenticated and user.is_active:
        if publik:
            if user.has_perm("daerah.verifikasi_realisasi"):
                peran.add(Peran.VERIFIKATOR)
        else:
            if user.has_perm("opd.ajukan_realisasi"):
                peran.add(Peran.OPERATOR)
            if user.has_perm("opd.setujui_realisasi"):
                peran.add(Peran.KEPALA)
    return Pelaku(
        nama=_nama_pengguna(user) if user is not None and user.is_authenticated else "anonim",
        user_id=getattr(user, "pk", None),
        sumber=JejakAudit.Sumber.BAPPEDA if publik else JejakAudit.Sumber.OPD,
        peran=frozenset(peran),
        ip=ip,
    )


def ip_klien(request: HttpRequest) -> str | None:
    """Client IP: REMOTE_ADDR, or — when the deployment says a proxy in front is trusted
    (KINERJA_TRUST_X_FORWARDED_FOR) — the last X-Forwarded-For entry, the one our proxy
    added (earlier entries come from the client and can be forged)."""
    if getattr(settings, "KINERJA_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def pelaku_dari_request(request: HttpRequest) -> Pelaku:
    return pelaku_dari_user(getattr(request, "user", None), ip_klien(request))


SISTEM = Pelaku("sistem", None, JejakAudit.Sumber.SISTEM, frozenset())


# --- audit --------------------------------------------------------------------------------------


def _teks(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_angka(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return str(value)


def _jejak(
    pelaku: Pelaku,
    aksi: str,
    realisasi: RealisasiIku | None,
    *,
    kolom: str = "",
    lama: Any = None,
    baru: Any = None,
    catatan: str = "",
    objek: str = "",
    waktu: datetime | None = None,
) -> JejakAudit:
    return JejakAudit(
        waktu=waktu or timezone.now(),
        pengguna=pelaku.nama,
        pengguna_id=pelaku.user_id,
        sumber=pelaku.sumber,
        ip=pelaku.ip,
        aksi=aksi,
        realisasi=realisasi,
        revisi=realisasi.revisi if realisasi is not None else None,
        objek=objek or (str(realisasi) if realisasi is not None else ""),
        kolom=kolom,
        nilai_lama=_teks(lama),
        nilai_baru=_teks(baru),
        catatan=catatan,
    )


# --- windows ------------------------------------------------------------------------------------


def jendela_saat_ini(tahun: int, triwulan: int) -> Jendela | None:
    """This OPD's effective window (schedule + its latest extension)."""
    from kinerja.daerah.selectors import jendela_opd

    return jendela_opd(connection.schema_name, tahun, triwulan)


def _periksa_jendela(
    tahun: int, triwulan: int, sekarang: datetime, item: RealisasiIku | None = None
) -> Jendela | None:
    jendela = jendela_saat_ini(tahun, triwulan)
    status = status_jendela(jendela, sekarang)
    if boleh_lapor(status):
        return jendela
    if item is not None and item.batas_koreksi and sekarang <= item.batas_koreksi:
        return jendela  # correcting a returned/reopened item
    raise RealisasiDitolak("jendela", pesan_jendela(jendela, status, tahun, triwulan))


# --- values -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RealisasiInput:
    """What an operator enters for one IKU and triwulan (already parsed)."""

    nilai: Decimal | None = None
    nilai_kualitatif: str = ""
    faktor_pendorong: str = ""
    faktor_penghambat: str = ""
    tindak_lanjut: str = ""


KOLOM_INPUT = {
    "nilai": "Realisasi",
    "nilai_kualitatif": "Realisasi (kualitatif)",
    "faktor_pendorong": "Faktor pendorong",
    "faktor_penghambat": "Faktor penghambat",
    "tindak_lanjut": "Tindak lanjut",
}


def periksa_input(iku: Iku, data: RealisasiInput) -> tuple[RealisasiInput, list[tuple[str, str]]]:
    """Validate one IKU's input; return it normalised (canonical scale label, stripped text)
    and the problems as (field, Indonesian message)."""
    masalah: list[tuple[str, str]] = []
    label = data.nilai_kualitatif.strip()
    if iku.polaritas == Polaritas.KUALITATIF:
        skala = skala_engine(iku.skala_id)
        if data.nilai is not None:
            masalah.append(
                ("nilai", "IKU kualitatif diisi dengan realisasi kualitatif, bukan angka.")
            )
        if label:
            label = label_kanonik(skala, label)
            if skala is None:
                masalah.append(("nilai_kualitatif", "Skala kualitatif IKU ini belum ditetapkan."))
            elif label not in skala.labels:
                masalah.append(
                    (
                        "nilai_kualitatif",
                        f"'{label}' tidak ada pada skala; pilih salah satu: "
                        + ", ".join(skala.labels)
                        + ".",
                    )
                )
    else:
        if label:
            masalah.append(("nilai_kualitatif", "IKU ini kuantitatif; isi realisasi berupa angka."))
        if data.nilai is not None:
            nilai = data.nilai
            if not nilai.is_finite():
                masalah.append(("nilai", "Realisasi harus berupa angka."))
            elif abs(nilai) >= BATAS_NILAI:
                masalah.append(("nilai", "Realisasi terlalu besar."))
            elif nilai.as_tuple().exponent < -4 and nilai != nilai.quantize(Decimal("0.0001")):  # type: ignore[operator]
                masalah.append(("nilai", "Realisasi paling banyak 4 angka di belakang koma."))
    teks = {}
    for kolom in ("faktor_pendorong", "faktor_penghambat", "tindak_lanjut"):
        isi = getattr(data, kolom).strip()
        if len(isi) > MAKS_NARASI:
            masalah.append(
                (kolom, f"{KOLOM_INPUT[kolom]} terlalu panjang (maksimal {MAKS_NARASI} karakter).")
            )
        teks[kolom] = isi
    bersih = RealisasiInput(
        nilai=data.nilai if iku.polaritas != Polaritas.KUALITATIF else None,
        nilai_kualitatif=label if iku.polaritas == Polaritas.KUALITATIF else "",
        **teks,
    )
    return bersih, masalah


def _periksa_periode(iku: Iku, tahun: int, triwulan: int) -> str | None:
    if triwulan not in (1, 2, 3, 4):
        return f"Triwulan {triwulan} tidak ada; pilih 1 sampai 4."
    renstra = iku.sasaran.tujuan.renstra
    if not renstra.tahun_awal <= tahun <= renstra.tahun_akhir:
        return (
            f"Tahun {tahun} di luar periode Renstra IKU {iku.kode} "
            f"({renstra.tahun_awal}–{renstra.tahun_akhir})."
        )
    if not iku.aktif:
        return f"IKU {iku.kode} tidak aktif."
    return None


def _wajib(pelaku: Pelaku, aksi: Aksi, status: str) -> None:
    try:
        periksa_transisi(status, aksi, pelaku.peran)
    except TransisiDitolak as e:
        raise RealisasiDitolak(e.kode, e.pesan) from None


def _pesan_konflik(item: RealisasiIku) -> str:
    waktu = timezone.localtime(item.diubah_pada).strftime("%d-%m-%Y %H.%M")
    oleh = f" oleh {item.diubah_oleh}" if item.diubah_oleh else ""
    return (
        f"Realisasi {item.iku.kode} {label_periode(item.tahun, item.triwulan)} telah diubah{oleh} "
        f"pada {waktu} WITA setelah Anda membukanya. Perubahan Anda tidak disimpan; muat ulang "
        "halaman untuk melihat data terbaru."
    )


def _kosong(value: Any) -> Any:
    return "" if value is None else value


def _sama(item: RealisasiIku, data: RealisasiInput) -> bool:
    return all(getattr(item, k) == getattr(data, k) for k in KOLOM_INPUT)


@dataclass
class HasilSimpan:
    realisasi: RealisasiIku
    berubah: bool


def _simpan_satu(
    pelaku: Pelaku,
    iku: Iku,
    tahun: int,
    triwulan: int,
    data: RealisasiInput,
    versi: int | None,
    sekarang: datetime,
    aksi_audit: str,
) -> HasilSimpan:
    """One IKU's save inside the caller's transaction (no role check here)."""
    masalah_periode = _periksa_periode(iku, tahun, triwulan)
    if masalah_periode:
        raise RealisasiDitolak("validasi", masalah_periode, [(iku.kode, "", masalah_periode)])
    bersih, masalah = periksa_input(iku, data)
    if masalah:
        raise RealisasiDitolak(
            "validasi",
            f"Realisasi {iku.kode} tidak valid: " + " ".join(m for _, m in masalah),
            [(iku.kode, KOLOM_INPUT[k], m) for k, m in masalah],
        )
    item = (
        RealisasiIku.objects.select_for_update()
        .select_related("iku")
        .filter(iku=iku, tahun=tahun, triwulan=triwulan)
        .first()
    )
    if item is not None and _sama(item, bersih):
        # Nothing changed (e.g. the same form sent twice): not a conflict, no new version.
        return HasilSimpan(item, False)
    if item is not None and versi is not None and versi != item.versi:
        raise RealisasiDitolak("konflik", _pesan_konflik(item))
    if item is None and versi:
        # The form was opened on an existing row that has disappeared: refuse rather than guess.
        raise RealisasiDitolak("konflik", "Realisasi ini sudah tidak ada; muat ulang halaman.")
    if item is not None and not dapat_diubah(item.status):
        raise RealisasiDitolak(
            "status",
            f"Realisasi {iku.kode} berstatus {LABEL_STATUS[Status(item.status)]} dan tidak dapat "
            "diubah"
            + (
                "; hanya Verifikator Bappeda yang dapat membukanya kembali."
                if item.status == Status.DIVERIFIKASI
                else " sampai dikembalikan."
            ),
        )
    _periksa_jendela(tahun, triwulan, sekarang, item)

    jejak: list[JejakAudit] = []
    if item is None:
        item = RealisasiIku(iku=iku, tahun=tahun, triwulan=triwulan)
        lama: dict[str, Any] = dict.fromkeys(KOLOM_INPUT)
        aksi = "buat"
    else:
        lama = {k: getattr(item, k) for k in KOLOM_INPUT}
        item.versi += 1
        aksi = aksi_audit
    for kolom in KOLOM_INPUT:
        setattr(item, kolom, getattr(bersih, kolom))
    item.diubah_oleh = pelaku.nama
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        # Someone created the same IKU + triwulan a moment ago (two first saves racing).
        raise RealisasiDitolak(
            "konflik",
            f"Realisasi {iku.kode} {label_periode(tahun, triwulan)} baru saja dibuat oleh pengguna "
            "lain. Muat ulang halaman untuk melihat data terbaru.",
        ) from None
    for kolom in KOLOM_INPUT:
        baru = getattr(item, kolom)
        # Compare with None as "empty", not falsiness: a realisasi of 0 is a value.
        if _kosong(lama[kolom]) != _kosong(baru) or (aksi == "buat" and baru not in (None, "")):
            jejak.append(
                _jejak(pelaku, aksi, item, kolom=KOLOM_INPUT[kolom], lama=lama[kolom], baru=baru)
            )
    if aksi == "buat" and not jejak:
        jejak.append(_jejak(pelaku, aksi, item))
    JejakAudit.objects.bulk_create(jejak)
    return HasilSimpan(item, True)


def _iku_untuk(iku_id: int | str) -> Iku:
    try:
        iku = Iku.objects.select_related("sasaran__tujuan__renstra").filter(pk=int(iku_id)).first()
    except (TypeError, ValueError):
        iku = None
    if iku is None:
        raise RealisasiDitolak("tidak_ditemukan", f"IKU dengan id {iku_id} tidak ditemukan.")
    return iku


@transaction.atomic
def realisasi_simpan(
    pelaku: Pelaku,
    iku_id: int,
    tahun: int,
    triwulan: int,
    data: RealisasiInput,
    versi: int | None = None,
    *,
    sekarang: datetime | None = None,
) -> HasilSimpan:
    """Create or update the realisasi of one IKU for tahun + triwulan (operator, draft only,
    inside the window). ``versi`` is the version the editor started from (0 or None for a new
    row); a different current version is a conflict. Saving the same values again is a no-op."""
    if Peran.OPERATOR not in pelaku.peran:
        _wajib(pelaku, Aksi.UBAH, Status.DRAFT)
    return _simpan_satu(
        pelaku, _iku_untuk(iku_id), tahun, triwulan, data, versi, sekarang or timezone.now(), "ubah"
    )


@dataclass(frozen=True)
class BarisInput:
    iku_id: int
    data: RealisasiInput
    versi: int | None = None


@transaction.atomic
def realisasi_simpan_banyak(
    pelaku: Pelaku,
    tahun: int,
    triwulan: int,
    baris: Sequence[BarisInput],
    *,
    sekarang: datetime | None = None,
    aksi_audit: str = "ubah",
) -> list[HasilSimpan]:
    """Save a whole triwulan grid (or an Excel upload of it) at once: every row is checked and
    every problem reported (as ``galat``); nothing is saved unless all rows are valid."""
    if Peran.OPERATOR not in pelaku.peran:
        _wajib(pelaku, Aksi.UBAH, Status.DRAFT)
    sekarang = sekarang or timezone.now()
    ikus = {
        i.pk: i
        for i in Iku.objects.select_related("sasaran__tujuan__renstra").filter(
            pk__in=[b.iku_id for b in baris]
        )
    }
    hasil: list[HasilSimpan] = []
    galat: list[tuple[str, str, str]] = []
    pesan: list[str] = []
    kode_pertama = ""
    for b in baris:
        iku = ikus.get(b.iku_id)
        if iku is None:
            galat.append((str(b.iku_id), "", f"IKU dengan id {b.iku_id} tidak ditemukan."))
            continue
        try:
            # A savepoint per row so that one refused row does not poison the others' checks.
            with transaction.atomic():
                hasil.append(
                    _simpan_satu(
                        pelaku, iku, tahun, triwulan, b.data, b.versi, sekarang, aksi_audit
                    )
                )
        except RealisasiDitolak as e:
            kode_pertama = kode_pertama or e.kode
            galat.extend(e.galat or [(iku.kode, "", e.pesan)])
            pesan.append(e.pesan)
    if galat:
        transaction.set_rollback(True)
        kode = "jendela" if kode_pertama == "jendela" else kode_pertama or "validasi"
        ringkas = (
            pesan[0] if kode == "jendela" else f"{len(galat)} kesalahan; tidak ada yang disimpan."
        )
        raise RealisasiDitolak(kode, ringkas, galat)
    return hasil


# --- workflow moves -----------------------------------------------------------------------------


@dataclass
class HasilAksi:
    diproses: list[RealisasiIku] = field(default_factory=list)
    dilewati: list[RealisasiIku] = field(default_factory=list)  # already done (double click)


_STATUS_HASIL = {
    Aksi.AJUKAN: Status.DIAJUKAN,
    Aksi.SETUJUI: Status.DISETUJUI,
    Aksi.VERIFIKASI: Status.DIVERIFIKASI,
}
# Which items a whole-triwulan action takes.
_STATUS_ASAL_MASSAL = {
    Aksi.AJUKAN: Status.DRAFT,
    Aksi.SETUJUI: Status.DIAJUKAN,
    Aksi.VERIFIKASI: Status.DISETUJUI,
}


def _snapshot(item: RealisasiIku) -> dict[str, Any]:
    bukti = [
        {
            "id": str(b.id),
            "nama_berkas": b.nama_berkas,
            "jenis": b.jenis,
            "ukuran": b.ukuran,
            "sha256": b.sha256,
            "keterangan": b.keterangan,
            "diunggah_oleh": b.diunggah_oleh,
            "diunggah_pada": _teks(b.diunggah_pada),
        }
        for b in item.bukti.filter(dihapus_pada__isnull=True)
    ]
    data = {
        k: _teks(getattr(item, k))
        for k in (
            *KOLOM_INPUT,
            "status",
            "diajukan_pada",
            "diajukan_oleh",
            "terlambat",
            "disetujui_pada",
            "disetujui_oleh",
            "diverifikasi_pada",
            "diverifikasi_oleh",
            "jumlah_dikembalikan",
        )
    }
    data["nilai"] = str(item.nilai) if item.nilai is not None else None
    data["bukti"] = bukti
    return data


def _terapkan(
    pelaku: Pelaku, item: RealisasiIku, aksi: Aksi, catatan: str, sekarang: datetime
) -> list[JejakAudit]:
    """Move one locked item; return its audit rows."""
    try:
        ke = periksa_transisi(item.status, aksi, pelaku.peran, catatan)
    except TransisiDitolak as e:
        raise RealisasiDitolak(e.kode, f"{item.iku.kode}: {e.pesan}") from None
    dari = item.status
    jejak: list[JejakAudit] = []
    catatan = catatan.strip()
    if aksi == Aksi.AJUKAN:
        if item.nilai is None and not item.nilai_kualitatif:
            raise RealisasiDitolak(
                "validasi",
                f"{item.iku.kode}: realisasi belum diisi; isi nilainya sebelum diajukan.",
            )
        jendela = _periksa_jendela(item.tahun, item.triwulan, sekarang, item)
        item.diajukan_pada = sekarang
        item.diajukan_pertama_pada = item.diajukan_pertama_pada or sekarang
        item.diajukan_oleh = pelaku.nama
        # Lateness is decided by the first submission: resubmitting a returned or reopened
        # item later does not make an on-time report late.
        item.terlambat = terlambat(item.diajukan_pertama_pada, jendela)
    elif aksi == Aksi.SETUJUI:
        item.disetujui_pada, item.disetujui_oleh = sekarang, pelaku.nama
    elif aksi == Aksi.VERIFIKASI:
        item.diverifikasi_pada, item.diverifikasi_oleh = sekarang, pelaku.nama
        item.batas_koreksi = None
    elif aksi in (Aksi.KEMBALIKAN, Aksi.BUKA_KEMBALI):
        if aksi == Aksi.BUKA_KEMBALI:
            RevisiRealisasi.objects.create(
                realisasi=item,
                revisi=item.revisi,
                data=_snapshot(item),
                alasan_buka=catatan,
                dibuka_oleh=pelaku.nama,
                dibuka_pada=sekarang,
            )
            jejak.append(
                _jejak(
                    pelaku,
                    "revisi",
                    item,
                    kolom="Revisi",
                    lama=item.revisi,
                    baru=item.revisi + 1,
                    waktu=sekarang,
                )
            )
            item.revisi += 1
            item.diverifikasi_pada, item.diverifikasi_oleh = None, ""
        else:
            item.jumlah_dikembalikan += 1
        item.dikembalikan_pada, item.dikembalikan_oleh = sekarang, pelaku.nama
        item.catatan_pengembalian = catatan
        item.disetujui_pada, item.disetujui_oleh = None, ""
        hari = getattr(settings, "KINERJA_HARI_KOREKSI", 7)
        item.batas_koreksi = sekarang + timedelta(days=hari)
    item.status = ke
    item.versi += 1
    item.diubah_oleh = pelaku.nama
    item.save()
    jejak.insert(
        0,
        _jejak(
            pelaku,
            aksi.value,
            item,
            kolom="Status",
            lama=LABEL_STATUS[Status(dari)],
            baru=LABEL_STATUS[Status(ke)],
            catatan=catatan,
            waktu=sekarang,
        ),
    )
    return jejak


def _kunci_item(ids: Iterable[int]) -> list[RealisasiIku]:
    return list(
        RealisasiIku.objects.select_for_update(of=("self",))
        .select_related("iku")
        .filter(pk__in=list(ids))
        .order_by("pk")
    )


@transaction.atomic
def realisasi_aksi(
    pelaku: Pelaku,
    aksi: Aksi | str,
    versi_per_id: Mapping[int, int | None],
    catatan: str = "",
    *,
    sekarang: datetime | None = None,
) -> HasilAksi:
    """Apply one workflow action to the given items (id → the version the actor saw, or None).
    All items move or none (the first refusal names the IKU). Repeating an action that is
    already done (double click on "ajukan") skips the item instead of failing."""
    aksi = Aksi(aksi)
    if aksi == Aksi.UBAH:
        raise ValueError("Gunakan realisasi_simpan untuk mengubah nilai.")
    sekarang = sekarang or timezone.now()
    items = _kunci_item(versi_per_id)
    hilang = set(versi_per_id) - {i.pk for i in items}
    if hilang:
        raise RealisasiDitolak(
            "tidak_ditemukan",
            f"Realisasi dengan id {', '.join(map(str, sorted(hilang)))} tidak ditemukan.",
        )
    hasil = HasilAksi()
    jejak: list[JejakAudit] = []
    for item in items:
        sudah = _STATUS_HASIL.get(aksi)
        if sudah is not None and item.status == sudah:
            # Still refuse someone who could never take this action.
            try:
                periksa_transisi(_STATUS_ASAL_MASSAL[aksi], aksi, pelaku.peran)
            except TransisiDitolak as e:
                raise RealisasiDitolak(e.kode, f"{item.iku.kode}: {e.pesan}") from None
            hasil.dilewati.append(item)
            continue
        versi = versi_per_id.get(item.pk)
        if versi is not None and versi != item.versi:
            raise RealisasiDitolak("konflik", _pesan_konflik(item))
        jejak.extend(_terapkan(pelaku, item, aksi, catatan, sekarang))
        hasil.diproses.append(item)
    JejakAudit.objects.bulk_create(jejak)
    if hasil.diproses:
        _setelah_perubahan_status(hasil.diproses)
    return hasil


@transaction.atomic
def realisasi_aksi_triwulan(
    pelaku: Pelaku,
    aksi: Aksi | str,
    tahun: int,
    triwulan: int,
    catatan: str = "",
    *,
    sekarang: datetime | None = None,
) -> HasilAksi:
    """A whole-triwulan action: ``ajukan`` submits every active IKU at once (refused, naming
    them, while any has no realisasi or is not in draft); ``setujui`` / ``verifikasi`` take every
    item waiting for that step."""
    aksi = Aksi(aksi)
    if aksi not in _STATUS_ASAL_MASSAL:
        raise RealisasiDitolak(
            "status", "Aksi ini hanya dapat dilakukan per IKU, dengan catatan untuk masing-masing."
        )
    periode = label_periode(tahun, triwulan)
    asal = _STATUS_ASAL_MASSAL[aksi]
    try:
        periksa_transisi(asal, aksi, pelaku.peran)
    except TransisiDitolak as e:
        raise RealisasiDitolak(e.kode, e.pesan) from None
    items = list(
        RealisasiIku.objects.filter(tahun=tahun, triwulan=triwulan, iku__aktif=True).values_list(
            "pk", "status", "iku__kode"
        )
    )
    if aksi == Aksi.AJUKAN:
        ada = {kode for _, _, kode in items}
        # Only IKU whose Renstra covers the year report it (realisasi_simpan refuses others).
        belum = sorted(
            Iku.objects.filter(
                aktif=True,
                sasaran__tujuan__renstra__tahun_awal__lte=tahun,
                sasaran__tujuan__renstra__tahun_akhir__gte=tahun,
            )
            .exclude(kode__in=ada)
            .values_list("kode", flat=True)
        )
        if belum:
            raise RealisasiDitolak(
                "validasi",
                f"Pengajuan {periode} harus lengkap: realisasi IKU {', '.join(belum)} belum diisi.",
            )
    ids = {pk: None for pk, status, _ in items if status == asal}
    if not ids:
        raise RealisasiDitolak(
            "status", f"Tidak ada realisasi {periode} berstatus {LABEL_STATUS[asal]}."
        )
    return realisasi_aksi(pelaku, aksi, ids, catatan, sekarang=sekarang)


def _setelah_perubahan_status(items: Sequence[RealisasiIku]) -> None:
    """Hook for what must follow a state change after commit (rollups, cache)."""
    from kinerja.opd import sinyal

    sinyal.status_berubah.send(
        sender=RealisasiIku, schema_name=connection.schema_name, items=list(items)
    )


# --- evidence -----------------------------------------------------------------------------------


def _item_draf_untuk_bukti(pelaku: Pelaku, realisasi_id: int, sekarang: datetime) -> RealisasiIku:
    item = (
        RealisasiIku.objects.select_for_update(of=("self",))
        .select_related("iku")
        .filter(pk=realisasi_id)
        .first()
    )
    if item is None:
        raise RealisasiDitolak("tidak_ditemukan", "Realisasi tidak ditemukan.")
    _wajib(pelaku, Aksi.UBAH, item.status)
    _periksa_jendela(item.tahun, item.triwulan, sekarang, item)
    return item


@transaction.atomic
def bukti_tambah(
    pelaku: Pelaku,
    realisasi_id: int,
    nama: str,
    berkas: BinaryIO,
    *,
    ukuran: int | None = None,
    keterangan: str = "",
    publikasi: bool = False,
    sekarang: datetime | None = None,
) -> BuktiDukung:
    """Attach an evidence file (operator, draft only): type checked by content, at most 10 MB,
    stored in this OPD's private storage. The same file twice on one item is refused; if the
    database write fails the stored file is removed again, so nothing is half-saved."""
    sekarang = sekarang or timezone.now()
    item = _item_draf_untuk_bukti(pelaku, realisasi_id, sekarang)
    try:
        valid = periksa_bukti(nama, berkas, ukuran)
    except BuktiDitolak as e:
        raise RealisasiDitolak("bukti", e.pesan) from None
    aktif = item.bukti.filter(dihapus_pada__isnull=True)
    if aktif.filter(sha256=valid.sha256).exists():
        raise RealisasiDitolak(
            "bukti", f"Berkas '{valid.nama_bersih}' sudah diunggah untuk realisasi ini."
        )
    if aktif.count() >= MAKS_BUKTI_PER_REALISASI:
        raise RealisasiDitolak(
            "bukti", f"Paling banyak {MAKS_BUKTI_PER_REALISASI} bukti dukung per realisasi."
        )
    if len(keterangan) > 300:
        raise RealisasiDitolak("bukti", "Keterangan bukti dukung paling panjang 300 karakter.")
    storage = bukti_storage()
    path = simpan_bukti(
        storage, path_penyimpanan(item.tahun, item.triwulan, valid.ekstensi), berkas
    )
    try:
        with transaction.atomic():
            bukti = BuktiDukung.objects.create(
                realisasi=item,
                path=path,
                nama_berkas=valid.nama_bersih,
                jenis=valid.label,
                mime=valid.mime,
                ukuran=valid.ukuran,
                sha256=valid.sha256,
                keterangan=keterangan.strip(),
                publikasi=publikasi,
                revisi=item.revisi,
                diunggah_oleh=pelaku.nama,
            )
            _jejak(
                pelaku,
                "bukti_tambah",
                item,
                kolom="Bukti dukung",
                baru=valid.nama_bersih,
                waktu=sekarang,
            ).save()
    except Exception:
        hapus_berkas_diam(storage, path)
        raise
    return bukti


@transaction.atomic
def bukti_hapus(pelaku: Pelaku, bukti_id: str, *, sekarang: datetime | None = None) -> BuktiDukung:
    """Hide an evidence file (operator, draft only). The file stays in storage: earlier
    revisions and the audit trail still refer to it."""
    sekarang = sekarang or timezone.now()
    try:
        bukti = BuktiDukung.objects.filter(
            pk=uuid.UUID(str(bukti_id)), dihapus_pada__isnull=True
        ).first()
    except ValueError:
        bukti = None  # not a UUID: no such file
    if bukti is None:
        raise RealisasiDitolak("tidak_ditemukan", "Bukti dukung tidak ditemukan.")
    item = _item_draf_untuk_bukti(pelaku, bukti.realisasi_id, sekarang)
    bukti.dihapus_pada, bukti.dihapus_oleh = sekarang, pelaku.nama
    bukti.save(update_fields=["dihapus_pada", "dihapus_oleh"])
    _jejak(
        pelaku, "bukti_hapus", item, kolom="Bukti dukung", lama=bukti.nama_berkas, waktu=sekarang
    ).save()
    return bukti
