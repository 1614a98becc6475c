"""`civicguard comments ...`, `civicguard worker` / `beat` and the sweep thread of `serve`."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.moderation.models import (
    Action,
    Comment,
    CommentCheck,
    CommentStatus,
    DeadLetter,
    ModerationDecision,
    PurgeLog,
    RescanRun,
)
from civicguard.apps.moderation.services.records import REDACTED, THIRD_PARTY
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.apps.social_accounts.services import account_add
from civicguard.cli.main import cli

# Transactional: the checks are queued after commit (in-process here), as in the real command.
pytestmark = pytest.mark.django_db(transaction=True)

FIXTURES = Path(__file__).resolve().parents[1] / "apps" / "moderation" / "fixtures"
# The accounts the fixtures use (fixtures/README.md).
FIXTURE_ACCOUNTS = [
    ("sefton", "facebook", "SeftonCouncil", "104729384756"),
    ("sefton", "instagram", "seftoncouncil", "17841400000000001"),
    ("sefton", "mastodon", "seftoncouncil", "109000000000000001"),
    ("st-helens", "x", "StHelensCouncil", "1357924680"),
    ("st-helens", "youtube", "sthelenscouncil", "UCsthelens0000000000000a"),
]


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def fixture(name: str) -> str:
    return str(FIXTURES / name)


@pytest.fixture
def accounts() -> dict[tuple[str, str], SocialAccount]:
    from tests.apps.factories import council

    made = {}
    for slug, platform, handle, platform_id in FIXTURE_ACCOUNTS:
        made[(platform, handle.lower())] = account_add(council=council(slug), platform=platform, handle=handle,
                                                       platform_id=platform_id)
    return made


def imported(*args: str) -> dict[str, int]:
    result = run("comments", "import", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ---- import ----------------------------------------------------------------------------------------------

def test_the_sources_are_the_connectors():
    from civicguard.apps.moderation.connectors import SOURCES
    from civicguard.cli.comments import SOURCES as CLI_SOURCES

    assert set(CLI_SOURCES) == set(SOURCES)


@pytest.mark.parametrize(("name", "source", "extra", "created", "ignored", "letters"), [
    ("meta_page_feed.json", "meta", (), 5, 2, 1),  # one comment on a page nobody registered
    ("meta_instagram_comments.json", "meta", (), 5, 1, 0),
    ("x_replies.json", "x", (), 5, 0, 0),
    ("x_mentions.json", "x", (), 5, 0, 0),
    ("youtube_comment_threads.json", "youtube", (), 6, 0, 0),
    ("mastodon_statuses.json", "mastodon", (), 5, 0, 0),
    ("mastodon_notifications.json", "mastodon", (), 5, 3, 0),
    ("generic.json", "json", ("--platform", "youtube"), 5, 0, 0),
    ("generic.csv", "csv", (), 6, 0, 0),
])
def test_import_matches_each_comment_to_its_account(accounts, name, source, extra, created, ignored, letters):
    report = imported(fixture(name), "--source", source, *extra)
    assert (report["created"], report["ignored"], report["dead_letters"]) == (created, ignored, letters), report
    assert Comment.objects.count() == created
    # Checked in-process at once: nothing is left waiting.
    assert not Comment.objects.filter(status=CommentStatus.PENDING).exists()
    assert Comment.objects.filter(status=CommentStatus.NEEDS_REVIEW).exists()


@pytest.mark.parametrize(("name", "source", "handle", "platform", "count"), [
    ("x_replies.json", "x", "@StHelensCouncil", "x", 5),
    ("youtube_comment_threads.json", "youtube", "sthelenscouncil", "youtube", 6),
    ("mastodon_notifications.json", "mastodon", "seftoncouncil", "mastodon", 5),
    ("meta_instagram_comments.json", "meta", "seftoncouncil", "instagram", 5),  # Facebook has that handle too
    ("generic.csv", "csv", "SeftonCouncil", "facebook", 6),
])
def test_import_onto_one_account(accounts, name, source, handle, platform, count):
    result = run("comments", "import", fixture(name), "--source", source, "--account", handle, "--platform", platform)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{count} comments imported, 0 duplicates")
    account = SocialAccount.objects.get(platform=platform, handle__iexact=handle.lstrip("@"))
    assert set(Comment.objects.values_list("account", flat=True)) == {account.pk}


def test_a_second_import_of_the_same_file_is_a_no_op(accounts):
    first = imported(fixture("x_replies.json"), "--source", "x")
    again = run("comments", "import", fixture("x_replies.json"), "--source", "x")
    assert first["created"] == 5 and again.exit_code == 0
    assert again.stdout == "0 comments imported, 5 duplicates, 0 edited, 0 ignored, 0 dead letters\n"
    assert Comment.objects.count() == 5 and CommentCheck.objects.count() == 5


def test_an_import_with_a_changed_text_is_an_edit_checked_again(accounts, tmp_path):
    rows = [{"id": "cli-e1", "text": "Thanks for the new benches in Sherdley Park.", "created_at": "2025-03-14T09:00Z"}]
    path = tmp_path / "comments.json"
    path.write_text(json.dumps(rows))
    options = ("--source", "json", "--account", "@StHelensCouncil", "--platform", "x")
    assert imported(str(path), *options)["created"] == 1
    rows[0]["text"] = "You lot are f*cking useless."
    path.write_text(json.dumps(rows))
    again = run("comments", "import", str(path), *options)
    assert again.stdout == "0 comments imported, 0 duplicates, 1 edited, 0 ignored, 0 dead letters\n"
    comment = Comment.objects.get(platform_id="cli-e1")
    assert comment.status == CommentStatus.NEEDS_REVIEW and comment.revisions.get().text.startswith("Thanks")


def test_import_from_standard_input(accounts):
    body = (FIXTURES / "generic.csv").read_bytes()
    report = json.loads(run("comments", "import", "-", "--source", "csv", "--json", input=body).stdout)
    assert report["created"] == 6


def test_an_unknown_account_is_a_dead_letter_that_can_be_retaken(accounts):
    result = run("comments", "import", fixture("meta_page_feed.json"), "--source", "meta")
    assert result.exit_code == 0
    assert "1 dead letter (see `civicguard comments dead-letters`)" in result.stdout
    assert "dead letter: unknown account: no registered facebook account with id 100200300400500" in result.stdout
    letter = DeadLetter.objects.get()
    assert letter.council is None and letter.comment is not None

    listed = run("comments", "dead-letters")
    assert listed.exit_code == 0 and listed.stdout.startswith(f"{letter.pk}\t")
    assert "\t-\tmeta\tunknown account" in listed.stdout and "[retake]" in listed.stdout
    as_json = json.loads(run("comments", "dead-letters", "--json").stdout)
    assert [(r["id"], r["council"], r["retakeable"]) for r in as_json] == [(letter.pk, "", True)]
    assert run("comments", "dead-letters", "--council", "sefton").stdout == "no dead letters waiting\n"

    shown = run("comments", "dead-letters", "show", str(letter.pk))
    assert shown.exit_code == 0 and "reason: unknown account" in shown.stdout
    assert json.loads(letter.body) == json.loads(shown.stdout.split("body:\n", 1)[1])

    still = run("comments", "dead-letters", "retake", str(letter.pk))
    assert still.exit_code == 1 and "still not registered" in still.stderr

    from tests.apps.factories import council

    account_add(council=council("sefton"), platform="facebook", handle="SeftonLibraries",
                platform_id="100200300400500")
    taken = run("comments", "dead-letters", "retake", str(letter.pk))
    assert taken.exit_code == 0, taken.output
    assert "taken: comment" in taken.stdout and "SeftonLibraries" in taken.stdout
    comment = Comment.objects.get(account__handle="SeftonLibraries")
    assert comment.status != CommentStatus.PENDING
    letter.refresh_from_db()
    assert letter.resolved is not None
    assert run("comments", "dead-letters").stdout == "no dead letters waiting\n"
    assert str(letter.pk) in run("comments", "dead-letters", "--all").stdout
    again = run("comments", "dead-letters", "retake", str(letter.pk))
    assert again.exit_code == 2 and "only an unresolved dead letter" in again.stderr


def test_an_unknown_dead_letter_exits_2():
    result = run("comments", "dead-letters", "show", "999")
    assert result.exit_code == 2 and "There is no dead letter 999" in result.stderr


def test_a_file_that_cannot_be_read_exits_2(tmp_path):
    result = run("comments", "import", str(tmp_path / "missing.json"), "--source", "json")
    assert result.exit_code == 2 and "Cannot read" in result.stderr and "missing.json" in result.stderr


def test_a_payload_that_cannot_be_read_exits_2_and_is_kept(tmp_path, accounts):
    bad = tmp_path / "bad.json"
    bad.write_text('{"comments": [', encoding="utf-8")
    result = run("comments", "import", str(bad), "--source", "json")
    assert result.exit_code == 2 and "not valid JSON" in result.stderr
    assert DeadLetter.objects.get().body == '{"comments": ['


@pytest.mark.parametrize(("args", "says"), [
    (("--source", "x", "--account", "@NoSuchAccount"), "There is no registered account '@NoSuchAccount'"),
    (("--source", "csv", "--account", "seftoncouncil"), "names several accounts"),
    (("--source", "rss"), "Invalid value for '--source'"),
])
def test_bad_import_options_exit_2(accounts, args, says):
    result = run("comments", "import", fixture("generic.csv"), *args)
    assert result.exit_code == 2 and says in result.stderr


# ---- rescan ----------------------------------------------------------------------------------------------

def _pretend_checked_clean(comment: Comment) -> None:
    """As if an older pack had found nothing in it: its stored check and summary say so."""
    check = comment.latest_check
    check.result = {**check.result, "verdict": "pass", "findings": []}
    check.verdict = "pass"
    check.save()
    Comment.objects.filter(pk=comment.pk).update(verdict="pass", severity=0, categories="",
                                                 status=CommentStatus.CLEAR)


def _flagged(text: str) -> Comment:
    return Comment.objects.get(text__contains=text)


@pytest.fixture
def checked(accounts):
    imported(fixture("x_replies.json"), "--source", "x")
    return Comment.objects.filter(status=CommentStatus.NEEDS_REVIEW).order_by("pk").first()


def test_rescan_dry_run_reports_newly_flagged_and_applies_nothing(checked):
    _pretend_checked_clean(checked)
    before = CommentCheck.objects.count()
    result = run("comments", "rescan", "--since", timezone.localdate().isoformat(), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "(dry run): 5 of 5 comments re-checked" in result.stdout
    assert "  newly flagged: 1\n  no longer flagged: 0\n  findings changed: 0" in result.stdout
    assert f"#{checked.pk} x StHelensCouncil \"{' '.join(checked.text[:60].split())}\": nothing -> " in result.stdout
    assert "Dry run: nothing was applied" in result.stdout
    checked.refresh_from_db()
    assert checked.status == CommentStatus.CLEAR and CommentCheck.objects.count() == before
    assert RescanRun.objects.get().dry_run is True


def test_rescan_json(checked):
    _pretend_checked_clean(checked)
    report = json.loads(run("comments", "rescan", "--since", "2000-01-01", "--dry-run", "--json").stdout)
    assert report["finished"] and report["total"] == 5 and report["counts"]["newly_flagged"] == 1
    assert report["examples"]["newly_flagged"][0]["comment"] == checked.pk


def test_rescan_applies_the_new_checks(checked):
    _pretend_checked_clean(checked)
    # And one the older pack flagged that the current one does not.
    clean = _flagged("Town Hall lit up")
    assert clean.status == CommentStatus.CLEAR
    check = clean.latest_check
    check.result = {**check.result, "findings": [{"category": "offensive", "severity": "block"}]}
    check.save()
    Comment.objects.filter(pk=clean.pk).update(categories=",offensive,", status=CommentStatus.NEEDS_REVIEW)
    result = run("comments", "rescan", "--since", timezone.localdate().isoformat(), "--council", "st-helens")
    assert result.exit_code == 0, result.output
    assert "  newly flagged: 1\n  no longer flagged: 1\n" in result.stdout and "Dry run" not in result.stdout
    assert f"#{clean.pk} x StHelensCouncil" in result.stdout and "offensive -> nothing" in result.stdout
    checked.refresh_from_db()
    clean.refresh_from_db()
    assert checked.status == CommentStatus.NEEDS_REVIEW and checked.latest_check.trigger == "rescan"
    assert clean.status == CommentStatus.CLEAR and clean.categories == ""
    assert ModerationDecision.objects.filter(comment=checked, action=Action.REOPEN, actor=None).exists()
    assert ModerationDecision.objects.filter(comment=clean, action=Action.CLEAR, actor=None).exists()
    assert CommentCheck.objects.filter(trigger="rescan").count() == 5
    entry = AuditEntry.objects.get(event="moderation.comments.rescan")
    assert entry.after["dry_run"] is False and entry.after["newly_flagged"] == 1


def test_rescan_of_another_council_or_the_future_finds_nothing(checked):
    _pretend_checked_clean(checked)
    result = run("comments", "rescan", "--since", "2000-01-01T00:00:00Z", "--council", "sefton")
    assert result.exit_code == 0 and "0 of 0 comments re-checked" in result.stdout
    later = run("comments", "rescan", "--since", (timezone.now() + timedelta(days=1)).isoformat())
    assert later.exit_code == 0 and "0 of 0 comments" in later.stdout


@pytest.mark.parametrize(("args", "says"), [
    (("--since", "last week"), "--since must be a date"),
    (("--since", "2025-01-01", "--council", "atlantis"), "There is no council 'atlantis'"),
    ((), "Missing option '--since'"),
])
def test_rescan_bad_input_exits_2(args, says):
    result = run("comments", "rescan", *args)
    assert result.exit_code == 2 and says in result.stderr


# ---- purge and sweep -------------------------------------------------------------------------------------

def test_purge_removes_comments_past_retention_and_logs_it(accounts):
    imported(fixture("x_replies.json"), "--source", "x")
    imported(fixture("generic.csv"), "--source", "csv")
    old = list(Comment.objects.filter(council__slug="st-helens").order_by("pk")[:2])
    Comment.objects.filter(pk__in=[c.pk for c in old]).update(created_at=timezone.now() - timedelta(days=3000))
    Comment.objects.filter(council__slug="sefton").update(created_at=timezone.now() - timedelta(days=3000))
    sefton = Comment.objects.filter(council__slug="sefton").count()

    dry = run("comments", "purge", "--council", "st-helens", "--dry-run")
    assert dry.exit_code == 0 and "st-helens: retention 730 days, cutoff " in dry.stdout
    assert "would remove 2 comments (dry run: nothing removed)" in dry.stdout
    assert Comment.objects.filter(pk=old[0].pk).exists() and not PurgeLog.objects.exists()

    done = run("comments", "purge", "--council", "st-helens")
    assert done.exit_code == 0 and "removed 2 comments" in done.stdout, done.output
    log = PurgeLog.objects.get()
    assert log.removed == 2 and sorted(log.platform_ids) == sorted(f"x:{c.platform_id}" for c in old)
    assert not Comment.objects.filter(pk__in=[c.pk for c in old]).exists()
    assert Comment.objects.filter(council__slug="sefton").count() == sefton
    entry = AuditEntry.objects.get(event="moderation.comments.purge")
    assert entry.council == "st-helens" and entry.after["removed"] == 2 and entry.actor == ""

    everywhere = run("comments", "purge")
    assert "sefton: retention" in everywhere.stdout and f"removed {sefton} comments" in everywhere.stdout
    assert "st-helens: retention 730 days" in everywhere.stdout and "removed 0 comments" in everywhere.stdout


def test_sweep_checks_a_comment_whose_task_was_lost(accounts):
    imported(fixture("x_replies.json"), "--source", "x")
    lost = Comment.objects.order_by("pk").first()
    Comment.objects.filter(pk=lost.pk).update(status=CommentStatus.PENDING, latest_check=None,
                                              received=timezone.now() - timedelta(minutes=5),
                                              updated=timezone.now() - timedelta(minutes=5))
    result = run("comments", "sweep")
    assert result.exit_code == 0
    assert result.stdout == "queued again: 1 comment never checked, 0 hand-offs due a delivery\n"
    lost.refresh_from_db()
    assert lost.status != CommentStatus.PENDING and lost.checks.filter(trigger="retry").exists()
    assert run("comments", "sweep").stdout.startswith("queued again: 0 comments")


def test_sweep_exits_1_when_the_broker_will_not_take_the_comments(accounts, monkeypatch):
    from civicguard.apps.moderation import tasks

    imported(fixture("x_replies.json"), "--source", "x")
    Comment.objects.update(status=CommentStatus.PENDING, latest_check=None)
    waiting = Comment.objects.count()
    monkeypatch.setattr(tasks.scan_comments, "delay", lambda *args: (_ for _ in ()).throw(ConnectionError("down")))
    result = run("comments", "sweep", "--older-than", "0")
    assert result.exit_code == 1 and result.stdout.startswith("queued again: 0 comments")
    assert f"{waiting} comments could not be queued: the broker did not take them" in result.stderr


# ---- export ----------------------------------------------------------------------------------------------

@pytest.fixture
def legal(accounts):
    from tests.apps.factories import person

    imported(fixture("generic.json"), "--source", "json", "--platform", "youtube")
    return person("legal", "st-helens", username="sth-legal-cli")


def test_export_redacts_personal_data_and_other_authors(legal, tmp_path):
    out = tmp_path / "comments.json"
    result = run("comments", "export", "--council", "st-helens", "--as", "sth-legal-cli", "--format", "json",
                 "--redact", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and f"exported 3 comments of st-helens to {out} (redacted)" in result.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert len(rows) == 3 and {r["author_name"] for r in rows} == {THIRD_PARTY}
    personal = next(r for r in rows if r["platform_id"] == "gen-003")
    assert "Kelly Shaw" not in personal["text"] and "07700 900987" not in personal["text"]
    assert REDACTED in personal["text"]
    entry = AuditEntry.objects.get(event="moderation.comments.export")
    assert entry.actor == "sth-legal-cli" and entry.after["redacted"] is True and entry.after["count"] == 3


def test_export_keeps_the_data_subjects_own_comments_attributed(legal):
    Comment.objects.filter(platform_id="gen-004").update(author_id="subject-1")
    result = run("comments", "export", "--council", "st-helens", "--as", "sth-legal-cli", "--redact",
                 "--subject", "subject-1", "--account", "sthelenscouncil", "--platform", "youtube",
                 "--from", "2025-03-16", "--to", "2025-03-16")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["platform_id"], r["author_name"]) for r in rows] == [("gen-004", "Rainford Residents"),
                                                                     ("5", THIRD_PARTY)]


def test_export_without_redaction_is_as_stored(legal):
    result = run("comments", "export", "--council", "st-helens", "--as", "sth-legal-cli")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.exit_code == 0 and len(rows) == 3
    assert any("Kelly Shaw" in r["text"] for r in rows)


@pytest.mark.parametrize(("args", "says"), [
    (("--council", "st-helens"), "Missing option '--as'"),
    (("--council", "st-helens", "--as", "nobody"), "There is no user called 'nobody'"),
    (("--council", "st-helens", "--as", "sth-moderator-cli"), "needs the legal or img role"),
    (("--council", "sefton", "--as", "sth-legal-cli"), "needs the legal or img role"),
    (("--council", "st-helens", "--as", "sth-legal-cli", "--account", "SeftonCouncil"),
     "There is no registered account"),
    (("--council", "st-helens", "--as", "sth-legal-cli", "--from", "2025-03-17", "--to", "2025-03-16"),
     "the end date is before the start date"),
])
def test_export_bad_input_exits_2(legal, args, says):
    from tests.apps.factories import person

    person("moderator", "st-helens", username="sth-moderator-cli")
    result = run("comments", "export", *args)
    assert result.exit_code == 2 and says in result.stderr
    assert not AuditEntry.objects.filter(event="moderation.comments.export").exists()


# ---- worker, beat and the serve sweeper ------------------------------------------------------------------

@pytest.mark.parametrize("command", ["worker", "beat"])
def test_worker_and_beat_refuse_without_a_broker(settings, command):
    settings.CELERY_BROKER_URL = "memory://"
    result = run(command)
    assert result.exit_code == 2 and "No CELERY_BROKER_URL is set" in result.stderr


def test_worker_runs_celery_on_the_default_queue(settings, monkeypatch):
    from civicguard.config.celery import app

    settings.CELERY_BROKER_URL = "redis://localhost:6379/0"
    seen = {}
    monkeypatch.setattr(app, "worker_main", lambda argv: seen.setdefault("argv", argv))
    monkeypatch.setattr(app, "start", lambda argv: seen.setdefault("beat", argv))
    assert run("worker", "--concurrency", "3").exit_code == 0
    assert seen["argv"] == ["worker", "-l", "info", "--concurrency", "3", "-Q", settings.CELERY_TASK_DEFAULT_QUEUE]
    assert run("beat").exit_code == 0 and seen["beat"][:3] == ["beat", "-l", "info"]


def test_the_serve_sweeper_runs_only_when_tasks_run_in_process(settings):
    from civicguard.cli.web import start_sweeper

    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert start_sweeper() is None
    settings.CELERY_TASK_ALWAYS_EAGER = True
    stop = start_sweeper(interval=3600)
    assert stop is not None
    stop.set()


def test_a_failing_sweep_is_logged_not_raised(monkeypatch, caplog):
    from civicguard.apps.moderation import tasks
    from civicguard.cli.web import sweep_once

    def broken():
        raise RuntimeError("database gone")

    monkeypatch.setattr(tasks, "run_sweep", broken)
    sweep_once()
    assert "the moderation sweep failed" in caplog.text


def test_a_worker_sweeps_once_ready_unless_told_not_to(settings, monkeypatch):
    import threading

    from celery.signals import worker_ready, worker_shutdown

    from civicguard.cli import web
    from civicguard.config.celery import app

    settings.CELERY_BROKER_URL = "redis://localhost:6379/0"
    swept = threading.Event()
    monkeypatch.setattr(web, "sweep_once", swept.set)

    def worker_main(argv):  # the worker starts, runs a moment and stops
        worker_ready.send(sender=None)
        swept.wait(5)
        worker_shutdown.send(sender=None)

    monkeypatch.setattr(app, "worker_main", worker_main)
    result = run("worker", "--sweep-every", "0.1")
    assert result.exit_code == 0 and swept.is_set()
    assert "this worker sweeps every 0.1 s (comments waiting over 60 s are queued again)" in result.stderr
    swept.clear()
    result = run("worker", "--no-sweep")
    assert result.exit_code == 0 and not swept.is_set() and "sweeps" not in result.stderr


def test_the_scheduler_runs_a_job_when_due_and_outlives_a_failure(caplog):
    import threading

    from civicguard.cli.web import PeriodicJob, start_scheduler

    runs, twice = [], threading.Event()

    def flaky():
        runs.append(1)
        if len(runs) == 1:
            raise RuntimeError("database gone")
        twice.set()

    stop = start_scheduler([PeriodicJob("flaky", 0.01, flaky)])
    assert twice.wait(10)
    stop.set()
    assert "the periodic job flaky failed; it runs again at its next turn" in caplog.text


def test_the_site_runs_every_job_of_the_beat_schedule(settings, caplog):
    from celery.schedules import crontab

    from civicguard.cli.web import beat_jobs

    settings.CELERY_BEAT_SCHEDULE = {**settings.CELERY_BEAT_SCHEDULE,
                                     "nightly": {"task": "moderation.sweep", "schedule": crontab(hour=2, minute=0)},
                                     "typo": {"task": "moderation.swep", "schedule": 60.0}}
    jobs = {job.name: job for job in beat_jobs(sweep_seconds=5)}
    assert {"moderation-sweep", "nightly"} <= set(jobs) and "typo" not in jobs
    assert "names no task 'moderation.swep'" in caplog.text
    assert jobs["moderation-sweep"].schedule == 5 and 4 < jobs["moderation-sweep"].due_in() <= 5
    assert 0 < jobs["nightly"].due_in() <= 24 * 3600
    assert jobs["moderation-sweep"].run() == {"comments": 0, "handoffs": 0}
