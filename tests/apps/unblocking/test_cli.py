"""`civicguard unblocking list|decide|expire`."""

from __future__ import annotations

import json

from click.testing import CliRunner

from civicguard.cli.unblocking import unblocking
from tests.apps.unblocking.conftest import ask


def run(*args):
    return CliRunner().invoke(unblocking, list(args))


def test_the_helpdesk_lists_and_passes_on_a_request(cast):
    req = ask(cast["employee"])
    helpdesk = cast["ict-helpdesk"].username
    listed = run("list", "--council", "sefton", "--as", helpdesk, "--json")
    assert listed.exit_code == 0 and json.loads(listed.output)[0]["team"] == "Libraries"
    decided = run("decide", str(req.pk), "--as", helpdesk, "--decision", "pass_on")
    assert decided.exit_code == 0 and "with the computer auditor" in decided.output


def test_a_decision_the_person_may_not_make_exits_2(cast):
    req = ask(cast["employee"])
    result = run("decide", str(req.pk), "--as", cast["img"].username, "--decision", "approve")
    assert result.exit_code == 2 and "no such unblocking request" in result.output


def test_expire_reports_how_many_ended(cast):
    result = run("expire")
    assert result.exit_code == 0 and "0 request(s) expired" in result.output


def test_both_groups_are_civicguard_commands():
    from civicguard.cli.main import cli

    for group, command in (("unblocking", "decide"), ("advice", "answer")):
        result = CliRunner().invoke(cli, [group, "--help"])
        assert result.exit_code == 0 and command in result.output
