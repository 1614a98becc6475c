"""What waits on the adviser (a question) and the asker (an answer)."""

from __future__ import annotations

from civicguard.apps.advice.services import advice_request_answer, advice_request_create
from civicguard.apps.advice.waiting import waiting_for
from tests.apps.factories import council


def test_a_question_waits_on_its_adviser_then_the_answer_on_the_asker(cast):
    sth = council("st-helens")
    req = advice_request_create(actor=cast["representative"], council=sth, adviser="legal", question="?")
    assert [w.text for w in waiting_for(cast["legal"], sth)] == [
        f"Answer {cast['representative'].username}'s question to Legal Services"]
    assert waiting_for(cast["computer-auditor"], sth) == [] and waiting_for(cast["representative"], sth) == []
    advice_request_answer(actor=cast["legal"], request=req, answer="Yes.")
    assert waiting_for(cast["legal"], sth) == []
    assert [w.text for w in waiting_for(cast["representative"], sth)] == [
        "Read Legal Services's answer to your question"]
