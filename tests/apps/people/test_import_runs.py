"""Every import of HR's export is kept as an import report (dry run or not); --deactivate-missing marks the people
the export leaves out inactive, never deleting them; a page's dry run is confirmed exactly as checked."""

import pytest
from click.testing import CliRunner

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.people.importing import import_confirm_refusal, staff_import, staff_import_confirm
from civicguard.apps.people.models import ImportRun, StaffRecord
from civicguard.cli.main import cli
from civicguard.errors import InvalidState, NotAllowed
from tests.apps.factories import person, staff_record

HEADER = "email,name,employment_type,service_area,line_manager_email,politically_restricted,hr_reference\n"


def row(email, name="Ann Lee", **more):
    return {"email": email, "name": name, "employment_type": "employee", "service_area": "",
            "line_manager_email": "", "politically_restricted": "", "hr_reference": "", **more}


def test_a_run_is_kept_with_who_the_file_the_counts_and_each_row_s_changes(st_helens):
    staff_record(name="Ann Lee", work_email="ann@x.gov.uk")
    hr = person("hr")
    report = staff_import(council=st_helens, actor=hr, file_name="march.csv",
                          rows=[row("ann@x.gov.uk", "Ann Lee-Smith"), row("bo@x.gov.uk", "Bo Ray"), row("bad")])
    run = ImportRun.objects.get()
    assert report.run == run and run.actor == hr and run.file_name == "march.csv" and not run.dry_run
    assert run.counts["created"] == 1 and run.counts["updated"] == 1 and run.counts["bad_rows"] == 1
    changed = next(c for c in run.changes if c["action"] == "updated")
    assert changed["email"] == "ann@x.gov.uk" and changed["changes"]["name"] == ["Ann Lee", "Ann Lee-Smith"]
    assert run.bad == [{"line": 4, "problem": "bad is not an e-mail address"}]
    assert AuditEntry.objects.get(event="people.staff.import").object_id == str(run.pk)


def test_a_dry_run_is_kept_too_but_changes_no_record(st_helens):
    report = staff_import(council=st_helens, rows=[row("ann@x.gov.uk")], dry_run=True, file_name="check.csv")
    assert report.run.dry_run and report.run.counts["created"] == 1 and report.run.source_rows == []
    assert not StaffRecord.objects.exists()
    assert AuditEntry.objects.filter(event="people.staff.import_checked").count() == 1


def test_deactivate_missing_marks_the_people_left_out_inactive_and_deletes_nobody(st_helens):
    staff_record(work_email="ann@x.gov.uk")
    staff_record(work_email="cy@x.gov.uk")
    gone = staff_record(work_email="di@x.gov.uk", active=False)
    report = staff_import(council=st_helens, rows=[row("ann@x.gov.uk")], deactivate_missing=True)
    assert report.deactivated == ["cy@x.gov.uk"] and report.counts()["deactivated"] == 1
    assert StaffRecord.objects.count() == 3 and not StaffRecord.objects.get(work_email="cy@x.gov.uk").active
    assert StaffRecord.objects.get(work_email="ann@x.gov.uk").active and gone.pk
    assert AuditEntry.objects.get(event="people.staff.import").after["deactivated"] == ["cy@x.gov.uk"]


def test_a_bad_row_s_person_is_not_marked_inactive(st_helens):
    staff_record(work_email="ann@x.gov.uk")
    report = staff_import(council=st_helens, rows=[row("ann@x.gov.uk", employment_type="volunteer")],
                          deactivate_missing=True)
    assert report.deactivated == [] and StaffRecord.objects.get().active


def test_a_dry_run_with_deactivate_missing_says_who_would_be_marked_and_marks_nobody(st_helens):
    staff_record(work_email="cy@x.gov.uk")
    report = staff_import(council=st_helens, rows=[row("ann@x.gov.uk")], deactivate_missing=True, dry_run=True)
    assert report.deactivated == ["cy@x.gov.uk"] and StaffRecord.objects.get().active


def test_confirming_a_check_loads_its_rows_once_and_clears_them(st_helens):
    hr = person("hr")
    preview = staff_import(council=st_helens, actor=hr, rows=[row("ann@x.gov.uk")], dry_run=True,
                           keep_rows=True, file_name="april.csv").run
    assert preview.source_rows and import_confirm_refusal(hr, preview) is None
    report = staff_import_confirm(actor=hr, preview=preview)
    preview.refresh_from_db()
    assert StaffRecord.objects.get().work_email == "ann@x.gov.uk" and report.run.file_name == "april.csv"
    assert preview.confirmed_by_run == report.run and preview.source_rows == []
    with pytest.raises(InvalidState, match="imported already"):
        staff_import_confirm(actor=hr, preview=preview)


def test_a_check_older_than_an_import_must_be_made_again(st_helens):
    hr = person("hr")
    preview = staff_import(council=st_helens, actor=hr, rows=[row("ann@x.gov.uk")], dry_run=True,
                           keep_rows=True).run
    staff_import(council=st_helens, rows=[row("bo@x.gov.uk")])
    with pytest.raises(InvalidState, match="upload the file again"):
        staff_import_confirm(actor=hr, preview=preview)
    assert not StaffRecord.objects.filter(work_email="ann@x.gov.uk").exists()


def test_only_someone_who_may_edit_records_confirms(st_helens):
    preview = staff_import(council=st_helens, rows=[row("ann@x.gov.uk")], dry_run=True, keep_rows=True).run
    with pytest.raises(NotAllowed):
        staff_import_confirm(actor=person("employee"), preview=preview)
    assert not StaffRecord.objects.exists()


@pytest.fixture
def no_migrate(monkeypatch):
    monkeypatch.setattr("civicguard.cli.staff.open_database", lambda: None)


def test_the_command_s_deactivate_missing_reports_who_and_keeps_a_report(tmp_path, st_helens, no_migrate):
    staff_record(work_email="cy@x.gov.uk")
    path = tmp_path / "hr.csv"
    path.write_text(HEADER + "ann@x.gov.uk,Ann Lee,employee,,,,\n")
    result = CliRunner().invoke(cli, ["staff", "import", str(path), "--council", "st-helens",
                                      "--deactivate-missing"])
    assert result.exit_code == 0, result.output
    assert "cy@x.gov.uk: not in this export: marked inactive" in result.output
    assert "(1 marked inactive)" in result.output
    run = ImportRun.objects.get()
    assert f"Import report {run.pk}" in result.output and run.file_name == "hr.csv" and run.actor is None
    assert not StaffRecord.objects.get(work_email="cy@x.gov.uk").active


def test_an_excel_workbook_is_refused_with_what_to_do(tmp_path, st_helens, no_migrate):
    path = tmp_path / "hr.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    result = CliRunner().invoke(cli, ["staff", "import", str(path), "--council", "st-helens"])
    assert result.exit_code == 2 and "save the export as CSV UTF-8" in result.output
