"""Checking comments: each against its council's pack as channel `comment`.

The engine runs outside any write transaction; the results are written in one short transaction that only
touches comments still waiting, so a task delivered twice (a worker killed mid-task) changes nothing. A result
is written only onto the text that was checked: a comment edited meanwhile keeps waiting for the check of its
new text (queued by the edit).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any, Final

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from civicguard.apps.councils.models import Council
from civicguard.apps.embargo.services import embargoes_in_force
from civicguard.apps.moderation.attachments import comment_images
from civicguard.apps.moderation.models import SEVERITY_RANK, Comment, CommentCheck, CommentStatus
from civicguard.engine import Content, Context, check_many

CHANNEL: Final = "comment"


def flagged(result: dict[str, Any]) -> bool:
    """A comment needs a person when the check found anything: a breach, or an enquiry to route."""
    return bool(result.get("findings"))


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """The columns the queue filters on, from a check result."""
    findings = result.get("findings", [])
    cats = sorted({f["category"] for f in findings})
    return {
        "verdict": result.get("verdict", ""),
        "severity": max((SEVERITY_RANK.get(f.get("severity", ""), 0) for f in findings), default=0),
        "categories": f",{','.join(cats)}," if cats else "",
        "policy_version": result.get("policy_version", ""),
    }


class Checker:
    """Runs the engine on comments, reading each council's embargoed documents once per batch."""

    def __init__(self) -> None:
        self._embargoed: dict[int, tuple[Any, ...]] = {}

    def _context(self, council: Council) -> Context:
        if council.pk not in self._embargoed:
            self._embargoed[council.pk] = embargoes_in_force(council=council)
        return Context(council=council.slug, channel=CHANNEL, embargoed=self._embargoed[council.pk])

    def texts(self, items: Sequence[tuple[Council, str]]) -> list[dict[str, Any]]:
        """The check result (as a dict) of each (council, text), the batch checked in one pass (`check_many`)."""
        results = check_many([(Content(text=text), self._context(council)) for council, text in items])
        return [r.to_dict() for r in results]

    def many(self, comments: Sequence[Comment]) -> dict[int, dict[str, Any]]:
        """Each comment's check result (as a dict) by id, its attached pictures fetched here (in the worker) and
        checked with it; one that could not be fetched sends the comment to a person (`attachments`)."""
        images = comment_images(comments)
        results = check_many([(Content(text=c.text, images=images.get(c.pk, ())), self._context(c.council))
                              for c in comments])
        return {c.pk: r.to_dict() for c, r in zip(comments, results, strict=True)}


def waiting_q() -> Q:
    """Comments waiting for a check: `pending` ones, and those a person decided on whose text was edited since
    (an edit leaves them without a latest check; they keep their status)."""
    return Q(status=CommentStatus.PENDING) | Q(latest_check__isnull=True)


def scan(ids: Sequence[int], *, trigger: str = "ingest") -> int:
    """Check the comments among `ids` still waiting to be checked; returns how many were checked now."""
    waiting = list(Comment.objects.filter(waiting_q(), pk__in=ids).select_related("council"))
    if not waiting:
        return 0
    results = Checker().many(waiting)
    return _apply(results, texts={c.pk: c.text for c in waiting}, trigger=trigger)


def _apply(results: dict[int, dict[str, Any]], *, texts: dict[int, str], trigger: str) -> int:
    """Write each result onto its comment if it still waits and still has the text that was checked (`texts`)."""
    with transaction.atomic():
        locked = Comment.objects.select_for_update().filter(waiting_q(), pk__in=list(results))
        # Edited since it was read: this result is of the old text. The edit queued the check of the new one.
        still = [c for c in locked if c.text == texts[c.pk]]
        if not still:
            return 0
        CommentCheck.objects.bulk_create([
            CommentCheck(comment=c, trigger=trigger, verdict=results[c.pk]["verdict"],
                         policy_version=results[c.pk]["policy_version"], result=results[c.pk])
            for c in still
        ])
        # One UPDATE per distinct outcome (a chunk has a handful: most comments come out clear), each comment's
        # latest check read in the same statement: under the row locks, the newest check is the one just made.
        # (A bulk_update's CASE per comment and field cost about 2 ms a comment to build.)
        groups: dict[tuple[tuple[str, Any], ...], list[int]] = defaultdict(list)
        for comment in still:
            result = results[comment.pk]
            status = comment.status
            if status == CommentStatus.PENDING:
                status = CommentStatus.NEEDS_REVIEW if flagged(result) else CommentStatus.CLEAR
            groups[tuple(sorted({**summary(result), "status": status}.items()))].append(comment.pk)
        newest = CommentCheck.objects.filter(comment=OuterRef("pk")).order_by("-pk").values("pk")[:1]
        now = timezone.now()
        for fields, pks in groups.items():
            Comment.objects.filter(pk__in=pks).update(**dict(fields), latest_check=Subquery(newest), updated=now)
    return len(still)


def pending_ids(*, older_than_seconds: int = 60) -> Iterable[int]:
    """Comments stored or edited but not checked since (their task was lost): the sweep queues them again. Read
    from the last change (`updated`), so a comment edited a moment ago waits for the check its edit queued."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return Comment.objects.filter(waiting_q(), updated__lt=cutoff).values_list("pk", flat=True)
