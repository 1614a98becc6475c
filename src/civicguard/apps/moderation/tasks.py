"""Background work for moderation. Every task is idempotent: late acknowledgement means a task whose worker
died is delivered again, and running it twice must change nothing."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError

from civicguard.apps.moderation.services import records, routing, scan

log = logging.getLogger(__name__)


@shared_task(name="moderation.scan_comments", acks_late=True, reject_on_worker_lost=True,
             autoretry_for=(DatabaseError,), retry_backoff=2, retry_backoff_max=300, retry_jitter=True,
             max_retries=8)
def scan_comments(ids: list[int], trigger: str = "ingest") -> int:
    return scan.scan(ids, trigger=trigger)


@shared_task(name="moderation.deliver_handoff", bind=True, acks_late=True, reject_on_worker_lost=True,
             max_retries=None)
def deliver_handoff(self, handoff_id: int) -> bool:
    delivered = routing.deliver(handoff_id)
    if not delivered and not settings.CELERY_TASK_ALWAYS_EAGER:
        pending = routing.Delivery.objects.filter(handoff_id=handoff_id, status=routing.Delivery.Status.PENDING)
        nxt = pending.order_by("next_attempt").values_list("next_attempt", flat=True).first()
        if nxt is not None:
            from django.utils import timezone

            raise self.retry(countdown=max(1, int((nxt - timezone.now()).total_seconds())))
    return delivered


@shared_task(name="moderation.rescan_chunk", acks_late=True, reject_on_worker_lost=True,
             autoretry_for=(DatabaseError,), retry_backoff=2, max_retries=8)
def rescan_chunk(run_id: int, ids: list[int]) -> int:
    return records.rescan_chunk(run_id=run_id, ids=ids)


@shared_task(name="moderation.sweep", acks_late=True)
def sweep() -> dict[str, int]:
    """Queue again what a lost task left behind: comments never checked, hand-offs due a retry."""
    return run_sweep()


def run_sweep() -> dict[str, int]:
    from civicguard.apps.moderation.services.ingest import enqueue_scan

    ids = list(scan.pending_ids())
    if ids:
        enqueue_scan(ids, trigger="retry")
    handoffs = routing.due_handoffs()
    for handoff_id in handoffs:
        routing.enqueue_delivery(handoff_id)
    return {"comments": len(ids), "handoffs": len(handoffs)}
