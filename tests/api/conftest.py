"""Fixtures of the API tests: a small, fully known dataset (created inside the test
transaction) and clients for each domain, anonymous or with a token.

OPD A, Renstra 2031–2035 (RPJMD 2031–2036), tahun 2031:

- IKU-1 positif, kumulatif, target 100 (TW 25 each): TW1 30 DIVERIFIKASI, TW2 20 draft
  (never public), TW3 10 DIVERIFIKASI (after a gap: shown, but the capaian stops at TW1).
- IKU-2 kualitatif (Opini BPK), target WTP (TW1 WDP): TW1 WDP diajukan (never public).

Public: IKD-01 (daerah fixture) with target 2031 = 70 and Bappeda's realisasi 72; rollup rows
of OPD A for 2031 TW1/TW2 (see :func:`rekap`). The 2031 TW1 reporting window is open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import OPD_A, OPD_B, PUBLIC_HOST, TestOpd
from tests.kinerja.opd import conftest as _opd

# The OPD plan fixtures (province rows, permissions, a Renstra in OPD A, the IKU factory).
buat_iku = _opd.buat_iku
daerah = _opd.daerah
di_opd = _opd.di_opd
izin = _opd.izin
rencana = _opd.rencana

D = Decimal
TAHUN = 2031
LONGGAR = {"anon": "100000/minute", "user": "100000/minute", "login_gagal": "1000/minute"}


def bersihkan_cache_api() -> None:
    """Stale every cached answer and reset every rate counter of the test domains (only our
    keys: the Redis database may be shared)."""
    from api.cache import invalidasi

    for schema in ("public", OPD_A.schema, OPD_B.schema):
        invalidasi(schema)
    klien = cache._cache.get_client(None, write=True)
    for kunci in klien.scan_iter(match="*:api:throttle:*", count=1000):
        klien.delete(kunci)


@pytest.fixture(autouse=True)
def _api_bersih(settings: Any) -> Iterator[None]:
    """Generous rates (the throttle tests set their own) and a fresh cache: test data is
    rolled back, cached answers in Redis are not."""
    settings.KINERJA_API_THROTTLE = dict(LONGGAR)
    bersihkan_cache_api()
    yield
    bersihkan_cache_api()


@pytest.fixture
def jadwal_tw1(db: Any) -> Any:
    from kinerja.daerah.models import JadwalPelaporan

    now = timezone.now()
    with schema_context("public"):
        return JadwalPelaporan.objects.create(
            tahun=TAHUN,
            triwulan=1,
            tanggal_buka=now - timedelta(days=10),
            batas_waktu=now + timedelta(days=5),
            tanggal_kunci=now + timedelta(days=15),
        )


def buat_realisasi(iku: Any, tw: int, status: str, nilai: Any = None, label: str = "") -> Any:
    """A realisasi row in a given state (the workflow itself is tested with the services)."""
    from kinerja.opd.models import RealisasiIku

    now = timezone.now()
    return RealisasiIku.objects.create(
        iku=iku,
        tahun=TAHUN,
        triwulan=tw,
        nilai=nilai,
        nilai_kualitatif=label,
        status=status,
        diajukan_pada=now if status != "draft" else None,
        disetujui_pada=now if status in ("disetujui", "diverifikasi") else None,
        diverifikasi_pada=now if status == "diverifikasi" else None,
    )


@pytest.fixture
def data(rencana: Any, daerah: Any, opd_a: TestOpd, buat_iku: Any, jadwal_tw1: Any) -> Any:
    from kinerja.daerah.models import RealisasiDaerah, TargetDaerah
    from kinerja.opd.services import TargetInput as T

    with schema_context("public"):
        TargetDaerah.objects.create(indikator=daerah.ikd, tahun=TAHUN, nilai=D(70))
        RealisasiDaerah.objects.create(indikator=daerah.ikd, tahun=TAHUN, nilai=D(72))
        daerah.ikd.aspek = "pelayanan_umum"
        daerah.ikd.save()
    with schema_context(opd_a.schema):
        iku1 = buat_iku(
            rencana.sasaran,
            "IKU-1",
            targets=[T(TAHUN, None, D(100))] + [T(TAHUN, q, D(25)) for q in (1, 2, 3, 4)],
            ikd_id=daerah.ikd.pk,
        )
        iku2 = buat_iku(
            rencana.sasaran_2,
            "IKU-2",
            polaritas="kualitatif",
            tipe_perhitungan="posisi_akhir",
            skala_id=daerah.skala.pk,
            targets=[T(TAHUN, None, None, None, "WTP"), T(TAHUN, 1, None, None, "WDP")],
        )
        r = {
            (1, 1): buat_realisasi(iku1, 1, "diverifikasi", D(30)),
            (1, 2): buat_realisasi(iku1, 2, "draft", D("20.5")),
            (1, 3): buat_realisasi(iku1, 3, "diverifikasi", D(10)),
            (2, 1): buat_realisasi(iku2, 1, "diajukan", label="WDP"),
        }
    return SimpleNamespace(iku1=iku1, iku2=iku2, realisasi=r, daerah=daerah, rencana=rencana)


@pytest.fixture
def rekap(db: Any, opd_a: TestOpd, opd_b: TestOpd) -> Any:
    """Rollup rows for 2031 (public schema), written directly:

    OPD A TW2: IKU-1 TW1 verified (120) / TW2 disetujui (80); IKU-2 TW1+TW2 verified (100, 90);
    IKU-3 TW1 draft / TW2 verified (50, a gap: not public). RingkasanOpd mixes all (73,33).
    OPD B TW2: one IKU, nothing verified (capaian 200 must never show)."""
    from kinerja.rollup.models import RingkasanOpd, SnapshotIku
    from tenants.models import Opd

    with schema_context("public"):
        a = Opd.objects.get(schema_name=opd_a.schema)
        b = Opd.objects.get(schema_name=opd_b.schema)
        rows = [
            (a, 1, "IKU-1", 1, "diverifikasi", D(120), "sangat_tinggi"),
            (a, 1, "IKU-1", 2, "disetujui", D(80), "tinggi"),
            (a, 2, "IKU-2", 1, "diverifikasi", D(100), "sangat_tinggi"),
            (a, 2, "IKU-2", 2, "diverifikasi", D(90), "tinggi"),
            (a, 3, "IKU-3", 1, "draft", D(40), "sangat_rendah"),
            (a, 3, "IKU-3", 2, "diverifikasi", D(50), "sangat_rendah"),
            (b, 1, "B-1", 2, "diajukan", D(200), "sangat_tinggi"),
        ]
        for opd, iku_id, kode, tw, status, capaian, predikat in rows:
            SnapshotIku.objects.create(
                opd=opd,
                iku_id=iku_id,
                kode=kode,
                nama=f"Indikator {kode}",
                satuan="%",
                polaritas="positif",
                tipe_perhitungan="kumulatif",
                tahun=TAHUN,
                triwulan=tw,
                capaian=capaian,
                predikat_kode=predikat,
                status=status,
                realisasi=D(1),
            )
        ringkas = {
            "a1": RingkasanOpd.objects.create(
                opd=a,
                tahun=TAHUN,
                triwulan=1,
                jumlah_iku=3,
                jumlah_terisi=3,
                jumlah_diajukan=2,
                jumlah_diverifikasi=2,
                jumlah_capaian=3,
                rata_rata_capaian=D("86.6667"),
                kelengkapan_persen=D(100),
                terverifikasi_persen=D("66.67"),
            ),
            "a2": RingkasanOpd.objects.create(
                opd=a,
                tahun=TAHUN,
                triwulan=2,
                jumlah_iku=3,
                jumlah_terisi=3,
                jumlah_diajukan=3,
                jumlah_diverifikasi=2,
                jumlah_capaian=3,
                rata_rata_capaian=D("73.3333"),
                kelengkapan_persen=D(100),
                terverifikasi_persen=D("66.67"),
            ),
            "b2": RingkasanOpd.objects.create(
                opd=b,
                tahun=TAHUN,
                triwulan=2,
                jumlah_iku=1,
                jumlah_terisi=1,
                jumlah_diajukan=1,
                jumlah_diverifikasi=0,
                jumlah_capaian=1,
                rata_rata_capaian=D(200),
                kelengkapan_persen=D(100),
                terverifikasi_persen=D(0),
            ),
        }
    return SimpleNamespace(a=a, b=b, ringkasan=ringkas)


def token_untuk(schema: str, username: str) -> str:
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    with schema_context(schema):
        user = get_user_model().objects.get(username=username)
        return Token.objects.get_or_create(user=user)[0].key


@pytest.fixture
def klien() -> Callable[..., Client]:
    """``klien(host)`` anonymous, ``klien(host, token)`` with ``Authorization: Token``."""

    def buat(host: str, token: str | None = None) -> Client:
        extra = {"HTTP_HOST": host}
        if token:
            extra["HTTP_AUTHORIZATION"] = f"Token {token}"
        return Client(**extra)

    return buat


@pytest.fixture
def publik(klien: Callable[..., Client]) -> Client:
    return klien(PUBLIC_HOST)


@pytest.fixture
def anon_a(klien: Callable[..., Client], opd_a: TestOpd) -> Client:
    return klien(opd_a.domain)


@pytest.fixture
def operator_a(klien: Callable[..., Client], opd_a: TestOpd, izin: Any) -> Client:
    return klien(opd_a.domain, token_untuk(opd_a.schema, "operator"))


@pytest.fixture
def kepala_a(klien: Callable[..., Client], opd_a: TestOpd, izin: Any) -> Client:
    return klien(opd_a.domain, token_untuk(opd_a.schema, "kepala"))


def galat_json(response: Any, status: int, kode: str | None = None) -> dict[str, Any]:
    """Assert the API error document and return it."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"kode", "pesan", "galat"}, body
    assert body["pesan"]
    if kode is not None:
        assert body["kode"] == kode, body
    return body
