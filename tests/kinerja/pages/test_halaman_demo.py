"""demo_pages_seed: the pages a newcomer sees after ``make run`` (portal pages, a sample LKjIP,
one page per IKU in each demo OPD, a sample narrative), idempotent."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from kinerja.demo.data import OPDS
from tests.kinerja.pages.conftest import cocok_grafik_tabel, sup

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

DUA = tuple(opd for opd in OPDS if opd.schema in ("dinkes", "disdikbud"))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_demo_pages_seed(host_client, public_client):
    from kinerja.demo.services import demo_seed
    from kinerja.opd.models import Iku
    from kinerja.pages.models import IkuPage, LaporanPage
    from kinerja.pages.services import demo_pages_lengkap, demo_pages_seed

    # demo_seed (what `make run` calls) creates the pages too.
    demo_seed(log=lambda _: None, opds=DUA)
    assert demo_pages_lengkap(DUA)
    with schema_context("dinkes"):
        jumlah_iku = Iku.objects.count()
        assert IkuPage.objects.live().count() == jumlah_iku > 0
        contoh = IkuPage.objects.live().order_by("path").first()
        assert len(contoh.narasi) == 5
        url = contoh.url
    kedua = demo_pages_seed(opds=DUA, log=lambda _: None)
    assert kedua["portal"] == kedua["laporan"] == kedua["narasi"] == 0
    assert LaporanPage.objects.count() == 1

    # The portal: the demo RPJMD's IKD with their charts, and the LKjIP with its PDF.
    soup = sup(public_client.get("/"))
    assert soup.select("[data-ikd]"), "no headline IKD"
    soup = sup(public_client.get("/ikd-kesejahteraan-masyarakat/"))
    for canvas in soup.find_all("canvas"):
        cocok_grafik_tabel(soup, canvas["id"])
    laporan = LaporanPage.objects.get()
    assert public_client.get(laporan.dokumen.url).status_code == 200

    # dinkes: home scorecard from the demo's verified quarters, an IKU page with both charts.
    client = host_client("dinkes.localhost")
    soup = sup(client.get("/"))
    assert soup.select_one("[data-rapor=rata-rata]") is not None
    soup = sup(client.get(url))
    cocok_grafik_tabel(soup, "grafik-iku-tahunan")
    cocok_grafik_tabel(soup, "grafik-iku-triwulan")
    assert soup.find("section", class_="narasi") is not None
