"""Builders shared by the daerah tests (fixtures are in conftest.py)."""

from __future__ import annotations

from decimal import Decimal

from kinerja.daerah import services
from kinerja.daerah.models import (
    IndikatorDaerah,
    MisiRpjmd,
    PeriodeRpjmd,
    SasaranRpjmd,
    SkalaKualitatif,
    TargetDaerah,
    TingkatKualitatif,
    TujuanRpjmd,
)


class Rpjmd:
    """A small RPJMD 2021–2026 with one misi, tujuan T1, sasaran S1.1 and the BPK scale."""

    def __init__(self) -> None:
        self.periode = PeriodeRpjmd.objects.create(
            nama="RPJMD Kaltara 2021–2026", tahun_awal=2021, tahun_akhir=2026
        )
        self.misi = MisiRpjmd.objects.create(periode=self.periode, nomor=1, uraian="Misi satu")
        self.tujuan = TujuanRpjmd.objects.create(misi=self.misi, kode="T1", uraian="Tujuan satu")
        self.sasaran = SasaranRpjmd.objects.create(
            tujuan=self.tujuan, kode="S1.1", uraian="Sasaran satu"
        )
        self.skala = SkalaKualitatif.objects.create(nama="Opini BPK")
        for label, skor in (("WTP", 4), ("WDP", 3), ("TW", 2), ("TMP", 1)):
            TingkatKualitatif.objects.create(skala=self.skala, label=label, skor=skor)

    def indikator(self, kode: str = "IKD-01", **kwargs) -> IndikatorDaerah:
        """An unsaved indicator on sasaran S1.1 (positif, persen, IKD of aspek kesejahteraan)."""
        defaults = {
            "periode": self.periode,
            "sasaran": self.sasaran,
            "kode": kode,
            "nama": f"Indikator {kode}",
            "satuan": "persen",
            "is_ikd": True,
            "aspek": "kesejahteraan_masyarakat",
        }
        defaults.update(kwargs)
        return IndikatorDaerah(**defaults)

    def simpan(self, kode: str = "IKD-01", targets=None, **kwargs) -> IndikatorDaerah:
        """Save through the service; ``targets`` maps tahun → value (Decimal/str label/tuple)."""
        items = []
        for tahun, nilai in (targets or {}).items():
            if isinstance(nilai, tuple):
                items.append(TargetDaerah(tahun=tahun, nilai=nilai[0], nilai_max=nilai[1]))
            elif isinstance(nilai, str):
                items.append(TargetDaerah(tahun=tahun, nilai_kualitatif=nilai))
            else:
                items.append(TargetDaerah(tahun=tahun, nilai=Decimal(nilai)))
        return services.indikator_simpan(self.indikator(kode, **kwargs), items)
