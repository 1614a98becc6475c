"""Advice requests (St Helens 6.15, 8.3; Sefton 5.5): to the pack's advisers, answered by their role only."""

from __future__ import annotations

import pytest

from civicguard.apps.advice.services import (
    advice_request_answer,
    advice_request_create,
    advice_request_withdraw,
    visible,
)
from civicguard.apps.audit.models import AuditEntry
from civicguard.errors import InvalidState, NotAllowed, NotFound
from tests.apps.factories import AccountFactory, council


def _ask(who, adviser="internal-audit", slug="st-helens", **kw):
    return advice_request_create(actor=who, council=council(slug), adviser=adviser,
                                 question="Can we share a resident's thank-you e-mail?", **kw)


def test_a_question_to_internal_audit_is_answered_by_the_computer_auditor(cast):
    req = _ask(cast["representative"])
    assert req.adviser_name == "Internal Audit" and req.adviser_role == "computer-auditor"
    with pytest.raises(NotAllowed, match="Only Internal Audit"):
        advice_request_answer(actor=cast["legal"], request=req, answer="Yes.")
    req = advice_request_answer(actor=cast["computer-auditor"], request=req, answer="Only with their consent.")
    assert req.status == "answered" and req.answered_by == cast["computer-auditor"] and req.answered_at
    assert AuditEntry.objects.filter(event="advice.request.answer", actor=cast["computer-auditor"].username).exists()


def test_an_adviser_the_pack_does_not_name_is_not_found(cast):
    with pytest.raises(NotFound):
        _ask(cast["representative"], adviser="internal-audit", slug="sefton")


def test_a_question_may_concern_an_account_of_the_same_council_only(cast):
    own = AccountFactory(council=council("st-helens"))
    assert _ask(cast["representative"], about=own).about == own
    with pytest.raises(NotFound):
        _ask(cast["representative"], about=AccountFactory(council=council("sefton")))


def test_the_asker_the_adviser_s_role_and_the_img_read_it_and_no_one_else(cast):
    req = _ask(cast["representative"])
    sth = council("st-helens")
    for role, sees in [("representative", True), ("computer-auditor", True), ("img", True), ("legal", False),
                       ("employee", False)]:
        assert visible(user=cast[role], council=sth).filter(pk=req.pk).exists() == sees, role


def test_nobody_answers_their_own_question(cast):
    req = _ask(cast["computer-auditor"])
    with pytest.raises(NotAllowed, match="Someone else"):
        advice_request_answer(actor=cast["computer-auditor"], request=req, answer="Fine.")


def test_only_the_asker_withdraws_and_only_while_open(cast):
    req = _ask(cast["representative"])
    with pytest.raises(NotAllowed):
        advice_request_withdraw(actor=cast["img"], request=req)
    req = advice_request_withdraw(actor=cast["representative"], request=req)
    assert req.status == "withdrawn"
    with pytest.raises(InvalidState):
        advice_request_answer(actor=cast["computer-auditor"], request=req, answer="Too late.")
