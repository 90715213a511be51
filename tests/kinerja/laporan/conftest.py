"""Fixtures of the download and report tests: a small, fully known dataset created inside the
test transaction (rolled back afterwards). Years 2031–2036 keep clear of any seeded period.

Public: RPJMD 2031–2036; IKD-01 (positif, target 100, realisasi 95 by Bappeda), IKD-02
(kualitatif Opini BPK, target WTP, realisasi WDP), IKD-03 (no realisasi), IND-09 (not an IKD).

OPD A, 2031 (Renstra 2031–2035, sasaran SS-A1 / SS-A2):

- IKU-A1 positif kumulatif; year 100, TW 25 each; TW1 20 **diverifikasi** (narrative
  "Pendorong terverifikasi"), TW2 77,7 **draft** (narrative "RAHASIA-DRAF").
- IKU-A2 kualitatif posisi akhir (Opini BPK); year WTP, TW1 WDP; TW1 "WTP" **disetujui**.
- IKU-A3 negatif posisi akhir; year 10, TW1 12; TW1 12 **diverifikasi**.
- A signed PK 2031.

OPD B, 2031: IKU-B1 ("Indikator milik B") with TW1 55 diverifikasi.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD, TestOpd

D = Decimal
TAHUN = 2031


@dataclass
class Dunia:
    periode: Any
    ikd: dict[str, Any]
    iku_a: dict[str, Any]
    iku_b: Any
    skala: Any
    pk_a: Any


def _iku(sasaran: Any, kode: str, targets: list[tuple], **kw: Any) -> Any:
    from kinerja.opd.models import Iku, TargetIku

    data = {
        "nama": f"Indikator {kode}",
        "satuan": "%",
        "polaritas": "positif",
        "tipe_perhitungan": "kumulatif",
    }
    data.update(kw)
    # bulk_create: no post_save, so no IKU page is built for each test IKU (slow, not ours).
    (iku,) = Iku.objects.bulk_create([Iku(sasaran=sasaran, kode=kode, **data)])
    TargetIku.objects.bulk_create(
        TargetIku(iku=iku, tahun=th, triwulan=tw, nilai=n, nilai_kualitatif=lbl)
        for th, tw, n, lbl in targets
    )
    return iku


def _realisasi(iku: Any, tw: int, nilai: Any, status: str, **kw: Any) -> Any:
    from kinerja.opd.models import RealisasiIku

    data = (
        {"nilai_kualitatif": nilai, "nilai": None} if isinstance(nilai, str) else {"nilai": nilai}
    )
    return RealisasiIku.objects.create(
        iku=iku, tahun=TAHUN, triwulan=tw, status=status, **data, **kw
    )


def _rencana(periode: Any, sasaran_rpjmd: Any, awalan: str) -> tuple[Any, Any]:
    from kinerja.opd.models import Renstra, SasaranStrategis, TujuanRenstra

    renstra = Renstra.objects.create(
        periode_rpjmd_id=periode.pk,
        nama=f"Renstra Dinas Uji {awalan} 2031–2035",
        tahun_awal=2031,
        tahun_akhir=2035,
    )
    tujuan = TujuanRenstra.objects.create(renstra=renstra, kode="T1", uraian="Tujuan satu")
    s1 = SasaranStrategis.objects.create(
        tujuan=tujuan,
        kode=f"SS-{awalan}1",
        uraian=f"Sasaran satu {awalan}",
        sasaran_rpjmd_id=sasaran_rpjmd.pk,
    )
    s2 = SasaranStrategis.objects.create(
        tujuan=tujuan,
        kode=f"SS-{awalan}2",
        uraian=f"Sasaran dua {awalan}",
        sasaran_rpjmd_id=sasaran_rpjmd.pk,
    )
    return s1, s2


@pytest.fixture
def izin(db, opd_a: TestOpd, opd_b: TestOpd) -> None:
    from kinerja.opd.services import opd_permissions_ensure

    for opd in (opd_a, opd_b):
        with schema_context(opd.schema):
            opd_permissions_ensure()


@pytest.fixture
def dunia(db, opd_a: TestOpd, opd_b: TestOpd, izin: None) -> Dunia:
    from kinerja.daerah.models import (
        IndikatorDaerah,
        MisiRpjmd,
        PeriodeRpjmd,
        RealisasiDaerah,
        SasaranRpjmd,
        SkalaKualitatif,
        TargetDaerah,
        TingkatKualitatif,
        TujuanRpjmd,
    )
    from kinerja.opd.services import pk_buat_draft, pk_tandatangani

    with schema_context("public"):
        periode = PeriodeRpjmd.objects.create(
            nama="RPJMD Uji 2031–2036", tahun_awal=2031, tahun_akhir=2036, aktif=True
        )
        misi = MisiRpjmd.objects.create(periode=periode, nomor=1, uraian="Misi uji")
        tujuan = TujuanRpjmd.objects.create(misi=misi, kode="T1", uraian="Tujuan uji")
        sasaran = SasaranRpjmd.objects.create(tujuan=tujuan, kode="1.1", uraian="Sasaran uji")
        skala = SkalaKualitatif.objects.create(nama="Opini BPK Uji Laporan")
        for label, skor in (("WTP", 4), ("WDP", 3), ("TW", 2), ("TMP", 1)):
            TingkatKualitatif.objects.create(skala=skala, label=label, skor=skor)
        ikd1 = IndikatorDaerah.objects.create(
            periode=periode,
            sasaran=sasaran,
            kode="IKD-01",
            nama="Indeks Pembangunan Manusia Uji",
            satuan="indeks",
            is_ikd=True,
            aspek="kesejahteraan_masyarakat",
            target_akhir=D(110),
        )
        TargetDaerah.objects.create(indikator=ikd1, tahun=TAHUN, nilai=D(100))
        RealisasiDaerah.objects.create(indikator=ikd1, tahun=TAHUN, nilai=D("95.5"))
        ikd2 = IndikatorDaerah.objects.create(
            periode=periode,
            sasaran=sasaran,
            kode="IKD-02",
            nama="Opini BPK Uji",
            satuan="opini",
            is_ikd=True,
            aspek="pelayanan_umum",
            polaritas="kualitatif",
            skala=skala,
        )
        TargetDaerah.objects.create(indikator=ikd2, tahun=TAHUN, nilai_kualitatif="WTP")
        RealisasiDaerah.objects.create(indikator=ikd2, tahun=TAHUN, nilai_kualitatif="WDP")
        ikd3 = IndikatorDaerah.objects.create(
            periode=periode,
            sasaran=sasaran,
            kode="IKD-03",
            nama="Indikator tanpa realisasi",
            satuan="%",
            is_ikd=True,
            aspek="daya_saing_daerah",
        )
        TargetDaerah.objects.create(indikator=ikd3, tahun=TAHUN, nilai=D(50))
        IndikatorDaerah.objects.create(
            periode=periode, sasaran=sasaran, kode="IND-09", nama="Bukan IKD", satuan="%"
        )

    with schema_context(opd_a.schema):
        s1, s2 = _rencana(periode, sasaran, "A")
        tw25 = [(TAHUN, None, D(100), "")] + [(TAHUN, q, D(25), "") for q in (1, 2, 3, 4)]
        a1 = _iku(s1, "IKU-A1", tw25, nama="Cakupan layanan A", formula="Jumlah dilayani / total")
        a2 = _iku(
            s2,
            "IKU-A2",
            [(TAHUN, None, None, "WTP"), (TAHUN, 1, None, "WDP")],
            nama="Opini BPK A",
            polaritas="kualitatif",
            tipe_perhitungan="posisi_akhir",
            skala_id=skala.pk,
            satuan="opini",
        )
        a3 = _iku(
            s1,
            "IKU-A3",
            [(TAHUN, None, D(10), ""), (TAHUN, 1, D(12), "")],
            nama="Angka kesakitan A",
            polaritas="negatif",
            tipe_perhitungan="posisi_akhir",
        )
        _realisasi(
            a1,
            1,
            D(20),
            "diverifikasi",
            faktor_pendorong="Pendorong terverifikasi",
            faktor_penghambat="Hujan deras",
            tindak_lanjut="Tambah petugas",
        )
        _realisasi(a1, 2, D("77.7"), "draft", faktor_pendorong="RAHASIA-DRAF")
        _realisasi(a2, 1, "WTP", "disetujui", faktor_pendorong="RAHASIA-DISETUJUI")
        _realisasi(a3, 1, D(12), "diverifikasi")
        pk = pk_buat_draft(TAHUN)
        pk = pk_tandatangani(pk, "Dr. Kepala Uji", "Kepala Dinas Uji A", date(2031, 1, 2))

    with schema_context(opd_b.schema):
        b1_s, _ = _rencana(periode, sasaran, "B")
        b1 = _iku(b1_s, "IKU-B1", tw25, nama="Indikator milik B")
        _realisasi(b1, 1, D(55), "diverifikasi", faktor_pendorong="Narasi B")

    return Dunia(
        periode=periode,
        ikd={"IKD-01": ikd1, "IKD-02": ikd2, "IKD-03": ikd3},
        iku_a={"IKU-A1": a1, "IKU-A2": a2, "IKU-A3": a3},
        iku_b=b1,
        skala=skala,
        pk_a=pk,
    )


@pytest.fixture
def login() -> Callable[[Client, str], Client]:
    def masuk(client: Client, username: str = "operator") -> Client:
        response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 302, f"login {username} gagal"
        return client

    return masuk


@pytest.fixture
def klien_a(host_client, opd_a: TestOpd) -> Client:
    return host_client(opd_a.domain)


@pytest.fixture
def klien_b(host_client, opd_b: TestOpd) -> Client:
    return host_client(opd_b.domain)


@pytest.fixture
def operator_a(klien_a: Client, login, dunia) -> Client:
    return login(klien_a, "operator")
