"""Reads of the election calendar, and the one rule on whether a pre-election period is on.

`period_for(council, on=day)` is that rule: the posts app (to tell the check engine), the personal check's
reminder, the banner on every page and the dashboard all ask it, and nothing else decides it. `period_dates` is
the one rule on when a period starts and ends, from the pack's `facts.elections`."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from civicguard.apps.access.checks import can
from civicguard.apps.councils.models import Council
from civicguard.apps.elections.models import Election, Status
from civicguard.engine import pack_for
from civicguard.engine.packs.schema import Elections


def rules_of(council: Council) -> Elections:
    """The pack's pre-election facts (the defaults when a pack states none)."""
    facts = pack_for(council.slug).facts
    return facts.elections if facts is not None else Elections()


def working_days_before(day: date, count: int) -> date:
    """The day `count` working days before `day` (Saturdays and Sundays skipped; bank holidays are not known here:
    whoever adds the election can give the start day instead)."""
    while count > 0:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def period_dates(*, council: Council, polling_day: date, notice_published_on: date | None = None) -> tuple[date, date]:
    """The pre-election period's first and last days for an election on `polling_day`, as the pack says:
    `period_starts: notice` starts it the day the notice of election is published (when none is recorded yet,
    `notice_working_days` working days before polling day), `working-days-before` that many working days before;
    `period_ends` ends it on polling day or the day after."""
    rules = rules_of(council)
    if rules.period_starts == "notice":
        start = notice_published_on or working_days_before(polling_day, rules.notice_working_days)
    else:
        start = working_days_before(polling_day, rules.working_days_before)
    end = polling_day + timedelta(days=1) if rules.period_ends == "day-after-polling" else polling_day
    return start, end


def period_for(council: Council | None, on: date | None = None) -> Election | None:
    """The election whose pre-election period is on for `council` on `on` (today when not given): scheduled, with
    its first day on or before the day and its last day on or after it. When two overlap, the one polling first."""
    if council is None:
        return None
    day = on or timezone.localdate()
    return (Election.objects.filter(council=council, status=Status.SCHEDULED, period_start__lte=day,
                                    period_end__gte=day)
            .order_by("polling_day", "pk").first())


def election_name(council: Council | None, on: date | None = None) -> str | None:
    """The name the check engine is told (`Context.election`): the period's election, or None."""
    found = period_for(council, on)
    return found.name if found is not None else None


def warnings_need_second_person(council: Council, on: date | None = None) -> bool:
    """During a period, an override of a warning on an official post waits for a second person when the pack says
    so (facts.elections.warnings_need_second_person): the posts app asks this, not a copy of the rule."""
    return rules_of(council).warnings_need_second_person and period_for(council, on) is not None


def calendar(*, council: Council, include_cancelled: bool = True) -> QuerySet[Election]:
    found = Election.objects.filter(council=council).select_related("created_by")
    return found if include_cancelled else found.filter(status=Status.SCHEDULED)


def election_of(*, user: Any, council: Council, pk: int) -> Election:
    """One election of the council the person may see (404 for another council's, or none)."""
    from civicguard.errors import NotFound

    found = Election.objects.filter(council=council, pk=pk).first()
    if found is None or not can(user, "elections.view", council):
        raise NotFound("No such election on this council's calendar")
    return found


def state_of(election: Election, on: date | None = None) -> str:
    """"cancelled", "on" (the period is on), "coming" (not yet) or "past"."""
    day = on or timezone.localdate()
    if election.status == Status.CANCELLED:
        return "cancelled"
    if election.period_start <= day <= election.period_end:
        return "on"
    return "coming" if day < election.period_start else "past"
