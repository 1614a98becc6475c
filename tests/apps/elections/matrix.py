"""The permission matrix's rows for the election calendar (see tests/apps/matrix.py).

St Helens has one election on its calendar, a by-election in Quillfeather ward polling in four months (its period
has not begun, so no banner carries the marker onto other apps' pages). Everyone in the council sees the calendar;
the Information Management Group, approvers and administrators change it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from civicguard.apps.elections.models import Election
from civicguard.apps.elections.services import election_add
from tests.apps.factories import person
from tests.apps.matrix import ALL, OK, api, page, roles

VIEWERS = ALL                                  # elections.view
MANAGERS = roles("img", "admin", "approver")   # elections.manage
LEGEND = {"elections.view": VIEWERS, "elections.manage": MANAGERS}


def _poll() -> Any:
    return timezone.localdate() + timedelta(days=150)


def _form(w: Any) -> dict[str, Any]:
    day = _poll()
    return {"name": "Mayoral election", "kind": "mayoral", "polling_day-day": day.day,
            "polling_day-month": day.month, "polling_day-year": day.year}


BODIES = {
    "elections: an election": _form,
    "elections: an election (API)": lambda w: {"council": "st-helens", "name": "Mayoral election",
                                               "kind": "mayoral", "polling_day": _poll().isoformat()},
    "elections: a change (API)": lambda w: {"name": "Mayoral election", "kind": "mayoral",
                                            "polling_day": _poll().isoformat()},
    "elections: a cancellation": lambda w: {"reason": "The poll was countermanded"},
}

TARGETS = {"election"}


def build(world: Any) -> dict[str, Any]:
    keeper = person("img", username="sth-matrix-elections-img")
    found = election_add(actor=keeper, council=world.council, name="Quillfeather ward by-election",
                         kind="by-election", wards="Quillfeather", polling_day=timezone.localdate() + timedelta(120))
    return {"election": found}


def state(council: Any) -> tuple[Any, ...]:
    return (list(Election.objects.filter(council=council).order_by("pk")
                 .values_list("pk", "name", "kind", "polling_day", "period_start", "period_end", "status")),)


ELECTION = {"target": "election", "gate": MANAGERS}
ROWS = {
    ("elections:list", "GET", ""): page(VIEWERS, shows=VIEWERS),
    ("elections:new", "GET", ""): page(MANAGERS),
    ("elections:new", "POST", ""): page(MANAGERS, body="elections: an election", changes=True),
    ("elections:detail", "GET", ""): page(VIEWERS, target="election", shows=VIEWERS),
    ("elections:change", "GET", ""): page(MANAGERS, shows=MANAGERS, **ELECTION),
    ("elections:change", "POST", ""): page(MANAGERS, body="elections: an election", changes=True, **ELECTION),
    ("elections:cancel", "POST", ""): page(MANAGERS, body="elections: a cancellation", changes=True, **ELECTION),
    ("api-elections", "GET", ""): api(VIEWERS, shows=VIEWERS, stranger=200, elsewhere=(OK, OK),
                                      note="the calendars of the person's councils"),
    ("api-elections", "POST", ""): api(MANAGERS, body="elections: an election (API)", changes=True),
    ("api-election", "GET", ""): api(VIEWERS, target="election", shows=VIEWERS),
    ("api-election", "PUT", ""): api(MANAGERS, target="election", body="elections: a change (API)", changes=True),
    ("api-election-cancellation", "POST", ""): api(MANAGERS, target="election", body="elections: a cancellation",
                                                   changes=True),
}
