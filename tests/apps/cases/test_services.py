"""Concern reports, cases, removal requests and notices through their services: who may do what, the proposed
classification, the referral clock, the audit entries that say only that a record changed, and the logged reads."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from civicguard.apps.access.models import ConfidentialRead
from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.cases import services
from civicguard.apps.cases.models import Case, CaseStatus, RemovalRequest
from civicguard.apps.cases.services import Upload
from civicguard.engine.images import ocr
from civicguard.errors import BadInput, InvalidState, NotAllowed, NotFound
from tests.apps.cases.factories import BREACH_TEXT, MILD_TEXT, case_from_report, png, report


def test_a_concern_report_keeps_the_engines_findings_and_the_evidence(w):
    found = report(w)
    assert found.verdict == "block"
    assert any("Sefton 5.3a" in f["clauses"] for f in found.findings)
    assert found.text_evidence.sha256 and found.screenshot.content_type == "image/png"
    entry = AuditEntry.objects.get(event="cases.concern.create")
    assert entry.after == {"via": "page"}
    assert "Emma" not in str(entry.before) + str(entry.after) and "insulting" not in str(entry.after)


def test_a_report_needs_a_web_address_and_the_worry(w):
    with pytest.raises(BadInput) as error:
        services.concern_report(actor=w.reporter, council=w.council, subject=w.subject, link="facebook post",
                                text=BREACH_TEXT, worry="x")
    assert error.value.data["field"] == "link"
    with pytest.raises(BadInput) as error:
        services.concern_report(actor=w.reporter, council=w.council, subject=w.subject,
                                link="https://example.com/p", text=BREACH_TEXT, worry="  ")
    assert error.value.data["field"] == "worry"


def test_a_screenshot_that_is_not_an_image_is_refused(w):
    with pytest.raises(BadInput) as error:
        services.concern_report(
            actor=w.reporter, council=w.council, subject=w.subject, link="https://example.com/p",
            text=MILD_TEXT, worry="Is this all right?", screenshot=Upload("shot.png", b"%PDF-1.4 not a picture"))
    assert error.value.data["field"] == "screenshot"


def test_nobody_reports_themselves(w):
    with pytest.raises(BadInput):
        services.concern_report(actor=w.subject_user, council=w.council, subject=w.subject,
                                link="https://example.com/p", text=MILD_TEXT, worry="Me")


def test_the_report_is_read_by_the_reporter_the_line_manager_and_hr_only(w):
    found = report(w)
    for reader in (w.reporter, w.manager, w.hr):
        assert services.concern_get(user=reader, council=w.council, pk=found.pk) == found
    for stranger in (w.subject_user, w.other_manager, w.caldicott):
        with pytest.raises(NotFound):
            services.concern_get(user=stranger, council=w.council, pk=found.pk)


def test_each_read_is_logged_and_the_managers_first_read_marks_it_seen(w):
    found = report(w)
    services.concern_read(actor=w.reporter, report=found)
    assert found.seen_at is None
    services.concern_read(actor=w.manager, report=found)
    found.refresh_from_db()
    assert found.seen_by == w.manager
    assert ConfidentialRead.objects.filter(kind="concern", object_id=found.pk).count() == 2


def test_a_sefton_breach_of_5_3_is_proposed_as_potential_gross_misconduct(w):
    case = case_from_report(w)
    assert case.proposed == "gross-misconduct" and "Sefton 5.3a" in case.proposed_because
    assert case.evidence.count() == 2 and case.status == CaseStatus.OPEN


def test_a_post_with_no_gross_misconduct_clause_is_proposed_as_misconduct(w):
    from civicguard.apps.cases.classify import propose

    assert propose("sefton", [{"clauses": ["Sefton 6.2"]}]).classification == "misconduct"
    # An information note cites clauses but breaches none.
    assert propose("sefton", [{"clauses": ["Sefton 5.3a"], "severity": "info"}]).classification == "misconduct"
    assert propose("sefton", [{"clauses": ["Sefton 5.3a"], "severity": "warn"}]).because == ("Sefton 5.3a",)
    assert propose("st-helens", [{"clauses": ["St Helens 7.5"]}]).classification == "gross-misconduct"
    assert propose("sefton", []).classification == "misconduct"


def test_only_the_line_manager_or_hr_opens_a_case(w):
    found = report(w)
    for actor in (w.reporter, w.caldicott):
        with pytest.raises((NotAllowed, NotFound)):
            services.case_open(actor=actor, council=w.council, concern=found)
    with pytest.raises((NotAllowed, NotFound)):
        services.case_open(actor=w.other_manager, council=w.council, concern=found)
    case = services.case_open(actor=w.hr, council=w.council, concern=found)
    with pytest.raises(InvalidState):
        services.case_open(actor=w.manager, council=w.council, concern=found)
    assert case.opened_by == w.hr


def test_the_referral_clock_counts_working_days_from_the_concern(w):
    assert services.add_working_days(date(2026, 12, 4), 5) == date(2026, 12, 11)  # a Friday: five working days on
    case = case_from_report(w)
    assert case.referral_due == services.add_working_days(timezone.localdate(case.found_at), 5)
    assert services.referral_clock(case, today=case.referral_due - timedelta(days=2)) == "due in 2 days"
    assert services.referral_clock(case, today=case.referral_due + timedelta(days=1)) == "overdue by 1 day"
    services.case_refer(actor=w.manager, case=case)
    case.refresh_from_db()
    assert case.status == "referred" and "in time" in services.referral_clock(case)


def test_hr_classifies_and_a_change_needs_reasons(w):
    case = case_from_report(w)
    services.case_refer(actor=w.manager, case=case)
    with pytest.raises(NotAllowed):
        services.case_classify(actor=w.manager, case=case, classification="gross-misconduct", reasons="")
    with pytest.raises(BadInput) as error:
        services.case_classify(actor=w.hr, case=case, classification="misconduct", reasons="")
    assert error.value.data["field"] == "reasons"
    with pytest.raises(BadInput):
        services.case_classify(actor=w.hr, case=case, classification="gross-misconduct", reasons="")
    case = services.case_classify(actor=w.hr, case=case, classification="gross-misconduct", reasons="Agreed")
    assert case.classification == "gross-misconduct" and case.decisions.get().value == "gross-misconduct"


def test_a_case_runs_to_its_outcome_and_each_step_is_audited_as_a_change_only(w):
    case = case_from_report(w)
    services.case_refer(actor=w.manager, case=case)
    services.case_classify(actor=w.hr, case=case, classification="gross-misconduct", reasons="Agreed")
    with pytest.raises(InvalidState):
        services.case_close(actor=w.hr, case=case)
    services.case_investigate(actor=w.hr, case=case)
    with pytest.raises(BadInput) as error:
        services.case_decide(actor=w.hr, case=case, outcome="formal", reasons="Proven", sanction="")
    assert error.value.data["field"] == "sanction"
    services.case_decide(actor=w.hr, case=case, outcome="formal", reasons="Proven", sanction="Final written warning")
    services.case_close(actor=w.hr, case=case)
    case.refresh_from_db()
    assert case.status == "closed" and case.sanction == "Final written warning"
    events = list(AuditEntry.objects.filter(object_type="cases.case").values_list("event", flat=True))
    assert events == ["cases.case.open", "cases.case.refer", "cases.case.classify", "cases.case.investigate",
                      "cases.case.decide", "cases.case.close"]
    assert all(e.after == {"via": "page"} for e in AuditEntry.objects.filter(object_type="cases.case"))
    assert [s.what for s in case.steps.all()][-1] == "Closed"


def test_notes_owners_and_deadlines(w):
    case = case_from_report(w)
    services.case_note_add(actor=w.manager, case=case, text="Spoke to Emma.")
    with pytest.raises(BadInput):
        services.case_owner_set(actor=w.manager, case=case, owner=w.other_manager)
    services.case_owner_set(actor=w.manager, case=case, owner=w.hr)
    services.case_deadline_set(actor=w.hr, case=case, deadline=timezone.localdate() + timedelta(days=7),
                               what="Investigation meeting")
    case.refresh_from_db()
    assert case.owner == w.hr and case.deadline_for == "Investigation meeting" and case.notes.count() == 1
    with pytest.raises(NotAllowed):
        services.case_note_add(actor=w.other_manager, case=case, text="Not mine")


def test_a_case_from_a_finding_on_an_official_post(w):
    from civicguard.apps.posts.models import Post
    from civicguard.apps.posts.services import post_check
    from tests.apps.factories import AccountFactory, person, staff_record

    author = person("representative", "sefton")
    staff_record("sefton", user=author, name="Ray Rep", line_manager=w.subject.line_manager)
    post = Post.objects.create(council=w.council, account=AccountFactory(council=w.council), author=author,
                               text=BREACH_TEXT)
    post_check(actor=author, post=post)
    post.refresh_from_db()
    subject = author.staff_records.get()
    case = services.case_open(actor=w.manager, council=w.council, subject=subject, post=post)
    assert case.source == "post" and case.proposed == "gross-misconduct" and case.evidence.count() == 1


def test_removal_requests_are_confirmed_by_the_employee_with_a_screenshot(w):
    case = case_from_report(w)
    removal = services.removal_request(actor=w.manager, case=case, postings="https://www.facebook.com/e/posts/1")
    assert timezone.localtime(removal.deadline).date() == timezone.localdate() + timedelta(days=2)
    assert services.removal_get(user=w.subject_user, council=w.council, pk=removal.pk) == removal
    with pytest.raises(NotFound):
        services.removal_get(user=w.reporter, council=w.council, pk=removal.pk)
    with pytest.raises(NotAllowed):
        services.removal_confirm(actor=w.manager, removal=removal, screenshot=Upload("gone.png", png()))
    with pytest.raises(BadInput):
        services.removal_confirm(actor=w.subject_user, removal=removal, screenshot=None)
    removal = services.removal_confirm(actor=w.subject_user, removal=removal, screenshot=Upload("gone.png", png()),
                                       note="Deleted it this morning")
    assert removal.confirmed_at and removal.evidence in case.evidence.all()
    # The employee still cannot read the case itself.
    with pytest.raises(NotFound):
        services.case_get(user=w.subject_user, council=w.council, pk=case.pk)


def test_an_overdue_removal_escalates_to_its_case_once(w):
    case = case_from_report(w)
    removal = services.removal_request(actor=w.manager, case=case, postings=["https://x.com/e/status/1"])
    later = removal.deadline + timedelta(minutes=1)
    assert services.removal_escalate_overdue(now=later).escalated == [removal]
    assert services.removal_escalate_overdue(now=later + timedelta(hours=1)).escalated == []
    removal.refresh_from_db()
    assert removal.escalated_at == later and removal.state() == "escalated"
    assert "escalated to the case" in case.steps.last().what
    assert AuditEntry.objects.filter(event="cases.removal.escalate").count() == 1


def test_the_pack_names_who_is_told_and_each_notice_is_recorded(w, settings):
    case = case_from_report(w)
    due = [rule.slug for rule in services.notices_due(case)]
    assert due == ["corporate-communications"]  # offensive and discriminatory: the council's reputation
    with pytest.raises(BadInput):
        services.notice_send(actor=w.manager, case=case, rule_slug="information-governance")
    with pytest.raises(NotAllowed):
        services.notice_send(actor=w.other_manager, case=case, rule_slug="corporate-communications")
    notice = services.notice_send(actor=w.manager, case=case, rule_slug="corporate-communications")
    assert notice.recipient == "Corporate Communications" and notice.role == "approver"


def test_an_addressed_notice_is_emailed(w, django_capture_on_commit_callbacks):
    case = case_from_report(w)
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_send(actor=w.manager, case=case, rule_slug="corporate-communications", text="Please look.")
    assert mail.outbox[0].to == ["press.office@sefton.gov.uk"] and "Please look." in mail.outbox[0].body


def test_hr_sees_every_case_a_line_manager_only_those_of_their_staff(w):
    from civicguard.apps.cases import selectors

    case = case_from_report(w)
    assert selectors.cases(user=w.hr, council=w.council) == [case]
    assert selectors.cases(user=w.manager, council=w.council) == [case]
    assert selectors.cases(user=w.other_manager, council=w.council) == []
    assert selectors.cases(user=w.subject_user, council=w.council) == []
    assert Case.objects.count() == 1 and RemovalRequest.objects.count() == 0


@pytest.mark.skipif(ocr.tesseract_command() is None, reason="tesseract-ocr is not installed (make install)")
def test_the_words_in_a_reports_screenshot_are_checked_too_and_the_finding_names_the_screenshot(w):
    from PIL import Image, ImageDraw, ImageFont

    from civicguard.apps.cases.services import SCREENSHOT_REF

    img = Image.new("RGB", (900, 160), (250, 250, 250))
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 26)
    ImageDraw.Draw(img).text((30, 60), "Call Joan Hughes on 07700 900123, NHS number 943 476 5919", font=font,
                             fill=(20, 20, 20))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    clean = "Lovely sunny day at the seaside with the family."
    found = services.concern_report(actor=w.reporter, council=w.council, subject=w.subject,
                           link="https://www.facebook.com/emma.employee/posts/2", text=clean,
                           worry="The picture shows a resident's details.",
                           screenshot=Upload(name="shot.png", data=buf.getvalue()))
    from_image = [f for f in found.findings if SCREENSHOT_REF in f["message"]]
    assert from_image and any(f["category"] == "personal_data" for f in from_image)
    assert found.screenshot is not None and found.screenshot.kind == "screenshot"
