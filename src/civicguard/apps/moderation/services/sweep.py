"""The sweep's reading and writing: which comments a lost task left waiting, and marking those queued again.

A comment waits for a check from the moment it is stored or edited (its check is queued just after the commit)
until the check is written. If the broker loses that task (Redis restarted without its data, a worker killed
after the visibility timeout ran out), nothing else will ever check the comment: the sweep finds every comment
that has waited longer than a set time since it was last queued, queues it again and notes the time, so the
next sweep leaves it alone until it has waited that long again. "Last queued" is the comment's `updated`: the
ingest sets it when it stores or edits the comment (and queues the check), and the sweep sets it when it queues
the comment again.

After the Redis broker restarted, every comment queued before its start is taken at once (its task went with
the restart), without waiting that time (civicguard.apps.moderation.tasks.sweep_run works out the cutoff).

The sweep takes all of them in one pass, in batches read by id (never one page of N that leaves the rest for the
next run), and stops at the first batch the broker refuses: those comments and the rest keep waiting, untouched,
for the next sweep. Queueing a comment twice is harmless: a check only writes onto a comment still waiting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from civicguard.apps.moderation.models import Comment
from civicguard.apps.moderation.services.scan import waiting_q

log = logging.getLogger(__name__)

READ_BATCH = 1000  # ids read per query


@dataclass(frozen=True)
class SweepResult:
    """What one sweep did. `skipped` says why it did nothing (another sweep was running); `not_queued` counts
    the comments the broker would not take (they wait for the next sweep)."""

    comments: int = 0
    handoffs: int = 0
    not_queued: int = 0
    skipped: str = ""
    seconds: float = 0.0

    @property
    def complete(self) -> bool:
        return not self.skipped and not self.not_queued


def waiting_since(cutoff: datetime) -> Iterator[list[int]]:
    """Every comment waiting for a check and last queued before `cutoff`, in batches of ids in id order."""
    last = 0
    while True:
        batch = list(Comment.objects.filter(waiting_q(), updated__lt=cutoff, pk__gt=last)
                     .order_by("pk").values_list("pk", flat=True)[:READ_BATCH])
        if not batch:
            return
        yield batch
        last = batch[-1]


def mark_queued(ids: list[int]) -> None:
    """These comments' checks were queued again just now: the next sweep waits its full time for them."""
    Comment.objects.filter(waiting_q(), pk__in=ids).update(updated=timezone.now())


def comments_requeue(*, queued_before: datetime, send: Callable[[list[int]], object], chunk: int,
                     keep_alive: Callable[[], object] = lambda: None) -> tuple[int, int]:
    """Queue again, `chunk` at a time through `send` (which raises when the broker refuses), every comment waiting
    for a check since before `queued_before`. Returns (queued, not queued); `keep_alive` runs after each batch (to
    extend the lock the caller holds)."""
    queued = 0
    for batch in waiting_since(queued_before):
        for start in range(0, len(batch), chunk):
            ids = batch[start:start + chunk]
            try:
                send(ids)
            except Exception as exc:  # noqa: BLE001 - the broker is down: these and the rest wait for the next sweep
                log.warning("the sweep could not queue the check of %d comments (%s: %s); they and the rest wait "
                            "for the next sweep", len(ids), type(exc).__name__, exc)
                left = Comment.objects.filter(waiting_q(), updated__lt=queued_before, pk__gte=ids[0]).count()
                return queued, left
            mark_queued(ids)
            queued += len(ids)
        keep_alive()
    return queued, 0
