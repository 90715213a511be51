from django.apps import AppConfig


class ApiConfig(AppConfig):
    """REST API v1, Wagtail API v2 and the OpenAPI documents of every domain (no models)."""

    name = "api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from api import receivers, schema  # noqa: F401  (cache invalidation; OpenAPI extensions)
