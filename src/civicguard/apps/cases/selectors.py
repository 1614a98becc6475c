"""What each person finds among concern reports, cases, removal requests and notices. The rule on who reads a
record is civicguard.apps.access.confidential's (`may_read_*`); the queries here only narrow the candidates before
that rule is asked of each (so a change to the rule needs no change here)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from civicguard.apps.access.checks import roles_in
from civicguard.apps.access.confidential import HR, may_read_case, may_read_concern, may_read_removal
from civicguard.apps.cases.models import Case, CaseStatus, ConcernReport, PackNotice, RemovalRequest
from civicguard.apps.councils.models import Council


def _hr(user: Any, council: Council) -> bool:
    return HR in roles_in(user, council)


def reports(*, user: Any, council: Council) -> list[ConcernReport]:
    qs = ConcernReport.objects.filter(council=council).select_related("subject", "subject__line_manager",
                                                                      "reporter")
    if not _hr(user, council):
        qs = qs.filter(Q(reporter=user) | Q(subject__line_manager__user=user))
    return [r for r in qs.order_by("-created", "-id") if may_read_concern(user, r)]


def cases(*, user: Any, council: Council, status: str = "") -> list[Case]:
    qs = Case.objects.filter(council=council).select_related("subject", "subject__line_manager", "owner")
    if status:
        qs = qs.filter(status=status)
    if not _hr(user, council):
        qs = qs.filter(subject__line_manager__user=user)
    return [c for c in qs.order_by("-opened_at", "-id") if may_read_case(user, c)]


def removals(*, user: Any, council: Council) -> list[RemovalRequest]:
    qs = RemovalRequest.objects.filter(case__council=council).select_related(
        "case", "case__council", "case__subject", "case__subject__line_manager", "employee")
    if not _hr(user, council):
        qs = qs.filter(Q(employee__user=user) | Q(case__subject__line_manager__user=user))
    return [r for r in qs.order_by("confirmed_at", "deadline", "id") if may_read_removal(user, r)]


def my_removals(*, user: Any, council: Council) -> list[RemovalRequest]:
    """The requests to remove the person's own postings."""
    return [r for r in removals(user=user, council=council) if r.employee.user_id == user.pk]


def notices_to(*, user: Any, council: Council, waiting_only: bool = False) -> list[PackNotice]:
    """Notices sent to a role the person holds in the council."""
    qs = PackNotice.objects.filter(case__council=council, role__in=roles_in(user, council)).select_related("case")
    if waiting_only:
        qs = qs.filter(acknowledged_at__isnull=True)
    return list(qs.order_by("-sent_at", "-id"))


OPEN_STATES = (CaseStatus.OPEN, CaseStatus.REFERRED, CaseStatus.CLASSIFIED, CaseStatus.INVESTIGATING)


def case_offer(*, user: Any, council: Council, comment: Any = None, post: Any = None) -> dict[str, Any] | None:
    """What the moderation page of an escalated comment, or the page of an official post whose check found something,
    says about opening a case (St Helens 9.10): the address of the Open a case page, whether this person may open
    one there (`cases.manage`: line managers and HR), and the cases already opened from it that they may read. None
    when the source could not open a case (a comment not escalated; a post whose check found nothing)."""
    from civicguard.apps.access.checks import can

    if comment is not None:
        from civicguard.apps.moderation.models import Action

        if not comment.decisions.filter(action=Action.ESCALATE).exists():
            return None
        query, opened = f"comment={comment.pk}", Case.objects.filter(council=council, comment=comment)
    elif post is not None:
        check = post.latest_check
        if check is None or not (check.result or {}).get("findings"):
            return None
        query, opened = f"post={post.pk}", Case.objects.filter(council=council, post=post)
    else:
        return None
    from django.urls import reverse

    return {"url": f"{reverse('cases:new')}?{query}", "may_open": can(user, "cases.manage", council),
            "opened": [case for case in opened.select_related("subject__line_manager__user")
                       if may_read_case(user, case)]}
