from django.apps import AppConfig


class KinerjaConfig(AppConfig):
    name = "kinerja"
    verbose_name = "Kinerja"

    def ready(self) -> None:
        from django.db import models
        from wagtail.admin.forms.models import register_form_field_override

        from kinerja.forms import AngkaField

        # Every decimal in every Wagtail admin form is typed and shown Indonesian style.
        register_form_field_override(models.DecimalField, override={"form_class": AngkaField})
