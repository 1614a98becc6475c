"""Background work: the retention purge (CELERY_BEAT_SCHEDULE "disclosure-retention", hourly; by hand:
`civicguard disclosure purge`)."""

from __future__ import annotations

from celery import shared_task

from civicguard.apps.disclosure.retention import retention_purge as purge


@shared_task(name="disclosure.retention_purge", acks_late=True)
def retention_purge() -> dict[str, int]:
    """Remove what is past its period (St Helens 5.5). What it does depends only on the time and the holds:
    running it again removes nothing twice, and a record still held is not logged again."""
    outcome = purge()
    return {"deleted": outcome.count("deleted"), "anonymised": outcome.count("anonymised"),
            "held": outcome.count("held")}
