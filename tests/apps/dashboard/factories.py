"""Records for the dashboard's figures, made directly (the figures read records; how they were made is the other
apps' business and tested there)."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.apps.factories import AccountFactory, council, person, staff_record

_n = itertools.count(1)


def finding(category: str = "personal_data", clause: str = "5.2", severity: str = "block") -> dict[str, Any]:
    return {"rule": f"sth.{category}", "category": category, "severity": severity, "clauses": [clause], "start": 0,
            "end": 4, "text": "Jane", "confidence": 0.9, "message": "A problem", "remedy": "Fix it"}


def checked_post(*, verdict: str = "block", findings: list[dict[str, Any]] | None = None, account: Any = None,
                 author: Any = None, at: Any = None) -> Any:
    """An official post with one check of the given verdict and findings (a block for personal data by default)."""
    from civicguard.apps.posts.models import Post, PostCheck

    account = account or AccountFactory(council=council())
    author = author or person("representative", account=account)
    post = Post.objects.create(council=account.council, account=account, author=author, text="Hello Jane")
    found = findings if findings is not None else ([finding()] if verdict == "block" else
                                                   [finding(severity="warn")] if verdict == "warn" else [])
    check = PostCheck.objects.create(post=post, checked_by=author, text=post.text, verdict=verdict,
                                     policy_version="test", result={"verdict": verdict, "findings": found})
    if at is not None:
        PostCheck.objects.filter(pk=check.pk).update(created=at)
    post.latest_check = check
    post.save(update_fields=["latest_check"])
    return check


def override(post: Any, *, people: int = 1, justification: str = "The family asked us to post it") -> Any:
    from civicguard.apps.posts.models import Approval, Decision

    decider = person("approver", post.council.slug)
    if people == 2:
        Approval.objects.create(post=post, actor=decider, decision=Decision.REQUEST_OVERRIDE, verdict="block",
                                justification=justification)
        return Approval.objects.create(post=post, actor=person("approver", post.council.slug),
                                       decision=Decision.CONFIRM_OVERRIDE, verdict="block",
                                       justification="Confirmed: " + justification)
    return Approval.objects.create(post=post, actor=decider, decision=Decision.OVERRIDE, verdict="warn",
                                   justification=justification)


def comment(*, account: Any = None, categories: str = "", status: str = "needs_review", hours_ago: float = 1,
            decided_after: float | None = None) -> Any:
    """A comment received `hours_ago`, with a person's decision `decided_after` hours after it arrived."""
    from civicguard.apps.moderation.models import Comment, ModerationDecision

    account = account or AccountFactory(council=council())
    received = timezone.now() - timedelta(hours=hours_ago)
    made = Comment.objects.create(council=account.council, account=account, platform="facebook",
                                  platform_id=f"c{next(_n)}", text="A comment", created_at=received, source="json",
                                  status=status, categories=f",{categories}," if categories else "")
    Comment.objects.filter(pk=made.pk).update(received=received)
    made.refresh_from_db()
    if decided_after is not None:
        decision = ModerationDecision.objects.create(comment=made, actor=person("moderator", account.council.slug),
                                                     action="approve", status_before=status, status_after="approved")
        ModerationDecision.objects.filter(pk=decision.pk).update(created=received + timedelta(hours=decided_after))
    return made


def handoff(made: Any, route: str = "safeguarding") -> Any:
    from civicguard.apps.moderation.models import Handoff

    return Handoff.objects.create(comment=made, council=made.council, route=route, route_name=route.title(),
                                  urgent=route == "safeguarding")


def case(*, subject: Any = None, classification: str = "", days_old: int = 1, slug: str = "st-helens") -> Any:
    from civicguard.apps.cases.models import Case, Source

    subject = subject or staff_record(slug)
    opened = timezone.now() - timedelta(days=days_old)
    return Case.objects.create(council=council(slug), subject=subject, source=Source.CONCERN, found_at=opened,
                               referral_due=timezone.localdate(), proposed="misconduct",
                               classification=classification, opened_by=person("line-manager", slug),
                               opened_at=opened)


def removal(made_case: Any, *, overdue: bool = True) -> Any:
    from civicguard.apps.cases.models import RemovalRequest

    return RemovalRequest.objects.create(case=made_case, employee=made_case.subject, postings=["https://x.test/1"],
                                         deadline=timezone.now() + timedelta(days=-1 if overdue else 1),
                                         requested_by=person("hr", made_case.council.slug))


def breach(*, hours_ago: float = 80, slug: str = "st-helens", told_after: float | None = None) -> Any:
    from civicguard.apps.breaches.models import DataBreach

    aware = timezone.now() - timedelta(hours=hours_ago)
    return DataBreach.objects.create(council=council(slug), source="other", what="A list was posted",
                                     people_count=3, aware_at=aware, aware_how="reported",
                                     opened_by=person("moderator", slug),
                                     ico_told_at=aware + timedelta(hours=told_after) if told_after else None)


def authorisation(*, expires_in_days: int = 10, slug: str = "st-helens") -> Any:
    from civicguard.apps.investigations.models import Authorisation, AuthorisationStatus, Investigation

    officer = person("investigator", slug)
    investigation = Investigation.objects.create(council=council(slug), reference=f"TS/{next(_n)}",
                                                 offence="Selling counterfeit goods", service="Trading Standards",
                                                 opened_by=officer)
    investigation.officers.add(officer)
    return Authorisation.objects.create(investigation=investigation, kind="directed-surveillance", subject="A seller",
                                        necessity="n", proportionality="p", collateral_intrusion="c",
                                        applicant=officer, status=AuthorisationStatus.IN_EFFECT,
                                        expires_on=timezone.localdate() + timedelta(days=expires_in_days))
