"""`civicguard staff import`: HR's export into the staff records (docs/governance-design.md, section 1)."""

from __future__ import annotations

from pathlib import Path

import click

from civicguard.cli.errors import handle_errors
from civicguard.cli.onboarding import record_onboarding
from civicguard.cli.web import open_database


@click.group("staff")
def staff() -> None:
    """Staff records: who works for the council, how they are employed, and whether their post is politically
    restricted."""


def read_export(path: Path) -> list[dict[str, str]]:
    """The rows of HR's CSV export, or BadInput naming what is wrong with the file."""
    from civicguard.apps.people.csvfile import parse_export  # no Django: the file is judged before the database

    return parse_export(path.read_bytes(), str(path))


@staff.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--council", "council_id", required=True, help="Council id (its pack id), e.g. st-helens.")
@click.option("--dry-run", is_flag=True, help="Report what would change, and change nothing.")
@click.option("--deactivate-missing", is_flag=True,
              help="Mark inactive the active people the export does not list (they are never deleted).")
@handle_errors
def import_command(file: Path, council_id: str, dry_run: bool, deactivate_missing: bool) -> None:
    """Create or update staff records from HR's export FILE.csv, matched by work e-mail. Nobody is deleted: people
    missing from the export are listed as "not in this export" (and marked inactive with --deactivate-missing). A
    bad row is reported with its line and skipped. Each run, dry or not, is kept as an import report."""
    rows = read_export(file)
    open_database()
    from civicguard.apps.councils.services import council_for_pack
    from civicguard.apps.people.importing import staff_import

    council = council_for_pack(council_id)
    report = staff_import(council=council, rows=rows, actor=None, dry_run=dry_run, file_name=file.name,
                          deactivate_missing=deactivate_missing)
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
        if email in report.deactivated:
            click.echo(f"  {email}: not in this export: {'would be ' if dry_run else ''}marked inactive")
        else:
            click.echo(f"  {email}: not in this export (left as it is)")
    for name in report.areas_added:
        click.echo(f"  service area added: {name}")
    c = report.counts()
    inactive = f" ({c['deactivated']} {'would be ' if dry_run else ''}marked inactive)" if deactivate_missing else ""
    click.echo(f"{c['created']} added, {c['updated']} changed, {c['unchanged']} unchanged, {c['bad_rows']} bad rows "
               f"skipped, {c['not_in_export']} not in this export{inactive}")
    if report.run is not None:
        click.echo(f"Import report {report.run.pk} (Staff records > Imports)")


staff.add_command(record_onboarding)
