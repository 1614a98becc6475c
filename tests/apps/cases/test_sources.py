"""A case opened from a moderation escalation (an employee's comment on a council account) or refused from a
comment nobody escalated; and what waits on whom (waiting.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from civicguard.apps.cases import services
from civicguard.apps.cases.waiting import waiting_for
from civicguard.apps.moderation.services.decisions import decide
from civicguard.errors import InvalidState
from tests.apps.cases.factories import BREACH_TEXT, case_from_report, report
from tests.apps.factories import person
from tests.apps.moderation.factories import account, comment


def test_a_case_from_an_escalated_comment_keeps_its_findings_and_its_text_as_evidence(w):
    found = comment(account("sefton"), BREACH_TEXT)
    with pytest.raises(InvalidState):
        services.case_open(actor=w.manager, council=w.council, subject=w.subject, comment=found)
    decide(comment=found, actor=person("moderator", "sefton"), action="escalate", reason_code="offensive",
           note="Posted by one of our staff")
    case = services.case_open(actor=w.manager, council=w.council, subject=w.subject, comment=found)
    assert case.source == "comment" and case.findings and case.proposed == "gross-misconduct"
    item = case.evidence.get()
    assert item.kind == "post" and item.size == len(BREACH_TEXT.encode())


def _texts(user, council):
    return [item.text for item in waiting_for(user, council)]


def test_a_new_concern_waits_on_the_line_manager_and_hr_until_read(w):
    found = report(w)
    assert _texts(w.manager, w.council) == ["Read a concern reported about Emma Employee"]
    assert _texts(w.hr, w.council) == ["Read a concern reported about Emma Employee"]
    assert _texts(w.other_manager, w.council) == [] and _texts(w.reporter, w.council) == []
    services.concern_read(actor=w.manager, report=found)
    assert _texts(w.hr, w.council) == []


def test_a_case_waits_on_its_referral_then_on_hr_and_a_removal_on_the_employee(w):
    case = case_from_report(w)
    waiting = waiting_for(w.manager, w.council)
    assert waiting[0].text.startswith(f"Refer case {case.reference}") and waiting[0].due == case.referral_due
    services.case_refer(actor=w.manager, case=case)
    assert _texts(w.hr, w.council) == [f"Classify case {case.reference} about Emma Employee"]
    removal = services.removal_request(actor=w.manager, case=case, postings=["https://x.com/e/status/9"])
    mine = waiting_for(w.subject_user, w.council)
    assert len(mine) == 1 and mine[0].text.startswith("Remove the postings you were asked to") and not mine[0].urgent
    services.removal_escalate_overdue(now=removal.deadline + timedelta(seconds=1))
    assert any("did not confirm removing" in t for t in _texts(w.manager, w.council))


def test_a_notice_waits_on_its_roles_holders_until_one_acknowledges_it(w):
    case = case_from_report(w)
    notice = services.notice_send(actor=w.manager, case=case, rule_slug="corporate-communications")
    approver = person("approver", "sefton")
    assert _texts(approver, w.council) == ["Read a notice for Corporate Communications: The council's reputation "
                                           "may be exposed"]
    services.notice_acknowledge(actor=approver, notice=notice)
    assert _texts(approver, w.council) == []
    assert notice.sent_at <= timezone.now()


def test_the_open_a_case_page_shows_the_escalated_comment(w, client):
    found = comment(account("sefton"), BREACH_TEXT)
    decide(comment=found, actor=person("moderator", "sefton"), action="escalate", reason_code="offensive",
           note="One of ours")
    client.force_login(w.hr)
    page = client.get(f"/cases/new/?comment={found.pk}").content.decode()
    assert "From the escalated comment" in page and "useless idiot" in page
    response = client.post(f"/cases/new/?comment={found.pk}", {"subject": w.subject.pk, "summary": ""})
    assert response.status_code == 302
    client.force_login(w.reporter)
    assert client.get(f"/cases/new/?comment={found.pk}").status_code == 403
