from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Registri Perangkat Daerah"
    default_auto_field = "django.db.models.BigAutoField"
