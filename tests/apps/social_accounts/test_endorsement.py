"""St Helens 9.11 with 6.1: a line manager's business case is endorsed by their service manager before the
approver decides; a service manager's goes straight to the approver; Sefton's pack has no such step."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.social_accounts import services
from civicguard.apps.social_accounts.models import BusinessCase, CaseState
from civicguard.apps.social_accounts.waiting import waiting_for
from civicguard.apps.staff.services import token_issue
from civicguard.errors import BadInput, InvalidState, NotAllowed
from tests.apps.factories import person, staff_record
from tests.apps.social_accounts.cases import complete_case


def _submitted_by_line_manager(council, author=None):
    author = author or person("line-manager")
    case = complete_case(council, author)
    return services.business_case_submit(case=case, actor=author)


def test_a_line_manager_s_case_waits_for_the_service_manager_then_the_approver(st_helens):
    case = _submitted_by_line_manager(st_helens)
    assert case.state == CaseState.ENDORSEMENT
    approver, manager = person("approver"), person("service-manager")
    with pytest.raises(InvalidState, match="endorsement"):
        services.business_case_decide(case=case, actor=approver, decision="approve", reason="Fine")
    with pytest.raises(NotAllowed, match="service manager"):
        services.business_case_endorse(case=case, actor=approver, decision="endorse")
    services.business_case_endorse(case=case, actor=manager, decision="endorse", reason="The team can run it")
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED and case.endorsed_by == manager
    assert AuditEntry.objects.filter(event="social_accounts.case.endorse", object_id=str(case.pk)).exists()
    services.business_case_decide(case=case, actor=approver, decision="approve", reason="A clear need")
    assert BusinessCase.objects.get(pk=case.pk).state == CaseState.APPROVED


def test_a_service_manager_s_case_skips_the_endorsement(st_helens):
    author = person("service-manager")
    case = services.business_case_submit(case=complete_case(st_helens, author), actor=author)
    assert case.state == CaseState.SUBMITTED
    with pytest.raises(InvalidState):
        services.business_case_endorse(case=case, actor=person("service-manager"), decision="endorse")


def test_only_the_author_s_own_service_manager_endorses_when_their_record_names_one(st_helens):
    own, other = person("service-manager"), person("service-manager")
    author = person("line-manager")
    staff_record(user=author, line_manager=staff_record(user=own, name="Sam Own-Manager"))
    case = _submitted_by_line_manager(st_helens, author)
    with pytest.raises(NotAllowed, match="Sam Own-Manager"):
        services.business_case_endorse(case=case, actor=other, decision="endorse")
    assert [w.text for w in waiting_for(other, st_helens) if "Endorse" in w.text] == []
    assert [w.url for w in waiting_for(own, st_helens) if "Endorse" in w.text] == [
        reverse("social_accounts:case", args=[case.pk])]
    services.business_case_endorse(case=case, actor=own, decision="endorse")
    assert BusinessCase.objects.get(pk=case.pk).state == CaseState.SUBMITTED


def test_a_manager_on_the_record_who_is_not_a_service_manager_leaves_it_to_any_service_manager(st_helens):
    author = person("line-manager")
    staff_record(user=author, line_manager=staff_record(user=person("employee")))
    case = _submitted_by_line_manager(st_helens, author)
    anyone = person("service-manager")
    assert any("Endorse" in w.text for w in waiting_for(anyone, st_helens))
    services.business_case_endorse(case=case, actor=anyone, decision="endorse")
    assert BusinessCase.objects.get(pk=case.pk).state == CaseState.SUBMITTED


def test_a_return_needs_reasons_and_goes_back_to_the_author(st_helens):
    author = person("line-manager")
    case = _submitted_by_line_manager(st_helens, author)
    manager = person("service-manager")
    with pytest.raises(BadInput, match="change") as exc:
        services.business_case_endorse(case=case, actor=manager, decision="return", reason="  ")
    assert exc.value.data["field"] == "reason"
    services.business_case_endorse(case=case, actor=manager, decision="return", reason="Name the cover officer")
    case.refresh_from_db()
    assert case.state == CaseState.RETURNED and case.endorsement_reason == "Name the cover officer"
    assert any("returned" in w.text for w in waiting_for(author, st_helens))
    services.business_case_update(case=case, actor=author, posters="Two officers; the team leader covers")
    case = services.business_case_submit(case=case, actor=author)
    assert case.state == CaseState.ENDORSEMENT and case.endorsed_by is None  # a new round


def test_sefton_asks_for_no_endorsement(sefton):
    author = person("line-manager", "sefton")
    case = complete_case(sefton, author, title="Sefton Parks")
    case = services.business_case_submit(case=case, actor=author)
    assert case.state == CaseState.SUBMITTED
    with pytest.raises(NotAllowed, match="no endorsement"):
        services.business_case_endorse(case=case, actor=person("service-manager", "sefton"), decision="endorse")


def test_the_case_page_has_the_endorsement_form_for_the_service_manager(client, st_helens):
    case = _submitted_by_line_manager(st_helens)
    page_url = reverse("social_accounts:case", args=[case.pk])
    endorse = reverse("social_accounts:case-endorse", args=[case.pk])
    client.force_login(person("approver"))
    assert "endorse-form" not in client.get(page_url).content.decode()
    assert client.post(endorse, {"decision": "endorse"}).status_code == 403
    client.force_login(person("service-manager"))
    page = client.get(page_url).content.decode()
    assert "endorse-form" in page and "Waiting for the service manager&#x27;s endorsement" in page
    bad = client.post(endorse, {"decision": "return"})
    assert bad.status_code == 400 and "Enter what the author should change" in bad.content.decode()
    assert "govuk-error-summary" in bad.content.decode()
    assert client.post(endorse, {"decision": "endorse", "reason": "Supported"})["Location"] == page_url
    page = client.get(page_url).content.decode()
    assert "Endorsed</strong> by" in page and "Supported" in page and "endorse-form" not in page
    assert BusinessCase.objects.get(pk=case.pk).state == CaseState.SUBMITTED
    client.force_login(person("approver"))  # the approver reads the endorsement beside the answers
    decide = client.get(reverse("social_accounts:case-decide", args=[case.pk])).content.decode()
    assert "Endorsed</strong> by" in decide and "Supported" in decide


def test_the_api_endorses_through_the_same_service(st_helens):
    first = _submitted_by_line_manager(st_helens)
    manager = person("service-manager")
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION="Bearer " + token_issue(user=manager))
    url = f"/api/v1/business-cases/{first.pk}/endorsement"
    assert http.post(url, {"decision": "return"}, format="json").status_code == 400
    answer = http.post(url, {"decision": "endorse", "reason": "Yes"}, format="json")
    assert answer.status_code == 200 and answer.json()["state"] == "submitted"
    assert answer.json()["endorsed_by"] == manager.username and answer.json()["endorsement"] == "endorsed"
    assert http.post(url, {"decision": "endorse"}, format="json").status_code == 409
