"""Checking comments with the engine as channel `comment`: status, the queue's summary columns, the stored check."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from civicguard.apps.embargo.services import embargo_register, embargo_withdraw
from civicguard.apps.moderation import tasks
from civicguard.apps.moderation.models import SEVERITY_RANK, Comment, CommentCheck, CommentStatus
from civicguard.apps.moderation.services import scan
from civicguard.engine import Content, Context, check
from tests.apps.embargo.files import REPORT
from tests.apps.factories import person
from tests.apps.moderation.factories import (
    CLEAN,
    COMPLAINT,
    OFFENSIVE,
    PERSONAL,
    PRESS,
    SAFEGUARDING,
    SERVICE,
    account,
    comment,
    comments,
    deliver,
    item,
)

LEAK = ("Heard the council proposes to close the Parr leisure centre on 31 March and move its swimming lessons "
        "to the Queens Park centre!")


def test_a_clean_comment_is_clear_with_its_check_stored():
    c = comment(account(), CLEAN)
    assert c.status == CommentStatus.CLEAR and not c.in_queue
    assert (c.verdict, c.severity, c.categories) == ("pass", 0, "")
    assert c.policy_version and c.latest_check is not None
    run = CommentCheck.objects.get(comment=c)
    assert c.latest_check == run and run.trigger == "ingest" and run.verdict == "pass"
    assert run.result["findings"] == [] and run.policy_version == c.policy_version


@pytest.mark.parametrize(("slug", "text", "verdict", "severity", "categories"), [
    ("st-helens", OFFENSIVE, "block", "block", ",offensive,"),
    ("sefton", OFFENSIVE, "block", "block", ",offensive,"),
    ("st-helens", PERSONAL, "warn", "warn", ",personal_data,"),
    ("sefton", PERSONAL, "warn", "warn", ",personal_data,"),
    ("st-helens", COMPLAINT, "pass", "info", ",complaint,"),
    ("sefton", SERVICE, "pass", "info", ",service_request,"),
    ("st-helens", PRESS, "pass", "info", ",press_enquiry,"),
    ("sefton", SAFEGUARDING, "block", "block", ",safeguarding,"),
    ("st-helens", OFFENSIVE + " " + PERSONAL, "block", "block", ",offensive,personal_data,"),
])
def test_a_comment_with_findings_needs_review(slug, text, verdict, severity, categories):
    c = comment(account(slug), text)
    assert c.status == CommentStatus.NEEDS_REVIEW and c.in_queue
    assert c.verdict == verdict and c.severity == SEVERITY_RANK[severity] and c.categories == categories
    assert c.category_list == categories.strip(",").split(",")


def test_the_stored_check_is_what_the_command_line_prints(sefton):
    c = comment(account("sefton"), PERSONAL)
    # `civicguard check --json` prints CheckResult.to_dict(): the same record, field for field.
    expected = check(Content(text=PERSONAL), Context(council="sefton", channel="comment")).to_dict()
    assert c.latest_check.result == expected
    finding = c.latest_check.result["findings"][0]
    assert set(finding) >= {"rule", "category", "severity", "clauses", "start", "end", "text", "message", "remedy"}
    assert PERSONAL[finding["start"]:finding["end"]] == finding["text"]
    assert c.latest_check.result["channel"] == "comment" and c.latest_check.result["council"] == "sefton"


def test_scanning_twice_checks_once():
    c = comment(account(), OFFENSIVE, checked=False)
    assert c.status == CommentStatus.PENDING
    assert scan.scan([c.pk]) == 1
    assert scan.scan([c.pk]) == 0
    assert tasks.scan_comments([c.pk]) == 0  # a task delivered twice
    assert CommentCheck.objects.filter(comment=c).count() == 1


def test_a_decided_comment_is_not_checked_again_by_a_late_task():
    c = comment(account(), OFFENSIVE)
    Comment.objects.filter(pk=c.pk).update(status=CommentStatus.HIDDEN)
    assert scan.scan([c.pk]) == 0
    c.refresh_from_db()
    assert c.status == CommentStatus.HIDDEN and CommentCheck.objects.filter(comment=c).count() == 1


def test_the_result_of_a_text_edited_during_its_check_is_not_written(django_capture_on_commit_callbacks):
    c = comment(account(), CLEAN, id="race-1", checked=False)
    # The engine has checked the harmless text (outside any transaction)...
    results = scan.Checker().many([c])
    # ...when the author's edit arrives, before the result is written.
    with django_capture_on_commit_callbacks() as queued:
        deliver(c.account, [item(OFFENSIVE, id="race-1")])
    assert scan._apply(results, texts={c.pk: CLEAN}, trigger="ingest") == 0
    c.refresh_from_db()
    assert c.status == CommentStatus.PENDING and c.latest_check is None and not c.checks.exists()
    # The check the edit queued is of the new text.
    for callback in queued:
        callback()
    c.refresh_from_db()
    assert c.status == CommentStatus.NEEDS_REVIEW and c.categories == ",offensive,"
    assert c.latest_check.trigger == "edit" and c.latest_check.result["findings"][0]["text"] in OFFENSIVE


def test_a_batch_mixing_councils_uses_each_councils_pack():
    both = comments(account("st-helens"), [CLEAN, OFFENSIVE], checked=False)
    both += comments(account("sefton"), [PERSONAL], checked=False)
    assert scan.scan([c.pk for c in both] + [999999]) == 3
    got = {c.pk: c for c in Comment.objects.all()}
    assert [got[c.pk].status for c in both] == [CommentStatus.CLEAR, CommentStatus.NEEDS_REVIEW,
                                                 CommentStatus.NEEDS_REVIEW]
    assert got[both[2].pk].latest_check.result["council"] == "sefton"
    assert got[both[0].pk].latest_check.result["council"] == "st-helens"


def test_an_embargoed_document_quoted_in_a_comment_is_found(st_helens):
    doc = embargo_register(actor=person("approver"), council=st_helens, title="Leisure review",
                           until=timezone.localdate() + timedelta(days=10), text="\n".join(REPORT))
    leak, harmless = comments(account(), [LEAK, "Is it true the Parr leisure centre is closing?"])
    assert leak.status == CommentStatus.NEEDS_REVIEW and leak.categories == ",confidential,"
    assert leak.verdict == "warn"
    finding = leak.latest_check.result["findings"][0]
    assert finding["rule"] == "sth.confidential.embargoed-document.comment"
    assert harmless.status == CommentStatus.CLEAR
    # Another council's embargo is not theirs to find; a withdrawn one is no longer in force.
    assert comment(account("sefton"), LEAK).status == CommentStatus.CLEAR
    embargo_withdraw(actor=person("approver"), document=doc)
    assert comment(account(), LEAK).status == CommentStatus.CLEAR


def test_the_sweep_leaves_a_just_edited_comment_to_the_check_its_edit_queued(django_capture_on_commit_callbacks):
    old = comment(account(), CLEAN, id="sweep-edit")
    Comment.objects.filter(pk=old.pk).update(received=timezone.now() - timedelta(hours=2))
    with django_capture_on_commit_callbacks():  # the edit's own check is queued, not yet run
        deliver(old.account, [item(OFFENSIVE, id="sweep-edit")])
    assert list(scan.pending_ids()) == []
    Comment.objects.filter(pk=old.pk).update(updated=timezone.now() - timedelta(minutes=5))
    assert list(scan.pending_ids()) == [old.pk]
