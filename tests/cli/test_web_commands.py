"""`civicguard users`, `accounts` and `serve`: the interfaces other tools rely on (`demo`: test_demo_moderation.py)."""

import pytest
from click.testing import CliRunner

from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.apps.staff.services import token_user
from civicguard.cli.main import cli

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_users_create_and_token_give_a_working_bearer_token():
    created = run("users", "create", "cli-rep", "--council", "st-helens", "--role", "representative",
                  "--password", "Cli-Test-Password-77")
    token = run("users", "token", "cli-rep").output.strip().splitlines()[-1]
    assert created.exit_code == 0 and token_user(token).username == "cli-rep"


@pytest.mark.parametrize("args", [
    ("users", "create", "x1", "--council", "atlantis", "--role", "employee"),
    ("users", "create", "x2", "--council", "sefton", "--role", "employee", "--password", "123"),
    ("users", "token", "nobody-here"),
    ("accounts", "add", "--council", "sefton", "--platform", "myspace", "--handle", "@x"),
])
def test_bad_input_exits_2_with_a_message(args):
    result = run(*args)
    assert result.exit_code == 2 and "error:" in result.output


def test_an_unknown_role_is_refused_by_the_option_itself():
    assert run("users", "create", "x3", "--council", "sefton", "--role", "king").exit_code == 2


def test_accounts_add_registers_an_account_once():
    first = run("accounts", "add", "--council", "sefton", "--platform", "x", "--handle", "@SeftonLibs",
                "--platform-id", "998877")
    again = run("accounts", "add", "--council", "sefton", "--platform", "x", "--handle", "@SeftonLibs")
    account = SocialAccount.objects.get(handle="@SeftonLibs")
    assert first.exit_code == 0 and again.exit_code == 2 and account.platform_id == "998877"


def test_serve_describes_its_options():
    result = run("serve", "--help")
    assert result.exit_code == 0 and "--host" in result.output and "--port" in result.output
