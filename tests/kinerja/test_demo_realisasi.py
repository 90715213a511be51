"""Demo realisasi: written through the workflow services, every step represented, idempotent."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db.models import Count
from django.utils import timezone
from django_tenants.utils import schema_context

from kinerja.daerah.models import JadwalPelaporan
from kinerja.daerah.selectors import jendela_opd
from kinerja.demo.data import OPDS
from kinerja.demo.realisasi import realisasi_seed, triwulan_berjalan
from kinerja.demo.services import demo_seed
from kinerja.engine.jadwal import StatusJendela, status_jendela
from kinerja.opd.models import Iku, JejakAudit, RealisasiIku

TWO = tuple(opd for opd in OPDS if opd.schema in ("dinkes", "disdikbud"))

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("sekarang", "periode"),
    [
        (datetime(2026, 11, 23, 2, tzinfo=UTC), (2026, 3)),
        (datetime(2026, 1, 5, 2, tzinfo=UTC), (2025, 4)),
        (datetime(2026, 3, 31, 15, 59, tzinfo=UTC), (2025, 4)),  # 23:59 WITA, still TW1
        (datetime(2026, 3, 31, 16, 1, tzinfo=UTC), (2026, 1)),  # 00:01 WITA on 1 April
    ],
)
def test_triwulan_berjalan(sekarang: datetime, periode: tuple[int, int]) -> None:
    assert triwulan_berjalan(sekarang) == periode


def test_demo_realisasi_semua_tahap_dan_idempoten() -> None:
    demo_seed(log=lambda _: None, opds=TWO)
    tahun, tw = triwulan_berjalan(timezone.now())
    jadwal = JadwalPelaporan.objects.filter(tahun=tahun, triwulan=tw).first()
    if jadwal is not None:
        # The demo keeps the quarter being reported open, so a newcomer can try the flow.
        jendela = jendela_opd("dinkes", tahun, tw)
        assert status_jendela(jendela, timezone.now()) == StatusJendela.DIBUKA

    with schema_context("dinkes"):
        jumlah_iku = Iku.objects.filter(aktif=True).count()
        kini = RealisasiIku.objects.filter(tahun=tahun, triwulan=tw)
        if jadwal is not None:
            # Showcase OPD 1: the operator still has to fill one IKU and submit.
            assert set(kini.values_list("status", flat=True)) == {"draft"}
            assert kini.count() == jumlah_iku - 1
        lampau = RealisasiIku.objects.exclude(tahun=tahun, triwulan=tw)
        assert lampau.exists()
        assert set(lampau.values_list("status", flat=True)) == {"diverifikasi"}
        assert all(r.diajukan_pada and r.disetujui_pada for r in lampau)
        # Every value change and state change left an audit row.
        assert JejakAudit.objects.filter(aksi="verifikasi").count() == lampau.count()
        dinkes_jumlah = RealisasiIku.objects.count()

    with schema_context("disdikbud"):
        if jadwal is not None:
            kini = RealisasiIku.objects.filter(tahun=tahun, triwulan=tw)
            assert set(kini.values_list("status", flat=True)) == {"disetujui"}
        # Showcase OPDs had one IKU per past quarter returned by Bappeda and fixed.
        dikembalikan = RealisasiIku.objects.filter(jumlah_dikembalikan=1)
        assert dikembalikan.exists()
        assert all(r.status == "diverifikasi" for r in dikembalikan)
        assert JejakAudit.objects.filter(aksi="kembalikan", sumber="bappeda").exists()
        per_periode = (
            RealisasiIku.objects.values("tahun", "triwulan").annotate(n=Count("id")).order_by()
        )
        assert len({row["n"] for row in per_periode}) == 1  # complete quarters

    assert realisasi_seed(TWO, log=lambda _: None)["triwulan_lampau"] == 0
    with schema_context("dinkes"):
        assert RealisasiIku.objects.count() == dinkes_jumlah
