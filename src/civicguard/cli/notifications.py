"""`civicguard notifications digest`: send today's daily e-mails of what waits on each person now (the scheduled
job does the same every hour from CIVICGUARD_DIGEST_HOUR on). Nobody gets two in a day."""

from __future__ import annotations

import click

from civicguard.cli.errors import handle_errors
from civicguard.cli.web import open_database


@click.group("notifications")
def notifications() -> None:
    """What waits on each person: the daily e-mail."""


@notifications.command("digest")
@click.option("--council", "council_id", default=None, help="Only this council (its pack id), e.g. st-helens.")
@click.option("--dry-run", is_flag=True, help="Say who would get an e-mail and how many things it lists; send none.")
@handle_errors
def digest_command(council_id: str | None, dry_run: bool) -> None:
    """E-mail each person with a role what waits on them, once a day and only when something does. People who
    turned the e-mail off, and people who had today's already, are skipped (and listed)."""
    open_database()
    from civicguard.apps.councils.services import council_for_pack
    from civicguard.apps.notifications.services import digest_send

    council = council_for_pack(council_id) if council_id else None
    outcomes = digest_send(council=council, dry_run=dry_run)
    if dry_run:
        click.echo("Dry run (nothing sent):")
    for o in outcomes:
        things = f": {o.items} thing{'s' if o.items != 1 else ''} waiting" if o.items else ""
        click.echo(f"  {o.username} ({o.council}){things}: {o.result}")
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.result] = counts.get(o.result, 0) + 1
    if not outcomes:
        click.echo("Nobody holds a role in CivicGuard yet.")
    else:
        click.echo(", ".join(f"{n} {result}" for result, n in sorted(counts.items())))
