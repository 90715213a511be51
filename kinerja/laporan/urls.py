"""Public URLs of the downloads and reports; the same module is included on both domain kinds
(``config/urls_public.py`` and ``config/urls_tenant.py``) and each view 404s on the wrong
kind: ``data/ikd.*`` and ``laporan/ikd.pdf`` serve the public domain only, ``data/iku.*``,
``laporan/capaian-kinerja.pdf`` and ``laporan/pk-<tahun>.pdf`` OPD domains only.

The patterns are exact (no catch-all), so any other ``/laporan/...`` path still reaches the
Wagtail pages that follow them.
"""

from __future__ import annotations

from django.urls import path, re_path

from kinerja.laporan import views

app_name = "laporan"

urlpatterns = [
    re_path(r"^data/ikd\.(?P<format_>csv|xlsx|json)$", views.unduh_ikd, name="data_ikd"),
    re_path(r"^data/iku\.(?P<format_>csv|xlsx|json)$", views.unduh_iku, name="data_iku"),
    path("laporan/ikd.pdf", views.laporan_ikd_pdf, name="ikd_pdf"),
    path("laporan/capaian-kinerja.pdf", views.laporan_capaian_pdf, name="capaian_pdf"),
    re_path(r"^laporan/pk-(?P<tahun>[0-9]{4})\.pdf$", views.laporan_pk_pdf, name="pk_pdf"),
]
