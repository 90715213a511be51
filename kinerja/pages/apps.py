from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "kinerja.pages"
    label = "pages"
    verbose_name = "Halaman publik"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kinerja.pages import receivers  # noqa: F401  (IKU page follows its IKU)
