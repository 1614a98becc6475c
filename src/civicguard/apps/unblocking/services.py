"""Changing website unblocking requests (Sefton 5.1, 5.4, Appendix 2). Each change checks the actor's capability,
makes the change and writes its audit entry in one transaction; pages, API, command line and the daily task only
call these functions.

    submitted --pass_on (ICT helpdesk)--> with_auditor --approve (Computer Auditor)--> active, or with_ad when the
    Assistant Director must approve too --ad_approve (helpdesk records the AD's e-mail)--> active --(expiry)-->
    expired. submitted --return--> returned; with_auditor --refuse--> refused; with_ad --ad_refuse--> refused;
    any open or active request --withdraw (its requester)--> withdrawn.

There is no Assistant Director role: the Assistant Director approves by e-mail, as the policy says, and the ICT
helpdesk records that e-mail (who sent it, when, its reference) on the request.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from civicguard.apps.access.checks import can, require
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.unblocking.models import OPEN, PLATFORM_NAMES, UnblockRequest, UnblockStatus
from civicguard.engine import pack_for
from civicguard.engine.packs.schema import Unblocking
from civicguard.errors import BadInput, InvalidState, NotAllowed, NotFound

MAX_TEAM = 200
MAX_PEOPLE = 2000
MAX_REASON = 2000
MAX_OTHER = 500
MAX_NOTE = 2000


@dataclass(frozen=True)
class Decision:
    label: str                  # what the person chooses, in plain English
    capability: str             # who may make it
    source: str                 # the state it applies to (withdraw: any open or active state)
    target: str
    note_required: str = ""     # the message when the note is missing ("" = optional)


DECISIONS: dict[str, Decision] = {
    "pass_on": Decision("Pass it on to the Computer Auditor", "unblocking.handle", "submitted",
                        "with_auditor"),
    "return": Decision("Return it to the requester", "unblocking.handle", "submitted",
                       "returned", "Enter what the requester must change"),
    "approve": Decision("Approve it", "unblocking.approve", "with_auditor", "active"),
    "refuse": Decision("Refuse it", "unblocking.approve", "with_auditor", "refused",
                       "Enter the reasons for refusing the request"),
    "ad_approve": Decision("Record the Assistant Director's approval", "unblocking.handle", "with_ad",
                           "active", "Enter the Assistant Director's approval e-mail: who sent it, "
                                                 "when, and its reference"),
    "ad_refuse": Decision("Record the Assistant Director's refusal", "unblocking.handle", "with_ad",
                          "refused", "Enter the Assistant Director's reasons, from their e-mail"),
    "withdraw": Decision("Withdraw the request", "unblocking.request", "submitted",
                         "withdrawn"),
}
WITHDRAWABLE = (*OPEN, UnblockStatus.ACTIVE)
EVENTS = {
    "pass_on": "unblocking.request.pass_on", "return": "unblocking.request.return",
    "approve": "unblocking.request.approve", "refuse": "unblocking.request.refuse",
    "ad_approve": "unblocking.request.ad_approve", "ad_refuse": "unblocking.request.ad_refuse",
    "withdraw": "unblocking.request.withdraw",
}


def rules(council: Council) -> Unblocking:
    """The pack's unblocking facts (the defaults when the pack states none)."""
    facts = pack_for(council.slug).facts
    return facts.unblocking if facts is not None else Unblocking()


def availability_refusal(council: Council) -> NotAllowed | None:
    if not rules(council).available:
        return NotAllowed(f"{council.name} does not take website unblocking requests in CivicGuard: ask the ICT "
                          "helpdesk")
    return None


def ad_rule(council: Council, days: int) -> str:
    """Why the Assistant Director must approve a request for `days` days, or "" when the pack does not require it
    (the helpdesk may still say so where the pack says "where applicable")."""
    facts = rules(council)
    if facts.assistant_director_approval == "always":
        return f"{council.name}'s policy asks for the Assistant Director's approval of every request"
    if (facts.assistant_director_approval == "where_applicable" and facts.assistant_director_over_days
            and days > facts.assistant_director_over_days):
        return f"Access for more than {facts.assistant_director_over_days} days needs the Assistant Director"
    return ""


def visible(*, user: Any, council: Council) -> QuerySet[UnblockRequest]:
    """The requests `user` may read: all of the council's for the helpdesk and the Computer Auditor, else their
    own."""
    qs = UnblockRequest.objects.filter(council=council).select_related("requested_by", "council")
    if can(user, "unblocking.handle", council) or can(user, "unblocking.approve", council):
        return qs
    return qs.filter(requested_by=user)


def _text(value: Any, field: str, limit: int, missing: str = "") -> str:
    text = " ".join(str(value or "").split()) if field in ("team", "other_sites") else str(value or "").strip()
    if missing and not text:
        raise BadInput(missing, field=field)
    if len(text) > limit:
        raise BadInput(f"The {field.replace('_', ' ')} must be {limit} characters or fewer", field=field)
    return text


def _sites(sites: Iterable[str], other: str) -> list[str]:
    chosen: list[str] = []
    for site in sites or ():
        if site not in PLATFORM_NAMES:
            raise BadInput(f"{str(site)[:40]!r} is not a site CivicGuard knows: name it under other sites",
                           field="sites")
        if site not in chosen:
            chosen.append(site)
    if not chosen and not other:
        raise BadInput("Select the sites to unblock, or name them under other sites", field="sites")
    return chosen


def _plain(req: UnblockRequest) -> dict[str, Any]:
    return {"team": req.team, "people": req.people, "sites": req.site_names, "reason": req.reason,
            "expires": req.expires.isoformat(), "work_only_declared": req.work_only_declared, "status": req.status}


@transaction.atomic
def unblock_request_create(*, actor: Any, council: Council, team: str, people: str, sites: Iterable[str],
                           reason: str, expires: date, work_only: bool, other_sites: str = "") -> UnblockRequest:
    """A team's request to unblock sites until `expires`, sent to the ICT helpdesk (Sefton 5.1). The requester
    declares that the access is for work purposes only (5.4)."""
    require(actor, "unblocking.request", council)
    refusal = availability_refusal(council)
    if refusal is not None:
        raise refusal
    team = _text(team, "team", MAX_TEAM, "Enter the team or service area the access is for")
    people = _text(people, "people", MAX_PEOPLE, "Enter who needs the access")
    other = _text(other_sites, "other_sites", MAX_OTHER)
    chosen = _sites(sites, other)
    reason = _text(reason, "reason", MAX_REASON, "Enter the business reason for the access")
    today = timezone.localdate()
    longest = rules(council).max_days
    if not isinstance(expires, date) or expires <= today:
        raise BadInput("The access must end in the future", field="expires")
    if expires > today + timedelta(days=longest):
        raise BadInput(f"The access can be asked for up to {longest} days at a time", field="expires")
    if work_only is not True:
        # Sefton 5.4: social media at work is for work purposes only, never personal use.
        raise BadInput("Confirm that the access is for work purposes only", field="work_only")
    req = UnblockRequest.objects.create(council=council, team=team, people=people, sites=chosen, other_sites=other,
                                        reason=reason, expires=expires, work_only_declared=True,
                                        requested_by=actor)
    audit_record(event="unblocking.request.create", actor=actor, council=council, subject=req, after=_plain(req))
    return req


def decision_refusal(actor: Any, req: UnblockRequest, decision: str) -> NotAllowed | InvalidState | None:
    """Why `actor` may not make `decision` on `req` now, or None when they may (pages ask this)."""
    rule = DECISIONS[decision]
    if not can(actor, rule.capability, req.council):
        return NotAllowed(f"You cannot {rule.label.lower()}")
    if decision == "withdraw":
        if req.requested_by_id != getattr(actor, "pk", None):
            return NotAllowed("Only the person who made the request can withdraw it")
        if req.status not in WITHDRAWABLE:
            return InvalidState(f"The request is {req.get_status_display().lower()}: it cannot be withdrawn")
        return None
    if req.status != rule.source:
        return InvalidState(f"The request is {req.get_status_display().lower()}: you cannot {rule.label.lower()}")
    if req.requested_by_id == getattr(actor, "pk", None):
        # The check and the approval are someone else's: nobody passes on or approves their own request.
        return NotAllowed("Someone else must decide on a request you made")
    return None


def decisions_open_to(actor: Any, req: UnblockRequest) -> list[str]:
    return [d for d in DECISIONS if decision_refusal(actor, req, d) is None]


@transaction.atomic
def unblock_request_decide(*, actor: Any, request: UnblockRequest, decision: str, note: str = "",
                           needs_ad: bool = False) -> UnblockRequest:
    """One step of the request (see the module's docstring). `needs_ad`, when the helpdesk passes a request on
    where the pack says "where applicable": the Assistant Director must approve too."""
    if decision not in DECISIONS:
        raise BadInput(f"{str(decision)[:40]!r} is not a decision on an unblocking request", field="decision")
    rule = DECISIONS[decision]
    require(actor, rule.capability, request.council)
    req = UnblockRequest.objects.select_for_update().select_related("council").get(pk=request.pk)
    refusal = decision_refusal(actor, req, decision)
    if refusal is not None:
        raise refusal
    note = _text(note, "note", MAX_NOTE, rule.note_required)
    before = {"status": req.status}
    now = timezone.now()
    after: dict[str, Any] = {}
    req.status = rule.target
    if decision == "pass_on":
        req.passed_on_by, req.passed_on_at = actor, now
        why = ad_rule(req.council, (req.expires - timezone.localdate()).days)
        if not why and needs_ad:
            if rules(req.council).assistant_director_approval != "where_applicable":
                raise BadInput(f"{req.council.name}'s policy has no Assistant Director step", field="needs_ad")
            why = "The ICT helpdesk said the Assistant Director must approve"
        req.needs_ad, req.ad_reason = bool(why), why
        after["needs_ad"] = req.needs_ad
    elif decision == "approve":
        req.approved_by, req.approved_at = actor, now
        if req.needs_ad:
            req.status = UnblockStatus.WITH_AD
    elif decision in ("ad_approve", "ad_refuse"):
        req.ad_approval, req.ad_recorded_by, req.ad_recorded_at = note, actor, now
    if decision != "pass_on" or note:
        req.decided_by, req.decision_note = actor, note
    if req.status not in (*OPEN, UnblockStatus.ACTIVE):
        req.closed_at = now
    req.save()
    after.update({"status": req.status, "note": note})
    audit_record(event=EVENTS[decision], actor=actor, council=req.council, subject=req,
                 before=before, after=after)
    return req


@transaction.atomic
def unblock_requests_expire(*, today: date | None = None) -> int:
    """End every unblocked request whose last day has passed (the daily task; the system is the actor).
    Returns how many ended."""
    today = today or timezone.localdate()
    ended = 0
    for req in (UnblockRequest.objects.select_for_update().select_related("council")
                .filter(status=UnblockStatus.ACTIVE, expires__lt=today)):
        req.status, req.closed_at = UnblockStatus.EXPIRED, timezone.now()
        req.save(update_fields=["status", "closed_at", "updated"])
        audit_record(event="unblocking.request.expire", council=req.council, subject=req,
                     before={"status": UnblockStatus.ACTIVE}, after={"status": req.status,
                                                                     "expires": req.expires.isoformat()})
        ended += 1
    return ended


def request_of(*, user: Any, council: Council, pk: int) -> UnblockRequest:
    req = visible(user=user, council=council).filter(pk=pk).first()
    if req is None:
        raise NotFound("no such unblocking request among yours")
    return req
