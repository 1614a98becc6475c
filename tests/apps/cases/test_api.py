"""The cases API: the same services and rules as the pages (404 for a record not one's to read; every read
logged)."""

from __future__ import annotations

import base64

from rest_framework.test import APIClient

from civicguard.apps.access.models import ConfidentialRead
from civicguard.apps.cases.models import Case
from civicguard.apps.staff.services import token_issue
from tests.apps.cases.factories import BREACH_TEXT, case_from_report, png


def _api(user):
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)}")
    return http


def test_a_report_made_through_the_api_runs_to_a_classified_case(w):
    shot = {"name": "shot.png", "content_base64": base64.b64encode(png()).decode()}
    made = _api(w.reporter).post("/api/v1/concern-reports", {
        "council": "sefton", "subject": w.subject.pk, "link": "https://www.facebook.com/e/posts/3",
        "text": BREACH_TEXT, "worry": "Insults", "screenshot": shot}, format="json")
    assert made.status_code == 201 and "findings" not in made.json()
    concern = made.json()["id"]
    assert _api(w.other_manager).get(f"/api/v1/concern-reports/{concern}").status_code == 404
    seen = _api(w.manager).get(f"/api/v1/concern-reports/{concern}").json()
    assert any("Sefton 5.3a" in f["clauses"] for f in seen["findings"])
    opened = _api(w.manager).post("/api/v1/cases", {"council": "sefton", "concern": concern}, format="json")
    assert opened.status_code == 201 and opened.json()["proposed"] == "gross-misconduct"
    case = opened.json()["id"]
    assert _api(w.manager).post(f"/api/v1/cases/{case}/classification", {"classification": "misconduct"},
                                format="json").status_code == 403
    assert _api(w.manager).post(f"/api/v1/cases/{case}/referral", format="json").json()["status"] == "referred"
    refused = _api(w.hr).post(f"/api/v1/cases/{case}/classification", {"classification": "misconduct"},
                              format="json")
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "reasons"
    done = _api(w.hr).post(f"/api/v1/cases/{case}/classification",
                           {"classification": "gross-misconduct", "reasons": "Discriminatory"}, format="json")
    assert done.json()["classification"] == "gross-misconduct"
    assert ConfidentialRead.objects.filter(kind="case", via="api", object_id=case).exists()


def test_cases_are_404_to_everyone_but_the_line_manager_and_hr(w):
    case = case_from_report(w)
    for stranger in (w.subject_user, w.other_manager, w.reporter, w.caldicott):
        assert _api(stranger).get(f"/api/v1/cases/{case.pk}").status_code == 404
        assert _api(stranger).post(f"/api/v1/cases/{case.pk}/notes", {"text": "x"}, format="json").status_code \
            == 404
    assert [c["id"] for c in _api(w.hr).get("/api/v1/cases").json()["results"]] == [case.pk]
    assert _api(w.other_manager).get("/api/v1/cases").json()["results"] == []


def test_the_employee_confirms_a_removal_through_the_api(w):
    case = case_from_report(w)
    made = _api(w.manager).post(f"/api/v1/cases/{case.pk}/removal-requests",
                                {"postings": ["https://x.com/e/status/4"]}, format="json")
    assert made.status_code == 201
    removal = made.json()["id"]
    mine = _api(w.subject_user).get("/api/v1/removal-requests").json()["results"]
    assert [r["id"] for r in mine] == [removal] and "case" not in mine[0]
    shot = {"name": "gone.png", "content_base64": base64.b64encode(png((9, 9, 9))).decode()}
    confirmed = _api(w.subject_user).post(f"/api/v1/removal-requests/{removal}/confirmation",
                                          {"screenshot": shot, "note": "Gone"}, format="json")
    assert confirmed.status_code == 200 and confirmed.json()["state"] == "confirmed"
    again = _api(w.subject_user).post(f"/api/v1/removal-requests/{removal}/confirmation",
                                      {"screenshot": shot}, format="json")
    assert again.status_code == 409
    assert Case.objects.get().evidence.count() == 3
