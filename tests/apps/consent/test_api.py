"""The consent API: the same services and checks as the pages."""

from __future__ import annotations

import base64
from datetime import timedelta

from django.utils import timezone
from rest_framework.test import APIClient

from civicguard.apps.consent.models import ConsentRead, ConsentRecord, Tag, TakedownTask
from civicguard.apps.consent.services import consent_withdraw, tag_add
from civicguard.apps.staff.services import token_issue
from tests.apps.consent.conftest import image, published_post, record, scan
from tests.apps.factories import person


def _api(user):
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)}")
    return http


def _body(**extra):
    today = timezone.localdate()
    return {"council": "sefton", "person_kind": "public", "name": "Alex Resident", "platforms": ["facebook"],
            "purposes": "News posts", "media_description": "Flower show photos", "obtained_on": today.isoformat(),
            "expires_on": (today + timedelta(days=365)).isoformat(), **extra}


def test_record_with_the_signed_form_and_read_it_back(cast):
    form = {"name": "signed.jpg", "content_base64": base64.b64encode(scan()).decode()}
    created = _api(cast["representative"]).post("/api/v1/consents", _body(form=form), format="json")
    assert created.status_code == 201 and created.json()["form_kind"] == "upload"
    read = _api(cast["legal"]).get(f"/api/v1/consents/{created.json()['id']}")
    assert read.status_code == 200 and read.json()["status"] == "current"


def test_the_form_or_the_eform_is_required_and_a_staff_member_must_be_free_to_refuse(cast):
    api = _api(cast["representative"])
    missing = api.post("/api/v1/consents", _body(), format="json")
    assert missing.status_code == 400 and missing.json()["error"]["field"] == "form"
    staff = api.post("/api/v1/consents", _body(person_kind="staff", esignature={
        "typed_name": "Alex Resident", "declarations": ["agree", "withdraw", "free"]}), format="json")
    assert staff.status_code == 400 and staff.json()["error"]["field"] == "told_free_to_refuse"
    assert not ConsentRecord.objects.exists()


def test_reading_a_childs_record_is_logged_and_hidden_from_approvers(cast):
    found = record(cast["legal"], kind="child", name="Sam Child")
    assert _api(cast["approver"]).get(f"/api/v1/consents/{found.pk}").status_code == 404
    listed = _api(cast["caldicott-guardian"]).get("/api/v1/consents?kind=child").json()
    assert [r["name"] for r in listed["results"]] == ["Sam Child"]
    assert ConsentRead.objects.filter(record=found, via="api").count() == 1


def test_tag_withdraw_and_confirm_the_takedown(cast):
    found = record(cast["legal"])
    item = image(cast["representative"])
    rep = _api(cast["representative"])
    tagged = rep.post("/api/v1/consent-tags", {"media_item": item.pk, "consent": found.pk, "box": [0, 0, 20, 20]},
                      format="json")
    assert tagged.status_code == 201 and tagged.json()["name"] == "Alex Resident"
    published_post(item, cast["representative"])
    withdrawn = _api(cast["legal"]).post(f"/api/v1/consents/{found.pk}/withdrawal", {"reason": "By e-mail"},
                                         format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    task = TakedownTask.objects.get()
    assert [t["id"] for t in rep.get("/api/v1/consent-takedowns").json()["results"]] == [task.pk]
    done = rep.post(f"/api/v1/consent-takedowns/{task.pk}/confirmation", {"note": "Removed at 9:00"},
                    format="json")
    assert done.status_code == 200 and done.json()["confirmed_by"] == cast["representative"].username
    again = rep.post(f"/api/v1/consent-takedowns/{task.pk}/confirmation", {"note": "x"}, format="json")
    assert again.status_code == 409
    assert rep.delete(f"/api/v1/consent-tags/{tagged.json()['id']}").status_code == 409


def test_a_tag_on_an_unpublished_image_can_be_removed(cast):
    tag = tag_add(actor=cast["representative"], media_item=image(cast["representative"]), name="Alex")
    assert _api(cast["approver"]).delete(f"/api/v1/consent-tags/{tag.pk}").status_code == 204
    assert not Tag.objects.exists()


def test_withdrawing_twice_is_a_409(cast):
    found = consent_withdraw(actor=cast["legal"], record=record(cast["legal"]), reason="Asked")
    response = _api(cast["legal"]).post(f"/api/v1/consents/{found.pk}/withdrawal", {"reason": "x"}, format="json")
    assert response.status_code == 409


def test_who_obtained_it_must_be_the_councils_staff(cast):
    api = _api(cast["legal"])
    form = {"name": "signed.jpg", "content_base64": base64.b64encode(scan()).decode()}
    outsider = person("legal", "st-helens")
    refused = api.post("/api/v1/consents", _body(form=form, obtained_by=outsider.username), format="json")
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "obtained_by"
    made = api.post("/api/v1/consents", _body(form=form, obtained_by=cast["representative"].username), format="json")
    assert made.status_code == 201 and made.json()["obtained_by"] == cast["representative"].username
