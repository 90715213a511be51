"""A constant number of queries per request whatever the page size (1 row vs 30 rows)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from tests.api.conftest import TAHUN, buat_realisasi

pytestmark = pytest.mark.django_db
D = Decimal


def kueri(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries), response.json()


def tambah_iku(data, opd, jumlah):
    from kinerja.opd.services import TargetInput as T
    from tests.kinerja.opd.conftest import _buat_iku

    with schema_context(opd.schema):
        for i in range(jumlah):
            kual = i % 3 == 0
            iku = _buat_iku(
                data.rencana.sasaran,
                f"Q-{i:03d}",
                polaritas="kualitatif" if kual else "positif",
                tipe_perhitungan="posisi_akhir" if kual else "kumulatif",
                skala_id=data.daerah.skala.pk if kual else None,
                ikd_id=data.daerah.ikd.pk,
                targets=[T(TAHUN, None, None if kual else D(100), None, "WTP" if kual else "")]
                + [
                    T(TAHUN, q, None if kual else D(25), None, "WDP" if kual else "")
                    for q in (1, 2)
                ],
            )
            buat_realisasi(iku, 1, "diverifikasi", None if kual else D(i), "WDP" if kual else "")
            buat_realisasi(iku, 2, "draft", None if kual else D(i + 1), "WTP" if kual else "")


@pytest.mark.parametrize("masuk", [False, True])
def test_iku_list_constant(anon_a, operator_a, data, opd_a, masuk, django_assert_max_num_queries):
    client = operator_a if masuk else anon_a
    tambah_iku(data, opd_a, 30)
    # One row (Q-000: kualitatif, feeds an IKD) against 30 rows of every kind.
    sedikit, body = kueri(client, f"/api/v1/iku/?tahun={TAHUN}&ordering=kode&page_size=1&page=3")
    assert [r["kode"] for r in body["results"]] == ["Q-000"]
    banyak, body = kueri(client, f"/api/v1/iku/?tahun={TAHUN}&ordering=kode&page_size=30")
    assert len(body["results"]) == 30
    assert banyak == sedikit, (sedikit, banyak)
    # Every query is preceded by django-tenants' SET search_path; signed in: token + perms;
    # anonymous: the statuses of the year's realisasi (the published-quarters rule).
    assert banyak <= 28 if masuk else banyak <= 24


def test_iku_detail_constant(anon_a, data, opd_a):
    n, _ = kueri(anon_a, f"/api/v1/iku/{data.iku1.pk}/?tahun={TAHUN}")
    assert n <= 18  # 9 queries, each after a SET search_path


def test_realisasi_list_constant(operator_a, data, opd_a):
    sedikit, body = kueri(operator_a, "/api/v1/realisasi/?page_size=1")
    tambah_iku(data, opd_a, 15)
    banyak, body = kueri(operator_a, "/api/v1/realisasi/?page_size=30")
    assert len(body["results"]) == 30
    assert banyak == sedikit, (sedikit, banyak)


def test_ikd_list_constant(publik, data, daerah):
    from kinerja.daerah.models import IndikatorDaerah, RealisasiDaerah, TargetDaerah

    sedikit, _ = kueri(publik, f"/api/v1/ikd/?tahun={TAHUN}&page_size=1")
    with schema_context("public"):
        for i in range(30):
            ind = IndikatorDaerah.objects.create(
                periode=daerah.periode,
                sasaran=daerah.sasaran_11,
                kode=f"IKD-X{i:02d}",
                nama=f"IKD {i}",
                satuan="%",
                is_ikd=True,
                aspek="daya_saing_daerah",
            )
            TargetDaerah.objects.create(indikator=ind, tahun=TAHUN, nilai=D(50))
            RealisasiDaerah.objects.create(indikator=ind, tahun=TAHUN, nilai=D(i))
    from tests.api.conftest import bersihkan_cache_api

    bersihkan_cache_api()
    banyak, body = kueri(publik, f"/api/v1/ikd/?tahun={TAHUN}&page_size=30")
    assert len(body["results"]) == 30
    assert banyak == sedikit, (sedikit, banyak)


def test_rekap_constant(publik, rekap, opd_a):
    from kinerja.rollup.models import RingkasanOpd
    from tenants.models import Opd

    sedikit, body = kueri(publik, f"/api/v1/rekap/?tahun={TAHUN}&triwulan=2&page_size=1")
    # More OPD rows: the same OPDs in other years would not show; add summaries of TW3 for
    # every registered OPD instead and compare TW3 with one row vs all rows.
    with schema_context("public"):
        for opd in Opd.objects.exclude(schema_name="public"):
            RingkasanOpd.objects.get_or_create(
                opd=opd, tahun=TAHUN, triwulan=3, defaults={"jumlah_iku": 1}
            )
    banyak, body = kueri(publik, f"/api/v1/rekap/?tahun={TAHUN}&triwulan=3&page_size=30")
    assert len(body["results"]) >= 2
    assert banyak == sedikit, (sedikit, banyak)
