"""What waits on the helpdesk, the auditor and the requester."""

from __future__ import annotations

from civicguard.apps.unblocking.services import unblock_request_decide
from civicguard.apps.unblocking.waiting import waiting_for
from tests.apps.factories import council
from tests.apps.unblocking.conftest import ask


def test_each_step_waits_on_the_next_person(cast):
    sefton = council("sefton")
    req = ask(cast["employee"], days=5)
    assert [w.text for w in waiting_for(cast["ict-helpdesk"], sefton)] == [
        "Check the website unblocking request for Libraries and pass it on"]
    assert waiting_for(cast["computer-auditor"], sefton) == []
    unblock_request_decide(actor=cast["ict-helpdesk"], request=req, decision="pass_on")
    assert waiting_for(cast["ict-helpdesk"], sefton) == []
    assert "Approve or refuse" in waiting_for(cast["computer-auditor"], sefton)[0].text
    unblock_request_decide(actor=cast["computer-auditor"], request=req, decision="approve")
    ending = waiting_for(cast["employee"], sefton)
    assert len(ending) == 1 and "ends on" in ending[0].text and ending[0].due == req.expires
