"""`civicguard breaches list|show`: the DPO's team reads the records and their ICO clocks; others read only what
they opened; every list and record shown is a logged read."""

from __future__ import annotations

import json

from click.testing import CliRunner

from civicguard.apps.access.models import ConfidentialRead
from civicguard.cli.breaches import breaches
from tests.apps.breaches.factories import assessed, breach


def run(*args):
    return CliRunner().invoke(breaches, list(args))


def test_the_dpo_lists_every_record_with_its_clock_and_the_read_is_logged(cast):
    mine = breach(cast["moderator"], hours_ago=60)
    told = assessed(cast["legal"], breach(cast["approver"], hours_ago=2), risk="risk")
    result = run("list", "--as", cast["legal"].username, "--council", "st-helens")
    assert result.exit_code == 0, result.output
    assert f"URGENT #{mine.pk} Open: ICO must be told by" in result.output and "(11 hours left)" in result.output
    assert f"#{told.pk} Assessed (A risk to people's rights and freedoms): ICO must be told by" in result.output
    read = ConfidentialRead.objects.get(reader=cast["legal"], via="cli")
    assert read.kind == "breach" and str(mine.pk) in read.what


def test_someone_who_opened_a_record_sees_only_theirs(cast):
    theirs = breach(cast["moderator"])
    breach(cast["approver"])
    result = run("list", "--as", cast["moderator"].username, "--council", "st-helens", "--json")
    assert result.exit_code == 0, result.output
    assert [row["id"] for row in json.loads(result.output)] == [theirs.pk]


def test_one_record_is_shown_to_a_reader_and_does_not_exist_for_anyone_else(cast):
    found = breach(cast["moderator"])
    shown = run("show", "--as", cast["legal"].username, "--council", "st-helens", str(found.pk))
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["what"] == found.what
    refused = run("show", "--as", cast["approver"].username, "--council", "st-helens", str(found.pk))
    assert refused.exit_code == 2 and "No such personal data breach record" in refused.output
    assert ConfidentialRead.objects.filter(reader=cast["approver"]).count() == 0


def test_someone_who_may_not_open_records_is_refused(cast):
    result = run("list", "--as", cast["employee"].username, "--council", "st-helens")
    assert result.exit_code == 2
