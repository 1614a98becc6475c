"""The consent pages: the register and its filters, recording a consent with the upload or the e-form (errors beside
their field), a child's record read-logged, the signed form served only through the logged view, withdrawing, and
the takedown tasks."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from civicguard.apps.consent.models import ConsentRead, ConsentRecord, TakedownTask
from civicguard.apps.consent.services import tag_add
from tests.apps.consent.conftest import child, image, published_post, record, scan


def _dates(prefix: str, day) -> dict[str, int]:
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def _form(**extra):
    today = timezone.localdate()
    return {"person_kind": "public", "name": "Alex Resident", "platforms": ["facebook", "instagram"],
            "purposes": "News posts about the flower show", "media_description": "Photos at the flower show",
            "lawful_basis": "consent", **_dates("obtained_on", today), **_dates("expires_on", today + timedelta(365)),
            "form_kind": "upload", "form": SimpleUploadedFile("signed.jpg", scan(), "image/jpeg"), **extra}


def test_a_consent_recorded_with_the_signed_form_is_on_the_register(cast, client):
    client.force_login(cast["representative"])
    response = client.post(reverse("consent:new"), _form())
    found = ConsentRecord.objects.get()
    assert response.status_code == 302 and found.platforms == ["facebook", "instagram"]
    page = client.get(reverse("consent:detail", args=[found.pk])).content.decode()
    assert "Alex Resident" in page and "Facebook: yes." in page and "X:" not in page
    client.force_login(cast["legal"])
    register = client.get(reverse("consent:register")).content.decode()
    assert "Alex Resident" in register and "Export the register" in register


def test_the_eform_without_the_staff_declaration_says_what_to_do(cast, client):
    client.force_login(cast["representative"])
    response = client.post(reverse("consent:new"), _form(
        person_kind="staff", name="Lee Manager", form_kind="eform", form="", typed_name="Lee Manager",
        declarations=["agree", "withdraw"], told_free_to_refuse="on"))
    page = response.content.decode()
    assert response.status_code == 400 and not ConsentRecord.objects.exists()
    assert 'href="#declarations' in page and "agree to every declaration" in page


def test_the_register_filters_by_status_and_platform(cast, client):
    record(cast["legal"], name="Fran Facebook")
    record(cast["legal"], name="Xander X", platforms=("x",))
    client.force_login(cast["legal"])
    page = client.get(reverse("consent:register"), {"platform": "x", "status": "current"}).content.decode()
    assert "Xander X" in page and "Fran Facebook" not in page


def test_a_childs_record_is_hidden_from_approvers_and_each_read_by_legal_is_logged(cast, client):
    found = record(cast["legal"], kind="child", name="Sam Child")
    client.force_login(cast["approver"])
    assert "Sam Child" not in client.get(reverse("consent:register")).content.decode()
    assert client.get(reverse("consent:detail", args=[found.pk])).status_code == 404
    client.force_login(cast["legal"])
    page = client.get(reverse("consent:detail", args=[found.pk])).content.decode()
    assert "your reading it is recorded" in page and "CF-2026-0042" in page
    assert ConsentRead.objects.filter(record=found, reader=cast["legal"]).count() == 1


def test_the_signed_form_is_served_only_through_the_logged_view(cast, client):
    found = record(cast["legal"])
    client.force_login(cast["approver"])
    response = client.get(reverse("consent:form", args=[found.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "no-store" and ConsentRead.objects.get().what == "form"
    client.force_login(cast["employee"])
    assert client.get(reverse("consent:form", args=[found.pk])).status_code == 403


def test_withdrawing_asks_for_the_takedown_and_the_author_confirms_it(cast, client):
    found = record(cast["legal"])
    item = image(cast["representative"])
    tag_add(actor=cast["representative"], media_item=item, name="Alex Resident", consent=found)
    post = published_post(item, cast["representative"])
    client.force_login(cast["legal"])
    response = client.post(reverse("consent:withdraw", args=[found.pk]), {"reason": "Phoned on 6 December"},
                           follow=True)
    assert "1 published post must now be taken down" in response.content.decode()
    task = TakedownTask.objects.get()
    client.force_login(cast["representative"])
    home = client.get("/").content.decode()
    assert f"Take down post {post.pk}" in home
    response = client.post(reverse("consent:takedown-confirm", args=[task.pk]),
                           {"note": "Deleted from Facebook at 10:05"}, follow=True)
    assert "Deleted from Facebook at 10:05" in response.content.decode()
    assert f"Take down post {post.pk}" not in client.get("/").content.decode()


def test_the_export_is_a_csv_download(cast, client):
    record(cast["legal"])
    client.force_login(cast["legal"])
    response = client.get(reverse("consent:export"))
    assert response["Content-Type"].startswith("text/csv") and b"Alex Resident" in response.content
    assert "attachment" in response["Content-Disposition"]


def test_a_looked_after_childs_record_says_never_on_social_media_and_who_read_it(cast, client):
    found = record(cast["legal"], kind="child", name="Riley Child", child=child(looked_after="looked-after"))
    client.force_login(cast["caldicott-guardian"])
    assert "Never on social media" in client.get(reverse("consent:register")).content.decode()
    client.get(reverse("consent:detail", args=[found.pk]))
    client.force_login(cast["legal"])
    page = client.get(reverse("consent:detail", args=[found.pk])).content.decode()
    assert "No image of them may be posted on social media" in page and "Facebook: no. Riley Child is a child" in page
    assert cast["caldicott-guardian"].username in page and "Read the child&#x27;s record" in page


def test_a_childs_eform_is_signed_by_the_parent(cast, client):
    client.force_login(cast["legal"])
    fields = {"person_kind": "child", "name": "Casey Child", "form_kind": "eform", "form": "",
              "typed_name": "Dana Parent", "declarations": ["agree", "withdraw", "responsible"],
              "consent_from": "parent", "consent_from_name": "Dana Parent", "file_reference": "CF-9",
              "child_purpose": "The children's garden show", "explained_to_child": "on", "explained_to_carer": "on",
              "looked_after": "never"}
    response = client.post(reverse("consent:new"), _form(**fields))
    assert response.status_code == 302, response.content.decode()[-500:]
    found = ConsentRecord.objects.get()
    assert found.eform_signed_name == "Dana Parent" and found.consent_from == "parent" and not found.public_display


def test_the_consent_can_be_recorded_for_a_colleague_who_obtained_it(cast, client):
    client.force_login(cast["legal"])
    response = client.post(reverse("consent:new"), _form(obtained_by=cast["representative"].pk))
    found = ConsentRecord.objects.get()
    assert response.status_code == 302 and (found.obtained_by, found.recorded_by) == (cast["representative"],
                                                                                     cast["legal"])
