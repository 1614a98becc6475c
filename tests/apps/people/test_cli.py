"""`civicguard staff import FILE.csv --council C [--dry-run]`: what it prints, and exit 2 on a file it cannot read."""

import pytest
from click.testing import CliRunner

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.people.models import StaffRecord
from civicguard.cli.main import cli
from tests.apps.factories import staff_record

HEADER = "email,name,employment_type,service_area,line_manager_email,politically_restricted,hr_reference\n"


@pytest.fixture(autouse=True)
def _no_migrate(monkeypatch):
    monkeypatch.setattr("civicguard.cli.staff.open_database", lambda: None)  # the test database is ready


def run(tmp_path, text, *more, data=None):
    path = tmp_path / "hr.csv"
    path.write_bytes(data if data is not None else text.encode())
    return CliRunner().invoke(cli, ["staff", "import", str(path), "--council", "st-helens", *more])


def test_the_import_prints_each_change_and_the_counts(tmp_path, st_helens):
    staff_record(work_email="cy@x.gov.uk")
    result = run(tmp_path, HEADER + "ann@x.gov.uk,Ann Lee,Agency worker,Libraries,,no,HR-1\n"
                                    "bad,Bo,employee,,,,\n")
    assert result.exit_code == 0, result.output
    assert "line 2: ann@x.gov.uk: added" in result.output and "line 3: skipped" in result.output
    assert "cy@x.gov.uk: not in this export" in result.output
    assert "1 added, 0 changed, 0 unchanged, 1 bad rows skipped, 1 not in this export" in result.output
    assert StaffRecord.objects.get(work_email="ann@x.gov.uk").employment_type == "agency-worker"
    assert AuditEntry.objects.get(event="people.staff.import").actor == ""  # the system


def test_a_dry_run_saves_nothing(tmp_path, st_helens):
    result = run(tmp_path, HEADER + "ann@x.gov.uk,Ann Lee,employee,,,,\n", "--dry-run")
    assert result.exit_code == 0 and result.output.startswith("Dry run (nothing saved)")
    assert not StaffRecord.objects.exists()


@pytest.mark.parametrize(("text", "data", "says"), [
    ("email,name\nann@x.gov.uk,Ann\n", None, "has no column employment_type, service_area"),
    ("", HEADER.encode() + "ann@x.gov.uk,Zo\xeb,employee,,,,\n".encode("latin-1"), "is not UTF-8"),
])
def test_a_file_it_cannot_read_exits_2_with_a_clear_message(tmp_path, st_helens, text, data, says):
    result = run(tmp_path, text, data=data)
    assert result.exit_code == 2 and says in result.output and not StaffRecord.objects.exists()


def test_staff_is_a_group_whose_unknown_commands_fail_without_harm():
    result = CliRunner().invoke(cli, ["staff", "forget-everyone", "--council", "st-helens"])
    assert result.exit_code == 2 and "No such command" in result.output
