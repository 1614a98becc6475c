"""`civicguard reviews due` and `civicguard reviews run`: what they print."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from django.utils import timezone

from civicguard.apps.reviews.services import review_open
from civicguard.apps.social_accounts.models import AccountStatus, SocialAccount
from civicguard.cli.main import cli
from tests.apps.reviews.factories import live_account


@pytest.fixture(autouse=True)
def _no_migrate(monkeypatch):
    monkeypatch.setattr("civicguard.cli.reviews.open_database", lambda: None)  # the test database is ready


def test_due_lists_the_open_reviews_due_soon_with_who_signs(st_helens):
    review_open(account=live_account(handle="@LibrariesLate"), due=timezone.localdate() - timedelta(days=2))
    review_open(account=live_account(handle="@LeisureLater"), due=timezone.localdate() + timedelta(days=90))
    result = CliRunner().invoke(cli, ["reviews", "due", "--council", "st-helens"])
    assert result.exit_code == 0, result.output
    assert "@LibrariesLate" in result.output and "overdue" in result.output and "@LeisureLater" not in result.output
    assert "@LeisureLater" in CliRunner().invoke(cli, ["reviews", "due", "--all"]).output


def test_run_opens_reviews_and_marks_dormant_accounts(st_helens):
    quiet = live_account(handle="@OldNews")
    long_ago = timezone.now() - timedelta(days=200)
    SocialAccount.objects.filter(pk=quiet.pk).update(created=long_ago, status_changed=long_ago)
    result = CliRunner().invoke(cli, ["reviews", "run"])
    assert result.exit_code == 0, result.output
    assert "marked dormant: Facebook @OldNews" in result.output and "1 review opened, 1 account marked dormant" in \
        result.output
    assert SocialAccount.objects.get(pk=quiet.pk).status == AccountStatus.DORMANT
    assert "0 reviews opened, 0 accounts marked dormant" in CliRunner().invoke(cli, ["reviews", "run"]).output


def test_an_unknown_council_exits_2():
    result = CliRunner().invoke(cli, ["reviews", "due", "--council", "atlantis"])
    assert result.exit_code == 2 and "no council 'atlantis'" in result.output
