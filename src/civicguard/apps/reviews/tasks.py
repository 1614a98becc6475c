"""Background work for account reviews: the daily job (CELERY_BEAT_SCHEDULE "reviews-daily", run by `civicguard
beat`, or by the site's own scheduler when tasks run in-process; by hand: `civicguard reviews run`)."""

from __future__ import annotations

from celery import shared_task

from civicguard.apps.reviews.services import reviews_run


@shared_task(name="reviews.daily", acks_late=True)
def daily() -> dict[str, int]:
    """Open the reviews that are due (an account that has none) and flag dormant accounts (St Helens 6.13). Looked
    at every hour: what it does depends only on the day, so running it again the same day changes nothing."""
    report = reviews_run()
    return {"scheduled": len(report.scheduled), "dormant": len(report.dormant)}
