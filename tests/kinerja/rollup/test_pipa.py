"""The pipelined full run (kinerja.rollup.pipa): same rows as the sequential path, a failing
schema isolated, locks honoured and released.

The pipeline's reader and writer threads have their own database connections, which only see
committed rows, so these tests COMMIT: like tests/e2e they replace pytest-django's per-test
transaction, provision their own OPDs (``opd_pipa_1`` …) and drop them afterwards, and delete
the public rows they wrote. Groups of one OPD (``UKURAN_KELOMPOK`` = 1) make three groups.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django_tenants.utils import schema_context
from pytest_django import DjangoDbBlocker

from kinerja.rollup import kunci, pipa, services
from kinerja.rollup.models import RingkasanOpd, RollupRun, SidikOpd, SnapshotIku
from kinerja.rollup.services import rollup_jalankan
from kinerja.rollup.sinyal import rollup_selesai

D = Decimal
TAHUN = 2041
SKEMA = ("opd_pipa_1", "opd_pipa_2", "opd_pipa_3")


@pytest.fixture
def _django_db_helper(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """No per-test transaction: these tests commit (see the module docstring)."""
    name, test_name = connection.settings_dict["NAME"], connection.settings_dict["TEST"]["NAME"]
    assert name == test_name, f"refusing to commit to {name!r}"
    with django_db_blocker.unblock():
        yield
        connection.set_schema_to_public()


def _hapus_opd(schema: str) -> None:
    from tenants.models import Opd

    connection.set_schema_to_public()
    opd = Opd.objects.filter(schema_name=schema).first()
    if opd is not None:
        opd.delete(force_drop=True)  # snapshots, summaries, fingerprints go by cascade


def _isi(schema: str, periode_id: int, sasaran_id: int, n: int) -> None:
    """Three IKU with yearly and quarterly targets and realisasi in mixed states."""
    from kinerja.opd.models import (
        BuktiDukung,
        Iku,
        RealisasiIku,
        Renstra,
        SasaranStrategis,
        TargetIku,
        TujuanRenstra,
    )

    with schema_context(schema):
        renstra = Renstra.objects.create(
            periode_rpjmd_id=periode_id, nama="Renstra", tahun_awal=TAHUN, tahun_akhir=TAHUN + 4
        )
        tujuan = TujuanRenstra.objects.create(renstra=renstra, kode="T1", uraian="T")
        ss = SasaranStrategis.objects.create(
            tujuan=tujuan, kode="SS1", uraian="S", sasaran_rpjmd_id=sasaran_id
        )
        for j, (pol, tipe) in enumerate(
            (("positif", "kumulatif"), ("negatif", "posisi_akhir"), ("positif", "rata_rata"))
        ):
            iku = Iku.objects.create(
                sasaran=ss,
                kode=f"IKU-{j}",
                nama=f"Indikator {j}",
                satuan="%",
                polaritas=pol,
                tipe_perhitungan=tipe,
            )
            TargetIku.objects.create(iku=iku, tahun=TAHUN, triwulan=None, nilai=D(100))
            for q in (1, 2, 3, 4):
                TargetIku.objects.create(iku=iku, tahun=TAHUN, triwulan=q, nilai=D(25 + j))
            for q in (1, 2, 3):
                status = ("diverifikasi", "diajukan", "draft")[(q + j + n) % 3]
                r = RealisasiIku.objects.create(
                    iku=iku,
                    tahun=TAHUN,
                    triwulan=q,
                    nilai=D(20 + q + j + n),
                    status=status,
                    jumlah_dikembalikan=(q + n) % 2,
                )
                if status == "diverifikasi":
                    BuktiDukung.objects.create(
                        realisasi=r,
                        path=f"pipa/{schema}/{r.pk}.pdf",
                        nama_berkas="b.pdf",
                        jenis="pdf",
                        mime="application/pdf",
                        ukuran=10,
                        sha256="0" * 64,
                    )


_PUBLIK = (SnapshotIku, RingkasanOpd, SidikOpd, RollupRun)


@pytest.fixture
def dunia_pipa(db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    from kinerja.daerah.models import MisiRpjmd, PeriodeRpjmd, SasaranRpjmd, TujuanRpjmd
    from tenants.services import opd_provision

    for schema in SKEMA:
        _hapus_opd(schema)  # left over by a killed run
    PeriodeRpjmd.objects.filter(nama="RPJMD Uji Pipa").delete()
    # The full runs also cover the session's OPDs (opd_a, opd_b): what they add is removed.
    awal = {m: set(m.objects.values_list("pk", flat=True)) for m in _PUBLIK}
    periode = PeriodeRpjmd.objects.create(
        nama="RPJMD Uji Pipa", tahun_awal=TAHUN, tahun_akhir=TAHUN + 4
    )
    misi = MisiRpjmd.objects.create(periode=periode, nomor=1, uraian="M")
    tujuan = TujuanRpjmd.objects.create(misi=misi, kode="T1", uraian="T")
    sasaran = SasaranRpjmd.objects.create(tujuan=tujuan, kode="1.1", uraian="S")
    try:
        for n, schema in enumerate(SKEMA):
            opd_provision(
                schema=schema,
                nama=f"Dinas Uji Pipa {n}",
                singkatan=f"PIPA{n}",
                domain=f"{schema.replace('_', '-')}.localhost",
                admin_password=None,
            )
            _isi(schema, periode.pk, sasaran.pk, n)
        monkeypatch.setattr(services, "UKURAN_KELOMPOK", 1)
        # Compliance scoring after a run is not what these tests are about.
        rollup_selesai.disconnect(dispatch_uid="rollup_kepatuhan_setelah_rollup")
        yield list(SKEMA)
    finally:
        from kinerja.rollup.receivers import kepatuhan_setelah_rollup

        rollup_selesai.connect(
            kepatuhan_setelah_rollup, dispatch_uid="rollup_kepatuhan_setelah_rollup"
        )
        pipa.tutup()  # its threads' connections must not outlive the test database
        connection.set_schema_to_public()
        for schema in SKEMA:
            _hapus_opd(schema)
        periode.delete()
        for model, pks in awal.items():
            model.objects.exclude(pk__in=pks).delete()


def _baris(schemas: list[str]) -> list[tuple[Any, ...]]:
    kolom = [
        f.name for f in SnapshotIku._meta.concrete_fields if f.name not in ("id", "diperbarui")
    ]
    return list(
        SnapshotIku.objects.filter(opd__schema_name__in=schemas)
        .order_by("opd__schema_name", "iku_id", "tahun", "triwulan")
        .values_list(*kolom)
    )


def _ringkasan(schemas: list[str]) -> list[tuple[Any, ...]]:
    return list(
        RingkasanOpd.objects.filter(opd__schema_name__in=schemas)
        .order_by("opd__schema_name", "tahun", "triwulan")
        .values_list("opd_id", "tahun", "triwulan", "jumlah_iku", "rata_rata_capaian", "predikat")
    )


def _kosongkan(schemas: list[str]) -> None:
    for model in (SnapshotIku, RingkasanOpd, SidikOpd):
        model.objects.filter(opd__schema_name__in=schemas).delete()


def _hitung_pipa(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    dipakai: list[int] = []
    asli = pipa.jalankan_pipa

    def spy(kelompok_semua: list[Any], *args: Any) -> Any:
        dipakai.append(len(kelompok_semua))
        return asli(kelompok_semua, *args)

    monkeypatch.setattr(pipa, "jalankan_pipa", spy)
    return dipakai


def test_pipa_menulis_baris_yang_sama_dengan_jalur_berurutan(dunia_pipa, monkeypatch, settings):
    dipakai = _hitung_pipa(monkeypatch)
    run = rollup_jalankan(paksa=True)
    assert dipakai and dipakai[0] >= 3  # three or more groups went through the pipeline
    assert run.status == RollupRun.Status.BERHASIL, run.galat
    assert run.opd_diproses == run.opd_total
    pipa_baris, pipa_ringkasan = _baris(dunia_pipa), _ringkasan(dunia_pipa)
    assert len(pipa_baris) == 3 * 3 * 3  # 3 OPD × 3 IKU × TW1–TW3
    assert len(pipa_ringkasan) == 3 * 3
    assert not kunci.klien().keys(kunci.PREFIX + "*")  # every lock released

    # A second pipelined run finds nothing changed and writes nothing.
    assert rollup_jalankan().baris_ditulis == 0

    _kosongkan(dunia_pipa)
    settings.KINERJA_ROLLUP_PIPA = False
    run = rollup_jalankan(paksa=True)
    assert len(dipakai) == 2  # the sequential run did not use it
    assert run.status == RollupRun.Status.BERHASIL
    assert _baris(dunia_pipa) == pipa_baris
    assert _ringkasan(dunia_pipa) == pipa_ringkasan


def test_pipa_skema_rusak_dicatat_yang_lain_tetap_jalan(dunia_pipa, monkeypatch):
    dipakai = _hitung_pipa(monkeypatch)
    rusak = dunia_pipa[1]
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{rusak}".opd_realisasiiku RENAME TO opd_realisasiiku_x')
    try:
        run = rollup_jalankan(paksa=True)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'ALTER TABLE "{rusak}".opd_realisasiiku_x RENAME TO opd_realisasiiku')
    assert dipakai
    assert run.status == RollupRun.Status.SEBAGIAN
    assert [g["schema"] for g in run.galat] == [rusak]
    ada = {s for (s,) in SnapshotIku.objects.values_list("opd__schema_name").distinct()}
    assert {dunia_pipa[0], dunia_pipa[2]} <= ada and rusak not in ada
    assert not kunci.klien().keys(kunci.PREFIX + "*")


def test_pipa_melewati_opd_yang_sedang_dirollup(dunia_pipa, monkeypatch):
    monkeypatch.setattr(services, "TUNGGU_KUNCI_OPD_DETIK", 0.1)
    dipakai = _hitung_pipa(monkeypatch)
    sibuk = kunci.ambil(kunci.cakupan_opd(dunia_pipa[0]), ttl=60, tunggu=0)
    assert sibuk is not None
    try:
        run = rollup_jalankan(paksa=True)
    finally:
        kunci.lepas(sibuk)
    assert dipakai
    assert run.status == RollupRun.Status.BERHASIL
    assert f"{dunia_pipa[0]}: dilewati" in run.catatan
    ada = {s for (s,) in SnapshotIku.objects.values_list("opd__schema_name").distinct()}
    assert dunia_pipa[0] not in ada and {dunia_pipa[1], dunia_pipa[2]} <= ada
    assert not kunci.klien().keys(kunci.PREFIX + "*")
