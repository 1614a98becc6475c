"""`civicguard accounts cases|endorse|decide|create|go-live|close|providers|provider-add`."""

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


def test_endorse_returns_or_endorses_a_line_manager_s_case():
    sth = council("st-helens")
    author, manager = person("line-manager"), person("service-manager")
    case = services.business_case_submit(case=complete_case(sth, author), actor=author)
    assert case.state == "endorsement"
    returned = run("endorse", str(case.pk), "--as", manager.username, "--decision", "return", "--reason",
                   "Say who covers")
    assert returned.exit_code == 0 and "returned for changes" in returned.output
    case.refresh_from_db()
    assert case.endorsement_reason == "Say who covers"
    refused = run("endorse", str(case.pk), "--as", manager.username, "--decision", "endorse")
    assert refused.exit_code == 2 and "returned for changes" in refused.output
    services.business_case_submit(case=case, actor=author)
    endorsed = run("endorse", str(case.pk), "--as", manager.username, "--decision", "endorse")
    assert endorsed.exit_code == 0 and "waiting for a decision" in endorsed.output


def test_close_takes_a_live_account_off_the_register():
    from civicguard.apps.social_accounts.models import AccountStatus
    from tests.apps.factories import AccountFactory

    sth = council("st-helens")
    account = AccountFactory(council=sth, handle="@StHelensOther", status=AccountStatus.LIVE)
    refused = run("close", str(account.pk), "--as", person("representative").username, "--reason", "No")
    assert refused.exit_code == 2 and SocialAccount.objects.get(pk=account.pk).status == AccountStatus.LIVE
    done = run("close", str(account.pk), "--as", person("admin").username, "--reason", "Merged")
    assert done.exit_code == 0 and "no longer listed on /register/st-helens/" in done.output
    assert SocialAccount.objects.get(pk=account.pk).status == AccountStatus.CLOSED
