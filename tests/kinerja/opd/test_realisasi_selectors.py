"""Read side of the triwulan grid: rows, targets, earlier triwulans, capaian and predikat, the
window, what each role may do, the live preview, the default triwulan, and a constant number
of queries whatever the number of IKU."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from kinerja.engine.alur import Aksi
from kinerja.engine.jadwal import WITA, StatusJendela
from kinerja.opd.services import TargetInput as T
from tests.kinerja.opd import test_realisasi_grid as _grid_tests
from tests.kinerja.opd.test_realisasi_grid import TAHUN, TW, buat_jadwal, pelaku

# Fixtures shared with the grid tests.
data_grid = _grid_tests.data_grid
jadwal_buka = _grid_tests.jadwal_buka

pytestmark = pytest.mark.django_db
D = Decimal


def _simpan(opd, iku, triwulan, **nilai):
    from kinerja.opd.realisasi import RealisasiInput, realisasi_simpan

    return realisasi_simpan(
        pelaku(opd), iku.pk, TAHUN, triwulan, RealisasiInput(**nilai), sekarang=None
    ).realisasi


def _grid(opd, username="operator", **kwargs):
    from kinerja.opd.realisasi_selectors import realisasi_grid

    with schema_context(opd.schema):
        return realisasi_grid(TAHUN, TW, pelaku=pelaku(opd, username), **kwargs)


def test_rows_targets_capaian_and_earlier_triwulans(data_grid, opd_a):
    buat_jadwal(TAHUN, 1)
    with schema_context(opd_a.schema):
        _simpan(opd_a, data_grid.angka, 1, nilai=D(20))
        _simpan(opd_a, data_grid.angka, 2, nilai=D(30), faktor_pendorong="Anggaran")
        _simpan(opd_a, data_grid.kualitatif, 2, nilai_kualitatif="WDP")
    grid = _grid(opd_a)
    assert [b.iku.kode for b in grid.baris] == ["IKU-01", "IKU-03", "IKU-02"]  # sasaran, kode
    angka = grid.baris_iku(data_grid.angka.pk)
    assert (angka.target_teks, angka.target_sd_teks) == ("25", "50")
    assert angka.sebelumnya == {1: "20"} and angka.sebelumnya_teks == "TW1: 20"
    assert angka.nilai_teks == "30" and angka.versi == 1 and angka.status_label == "Draf"
    assert angka.capaian_teks == "100,00"  # (20 + 30) / (25 + 25)
    assert angka.predikat_label == "Sangat Tinggi"
    assert angka.rumus == "R / T × 100; R = TW1 + TW2; T = Target s.d. TW2 2031"
    kual = grid.baris_iku(data_grid.kualitatif.pk)
    assert kual.pilihan_kualitatif == ("WTP", "WDP", "TW", "TMP")
    assert (kual.target_teks, kual.capaian_teks, kual.predikat_label) == ("WTP", "75,00", "Sedang")
    negatif = grid.baris_iku(data_grid.negatif.pk)
    assert negatif.realisasi is None and negatif.versi == 0 and negatif.capaian_teks == ""
    assert negatif.alasan and negatif.rumus == negatif.alasan
    assert grid.jumlah_status() == {"Belum diisi": 1, "Draf": 2}


def test_inactive_and_out_of_renstra_iku_are_left_out(data_grid, opd_a, buat_iku, daerah):
    from kinerja.opd.models import Renstra, SasaranStrategis, TujuanRenstra

    with schema_context(opd_a.schema):
        lama = Renstra.objects.create(
            periode_rpjmd_id=daerah.periode.pk,
            nama="Renstra lama",
            tahun_awal=2036,
            tahun_akhir=2036,
        )
        tujuan = TujuanRenstra.objects.create(renstra=lama, kode="TL", uraian="Tujuan lama")
        sasaran = SasaranStrategis.objects.create(
            tujuan=tujuan, kode="SL", uraian="Sasaran lama", sasaran_rpjmd_id=daerah.sasaran_11.pk
        )
        buat_iku(sasaran, "IKU-LAMA", targets=[T(2036, None, D(1))])
    kode = [b.iku.kode for b in _grid(opd_a).baris]
    assert "IKU-99" not in kode and "IKU-LAMA" not in kode and len(kode) == 3


def test_roles_decide_what_can_be_done(data_grid, opd_a):
    from kinerja.opd.realisasi import realisasi_aksi

    with schema_context(opd_a.schema):
        r = _simpan(opd_a, data_grid.angka, TW, nilai=D(1))
        _simpan(opd_a, data_grid.negatif, TW, nilai=D(1))
        realisasi_aksi(pelaku(opd_a), "ajukan", {r.pk: None})
    operator = _grid(opd_a)
    assert operator.operator and operator.boleh_simpan and operator.boleh_ajukan_triwulan
    assert not operator.boleh_setujui_triwulan
    assert not operator.baris_iku(data_grid.angka.pk).boleh_ubah  # diajukan: read-only
    assert operator.baris_iku(data_grid.negatif.pk).boleh_ubah  # draft
    assert operator.baris_iku(data_grid.kualitatif.pk).boleh_ubah  # not entered yet
    assert operator.baris_iku(data_grid.negatif.pk).aksi == (Aksi.AJUKAN,)

    kepala = _grid(opd_a, "kepala")
    assert not kepala.operator and not kepala.boleh_simpan and not kepala.boleh_ajukan_triwulan
    assert kepala.boleh_setujui_triwulan
    assert set(kepala.baris_iku(data_grid.angka.pk).aksi) == {Aksi.SETUJUI, Aksi.KEMBALIKAN}
    assert not any(b.boleh_ubah for b in kepala.baris)


def test_window_states(data_grid, opd_a, rencana, buat_iku):
    grid = _grid(opd_a)
    assert grid.status_jendela == StatusJendela.DIBUKA and grid.jendela_terbuka
    assert grid.pesan_jendela == "" and "batas waktu" in grid.uraian_jendela

    lewat = timezone.now() + timedelta(days=15)  # after the deadline, before the lock
    grid = _grid(opd_a, sekarang=lewat)
    assert grid.terlambat and grid.jendela_terbuka and grid.boleh_simpan

    tutup = timezone.now() + timedelta(days=30)
    grid = _grid(opd_a, sekarang=tutup)
    assert grid.status_jendela == StatusJendela.DITUTUP and not grid.boleh_simpan
    assert "sudah ditutup pada" in grid.pesan_jendela
    assert not grid.boleh_ajukan_triwulan

    from kinerja.opd.realisasi_selectors import realisasi_grid

    with schema_context(opd_a.schema):
        tanpa = realisasi_grid(TAHUN, 4, pelaku=pelaku(opd_a))
    assert tanpa.status_jendela == StatusJendela.TIDAK_ADA
    assert "belum ditetapkan" in tanpa.pesan_jendela and tanpa.uraian_jendela == ""


def test_returned_item_stays_editable_after_the_lock_until_its_correction_deadline(
    data_grid, opd_a
):
    from kinerja.opd.models import RealisasiIku

    with schema_context(opd_a.schema):
        r = _simpan(opd_a, data_grid.angka, TW, nilai=D(1))
        RealisasiIku.objects.filter(pk=r.pk).update(
            batas_koreksi=timezone.now() + timedelta(days=40)
        )
    grid = _grid(opd_a, sekarang=timezone.now() + timedelta(days=30))
    assert grid.baris_iku(data_grid.angka.pk).boleh_ubah
    assert not grid.baris_iku(data_grid.negatif.pk).boleh_ubah


def test_evidence_count_ignores_deleted_files(data_grid, opd_a):
    from kinerja.opd.models import BuktiDukung

    with schema_context(opd_a.schema):
        r = _simpan(opd_a, data_grid.angka, TW, nilai=D(1))
        for dihapus in (None, None, timezone.now()):
            BuktiDukung.objects.create(
                realisasi=r,
                path=f"uji/{uuid.uuid4()}.pdf",
                nama_berkas="a.pdf",
                jenis="PDF",
                mime="application/pdf",
                ukuran=10,
                sha256=uuid.uuid4().hex,
                dihapus_pada=dihapus,
            )
    assert _grid(opd_a).baris_iku(data_grid.angka.pk).jumlah_bukti == 2


def test_constant_number_of_queries(data_grid, opd_a, buat_iku, django_assert_max_num_queries):
    from kinerja.opd.models import BuktiDukung
    from kinerja.opd.realisasi_selectors import realisasi_grid

    # 9 SELECTs (IKU, targets, realisasi + evidence count, scales, scale labels, predikat
    # scheme and bands, schedule, extension); django-tenants prefixes each with SET search_path.
    def ukur() -> tuple[int, int]:
        with schema_context(opd_a.schema):
            p = pelaku(opd_a)
            with django_assert_max_num_queries(20) as hitung:
                grid = realisasi_grid(TAHUN, TW, pelaku=p)
                # everything the template reads
                for b in grid.baris:
                    _ = (
                        b.rumus,
                        b.capaian_teks,
                        b.predikat_label,
                        b.target_sd_teks,
                        b.nilai_teks,
                        b.sebelumnya_teks,
                        b.status_label,
                        b.jumlah_bukti,
                        b.boleh_ubah,
                    )
                _ = (grid.jumlah_status(), grid.boleh_setujui_triwulan, grid.uraian_jendela)
            return len(hitung.captured_queries), len(grid.baris)

    buat_jadwal(TAHUN, 1)
    with schema_context(opd_a.schema):
        for iku in (data_grid.angka, data_grid.negatif):
            _simpan(opd_a, iku, 1, nilai=D(3))
            r = _simpan(opd_a, iku, TW, nilai=D(4))
            BuktiDukung.objects.create(
                realisasi=r,
                path=f"uji/{uuid.uuid4()}.pdf",
                nama_berkas="a.pdf",
                jenis="PDF",
                mime="application/pdf",
                ukuran=10,
                sha256=uuid.uuid4().hex,
            )
        _simpan(opd_a, data_grid.kualitatif, TW, nilai_kualitatif="WTP")
    sedikit, n1 = ukur()
    with schema_context(opd_a.schema):
        for i in range(8):
            iku = buat_iku(
                data_grid.rencana.sasaran_2,
                f"IKU-2{i}",
                targets=[T(TAHUN, None, D(10)), T(TAHUN, TW, D(5))],
            )
            _simpan(opd_a, iku, TW, nilai=D(i))
            if i % 2:
                buat_iku(
                    data_grid.rencana.sasaran,
                    f"IKU-K{i}",
                    polaritas="kualitatif",
                    skala_id=data_grid.kualitatif.skala_id,
                    targets=[T(TAHUN, TW, None, None, "WDP")],
                )
    banyak, n2 = ukur()
    assert n2 == n1 + 12
    assert banyak == sedikit


def test_pratinjau_uses_the_stored_earlier_triwulans(data_grid, opd_a):
    from kinerja.opd.realisasi_selectors import IkuTidakDitemukan, pratinjau_capaian

    buat_jadwal(TAHUN, 1)
    with schema_context(opd_a.schema):
        _simpan(opd_a, data_grid.angka, 1, nilai=D(20))
        hasil = pratinjau_capaian(TAHUN, TW, data_grid.angka.pk, D("29.25"))
        assert hasil.capaian.nilai == D("98.5")
        assert hasil.predikat.label == "Sangat Tinggi"
        kual = pratinjau_capaian(TAHUN, TW, data_grid.kualitatif.pk, nilai_kualitatif=" tw ")
        assert kual.realisasi_kualitatif == "TW" and kual.capaian.nilai == D(50)
        with pytest.raises(IkuTidakDitemukan):
            pratinjau_capaian(TAHUN, TW, 999_999, D(1))
        inactive = data_grid.angka.__class__.objects.get(kode="IKU-99")
        with pytest.raises(IkuTidakDitemukan):
            pratinjau_capaian(TAHUN, TW, inactive.pk, D(1))


def test_triwulan_default(data_grid, opd_a):
    from kinerja.opd.realisasi_selectors import triwulan_default

    with schema_context(opd_a.schema):
        assert triwulan_default() == (TAHUN, TW)  # the open window
        jauh = datetime(2040, 8, 10, 12, 0, tzinfo=WITA)  # nothing open then
        assert triwulan_default(jauh) == (2040, 3)
        # 1 April 00.30 WITA is still 31 March in UTC: the quarter is taken in WITA.
        pagi = datetime(2040, 4, 1, 0, 30, tzinfo=WITA)
        assert triwulan_default(pagi.astimezone(UTC)) == (2040, 2)


def test_tahun_pilihan(data_grid, opd_a):
    from kinerja.opd.realisasi_selectors import tahun_pilihan

    with schema_context(opd_a.schema):
        assert tahun_pilihan() == [2035, 2034, 2033, 2032, 2031]
        assert tahun_pilihan(2040)[0] == 2040
