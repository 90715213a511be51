"""Template helpers of the public pages."""

from __future__ import annotations

from django import template
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static

register = template.Library()

CHARTJS_PATH = "vendor/chart.js/chart.umd.js"


@register.simple_tag
def url_chartjs() -> str:
    """URL of Chart.js in static/ (installed from npm by ``make install``), or "" when it is
    not installed: the pages then show their tables only. Checked first because the manifest
    storage of production raises for a missing file."""
    try:
        if not (finders.find(CHARTJS_PATH) or staticfiles_storage.exists(CHARTJS_PATH)):
            return ""
        return static(CHARTJS_PATH)
    except (ValueError, OSError):
        return ""
