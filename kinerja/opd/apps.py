from django.apps import AppConfig


class OpdConfig(AppConfig):
    """One OPD's plan and indicators, in that OPD's schema."""

    name = "kinerja.opd"
    label = "opd"
    verbose_name = "Kinerja Perangkat Daerah (Renstra & IKU)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kinerja.opd import signals  # noqa: F401  (connects the signed-PK guard)
