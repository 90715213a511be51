"""Wagtail page models. The app lives in every schema, but each page type is creatable only
where it means something: the portal home in the public schema, the OPD home in OPD schemas.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


def _in_public_schema() -> bool:
    return connection.schema_name == "public"


class PortalHomePage(Page):
    """Home of the province portal (public domain), edited by Bappeda."""

    intro = RichTextField("pengantar", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "pages/portal_home_page.html"

    class Meta:
        verbose_name = "Beranda Portal Provinsi"

    @classmethod
    def can_create_at(cls, parent: Page) -> bool:
        return _in_public_schema() and super().can_create_at(parent)

    def get_context(self, request: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from tenants.selectors import opd_directory

        context = super().get_context(request, *args, **kwargs)
        context["opd_list"] = opd_directory(request)
        return context


class OpdHomePage(Page):
    """Home of one OPD's site (its own domain): profile, visi and misi."""

    profil = RichTextField("profil", blank=True)
    visi = models.TextField("visi", blank=True)
    misi = RichTextField("misi", blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("profil"),
        FieldPanel("visi"),
        FieldPanel("misi"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "pages/opd_home_page.html"

    class Meta:
        verbose_name = "Beranda Perangkat Daerah"

    @classmethod
    def can_create_at(cls, parent: Page) -> bool:
        return not _in_public_schema() and super().can_create_at(parent)
