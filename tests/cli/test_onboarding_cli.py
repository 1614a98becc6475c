"""`civicguard training courses|add-course` (the council's courses from the command line)."""

import pytest
from click.testing import CliRunner

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.onboarding.models import Course
from civicguard.cli.onboarding import training
from tests.apps.factories import council, person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_migrate(monkeypatch):
    monkeypatch.setattr("civicguard.cli.onboarding.open_database", lambda: None)  # the test database is ready


def run(*args: str):
    return CliRunner().invoke(training, list(args))


def test_the_img_adds_a_course_and_the_list_shows_it():
    council("st-helens")
    img = person("img")
    added = run("add-course", "--council", "st-helens", "--slug", "data-protection", "--name",
                "Data protection at work", "--validity-days", "730", "--as", img.username)
    assert added.exit_code == 0, added.output
    assert "Data protection at work (data-protection) added, counts for 730 days" in added.output
    assert AuditEntry.objects.get(event="onboarding.course.create").actor == img.username
    listed = run("courses", "--council", "st-helens")
    assert listed.exit_code == 0, listed.output
    assert "data-protection\tData protection at work\tcounts for 730 days\tnot needed before posting" in listed.output
    assert "social-media\t" in listed.output and "\tneeded before posting" in listed.output


def test_a_course_that_never_expires():
    council("st-helens")
    img = person("img")
    added = run("add-course", "--council", "st-helens", "--slug", "induction", "--name", "Induction",
                "--never-expires", "--as", img.username)
    assert added.exit_code == 0 and "never expires" in added.output, added.output
    assert Course.objects.get(slug="induction").validity_days is None


def test_a_taken_short_name_exits_2():
    council("st-helens")
    img = person("img")
    result = run("add-course", "--council", "st-helens", "--slug", "social-media", "--name", "Again",
                 "--as", img.username)
    assert result.exit_code == 2 and "already has a course social-media" in result.output


def test_someone_without_training_manage_is_refused_and_nothing_is_added():
    council("st-helens")
    manager = person("line-manager")
    result = run("add-course", "--council", "st-helens", "--slug", "x-course", "--name", "X", "--as",
                 manager.username)
    assert result.exit_code == 2 and not Course.objects.filter(slug="x-course").exists()
    elsewhere = run("add-course", "--council", "sefton", "--slug", "x-course", "--name", "X", "--as",
                    person("img").username)
    assert elsewhere.exit_code == 2 and "has no role in a council 'sefton'" in elsewhere.output
