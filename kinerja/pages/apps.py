from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "kinerja.pages"
    label = "pages"
    verbose_name = "Halaman publik"
    default_auto_field = "django.db.models.BigAutoField"
