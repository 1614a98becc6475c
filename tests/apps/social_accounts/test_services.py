"""Adding an official account: what is refused, and the words that say what to do instead."""

import pytest

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.social_accounts.services import account_add
from civicguard.errors import BadInput
from tests.apps.factories import council


def test_an_account_is_added_and_audited():
    account = account_add(council=council(), platform="X", handle=" @sthelens ")
    assert (account.platform, account.handle) == ("x", "@sthelens")
    assert AuditEntry.objects.get(event="social_accounts.account.add").after["handle"] == "@sthelens"


@pytest.mark.parametrize("kwargs,field,says", [
    ({"platform": "myspace"}, "platform", "There is no platform called 'myspace': use one of facebook"),
    ({"handle": "  "}, "handle", "Enter the account's handle"),
    ({"handle": "h" * 201}, "handle", "The handle must be 200 characters or fewer"),
])
def test_bad_accounts_are_refused_saying_what_to_do(kwargs, field, says):
    with pytest.raises(BadInput) as err:
        account_add(**{"council": council(), "platform": "x", "handle": "@sthelens", **kwargs})
    assert err.value.data["field"] == field and err.value.message.startswith(says)


def test_an_account_cannot_be_added_twice():
    account_add(council=council(), platform="x", handle="@sthelens")
    with pytest.raises(BadInput, match="@StHelens on x is already registered: each account is added once"):
        account_add(council=council(), platform="x", handle="@StHelens")
