"""Records: export with redaction, the retention purge, rescans after a policy or register change."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.audit.services import audit_verify
from civicguard.apps.embargo.services import embargo_register, embargo_withdraw
from civicguard.apps.moderation.models import (
    STALE_NOTE,
    Comment,
    CommentCheck,
    CommentStatus,
    Delivery,
    Handoff,
    ModerationDecision,
    PlatformDeletion,
    PurgeLog,
    RescanChange,
    RescanRun,
)
from civicguard.apps.moderation.services import records
from civicguard.apps.moderation.services.decisions import decide
from civicguard.apps.moderation.services.records import (
    REDACTED,
    THIRD_PARTY,
    export_comments,
    export_rows,
    purge,
    redact,
    rescan_counts,
    rescan_start,
)
from civicguard.apps.moderation.services.routing import route_comment
from civicguard.engine import pack_for
from civicguard.errors import BadInput, NotAllowed, NotFound
from tests.apps.factories import person
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


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute, second))


# ---- export --------------------------------------------------------------------------------------------

def test_export_gives_an_accounts_comments_in_a_date_range_inclusive_by_day(st_helens):
    acct, other = account(), account()
    texts = [{"text": f"{CLEAN} ({when})", "id": f"e-{n}", "created_at": when.isoformat()}
             for n, when in enumerate([local(2025, 3, 1, 23, 59), local(2025, 3, 2, 0, 0), local(2025, 3, 5, 12),
                                       local(2025, 3, 5, 23, 59, 59), local(2025, 3, 6, 0, 0)])]
    comments(acct, texts)
    comments(other, [{"text": CLEAN, "id": "e-other", "created_at": local(2025, 3, 3).isoformat()}])
    legal = person("legal")
    qs = export_comments(actor=legal, council=st_helens, account=acct, start=date(2025, 3, 2), end=date(2025, 3, 5))
    rows = list(export_rows(qs))
    assert [r["platform_id"] for r in rows] == ["e-1", "e-2", "e-3"]
    assert set(rows[0]) == set(records.EXPORT_FIELDS)
    assert rows[0]["account"] == acct.handle and rows[0]["status"] == "clear" and rows[0]["findings"] == []
    # A single day; no account (the whole council); no bounds.
    one_day = export_comments(actor=legal, council=st_helens, start=date(2025, 3, 5), end=date(2025, 3, 5))
    assert [c.platform_id for c in one_day] == ["e-2", "e-3"]
    everything = export_comments(actor=legal, council=st_helens)
    assert everything.count() == 6
    entry = AuditEntry.objects.filter(event="moderation.comments.export").order_by("seq").first()
    assert entry.actor == legal.username and entry.council == "st-helens"
    assert entry.after == {"account": acct.handle, "start": "2025-03-02", "end": "2025-03-05", "redacted": False,
                           "subject": "", "format": "json", "count": 3}
    assert AuditEntry.objects.filter(event="moderation.comments.export").count() == 3


def test_export_refuses_bad_ranges_foreign_accounts_and_people_without_the_right(st_helens):
    with pytest.raises(BadInput) as err:
        export_comments(actor=person("legal"), council=st_helens, start=date(2025, 3, 5), end=date(2025, 3, 4))
    assert err.value.data["field"] == "end"
    with pytest.raises(BadInput) as err:
        export_comments(actor=person("legal"), council=st_helens, account=account("sefton"))
    assert err.value.data["field"] == "account"
    with pytest.raises(NotAllowed):
        export_comments(actor=person("moderator"), council=st_helens)
    with pytest.raises(NotFound):
        export_comments(actor=person("legal", "sefton"), council=st_helens)
    assert not AuditEntry.objects.filter(event="moderation.comments.export").exists()


def test_a_redacted_export_hides_personal_data_and_other_authors_but_not_the_subject(st_helens):
    acct = account()
    neighbour, subject = comments(acct, [
        {"text": PERSONAL, "author": "Nosy Neighbour", "author_id": "fb-1"},
        {"text": "I am Joan Hughes and I never said that.", "author": "Joan Hughes", "author_id": "fb-2"},
    ])
    decide(comment=neighbour, actor=person("moderator"), action="hide", reason_code="personal-data", note="pii")
    qs = export_comments(actor=person("img"), council=st_helens, account=acct, redact_third_parties=True,
                         subject_author_id="fb-2", fmt="csv")
    rows = {r["platform_id"]: r for r in export_rows(qs, redact_third_parties=True, subject_author_id="fb-2")}
    theirs, own = rows[neighbour.platform_id], rows[subject.platform_id]
    for secret in ("Joan Hughes", "07700 900123", "943 476 5919"):
        assert secret not in theirs["text"]
        assert all(secret != f["text"] for f in theirs["findings"])
    assert theirs["text"].startswith(f"My neighbour {REDACTED} on {REDACTED}")
    assert (theirs["author_name"], theirs["author_id"]) == (THIRD_PARTY, "")
    assert (own["author_name"], own["author_id"]) == ("Joan Hughes", "fb-2")
    assert theirs["decisions"] == [{"when": theirs["decisions"][0]["when"], "who": theirs["decisions"][0]["who"],
                                    "action": "hide", "reason_code": "personal-data", "note": "pii"}]
    audit = AuditEntry.objects.get(event="moderation.comments.export").after
    assert audit["redacted"] is True and audit["subject"] == "fb-2" and audit["format"] == "csv"
    # Unredacted, everything is as stored.
    plain = {r["platform_id"]: r for r in export_rows(qs)}
    assert plain[neighbour.platform_id]["text"] == PERSONAL
    assert plain[neighbour.platform_id]["author_name"] == "Nosy Neighbour"


def test_redact_merges_overlapping_spans_and_keeps_offsets_true():
    text = "Call Joan Hughes on 07700 900123 today"
    findings = [{"category": "personal_data", "start": 5, "end": 16}, {"category": "personal_data", "start": 10,
                                                                       "end": 16},
                {"category": "personal_data", "start": 20, "end": 32}, {"category": "offensive", "start": 0,
                                                                        "end": 4},
                {"category": "personal_data", "start": 3, "end": 3}]
    assert redact(text, findings) == f"Call {REDACTED} on {REDACTED} today"
    assert redact(text, []) == text


# ---- retention purge -----------------------------------------------------------------------------------

def test_purge_removes_comments_older_than_the_retention_period_with_their_trail(
        st_helens, django_capture_on_commit_callbacks):
    days = pack_for("st-helens").facts.retention_days
    now = timezone.now()
    acct, other = account(), account(platform="x", handle="@StHelensX")
    old = comments(acct, [OFFENSIVE, SERVICE], created_at=now - timedelta(days=days + 30))
    old += comments(other, [CLEAN], created_at=now - timedelta(days=days, minutes=5))
    new = comments(acct, [OFFENSIVE, CLEAN], created_at=now - timedelta(days=days - 1))
    sefton_old = comment(account("sefton"), CLEAN, created_at=now - timedelta(days=days + 30))
    moderator = person("moderator")
    decide(comment=old[0], actor=moderator, action="hide", reason_code="offensive")
    with django_capture_on_commit_callbacks(execute=True):
        route_comment(comment=old[1], actor=moderator, route="contact_centre", reason_code="service-request")
    decide(comment=new[0], actor=moderator, action="hide", reason_code="offensive")
    assert Handoff.objects.count() == 1 and Delivery.objects.count() >= 1

    assert purge(council=st_helens, now=now, dry_run=True) == 3
    assert Comment.objects.count() == 6 and not PurgeLog.objects.exists()

    log = purge(council=st_helens, now=now)
    assert isinstance(log, PurgeLog)
    assert set(Comment.objects.values_list("pk", flat=True)) == {new[0].pk, new[1].pk, sefton_old.pk}
    gone = [c.pk for c in old]
    assert not CommentCheck.objects.filter(comment_id__in=gone).exists()
    assert not ModerationDecision.objects.filter(comment_id__in=gone).exists()
    assert not Handoff.objects.exists() and not Delivery.objects.exists()
    assert ModerationDecision.objects.filter(comment=new[0]).count() == 1
    assert (log.council, log.retention_days, log.removed) == (st_helens, days, 3)
    assert abs((log.cutoff - (now - timedelta(days=days))).total_seconds()) < 1
    assert log.by_account == {f"facebook:{acct.handle}": 2, f"x:{other.handle}": 1}
    assert sorted(log.platform_ids) == sorted(f"{c.platform}:{c.platform_id}" for c in old)
    entry = AuditEntry.objects.get(event="moderation.comments.purge")
    assert entry.council == "st-helens" and entry.after["removed"] == 3
    assert entry.after["by_account"] == log.by_account and entry.object_id == str(log.pk)
    assert audit_verify()[1] == []
    # Nothing more to do: a second purge removes nothing.
    assert purge(council=st_helens, now=now).removed == 0


# ---- rescans -------------------------------------------------------------------------------------------

ANNEX = ("Property review: the council will sell the Town Hall annex to a developer for £3.4m in June, "
         "and 40 staff will move to the Wesley House offices on Corporation Street.")
ANNEX_LEAK = ("I hear the council will sell the Town Hall annex to a developer for £3.4m in June, and 40 staff "
              "will move to the Wesley House offices!")
LEISURE = ("Leisure services review: the council proposes to close the Parr leisure centre on 31 March and move "
           "its swimming lessons to the Queens Park centre, saving £1.2m a year.")
LEISURE_LEAK = ("Heard the council proposes to close the Parr leisure centre on 31 March and move its swimming "
                "lessons to the Queens Park centre!")


@pytest.fixture
def world(st_helens):
    """Comments checked before the annex sale was registered and while the leisure review was; then the
    register changes: the annex sale is registered, the leisure review withdrawn."""
    approver, moderator = person("approver"), person("moderator")
    until = timezone.localdate() + timedelta(days=30)
    leisure = embargo_register(actor=approver, council=st_helens, title="Leisure", until=until, text=LEISURE)
    acct = account()
    c = dict(zip(["clear", "approved", "changed", "unchanged", "unflagged", "hidden_unflagged"], comments(
        acct, [ANNEX_LEAK, ANNEX_LEAK, OFFENSIVE + " " + ANNEX_LEAK, CLEAN, LEISURE_LEAK, LEISURE_LEAK]),
        strict=True))
    assert c["clear"].status == CommentStatus.CLEAR and c["unflagged"].status == CommentStatus.NEEDS_REVIEW
    decide(comment=c["approved"], actor=moderator, action="approve", reason_code="complies")
    decide(comment=c["hidden_unflagged"], actor=moderator, action="hide", reason_code="other-inappropriate")
    embargo_register(actor=approver, council=st_helens, title="Annex", until=until, text=ANNEX)
    embargo_withdraw(actor=approver, document=leisure)
    sefton = comment(account("sefton"), CLEAN)
    return {name: Comment.objects.get(pk=x.pk) for name, x in c.items()} | {"sefton": sefton}


def _state(items):
    return {name: (x.status, x.verdict, x.categories, x.latest_check_id)
            for name, x in ((n, Comment.objects.get(pk=c.pk)) for n, c in items.items())}


def _rescan(council, dry_run, capture):
    since = timezone.now() - timedelta(hours=1)
    with capture(execute=True):
        run = rescan_start(since=since, dry_run=dry_run, council=council)
    run.refresh_from_db()
    return run


def test_a_dry_run_rescan_records_what_would_change_without_changing_anything(
        world, st_helens, django_capture_on_commit_callbacks):
    before = _state(world)
    checks = CommentCheck.objects.count()
    run = _rescan(st_helens, True, django_capture_on_commit_callbacks)
    assert run.total == 6 and run.done == 6 and run.finished is not None
    kinds = {ch.comment_id: ch.kind for ch in run.changes.all()}
    assert kinds == {world["clear"].pk: "newly_flagged", world["approved"].pk: "newly_flagged",
                     world["changed"].pk: "changed", world["unflagged"].pk: "no_longer_flagged",
                     world["hidden_unflagged"].pk: "no_longer_flagged"}
    assert rescan_counts(run) == {"newly_flagged": 2, "no_longer_flagged": 2, "changed": 1}
    change = run.changes.get(comment=world["changed"])
    assert change.before["categories"] == ["offensive"] and change.before["status"] == "needs_review"
    assert change.after["categories"] == ["confidential", "offensive"]
    assert _state(world) == before and CommentCheck.objects.count() == checks
    assert ModerationDecision.objects.filter(actor__isnull=True).count() == 0
    entry = AuditEntry.objects.get(event="moderation.comments.rescan")
    assert entry.after["dry_run"] is True and entry.after["newly_flagged"] == 2 and entry.after["total"] == 6


def test_an_applied_rescan_stores_new_checks_and_moves_comments(world, st_helens,
                                                                 django_capture_on_commit_callbacks):
    run = _rescan(st_helens, False, django_capture_on_commit_callbacks)
    assert run.finished is not None and rescan_counts(run) == {"newly_flagged": 2, "no_longer_flagged": 2,
                                                               "changed": 1}
    now = {name: Comment.objects.get(pk=c.pk) for name, c in world.items()}
    for name in ("clear", "approved", "changed", "unchanged", "unflagged", "hidden_unflagged"):
        assert now[name].latest_check.trigger == "rescan", name
        assert now[name].checks.count() == 2
    assert now["sefton"].checks.count() == 1  # another council's comments are not touched
    # Newly flagged: a clear comment and an approved one go back to the queue, by the system.
    assert now["clear"].status == CommentStatus.NEEDS_REVIEW and now["clear"].categories == ",confidential,"
    assert now["approved"].status == CommentStatus.NEEDS_REVIEW
    reopened = now["approved"].decisions.order_by("id").last()
    assert (reopened.actor, reopened.action, reopened.status_before, reopened.status_after) == (
        None, "reopen", "approved", "needs_review")
    assert f"rescan {run.pk}" in reopened.note
    # Changed findings keep the status; no longer flagged clears a comment waiting in the queue...
    assert now["changed"].status == CommentStatus.NEEDS_REVIEW
    assert now["changed"].categories == ",confidential,offensive,"
    assert now["unflagged"].status == CommentStatus.CLEAR and now["unflagged"].categories == ""
    cleared = now["unflagged"].decisions.get()
    assert (cleared.actor, cleared.action, cleared.status_after) == (None, "clear", "clear")
    # ...but never undoes a moderator's decision.
    assert now["hidden_unflagged"].status == CommentStatus.HIDDEN
    assert now["unchanged"].status == CommentStatus.CLEAR and not now["unchanged"].decisions.exists()
    assert audit_verify()[1] == []


def test_rescanning_a_chunk_twice_counts_each_change_once(world, st_helens, django_capture_on_commit_callbacks):
    for dry_run in (True, False):
        run = _rescan(st_helens, dry_run, django_capture_on_commit_callbacks)
        ids = list(Comment.objects.filter(council=st_helens).order_by("pk").values_list("pk", flat=True))
        counts = rescan_counts(run)
        decisions_made = ModerationDecision.objects.filter(actor__isnull=True).count()
        assert records.rescan_chunk(run_id=run.pk, ids=ids) == 0  # the task delivered again: nothing checked
        run.refresh_from_db()
        assert rescan_counts(run) == counts and run.changes.count() == 5
        assert run.done == run.total == 6
        assert ModerationDecision.objects.filter(actor__isnull=True).count() == decisions_made
    assert AuditEntry.objects.filter(event="moderation.comments.rescan").count() == 2


def _chunks(run):
    ids = list(Comment.objects.filter(council=run.council).order_by("pk").values_list("pk", flat=True))
    return [ids[i:i + records.RESCAN_CHUNK] for i in range(0, len(ids), records.RESCAN_CHUNK)]


def test_a_chunk_delivered_twice_counts_once_and_the_run_waits_for_every_chunk(
        world, st_helens, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(records, "RESCAN_CHUNK", 2)
    with django_capture_on_commit_callbacks(execute=False):  # the queued tasks are delivered by hand below
        run = rescan_start(since=timezone.now() - timedelta(hours=1), dry_run=False, council=st_helens)
    first, second, third = _chunks(run)
    assert records.rescan_chunk(run_id=run.pk, ids=first) == 2
    checks = CommentCheck.objects.count()
    assert records.rescan_chunk(run_id=run.pk, ids=first) == 0  # redelivered after a worker was lost
    run.refresh_from_db()
    assert (run.done, run.finished) == (2, None) and CommentCheck.objects.count() == checks
    records.rescan_chunk(run_id=run.pk, ids=third)
    records.rescan_chunk(run_id=run.pk, ids=third)
    run.refresh_from_db()
    assert (run.done, run.finished) == (4, None)
    assert not AuditEntry.objects.filter(event="moderation.comments.rescan").exists()
    records.rescan_chunk(run_id=run.pk, ids=second)
    run.refresh_from_db()
    assert run.done == run.total == 6 and run.finished is not None and run.chunks.count() == 3
    assert AuditEntry.objects.filter(event="moderation.comments.rescan").count() == 1
    assert all(c.checks.filter(trigger="rescan").count() == 1 for c in Comment.objects.filter(council=st_helens))


def test_a_chunk_delivered_again_while_it_runs_stores_its_checks_once(world, st_helens, monkeypatch):
    """Two deliveries of one chunk at once: the one that commits second finds the chunk done."""
    run = RescanRun.objects.create(council=st_helens, since=timezone.now() - timedelta(hours=1), dry_run=False,
                                   total=6)
    (ids,) = _chunks(run)
    real, inner = records.Checker.many, []

    def check_while_redelivered(self, comments):
        result = real(self, comments)
        if not inner:  # the second delivery runs (and commits) while the first one's engine is busy
            inner.append(None)
            inner[0] = records.rescan_chunk(run_id=run.pk, ids=ids)
        return result

    monkeypatch.setattr(records.Checker, "many", check_while_redelivered)
    assert records.rescan_chunk(run_id=run.pk, ids=ids) == 0 and inner == [6]
    run.refresh_from_db()
    assert run.done == 6 and run.finished is not None and run.chunks.count() == 1
    assert CommentCheck.objects.filter(trigger="rescan").count() == 6
    assert AuditEntry.objects.filter(event="moderation.comments.rescan").count() == 1


def test_a_rescan_reads_the_comment_again_before_changing_it(world, st_helens, monkeypatch):
    """A moderator's decision taken while the engine ran is not overwritten by the rescan."""
    run = RescanRun.objects.create(council=st_helens, since=timezone.now() - timedelta(hours=1), dry_run=False,
                                   total=1)
    target = world["unflagged"]
    real = records.Checker.many

    def slow_check(self, comments):
        result = real(self, comments)
        for c in comments:
            decide(comment=c, actor=person("moderator"), action="hide", reason_code="other-inappropriate")
        return result

    monkeypatch.setattr(records.Checker, "many", slow_check)
    records.rescan_chunk(run_id=run.pk, ids=[target.pk])
    target.refresh_from_db()
    assert target.status == CommentStatus.HIDDEN
    assert RescanChange.objects.get(run=run).after["status"] == CommentStatus.HIDDEN
    assert not target.decisions.filter(actor__isnull=True).exists()


def test_a_rescan_does_not_write_the_result_of_a_text_edited_while_the_engine_ran(
        st_helens, monkeypatch, django_capture_on_commit_callbacks):
    target = comment(account(), CLEAN, id="rescan-edit")
    run = RescanRun.objects.create(council=st_helens, since=timezone.now() - timedelta(hours=1), dry_run=False,
                                   total=1)
    real, edits = records.Checker.many, []

    def check_then_edit(self, comments):
        result = real(self, comments)
        if not edits:  # the author's edit arrives (and is checked) while the rescan's engine runs
            edits.extend(c.pk for c in comments)
            with django_capture_on_commit_callbacks(execute=True):
                deliver(target.account, [item(OFFENSIVE, id="rescan-edit")])
        return result

    monkeypatch.setattr(records.Checker, "many", check_then_edit)
    records.rescan_chunk(run_id=run.pk, ids=[target.pk])
    target.refresh_from_db()
    # The old text's clean result would have cleared the new, offensive text.
    assert target.status == CommentStatus.NEEDS_REVIEW and target.latest_check.trigger == "edit"
    assert not RescanChange.objects.filter(run=run).exists()
    run.refresh_from_db()
    assert run.finished is not None


def test_a_rescan_with_nothing_to_check_is_finished_at_once(st_helens, django_capture_on_commit_callbacks):
    run = _rescan(st_helens, True, django_capture_on_commit_callbacks)
    assert run.total == 0 and run.finished is not None


def test_an_export_gives_an_edited_comments_earlier_texts_redacted_when_asked(st_helens):
    acct = account()
    edited = comment(acct, PERSONAL, id="edited-1", author="Nosy Neighbour", author_id="fb-1")
    deliver(acct, [item(CLEAN, id="edited-1", author="Nosy Neighbour", author_id="fb-1")])
    qs = export_comments(actor=person("img"), council=st_helens, account=acct)
    plain = {r["platform_id"]: r for r in export_rows(qs)}[edited.platform_id]
    assert plain["text"] == CLEAN
    assert [e["text"] for e in plain["earlier_texts"]] == [PERSONAL]
    assert plain["earlier_texts"][0]["status_before"] == "needs_review"
    redacted = {r["platform_id"]: r for r in export_rows(qs, redact_third_parties=True)}[edited.platform_id]
    earlier = redacted["earlier_texts"][0]["text"]
    for secret in ("Joan Hughes", "07700 900123", "943 476 5919"):
        assert secret not in earlier
    assert earlier.startswith(f"My neighbour {REDACTED} on {REDACTED}")
    # A comment never edited has none.
    other = comment(acct, OFFENSIVE, id="never-edited")
    qs = export_comments(actor=person("img"), council=st_helens, account=acct)
    assert {r["platform_id"]: r for r in export_rows(qs)}[other.platform_id]["earlier_texts"] == []


def test_an_export_gives_every_version_newest_first_with_the_late_ones_marked(st_helens):
    acct = account()
    c = comment(acct, CLEAN, id="versions-1")
    edited = (c.created_at + timedelta(minutes=20)).isoformat()
    deliver(acct, [item(OFFENSIVE, id="versions-1", edited_at=edited)])
    deliver(acct, [item(PERSONAL, id="versions-1", edited_at=(c.created_at + timedelta(minutes=10)).isoformat())])
    qs = export_comments(actor=person("img"), council=st_helens, account=acct)
    [row] = [r for r in export_rows(qs) if r["platform_id"] == "versions-1"]
    assert row["text"] == OFFENSIVE and row["deleted_at"] == ""
    assert [(e["text"], e["stale"]) for e in row["earlier_texts"]] == [(PERSONAL, True), (CLEAN, False)]
    assert row["earlier_texts"][0]["note"] == STALE_NOTE
    assert row["earlier_texts"][0]["platform_time"] == (c.created_at + timedelta(minutes=10)).isoformat()
    # Redacted, a late version (never checked) is checked for its personal data when exported.
    redacted = [r for r in export_rows(qs, redact_third_parties=True) if r["platform_id"] == "versions-1"][0]
    assert "07700 900123" not in redacted["earlier_texts"][0]["text"]


def test_the_purge_takes_the_platforms_deletions_of_the_same_age(st_helens):
    days = pack_for("st-helens").facts.retention_days
    now = timezone.now()
    acct = account(platform="facebook")
    for pid, age in (("old", days + 1), ("recent", days - 1)):
        PlatformDeletion.objects.create(council=st_helens, account=acct, platform="facebook", platform_id=pid,
                                        deleted_at=now - timedelta(days=age), source="meta")
    purge(council=st_helens, now=now)
    assert list(PlatformDeletion.objects.values_list("platform_id", flat=True)) == ["recent"]
