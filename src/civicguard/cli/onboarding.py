"""`civicguard training import` (the learning system's export into the course completions), `civicguard training
courses|add-course` (the council's courses) and `civicguard staff record-onboarding` (a signature and a completion
from a council's paper records, from before CivicGuard). docs/governance-design.md, sections 4-5."""

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
    """Social media training: the council's courses, and completions from the learning management system."""


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


def _counts_for(days: int | None) -> str:
    return f"counts for {days} days" if days else "never expires"


@training.command("courses")
@click.option("--council", "council_id", required=True, help="Council id (its pack id), e.g. st-helens.")
@handle_errors
def courses_command(council_id: str) -> None:
    """List the council's courses: short name, name, how long a completion counts, and whether the council's
    policy needs it before someone posts or moderates."""
    open_database()
    from civicguard.apps.councils.services import council_for_pack
    from civicguard.apps.onboarding.models import Course
    from civicguard.apps.onboarding.selectors import required_courses

    council = council_for_pack(council_id)
    required = set(required_courses(council))
    found = list(Course.objects.filter(council=council).order_by("name"))
    if not found:
        click.echo(f"{council.name} has no courses yet: add one with `civicguard training add-course`")
    for course in found:
        needed = "needed before posting" if course.slug in required else "not needed before posting"
        click.echo(f"{course.slug}\t{course.name}\t{_counts_for(course.validity_days)}\t{needed}")


@training.command("add-course")
@click.option("--council", "council_id", required=True, help="Council id (its pack id), e.g. st-helens.")
@click.option("--slug", required=True, help="Its short name, as the learning system's export names it, e.g. "
                                            "social-media.")
@click.option("--name", required=True, help="Its name, as people will see it.")
@click.option("--validity-days", type=click.IntRange(min=1), default=365, show_default=True,
              help="How many days a completion counts before the course is taken again.")
@click.option("--never-expires", is_flag=True, help="A completion counts for ever (instead of --validity-days).")
@click.option("--as", "username", required=True, metavar="USERNAME",
              help="Who adds it (the Information Management Group or an administrator).")
@handle_errors
def add_course(council_id: str, slug: str, name: str, validity_days: int, never_expires: bool,
               username: str) -> None:
    """Add a course to the council's courses (audited as added by USERNAME)."""
    open_database()
    from django.contrib.auth import get_user_model

    from civicguard.apps.access.checks import councils_of
    from civicguard.apps.onboarding.services import course_create

    actor = get_user_model().objects.filter(username=username, is_active=True).first()
    if actor is None:
        raise BadInput(f"There is no active user called {username!r}: see `civicguard users list`")
    council = next((c for c in councils_of(actor) if c.slug == council_id), None)
    if council is None:
        raise BadInput(f"{username} has no role in a council {council_id!r}")
    course = course_create(actor=actor, council=council, slug=slug, name=name,
                           validity_days=None if never_expires else validity_days)
    click.echo(f"{council.name}: {course.name} ({course.slug}) added, {_counts_for(course.validity_days)}")


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
