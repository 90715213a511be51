from django.apps import AppConfig


class PengawasanConfig(AppConfig):
    """Bappeda's oversight (public schema only): dashboard, compliance assessment of OPD
    reporting, early warning, read-only drill-down into OPDs and the operations page."""

    name = "kinerja.pengawasan"
    label = "pengawasan"
    verbose_name = "Pengawasan Bappeda"
    default_auto_field = "django.db.models.BigAutoField"
