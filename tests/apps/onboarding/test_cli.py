"""`civicguard training import FILE.csv` and `civicguard staff record-onboarding USERNAME`."""

import pytest
from click.testing import CliRunner

from civicguard.apps.onboarding.models import AgreementSignature, Completion
from civicguard.cli.main import cli
from tests.apps.factories import person


@pytest.fixture(autouse=True)
def _no_migrate(monkeypatch):
    monkeypatch.setattr("civicguard.cli.onboarding.open_database", lambda: None)  # the test database is ready


def test_the_import_prints_what_it_added_and_skipped(tmp_path, st_helens):
    rep = person("representative", onboarded=False)
    person("img")
    path = tmp_path / "lms.csv"
    path.write_text(f"Email,Course,Completed\n{rep.email},social-media,2026-03-01\nx@y.gov.uk,social-media,2026\n")
    result = CliRunner().invoke(cli, ["training", "import", str(path), "--council", "st-helens"])
    assert result.exit_code == 0, result.output
    assert "line 2: " in result.output and "added" in result.output and "line 3: skipped" in result.output
    assert "1 added, 0 already recorded, 1 bad rows skipped" in result.output


def test_a_file_without_the_columns_exits_2(tmp_path, st_helens):
    path = tmp_path / "lms.csv"
    path.write_text("name,date\n")
    result = CliRunner().invoke(cli, ["training", "import", str(path), "--council", "st-helens"])
    assert result.exit_code == 2 and "no column email, course, completed" in result.output


def test_record_onboarding_from_the_paper_records(st_helens):
    rep = person("representative", onboarded=False, username="rae")
    person("img")
    result = CliRunner().invoke(cli, ["staff", "record-onboarding", "rae", "--council", "st-helens",
                                      "--agreement-signed", "2025-04-01", "--training-completed", "2026-03-01"])
    assert result.exit_code == 0, result.output
    assert "User Agreement signed 1 April 2025 recorded" in result.output
    assert AgreementSignature.objects.get(user=rep).source == "before-civicguard"
    assert Completion.objects.get(user=rep).source == "before-civicguard"


def test_record_onboarding_with_a_bad_date_exits_2(st_helens):
    result = CliRunner().invoke(cli, ["staff", "record-onboarding", "nobody", "--council", "st-helens",
                                      "--agreement-signed", "April"])
    assert result.exit_code == 2 and "is not a date" in result.output
