"""Background work for moderation. Every task is idempotent: late acknowledgement means a task whose worker
died is delivered again, and running it twice must change nothing."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from civicguard.apps.moderation.services import records, routing, scan
from civicguard.apps.moderation.services import sweep as sweep_service
from civicguard.apps.moderation.services.ingest import SCAN_CHUNK
from civicguard.apps.moderation.services.sweep import SweepResult
from civicguard.common.locks import deployment_lock

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


SWEEP_LOCK = "moderation-sweep"
# A sweep holding the lock renews it after every batch of ids; one that died frees it after this long.
SWEEP_LOCK_TTL_SECONDS = 120


@shared_task(name="moderation.sweep", acks_late=True)
def sweep() -> dict[str, int]:
    """Queue again what a lost task left behind: comments never checked, hand-offs due a retry."""
    return run_sweep()


def run_sweep(*, older_than_seconds: float | None = None) -> dict[str, int]:
    """`sweep_run`'s counts of what was queued again (the shape the beat task and the in-process jobs report)."""
    result = sweep_run(older_than_seconds=older_than_seconds)
    return {"comments": result.comments, "handoffs": result.handoffs}


def _send_scan(ids: list[int]) -> None:
    """Queue the check of `ids`, raising when the broker refuses (unlike the ingest's queueing, which logs)."""
    scan_comments.delay(ids, "retry")


def broker_started_at() -> datetime | None:
    """When the Redis broker last started (now less its uptime), or None: no Redis broker, or it cannot be asked.
    A task queued before then was on a broker that has since restarted, and one kept in memory only (as a broker
    without persistence is) lost it."""
    url = str(settings.CELERY_BROKER_URL or "")
    if settings.CELERY_TASK_ALWAYS_EAGER or not url.startswith(("redis://", "rediss://")):
        return None
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        try:
            uptime = int(client.info("server")["uptime_in_seconds"])
        finally:
            client.close()
    except (redis.RedisError, KeyError, TypeError, ValueError):
        return None
    return timezone.now() - timedelta(seconds=uptime)


def sweep_run(*, older_than_seconds: float | None = None) -> SweepResult:
    """One sweep for the whole deployment (others skip while it runs): every comment waiting for a check longer
    than `older_than_seconds` (default CIVICGUARD_SWEEP_PENDING_SECONDS) since it was queued is queued again, in
    one pass, and so is every comment queued before the Redis broker last started (its task went with the
    restart: no need to wait); every hand-off delivery due a retry is queued."""
    wait = settings.CIVICGUARD_SWEEP_PENDING_SECONDS if older_than_seconds is None else older_than_seconds
    started = time.monotonic()
    with deployment_lock(SWEEP_LOCK, ttl_seconds=SWEEP_LOCK_TTL_SECONDS) as lock:
        if not lock:
            log.info("sweep skipped: the sweep lock (%s) is not free: %s", lock.kind, lock.reason)
            return SweepResult(skipped=lock.reason)
        cutoff = timezone.now() - timedelta(seconds=wait)
        restart = broker_started_at()
        after_restart = restart is not None and restart > cutoff
        if restart is not None and after_restart:
            cutoff = restart
        queued, left = sweep_service.comments_requeue(queued_before=cutoff, send=_send_scan, chunk=SCAN_CHUNK,
                                                      keep_alive=lock.extend)
        handoffs = routing.due_handoffs() if not left else []
        for handoff_id in handoffs:
            routing.enqueue_delivery(handoff_id)
    result = SweepResult(comments=queued, handoffs=len(handoffs), not_queued=left,
                         seconds=time.monotonic() - started)
    if queued or handoffs or left:
        why = (f"queued before the broker restarted {(timezone.now() - restart).total_seconds():.0f} s ago"
               if after_restart and restart is not None else f"waiting over {wait:g} s")
        log.info("sweep: queued again %d comments %s and %d hand-offs due%s (%.1f s)", queued, why, len(handoffs),
                 f"; {left} comments could not be queued (broker unreachable)" if left else "", result.seconds)
    return result
