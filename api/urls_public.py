"""API of the public domain, with its own OpenAPI document (built from this URLconf only)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from api.v1.views import OpdListView

urlpatterns = [
    path("v1/opd/", OpdListView.as_view(), name="api-opd-list"),
    path("schema/", SpectacularAPIView.as_view(urlconf="config.urls_public"), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
