"""API of an OPD domain, with its own OpenAPI document (this URLconf only)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from api.urls_common import akhir, awal
from api.v1.opd import IkuDetailView, IkuListView, RealisasiViewSet
from api.v1.views import OpdProfilView

router = SimpleRouter()
router.register("v1/realisasi", RealisasiViewSet, basename="api-realisasi")

urlpatterns = [
    *awal(),
    path("v1/profil/", OpdProfilView.as_view(), name="api-opd-profil"),
    path("v1/iku/", IkuListView.as_view(), name="api-iku-list"),
    path("v1/iku/<id:pk>/", IkuDetailView.as_view(), name="api-iku-detail"),
    path("", include(router.urls)),
    *akhir("config.urls_tenant"),
]
