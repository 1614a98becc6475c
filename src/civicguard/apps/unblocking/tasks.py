"""Background work for website unblocking: the daily expiry (CELERY_BEAT_SCHEDULE "unblocking-expire", run by
`civicguard beat`, or by the site's own scheduler when tasks run in-process)."""

from __future__ import annotations

from celery import shared_task

from civicguard.apps.unblocking.services import unblock_requests_expire


@shared_task(name="unblocking.expire", acks_late=True)
def expire() -> int:
    """End the access of every request whose last day has passed. Returns how many ended."""
    return unblock_requests_expire()
