"""Last line of defence for signed PK: any ``save()``/``delete()`` of a signed or replaced PK, or
of one of its items, is refused whatever code path tries it (admin, shell, a future API).

Services change the status of a frozen PK with a queryset ``update()``, which sends no signal.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from kinerja.opd.models import PerjanjianKinerja, PerjanjianKinerjaItem
from kinerja.opd.services import pk_pastikan_draf


@receiver(pre_save, sender=PerjanjianKinerja, dispatch_uid="opd_pk_beku_save")
@receiver(pre_delete, sender=PerjanjianKinerja, dispatch_uid="opd_pk_beku_delete")
def _pk_beku(sender: type, instance: PerjanjianKinerja, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    pk_pastikan_draf(instance)


@receiver(pre_save, sender=PerjanjianKinerjaItem, dispatch_uid="opd_pk_item_beku_save")
@receiver(pre_delete, sender=PerjanjianKinerjaItem, dispatch_uid="opd_pk_item_beku_delete")
def _pk_item_beku(sender: type, instance: PerjanjianKinerjaItem, **kwargs: Any) -> None:
    if kwargs.get("raw") or not instance.pk_dokumen_id:
        return
    pk_pastikan_draf(PerjanjianKinerja(pk=instance.pk_dokumen_id))
