"""Reading personal data breach records: which a person may read (access/confidential.py decides, never here), the
ICO clock (UK GDPR art. 33(1): 72 hours from awareness), when the council became aware of a comment's disclosure,
what a comment or post's check says about the data, and what still stands in the way of closing a record."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from civicguard.apps.access.checks import can, roles_in
from civicguard.apps.access.confidential import breach_readers, may_read_breach
from civicguard.apps.breaches.models import DATA_CATEGORIES, DataBreach, Risk, Status
from civicguard.apps.councils.models import Council
from civicguard.engine.packs.loader import pack_for


def facts(council: Council) -> Any:
    return pack_for(council.slug).facts


def ico_hours(council: Council) -> int:
    return int(facts(council).breaches.ico_hours)


# ---- who reads what ----------------------------------------------------------------------------------------------

def readable(*, user: Any, council: Council) -> QuerySet[DataBreach]:
    """The council's records `user` may read: all of them for the roles `breach_readers` names, otherwise those they
    opened (the same rule as `may_read_breach`, which every single record is checked against too)."""
    qs = DataBreach.objects.filter(council=council).select_related("opened_by", "dpo", "comment", "post")
    roles = roles_in(user, council)
    if not roles:
        return qs.none()
    if roles & breach_readers(council):
        return qs
    return qs.filter(opened_by_id=getattr(user, "pk", None))


def breach_get(*, user: Any, council: Council, pk: int) -> DataBreach:
    """One record, or NotFound (404) for anyone `may_read_breach` refuses: it does not exist for them."""
    from civicguard.errors import NotFound

    found = DataBreach.objects.filter(council=council, pk=pk).select_related(
        "opened_by", "dpo", "comment", "comment__account", "post", "post__account", "council").first()
    if found is None or not may_read_breach(user, found):
        raise NotFound("No such personal data breach record among yours")
    return found


def manages(user: Any, breach: DataBreach) -> bool:
    return can(user, "breaches.manage", breach.council) and may_read_breach(user, breach)


# ---- the ICO clock -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Clock:
    """Where the ICO's deadline stands for one record."""

    deadline: datetime          # aware_at + the pack's hours (elapsed time: a clock change does not move it)
    state: str                  # running | overdue | told | not-required
    hours_left: int = 0         # running: whole hours left
    hours_over: int = 0         # overdue, or told late: whole hours past the deadline
    text: str = ""

    @property
    def running(self) -> bool:
        return self.state in ("running", "overdue")

    @property
    def urgent(self) -> bool:
        """Under 24 hours left, or overdue."""
        return self.state == "overdue" or (self.state == "running" and self.hours_left < 24)


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H:%M} on {local.day} {local:%B}"


def _hours(n: int) -> str:
    return f"{n} hour{'s' if n != 1 else ''}"


def deadline_of(breach: DataBreach) -> datetime:
    return breach.aware_at + timedelta(hours=ico_hours(breach.council))


def clock(breach: DataBreach, now: datetime | None = None) -> Clock:
    """The ICO clock of `breach` at `now`. The deadline is the pack's hours (72) of elapsed time after `aware_at`,
    shown in the council's local time, so across a change to or from British Summer Time it falls an hour earlier
    or later on the wall clock than the hour of awareness. Hours left are whole hours (rounded down: "31 hours
    left" means at least 31); hours overdue likewise."""
    now = now or timezone.now()
    deadline = deadline_of(breach)
    if breach.ico_required is False:
        return Clock(deadline, "not-required", text="The ICO need not be told: "
                                                    f"{breach.ico_not_required_reason.rstrip('.')}.")
    if breach.ico_told_at is not None:
        over = breach.ico_told_at - deadline
        if over > timedelta(0):
            hours = max(1, math.floor(over.total_seconds() / 3600))
            return Clock(deadline, "told", hours_over=hours,
                         text=f"The ICO was told at {_when(breach.ico_told_at)}, {_hours(hours)} after the "
                              f"{ico_hours(breach.council)} hours.")
        return Clock(deadline, "told", text=f"The ICO was told at {_when(breach.ico_told_at)}, within the "
                                            f"{ico_hours(breach.council)} hours.")
    left = deadline - now
    if left <= timedelta(0):
        hours = math.floor(-left.total_seconds() / 3600)
        over = f"overdue by {_hours(hours)}" if hours >= 1 else "overdue by less than an hour"
        return Clock(deadline, "overdue", hours_over=hours,
                     text=f"The ICO had to be told by {_when(deadline)}: {over}.")
    hours = math.floor(left.total_seconds() / 3600)
    remaining = _hours(hours) if hours >= 1 else "less than an hour"
    return Clock(deadline, "running", hours_left=hours,
                 text=f"ICO must be told by {_when(deadline)} ({remaining} left)")


# ---- where the record comes from ---------------------------------------------------------------------------------

def finding_kinds(council: Council, findings: list[dict[str, Any]]) -> set[str]:
    """The categories and detector names of a check's findings (what `facts.cases.notices_for` matches): a finding
    gives its category, and its rule's detector from the council's pack."""
    detectors = {rule.id: rule.detector for rule in pack_for(council.slug).rules}
    kinds: set[str] = set()
    for finding in findings:
        kinds.add(str(finding.get("category", "")))
        detector = detectors.get(str(finding.get("rule", "")))
        if detector:
            kinds.add(detector)
    kinds.discard("")
    return kinds


# The identifiers detector's labels, as the breach form's kinds of data.
_LABELS = {
    "PERSON": "names", "EMAIL_ADDRESS": "contact", "UK_PHONE": "contact", "PHONE_NUMBER": "contact",
    "UK_POSTCODE": "contact", "ADDRESS": "contact", "UK_NHS": "identifiers", "UK_NINO": "identifiers",
    "DATE_OF_BIRTH": "identifiers", "CASE_REFERENCE": "identifiers", "UK_DRIVING_LICENCE": "identifiers",
    "UK_PASSPORT": "identifiers", "UK_VEHICLE_REGISTRATION": "identifiers", "IP_ADDRESS": "identifiers",
    "CREDIT_CARD": "financial", "IBAN_CODE": "financial", "health": "health", "disability": "health",
    "pregnancy": "health",
}
PERSONAL = ("personal_data", "personal_data.special_category")


def personal_findings(council: Council, findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The findings of a check that are about personal data."""
    return [f for f in findings if finding_kinds(council, [f]) & set(PERSONAL)]


def data_categories_of(council: Council, findings: list[dict[str, Any]]) -> list[str]:
    """The breach form's kinds of data a check's personal data findings point to, in the form's order."""
    found: set[str] = set()
    for finding in personal_findings(council, findings):
        label = str(finding.get("label", ""))
        if label in _LABELS:
            found.add(_LABELS[label])
        elif "personal_data.special_category" in finding_kinds(council, [finding]):
            found.add("special")
        else:
            found.add("names")
    return [code for code in DATA_CATEGORIES if code in found]


def _check_findings(check: Any) -> list[dict[str, Any]]:
    return list((check.result or {}).get("findings", [])) if check is not None else []


def comment_awareness(comment: Any) -> tuple[datetime, str]:
    """When the council became aware of the personal data a comment disclosed, and how that was decided.

    The earlier of: the first check of the comment that found personal data (the engine flagged it and put it in
    the moderation queue: from then the council's own system held the finding), and the first moderator's decision
    to remove or hide it for personal information (a moderator's finding, for a disclosure the check missed). The
    ICO counts awareness from when the council has a reasonable degree of certainty that personal data were
    compromised; taking the earlier moment never understates the time gone, and the DPO can record why the ICO was
    told later (`ico_late_reason`). When neither happened (a record opened from a comment nobody flagged), it is
    the moment the record is opened."""
    from civicguard.apps.moderation.models import Action

    flagged = None
    for check in comment.checks.order_by("created", "id"):
        if personal_findings(comment.council, _check_findings(check)):
            flagged = check.created
            break
    decided = (comment.decisions.filter(action__in=(Action.REMOVE, Action.HIDE),
                                        reason_code__in=personal_reason_codes(comment.council))
               .order_by("created", "id").first())
    candidates = []
    if flagged is not None:
        candidates.append((flagged, f"when CivicGuard's check first flagged personal information in comment "
                                    f"{comment.pk}"))
    if decided is not None:
        verb = "remove" if decided.action == Action.REMOVE else "hide"
        candidates.append((decided.created, f"when a moderator first chose to {verb} comment {comment.pk} for "
                                            "personal information"))
    if not candidates:
        return timezone.now(), "when this record was opened (nothing had flagged the comment)"
    return min(candidates, key=lambda c: c[0])


def post_awareness(post: Any) -> tuple[datetime, str] | None:
    """For a post: the first check that found personal data in it, if one did (else the person says when)."""
    for check in post.checks.order_by("created", "id"):
        if personal_findings(post.council, _check_findings(check)):
            return check.created, f"when CivicGuard's check first flagged personal information in post {post.pk}"
    return None


def removed_for_personal_data(comment: Any) -> bool:
    """Whether a moderator removed the comment, or asked for its removal, giving the pack's personal information
    reason (`personal-data`): what makes the moderation page offer to open a breach record."""
    from civicguard.apps.moderation.models import Action

    return comment.decisions.filter(action=Action.REMOVE,
                                    reason_code__in=personal_reason_codes(comment.council)).exists()


def personal_reason_codes(council: Council) -> set[str]:
    """The pack's moderation reasons for personal information (`personal-data` in both packs): those whose
    categories include the engine's personal_data."""
    moderation = facts(council).moderation
    return {r.code for r in moderation.reason_codes if "personal_data" in r.categories} if moderation else set()


def breach_offer(*, user: Any, comment: Any) -> dict[str, Any] | None:
    """What the comment's moderation page offers about a breach record, or None: after a removal for personal
    information, to anyone who may open one, "Open a personal data breach record", and the records already opened
    from it that they may read (only those: the others do not exist for them)."""
    if not can(user, "breaches.open", comment.council) or not removed_for_personal_data(comment):
        return None
    opened = [b for b in DataBreach.objects.filter(council=comment.council, comment=comment).select_related(
        "opened_by", "council") if may_read_breach(user, b)]
    return {"url": reverse("breaches:new") + f"?comment={comment.pk}", "opened": opened}


# ---- what stands in the way ------------------------------------------------------------------------------------

def notices_due(breach: DataBreach) -> list[Any]:
    """The pack's notices this breach calls for (`facts.cases.notices_for` over its kinds of data), in pack order."""
    return list(facts(breach.council).cases.notices_for(breach.finding_kinds))


def notices_missing(breach: DataBreach) -> list[Any]:
    sent = set(breach.notices.values_list("rule", flat=True))
    return [rule for rule in notices_due(breach) if rule.slug not in sent]


def close_refusals(breach: DataBreach) -> list[str]:
    """Why the record cannot be closed yet, in plain English (empty: it can). The rules of art. 33-34: the ICO
    decision recorded (and, if the ICO must be told, that it was); for a high risk, the people told or the art.
    34(3) reason why not; and each notice the policy asks for sent."""
    problems: list[str] = []
    if breach.status == Status.CLOSED:
        return ["The record is closed already"]
    if breach.status != Status.ASSESSED or not breach.risk:
        problems.append("Assess the risk and decide whether the ICO must be told")
    elif breach.ico_required and breach.ico_told_at is None:
        problems.append("Record when the ICO was told, and its reference")
    if breach.risk == Risk.HIGH and breach.people_told_at is None and not breach.people_not_told:
        problems.append("The risk is high: record when and how the people were told, or why they were not "
                        "(UK GDPR article 34(3))")
    missing = notices_missing(breach)
    if missing:
        problems.append("Send the notices the policy asks for: " + ", ".join(rule.name for rule in missing))
    return problems


def waiting_breaches(council: Council) -> QuerySet[DataBreach]:
    """Records not closed, soonest deadline first."""
    return DataBreach.objects.filter(council=council).exclude(status=Status.CLOSED).order_by("aware_at", "id")
