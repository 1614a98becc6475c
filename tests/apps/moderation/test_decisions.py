"""The moderator's actions: resulting status, reason codes from the pack, the second moderator, the trail."""

from __future__ import annotations

import pytest

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.audit.services import audit_verify
from civicguard.apps.moderation.models import Action, Comment, CommentStatus, ModerationDecision
from civicguard.apps.moderation.services import decisions, scan
from civicguard.apps.moderation.services.decisions import MAX_BULK, MAX_NOTE, decide, decide_many, reason_codes
from civicguard.errors import BadInput, InvalidState, NotAllowed, NotFound
from tests.apps.factories import AccountFactory, person
from tests.apps.moderation.factories import (
    CLEAN,
    OFFENSIVE,
    PERSONAL,
    SERVICE,
    account,
    comment,
    comments,
    deliver,
    item,
)


def status(c: Comment) -> str:
    c.refresh_from_db()
    return c.status


@pytest.mark.parametrize(("slug", "action", "reason", "after"), [
    ("st-helens", "approve", "complies", CommentStatus.APPROVED),
    ("st-helens", "approve", "service-request", CommentStatus.APPROVED),
    ("st-helens", "hide", "offensive", CommentStatus.HIDDEN),
    ("st-helens", "escalate", "personal-data", CommentStatus.ESCALATED),
    ("st-helens", "remove", "offensive", CommentStatus.REMOVAL_PENDING),
    ("sefton", "approve", "complies", CommentStatus.APPROVED),
    ("sefton", "hide", "offensive", CommentStatus.HIDDEN),
    ("sefton", "escalate", "safeguarding", CommentStatus.ESCALATED),
    ("sefton", "remove", "offensive", CommentStatus.REMOVED),
])
def test_each_action_gives_its_status_with_a_decision_and_an_audit_entry(slug, action, reason, after):
    c = comment(account(slug), OFFENSIVE)
    moderator = person("moderator", slug)
    decision = decide(comment=c, actor=moderator, action=action, reason_code=reason, note="  seen it \x00 ")
    assert status(c) == after
    assert (decision.actor, decision.action, decision.reason_code, decision.note) == (moderator, action, reason,
                                                                                      "seen it")
    assert (decision.status_before, decision.status_after) == (CommentStatus.NEEDS_REVIEW, after)
    assert list(c.decisions.all()) == [decision]
    entry = AuditEntry.objects.get(event=f"moderation.comment.{action}")
    assert entry.actor == moderator.username and entry.council == slug
    assert (entry.object_type, entry.object_id) == ("moderation.comment", str(c.pk))
    assert entry.before == {"status": "needs_review"}
    assert entry.after["status"] == after and entry.after["reason_code"] == reason
    assert entry.after["note"] == "seen it" and entry.after["decision"] == decision.pk
    assert audit_verify()[1] == []


@pytest.mark.parametrize(("action", "reason"), [
    ("hide", "service-request"),
    ("remove", "press-enquiry"),
    ("escalate", "complies"),
    ("hide", "complies"),
    ("remove", "complies"),
    ("approve", "offensive"),
    ("hide", "no-such-reason"),
    ("hide", ""),
])
def test_a_reason_must_fit_the_action(action, reason):
    c = comment(account(), OFFENSIVE)
    with pytest.raises(BadInput) as err:
        decide(comment=c, actor=person("moderator"), action=action, reason_code=reason)
    assert err.value.data["field"] == "reason_code"
    assert status(c) == CommentStatus.NEEDS_REVIEW and not ModerationDecision.objects.exists()


def test_the_reasons_offered_for_an_action_come_from_the_pack():
    assert [r.code for r in reason_codes("st-helens", "approve")] == ["service-request", "press-enquiry", "complies"]
    assert "complies" not in [r.code for r in reason_codes("sefton", "hide")]
    assert "safeguarding" in [r.code for r in reason_codes("sefton", "route")]
    with pytest.raises(BadInput) as err:
        decisions.reason_for("st-helens", "hide", "complies")
    assert "offensive" in str(err.value) and "service-request" not in str(err.value)


def test_st_helens_removal_waits_for_a_second_moderator():
    c = comment(account(), OFFENSIVE)
    first, second = person("moderator"), person("moderator")
    decide(comment=c, actor=first, action="remove", reason_code="offensive", note="abusive")
    assert status(c) == CommentStatus.REMOVAL_PENDING and c.in_queue
    with pytest.raises(NotAllowed):
        decide(comment=c, actor=first, action="confirm_removal")
    with pytest.raises(NotAllowed):
        decide(comment=c, actor=first, action="refuse_removal")
    assert status(c) == CommentStatus.REMOVAL_PENDING
    confirm = decide(comment=c, actor=second, action="confirm_removal", note="agreed")
    assert status(c) == CommentStatus.REMOVED
    assert (confirm.actor, confirm.reason_code, confirm.status_before) == (second, "offensive",
                                                                           CommentStatus.REMOVAL_PENDING)
    assert [d.action for d in c.decisions.all()] == ["remove", "confirm_removal"]
    assert AuditEntry.objects.get(event="moderation.comment.confirm_removal").actor == second.username


def test_a_second_moderator_may_refuse_a_removal_and_it_goes_back_to_the_queue():
    c = comment(account(), OFFENSIVE)
    first, second = person("moderator"), person("moderator")
    decide(comment=c, actor=first, action="remove", reason_code="offensive")
    decide(comment=c, actor=second, action="refuse_removal", note="fair comment, strongly put")
    assert status(c) == CommentStatus.NEEDS_REVIEW
    with pytest.raises(InvalidState):
        decide(comment=c, actor=second, action="confirm_removal")
    # The first moderator can now hide it instead.
    decide(comment=c, actor=first, action="hide", reason_code="offensive")
    assert status(c) == CommentStatus.HIDDEN
    assert AuditEntry.objects.filter(event="moderation.comment.refuse_removal").count() == 1


def test_sefton_removes_at_once_and_confirming_is_not_needed():
    c = comment(account("sefton"), OFFENSIVE)
    decide(comment=c, actor=person("moderator", "sefton"), action="remove", reason_code="offensive")
    assert status(c) == CommentStatus.REMOVED
    with pytest.raises(InvalidState):
        decide(comment=c, actor=person("moderator", "sefton"), action="confirm_removal")


@pytest.mark.parametrize(("action", "reason"), [("approve", "complies"), ("hide", "offensive"),
                                                ("remove", "offensive"), ("escalate", "offensive"),
                                                ("reopen", ""), ("confirm_removal", "")])
def test_a_removed_comment_is_final(action, reason):
    c = comment(account("sefton"), OFFENSIVE)
    moderator = person("moderator", "sefton")
    decide(comment=c, actor=moderator, action="remove", reason_code="offensive")
    with pytest.raises(InvalidState):
        decide(comment=c, actor=person("moderator", "sefton"), action=action, reason_code=reason)
    assert status(c) == CommentStatus.REMOVED and c.decisions.count() == 1


def test_a_comment_not_yet_checked_cannot_be_decided():
    c = comment(account(), CLEAN, checked=False)
    with pytest.raises(InvalidState):
        decide(comment=c, actor=person("moderator"), action="approve", reason_code="complies")


def test_a_decided_comment_can_be_reopened_and_decided_again():
    c = comment(account(), OFFENSIVE)
    moderator = person("moderator")
    decide(comment=c, actor=moderator, action="approve", reason_code="complies")
    decide(comment=c, actor=moderator, action="reopen", note="resident complained")
    assert status(c) == CommentStatus.NEEDS_REVIEW
    decide(comment=c, actor=moderator, action="hide", reason_code="offensive")
    assert [d.action for d in c.decisions.all()] == ["approve", "reopen", "hide"]
    assert [d.status_after for d in c.decisions.all()] == ["approved", "needs_review", "hidden"]


@pytest.mark.parametrize("role", ["approver", "representative", "legal", "admin", "employee"])
def test_only_a_moderator_may_decide(role):
    c = comment(account(), OFFENSIVE)
    with pytest.raises(NotAllowed):
        decide(comment=c, actor=person(role), action="hide", reason_code="offensive")
    assert status(c) == CommentStatus.NEEDS_REVIEW and not ModerationDecision.objects.exists()


def test_a_moderator_of_another_council_does_not_see_the_comment():
    c = comment(account(), OFFENSIVE)
    with pytest.raises(NotFound):
        decide(comment=c, actor=person("moderator", "sefton"), action="hide", reason_code="offensive")
    with pytest.raises(NotFound):
        decide_many(comments=[c], actor=person("moderator", "sefton"), action="hide", reason_code="offensive")
    assert status(c) == CommentStatus.NEEDS_REVIEW


@pytest.mark.parametrize("action", ["route", "delete", "clear", ""])
def test_an_unknown_action_or_routing_without_a_route_is_refused(action):
    c = comment(account(), OFFENSIVE)
    with pytest.raises(BadInput) as err:
        decide(comment=c, actor=person("moderator"), action=action, reason_code="offensive")
    assert err.value.data["field"] == "action"


def test_the_note_has_a_length_limit():
    c = comment(account(), OFFENSIVE)
    moderator = person("moderator")
    for bad in ["x" * (MAX_NOTE + 1), 42, None]:
        with pytest.raises(BadInput) as err:
            decide(comment=c, actor=moderator, action="hide", reason_code="offensive", note=bad)
        assert err.value.data["field"] == "note"
    decision = decide(comment=c, actor=moderator, action="hide", reason_code="offensive", note="x" * MAX_NOTE)
    assert len(decision.note) == MAX_NOTE


def test_decide_many_decides_them_all():
    batch = comments(account(), [OFFENSIVE, PERSONAL, SERVICE])
    moderator = person("moderator")
    made = decide_many(comments=batch, actor=moderator, action="hide", reason_code="offensive", note="spam wave")
    assert len(made) == 3 and {status(c) for c in batch} == {CommentStatus.HIDDEN}
    assert AuditEntry.objects.filter(event="moderation.comment.hide").count() == 3
    assert audit_verify()[1] == []


def test_decide_many_is_all_or_nothing():
    acct = account("sefton")
    batch = comments(acct, [OFFENSIVE, PERSONAL, OFFENSIVE])
    moderator = person("moderator", "sefton")
    decide(comment=batch[2], actor=moderator, action="remove", reason_code="offensive")
    audit_before = AuditEntry.objects.count()
    with pytest.raises(InvalidState):
        decide_many(comments=batch, actor=moderator, action="hide", reason_code="offensive")
    assert [status(c) for c in batch] == [CommentStatus.NEEDS_REVIEW, CommentStatus.NEEDS_REVIEW,
                                          CommentStatus.REMOVED]
    assert ModerationDecision.objects.count() == 1 and AuditEntry.objects.count() == audit_before


def test_decide_many_needs_the_right_in_every_council_before_changing_any():
    mine = comment(account("sefton"), OFFENSIVE)
    theirs = comment(account("st-helens"), OFFENSIVE)
    with pytest.raises(NotFound):
        decide_many(comments=[mine, theirs], actor=person("moderator", "sefton"), action="hide",
                    reason_code="offensive")
    assert status(mine) == CommentStatus.NEEDS_REVIEW and not ModerationDecision.objects.exists()


def test_decide_many_refuses_an_empty_or_oversized_batch_and_routing():
    moderator = person("moderator")
    with pytest.raises(BadInput):
        decide_many(comments=[], actor=moderator, action="hide", reason_code="offensive")
    c = comment(AccountFactory(), OFFENSIVE)
    with pytest.raises(BadInput):
        decide_many(comments=[c] * (MAX_BULK + 1), actor=moderator, action="hide", reason_code="offensive")
    with pytest.raises(BadInput):
        decide_many(comments=[c], actor=moderator, action=Action.ROUTE, reason_code="service-request")
    assert not ModerationDecision.objects.exists()


def test_a_decision_taken_on_a_text_since_edited_is_refused():
    c = comment(account(), OFFENSIVE, id="seen-1")
    deliver(c.account, [item(CLEAN, id="seen-1")])
    scan.scan([c.pk], trigger="edit")
    with pytest.raises(InvalidState) as err:
        decide(comment=c, actor=person("moderator"), action="hide", reason_code="offensive", seen_edits=0)
    assert "edited" in err.value.message and status(c) == CommentStatus.CLEAR
    decision = decide(comment=c, actor=person("moderator"), action="approve", reason_code="complies", seen_edits=1)
    assert decision.status_after == CommentStatus.APPROVED


# ---- a removal waiting for a second person (St Helens: hidden meanwhile; the approver may answer it) ----------

def test_a_waiting_removal_hides_the_comment_and_a_refusal_shows_it_again():
    c = comment(account(), OFFENSIVE)
    first, second = person("moderator"), person("moderator")
    decide(comment=c, actor=first, action="remove", reason_code="offensive")
    c.refresh_from_db()
    assert (c.status, c.hidden_pending_removal) == (CommentStatus.REMOVAL_PENDING, True)
    assert AuditEntry.objects.get(event="moderation.comment.remove").after["hidden_meanwhile"] is True
    decide(comment=c, actor=second, action="refuse_removal", note="fair comment")
    c.refresh_from_db()
    assert (c.status, c.hidden_pending_removal) == (CommentStatus.NEEDS_REVIEW, False)
    refusal = AuditEntry.objects.get(event="moderation.comment.refuse_removal")
    assert refusal.actor == second.username and refusal.after["shown_again"] is True
    assert refusal.after["asked_by"] == first.username and audit_verify()[1] == []


def test_a_confirmed_removal_is_removed_and_no_longer_marked_hidden_meanwhile():
    c = comment(account(), OFFENSIVE)
    decide(comment=c, actor=person("moderator"), action="remove", reason_code="offensive")
    decide(comment=c, actor=person("moderator"), action="confirm_removal")
    c.refresh_from_db()
    assert (c.status, c.hidden_pending_removal) == (CommentStatus.REMOVED, False)


def test_with_one_moderator_the_approver_answers_the_removal_so_it_is_never_stuck():
    c = comment(account(), OFFENSIVE)
    only_moderator, approver = person("moderator"), person("approver")
    decide(comment=c, actor=only_moderator, action="remove", reason_code="offensive")
    c.refresh_from_db()
    assert decisions.allowed_actions(comment=c, actor=only_moderator) == []
    assert decisions.allowed_actions(comment=c, actor=approver) == ["confirm_removal", "refuse_removal"]
    confirm = decide(comment=c, actor=approver, action="confirm_removal", note="agreed: abusive")
    assert status(c) == CommentStatus.REMOVED and confirm.actor == approver
    assert AuditEntry.objects.get(event="moderation.comment.confirm_removal").actor == approver.username


@pytest.mark.parametrize("role", ["legal", "representative", "img", "employee"])
def test_only_a_moderator_or_the_role_the_pack_names_may_answer_a_removal(role):
    c = comment(account(), OFFENSIVE)
    decide(comment=c, actor=person("moderator"), action="remove", reason_code="offensive")
    with pytest.raises(NotAllowed) as err:
        decide(comment=c, actor=person(role), action="confirm_removal")
    assert err.value.message == "Only a moderator or an approver can confirm or refuse a removal"
    with pytest.raises(NotFound):
        decide(comment=c, actor=person("approver", "sefton"), action="refuse_removal")
    assert status(c) == CommentStatus.REMOVAL_PENDING


def test_the_approver_may_answer_a_removal_but_not_take_other_decisions():
    c = comment(account(), OFFENSIVE)
    approver = person("approver")
    assert decisions.allowed_actions(comment=c, actor=approver) == []
    assert decisions.allowed_actions(comment=c, actor=person("moderator")) == ["approve", "hide", "remove",
                                                                                "escalate", "route"]
    with pytest.raises(InvalidState):
        decide(comment=c, actor=approver, action="confirm_removal")  # nothing is waiting
    with pytest.raises(NotAllowed):
        decide(comment=c, actor=approver, action="remove", reason_code="offensive")


def test_sefton_does_not_hide_meanwhile_as_its_removals_do_not_wait():
    c = comment(account("sefton"), OFFENSIVE)
    decide(comment=c, actor=person("moderator", "sefton"), action="remove", reason_code="offensive")
    c.refresh_from_db()
    assert (c.status, c.hidden_pending_removal) == (CommentStatus.REMOVED, False)
    assert "hidden_meanwhile" not in AuditEntry.objects.get(event="moderation.comment.remove").after


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"action": "hide"}, "Choose a reason for your decision"),
    ({"action": "hide", "reason_code": "complies"}, "Choose a reason that fits hiding: "),
    ({"action": "delete"}, "Choose approve, hide, remove or escalate"),
    ({"action": "hide", "reason_code": "offensive", "note": "x" * (MAX_NOTE + 1)},
     f"The note must be {MAX_NOTE} characters or fewer"),
])
def test_error_messages_say_what_to_do(kwargs, message):
    with pytest.raises(BadInput) as err:
        decide(comment=comment(account(), OFFENSIVE), actor=person("moderator"), **kwargs)
    assert err.value.message.startswith(message)
