"""`civicguard disclosure purge|schedule|export`: retention and FOI / subject access from the command line.

Exit codes: 0 = done, 2 = bad input or not allowed (a clear message on stderr)."""

from __future__ import annotations

from pathlib import Path

import click

from civicguard.cli.errors import handle_errors
from civicguard.cli.web import open_database


@click.group("disclosure")
def disclosure() -> None:
    """FOI and subject access requests, and the retention purge."""


@disclosure.command("purge")
@click.option("--dry-run", is_flag=True, help="Say what would be removed, and remove nothing.")
@click.option("--council", "slug", default="", help="Only this council (its pack id).")
@handle_errors
def purge_command(dry_run: bool, slug: str) -> None:
    """Remove every record past its pack's retention period (kept if under a legal hold), and log what went."""
    open_database()
    from civicguard.apps.councils.models import Council
    from civicguard.apps.disclosure.retention import TYPE_NAMES, retention_purge
    from civicguard.errors import BadInput

    council = None
    if slug:
        council = Council.objects.filter(slug=slug).first()
        if council is None:
            raise BadInput(f"No council {slug!r}", field="council")
    outcome = retention_purge(dry_run=dry_run, council=council)
    for line in outcome.lines:
        click.echo(f"{line['council'].slug}: {TYPE_NAMES.get(line['record_type'], line['record_type'])} "
                   f"{line['record_id']} of {line['record_date']:%Y-%m-%d} (kept {line['retention_days']} days): "
                   f"{'would be ' if dry_run else ''}{line['action']}{' - ' + line['why'] if line['why'] else ''}")
    verb = "would be" if dry_run else "were"
    click.echo(f"{outcome.count('deleted')} deleted, {outcome.count('anonymised')} anonymised, "
               f"{outcome.count('held')} held ({verb} so{'; nothing changed' if dry_run else ''})")


@disclosure.command("schedule")
@click.option("--council", "slug", required=True, help="The council (its pack id), e.g. st-helens.")
@handle_errors
def schedule_command(slug: str) -> None:
    """Print how long each kind of record is kept (from the council's pack)."""
    open_database()
    from civicguard.apps.councils.models import Council
    from civicguard.apps.disclosure.retention import schedule
    from civicguard.errors import BadInput

    council = Council.objects.filter(slug=slug).first()
    if council is None:
        raise BadInput(f"No council {slug!r}", field="council")
    for row in schedule(council):
        kept = f"{row['days']} days" if row.get("days") else f"{row['years']} years"
        click.echo(f"{row['what']}: {kept}, from {row['from']}")


@disclosure.command("export")
@click.option("--as", "username", required=True, help="Who is exporting (their roles decide what is found).")
@click.option("--council", "slug", required=True, help="The council (its pack id).")
@click.option("--request", "pk", type=int, required=True, help="The request's number.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The zip to write.")
@handle_errors
def export_command(username: str, slug: str, pk: int, output: Path) -> None:
    """Search again and write the request's export (records.csv, records.json, summary.pdf), logged."""
    open_database()
    from civicguard.apps.disclosure.services import (
        disclosure_request_export,
        disclosure_request_search,
        request_for,
    )
    from civicguard.cli.unblocking import council_of, person

    actor = person(username)
    request = request_for(actor=actor, council=council_of(actor, slug), pk=pk)
    if request.is_open:
        disclosure_request_search(actor=actor, request=request, via="cli")
    made = disclosure_request_export(actor=actor, request=request, via="cli")
    output.write_bytes(made.data)
    click.echo(f"{made.disclosure.total} records written to {output}")
