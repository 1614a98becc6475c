"""Signed-in pages and API answers are never kept by a browser or a proxy (Cache-Control: no-store).

Every page of the URL conf is fetched as a signed-in person holding every role, so each page answers with its
content where it can (and with its 403, 404 or 405 page otherwise, which must not be kept either).
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from civicguard.apps.access.roles import ROLES
from civicguard.apps.staff.services import role_assign, token_issue
from tests.apps.factories import AccountFactory, council, person
from tests.apps.test_url_coverage import _has_arguments, project_patterns

PAGES = sorted(name for name in project_patterns() if not name.startswith("api-"))


@pytest.fixture(scope="module")
def _everyone_once(django_db_setup, django_db_blocker):
    """The person holding every role, made once for the module inside a transaction rolled back at its end; each
    test runs in a savepoint inside it (pytest-django's `db`), so what a page changes is undone before the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        user = person("approver")
        for role in set(ROLES) - {"approver"}:
            role_assign(user=user, council=council("st-helens"), role=role, account=None)
        AccountFactory()
        yield user
        transaction.set_rollback(True)


@pytest.fixture
def everyone(client, _everyone_once):
    client.force_login(_everyone_once)
    return _everyone_once


def test_the_walk_finds_the_pages():
    assert {"dashboard:home", "posts:detail", "embargo:new", "audit:list"} <= set(PAGES)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_a_signed_in_person_sees_is_no_store(client, everyone, name):
    _, entry = project_patterns()[name]
    response = client.get(reverse(name, args=[1] if _has_arguments(entry) else []))
    assert "no-store" in response.get("Cache-Control", ""), f"{name} answered {response.status_code} without it"


def test_the_api_answers_a_signed_in_system_with_no_store(everyone):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=everyone)}")
    assert "no-store" in api.get(reverse("api-posts"))["Cache-Control"]

