"""Real `celery worker` processes on Redis: a worker killed mid-task loses no comment, and a task delivered twice
checks each comment once.

The comments are stored through the ingest service in the test database (committed: `transaction=True`), with
the in-process queueing replaced by a capture; the test then sends `moderation.scan_comments` to a queue of its
own on the Redis at 127.0.0.1:6379 and starts worker processes (`celery -A civicguard.config worker --pool
solo`) with an environment of their own that points them at the same test database: PostgreSQL under
`make test-postgres`, a SQLite file under `make test` (the test settings keep SQLite's test database in a file
for this; on an in-memory one the tests are skipped with the reason).

Late acknowledgement is what keeps the comments: Redis holds the task as unacknowledged while the worker runs
it, and once the visibility timeout (5 s here) has passed, the next worker to start puts it back in the queue.

The broker is a redis-server of the test's own on a free port (`PrivateRedis`: nothing saved, killed at the end),
so no test touches a shared Redis; CIVICGUARD_TEST_BROKER_URL names another Redis instead (never its database 0,
where a cache lives). Each run uses its own queue (civicguard-test-<uuid>) and removes its keys at the end.
Workers are always killed. These tests start real processes: marked `slow`; they run in the suite.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.db.models import Count

from civicguard.apps.councils.services import council_sync
from civicguard.apps.moderation.models import Comment, CommentCheck, CommentStatus
from civicguard.apps.moderation.services import ingest as ingest_service
from civicguard.apps.social_accounts.services import account_add

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BROKER_URL = os.environ.get("CIVICGUARD_TEST_BROKER_URL", "")
VISIBILITY_TIMEOUT_S = 5
COMMENTS = 300  # in one task: the first check loads the language models, so the task runs for a few seconds
START_TIMEOUT_S = 60.0  # a worker's start (Django, Celery) on a busy 2-core machine
DONE_TIMEOUT_S = 90.0
TASK = "moderation.scan_comments"
ROOT = Path(__file__).resolve().parents[3]

TEXTS = (
    "Thanks for the update about the library opening times in {place}, really helpful.",
    "Lovely to see the park in {place} looking so tidy this weekend, well done to the team.",
    "Will the leisure centre in {place} be open on the bank holiday Monday?",
    "You f*cking useless lot, the bins in {place} have not been emptied for three weeks.",
    "My neighbour Mrs Joan Pike at 3 Bank Road, {place} L20 3AB has been waiting weeks for a repair.",
    "There is a pothole on Church Street in {place} that needs fixing before someone gets hurt.",
    "I'm a reporter at the Liverpool Echo: can the press office comment on the library closure in {place}?",
    "Great turnout at the {place} community clean-up today, thank you all.",
)
PLACES = ("Southport", "Crosby", "Bootle", "Formby", "Maghull", "Litherland", "Ainsdale", "Waterloo")


# --------------------------------------------------------------------------------------------------- Redis


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PrivateRedis:
    """A redis-server of the test's own on a free port: no snapshot, no append-only file, so a restart after a
    kill starts empty (as a broker that loses its queue does). `kill` is SIGKILL; `start` again on the same port."""

    folder: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is not installed"
        with (self.folder / "redis.log").open("ab") as out:
            self.proc = subprocess.Popen(
                [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--dir", str(self.folder)], stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        client = _redis(self.url)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                if client.ping():
                    client.close()
                    return
            time.sleep(0.05)
        self.kill()
        pytest.fail(f"the private redis-server on port {self.port} did not start")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    """A redis-server of this test's own; skipped (with the reason) when the binary is not installed."""
    if not shutil.which("redis-server"):
        pytest.skip("the redis-server binary is not installed; these tests start a private broker")
    server = PrivateRedis(folder=tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.kill()


def _redis(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=10)


@pytest.fixture
def broker(request: pytest.FixtureRequest) -> Iterator[Broker]:
    """A queue of this test's own on a private redis-server (or on CIVICGUARD_TEST_BROKER_URL when set)."""
    url = BROKER_URL or request.getfixturevalue("private_redis").url
    client = _redis(url)
    try:
        client.ping()
    except Exception as exc:  # noqa: BLE001 - any failure to reach it means no worker test can run
        pytest.skip(f"Redis at {url} is not reachable ({type(exc).__name__}: {exc}); the worker tests need a real "
                    "broker")
    run = uuid.uuid4().hex
    found = Broker(url=url, queue=f"civicguard-test-{run}", run=run, redis=client)
    try:
        yield found
    finally:
        found.clean()
        client.close()


@dataclass
class Broker:
    url: str
    queue: str
    run: str
    redis: Any

    def send_scan(self, ids: list[int], task_id: str) -> None:
        """Send the scan of `ids` as the site does, from a Celery client of the test's own."""
        from celery import Celery

        client = Celery("civicguard-worker-test", broker=self.url, set_as_current=False, fixups=[])
        client.conf.update(task_serializer="json", accept_content=["json"],
                           broker_transport_options={"visibility_timeout": VISIBILITY_TIMEOUT_S})
        try:
            client.send_task(TASK, args=[ids, "ingest"], queue=self.queue, task_id=task_id)
        finally:
            client.close()

    def unacked(self) -> list[dict[str, Any]]:
        """The messages of this queue that a worker has taken and not acknowledged."""
        found = []
        for _tag, payload in self.redis.hscan_iter("unacked"):
            with contextlib.suppress(ValueError, TypeError):
                message, exchange, routing_key = json.loads(payload)
                if self.queue in (exchange, routing_key):
                    found.append(message)
        return found

    def waiting(self) -> int:
        return int(self.redis.llen(self.queue))

    def clean(self) -> None:
        """Remove every key of this run: the queue, its bindings, the workers' mailboxes, unacked messages."""
        with contextlib.suppress(Exception):
            for key in list(self.redis.scan_iter(match=f"*{self.run}*")):
                self.redis.delete(key)
            for key in list(self.redis.scan_iter(match="_kombu.binding.*")):
                for member in self.redis.smembers(key):
                    if self.run.encode() in member:
                        self.redis.srem(key, member)
            for tag, payload in list(self.redis.hscan_iter("unacked")):
                if self.run.encode() in payload:
                    self.redis.hdel("unacked", tag)
                    self.redis.zrem("unacked_index", tag)


# --------------------------------------------------------------------------------------------- the database


@pytest.fixture
def database_url(transactional_db: None) -> str:
    """The test database, as the DATABASE_URL a worker process reads."""
    from django.db import connection

    s = connection.settings_dict
    if connection.vendor == "postgresql":
        options = {k: str(v) for k, v in (s.get("OPTIONS") or {}).items() if isinstance(v, str | int)}
        auth = quote(s["USER"] or "", safe="") + (f":{quote(s['PASSWORD'], safe='')}" if s["PASSWORD"] else "")
        host = s["HOST"] or "127.0.0.1"
        port = f":{s['PORT']}" if s["PORT"] else ""
        query = f"?{urlencode(options)}" if options else ""
        return f"postgres://{auth}{'@' if auth else ''}{host}{port}/{quote(s['NAME'], safe='')}{query}"
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            pytest.skip("the SQLite test database is in memory, where worker processes cannot see it; the test "
                        "settings must keep it in a file (DATABASES['default']['TEST']['NAME'])")
        return f"sqlite://{Path(s['NAME']).resolve()}"
    pytest.skip(f"no worker test for a {connection.vendor} database")


# ------------------------------------------------------------------------------------------------ workers


@dataclass
class Worker:
    name: str
    log_path: Path
    proc: subprocess.Popen[bytes]
    env: dict[str, str] = field(repr=False)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def tail(self, chars: int = 3000) -> str:
        return f"--- {self.name} log (exit {self.proc.poll()}) ---\n{self.log()[-chars:]}"

    def wait_for(self, pattern: str, timeout: float, what: str) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.log())
            if match:
                return match
            if self.proc.poll() is not None:
                pytest.fail(f"{self.name} exited before {what}\n{self.tail()}")
            time.sleep(0.05)
        pytest.fail(f"{self.name}: no {what} within {timeout:g} s\n{self.tail()}")

    def kill(self) -> None:
        """SIGKILL the worker's whole process group (it runs in a session of its own)."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=30)


@pytest.fixture
def workers(broker: Broker, database_url: str, tmp_path: Path) -> Iterator[WorkerPool]:
    pool = WorkerPool(broker=broker, database_url=database_url, home=tmp_path)
    try:
        yield pool
    finally:
        pool.kill_all()


@dataclass
class WorkerPool:
    broker: Broker
    database_url: str
    home: Path
    started: list[Worker] = field(default_factory=list)

    def environment(self) -> dict[str, str]:
        """Nothing inherited that picks a settings module, a database, a broker or a cache."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("CIVICGUARD_", "CELERY_", "PYTEST_")) and k not in {"DATABASE_URL",
                                                                                        "DJANGO_SETTINGS_MODULE"}}
        env.update(DJANGO_SETTINGS_MODULE="civicguard.config.settings.base", CELERY_BROKER_URL=self.broker.url,
                   CIVICGUARD_TASK_QUEUE=self.broker.queue,
                   CIVICGUARD_TASK_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT_S),
                   CIVICGUARD_HOME=str(self.home / "home"), CIVICGUARD_SECRET_KEY=f"worker-test-{self.broker.run}",
                   DATABASE_URL=self.database_url, PYTHONUNBUFFERED="1")
        return env

    def start(self, name: str) -> Worker:
        env = self.environment()
        (self.home / "home").mkdir(exist_ok=True)
        log_path = self.home / f"{name}.log"
        argv = [sys.executable, "-m", "celery", "-A", "civicguard.config", "worker", "--pool", "solo",
                "--concurrency", "1", "-Q", self.broker.queue, "-n", f"{name}-{self.broker.run}@%h",
                "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "info"]
        with log_path.open("wb") as out:
            proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        worker = Worker(name=name, log_path=log_path, proc=proc, env=env)
        self.started.append(worker)
        return worker

    def kill_all(self) -> None:
        for worker in self.started:
            worker.kill()

    def logs(self) -> str:
        return "\n".join(w.tail() for w in self.started)


# ----------------------------------------------------------------------------------------------- comments


def store_pending(monkeypatch: pytest.MonkeyPatch, n: int) -> list[int]:
    """Register an account and take `n` comments through the ingest service, committed and left `pending`:
    the in-process queueing is replaced by a capture, so nothing checks them here."""
    council = council_sync(pack_id="sefton")
    account = account_add(council=council, platform="facebook", handle=f"@worker-test-{uuid.uuid4().hex[:12]}")
    queued: list[int] = []
    monkeypatch.setattr(ingest_service, "enqueue_scan",
                        lambda ids, *, trigger="ingest": queued.extend(ids))
    start = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    items = [{"id": f"wt-{i}", "text": TEXTS[i % len(TEXTS)].format(place=PLACES[i // len(TEXTS) % len(PLACES)]),
              "created_at": (start + timedelta(minutes=i)).isoformat(), "author": f"Resident {i}"}
             for i in range(n)]
    report = ingest_service.ingest(source="json", body=json.dumps({"comments": items}), account=account)
    assert len(report.created) == n and sorted(queued) == sorted(report.created), report.to_dict()
    assert Comment.objects.filter(pk__in=queued, status=CommentStatus.PENDING).count() == n
    return sorted(queued)


def checks_per_comment(ids: list[int]) -> dict[int, int]:
    rows = CommentCheck.objects.filter(comment_id__in=ids).values("comment_id").annotate(n=Count("id"))
    return {row["comment_id"]: row["n"] for row in rows}


def wait_until_checked(ids: list[int], pool: WorkerPool, timeout: float) -> float:
    """Seconds until no comment among `ids` is pending; fails with the workers' logs after `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if not Comment.objects.filter(pk__in=ids, status=CommentStatus.PENDING).exists():
            return time.monotonic() - started
        if all(w.proc.poll() is not None for w in pool.started):
            break
        time.sleep(0.25)
    left = Comment.objects.filter(pk__in=ids, status=CommentStatus.PENDING).count()
    pytest.fail(f"{left} of {len(ids)} comments still pending after {time.monotonic() - started:.0f} s\n"
                f"{pool.logs()}")


def assert_checked_once(ids: list[int]) -> None:
    per_comment = checks_per_comment(ids)
    assert len(per_comment) == len(ids), f"{len(ids) - len(per_comment)} comments have no check"
    twice = {pk: n for pk, n in per_comment.items() if n != 1}
    assert not twice, f"comments checked more than once: {dict(list(twice.items())[:10])}"
    statuses = dict(Comment.objects.filter(pk__in=ids).values_list("status").annotate(n=Count("id")))
    assert set(statuses) <= {CommentStatus.NEEDS_REVIEW, CommentStatus.CLEAR}, statuses
    # The texts mix clean comments with offensive ones, personal data and enquiries: both outcomes occur.
    assert statuses.get(CommentStatus.NEEDS_REVIEW) and statuses.get(CommentStatus.CLEAR), statuses
    linked = Comment.objects.filter(pk__in=ids, latest_check__comment_id__in=ids).count()
    assert linked == len(ids), "every comment's summary points at its one check"


def received(task_id: str) -> str:
    return rf"Task {re.escape(TASK)}\[{re.escape(task_id)}\] received"


def succeeded(task_id: str) -> str:
    return rf"Task {re.escape(TASK)}\[{re.escape(task_id)}\] succeeded in [0-9.]+s: (\d+)"


# --------------------------------------------------------------------------------------------------- tests


def test_a_worker_killed_mid_task_loses_no_comment(monkeypatch: pytest.MonkeyPatch, broker: Broker,
                                                   workers: WorkerPool) -> None:
    ids = store_pending(monkeypatch, COMMENTS)
    task_id = f"scan-{broker.run}"
    broker.send_scan(ids, task_id)
    assert broker.waiting() == 1

    first = workers.start("worker-a")
    first.wait_for(received(task_id), START_TIMEOUT_S, "task received")
    taken_at = time.monotonic()
    time.sleep(0.5)  # inside the task now: loading the language models for its first check
    assert first.proc.poll() is None, first.tail()
    first.kill()
    assert first.proc.returncode == -signal.SIGKILL
    assert re.search(succeeded(task_id), first.log()) is None, "worker A finished the task before it was killed"

    # Nothing was lost and nothing half-written: every comment still waits, and Redis still holds the task as
    # taken but not acknowledged (late acknowledgement), not in the queue.
    assert Comment.objects.filter(pk__in=ids, status=CommentStatus.PENDING).count() == len(ids)
    assert checks_per_comment(ids) == {}
    assert [m.get("headers", {}).get("id") for m in broker.unacked()] == [task_id]
    assert broker.waiting() == 0

    # A worker puts back what was taken longer ago than the visibility timeout when it starts polling.
    time.sleep(max(0.0, taken_at + VISIBILITY_TIMEOUT_S + 1 - time.monotonic()))
    second = workers.start("worker-b")
    took = wait_until_checked(ids, workers, DONE_TIMEOUT_S)
    done = second.wait_for(succeeded(task_id), 30, "task succeeded")
    assert int(done.group(1)) == len(ids), "worker B checked every comment of the redelivered task"
    assert re.search(received(task_id), second.log()), "worker B got the task worker A had taken"
    assert_checked_once(ids)
    # The log line comes just before the acknowledgement.
    deadline = time.monotonic() + 10
    while (broker.unacked() or broker.waiting()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert broker.unacked() == [] and broker.waiting() == 0, "the redelivered task was acknowledged"
    print(f"redelivered and checked {len(ids)} comments in {took:.1f} s after worker B started")


def test_a_task_delivered_twice_checks_each_comment_once(monkeypatch: pytest.MonkeyPatch, broker: Broker,
                                                         workers: WorkerPool) -> None:
    ids = store_pending(monkeypatch, COMMENTS)
    pool = [workers.start("worker-a"), workers.start("worker-b")]
    for worker in pool:
        worker.wait_for(r"@\S+ ready\.", START_TIMEOUT_S, "ready")
    # The same message twice (as a redelivery would be): each worker takes one, so they may run it at once.
    task_id = f"scan-{broker.run}"
    broker.send_scan(ids, task_id)
    broker.send_scan(ids, task_id)

    wait_until_checked(ids, workers, DONE_TIMEOUT_S)
    deadline = time.monotonic() + 60
    while True:
        counts = [int(c) for w in pool for c in re.findall(succeeded(task_id), w.log())]
        if len(counts) >= 2 and broker.waiting() == 0 and not broker.unacked():
            break
        if time.monotonic() > deadline:
            pytest.fail(f"both deliveries did not finish: {counts}\n{workers.logs()}")
        time.sleep(0.25)
    assert sum(counts) == len(ids), f"the deliveries checked {counts} comments between them, not {len(ids)}"
    assert_checked_once(ids)
