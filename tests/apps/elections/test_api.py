"""The election calendar's API, and the issue's check through the API: during a period an official check of a post
quoting a councillor is blocked with the Code cited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from civicguard.apps.elections.models import Election
from civicguard.apps.staff.services import token_issue
from tests.apps.elections.factories import election
from tests.apps.factories import AccountFactory, person

pytestmark = pytest.mark.django_db
QUOTE = '"We listened to residents and we acted," added Cllr Hughes.'


def _api(user):
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)}")
    return http


def test_an_approver_adds_an_election_and_everyone_in_the_council_reads_the_calendar():
    poll = timezone.localdate() + timedelta(days=40)
    response = _api(person("approver")).post("/api/v1/elections", {
        "council": "st-helens", "name": "Haydock by-election", "kind": "by-election", "wards": "Haydock",
        "polling_day": poll.isoformat()}, format="json")
    assert response.status_code == 201 and response.json()["period_end"] == poll.isoformat()
    listed = _api(person("employee")).get("/api/v1/elections").json()
    assert [e["name"] for e in listed] == ["Haydock by-election"]
    assert _api(person("employee", "sefton")).get("/api/v1/elections").json() == []


def test_an_employee_may_not_add_and_bad_input_names_the_field():
    body = {"council": "st-helens", "name": "X", "kind": "local", "polling_day": "2027-05-06"}
    assert _api(person("employee")).post("/api/v1/elections", body, format="json").status_code == 403
    bad = _api(person("img")).post("/api/v1/elections", {**body, "kind": "by-election"}, format="json")
    assert bad.status_code == 400 and "ward" in str(bad.json())
    assert not Election.objects.exists()


def test_cancelling_through_the_api_and_another_councils_election_is_404():
    found = election("sefton")
    assert _api(person("img")).post(f"/api/v1/elections/{found.pk}/cancellation", {"reason": "x"},
                                    format="json").status_code == 404
    response = _api(person("img", "sefton")).post(f"/api/v1/elections/{found.pk}/cancellation",
                                                  {"reason": "Countermanded"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"


def test_during_a_period_an_official_check_quoting_a_councillor_is_blocked_with_the_code_cited():
    account = AccountFactory()
    author = _api(person("representative", account=account))
    body = {"text": QUOTE, "council": "st-helens", "as": "official"}
    before = author.post("/api/v1/checks", body, format="json").json()
    assert not any(f["rule"].startswith("sth.elections") for f in before["findings"])
    election(name="St Helens Borough Council elections")
    during = author.post("/api/v1/checks", body, format="json").json()
    assert during["verdict"] == "block"
    quote = next(f for f in during["findings"] if f["rule"] == "sth.elections.councillor-quote")
    assert "Code of Recommended Practice on Local Authority Publicity" in quote["message"]
    assert quote["clauses"] == ["St Helens 5.7"] and quote["text"] == "Cllr Hughes"
