"""The pages: the draft page says what is missing with a link; signing (GOV.UK form, errors beside the fields); the
status page; a line manager's team and recording a completion; the network limit on a page."""

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.onboarding.models import AgreementSignature, Completion
from civicguard.apps.onboarding.selectors import posting_gaps
from tests.apps.factories import AccountFactory, person, staff_record


def test_the_draft_page_refuses_a_new_representative_saying_why_with_a_link(client, st_helens):
    person("img")
    client.force_login(person("representative", account=AccountFactory(), onboarded=False))
    response = client.get(reverse("posts:new"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "You cannot draft posts yet: you have not signed the Social Media User Agreement" in page
    assert f'href="{reverse("onboarding:status")}"' in page


def test_signing_through_the_form(client, st_helens):
    person("img")
    rep = person("representative", onboarded=False)
    staff_record(user=rep, name="Rae Representative")
    client.force_login(rep)
    form = client.get(reverse("onboarding:sign")).content.decode()
    assert "I will follow the council" in form and 'id="personal_devices"' in form and 'id="typed_name"' in form
    refused = client.post(reverse("onboarding:sign"), {"typed_name": "Ray", "personal_devices": "yes",
                                                       "personal_use_at_work": "yes"})
    assert refused.status_code == 400 and 'href="#typed_name"' in refused.content.decode()
    assert "Type your name as your staff record has it: Rae Representative" in refused.content.decode()
    done = client.post(reverse("onboarding:sign"), {"typed_name": "Rae Representative", "personal_devices": "yes",
                                                    "personal_use_at_work": "yes"})
    assert done.status_code == 302 and AgreementSignature.objects.filter(user=rep).exists()
    status = client.get(reverse("onboarding:status")).content.decode()
    assert "Rae Representative," in status and "Not recorded" in status  # training still missing


def test_a_line_manager_sees_their_team_and_records_a_completion(client, st_helens):
    manager = person("line-manager")
    rep = person("representative", onboarded=False)
    person("img")
    staff_record(user=rep, name="Nia New", line_manager=staff_record(user=manager, name="Lee Line"))
    client.force_login(manager)
    team = client.get(reverse("onboarding:team")).content.decode()
    assert "Nia New" in team and "Not signed" in team and "Missing" in team
    course = st_helens.courses.get(slug="social-media")
    response = client.post(reverse("onboarding:record"), {"person": str(rep.pk), "course": str(course.pk),
                                                          "completed-day": "1", "completed-month": "3",
                                                          "completed-year": "2026"})
    assert response.status_code == 302
    assert Completion.objects.get(user=rep, course=course).recorded_by == manager


def test_recording_for_someone_outside_the_team_is_refused(client, st_helens):
    manager, other = person("line-manager"), person("representative")
    client.force_login(manager)
    course = st_helens.courses.get(slug="social-media")
    response = client.post(reverse("onboarding:record"), {"person": str(other.pk), "course": str(course.pk),
                                                          "completed-day": "1", "completed-month": "3",
                                                          "completed-year": "2026"})
    assert response.status_code == 403


@override_settings(CIVICGUARD_WORK_NETWORKS="10.0.0.0/8")
def test_a_refused_address_is_shown_to_the_line_manager(client, st_helens):
    manager = person("line-manager")
    rep = person("representative", account=(account := AccountFactory()))
    staff_record(user=rep, name="Rae Rep", line_manager=staff_record(user=manager))
    client.force_login(rep)
    response = client.post(reverse("posts:new"), {"account": str(account.pk), "text": "Libraries open late."},
                           REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 403 and "council&#x27;s own network" in response.content.decode()
    assert AuditEntry.objects.filter(event="onboarding.network.refuse").count() == 1
    client.force_login(manager)
    assert "203.0.113.9" in client.get(reverse("onboarding:team")).content.decode()


def test_the_img_publishes_a_new_version_and_everyone_is_asked_to_sign_again(client, st_helens):
    img, rep = person("img"), person("representative")
    client.force_login(img)
    assert client.post(reverse("onboarding:publish"), {"text": "Version two"}).status_code == 400
    today = timezone.localdate()
    response = client.post(reverse("onboarding:publish"), {"text": "Version two", "effective-day": str(today.day),
                                                           "effective-month": str(today.month),
                                                           "effective-year": str(today.year)})
    assert response.status_code == 302
    assert "has changed since you signed it" in posting_gaps(rep, st_helens)[0].missing
