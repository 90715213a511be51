"""API of the public domain (Bappeda), with its own OpenAPI document (this URLconf only)."""

from django.urls import path

from api.urls_common import akhir, awal
from api.v1.views import IkdDetailView, IkdListView, OpdListView, RekapView

urlpatterns = [
    *awal(),
    path("v1/opd/", OpdListView.as_view(), name="api-opd-list"),
    path("v1/ikd/", IkdListView.as_view(), name="api-ikd-list"),
    path("v1/ikd/<id:pk>/", IkdDetailView.as_view(), name="api-ikd-detail"),
    path("v1/rekap/", RekapView.as_view(), name="api-rekap"),
    *akhir("config.urls_public"),
]
