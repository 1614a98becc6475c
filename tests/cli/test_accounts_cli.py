"""`civicguard accounts cases|decide|create|go-live|providers|provider-add`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from civicguard.apps.social_accounts import services
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.cli.accounts import accounts
from tests.apps.factories import council, person
from tests.apps.social_accounts.cases import complete_case

pytestmark = pytest.mark.django_db


def run(*args: str):
    return CliRunner().invoke(accounts, list(args))


def test_a_case_from_decision_to_live_account():
    sth = council("st-helens")
    author, approver = person("service-manager"), person("approver")
    case = complete_case(sth, author, title="St Helens Parks")
    services.business_case_submit(case=case, actor=author)
    listed = json.loads(run("cases", "--council", "st-helens", "--as", approver.username, "--json").output)
    assert [(c["title"], c["state"]) for c in listed] == [("St Helens Parks", "submitted")]
    decided = run("decide", str(case.pk), "--as", approver.username, "--decision", "approve", "--reason", "Needed")
    assert decided.exit_code == 0 and "approved" in decided.output, decided.output
    rep = person("employee")
    made = run("create", str(case.pk), "--as", approver.username, "--handle", "@StHelensParks",
               "--login-email", "parks.login@sthelens.gov.uk", "--conditions-version", "Terms 2025",
               "--representative", rep.username)
    assert made.exit_code == 0 and "being set up" in made.output, made.output
    account = SocialAccount.objects.get()
    early = run("go-live", str(account.pk), "--as", approver.username)
    assert early.exit_code == 2 and "cannot go live yet" in early.output and "identifies the council" in early.output
    services.account_update(account=account, actor=approver, identifies_council=True, branding_appropriate=True)
    live = run("go-live", str(account.pk), "--as", approver.username)
    assert live.exit_code == 0 and "/register/st-helens/" in live.output
    shown = run("list", "--council", "st-helens").output
    assert "@StHelensParks" in shown and "live" in shown and "parks.login" not in shown


def test_providers_and_who_may_decide():
    sth = council("st-helens")
    approver = person("approver")
    added = run("provider-add", "--council", "st-helens", "--as", approver.username, "--platform", "tiktok",
                "--reason", "Data held abroad")
    assert added.exit_code == 0, added.output
    assert "tiktok\tData held abroad" in run("providers", "--council", "st-helens", "--as",
                                             person("employee").username).output
    author = person("service-manager")
    case = complete_case(sth, author)
    services.business_case_submit(case=case, actor=author)
    refused = run("decide", str(case.pk), "--as", author.username, "--decision", "approve", "--reason", "x")
    assert refused.exit_code == 2
    assert run("provider-add", "--council", "st-helens", "--as", author.username, "--platform", "x",
               "--reason", "no").exit_code == 2
