"""The reporting workflow as a pure state machine: which role may move a realisasi from which
state with which action, and what each refusal says.

    draft --ajukan (operator)--> diajukan --setujui (kepala OPD)--> disetujui
    disetujui --verifikasi (verifikator Bappeda)--> diverifikasi
    diajukan --kembalikan (kepala OPD)--> draft          (note required)
    disetujui --kembalikan (kepala OPD / verifikator)--> draft   (note required)
    diverifikasi --buka_kembali (verifikator)--> draft   (reason required, new revision)

Only draft is editable (values and evidence), by the operator. No Django here: the services,
the API and the tests share these rules.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    DIAJUKAN = "diajukan"
    DISETUJUI = "disetujui"
    DIVERIFIKASI = "diverifikasi"


class Aksi(StrEnum):
    UBAH = "ubah"
    AJUKAN = "ajukan"
    SETUJUI = "setujui"
    KEMBALIKAN = "kembalikan"
    VERIFIKASI = "verifikasi"
    BUKA_KEMBALI = "buka_kembali"


class Peran(StrEnum):
    """Capabilities, not group names: a user may hold several (e.g. a superuser holds all)."""

    OPERATOR = "operator"
    KEPALA = "kepala"
    VERIFIKATOR = "verifikator"


LABEL_STATUS: dict[Status, str] = {
    Status.DRAFT: "Draf",
    Status.DIAJUKAN: "Diajukan",
    Status.DISETUJUI: "Disetujui",
    Status.DIVERIFIKASI: "Diverifikasi",
}
LABEL_AKSI: dict[Aksi, str] = {
    Aksi.UBAH: "mengubah",
    Aksi.AJUKAN: "mengajukan",
    Aksi.SETUJUI: "menyetujui",
    Aksi.KEMBALIKAN: "mengembalikan",
    Aksi.VERIFIKASI: "memverifikasi",
    Aksi.BUKA_KEMBALI: "membuka kembali",
}
LABEL_PERAN: dict[Peran, str] = {
    Peran.OPERATOR: "Operator OPD",
    Peran.KEPALA: "Kepala OPD",
    Peran.VERIFIKATOR: "Verifikator Bappeda",
}


@dataclass(frozen=True)
class Transisi:
    dari: Status
    ke: Status
    peran: frozenset[Peran]


TRANSISI: dict[Aksi, tuple[Transisi, ...]] = {
    Aksi.UBAH: (Transisi(Status.DRAFT, Status.DRAFT, frozenset({Peran.OPERATOR})),),
    Aksi.AJUKAN: (Transisi(Status.DRAFT, Status.DIAJUKAN, frozenset({Peran.OPERATOR})),),
    Aksi.SETUJUI: (Transisi(Status.DIAJUKAN, Status.DISETUJUI, frozenset({Peran.KEPALA})),),
    Aksi.KEMBALIKAN: (
        Transisi(Status.DIAJUKAN, Status.DRAFT, frozenset({Peran.KEPALA})),
        Transisi(Status.DISETUJUI, Status.DRAFT, frozenset({Peran.KEPALA, Peran.VERIFIKATOR})),
    ),
    Aksi.VERIFIKASI: (
        Transisi(Status.DISETUJUI, Status.DIVERIFIKASI, frozenset({Peran.VERIFIKATOR})),
    ),
    Aksi.BUKA_KEMBALI: (
        Transisi(Status.DIVERIFIKASI, Status.DRAFT, frozenset({Peran.VERIFIKATOR})),
    ),
}

# Actions whose note is mandatory (it tells the OPD what to fix, or why a verified item reopens).
PERLU_CATATAN: frozenset[Aksi] = frozenset({Aksi.KEMBALIKAN, Aksi.BUKA_KEMBALI})


class TransisiDitolak(Exception):
    """A move the workflow does not allow; ``kode`` is machine-readable, ``pesan`` Indonesian."""

    def __init__(self, kode: str, pesan: str) -> None:
        super().__init__(pesan)
        self.kode = kode
        self.pesan = pesan


def _daftar(items: Collection[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " atau " + items[-1]


def periksa_transisi(
    status: Status | str, aksi: Aksi | str, peran: Collection[Peran], catatan: str = ""
) -> Status:
    """Return the state ``aksi`` leads to from ``status`` for someone holding ``peran``;
    raise :class:`TransisiDitolak` (kode ``status``, ``peran`` or ``catatan``) otherwise.

    The state is checked before the role so that a kepala clicking "setujui" on a draft learns
    the item is not submitted yet rather than something about roles.
    """
    status, aksi = Status(status), Aksi(aksi)
    transisi = [t for t in TRANSISI[aksi] if t.dari == status]
    if not transisi:
        asal = _daftar([LABEL_STATUS[t.dari] for t in TRANSISI[aksi]])
        if status == Status.DIVERIFIKASI:
            pesan = (
                "Realisasi sudah diverifikasi Bappeda dan terkunci; hanya Verifikator Bappeda "
                "yang dapat membukanya kembali dengan alasan."
            )
        else:
            pesan = (
                f"Tidak dapat {LABEL_AKSI[aksi]}: status realisasi {LABEL_STATUS[status]}, "
                f"sedangkan aksi ini hanya untuk status {asal}."
            )
        raise TransisiDitolak("status", pesan)
    boleh = [t for t in transisi if t.peran & set(peran)]
    if not boleh:
        perlu = _daftar(sorted(LABEL_PERAN[p] for t in transisi for p in t.peran))
        raise TransisiDitolak(
            "peran",
            f"Anda tidak berwenang {LABEL_AKSI[aksi]} realisasi ini; aksi ini hanya untuk {perlu}.",
        )
    if aksi in PERLU_CATATAN and len(catatan.strip()) < 5:
        raise TransisiDitolak(
            "catatan",
            "Catatan wajib diisi (minimal 5 karakter) agar OPD tahu apa yang harus diperbaiki."
            if aksi == Aksi.KEMBALIKAN
            else "Alasan membuka kembali wajib diisi (minimal 5 karakter).",
        )
    return boleh[0].ke


def aksi_tersedia(status: Status | str, peran: Collection[Peran]) -> list[Aksi]:
    """Actions (other than editing) that ``peran`` may take on an item in ``status``."""
    status = Status(status)
    return [
        aksi
        for aksi, daftar in TRANSISI.items()
        if aksi != Aksi.UBAH and any(t.dari == status and t.peran & set(peran) for t in daftar)
    ]


def dapat_diubah(status: Status | str) -> bool:
    """Values and evidence can change only in draft (before submission or after a return)."""
    return Status(status) == Status.DRAFT
