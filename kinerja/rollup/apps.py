from django.apps import AppConfig


class RollupConfig(AppConfig):
    """Capaian rollups: snapshots of every OPD's IKU in the public schema, per-OPD summaries,
    the IKD values fed by linked IKU, and the run log (public schema only)."""

    name = "kinerja.rollup"
    label = "rollup"
    verbose_name = "Rollup capaian"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kinerja.rollup import receivers  # noqa: F401  (incremental rollup after commit)
