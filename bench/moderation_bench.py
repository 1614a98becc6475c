"""Moderation benchmark: comments taken in, checked and queued on PostgreSQL and Redis, and the queue page.

    .venv/bin/python bench/moderation_bench.py [--comments 5000] [--queue-size 100000] [--requests 300] \
        [--pg postgres://postgres@127.0.0.1:5432/civicguard_bench] [--redis redis://127.0.0.1:6379/14] \
        [--output-dir bench/results]

The issue's requirements: "end-to-end ingestion, scan and queue on PostgreSQL and Redis with 1 and 2 workers
(comments per second), and the queue page's p95 with 100,000 comments stored"; targets: at least 200 comments/s
through scanning with 2 workers on the 2-core machine, and the queue page's p95 under 300 ms with 100,000
comments stored.

One run, all real processes:

1. Drops and creates the PostgreSQL database named in --pg (its name must contain "bench"), migrates it, syncs
   both councils from their packs and registers four accounts per council (Facebook, Instagram, X, YouTube), in
   a child process; creates a moderator per council with `civicguard users create` and issues each an API token
   with `civicguard users token`. Starts `civicguard serve` (waitress, 8 threads) on a spare port with
   CELERY_BROKER_URL set, so the site queues `scan_comments` on Redis (in chunks of 100 comments) instead of
   checking in-process. Tasks go to a queue of the run's own (civicguard-bench-<uuid>).
2. Throughput, for 1 and then 2 workers (--workers): starts that many `celery -A civicguard.config worker
   --pool solo --concurrency 1` processes, waits until each is ready and has checked comments (a warm-up import,
   so the language models are loaded), then times: POST /api/v1/comments/import?source=json&council=... (the
   council's moderator's bearer token) in batches of --batch comments (each naming its account), one request
   after another, until all --comments comments are sent (ingestion: the HTTP requests), and until no comment
   is pending any more (end to end, polled in the database every 0.1 s); comments/s = comments / seconds. Every
   comment must then hold exactly one check. The same texts for both rows, with fresh platform ids. Reference
   row: `civicguard.engine.check` on the same texts as channel `comment`, one at a time, in one fresh process.
3. Queue page: empties the comment tables and bulk-inserts --queue-size comments (70% Sefton, 30% St Helens,
   over 60 days, across the accounts) with one CommentCheck each and the denormalised columns set from it:
   15% in the queue statuses (needs review, escalated, removal pending), about 10% already decided (approved,
   hidden, removed, routed), the rest clear. Texts and check results come from a pool of generated comments
   checked by the real engine, so findings and categories are the engine's. Then, signed in as the Sefton
   moderator through the real sign-in form (CSRF token, session cookie), GETs the queue page --requests times
   after --warmup warm-up requests per variant: the queue, ?category=, ?account= (the busiest account),
   ?severity=block and ?page=2; and GET /api/v1/comments?status=needs_review with the token. p50, p95, max.

The comments: a seeded generator (below; word pools from bench/posts.py) of resident comments on council
posts, 20 to 400 characters: about 80% clean (thanks, questions, praise) and the rest offensive or obfuscated
abuse, personal data (phone numbers, addresses, e-mail addresses, NHS numbers), complaints and service requests,
and press enquiries. The share the engine flags is reported.

Results: --output-dir/moderation.json and moderation.md (printed too). Exit status 0 when every target is met,
1 when one is missed, 2 when the run failed. Processes are stopped on exit (also on Ctrl+C); the database is
dropped at the end unless --keep; the run's Redis keys are removed.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

from engine_bench import civicguard_cli, machine, percentile
from posts import (
    BINS,
    DAYS,
    EMOJI,
    EVENTS,
    FIXES,
    INSULTS_ONE,
    INSULTS_PLURAL,
    INTENSIFIERS,
    OUTLETS,
    PRESS_TOPICS,
    PROBLEMS,
    SCHEMES,
    SERVICES,
    STREETS,
    TASKS,
    TEAMS,
    TIMES,
    _Maker,
)
from web_bench import Client, Server, free_port, pg_create, pg_drop, proc_cpu_s, redact, sign_in, start_server
from web_bench import stop_server as _stop_server

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = ROOT / "bench" / "results"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/civicguard_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"
DEFAULT_SEED = 20240611
THROUGHPUT_LIMIT = 200.0  # comments/s, end to end, with 2 workers
THROUGHPUT_WORKERS = 2
P95_LIMIT_MS = 300.0  # the queue page, every variant
QUEUE_TARGET = 100_000
SCAN_CHUNK = 50  # civicguard.apps.moderation.services.ingest.SCAN_CHUNK: comments per task
MIN_CHARS, MAX_CHARS = 20, 400
COUNCIL_SHARE = (("sefton", 0.7), ("st-helens", 0.3))
MEASURED_COUNCIL = "sefton"  # the queue page is read by this council's moderator (70% of the comments)
# Accounts registered per council: (platform, handle, platform id, share of the council's comments).
ACCOUNTS = {
    "sefton": (("facebook", "SeftonCouncil", "104729384756", 0.5), ("instagram", "seftoncouncil",
               "17841400000000001", 0.2), ("x", "SeftonCouncil", "2200000001", 0.2),
               ("youtube", "SeftonCouncilTV", "UCsefton00000000000000aa", 0.1)),
    "st-helens": (("facebook", "StHelensCouncil", "100200300400500", 0.5), ("instagram", "sthelenscouncil",
                  "17841400000000002", 0.2), ("x", "StHelensCouncil", "1357924680", 0.2),
                  ("youtube", "StHelensCouncilTV", "UCsthelens0000000000000a", 0.1)),
}
QUEUE_SHARE = 0.15
DECIDED_SHARE = 0.10
POLL_S = 0.1


def log(message: str) -> None:
    print(f"[moderation-bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------------ comments


@dataclass(frozen=True)
class BenchComment:
    text: str
    council: str
    kind: str  # clean, offensive, personal_data, complaint, press (what the generator meant, not the verdict)


CLEAN_OPENERS = (
    "Lovely photos, thanks for sharing!",
    "Thanks for the update.",
    "Brilliant, thanks for letting us know.",
    "Looking forward to it!",
    "Great news for {place} {emoji}",
    "My kids loved the {event} last year.",
    "What time does the {event} start?",
    "Is the {event} free to get in?",
    "Went to {place} yesterday, looks brilliant now.",
    "Will there be parking near {place} for the {event}?",
    "Thank you to the bin crew on our road, always cheerful.",
    "Such a lovely spot, we go to {place} every weekend.",
    "Good to see the {service} in {place} busy again.",
    "Shared with my mum, she'll love this.",
    "Do we need to book for the {event}?",
    "Beautiful picture of {place}.",
    "The staff at the {service} were really helpful last week.",
    "Well done to everyone involved, it looked fantastic.",
    "Is the {service} open on {day}?",
    "Can't wait, see you all there.",
)
CLEAN_MORE = (
    "We had a great time last year.", "The kids are already excited.", "Hope the weather holds!",
    "Thanks to all the volunteers.", "It really is a credit to the area.", "Keep up the good work.",
    "Will it be on again next year?", "Shame I missed it this time.", "Looks like a lovely day out.",
    "Nice to see something positive for a change.", "We used to go there every summer.",
    "I'll be bringing the dog.", "Fingers crossed for sunshine.", "Good luck to everyone taking part.",
)


def _fill(m: _Maker, text: str, council: str, target: int) -> str:
    """Lengthen `text` towards `target` characters with clean sentences a resident might add."""
    for _ in range(12):
        if len(text) >= target:
            break
        extra = m.pick(CLEAN_MORE) if m.chance(0.6) else _clean_opener(m, council)
        if extra[:14] in text:
            continue
        candidate = f"{text} {extra}"
        if len(candidate) > MAX_CHARS:
            break
        text = candidate
    return text


def _clean_opener(m: _Maker, council: str) -> str:
    return m.pick(CLEAN_OPENERS).format(place=m.place(council), event=m.pick(EVENTS), service=m.pick(SERVICES),
                                        day=m.pick(DAYS), emoji=m.pick(EMOJI))


def _offensive(m: _Maker, c: str) -> str:
    return m.pick((
        f"You {m.pick(INTENSIFIERS)} {m.pick(INSULTS_PLURAL)} can't even {m.pick(TASKS)}.",
        f"This council are a bunch of {m.pick(INSULTS_PLURAL)}.",
        f"Absolute sh!te service again. The {m.pick(PROBLEMS)} on {m.pick(STREETS)} is still there.",
        f"Whoever runs the {m.pick(SERVICES)} is a total {m.pick(INSULTS_ONE)}.",
        f"STFU and fix the {m.pick(PROBLEMS)}, you {m.pick(INSULTS_PLURAL)}.",
        f"Wh@t a load of b0ll0cks. {m.pick(INTENSIFIERS).capitalize()} joke of a council.",
    ))


def _personal_data(m: _Maker, c: str) -> str:
    return m.pick((
        f"My number is {m.phone(c)}, can someone ring me about my bin? I live at {m.address(c)}.",
        f"Please e-mail me at {m.personal_email()}, I'm {m.first()} {m.last()} at {m.address(c)}.",
        f"Can you check my NHS number {m.nhs()} is on the list? {m.titled_name()}",
        f"My neighbour {m.titled_name()} at {m.address(c)} has been waiting weeks for a repair.",
        f"Ring me on {m.phone(c)} please, nobody has got back to me.",
    ))


def _complaint(m: _Maker, c: str) -> str:
    street = m.pick(STREETS)
    return m.pick((
        f"I've complained {m.pick(('twice', 'three times', 'four times', 'for months'))} about the "
        f"{m.pick(PROBLEMS)} on {street} and nothing has been done.",
        f"Really disappointed with the {m.pick(TEAMS)} team. I want to make a formal complaint.",
        f"Can someone please {m.pick(FIXES)} the {m.pick(PROBLEMS)} on {street}, {m.place(c)}? "
        f"It's been {m.pick(('a week', 'two weeks', 'a month', 'ages'))}.",
        f"My {m.pick(BINS)} bin wasn't collected on {m.pick(DAYS)}, can you send someone?",
        f"How do I apply for {m.pick(SCHEMES)}?",
        f"Reporting a {m.pick(PROBLEMS)} outside number {m.r.randrange(1, 200)} {street}.",
    ))


def _press(m: _Maker, c: str) -> str:
    return m.pick((
        f"Hi, I'm a reporter at {m.pick(OUTLETS)}. Could your press office comment on {m.pick(PRESS_TOPICS)} "
        f"by {m.pick(TIMES)} today?",
        f"Journalist from {m.pick(OUTLETS)} here: can the council confirm {m.pick(PRESS_TOPICS)}? Please DM.",
    ))


# (weight per cent, kind, maker of the core text); clean ones start from CLEAN_OPENERS.
COMMENT_MIX = (
    (84, "clean", None),
    (5, "offensive", _offensive),
    (4, "personal_data", _personal_data),
    (5, "complaint", _complaint),
    (2, "press", _press),
)


def generate_comments(n: int, seed: int) -> list[BenchComment]:
    """`n` comments, the same for the same `n` and `seed` (the first k do not depend on `n`)."""
    m = _Maker(random.Random(seed))
    weights = [w for w, _, _ in COMMENT_MIX]
    out: list[BenchComment] = []
    while len(out) < n:
        council = m.r.choices([c for c, _ in COUNCIL_SHARE], weights=[w for _, w in COUNCIL_SHARE])[0]
        _, kind, make = m.r.choices(COMMENT_MIX, weights=weights)[0]
        text = _clean_opener(m, council) if make is None else make(m, council)
        band = m.r.random()
        # Most comments are short; a few run to a paragraph.
        target = (m.r.randrange(MIN_CHARS, 80) if band < 0.45 else m.r.randrange(80, 200) if band < 0.85
                  else m.r.randrange(200, MAX_CHARS + 1))
        text = _fill(m, text, council, target)
        if MIN_CHARS <= len(text) <= MAX_CHARS:
            out.append(BenchComment(text=text, council=council, kind=kind))
    return out


def describe(comments: Sequence[BenchComment]) -> dict[str, Any]:
    lengths = sorted(len(c.text) for c in comments)
    return {
        "count": len(comments),
        "distinct_texts": len({c.text for c in comments}),
        "by_kind": dict(sorted(Counter(c.kind for c in comments).items())),
        "by_council": dict(sorted(Counter(c.council for c in comments).items())),
        "length": {"min": lengths[0], "median": lengths[len(lengths) // 2], "max": lengths[-1]} if lengths else {},
    }


def account_picker(seed: int) -> Any:
    rng = random.Random(seed)

    def pick(council: str) -> tuple[str, str]:
        rows = ACCOUNTS[council]
        platform, handle, _pid, _share = rng.choices(rows, weights=[r[3] for r in rows])[0]
        return platform, handle

    return pick


def import_items(comments: Sequence[BenchComment], prefix: str, seed: int) -> dict[str, list[dict[str, Any]]]:
    """The comments as generic JSON import items, grouped by council; each names its account and platform."""
    pick = account_picker(seed)
    start = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    by_council: dict[str, list[dict[str, Any]]] = {c: [] for c, _ in COUNCIL_SHARE}
    for i, c in enumerate(comments):
        platform, handle = pick(c.council)
        by_council[c.council].append({
            "id": f"{prefix}-{i:06d}", "text": c.text, "created_at": (start + timedelta(seconds=7 * i)).isoformat(),
            "platform": platform, "account": handle, "author": f"Resident {i % 997}", "author_id": f"u{i % 997}",
            "kind": "comment"})
    return by_council


# ------------------------------------------------------------------------------------------- processes


class Processes:
    """Every process the run starts, each in a session of its own; all stopped on exit, whatever happens."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen[bytes]] = []
        atexit.register(self.kill_all)

    def start(self, argv: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
        with log_path.open("ab") as out:  # appended: a process started again (a broker) keeps its earlier log
            proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        self.started.append(proc)
        return proc

    def adopt(self, proc: subprocess.Popen[bytes] | None) -> None:
        if proc is not None and proc not in self.started:
            self.started.append(proc)

    @staticmethod
    def stop(proc: subprocess.Popen[bytes], grace: float = 20.0) -> None:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=grace)
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=15)

    def kill_all(self) -> None:
        for proc in self.started:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=15)


@dataclass
class Run:
    """What one benchmark run holds: its database, broker queue, home, environment and processes."""

    pg: str
    redis: str
    queue: str
    run_id: str
    home: Path
    env: dict[str, str]
    password: str
    processes: Processes
    timeout: float
    tokens: dict[str, str] = field(default_factory=dict)
    usernames: dict[str, str] = field(default_factory=dict)
    accounts: list[dict[str, Any]] = field(default_factory=list)
    server: Server | None = None

    def sql(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.libpq, autocommit=True) as conn:
            return list(conn.execute(query, params).fetchall())

    @property
    def libpq(self) -> str:
        return self.pg.replace("postgres://", "postgresql://", 1) if self.pg.startswith("postgres://") else self.pg


def bench_env(home: Path, pg: str, redis_url: str, queue: str) -> dict[str, str]:
    """The environment of every civicguard process of the run: nothing inherited that picks a database,
    settings module, broker, queue or cache."""
    env = {k: v for k, v in os.environ.items()
           if not (k.startswith(("CIVICGUARD_", "CELERY_")) and k != "CIVICGUARD_GOVUK_FRONTEND")
           and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(CIVICGUARD_HOME=str(home), DATABASE_URL=pg, CELERY_BROKER_URL=redis_url, CIVICGUARD_TASK_QUEUE=queue,
               CIVICGUARD_SECRET_KEY=secrets.token_urlsafe(40),
               DJANGO_SETTINGS_MODULE="civicguard.config.settings.base", PYTHONUNBUFFERED="1")
    return env


def run_cli(args: list[str], env: dict[str, str], timeout: float) -> str:
    proc = subprocess.run([str(civicguard_cli()), *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"civicguard {args[0]} {args[1] if len(args) > 1 else ''} exited {proc.returncode}: "
                           f"{proc.stderr.strip()[-800:]}")
    return proc.stdout


def run_phase(run: Run, phase: str, payload: Any) -> Any:
    """Run `phase` of this script in a fresh child process (with the run's environment); its JSON answer."""
    phase_in, phase_out = run.home / f"{phase}-in.json", run.home / f"{phase}-out.json"
    phase_in.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    argv = [sys.executable, str(Path(__file__).resolve()), "--phase", phase, "--phase-in", str(phase_in),
            "--phase-out", str(phase_out)]
    proc = subprocess.run(argv, cwd=ROOT, env=run.env, capture_output=True, text=True, timeout=run.timeout,
                          check=False)
    if proc.returncode != 0 or not phase_out.is_file():
        raise RuntimeError(f"phase {phase} exited {proc.returncode}: {proc.stderr.strip()[-1500:]}")
    return json.loads(phase_out.read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------ phases (in child processes)


def _django() -> None:
    import django

    django.setup()


def phase_setup(_payload: Any) -> dict[str, Any]:
    """Migrate, sync both councils from their packs (as `civicguard serve` does), register the accounts."""
    from civicguard.cli.web import open_database

    t0 = time.perf_counter()
    open_database()
    migrate_s = time.perf_counter() - t0
    from civicguard.apps.councils.services import council_sync
    from civicguard.apps.social_accounts.services import account_add
    from civicguard.engine import shipped_pack_ids

    councils = {pack_id: council_sync(pack_id=pack_id) for pack_id in shipped_pack_ids()}
    accounts = []
    for slug, rows in ACCOUNTS.items():
        for platform, handle, platform_id, _share in rows:
            a = account_add(council=councils[slug], platform=platform, handle=handle, platform_id=platform_id)
            accounts.append({"id": a.pk, "council": slug, "platform": platform, "handle": handle})
    return {"migrate_s": migrate_s, "accounts": accounts}


def phase_engine(payload: dict[str, Any]) -> dict[str, Any]:
    """`civicguard.engine.check` on the texts as channel `comment`, one at a time, after a warm-up."""
    from civicguard.engine import Content, Context, Engine, check

    rows = payload["rows"]
    t0 = time.perf_counter()
    for council in {r["council"] for r in rows}:
        Engine.for_council(council).warm_up()
    for row in payload["warm"]:
        check(Content(text=row["text"]), Context(council=row["council"], channel="comment"))
    setup_s = time.perf_counter() - t0
    times: list[int] = []
    flagged = 0
    categories: Counter[str] = Counter()
    detector_errors = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    for row in rows:
        t = time.perf_counter_ns()
        result = check(Content(text=row["text"]), Context(council=row["council"], channel="comment"))
        times.append(time.perf_counter_ns() - t)
        if result.findings:
            flagged += 1
        categories.update({f.category for f in result.findings})
        detector_errors += sum(f.label == "detector_error" for f in result.findings)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {"setup_s": setup_s, "wall_s": wall, "cpu_s": cpu, "times_ns": times, "flagged": flagged,
            "categories": dict(categories.most_common()), "detector_errors": detector_errors}


def phase_fill(payload: dict[str, Any]) -> dict[str, Any]:
    """Empty the comment tables, then bulk-insert `size` checked comments with the queue's columns set."""
    _django()
    from django.db import connection, transaction
    from django.db.models import Count

    from civicguard.apps.councils.models import Council
    from civicguard.apps.moderation.models import Comment, CommentCheck, CommentStatus
    from civicguard.apps.moderation.services.scan import flagged, summary
    from civicguard.apps.social_accounts.models import SocialAccount
    from civicguard.engine import Content, Context, check

    size, seed = int(payload["size"]), int(payload["seed"])
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE moderation_comment, moderation_commentcheck RESTART IDENTITY CASCADE")
    # The pool: generated comments checked by the real engine once each; every stored comment takes its text
    # and its check result from the pool, so the findings (and their places in the text) are the engine's.
    pool = generate_comments(min(size, 3000), seed + 7)
    checked = []
    for c in pool:
        result = check(Content(text=c.text), Context(council=c.council, channel="comment")).to_dict()
        checked.append((c, result))
    pool_s = time.perf_counter() - t0
    by_council: dict[str, dict[bool, list[tuple[BenchComment, dict[str, Any]]]]] = {}
    for c, result in checked:
        by_council.setdefault(c.council, {True: [], False: []})[flagged(result)].append((c, result))
    councils = {c.slug: c for c in Council.objects.all()}
    accounts: dict[str, list[tuple[SocialAccount, float]]] = {}
    shares = {(platform, handle): share for rows in ACCOUNTS.values() for platform, handle, _pid, share in rows}
    for a in SocialAccount.objects.select_related("council"):
        accounts.setdefault(a.council.slug, []).append((a, shares.get((a.platform, a.handle), 0.1)))
    rng = random.Random(seed)
    queue_statuses = ((CommentStatus.NEEDS_REVIEW, 0.8), (CommentStatus.ESCALATED, 0.12),
                      (CommentStatus.REMOVAL_PENDING, 0.08))
    decided = ((CommentStatus.APPROVED, 0.4), (CommentStatus.HIDDEN, 0.3), (CommentStatus.REMOVED, 0.15),
               (CommentStatus.ROUTED, 0.15))
    end = datetime.now(UTC)
    span = timedelta(days=60).total_seconds()
    statuses: Counter[str] = Counter()
    inserted = 0
    chunk = 2000
    t1 = time.perf_counter()
    for start in range(0, size, chunk):
        comments: list[Comment] = []
        results: list[dict[str, Any]] = []
        for i in range(start, min(size, start + chunk)):
            slug = rng.choices([c for c, _ in COUNCIL_SHARE], weights=[w for _, w in COUNCIL_SHARE])[0]
            roll = rng.random()
            if roll < QUEUE_SHARE:
                status = rng.choices([s for s, _ in queue_statuses], weights=[w for _, w in queue_statuses])[0]
            elif roll < QUEUE_SHARE + DECIDED_SHARE:
                status = rng.choices([s for s, _ in decided], weights=[w for _, w in decided])[0]
            else:
                status = CommentStatus.CLEAR
            kinds = by_council[slug]
            text_pool = kinds[status != CommentStatus.CLEAR] or kinds[True] or kinds[False]
            c, result = text_pool[rng.randrange(len(text_pool))]
            account = rng.choices([a for a, _ in accounts[slug]], weights=[w for _, w in accounts[slug]])[0]
            created = end - timedelta(seconds=span * (1 - i / size)) - timedelta(seconds=rng.randrange(0, 600))
            comment = Comment(council=councils[slug], account=account, platform=account.platform,
                              platform_id=f"q-{i:07d}", kind="comment", author_id=f"u{i % 4999}",
                              author_name=f"Resident {i % 4999}", text=c.text, created_at=created, source="json",
                              raw={}, status=status, **summary(result))
            comments.append(comment)
            results.append(result)
            statuses[status] += 1
        with transaction.atomic():
            Comment.objects.bulk_create(comments)
            CommentCheck.objects.bulk_create([
                CommentCheck(comment=comment, trigger="ingest", verdict=result["verdict"],
                             policy_version=result["policy_version"], result=result)
                for comment, result in zip(comments, results, strict=True)])
        inserted += len(comments)
    with connection.cursor() as cursor:
        # The summary points at its check; received a few minutes after the comment was made.
        cursor.execute("UPDATE moderation_comment c SET latest_check_id = k.id, "
                       "received = c.created_at + make_interval(secs => 30 + (c.id % 300)) "
                       "FROM moderation_commentcheck k WHERE k.comment_id = c.id")
        cursor.execute("ANALYZE")
    insert_s = time.perf_counter() - t1
    counts = {slug: Comment.objects.filter(council__slug=slug).count() for slug in councils}
    queue_categories: Counter[str] = Counter()
    for cats in Comment.objects.filter(council__slug=MEASURED_COUNCIL, status__in=[
            s for s, _ in queue_statuses]).values_list("categories", flat=True):
        queue_categories.update(x for x in cats.split(",") if x)
    busiest = (Comment.objects.filter(council__slug=MEASURED_COUNCIL).values("account_id")
               .order_by().annotate(n=Count("id")).order_by("-n").first())
    return {"inserted": inserted, "pool": len(pool), "pool_s": pool_s, "insert_s": insert_s,
            "by_status": dict(sorted(statuses.items())), "by_council": counts,
            "queue_categories": dict(queue_categories.most_common()),
            "busiest_account": busiest["account_id"] if busiest else None,
            "checks": CommentCheck.objects.count()}


PHASES = {"setup": phase_setup, "engine": phase_engine, "fill": phase_fill}


# ------------------------------------------------------------------------------------------------ workers


@dataclass
class Worker:
    name: str
    proc: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.is_file() else ""

    def tasks_done(self) -> int:
        return len(re.findall(r"Task moderation\.scan_comments\[[^\]]+\] succeeded", self.log()))


def start_workers(run: Run, count: int, tag: str) -> list[Worker]:
    workers = []
    for i in range(count):
        name = f"bench{tag}-{i + 1}-{run.run_id}"
        log_path = run.home / f"{name}.log"
        argv = [sys.executable, "-m", "celery", "-A", "civicguard.config", "worker", "--pool", "solo",
                "--concurrency", "1", "-Q", run.queue, "-n", f"{name}@%h", "--without-heartbeat",
                "--without-gossip", "--without-mingle", "-l", "info"]
        workers.append(Worker(name, run.processes.start(argv, run.env, log_path), log_path))
    deadline = time.monotonic() + run.timeout
    for w in workers:
        while not re.search(r"@\S+ ready\.", w.log()):
            if w.proc.poll() is not None:
                raise RuntimeError(f"worker {w.name} exited {w.proc.returncode}: {w.log()[-1500:]}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"worker {w.name} was not ready within {run.timeout:g} s: {w.log()[-1500:]}")
            time.sleep(0.1)
    return workers


def stop_workers(run: Run, workers: Sequence[Worker]) -> None:
    for w in workers:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(w.proc.pid, signal.SIGTERM)
    for w in workers:
        run.processes.stop(w.proc)


# --------------------------------------------------------------------------------------------- throughput


def post_import(client: Client, run: Run, council: str, items: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    body = json.dumps({"comments": items}, ensure_ascii=False).encode("utf-8")
    reply = client.request("POST", f"/api/v1/comments/import?source=json&council={quote(council)}", body,
                           {"Content-Type": "application/json", "Authorization": f"Bearer {run.tokens[council]}"})
    try:
        data = json.loads(reply.body)
    except ValueError:
        data = {"body": reply.text[:300]}
    return reply.status, data if isinstance(data, dict) else {"body": data}


def send_batches(run: Run, by_council: dict[str, list[dict[str, Any]]], batch: int) -> dict[str, Any]:
    """POST every comment in batches, councils taking turns, one request after another; the replies checked."""
    assert run.server is not None
    client = Client("127.0.0.1", run.server.port)
    batches = [(council, items[i:i + batch]) for council, items in by_council.items()
               for i in range(0, len(items), batch)]
    batches.sort(key=lambda b: b[1][0]["id"])  # interleaved as they arrived, not one council after the other
    times, created, errors = [], 0, []
    try:
        for council, items in batches:
            t = time.perf_counter_ns()
            status, data = post_import(client, run, council, items)
            times.append(time.perf_counter_ns() - t)
            if status != 201 or data.get("created") != len(items):
                errors.append(f"HTTP {status}: {json.dumps(data)[:300]}")
            created += int(data.get("created") or 0)
    finally:
        client.close()
    return {"requests": len(batches), "created": created, "errors": errors, "times_ns": times}


def wait_drained(run: Run, timeout: float) -> float:
    """Poll until no comment is pending; the moment it was first seen so (perf_counter)."""
    deadline = time.monotonic() + timeout
    import psycopg

    with psycopg.connect(run.libpq, autocommit=True) as conn:
        while True:
            row = conn.execute("SELECT count(*) FROM moderation_comment WHERE status = 'pending'").fetchone()
            now = time.perf_counter()
            if row is not None and int(row[0]) == 0:
                return now
            if time.monotonic() > deadline:
                raise RuntimeError(f"{row[0] if row else '?'} comments still pending after {timeout:g} s")
            time.sleep(POLL_S)


def warm_up(run: Run, workers: Sequence[Worker], comments: Sequence[BenchComment], tag: str, seed: int) -> int:
    """Import comments until every worker has checked at least one task (its language models are loaded)."""
    sent = 0
    for round_no in range(6):
        size = 2 * len(workers) * SCAN_CHUNK
        chunk = [comments[(sent + i) % len(comments)] for i in range(size)]
        by_council = import_items(chunk, f"warm{tag}-{round_no}", seed)
        result = send_batches(run, by_council, SCAN_CHUNK * 4)
        if result["errors"]:
            raise RuntimeError(f"warm-up import failed: {result['errors'][0]}")
        sent += size
        wait_drained(run, run.timeout)
        time.sleep(0.3)  # the last worker's "succeeded" line
        if all(w.tasks_done() for w in workers):
            return sent
    idle = [w.name for w in workers if not w.tasks_done()]
    raise RuntimeError(f"workers {idle} took no task during the warm-up")


def measure_throughput(run: Run, count: int, comments: Sequence[BenchComment], batch: int,
                       seed: int) -> dict[str, Any]:
    tag = str(count)
    log(f"throughput with {count} worker{'s' if count > 1 else ''}: starting")
    workers = start_workers(run, count, tag)
    try:
        warmed = warm_up(run, workers, comments, tag, seed)
        items = import_items(comments, f"r{tag}", seed)
        assert run.server is not None and run.server.proc is not None
        procs = [w.proc.pid for w in workers]
        cpu0 = [proc_cpu_s(pid) for pid in procs]
        server_cpu0 = proc_cpu_s(run.server.proc.pid)
        done0 = [w.tasks_done() for w in workers]
        load0 = os.getloadavg()[0]
        t0 = time.perf_counter()
        sent = send_batches(run, items, batch)
        t_ingested = time.perf_counter()
        if sent["errors"]:
            raise RuntimeError(f"import failed: {sent['errors'][0]}")
        t_done = wait_drained(run, run.timeout)
        cpu1 = [proc_cpu_s(pid) for pid in procs]
        server_cpu1 = proc_cpu_s(run.server.proc.pid)
        time.sleep(0.3)
        tasks = [w.tasks_done() - d for w, d in zip(workers, done0, strict=True)]
    finally:
        stop_workers(run, workers)
    rows = run.sql(
        "SELECT count(*), count(*) FILTER (WHERE c.status = 'needs_review'), "
        "count(*) FILTER (WHERE c.status = 'clear'), "
        "(SELECT count(*) FROM moderation_commentcheck k JOIN moderation_comment d ON d.id = k.comment_id "
        "  WHERE d.platform_id LIKE %s), "
        "(SELECT count(*) FROM (SELECT k.comment_id FROM moderation_commentcheck k JOIN moderation_comment d "
        "  ON d.id = k.comment_id WHERE d.platform_id LIKE %s GROUP BY k.comment_id HAVING count(*) > 1) t) "
        "FROM moderation_comment c WHERE c.platform_id LIKE %s", (f"r{tag}-%", f"r{tag}-%", f"r{tag}-%"))
    stored, review, clear, checks, twice = (int(x) for x in rows[0])
    ingest_s, total_s = t_ingested - t0, t_done - t0
    request_ms = sorted(t / 1e6 for t in sent["times_ns"])
    result = {
        "key": f"workers_{count}", "workers": count, "pool": "solo", "concurrency_per_worker": 1,
        "comments": len(comments), "batch": batch, "requests": sent["requests"], "warmup_comments": warmed,
        "ingest_s": ingest_s, "ingest_per_s": len(comments) / ingest_s if ingest_s else None,
        "end_to_end_s": total_s, "per_s": len(comments) / total_s if total_s else None,
        "drain_after_ingest_s": total_s - ingest_s,
        "request_p50_ms": percentile(request_ms, 50), "request_p95_ms": percentile(request_ms, 95),
        "request_max_ms": request_ms[-1],
        "stored": stored, "checks": checks, "checked_twice": twice, "needs_review": review, "clear": clear,
        "flagged_share": review / stored if stored else None,
        "tasks_per_worker": tasks,
        "worker_cpu_s": [round(b - a, 3) for a, b in zip(cpu0, cpu1, strict=True)],
        "worker_cpu_ms_per_comment": sum(b - a for a, b in zip(cpu0, cpu1, strict=True)) * 1000 / len(comments),
        "server_cpu_ms_per_comment": (server_cpu1 - server_cpu0) * 1000 / len(comments),
        "load_average_before": round(load0, 2),
        "ok": stored == len(comments) and checks == len(comments) and twice == 0,
    }
    log(f"  {count} worker(s): ingestion {ingest_s:.2f} s ({result['ingest_per_s']:.0f}/s), end to end "
        f"{total_s:.2f} s = {result['per_s']:.1f} comments/s; {checks} checks for {stored} comments; "
        f"tasks per worker {tasks}")
    if not result["ok"]:
        raise RuntimeError(f"{count} worker(s): {stored} comments stored, {checks} checks, {twice} checked twice "
                           f"(expected {len(comments)} each, none twice)")
    return result


def measure_engine(run: Run, comments: Sequence[BenchComment], warm: Sequence[BenchComment]) -> dict[str, Any]:
    load = os.getloadavg()[0]
    data = run_phase(run, "engine", {"rows": [{"text": c.text, "council": c.council} for c in comments],
                                     "warm": [{"text": c.text, "council": c.council} for c in warm]})
    ms = sorted(t / 1e6 for t in data["times_ns"])
    result = {"key": "engine", "comments": len(comments), "wall_s": data["wall_s"],
              "per_s": len(comments) / data["wall_s"] if data["wall_s"] else None,
              "p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95), "max_ms": ms[-1],
              "mean_ms": sum(ms) / len(ms), "cpu_ms_per_comment": data["cpu_s"] * 1000 / len(comments),
              "setup_s": data["setup_s"], "flagged": data["flagged"], "flagged_share": data["flagged"] / len(comments),
              "categories": data["categories"], "detector_errors": data["detector_errors"],
              "load_average_before": round(load, 2)}
    log(f"  engine only: {result['per_s']:.1f} comments/s (p50 {result['p50_ms']:.2f} ms), "
        f"{result['flagged_share']:.0%} flagged")
    return result


# --------------------------------------------------------------------------------------------- queue page


@dataclass
class Variant:
    key: str
    label: str
    path: str
    api: bool = False


def queue_variants(fill: dict[str, Any]) -> list[Variant]:
    category = next(iter(fill["queue_categories"]), "offensive")
    account = fill.get("busiest_account")
    out = [Variant("queue", "Queue page, no filter", "/moderation/"),
           Variant("category", f"Queue page, category {category}", f"/moderation/?category={quote(category)}")]
    if account:
        out.append(Variant("account", "Queue page, the busiest account", f"/moderation/?account={account}"))
    out += [Variant("severity", "Queue page, severity block", "/moderation/?severity=block"),
            Variant("page2", "Queue page, page 2", "/moderation/?page=2"),
            Variant("api", "Comments API, needs review", "/api/v1/comments?status=needs_review", api=True)]
    return out


def measure_variant(run: Run, client: Client, variant: Variant, requests: int, warmup: int) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {run.tokens[MEASURED_COUNCIL]}"} if variant.api else {}
    assert run.server is not None and run.server.proc is not None
    server_pid = run.server.proc.pid
    times: list[int] = []
    load = os.getloadavg()[0]
    cpu0 = 0.0
    errors: list[str] = []
    rows = None
    for i in range(warmup + requests):
        if i == warmup:
            cpu0 = proc_cpu_s(server_pid)
        t = time.perf_counter_ns()
        reply = client.request("GET", variant.path, None, headers)
        elapsed = time.perf_counter_ns() - t
        problem = None
        if reply.status != 200:
            problem = f"HTTP {reply.status}: {reply.text[:200]}"
        elif variant.api:
            try:
                found = len(json.loads(reply.body)["results"])
            except (ValueError, KeyError, TypeError):
                problem = f"not a page of comments: {reply.text[:200]}"
            else:
                rows = found if rows is None else rows
        else:
            if 'data-testid="queue"' not in reply.text:
                problem = "HTTP 200 without the queue table"
            rows = reply.text.count("data-comment=") if rows is None else rows
        if i >= warmup:
            times.append(elapsed)
            if problem:
                errors.append(problem)
    server_cpu = proc_cpu_s(server_pid) - cpu0
    ms = sorted(t / 1e6 for t in times)
    p95 = percentile(ms, 95)
    result: dict[str, Any] = {"key": variant.key, "label": variant.label, "path": variant.path, "requests": len(times),
              "warmup": warmup, "errors": len(errors), "error_samples": list(dict.fromkeys(errors))[:3],
              "rows_shown": rows, "p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95),
              "p99_ms": percentile(ms, 99), "max_ms": ms[-1], "mean_ms": sum(ms) / len(ms),
              "server_cpu_ms_per_request": server_cpu * 1000 / len(times), "load_average_before": round(load, 2)}
    result["limit_pass"] = None if variant.api else p95 < P95_LIMIT_MS and not errors
    log(f"  {variant.key}: p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms, max "
        f"{result['max_ms']:.1f} ms, {rows} rows" + (f", {len(errors)} errors ({errors[0]})" if errors else ""))
    return result


def measure_queue(run: Run, size: int, requests: int, warmup: int, seed: int) -> dict[str, Any]:
    log(f"queue page: storing {size:,} checked comments")
    fill = run_phase(run, "fill", {"size": size, "seed": seed})
    log(f"  stored {fill['inserted']:,} comments ({fill['by_council']}) in {fill['insert_s']:.1f} s; "
        f"statuses {fill['by_status']}")
    assert run.server is not None
    client = Client("127.0.0.1", run.server.port)
    rows = []
    try:
        sign_in(client, run.usernames[MEASURED_COUNCIL], run.password)
        for variant in queue_variants(fill):
            rows.append(measure_variant(run, client, variant, requests, warmup))
    finally:
        client.close()
    return {"fill": fill, "rows": rows}


# -------------------------------------------------------------------------------------------------- a run


def _redis_client(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=10)


def redis_clean(url: str, queue: str, run_id: str) -> None:
    """Remove the run's keys: its queue, bindings, the workers' mailboxes and any unacknowledged message."""
    with contextlib.suppress(Exception):
        r = _redis_client(url)
        for key in list(r.scan_iter(match=f"*{run_id}*")):
            r.delete(key)
        for key in list(r.scan_iter(match="_kombu.binding.*")):
            for member in r.smembers(key):
                if run_id.encode() in member:
                    r.srem(key, member)
        for tag, payload in list(r.hscan_iter("unacked")):
            if run_id.encode() in payload or queue.encode() in payload:
                r.hdel("unacked", tag)
                r.zrem("unacked_index", tag)
        r.close()


def preflight(pg: str, redis_url: str) -> str:
    """Both servers answer, and --pg names a benchmark database; the Redis server's version."""
    name = urlparse(pg).path.lstrip("/")
    if urlparse(pg).scheme not in {"postgres", "postgresql"} or "bench" not in name:
        raise SystemExit(f"--pg must be a postgres:// URL whose database name contains 'bench' (it is dropped and "
                         f"created): {redact(pg)}")
    try:
        info = _redis_client(redis_url).info("server")
    except Exception as exc:  # noqa: BLE001
        raise SystemExit(f"Redis at {redis_url} is not reachable: {exc}") from None
    return str(info.get("redis_version", ""))


def setup(run: Run) -> dict[str, Any]:
    t0 = time.perf_counter()
    data = run_phase(run, "setup", {})
    run.accounts = data["accounts"]
    councils = sorted({a["council"] for a in run.accounts})

    failures: list[BaseException] = []

    def person(council: str) -> None:
        username = f"bench-moderator-{council}"
        try:
            run_cli(["users", "create", username, "--council", council, "--role", "moderator", "--password",
                     run.password], run.env, run.timeout)
            token = run_cli(["users", "token", username], run.env, run.timeout).strip().splitlines()[-1]
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            failures.append(exc)
            return
        run.tokens[council], run.usernames[council] = token, username

    threads = [threading.Thread(target=person, args=(c,)) for c in councils]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    missing = [c for c in councils if c not in run.tokens]
    if missing:
        raise RuntimeError(f"could not create the moderators of {missing}" + (f": {failures[0]}" if failures else ""))
    setup_s = time.perf_counter() - t0
    run.server = Server(port=free_port(), password=run.password, tokens=dict(run.tokens))
    start_s = start_server(run.server, run.env, run.home, run.timeout)
    run.processes.adopt(run.server.proc)
    log(f"database ready in {setup_s:.1f} s (migrate {data['migrate_s']:.1f} s); server answering on port "
        f"{run.server.port} after {start_s:.1f} s")
    return {"setup_s": setup_s, "migrate_s": data["migrate_s"], "server_start_s": start_s, "server_threads": 8,
            "accounts": len(run.accounts)}


def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    redis_version = preflight(args.pg, args.redis)
    run_id = uuid.uuid4().hex[:12]
    queue = f"civicguard-bench-{run_id}"
    home = Path(tempfile.mkdtemp(prefix="civicguard-moderation-bench-"))
    password = "Bench-" + "".join(random.SystemRandom().choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(16))
    run = Run(pg=args.pg, redis=args.redis, queue=queue, run_id=run_id, home=home,
              env=bench_env(home, args.pg, args.redis, queue), password=password, processes=Processes(),
              timeout=args.timeout)
    report: dict[str, Any] = {
        "benchmark": "moderation",
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "config": {"comments": args.comments, "queue_size": args.queue_size, "requests": args.requests,
                   "warmup": args.warmup, "batch": args.batch, "workers": args.workers, "seed": args.seed,
                   "skip_throughput": args.skip_throughput, "skip_queue": args.skip_queue},
        "limits": {"throughput_per_s": THROUGHPUT_LIMIT, "throughput_workers": THROUGHPUT_WORKERS,
                   "queue_p95_ms": P95_LIMIT_MS, "queue_size": QUEUE_TARGET},
        "database": {"url": redact(args.pg), "redis": redact(args.redis), "redis_version": redis_version,
                     "queue": queue},
        "setup": {}, "throughput": None, "queue_page": None, "error": None,
    }
    created = False
    try:
        log(f"creating {redact(args.pg)}")
        report["database"]["server_version"] = pg_create(args.pg, drop_existing=True)
        created = True
        report["setup"] = setup(run)
        if not args.skip_throughput:
            comments = generate_comments(args.comments, args.seed)
            warm = generate_comments(200, args.seed + 1)
            report["comments"] = describe(comments)
            log(f"{len(comments):,} comments, {report['comments']['by_kind']}")
            rows = [measure_engine(run, comments, warm[:50])]
            for count in args.workers:
                rows.append(measure_throughput(run, count, comments, args.batch, args.seed))
            report["throughput"] = {"rows": rows}
        if not args.skip_queue:
            report["queue_page"] = measure_queue(run, args.queue_size, args.requests, args.warmup, args.seed)
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        report["error"] = f"{type(exc).__name__}: {exc}"[-2000:]
        log(f"FAILED -- {report['error'][-800:]}")
    finally:
        if run.server is not None:
            with contextlib.suppress(Exception):
                report.setdefault("server", {})["log_errors"] = server_log_errors(run.home / "serve.log")
            _stop_server(run.server)
        run.processes.kill_all()
        redis_clean(args.redis, queue, run_id)
        if created and not args.keep:
            try:
                pg_drop(args.pg)
            except Exception as exc:  # noqa: BLE001 -- report, do not hide the run's own error
                log(f"could not drop the benchmark database: {exc}")
        if args.keep:
            log(f"kept the database {redact(args.pg)} and the run's folder {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["wall_s"] = time.perf_counter() - started
    report["checks"] = checks(report)
    report["all_pass"] = bool(report["checks"]) and all(c["pass"] for c in report["checks"])
    return report


def server_log_errors(path: Path) -> int:
    text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    return sum("Traceback" in line or " ERROR " in line for line in text.splitlines())


def checks(report: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    throughput = report.get("throughput")
    if throughput is not None:
        row = next((r for r in throughput["rows"] if r.get("workers") == THROUGHPUT_WORKERS), None)
        if row is None:
            out.append({"pass": False, "check": f"throughput with {THROUGHPUT_WORKERS} workers was not measured"})
        else:
            ok = row["per_s"] is not None and row["per_s"] >= THROUGHPUT_LIMIT and row["ok"]
            out.append({"pass": ok, "check": f"ingestion, scan and queue with {THROUGHPUT_WORKERS} workers: "
                                             f"{row['per_s']:.1f} comments/s {'>=' if ok else 'not >='} "
                                             f"{THROUGHPUT_LIMIT:g} comments/s end to end "
                                             f"({row['comments']:,} comments)"})
    elif not report["config"]["skip_throughput"]:
        out.append({"pass": False, "check": "throughput was not measured"})
    queue = report.get("queue_page")
    if queue is not None:
        size = queue["fill"]["inserted"]
        short = "" if size >= QUEUE_TARGET else f" (only {size:,} comments stored, not {QUEUE_TARGET:,})"
        for row in queue["rows"]:
            if row["limit_pass"] is None:
                continue
            relation = "<" if row["limit_pass"] else "not <"
            errors = f", {row['errors']} failed requests" if row["errors"] else ""
            out.append({"pass": bool(row["limit_pass"]) and not short,
                        "check": f"{row['label']}: p95 {row['p95_ms']:.1f} ms {relation} {P95_LIMIT_MS:g} ms with "
                                 f"{size:,} comments stored{errors}{short}"})
    elif not report["config"]["skip_queue"]:
        out.append({"pass": False, "check": "the queue page was not measured"})
    if report.get("error"):
        out.append({"pass": False, "check": f"the run stopped early: {report['error'][-300:]}"})
    return out


# ------------------------------------------------------------------------------------------------- report


def _num(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def markdown(report: dict[str, Any]) -> str:
    mach, cfg = report["machine"], report["config"]
    lines = [
        "# CivicGuard moderation benchmark",
        "",
        f"Targets: at least {THROUGHPUT_LIMIT:g} comments/s through ingestion, scanning and queueing with "
        f"{THROUGHPUT_WORKERS} workers on this {mach['cores']}-core machine, and the queue page's p95 under "
        f"{P95_LIMIT_MS:g} ms with {QUEUE_TARGET:,} comments stored. Produced by `bench/moderation_bench.py`, on "
        "PostgreSQL and Redis, every process real: `civicguard serve` (waitress, 8 threads) queues the checks on "
        "Redis, `celery worker --pool solo --concurrency 1` processes check them; client, server, workers and "
        "databases share the machine.",
        "",
    ]
    throughput = report.get("throughput")
    if throughput:
        lines += [
            "## Ingestion, scan and queue",
            "",
            "| row | comments | ingestion s | ingestion /s | end to end s | comments/s end to end | "
            "import request p95 ms | CPU ms/comment (workers; engine) | needs review | load before |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in throughput["rows"]:
            if r["key"] == "engine":
                lines.append(f"| Engine only, one process: `civicguard.engine.check` as comment | {r['comments']:,} | "
                             f"n/a | n/a | {_num(r['wall_s'], 2)} | {_num(r['per_s'])} | n/a | "
                             f"{_num(r['cpu_ms_per_comment'], 2)} | {r['flagged_share']:.1%} | "
                             f"{r['load_average_before']} |")
            else:
                label = f"{r['workers']} worker{'s' if r['workers'] > 1 else ''} (solo pool, 1 process each)"
                lines.append(f"| {label} | {r['comments']:,} | {_num(r['ingest_s'], 2)} | {_num(r['ingest_per_s'])} | "
                             f"{_num(r['end_to_end_s'], 2)} | {_num(r['per_s'])} | {_num(r['request_p95_ms'])} | "
                             f"{_num(r['worker_cpu_ms_per_comment'], 2)} | {_num((r['flagged_share'] or 0) * 100)}% | "
                             f"{r['load_average_before']} |")
        lines.append("")
    queue = report.get("queue_page")
    if queue:
        fill = queue["fill"]
        lines += [
            f"## Queue page with {fill['inserted']:,} comments stored",
            "",
            f"| request | requests | rows shown | p50 ms | p95 ms | p99 ms | max ms | server CPU ms/request | "
            f"load before | p95 < {P95_LIMIT_MS:g} ms |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for r in queue["rows"]:
            verdict = "(no limit)" if r["limit_pass"] is None else "PASS" if r["limit_pass"] else "FAIL"
            errors = f" ({r['errors']} errors)" if r["errors"] else ""
            lines.append(f"| {r['label']} `{r['path']}`{errors} | {r['requests']:,} | {r['rows_shown']} | "
                         f"{_num(r['p50_ms'])} | {_num(r['p95_ms'])} | {_num(r['p99_ms'])} | {_num(r['max_ms'])} | "
                         f"{_num(r['server_cpu_ms_per_request'])} | {r['load_average_before']} | {verdict} |")
        lines.append("")
    lines += ["## Targets", ""]
    lines += [f"- {'PASS' if c['pass'] else 'FAIL'} {c['check']}" for c in report["checks"]]
    setup_info = report.get("setup") or {}
    db = report["database"]
    lines += [
        "",
        "## Run",
        "",
        f"- Run {report['generated_at']}, {report['wall_s']:.0f} s in all, on {mach['cores']} cores "
        f"({mach['usable_cores']} usable), {mach['cpu_model'] or 'unknown CPU'}, Python {mach['python']}; "
        f"load average {mach['load_average_at_start']} at start, {mach['load_average_at_end']} at end.",
        f"- PostgreSQL {db.get('server_version', '?')} at {db['url']} (created for the run"
        f"{'' if not cfg.get('keep') else ', kept'}), Redis {db.get('redis_version', '?')} at {db['redis']} "
        f"(queue {db['queue']}).",
    ]
    if setup_info:
        lines.append(f"- Set-up: migrate, councils and {setup_info.get('accounts')} accounts, two moderators with "
                     f"tokens in {_num(setup_info.get('setup_s'))} s; server answering after "
                     f"{_num(setup_info.get('server_start_s'))} s.")
    if throughput:
        mix = report.get("comments", {})
        lines.append(f"- Comments: {mix.get('count', 0):,} generated (seed {cfg['seed']}; {mix.get('distinct_texts')} "
                     f"distinct; lengths {mix.get('length')}; meant as {mix.get('by_kind')}; councils "
                     f"{mix.get('by_council')}), imported as generic JSON in batches of {cfg['batch']} "
                     "(POST /api/v1/comments/import, each council's moderator's token), one request after another; "
                     "the same texts for each row, with fresh platform ids.")
        for r in throughput["rows"]:
            if r["key"] == "engine":
                lines.append(f"- Engine only: {r['comments']:,} checks one at a time after warm-up, p50 "
                             f"{_num(r['p50_ms'], 2)} ms, p95 {_num(r['p95_ms'], 2)} ms, mean {_num(r['mean_ms'], 2)} "
                             f"ms; flagged "
                             f"{r['flagged']:,} ({r['flagged_share']:.1%}); categories {r['categories']}"
                             + (f"; WARNING {r['detector_errors']} detector_error findings"
                                if r["detector_errors"] else "") + ".")
            else:
                lines.append(f"- {r['workers']} worker(s): warmed with {r['warmup_comments']} comments first; "
                             f"{r['requests']} import requests (p50 {_num(r['request_p50_ms'])} ms, max "
                             f"{_num(r['request_max_ms'])} ms); checking went on "
                             f"{_num(r['drain_after_ingest_s'], 2)} s after the last import; tasks per worker "
                             f"{r['tasks_per_worker']}; worker CPU "
                             f"{r['worker_cpu_s']} s; server CPU {_num(r['server_cpu_ms_per_comment'], 2)} ms per "
                             f"comment; {r['checks']:,} checks for {r['stored']:,} comments, {r['checked_twice']} "
                             f"checked twice; load average {r['load_average_before']} before.")
    if queue:
        fill = queue["fill"]
        lines.append(f"- Queue data: {fill['inserted']:,} comments ({fill['by_council']}) with {fill['checks']:,} "
                     f"checks, statuses {fill['by_status']}; texts and check results from a pool of {fill['pool']:,} "
                     f"generated comments checked by the engine; stored in {_num(fill['insert_s'])} s. Categories in "
                     f"the {MEASURED_COUNCIL} queue: {fill['queue_categories']}.")
        lines.append(f"- Each request timed end to end (request sent to body read) on one keep-alive connection, "
                     f"{cfg['requests']} timed after {cfg['warmup']} warm-up requests per row, signed in as the "
                     f"{MEASURED_COUNCIL} moderator (the API row with their bearer token).")
    lines.append(f"- \"load before\" is the 1-minute load average when the row started: on {mach['cores']} cores, a "
                 f"value well above {mach['cores']} means other work shared the CPUs and the row's times are "
                 "inflated (the CPU figures much less so).")
    if report.get("error"):
        lines.append(f"- ERROR: the run stopped early: {' '.join(report['error'].split())[-800:]}")
    if (report.get("server") or {}).get("log_errors"):
        lines.append(f"- WARNING: {report['server']['log_errors']} error lines in the server's log.")
    return "\n".join(lines) + "\n"


def write_report(report: dict[str, Any], output_dir: Path) -> tuple[Path, Path]:
    output_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = output_dir / "moderation.json", output_dir / "moderation.md"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md = markdown(report)
    md_path.write_text(md, encoding="utf-8")
    print(md)
    print(f"wrote {json_path} and {md_path}")
    return json_path, md_path


# --------------------------------------------------------------------------------------------------- main


def parse_workers(value: str) -> list[int]:
    try:
        counts = [int(x) for x in value.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("a comma-separated list of worker counts, e.g. 1,2") from None
    if not counts or any(c < 1 or c > 16 for c in counts):
        raise argparse.ArgumentTypeError("worker counts must be between 1 and 16")
    return counts


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="CivicGuard moderation benchmark: comments/s through ingestion "
                                                 "and scanning, and the queue page's latency.")
    parser.add_argument("--comments", type=int, default=5000, help="comments timed per worker count (5000)")
    parser.add_argument("--queue-size", type=int, default=QUEUE_TARGET,
                        help=f"comments stored for the queue page ({QUEUE_TARGET})")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per queue page variant (300)")
    parser.add_argument("--warmup", type=int, default=20, help="warm-up requests per queue page variant (20)")
    parser.add_argument("--batch", type=int, default=500, help="comments per import request (500)")
    parser.add_argument("--workers", type=parse_workers, default=[1, 2], help="worker counts to time (1,2)")
    parser.add_argument("--skip-throughput", action="store_true", help="do not time ingestion and scanning")
    parser.add_argument("--skip-queue", action="store_true", help="do not time the queue page")
    parser.add_argument("--pg", default=DEFAULT_PG,
                        help="the PostgreSQL database to drop, create and use; its name must contain 'bench' "
                             f"({redact(DEFAULT_PG)})")
    parser.add_argument("--redis", default=DEFAULT_REDIS, help=f"the Redis broker ({DEFAULT_REDIS})")
    parser.add_argument("--output-dir", type=Path, default=DEFAULT_OUTPUT,
                        help="where moderation.json and moderation.md go (bench/results)")
    parser.add_argument("--keep", action="store_true", help="keep the database and the run's folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"comment generator seed ({DEFAULT_SEED})")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds allowed for each step (900)")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--phase-in", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--phase-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.comments < 1 or args.queue_size < 1 or args.requests < 1 or args.warmup < 0 or args.batch < 1:
        parser.error("--comments, --queue-size, --requests and --batch must be at least 1, --warmup at least 0")
    return args


def _terminate(signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signum)  # runs the finally blocks and atexit: every process started is stopped


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.phase:
        payload = json.loads(args.phase_in.read_text(encoding="utf-8"))
        result = PHASES[args.phase](payload)
        args.phase_out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        return 0
    signal.signal(signal.SIGTERM, _terminate)
    report = benchmark(args)
    report["config"]["keep"] = args.keep
    write_report(report, args.output_dir)
    if report["error"]:
        return 2
    return 0 if report["all_pass"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
