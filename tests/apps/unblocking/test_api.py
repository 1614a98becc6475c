"""The unblocking API: the same services and checks as the pages."""

from __future__ import annotations

from rest_framework.test import APIClient

from civicguard.apps.staff.services import token_issue
from tests.apps.unblocking.conftest import ask

BODY = {"council": "sefton", "team": "Libraries", "people": "The events team", "sites": ["facebook"],
        "reason": "To run the reading challenge's page.", "days": 30, "work_only": True}


def _api(user):
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)}")
    return http


def test_create_read_and_decide(cast):
    created = _api(cast["employee"]).post("/api/v1/unblock-requests", BODY, format="json")
    assert created.status_code == 201 and created.json()["status"] == "submitted"
    pk = created.json()["id"]
    passed = _api(cast["ict-helpdesk"]).post(f"/api/v1/unblock-requests/{pk}/decisions", {"decision": "pass_on"},
                                             format="json")
    assert passed.status_code == 200 and passed.json()["status_label"] == "With the Computer Auditor"
    assert _api(cast["employee"]).get(f"/api/v1/unblock-requests/{pk}").json()["passed_on_by"] == \
        cast["ict-helpdesk"].username


def test_the_declaration_must_be_true(cast):
    response = _api(cast["employee"]).post("/api/v1/unblock-requests", {**BODY, "work_only": False}, format="json")
    assert response.status_code == 400


def test_a_decision_out_of_turn_is_a_409_and_out_of_role_a_403(cast):
    pk = ask(cast["employee"]).pk
    auditor = _api(cast["computer-auditor"])
    assert auditor.post(f"/api/v1/unblock-requests/{pk}/decisions", {"decision": "approve"},
                        format="json").status_code == 409
    assert auditor.post(f"/api/v1/unblock-requests/{pk}/decisions", {"decision": "pass_on"},
                        format="json").status_code == 403


def test_the_list_shows_a_person_their_own_and_the_helpdesk_all(cast):
    ask(cast["employee"])
    assert _api(cast["img"]).get("/api/v1/unblock-requests").json()["count"] == 0
    assert _api(cast["ict-helpdesk"]).get("/api/v1/unblock-requests?council=sefton").json()["count"] == 1
