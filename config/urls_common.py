"""URL patterns served on every domain kind (public portal and OPD sites)."""

from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from kinerja.pages.views import bukti_publik_unduh
from tenants.health import HealthView
from tenants.views import media_serve

urlpatterns = [
    path("health/", HealthView.as_view(), name="health"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("media/<slug:schema>/<path:path>", media_serve, name="media"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Evidence files an OPD published on its IKU pages (OPD domains; 404 on the portal).
    path("bukti-publik/<uuid:bukti_id>/", bukti_publik_unduh, name="bukti_publik"),
]

# Wagtail's page serving must stay last: it catches every remaining path.
wagtail_pages = [path("", include("wagtail.urls"))]
