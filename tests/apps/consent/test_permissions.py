"""Corporate Communications' permission, after Legal's advice, for an employee to post images of a person on their
own accounts (Sefton 5.5.2.2): given and withdrawn by approvers, never for a child, never beyond the person's own
consent, and read by the engine as `comms_permission` on the tags of that employee's personal post."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.consent.models import PersonalPermission
from civicguard.apps.consent.selectors import image_tags
from civicguard.apps.consent.services import (
    consent_withdraw,
    personal_permission_grant,
    personal_permission_withdraw,
    tag_add,
)
from civicguard.apps.media.services import media_upload
from civicguard.apps.staff.services import token_issue
from civicguard.errors import BadInput, NotAllowed, NotFound
from tests.apps.consent.conftest import photo, record
from tests.apps.factories import council

ADVICE = "Corporate Legal Services (J. Smith), 2 December, ref LS-2026-114"


def _grant(cast, found, days=30, who="employee"):
    return personal_permission_grant(actor=cast["approver"], record=found, employee=cast[who], legal_advice=ADVICE,
                                     expires_on=timezone.localdate() + timedelta(days=days))


def _personal_image(user):
    return media_upload(actor=user, council=council("sefton"), purpose="personal-check", name="team.png",
                        data=photo())


def test_the_employees_personal_post_carries_the_permission_only_for_them(cast):
    found = record(cast["legal"], name="Colleague Kim")
    _grant(cast, found)
    item = _personal_image(cast["employee"])
    tag_add(actor=cast["employee"], media_item=item, name="Colleague Kim", consent=found)
    today = timezone.localdate()
    assert [t.comms_permission for t in image_tags(item, "facebook", today, author=cast["employee"])] == [True]
    assert [t.comms_permission for t in image_tags(item, "facebook", today, author=cast["legal"])] == [False]
    assert [t.comms_permission for t in image_tags(item, "facebook", today)] == [False]
    assert AuditEntry.objects.get(event="consent.permission.grant").after["legal_advice"] == ADVICE


def test_the_permission_lapses_with_the_persons_consent_and_when_withdrawn(cast):
    found = record(cast["legal"], name="Colleague Kim")
    permission = _grant(cast, found)
    item = _personal_image(cast["employee"])
    tag_add(actor=cast["employee"], media_item=item, name="Colleague Kim", consent=found)
    today = timezone.localdate()
    personal_permission_withdraw(actor=cast["approver"], permission=permission)
    assert not image_tags(item, "facebook", today, author=cast["employee"])[0].comms_permission
    _grant(cast, found)
    consent_withdraw(actor=cast["legal"], record=found, reason="Asked")
    assert not image_tags(item, "facebook", today, author=cast["employee"])[0].comms_permission


def test_an_employee_tags_only_the_people_they_have_permission_for(cast):
    permitted, other = record(cast["legal"], name="Colleague Kim"), record(cast["legal"], name="Resident Lou")
    _grant(cast, permitted)
    item = _personal_image(cast["employee"])
    with pytest.raises(NotFound):
        tag_add(actor=cast["employee"], media_item=item, name="Resident Lou", consent=other)
    assert tag_add(actor=cast["employee"], media_item=item, name="", consent=permitted).name == "Colleague Kim"
    with pytest.raises(NotAllowed):  # someone else's official-post image
        tag_add(actor=cast["employee"], media_item=media_upload(
            actor=cast["representative"], council=council("sefton"), purpose="post", name="x.png", data=photo()),
            name="Kim")


def test_no_permission_for_a_child_whose_record_approvers_cannot_even_read(cast):
    with pytest.raises(NotFound):
        _grant(cast, record(cast["legal"], kind="child", name="Sam Child"))


@pytest.mark.parametrize(("days", "advice", "message"), [
    (400, ADVICE, "cannot outlast the person's consent"),
    (30, "", "Legal's advice first"),
])
def test_no_permission_beyond_the_consent_or_without_legals_advice(cast, days, advice, message):
    found = record(cast["legal"], name="Someone")
    with pytest.raises(BadInput, match=message):
        personal_permission_grant(actor=cast["approver"], record=found, employee=cast["employee"],
                                  legal_advice=advice, expires_on=timezone.localdate() + timedelta(days=days))


def test_only_approvers_give_permission(cast):
    with pytest.raises(NotAllowed):
        personal_permission_grant(actor=cast["legal"], record=record(cast["legal"]), employee=cast["employee"],
                                  legal_advice=ADVICE, expires_on=timezone.localdate())


def test_the_record_page_gives_and_withdraws_permission(cast, client):
    found = record(cast["legal"], name="Colleague Kim")
    client.force_login(cast["approver"])
    day = timezone.localdate() + timedelta(days=10)
    missing = client.post(reverse("consent:permit", args=[found.pk]), {
        "employee": cast["employee"].pk, "legal_advice": "", "permission_expires_on-day": day.day,
        "permission_expires_on-month": day.month, "permission_expires_on-year": day.year})
    assert missing.status_code == 400 and "Record Legal&#x27;s advice first" in missing.content.decode()
    response = client.post(reverse("consent:permit", args=[found.pk]), {
        "employee": cast["employee"].pk, "legal_advice": ADVICE, "permission_expires_on-day": day.day,
        "permission_expires_on-month": day.month, "permission_expires_on-year": day.year}, follow=True)
    assert f"{cast['employee'].username} may now post images of Colleague Kim" in response.content.decode()
    permission = PersonalPermission.objects.get()
    page = client.post(reverse("consent:permission-withdraw", args=[permission.pk]), follow=True)
    assert "The permission is withdrawn." in page.content.decode()
    assert PersonalPermission.objects.get().withdrawn_by == cast["approver"]


def test_the_api_gives_permission_and_the_employee_sees_their_own(cast):
    found = record(cast["legal"], name="Colleague Kim")
    approver = APIClient()
    approver.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=cast['approver'])}")
    created = approver.post(f"/api/v1/consents/{found.pk}/permissions", {
        "employee": cast["employee"].username, "legal_advice": ADVICE,
        "expires_on": (timezone.localdate() + timedelta(days=5)).isoformat()}, format="json")
    assert created.status_code == 201 and created.json()["employee"] == cast["employee"].username
    employee = APIClient()
    employee.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=cast['employee'])}")
    assert [p["record"] for p in employee.get("/api/v1/consent-permissions").json()["results"]] == [found.pk]
    assert employee.post(f"/api/v1/consent-permissions/{created.json()['id']}/withdrawal").status_code == 403
