"""`staff_import`: HR's export into the staff records. Create or update by work e-mail; nothing is deleted.

Each row is checked before anything is written; a bad row is reported with its line and skipped, the rest go in.
An active person the export does not list is reported as "not in this export" and left as they are, or marked
inactive with `deactivate_missing` (never deleted). A dry run does everything inside a savepoint that is rolled
back, so it reports exactly what a real run would do. Every run, dry or not, is kept as an `ImportRun` (the import
report HR reads on the page) and audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from civicguard.apps.access.checks import can, require
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council, ServiceArea
from civicguard.apps.people.csvfile import COLUMNS
from civicguard.apps.people.models import ImportRun, StaffRecord
from civicguard.apps.people.services import area_add, clean_email, clean_employment_type, is_self, user_for_email
from civicguard.errors import BadInput, InvalidState

__all__ = ["COLUMNS", "ImportReport", "staff_import", "staff_import_confirm"]
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
FIRST_LINE = 2  # line 1 of the file is the header


@dataclass(frozen=True)
class RowChange:
    line: int
    email: str
    action: str  # created | updated | unchanged
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field -> (before, after)


@dataclass(frozen=True)
class BadRow:
    line: int
    problem: str


@dataclass
class ImportReport:
    dry_run: bool
    rows: list[RowChange] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    not_in_export: list[str] = field(default_factory=list)  # e-mails of active records the export leaves out
    deactivated: list[str] = field(default_factory=list)  # of those, the ones marked inactive (deactivate_missing)
    areas_added: list[str] = field(default_factory=list)
    run: ImportRun | None = None  # the import report kept of this run

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def counts(self) -> dict[str, int]:
        return {"created": self.count("created"), "updated": self.count("updated"),
                "unchanged": self.count("unchanged"), "bad_rows": len(self.bad),
                "not_in_export": len(self.not_in_export), "deactivated": len(self.deactivated),
                "service_areas_added": len(self.areas_added)}


@dataclass(frozen=True)
class _Row:
    line: int
    email: str
    name: str
    employment_type: str
    service_area: str
    line_manager_email: str
    restricted: bool | None  # None: the export does not say
    hr_reference: str


def _flag(value: str) -> bool | None:
    word = value.strip().lower()
    if not word:
        return None
    if word in YES:
        return True
    if word in NO:
        return False
    raise BadInput(f"politically_restricted must be yes or no, not {value.strip()[:40]!r}")


def _parse(line: int, raw: Mapping[str, Any]) -> _Row:
    def get(column: str) -> str:
        return str(raw.get(column) or "").strip()

    name = " ".join(get("name").split())
    if not name:
        raise BadInput("the name is empty")
    if len(name) > 200:
        raise BadInput("the name is longer than 200 characters")
    manager = get("line_manager_email")
    return _Row(line=line, email=clean_email(get("email")), name=name,
                employment_type=clean_employment_type(get("employment_type")),
                service_area=" ".join(get("service_area").split())[:200],
                line_manager_email=clean_email(manager) if manager else "",
                restricted=_flag(get("politically_restricted")), hr_reference=get("hr_reference")[:100])


def _check_rows(council: Council, rows: Iterable[Mapping[str, Any]], report: ImportReport,
                mentioned: set[str]) -> list[_Row]:
    """The rows fit to load; the rest go to `report.bad`. `mentioned` gets every e-mail the export names."""
    good: list[_Row] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(rows, start=FIRST_LINE):
        mentioned.add(str(raw.get("email") or "").strip().lower())
        try:
            row = _parse(line, raw)
        except BadInput as exc:
            report.bad.append(BadRow(line, exc.message))
            continue
        if row.email in seen:
            report.bad.append(BadRow(line, f"{row.email} is already on line {seen[row.email]}"))
            continue
        seen[row.email] = line
        good.append(row)
    known = {e.lower() for e in StaffRecord.objects.filter(council=council).values_list("work_email", flat=True)}
    checked = []
    for row in good:
        if row.line_manager_email == row.email:
            report.bad.append(BadRow(row.line, "a person cannot be their own line manager"))
        elif row.line_manager_email and row.line_manager_email not in seen and row.line_manager_email not in known:
            report.bad.append(BadRow(row.line, f"the line manager {row.line_manager_email} is not in the export "
                                               "or the staff records"))
        else:
            checked.append(row)
    return checked


def _area(council: Council, name: str, report: ImportReport) -> ServiceArea | None:
    if not name:
        return None
    area = ServiceArea.objects.filter(council=council, name__iexact=name).first()
    if area is None:
        area = area_add(council=council, name=name)
        report.areas_added.append(name)
    return area


def _apply(council: Council, row: _Row, actor: Any,
           report: ImportReport) -> tuple[StaffRecord, bool, dict[str, Any]]:
    """Create or update the row's record (its line manager is set once every row is in).
    Returns (record, created, changes)."""
    record = StaffRecord.objects.select_for_update().filter(council=council, work_email__iexact=row.email).first()
    if record is None:
        changes_flag = bool(row.restricted)
    else:
        changes_flag = row.restricted is not None and row.restricted != record.politically_restricted
    # St Helens 5.7: the flag is HR's to change, and never the person's own.
    if changes_flag and actor is not None and (not can(actor, "staff.restrict", council)
                                               or (record is not None and is_self(actor, record))):
        raise BadInput("only HR may change whether this post is politically restricted, never for their own record")
    area = _area(council, row.service_area, report)
    wanted: dict[str, Any] = {"name": row.name, "employment_type": row.employment_type, "service_area": area,
                              "hr_reference": row.hr_reference, "active": True}
    if row.restricted is not None or record is None:
        wanted["politically_restricted"] = bool(row.restricted)
    if record is None:
        record = StaffRecord(council=council, work_email=row.email, user=user_for_email(row.email))
        changes = {f: (None, _shown(v)) for f, v in wanted.items()}
    else:
        changes = {f: (_shown(getattr(record, f)), _shown(v)) for f, v in wanted.items() if getattr(record, f) != v}
    created = record.pk is None
    for f, v in wanted.items():
        setattr(record, f, v)
    if "politically_restricted" in changes and (record.politically_restricted or not created):
        record.restricted_set_by, record.restricted_set_at = actor, timezone.now()
    record.save()
    return record, created, changes


def _shown(value: Any) -> Any:
    if isinstance(value, ServiceArea):
        return value.name
    if isinstance(value, StaffRecord):
        return value.work_email
    return value


def staff_import(*, council: Council, rows: Iterable[Mapping[str, Any]], actor: Any = None,
                 dry_run: bool = False, file_name: str = "", deactivate_missing: bool = False,
                 keep_rows: bool = False) -> ImportReport:
    """Load HR's export (rows keyed by `COLUMNS`, the first on line 2). `actor` None is the command line, run by
    whoever holds the server; a person needs `staff.edit`. Writes one `ImportRun` and its audit entry, dry run or
    not (a dry run changes nothing else). `keep_rows`: a dry run keeps the rows, for `staff_import_confirm`."""
    if actor is not None:
        require(actor, "staff.edit", council)
    given = [dict(r) for r in rows]
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        with transaction.atomic():  # the work; a dry run rolls back to here
            _load(council, given, actor, report, deactivate_missing)
            if dry_run:
                transaction.set_rollback(True)
        report.run = ImportRun.objects.create(
            council=council, actor=actor, file_name=str(file_name or "")[:255], dry_run=dry_run,
            deactivate_missing=deactivate_missing, counts=report.counts(),
            changes=[{"line": r.line, "email": r.email, "action": r.action,
                      "changes": {f: [_json(b), _json(a)] for f, (b, a) in r.changes.items()}}
                     for r in report.rows if r.action != "unchanged"],
            bad=[{"line": b.line, "problem": b.problem} for b in report.bad],
            not_in_export=report.not_in_export, deactivated=report.deactivated, areas_added=report.areas_added,
            source_rows=[{c: str(r.get(c) or "") for c in COLUMNS} for r in given] if dry_run and keep_rows else [])
        after = {"file": report.run.file_name, **report.counts(),
                 "rows": [{"line": r.line, "email": r.email, "action": r.action, "fields": sorted(r.changes)}
                          for r in report.rows if r.action != "unchanged"],
                 "bad": [{"line": b.line, "problem": b.problem} for b in report.bad], "deactivated": report.deactivated}
        if dry_run:  # nothing changed but the report kept of the check
            audit_record(event="people.staff.import_checked", actor=actor, council=council, subject=report.run,
                         after=after)
        else:
            audit_record(event="people.staff.import", actor=actor, council=council, subject=report.run, after=after)
    return report


def _json(value: Any) -> Any:
    return value if value is None or isinstance(value, bool | int | str) else str(value)


def _load(council: Council, rows: list[dict[str, Any]], actor: Any, report: ImportReport,
          deactivate_missing: bool) -> None:
    mentioned: set[str] = set()
    checked = _check_rows(council, rows, report, mentioned)
    applied: list[tuple[_Row, StaffRecord, bool, dict[str, Any]]] = []
    for row in checked:
        try:
            with transaction.atomic():
                record, created, changes = _apply(council, row, actor, report)
        except BadInput as exc:
            report.bad.append(BadRow(row.line, exc.message))
        else:
            applied.append((row, record, created, changes))
    by_email = {r.work_email.lower(): r for r in StaffRecord.objects.filter(council=council)}
    for row, record, created, changes in applied:
        manager = by_email.get(row.line_manager_email) if row.line_manager_email else None
        if record.line_manager_id != (manager.pk if manager else None):
            changes["line_manager"] = (_shown(record.line_manager) if record.line_manager_id else "",
                                       _shown(manager) if manager else "")
            record.line_manager = manager
            record.save(update_fields=["line_manager", "updated"])
        action = "created" if created else "updated" if changes else "unchanged"
        report.rows.append(RowChange(row.line, row.email, action, {} if created else changes))
    report.not_in_export = sorted(e for e, r in by_email.items() if r.active and e not in mentioned)
    if deactivate_missing:
        # Never deleted: marked inactive, so their history (and the audit trail's links to them) stays.
        for email in report.not_in_export:
            record = by_email[email]
            record.active = False
            record.save(update_fields=["active", "updated"])
            report.deactivated.append(email)
    report.bad.sort(key=lambda b: b.line)
    report.rows.sort(key=lambda r: r.line)


def import_confirm_refusal(actor: Any, preview: ImportRun) -> str | None:
    """Why `preview` (a dry run from the import page) cannot be loaded now, or None when it can (pages ask)."""
    if not preview.dry_run or (not preview.source_rows and preview.confirmed_by_run_id is None):
        return "This import report is not a check waiting to be confirmed"
    if preview.confirmed_by_run_id is not None:
        return "This file has been imported already"
    later = ImportRun.objects.filter(council=preview.council, dry_run=False, started__gt=preview.started).exists()
    if later:
        return "Staff records were imported after this check: upload the file again to check it against them"
    return None


def staff_import_confirm(*, actor: Any, preview: ImportRun) -> ImportReport:
    """Load the rows of a dry run made on the import page, exactly as checked (HR saw the report first)."""
    require(actor, "staff.edit", preview.council)
    with transaction.atomic():
        preview = ImportRun.objects.select_for_update().select_related("council").get(pk=preview.pk)
        refusal = import_confirm_refusal(actor, preview)
        if refusal is not None:
            raise InvalidState(refusal)
        report = staff_import(council=preview.council, rows=preview.source_rows, actor=actor,
                              file_name=preview.file_name, deactivate_missing=preview.deactivate_missing)
        preview.confirmed_by_run = report.run
        preview.source_rows = []  # the rows are in the staff records now; no second copy is kept
        preview.save(update_fields=["confirmed_by_run", "source_rows"])
    return report
