"""People, roles and tokens."""

import pytest

from civicguard.apps.access.checks import can, roles_in
from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.staff.services import role_assign, token_issue, token_user, user_create
from civicguard.errors import BadInput
from tests.apps.factories import council, person


def test_a_new_person_gets_their_role_and_both_are_audited():
    user = user_create(username="jo", council=council("sefton"), role="moderator", password="Long-enough-pass-1")
    assert roles_in(user, "sefton") == {"moderator"} and roles_in(user, "st-helens") == set()
    events = set(AuditEntry.objects.values_list("event", flat=True))
    assert {"staff.user.create", "staff.role.assign"} <= events


@pytest.mark.parametrize("kwargs,field,says", [
    ({"role": "wizard"}, "role", "There is no role called 'wizard': use one of employee, representative"),
    ({"password": "short"}, "password", "Choose a stronger password: This password is too short."),
    ({"username": ""}, "username", "Enter a username"),
    ({"username": "x" * 151}, "username", "The username must be 150 characters or fewer"),
])
def test_bad_people_are_refused_with_the_field_named_and_what_to_do(kwargs, field, says):
    args = {"username": "sam", "council": council(), "role": "employee", **kwargs}
    with pytest.raises(BadInput) as err:
        user_create(**args)
    assert err.value.data["field"] == field and err.value.message.startswith(says)


def test_a_duplicate_role_is_refused():
    user = person("approver")
    with pytest.raises(BadInput) as err:
        role_assign(user=user, council=council(), role="approver")
    assert err.value.message == f"{user.username} already has that role: select a role they do not have"


def test_a_new_token_works_and_replaces_the_old_one():
    user = person("representative")
    first = token_issue(user=user)
    second = token_issue(user=user)
    assert token_user(first) is None and token_user(second) == user
    assert token_user("cg_nonsense") is None and token_user("x" * 5000) is None


def test_roles_grant_capabilities_only_in_their_own_council():
    approver = person("approver", "sefton")
    assert can(approver, "post.approve", "sefton") and not can(approver, "post.approve", "st-helens")
