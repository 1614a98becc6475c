"""Changing disclosure requests (FOI and subject access; St Helens 5.5). Each service checks the actor's capability,
makes the change and writes its audit entry in one transaction; pages, API and the command line only call these.

* `disclosure_request_open`: a new request, with its due date (FOI: 20 working days; subject access: one month);
* `disclosure_request_search`: run the search (search.find) and keep what it found (held from the purge while
  the request is open);
* `disclosure_request_preview`: the rows the export would hold, redacted (confidential reads logged);
* `disclosure_request_export`: the export (CSV, JSON, PDF summary in one zip) and its Disclosure log line;
* `disclosure_request_close`: close without (or after) disclosing, with a reason.

Audit entries name record types, ids and counts, never the requester's or the subject's personal data.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from civicguard.apps.access.checks import require
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.disclosure import export as exporting
from civicguard.apps.disclosure import search
from civicguard.apps.disclosure.models import Disclosure, DisclosureRequest, Kind, Status
from civicguard.apps.disclosure.redaction import Subject
from civicguard.errors import BadInput, InvalidState, NotFound

FOI_WORKING_DAYS = 20
MAX_TEXT = 2000
MAX_NAME = 200
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
HANDLE = re.compile(r"^@?[A-Za-z0-9_.]{1,50}$")


def due_date(kind: str, received: date) -> date:
    """FOI Act s.10: 20 working days; UK GDPR Art. 12(3): one month (the same day next month, or its last day)."""
    if kind == Kind.FOI:
        from civicguard.apps.cases.services import add_working_days

        return add_working_days(received, FOI_WORKING_DAYS)
    year, month = (received.year + 1, 1) if received.month == 12 else (received.year, received.month + 1)
    return date(year, month, min(received.day, calendar.monthrange(year, month)[1]))


def _text(value: Any, field: str, limit: int, missing: str = "") -> str:
    if value is not None and not isinstance(value, str):
        raise BadInput(f"The {field.replace('_', ' ')} must be text", field=field)
    value = (value or "").strip()
    if missing and not value:
        raise BadInput(missing, field=field)
    if len(value) > limit:
        raise BadInput(f"The {field.replace('_', ' ')} must be {limit} characters or fewer", field=field)
    return value


def _list(values: Any, field: str, pattern: re.Pattern[str], what: str) -> list[str]:
    if isinstance(values, str):
        values = re.split(r"[,\s]+", values)
    out: list[str] = []
    for v in values or []:
        v = str(v).strip()
        if not v:
            continue
        if not pattern.match(v):
            raise BadInput(f"“{v[:60]}” is not {what}", field=field)
        if v not in out:
            out.append(v)
    return out


@dataclass(frozen=True)
class Requester:
    name: str
    email: str = ""
    address: str = ""


def _reference(request: DisclosureRequest) -> str:
    return request.reference


def _for(actor: Any, request: DisclosureRequest) -> DisclosureRequest:
    require(actor, "disclosure.handle", request.council)
    return request


@transaction.atomic
def disclosure_request_open(*, actor: Any, council: Council, kind: str, requester: Requester, subject_name: str = "",
                            subject_handles: Any = (), subject_emails: Any = (), date_from: date | None = None,
                            date_to: date | None = None, received_on: date | None = None,
                            via: str = "page") -> DisclosureRequest:
    require(actor, "disclosure.handle", council)
    if kind not in Kind.values:
        raise BadInput("Choose Freedom of Information or subject access", field="kind")
    name = _text(requester.name, "requester_name", MAX_NAME, "Enter the requester's name")
    email = _text(requester.email, "requester_email", 254)
    if email and not EMAIL.match(email):
        raise BadInput("Enter the requester's e-mail address in the right form, like name@example.com",
                       field="requester_email")
    subject = _text(subject_name, "subject_name", MAX_NAME)
    handles = _list(subject_handles, "subject_handles", HANDLE, "a social media handle")
    emails = _list(subject_emails, "subject_emails", EMAIL, "an e-mail address")
    if not (subject or handles or emails):
        raise BadInput("Enter the name, a handle or an e-mail address of the person to search for",
                       field="subject_name")
    if date_from and date_to and date_to < date_from:
        raise BadInput("The end of the date range is before its start", field="date_to")
    received = received_on or timezone.localdate()
    if received > timezone.localdate():
        raise BadInput("The request cannot have been received in the future", field="received_on")
    request = DisclosureRequest.objects.create(
        council=council, kind=kind, requester_name=name, requester_email=email,
        requester_address=_text(requester.address, "requester_address", MAX_TEXT), subject_name=subject,
        subject_handles=handles, subject_emails=emails, date_from=date_from, date_to=date_to, received_on=received,
        due_on=due_date(kind, received), opened_by=actor)
    audit_record(event="disclosure.request.open", actor=actor, council=council, subject=request,
                 after={"kind": kind, "received_on": received.isoformat(), "due_on": request.due_on.isoformat(),
                        "via": via})
    return request


def subject_of(request: DisclosureRequest) -> Subject:
    """Whose data stays unredacted: for a subject access request the subject; for FOI nobody."""
    if request.kind == Kind.SAR:
        return Subject.of(request.subject_name, request.subject_handles, request.subject_emails)
    return Subject.nobody()


@transaction.atomic
def disclosure_request_search(*, actor: Any, request: DisclosureRequest, via: str = "page") -> search.Found:
    """Search every record type the actor may read; keep the ids found (the legal hold while the request is open)."""
    _for(actor, request)
    request = DisclosureRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise InvalidState("The request is closed: open a new one to search again")
    found = search.find(actor=actor, council=request.council, terms=search.Terms.of(request))
    request.found, request.status, request.searched_at = found.ids, Status.SEARCHED, timezone.now()
    request.save(update_fields=["found", "status", "searched_at"])
    audit_record(event="disclosure.request.search", actor=actor, council=request.council, subject=request,
                 after={"counts": found.counts, "not_searched": sorted(found.not_searched), "via": via})
    return found


def disclosure_request_preview(*, actor: Any, request: DisclosureRequest, via: str = "page") -> list[dict[str, Any]]:
    """The rows the export would hold, redacted, from what the last search found (each confidential one logged)."""
    _for(actor, request)
    request = DisclosureRequest.objects.select_related("council").get(pk=request.pk)
    items = search.records(actor=actor, council=request.council, ids=request.found or {})
    return search.rows(actor=actor, council=request.council, items=items, subject=subject_of(request),
                       reference=request.reference, via=via)


@dataclass(frozen=True)
class Export:
    disclosure: Disclosure
    data: bytes
    filename: str


@transaction.atomic
def disclosure_request_export(*, actor: Any, request: DisclosureRequest, via: str = "page") -> Export:
    """The export of what the last search found: records.csv, records.json and summary.pdf in one zip, with third
    parties' personal data redacted; logged as a Disclosure (what, to whom, when, by whom) and audited."""
    _for(actor, request)
    request = DisclosureRequest.objects.select_for_update().select_related("council").get(pk=request.pk)
    if request.status == Status.CLOSED:
        raise InvalidState("The request is closed")
    if request.searched_at is None:
        raise InvalidState("Search first: the export holds what the search found")
    items = search.records(actor=actor, council=request.council, ids=request.found or {})
    rows = search.rows(actor=actor, council=request.council, items=items, subject=subject_of(request),
                       reference=request.reference, via=via)
    redaction = ("Third parties' personal data redacted; the subject's own kept" if request.kind == Kind.SAR
                 else "Everyone's personal data redacted")
    data, sha = exporting.build(request=request, rows=rows, redaction=redaction, by=actor)
    ids = {k: [r.pk for r in v] for k, v in items.items() if v}
    disclosure = Disclosure.objects.create(request=request, disclosed_by=actor, counts={k: len(v) for k, v in
                                                                                          ids.items()},
                                           ids=ids, redaction=redaction, sha256=sha, via=via)
    request.status = Status.DISCLOSED
    request.save(update_fields=["status"])
    audit_record(event="disclosure.request.export", actor=actor, council=request.council, subject=request,
                 after={"disclosure": disclosure.pk, "counts": disclosure.counts, "ids": ids, "sha256": sha,
                        "via": via})
    return Export(disclosure=disclosure, data=data,
                  filename=f"{request.reference.lower()}-{timezone.localdate():%Y-%m-%d}.zip")


@transaction.atomic
def disclosure_request_close(*, actor: Any, request: DisclosureRequest, reason: str,
                             via: str = "page") -> DisclosureRequest:
    """Close the request (answered, withdrawn, refused under an exemption): its hold on records ends."""
    _for(actor, request)
    request = DisclosureRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == Status.CLOSED:
        raise InvalidState("The request is closed already")
    reason = _text(reason, "reason", MAX_TEXT, "Say why the request is closed")
    before = request.status
    request.status, request.closed_at, request.close_reason = Status.CLOSED, timezone.now(), reason
    request.save(update_fields=["status", "closed_at", "close_reason"])
    audit_record(event="disclosure.request.close", actor=actor, council=request.council, subject=request,
                 before={"status": before}, after={"status": "closed", "via": via})
    return request


def request_for(*, actor: Any, council: Council, pk: int) -> DisclosureRequest:
    """One of the council's requests, for someone who handles them (anyone else: not found)."""
    from civicguard.apps.access.checks import can

    request = DisclosureRequest.objects.filter(council=council, pk=pk).select_related("council", "opened_by").first()
    if request is None or not can(actor, "disclosure.handle", council):
        raise NotFound("No such disclosure request")
    return request
