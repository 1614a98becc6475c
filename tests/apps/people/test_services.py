"""Staff records and service areas: each change checked, made and audited together."""

import pytest

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.people.models import StaffRecord
from civicguard.apps.people.services import (
    service_area_create,
    staff_record_create,
    staff_record_update,
    staff_restriction_set,
)
from civicguard.errors import BadInput, NotAllowed, NotFound
from tests.apps.factories import person, staff_record


def test_hr_adds_a_record_linked_to_the_sign_in_with_that_email(st_helens):
    colleague = person("employee")
    record = staff_record_create(actor=person("hr"), council=st_helens, name=" Ann  Lee ",
                                 work_email=colleague.email.upper(), employment_type="Agency worker")
    assert (record.name, record.work_email, record.employment_type) == ("Ann Lee", colleague.email, "agency-worker")
    assert record.user == colleague
    assert AuditEntry.objects.get(event="people.staff_record.create").object_id == str(record.pk)


@pytest.mark.parametrize(("field", "value"), [("work_email", "not-an-email"), ("employment_type", "volunteer"),
                                              ("name", "  ")])
def test_a_record_with_a_bad_field_is_refused_beside_that_field(st_helens, field, value):
    values = {"name": "Ann Lee", "work_email": "ann@example.gov.uk", "employment_type": "employee", field: value}
    with pytest.raises(BadInput) as exc:
        staff_record_create(actor=person("hr"), council=st_helens, **values)
    assert exc.value.data["field"] == field and not StaffRecord.objects.exists()


def test_one_record_per_email_in_a_council_whatever_its_case(st_helens, sefton):
    staff_record(work_email="ann@example.gov.uk")
    with pytest.raises(BadInput):
        staff_record_create(actor=person("hr"), council=st_helens, name="Ann", work_email="ANN@example.gov.uk")
    staff_record_create(actor=person("hr", "sefton"), council=sefton, name="Ann", work_email="ann@example.gov.uk")


def test_an_update_is_audited_with_what_changed_and_cannot_touch_the_restriction(st_helens):
    record = staff_record(name="Ann Lee")
    hr = person("hr")
    staff_record_update(actor=hr, record=record, name="Ann Lee-Smith", employment_type="secondee")
    entry = AuditEntry.objects.get(event="people.staff_record.update")
    assert entry.before == {"name": "Ann Lee", "employment_type": "employee"}
    assert entry.after == {"name": "Ann Lee-Smith", "employment_type": "secondee"}
    with pytest.raises(BadInput):
        staff_record_update(actor=hr, record=record, politically_restricted=True)


def test_hr_sets_the_flag_with_a_reason_and_it_is_audited(st_helens):
    record, hr = staff_record(), person("hr")
    staff_restriction_set(actor=hr, record=record, restricted=True, reason="Chief officer post (LGHA 1989)")
    record.refresh_from_db()
    assert record.politically_restricted and record.restricted_set_by == hr and record.restricted_set_at
    entry = AuditEntry.objects.get(event="people.staff_record.restrict")
    assert entry.before == {"politically_restricted": False}
    assert entry.after == {"politically_restricted": True, "reason": "Chief officer post (LGHA 1989)"}


def test_the_person_cannot_set_their_own_flag_even_in_hr(st_helens):
    hr = person("hr")
    record = staff_record(user=hr, politically_restricted=True)
    with pytest.raises(NotAllowed):
        staff_restriction_set(actor=hr, record=record, restricted=False, reason="I would like to post")
    assert StaffRecord.objects.get(pk=record.pk).politically_restricted


@pytest.mark.parametrize(("role", "council_slug", "error"), [("admin", "st-helens", NotAllowed),
                                                             ("employee", "st-helens", NotAllowed),
                                                             ("hr", "sefton", NotFound)])
def test_only_hr_of_the_council_sets_the_flag(st_helens, sefton, role, council_slug, error):
    record = staff_record()
    with pytest.raises(error):
        staff_restriction_set(actor=person(role, council_slug), record=record, restricted=True, reason="Post")
    assert not AuditEntry.objects.filter(event="people.staff_record.restrict").exists()


def test_a_reason_is_needed(st_helens):
    with pytest.raises(BadInput) as exc:
        staff_restriction_set(actor=person("hr"), record=staff_record(), restricted=True, reason=" ")
    assert exc.value.data["field"] == "reason"


def test_a_service_area_is_added_with_its_manager(st_helens):
    manager = staff_record()
    area = service_area_create(actor=person("admin"), council=st_helens, name="Libraries", manager=manager)
    assert area.manager_record.manager == manager and area.slug == "libraries"
    assert AuditEntry.objects.get(event="people.service_area.create").after["manager"] == manager.work_email
    with pytest.raises(BadInput):
        service_area_create(actor=person("admin"), council=st_helens, name="libraries")
