"""Fixtures of the OPD plan tests: province rows in the public schema and a Renstra in OPD A,
all created inside the test transaction (rolled back afterwards).

Years 2031–2036 keep the test RPJMD clear of any seeded real period (Kaltara 2021–2026).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD, TestOpd

D = Decimal


@dataclass
class Daerah:
    periode: object
    periode_lain: object
    sasaran_11: object
    sasaran_12: object
    sasaran_lain: object
    ikd: object
    bukan_ikd: object
    ikd_lain: object
    skala: object


@dataclass
class Rencana:
    renstra: object
    tujuan: object
    sasaran: object
    sasaran_2: object


@pytest.fixture
def daerah(db) -> Daerah:
    from kinerja.daerah.models import (
        IndikatorDaerah,
        MisiRpjmd,
        PeriodeRpjmd,
        SasaranRpjmd,
        SkalaKualitatif,
        TingkatKualitatif,
        TujuanRpjmd,
    )

    with schema_context("public"):
        periode = PeriodeRpjmd.objects.create(
            nama="RPJMD Uji 2031–2036", tahun_awal=2031, tahun_akhir=2036
        )
        lain = PeriodeRpjmd.objects.create(
            nama="RPJMD Uji 2037–2041", tahun_awal=2037, tahun_akhir=2041
        )
        misi = MisiRpjmd.objects.create(periode=periode, nomor=1, uraian="Misi uji")
        tujuan = TujuanRpjmd.objects.create(misi=misi, kode="T1", uraian="Tujuan uji")
        s11 = SasaranRpjmd.objects.create(
            tujuan=tujuan, kode="1.1", uraian="Meningkatnya derajat kesehatan masyarakat"
        )
        s12 = SasaranRpjmd.objects.create(
            tujuan=tujuan, kode="1.2", uraian="Meningkatnya akuntabilitas kinerja"
        )
        misi_lain = MisiRpjmd.objects.create(periode=lain, nomor=1, uraian="Misi lain")
        tujuan_lain = TujuanRpjmd.objects.create(misi=misi_lain, kode="T9", uraian="Tujuan lain")
        s_lain = SasaranRpjmd.objects.create(
            tujuan=tujuan_lain, kode="9.1", uraian="Sasaran periode lain"
        )
        ikd = IndikatorDaerah.objects.create(
            periode=periode,
            sasaran=s11,
            kode="IKD-01",
            nama="Usia harapan hidup",
            satuan="tahun",
            is_ikd=True,
        )
        bukan = IndikatorDaerah.objects.create(
            periode=periode,
            sasaran=s11,
            kode="IND-02",
            nama="Indikator biasa",
            satuan="%",
            is_ikd=False,
        )
        ikd_lain = IndikatorDaerah.objects.create(
            periode=lain, kode="IKD-09", nama="IKD periode lain", satuan="%", is_ikd=True
        )
        skala = SkalaKualitatif.objects.create(nama="Opini BPK Uji")
        for label, skor in (("WTP", 4), ("WDP", 3), ("TW", 2), ("TMP", 1)):
            TingkatKualitatif.objects.create(skala=skala, label=label, skor=skor)
    return Daerah(periode, lain, s11, s12, s_lain, ikd, bukan, ikd_lain, skala)


@pytest.fixture
def di_opd() -> Callable[[TestOpd], AbstractContextManager[None]]:
    def enter(opd: TestOpd) -> AbstractContextManager[None]:
        return schema_context(opd.schema)

    return enter


@pytest.fixture
def izin(db, opd_a: TestOpd, opd_b: TestOpd) -> None:
    """Model permissions of the OPD roles in both test OPDs (what provisioning will call)."""
    from kinerja.opd.services import opd_permissions_ensure

    for opd in (opd_a, opd_b):
        with schema_context(opd.schema):
            opd_permissions_ensure()


@pytest.fixture
def rencana(daerah: Daerah, opd_a: TestOpd, izin: None) -> Rencana:
    """OPD A: Renstra 2031–2035 in the 2031–2036 RPJMD, one tujuan, two aligned sasaran."""
    from kinerja.opd.models import Renstra, SasaranStrategis, TujuanRenstra

    with schema_context(opd_a.schema):
        renstra = Renstra.objects.create(
            periode_rpjmd_id=daerah.periode.pk,
            nama="Renstra Dinas Uji 2031–2035",
            tahun_awal=2031,
            tahun_akhir=2035,
        )
        tujuan = TujuanRenstra.objects.create(renstra=renstra, kode="T1", uraian="Tujuan satu")
        sasaran = SasaranStrategis.objects.create(
            tujuan=tujuan, kode="SS1", uraian="Sasaran satu", sasaran_rpjmd_id=daerah.sasaran_11.pk
        )
        sasaran_2 = SasaranStrategis.objects.create(
            tujuan=tujuan, kode="SS2", uraian="Sasaran dua", sasaran_rpjmd_id=daerah.sasaran_12.pk
        )
    return Rencana(renstra, tujuan, sasaran, sasaran_2)


def _buat_iku(sasaran, kode: str = "IKU-1", targets=(), **kwargs):
    from kinerja.opd.models import Iku
    from kinerja.opd.services import TargetInput, iku_simpan

    defaults = {
        "nama": f"Indikator {kode}",
        "satuan": "%",
        "polaritas": "positif",
        "tipe_perhitungan": "kumulatif",
    }
    defaults.update(kwargs)
    iku = Iku(sasaran=sasaran, kode=kode, **defaults)
    return iku_simpan(iku, [TargetInput(*t) if isinstance(t, tuple) else t for t in targets])


@pytest.fixture
def buat_iku():
    """Create an IKU through the service (call inside the OPD's schema_context); targets as
    TargetInput or tuples (tahun, triwulan, nilai, nilai_max, nilai_kualitatif)."""
    return _buat_iku


@pytest.fixture
def login() -> Callable[[Client, str], Client]:
    def masuk(client: Client, username: str = "admin") -> Client:
        response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 302, f"login {username} gagal"
        return client

    return masuk


@pytest.fixture
def admin_a(host_client, opd_a: TestOpd, login, izin) -> Client:
    return login(host_client(opd_a.domain), "admin")
