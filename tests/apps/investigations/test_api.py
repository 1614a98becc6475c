"""/api/v1 for investigations: the same rules as the pages (the services'), answered in JSON; a record the person
may not read is a 404; every answer that shows a record is a logged read."""

from __future__ import annotations

from django.utils import timezone
from rest_framework.test import APIClient

from civicguard.apps.access.models import ConfidentialRead
from civicguard.apps.investigations.models import Authorisation, ProfileView
from civicguard.apps.staff.services import token_issue
from tests.apps.investigations.factories import PROFILE, apply, authorise, investigation, view


def api(user):
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION="Bearer " + token_issue(user=user))
    return http


def test_register_view_until_refused_then_authorise_approve_and_view_again(cast):
    officer = api(cast["investigator"])
    made = officer.post("/api/v1/investigations", {
        "council": "st-helens", "reference": "CF/2026/7", "offence": "Benefit fraud", "service": "Counter Fraud"},
        format="json")
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    outcomes = []
    for _ in range(4):
        answer = officer.post("/api/v1/profile-views", {"investigation": pk, "profile_url": PROFILE,
                                                        "purpose": "evidence"}, format="json")
        assert answer.status_code == 201
        outcomes.append(answer.json()["outcome"])
    assert outcomes == ["allowed", "allowed", "warned", "refused"]
    assert "needs an authorisation" in answer.json()["refusal_reason"]

    applied = officer.post("/api/v1/authorisations", {
        "investigation": pk, "kind": "directed-surveillance", "subject": "A claimant", "profiles": [PROFILE],
        "necessity": "n", "proportionality": "p", "collateral_intrusion": "c", "threshold": "six-months"},
        format="json")
    assert applied.status_code == 201, applied.json()
    a = applied.json()["id"]
    mine = officer.post(f"/api/v1/authorisations/{a}/decision", {"decision": "authorise", "grade": "Director",
                                                                 "reasons": "r"}, format="json")
    assert mine.status_code == 403
    decided = api(cast["ao"]).post(f"/api/v1/authorisations/{a}/decision",
                                   {"decision": "authorise", "grade": "Director", "reasons": "r"}, format="json")
    assert decided.status_code == 200 and decided.json()["status"] == "authorised"
    approved = officer.post(f"/api/v1/authorisations/{a}/judicial-approvals", {
        "heard_on": timezone.localdate().isoformat(), "court": "St Helens Magistrates' Court",
        "decision": "approved"}, format="json")
    assert approved.status_code == 201
    again = officer.post("/api/v1/profile-views", {"investigation": pk, "profile_url": PROFILE,
                                                   "purpose": "evidence"}, format="json")
    assert again.json()["outcome"] == "allowed" and again.json()["authorisation"] == a
    got = officer.get(f"/api/v1/authorisations/{a}").json()
    assert got["status"] == "in-effect" and got["approvals"][0]["decision"] == "approved"


def test_a_recruitment_search_is_refused_and_kept(cast):
    found = investigation(cast["investigator"])
    answer = api(cast["investigator"]).post("/api/v1/profile-views", {
        "investigation": found.pk, "profile_url": "https://www.linkedin.com/in/applicant",
        "purpose": "other", "purpose_detail": "Shortlisting for the trading standards officer vacancy"},
        format="json")
    assert answer.status_code == 201 and answer.json()["outcome"] == "refused"
    assert "(Sefton 8.1)" in answer.json()["refusal_reason"]
    assert ProfileView.objects.count() == 1


def test_records_of_another_team_are_404_and_reads_are_logged(cast):
    found = investigation(cast["investigator"])
    a = apply(cast["investigator"], found)
    other = api(cast["colleague"])
    assert other.get(f"/api/v1/investigations/{found.pk}").status_code == 404
    assert other.get(f"/api/v1/authorisations/{a.pk}").status_code == 404
    assert other.get("/api/v1/investigations").json()["results"] == []
    assert other.post("/api/v1/profile-views", {"investigation": found.pk, "profile_url": PROFILE,
                                                "purpose": "evidence"}, format="json").status_code == 404
    assert api(cast["legal"]).get(f"/api/v1/authorisations/{a.pk}").status_code == 404
    ao = api(cast["ao"])
    assert ao.get(f"/api/v1/authorisations/{a.pk}").status_code == 200
    listed = ao.get("/api/v1/authorisations").json()["results"]
    assert [x["id"] for x in listed] == [a.pk]
    assert ConfidentialRead.objects.filter(reader=cast["ao"], via="api").count() == 2


def test_review_renew_cancel_and_the_central_record(cast):
    found = investigation(cast["investigator"])
    view(cast["investigator"], found)
    a = apply(cast["investigator"], found)
    authorise(cast["ao"], a)
    officer = api(cast["investigator"])
    officer.post(f"/api/v1/authorisations/{a.pk}/judicial-approvals", {
        "heard_on": timezone.localdate().isoformat(), "court": "St Helens", "decision": "approved"}, format="json")
    ao = api(cast["ao2"])
    assert ao.post(f"/api/v1/authorisations/{a.pk}/reviews", {"notes": "ok"}, format="json").status_code == 201
    assert ao.post(f"/api/v1/authorisations/{a.pk}/renewals", {"reasons": "r"}, format="json").status_code == 201
    assert ao.post(f"/api/v1/authorisations/{a.pk}/renewals", {"reasons": "r"}, format="json").status_code == 409
    assert ao.post(f"/api/v1/authorisations/{a.pk}/cancellation", {"reason": "done"},
                   format="json").json()["status"] == "cancelled"
    assert Authorisation.objects.get(pk=a.pk).status == "cancelled"
    record = ao.get("/api/v1/ripa-central-record?council=st-helens")
    assert record.status_code == 200 and record.json()[0]["reference"] == "TS/2026/014"
    assert officer.get("/api/v1/ripa-central-record?council=st-helens").status_code == 403
    assert ao.get("/api/v1/ripa-central-record?council=sefton").status_code == 404
    closed = officer.post(f"/api/v1/investigations/{found.pk}/closure")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    views = officer.get(f"/api/v1/profile-views?investigation={found.pk}").json()["results"]
    assert [v["profile_url"] for v in views] == ["https://facebook.com/jo.bloggs.trader/"]


def test_bad_input_is_named(cast):
    found = investigation(cast["investigator"])
    answer = api(cast["investigator"]).post("/api/v1/authorisations", {
        "investigation": found.pk, "kind": "directed-surveillance", "subject": "x", "profiles": [PROFILE],
        "necessity": "n", "proportionality": "p", "collateral_intrusion": "c"}, format="json")
    assert answer.status_code == 400 and answer.json()["error"]["field"] == "threshold"
