"""Background work for the audit trail: the daily signed checkpoint (CELERY_BEAT_SCHEDULE "audit-checkpoint", run
by `civicguard beat`, or by the site's own scheduler when tasks run in-process)."""

from __future__ import annotations

from celery import shared_task

from civicguard.apps.audit.services import audit_checkpoint_if_due


@shared_task(name="audit.checkpoint", acks_late=True)
def checkpoint() -> str:
    """Looked at every hour: writes a signed checkpoint of the chain's head into the checkpoints folder when the
    newest there is a day old (keeping the newest CIVICGUARD_CHECKPOINT_KEEP). Returns the file written, or ""."""
    path = audit_checkpoint_if_due()
    return str(path) if path is not None else ""
