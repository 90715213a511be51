"""Signals of the reporting workflow, so that later stages (rollups, caches) can follow a state
change without the workflow services importing them.

``status_berubah(sender=RealisasiIku, schema_name=str, items=list[RealisasiIku])`` is sent inside
the transaction of the change; receivers that start work elsewhere must defer it with
``transaction.on_commit``.
"""

from __future__ import annotations

from django.dispatch import Signal

status_berubah = Signal()
