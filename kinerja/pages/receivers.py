"""The IKU page follows its IKU: every save of an IKU (the admin, ``iku_simpan``, anything
that calls ``save()``) creates, renames or (un)publishes its page; deleting an IKU unpublishes
it. Bulk writes send no signal: their callers run ``iku_pages_sync`` afterwards.

Same transaction as the IKU write (an IKU that is rolled back leaves no page), inside a
savepoint: a failure of the page must never refuse the IKU itself; it is logged and the next
save or ``iku_pages_sync`` repairs it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from kinerja.opd.models import Iku

logger = logging.getLogger(__name__)


@receiver(post_save, sender=Iku, dispatch_uid="pages_iku_disimpan")
def iku_disimpan(sender: type[Iku], instance: Iku, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata
        return
    from kinerja.pages.services import iku_page_ensure

    try:
        with transaction.atomic():
            iku_page_ensure(instance)
    except Exception:
        logger.exception("Halaman IKU %s tidak dapat diperbarui", instance.kode)


@receiver(post_delete, sender=Iku, dispatch_uid="pages_iku_dihapus")
def iku_dihapus(sender: type[Iku], instance: Iku, **kwargs: Any) -> None:
    from kinerja.pages.services import iku_page_lepas

    try:
        with transaction.atomic():
            iku_page_lepas(instance.pk)
    except Exception:
        logger.exception("Halaman IKU %s tidak dapat diturunkan", instance.kode)
