"""Background work for the consent register: the daily expiry (CELERY_BEAT_SCHEDULE "consent-expire", run by
`civicguard beat`, or by the site's own scheduler when tasks run in-process; by hand: `civicguard consent
expire`)."""

from __future__ import annotations

from celery import shared_task

from civicguard.apps.consent.services import consent_expire_due


@shared_task(name="consent.expire", acks_late=True)
def expire() -> dict[str, int]:
    """Raise the takedown tasks of every consent whose last day has passed (once each). Looked at every hour: what
    it does depends only on the day, so running it again changes nothing."""
    report = consent_expire_due()
    return {"records": report.records, "tasks": report.tasks}
