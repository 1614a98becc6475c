"""Procedures and reviews through their services: who may, what is kept, what the audit trail says."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.reviews import selectors
from civicguard.apps.reviews.models import AccountReview
from civicguard.apps.reviews.services import (
    procedure_download,
    procedure_upload,
    review_open,
    review_sign_off,
    sign_off_refusal,
    upload_refusal,
)
from civicguard.errors import BadInput, InvalidState, NotAllowed, NotFound
from tests.apps.factories import person, staff_record
from tests.apps.reviews.factories import area, live_account, managed_area, manager, odt, pdf

ALL_TICKED = dict(content_appropriate=True, representatives_current=True, feedback_current=True,
                  inappropriate_removed=True)


def upload(actor, where, version=None, **kw):
    return procedure_upload(actor=actor, area=where, title=kw.pop("title", "Libraries procedure"),
                            policy_version=version or selectors.policy_version(where.council),
                            file_name=kw.pop("file_name", "procedure.pdf"), data=kw.pop("data", pdf("Procedure")))


# ---- procedures --------------------------------------------------------------------------------------------

def test_the_area_manager_uploads_a_procedure_that_follows_the_policy_in_force(st_helens):
    where, user, _ = managed_area()
    procedure = upload(user, where)
    assert procedure.kind == "pdf" and procedure.uploaded_by == user and procedure.file.read().startswith(b"%PDF-")
    [row] = selectors.area_procedures(council=st_helens)
    assert row.procedure == procedure and row.status == "current"
    entry = AuditEntry.objects.get(event="reviews.procedure.upload")
    assert entry.after["service_area"] == "Libraries" and entry.after["sha256"] == procedure.sha256


def test_a_procedure_following_another_version_is_out_of_date(st_helens):
    where, user, _ = managed_area()
    upload(user, where, version="2019")
    [row] = selectors.area_procedures(council=st_helens)
    assert row.status == "out_of_date"


def test_an_odt_and_a_docx_are_kept_and_anything_else_is_refused(st_helens):
    where, user, _ = managed_area()
    assert upload(user, where, data=odt("Procedure"), file_name="p.odt").kind == "odt"
    with pytest.raises(BadInput) as refused:
        upload(user, where, data=b"MZ\x90\x00 an executable", file_name="procedure.pdf")
    assert refused.value.data["field"] == "file" and "not a PDF, Word" in refused.value.message


def test_only_the_area_s_managers_upload_once_hr_names_one(st_helens):
    where, _, record = managed_area()
    outsider, _ = manager("line-manager")
    colleague, _ = manager("line-manager", service_area=where)
    assert isinstance(upload_refusal(outsider, where), NotAllowed)
    assert record.name in upload_refusal(outsider, where).message
    assert upload_refusal(colleague, where) is None
    with pytest.raises(NotAllowed):
        upload(outsider, where)


def test_while_hr_names_no_manager_any_line_or_service_manager_may_upload(st_helens):
    where = area()
    assert upload_refusal(person("line-manager"), where) is None
    assert isinstance(upload_refusal(person("approver"), where), NotAllowed)


def test_a_download_is_audited_and_another_council_s_person_is_refused(st_helens):
    where, user, _ = managed_area()
    procedure = upload(user, where)
    reader = person("employee")
    procedure_download(actor=reader, procedure=procedure)
    assert AuditEntry.objects.filter(event="reviews.procedure.download", actor=reader.username).count() == 1
    with pytest.raises(NotFound):
        procedure_download(actor=person("employee", "sefton"), procedure=procedure)


# ---- reviews -----------------------------------------------------------------------------------------------

def test_signing_off_records_the_checklist_and_opens_the_next_review_an_interval_later(st_helens):
    account = live_account()
    review = review_open(account=account, due=timezone.localdate())
    signer = person("line-manager")
    following = review_sign_off(actor=signer, review=review, notes="All fine", **ALL_TICKED)
    review.refresh_from_db()
    assert review.signed_off_by == signer and review.inappropriate_removed and review.notes == "All fine"
    assert following.is_open and following.due == selectors.add_months(timezone.localdate(), 6)  # St Helens: 6
    entry = AuditEntry.objects.get(event="reviews.review.sign_off")
    assert entry.after["next_due"] == following.due.isoformat() and entry.after["feedback_current"] is True


def test_an_item_not_confirmed_stops_the_sign_off_and_names_it(st_helens):
    review = review_open(account=live_account(), due=timezone.localdate())
    with pytest.raises(BadInput) as refused:
        review_sign_off(actor=person("line-manager"), review=review, **{**ALL_TICKED, "feedback_current": False})
    assert refused.value.data["field"] == "feedback_current" and "feedback and complaints" in refused.value.message
    review.refresh_from_db()
    assert review.is_open and AccountReview.objects.count() == 1


def test_the_owner_s_line_manager_signs_off_and_nobody_else(st_helens):
    boss_user, boss = manager("line-manager", name="Lee Boss")
    owner = person("representative")
    staff_record(user=owner, line_manager=boss)
    review = review_open(account=live_account(owner=owner), due=timezone.localdate())
    other = person("line-manager")
    assert selectors.line_manager_of(review.account) == boss
    assert "Lee Boss" in sign_off_refusal(other, review).message
    with pytest.raises(NotAllowed):
        review_sign_off(actor=other, review=review, **ALL_TICKED)
    assert sign_off_refusal(boss_user, review) is None
    review_sign_off(actor=boss_user, review=review, **ALL_TICKED)


def test_without_an_owner_s_line_manager_the_service_area_s_manager_signs_off(st_helens):
    where, manager_user, record = managed_area()
    review = review_open(account=live_account(service_area=where), due=timezone.localdate())
    assert selectors.line_manager_of(review.account) == record
    assert sign_off_refusal(person("service-manager"), review) is not None
    assert sign_off_refusal(manager_user, review) is None


def test_a_signed_off_review_cannot_be_signed_again_and_an_approver_cannot_sign(st_helens):
    review = review_open(account=live_account(), due=timezone.localdate())
    assert isinstance(sign_off_refusal(person("approver"), review), NotAllowed)
    review_sign_off(actor=person("line-manager"), review=review, **ALL_TICKED)
    with pytest.raises(InvalidState):
        review_sign_off(actor=person("line-manager"), review=review, **ALL_TICKED)


@pytest.mark.parametrize(("due", "state"), [(-1, "overdue"), (0, "due"), (30, "due"), (31, "scheduled")])
def test_a_review_s_state_follows_its_date(st_helens, due, state):
    review = AccountReview(council=st_helens, account=live_account(), due=date(2026, 6, 1) + timedelta(days=due))
    assert selectors.review_state(review, today=date(2026, 6, 1)) == state


@pytest.mark.parametrize(("start", "months", "end"), [(date(2026, 8, 31), 6, date(2027, 2, 28)),
                                                     (date(2026, 1, 15), 12, date(2027, 1, 15)),
                                                     (date(2024, 8, 29), 6, date(2025, 2, 28))])
def test_months_are_added_to_the_same_day_or_the_month_s_last(start, months, end):
    assert selectors.add_months(start, months) == end
