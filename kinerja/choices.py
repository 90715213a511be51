"""Django choices for the engine's enums (one source of truth: kinerja.engine)."""

from __future__ import annotations

from django.db import models

from kinerja.engine import Polaritas as _Polaritas
from kinerja.engine import TipePerhitungan as _Tipe


class Polaritas(models.TextChoices):
    POSITIF = _Polaritas.POSITIF.value, "Positif (semakin tinggi semakin baik)"
    NEGATIF = _Polaritas.NEGATIF.value, "Negatif (semakin rendah semakin baik)"
    RENTANG = _Polaritas.RENTANG.value, "Rentang (target minimum–maksimum)"
    STABIL = _Polaritas.STABIL.value, "Stabil (setiap simpangan memburuk)"
    KUALITATIF = _Polaritas.KUALITATIF.value, "Kualitatif (skala ordinal)"


class TipePerhitungan(models.TextChoices):
    KUMULATIF = _Tipe.KUMULATIF.value, "Kumulatif (jumlah triwulan)"
    POSISI_AKHIR = _Tipe.POSISI_AKHIR.value, "Posisi akhir (triwulan terakhir)"
    RATA_RATA = _Tipe.RATA_RATA.value, "Rata-rata triwulan"


class JenisIndikator(models.TextChoices):
    INPUT = "input", "Input"
    OUTPUT = "output", "Output"
    OUTCOME = "outcome", "Outcome"
    IMPACT = "impact", "Dampak (impact)"


class AspekIkd(models.TextChoices):
    KESEJAHTERAAN = "kesejahteraan_masyarakat", "Kesejahteraan Masyarakat"
    PELAYANAN_UMUM = "pelayanan_umum", "Pelayanan Umum"
    DAYA_SAING = "daya_saing_daerah", "Daya Saing Daerah"


class Triwulan(models.IntegerChoices):
    TW1 = 1, "Triwulan I"
    TW2 = 2, "Triwulan II"
    TW3 = 3, "Triwulan III"
    TW4 = 4, "Triwulan IV"
