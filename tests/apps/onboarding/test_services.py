"""Publishing and signing the User Agreement, courses and completions: permission, the change and its audit entry."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.onboarding.models import AgreementSignature, Completion, Course
from civicguard.apps.onboarding.selectors import agreement_state, training_state
from civicguard.apps.onboarding.services import (
    agreement_publish,
    agreement_sign,
    completion_record,
    course_create,
    course_update,
    onboarding_record_before,
)
from civicguard.errors import BadInput, InvalidState, NotAllowed
from tests.apps.factories import person, staff_record


def test_only_the_img_or_an_administrator_publishes(st_helens):
    with pytest.raises(NotAllowed):
        agreement_publish(actor=person("line-manager"), council=st_helens, text="v2", effective=date(2026, 1, 1))
    version = agreement_publish(actor=person("img"), council=st_helens, text="v2", effective=date(2026, 1, 1))
    assert AuditEntry.objects.get(event="onboarding.agreement.publish").object_id == str(version.pk)


def test_the_person_signs_with_their_name_as_hr_has_it_and_both_declarations(st_helens):
    person("img")
    rep = person("representative", onboarded=False)
    staff_record(user=rep, name="Rae Representative")
    with pytest.raises(BadInput, match="Type your name as your staff record has it: Rae Representative"):
        agreement_sign(actor=rep, council=st_helens, typed_name="Ray", personal_devices=True,
                       personal_use_at_work=True)
    with pytest.raises(BadInput) as no_declaration:
        agreement_sign(actor=rep, council=st_helens, typed_name="rae  representative", personal_devices=True,
                       personal_use_at_work=False)
    assert no_declaration.value.data["field"] == "personal_use_at_work"
    signature = agreement_sign(actor=rep, council=st_helens, typed_name="rae  representative", personal_devices=True,
                               personal_use_at_work=True)
    assert agreement_state(rep, st_helens).current and signature.source == "signed-in-civicguard"
    entry = AuditEntry.objects.get(event="onboarding.agreement.sign")
    assert entry.actor == rep.username and entry.after["typed_name"] == "rae representative"


def test_nothing_to_sign_before_a_version_is_published(st_helens):
    rep = person("representative", onboarded=False)
    with pytest.raises(InvalidState, match="has not published a User Agreement"):
        agreement_sign(actor=rep, council=st_helens, typed_name="Rae", personal_devices=True,
                       personal_use_at_work=True)


def test_a_line_manager_records_training_for_their_team_only(st_helens):
    manager, img = person("line-manager"), person("img")
    mine, theirs = person("representative", onboarded=False), person("representative", onboarded=False)
    staff_record(user=mine, line_manager=staff_record(user=manager))
    course = Course.objects.get(council=st_helens, slug="social-media")
    with pytest.raises(NotAllowed, match="only for the people you line manage"):
        completion_record(actor=manager, course=course, person=theirs, completed=timezone.localdate())
    with pytest.raises(NotAllowed, match="Ask your own line manager"):
        completion_record(actor=manager, course=course, person=manager, completed=timezone.localdate())
    done = completion_record(actor=manager, course=course, person=mine, completed=timezone.localdate())
    assert done.source == "line-manager" and training_state(mine, st_helens, "social-media").current
    assert completion_record(actor=img, course=course, person=theirs, completed=timezone.localdate()).recorded_by == img
    with pytest.raises(BadInput, match="already recorded"):
        completion_record(actor=img, course=course, person=theirs, completed=timezone.localdate())
    with pytest.raises(BadInput, match="today or in the past"):
        completion_record(actor=img, course=course, person=theirs, completed=timezone.localdate() + timedelta(1))


def test_courses_are_the_imgs(st_helens):
    with pytest.raises(NotAllowed):
        course_create(actor=person("line-manager"), council=st_helens, slug="dp", name="Data protection")
    assert course_create(actor=person("img"), council=st_helens, slug="dp", name="Data protection").validity_days == 365


def test_records_from_before_civicguard_are_audited_as_such(st_helens):
    person("img")
    rep = person("representative", onboarded=False)
    signature, done = onboarding_record_before(actor=None, council=st_helens, person=rep,
                                               agreement_signed=date(2025, 4, 1), training_completed=date(2026, 3, 1))
    assert signature is not None and signature.source == "before-civicguard" and signature.at.date() == date(2025, 4, 1)
    assert [c.source for c in done] == ["before-civicguard"]
    events = set(AuditEntry.objects.values_list("event", flat=True))
    assert {"onboarding.agreement.record_before", "onboarding.completion.record_before"} <= events
    assert AgreementSignature.objects.filter(user=rep).count() == 1 and Completion.objects.filter(user=rep).count() == 1


def test_shortening_a_course_s_validity_makes_an_old_completion_run_out(st_helens):
    img, rep = person("img"), person("representative")
    course = st_helens.courses.get(slug="social-media")
    Completion.objects.filter(user=rep).update(completed=timezone.localdate() - timedelta(days=60))
    assert training_state(rep, st_helens, "social-media").current
    course_update(actor=img, course=course, name=course.name, validity_days=30)
    assert not training_state(rep, st_helens, "social-media").current
    entry = AuditEntry.objects.get(event="onboarding.course.update")
    assert entry.before == {"validity_days": 365} and entry.after == {"validity_days": 30}  # only what changed


def test_changing_a_course_to_what_it_is_writes_nothing(st_helens):
    img = person("img")
    course = st_helens.courses.get(slug="social-media")
    course_update(actor=img, course=course, name=f"  {course.name} ", validity_days=course.validity_days)
    assert not AuditEntry.objects.filter(event="onboarding.course.update").exists()


def test_only_the_img_or_an_administrator_changes_a_course(st_helens):
    person("img")  # St Helens' course is made when someone of St Helens is trained
    course = st_helens.courses.get(slug="social-media")
    with pytest.raises(NotAllowed):
        course_update(actor=person("line-manager"), course=course, name="Renamed", validity_days=30)
    with pytest.raises(BadInput) as bad:
        course_update(actor=person("admin"), course=course, name="", validity_days=30)
    assert bad.value.data["field"] == "name"
    assert Course.objects.get(pk=course.pk).name != "Renamed"
