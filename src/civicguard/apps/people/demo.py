"""Demo staff records at every stage, for each council, beside the records the main demo loads through HR's import
(src/civicguard/demo.py): a leaver marked inactive (never deleted), Libraries with its manager, and a check of HR's
starters file (a dry run, one row skipped) waiting for HR to import it. Through the services, so each is in the
audit trail. Idempotent: each step looks for what it made before."""

from __future__ import annotations

from typing import Any

from civicguard.apps.councils.models import ServiceArea
from civicguard.apps.people.importing import staff_import
from civicguard.apps.people.models import AreaManager, ImportRun, StaffRecord
from civicguard.apps.people.services import service_area_manager_set, staff_record_create, staff_record_update

STARTERS_FILE = "hr-starters.csv"


def _row(email: str, name: str, kind: str, area: str, manager: str) -> dict[str, str]:
    return {"email": email, "name": name, "employment_type": kind, "service_area": area,
            "line_manager_email": manager, "politically_restricted": "no", "hr_reference": ""}


def load(ctx: Any) -> None:
    council, prefix, hr = ctx.council, ctx.prefix, ctx.people["hr"]
    leaver = f"{prefix}-leaver@example.gov.uk"
    if not StaffRecord.objects.filter(council=council, work_email__iexact=leaver).exists():
        record = staff_record_create(actor=hr, council=council, name="Pat Leaver", work_email=leaver,
                                     employment_type="consultant", hr_reference=f"{prefix.upper()}-0099")
        staff_record_update(actor=hr, record=record, active=False)
    libraries = ServiceArea.objects.filter(council=council, slug="libraries").first()
    manager = StaffRecord.objects.filter(council=council, work_email__iexact=f"{prefix}-line-manager@example.gov.uk",
                                         active=True).first()
    if libraries is not None and manager is not None and not AreaManager.objects.filter(
            area=libraries, manager__isnull=False).exists():
        service_area_manager_set(actor=hr, area=libraries, manager=manager)
    if not ImportRun.objects.filter(council=council, dry_run=True, file_name=STARTERS_FILE).exists():
        boss = f"{prefix}-line-manager@example.gov.uk"
        staff_import(council=council, actor=hr, dry_run=True, keep_rows=True, file_name=STARTERS_FILE, rows=[
            _row(f"{prefix}-starter1@example.gov.uk", "Jo Starter", "employee", "Libraries", boss),
            _row(f"{prefix}-starter2@example.gov.uk", "Kit Starter", "agency-worker", "Communications", boss),
            _row(f"{prefix}-starter3@example.gov.uk", "Lou Starter", "volunteer", "Libraries", boss),
        ])
