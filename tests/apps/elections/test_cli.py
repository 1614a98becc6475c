"""`civicguard elections list|add`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.elections.models import Election
from civicguard.cli.elections import elections
from tests.apps.elections.factories import election
from tests.apps.factories import person

pytestmark = pytest.mark.django_db


def run(*args):
    return CliRunner().invoke(elections, list(args))


def test_add_puts_an_election_on_the_calendar_with_the_packs_period():
    keeper = person("img")
    result = run("add", "--council", "st-helens", "--as", keeper.username, "--name", "Borough council elections",
                 "--kind", "local", "--polling-day", "2027-05-06", "--notice", "2027-03-29")
    assert result.exit_code == 0, result.output
    assert result.output.endswith("pre-election period 2027-03-29 to 2027-05-06\n")
    assert AuditEntry.objects.get(event="elections.election.add").after["via"] == "cli"


def test_add_is_refused_to_an_employee_and_a_bad_date_is_named():
    refused = run("add", "--council", "st-helens", "--as", person("employee").username, "--name", "X",
                  "--kind", "local", "--polling-day", "2027-05-06")
    assert refused.exit_code == 2
    bad = run("add", "--council", "st-helens", "--as", person("img").username, "--name", "X", "--kind", "local",
              "--polling-day", "6 May")
    assert bad.exit_code == 2 and "--polling-day" in bad.output
    assert not Election.objects.exists()


def test_list_marks_the_period_on_now():
    election(name="Borough council elections")
    election(on=False, name="Mayoral election", kind="mayoral")
    reader = person("employee")
    lines = run("list", "--council", "st-helens", "--as", reader.username).output.splitlines()
    assert lines[0].endswith("PERIOD ON NOW") and "Borough council elections" in lines[0]
    assert "Mayoral election" in lines[1] and "PERIOD ON NOW" not in lines[1]
    rows = json.loads(run("list", "--council", "st-helens", "--as", reader.username, "--json").output)
    assert [r["period_on"] for r in rows] == [True, False]
