"""The API: onboarding_required with what is missing; signing, publishing, courses, completions, status."""

from django.utils import timezone
from rest_framework.test import APIClient

from civicguard.apps.staff.services import token_issue
from tests.apps.factories import AccountFactory, person


def client_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)}")
    return client


def test_drafting_before_onboarding_answers_403_onboarding_required(st_helens):
    person("img")
    rep = person("representative", account=(account := AccountFactory()), onboarded=False)
    response = client_for(rep).post("/api/v1/posts", {"account": account.pk, "text": "Hello"}, format="json")
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "onboarding_required" and "sign" in error["message"]


def test_status_sign_and_then_draft(st_helens):
    person("img")
    rep = person("representative", account=(account := AccountFactory()), onboarded=False)
    api = client_for(rep)
    status = api.get("/api/v1/onboarding/status?council=st-helens").json()[0]
    assert not status["onboarded"] and [g["requirement"] for g in status["gaps"]] == ["agreement",
                                                                                     "training:social-media"]
    signed = api.post("/api/v1/agreement-signatures", {"council": "st-helens", "typed_name": rep.username,
                                                       "personal_devices": True, "personal_use_at_work": True},
                      format="json")
    assert signed.status_code == 201 and signed.json()["source"] == "signed-in-civicguard"
    course = api.get("/api/v1/courses").json()[0]
    assert course["slug"] == "social-media" and course["required"] is True
    recorded = client_for(person("img", username="img2")).post(
        "/api/v1/completions", {"course": course["id"], "username": rep.username,
                                "completed": timezone.localdate().isoformat()}, format="json")
    assert recorded.status_code == 201
    assert api.get("/api/v1/onboarding/status").json()[0]["onboarded"] is True
    assert api.post("/api/v1/posts", {"account": account.pk, "text": "Hello"}, format="json").status_code == 201


def test_publishing_a_version_needs_the_img(st_helens):
    body = {"council": "st-helens", "text": "Version two", "effective": "2026-01-01"}
    assert client_for(person("representative")).post("/api/v1/agreement-versions", body,
                                                     format="json").status_code == 403
    made = client_for(person("img")).post("/api/v1/agreement-versions", body, format="json")
    assert made.status_code == 201 and made.json()["effective"] == "2026-01-01"
