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


@override_settings(CIVICGUARD_WORK_NETWORKS="10.0.0.0/8")
def test_a_refused_attempt_on_an_account_is_shown_to_the_account_s_line_manager(client, st_helens):
    # The account's line manager (the line manager of its owner, as the account reviews define it) is not the
    # refused person's: each sees the attempt, the account's on their own table, naming the account.
    account_manager = person("line-manager", username="account-manager")
    owner = person("service-manager", username="account-owner")
    staff_record(user=owner, name="Olu Owner", line_manager=staff_record(user=account_manager, name="Ada Manager"))
    account = AccountFactory(handle="@SthParksTeam", owner=owner)
    rep = person("representative", account=account)
    staff_record(user=rep, name="Rae Rep", line_manager=staff_record(user=person("line-manager"), name="Lee"))
    client.force_login(rep)
    client.post(reverse("posts:new"), {"account": str(account.pk), "text": "Parks open late."},
                REMOTE_ADDR="203.0.113.7")
    client.force_login(account_manager)
    page = client.get(reverse("onboarding:team")).content.decode()
    assert "Refused attempts on the accounts you manage" in page
    assert "@SthParksTeam" in page and "203.0.113.7" in page
    client.force_login(person("line-manager", username="someone-else"))
    assert "203.0.113.7" not in client.get(reverse("onboarding:team")).content.decode()


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


def test_the_img_adds_a_course_and_it_appears_on_the_courses_page(client, st_helens):
    client.force_login(person("img"))
    courses = client.get(reverse("onboarding:courses")).content.decode()
    assert f'href="{reverse("onboarding:course_new")}"' in courses
    form = client.get(reverse("onboarding:course_new")).content.decode()
    assert 'id="slug"' in form and 'id="name"' in form and 'value="365"' in form
    response = client.post(reverse("onboarding:course_new"), {"slug": "data-protection",
                                                              "name": "Data protection at work",
                                                              "validity_days": "730"})
    assert response.status_code == 302
    page = client.get(reverse("onboarding:courses")).content.decode()
    assert "Data protection at work" in page and "730 days" in page
    assert AuditEntry.objects.filter(event="onboarding.course.create").exists()


def test_a_taken_short_name_is_refused_beside_the_field(client, st_helens):
    client.force_login(person("img"))
    response = client.post(reverse("onboarding:course_new"), {"slug": "social-media", "name": "Another",
                                                              "validity_days": "365"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#slug"' in page and 'id="slug-error"' in page
    assert "St Helens" in page and "already has a course social-media" in page
    assert st_helens.courses.filter(name="Another").count() == 0


def test_the_img_changes_a_course_s_name_and_validity(client, st_helens):
    client.force_login(person("img"))
    course = st_helens.courses.get(slug="social-media")
    courses = client.get(reverse("onboarding:courses")).content.decode()
    assert f'href="{reverse("onboarding:course_edit", args=[course.pk])}"' in courses
    response = client.post(reverse("onboarding:course_edit", args=[course.pk]),
                           {"name": "Social media for officers", "validity_days": ""})
    assert response.status_code == 302
    page = client.get(reverse("onboarding:courses")).content.decode()
    assert "Social media for officers" in page and "Never expires" in page
    course.refresh_from_db()
    assert course.slug == "social-media" and course.validity_days is None
    entry = AuditEntry.objects.get(event="onboarding.course.update")
    assert entry.after == {"name": "Social media for officers", "validity_days": None}


def test_a_bad_validity_is_refused_beside_the_field(client, st_helens):
    client.force_login(person("admin"))
    course = st_helens.courses.get(slug="social-media")
    response = client.post(reverse("onboarding:course_edit", args=[course.pk]),
                           {"name": "Social media", "validity_days": "0"})
    assert response.status_code == 400 and 'href="#validity_days"' in response.content.decode()


def test_without_training_manage_the_course_pages_are_refused(client, st_helens):
    manager = person("line-manager")
    client.force_login(manager)
    course = st_helens.courses.get(slug="social-media")
    assert 'courses/new' not in client.get(reverse("onboarding:courses")).content.decode()
    assert client.get(reverse("onboarding:course_new")).status_code == 403
    assert client.post(reverse("onboarding:course_new"), {"slug": "x-course", "name": "X"}).status_code == 403
    assert client.post(reverse("onboarding:course_edit", args=[course.pk]),
                       {"name": "Renamed", "validity_days": "30"}).status_code == 403
    course.refresh_from_db()
    assert course.name != "Renamed" and not st_helens.courses.filter(slug="x-course").exists()


def test_another_council_s_course_is_not_found(client, st_helens, sefton):
    person("img")  # St Helens' course is made when someone of St Helens is trained
    client.force_login(person("img", "sefton"))
    course = st_helens.courses.get(slug="social-media")
    assert client.get(reverse("onboarding:course_edit", args=[course.pk])).status_code == 404
