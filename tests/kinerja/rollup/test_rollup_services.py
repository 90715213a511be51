"""The rollup service against the real PostgreSQL/Redis: values of the snapshots, summaries and
IKD on a known dataset (conftest.py), idempotence, stale rows, locks, a failing schema and the
constant number of queries per schema."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from kinerja.daerah.models import RealisasiDaerah
from kinerja.rollup import kunci, services
from kinerja.rollup.models import RingkasanOpd, RollupRun, SnapshotIku
from kinerja.rollup.services import rollup_jalankan
from tests.kinerja.rollup.conftest import TAHUN, buat_iku, tambah_iku_polos

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kunci_bersih")]
D = Decimal


def snap(opd_id: int, kode: str, tw: int) -> SnapshotIku:
    return SnapshotIku.objects.get(opd_id=opd_id, kode=kode, tahun=TAHUN, triwulan=tw)


def semua_baris() -> list[dict]:
    snapshot = [model_to_dict(s) | {"id": s.pk} for s in SnapshotIku.objects.order_by("pk")]
    ringkasan = [model_to_dict(r) | {"id": r.pk} for r in RingkasanOpd.objects.order_by("pk")]
    ikd = list(RealisasiDaerah.objects.order_by("pk").values())
    return [snapshot, ringkasan, ikd]


# --- values ---------------------------------------------------------------------------------


def test_snapshot_positif_kumulatif(dunia):
    run = rollup_jalankan(pemicu=RollupRun.Pemicu.COMMAND)
    assert run.status == RollupRun.Status.BERHASIL, run.galat
    opd = dunia.opd_a.pk
    # 4 IKU × 4 scheduled triwulan, all in OPD A (OPD B has no plan).
    assert SnapshotIku.objects.filter(opd_id=opd).count() == 16
    assert SnapshotIku.objects.exclude(opd_id=opd).count() == 0

    tw1 = snap(opd, "P-01", 1)
    assert (tw1.target, tw1.realisasi, tw1.realisasi_sd, tw1.capaian) == (
        D(25),
        D(30),
        D(30),
        D(120),
    )
    assert (tw1.predikat, tw1.predikat_kode) == ("Sangat Tinggi", "sangat_tinggi")
    assert tw1.status == "diverifikasi" and tw1.jumlah_bukti == 2 and not tw1.terlambat
    assert tw1.acuan == f"Target s.d. TW1 {TAHUN}" and tw1.formula == "R / T × 100"
    assert tw1.iku_id == dunia.iku["P-01"].pk and tw1.ikd_id == dunia.ikd["IKD-P"].pk
    assert tw1.realisasi_id == dunia.realisasi[("P-01", 1)].pk
    assert tw1.diverifikasi_pada is not None and tw1.revisi == 1

    tw2 = snap(opd, "P-01", 2)
    assert (tw2.target, tw2.realisasi, tw2.realisasi_sd, tw2.capaian) == (
        D(50),
        D(20),
        D(50),
        D(100),
    )
    assert tw2.status == "disetujui"
    tw3 = snap(opd, "P-01", 3)
    assert tw3.status == "belum_diisi" and tw3.realisasi is None and tw3.realisasi_id is None
    assert (tw3.target, tw3.realisasi_sd, tw3.capaian) == (D(75), D(50), D("66.6667"))
    assert tw3.predikat_kode == "sedang"
    tw4 = snap(opd, "P-01", 4)
    assert tw4.acuan == f"Target tahunan {TAHUN}"
    assert (tw4.target, tw4.capaian, tw4.predikat_kode) == (D(100), D(50), "sangat_rendah")


def test_snapshot_negatif_dan_kualitatif(dunia):
    rollup_jalankan()
    opd = dunia.opd_a.pk
    n = {tw: snap(opd, "N-01", tw) for tw in (1, 2, 3, 4)}
    assert n[1].capaian == D(100)
    assert (n[2].target, n[2].realisasi_sd, n[2].capaian) == (D(11), D(9), D("118.1818"))
    assert (n[3].target, n[3].capaian) == (D("10.5"), D("114.2857"))
    assert (n[4].target, n[4].capaian) == (D(10), D(110))
    assert n[2].formula == "(2 − R/T) × 100" and n[2].jumlah_dikembalikan == 1

    k = {tw: snap(opd, "K-01", tw) for tw in (1, 2, 4)}
    assert (k[1].target_kualitatif, k[1].realisasi_kualitatif, k[1].capaian) == (
        "WDP",
        "WDP",
        D(100),
    )
    assert k[1].realisasi is None and k[1].realisasi_sd is None
    # No TW2 target: not computable, and it says why.
    assert k[2].capaian is None and k[2].kode_alasan == "target_kosong"
    assert k[2].alasan == "Target belum ditetapkan" and k[2].predikat == ""
    assert k[2].status == "draft" and k[2].realisasi_kualitatif == "WTP"
    assert (k[4].target_kualitatif, k[4].capaian) == ("WTP", D(100))


def test_terlambat_hanya_setelah_batas_dan_belum_pernah_diajukan(dunia):
    rollup_jalankan()
    opd = dunia.opd_a.pk
    # U-01 TW1: a draft never submitted, TW1's deadline passed → late.
    assert snap(opd, "U-01", 1).terlambat is True
    # TW2's deadline is in the future: nothing is late yet, filled or not.
    assert not SnapshotIku.objects.filter(opd_id=opd, triwulan=2, terlambat=True).exists()
    # Submitted on time (the workflow's flag is False) → not late.
    assert snap(opd, "P-01", 1).terlambat is False


def test_ringkasan_per_triwulan(dunia):
    rollup_jalankan()
    opd = dunia.opd_a.pk
    r1 = RingkasanOpd.objects.get(opd_id=opd, tahun=TAHUN, triwulan=1)
    assert (
        r1.jumlah_iku,
        r1.jumlah_terisi,
        r1.jumlah_berbukti,
        r1.jumlah_diajukan,
        r1.jumlah_diverifikasi,
        r1.jumlah_dikembalikan,
        r1.jumlah_terlambat,
        r1.jumlah_capaian,
    ) == (4, 4, 1, 3, 3, 0, 1, 4)
    assert r1.rata_rata_capaian == D(90)
    assert r1.predikat == {"sangat_rendah": 1, "sangat_tinggi": 3}
    assert (r1.kelengkapan_persen, r1.terverifikasi_persen) == (D(100), D(75))

    r2 = RingkasanOpd.objects.get(opd_id=opd, tahun=TAHUN, triwulan=2)
    assert (r2.jumlah_terisi, r2.jumlah_diajukan, r2.jumlah_diverifikasi) == (3, 2, 1)
    assert (r2.jumlah_dikembalikan, r2.jumlah_terlambat, r2.jumlah_capaian) == (1, 0, 3)
    # (100 + 118.1818 + 20) / 3, the snapshot values as stored.
    assert r2.rata_rata_capaian == D("79.3939")
    assert r2.predikat == {"sangat_rendah": 1, "sangat_tinggi": 2}
    assert (r2.kelengkapan_persen, r2.terverifikasi_persen) == (D(75), D(25))
    assert RingkasanOpd.objects.filter(opd_id=opd).count() == 4
    assert not RingkasanOpd.objects.exclude(opd_id=opd).exists()


def test_ikd_hanya_dari_realisasi_terverifikasi(dunia):
    rollup_jalankan()
    ikd = dunia.ikd
    rows = {r.indikator_id: r for r in RealisasiDaerah.objects.filter(tahun=TAHUN)}
    p = rows[ikd["IKD-P"].pk]
    # TW1 verified (30), TW2 only approved: the IKD gets TW1 alone, and says so.
    assert (p.nilai, p.sumber) == (D(30), "rollup")
    assert "P-01" in p.catatan and "s.d. TW1" in p.catatan
    n = rows[ikd["IKD-N"].pk]
    assert n.nilai == D(9) and "TW1–TW2" in n.catatan  # posisi akhir of TW1..TW2
    k = rows[ikd["IKD-K"].pk]
    assert (k.nilai, k.nilai_kualitatif) == (None, "WDP")
    # Only a draft: nothing verified, nothing written.
    assert ikd["IKD-U"].pk not in rows
    # Typed by Bappeda: untouched.
    b = rows[ikd["IKD-B"].pk]
    assert (b.nilai, b.sumber) == (D(77), "bappeda")


def test_ikd_triwulan_yang_tidak_pernah_dilaporkan_dilewati(dunia):
    """An indicator measured once a year (reported in TW4 only) still feeds its IKD; a quarter
    never reported is skipped, one reported but not verified stops the run."""
    from kinerja.daerah.models import IndikatorDaerah
    from tests.kinerja.rollup.conftest import buat_realisasi

    def ikd_baru(kode: str) -> IndikatorDaerah:
        with schema_context("public"):
            return IndikatorDaerah.objects.create(
                periode=dunia.periode,
                sasaran=dunia.ikd["IKD-P"].sasaran,
                kode=kode,
                nama=f"Indikator {kode}",
                satuan="%",
                polaritas="positif",
                is_ikd=True,
                aspek="pelayanan_umum",
                sumber_nilai="iku",
            )

    tahunan, celah = ikd_baru("IKD-T"), ikd_baru("IKD-C")
    target = [(TAHUN, None, D(100), "")] + [(TAHUN, q, D(25), "") for q in (1, 2, 3, 4)]
    with schema_context("opd_a"):
        t01 = buat_iku(dunia.sasaran, "T-01", target, ikd_id=tahunan.pk)
        buat_realisasi(t01, 4, "diverifikasi", D(88))
        c01 = buat_iku(dunia.sasaran, "C-01", target, ikd_id=celah.pk)
        buat_realisasi(c01, 2, "diverifikasi", D(20))  # TW1 never reported
        buat_realisasi(c01, 3, "draft", D(5))  # reported, not verified: the run stops here
        buat_realisasi(c01, 4, "diverifikasi", D(40))
    rollup_jalankan()
    t = RealisasiDaerah.objects.get(indikator=tahunan, tahun=TAHUN)
    assert t.nilai == D(88) and "triwulan terverifikasi TW4" in t.catatan
    c = RealisasiDaerah.objects.get(indikator=celah, tahun=TAHUN)
    assert c.nilai == D(20) and "TW2" in c.catatan and "s.d. TW2" in c.catatan


def test_ikd_tidak_menimpa_isian_bappeda_dan_menghapus_nilai_rollup_basi(dunia):
    from kinerja.opd.models import RealisasiIku

    with schema_context("public"):
        RealisasiDaerah.objects.create(
            indikator=dunia.ikd["IKD-N"], tahun=TAHUN, nilai=D(5), sumber="bappeda"
        )
    run = rollup_jalankan()
    assert RealisasiDaerah.objects.get(indikator=dunia.ikd["IKD-N"], tahun=TAHUN).nilai == D(5)
    assert "IKD-N" in run.catatan and "tidak menimpanya" in run.catatan

    assert RealisasiDaerah.objects.filter(indikator=dunia.ikd["IKD-P"], sumber="rollup").exists()
    with schema_context("opd_a"):  # Bappeda reopens TW1 of P-01
        RealisasiIku.objects.filter(pk=dunia.realisasi[("P-01", 1)].pk).update(status="draft")
    rollup_jalankan(schema="opd_a")
    assert not RealisasiDaerah.objects.filter(indikator=dunia.ikd["IKD-P"]).exists()


def test_ikd_dengan_dua_iku_tidak_ditulis_kecuali_ada_penanggung_jawab(dunia):
    from tenants.models import Opd

    with schema_context("opd_b"):
        from kinerja.opd.models import Renstra, SasaranStrategis, TujuanRenstra

        renstra = Renstra.objects.create(
            periode_rpjmd_id=dunia.periode.pk, nama="R", tahun_awal=2031, tahun_akhir=2035
        )
        tr = TujuanRenstra.objects.create(renstra=renstra, kode="T", uraian="T")
        ss = SasaranStrategis.objects.create(tujuan=tr, kode="S", uraian="S", sasaran_rpjmd_id=1)
        iku = buat_iku(ss, "B-01", [(TAHUN, None, D(100), "")], ikd_id=dunia.ikd["IKD-P"].pk)
        from tests.kinerja.rollup.conftest import buat_realisasi

        buat_realisasi(iku, 1, "diverifikasi", D(44))
    run = rollup_jalankan()
    assert "IKD-P 2031: terhubung ke 2 IKU" in run.catatan
    assert not RealisasiDaerah.objects.filter(indikator=dunia.ikd["IKD-P"]).exists()

    with schema_context("public"):
        ikd = dunia.ikd["IKD-P"]
        ikd.opd_penanggung_jawab = Opd.objects.get(schema_name="opd_b")
        ikd.save()
    rollup_jalankan()
    row = RealisasiDaerah.objects.get(indikator=dunia.ikd["IKD-P"], tahun=TAHUN)
    assert row.nilai == D(44) and "B-01" in row.catatan


# --- idempotence and stale rows ---------------------------------------------------------------


def test_dua_kali_menghasilkan_baris_yang_sama(dunia):
    pertama = rollup_jalankan()
    assert pertama.baris_ditulis > 0
    sebelum = semua_baris()
    kedua = rollup_jalankan()
    assert kedua.status == RollupRun.Status.BERHASIL
    assert kedua.baris_ditulis == 0
    assert semua_baris() == sebelum  # same ids, values and timestamps

    # --paksa recomputes and rewrites everything: still the same values.
    rollup_jalankan(paksa=True)
    sesudah = semua_baris()
    for a, b in zip(sebelum[0], sesudah[0], strict=True):
        assert {k: v for k, v in a.items() if k != "diperbarui"} == {
            k: v for k, v in b.items() if k != "diperbarui"
        }


def test_perubahan_satu_realisasi_hanya_menulis_iku_itu(dunia):
    from kinerja.opd.models import RealisasiIku

    rollup_jalankan()
    with schema_context("opd_a"):
        RealisasiIku.objects.filter(pk=dunia.realisasi[("U-01", 1)].pk).update(nilai=D(20))
    run = rollup_jalankan(schema="opd_a")
    assert snap(dunia.opd_a.pk, "U-01", 1).capaian == D(80)
    # Only U-01's four triwulan were rewritten, plus the four summaries (U-01's capaian s.d.
    # every triwulan changed, so every mean did); nothing else.
    ditulis = SnapshotIku.objects.filter(diperbarui__gte=run.mulai)
    assert sorted(ditulis.values_list("kode", "triwulan")) == [("U-01", tw) for tw in (1, 2, 3, 4)]
    assert RingkasanOpd.objects.filter(diperbarui__gte=run.mulai).count() == 4
    assert run.baris_ditulis == 8
    r1 = RingkasanOpd.objects.get(opd_id=dunia.opd_a.pk, tahun=TAHUN, triwulan=1)
    assert r1.predikat == {"sangat_tinggi": 3, "tinggi": 1}


def test_baris_basi_dihapus(dunia):
    from kinerja.opd.models import Iku, RealisasiIku

    rollup_jalankan()
    opd = dunia.opd_a.pk
    with schema_context("opd_a"):
        RealisasiIku.objects.filter(iku=dunia.iku["U-01"]).delete()
        Iku.objects.filter(pk=dunia.iku["U-01"].pk).update(aktif=False)
    rollup_jalankan()
    assert not SnapshotIku.objects.filter(opd_id=opd, kode="U-01").exists()
    assert RingkasanOpd.objects.get(opd_id=opd, tahun=TAHUN, triwulan=1).jumlah_iku == 3


def test_baris_opd_yang_sudah_dihapus_dibuang_run_penuh(dunia):
    """The snapshot table has no database foreign key: rows of an OPD that no longer exists
    (deleted by hand, or during a run) go with the next full run; an OPD's own run keeps
    them."""
    rollup_jalankan()
    contoh = SnapshotIku.objects.filter(opd_id=dunia.opd_a.pk).first()
    contoh.pk, contoh.opd_id = None, 987654  # no such OPD
    contoh.save()
    rollup_jalankan(schema="opd_a")
    assert SnapshotIku.objects.filter(opd_id=987654).exists()
    run = rollup_jalankan()
    assert not SnapshotIku.objects.filter(opd_id=987654).exists()
    assert run.baris_ditulis == 1
    assert SnapshotIku.objects.filter(opd_id=dunia.opd_a.pk).exists()


def test_opd_dihapus_snapshotnya_ikut_terhapus(dunia):
    """Deleting an OPD still cascades to its snapshots (Django's collector)."""
    from tenants.models import Opd

    rollup_jalankan()
    assert SnapshotIku.objects.filter(opd_id=dunia.opd_a.pk).exists()
    Opd.objects.filter(pk=dunia.opd_a.pk).delete()  # the row only; the schema stays
    assert not SnapshotIku.objects.filter(opd_id=dunia.opd_a.pk).exists()


def test_filter_tahun_tidak_menyentuh_tahun_lain(dunia):
    rollup_jalankan()
    jumlah = SnapshotIku.objects.count()
    run = rollup_jalankan(tahun=2030)  # nothing scheduled or reported in 2030
    assert run.status == RollupRun.Status.BERHASIL and run.tahun == 2030
    assert SnapshotIku.objects.count() == jumlah
    assert RealisasiDaerah.objects.filter(sumber="rollup").count() == 3


# --- locks ------------------------------------------------------------------------------------


def test_kunci_dipegang_run_kedua_dilewati(dunia):
    with kunci.dipegang(kunci.CAKUPAN_SEMUA) as lock:
        assert lock is not None
        run = rollup_jalankan(pemicu=RollupRun.Pemicu.BEAT)
    assert run.status == RollupRun.Status.DILEWATI and run.pk is not None
    assert "dilewati: rollup lain untuk cakupan yang sama sedang berjalan" in run.catatan
    assert not SnapshotIku.objects.exists()
    # Released: the next run goes ahead.
    assert rollup_jalankan().status == RollupRun.Status.BERHASIL


def test_kunci_opd_run_opd_menunggu_lalu_dilewati(dunia):
    with kunci.dipegang(kunci.cakupan_opd("opd_a")):
        run = rollup_jalankan(schema="opd_a", pemicu=RollupRun.Pemicu.EVENT, tunggu=0.2)
    assert run.status == RollupRun.Status.DILEWATI
    assert "setelah menunggu 0.2 detik" in run.catatan
    assert run.cakupan == "opd_a"


def test_run_penuh_melewati_opd_yang_sedang_di_rollup(dunia, monkeypatch):
    monkeypatch.setattr(services, "TUNGGU_KUNCI_OPD_DETIK", 0.1)
    with kunci.dipegang(kunci.cakupan_opd("opd_a")):
        run = rollup_jalankan()
    assert run.status == RollupRun.Status.BERHASIL
    assert "opd_a: dilewati" in run.catatan
    assert run.opd_diproses == 1 and run.opd_total == 2  # only OPD B
    assert not SnapshotIku.objects.exists()


# --- failures ---------------------------------------------------------------------------------


@pytest.fixture
def opd_tanpa_skema(db):
    """A registry row whose schema does not exist (bulk_create skips the schema creation)."""
    from tenants.models import Opd

    with schema_context("public"):
        return Opd.objects.bulk_create(
            [
                Opd(
                    schema_name="opd_hilang",
                    kode="HILANG",
                    nama="Hilang",
                    singkatan="HLG",
                    jenis="dinas",
                )
            ]
        )[0]


def test_satu_skema_gagal_yang_lain_tetap_diproses(dunia, opd_tanpa_skema):
    run = rollup_jalankan()
    assert run.status == RollupRun.Status.SEBAGIAN
    assert run.opd_total == 3 and run.opd_diproses == 2
    assert [g["schema"] for g in run.galat] == ["opd_hilang"]
    assert "does not exist" in run.galat[0]["pesan"] or "tidak" in run.galat[0]["pesan"]
    assert SnapshotIku.objects.filter(opd_id=dunia.opd_a.pk).count() == 16
    run.refresh_from_db()
    assert run.selesai is not None and run.durasi_ms is not None


def test_kelompok_gagal_diulang_per_opd(dunia, monkeypatch):
    asli = services.baca_skema

    def baca(schemas, tahun=None):
        if "opd_b" in schemas:
            raise RuntimeError("skema rusak")
        return asli(schemas, tahun)

    monkeypatch.setattr(services, "baca_skema", baca)
    run = rollup_jalankan()
    assert run.status == RollupRun.Status.SEBAGIAN
    assert run.galat == [{"schema": "opd_b", "pesan": "RuntimeError: skema rusak"}]
    assert SnapshotIku.objects.filter(opd_id=dunia.opd_a.pk).count() == 16


def test_opd_tunggal_tidak_ada_gagal(db):
    run = rollup_jalankan(schema="tidak_ada")
    assert run.status == RollupRun.Status.GAGAL
    assert "tidak ditemukan" in run.galat[0]["pesan"]


def test_semua_gagal_status_gagal(dunia, monkeypatch):
    def rusak(*a, **kw):
        raise RuntimeError("basis data OPD tidak terjangkau")

    monkeypatch.setattr(services, "baca_skema", rusak)
    run = rollup_jalankan()
    assert run.status == RollupRun.Status.GAGAL and len(run.galat) == 2


# --- queries ------------------------------------------------------------------------------------


def _hitung_kueri(schema: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        run = rollup_jalankan(schema=schema, paksa=True)
    assert run.status == RollupRun.Status.BERHASIL, run.galat
    return len(ctx.captured_queries)


def test_jumlah_kueri_tidak_bergantung_jumlah_iku(dunia, django_assert_max_num_queries):
    """1 vs 20 IKU in OPD B: the same number of queries (the OPD schema is read with three)."""
    from kinerja.opd.models import Renstra, SasaranStrategis, TujuanRenstra

    with schema_context("opd_b"):
        renstra = Renstra.objects.create(
            periode_rpjmd_id=dunia.periode.pk, nama="R", tahun_awal=2031, tahun_akhir=2035
        )
        tr = TujuanRenstra.objects.create(renstra=renstra, kode="T", uraian="T")
        ss = SasaranStrategis.objects.create(tujuan=tr, kode="S", uraian="S", sasaran_rpjmd_id=1)
        tambah_iku_polos(1, ss)
    satu = _hitung_kueri("opd_b")
    with schema_context("opd_b"):
        tambah_iku_polos(19, ss, awal=1)
    with django_assert_max_num_queries(satu):
        dua_puluh = _hitung_kueri("opd_b")
    assert SnapshotIku.objects.filter(kode__startswith="Q-").count() == 20 * 4
    assert satu == dua_puluh


def test_run_penuh_membaca_banyak_opd_sekaligus(dunia):
    """Two OPDs in one group: OPD-side queries are per group, not per OPD."""
    with CaptureQueriesContext(connection) as ctx:
        rollup_jalankan(paksa=True)
    union = [q for q in ctx.captured_queries if "UNION ALL" in q["sql"]]
    # fingerprint, IKU, targets, realisasi of both OPDs, and the write (joins their realisasi)
    assert len(union) == 5
    assert all('"opd_a".' in q["sql"] and '"opd_b".' in q["sql"] for q in union)


# --- fingerprints: what an unchanged OPD costs, and what counts as a change ---------------------


def test_opd_tanpa_perubahan_tidak_dibaca_lagi(dunia):
    rollup_jalankan()
    with CaptureQueriesContext(connection) as ctx:
        run = rollup_jalankan()
    assert run.baris_ditulis == 0
    union = [q["sql"] for q in ctx.captured_queries if "UNION ALL" in q["sql"]]
    assert len(union) == 1 and "md5" in union[0]  # only the fingerprint, no data read


def test_bukti_dihapus_mengubah_jumlah_bukti(dunia):
    from django.utils import timezone

    from kinerja.opd.models import BuktiDukung

    rollup_jalankan()
    assert snap(dunia.opd_a.pk, "P-01", 1).jumlah_bukti == 2
    with schema_context("opd_a"):
        bukti = BuktiDukung.objects.filter(dihapus_pada__isnull=True).first()
        BuktiDukung.objects.filter(pk=bukti.pk).update(dihapus_pada=timezone.now())
    run = rollup_jalankan()
    assert snap(dunia.opd_a.pk, "P-01", 1).jumlah_bukti == 1
    assert run.baris_ditulis >= 1


def test_perpanjangan_jadwal_mengubah_status_terlambat(dunia):
    from datetime import timedelta

    from django.utils import timezone

    from kinerja.daerah.models import JadwalPelaporan, PerpanjanganJadwal

    rollup_jalankan()
    assert snap(dunia.opd_a.pk, "U-01", 1).terlambat is True
    with schema_context("public"):
        PerpanjanganJadwal.objects.create(
            jadwal=JadwalPelaporan.objects.get(tahun=TAHUN, triwulan=1),
            opd=dunia.opd_a,
            batas_waktu=timezone.now() + timedelta(days=3),
            tanggal_kunci=timezone.now() + timedelta(days=6),
            alasan="Gangguan jaringan",
            diberikan_oleh="Admin Bappeda",
        )
    rollup_jalankan()
    assert snap(dunia.opd_a.pk, "U-01", 1).terlambat is False
    r1 = RingkasanOpd.objects.get(opd_id=dunia.opd_a.pk, tahun=TAHUN, triwulan=1)
    assert r1.jumlah_terlambat == 0


def test_perubahan_target_dihitung_ulang(dunia):
    from kinerja.opd.models import TargetIku

    rollup_jalankan()
    with schema_context("opd_a"):
        TargetIku.objects.filter(iku=dunia.iku["P-01"], triwulan=1).update(nilai=D(60))
    rollup_jalankan()
    assert snap(dunia.opd_a.pk, "P-01", 1).capaian == D(50)


# --- after a run ----------------------------------------------------------------------------------


def test_sinyal_rollup_selesai_hanya_bila_ada_yang_ditulis(dunia):
    from kinerja.rollup.sinyal import rollup_selesai

    diterima: list[tuple[str | None, int | None, int]] = []

    def terima(sender, run, schema, tahun, **kwargs):
        diterima.append((schema, tahun, run.baris_ditulis))

    def rusak(sender, **kwargs):
        raise RuntimeError("penerima rusak")

    rollup_selesai.connect(terima)
    rollup_selesai.connect(rusak)
    try:
        pertama = rollup_jalankan(schema="opd_a", tahun=TAHUN)
        rollup_jalankan(schema="opd_a", tahun=TAHUN)  # nothing written: no signal
    finally:
        rollup_selesai.disconnect(terima)
        rollup_selesai.disconnect(rusak)
    assert pertama.status == RollupRun.Status.BERHASIL  # the broken receiver did not matter
    assert diterima == [("opd_a", TAHUN, pertama.baris_ditulis)]


def test_kepatuhan_dihitung_ulang_setelah_rollup(dunia):
    from kinerja.pengawasan.models import NilaiKepatuhan

    rollup_jalankan()
    assert NilaiKepatuhan.objects.filter(opd=dunia.opd_a).exists()
