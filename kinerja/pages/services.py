"""Write side of the public pages.

- :func:`portal_pages_ensure` creates the portal's fixed pages (one IKD page per aspect, the
  OPD directory, the report list) under the portal home; call it after ``public_setup``.
- :func:`iku_page_ensure` keeps one :class:`~kinerja.pages.models.IkuPage` per IKU of an OPD:
  created (published) with the IKU, renamed with it, unpublished when the IKU is deactivated
  or deleted, republished when it is active again. ``kinerja.pages.receivers`` calls it on
  every save of an IKU; bulk writes (Excel import, the demo loader) send no signal, so they
  call :func:`iku_pages_sync` afterwards.
- :func:`demo_pages_seed` adds the pages of the demo province.

Existing pages are never rewritten beyond what follows the IKU (title, slug, live state):
what editors wrote stays, including an unpublished draft.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils.text import slugify
from django_tenants.utils import get_public_schema_name, schema_context
from wagtail.models import Page
from wagtail.rich_text import RichText

from kinerja.choices import AspekIkd
from kinerja.pages.models import (
    DirektoriOpdPage,
    IkdAspekPage,
    IkuIndexPage,
    IkuPage,
    LaporanIndexPage,
    LaporanPage,
    OpdHomePage,
    PortalHomePage,
)

logger = logging.getLogger(__name__)

__all__ = [
    "demo_pages_lengkap",
    "demo_pages_seed",
    "iku_index_ensure",
    "iku_page_ensure",
    "iku_page_lepas",
    "iku_pages_sync",
    "portal_pages_ensure",
]

ASPEK_HALAMAN: dict[str, tuple[str, str, str]] = {
    AspekIkd.KESEJAHTERAAN: (
        "IKD Aspek Kesejahteraan Masyarakat",
        "ikd-kesejahteraan-masyarakat",
        "Indikator kesejahteraan dan pemerataan ekonomi, kesejahteraan sosial, serta seni "
        "budaya dan olahraga.",
    ),
    AspekIkd.PELAYANAN_UMUM: (
        "IKD Aspek Pelayanan Umum",
        "ikd-pelayanan-umum",
        "Indikator layanan urusan wajib dan pilihan pemerintah daerah.",
    ),
    AspekIkd.DAYA_SAING: (
        "IKD Aspek Daya Saing Daerah",
        "ikd-daya-saing-daerah",
        "Indikator kemampuan ekonomi daerah, fasilitas wilayah dan infrastruktur, iklim "
        "berinvestasi, serta sumber daya manusia.",
    ),
}


def _skema_opd() -> bool:
    from kinerja.opd.tenancy import skema_opd_aktif

    return skema_opd_aktif()


def _slug_unik(parent: Page, slug: str, kecuali: int | None = None) -> str:
    """``slug`` or ``slug-2``, ``slug-3`` … whichever no sibling under ``parent`` uses."""
    saudara = parent.get_children()
    if kecuali is not None:
        saudara = saudara.exclude(pk=kecuali)
    terpakai = set(saudara.values_list("slug", flat=True))
    if slug not in terpakai:
        return slug
    n = 2
    while f"{slug}-{n}" in terpakai:
        n += 1
    return f"{slug}-{n}"


def _tambah_terbit(parent: Page, page: Page) -> Page:
    """Add ``page`` under ``parent`` (slug made unique) and publish it."""
    page.slug = _slug_unik(parent, page.slug)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


# --- portal -----------------------------------------------------------------------------------


def portal_pages_ensure() -> dict[str, int]:
    """Create what is missing of the portal's fixed pages under the portal home (public schema
    only): one :class:`IkdAspekPage` per aspect, the :class:`DirektoriOpdPage` and a
    :class:`LaporanIndexPage`, published and shown in the menu. Existing pages are left as
    editors made them. Idempotent; returns ``{"dibuat": n}``. Nothing happens before
    ``public_setup`` created the portal home."""
    if connection.schema_name != get_public_schema_name():
        raise ValueError("Halaman portal hanya dibuat di skema publik (domain Bappeda).")
    home = PortalHomePage.objects.first()
    if home is None:
        return {"dibuat": 0}
    dibuat = 0
    with transaction.atomic():
        for aspek, (judul, slug, pengantar) in ASPEK_HALAMAN.items():
            if not IkdAspekPage.objects.filter(aspek=aspek).exists():
                _tambah_terbit(
                    home,
                    IkdAspekPage(
                        title=judul,
                        slug=slug,
                        aspek=aspek,
                        intro=f"<p>{pengantar}</p>",
                        show_in_menus=True,
                    ),
                )
                dibuat += 1
        if not DirektoriOpdPage.objects.exists():
            _tambah_terbit(
                home,
                DirektoriOpdPage(
                    title="Perangkat Daerah",
                    slug="perangkat-daerah",
                    intro=(
                        "<p>Setiap Perangkat Daerah dengan ringkasan capaian Indikator Kinerja "
                        "Utama (IKU) terakhir yang sudah diverifikasi Bappeda, dan tautan ke "
                        "situsnya.</p>"
                    ),
                    show_in_menus=True,
                ),
            )
            dibuat += 1
        if not LaporanIndexPage.objects.child_of(home).exists():
            _tambah_terbit(
                home,
                LaporanIndexPage(
                    title="Laporan Kinerja",
                    slug="laporan",
                    intro=(
                        "<p>Laporan Kinerja Instansi Pemerintah (LKjIP) Provinsi Kalimantan "
                        "Utara.</p>"
                    ),
                    show_in_menus=True,
                ),
            )
            dibuat += 1
    return {"dibuat": dibuat}


# --- IKU pages (OPD schemas) ------------------------------------------------------------------


def iku_index_ensure() -> IkuIndexPage | None:
    """This OPD's IKU list page, created (published, in the menu) under the OPD home when
    missing. None outside an OPD schema or when the OPD has no home page."""
    if not _skema_opd():
        return None
    index = IkuIndexPage.objects.first()
    if index is not None:
        return index
    home = OpdHomePage.objects.first()
    if home is None:
        return None
    page = IkuIndexPage(
        title="Indikator Kinerja Utama",
        slug="iku",
        intro=(
            "<p>Indikator Kinerja Utama (IKU) kami per sasaran strategis dengan capaian "
            "terakhir yang sudah diverifikasi Bappeda.</p>"
        ),
        show_in_menus=True,
    )
    return _tambah_terbit(home, page)  # type: ignore[return-value]


def _judul(iku: Any) -> str:
    return (iku.nama or iku.kode).strip()[:255]


def _slug(iku: Any) -> str:
    return slugify(iku.kode)[:200] or f"iku-{iku.pk}"


def _versi_terakhir(page: IkuPage) -> IkuPage:
    """The page as its latest revision has it (an editor's unpublished draft included)."""
    if page.latest_revision_id is None:
        return page
    return page.get_latest_revision_as_object()  # type: ignore[return-value]


def iku_page_ensure(iku: Any) -> IkuPage | None:
    """Make this IKU's page follow it (current OPD schema): create it under the IKU list
    (creating the list if missing), published when the IKU is active; keep its title equal to
    the IKU's name and its slug to the IKU's code; publish it when the IKU is active,
    unpublish it when not. An editor's unpublished draft survives a rename (renamed too).
    Does nothing when nothing changed. Returns the page (None outside an OPD schema)."""
    if not _skema_opd() or iku.pk is None:
        return None
    judul = _judul(iku)
    page = IkuPage.objects.filter(iku_id=iku.pk).first()
    if page is None:
        index = iku_index_ensure()
        if index is None:
            logger.warning("IKU %s: halaman IKU tidak dibuat, beranda OPD tidak ada.", iku.kode)
            return None
        page = IkuPage(
            title=judul,
            slug=_slug_unik(index, _slug(iku)),
            iku_id=iku.pk,
            live=bool(iku.aktif),
        )
        index.add_child(instance=page)
        revisi = page.save_revision()
        if iku.aktif:
            revisi.publish()
        return page

    slug = _slug_unik(page.get_parent(), _slug(iku), kecuali=page.pk)
    ganti_nama = page.title != judul or page.draft_title != judul or page.slug != slug
    if iku.aktif and page.live:
        if ganti_nama:
            draf = _versi_terakhir(page) if page.has_unpublished_changes else None
            page.title, page.slug = judul, slug
            page.save_revision().publish()
            if draf is not None:
                # Keep the editor's draft as the latest revision, renamed as well.
                draf.title, draf.slug = judul, slug
                draf.save_revision()
    elif iku.aktif:
        # Active again (or never published): publish the latest version.
        terakhir = _versi_terakhir(page)
        terakhir.title, terakhir.slug = judul, slug
        terakhir.save_revision().publish()
    else:
        if page.live:
            page.unpublish()
        if ganti_nama:
            # Not live: Wagtail keeps the draft in the row, so rename both.
            terakhir = _versi_terakhir(IkuPage.objects.get(pk=page.pk))
            terakhir.title, terakhir.slug = judul, slug
            terakhir.save()
            terakhir.save_revision()
    return IkuPage.objects.get(pk=page.pk)


def iku_page_lepas(iku_id: int) -> None:
    """The IKU was deleted: unpublish its page (the narrative is kept)."""
    if not _skema_opd():
        return
    page = IkuPage.objects.filter(iku_id=iku_id, live=True).first()
    if page is not None:
        page.unpublish()


def iku_pages_sync(ikus: Iterable[Any] | None = None) -> Counter[str]:
    """:func:`iku_page_ensure` for every IKU of this OPD (or the given ones), and unpublish
    pages whose IKU no longer exists. For writers that send no ``post_save`` (bulk create or
    update: the Excel import, the demo loader). Returns counts (``halaman``, ``dilepas``)."""
    from kinerja.opd.models import Iku

    hasil: Counter[str] = Counter()
    if not _skema_opd():
        return hasil
    daftar = list(Iku.objects.order_by("kode") if ikus is None else ikus)
    for iku in daftar:
        if iku_page_ensure(iku) is not None:
            hasil["halaman"] += 1
    if ikus is None:
        ada = set(Iku.objects.values_list("pk", flat=True))
        for page in IkuPage.objects.live().exclude(iku_id__in=ada):
            page.unpublish()
            hasil["dilepas"] += 1
    return hasil


# --- demo -------------------------------------------------------------------------------------

NARASI_DEMO = (
    (
        "judul",
        {"teks": "Apa yang diukur", "tingkat": "h3"},
    ),
    (
        "paragraf",
        "<p>Indikator ini mengukur hasil utama program kami sepanjang periode Renstra. Angka "
        "pada grafik dan tabel di halaman ini berasal dari realisasi triwulanan yang sudah "
        "<b>diverifikasi Bappeda</b>.</p>",
    ),
    (
        "judul",
        {"teks": "Upaya yang dilakukan", "tingkat": "h3"},
    ),
    (
        "paragraf",
        "<ul><li>Koordinasi rutin dengan kabupaten/kota.</li>"
        "<li>Pendampingan teknis bagi petugas lapangan.</li>"
        "<li>Pemantauan data setiap bulan.</li></ul>",
    ),
    (
        "kutipan",
        {
            "teks": "Capaian ini adalah hasil kerja bersama seluruh jajaran dan masyarakat.",
            "sumber": "Kepala Perangkat Daerah",
        },
    ),
)


def _pdf_demo(judul: str) -> bytes:
    """A small, valid one-page PDF (demo report; the text is ASCII)."""
    from kinerja.demo.pdf import pdf_sederhana

    return pdf_sederhana([(18, judul), (11, "Dokumen contoh data demo - bukan dokumen resmi.")])


def _laporan_demo(tahun: int) -> bool:
    """The demo LKjIP of ``tahun`` on the portal (a generated PDF in the root collection,
    which is public); False when it exists already."""
    from wagtail.documents import get_document_model

    index = LaporanIndexPage.objects.child_of(PortalHomePage.objects.first()).first()
    if index is None or LaporanPage.objects.child_of(index).filter(tahun=tahun).exists():
        return False
    judul = f"LKjIP Provinsi Kalimantan Utara Tahun {tahun}"
    dokumen = get_document_model()(title=f"{judul} (contoh demo)")
    dokumen.file.save(f"lkjip-kaltara-{tahun}-demo.pdf", ContentFile(_pdf_demo(judul)), save=False)
    dokumen.save()
    _tambah_terbit(
        index,
        LaporanPage(
            title=judul,
            slug=f"lkjip-{tahun}",
            tahun=tahun,
            dokumen=dokumen,
            ringkasan=(
                f"<p>Contoh ringkasan LKjIP {tahun}: capaian IKD dan IKU Perangkat Daerah "
                "yang sudah diverifikasi. Dokumen ini data demo, bukan dokumen resmi.</p>"
            ),
        ),
    )
    return True


def _narasi_demo() -> bool:
    """A sample narrative on this OPD's first IKU page when it has none."""
    page = IkuPage.objects.live().order_by("path").first()
    if page is None or len(page.narasi):
        return False
    page.narasi = [
        (jenis, RichText(nilai) if jenis == "paragraf" else nilai) for jenis, nilai in NARASI_DEMO
    ]
    page.save_revision().publish()
    return True


def demo_pages_lengkap(opds: Iterable[Any] | None = None) -> bool:
    """Whether :func:`demo_pages_seed` has run: the portal's aspect pages exist and every demo
    OPD (whose schema exists) that has IKU has IKU pages. For ``demo_is_seeded``, so that
    ``seed_demo --skip-if-seeded`` adds the pages to a database seeded before they existed."""
    from kinerja.demo.data import OPDS
    from kinerja.opd.models import Iku
    from tenants.models import Opd

    connection.set_schema_to_public()
    if not IkdAspekPage.objects.exists():
        return False
    ada = set(Opd.objects.values_list("schema_name", flat=True))
    try:
        for opd in opds if opds is not None else OPDS:
            if opd.schema not in ada:
                continue
            with schema_context(opd.schema):
                if Iku.objects.exists() and not IkuPage.objects.exists():
                    return False
    finally:
        connection.set_schema_to_public()
    return True


def demo_pages_seed(
    *, opds: Iterable[Any] | None = None, log: Callable[[str], None] = print
) -> Counter[str]:
    """Pages of the demo: the portal's fixed pages and a sample LKjIP on the portal; in each
    demo OPD (whose schema exists) the IKU list and one page per IKU (the demo writes IKU in
    bulk, which sends no signal), and a sample narrative in the showcase OPDs. Idempotent."""
    from kinerja.demo.data import OPDS, SHOWCASE_OPDS
    from tenants.models import Opd

    hasil: Counter[str] = Counter()
    connection.set_schema_to_public()
    hasil["portal"] += portal_pages_ensure()["dibuat"]
    with transaction.atomic():
        hasil["laporan"] += int(_laporan_demo(2025))
    ada = set(Opd.objects.values_list("schema_name", flat=True))
    for opd in opds if opds is not None else OPDS:
        if opd.schema not in ada:
            continue
        with schema_context(opd.schema), transaction.atomic():
            hasil["halaman_iku"] += iku_pages_sync()["halaman"]
            if opd.schema in SHOWCASE_OPDS:
                hasil["narasi"] += int(_narasi_demo())
    connection.set_schema_to_public()
    log(
        f"  Halaman publik: {hasil['portal']} halaman portal dibuat, "
        f"{hasil['halaman_iku']} halaman IKU diperiksa."
    )
    return hasil
