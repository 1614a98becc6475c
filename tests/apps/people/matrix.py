"""The permission matrix's rows for the staff records pages and endpoints added after the matrix (the list, a
record and HR's restriction form are in tests/apps/test_permission_matrix.py). See tests/apps/matrix.py."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from civicguard.apps.councils.models import ServiceArea
from civicguard.apps.people.importing import staff_import
from civicguard.apps.people.models import AreaManager, ImportRun, StaffRecord
from civicguard.apps.people.services import service_area_create
from tests.apps.factories import person
from tests.apps.matrix import ALL, OK, api, page, roles

VIEWERS = roles("hr", "admin")          # staff.view
EDITORS = roles("hr", "admin")          # staff.edit
RESTRICTION_SETTERS = roles("hr")       # staff.restrict
NOT_VIEWERS = ALL - VIEWERS

LEGEND: dict[str, frozenset[str]] = {}  # staff.view, staff.edit and staff.restrict are in the main legend

HEADER = "email,name,employment_type,service_area,line_manager_email,politically_restricted,hr_reference\n"


def _export() -> SimpleUploadedFile:
    return SimpleUploadedFile("staff.csv", (HEADER + "nia.jones@example.gov.uk,Nia Jones,employee,,,,\n").encode(),
                              "text/csv")


BODIES = {
    "a new staff record": lambda w: {"name": "Nia Jones", "work_email": "nia.jones@example.gov.uk",
                                     "employment_type": "employee", "service_area": "", "line_manager": "",
                                     "user": "", "hr_reference": ""},
    "the colleague's record, changed": lambda w: {"name": "Sam Colleague", "work_email": "sam.c@example.gov.uk",
                                                  "employment_type": "secondee", "service_area": "",
                                                  "line_manager": "", "user": "", "hr_reference": "HR-9",
                                                  "active": "yes"},
    "a new service area": lambda w: {"name": "Bereavement Services Review Team", "manager": ""},
    "the colleague manages the area": lambda w: {"manager": str(w.staff.pk)},
    "HR's export, checked": lambda w: {"file": _export(), "deactivate_missing": "no"},
    "a new St Helens staff record (API)": lambda w: {"council": "st-helens", "name": "Nia Jones",
                                                     "work_email": "nia.jones@example.gov.uk"},
    "a new name (API)": lambda w: {"name": "Sam Colleague", "employment_type": "consultant"},
    "politically restricted (API)": lambda w: {"politically_restricted": True, "reason": "Chief officer's post"},
    "a new St Helens service area (API)": lambda w: {"council": "st-helens", "name": "Bereavement Services Review"},
}

ROWS = {
    ("people:new", "GET", ""): page(EDITORS),
    ("people:new", "POST", ""): page(EDITORS, body="a new staff record", changes=True,
                                     note="in the person's own council: from Sefton, a Sefton record"),
    ("people:edit", "GET", ""): page(EDITORS, target="staff", shows=EDITORS),
    ("people:edit", "POST", ""): page(EDITORS, target="staff", body="the colleague's record, changed", changes=True),
    ("people:areas", "GET", ""): page(VIEWERS, shows=VIEWERS),
    ("people:area_new", "GET", ""): page(EDITORS),
    ("people:area_new", "POST", ""): page(EDITORS, body="a new service area", changes=True),
    ("people:area_manager", "GET", ""): page(EDITORS, target="area", shows=EDITORS),
    ("people:area_manager", "POST", ""): page(EDITORS, target="area", body="the colleague manages the area",
                                              changes=True),
    ("people:imports", "GET", ""): page(VIEWERS, shows=VIEWERS),
    ("people:import", "GET", ""): page(EDITORS),
    ("people:import", "POST", ""): page(EDITORS, body="HR's export, checked", changes=True,
                                        note="a dry run: its report is kept (and audited), no record changes"),
    ("people:import_run", "GET", ""): page(VIEWERS, target="import_preview", shows=VIEWERS),
    ("people:import_confirm", "POST", ""): page(EDITORS, target="import_preview", changes=True,
                                                note="loads the rows the dry run checked"),
    ("api-staff-records", "GET", ""): api(VIEWERS, shows=VIEWERS, stranger=403, elsewhere=(OK, 403),
                                          note="every council where the person may; where they may in none, 403"),
    ("api-staff-records", "GET", "council=st-helens"): api(VIEWERS, query="council=st-helens", shows=VIEWERS),
    ("api-staff-records", "POST", ""): api(EDITORS, body="a new St Helens staff record (API)", changes=True),
    ("api-staff-record", "GET", ""): api(VIEWERS, target="staff", hidden=NOT_VIEWERS, shows=VIEWERS),
    ("api-staff-record", "PATCH", ""): api(EDITORS, target="staff", body="a new name (API)", changes=True,
                                           hidden=NOT_VIEWERS),
    ("api-staff-record-restriction", "POST", ""): api(
        RESTRICTION_SETTERS, target="staff", body="politically restricted (API)", changes=True, hidden=NOT_VIEWERS,
        note="HR, never for their own record (St Helens 5.7); an administrator may read it but not set it"),
    ("api-service-areas", "GET", ""): api(VIEWERS, shows=VIEWERS, stranger=403, elsewhere=(OK, 403)),
    ("api-service-areas", "POST", ""): api(EDITORS, body="a new St Helens service area (API)", changes=True),
    ("api-staff-imports", "GET", ""): api(VIEWERS, shows=VIEWERS, stranger=403, elsewhere=(OK, 403)),
    ("api-staff-import", "GET", ""): api(VIEWERS, target="import_done", hidden=NOT_VIEWERS, shows=VIEWERS),
}

TARGETS = {"area", "import_preview", "import_done"}


def _row(email: str, name: str) -> dict[str, str]:
    return {"email": email, "name": name, "employment_type": "employee", "service_area": "",
            "line_manager_email": "", "politically_restricted": "", "hr_reference": ""}


def build(world: Any) -> dict[str, Any]:
    hr = person("hr", username="sth-records-hr")
    area = service_area_create(actor=hr, council=world.council, name="Quillfeather Libraries")
    done = staff_import(council=world.council, actor=hr, file_name="quillfeather-staff.csv",
                        rows=[_row("quill.one@example.gov.uk", "Quillfeather One")]).run
    preview = staff_import(council=world.council, actor=hr, dry_run=True, keep_rows=True,
                           file_name="quillfeather-staff-2.csv",
                           rows=[_row("quill.two@example.gov.uk", "Quillfeather Two")]).run
    return {"area": area, "import_done": done, "import_preview": preview}


def state(council: Any) -> tuple[Any, ...]:
    return (
        list(StaffRecord.objects.filter(council=council).order_by("pk").values_list(
            "pk", "name", "work_email", "employment_type", "service_area_id", "line_manager_id", "user_id",
            "active")),
        list(ServiceArea.objects.filter(council=council).order_by("pk").values_list("pk", "name")),
        list(AreaManager.objects.filter(area__council=council).order_by("pk").values_list("area_id", "manager_id")),
        list(ImportRun.objects.filter(council=council).order_by("pk").values_list("pk", "confirmed_by_run_id")),
    )
