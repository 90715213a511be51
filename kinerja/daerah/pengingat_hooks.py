"""Dashboard panels of the reporting reminders (Wagtail ``construct_homepage_panels``).

Loaded on every domain, so the hook picks the panel from the schema being served:

- an OPD domain: the reminders sent to THIS OPD (``request.tenant``) and the status of the
  window it is reporting in, for users who can see realisasi (``opd.view_realisasiiku``);
- the public domain (Bappeda): the latest daily digests and the OPDs late or missing for open
  windows, for users with ``daerah.view_jadwalpelaporan`` or ``daerah.verifikasi_realisasi``;
- anywhere else (the clone base, a user without those permissions): nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component

from kinerja.daerah.guards import is_public_schema
from kinerja.daerah.pengingat import (
    LABEL_STATUS_JENDELA,
    TANPA_PENERIMA,
    baris_digest,
    digest_terakhir,
    laporan_berjalan_opd,
    pengingat_opd,
    status_pelaporan,
)
from kinerja.engine.jadwal import StatusJendela, format_tanggal
from kinerja.opd.tenancy import skema_opd_aktif

IZIN_OPD = ("opd.view_realisasiiku", "opd.ajukan_realisasi", "opd.setujui_realisasi")
IZIN_BAPPEDA = ("daerah.view_jadwalpelaporan", "daerah.verifikasi_realisasi")


def _baris_pengingat(rows: Any) -> list[dict[str, Any]]:
    return [
        {
            "jenis": p.get_jenis_display(),
            "tanggal": format_tanggal(p.dikirim_pada),
            "judul": p.judul,
            "isi": p.isi,
            "tanpa_penerima": p.penerima == TANPA_PENERIMA,
        }
        for p in rows
    ]


class PanelPengingatOpd(Component):
    """This OPD's window status and the reminders it received (never another OPD's)."""

    name = "pengingat_opd"
    order = 50
    template_name = "daerah/panel_pengingat_opd.html"

    def __init__(self, opd: Any, sekarang: datetime) -> None:
        self.opd = opd
        self.sekarang = sekarang

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> dict[str, Any]:
        laporan = laporan_berjalan_opd(self.opd, self.sekarang)
        konteks: dict[str, Any] = {
            "laporan": laporan,
            "pengingat": _baris_pengingat(pengingat_opd(self.opd.pk, 10)),
        }
        if laporan is not None:
            status = laporan.status(self.sekarang)
            konteks.update(
                {
                    "periode": laporan.periode,
                    "status": LABEL_STATUS_JENDELA[status],
                    "belum_dibuka": status == StatusJendela.BELUM_DIBUKA,
                    "terlambat": status == StatusJendela.TERLAMBAT,
                    "buka": format_tanggal(laporan.jendela.buka),
                    "batas_waktu": format_tanggal(laporan.jendela.batas_waktu),
                    "kunci": format_tanggal(laporan.jendela.kunci),
                    "diperpanjang": laporan.jendela.diperpanjang,
                    "sisa_hari": laporan.sisa_hari(self.sekarang),
                    "hari_terlambat": laporan.hari_terlambat(self.sekarang),
                    "url": (
                        f"/admin/kinerja-opd/realisasi/?tahun={laporan.jadwal.tahun}"
                        f"&triwulan={laporan.jadwal.triwulan}"
                    ),
                }
            )
        return konteks


class PanelPengingatBappeda(Component):
    """Bappeda: the OPDs late or missing for open windows and the latest daily digests."""

    name = "pengingat_bappeda"
    order = 50
    template_name = "daerah/panel_pengingat_bappeda.html"

    def __init__(self, sekarang: datetime) -> None:
        self.sekarang = sekarang

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> dict[str, Any]:
        terbuka = [
            st
            for st in status_pelaporan(self.sekarang)
            if st.status(self.sekarang) in (StatusJendela.DIBUKA, StatusJendela.TERLAMBAT)
        ]
        return {
            "baris": baris_digest(terbuka, self.sekarang),
            "digest": _baris_pengingat(digest_terakhir(5)),
            "waktu": format_tanggal(self.sekarang),
        }


def _sekarang() -> datetime:
    """The panels' clock (a function so that tests can fix it)."""
    return timezone.now()


def _boleh(user: Any, izin: tuple[str, ...]) -> bool:
    return bool(user and user.is_authenticated and any(user.has_perm(p) for p in izin))


@hooks.register("construct_homepage_panels")
def panel_pengingat(request: HttpRequest, panels: list[Component]) -> None:
    user = getattr(request, "user", None)
    sekarang = _sekarang()
    if is_public_schema():
        if _boleh(user, IZIN_BAPPEDA):
            panels.append(PanelPengingatBappeda(sekarang))
        return
    tenant = getattr(request, "tenant", None)
    # Only the OPD whose domain is being served, and only its own reminders (opd = tenant).
    if (
        skema_opd_aktif()
        and tenant is not None
        and tenant.schema_name == connection.schema_name
        and _boleh(user, IZIN_OPD)
    ):
        panels.append(PanelPengingatOpd(tenant, sekarang))


__all__ = ["PanelPengingatBappeda", "PanelPengingatOpd", "panel_pengingat"]
