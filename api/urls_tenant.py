"""API of an OPD domain, with its own OpenAPI document (built from this URLconf only)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from api.v1.views import OpdProfilView

urlpatterns = [
    path("v1/profil/", OpdProfilView.as_view(), name="api-opd-profil"),
    path("schema/", SpectacularAPIView.as_view(urlconf="config.urls_tenant"), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
