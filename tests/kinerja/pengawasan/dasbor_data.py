"""Shared test data of the dashboard and drill-down tests (test_dasbor.py, test_drilldown.py).

Everything is created inside the test's transaction (rolled back afterwards): rollup rows
directly in ``public`` (:func:`ringkasan`, :func:`snapshot`), extra registry rows without a
schema for the scaling tests (:func:`opd_palsu`; the dashboard never enters an OPD schema),
and a small plan in OPD A (:func:`buat_rencana`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD

D = Decimal
TAHUN = 2033


def masuk(client: Client, username: str) -> Client:
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, f"login {username} gagal"
    return client


def pengguna_publik_tanpa_izin(username: str = "staf_dasbor") -> str:
    """A public user who may enter the Wagtail admin but has no oversight permission."""
    connection.set_schema_to_public()
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return username


def opd_registri(schema: str) -> Any:
    from tenants.models import Opd

    return Opd.objects.get(schema_name=schema)


def opd_palsu(jumlah: int, awal: int = 0) -> list[Any]:
    """Registry rows WITHOUT a schema (bulk_create skips the schema creation of save())."""
    from tenants.models import Opd

    return Opd.objects.bulk_create(
        Opd(
            schema_name=f"dsb_palsu_{i}",
            kode=f"ZZ-{i:03d}",
            nama=f"Dinas Palsu {i}",
            singkatan=f"PALSU{i}",
            jenis="dinas",
            aktif=True,
        )
        for i in range(awal, awal + jumlah)
    )


def ringkasan(opd: Any, triwulan: int, tahun: int = TAHUN, **kw: Any) -> Any:
    from kinerja.rollup.models import RingkasanOpd

    data: dict[str, Any] = {"jumlah_iku": 3, "jumlah_terisi": 3}
    data.update(kw)
    return RingkasanOpd.objects.create(opd=opd, tahun=tahun, triwulan=triwulan, **data)


def snapshot(
    opd: Any, iku_id: int, triwulan: int, status: str, tahun: int = TAHUN, **kw: Any
) -> Any:
    from kinerja.rollup.models import SnapshotIku

    data: dict[str, Any] = {
        "kode": f"IKU-{iku_id}",
        "nama": f"Indikator {iku_id}",
        "satuan": "%",
        "polaritas": "positif",
        "tipe_perhitungan": "kumulatif",
    }
    data.update(kw)
    return SnapshotIku.objects.create(
        opd=opd, iku_id=iku_id, tahun=tahun, triwulan=triwulan, status=status, **data
    )


def snapshots(opd: Any, triwulan: int, statuses: list[str], tahun: int = TAHUN) -> None:
    for i, status in enumerate(statuses, start=1):
        snapshot(opd, i, triwulan, status, tahun=tahun)


@dataclass
class Rencana:
    periode: Any
    sasaran_rpjmd: Any
    renstra_id: int
    sasaran_id: int
    iku: dict[str, int]


def buat_rpjmd(tahun: int = TAHUN) -> tuple[Any, Any]:
    from kinerja.daerah.models import MisiRpjmd, PeriodeRpjmd, SasaranRpjmd, TujuanRpjmd

    with schema_context("public"):
        periode = PeriodeRpjmd.objects.create(
            nama="RPJMD Uji Dasbor", tahun_awal=tahun - 1, tahun_akhir=tahun + 3
        )
        misi = MisiRpjmd.objects.create(periode=periode, nomor=1, uraian="Misi uji")
        tujuan = TujuanRpjmd.objects.create(misi=misi, kode="T1", uraian="Tujuan uji")
        sasaran = SasaranRpjmd.objects.create(tujuan=tujuan, kode="1.1", uraian="Sasaran RPJMD uji")
    return periode, sasaran


def buat_iku(kode: str, sasaran_id: int, tahun: int = TAHUN, **kw: Any) -> int:
    """A positif/kumulatif IKU of the current schema: yearly target 100, 25 per triwulan."""
    from kinerja.opd.models import Iku, TargetIku

    data = {
        "nama": f"Indikator {kode}",
        "satuan": "%",
        "polaritas": "positif",
        "tipe_perhitungan": "kumulatif",
    }
    data.update(kw)
    iku = Iku.objects.create(sasaran_id=sasaran_id, kode=kode, **data)
    TargetIku.objects.bulk_create(
        [TargetIku(iku=iku, tahun=tahun, triwulan=None, nilai=D(100))]
        + [TargetIku(iku=iku, tahun=tahun, triwulan=q, nilai=D(25)) for q in (1, 2, 3, 4)]
    )
    return iku.pk


def buat_realisasi(
    iku_id: int, triwulan: int, status: str, nilai: Any, tahun: int = TAHUN, **kw: Any
) -> int:
    """A realisasi row of the current schema in ``status`` with plausible workflow times."""
    from kinerja.opd.models import RealisasiIku

    now = timezone.now()
    diajukan = status in ("diajukan", "disetujui", "diverifikasi")
    return RealisasiIku.objects.create(
        iku_id=iku_id,
        tahun=tahun,
        triwulan=triwulan,
        nilai=nilai,
        status=status,
        diajukan_pertama_pada=now - timedelta(days=20) if diajukan else None,
        diajukan_pada=now - timedelta(days=20) if diajukan else None,
        disetujui_pada=now - timedelta(days=15)
        if status in ("disetujui", "diverifikasi")
        else None,
        diverifikasi_pada=now - timedelta(days=10) if status == "diverifikasi" else None,
        **kw,
    ).pk


def buat_rencana(schema: str = "opd_a", jumlah_iku: int = 2, tahun: int = TAHUN) -> Rencana:
    """An RPJMD (public) and, in ``schema``, a Renstra with one tujuan, one sasaran strategis
    and IKU-1..IKU-n (yearly target 100, 25 per triwulan)."""
    from kinerja.opd.models import Renstra, SasaranStrategis, TujuanRenstra

    periode, sasaran_rpjmd = buat_rpjmd(tahun)
    with schema_context(schema):
        renstra = Renstra.objects.create(
            periode_rpjmd_id=periode.pk,
            nama="Renstra Uji Dasbor",
            tahun_awal=tahun - 1,
            tahun_akhir=tahun + 3,
            visi="Visi uji yang terbaca",
        )
        tujuan = TujuanRenstra.objects.create(renstra=renstra, kode="TR1", uraian="Tujuan renstra")
        sasaran = SasaranStrategis.objects.create(
            tujuan=tujuan,
            kode="SS-UJI",
            uraian="Sasaran strategis uji",
            sasaran_rpjmd_id=sasaran_rpjmd.pk,
        )
        iku = {
            f"IKU-{i}": buat_iku(f"IKU-{i}", sasaran.pk, tahun) for i in range(1, jumlah_iku + 1)
        }
    connection.set_schema_to_public()
    return Rencana(periode, sasaran_rpjmd, renstra.pk, sasaran.pk, iku)
