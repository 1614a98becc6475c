"""`civicguard comments ...`: the operator's side of comment moderation, and `civicguard worker` / `beat`.

Every command only calls the moderation services; it runs as the system (no actor) except `export`, which is
audited under the person named by --as. Exit codes: 0 = done (an import with dead letters is still done),
1 = the work could not finish (a rescan still running at --timeout, a dead letter whose account is still
unknown), 2 = bad input or a database that cannot be read (a clear message on stderr).
"""

from __future__ import annotations

import contextlib
import functools
import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any

import click

from civicguard.cli.errors import EXIT_FAILED, handle_errors
from civicguard.cli.exports import Counted, write_export
from civicguard.errors import BadInput, CivicGuardError

# The connectors' sources (civicguard.apps.moderation.connectors.SOURCES; a test keeps the two equal).
SOURCES = ("x", "youtube", "mastodon", "json", "csv", "meta")
# Platforms a source's comments can be on, to tell apart accounts sharing a handle.
SOURCE_PLATFORMS = {"x": ("x",), "youtube": ("youtube",), "mastodon": ("mastodon",),
                    "meta": ("facebook", "instagram")}
EXAMPLES = 20  # example lines per kind of rescan change
POLL_SECONDS = 0.5


@contextlib.contextmanager
def _database() -> Iterator[None]:
    """Start Django with an up-to-date schema; a database that cannot be opened or read is a clear error."""
    from civicguard.cli.web import open_database

    try:
        open_database()
    except CivicGuardError:
        raise
    except Exception as exc:  # settings that will not load, a database that cannot be opened
        raise CivicGuardError(f"CivicGuard could not start: {exc}") from None
    from django.db import Error as DatabaseError

    try:
        yield
    except DatabaseError as exc:
        raise CivicGuardError(f"the database could not be read ({exc.__class__.__name__}: {exc}); "
                              "check DATABASE_URL or CIVICGUARD_HOME") from None


def _council(slug: str) -> Any:
    from civicguard.apps.councils.services import council_for_pack

    return council_for_pack(slug)


def _account(handle: str, *, council: Any = None, platforms: Iterable[str] = ()) -> Any:
    """The registered account with this handle (with or without its @), narrowed by council and platform."""
    from django.db.models import Q

    from civicguard.apps.social_accounts.models import SocialAccount

    bare = handle.strip().lstrip("@")
    if not bare:
        raise BadInput("Give the account's handle after --account")
    rows = SocialAccount.objects.select_related("council").filter(
        Q(handle__iexact=bare) | Q(handle__iexact=f"@{bare}"))
    if council is not None:
        rows = rows.filter(council=council)
    found = list(rows)
    platforms = tuple(platforms)
    if len(found) > 1 and platforms:
        found = [a for a in found if a.platform in platforms] or found
    if not found:
        where = f" in {council.slug}" if council is not None else ""
        raise BadInput(f"There is no registered account {handle!r}{where}: see `civicguard accounts list`")
    if len(found) > 1:
        which = ", ".join(f"{a.platform} {a.handle} ({a.council.slug})" for a in found)
        raise BadInput(f"{handle!r} names several accounts ({which}): say which with --platform")
    return found[0]


def _when(value: str, option: str) -> datetime:
    """YYYY-MM-DD (the start of that day) or an ISO date and time, in the site's time zone when none is given."""
    from django.utils import timezone

    text = value.strip()
    try:
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), datetime.min.time())
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise BadInput(f"{option} must be a date (YYYY-MM-DD) or an ISO date and time, not {value!r}") from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    return moment


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


@click.group("comments")
def comments() -> None:
    """Comment moderation: import, rescan, purge, sweep, dead letters, export."""


# ---- import ----------------------------------------------------------------------------------------------

def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise BadInput(f"Cannot read {path}: {exc.strerror or exc}") from None


@comments.command("import")
@click.argument("file", metavar="FILE")
@click.option("--source", required=True, type=click.Choice(SOURCES),
              help="The file's shape: a platform's API response (x, youtube, mastodon, meta) or json / csv.")
@click.option("--account", "handle", default=None, metavar="HANDLE",
              help="Put every comment on this registered account (else each is matched by platform id or handle).")
@click.option("--platform", default="", metavar="P",
              help="For json and csv: the platform of rows that name none (facebook, x, youtube...).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@handle_errors
def import_command(file: str, source: str, handle: str | None, platform: str, as_json: bool) -> None:
    """Import the comments in FILE ('-' for standard input), each once; checks follow in the background.

    A comment imported before whose text has changed is an edit: its earlier text is kept and it is checked again.

    Comments that cannot be taken (an unknown account, an unreadable item) are kept as dead letters: see
    `civicguard comments dead-letters`. A file that cannot be read at all exits 2."""
    body = _read(file)
    with _database():
        from civicguard.apps.moderation.services import ingest

        platform = platform.strip().lower()
        account = None
        if handle:
            account = _account(handle, platforms=(platform,) if platform else SOURCE_PLATFORMS.get(source, ()))
        report = ingest.ingest(source=source, body=body, account=account, platform=platform)
    data = report.to_dict()
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    letters = data["dead_letters"]
    click.echo(f"{_plural(data['created'], 'comment')} imported, {_plural(data['duplicates'], 'duplicate')}, "
               f"{data['edited']} edited, {data['ignored']} ignored, {_plural(letters, 'dead letter')}"
               + (" (see `civicguard comments dead-letters`)" if letters else ""))
    if data.get("stale"):  # docs/comment-versions.md
        click.echo(f"  {_plural(data['stale'], 'version')} older than the one held: kept in the history, "
                   f"nothing changed")
    for reason in data["reasons"]:
        click.echo(f"  dead letter: {reason}")
    if letters > len(data["reasons"]):
        click.echo(f"  ... and {letters - len(data['reasons'])} more")


# ---- rescan ----------------------------------------------------------------------------------------------

def _wait(run: Any, timeout: float) -> Any:
    from civicguard.apps.moderation.models import RescanRun

    deadline = time.monotonic() + timeout
    while run.finished is None and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        run = RescanRun.objects.get(pk=run.pk)
    return run


def _change(change: Any) -> dict[str, Any]:
    comment = change.comment
    return {"comment": comment.pk, "account": comment.account.handle, "platform": comment.platform,
            "text": comment.text[:60], "before": change.before.get("categories", []),
            "after": change.after.get("categories", []), "status": change.after.get("status", "")}


@comments.command("rescan")
@click.option("--since", required=True, metavar="DATE",
              help="Re-check comments received since this day (YYYY-MM-DD) or ISO date and time.")
@click.option("--council", "council_slug", default=None, metavar="SLUG", help="Only this council, e.g. st-helens.")
@click.option("--dry-run", is_flag=True, help="Only report what would change; apply nothing.")
@click.option("--timeout", default=600.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds to wait for the workers to finish.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@handle_errors
def rescan_command(since: str, council_slug: str | None, dry_run: bool, timeout: float, as_json: bool) -> None:
    """Check comments again with the current packs and report what changed (newly flagged, no longer
    flagged, findings changed). Without --dry-run the new checks are applied: a comment newly flagged goes
    back to the queue, one no longer flagged that was waiting is cleared."""
    with _database():
        from civicguard.apps.moderation.models import RescanChange
        from civicguard.apps.moderation.services import records

        moment = _when(since, "--since")
        council = _council(council_slug) if council_slug else None
        run = _wait(records.rescan_start(since=moment, dry_run=dry_run, council=council), timeout)
        counts = records.rescan_counts(run)
        examples: dict[str, list[dict[str, Any]]] = {}
        kinds: list[tuple[str, str]] = list(RescanChange.Kind.choices)
        for kind, _ in kinds:
            rows = (run.changes.filter(kind=kind).select_related("comment__account").order_by("comment_id")
                    [:EXAMPLES])
            examples[kind] = [_change(c) for c in rows]
    finished = run.finished is not None
    if as_json:
        click.echo(json.dumps({"run": run.pk, "council": council_slug or "", "since": run.since.isoformat(),
                               "dry_run": run.dry_run, "total": run.total, "done": min(run.done, run.total),
                               "finished": finished, "counts": counts, "examples": examples}, indent=2))
    else:
        where = council_slug or "all councils"
        click.echo(f"rescan {run.pk} of {where} since {run.since.isoformat()}"
                   f"{' (dry run)' if run.dry_run else ''}: {min(run.done, run.total)} of "
                   f"{_plural(run.total, 'comment')} re-checked")
        for kind, label in kinds:
            click.echo(f"  {label.lower()}: {counts[kind]}")
        for kind, label in kinds:
            if not examples[kind]:
                continue
            click.echo(f"\n{label}:")
            for ex in examples[kind]:
                before = ", ".join(ex["before"]) or "nothing"
                after = ", ".join(ex["after"]) or "nothing"
                text = " ".join(ex["text"].split())
                click.echo(f"  #{ex['comment']} {ex['platform']} {ex['account']} \"{text}\": {before} -> {after}")
            if counts[kind] > len(examples[kind]):
                click.echo(f"  ... and {counts[kind] - len(examples[kind])} more")
        if run.dry_run:
            click.echo("\nDry run: nothing was applied. Run again without --dry-run to apply these changes.")
    if not finished:
        click.echo(f"civicguard: rescan {run.pk} has not finished after {timeout:g} s "
                   f"({min(run.done, run.total)} of {run.total} done); the workers carry on with it", err=True)
        sys.exit(EXIT_FAILED)


# ---- purge and sweep -------------------------------------------------------------------------------------

@comments.command("purge")
@click.option("--council", "council_slug", default=None, metavar="SLUG", help="Only this council.")
@click.option("--dry-run", is_flag=True, help="Only count what would be removed.")
@handle_errors
def purge_command(council_slug: str | None, dry_run: bool) -> None:
    """Remove comments older than each council's retention period (its pack's retention_days) and log it."""
    with _database():
        from datetime import timedelta

        from django.utils import timezone

        from civicguard.apps.councils.models import Council
        from civicguard.apps.moderation.services import records
        from civicguard.engine import pack_for

        councils = [_council(council_slug)] if council_slug else list(Council.objects.order_by("slug"))
        now = timezone.now()
        for council in councils:
            result = records.purge(council=council, now=now, dry_run=dry_run)
            if isinstance(result, int):
                facts = pack_for(council.slug).facts
                days = facts.retention_days if facts is not None else 730
                cutoff = now - timedelta(days=days)
                click.echo(f"{council.slug}: retention {days} days, cutoff {cutoff.isoformat(timespec='seconds')}: "
                           f"would remove {_plural(result, 'comment')} (dry run: nothing removed)")
            else:
                click.echo(f"{council.slug}: retention {result.retention_days} days, cutoff "
                           f"{result.cutoff.isoformat(timespec='seconds')}: removed "
                           f"{_plural(result.removed, 'comment')} (purge log {result.pk})")
        if not councils:
            click.echo("no councils yet: nothing to purge")


@comments.command("sweep")
@click.option("--older-than", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="Queue again comments waiting longer than this since they were queued; default: "
                   "CIVICGUARD_SWEEP_PENDING_SECONDS (60). 0 takes every waiting comment.")
@handle_errors
def sweep_command(older_than: float | None) -> None:
    """Queue again what a lost task left behind: every comment waiting for its check (in one pass), hand-off
    deliveries due a retry. The workers do this by themselves on a schedule; this runs one sweep now.

    Exits 1 when another sweep is running or the broker would not take every comment."""
    with _database():
        from civicguard.apps.moderation.tasks import sweep_run

        done = sweep_run(older_than_seconds=older_than)
    if done.skipped:
        click.echo(f"civicguard: no sweep now (the sweep lock: {done.skipped}); try again in a minute",
                   err=True)
        sys.exit(EXIT_FAILED)
    click.echo(f"queued again: {_plural(done.comments, 'comment')} never checked, "
               f"{_plural(done.handoffs, 'hand-off')} due a delivery")
    if done.not_queued:
        click.echo(f"civicguard: {_plural(done.not_queued, 'comment')} could not be queued: the broker did not "
                   "take them (is it running?); the next sweep tries again", err=True)
        sys.exit(EXIT_FAILED)


# ---- dead letters ----------------------------------------------------------------------------------------

def _letter(letter_id: int) -> Any:
    from civicguard.apps.moderation.models import DeadLetter

    letter = DeadLetter.objects.select_related("council", "resolved_by").filter(pk=letter_id).first()
    if letter is None:
        raise BadInput(f"There is no dead letter {letter_id}: see `civicguard comments dead-letters`")
    return letter


def _letter_row(letter: Any) -> dict[str, Any]:
    return {"id": letter.pk, "received": letter.received.isoformat(),
            "council": letter.council.slug if letter.council_id else "", "source": letter.source,
            "reason": letter.reason, "key": letter.key, "retakeable": letter.comment is not None,
            "truncated": letter.truncated, "remote": letter.remote,
            "resolved": letter.resolved.isoformat() if letter.resolved else None,
            "resolved_by": letter.resolved_by.username if letter.resolved_by_id else "",
            "resolution": letter.resolution}


@comments.group("dead-letters", invoke_without_command=True)
@click.option("--council", "council_slug", default=None, metavar="SLUG",
              help="Only this council's (without it: every council's and those of no council).")
@click.option("--all", "show_all", is_flag=True, help="Include those already dealt with.")
@click.option("--json", "as_json", is_flag=True, help="Print them as JSON.")
@click.pass_context
@handle_errors
def dead_letters(ctx: click.Context, council_slug: str | None, show_all: bool, as_json: bool) -> None:
    """List what could not be taken, newest first (`show ID` prints one, `retake ID` takes its comment).

    This is the operator's view: it includes dead letters that belong to no council."""
    if ctx.invoked_subcommand is not None:
        return
    with _database():
        from civicguard.apps.moderation.models import DeadLetter

        rows = DeadLetter.objects.select_related("council", "resolved_by").order_by("-received", "-id")
        if council_slug:
            rows = rows.filter(council=_council(council_slug))
        if not show_all:
            rows = rows.filter(resolved__isnull=True)
        letters = [_letter_row(letter) for letter in rows]
    if as_json:
        click.echo(json.dumps(letters, indent=2))
        return
    if not letters:
        click.echo("no dead letters" + ("" if show_all else " waiting"))
        return
    for row in letters:
        state = f"  [dealt with: {row['resolution']}]" if row["resolved"] else (
            "  [retake]" if row["retakeable"] else "")
        reason = row["reason"] if len(row["reason"]) <= 100 else row["reason"][:99] + "…"
        click.echo(f"{row['id']}\t{row['received'][:19]}\t{row['council'] or '-'}\t{row['source']}\t{reason}{state}")


@dead_letters.command("show")
@click.argument("letter_id", metavar="ID", type=int)
@handle_errors
def dead_letter_show(letter_id: int) -> None:
    """Print one dead letter: why it was refused, then its body as received."""
    with _database():
        row = _letter_row(letter := _letter(letter_id))
        body = letter.body
    click.echo(f"dead letter {row['id']}: {row['source']}, received {row['received']}, "
               f"council {row['council'] or 'none'}{', from ' + row['remote'] if row['remote'] else ''}")
    click.echo(f"reason: {row['reason']}")
    if row["resolved"]:
        click.echo(f"dealt with {row['resolved']} by {row['resolved_by'] or 'the system'}: {row['resolution']}")
    elif row["retakeable"]:
        click.echo(f"once its account is registered: civicguard comments dead-letters retake {row['id']}")
    click.echo(f"body{' (cut at the size limit)' if row['truncated'] else ''}:")
    click.echo(body)


@dead_letters.command("retake")
@click.argument("letter_id", metavar="ID", type=int)
@handle_errors
def dead_letter_retake(letter_id: int) -> None:
    """Take the comment of a dead letter whose account was unknown, now that the account is registered."""
    with _database():
        from civicguard.apps.moderation.services import ingest

        letter = _letter(letter_id)
        comment = ingest.dead_letter_retake(letter=letter, actor=None)
        if comment is not None:
            account, status = comment.account.handle, comment.get_status_display()
    if comment is None:
        click.echo(f"civicguard: dead letter {letter_id}: its account is still not registered ({letter.reason}); "
                   "register it with `civicguard accounts add` and try again", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(f"dead letter {letter_id} taken: comment {comment.pk} on {comment.platform} account {account} "
               f"({status.lower()})")


# ---- export ----------------------------------------------------------------------------------------------

@comments.command("export")
@click.option("--council", "council_slug", required=True, metavar="SLUG", help="The council, e.g. sefton.")
@click.option("--as", "username", required=True, metavar="USERNAME",
              help="Who asks: a person holding legal or img in that council (the export is audited as theirs).")
@click.option("--account", "handle", default=None, metavar="HANDLE", help="Only this account's comments.")
@click.option("--platform", default="", metavar="P", help="The account's platform, when its handle is on several.")
@click.option("--from", "start", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="DATE",
              help="Only comments made on or after this day (YYYY-MM-DD).")
@click.option("--to", "end", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="DATE",
              help="Only comments made on or before this day (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--redact", is_flag=True, help="Replace third parties' personal data and other authors' names.")
@click.option("--subject", "subject", default="", metavar="AUTHOR_ID",
              help="With --redact: the data subject's author id, whose own comments stay attributed.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write to FILE instead of standard output.")
@handle_errors
def export_command(council_slug: str, username: str, handle: str | None, platform: str, start: datetime | None,
                   end: datetime | None, fmt: str, redact: bool, subject: str, output: str | None) -> None:
    """Export a council's comments with their checks, decisions and hand-offs (FOI, subject access)."""
    with _database():
        from django.contrib.auth import get_user_model

        from civicguard.apps.access.checks import can
        from civicguard.apps.moderation.services import records
        from civicguard.common.exports import csv_stream, json_stream

        council = _council(council_slug)
        actor = get_user_model().objects.filter(username=username).first()
        if actor is None:
            raise BadInput(f"There is no user called {username!r}: see `civicguard users list`")
        if not can(actor, "comments.export", council):
            raise BadInput(f"{username} may not export {council_slug}'s comments: that needs the legal or img "
                           "role in that council")
        platforms = (platform.strip().lower(),) if platform.strip() else ()
        account = _account(handle, council=council, platforms=platforms) if handle else None
        qs = records.export_comments(actor=actor, council=council, account=account,
                                     start=start.date() if start else None, end=end.date() if end else None,
                                     redact_third_parties=redact, subject_author_id=subject.strip(), fmt=fmt)
        rows = Counted(records.export_rows(qs, redact_third_parties=redact, subject_author_id=subject.strip()))
        render = functools.partial(csv_stream, fieldnames=records.EXPORT_FIELDS) if fmt == "csv" else json_stream
        if not write_export(rows, render, output):
            return
    click.echo(f"exported {_plural(rows.count, 'comment')} of {council_slug} to {output}"
               f"{' (redacted)' if redact else ''}", err=True)


# ---- worker and beat -------------------------------------------------------------------------------------

def _celery_app() -> Any:
    """The Celery application, refusing when no broker is configured (tasks then run in-process)."""
    from civicguard.cli.web import setup_django

    setup_django()
    from django.conf import settings

    broker = str(getattr(settings, "CELERY_BROKER_URL", "") or "")
    if not broker or broker.startswith("memory://"):
        raise BadInput("No CELERY_BROKER_URL is set: without a broker every task runs in-process (the embedded "
                       "default), so no worker or beat is needed. Set CELERY_BROKER_URL (e.g. redis://localhost:6379/0)"
                       " to run tasks in workers.")
    from civicguard.config.celery import app

    return app


@click.command("worker")
@click.option("--concurrency", default=2, show_default=True, type=click.IntRange(1, 64),
              help="How many tasks at once.")
@click.option("--queues", "-Q", default=None, metavar="Q",
              help="Queues to take tasks from (comma separated); default: CELERY_TASK_DEFAULT_QUEUE.")
@click.option("--loglevel", "-l", default="info", show_default=True,
              type=click.Choice(["debug", "info", "warning", "error"]))
@click.option("--no-sweep", is_flag=True,
              help="Do not run the sweep in this worker (another worker or `civicguard beat` runs it).")
@click.option("--sweep-every", type=click.FloatRange(min=0, min_open=True), default=None, metavar="SECONDS",
              help="Seconds between sweeps; default: CIVICGUARD_SWEEP_SECONDS (30).")
@handle_errors
def worker_command(concurrency: int, queues: str | None, loglevel: str, no_sweep: bool,
                   sweep_every: float | None) -> None:
    """Run a Celery worker for the background tasks (checks, hand-off deliveries, rescans).

    The worker also runs the sweep on a schedule: every comment waiting for its check longer than
    CIVICGUARD_SWEEP_PENDING_SECONDS (its task lost, say with the broker restarted) is queued again, and every
    hand-off delivery due a retry. One sweep runs at a time per installation, whatever the number of workers."""
    app = _celery_app()
    from django.conf import settings

    queue = queues or settings.CELERY_TASK_DEFAULT_QUEUE
    stop_sweeping = None
    if not no_sweep:
        every = sweep_every or settings.CIVICGUARD_SWEEP_SECONDS
        stop_sweeping = _sweep_while_running(every)
        click.echo(f"civicguard: this worker sweeps every {every:g} s (comments waiting over "
                   f"{settings.CIVICGUARD_SWEEP_PENDING_SECONDS:g} s are queued again); --no-sweep turns it off",
                   err=True)
    try:
        app.worker_main(["worker", "-l", loglevel, "--concurrency", str(concurrency), "-Q", queue])
    finally:
        if stop_sweeping is not None:
            stop_sweeping()


def _sweep_while_running(every: float) -> Callable[..., None]:
    """Start the sweep's thread once the worker is ready (its pool's processes already forked, so none inherits
    the thread) and stop it when the worker shuts down. Returns the function that stops it."""
    from celery.signals import worker_ready, worker_shutdown

    from civicguard.cli.web import PeriodicJob, start_scheduler, sweep_once

    stopping: list[Any] = []

    def start(**_: Any) -> None:
        stopping.append(start_scheduler([PeriodicJob("moderation-sweep", every, sweep_once)],
                                        name="civicguard-sweep"))

    def stop(**_: Any) -> None:
        for event in stopping:
            event.set()
        worker_ready.disconnect(start)
        worker_shutdown.disconnect(stop)

    worker_ready.connect(start, weak=False)
    worker_shutdown.connect(stop, weak=False)
    return stop


@click.command("beat")
@click.option("--loglevel", "-l", default="info", show_default=True,
              type=click.Choice(["debug", "info", "warning", "error"]))
@handle_errors
def beat_command(loglevel: str) -> None:
    """Run Celery beat: queues the periodic jobs of CELERY_BEAT_SCHEDULE to the workers (the audit trail's daily
    checkpoint; the sweep too, though every worker also sweeps by itself). Run exactly one beat per installation."""
    app = _celery_app()
    from django.conf import settings

    schedule = str(settings.HOME / "celerybeat-schedule")
    app.start(["beat", "-l", loglevel, "-s", schedule])
