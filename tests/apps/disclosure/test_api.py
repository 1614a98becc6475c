"""The disclosure API: the same services and checks as the pages."""

from __future__ import annotations

from rest_framework.test import APIClient

from civicguard.apps.disclosure.models import DisclosureRequest
from civicguard.apps.staff.services import token_issue
from tests.apps.disclosure.factories import town, unzip
from tests.apps.factories import person


def _api(user):
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)}")
    return http


def test_a_request_is_opened_searched_and_exported_through_the_api(db):
    town()
    http = _api(person("img"))
    made = http.post("/api/v1/disclosure-requests", {"council": "st-helens", "kind": "foi",
                                                     "requester_name": "Kieran Daly",
                                                     "subject_handles": ["@janesmith"]}, format="json")
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    found = http.post(f"/api/v1/disclosure-requests/{pk}/search").json()
    assert found["counts"]["comment"] == 1 and "consent" in found["not_searched"]
    export = http.post(f"/api/v1/disclosure-requests/{pk}/export")
    assert export.status_code == 200 and "Jane Smith" not in unzip(export.content)["records.csv"].decode()
    listed = http.get("/api/v1/disclosure-requests").json()
    assert [r["id"] for r in listed["results"]] == [pk] and listed["results"][0]["status"] == "disclosed"
    bad = http.post("/api/v1/disclosure-requests", {"council": "st-helens", "kind": "foi",
                                                    "requester_name": "X"}, format="json")
    assert bad.status_code == 400


def test_others_get_404_for_a_request(db):
    t = town()
    http = _api(person("img"))
    pk = http.post("/api/v1/disclosure-requests", {"council": "st-helens", "kind": "sar", "requester_name": "J",
                                                   "subject_name": "Jane Smith"}, format="json").json()["id"]
    assert _api(t.w.hr).get(f"/api/v1/disclosure-requests/{pk}").status_code == 404
    assert _api(person("legal", "sefton")).post(f"/api/v1/disclosure-requests/{pk}/search").status_code == 404
    assert DisclosureRequest.objects.get().status == "open"
