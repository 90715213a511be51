"""URLs of an OPD domain (the OPD's schema): its site, its Wagtail admin, its API."""

from django.urls import include, path

from config.urls_common import urlpatterns as common
from config.urls_common import wagtail_pages

urlpatterns = [
    *common,
    path("api/", include("api.urls_tenant")),
    path("", include("kinerja.laporan.urls")),
    *wagtail_pages,
]
