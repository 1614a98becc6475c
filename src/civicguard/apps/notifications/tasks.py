"""Background work for notifications: the daily e-mail of what waits on each person (CELERY_BEAT_SCHEDULE
"notifications-digest", run by `civicguard beat`, or by the site's own scheduler when tasks run in-process)."""

from __future__ import annotations

from celery import shared_task

from civicguard.apps.notifications.services import digest_due, digest_send


@shared_task(name="notifications.digest", acks_late=True)
def digest() -> int:
    """Looked at every hour: from CIVICGUARD_DIGEST_HOUR on, sends today's e-mails not yet sent (each person's at
    most once a day: DigestSent). Returns how many were sent."""
    if not digest_due():
        return 0
    return sum(1 for outcome in digest_send() if outcome.result == "sent")
