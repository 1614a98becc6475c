"""`civicguard audit`: prove the audit chain is intact, pin its head in a signed checkpoint, export a council's
entries.

Exit codes: 0 = the chain is intact (or the export or checkpoint was written), 1 = the chain has problems (each
printed with the entry's seq; a checkpoint is still written), 2 = the command could not run (bad options, a
database that cannot be opened or read, an audit key that cannot be used, a checkpoint that is not one or whose
signature does not verify with the key).
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from civicguard.cli.errors import EXIT_FAILED, handle_errors
from civicguard.cli.exports import Counted, write_export
from civicguard.errors import BadInput, CivicGuardError

if TYPE_CHECKING:
    from civicguard.apps.audit.services import Verification


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

    from civicguard.apps.audit.keys import AuditKeyError

    try:
        yield
    except AuditKeyError as exc:
        raise CivicGuardError(str(exc)) from None
    except DatabaseError as exc:
        raise CivicGuardError(f"the database could not be read ({exc.__class__.__name__}: {exc}); "
                              "check DATABASE_URL or CIVICGUARD_HOME, and run the migrations") from None


@click.group("audit")
def audit() -> None:
    """The audit trail: check its keyed hash chain, take signed checkpoints of its head, export a council's
    entries."""


def _report_json(report: Verification) -> dict[str, Any]:
    key = report.key
    return {
        "entries": report.count, "ok": report.ok,
        "problems": [{"seq": p.seq, "kind": p.kind, "detail": p.detail} for p in report.problems],
        "checkpoints": [{"file": r.name, "seq": r.checkpoint.seq, "created": r.checkpoint.created,
                         "held": r.problem is None} for r in report.checkpoints],
        "notes": report.notes,
        "key": {"source": key.source, "fingerprint": key.fingerprint, "path": str(key.path) if key.path else None},
    }


@audit.command("verify")
@click.option("--checkpoint", "checkpoint_files", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="A checkpoint written by `civicguard audit checkpoint`: the log must still hold its entry with "
                   "its hash. Give it more than once to check several.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@handle_errors
def verify_command(checkpoint_files: tuple[str, ...], as_json: bool) -> None:
    """Walk the whole chain and report every entry changed, removed or moved since it was written, and every
    checkpoint the log no longer holds."""
    with _database():
        from civicguard.apps.audit import services
        from civicguard.apps.audit.checkpoints import checkpoint_load
        from civicguard.apps.audit.keys import audit_key

        key = audit_key()
        # Read every checkpoint first: one that is refused (not a checkpoint, signature wrong) stops the command.
        checkpoints = [(name, checkpoint_load(name, key=key)) for name in checkpoint_files]
        report = services.audit_verify_report(checkpoints=checkpoints)
    if as_json:
        click.echo(json.dumps(_report_json(report), indent=2))
    else:
        for problem in report.problems:
            click.echo(str(problem))
        n = len(report.problems)
        if n:
            click.echo(f"audit log NOT verified: {report.count} entries, {n} problem{'' if n == 1 else 's'}")
        else:
            click.echo(f"audit log verified: {report.count} entries, chain intact")
        for result in report.checkpoints:
            if result.problem is None:
                click.echo(f"checkpoint {result.name} of {result.checkpoint.created}: entry {result.checkpoint.seq} "
                           "held with its hash")
        for note in report.notes:
            click.echo(f"note: {note}")
        click.echo(report.key.describe())
    if report.problems:
        sys.exit(EXIT_FAILED)


@audit.command("checkpoint")
@click.option("--output", "-o", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the checkpoint to FILE instead of standard output.")
@handle_errors
def checkpoint_command(output: str | None) -> None:
    """Sign the head of the audit log (sequence number, entry hash, time) with the audit key, as JSON.

    Keep checkpoints where the database's administrators cannot reach them (e-mail them to Internal Audit, put
    them in a write-once store): `civicguard audit verify --checkpoint FILE` then finds the newest entries cut
    off, or anything up to the checkpoint changed."""
    with _database():
        from civicguard.apps.audit import services
        from civicguard.apps.audit.checkpoints import checkpoint_write

        checkpoint, report = services.audit_checkpoint()
        if output is None:
            click.echo(checkpoint.to_json(), nl=False)
        else:
            try:
                checkpoint_write(checkpoint, Path(output))
            except OSError as exc:
                raise BadInput(f"Cannot write {output}: {exc.strerror}. Choose a folder that exists and "
                               "that you may write to") from None
            click.echo(f"checkpoint of entry {checkpoint.seq} written to {output}", err=True)
    if not report.ok:
        n = len(report.problems)
        click.echo(f"civicguard: the audit log has {n} problem{'' if n == 1 else 's'} (run `civicguard audit "
                   "verify`); the checkpoint pins the log as it is now", err=True)
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
