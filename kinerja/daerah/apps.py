from django.apps import AppConfig


class DaerahConfig(AppConfig):
    """Province data in the public schema (Bappeda)."""

    name = "kinerja.daerah"
    label = "daerah"
    verbose_name = "Kinerja Daerah (RPJMD & IKD)"
    default_auto_field = "django.db.models.BigAutoField"
