"""Changing personal data breach records (UK GDPR articles 33-34; Sefton 13.2; St Helens 6.15, 9.7). Each service
checks the actor's capability (`breaches.open`, `breaches.manage`) and that they may read the record
(civicguard.apps.access.confidential.may_read_breach: anyone else is told it does not exist), makes the change and
writes its audit entry in one transaction. Pages, the API and the demo only call these.

* `breach_open`: a new record, from a comment, a post, or described by hand;
* `breach_read`, `breach_list_read`: every read, logged with `confidential_read`;
* `breach_assess`: the risk and its reasons, and whether the ICO must be told (art. 33(1));
* `breach_ico_record`: when the ICO was told, its reference, and why late when past the 72 hours;
* `breach_people_told`: when and how the people were told, or the art. 34(3) reason why not;
* `breach_notice_send`: a notice the pack asks for (Internal Audit, the Caldicott Guardian, Information
  Governance...), recorded and e-mailed once the transaction commits;
* `breach_close`: once nothing in `selectors.close_refusals` stands in the way.

The audit entries say only that a record changed, and its status: no names, data, risk or references (the audit
browser is read by more people than breach records are)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from civicguard.apps.access.checks import can, require
from civicguard.apps.access.confidential import confidential_read, may_read_breach
from civicguard.apps.audit.services import audit_record
from civicguard.apps.breaches import selectors
from civicguard.apps.breaches.models import (
    DATA_CATEGORIES,
    PEOPLE_CATEGORIES,
    BreachNotice,
    DataBreach,
    NotToldReason,
    Risk,
    Source,
    Status,
)
from civicguard.apps.councils.models import Council
from civicguard.errors import BadInput, InvalidState, NotFound

log = logging.getLogger(__name__)

MAX_TEXT = 4000
MAX_REFERENCE = 100
MAX_PEOPLE = 100_000_000
# How far back a hand-entered awareness may go: a record of something older than this is a mistake in the date.
MAX_AGE = timedelta(days=366)


def _text(value: Any, field: str, missing: str = "", limit: int = MAX_TEXT) -> str:
    text = str(value or "").replace("\x00", "").strip()
    if missing and not text:
        raise BadInput(missing, field=field)
    if len(text) > limit:
        raise BadInput(f"Keep it to {limit} characters or fewer", field=field)
    return text


def _codes(values: Iterable[str] | None, known: dict[str, Any], field: str, missing: str) -> list[str]:
    chosen: list[str] = []
    for value in values or ():
        if value not in known:
            raise BadInput(f"{str(value)[:40]!r} is not one of the choices", field=field)
        if value not in chosen:
            chosen.append(value)
    if not chosen:
        raise BadInput(missing, field=field)
    return [code for code in known if code in chosen]


def _moment(value: Any, field: str, what: str, *, not_before: datetime | None = None,
            before_text: str = "") -> datetime:
    """A past moment (aware datetimes only): not in the future, not before `not_before`."""
    if not isinstance(value, datetime):
        raise BadInput(f"Enter {what}", field=field)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now() + timedelta(minutes=1):
        raise BadInput(f"{what[:1].upper()}{what[1:]} cannot be in the future", field=field)
    if not_before is not None and value < not_before:
        raise BadInput(before_text, field=field)
    return value


# The audit event of each change (events.py names them).
EVENTS = {"open": "breaches.breach.open", "assess": "breaches.breach.assess", "ico": "breaches.breach.ico",
          "people": "breaches.breach.people", "notice": "breaches.breach.notice", "close": "breaches.breach.close"}


def _audit(event: str, actor: Any, breach: DataBreach, via: str) -> None:
    audit_record(event=EVENTS[event], actor=actor, council=breach.council, subject=breach,
                 after={"status": breach.status, "via": via})


def _locked(breach: DataBreach) -> DataBreach:
    return DataBreach.objects.select_for_update(of=("self",)).select_related("council", "opened_by").get(
        pk=breach.pk)


def require_manager(actor: Any, breach: DataBreach) -> None:
    """NotFound for anyone who may not read the record; NotAllowed for a reader (its opener) who may not decide."""
    if not may_read_breach(actor, breach):
        raise NotFound("No such personal data breach record among yours")
    require(actor, "breaches.manage", breach.council)


def _open_record(breach: DataBreach) -> None:
    if breach.status == Status.CLOSED:
        raise InvalidState("This breach record is closed: nothing more can be changed")


# ---- opening -------------------------------------------------------------------------------------------------

def _source(actor: Any, council: Council, source: str, comment: Any, post: Any,
            aware_at: Any) -> tuple[Any, Any, datetime, str]:
    """(comment, post, aware_at, how aware_at was set) for the record's source."""
    if source == Source.COMMENT:
        if comment is None or comment.council_id != council.pk or not can(actor, "comments.view", council):
            raise NotFound("No such comment among yours", field="comment")
        when, how = selectors.comment_awareness(comment)
        return comment, None, when, f"Set {how}"
    if source == Source.POST:
        from civicguard.apps.posts.selectors import posts_visible

        if post is None or not posts_visible(user=actor, council=council).filter(pk=post.pk).exists():
            raise NotFound("No such post among yours", field="post")
        found = selectors.post_awareness(post)
        if found is not None:
            return None, post, found[0], f"Set {found[1]}"
    elif source != Source.OTHER:
        raise BadInput("Choose where the breach happened", field="source")
    when = _moment(aware_at, "aware_at", "when the council became aware",
                   not_before=timezone.now() - MAX_AGE,
                   before_text="The council became aware less than a year ago: check the date")
    return None, post if source == Source.POST else None, when, "Entered by the person who opened the record"


@transaction.atomic
def breach_open(*, actor: Any, council: Council, source: str, what: Any, people_categories: Iterable[str],
                data_categories: Iterable[str], people_count: Any, comment: Any = None, post: Any = None,
                source_description: Any = "", aware_at: Any = None, containment: Any = "",
                via: str = "page") -> DataBreach:
    """Open a record. From a comment, `aware_at` is worked out (`selectors.comment_awareness`: the earlier of the
    first check that flagged personal data and the first moderator's removal for it), whatever is sent; from a post
    whose check flagged personal data, the check's time; otherwise the person says when (not in the future)."""
    require(actor, "breaches.open", council)
    comment, post, when, how = _source(actor, council, source, comment, post, aware_at)
    description = _text(source_description, "source_description",
                        "Say where it happened: the website, e-mail, letter or meeting, and when"
                        if source == Source.OTHER else "")
    try:
        count = int(people_count)
    except (TypeError, ValueError):
        raise BadInput("Enter about how many people's data, as a number", field="people_count") from None
    if not 1 <= count <= MAX_PEOPLE:
        raise BadInput("Enter about how many people's data: at least 1", field="people_count")
    breach = DataBreach.objects.create(
        council=council, source=source, comment=comment, post=post, source_description=description,
        what=_text(what, "what", "Describe what happened"),
        people_categories=_codes(people_categories, PEOPLE_CATEGORIES, "people_categories",
                                 "Choose whose data it is"),
        data_categories=_codes(data_categories, DATA_CATEGORIES, "data_categories", "Choose what data it is"),
        people_count=count, aware_at=when, aware_how=how[:300],
        containment=_text(containment, "containment"), opened_by=actor)
    _audit("open", actor, breach, via)
    return breach


# ---- reading -------------------------------------------------------------------------------------------------

def breach_read(*, actor: Any, breach: DataBreach, via: str = "page", address: str | None = None,
                what: str = "") -> DataBreach:
    """Hand `breach` to `actor` for reading, logged (every page, form page and API answer that shows it)."""
    if not may_read_breach(actor, breach):
        raise NotFound("No such personal data breach record among yours")
    confidential_read(reader=actor, council=breach.council, kind="breach", object_id=breach.pk,
                      what=what or f"Personal data breach record {breach.pk}", via=via, address=address)
    return breach


def breach_list_read(*, actor: Any, council: Council, breaches: list[DataBreach], via: str = "page",
                     address: str | None = None) -> list[DataBreach]:
    """The list of records shown to `actor`: one logged read for the list (what it held, by number)."""
    if breaches:
        numbers = ", ".join(str(b.pk) for b in breaches)
        confidential_read(reader=actor, council=council, kind="breach", object_id=None,
                          what=f"The list of personal data breach records ({numbers})", via=via, address=address)
    return breaches


# ---- the Data Protection Officer's decisions -----------------------------------------------------------------

@transaction.atomic
def breach_assess(*, actor: Any, breach: DataBreach, risk: str, reasons: Any, ico_required: Any,
                  ico_not_required_reason: Any = "", via: str = "page") -> DataBreach:
    """The risk to the people and why; whether the ICO must be told (art. 33(1): always, unless the breach is
    unlikely to result in a risk; the reason is recorded when not). The assessor becomes the DPO handling it.
    An assessment may be revised until the record is closed."""
    require_manager(actor, breach)
    breach = _locked(breach)
    _open_record(breach)
    if risk not in Risk.values:
        raise BadInput("Choose the risk to the people whose data it is", field="risk")
    reasons = _text(reasons, "risk_reasons", "Give the reasons for the risk you chose")
    if not isinstance(ico_required, bool):
        raise BadInput("Say whether the ICO must be told", field="ico_required")
    reason = ""
    if not ico_required:
        if risk != Risk.NONE:
            raise BadInput("The ICO must be told of a breach that is likely to result in a risk to people "
                           "(UK GDPR article 33(1)): choose yes, or change the risk", field="ico_required")
        reason = _text(ico_not_required_reason, "ico_not_required_reason",
                       "Say why the ICO need not be told: why the breach is unlikely to result in a risk")
    if not ico_required and breach.ico_told_at is not None:
        raise InvalidState("The ICO has been told already: the decision that it must be told stands")
    breach.risk, breach.risk_reasons = risk, reasons
    breach.ico_required, breach.ico_not_required_reason = ico_required, reason
    breach.assessed_at, breach.dpo, breach.status = timezone.now(), actor, Status.ASSESSED
    breach.save()
    _audit("assess", actor, breach, via)
    return breach


@transaction.atomic
def breach_ico_record(*, actor: Any, breach: DataBreach, told_at: Any, reference: Any, late_reason: Any = "",
                      via: str = "page") -> DataBreach:
    """When the ICO was told and the reference it gave. Past the pack's hours (72), art. 33(1) asks for the reasons
    for the delay: required then."""
    require_manager(actor, breach)
    breach = _locked(breach)
    _open_record(breach)
    if breach.ico_required is not True:
        raise InvalidState("Assess the breach first and decide that the ICO must be told")
    when = _moment(told_at, "ico_told_at", "when the ICO was told", not_before=breach.aware_at,
                   before_text="The ICO was told after the council became aware of the breach: check the date")
    breach.ico_told_at = when
    breach.ico_reference = _text(reference, "ico_reference", "Enter the reference the ICO gave", MAX_REFERENCE)
    late = when > selectors.deadline_of(breach)
    breach.ico_late_reason = _text(late_reason, "ico_late_reason",
                                   f"The ICO was told more than {selectors.ico_hours(breach.council)} hours after "
                                   "the council became aware: give the reasons for the delay (UK GDPR article "
                                   "33(1))" if late else "")
    breach.ico_recorded_by = actor
    breach.save()
    _audit("ico", actor, breach, via)
    return breach


@transaction.atomic
def breach_people_told(*, actor: Any, breach: DataBreach, told_at: Any = None, how: Any = "",
                       not_told: str = "", not_told_reason: Any = "", via: str = "page") -> DataBreach:
    """The people were told (when and how, art. 34(1)-(2)), or were not, with the art. 34(3) exception that applies
    and why. Only once assessed (it matters for a high risk; it may be recorded for any)."""
    require_manager(actor, breach)
    breach = _locked(breach)
    _open_record(breach)
    if breach.status != Status.ASSESSED:
        raise InvalidState("Assess the breach first")
    if not_told:
        if not_told not in NotToldReason.values:
            raise BadInput("Choose why the people were not told", field="not_told")
        breach.people_not_told = not_told
        breach.people_not_told_reason = _text(not_told_reason, "not_told_reason",
                                              "Explain why the exception applies")
        breach.people_told_at, breach.people_told_how = None, ""
    else:
        breach.people_told_at = _moment(told_at, "people_told_at", "when the people were told",
                                        not_before=breach.aware_at,
                                        before_text="The people were told after the council became aware of the "
                                                    "breach: check the date")
        breach.people_told_how = _text(how, "people_told_how",
                                       "Say how the people were told: letter, e-mail, phone call or in person")
        breach.people_not_told, breach.people_not_told_reason = "", ""
    breach.people_recorded_by = actor
    breach.save()
    _audit("people", actor, breach, via)
    return breach


def notice_text(breach: DataBreach, rule: Any) -> str:
    """The notice's suggested words: what the pack says it is about, and the record to ask the DPO about (no
    personal data: the recipients are not the record's readers)."""
    clauses = f" (policy {', '.join(rule.clauses)})" if rule.clauses else ""
    opened, aware = timezone.localtime(breach.created), timezone.localtime(breach.aware_at)
    return (f"{rule.why}{clauses}. Personal data breach record {breach.pk} was opened on {opened.day} "
            f"{opened:%B %Y}; the council became aware on {aware.day} {aware:%B %Y} at {aware:%H:%M}. Contact the "
            "Data Protection Officer for what you need to know.")


def _addresses(council: Council, rule: Any) -> list[str]:
    found: list[str] = []
    if rule.address:
        found.append(rule.address)
    if rule.role:
        from civicguard.apps.staff.models import RoleAssignment

        ids = RoleAssignment.objects.filter(council=council, role=rule.role).values("user_id")
        found += [e for e in get_user_model().objects.filter(pk__in=ids, is_active=True).exclude(email="")
                  .order_by("email").values_list("email", flat=True) if e not in found]
    return found


def _mail(subject: str, text: str, to: list[str]) -> None:
    try:
        send_mail(subject, text, None, to)
    except Exception:  # noqa: BLE001 - logged; the notice is recorded either way and can be told by hand
        log.exception("the breach notice e-mail to %s failed", ", ".join(to))


@transaction.atomic
def breach_notice_send(*, actor: Any, breach: DataBreach, rule_slug: str, text: Any = "",
                       via: str = "page", email: bool = True) -> BreachNotice:
    """Tell whoever the pack names for this breach's kinds of data (`facts.cases.notices_for`): record the notice
    (recipient, text, when, by whom) and e-mail it to the pack's address and the role's holders once the
    transaction commits. Each notice once per record."""
    require_manager(actor, breach)
    breach = _locked(breach)
    _open_record(breach)
    rule = next((r for r in selectors.notices_due(breach) if r.slug == rule_slug), None)
    if rule is None:
        raise BadInput("The policy does not ask for that notice for this breach", field="rule")
    if breach.notices.filter(rule=rule.slug).exists():
        raise InvalidState(f"{rule.name[:1].upper()}{rule.name[1:]} has been told already")
    words = _text(text, "text", limit=MAX_TEXT) or notice_text(breach, rule)
    to = _addresses(breach.council, rule)
    notice = BreachNotice.objects.create(breach=breach, rule=rule.slug, recipient=rule.name, sent_to=to,
                                         text=words, sent_by=actor)
    _audit("notice", actor, breach, via)
    if email and to:
        subject = f"Personal data breach record {breach.pk}: {rule.why}"[:150]
        transaction.on_commit(lambda: _mail(subject, words, to))
    return notice


@transaction.atomic
def breach_close(*, actor: Any, breach: DataBreach, note: Any = "", via: str = "page") -> DataBreach:
    """Close the record once the ICO decision is recorded (and carried out), a high risk's people are told or the
    reason recorded, and the notices sent (`selectors.close_refusals`)."""
    require_manager(actor, breach)
    breach = _locked(breach)
    problems = selectors.close_refusals(breach)
    if problems:
        raise InvalidState(". ".join(problems))
    breach.closing_note = _text(note, "note")
    breach.status, breach.closed_at, breach.closed_by = Status.CLOSED, timezone.now(), actor
    breach.save()
    _audit("close", actor, breach, via)
    return breach
