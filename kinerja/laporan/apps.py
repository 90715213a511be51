from django.apps import AppConfig


class LaporanConfig(AppConfig):
    """Open data downloads and PDF reports (no models; installed for its templates and its
    Wagtail hooks, on every domain kind: each view guards its own domain kind)."""

    name = "kinerja.laporan"
    label = "laporan"
    verbose_name = "Laporan dan data terbuka"
