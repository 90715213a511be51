"""URLs of the public domain: the province portal and Bappeda's oversight (public schema)."""

from django.urls import include, path

from config.urls_common import urlpatterns as common
from config.urls_common import wagtail_pages

urlpatterns = [
    *common,
    path("api/", include("api.urls_public")),
    path("", include("kinerja.laporan.urls")),
    *wagtail_pages,
]
