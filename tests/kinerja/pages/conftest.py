"""Fixtures of the public-page tests: a province (RPJMD 2031–2036 with IKD of every aspect) and
OPD A's plan (Renstra 2031–2035, IKU created through ``iku_simpan`` so their pages come from
the receiver), all inside the test transaction. Realisasi rows are written with the ORM in
whatever state a test needs: these tests are about what the pages show, not the workflow."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django_tenants.utils import schema_context

from kinerja.engine import parse_angka
from tests.conftest import TestOpd

D = Decimal
TAHUN = 2032


@dataclass
class Provinsi:
    periode: Any
    sasaran: Any
    skala: Any
    ikd: dict[str, Any]


@dataclass
class Rencana:
    renstra: Any
    sasaran: dict[str, Any]
    iku: dict[str, Any]


@pytest.fixture
def provinsi(db: None) -> Provinsi:
    """Public schema: the portal's fixed pages, an active RPJMD 2031–2036 and IKD:
    IKD-H1 (kesejahteraan, positif), IKD-H2 (pelayanan umum, negatif), IKD-H3 (daya saing,
    kualitatif), and IND-H9 (not an IKD)."""
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
    from kinerja.pages.services import portal_pages_ensure

    with schema_context("public"):
        portal_pages_ensure()
        periode = PeriodeRpjmd.objects.create(
            nama="RPJMD Uji Halaman 2031–2036", tahun_awal=2031, tahun_akhir=2036, aktif=True
        )
        misi = MisiRpjmd.objects.create(periode=periode, nomor=1, uraian="Misi uji halaman")
        tujuan = TujuanRpjmd.objects.create(misi=misi, kode="TH", uraian="Tujuan uji halaman")
        sasaran = SasaranRpjmd.objects.create(
            tujuan=tujuan, kode="SH.1", uraian="Meningkatnya kinerja uji halaman"
        )
        skala = SkalaKualitatif.objects.create(nama="Opini Uji Halaman")
        for label, skor in (("WTP", 4), ("WDP", 3), ("TW", 2), ("TMP", 1)):
            TingkatKualitatif.objects.create(skala=skala, label=label, skor=skor)

        def ikd(kode: str, **kw: Any) -> Any:
            base = {"periode": periode, "sasaran": sasaran, "kode": kode, "is_ikd": True}
            return IndikatorDaerah.objects.create(**base, **kw)

        h1 = ikd(
            "IKD-H1",
            nama="Indeks Pembangunan Manusia Uji",
            satuan="indeks",
            aspek="kesejahteraan_masyarakat",
            polaritas="positif",
        )
        h2 = ikd(
            "IKD-H2",
            nama="Persentase Penduduk Miskin Uji",
            satuan="%",
            aspek="pelayanan_umum",
            polaritas="negatif",
        )
        h3 = ikd(
            "IKD-H3",
            nama="Opini BPK Uji",
            satuan="opini",
            aspek="daya_saing_daerah",
            polaritas="kualitatif",
            skala=skala,
        )
        h9 = IndikatorDaerah.objects.create(
            periode=periode, sasaran=sasaran, kode="IND-H9", nama="Indikator Bukan IKD", satuan="%"
        )
        for i, tahun in enumerate(range(2031, 2037)):
            TargetDaerah.objects.create(indikator=h1, tahun=tahun, nilai=D("70.5") + i)
            TargetDaerah.objects.create(indikator=h2, tahun=tahun, nilai=D("6.8") - D("0.2") * i)
            TargetDaerah.objects.create(indikator=h3, tahun=tahun, nilai_kualitatif="WTP")
            TargetDaerah.objects.create(indikator=h9, tahun=tahun, nilai=D(50))
        RealisasiDaerah.objects.create(indikator=h1, tahun=2031, nilai=D("70.25"))
        RealisasiDaerah.objects.create(indikator=h1, tahun=2032, nilai=D("1234.5"))
        RealisasiDaerah.objects.create(indikator=h2, tahun=2031, nilai=D("7.1"))
        RealisasiDaerah.objects.create(indikator=h3, tahun=2031, nilai_kualitatif="WDP")
        RealisasiDaerah.objects.create(indikator=h9, tahun=2032, nilai=D(49))
    return Provinsi(periode, sasaran, skala, {"H1": h1, "H2": h2, "H3": h3, "H9": h9})


def _buat_iku(sasaran: Any, kode: str, targets: list[tuple], **kwargs: Any) -> Any:
    from kinerja.opd.models import Iku
    from kinerja.opd.services import TargetInput, iku_simpan

    data = {
        "nama": f"Indikator {kode}",
        "satuan": "%",
        "polaritas": "positif",
        "tipe_perhitungan": "kumulatif",
    }
    data.update(kwargs)
    return iku_simpan(Iku(sasaran=sasaran, kode=kode, **data), [TargetInput(*t) for t in targets])


@pytest.fixture
def buat_iku() -> Callable[..., Any]:
    """``buat_iku(sasaran, kode, targets, **fields)`` inside the OPD's schema_context;
    targets as (tahun, triwulan, nilai, nilai_max, nilai_kualitatif) tuples."""
    return _buat_iku


def _rencana(opd: TestOpd, provinsi: Provinsi, visi: str) -> Rencana:
    from kinerja.opd.models import Renstra, SasaranStrategis, TujuanRenstra

    with schema_context(opd.schema):
        renstra = Renstra.objects.create(
            periode_rpjmd_id=provinsi.periode.pk,
            nama=f"Renstra {opd.nama} 2031–2035",
            tahun_awal=2031,
            tahun_akhir=2035,
            visi=visi,
            misi="Meningkatkan mutu layanan uji.\nMemperkuat tata kelola uji.",
        )
        tujuan = TujuanRenstra.objects.create(renstra=renstra, kode="T1", uraian="Tujuan uji")
        s1 = SasaranStrategis.objects.create(
            tujuan=tujuan,
            kode="SS-H1",
            uraian="Meningkatnya layanan uji",
            sasaran_rpjmd_id=provinsi.sasaran.pk,
        )
        s2 = SasaranStrategis.objects.create(
            tujuan=tujuan,
            kode="SS-H2",
            uraian="Meningkatnya tata kelola uji",
            sasaran_rpjmd_id=provinsi.sasaran.pk,
        )
        iku = {
            # kumulatif: TW targets 25 each, year 100 (2032); year 80 (2031)
            "H1": _buat_iku(
                s1,
                "IKU-H1",
                [
                    (2031, None, D(80)),
                    (TAHUN, None, D(100)),
                    *((TAHUN, q, D(25)) for q in (1, 2, 3, 4)),
                ],
                nama="Cakupan layanan uji",
                satuan="layanan",
            ),
            # negatif, posisi akhir
            "H2": _buat_iku(
                s1,
                "IKU-H2",
                [(TAHUN, None, D(10)), *((TAHUN, q, D(10)) for q in (1, 2, 3, 4))],
                nama="Jumlah keluhan uji",
                satuan="keluhan",
                polaritas="negatif",
                tipe_perhitungan="posisi_akhir",
            ),
            "H3": _buat_iku(
                s2,
                "IKU-H3",
                [(TAHUN, None, None, None, "WTP"), (TAHUN, 4, None, None, "WTP")],
                nama="Opini laporan keuangan uji",
                satuan="opini",
                polaritas="kualitatif",
                tipe_perhitungan="posisi_akhir",
                skala_id=provinsi.skala.pk,
            ),
        }
    return Rencana(renstra, {"SS-H1": s1, "SS-H2": s2}, iku)


@pytest.fixture
def rencana_a(provinsi: Provinsi, opd_a: TestOpd) -> Rencana:
    return _rencana(opd_a, provinsi, "Visi Dinas Uji A yang unggul")


@pytest.fixture
def rencana_b(provinsi: Provinsi, opd_b: TestOpd) -> Rencana:
    return _rencana(opd_b, provinsi, "Visi Dinas Uji B yang lain")


def _lapor(
    iku: Any,
    triwulan: int,
    nilai: Decimal | None = None,
    status: str = "diverifikasi",
    *,
    tahun: int = TAHUN,
    label: str = "",
) -> Any:
    """A realisasi row in the current schema, in any state."""
    from kinerja.opd.models import RealisasiIku

    return RealisasiIku.objects.create(
        iku=iku, tahun=tahun, triwulan=triwulan, nilai=nilai, nilai_kualitatif=label, status=status
    )


@pytest.fixture
def lapor() -> Callable[..., Any]:
    """``lapor(iku, triwulan, nilai, status="diverifikasi", tahun=2032, label="")`` (inside
    the OPD's schema_context)."""
    return _lapor


# --- reading pages -----------------------------------------------------------------------------


def sup(response: Any) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def grafik_data(soup: BeautifulSoup, grafik_id: str) -> dict[str, Any]:
    """The JSON a chart is drawn from."""
    script = soup.find("script", id=f"{grafik_id}-data")
    assert script is not None, f"no chart data {grafik_id}"
    return json.loads(script.string)


def tabel_grafik(soup: BeautifulSoup, grafik_id: str) -> dict[str, dict[str, str]]:
    """The table of a chart: {row label: {column: text}}."""
    table = soup.find("table", attrs={"data-tabel": grafik_id})
    assert table is not None, f"no table for {grafik_id}"
    hasil = {}
    for tr in table.find("tbody").find_all("tr"):
        hasil[tr["data-baris"]] = {
            td["data-kolom"]: td.get_text(" ", strip=True)
            for td in tr.find_all("td")
            if td.has_attr("data-kolom")
        }
    return hasil


def cocok_grafik_tabel(soup: BeautifulSoup, grafik_id: str) -> dict[str, Any]:
    """Assert that every number of a chart's JSON is the number printed in its table (and
    that empty cells are null), and return the JSON."""
    data = grafik_data(soup, grafik_id)
    tabel = tabel_grafik(soup, grafik_id)
    assert list(tabel) == data["label"]
    for seri in data["seri"]:
        kolom = "realisasi" if seri["kunci"] == "realisasi" else "target"
        if seri["kunci"] == "target_max":
            continue
        for label, nilai in zip(data["label"], seri["data"], strict=True):
            teks = tabel[label][kolom]
            if nilai is None:
                assert teks == "—", (grafik_id, label, kolom, teks)
            else:
                pertama = teks.split("–")[0].strip()  # a rentang prints "10 – 20"
                assert parse_angka(pertama) == D(str(nilai)), (grafik_id, label, kolom, teks)
    return data


@pytest.fixture
def anonim(host_client: Callable[[str], Client]) -> Callable[[str], Client]:
    return host_client
