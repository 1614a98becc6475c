"""Which posts a person may see in a council, and the counts read from the posts' decisions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Trunc

from civicguard.apps.access.checks import can
from civicguard.apps.councils.models import Council
from civicguard.apps.posts.models import Approval, Decision, KeptCheck, Notice, OutboxEntry, Post, PostStatus
from civicguard.apps.staff.models import RoleAssignment


def posts_visible(*, user: Any, council: Council) -> QuerySet[Post]:
    qs = Post.objects.filter(council=council).select_related("account", "author", "latest_check")
    if can(user, "post.view_all", council):
        return qs
    if not can(user, "post.view", council):
        return qs.none()
    reps = RoleAssignment.objects.filter(user=user, council=council, role="representative")
    if reps.filter(account__isnull=True).exists():
        return qs
    return qs.filter(Q(account__in=reps.values("account")) | Q(author=user))


def posts_to_decide(*, user: Any, council: Council) -> QuerySet[Post]:
    return (Post.objects.filter(council=council, status=PostStatus.SUBMITTED).exclude(author=user)
            .select_related("account", "author"))


def overrides_to_confirm(*, user: Any, council: Council) -> QuerySet[Post]:
    """Posts whose override waits for a second person, other than this person's own posts and requests."""
    requester = (Approval.objects.filter(post=OuterRef("pk"), decision=Decision.REQUEST_OVERRIDE)
                 .order_by("-created", "-id").values("actor")[:1])
    return (Post.objects.filter(council=council, status=PostStatus.OVERRIDE_REQUESTED).exclude(author=user)
            .annotate(requester=Subquery(requester)).exclude(requester=user.pk)
            .select_related("account", "author"))


def outbox_entries(*, user: Any, council: Council) -> QuerySet[OutboxEntry]:
    """Approved posts waiting to be published, limited to the posts this person may see."""
    visible = posts_visible(user=user, council=council).values("pk")
    return (OutboxEntry.objects.filter(council=council, post__in=visible)
            .select_related("post", "post__account").prefetch_related("post__approvals__actor"))


def overridden_posts(*, user: Any, council: Council) -> QuerySet[Post]:
    """Posts approved with an override, or waiting for a second person to confirm one, that this person may
    see; latest change first, with their decisions."""
    return (posts_visible(user=user, council=council)
            .filter(Q(overridden=True) | Q(status=PostStatus.OVERRIDE_REQUESTED))
            .prefetch_related("approvals__actor").order_by("-updated", "-id"))


Period = Literal["day", "week", "month", "quarter", "year"]


@dataclass(frozen=True)
class OverrideCount:
    """Overrides in one council and period, counted from the decisions made in it."""

    council: str            # the council's slug
    period: date            # the first day of the period
    one_person: int         # approved by one person overriding a warning
    two_people: int         # approved when a second person confirmed an override (of a block, or a warning)
    requested: int          # overrides asked of a second person in the period (however they ended)
    refused: int            # requests a second person refused

    @property
    def total(self) -> int:
        """Posts that went out overridden in the period."""
        return self.one_person + self.two_people


def override_counts(*, councils: Iterable[Council | str] | None = None, since: datetime | None = None,
                    until: datetime | None = None, period: Period = "month") -> list[OverrideCount]:
    """How many overrides each council made, per period (the Information Management Group's figures; the
    dashboard reads the same). A confirmation made when the check had come to pass overrides nothing and is
    not counted as an override. Ordered by council, then period. The caller decides who may read them."""
    qs = Approval.objects.filter(decision__in=[Decision.OVERRIDE, Decision.REQUEST_OVERRIDE, Decision.CONFIRM_OVERRIDE,
                                                Decision.REFUSE_OVERRIDE])
    if councils is not None:
        slugs = [c if isinstance(c, str) else c.slug for c in councils]
        qs = qs.filter(post__council__slug__in=slugs)
    if since is not None:
        qs = qs.filter(created__gte=since)
    if until is not None:
        qs = qs.filter(created__lt=until)
    overriding = ~Q(verdict="pass")
    rows = (qs.annotate(slot=Trunc("created", period)).values("post__council__slug", "slot")
            .annotate(one_person=Count("id", filter=Q(decision=Decision.OVERRIDE) & overriding),
                      two_people=Count("id", filter=Q(decision=Decision.CONFIRM_OVERRIDE) & overriding),
                      requested=Count("id", filter=Q(decision=Decision.REQUEST_OVERRIDE)),
                      refused=Count("id", filter=Q(decision=Decision.REFUSE_OVERRIDE)))
            .order_by("post__council__slug", "slot"))
    return [OverrideCount(council=r["post__council__slug"],
                          period=r["slot"].date() if isinstance(r["slot"], datetime) else r["slot"],
                          one_person=r["one_person"], two_people=r["two_people"], requested=r["requested"],
                          refused=r["refused"]) for r in rows]


def notices_for(*, user: Any, council: Council) -> QuerySet[Notice]:
    """What was decided on this person's posts in the council that they have not yet opened, newest first."""
    return (Notice.objects.filter(user=user, post__council=council, seen__isnull=True)
            .select_related("post", "post__account"))


def kept_checks_of(*, user: Any, council: Council) -> QuerySet[KeptCheck]:
    """The person's own saved personal checks in the council, newest first. Nobody else's, whatever their role."""
    return KeptCheck.objects.filter(user=user, council=council).order_by("-created", "-id")
