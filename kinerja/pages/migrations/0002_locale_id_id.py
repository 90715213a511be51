"""Databases created while LANGUAGE_CODE was "id" hold a Wagtail Locale "id"; the code is now
"id-id" (see settings), so rename it in place (pages keep their locale)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    if not Locale.objects.filter(language_code="id-id").exists():
        Locale.objects.filter(language_code="id").update(language_code="id-id")


def backwards(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    if not Locale.objects.filter(language_code="id").exists():
        Locale.objects.filter(language_code="id-id").update(language_code="id")


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
