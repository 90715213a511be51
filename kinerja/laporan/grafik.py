"""Server-side SVG charts of the PDF reports (pygal, pure Python; WeasyPrint renders the
inline SVG). No JavaScript, no external file: the SVG carries its own styles.

Bars are coloured by predikat: one stacked series per band of the active scheme, in which each
indicator has a value only in its own band's series (pygal colours whole series; a per-bar
style attribute is not understood by WeasyPrint's SVG renderer). The colours follow the codes
of the default scheme (Permendagri 86/2017); other codes get grey.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kinerja.engine import PredikatBand, format_angka

__all__ = ["BATAS_GRAFIK", "Batang", "grafik_capaian", "grafik_predikat"]

# Capaian above this is drawn at this length (labelled with its real value) so that one
# outlier does not flatten every other bar.
BATAS_GRAFIK = Decimal(150)

WARNA_PREDIKAT = {
    "sangat_tinggi": "#1e7b34",
    "tinggi": "#6aa84f",
    "sedang": "#e0a800",
    "rendah": "#e06c1a",
    "sangat_rendah": "#c0392b",
}
WARNA_LAIN = "#7f8c8d"
FONT = "DejaVu Sans, Liberation Sans, sans-serif"


@dataclass(frozen=True)
class Batang:
    """One bar: label (IKU/IKD kode), capaian in % (None: not computable), predikat code."""

    label: str
    capaian: Decimal | None
    predikat_kode: str = ""


def _gaya(warna: Sequence[str]) -> Any:
    from pygal.style import Style

    return Style(
        font_family=FONT,
        background="white",
        plot_background="white",
        foreground="#333333",
        foreground_strong="#111111",
        foreground_subtle="#bbbbbb",
        guide_stroke_color="#dddddd",
        major_guide_stroke_color="#bbbbbb",
        guide_stroke_dasharray="1,0",
        major_guide_stroke_dasharray="1,0",
        colors=tuple(warna) or ("#1f4e79",),
        title_font_size=15,
        label_font_size=11,
        major_label_font_size=11,
        value_font_size=11,
        legend_font_size=11,
        opacity="1",
        opacity_hover="1",
    )


def _seri(kode_urut: Sequence[str]) -> list[str]:
    """Series codes: the scheme's bands in order, then "" (other/unknown codes)."""
    return [*kode_urut, ""]


def grafik_capaian(batang: Sequence[Batang], judul: str, bands: Sequence[PredikatBand] = ()) -> str:
    """Horizontal bars of the capaian per indicator (table order, top-down), coloured by
    predikat and labelled with the real value; an indicator without a capaian gets a short
    grey stub (legend "Tidak dapat dihitung"). Returns the SVG markup."""
    import pygal

    kode_band = [b.kode for b in bands]
    seri = _seri(kode_band)
    chart = pygal.HorizontalStackedBar(
        width=900,
        height=max(200, 30 * len(batang) + 110),
        style=_gaya([WARNA_PREDIKAT.get(k, WARNA_LAIN) for k in seri]),
        title=judul,
        show_legend=bool(bands),
        legend_at_bottom=True,
        legend_at_bottom_columns=len(seri),
        print_values=True,
        print_zeroes=False,
        disable_xml_declaration=True,
        js=[],
        range=(0, float(BATAS_GRAFIK)),
        y_labels=[0, 25, 50, 75, 100, 125, 150],
        value_formatter=lambda v: f"{int(v)} %",
        truncate_label=-1,
        truncate_legend=-1,
        margin=10,
        spacing=6,
    )
    # pygal draws the first label at the bottom: reverse so the table order reads top-down.
    urut = list(reversed(batang))
    chart.x_labels = [b.label for b in urut]
    label_band = {b.kode: b.label for b in bands}
    for kode in seri:
        nilai: list[Any] = []
        for b in urut:
            milik = b.predikat_kode if b.predikat_kode in kode_band else ""
            if milik != kode:
                nilai.append(None)
            elif b.capaian is None:
                # A short grey stub (legend: "Tidak dapat dihitung") rather than an empty row.
                nilai.append({"value": 3, "formatter": lambda _v: "0"})
            else:
                asli = b.capaian
                nilai.append(
                    {
                        "value": float(min(asli, BATAS_GRAFIK)),
                        "formatter": lambda _v, asli=asli: f"{format_angka(asli, 2)} %",
                    }
                )
        # The stacked gaps (None) print through the series formatter: "0" is left out.
        chart.add(label_band.get(kode, "Tidak dapat dihitung"), nilai, formatter=lambda _v: "0")
    return chart.render(is_unicode=True)


def grafik_predikat(jumlah: Sequence[tuple[str, str, int]], judul: str) -> str:
    """Vertical bars: number of indicators per predikat, ``(kode, label, jumlah)`` in scheme
    order ("Tidak dapat dihitung" may be one of them, with kode ""). Returns the SVG."""
    import pygal

    kode = [k for k, _label, _n in jumlah]
    puncak = max((n for _k, _l, n in jumlah), default=0)
    langkah = max(1, -(-puncak // 6))  # at most ~6 grid lines, whole numbers
    chart = pygal.StackedBar(
        width=900,
        height=300,
        style=_gaya([WARNA_PREDIKAT.get(k, WARNA_LAIN) for k in kode]),
        title=judul,
        show_legend=False,
        print_values=True,
        print_zeroes=False,
        disable_xml_declaration=True,
        js=[],
        margin=10,
        range=(0, max(puncak, 1)),
        y_labels=list(range(0, max(puncak, 1) + langkah, langkah)),
        value_formatter=lambda v: f"{int(v)}",
        truncate_label=-1,
    )
    chart.x_labels = [label for _k, label, _n in jumlah]
    for i, (_k, label, n) in enumerate(jumlah):
        chart.add(label, [n if j == i else None for j in range(len(jumlah))])
    return chart.render(is_unicode=True)
