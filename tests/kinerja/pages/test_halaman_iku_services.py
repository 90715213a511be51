"""The IKU page follows its IKU (kinerja.pages.receivers → services.iku_page_ensure), and the
portal's fixed pages are created once (services.portal_pages_ensure)."""

from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import schema_context
from wagtail.models import Revision

from kinerja.pages.models import (
    DirektoriOpdPage,
    IkdAspekPage,
    IkuIndexPage,
    IkuPage,
    LaporanIndexPage,
    OpdHomePage,
)
from kinerja.pages.services import iku_page_ensure, iku_pages_sync, portal_pages_ensure

pytestmark = pytest.mark.django_db


def _revisi(page: IkuPage) -> int:
    return Revision.page_revisions.filter(object_id=str(page.pk)).count()


def test_iku_baru_membuat_halaman_terbit_di_bawah_daftar_iku(rencana_a, opd_a, anonim):
    with schema_context(opd_a.schema):
        index = IkuIndexPage.objects.get()
        assert index.live and index.get_parent().specific_class is OpdHomePage
        iku = rencana_a.iku["H1"]
        page = IkuPage.objects.get(iku_id=iku.pk)
        assert page.live and page.title == "Cakupan layanan uji"
        assert page.slug == "iku-h1" and page.get_parent().pk == index.pk
        assert IkuPage.objects.count() == 3
    response = anonim(opd_a.domain).get("/iku/iku-h1/")
    assert response.status_code == 200
    assert "Cakupan layanan uji" in response.content.decode()


def test_simpan_tanpa_perubahan_tidak_membuat_revisi(rencana_a, opd_a):
    from kinerja.opd.services import iku_simpan

    with schema_context(opd_a.schema):
        iku = rencana_a.iku["H1"]
        page = IkuPage.objects.get(iku_id=iku.pk)
        sebelum = _revisi(page)
        iku.definisi = "Definisi baru (tidak mengubah halaman)."
        iku_simpan(iku)
        assert _revisi(page) == sebelum


def test_ganti_nama_dan_kode_memperbarui_judul_dan_slug(rencana_a, opd_a, anonim):
    from kinerja.opd.services import iku_simpan

    with schema_context(opd_a.schema):
        iku = rencana_a.iku["H1"]
        iku.nama, iku.kode = "Cakupan layanan uji (baru)", "IKU-H1B"
        iku_simpan(iku)
        page = IkuPage.objects.get(iku_id=iku.pk)
        assert page.live and page.title == page.draft_title == "Cakupan layanan uji (baru)"
        assert page.slug == "iku-h1b" and page.url_path.endswith("/iku/iku-h1b/")
        assert not page.has_unpublished_changes
    html = anonim(opd_a.domain).get("/iku/iku-h1b/").content.decode()
    assert "Cakupan layanan uji (baru)" in html


def test_ganti_nama_mempertahankan_draf_narasi_editor(rencana_a, opd_a):
    from wagtail.rich_text import RichText

    from kinerja.opd.services import iku_simpan

    with schema_context(opd_a.schema):
        iku = rencana_a.iku["H2"]
        page = IkuPage.objects.get(iku_id=iku.pk)
        draf = page.get_latest_revision_as_object()
        draf.narasi = [("paragraf", RichText("<p>Draf editor belum terbit.</p>"))]
        draf.save_revision()
        iku.nama = "Jumlah keluhan uji (diganti)"
        iku_simpan(iku)
        page = IkuPage.objects.get(pk=page.pk)
        assert page.live and page.title == "Jumlah keluhan uji (diganti)"
        assert not len(page.narasi)  # the live version has no narrative yet
        assert page.has_unpublished_changes
        terakhir = page.get_latest_revision_as_object()
        assert terakhir.title == "Jumlah keluhan uji (diganti)"
        assert "Draf editor belum terbit." in str(terakhir.narasi[0].value)


def test_nonaktif_menurunkan_halaman_dan_aktif_lagi_menerbitkan(rencana_a, opd_a, anonim):
    from kinerja.opd.services import iku_simpan

    with schema_context(opd_a.schema):
        iku = rencana_a.iku["H2"]
        iku.aktif = False
        iku_simpan(iku)
        page = IkuPage.objects.get(iku_id=iku.pk)
        assert not page.live
    client = anonim(opd_a.domain)
    assert client.get("/iku/iku-h2/").status_code == 404
    assert "Jumlah keluhan uji" not in client.get("/iku/").content.decode()

    with schema_context(opd_a.schema):
        iku.aktif, iku.nama = True, "Jumlah keluhan uji (aktif lagi)"
        iku_simpan(iku)
        page = IkuPage.objects.get(iku_id=iku.pk)
        assert page.live and page.title == "Jumlah keluhan uji (aktif lagi)"
    assert client.get("/iku/iku-h2/").status_code == 200


def test_iku_nonaktif_berganti_nama_tetap_turun(rencana_a, opd_a):
    from kinerja.opd.services import iku_simpan

    with schema_context(opd_a.schema):
        iku = rencana_a.iku["H2"]
        iku.aktif = False
        iku_simpan(iku)
        iku.nama = "Nama baru saat nonaktif"
        iku_simpan(iku)
        page = IkuPage.objects.get(iku_id=iku.pk)
        assert not page.live and page.title == "Nama baru saat nonaktif"
        assert page.get_latest_revision_as_object().title == "Nama baru saat nonaktif"


def test_iku_dihapus_halamannya_turun(rencana_a, opd_a, anonim):
    with schema_context(opd_a.schema):
        iku = rencana_a.iku["H3"]
        iku_id = iku.pk
        iku.delete()
        assert not IkuPage.objects.get(iku_id=iku_id).live
    assert anonim(opd_a.domain).get("/iku/iku-h3/").status_code == 404


def test_iku_baru_membuat_daftar_iku_bila_belum_ada(provinsi, opd_a, buat_iku):
    from kinerja.opd.models import Renstra, SasaranStrategis, TujuanRenstra

    with schema_context(opd_a.schema):
        assert not IkuIndexPage.objects.exists()
        renstra = Renstra.objects.create(
            periode_rpjmd_id=provinsi.periode.pk, nama="R", tahun_awal=2031, tahun_akhir=2035
        )
        tujuan = TujuanRenstra.objects.create(renstra=renstra, kode="T", uraian="T")
        sasaran = SasaranStrategis.objects.create(
            tujuan=tujuan, kode="S", uraian="S", sasaran_rpjmd_id=provinsi.sasaran.pk
        )
        iku = buat_iku(sasaran, "IKU-X", [])
        assert IkuIndexPage.objects.get().live
        assert IkuPage.objects.get(iku_id=iku.pk).live


def test_iku_tersimpan_massal_diperbaiki_oleh_sinkron(rencana_a, opd_a):
    from kinerja.opd.models import Iku

    with schema_context(opd_a.schema):
        (baru,) = Iku.objects.bulk_create(
            [
                Iku(
                    sasaran=rencana_a.sasaran["SS-H2"],
                    kode="IKU-MASSAL",
                    nama="IKU dari impor",
                    satuan="%",
                )
            ]
        )
        assert not IkuPage.objects.filter(iku_id=baru.pk).exists()  # no signal
        hasil = iku_pages_sync()
        assert hasil["halaman"] == 4
        assert IkuPage.objects.get(iku_id=baru.pk).live
        # a page whose IKU is gone is taken down
        Iku.objects.filter(pk=baru.pk).delete()  # queryset delete still sends post_delete
        assert not IkuPage.objects.get(iku_id=baru.pk).live


def test_kegagalan_halaman_tidak_menggagalkan_simpan_iku(rencana_a, opd_a, monkeypatch):
    from kinerja.opd.services import iku_simpan
    from kinerja.pages import services

    def gagal(iku):
        raise RuntimeError("halaman rusak")

    monkeypatch.setattr(services, "iku_page_ensure", gagal)
    with schema_context(opd_a.schema):
        iku = rencana_a.iku["H1"]
        iku.nama = "Tetap tersimpan"
        iku_simpan(iku)
        iku.refresh_from_db()
        assert iku.nama == "Tetap tersimpan"


def test_iku_page_ensure_di_skema_publik_tidak_berbuat_apa_apa(rencana_a):
    connection.set_schema_to_public()
    assert iku_page_ensure(rencana_a.iku["H1"]) is None


def test_halaman_iku_tidak_dapat_dibuat_manual_oleh_editor(rencana_a, opd_a):
    with schema_context(opd_a.schema):
        index = IkuIndexPage.objects.get()
        assert IkuPage not in index.specific_class.creatable_subpage_models()
        assert not IkuIndexPage.can_create_at(OpdHomePage.objects.get())  # max_count 1


def test_portal_pages_ensure_idempoten_dan_hanya_publik(db, opd_a):
    connection.set_schema_to_public()
    portal_pages_ensure()
    assert portal_pages_ensure() == {"dibuat": 0}
    assert set(IkdAspekPage.objects.values_list("aspek", flat=True)) == {
        "kesejahteraan_masyarakat",
        "pelayanan_umum",
        "daya_saing_daerah",
    }
    assert DirektoriOpdPage.objects.count() == 1
    assert LaporanIndexPage.objects.count() == 1
    assert all(p.live and p.show_in_menus for p in IkdAspekPage.objects.all())
    with schema_context(opd_a.schema), pytest.raises(ValueError):
        portal_pages_ensure()


def test_perintah_sinkron_halaman_iku(rencana_a, opd_a, capsys):
    from django.core.management import CommandError, call_command

    from kinerja.opd.models import Iku

    with schema_context(opd_a.schema):
        (baru,) = Iku.objects.bulk_create(
            [Iku(sasaran=rencana_a.sasaran["SS-H1"], kode="IKU-CMD", nama="Dari impor", satuan="%")]
        )
    call_command("sinkron_halaman_iku", schema=opd_a.schema)
    assert f"{opd_a.schema}: 4 halaman IKU diperiksa" in capsys.readouterr().out
    with schema_context(opd_a.schema):
        assert IkuPage.objects.get(iku_id=baru.pk).live
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("sinkron_halaman_iku", schema="tidak_ada")
