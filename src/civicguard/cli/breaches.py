"""`civicguard breaches list|show`: personal data breach records and their ICO clocks from the command line (UK GDPR
articles 33-34; St Helens 6.15; Sefton 13.2), for the Data Protection Officer's team who work from a terminal, or a
script that alerts them. The same rules as the pages: a person reads only the records they may (Legal and the pack's
DPO role all of them, others those they opened), and every list or record shown is a logged read.

Exit codes: 0 = done, 2 = bad input or not allowed (a clear message on stderr)."""

from __future__ import annotations

import json
from typing import Any

import click

from civicguard.cli.errors import handle_errors
from civicguard.cli.web import open_database

AS = click.option("--as", "username", required=True, help="Who is reading (their roles decide what they see).")
COUNCIL = click.option("--council", "slug", required=True, help="The council (its pack id), e.g. st-helens.")


@click.group("breaches")
def breaches() -> None:
    """Personal data breach records: the list with each ICO clock, and one record."""


def _row(breach: Any) -> dict[str, Any]:
    from civicguard.apps.breaches.selectors import clock

    found = clock(breach)
    return {"id": breach.pk, "status": breach.get_status_display(), "risk": breach.get_risk_display() or "",
            "aware_at": breach.aware_at.isoformat(), "ico_deadline": found.deadline.isoformat(),
            "ico": found.text, "urgent": found.urgent, "people_count": breach.people_count, "what": breach.what}


@breaches.command("list")
@AS
@COUNCIL
@click.option("--open-only", is_flag=True, help="Leave out closed records.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object per record) instead of lines.")
@handle_errors
def list_command(username: str, slug: str, open_only: bool, as_json: bool) -> None:
    """The records you may read, newest awareness first, with where each ICO clock stands (urgent ones marked)."""
    open_database()
    from civicguard.apps.access.checks import require
    from civicguard.apps.breaches.models import Status
    from civicguard.apps.breaches.selectors import readable
    from civicguard.apps.breaches.services import breach_list_read
    from civicguard.cli.unblocking import council_of, person

    actor = person(username)
    council = council_of(actor, slug)
    require(actor, "breaches.open", council)
    records = readable(user=actor, council=council).order_by("-aware_at", "-id")
    if open_only:
        records = records.exclude(status=Status.CLOSED)
    shown = breach_list_read(actor=actor, council=council, breaches=list(records), via="cli")
    rows = [_row(b) for b in shown]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("No personal data breach records you may read.")
    for row in rows:
        mark = "URGENT " if row["urgent"] else ""
        click.echo(f"{mark}#{row['id']} {row['status']}{' (' + row['risk'] + ')' if row['risk'] else ''}: "
                   f"{row['ico']}")


@breaches.command("show")
@AS
@COUNCIL
@click.argument("number", type=int)
@handle_errors
def show_command(username: str, slug: str, number: int) -> None:
    """One record as JSON: what happened, whose data, the clock, the decisions so far (a logged read)."""
    open_database()
    from civicguard.apps.breaches.selectors import breach_get
    from civicguard.apps.breaches.services import breach_read
    from civicguard.cli.unblocking import council_of, person

    actor = person(username)
    council = council_of(actor, slug)
    breach = breach_read(actor=actor, breach=breach_get(user=actor, council=council, pk=number), via="cli")
    row = _row(breach)
    row.update({"people_categories": breach.people_categories, "data_categories": breach.data_categories,
                "containment": breach.containment, "ico_told_at": breach.ico_told_at.isoformat()
                if breach.ico_told_at else None, "ico_reference": breach.ico_reference,
                "people_told_at": breach.people_told_at.isoformat() if breach.people_told_at else None,
                "notices": [{"to": n.recipient, "sent_at": n.sent_at.isoformat()} for n in breach.notices.all()]})
    click.echo(json.dumps(row, indent=2))
