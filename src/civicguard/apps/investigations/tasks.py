"""Background work for investigations (CELERY_BEAT_SCHEDULE "investigations-daily", run by `civicguard beat`; by
hand: `civicguard investigations daily`)."""

from __future__ import annotations

from celery import shared_task

from civicguard.apps.investigations.services import authorisations_expire_due, reviews_due, ripa_records_purge


@shared_task(name="investigations.daily", acks_late=True)
def daily() -> dict[str, int]:
    """Authorisations past their last day expire; counts the reviews due (they wait on the Authorising Officers,
    and reminders of an ending authorisation on its officers, in waiting.py); records past the pack's retention
    are purged with a log. What it does depends only on the day: running it again changes nothing."""
    expired = authorisations_expire_due()
    purged = ripa_records_purge(job="investigations.daily")
    return {"expired": expired, "reviews_due": reviews_due(), "purged": purged}
