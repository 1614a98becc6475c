"""Recording, withdrawing and expiring consents, takedowns and tags: the state, what the person is told, and the
audit entry, together."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.consent.models import ConsentRead, TakedownTask
from civicguard.apps.consent.services import (
    ESignature,
    Upload,
    consent_expire_due,
    consent_form_view,
    consent_read,
    consent_register_export,
    consent_withdraw,
    tag_add,
    tag_remove,
    takedown_confirm,
)
from civicguard.errors import BadInput, InvalidState, NotAllowed, NotFound
from tests.apps.consent.conftest import child, image, published_post, record
from tests.apps.factories import AccountFactory, council, person, staff_record


def _audited(event: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(event=event))


def test_a_signed_form_is_kept_privately_and_every_look_is_logged(cast, store):
    found = record(cast["representative"])
    assert found.form_kind == "upload" and found.form_path.startswith("sefton-consent-forms/")
    assert (store / found.form_path).exists()
    data, content_type = consent_form_view(actor=cast["legal"], record=found)
    assert content_type == "image/jpeg" and data[:2] == b"\xff\xd8"
    assert ConsentRead.objects.get(record=found).reader == cast["legal"]
    assert _audited("consent.form.view")[0].actor == cast["legal"].username
    assert _audited("consent.record.create")[0].after["name"] == "Alex Resident"


def test_a_form_that_is_not_a_pdf_or_image_is_refused_and_nothing_is_kept(cast, store):
    with pytest.raises(BadInput, match="not a PDF, JPEG or PNG") as refused:
        record(cast["representative"], form=Upload("form.pdf", b"<html>not a form</html>"))
    assert refused.value.data["field"] == "form"
    assert not store.exists() or not [p for p in store.rglob("*") if p.is_file()]


def test_staff_consent_needs_them_told_they_could_refuse(cast):
    with pytest.raises(BadInput, match="told they could refuse") as refused:
        record(cast["legal"], kind="staff", name="Lee Line-Manager", told_free_to_refuse=False)
    assert refused.value.data["field"] == "told_free_to_refuse"
    assert record(cast["legal"], kind="staff", name="Lee Line-Manager").told_free_to_refuse


def test_the_eform_records_the_typed_name_time_and_declarations(cast):
    found = record(cast["representative"], kind="staff", name="Lee Line-Manager", eform=True)
    assert found.form_kind == "eform" and found.eform_signed_name == "Lee Line-Manager"
    assert found.eform_signed_at is not None and any("refuse" in line for line in found.eform_declarations)


def test_the_eform_must_be_signed_by_the_person_giving_consent_with_every_declaration(cast):
    with pytest.raises(BadInput, match=r"name of the person giving consent \(Alex Resident\)"):
        record(cast["representative"], eform=True, esignature=ESignature("Someone Else", ("agree", "withdraw")))
    with pytest.raises(BadInput, match="every declaration"):
        record(cast["representative"], kind="staff", name="Lee", eform=True,
               esignature=ESignature("Lee", ("agree", "withdraw")))


@pytest.mark.parametrize(("details", "message"), [
    ({"file_reference": ""}, "reference of the child's file"),
    ({"purpose": ""}, "child-centred purpose"),
    ({"consent_from": "young-person", "age_understanding": ""}, "age and understanding"),
    ({"explained_to_child": False}, "explained to the child"),
    ({"explained_to_carer": False}, "reasons it was not and the social worker's permission"),
    ({"looked_after": ""}, "looked after"),
])
def test_a_childs_consent_follows_the_protocol(cast, details, message):
    with pytest.raises(BadInput, match=message):
        record(cast["legal"], kind="child", name="Sam Child", child=child(**details))


def test_a_childs_record_is_read_only_by_legal_and_the_caldicott_guardian_and_each_read_is_logged(cast):
    found = record(cast["representative"], kind="child", name="Sam Child")
    for reader in (cast["legal"], cast["caldicott-guardian"], cast["representative"]):
        consent_read(actor=reader, record=found)
    with pytest.raises(NotFound):
        consent_read(actor=cast["approver"], record=found)
    assert ConsentRead.objects.filter(record=found, what="record").count() == 3
    assert len(_audited("consent.record.read")) == 3


def test_withdrawal_raises_a_takedown_for_each_published_post_with_the_image(cast):
    found = record(cast["legal"])
    used, unpublished = image(cast["representative"]), image(cast["representative"], colour=(9, 9, 9))
    for item in (used, unpublished):
        tag_add(actor=cast["representative"], media_item=item, name="Alex Resident", consent=found)
    post = published_post(used, cast["representative"])
    published_post(unpublished, cast["representative"], status="draft")
    before = timezone.now()
    consent_withdraw(actor=cast["legal"], record=found, reason="E-mailed us on 6 December")
    task = TakedownTask.objects.get()
    assert (task.post, task.media_item, task.reason) == (post, used, "withdrawn")
    assert timedelta(hours=47) < task.deadline - before <= timedelta(hours=48, seconds=5)
    assert _audited("consent.takedown.create")[0].after["post"] == post.pk
    with pytest.raises(InvalidState, match="withdrawn already"):
        consent_withdraw(actor=cast["legal"], record=found, reason="again")


def test_expiry_raises_takedowns_once_and_runs_again_harmlessly(cast):
    found = record(cast["legal"], days=3)
    item = image(cast["representative"])
    tag_add(actor=cast["representative"], media_item=item, name="Alex Resident", consent=found)
    published_post(item, cast["representative"])
    later = timezone.localdate() + timedelta(days=4)
    assert consent_expire_due(today=timezone.localdate() + timedelta(days=3)).records == 0
    report = consent_expire_due(today=later)
    assert (report.records, report.tasks) == (1, 1)
    assert consent_expire_due(today=later).records == 0 and TakedownTask.objects.get().reason == "expired"
    assert _audited("consent.record.expire")[0].actor == ""


def test_the_author_confirms_the_takedown_and_a_stranger_cannot(cast):
    found = record(cast["legal"])
    item = image(cast["representative"])
    tag_add(actor=cast["representative"], media_item=item, name="Alex Resident", consent=found)
    published_post(item, cast["representative"])
    consent_withdraw(actor=cast["legal"], record=found, reason="Asked in person")
    task = TakedownTask.objects.get()
    with pytest.raises(NotAllowed):
        other = AccountFactory(council=council("sefton"))
        takedown_confirm(actor=person("representative", "sefton", account=other), task=task, note="Removed")
    with pytest.raises(BadInput, match="what was done"):
        takedown_confirm(actor=cast["representative"], task=task, note=" ")
    done = takedown_confirm(actor=cast["representative"], task=task, note="Deleted from Facebook at 10:05")
    assert done.confirmed_by == cast["representative"] and not done.is_open
    assert _audited("consent.takedown.confirm")[0].after["late"] is False


def test_tags_on_a_published_image_stay(cast):
    item = image(cast["representative"])
    tag = tag_add(actor=cast["representative"], media_item=item, name="Alex Resident", box=(1, 1, 10, 10))
    published_post(item, cast["representative"])
    with pytest.raises(InvalidState, match="published post"):
        tag_remove(actor=cast["representative"], tag=tag)


def test_a_looked_after_childs_tag_cannot_be_removed_so_the_face_cannot_be_retagged_as_someone_else(cast):
    looked_after = record(cast["legal"], kind="child", name="Sam Child", child=child(looked_after="looked-after"))
    item = image(cast["representative"])
    tag = tag_add(actor=cast["representative"], media_item=item, name="Sam Child", consent=looked_after,
                  box=(1, 1, 10, 10))
    with pytest.raises(InvalidState, match="Take the picture off the post"):
        tag_remove(actor=cast["representative"], tag=tag)
    assert item.tags.filter(pk=tag.pk).exists()


def test_a_box_outside_the_image_is_refused(cast):
    with pytest.raises(BadInput, match="inside the image"):
        tag_add(actor=cast["representative"], media_item=image(cast["representative"]), name="A", box=(60, 0, 10, 10))


def test_another_councils_record_cannot_be_tagged(cast):
    theirs = record(person("legal", "st-helens"), "st-helens")
    with pytest.raises(NotFound):
        tag_add(actor=cast["representative"], media_item=image(cast["representative"]), name="A", consent=theirs)


def test_the_export_leaves_children_out_for_those_who_cannot_read_them_and_is_audited(cast):
    record(cast["legal"], name="=HYPERLINK(1)")
    record(cast["legal"], kind="child", name="Sam Child")
    approvers = consent_register_export(actor=cast["approver"], council=council("sefton"))
    assert "Sam Child" not in approvers and "'=HYPERLINK(1)" in approvers
    legal = consent_register_export(actor=cast["legal"], council=council("sefton"))
    assert "Sam Child" in legal and "CF-2026-0042" in legal
    assert [e.after["children"] for e in _audited("consent.register.export")] == [0, 1]


def test_the_dates_must_make_sense(cast):
    today = timezone.localdate()
    with pytest.raises(BadInput, match="today or in the past"):
        record(cast["legal"], obtained_on=today + timedelta(days=1))
    with pytest.raises(BadInput, match="up to 3 years"):
        record(cast["legal"], days=3 * 365 + 2)
    with pytest.raises(BadInput, match="today or later"):
        record(cast["legal"], expires_on=today - timedelta(days=1))


def test_a_staff_record_must_be_the_councils_and_for_staff(cast):
    theirs = staff_record("st-helens", name="Someone Elsewhere")
    with pytest.raises(BadInput, match="one of this council's"):
        record(cast["legal"], kind="staff", name="Someone Elsewhere", staff_record=theirs)
    ours = staff_record("sefton", name="Lee Line-Manager")
    with pytest.raises(BadInput, match="for a member of staff"):
        record(cast["legal"], name="Lee Line-Manager", staff_record=ours)
    assert record(cast["legal"], kind="staff", name="Lee Line-Manager", staff_record=ours).staff_record == ours


def test_only_those_who_record_consents_may(cast):
    with pytest.raises(NotAllowed):
        record(cast["employee"])
    with pytest.raises(NotAllowed):
        record(cast["caldicott-guardian"])


def test_a_childs_name_stays_out_of_the_audit_trail(cast):
    found = record(cast["legal"], kind="child", name="Sam Child")
    tag_add(actor=cast["representative"], media_item=image(cast["representative"]), name="Sam", consent=found)
    entries = AuditEntry.objects.filter(event__in=("consent.record.create", "consent.tag.add"))
    assert len(entries) == 2 and not any("Sam" in str(e.after) for e in entries)
    assert entries[0].after["name"] == "a child (the name is on the record)"
