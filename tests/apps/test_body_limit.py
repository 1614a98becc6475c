"""A body over the limit answers 413 in the API's error shape on every endpoint, whatever its method.

The endpoints and their methods are read from the URL conf (the same walk as the URL coverage test), so a new
endpoint joins this test by itself.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.urls import reverse
from rest_framework.test import APIClient

from civicguard.apps.moderation.models import DeadLetter
from civicguard.apps.staff.services import token_issue
from civicguard.common.api import exception_handler
from tests.apps.factories import person
from tests.apps.test_url_coverage import HTTP_METHODS, _has_arguments, project_patterns


def endpoints() -> list[tuple[str, str]]:
    found = []
    for name, (_, entry) in sorted(project_patterns().items()):
        view_class = getattr(entry.callback, "view_class", None)
        if name.startswith("api-") and view_class is not None:
            found += [(name, method) for method in HTTP_METHODS if hasattr(view_class, method)]
    return found


def test_the_walk_finds_every_endpoint_that_takes_a_body():
    assert {("api-checks", "post"), ("api-posts", "post"), ("api-post", "patch"), ("api-post-approvals", "post"),
            ("api-comment-decisions", "post"), ("api-comment-handoffs", "post")} <= set(endpoints())


@pytest.fixture
def api():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=person('moderator'))}")
    return client


def too_big() -> str:
    return json.dumps({"text": "a" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})


@pytest.mark.parametrize(("name", "method"), endpoints())
def test_a_body_over_the_limit_is_413_with_the_error_shape(api, name, method):
    _, entry = project_patterns()[name]
    url = reverse(name, args=[1] if _has_arguments(entry) else [])
    if name == "api-comments-import":
        url += "?source=json"
    response = api.generic(method.upper(), url, too_big(), content_type="application/json")
    assert response.status_code == 413, f"{method.upper()} {url}: {response.status_code}"
    error = response.json()["error"]
    assert error["code"] == "too_large" and "MB limit" in error["message"]


def test_the_import_still_keeps_an_oversize_payload_as_a_dead_letter(api):
    api.post(reverse("api-comments-import") + "?source=json", data=too_big(), content_type="application/json")
    assert DeadLetter.objects.filter(reason__contains="over the").exists()


def test_a_body_under_the_limit_reaches_the_endpoint(api):
    body = json.dumps({"text": "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2), "council": "st-helens"})
    response = api.post(reverse("api-checks"), data=body, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_input"


def test_a_body_found_too_big_only_when_read_is_413_too():
    response = exception_handler(RequestDataTooBig("too big"), {})
    assert response.status_code == 413 and response.data["error"]["code"] == "too_large"
