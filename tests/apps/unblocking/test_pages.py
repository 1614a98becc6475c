"""The unblocking pages: a request from the form, the decision each person is offered, errors beside their field."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from civicguard.apps.unblocking.models import UnblockRequest
from tests.apps.unblocking.conftest import ask


def _form(**extra):
    day = timezone.localdate() + timedelta(days=30)
    return {"team": "Libraries", "people": "The events team", "sites": ["facebook", "instagram"],
            "reason": "To run the summer reading challenge's page.", "expires-day": day.day,
            "expires-month": day.month, "expires-year": day.year, "work_only": "on", **extra}


def test_a_request_from_the_form_goes_to_the_helpdesk(cast, client):
    client.force_login(cast["employee"])
    response = client.post(reverse("unblocking:new"), _form())
    req = UnblockRequest.objects.get()
    assert response.status_code == 302 and req.sites == ["facebook", "instagram"] and req.work_only_declared
    page = client.get(reverse("unblocking:detail", args=[req.pk])).content.decode()
    assert "With the ICT helpdesk" in page and "Facebook, Instagram" in page


def test_without_the_declaration_the_form_says_what_to_do(cast, client):
    client.force_login(cast["employee"])
    response = client.post(reverse("unblocking:new"), _form(work_only=""))
    assert response.status_code == 400 and not UnblockRequest.objects.exists()
    assert 'href="#work_only"' in response.content.decode()
    assert "Confirm that the access is for work purposes only" in response.content.decode()


def test_the_helpdesk_is_offered_pass_on_and_return_and_the_requester_withdraw(cast, client):
    req = ask(cast["employee"])
    client.force_login(cast["ict-helpdesk"])
    page = client.get(reverse("unblocking:detail", args=[req.pk])).content.decode()
    assert "Pass it on to the Computer Auditor" in page and "Withdraw the request" not in page
    assert "Assistant Director must approve" in page  # Sefton: "where applicable"
    client.force_login(cast["employee"])
    page = client.get(reverse("unblocking:detail", args=[req.pk])).content.decode()
    assert "Withdraw the request" in page and "Pass it on" not in page


def test_a_return_without_a_reason_is_shown_beside_the_note(cast, client):
    req = ask(cast["employee"])
    client.force_login(cast["ict-helpdesk"])
    response = client.post(reverse("unblocking:decide", args=[req.pk]), {"decision": "return", "note": ""})
    assert response.status_code == 400 and 'href="#note"' in response.content.decode()
    req.refresh_from_db()
    assert req.status == "submitted"


def test_someone_else_s_request_is_not_found(cast, client):
    req = ask(cast["employee"])
    client.force_login(cast["img"])
    assert client.get(reverse("unblocking:detail", args=[req.pk])).status_code == 404


@pytest.mark.parametrize("user_content", ["<script>alert(1)</script>"])
def test_what_people_type_is_escaped(cast, client, user_content):
    req = ask(cast["employee"], team=user_content)
    client.force_login(cast["employee"])
    assert user_content not in client.get(reverse("unblocking:detail", args=[req.pk])).content.decode()


def test_the_list_names_the_assistant_director_only_where_the_pack_does(db, client):
    from tests.apps.factories import person

    for slug, named in (("sefton", True), ("st-helens", False)):
        client.force_login(person("employee", slug))
        page = client.get(reverse("unblocking:list")).content.decode()
        assert ("Assistant Director" in page) == named, slug


def test_st_helens_ignores_an_assistant_director_tick_it_never_offers(db, client):
    from tests.apps.factories import person

    req = ask(person("employee", "st-helens"), slug="st-helens")
    client.force_login(person("ict-helpdesk", "st-helens"))
    assert "Assistant Director" not in client.get(reverse("unblocking:detail", args=[req.pk])).content.decode()
    response = client.post(reverse("unblocking:decide", args=[req.pk]), {"decision": "pass_on", "needs_ad": "yes"})
    req.refresh_from_db()
    assert response.status_code == 302 and req.status == "with_auditor" and not req.needs_ad
