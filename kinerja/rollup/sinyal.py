"""Signal of the rollup, so later stages (compliance scores, caches) follow a finished run
without the rollup importing them.

``rollup_selesai(sender=RollupRun, run=RollupRun, schema=str | None, tahun=int | None)`` is sent
after a run that processed at least one OPD and wrote rows, outside any lock and after its
writes are committed (``rollup_jalankan`` runs in autocommit). Receivers are called with
``send_robust``: one that fails is logged and does not fail the rollup.
"""

from __future__ import annotations

from django.dispatch import Signal

rollup_selesai = Signal()
