"""Celery application, tenant-aware (tenant-schemas-celery).

A task sent from an OPD request carries that OPD's schema in its headers and runs in it; a task
sent from the public schema (beat, Bappeda) runs in public.
"""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = CeleryApp("kinerja")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
