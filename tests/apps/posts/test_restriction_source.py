"""St Helens 5.7: where a check's result is shown, it says whether the politically restricted post came from HR's
staff record or is the person's own statement ("as you say")."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from civicguard.apps.staff.services import token_issue
from civicguard.engine.model import restriction_from
from tests.apps.factories import person, staff_record

CAMPAIGNING = "Vote Labour on Thursday! Kick the Tories out."
RULE = "sth.political.restricted-post"


def answer(user, *, channel="personal", **extra):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)}")
    response = client.post("/api/v1/checks", {"text": CAMPAIGNING, "council": "st-helens", "as": channel, **extra},
                           format="json")
    assert response.status_code == 200, response.json()
    return response.json()


@pytest.mark.parametrize(("hr_record", "stated", "restricted", "source"), [
    (True, False, True, "hr-record"), (True, True, True, "hr-record"),
    (False, True, True, "as-you-say"), (None, True, True, "as-you-say"),
    (False, False, False, None), (None, False, False, None)])
def test_the_rule(hr_record, stated, restricted, source):
    said = restriction_from(hr_record=hr_record, stated=stated)
    assert (said.restricted, said.source) == (restricted, source)


def test_the_api_answer_says_hr_s_record_whatever_the_field_says(st_helens):
    employee = person("employee")
    staff_record(user=employee, politically_restricted=True)
    data = answer(employee, politically_restricted=False)
    assert (data["politically_restricted"], data["politically_restricted_source"]) == (True, "hr-record")
    assert RULE in {f["rule"] for f in data["findings"]}


def test_the_api_answer_without_a_record_is_as_you_say(st_helens):
    data = answer(person("employee"), politically_restricted=True)
    assert (data["politically_restricted"], data["politically_restricted_source"]) == (True, "as-you-say")
    assert RULE in {f["rule"] for f in data["findings"]}
    data = answer(person("employee"))
    assert (data["politically_restricted"], data["politically_restricted_source"]) == (False, None)
    assert RULE not in {f["rule"] for f in data["findings"]}


def test_an_official_pre_check_answer_names_hr_s_record_too(st_helens):
    representative = person("representative")
    staff_record(user=representative, politically_restricted=True)
    data = answer(representative, channel="official")
    assert (data["politically_restricted"], data["politically_restricted_source"]) == (True, "hr-record")


def test_a_comment_s_author_is_never_the_checker_s_record(st_helens):
    moderator = person("moderator")
    staff_record(user=moderator, politically_restricted=True)
    data = answer(moderator, channel="comment")
    assert (data["politically_restricted"], data["politically_restricted_source"]) == (False, None)


def _page(client, user, **extra):
    client.force_login(user)
    response = client.post(reverse("posts:personal_check"), {"text": CAMPAIGNING, **extra})
    assert response.status_code == 200
    return response.content.decode()


def test_the_personal_check_page_says_where_the_restriction_came_from(client, st_helens):
    restricted = person("employee")
    staff_record(user=restricted, politically_restricted=True)
    page = _page(client, restricted)
    assert ("Checked as a politically restricted post: HR's staff record says your post is politically "
            "restricted") in page
    page = _page(client, person("employee"), politically_restricted="on")
    assert "Checked as a politically restricted post, as you say: no staff record from HR says so." in page
    page = _page(client, person("employee"))
    assert "Not checked as a politically restricted post" in page
