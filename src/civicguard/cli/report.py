"""`civicguard report`: the oversight dashboard's figures for a council and period as a PDF meeting pack, a
spreadsheet or CSV (the same files the dashboard's download links give; St Helens 9.3-9.5, 10.1; Sefton 10.1).

With `--as USER` the report is theirs (they need the dashboard in that council: the Information Management Group,
administrators, service managers); without it, it is the system's, as the monthly pack is. Each report is audited.

Exit codes: 0 = written, 2 = bad input or not allowed (a clear message on stderr)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from civicguard.cli.errors import handle_errors
from civicguard.cli.web import open_database
from civicguard.errors import BadInput


def _day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"{name} must be a date written YYYY-MM-DD, such as 2026-03-31 (not {value!r})") from None


@click.command("report")
@click.option("--council", "slug", required=True, help="The council (its pack id), e.g. st-helens.")
@click.option("--from", "start", required=True, help="The first day of the period, YYYY-MM-DD.")
@click.option("--to", "end", required=True, help="The last day of the period, YYYY-MM-DD (included).")
@click.option("--format", "fmt", required=True, type=click.Choice(["pdf", "xlsx", "csv"]), help="The file's format.")
@click.option("--output", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Where to write the file.")
@click.option("--service-area", "area_slug", default="", help="Only this service area (its slug).")
@click.option("--as", "username", default="", help="Who asks (their roles decide the links); default: the system.")
@handle_errors
def report_command(slug: str, start: str, end: str, fmt: str, output: Path, area_slug: str, username: str) -> None:
    """Write the dashboard's figures for a council and period to a file."""
    open_database()
    from civicguard.apps.councils.models import Council, ServiceArea
    from civicguard.apps.dashboard.services import report_download
    from civicguard.cli.unblocking import council_of, person

    first, last = _day(start, "--from"), _day(end, "--to")
    if first > last:
        raise BadInput("--to must be the same day as --from or after it")
    actor = person(username) if username else None
    council = council_of(actor, slug) if actor is not None else Council.objects.filter(slug=slug).first()
    if council is None:
        raise BadInput(f"There is no council {slug!r}: its slug is the policy pack id, such as st-helens")
    area = None
    if area_slug:
        area = ServiceArea.objects.filter(council=council, slug=area_slug).first()
        if area is None:
            raise BadInput(f"{council.name} has no service area {area_slug!r}")
    report = report_download(actor=actor, council=council, start=first, end=last, fmt=fmt, service_area=area,
                             via="cli")
    try:
        output.write_bytes(report.content)
    except OSError as exc:
        raise BadInput(f"Could not write {output}: {exc.strerror}") from None
    click.echo(f"Wrote {output} ({len(report.content):,} bytes): {council.name}, {first:%-d %B %Y} to "
               f"{last:%-d %B %Y}, {fmt.upper()}.")
