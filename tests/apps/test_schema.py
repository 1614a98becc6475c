"""The OpenAPI schema (served at /api/schema, generated from the code by drf-spectacular with
civicguard.common.openapi) says what the code does.

The property run of every operation is tests/apps/test_schemathesis.py. This file pins, one test each, the
disagreements that run found (issue 15, item 6; docs/bad-input.md), so each is settled whichever way it went:
the schema and the code are both asserted.
"""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from civicguard.apps.staff.services import role_assign, token_issue
from tests.apps.factories import AccountFactory, council, person
from tests.apps.test_url_coverage import project_patterns


@pytest.fixture(scope="module")
def spec(django_db_blocker):
    with django_db_blocker.unblock():
        return json.loads(APIClient().get("/api/schema", HTTP_ACCEPT="application/vnd.oai.openapi+json").content)


def operations(spec):
    return [(path, method, op) for path, ops in spec["paths"].items() for method, op in ops.items()]


def component(spec, name):
    return spec["components"]["schemas"][name]["properties"]


@pytest.fixture
def api():
    user = person("representative", account=(account := AccountFactory()))
    for role in ("approver", "moderator"):
        role_assign(user=user, council=council("st-helens"), role=role)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)}")
    client.account = account
    return client


CHECK = {"text": "Our libraries open late on Thursdays.", "council": "st-helens", "as": "official"}


def test_every_endpoint_in_the_url_conf_is_in_the_schema(spec):
    routes = {"/" + re.sub(r"<int:(\w+)>", r"{\1}", route) for name, (route, _) in project_patterns().items()
              if name.startswith("api-")}
    assert routes == set(spec["paths"])


def test_every_operation_documents_413_and_every_error_in_the_one_error_shape(spec):
    for path, method, op in operations(spec):
        assert "413" in op["responses"], f"{method} {path}"
        for code, response in op["responses"].items():
            if code.startswith("4"):
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/Error", f"{method} {path} {code}"


# ---- an optional query parameter sent empty is not sent (DRF's reading; OpenAPI's allowEmptyValue) ------------

def test_optional_query_parameters_may_be_sent_empty(spec, api):
    for path, method, op in operations(spec):
        for parameter in op.get("parameters", []):
            if parameter["in"] == "query" and not parameter.get("required"):
                assert parameter["allowEmptyValue"] is True, f"{method} {path} {parameter['name']}"
    assert api.get("/api/v1/posts?status=&council=&account=").status_code == 200
    assert api.get("/api/v1/comments?status=&severity=&limit=").status_code == 200


# ---- paging: a value that is not a whole number in range is refused, not quietly replaced ---------------------

@pytest.mark.parametrize("query", ["page=0", "page=x", "limit=0", "limit=-1", "limit=1.5", "offset=-1"])
def test_paging_values_out_of_range_are_a_400_naming_them(api, query):
    response = api.get(f"/api/v1/dead-letters?{query}")
    name = query.split("=")[0]
    assert response.status_code == 400 and response.json()["error"]["field"] == name


def test_a_limit_over_the_page_size_gives_a_full_page(spec, api):
    limit = next(p for p in spec["paths"]["/api/v1/posts"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"] == {"type": "integer", "minimum": 1} and "at most 200" in limit["description"]
    assert api.get("/api/v1/posts?limit=" + "9" * 40).status_code == 200


def test_an_account_id_as_large_as_the_schema_allows_is_a_filter_not_an_error(spec, api):
    account = next(p for p in spec["paths"]["/api/v1/comments"]["get"]["parameters"] if p["name"] == "account")
    assert account["schema"]["maximum"] == 2**63 - 1
    response = api.get(f"/api/v1/comments?account={2**63 - 2}")
    assert response.status_code == 200 and response.json()["results"] == []


# ---- text: never a NUL; not only spaces where the field is trimmed; a post's links are web addresses ---------

def test_text_fields_say_they_refuse_nul_and_the_api_does(spec, api):
    assert re.fullmatch(component(spec, "CheckInputRequest")["text"]["pattern"], "a\x00b") is None
    response = api.post("/api/v1/checks", {**CHECK, "text": "a\x00b"}, format="json")
    assert response.status_code == 400 and "text" in response.json()["error"]["fields"]


def test_a_trimmed_field_that_is_only_spaces_is_refused_by_both(spec, api):
    pattern = component(spec, "CheckInputRequest")["links"]["items"]["pattern"]
    assert re.search(pattern, " \t\x1f") is None and re.search(pattern, " x ")
    response = api.post("/api/v1/checks", {**CHECK, "links": [" \t\x1f"]}, format="json")
    assert response.status_code == 400


def test_a_post_s_links_must_be_web_addresses_a_check_s_need_not_be(spec, api):
    pattern = component(spec, "PostCreateRequest")["links"]["items"]["pattern"]
    assert re.search(pattern, " HTTPS://sthelens.gov.uk ") and not re.search(pattern, "ftp://example.com")
    response = api.post("/api/v1/posts", {"account": api.account.pk, "text": "Bins", "links": ["ftp://x"]},
                        format="json")
    assert response.status_code == 400 and response.json()["error"]["field"] == "links"
    assert api.post("/api/v1/checks", {**CHECK, "links": ["0"]}, format="json").status_code == 200


# ---- images: an object holds ref, tagged_people and alt_text of the documented types and nothing else ----------

def test_an_image_object_allows_no_other_keys(spec, api):
    image = component(spec, "CheckInputRequest")["images"]["items"]["oneOf"][1]
    assert image["additionalProperties"] is False
    response = api.post("/api/v1/checks", {**CHECK, "images": [{"ref": "a.jpg", "caption": "x"}]}, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("image", [{"ref": "a.jpg", "alt_text": {}}, {"ref": "a.jpg", "alt_text": None},
                                   {"ref": "a.jpg", "tagged_people": None}, {"ref": "a.jpg", "tagged_people": {}}])
def test_image_fields_of_the_wrong_type_are_refused(api, image):
    assert api.post("/api/v1/checks", {**CHECK, "images": [image]}, format="json").status_code == 400


def test_a_check_is_asked_with_a_json_true_or_false(spec, api):
    assert component(spec, "CheckInputRequest")["politically_restricted"]["type"] == "boolean"
    for value in (0, "no", "true"):
        response = api.post("/api/v1/checks", {**CHECK, "politically_restricted": value}, format="json")
        assert response.status_code == 400, value
    assert api.post("/api/v1/checks", {**CHECK, "politically_restricted": True}, format="json").status_code == 200


def test_the_schema_is_served_to_anyone_as_json(client):
    response = client.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200 and json.loads(response.content)["info"]["title"] == "CivicGuard API"
