"""The API: the same services and checks as the pages; an account's login e-mail is never in an answer."""

from rest_framework.test import APIClient

from civicguard.apps.social_accounts.models import BusinessCase, CaseState, SocialAccount
from civicguard.apps.staff.services import token_issue
from tests.apps.factories import person
from tests.apps.social_accounts.cases import ANSWERS, area, complete_case


def _as(user):
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION="Bearer " + token_issue(user=user))
    return http


def test_a_case_through_the_api_to_a_live_account(st_helens):
    area(st_helens)
    author, approver = person("service-manager"), person("approver")
    made = _as(author).post("/api/v1/business-cases", {"council": "st-helens", "title": "St Helens Parks",
                                                       "service_area": "parks", **ANSWERS}, format="json")
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert _as(author).post(f"/api/v1/business-cases/{pk}/submit").json()["state"] == "submitted"
    refused = _as(approver).post(f"/api/v1/business-cases/{pk}/decision", {"decision": "approve"}, format="json")
    assert refused.status_code == 400
    decided = _as(approver).post(f"/api/v1/business-cases/{pk}/decision",
                                 {"decision": "approve", "reason": "A clear need"}, format="json")
    assert decided.json()["state"] == "approved"
    rep = person("employee", username="parks-rep")
    account = _as(approver).post(f"/api/v1/business-cases/{pk}/account", {
        "handle": "@StHelensParks", "login_email": "parks.login@sthelens.gov.uk", "conditions_version": "2025",
        "identifies_council": True, "branding_appropriate": True, "representatives": ["parks-rep"]}, format="json")
    assert account.status_code == 201, account.content
    body = account.json()
    assert body["status"] == "set_up" and body["login_email_recorded"] is True
    assert "parks.login" not in account.content.decode()
    assert rep.role_assignments.filter(account_id=body["id"]).exists()
    live = _as(approver).post(f"/api/v1/accounts/{body['id']}/go-live")
    assert live.status_code == 200 and live.json()["status"] == "live"
    listed = _as(person("employee")).get("/api/v1/accounts?status=live")
    assert [a["handle"] for a in listed.json()["results"]] == ["@StHelensParks"]
    assert "parks.login" not in listed.content.decode()
    assert BusinessCase.objects.get().state == CaseState.ACCOUNT_CREATED


def test_going_live_without_feedback_information_is_refused(st_helens):
    author, approver = person("service-manager"), person("approver")
    case = complete_case(st_helens, author, feedback_arrangements="x")
    from civicguard.apps.social_accounts import services

    services.business_case_submit(case=case, actor=author)
    services.business_case_decide(case=case, actor=approver, decision="approve", reason="ok")
    account = services.account_create_from_case(case=case, actor=approver, handle="@P", feedback_info="")
    answer = _as(approver).post(f"/api/v1/accounts/{account.pk}/go-live")
    assert answer.status_code == 409 and answer.json()["error"]["field"] == "feedback_info"
    assert SocialAccount.objects.get().status == "set_up"


def test_cases_are_hidden_from_people_who_do_not_see_cases(st_helens, sefton):
    case = complete_case(st_helens, person("service-manager"))
    assert _as(person("employee")).get(f"/api/v1/business-cases/{case.pk}").status_code == 404
    assert _as(person("approver", "sefton")).get(f"/api/v1/business-cases/{case.pk}").status_code == 404
    assert _as(person("img")).get(f"/api/v1/business-cases/{case.pk}").status_code == 200
    assert _as(person("employee")).get("/api/v1/business-cases").json()["results"] == []
