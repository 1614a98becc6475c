"""Changing concern reports, cases, removal requests and notices (issue 18). Each change checks the actor's
capability and, for the record itself, civicguard.apps.access.confidential (the only place that decides who reads a
concern report, case or removal request); makes the change; and writes the audit entry in one transaction. The
audit entry says only that the record changed (its event and how): no names, no worry, no findings. What happened
is on the case's own timeline (`CaseStep`), which only the case's readers see. Pages, API, command line and the
hourly job only call these functions.

* `concern_report`: an employee reports a colleague's post (St Helens 7.8; Sefton 7.2); the engine checks the text;
  the text and the screenshot are captured as evidence;
* `concern_read`, `case_read`, `removal_read`: the logged reads (every page, answer, download and export);
* `case_open` (from a concern report, a moderation escalation or a finding on an official post), `case_refer`
  (St Helens 9.10), `case_classify`, `case_investigate`, `case_decide`, `case_close`, `case_note_add`,
  `case_owner_set`, `case_deadline_set`, `case_evidence_add`, `case_evidence_open`, `case_bundle`;
* `removal_request`, `removal_confirm`, `removal_escalate_overdue` (Sefton 6.4);
* `notice_send`, `notice_acknowledge` (St Helens 6.21, 6.15; the Press Office).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from civicguard.apps.access.checks import require, roles_in
from civicguard.apps.access.confidential import (
    confidential_read,
    may_read_case,
    may_read_case_of,
    may_read_concern,
    may_read_notice,
    may_read_removal,
)
from civicguard.apps.audit.services import audit_record
from civicguard.apps.cases import classify
from civicguard.apps.cases.models import (
    Case,
    CaseDecision,
    CaseNote,
    CaseStatus,
    CaseStep,
    Classification,
    ConcernReport,
    DecisionKind,
    Outcome,
    PackNotice,
    RemovalRequest,
    Source,
)
from civicguard.apps.councils.models import Council
from civicguard.errors import BadInput, InvalidState, NotAllowed, NotFound

MAX_TEXT = 10_000
MAX_WORRY = 4_000
MAX_NOTE = 4_000
MAX_LINKS = 20
MAX_SANCTION = 300
MAX_DEADLINE_DAYS = 60


@dataclass(frozen=True)
class Upload:
    """A file as chosen: its name (shown only) and its bytes."""

    name: str
    data: bytes


# ---- small rules -------------------------------------------------------------------------------------------------

def cases_facts(council: Council) -> Any:
    from civicguard.engine.packs.loader import pack_for

    facts = pack_for(council.slug).facts
    assert facts is not None, f"the pack {council.slug} has no facts"
    return facts.cases


def add_working_days(start: date, days: int) -> date:
    """`days` working days (Monday to Friday) after `start`."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def _text(value: Any, field: str, limit: int, missing: str) -> str:
    if value is not None and not isinstance(value, str):
        raise BadInput(f"The {field.replace('_', ' ')} must be text", field=field)
    text = (value or "").replace("\x00", "").strip()
    if missing and not text:
        raise BadInput(missing, field=field)
    if len(text) > limit:
        raise BadInput(f"The {field.replace('_', ' ')} must be {limit:,} characters or fewer", field=field)
    return text


def _link(value: Any, field: str = "link", missing: str = "Enter the link to the post") -> str:
    link = _text(value, field, 2000, missing)
    if link and not link.lower().startswith(("https://", "http://")):
        raise BadInput(f"{link[:80]!r} is not a web address (it must start with https://)", field=field)
    if any(c.isspace() for c in link):
        raise BadInput("A web address has no spaces", field=field)
    return link


def _links(values: Any) -> list[str]:
    if isinstance(values, str):
        values = values.split()
    if not isinstance(values, list | tuple):
        raise BadInput("Give the links of the postings to remove", field="postings")
    links: list[str] = []
    for value in values:
        link = _link(value, "postings", "")
        if link and link not in links:
            links.append(link)
    if not links:
        raise BadInput("Enter the link of each posting to remove, one a line", field="postings")
    if len(links) > MAX_LINKS:
        raise BadInput(f"At most {MAX_LINKS} postings in one request", field="postings")
    return links


def _screenshot(upload: Upload | None) -> Upload | None:
    """A chosen screenshot, or None when no file was chosen. What a screenshot may be (a real picture within the
    limits, judged by its bytes) is the evidence app's rule, asked when it is captured."""
    if upload is None or not upload.data:
        return None
    return upload


def _how(via: str) -> dict[str, str]:
    """The audit detail of a confidential record: only how it changed (the page, API or command line)."""
    return {"via": via}


def _step(case: Case, actor: Any, what: str) -> CaseStep:
    return CaseStep.objects.create(case=case, actor=actor, what=what[:500])


def _capture(*, actor: Any, council: Council, kind: str, data: bytes, file_name: str, description: str,
             source_url: str = "", address: str | None = None, user_agent: str = "", via: str = "page",
             field: str = "screenshot") -> Any:
    """Capture evidence (the evidence app's rule on what may be captured); a refusal names this form's `field`."""
    from civicguard.apps.evidence.services import evidence_capture

    try:
        return evidence_capture(actor=actor, council=council, kind=kind, data=data, file_name=file_name,
                                description=description[:300], source_url=source_url, address=address,
                                user_agent=user_agent[:300], via=via)
    except BadInput as exc:
        if exc.data.get("field") in ("file", None):
            exc.data["field"] = field
        raise


def _staff_name(staff: Any) -> str:
    return getattr(staff, "name", "") or "the colleague"


# ---- concern reports ---------------------------------------------------------------------------------------------

SCREENSHOT_REF = "the screenshot"


def concern_check(*, council: Council, subject: Any, text: str, screenshot: bytes | None = None) -> Any:
    """The engine's check of a captured post: its text and, when given, the reporter's screenshot as the post's
    picture (the words in it, nudity, the council's logo, people in it: the personal channel's image rules); the
    personal channel, and the subject's political restriction (HR's record, St Helens 5.7)."""
    from civicguard.apps.media.services import image_facts_of
    from civicguard.apps.posts.services import content_check
    from civicguard.engine import ImageRef

    images = ([ImageRef(ref=SCREENSHOT_REF, facts=image_facts_of(council, screenshot))]
              if screenshot is not None else [])
    return content_check(council=council, channel="personal", text=text, images=images,
                         politically_restricted=bool(subject.politically_restricted))


def concern_report(*, actor: Any, council: Council, subject: Any, link: str, text: str, worry: str,
                   screenshot: Upload | None = None, address: str | None = None, user_agent: str = "",
                   via: str = "page") -> ConcernReport:
    """Report a colleague's post (St Helens 7.8; Sefton 7.2). Seen by the reporter, the colleague's line manager
    and HR only."""
    require(actor, "cases.report", council)
    if subject is None or subject.council_id != council.pk or not subject.active:
        raise BadInput("Choose the colleague from the council's staff", field="subject")
    if subject.user_id is not None and subject.user_id == getattr(actor, "pk", None):
        raise BadInput("You cannot report yourself: choose the colleague whose post worries you", field="subject")
    link = _link(link)
    text = _text(text, "text", MAX_TEXT, "Copy the text of the post as you see it")
    worry = _text(worry, "worry", MAX_WORRY, "Say what worries you about the post")
    shot = _screenshot(screenshot)
    # Outside the transaction: it is slow (the screenshot's words are read by OCR).
    result = concern_check(council=council, subject=subject, text=text,
                           screenshot=shot.data if shot is not None else None)
    with transaction.atomic():
        text_item = _capture(actor=actor, council=council, kind="text", data=text.encode("utf-8"),
                             file_name="post-text.txt", description="The text of the post, as the reporter copied "
                             "it", source_url=link, address=address, user_agent=user_agent, via=via)
        shot_item = None
        if shot is not None:
            shot_item = _capture(actor=actor, council=council, kind="screenshot", data=shot.data, file_name=shot.name,
                                 description="The reporter's screenshot of the post", source_url=link,
                                 address=address, user_agent=user_agent, via=via)
        report = ConcernReport.objects.create(
            council=council, reporter=actor, subject=subject, link=link, text=text, worry=worry,
            verdict=result.verdict, policy_version=result.policy_version,
            findings=[f.to_dict() for f in result.findings], text_evidence=text_item, screenshot=shot_item)
        audit_record(event="cases.concern.create", actor=actor, council=council, subject=report, after=_how(via))
    return report


def concern_get(*, user: Any, council: Council, pk: int) -> ConcernReport:
    """The report, if `user` may read it (confidential.may_read_concern); else not found."""
    report = (ConcernReport.objects.select_related("subject", "subject__line_manager", "reporter", "council")
              .filter(council=council, pk=pk).first())
    if report is None or not may_read_concern(user, report):
        raise NotFound("No such concern report among yours")
    return report


def concern_read(*, actor: Any, report: ConcernReport, via: str = "page", address: str | None = None
                 ) -> ConcernReport:
    """Hand the report to `actor`: the read is logged; the line manager's or HR's first read marks it seen (it then
    stops waiting on them)."""
    if not may_read_concern(actor, report):
        raise NotFound("No such concern report among yours")
    with transaction.atomic():
        confidential_read(reader=actor, council=report.council, kind="concern", what=report.reference,
                          object_id=report.pk, via=via, address=address)
        if report.seen_at is None and report.reporter_id != actor.pk:
            report.seen_at, report.seen_by = timezone.now(), actor
            report.save(update_fields=["seen_at", "seen_by"])
            audit_record(event="cases.concern.seen", actor=actor, council=report.council,
                         subject=report, after=_how(via))
    return report


# ---- cases -------------------------------------------------------------------------------------------------------

def case_get(*, user: Any, council: Council, pk: int) -> Case:
    case = Case.objects.select_related("subject", "subject__line_manager", "council", "owner").filter(
        council=council, pk=pk).first()
    if case is None or not may_read_case(user, case):
        raise NotFound("No such case among yours")
    return case


def case_read(*, actor: Any, case: Case, via: str = "page", address: str | None = None, what: str = "") -> Case:
    if not may_read_case(actor, case):
        raise NotFound("No such case among yours")
    confidential_read(reader=actor, council=case.council, kind="case", what=what or case.reference,
                      object_id=case.pk, via=via, address=address)
    return case


def _may_manage(actor: Any, council: Council, subject: Any) -> None:
    require(actor, "cases.manage", council)
    if not may_read_case_of(actor, council, subject):
        raise NotAllowed("Only HR and the colleague's line manager can open or change a case about them")


def _escalation(comment: Any) -> Any:
    from civicguard.apps.moderation.models import Action

    return comment.decisions.filter(action=Action.ESCALATE).order_by("created", "id").first()


@dataclass(frozen=True)
class Origin:
    source: str
    found_at: datetime
    findings: list[dict[str, Any]]
    text: str
    link: str


def _origin(council: Council, concern: ConcernReport | None, comment: Any, post: Any) -> Origin:
    given = [x for x in (concern, comment, post) if x is not None]
    if len(given) != 1:
        raise BadInput("Open a case from one concern report, one escalated comment or one official post",
                       field="source")
    if concern is not None:
        if concern.council_id != council.pk:
            raise NotFound("No such concern report among yours")
        if Case.objects.filter(concern=concern).exists():
            raise InvalidState("A case is already open from this concern report")
        return Origin(str(Source.CONCERN), concern.created, list(concern.findings), concern.text, concern.link)
    if comment is not None:
        if comment.council_id != council.pk:
            raise NotFound("No such comment among yours")
        escalation = _escalation(comment)
        if escalation is None:
            raise InvalidState("This comment was not escalated: only an escalation from the moderation queue opens "
                               "a case")
        check = comment.latest_check
        findings = list((check.result or {}).get("findings", [])) if check is not None else []
        return Origin(str(Source.COMMENT), escalation.created, findings, comment.text, comment.url or "")
    if post.council_id != council.pk:
        raise NotFound("No such post among yours")
    check = post.latest_check
    findings = list((check.result or {}).get("findings", [])) if check is not None else []
    if not findings:
        raise InvalidState("This post's check found nothing: a case is opened from a finding")
    return Origin(str(Source.POST), check.created, findings, post.text, "")


def case_open(*, actor: Any, council: Council, subject: Any = None, concern: ConcernReport | None = None,
              comment: Any = None, post: Any = None, summary: str = "", address: str | None = None,
              user_agent: str = "", via: str = "page") -> Case:
    """Open a case about `subject` (the concern report's subject when it comes from one) from exactly one source.
    The proposed classification is classify.propose's; the referral is due `referral_days` working days from the
    concern or finding (St Helens 9.10)."""
    if concern is not None:
        if not may_read_concern(actor, concern):
            raise NotFound("No such concern report among yours")
        subject = concern.subject
    if subject is None or subject.council_id != council.pk:
        raise BadInput("Choose the member of staff the case is about", field="subject")
    _may_manage(actor, council, subject)
    if concern is not None and concern.reporter_id == actor.pk and not may_read_case_of(actor, council, subject):
        raise NotAllowed("The reporter does not open the case")
    origin = _origin(council, concern, comment, post)
    summary = _text(summary, "summary", MAX_NOTE, "")
    proposal = classify.propose(council.slug, origin.findings)
    facts = cases_facts(council)
    due = add_working_days(timezone.localdate(origin.found_at), facts.referral_days)
    with transaction.atomic():
        case = Case.objects.create(
            council=council, subject=subject, source=origin.source, concern=concern, comment=comment, post=post,
            summary=summary, findings=origin.findings, found_at=origin.found_at, referral_due=due,
            proposed=proposal.classification, proposed_because=list(proposal.because), opened_by=actor)
        if concern is not None:
            case.evidence.add(*[item for item in (concern.text_evidence, concern.screenshot) if item is not None])
        else:
            what = "comment" if comment is not None else "official post"
            item = _capture(actor=actor, council=council, kind="post", data=origin.text.encode("utf-8"),
                            file_name=f"{what.replace(' ', '-')}-text.txt",
                            description=f"The text of the {what}, as CivicGuard holds it", source_url=origin.link,
                            address=address, user_agent=user_agent, via=via)
            case.evidence.add(item)
        _step(case, actor, f"Opened from {Source(origin.source).label.lower()}; proposed classification: "
                           f"{Classification(proposal.classification).label.lower()}")
        audit_record(event="cases.case.open", actor=actor, council=council, subject=case, after=_how(via))
    return case


def _state(case: Case, *allowed: Any) -> None:
    if case.status not in allowed:
        raise InvalidState(f"The case is {case.get_status_display().lower()}: that cannot be done now")


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def case_refer(*, actor: Any, case: Case, via: str = "page") -> Case:
    """Refer the case to HR (St Helens 9.10): the line manager, or HR itself."""
    _may_manage(actor, case.council, case.subject)
    with transaction.atomic():
        case = _lock(case)
        _state(case, CaseStatus.OPEN)
        case.status, case.referred_at, case.referred_by = CaseStatus.REFERRED, timezone.now(), actor
        case.save(update_fields=["status", "referred_at", "referred_by"])
        late = timezone.localdate(case.referred_at) > case.referral_due
        _step(case, actor, "Referred to HR" + (f", after the referral was due ({case.referral_due:%-d %B %Y})"
                                              if late else ", in time"))
        audit_record(event="cases.case.refer", actor=actor, council=case.council, subject=case, after=_how(via))
    return case


def _hr(actor: Any, case: Case) -> None:
    require(actor, "cases.classify", case.council)
    if not may_read_case(actor, case):
        raise NotFound("No such case among yours")


def case_classify(*, actor: Any, case: Case, classification: str, reasons: str, via: str = "page") -> Case:
    """HR confirms the proposed classification or changes it, with reasons either way (St Helens 11.1-11.2; Sefton
    13.1)."""
    _hr(actor, case)
    if classification not in Classification.values:
        raise BadInput("Choose potential gross misconduct or misconduct", field="classification")
    reasons = _text(reasons, "reasons", MAX_NOTE,
                    "Give the reasons for changing the proposed classification"
                    if classification != case.proposed else "Give the reasons for confirming the classification")
    with transaction.atomic():
        case = _lock(case)
        _state(case, CaseStatus.REFERRED, CaseStatus.CLASSIFIED)
        case.status, case.classification, case.classification_reasons = (CaseStatus.CLASSIFIED, classification,
                                                                          reasons)
        case.save(update_fields=["status", "classification", "classification_reasons"])
        CaseDecision.objects.create(case=case, kind=DecisionKind.CLASSIFICATION, value=classification,
                                    reasons=reasons, decided_by=actor)
        verb = "Confirmed" if classification == case.proposed else "Changed"
        _step(case, actor, f"{verb} the classification: {Classification(classification).label.lower()}")
        audit_record(event="cases.case.classify", actor=actor, council=case.council, subject=case, after=_how(via))
    return case


def case_investigate(*, actor: Any, case: Case, via: str = "page") -> Case:
    _hr(actor, case)
    with transaction.atomic():
        case = _lock(case)
        _state(case, CaseStatus.CLASSIFIED)
        case.status = CaseStatus.INVESTIGATING
        case.save(update_fields=["status"])
        _step(case, actor, "Investigation started")
        audit_record(event="cases.case.investigate", actor=actor, council=case.council, subject=case, after=_how(via))
    return case


def case_decide(*, actor: Any, case: Case, outcome: str, reasons: str, sanction: str = "",
                via: str = "page") -> Case:
    """The outcome (St Helens 11.1-11.3): no case to answer, informal action, formal disciplinary action with the
    sanction, referral to the police, or civil action."""
    _hr(actor, case)
    if outcome not in Outcome.values:
        raise BadInput("Choose the outcome", field="outcome")
    reasons = _text(reasons, "reasons", MAX_NOTE, "Give the reasons for the outcome")
    sanction = _text(sanction, "sanction", MAX_SANCTION,
                     "Say what the sanction is" if outcome == Outcome.FORMAL else "")
    if outcome != Outcome.FORMAL:
        sanction = ""
    with transaction.atomic():
        case = _lock(case)
        _state(case, CaseStatus.CLASSIFIED, CaseStatus.INVESTIGATING)
        case.status, case.outcome, case.sanction, case.outcome_reasons, case.decided_at = (
            CaseStatus.DECIDED, outcome, sanction, reasons, timezone.now())
        case.save(update_fields=["status", "outcome", "sanction", "outcome_reasons", "decided_at"])
        CaseDecision.objects.create(case=case, kind=DecisionKind.OUTCOME, value=outcome, sanction=sanction,
                                    reasons=reasons, decided_by=actor)
        _step(case, actor, f"Decided: {Outcome(outcome).label.lower()}" + (f" ({sanction})" if sanction else ""))
        audit_record(event="cases.case.decide", actor=actor, council=case.council, subject=case, after=_how(via))
    return case


def case_close(*, actor: Any, case: Case, via: str = "page") -> Case:
    _hr(actor, case)
    with transaction.atomic():
        case = _lock(case)
        _state(case, CaseStatus.DECIDED)
        case.status, case.closed_at = CaseStatus.CLOSED, timezone.now()
        case.save(update_fields=["status", "closed_at"])
        _step(case, actor, "Closed")
        audit_record(event="cases.case.close", actor=actor, council=case.council, subject=case, after=_how(via))
    return case


def case_note_add(*, actor: Any, case: Case, text: str, via: str = "page") -> CaseNote:
    _may_manage(actor, case.council, case.subject)
    text = _text(text, "note", MAX_NOTE, "Write the note")
    with transaction.atomic():
        note = CaseNote.objects.create(case=case, author=actor, text=text)
        _step(case, actor, "Note added")
        audit_record(event="cases.case.note", actor=actor, council=case.council, subject=case, after=_how(via))
    return note


def owner_choices(case: Case) -> list[Any]:
    """Who may own a case: its readers who may manage it (HR and the subject's line manager)."""
    from django.contrib.auth import get_user_model

    from civicguard.apps.access.capabilities import roles_holding
    from civicguard.apps.staff.models import RoleAssignment

    ids = RoleAssignment.objects.filter(council=case.council, role__in=roles_holding("cases.manage")).values(
        "user_id")
    users = get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username")
    return [u for u in users if may_read_case(u, case)]


def case_owner_set(*, actor: Any, case: Case, owner: Any, via: str = "page") -> Case:
    _may_manage(actor, case.council, case.subject)
    if owner is None or owner.pk not in {u.pk for u in owner_choices(case)}:
        raise BadInput("Choose HR or the colleague's line manager as the owner", field="owner")
    with transaction.atomic():
        case = _lock(case)
        case.owner = owner
        case.save(update_fields=["owner"])
        _step(case, actor, f"Owner: {owner.get_full_name() or owner.get_username()}")
        audit_record(event="cases.case.owner", actor=actor, council=case.council, subject=case, after=_how(via))
    return case


def case_deadline_set(*, actor: Any, case: Case, deadline: date, what: str, via: str = "page") -> Case:
    _may_manage(actor, case.council, case.subject)
    if not isinstance(deadline, date):
        raise BadInput("Enter the date", field="deadline")
    if deadline < timezone.localdate():
        raise BadInput("The deadline must be today or later", field="deadline")
    what = _text(what, "deadline_for", 200, "Say what is due by then")
    with transaction.atomic():
        case = _lock(case)
        _state(case, CaseStatus.OPEN, CaseStatus.REFERRED, CaseStatus.CLASSIFIED, CaseStatus.INVESTIGATING)
        case.deadline, case.deadline_for = deadline, what
        case.save(update_fields=["deadline", "deadline_for"])
        _step(case, actor, f"Deadline {deadline:%-d %B %Y}: {what}")
        audit_record(event="cases.case.deadline", actor=actor, council=case.council, subject=case, after=_how(via))
    return case


def case_evidence_add(*, actor: Any, case: Case, upload: Upload, description: str, source_url: str = "",
                      address: str | None = None, user_agent: str = "", via: str = "page") -> Any:
    """Add a screenshot to the case's evidence (captured with its hash, who, when and from where)."""
    _may_manage(actor, case.council, case.subject)
    shot = _screenshot(upload)
    if shot is None:
        raise BadInput("Choose the screenshot", field="file")
    description = _text(description, "description", 300, "Say what the screenshot shows")
    source_url = _link(source_url, "source_url", "") if source_url else ""
    with transaction.atomic():
        item = _capture(actor=actor, council=case.council, kind="screenshot", data=shot.data, file_name=shot.name,
                        description=description, source_url=source_url, address=address, user_agent=user_agent,
                        via=via, field="file")
        case.evidence.add(item)
        _step(case, actor, f"Evidence added: {description}")
        audit_record(event="cases.case.evidence", actor=actor, council=case.council, subject=case, after=_how(via))
    return item


def case_evidence_open(*, actor: Any, council: Council, item_pk: int, action: str = "view",
                       address: str | None = None, via: str = "page") -> tuple[Case, Any, bytes]:
    """An evidence item of a case `actor` may read, opened through the evidence app (its chain of custody and the
    read log record the view or download); not found otherwise."""
    from civicguard.apps.evidence.services import evidence_open

    case = next((c for c in Case.objects.filter(council=council, evidence__pk=item_pk).select_related(
        "subject", "subject__line_manager").distinct() if may_read_case(actor, c)), None)
    if case is None:
        raise NotFound("No such evidence among yours")
    item = case.evidence.get(pk=item_pk)
    return case, item, evidence_open(actor=actor, item=item, action=action, address=address, via=via)


def case_bundle(*, actor: Any, case: Case, address: str | None = None, via: str = "page") -> bytes:
    """The evidence bundle for a hearing: a ZIP of the case's evidence with a manifest of hashes, the findings and
    the custody log (evidence_bundle); `civicguard cases verify-bundle` checks it."""
    from civicguard.apps.evidence.services import evidence_bundle

    if not may_read_case(actor, case):
        raise NotFound("No such case among yours")
    require(actor, "cases.manage", case.council)
    summary = (f"{case.reference}: {case.get_status_display()}. Proposed classification: "
               f"{case.get_proposed_display()}" + (f"; HR's classification: {case.get_classification_display()}"
                                                   if case.classification else "") + "." +
               (f" Outcome: {case.get_outcome_display()}." if case.outcome else ""))
    data = evidence_bundle(actor=actor, council=case.council, reference=case.reference,
                           items=list(case.evidence.all()), findings=list(case.findings), summary=summary,
                           address=address, via=via)
    with transaction.atomic():
        confidential_read(reader=actor, council=case.council, kind="case", what=f"{case.reference}: evidence bundle",
                          object_id=case.pk, via=via, address=address)
        _step(case, actor, "Evidence bundle exported")
        audit_record(event="cases.case.bundle", actor=actor, council=case.council, subject=case, after=_how(via))
    return data


# ---- removal requests (Sefton 6.4) ----------------------------------------------------------------------------

def removal_request(*, actor: Any, case: Case, postings: Sequence[str] | str, deadline: date | None = None,
                    note: str = "", via: str = "page") -> RemovalRequest:
    """Ask the case's subject to remove the postings by the end of `deadline` (default: the pack's removal_days
    from today)."""
    _may_manage(actor, case.council, case.subject)
    _state(case, CaseStatus.OPEN, CaseStatus.REFERRED, CaseStatus.CLASSIFIED, CaseStatus.INVESTIGATING,
           CaseStatus.DECIDED)
    if case.subject.user_id is None:
        raise InvalidState(f"{_staff_name(case.subject)} has no CivicGuard sign-in, so cannot confirm a removal "
                           "here: ask them directly")
    links = _links(postings)
    note = _text(note, "note", MAX_NOTE, "")
    today = timezone.localdate()
    day = deadline or today + timedelta(days=cases_facts(case.council).removal_days)
    if not isinstance(day, date) or day < today:
        raise BadInput("The deadline must be today or later", field="deadline")
    if day > today + timedelta(days=MAX_DEADLINE_DAYS):
        raise BadInput(f"The deadline must be within {MAX_DEADLINE_DAYS} days", field="deadline")
    end = timezone.make_aware(datetime.combine(day, datetime.max.time().replace(microsecond=0)))
    with transaction.atomic():
        removal = RemovalRequest.objects.create(case=case, employee=case.subject, postings=links, note=note,
                                                deadline=end, requested_by=actor)
        _step(case, actor, f"Asked to remove {len(links)} posting{'s' if len(links) != 1 else ''} by "
                           f"{day:%-d %B %Y}")
        audit_record(event="cases.removal.request", actor=actor, council=case.council, subject=removal, after=_how(via))
    return removal


def removal_get(*, user: Any, council: Council, pk: int) -> RemovalRequest:
    removal = RemovalRequest.objects.select_related("case", "case__council", "case__subject", "employee").filter(
        case__council=council, pk=pk).first()
    if removal is None or not may_read_removal(user, removal):
        raise NotFound("No such removal request among yours")
    return removal


def removal_read(*, actor: Any, removal: RemovalRequest, via: str = "page", address: str | None = None
                 ) -> RemovalRequest:
    if not may_read_removal(actor, removal):
        raise NotFound("No such removal request among yours")
    confidential_read(reader=actor, council=removal.case.council, kind="removal", what=f"Removal request {removal.pk}",
                      object_id=removal.pk, via=via, address=address)
    return removal


def removal_confirm(*, actor: Any, removal: RemovalRequest, screenshot: Upload | None, note: str = "",
                    address: str | None = None, user_agent: str = "", via: str = "page") -> RemovalRequest:
    """The employee confirms they removed the postings, with a screenshot as evidence."""
    if not may_read_removal(actor, removal):
        raise NotFound("No such removal request among yours")
    if removal.employee.user_id != actor.pk:
        raise NotAllowed("Only the person asked to remove the postings confirms it")
    shot = _screenshot(screenshot)
    if shot is None:
        raise BadInput("Choose a screenshot that shows the postings are gone", field="screenshot")
    note = _text(note, "note", MAX_NOTE, "")
    council = removal.case.council
    with transaction.atomic():
        removal = RemovalRequest.objects.select_for_update().select_related("case").get(pk=removal.pk)
        if removal.confirmed_at is not None:
            raise InvalidState("This removal was confirmed already")
        item = _capture(actor=actor, council=council, kind="screenshot", data=shot.data, file_name=shot.name,
                        description="The employee's screenshot showing the postings removed", address=address,
                        user_agent=user_agent, via=via)
        removal.confirmed_at, removal.confirmed_by, removal.confirm_note, removal.evidence = (
            timezone.now(), actor, note, item)
        removal.save(update_fields=["confirmed_at", "confirmed_by", "confirm_note", "evidence"])
        removal.case.evidence.add(item)
        late = removal.confirmed_at > removal.deadline
        _step(removal.case, actor, "The employee confirmed the postings were removed" + (" (after the deadline)"
                                                                                        if late else ""))
        audit_record(event="cases.removal.confirm", actor=actor, council=council, subject=removal, after=_how(via))
    return removal


@dataclass
class EscalationReport:
    escalated: list[RemovalRequest]


def removal_escalate_overdue(*, now: datetime | None = None) -> EscalationReport:
    """Every unconfirmed request past its deadline escalates to its case, once (the hourly job,
    `cases.removals_overdue`)."""
    now = now or timezone.now()
    done: list[RemovalRequest] = []
    due = RemovalRequest.objects.filter(confirmed_at__isnull=True, escalated_at__isnull=True, deadline__lt=now)
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            removal = RemovalRequest.objects.select_for_update().select_related("case", "case__council").get(pk=pk)
            if removal.confirmed_at is not None or removal.escalated_at is not None:
                continue
            removal.escalated_at = now
            removal.save(update_fields=["escalated_at"])
            _step(removal.case, None, f"A request to remove postings was not confirmed by its deadline "
                                      f"({timezone.localtime(removal.deadline):%-d %B %Y}): escalated to the case")
            audit_record(event="cases.removal.escalate", actor=None, council=removal.case.council,
                         subject=removal, after=_how("system"))
            done.append(removal)
    return EscalationReport(done)


# ---- notices from the pack ---------------------------------------------------------------------------------------

def notices_due(case: Case) -> list[Any]:
    """The pack's notices the case's findings call for (facts.cases.notices_for: the one rule)."""
    return cases_facts(case.council).notices_for(case.categories)


def notice_text(case: Case, rule: Any) -> str:
    clauses = ", ".join(rule.clauses)
    return (f"{rule.why}{f' ({clauses})' if clauses else ''}. A case about a member of staff's use of social media "
            f"({case.reference}) is open; HR can tell you more.")


def notice_send(*, actor: Any, case: Case, rule_slug: str, text: str = "", via: str = "page") -> PackNotice:
    """Tell who the pack says must be told: the role's holders see it waiting; an address gets an e-mail."""
    _may_manage(actor, case.council, case.subject)
    rule = next((r for r in notices_due(case) if r.slug == rule_slug), None)
    if rule is None:
        raise BadInput("The pack calls for no such notice on this case", field="rule")
    text = _text(text, "text", MAX_NOTE, "") or notice_text(case, rule)
    with transaction.atomic():
        notice = PackNotice.objects.create(case=case, rule=rule.slug, recipient=rule.name, role=rule.role or "",
                                           address=rule.address or "", why=rule.why, clauses=list(rule.clauses),
                                           text=text, sent_by=actor)
        _step(case, actor, f"Told {rule.name}")
        audit_record(event="cases.notice.send", actor=actor, council=case.council, subject=notice, after=_how(via))
        if notice.address:
            transaction.on_commit(lambda: _mail(notice))
    return notice


def _mail(notice: PackNotice) -> None:
    from django.core.mail import send_mail
    from django.urls import reverse

    base = str(getattr(settings, "CIVICGUARD_SITE_URL", "") or "").rstrip("/")
    lines = [notice.text, "", f"Sent by CivicGuard for {notice.case.council.name}."]
    if base:
        lines.append(f"See it at {base}{reverse('cases:notice', args=[notice.pk])} (sign in first).")
    send_mail(f"CivicGuard: {notice.why}"[:150], "\n".join(lines), None, [notice.address], fail_silently=True)


def notice_acknowledge(*, actor: Any, notice: PackNotice, via: str = "page") -> PackNotice:
    if not may_read_notice(actor, notice):
        raise NotFound("No such notice among yours")
    if not notice.role or notice.role not in roles_in(actor, notice.case.council):
        raise NotAllowed("Only the people the notice was sent to acknowledge it")
    with transaction.atomic():
        notice = PackNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.acknowledged_at is not None:
            raise InvalidState("This notice was acknowledged already")
        notice.acknowledged_at, notice.acknowledged_by = timezone.now(), actor
        notice.save(update_fields=["acknowledged_at", "acknowledged_by"])
        _step(notice.case, actor, f"{notice.recipient[:1].upper()}{notice.recipient[1:]} acknowledged the notice")
        audit_record(event="cases.notice.acknowledge", actor=actor, council=notice.case.council,
                     subject=notice, after=_how(via))
    return notice


def referral_clock(case: Case, today: date | None = None) -> str:
    """St Helens 9.10, in plain English: "due in 3 days", "due today", "overdue by 2 days", or when it was
    referred."""
    if case.referred_at is not None:
        late = timezone.localdate(case.referred_at) > case.referral_due
        return f"referred on {timezone.localtime(case.referred_at):%-d %B %Y}" + (" (late)" if late else " (in time)")
    today = today or timezone.localdate()
    days = (case.referral_due - today).days
    if days > 0:
        return f"due in {days} day{'s' if days != 1 else ''}"
    if days == 0:
        return "due today"
    return f"overdue by {-days} day{'s' if days != -1 else ''}"
