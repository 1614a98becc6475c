"""Background work for the audit trail: the daily signed checkpoint (queued by `civicguard beat`)."""

from __future__ import annotations

from celery import shared_task

from civicguard.apps.audit.services import audit_checkpoint_save


@shared_task(name="audit.checkpoint", acks_late=True)
def checkpoint() -> str:
    """Write a signed checkpoint of the chain's head into the checkpoints folder (keeping the newest N there).
    Running it twice writes two checkpoints of the same head: harmless."""
    return str(audit_checkpoint_save())
