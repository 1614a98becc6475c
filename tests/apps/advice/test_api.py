"""The advice API: the same services and checks as the pages."""

from __future__ import annotations

from rest_framework.test import APIClient

from civicguard.apps.staff.services import token_issue
from tests.apps.factories import AccountFactory, council


def _api(user):
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)}")
    return http


def test_ask_about_an_account_then_answer(cast):
    account = AccountFactory(council=council("st-helens"))
    asked = _api(cast["representative"]).post("/api/v1/advice-requests", {
        "council": "st-helens", "adviser": "internal-audit", "question": "Is a ward list personal data?",
        "about": {"kind": "account", "id": account.pk}}, format="json")
    assert asked.status_code == 201 and asked.json()["about"] == {"kind": "account", "id": account.pk}
    pk = asked.json()["id"]
    answered = _api(cast["computer-auditor"]).post(f"/api/v1/advice-requests/{pk}/answer",
                                                   {"answer": "Not on its own."}, format="json")
    assert answered.status_code == 200 and answered.json()["answered_by"] == cast["computer-auditor"].username
    again = _api(cast["computer-auditor"]).post(f"/api/v1/advice-requests/{pk}/answer", {"answer": "x"},
                                                format="json")
    assert again.status_code == 409


def test_an_unknown_adviser_or_an_object_of_another_council_is_a_404(cast):
    http = _api(cast["representative"])
    body = {"council": "st-helens", "adviser": "press-office", "question": "?"}
    assert http.post("/api/v1/advice-requests", body, format="json").status_code == 404
    other = AccountFactory(council=council("sefton"))
    body = {**body, "adviser": "legal", "about": {"kind": "account", "id": other.pk}}
    assert http.post("/api/v1/advice-requests", body, format="json").status_code == 404


def test_the_asker_withdraws(cast):
    pk = _api(cast["representative"]).post("/api/v1/advice-requests", {
        "council": "st-helens", "adviser": "legal", "question": "?"}, format="json").json()["id"]
    assert _api(cast["img"]).post(f"/api/v1/advice-requests/{pk}/withdraw").status_code == 403
    response = _api(cast["representative"]).post(f"/api/v1/advice-requests/{pk}/withdraw")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
