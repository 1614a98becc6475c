"""Changing the investigations and RIPA record (St Helens 8.1-8.3; Sefton 8.1). Each change checks the actor's
capability and that the record is theirs to read (civicguard.apps.access.confidential: the investigation's officers
and the Authorising Officers), makes the change and writes an audit entry that says only that a record changed (its
status, never a name, a subject or an address), in one transaction. Pages, API, command line and the daily job
only call these.

* `investigation_open`, `investigation_close`;
* `profile_view_record`: every viewing of a profile, counted (the repeat-viewing rule lives in `viewing_outcome`);
* `authorisation_apply`, `authorisation_decide`, `judicial_approval_record`, `authorisation_review`,
  `authorisation_renew`, `authorisation_cancel`, `authorisations_expire_due`;
* `ripa_records_purge`: the retention purge, with its log;
* `investigation_read`, `authorisation_read`, `central_record`, `central_record_csv`: the logged reads.
"""

from __future__ import annotations

import csv
import io
import re
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from civicguard.apps.access.checks import can, require, roles_in
from civicguard.apps.access.confidential import (
    authorising_role,
    confidential_read,
    may_read_authorisation,
    may_read_investigation,
)
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.investigations.models import (
    ENDED,
    Authorisation,
    AuthorisationEvent,
    AuthorisationStatus,
    Decision,
    EventKind,
    Investigation,
    InvestigationStatus,
    JudicialApproval,
    Kind,
    Outcome,
    ProfileView,
    PurgeLog,
    Purpose,
    Threshold,
)
from civicguard.apps.investigations.profiles import NotAProfile, normalise
from civicguard.common.exports import safe_cell
from civicguard.errors import BadInput, InvalidState, NotAllowed, NotFound

MAX_TEXT = 5000
MAX_REFERENCE = 60
MAX_LINE = 300
NOT_FOUND = "No such investigation among yours"
NOT_FOUND_AUTHORISATION = "No such authorisation among yours"
WORK, AUTHORISE, COURT, CENTRAL = ("investigations.work", "investigations.authorise", "investigations.court",
                                   "investigations.central_record")

RECRUITMENT_WORDS = re.compile(
    r"\b(recruit\w*|vetting|vet(?:ted)?\s+(?:an?\s+|the\s+)?(?:job\s+)?(?:applicant|candidate)s?|job\s+applicants?|"
    r"applicants?|candidates?\s+for\s+(?:a|the)\s+(?:job|post|role|vacancy)|shortlist\w*|pre-employment|"
    r"job\s+interview|interviewee)\b", re.IGNORECASE)
RECRUITMENT_REASON = ("Refused: recruiting managers should not conduct searches about applicants on social media "
                      "sites, as this contravenes the Council's equal opportunities policy and the recruitment and "
                      "selection guidelines (Sefton 8.1). The attempt is recorded.")


def _facts(council: Council) -> Any:
    from civicguard.engine.packs.loader import pack_for

    facts: Any = pack_for(council.slug).facts
    return facts.investigations


def _text(value: Any, field: str, limit: int, missing: str, *, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise BadInput(missing, field=field)
    if len(text) > limit:
        raise BadInput(f"At most {limit} characters, please (this has {len(text)})", field=field)
    return text


def _readable(actor: Any, investigation: Investigation) -> None:
    if not may_read_investigation(actor, investigation):
        raise NotFound(NOT_FOUND)


def _readable_authorisation(actor: Any, authorisation: Authorisation) -> None:
    if not may_read_authorisation(actor, authorisation):
        raise NotFound(NOT_FOUND_AUTHORISATION)


# Every event `_audit` writes, by the short name its callers give (a table the audit labels test reads).
EVENTS = {
    "authorisation.apply": "investigations.authorisation.apply",
    "authorisation.cancel": "investigations.authorisation.cancel",
    "authorisation.court": "investigations.authorisation.court",
    "authorisation.decide": "investigations.authorisation.decide",
    "authorisation.expire": "investigations.authorisation.expire",
    "authorisation.renew": "investigations.authorisation.renew",
    "authorisation.review": "investigations.authorisation.review",
    "investigation.close": "investigations.investigation.close",
    "investigation.open": "investigations.investigation.open",
    "view.record": "investigations.view.record",
}


def _audit(event: str, *, actor: Any, subject: Any, council: Council, before: Any = None, after: Any = None,
           via: str = "page") -> None:
    """An entry that says only that a record changed: its status before and after, and through which door."""
    audit_record(event=EVENTS[event], actor=actor, council=council, subject=subject,
                 before={"status": str(before)} if before else None,
                 after={**({"status": str(after)} if after else {}), "via": via})


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# ---- investigations -----------------------------------------------------------------------------------------------

@transaction.atomic
def investigation_open(*, actor: Any, council: Council, reference: str, offence: str, service: str,
                       officers: Iterable[Any] = (), via: str = "page") -> Investigation:
    """Register an investigation of one of the pack's regulatory services (St Helens 8.1). The actor is one of its
    officers; the other officers must be investigators of the council."""
    require(actor, WORK, council)
    reference = _text(reference, "reference", MAX_REFERENCE, "Enter the investigation's reference")
    offence = _text(offence, "offence", MAX_LINE, "Enter the offence being investigated")
    services = _facts(council).services
    if service not in services:
        raise BadInput(f"Choose the service: {', '.join(services)}", field="service")
    if Investigation.objects.filter(council=council, reference__iexact=reference).exists():
        raise BadInput(f"An investigation with the reference {reference} is registered already", field="reference")
    team = [actor]
    for officer in officers:
        if not can(officer, WORK, council):
            raise BadInput(f"{officer.get_username()} is not an investigator of the council", field="officers")
        if officer.pk != actor.pk:
            team.append(officer)
    investigation = Investigation.objects.create(council=council, reference=reference, offence=offence,
                                                 service=service, opened_by=actor)
    investigation.officers.set(team)
    _audit("investigation.open", actor=actor, subject=investigation, council=council, after="open",
           via=via)
    return investigation


@transaction.atomic
def investigation_close(*, actor: Any, investigation: Investigation, via: str = "page") -> Investigation:
    """Close the investigation: no more viewings; its records are kept for the pack's retention from today. An
    authorisation still in effect must be cancelled first."""
    require(actor, WORK, investigation.council)
    _readable(actor, investigation)
    investigation = Investigation.objects.select_for_update().get(pk=investigation.pk)
    if investigation.status == InvestigationStatus.CLOSED:
        raise InvalidState("The investigation is closed already")
    live = investigation.authorisations.exclude(status__in=ENDED)
    if live.exists():
        raise InvalidState("Cancel its authorisations first: an authorisation that is not needed any more is "
                           "cancelled, not left to run")
    investigation.status, investigation.closed_at = InvestigationStatus.CLOSED, timezone.now()
    investigation.save(update_fields=["status", "closed_at"])
    _audit("investigation.close", actor=actor, subject=investigation, council=investigation.council,
           before="open", after="closed", via=via)
    return investigation


def investigation_read(*, actor: Any, investigation: Investigation, via: str = "page",
                       address: str | None = None) -> Investigation:
    """A logged read of an investigation (its page, its API answer)."""
    _readable(actor, investigation)
    confidential_read(reader=actor, council=investigation.council, kind="investigation",
                      what=f"Investigation {investigation.reference}", object_id=investigation.pk, via=via,
                      address=address)
    return investigation


def investigations_list_read(*, actor: Any, council: Council, count: int, via: str = "page",
                             address: str | None = None) -> None:
    """A logged read of the list of investigations (their references and offences)."""
    if count:
        confidential_read(reader=actor, council=council, kind="investigation",
                          what=f"List of investigations ({count})", via=via, address=address)


# ---- profile viewings ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Verdict:
    outcome: Any
    warning: str = ""
    refusal: str = ""
    authorisation: Authorisation | None = None


def is_recruitment(purpose: str, detail: str) -> bool:
    """A viewing to recruit or vet a job applicant: the purpose chosen, or words that say so (Sefton 8.1)."""
    return purpose == Purpose.RECRUITMENT or bool(RECRUITMENT_WORDS.search(detail or ""))


def current_authorisation(investigation: Investigation, profile_url: str, today: date) -> Authorisation | None:
    """The authorisation in effect today, in this investigation, that covers the profile."""
    for found in investigation.authorisations.filter(status=AuthorisationStatus.IN_EFFECT, expires_on__gte=today):
        if profile_url in found.profiles:
            return found
    return None


def earlier_views(council: Council, profile_url: str, since: datetime) -> int:
    """The viewings of the profile CivicGuard allowed since `since`, in any investigation of the council."""
    return ProfileView.objects.filter(investigation__council=council, profile_url=profile_url, viewed_at__gte=since,
                                      outcome__in=(Outcome.ALLOWED, Outcome.WARNED)).count()


def viewing_outcome(investigation: Investigation, profile_url: str, purpose: str, detail: str,
                    when: datetime) -> Verdict:
    """The one rule on whether a viewing may go ahead (St Helens 8.2; Sefton 8.1):

    * recruiting or vetting an applicant: refused, whatever else (where the pack says so);
    * a current authorisation covering the profile in this investigation: allowed;
    * otherwise the viewings of the same profile in the pack's window are counted: the `views`th is allowed with
      the warning that this may be directed surveillance; any after it is refused.
    """
    facts = _facts(investigation.council)
    if facts.recruitment_refused and is_recruitment(purpose, detail):
        return Verdict(Outcome.REFUSED, refusal=RECRUITMENT_REASON)
    covering = current_authorisation(investigation, profile_url, timezone.localdate(when))
    if covering is not None:
        return Verdict(Outcome.ALLOWED, authorisation=covering)
    limit, days = facts.repeat_viewing.views, facts.repeat_viewing.days
    this = earlier_views(investigation.council, profile_url, when - timedelta(days=days)) + 1
    if this < limit:
        return Verdict(Outcome.ALLOWED)
    if this == limit:
        return Verdict(Outcome.WARNED, warning=(
            f"This is viewing {this} of this profile in {days} days: this may be directed surveillance under RIPA "
            "2000 (St Helens 8.2): ask for an authorisation before viewing again."))
    return Verdict(Outcome.REFUSED, refusal=(
        f"Refused: this profile has been viewed {this - 1} times in {days} days. Viewing it again may be directed "
        "surveillance under RIPA 2000 (St Helens 8.2), which needs an authorisation from an Authorising Officer, "
        "approved by a magistrate, covering this profile. Apply for one."))


@transaction.atomic
def profile_view_record(*, actor: Any, investigation: Investigation, profile_url: str, purpose: str,
                        purpose_detail: str = "", recorded: str = "", via: str = "page") -> ProfileView:
    """Log a viewing of a person's profile: allowed, allowed with the repeat-viewing warning, or refused (a refusal
    is kept too, with its reason: it is not an error). Only an officer of the investigation, while it is open."""
    require(actor, WORK, investigation.council)
    _readable(actor, investigation)
    if not investigation.officers.filter(pk=actor.pk).exists():
        raise NotAllowed("Only the investigation's officers log viewings in it")
    # The count spans the council's investigations: two viewings of one profile at the same moment are counted one
    # after the other (the council's row is the lock; on SQLite, writes are one at a time anyway).
    list(Council.objects.select_for_update().filter(pk=investigation.council_id).values_list("pk", flat=True))
    investigation = Investigation.objects.select_for_update().get(pk=investigation.pk)
    if investigation.status != InvestigationStatus.OPEN:
        raise InvalidState("The investigation is closed: no more viewings")
    try:
        normalised, platform = normalise(profile_url)
    except NotAProfile as exc:
        raise BadInput(str(exc), field="profile_url") from None
    if purpose not in Purpose.values:
        raise BadInput("Choose the purpose of the viewing", field="purpose")
    detail = _text(purpose_detail, "purpose_detail", MAX_TEXT,
                   "Say what the viewing is for", required=purpose == Purpose.OTHER)
    recorded = _text(recorded, "recorded", MAX_TEXT, "", required=False)
    now = timezone.now()
    verdict = viewing_outcome(investigation, normalised, purpose, detail, now)
    view = ProfileView.objects.create(
        investigation=investigation, profile_url=normalised, address_given=str(profile_url).strip()[:1000],
        platform=platform, purpose=purpose, purpose_detail=detail, officer=actor, viewed_at=now,
        recorded=recorded if verdict.outcome != Outcome.REFUSED else "", outcome=verdict.outcome,
        warning=verdict.warning, refusal_reason=verdict.refusal, authorisation=verdict.authorisation)
    _audit("view.record", actor=actor, subject=view, council=investigation.council,
           after=verdict.outcome, via=via)
    return view


# ---- authorisations -----------------------------------------------------------------------------------------------

def _profiles(addresses: Iterable[str]) -> list[str]:
    found: list[str] = []
    for address in addresses:
        if not str(address or "").strip():
            continue
        try:
            normalised, _ = normalise(str(address))
        except NotAProfile as exc:
            raise BadInput(f"{address}: {exc}", field="profiles") from None
        if normalised not in found:
            found.append(normalised)
    if len(found) > 20:
        raise BadInput("At most 20 profiles in one application", field="profiles")
    return found


@transaction.atomic
def authorisation_apply(*, actor: Any, investigation: Investigation, kind: str, subject: str,
                        profiles: Iterable[str], necessity: str, proportionality: str, collateral_intrusion: str,
                        threshold: str = "", threshold_offence: str = "", confidential_likely: bool = False,
                        via: str = "page") -> Authorisation:
    """Apply for directed surveillance or a covert human intelligence source (St Helens 8.2). Directed surveillance
    needs the crime threshold: an offence punishable by at least six months' imprisonment, or one of the tobacco
    and alcohol offences the pack lists."""
    require(actor, WORK, investigation.council)
    _readable(actor, investigation)
    if not investigation.officers.filter(pk=actor.pk).exists():
        raise NotAllowed("Only the investigation's officers apply for its authorisations")
    if investigation.status != InvestigationStatus.OPEN:
        raise InvalidState("The investigation is closed")
    if kind not in Kind.values:
        raise BadInput("Choose directed surveillance or a covert human intelligence source", field="kind")
    subject = _text(subject, "subject", 200, "Name the person the surveillance is of")
    covered = _profiles(profiles)
    if kind == Kind.DIRECTED_SURVEILLANCE and not covered:
        raise BadInput("Give the address of each profile the surveillance covers", field="profiles")
    necessity = _text(necessity, "necessity", MAX_TEXT, "Say why the surveillance is necessary")
    proportionality = _text(proportionality, "proportionality", MAX_TEXT,
                            "Say why it is proportionate to what it seeks to achieve")
    collateral = _text(collateral_intrusion, "collateral_intrusion", MAX_TEXT,
                       "Say what intrusion into the privacy of others is likely, and how it will be kept down")
    facts = _facts(investigation.council)
    threshold_offence = str(threshold_offence or "").strip()
    if kind == Kind.DIRECTED_SURVEILLANCE:
        if threshold not in Threshold.values:
            raise BadInput("Directed surveillance is only for an offence punishable by at least six months' "
                           "imprisonment, or one of the listed tobacco and alcohol offences: say which",
                           field="threshold")
        if threshold == Threshold.LISTED and threshold_offence not in facts.threshold_offences:
            raise BadInput("Choose which of the listed offences it is", field="threshold_offence")
        if threshold == Threshold.SIX_MONTHS:
            threshold_offence = ""
    else:
        threshold, threshold_offence = "", ""
    authorisation = Authorisation.objects.create(
        investigation=investigation, kind=kind, subject=subject, profiles=covered, necessity=necessity,
        proportionality=proportionality, collateral_intrusion=collateral, threshold=threshold,
        threshold_offence=threshold_offence, confidential_likely=bool(confidential_likely), applicant=actor)
    _audit("authorisation.apply", actor=actor, subject=authorisation, council=investigation.council,
           after=AuthorisationStatus.APPLIED, via=via)
    return authorisation


def decide_refusal(actor: Any, authorisation: Authorisation) -> str | None:
    """Why `actor` may not decide the application, or None (a holder of the pack's Authorising Officer role, never
    the applicant, while it waits for a decision)."""
    council = authorisation.council
    if not can(actor, AUTHORISE, council) or authorising_role(council) not in roles_in(actor, council):
        return "Only a designated Authorising Officer decides applications"
    if authorisation.applicant_id == getattr(actor, "pk", None):
        return "An Authorising Officer never decides their own application: another Authorising Officer must"
    if authorisation.status != AuthorisationStatus.APPLIED:
        return "The application was decided already"
    return None


def involved(actor: Any, investigation: Investigation) -> bool:
    return investigation.officers.filter(pk=getattr(actor, "pk", None)).exists()


INVOLVED_WARNING = ("You are directly involved in this investigation. An Authorising Officer should not authorise "
                    "surveillance in their own investigation unless it cannot be avoided; it is recorded in the "
                    "central record for the Investigatory Powers Commissioner's Office.")


@transaction.atomic
def authorisation_decide(*, actor: Any, authorisation: Authorisation, decision: str, grade: str, reasons: str,
                         involved_declared: bool = False, via: str = "page") -> Authorisation:
    """The Authorising Officer authorises or refuses the application, with reasons, having considered necessity and
    proportionality (St Helens 8.2). An authorisation is not in effect until a magistrate approves it."""
    _readable_authorisation(actor, authorisation)
    require(actor, AUTHORISE, authorisation.council)
    authorisation = Authorisation.objects.select_for_update().select_related("investigation__council").get(
        pk=authorisation.pk)
    refusal = decide_refusal(actor, authorisation)
    if refusal is not None:
        raise InvalidState(refusal) if authorisation.status != AuthorisationStatus.APPLIED else NotAllowed(refusal)
    if decision not in ("authorise", "refuse"):
        raise BadInput("Choose whether you authorise or refuse it", field="decision")
    grades = _facts(authorisation.council).authorising_grades
    if grade not in grades:
        raise BadInput(f"Choose your grade: {', '.join(grades)}", field="grade")
    reasons = _text(reasons, "reasons", MAX_TEXT, "Give your reasons: why it is, or is not, necessary and "
                                                  "proportionate")
    authorisation.authorising_officer, authorisation.grade = actor, grade
    authorisation.authoriser_involved = bool(involved_declared) or involved(actor, authorisation.investigation)
    authorisation.decided_at, authorisation.decision_reasons = timezone.now(), reasons
    if decision == "authorise":
        authorisation.status = AuthorisationStatus.AUTHORISED
    else:
        authorisation.status, authorisation.ended_at = AuthorisationStatus.REFUSED, authorisation.decided_at
    authorisation.save()
    _audit("authorisation.decide", actor=actor, subject=authorisation, council=authorisation.council,
           before=AuthorisationStatus.APPLIED, after=authorisation.status, via=via)
    return authorisation


def _months(authorisation: Authorisation) -> int:
    facts = _facts(authorisation.council)
    return facts.directed_surveillance_months if authorisation.kind == Kind.DIRECTED_SURVEILLANCE \
        else facts.chis_months


def court_refusal(actor: Any, authorisation: Authorisation) -> str | None:
    if not can(actor, COURT, authorisation.council):
        return "Your roles do not allow recording a magistrate's decision"
    if authorisation.status == AuthorisationStatus.AUTHORISED or authorisation.renewal_pending:
        return None
    return "Nothing waits for a magistrate: an application is first authorised by an Authorising Officer"


@transaction.atomic
def judicial_approval_record(*, actor: Any, authorisation: Authorisation, heard_on: date, court: str,
                             decision: str, notes: str = "", via: str = "page") -> JudicialApproval:
    """A magistrate's decision on an authorised application (or a renewal). Approved, the authorisation is in
    effect from the hearing for three months (directed surveillance) or twelve (a source), reviewed every
    `review_days`; a renewal runs on from the day the authorisation would have ended."""
    _readable_authorisation(actor, authorisation)
    require(actor, COURT, authorisation.council)
    authorisation = Authorisation.objects.select_for_update().select_related("investigation__council").get(
        pk=authorisation.pk)
    refusal = court_refusal(actor, authorisation)
    if refusal is not None:
        raise InvalidState(refusal)
    if decision not in Decision.values:
        raise BadInput("Choose the magistrate's decision", field="decision")
    court = _text(court, "court", 200, "Enter the magistrates' court")
    notes = _text(notes, "notes", MAX_TEXT, "", required=False)
    today = timezone.localdate()
    if not isinstance(heard_on, date) or heard_on > today:
        raise BadInput("The hearing's date must be today or earlier", field="heard_on")
    if authorisation.decided_at is not None and heard_on < timezone.localdate(authorisation.decided_at):
        raise BadInput("The hearing cannot be before the Authorising Officer's decision", field="heard_on")
    renewal = authorisation.renewal_pending
    before = authorisation.status
    approval = JudicialApproval.objects.create(authorisation=authorisation, heard_on=heard_on, court=court,
                                               decision=decision, notes=notes, for_renewal=renewal,
                                               recorded_by=actor)
    months = _months(authorisation)
    review_days = _facts(authorisation.council).review_days
    if renewal:
        authorisation.renewal_pending = False
        if decision == Decision.APPROVED and authorisation.expires_on is not None:
            authorisation.expires_on = add_months(authorisation.expires_on + timedelta(days=1), months) \
                - timedelta(days=1)
    elif decision == Decision.APPROVED:
        authorisation.status = AuthorisationStatus.IN_EFFECT
        authorisation.approved_on = heard_on
        authorisation.expires_on = add_months(heard_on, months) - timedelta(days=1)
        authorisation.next_review_on = heard_on + timedelta(days=review_days)
    else:
        authorisation.status, authorisation.ended_at = AuthorisationStatus.NOT_APPROVED, timezone.now()
    authorisation.save()
    _audit("authorisation.court", actor=actor, subject=authorisation, council=authorisation.council,
           before=before, after=authorisation.status, via=via)
    return approval


def _in_effect(actor: Any, authorisation: Authorisation) -> Authorisation:
    _readable_authorisation(actor, authorisation)
    require(actor, AUTHORISE, authorisation.council)
    if authorising_role(authorisation.council) not in roles_in(actor, authorisation.council):
        raise NotAllowed("Only a designated Authorising Officer does this")
    authorisation = Authorisation.objects.select_for_update().select_related("investigation__council").get(
        pk=authorisation.pk)
    if authorisation.status != AuthorisationStatus.IN_EFFECT:
        raise InvalidState("The authorisation is not in effect")
    return authorisation


@transaction.atomic
def authorisation_review(*, actor: Any, authorisation: Authorisation, notes: str,
                         via: str = "page") -> AuthorisationEvent:
    """An Authorising Officer's review: is the surveillance still necessary and proportionate? The next is due
    `review_days` later."""
    authorisation = _in_effect(actor, authorisation)
    notes = _text(notes, "notes", MAX_TEXT, "Record the review: is it still necessary and proportionate?")
    today = timezone.localdate()
    event = AuthorisationEvent.objects.create(authorisation=authorisation, kind=EventKind.REVIEW, on=today, by=actor,
                                              notes=notes)
    authorisation.next_review_on = today + timedelta(days=_facts(authorisation.council).review_days)
    authorisation.save(update_fields=["next_review_on"])
    _audit("authorisation.review", actor=actor, subject=authorisation, council=authorisation.council,
           after=authorisation.status, via=via)
    return event


@transaction.atomic
def authorisation_renew(*, actor: Any, authorisation: Authorisation, reasons: str,
                        via: str = "page") -> AuthorisationEvent:
    """An Authorising Officer renews the authorisation before it ends; like the first, the renewal needs a
    magistrate's approval (recorded with `judicial_approval_record`)."""
    authorisation = _in_effect(actor, authorisation)
    if authorisation.renewal_pending:
        raise InvalidState("A renewal already waits for a magistrate")
    if authorisation.applicant_id == actor.pk:
        raise NotAllowed("An Authorising Officer never decides their own application: another Authorising Officer "
                         "must")
    reasons = _text(reasons, "reasons", MAX_TEXT, "Give your reasons: why it is still necessary and proportionate")
    event = AuthorisationEvent.objects.create(authorisation=authorisation, kind=EventKind.RENEWAL,
                                              on=timezone.localdate(), by=actor, notes=reasons)
    authorisation.renewal_pending = True
    authorisation.save(update_fields=["renewal_pending"])
    _audit("authorisation.renew", actor=actor, subject=authorisation, council=authorisation.council,
           after=authorisation.status, via=via)
    return event


def cancel_refusal(actor: Any, authorisation: Authorisation) -> str | None:
    council = authorisation.council
    if not can(actor, AUTHORISE, council) or authorising_role(council) not in roles_in(actor, council):
        return "Only a designated Authorising Officer cancels an authorisation"
    if authorisation.status in ENDED:
        return "The authorisation has ended already"
    if authorisation.status == AuthorisationStatus.APPLIED:
        return "The application has not been decided: refuse it instead"
    return None


@transaction.atomic
def authorisation_cancel(*, actor: Any, authorisation: Authorisation, reason: str,
                         via: str = "page") -> Authorisation:
    """Cancel an authorisation that is no longer necessary or proportionate (authorised, waiting for a magistrate,
    or in effect), with the reason."""
    _readable_authorisation(actor, authorisation)
    require(actor, AUTHORISE, authorisation.council)
    authorisation = Authorisation.objects.select_for_update().select_related("investigation__council").get(
        pk=authorisation.pk)
    refusal = cancel_refusal(actor, authorisation)
    if refusal is not None:
        raise InvalidState(refusal) if authorisation.status in ENDED or \
            authorisation.status == AuthorisationStatus.APPLIED else NotAllowed(refusal)
    reason = _text(reason, "reason", MAX_TEXT, "Give the reason for cancelling it")
    before = authorisation.status
    AuthorisationEvent.objects.create(authorisation=authorisation, kind=EventKind.CANCELLATION,
                                      on=timezone.localdate(), by=actor, notes=reason)
    authorisation.status, authorisation.ended_at = AuthorisationStatus.CANCELLED, timezone.now()
    authorisation.cancel_reason, authorisation.renewal_pending = reason, False
    authorisation.save()
    _audit("authorisation.cancel", actor=actor, subject=authorisation, council=authorisation.council,
           before=before, after=AuthorisationStatus.CANCELLED, via=via)
    return authorisation


@transaction.atomic
def authorisations_expire_due(*, today: date | None = None) -> int:
    """The daily job (the system is the actor): each authorisation in effect whose last day has passed expires.
    Safe to run again."""
    today = today or timezone.localdate()
    count = 0
    due = (Authorisation.objects.select_for_update().select_related("investigation__council")
           .filter(status=AuthorisationStatus.IN_EFFECT, expires_on__lt=today))
    for authorisation in due:
        AuthorisationEvent.objects.create(authorisation=authorisation, kind=EventKind.EXPIRY,
                                          on=authorisation.expires_on + timedelta(days=1))
        authorisation.status, authorisation.ended_at = AuthorisationStatus.EXPIRED, timezone.now()
        authorisation.renewal_pending = False
        authorisation.save(update_fields=["status", "ended_at", "renewal_pending"])
        _audit("authorisation.expire", actor=None, subject=authorisation,
               council=authorisation.council, before=AuthorisationStatus.IN_EFFECT,
               after=AuthorisationStatus.EXPIRED, via="job")
        count += 1
    return count


def reviews_due(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return Authorisation.objects.filter(status=AuthorisationStatus.IN_EFFECT, next_review_on__lte=today).count()


def authorisation_read(*, actor: Any, authorisation: Authorisation, via: str = "page",
                       address: str | None = None) -> Authorisation:
    _readable_authorisation(actor, authorisation)
    confidential_read(reader=actor, council=authorisation.council, kind="authorisation",
                      what=f"Authorisation {authorisation.pk} in {authorisation.investigation.reference}",
                      object_id=authorisation.pk, via=via, address=address)
    return authorisation


# ---- the retention purge -------------------------------------------------------------------------------------------

def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


@transaction.atomic
def ripa_records_purge(*, today: date | None = None, job: str = "investigations.daily") -> int:
    """Delete what is older than the pack's `retention_years` (at least three): an ended authorisation (refused,
    not approved, cancelled, expired) counted from when it ended, and a closed investigation counted from its
    closure once none of its authorisations is kept. Each purge leaves a PurgeLog line naming only the reference.
    Returns how many records went."""
    today = today or timezone.localdate()
    purged = 0
    for council in Council.objects.filter(investigations__isnull=False).distinct():
        cutoff = _years_before(today, _facts(council).retention_years)
        ended = (Authorisation.objects.select_related("investigation")
                 .filter(investigation__council=council, status__in=ENDED, ended_at__date__lt=cutoff))
        for authorisation in ended:
            reference = authorisation.investigation.reference
            PurgeLog.objects.create(council=council, reference=reference, job=job,
                                    what=f"{authorisation.get_kind_display()} authorisation {authorisation.pk} "
                                         f"({authorisation.get_status_display().lower()})")
            audit_record(event="investigations.records.purge", council=council,
                         subject=("investigations.authorisation", str(authorisation.pk)), after={"job": job})
            authorisation.delete()
            purged += 1
        closed = (Investigation.objects.filter(council=council, status=InvestigationStatus.CLOSED,
                                               closed_at__date__lt=cutoff)
                  .exclude(authorisations__isnull=False))
        for investigation in closed:
            views = investigation.views.count()
            PurgeLog.objects.create(council=council, reference=investigation.reference, job=job,
                                    what=f"Investigation and {_plural(views, 'profile viewing')}")
            audit_record(event="investigations.records.purge", council=council,
                         subject=("investigations.investigation", str(investigation.pk)), after={"job": job})
            investigation.delete()
            purged += 1
    return purged


# ---- the central record (for the Investigatory Powers Commissioner's Office) ---------------------------------------

CENTRAL_COLUMNS = [
    ("type", "Type"), ("reference", "Investigation reference"), ("authorisation", "Authorisation"),
    ("subject", "Subject"), ("status", "Status"), ("applicant", "Applicant"), ("applied", "Applied on"),
    ("authorising_officer", "Authorising Officer"), ("grade", "Grade"), ("decided", "Decided on"),
    ("approved", "Magistrate's approval"), ("court", "Court"), ("reviews", "Reviews"), ("renewals", "Renewals"),
    ("cancelled", "Cancelled on"), ("expires", "Last day in effect"),
    ("confidential", "Confidential information likely"),
    ("involved", "Authorising Officer directly involved"),
]


def _day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return value.isoformat()


def _name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def central_record_rows(council: Council) -> list[dict[str, str]]:
    rows = []
    authorisations = (Authorisation.objects.filter(investigation__council=council)
                      .select_related("investigation", "applicant", "authorising_officer")
                      .prefetch_related("approvals", "events").order_by("applied_at", "id"))
    for a in authorisations:
        approvals = [j for j in a.approvals.all() if not j.for_renewal]
        first = approvals[-1] if approvals else None
        events = list(a.events.all())
        renewals = [f"renewed {e.on.isoformat()}" for e in events if e.kind == EventKind.RENEWAL]
        renewals += [f"magistrate {j.get_decision_display().lower()} the renewal {j.heard_on.isoformat()}"
                     for j in a.approvals.all() if j.for_renewal]
        cancelled = next((e.on for e in events if e.kind == EventKind.CANCELLATION), None)
        rows.append({
            "type": a.get_kind_display(), "reference": a.investigation.reference, "authorisation": str(a.pk),
            "subject": a.subject, "status": a.get_status_display(), "applicant": _name(a.applicant),
            "applied": _day(a.applied_at), "authorising_officer": _name(a.authorising_officer), "grade": a.grade,
            "decided": _day(a.decided_at),
            "approved": (f"{first.get_decision_display()} {first.heard_on.isoformat()}" if first else ""),
            "court": first.court if first else "",
            "reviews": "; ".join(e.on.isoformat() for e in events if e.kind == EventKind.REVIEW),
            "renewals": "; ".join(renewals), "cancelled": _day(cancelled), "expires": _day(a.expires_on),
            "confidential": "yes" if a.confidential_likely else "no",
            "involved": ("yes" if a.authoriser_involved else "no") if a.authorising_officer_id else "",
        })
    return rows


def central_record(*, actor: Any, council: Council, via: str = "page",
                   address: str | None = None) -> list[dict[str, str]]:
    """The central record of authorisations (a logged read): the Authorising Officers only."""
    require(actor, CENTRAL, council)
    rows = central_record_rows(council)
    confidential_read(reader=actor, council=council, kind="central-record",
                      what=f"RIPA central record ({_plural(len(rows), 'authorisation')})", via=via, address=address)
    return rows


def central_record_csv(*, actor: Any, council: Council, via: str = "page", address: str | None = None) -> str:
    """The central record as CSV, for an inspection (formulas neutralised; a logged read)."""
    rows = central_record(actor=actor, council=council, via=via, address=address)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label for _, label in CENTRAL_COLUMNS])
    for row in rows:
        writer.writerow([safe_cell(row[key]) for key, _ in CENTRAL_COLUMNS])
    return out.getvalue()
