"""Changing the election calendar. Each service checks `elections.manage`, makes the change and writes its audit
entry in one transaction; pages, the API and `civicguard elections` only call these.

* `election_add`: a new election; its period's days come from the pack (`selectors.period_dates`) unless given;
* `election_change`: its name, wards, polling day, notice day or period's days;
* `election_cancel`: it is no longer held (a by-election withdrawn); its period stops applying at once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from civicguard.apps.access.checks import require
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.elections.models import Election, Kind, Status
from civicguard.apps.elections.selectors import period_dates
from civicguard.errors import BadInput, InvalidState

MAX_NAME = 200
MAX_WARDS = 500
MAX_REASON = 2000
VIAS = ("page", "api", "cli")


def _snapshot(election: Election) -> dict[str, Any]:
    return {"name": election.name, "kind": election.kind, "wards": election.wards,
            "polling_day": election.polling_day.isoformat(),
            "notice_published_on": election.notice_published_on.isoformat() if election.notice_published_on else "",
            "period_start": election.period_start.isoformat(), "period_end": election.period_end.isoformat(),
            "status": election.status}


def _clean(*, council: Council, name: Any, kind: Any, wards: Any, polling_day: Any, notice_published_on: Any,
           period_start: Any, period_end: Any) -> dict[str, Any]:
    name = (name or "").strip() if isinstance(name, str) else ""
    if not name:
        raise BadInput("Enter the election's name, as staff and the public know it", field="name")
    if len(name) > MAX_NAME:
        raise BadInput(f"The name must be {MAX_NAME} characters or fewer", field="name")
    if kind not in Kind.values:
        raise BadInput(f"Choose the kind of election: {', '.join(Kind.values)}", field="kind")
    wards = (wards or "").strip() if isinstance(wards, str) else ""
    if len(wards) > MAX_WARDS:
        raise BadInput(f"The wards must be {MAX_WARDS} characters or fewer", field="wards")
    if kind == Kind.BY_ELECTION and not wards:
        raise BadInput("Enter the ward or wards the by-election is for", field="wards")
    for field, value in (("polling_day", polling_day), ("notice_published_on", notice_published_on),
                         ("period_start", period_start), ("period_end", period_end)):
        if value is not None and not isinstance(value, date):
            raise BadInput("Enter a real date", field=field)
    if polling_day is None:
        raise BadInput("Enter the polling day", field="polling_day")
    if notice_published_on is not None and notice_published_on > polling_day:
        raise BadInput("The notice of election is published before polling day", field="notice_published_on")
    start, end = period_dates(council=council, polling_day=polling_day, notice_published_on=notice_published_on)
    start, end = period_start or start, period_end or end
    if start > polling_day:
        raise BadInput("The period must start on or before polling day", field="period_start")
    if end < polling_day:
        raise BadInput("The period must end on or after polling day", field="period_end")
    return {"name": name, "kind": kind, "wards": wards, "polling_day": polling_day,
            "notice_published_on": notice_published_on, "period_start": start, "period_end": end}


def election_add(*, actor: Any, council: Council, name: Any, kind: Any, polling_day: date | None,
                 wards: Any = "", notice_published_on: date | None = None, period_start: date | None = None,
                 period_end: date | None = None, via: str = "page") -> Election:
    """Put an election on the council's calendar. Without `period_start`/`period_end` its period follows the pack
    (`selectors.period_dates`)."""
    require(actor, "elections.manage", council)
    fields = _clean(council=council, name=name, kind=kind, wards=wards, polling_day=polling_day,
                    notice_published_on=notice_published_on, period_start=period_start, period_end=period_end)
    with transaction.atomic():
        election = Election.objects.create(council=council, created_by=actor, **fields)
        audit_record(event="elections.election.add", actor=actor, council=council, subject=election,
                     after={**_snapshot(election), "via": via})
    return election


def election_change(*, actor: Any, election: Election, name: Any, kind: Any, polling_day: date | None,
                    wards: Any = "", notice_published_on: date | None = None, period_start: date | None = None,
                    period_end: date | None = None, via: str = "page") -> Election:
    """Change an election that is still scheduled. Days left out are worked out from the pack again."""
    require(actor, "elections.manage", election.council)
    fields = _clean(council=election.council, name=name, kind=kind, wards=wards, polling_day=polling_day,
                    notice_published_on=notice_published_on, period_start=period_start, period_end=period_end)
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.status != Status.SCHEDULED:
            raise InvalidState("This election was cancelled: add it again if it is held after all")
        before = _snapshot(election)
        for key, value in fields.items():
            setattr(election, key, value)
        election.save()
        audit_record(event="elections.election.change", actor=actor, council=election.council, subject=election,
                     before=before, after={**_snapshot(election), "via": via})
    return election


def election_cancel(*, actor: Any, election: Election, reason: Any, via: str = "page") -> Election:
    """Take an election off the calendar (it will not be held); its period stops applying at once."""
    require(actor, "elections.manage", election.council)
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise BadInput("Enter why the election is cancelled", field="reason")
    if len(reason) > MAX_REASON:
        raise BadInput(f"The reason must be {MAX_REASON} characters or fewer", field="reason")
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        if election.status == Status.CANCELLED:
            raise InvalidState("This election is already cancelled")
        before = _snapshot(election)
        election.status, election.cancel_reason = Status.CANCELLED, reason
        election.save(update_fields=["status", "cancel_reason", "updated"])
        audit_record(event="elections.election.cancel", actor=actor, council=election.council, subject=election,
                     before=before, after={"status": election.status, "reason": reason, "via": via})
    return election
