"""The breach services: opening (awareness from a comment's flag or removal), the art. 33/34 rules of the
assessment, the ICO and the people, the pack's notices, closing, and audit entries that say only that a record
changed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.breaches import selectors
from civicguard.apps.breaches.models import BreachNotice, Status
from civicguard.apps.breaches.services import (
    breach_close,
    breach_ico_record,
    breach_notice_send,
    breach_open,
    breach_people_told,
)
from civicguard.apps.moderation.models import Comment
from civicguard.errors import BadInput, InvalidState, NotAllowed, NotFound
from tests.apps.breaches.factories import HEALTH, assessed, breach, flagged_comment, removed_comment
from tests.apps.factories import council


def _open_from(comment, actor):
    return breach_open(actor=actor, council=comment.council, source="comment", comment=comment,
                       what="A comment disclosed a private person's address and number",
                       people_categories=["residents"], data_categories=["names", "contact"], people_count=1,
                       # ignored: a comment's awareness is worked out
                       aware_at=timezone.now() + timedelta(days=3))


def test_a_record_opened_from_a_removed_comment_is_aware_from_when_it_was_first_flagged(cast):
    comment = removed_comment(cast["moderator"])
    first_check = comment.checks.order_by("created").first()
    found = _open_from(comment, cast["moderator"])
    assert found.aware_at == first_check.created
    assert "first flagged personal information in comment" in found.aware_how
    assert found.status == Status.OPEN and found.opened_by == cast["moderator"]


def test_when_the_check_missed_it_awareness_is_the_moderators_removal(cast):
    comment = flagged_comment(text="The new library opening hours are a joke, sort it out.")
    Comment.objects.filter(pk=comment.pk).update(status="needs_review")
    comment.refresh_from_db()
    from civicguard.apps.moderation.services.decisions import decide

    decision = decide(comment=comment, actor=cast["moderator"], action="remove", reason_code="personal-data")
    found = _open_from(comment, cast["moderator"])
    assert found.aware_at == decision.created
    assert "chose to remove comment" in found.aware_how


def test_only_those_who_may_see_the_comment_open_a_record_from_it(cast):
    comment = removed_comment(cast["moderator"])
    with pytest.raises(NotFound):  # the Caldicott Guardian may open records but does not see the comment queue
        _open_from(comment, cast["caldicott-guardian"])
    with pytest.raises(NotFound):  # another council's comment
        _open_from(comment, cast["sefton-moderator"])
    with pytest.raises(NotAllowed):  # HR may not open breach records
        breach(cast["hr"])


def test_a_hand_described_record_needs_its_facts_and_a_past_awareness(cast):
    with pytest.raises(BadInput) as exc:
        breach(cast["moderator"], aware_at=timezone.now() + timedelta(hours=2))
    assert exc.value.data["field"] == "aware_at"
    with pytest.raises(BadInput) as exc:
        breach(cast["moderator"], data=())
    assert exc.value.data["field"] == "data_categories"
    with pytest.raises(BadInput) as exc:
        breach(cast["moderator"], people_count=0)
    assert exc.value.data["field"] == "people_count"
    with pytest.raises(BadInput) as exc:
        breach(cast["moderator"], source_description="")
    assert exc.value.data["field"] == "source_description"


def test_the_ico_must_be_told_of_any_risk_and_a_reason_is_kept_when_not(cast):
    found = breach(cast["moderator"])
    with pytest.raises(BadInput, match="article 33"):
        assessed(cast["legal"], found, risk="risk", ico=False, reason="Small")
    with pytest.raises(BadInput) as exc:
        assessed(cast["legal"], found, risk="none", ico=False)
    assert exc.value.data["field"] == "ico_not_required_reason"
    done = assessed(cast["legal"], found, risk="none", ico=False, reason="The letter went to the tenant's partner")
    assert done.status == Status.ASSESSED and done.dpo == cast["legal"] and done.ico_required is False
    assert not selectors.clock(done).running


def test_the_opener_reads_the_record_but_only_the_dpo_decides_and_others_do_not_find_it(cast):
    found = breach(cast["moderator"])
    with pytest.raises(NotAllowed):
        assessed(cast["moderator"], found)
    for outsider in ("moderator2", "caldicott-guardian", "admin", "img", "sefton-legal"):
        with pytest.raises(NotFound):
            assessed(cast[outsider], found)


def test_telling_the_ico_late_needs_the_reasons_for_the_delay(cast):
    found = assessed(cast["legal"], breach(cast["moderator"], hours_ago=80))
    with pytest.raises(BadInput) as exc:
        breach_ico_record(actor=cast["legal"], breach=found, told_at=timezone.now(), reference="IC-1234")
    assert exc.value.data["field"] == "ico_late_reason"
    with pytest.raises(BadInput) as exc:
        breach_ico_record(actor=cast["legal"], breach=found, told_at=found.aware_at - timedelta(hours=1),
                          reference="IC-1234", late_reason="x")
    assert exc.value.data["field"] == "ico_told_at"
    done = breach_ico_record(actor=cast["legal"], breach=found, told_at=timezone.now(), reference="IC-1234",
                             late_reason="The DPO was on leave and the deputy was not told")
    assert selectors.clock(done).state == "told" and selectors.clock(done).hours_over >= 7


def test_within_the_72_hours_no_reason_is_asked(cast):
    found = assessed(cast["legal"], breach(cast["moderator"], hours_ago=5))
    done = breach_ico_record(actor=cast["legal"], breach=found, told_at=timezone.now(), reference="IC-77")
    assert done.ico_late_reason == "" and "within the 72 hours" in selectors.clock(done).text


def test_the_ico_is_not_recorded_before_the_decision_that_it_must_be_told(cast):
    found = breach(cast["moderator"])
    with pytest.raises(InvalidState):
        breach_ico_record(actor=cast["legal"], breach=found, told_at=timezone.now(), reference="IC-1")


def test_a_high_risk_record_closes_only_once_the_people_are_told_or_an_exception_is_recorded(cast):
    found = assessed(cast["legal"], breach(cast["moderator"]))
    breach_ico_record(actor=cast["legal"], breach=found, told_at=timezone.now(), reference="IC-9")
    for rule in selectors.notices_missing(found):
        breach_notice_send(actor=cast["legal"], breach=found, rule_slug=rule.slug)
    with pytest.raises(InvalidState, match="article 34"):
        breach_close(actor=cast["legal"], breach=found)
    with pytest.raises(BadInput) as exc:
        breach_people_told(actor=cast["legal"], breach=found, told_at=timezone.now(), how="")
    assert exc.value.data["field"] == "people_told_how"
    with pytest.raises(BadInput) as exc:
        breach_people_told(actor=cast["legal"], breach=found, not_told="disproportionate", not_told_reason="")
    assert exc.value.data["field"] == "not_told_reason"
    breach_people_told(actor=cast["legal"], breach=found, not_told="risk-removed",
                       not_told_reason="The comment was removed within the hour and nobody shared it")
    closed = breach_close(actor=cast["legal"], breach=found, note="Moderators reminded")
    assert closed.status == Status.CLOSED and closed.closed_by == cast["legal"]
    with pytest.raises(InvalidState):
        breach_people_told(actor=cast["legal"], breach=closed, told_at=timezone.now(), how="Letter")


def test_a_record_does_not_close_before_the_ico_decision_or_the_ico_is_told(cast):
    found = breach(cast["moderator"])
    with pytest.raises(InvalidState, match="Assess"):
        breach_close(actor=cast["legal"], breach=found)
    assessed(cast["legal"], found, risk="risk")
    with pytest.raises(InvalidState, match="ICO was told"):
        breach_close(actor=cast["legal"], breach=found)


def test_st_helens_tells_internal_audit_of_personal_data_and_the_caldicott_guardian_of_health_data(cast):
    names = breach(cast["moderator"], data=("names", "contact"))
    assert [r.slug for r in selectors.notices_due(names)] == ["internal-audit"]  # 6.15
    health = breach(cast["moderator"], data=("names", "health"))
    assert [r.slug for r in selectors.notices_due(health)] == ["caldicott-guardian", "internal-audit"]  # 6.21
    service_users = breach(cast["moderator"], data=("service-user",))
    assert "caldicott-guardian" in [r.slug for r in selectors.notices_due(service_users)]


def test_sefton_tells_information_governance(cast):
    found = breach(cast["sefton-legal"], "sefton")
    assert [r.slug for r in selectors.notices_due(found)] == ["information-governance"]  # 13.2


def test_a_notice_is_recorded_once_and_e_mailed_to_the_roles_holders_after_the_commit(
        cast, django_capture_on_commit_callbacks):
    found = breach(cast["moderator"], data=("health",))
    with django_capture_on_commit_callbacks(execute=True):
        notice = breach_notice_send(actor=cast["legal"], breach=found, rule_slug="caldicott-guardian")
    assert notice.recipient == "the Caldicott Guardian" and notice.sent_by == cast["legal"]
    assert cast["caldicott-guardian"].email in notice.sent_to
    assert len(mail.outbox) == 1 and mail.outbox[0].to == notice.sent_to
    assert f"record {found.pk}" in mail.outbox[0].body and "Colin" not in mail.outbox[0].body
    with pytest.raises(InvalidState, match="told already"):
        breach_notice_send(actor=cast["legal"], breach=found, rule_slug="caldicott-guardian")
    with pytest.raises(BadInput):
        breach_notice_send(actor=cast["legal"], breach=found, rule_slug="press-office")
    assert BreachNotice.objects.filter(breach=found).count() == 1


def test_the_audit_trail_says_only_that_a_record_changed(cast):
    found = breach(cast["moderator"], data=("health",), what="Brenda Hollis's cancer diagnosis was posted")
    assessed(cast["legal"], found)
    breach_ico_record(actor=cast["legal"], breach=found, told_at=timezone.now(), reference="IC-SECRET-REF")
    breach_notice_send(actor=cast["legal"], breach=found, rule_slug="caldicott-guardian")
    entries = AuditEntry.objects.filter(object_type="breaches.databreach", object_id=str(found.pk))
    assert [e.event for e in entries.order_by("id")] == [
        "breaches.breach.open", "breaches.breach.assess", "breaches.breach.ico", "breaches.breach.notice"]
    for entry in entries:
        assert set((entry.after or {}).keys()) <= {"status", "via"} and entry.before is None
        assert "Brenda" not in str(entry.after) and "IC-SECRET" not in str(entry.after)


def test_a_post_flagged_for_personal_data_is_aware_from_its_check(cast):
    from civicguard.apps.posts import services as posts
    from tests.apps.factories import AccountFactory, person

    author = person("representative")
    post = posts.post_create(actor=author, account=AccountFactory(council=council()), text=HEALTH)
    posts.post_check(post=post, actor=author)
    first = post.checks.order_by("created").first()
    found = breach_open(actor=cast["approver"], council=council(), source="post", post=post, what="Posted",
                        people_categories=["residents"], data_categories=["health"], people_count=1)
    assert found.aware_at == first.created and "post" in found.aware_how
