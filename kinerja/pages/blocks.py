"""StreamField blocks of the public pages (bakerydemo style: one block per kind of content).

The narrative of an IKU page sits under the page's own h1 and the section heading "Narasi"
(h2), so its headings start at h3: the heading order of the page stays valid whatever editors
write. Images need an alternative text or must be marked decorative (Wagtail's ImageBlock).
"""

from __future__ import annotations

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

# Rich text without headings (they come from the heading block, at a valid level) or embeds.
FITUR_PARAGRAF = ["bold", "italic", "link", "ol", "ul"]


class JudulBlock(blocks.StructBlock):
    teks = blocks.CharBlock(label="Teks judul", max_length=200)
    tingkat = blocks.ChoiceBlock(
        label="Tingkat",
        choices=[("h3", "Subjudul"), ("h4", "Sub-subjudul")],
        default="h3",
        help_text="Subjudul untuk bagian utama narasi, sub-subjudul untuk bagian di dalamnya.",
    )

    class Meta:
        icon = "title"
        label = "Judul"
        template = "pages/blocks/judul.html"


class GambarBlock(blocks.StructBlock):
    gambar = ImageBlock(label="Gambar")
    keterangan = blocks.CharBlock(
        label="Keterangan gambar",
        required=False,
        max_length=300,
        help_text="Tampil di bawah gambar.",
    )

    class Meta:
        icon = "image"
        label = "Gambar"
        template = "pages/blocks/gambar.html"


class KutipanBlock(blocks.StructBlock):
    teks = blocks.TextBlock(label="Kutipan")
    sumber = blocks.CharBlock(label="Sumber / nama", required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = "Kutipan"
        template = "pages/blocks/kutipan.html"


class NarasiBlock(blocks.StreamBlock):
    """The narrative editors write on an IKU page."""

    judul = JudulBlock()
    paragraf = blocks.RichTextBlock(
        label="Paragraf",
        features=FITUR_PARAGRAF,
        icon="pilcrow",
        template="pages/blocks/paragraf.html",
    )
    gambar = GambarBlock()
    kutipan = KutipanBlock()

    class Meta:
        label = "Narasi"
