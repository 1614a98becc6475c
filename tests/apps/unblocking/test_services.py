"""The unblocking workflow's rules (Sefton 5.1, 5.4): who does each step, in which state, and what is recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.unblocking.services import unblock_request_decide, unblock_requests_expire
from civicguard.errors import BadInput, InvalidState, NotAllowed
from tests.apps.unblocking.conftest import ask


def test_a_request_needs_the_work_only_declaration(cast):
    with pytest.raises(BadInput) as err:
        ask(cast["employee"], work_only=False)
    assert err.value.data["field"] == "work_only" and "work purposes only" in err.value.message


@pytest.mark.parametrize(("days", "says"), [(0, "in the future"), (366, "up to 365 days")])
def test_the_access_must_end_in_the_future_and_within_the_pack_s_limit(cast, days, says):
    with pytest.raises(BadInput, match=says):
        ask(cast["employee"], days=days)


def test_a_request_names_some_sites(cast):
    with pytest.raises(BadInput, match="Select the sites"):
        ask(cast["employee"], sites=[])
    assert ask(cast["employee"], sites=[], other_sites="nextdoor.co.uk").site_names == ["nextdoor.co.uk"]


def test_helpdesk_then_auditor_unblocks_and_each_step_is_audited(cast):
    req = ask(cast["employee"])
    req = unblock_request_decide(actor=cast["ict-helpdesk"], request=req, decision="pass_on")
    assert req.status == "with_auditor" and not req.needs_ad
    req = unblock_request_decide(actor=cast["computer-auditor"], request=req, decision="approve")
    assert req.status == "active" and req.approved_by == cast["computer-auditor"]
    events = list(AuditEntry.objects.filter(object_type="unblocking.unblockrequest", object_id=str(req.pk))
                  .order_by("seq").values_list("event", flat=True))
    assert events == ["unblocking.request.create", "unblocking.request.pass_on", "unblocking.request.approve"]


def test_sefton_asks_the_assistant_director_for_long_access_recorded_by_the_helpdesk(cast):
    req = ask(cast["employee"], days=120)
    req = unblock_request_decide(actor=cast["ict-helpdesk"], request=req, decision="pass_on")
    assert req.needs_ad and "more than 90 days" in req.ad_reason
    req = unblock_request_decide(actor=cast["computer-auditor"], request=req, decision="approve")
    assert req.status == "with_ad"
    with pytest.raises(BadInput, match="Assistant Director's approval e-mail"):
        unblock_request_decide(actor=cast["ict-helpdesk"], request=req, decision="ad_approve")
    req = unblock_request_decide(actor=cast["ict-helpdesk"], request=req, decision="ad_approve",
                                 note="E-mail from J Smith, 3 March, ref AD-1")
    assert req.status == "active" and req.ad_approval == "E-mail from J Smith, 3 March, ref AD-1"


def test_the_helpdesk_may_say_a_short_request_needs_the_assistant_director_too(cast):
    req = unblock_request_decide(actor=cast["ict-helpdesk"], request=ask(cast["employee"]), decision="pass_on",
                                 needs_ad=True)
    assert req.needs_ad


def test_st_helens_has_no_assistant_director_step(db):
    from tests.apps.factories import person

    req = ask(person("employee"), slug="st-helens", days=300)
    with pytest.raises(BadInput, match="no Assistant Director step"):
        unblock_request_decide(actor=person("ict-helpdesk"), request=req, decision="pass_on", needs_ad=True)
    req = unblock_request_decide(actor=person("ict-helpdesk"), request=req, decision="pass_on")
    assert not req.needs_ad


def test_only_the_auditor_approves_and_only_in_its_turn(cast):
    req = ask(cast["employee"])
    with pytest.raises(NotAllowed):
        unblock_request_decide(actor=cast["ict-helpdesk"], request=req, decision="approve")
    with pytest.raises(InvalidState):
        unblock_request_decide(actor=cast["computer-auditor"], request=req, decision="approve")


def test_a_refusal_and_a_return_need_reasons(cast):
    req = ask(cast["employee"])
    with pytest.raises(BadInput, match="what the requester must change"):
        unblock_request_decide(actor=cast["ict-helpdesk"], request=req, decision="return")
    req = unblock_request_decide(actor=cast["ict-helpdesk"], request=req, decision="pass_on")
    with pytest.raises(BadInput, match="reasons for refusing"):
        unblock_request_decide(actor=cast["computer-auditor"], request=req, decision="refuse")


def test_nobody_approves_their_own_request(cast):
    req = unblock_request_decide(actor=cast["ict-helpdesk"], request=ask(cast["employee"]), decision="pass_on")
    own = unblock_request_decide(actor=cast["ict-helpdesk"], request=ask(cast["computer-auditor"]),
                                 decision="pass_on")
    with pytest.raises(NotAllowed, match="Someone else"):
        unblock_request_decide(actor=cast["computer-auditor"], request=own, decision="approve")
    assert unblock_request_decide(actor=cast["computer-auditor"], request=req, decision="approve").status == "active"


def test_only_the_requester_withdraws(cast):
    req = ask(cast["employee"])
    with pytest.raises(NotAllowed):
        unblock_request_decide(actor=cast["ict-helpdesk"], request=req, decision="withdraw")
    assert unblock_request_decide(actor=cast["employee"], request=req, decision="withdraw").status == "withdrawn"


def test_the_daily_task_expires_access_after_its_last_day(cast):
    req = ask(cast["employee"], days=3)
    req = unblock_request_decide(actor=cast["ict-helpdesk"], request=req, decision="pass_on")
    req = unblock_request_decide(actor=cast["computer-auditor"], request=req, decision="approve")
    today = timezone.localdate()
    assert unblock_requests_expire(today=today + timedelta(days=3)) == 0
    assert unblock_requests_expire(today=today + timedelta(days=4)) == 1
    req.refresh_from_db()
    assert req.status == "expired"
    assert AuditEntry.objects.filter(event="unblocking.request.expire", actor="").count() == 1


def test_a_pack_may_switch_the_workflow_off_or_always_ask_the_assistant_director(cast, monkeypatch):
    from civicguard.apps.unblocking import services
    from civicguard.engine.packs.schema import Unblocking

    monkeypatch.setattr(services, "rules", lambda council: Unblocking(assistant_director_approval="always"))
    req = unblock_request_decide(actor=cast["ict-helpdesk"], request=ask(cast["employee"], days=2),
                                 decision="pass_on")
    assert req.needs_ad and "every request" in req.ad_reason
    monkeypatch.setattr(services, "rules", lambda council: Unblocking(available=False))
    with pytest.raises(NotAllowed, match="does not take website unblocking requests"):
        ask(cast["employee"])
