"""`training_import`: the learning management system's export into the completions. Columns `email`, `course` (the
course's short name or its name) and `completed` (YYYY-MM-DD or DD/MM/YYYY). A completion already recorded is left
as it is; nothing is deleted. A bad row is reported with its line and skipped; a dry run is the same run rolled back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from civicguard.apps.access.checks import require
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.onboarding.models import Completion, CompletionSource, Course
from civicguard.apps.people.models import StaffRecord

COLUMNS = ("email", "course", "completed")
FIRST_LINE = 2  # line 1 of the file is the header
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass(frozen=True)
class RowResult:
    line: int
    email: str
    course: str
    completed: date
    action: str  # created | unchanged


@dataclass(frozen=True)
class BadRow:
    line: int
    problem: str


@dataclass
class TrainingImportReport:
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"created": sum(1 for r in self.rows if r.action == "created"),
                "unchanged": sum(1 for r in self.rows if r.action == "unchanged"), "bad_rows": len(self.bad)}


class _Bad(Exception):
    pass


def _date(value: str) -> date:
    text = value.strip()
    for fmt in DATE_FORMATS:
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if day > timezone.localdate():
            raise _Bad(f"completed {text} is in the future")
        return day
    raise _Bad(f"completed {text or '(empty)'} is not a date: write it as YYYY-MM-DD or DD/MM/YYYY")


def _person(council: Council, email: str) -> Any:
    if not email:
        raise _Bad("no e-mail address")
    record = (StaffRecord.objects.filter(council=council, work_email__iexact=email, user__isnull=False)
              .select_related("user").first())
    if record is not None:
        return record.user
    users = list(get_user_model().objects.filter(email__iexact=email, role_assignments__council=council)
                 .distinct()[:2])
    if len(users) != 1:
        raise _Bad(f"{email} is not anyone with a CivicGuard sign-in in {council.name}")
    return users[0]


def _course(courses: list[Course], value: str) -> Course:
    key = " ".join(value.split()).casefold()
    for c in courses:
        if key in (c.slug.casefold(), c.name.casefold()):
            return c
    names = ", ".join(c.slug for c in courses) or "none yet"
    raise _Bad(f"{value or '(empty)'} is not one of the council's courses ({names})")


def training_import(*, council: Council, rows: Iterable[Mapping[str, Any]], actor: Any = None,
                    dry_run: bool = False) -> TrainingImportReport:
    """Add the completions the export lists that are not recorded yet. `actor` None: the command line."""
    if actor is not None:
        require(actor, "training.manage", council)
    report = TrainingImportReport(dry_run=dry_run)
    with transaction.atomic():
        courses = list(Course.objects.filter(council=council))
        for n, row in enumerate(rows, start=FIRST_LINE):
            email = str(row.get("email") or "").strip().lower()
            try:
                person = _person(council, email)
                found = _course(courses, str(row.get("course") or ""))
                completed = _date(str(row.get("completed") or ""))
            except _Bad as exc:
                report.bad.append(BadRow(n, str(exc)))
                continue
            _, created = Completion.objects.get_or_create(
                course=found, user=person, completed=completed,
                defaults={"source": CompletionSource.LMS, "recorded_by": actor})
            report.rows.append(RowResult(n, email, found.slug, completed, "created" if created else "unchanged"))
        audit_record(event="onboarding.training.import", actor=actor, council=council,
                     after={**report.counts(),
                            "rows": [f"line {r.line}: {r.email} {r.course} {r.completed.isoformat()}"
                                     for r in report.rows if r.action == "created"][:500],
                            "bad": [f"line {b.line}: {b.problem}" for b in report.bad][:500]})
        if dry_run:
            transaction.set_rollback(True)
    return report
