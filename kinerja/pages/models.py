"""Wagtail page models. The app lives in every schema, but each page type is creatable only
where it means something: the portal home in the public schema, the OPD home in OPD schemas.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.http import Http404
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page

from kinerja.choices import AspekIkd
from kinerja.pages.blocks import NarasiBlock


def _in_public_schema() -> bool:
    return connection.schema_name == "public"


class PortalHomePage(Page):
    """Home of the province portal (public domain), edited by Bappeda."""

    intro = RichTextField("pengantar", blank=True)
    jumlah_ikd_utama = models.PositiveSmallIntegerField(
        "jumlah IKD utama",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=(
            "Bila daftar IKD utama di bawah kosong, beranda menampilkan sejumlah ini IKD pertama "
            "yang sudah punya capaian pada tahun terakhir yang ber-realisasi."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("jumlah_ikd_utama"), InlinePanel("ikd_utama", label="IKD utama")],
            heading="IKD utama di beranda",
        ),
    ]
    # Wagtail API v2 (/api/v2/pages/): fields shown for this page type.
    api_fields = [APIField("intro"), APIField("jumlah_ikd_utama")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["pages.IkdAspekPage", "pages.DirektoriOpdPage", "pages.LaporanIndexPage"]
    max_count = 1
    template = "pages/portal_home_page.html"

    class Meta:
        verbose_name = "Beranda Portal Provinsi"

    @classmethod
    def can_create_at(cls, parent: Page) -> bool:
        return _in_public_schema() and super().can_create_at(parent)

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from kinerja.pages.selectors import ikd_utama, navigasi
        from tenants.selectors import opd_directory

        context = super().get_context(request, *args, **kwargs)
        context["opd_list"] = opd_directory(request)
        context["ikd_utama"] = ikd_utama(self)
        context["navigasi"] = navigasi(self)
        return context


class OpdHomePage(Page):
    """Home of one OPD's site (its own domain): profile, visi and misi."""

    profil = RichTextField("profil", blank=True)
    visi = models.TextField(
        "visi", blank=True, help_text="Dipakai bila Renstra yang berlaku belum memuat visi."
    )
    misi = RichTextField(
        "misi", blank=True, help_text="Dipakai bila Renstra yang berlaku belum memuat misi."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("profil"),
        FieldPanel("visi"),
        FieldPanel("misi"),
    ]
    # Wagtail API v2 (/api/v2/pages/): fields shown for this page type.
    api_fields = [APIField("profil"), APIField("visi"), APIField("misi")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["pages.IkuIndexPage", "pages.LaporanIndexPage"]
    max_count = 1
    template = "pages/opd_home_page.html"

    class Meta:
        verbose_name = "Beranda Perangkat Daerah"

    @classmethod
    def can_create_at(cls, parent: Page) -> bool:
        return not _in_public_schema() and super().can_create_at(parent)

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from kinerja.pages.selectors import navigasi, profil_opd, rapor_opd, url_daftar_iku

        context = super().get_context(request, *args, **kwargs)
        context["profil_opd"] = profil_opd(self)
        context["rapor"] = rapor_opd()
        context["url_daftar_iku"] = url_daftar_iku()
        context["navigasi"] = navigasi(self)
        return context


# --- Province portal (public schema) ----------------------------------------------------------


class PortalIkdUtama(Orderable):
    """One headline IKD chosen by Bappeda for the portal home, in the chosen order."""

    page = ParentalKey(PortalHomePage, on_delete=models.CASCADE, related_name="ikd_utama")
    # No database constraint (as kinerja.opd.models._public_ref): this app's tables exist in
    # every OPD schema too, and a real FK from there into public would break deletes of IKD.
    indikator = models.ForeignKey(
        "daerah.IndikatorDaerah",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name="IKD",
        limit_choices_to={"is_ikd": True},
    )

    panels = [FieldPanel("indikator")]

    class Meta(Orderable.Meta):
        verbose_name = "IKD utama"
        verbose_name_plural = "IKD utama"


class IkdAspekPage(Page):
    """The IKD of one aspect with target vs realisasi over the RPJMD years (public schema)."""

    aspek = models.CharField("aspek IKD", max_length=30, choices=AspekIkd.choices)
    intro = RichTextField("pengantar", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("aspek"), FieldPanel("intro")]
    # Wagtail API v2 (/api/v2/pages/): fields shown for this page type.
    api_fields = [APIField("aspek"), APIField("intro")]
    parent_page_types = ["pages.PortalHomePage"]
    subpage_types: list[str] = []
    template = "pages/ikd_aspek_page.html"

    class Meta:
        verbose_name = "Halaman IKD per Aspek"

    @classmethod
    def can_create_at(cls, parent: Page) -> bool:
        return _in_public_schema() and super().can_create_at(parent)

    def clean(self) -> None:
        super().clean()
        if (
            self.aspek
            and IkdAspekPage.objects.filter(aspek=self.aspek).exclude(pk=self.pk).exists()
        ):
            raise ValidationError({"aspek": "Sudah ada halaman IKD untuk aspek ini."})

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from kinerja.pages.selectors import ikd_aspek, navigasi

        context = super().get_context(request, *args, **kwargs)
        context["data"] = ikd_aspek(self.aspek)
        context["navigasi"] = navigasi(self)
        return context


class DirektoriOpdPage(Page):
    """Every OPD with its latest verified capaian summary and a link to its site."""

    intro = RichTextField("pengantar", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    # Wagtail API v2 (/api/v2/pages/): fields shown for this page type.
    api_fields = [APIField("intro")]
    parent_page_types = ["pages.PortalHomePage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "pages/direktori_opd_page.html"

    class Meta:
        verbose_name = "Direktori Perangkat Daerah"

    @classmethod
    def can_create_at(cls, parent: Page) -> bool:
        return _in_public_schema() and super().can_create_at(parent)

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from kinerja.pages.selectors import direktori_opd, navigasi

        context = super().get_context(request, *args, **kwargs)
        context["opd_list"] = direktori_opd(request)
        context["navigasi"] = navigasi(self)
        return context


# --- Reports (portal and OPD sites) -----------------------------------------------------------


class LaporanIndexPage(Page):
    """List of the published performance reports (LKjIP) of the portal or of one OPD."""

    intro = RichTextField("pengantar", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    # Wagtail API v2 (/api/v2/pages/): fields shown for this page type.
    api_fields = [APIField("intro")]
    parent_page_types = ["pages.PortalHomePage", "pages.OpdHomePage"]
    subpage_types = ["pages.LaporanPage"]
    max_count_per_parent = 1
    template = "pages/laporan_index_page.html"

    class Meta:
        verbose_name = "Daftar Laporan Kinerja"

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from kinerja.pages.selectors import navigasi

        context = super().get_context(request, *args, **kwargs)
        context["laporan_list"] = (
            LaporanPage.objects.child_of(self)
            .live()
            .public()
            .select_related("dokumen__collection")
            .order_by("-tahun", "title")
        )
        context["navigasi"] = navigasi(self)
        return context


def _dokumen_publik(dokumen: Any) -> bool:
    """A Wagtail document anyone may download: no privacy restriction on its collection (or any
    collection above it)."""
    if dokumen is None:
        return False
    return not dokumen.collection.get_view_restrictions().exists()


class LaporanPage(Page):
    """One performance report (LKjIP) of a year: a public PDF document and a summary."""

    tahun = models.PositiveSmallIntegerField(
        "tahun", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    dokumen = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="dokumen (PDF)",
        help_text="Berkas PDF LKjIP dari koleksi dokumen yang tidak dibatasi aksesnya.",
    )
    ringkasan = RichTextField(
        "ringkasan", blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("tahun"),
        FieldPanel("dokumen"),
        FieldPanel("ringkasan"),
    ]
    # Wagtail API v2 (/api/v2/pages/): fields shown for this page type.
    api_fields = [APIField("tahun"), APIField("dokumen"), APIField("ringkasan")]
    parent_page_types = ["pages.LaporanIndexPage"]
    subpage_types: list[str] = []
    template = "pages/laporan_page.html"

    class Meta:
        verbose_name = "Laporan Kinerja (LKjIP)"

    def clean(self) -> None:
        super().clean()
        dokumen = self.dokumen
        if dokumen is None:
            raise ValidationError({"dokumen": "Pilih dokumen PDF laporan."})
        if (dokumen.file_extension or "").lower() != "pdf":
            raise ValidationError({"dokumen": "Dokumen laporan harus berupa berkas PDF."})
        if not _dokumen_publik(dokumen):
            raise ValidationError(
                {
                    "dokumen": "Dokumen ini berada di koleksi yang dibatasi aksesnya; pindahkan ke "
                    "koleksi tanpa pembatasan agar dapat diunduh publik."
                }
            )

    @property
    def dokumen_publik(self) -> Any:
        """The document when the public may download it, else None (a restriction added to its
        collection after publishing hides the link instead of showing a login wall)."""
        return self.dokumen if _dokumen_publik(self.dokumen) else None

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from kinerja.pages.selectors import navigasi

        context = super().get_context(request, *args, **kwargs)
        context["navigasi"] = navigasi(self)
        return context


# --- OPD site (OPD schemas) -------------------------------------------------------------------


class IkuIndexPage(Page):
    """This OPD's IKU grouped by sasaran strategis, each with its latest verified capaian."""

    intro = RichTextField("pengantar", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    # Wagtail API v2 (/api/v2/pages/): fields shown for this page type.
    api_fields = [APIField("intro")]
    parent_page_types = ["pages.OpdHomePage"]
    subpage_types = ["pages.IkuPage"]
    max_count = 1
    template = "pages/iku_index_page.html"

    class Meta:
        verbose_name = "Daftar IKU"

    @classmethod
    def can_create_at(cls, parent: Page) -> bool:
        return not _in_public_schema() and super().can_create_at(parent)

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from kinerja.pages.selectors import daftar_iku, navigasi

        context = super().get_context(request, *args, **kwargs)
        context["kelompok"] = daftar_iku()
        context["navigasi"] = navigasi(self)
        return context


class IkuPage(Page):
    """One IKU of this OPD. Created, renamed and (un)published automatically from the IKU
    (kinerja.pages.services.iku_page_ensure); editors write only the narrative."""

    iku_id = models.BigIntegerField("ID IKU", unique=True, editable=False)
    narasi = StreamField(NarasiBlock(), blank=True, verbose_name="narasi")

    content_panels = [
        FieldPanel(
            "title",
            read_only=True,
            heading="Nama IKU",
            help_text="Mengikuti nama IKU di menu Kinerja OPD; ubah di sana.",
        ),
        FieldPanel("narasi"),
    ]
    # Wagtail API v2 (/api/v2/pages/): fields shown for this page type.
    api_fields = [APIField("iku_id"), APIField("narasi")]
    parent_page_types = ["pages.IkuIndexPage"]
    subpage_types: list[str] = []
    # Only iku_page_ensure creates these pages (one per IKU).
    is_creatable = False
    template = "pages/iku_page.html"

    class Meta:
        verbose_name = "Halaman IKU"
        verbose_name_plural = "Halaman IKU"

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from kinerja.pages.selectors import iku_detail, navigasi

        context = super().get_context(request, *args, **kwargs)
        detail = iku_detail(self.iku_id, tahun=request.GET.get("tahun") if request else None)
        if detail is None:
            raise Http404("IKU tidak ditemukan.")
        context["detail"] = detail
        context["navigasi"] = navigasi(self)
        return context
