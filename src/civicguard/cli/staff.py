"""`civicguard staff import`: HR's export into the staff records (docs/governance-design.md, section 1)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import click

from civicguard.cli.errors import handle_errors
from civicguard.cli.web import open_database
from civicguard.errors import BadInput

# The columns of HR's export, as civicguard.apps.people.importing.COLUMNS (not imported here: that needs Django).
COLUMNS = ("email", "name", "employment_type", "service_area", "line_manager_email", "politically_restricted",
           "hr_reference")


@click.group("staff")
def staff() -> None:
    """Staff records: who works for the council, how they are employed, and whether their post is politically
    restricted."""


def read_export(path: Path) -> list[dict[str, str]]:
    """The rows of HR's CSV export, or BadInput naming what is wrong with the file."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path} is not UTF-8 text (byte {exc.start + 1} cannot be read): save the export as "
                       "CSV UTF-8 and try again") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    found = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in found]
    if missing:
        raise BadInput(f"{path} has no column {', '.join(missing)}: the first line must name the columns "
                       f"{','.join(COLUMNS)}")
    reader.fieldnames = found
    try:
        return [{k: v for k, v in row.items() if k} for row in reader]
    except csv.Error as exc:
        raise BadInput(f"{path} is not a CSV file this can read (line {reader.line_num}: {exc})") from None


@staff.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--council", "council_id", required=True, help="Council id (its pack id), e.g. st-helens.")
@click.option("--dry-run", is_flag=True, help="Report what would change, and change nothing.")
@handle_errors
def import_command(file: Path, council_id: str, dry_run: bool) -> None:
    """Create or update staff records from HR's export FILE.csv, matched by work e-mail. Nobody is deleted: people
    missing from the export are listed as "not in this export". A bad row is reported with its line and skipped."""
    rows = read_export(file)
    open_database()
    from civicguard.apps.councils.services import council_for_pack
    from civicguard.apps.people.importing import staff_import

    council = council_for_pack(council_id)
    report = staff_import(council=council, rows=rows, actor=None, dry_run=dry_run)
    click.echo(f"{'Dry run (nothing saved): ' if dry_run else ''}{council.name}, {file.name}")
    for change in report.rows:
        if change.action == "created":
            click.echo(f"  line {change.line}: {change.email}: added")
        elif change.action == "updated":
            fields = "; ".join(f"{f} {before!r} -> {after!r}" for f, (before, after) in change.changes.items())
            click.echo(f"  line {change.line}: {change.email}: {fields}")
    for bad in report.bad:
        click.echo(f"  line {bad.line}: skipped: {bad.problem}")
    for email in report.not_in_export:
        click.echo(f"  {email}: not in this export (left as it is)")
    for name in report.areas_added:
        click.echo(f"  service area added: {name}")
    c = report.counts()
    click.echo(f"{c['created']} added, {c['updated']} changed, {c['unchanged']} unchanged, {c['bad_rows']} bad rows "
               f"skipped, {c['not_in_export']} not in this export")
