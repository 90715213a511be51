"""Fixtures of the rollup tests: a small, fully known dataset in OPD A (tahun 2031) and the
public rows it links to, created inside the test transaction (rolled back afterwards).

OPD A, 2031 (all four triwulan scheduled; TW1's deadline has passed, TW2–TW4's have not):

- P-01: positif, kumulatif; targets year 100, TW 25 each; TW1 30 diverifikasi, TW2 20
  disetujui; feeds IKD-P.
- N-01: negatif, posisi akhir; targets year 10, TW 12 / 11 / 10.5 / 10; TW1 12 and TW2 9, both
  diverifikasi (TW2 returned once before); feeds IKD-N.
- K-01: kualitatif (Opini BPK), posisi akhir; targets year WTP, TW1 WDP; TW1 WDP diverifikasi,
  TW2 WTP draft; feeds IKD-K.
- U-01: positif, kumulatif; like P-01; TW1 10 draft, never submitted; feeds IKD-U.

IKD-B (sumber iku) is fed by no IKU but has a realisasi typed by Bappeda. P-01's TW1 has two
live evidence files and one deleted. OPD B has no plan, so every row is OPD A's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

D = Decimal
TAHUN = 2031


@dataclass
class Dunia:
    periode: Any
    ikd: dict[str, Any]
    iku: dict[str, Any]
    realisasi: dict[tuple[str, int], Any]
    skala: Any
    sasaran: Any
    opd_a: Any


def buat_iku(sasaran: Any, kode: str, targets: list[tuple], **kw: Any) -> Any:
    """An IKU of the current schema with targets (tahun, triwulan, nilai, label)."""
    from kinerja.opd.models import Iku, TargetIku

    data = {
        "nama": f"Indikator {kode}",
        "satuan": "%",
        "polaritas": "positif",
        "tipe_perhitungan": "kumulatif",
    }
    data.update(kw)
    iku = Iku.objects.create(sasaran=sasaran, kode=kode, **data)
    TargetIku.objects.bulk_create(
        TargetIku(iku=iku, tahun=th, triwulan=tw, nilai=n, nilai_kualitatif=lbl)
        for th, tw, n, lbl in targets
    )
    return iku


def buat_realisasi(iku: Any, tw: int, status: str, nilai: Any = None, label: str = "", **kw: Any):
    """A realisasi row in the given workflow state with plausible workflow times."""
    from kinerja.opd.models import RealisasiIku

    now = timezone.now()
    diajukan = status in ("diajukan", "disetujui", "diverifikasi")
    return RealisasiIku.objects.create(
        iku=iku,
        tahun=TAHUN,
        triwulan=tw,
        nilai=nilai,
        nilai_kualitatif=label,
        status=status,
        diajukan_pertama_pada=now - timedelta(days=20) if diajukan else None,
        diajukan_pada=now - timedelta(days=20) if diajukan else None,
        disetujui_pada=now - timedelta(days=15)
        if status in ("disetujui", "diverifikasi")
        else None,
        diverifikasi_pada=now - timedelta(days=10) if status == "diverifikasi" else None,
        **kw,
    )


def tambah_iku_polos(jumlah: int, sasaran: Any, awal: int = 0) -> None:
    """``jumlah`` plain positif IKU with a yearly target and a TW1 realisasi (query counts)."""
    for i in range(awal, awal + jumlah):
        iku = buat_iku(sasaran, f"Q-{i:03d}", [(TAHUN, None, D(100), "")])
        buat_realisasi(iku, 1, "diajukan", D(i + 1))


@pytest.fixture
def dunia(db, opd_a) -> Dunia:
    from kinerja.daerah.models import (
        IndikatorDaerah,
        JadwalPelaporan,
        MisiRpjmd,
        PeriodeRpjmd,
        RealisasiDaerah,
        SasaranRpjmd,
        SkalaKualitatif,
        TingkatKualitatif,
        TujuanRpjmd,
    )
    from kinerja.opd.models import BuktiDukung, Renstra, SasaranStrategis, TujuanRenstra
    from tenants.models import Opd

    now = timezone.now()
    with schema_context("public"):
        periode = PeriodeRpjmd.objects.create(
            nama="RPJMD Uji Rollup", tahun_awal=2031, tahun_akhir=2036
        )
        misi = MisiRpjmd.objects.create(periode=periode, nomor=1, uraian="Misi")
        tujuan = TujuanRpjmd.objects.create(misi=misi, kode="T1", uraian="Tujuan")
        sasaran_rpjmd = SasaranRpjmd.objects.create(tujuan=tujuan, kode="1.1", uraian="Sasaran")
        skala = SkalaKualitatif.objects.create(nama="Opini BPK Rollup")
        for label, skor in (("WTP", 4), ("WDP", 3), ("TW", 2), ("TMP", 1)):
            TingkatKualitatif.objects.create(skala=skala, label=label, skor=skor)
        ikd = {}
        for kode, pol, kw in (
            ("IKD-P", "positif", {}),
            ("IKD-N", "negatif", {}),
            ("IKD-K", "kualitatif", {"skala": skala}),
            ("IKD-U", "positif", {}),
            ("IKD-B", "positif", {}),
        ):
            ikd[kode] = IndikatorDaerah.objects.create(
                periode=periode,
                sasaran=sasaran_rpjmd,
                kode=kode,
                nama=f"Indikator {kode}",
                satuan="%",
                polaritas=pol,
                is_ikd=True,
                aspek="pelayanan_umum",
                sumber_nilai="iku",
                **kw,
            )
        RealisasiDaerah.objects.create(
            indikator=ikd["IKD-B"], tahun=TAHUN, nilai=D(77), sumber="bappeda"
        )
        for tw in (1, 2, 3, 4):
            lewat = tw == 1
            JadwalPelaporan.objects.create(
                tahun=TAHUN,
                triwulan=tw,
                tanggal_buka=now - timedelta(days=40),
                batas_waktu=now - timedelta(days=1) if lewat else now + timedelta(days=30 * tw),
                tanggal_kunci=now + timedelta(days=5) if lewat else now + timedelta(days=31 * tw),
            )
        opd_row = Opd.objects.get(schema_name=opd_a.schema)

    with schema_context(opd_a.schema):
        renstra = Renstra.objects.create(
            periode_rpjmd_id=periode.pk, nama="Renstra Uji", tahun_awal=2031, tahun_akhir=2035
        )
        tr = TujuanRenstra.objects.create(renstra=renstra, kode="T1", uraian="Tujuan")
        ss = SasaranStrategis.objects.create(
            tujuan=tr, kode="SS1", uraian="Sasaran", sasaran_rpjmd_id=sasaran_rpjmd.pk
        )
        tw_25 = [(TAHUN, None, D(100), "")] + [(TAHUN, q, D(25), "") for q in (1, 2, 3, 4)]
        iku = {
            "P-01": buat_iku(ss, "P-01", tw_25, ikd_id=ikd["IKD-P"].pk),
            "N-01": buat_iku(
                ss,
                "N-01",
                [(TAHUN, None, D(10), "")]
                + [
                    (TAHUN, q, n, "")
                    for q, n in ((1, D(12)), (2, D(11)), (3, D("10.5")), (4, D(10)))
                ],
                polaritas="negatif",
                tipe_perhitungan="posisi_akhir",
                ikd_id=ikd["IKD-N"].pk,
            ),
            "K-01": buat_iku(
                ss,
                "K-01",
                [(TAHUN, None, None, "WTP"), (TAHUN, 1, None, "WDP")],
                polaritas="kualitatif",
                tipe_perhitungan="posisi_akhir",
                skala_id=skala.pk,
                ikd_id=ikd["IKD-K"].pk,
            ),
            "U-01": buat_iku(ss, "U-01", tw_25, ikd_id=ikd["IKD-U"].pk),
        }
        realisasi = {
            ("P-01", 1): buat_realisasi(iku["P-01"], 1, "diverifikasi", D(30)),
            ("P-01", 2): buat_realisasi(iku["P-01"], 2, "disetujui", D(20)),
            ("N-01", 1): buat_realisasi(iku["N-01"], 1, "diverifikasi", D(12)),
            ("N-01", 2): buat_realisasi(
                iku["N-01"], 2, "diverifikasi", D(9), jumlah_dikembalikan=1
            ),
            ("K-01", 1): buat_realisasi(iku["K-01"], 1, "diverifikasi", label="WDP"),
            ("K-01", 2): buat_realisasi(iku["K-01"], 2, "draft", label="WTP"),
            ("U-01", 1): buat_realisasi(iku["U-01"], 1, "draft", D(10)),
        }
        for i, hapus in enumerate((None, None, now)):
            BuktiDukung.objects.create(
                realisasi=realisasi[("P-01", 1)],
                path=f"uji-rollup/{i}.pdf",
                nama_berkas=f"{i}.pdf",
                jenis="pdf",
                mime="application/pdf",
                ukuran=10,
                sha256="0" * 64,
                dihapus_pada=hapus,
            )
    return Dunia(periode, ikd, iku, realisasi, skala, ss, opd_row)


@pytest.fixture
def kunci_bersih():
    """Remove any rollup lock a crashed earlier test run may have left in Redis."""
    from kinerja.rollup import kunci

    def bersihkan() -> None:
        k = kunci.klien()
        for key in k.scan_iter(kunci.PREFIX + "*"):
            k.delete(key)

    bersihkan()
    yield
    bersihkan()
