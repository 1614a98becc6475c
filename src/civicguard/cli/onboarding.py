"""`civicguard training import` (the learning system's export into the course completions) and `civicguard staff
record-onboarding` (a signature and a completion from a council's paper records, from before CivicGuard).
docs/governance-design.md, sections 4-5."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import click

from civicguard.cli.errors import handle_errors
from civicguard.cli.web import open_database
from civicguard.errors import BadInput, NotFound

# The columns of the learning system's export, as civicguard.apps.onboarding.importing.COLUMNS (not imported here:
# that needs Django).
COLUMNS = ("email", "course", "completed")


@click.group("training")
def training() -> None:
    """Social media training: course completions from the learning management system."""


def read_export(path: Path) -> list[dict[str, str]]:
    """The rows of the learning system's CSV export, or BadInput naming what is wrong with the file."""
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


@training.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--council", "council_id", required=True, help="Council id (its pack id), e.g. st-helens.")
@click.option("--dry-run", is_flag=True, help="Report what would change, and change nothing.")
@handle_errors
def import_command(file: Path, council_id: str, dry_run: bool) -> None:
    """Add the course completions in the learning system's export FILE.csv (columns email, course, completed).
    Nothing is deleted; a completion already recorded is left as it is; a bad row is reported with its line and
    skipped."""
    rows = read_export(file)
    open_database()
    from civicguard.apps.councils.services import council_for_pack
    from civicguard.apps.onboarding.importing import training_import

    council = council_for_pack(council_id)
    report = training_import(council=council, rows=rows, actor=None, dry_run=dry_run)
    click.echo(f"{'Dry run (nothing saved): ' if dry_run else ''}{council.name}, {file.name}")
    for row in report.rows:
        if row.action == "created":
            click.echo(f"  line {row.line}: {row.email}: {row.course} completed {row.completed:%-d %B %Y}: added")
    for bad in report.bad:
        click.echo(f"  line {bad.line}: skipped: {bad.problem}")
    c = report.counts()
    click.echo(f"{c['created']} added, {c['unchanged']} already recorded, {c['bad_rows']} bad rows skipped")


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadInput(f"{option} {value!r} is not a date: write it as YYYY-MM-DD") from None


@click.command("record-onboarding")
@click.argument("username")
@click.option("--council", "council_id", required=True, help="Council id (its pack id), e.g. st-helens.")
@click.option("--agreement-signed", help="The day they signed the paper User Agreement (YYYY-MM-DD).")
@click.option("--training-completed", help="The day they completed the training (YYYY-MM-DD).")
@click.option("--course", "courses", multiple=True,
              help="The course completed (its short name); default: every course the council's policy requires.")
@handle_errors
def record_onboarding(username: str, council_id: str, agreement_signed: str | None, training_completed: str | None,
                      courses: tuple[str, ...]) -> None:
    """Record USERNAME's User Agreement signature and training from the council's records before CivicGuard.
    The signature is recorded against the agreement version in force; both are audited as from before CivicGuard."""
    signed, completed = _day(agreement_signed, "--agreement-signed"), _day(training_completed, "--training-completed")
    open_database()
    from django.contrib.auth import get_user_model

    from civicguard.apps.councils.services import council_for_pack
    from civicguard.apps.onboarding.services import onboarding_record_before

    council = council_for_pack(council_id)
    person = get_user_model().objects.filter(username=username).first()
    if person is None:
        raise NotFound(f"There is nobody with the username {username!r}")
    signature, done = onboarding_record_before(actor=None, council=council, person=person, agreement_signed=signed,
                                               training_completed=completed, courses=list(courses) or None)
    if signature is not None:
        click.echo(f"{username}: User Agreement signed {signature.at:%-d %B %Y} recorded (the version in force from "
                   f"{signature.version.effective:%-d %B %Y})")
    for completion in done:
        click.echo(f"{username}: {completion.course.name} completed {completion.completed:%-d %B %Y} recorded")
