"""`civicguard audit`: prove the audit chain is intact, and export a council's entries.

Exit codes: 0 = the chain is intact (or the export was written), 1 = the chain has problems (each printed with the
entry's seq), 2 = the command could not run (bad options, a database that cannot be opened or read).
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from datetime import date, datetime

import click

from civicguard.cli.errors import EXIT_FAILED, handle_errors
from civicguard.cli.exports import Counted, write_export
from civicguard.errors import BadInput, CivicGuardError


@contextlib.contextmanager
def _database() -> Iterator[None]:
    """Start Django, and turn a database that cannot be opened or read into a clear error (exit 2)."""
    try:
        from civicguard.cli.web import setup_django

        setup_django()
    except CivicGuardError:
        raise
    except Exception as exc:  # settings that will not load: a bad DATABASE_URL, an unwritable home...
        raise CivicGuardError(f"CivicGuard could not start: {exc}") from None
    from django.db import Error as DatabaseError

    try:
        yield
    except DatabaseError as exc:
        raise CivicGuardError(f"the database could not be read ({exc.__class__.__name__}: {exc}); "
                              "check DATABASE_URL or CIVICGUARD_HOME, and run the migrations") from None


@click.group("audit")
def audit() -> None:
    """The audit trail: check its hash chain, export a council's entries."""


@audit.command("verify")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@handle_errors
def verify_command(as_json: bool) -> None:
    """Walk the whole chain and report every entry changed, removed or moved since it was written."""
    with _database():
        from civicguard.apps.audit import services

        count, problems = services.audit_verify()
    if as_json:
        click.echo(json.dumps({"entries": count, "ok": not problems,
                               "problems": [{"seq": p.seq, "kind": p.kind, "detail": p.detail} for p in problems]},
                              indent=2))
    elif problems:
        for problem in problems:
            click.echo(str(problem))
        click.echo(f"audit log NOT verified: {count} entries, {len(problems)} problem"
                   f"{'' if len(problems) == 1 else 's'}")
    else:
        click.echo(f"audit log verified: {count} entries, chain intact")
    if problems:
        sys.exit(EXIT_FAILED)


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


@audit.command("export")
@click.option("--council", "council_slug", required=True, metavar="ID", help="The council's id, e.g. st-helens.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="DATE",
              help="Only entries on or after this day (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="DATE",
              help="Only entries on or before this day (YYYY-MM-DD).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), metavar="FILE",
              help="Write to FILE instead of standard output.")
@handle_errors
def export_command(council_slug: str, fmt: str, since: datetime | None, until: datetime | None,
                   output: str | None) -> None:
    """Export one council's entries, oldest first, with their hashes."""
    if since and until and since > until:
        raise BadInput("--since must be on or before --until")
    with _database():
        from civicguard.apps.audit.selectors import audit_entries, export_csv, export_json
        from civicguard.apps.councils.models import Council

        if not Council.objects.filter(slug=council_slug).exists():
            known = ", ".join(Council.objects.values_list("slug", flat=True)) or "none yet"
            raise BadInput(f"no council {council_slug!r} (councils: {known})")
        qs = audit_entries(council=council_slug, since=_day(since), until=_day(until)).order_by("seq")
        entries = Counted(qs.iterator(chunk_size=2000))
        if not write_export(entries, export_csv if fmt == "csv" else export_json, output):
            return
    n = entries.count
    click.echo(f"exported {n} entr{'y' if n == 1 else 'ies'} of {council_slug} to {output}", err=True)
