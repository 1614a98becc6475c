"""`civicguard elections list|add`: a council's election calendar and its pre-election periods from the command
line, as a named person (--as), through the same services and checks as the pages and the API.

Exit codes: 0 = done, 2 = bad input or not allowed (a clear message on stderr)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import click

from civicguard.cli.errors import handle_errors
from civicguard.cli.unblocking import council_of, person
from civicguard.errors import BadInput

KINDS = ["local", "mayoral", "parliamentary", "police", "referendum", "by-election"]


def _start() -> None:
    from civicguard.cli.web import setup_django

    setup_django()


def _day(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"--{field.replace('_', '-')} must be a date such as 2027-05-06", field=field) from None


def _row(election: Any, state: str) -> dict[str, Any]:
    return {"id": election.pk, "council": election.council.slug, "name": election.name, "kind": election.kind,
            "wards": election.wards, "polling_day": election.polling_day.isoformat(),
            "notice_published_on": election.notice_published_on.isoformat() if election.notice_published_on else None,
            "period_start": election.period_start.isoformat(), "period_end": election.period_end.isoformat(),
            "status": election.status, "period_on": state == "on"}


@click.group("elections")
def elections() -> None:
    """The election calendar: list it, add an election."""


@elections.command("list")
@click.option("--council", "council_slug", required=True, metavar="SLUG", help="The council, e.g. st-helens.")
@click.option("--as", "username", required=True, metavar="USERNAME", help="Whose view (anyone in the council).")
@click.option("--json", "as_json", is_flag=True, help="Print them as JSON.")
@handle_errors
def list_command(council_slug: str, username: str, as_json: bool) -> None:
    """The council's elections by polling day, with their pre-election periods (the one on today is marked)."""
    _start()
    from civicguard.apps.access.checks import require
    from civicguard.apps.elections.selectors import calendar, state_of

    actor = person(username)
    council = council_of(actor, council_slug)
    require(actor, "elections.view", council)
    rows = [_row(e, state_of(e)) for e in calendar(council=council).select_related("council")]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for r in rows:
        mark = "  PERIOD ON NOW" if r["period_on"] else (" (cancelled)" if r["status"] == "cancelled" else "")
        click.echo(f"{r['id']}\t{r['name']}\tpolling {r['polling_day']}\tperiod {r['period_start']} to "
                   f"{r['period_end']}{mark}")
    if not rows:
        click.echo("no elections on the calendar", err=True)


@elections.command("add")
@click.option("--council", "council_slug", required=True, metavar="SLUG", help="The council, e.g. st-helens.")
@click.option("--as", "username", required=True, metavar="USERNAME",
              help="Who adds it (the Information Management Group, an approver or an administrator).")
@click.option("--name", required=True, help="As staff and the public know it.")
@click.option("--kind", required=True, type=click.Choice(KINDS))
@click.option("--polling-day", required=True, metavar="YYYY-MM-DD")
@click.option("--wards", default="", help="The wards polling (a by-election).")
@click.option("--notice", "notice", default=None, metavar="YYYY-MM-DD",
              help="The day the notice of election is published (the period starts then by default).")
@click.option("--period-start", default=None, metavar="YYYY-MM-DD", help="Set the first day yourself.")
@click.option("--period-end", default=None, metavar="YYYY-MM-DD", help="Set the last day yourself.")
@handle_errors
def add_command(council_slug: str, username: str, name: str, kind: str, polling_day: str, wards: str,
                notice: str | None, period_start: str | None, period_end: str | None) -> None:
    """Put an election on the council's calendar; its period follows the council's policy pack unless given."""
    _start()
    from civicguard.apps.elections.services import election_add

    actor = person(username)
    council = council_of(actor, council_slug)
    found = election_add(actor=actor, council=council, name=name, kind=kind,
                         polling_day=_day(polling_day, "polling_day"), wards=wards,
                         notice_published_on=_day(notice, "notice_published_on"),
                         period_start=_day(period_start, "period_start"), period_end=_day(period_end, "period_end"),
                         via="cli")
    click.echo(f"election {found.pk} ({found.name}): pre-election period {found.period_start.isoformat()} to "
               f"{found.period_end.isoformat()}")
