"""Reading the moderation records, always within one council: the queue (in the moderator's order), the
safeguarding comments waiting, the SLA clock, the clock of removals waiting for a second person, dead letters,
the earlier texts of an edited comment."""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Case, Count, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from civicguard.apps.councils.models import Council
from civicguard.apps.moderation.models import (
    QUEUE_STATUSES,
    SEVERITY_RANK,
    Action,
    Comment,
    CommentRevision,
    CommentStatus,
    DeadLetter,
    Handoff,
    ModerationDecision,
)
from civicguard.apps.moderation.services.decisions import moderation_facts
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.engine import CATEGORIES, pack_for
from civicguard.errors import BadInput

AGES = {"1h": timedelta(hours=1), "4h": timedelta(hours=4), "24h": timedelta(hours=24), "7d": timedelta(days=7)}


@dataclass(frozen=True)
class QueueFilter:
    """What the moderator asked to see. `status` 'queue' means everything still needing a person."""

    status: str = "queue"
    account: int | None = None
    category: str = ""
    severity: str = ""
    older_than: str = ""  # one of AGES: waiting at least this long
    newer_than: str = ""  # one of AGES: arrived within this long

    @classmethod
    def from_params(cls, params: Any) -> QueueFilter:
        def get(name: str) -> str:
            value = params.get(name, "")
            return value.strip() if isinstance(value, str) else ""

        account = get("account")
        status = get("status") or "queue"
        if status not in {"queue", "all", *CommentStatus.values}:
            raise BadInput("Choose a status from the list", field="status")
        severity = get("severity")
        if severity and severity not in SEVERITY_RANK:
            raise BadInput("Choose a severity from the list: block, warn or info", field="severity")
        for name in ("older_than", "newer_than"):
            if get(name) and get(name) not in AGES:
                raise BadInput(f"Choose how long from the list: {', '.join(AGES)}", field=name)
        if account and not (account.isascii() and account.isdigit() and len(account) <= 19 and int(account) < 2**63):
            raise BadInput("Choose an account from the list", field="account")
        category = get("category")
        if category and category not in CATEGORIES:
            raise BadInput("Choose a category from the list", field="category")
        return cls(status=status, account=int(account) if account else None, category=category,
                   severity=severity, older_than=get("older_than"), newer_than=get("newer_than"))


def comments_for(*, council: Council, flt: QueueFilter | None = None, now: datetime | None = None
                 ) -> QuerySet[Comment]:
    """The council's comments matching the filter: the queue in the moderator's order, any other list oldest
    first (`ordered`)."""
    flt = flt or QueueFilter()
    now = now or timezone.now()
    qs = Comment.objects.filter(council=council).select_related("account", "latest_check")
    if flt.status == "queue":
        qs = qs.filter(status__in=QUEUE_STATUSES)
    elif flt.status != "all":
        qs = qs.filter(status=flt.status)
    if flt.account:
        qs = qs.filter(account_id=flt.account)
    if flt.category:
        qs = qs.filter(categories__contains=f",{flt.category},")
    if flt.severity:
        qs = qs.filter(severity__gte=SEVERITY_RANK[flt.severity])
    if flt.older_than:
        qs = qs.filter(received__lte=now - AGES[flt.older_than])
    if flt.newer_than:
        qs = qs.filter(received__gte=now - AGES[flt.newer_than])
    return ordered(qs, flt=flt, councils=[council])


# ---- the moderator's order ---------------------------------------------------------------------------------

# Comments waiting for a moderator to act (a pending removal waits for a second person instead: its own clock).
AWAITING_REVIEW = (CommentStatus.NEEDS_REVIEW, CommentStatus.ESCALATED)
SAFEGUARDING, BLOCK, REST = 0, 1, 2  # the queue's bands, in order


def safeguarding_categories(council: Council) -> list[str]:
    """The categories that make a comment a safeguarding one: those the pack's safeguarding route lists (the same
    ones make the comment page suggest the safeguarding contact), or `safeguarding` without such a route."""
    facts = pack_for(council.slug).facts
    route = facts.moderation.routes.get("safeguarding") if facts and facts.moderation else None
    return list(route.categories) if route is not None and route.categories else ["safeguarding"]


def _safeguarding(councils: Iterable[Council]) -> Q | None:
    parts = [Q(council=council) & functools.reduce(operator.or_, [Q(categories__contains=f",{cat},")
                                                                   for cat in safeguarding_categories(council)])
             for council in councils]
    return functools.reduce(operator.or_, parts) if parts else None


def in_queue_order(qs: QuerySet[Comment], *, councils: Iterable[Council]) -> QuerySet[Comment]:
    """The moderator's order, for the queue page and the API alike: safeguarding first (by each council's pack),
    then `block`, then the oldest within each band. One CASE in ORDER BY (no annotation), so the querysets of
    several councils can be combined first and ordered once."""
    whens = []
    urgent = _safeguarding(councils)
    if urgent is not None:
        whens.append(When(urgent, then=Value(SAFEGUARDING)))
    whens.append(When(severity__gte=SEVERITY_RANK["block"], then=Value(BLOCK)))
    band = Case(*whens, default=Value(REST), output_field=IntegerField())
    return qs.order_by(band.asc(), "created_at", "id")


def ordered(qs: QuerySet[Comment], *, flt: QueueFilter, councils: Iterable[Council]) -> QuerySet[Comment]:
    """The queue (`status` 'queue', what needs a person) in the moderator's order; any other list oldest first."""
    return in_queue_order(qs, councils=councils) if flt.status == "queue" else qs.order_by("created_at", "id")


def safeguarding_waiting(*, council: Council) -> QuerySet[Comment]:
    """Safeguarding comments still waiting for a moderator, oldest first: the queue's urgent banner."""
    urgent = _safeguarding([council])
    assert urgent is not None
    return (Comment.objects.filter(council=council, status__in=AWAITING_REVIEW).filter(urgent)
            .select_related("account").order_by("created_at", "id"))


@dataclass(frozen=True)
class PendingRemoval:
    """A removal waiting for a second person: its own clock against the pack's `removal_pending_hours`."""

    comment: Comment
    asked_by: str
    asked: datetime
    target_hours: int
    now: datetime

    @property
    def waited(self) -> timedelta:
        return self.now - self.asked

    @property
    def due(self) -> datetime:
        return self.asked + timedelta(hours=self.target_hours)

    @property
    def overdue(self) -> bool:
        return self.now > self.due


def pending_removals(*, council: Council, now: datetime | None = None) -> list[PendingRemoval]:
    """Every removal of the council waiting for a second person, longest waiting first (one query)."""
    now = now or timezone.now()
    hours = moderation_facts(council).removal_pending_hours
    asked = (ModerationDecision.objects.filter(comment=OuterRef("pk"), action=Action.REMOVE)
             .order_by("-created", "-id"))
    rows = (Comment.objects.filter(council=council, status=CommentStatus.REMOVAL_PENDING)
            .select_related("account")
            .annotate(asked_at=Subquery(asked.values("created")[:1]),
                      asked_by=Subquery(asked.values("actor__username")[:1]))
            .order_by("asked_at", "id"))
    return [PendingRemoval(comment=c, asked_by=c.asked_by or "", asked=c.asked_at or c.updated,
                           target_hours=hours, now=now) for c in rows]


@dataclass(frozen=True)
class Clock:
    account: SocialAccount
    waiting: int
    oldest: datetime | None
    sla_hours: int
    overdue: int

    @property
    def due(self) -> datetime | None:
        return self.oldest + timedelta(hours=self.sla_hours) if self.oldest else None

    @property
    def breached(self) -> bool:
        return self.overdue > 0


def sla_clocks(*, council: Council, now: datetime | None = None) -> list[Clock]:
    """Per account: comments waiting for review, the oldest, and how many are past the account's SLA (a
    removal waiting for a second person has its own clock: `pending_removals`).
    One grouped query per distinct SLA (usually just the pack's), whatever the number of accounts."""
    now = now or timezone.now()
    default = moderation_facts(council).sla_hours
    accounts = list(SocialAccount.objects.filter(council=council).order_by("platform", "handle"))
    by_hours: dict[int, list[int]] = {}
    for account in accounts:
        by_hours.setdefault(account.sla_hours or default, []).append(account.pk)
    waiting: dict[int, dict[str, Any]] = {}
    for hours, ids in by_hours.items():
        cutoff = now - timedelta(hours=hours)
        rows = (Comment.objects.filter(account_id__in=ids, status__in=AWAITING_REVIEW).values("account")
                .annotate(n=Count("id"), oldest=Min("received"), overdue=Count("id", filter=Q(received__lte=cutoff))))
        waiting.update({row["account"]: row for row in rows})
    clocks = []
    for account in accounts:
        row = waiting.get(account.pk, {"n": 0, "oldest": None, "overdue": 0})
        clocks.append(Clock(account=account, waiting=row["n"], oldest=row["oldest"],
                            sla_hours=account.sla_hours or default, overdue=row["overdue"]))
    return clocks


def revisions_of(*, comment: Comment) -> QuerySet[CommentRevision]:
    """The comment's other versions, newest first by the platform's own time (the model's ordering), so a version
    that arrived late sits where it belongs, not at the top."""
    return CommentRevision.objects.filter(comment=comment)


def dead_letters(*, council: Council, unresolved_only: bool = True) -> QuerySet[DeadLetter]:
    qs = DeadLetter.objects.filter(council=council)
    return qs.filter(resolved__isnull=True) if unresolved_only else qs


def handoffs(*, council: Council) -> QuerySet[Handoff]:
    return (Handoff.objects.filter(council=council).select_related("comment__account", "actor")
            .prefetch_related("deliveries"))


def queue_counts(*, council: Council) -> dict[str, int]:
    row = Comment.objects.filter(council=council, status__in=QUEUE_STATUSES).aggregate(
        needs_review=Count("id", filter=Q(status=CommentStatus.NEEDS_REVIEW)),
        escalated=Count("id", filter=Q(status=CommentStatus.ESCALATED)),
        removal_pending=Count("id", filter=Q(status=CommentStatus.REMOVAL_PENDING)),
    )
    return {k: int(v or 0) for k, v in row.items()}
