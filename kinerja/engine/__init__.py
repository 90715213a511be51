"""Pure capaian engine: formulas, quarterly aggregation, predikat and Indonesian numbers.

No Django here on purpose: the rules are unit-tested in isolation and reused by views, imports,
reports and the public pages alike.
"""

from __future__ import annotations

from kinerja.engine.capaian import (
    SKALA_OPINI_BPK,
    AcuanTarget,
    CapaianResult,
    KodeAlasan,
    Polaritas,
    Rumus,
    SkalaKualitatif,
    cap,
    capaian_terhadap_target_akhir,
    hitung_capaian,
)
from kinerja.engine.numbers import AngkaTidakValid, bulatkan, format_angka, parse_angka
from kinerja.engine.predikat import (
    DEFAULT_BANDS,
    PredikatBand,
    predikat_for,
    tentukan_predikat,
    validate_bands,
)
from kinerja.engine.triwulan import (
    TRIWULAN,
    NilaiTahunan,
    TipePerhitungan,
    elapsed_triwulan,
    nilai_tahunan,
    nilai_tahunan_sampai,
    target_kumulatif_sampai,
    target_sampai,
)

__all__ = [
    "DEFAULT_BANDS",
    "SKALA_OPINI_BPK",
    "TRIWULAN",
    "AcuanTarget",
    "AngkaTidakValid",
    "CapaianResult",
    "KodeAlasan",
    "NilaiTahunan",
    "Polaritas",
    "PredikatBand",
    "Rumus",
    "SkalaKualitatif",
    "TipePerhitungan",
    "bulatkan",
    "cap",
    "capaian_terhadap_target_akhir",
    "elapsed_triwulan",
    "format_angka",
    "hitung_capaian",
    "nilai_tahunan",
    "nilai_tahunan_sampai",
    "parse_angka",
    "predikat_for",
    "target_kumulatif_sampai",
    "target_sampai",
    "tentukan_predikat",
    "validate_bands",
]
