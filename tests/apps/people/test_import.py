"""HR's export into the staff records: create, update, leave; bad rows reported by line; a dry run changes nothing."""

import pytest

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.people.importing import staff_import
from civicguard.apps.people.models import StaffRecord
from civicguard.errors import NotAllowed
from tests.apps.factories import person, staff_record


def row(email, name="Ann Lee", **more):
    return {"email": email, "name": name, "employment_type": "employee", "service_area": "Libraries",
            "line_manager_email": "", "politically_restricted": "", "hr_reference": "", **more}


def test_new_people_are_created_with_their_area_and_a_manager_listed_later_in_the_file(st_helens):
    report = staff_import(council=st_helens, rows=[row("ann@x.gov.uk", line_manager_email="Bob@x.gov.uk"),
                                                   row("bob@x.gov.uk", "Bob Ray", politically_restricted="yes")])
    ann = StaffRecord.objects.get(work_email="ann@x.gov.uk")
    assert ann.line_manager.name == "Bob Ray" and ann.service_area.name == "Libraries"
    assert StaffRecord.objects.get(work_email="bob@x.gov.uk").politically_restricted
    assert report.counts()["created"] == 2 and report.areas_added == ["Libraries"]
    assert AuditEntry.objects.get(event="people.staff.import").after["created"] == 2


def test_a_changed_row_is_updated_with_its_changes_and_nobody_is_deleted(st_helens):
    staff_record(name="Ann Lee", work_email="ann@x.gov.uk")
    staff_record(name="Cy Gone", work_email="cy@x.gov.uk")
    report = staff_import(council=st_helens, rows=[row("ANN@x.gov.uk", "Ann Lee-Smith", employment_type="secondee")])
    [change] = report.rows
    assert change.action == "updated" and change.changes["name"] == ("Ann Lee", "Ann Lee-Smith")
    assert change.changes["employment_type"] == ("employee", "secondee")
    assert report.not_in_export == ["cy@x.gov.uk"] and StaffRecord.objects.get(work_email="cy@x.gov.uk").active


def test_bad_rows_are_reported_by_line_and_skipped(st_helens):
    report = staff_import(council=st_helens, rows=[
        row("ann@x.gov.uk"), row("not-an-email"), row("bo@x.gov.uk", employment_type="volunteer"),
        row("ann@x.gov.uk"), row("cy@x.gov.uk", line_manager_email="nobody@x.gov.uk"),
        row("di@x.gov.uk", politically_restricted="maybe")])
    assert [b.line for b in report.bad] == [3, 4, 5, 6, 7]
    assert "already on line 2" in report.bad[2].problem and "nobody@x.gov.uk" in report.bad[3].problem
    assert list(StaffRecord.objects.values_list("work_email", flat=True)) == ["ann@x.gov.uk"]


def test_a_dry_run_reports_what_would_change_and_changes_nothing(st_helens):
    report = staff_import(council=st_helens, rows=[row("ann@x.gov.uk")], dry_run=True)
    assert report.dry_run and report.counts()["created"] == 1
    assert not StaffRecord.objects.exists() and not AuditEntry.objects.filter(event="people.staff.import").exists()


def test_a_person_importing_needs_the_capability_and_only_hr_changes_the_flag(st_helens):
    with pytest.raises(NotAllowed):
        staff_import(council=st_helens, rows=[row("ann@x.gov.uk")], actor=person("employee"))
    staff_record(work_email="ann@x.gov.uk")
    report = staff_import(council=st_helens, rows=[row("ann@x.gov.uk", politically_restricted="yes")],
                          actor=person("admin"))
    assert "only HR" in report.bad[0].problem and not StaffRecord.objects.get().politically_restricted
