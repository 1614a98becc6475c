"""The broker killed and restarted mid-ingest: no comment stays waiting, with nobody running a command.

A redis-server of the test's own (a free port, nothing saved to disk, so a restart starts empty: the queued
tasks are gone, as they were when the broker was killed in testing) is the broker of a real `civicguard worker`
process. Comments come in through `civicguard comments import` (separate processes, as an ingest would be):
two files while the broker runs, then the broker is killed (SIGKILL), two files while it is down (their checks
cannot be queued), the broker is started again, empty, and two more files. The worker's own sweep, every 2 s
for comments waiting over 4 s here (CIVICGUARD_SWEEP_SECONDS, CIVICGUARD_SWEEP_PENDING_SECONDS), must leave no
comment waiting within two minutes, each checked once.

Slow (a worker's start and the language models' first load): marked `slow`; it runs in the suite. It needs the
redis-server binary (skipped with the reason otherwise); the shared Redis on 6379 is never touched. The broker
and the worker are killed at the end whatever happens.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.db.models import Count

from civicguard.apps.councils.services import council_sync
from civicguard.apps.moderation.models import Comment, CommentCheck, CommentStatus
from civicguard.apps.social_accounts.services import account_add
from tests.apps.moderation.test_worker import (  # noqa: F401 - database_url and private_redis: fixtures
    PLACES,
    TEXTS,
    PrivateRedis,
    database_url,
    private_redis,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[3]
CIVICGUARD = str(Path(sys.executable).with_name("civicguard"))
FILES = 6
PER_FILE = 50
KILL_AFTER, RESTART_AFTER = 2, 4  # files imported before the kill, and before the restart
SWEEP_SECONDS, PENDING_SECONDS = 2, 4
RECOVERY_LIMIT_S = 120.0  # the "0 pending within two minutes" (from the restart)
START_TIMEOUT_S = 90.0


@dataclass
class Deployment:
    """A `civicguard worker` and the imports, all with one environment: the test database, the private broker."""

    broker: PrivateRedis
    database_url: str
    home: Path
    queue: str = field(default_factory=lambda: f"civicguard-test-{uuid.uuid4().hex}")
    worker: subprocess.Popen[bytes] | None = None

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("CIVICGUARD_", "CELERY_", "PYTEST_")) and k not in {"DATABASE_URL",
                                                                                        "DJANGO_SETTINGS_MODULE"}}
        (self.home / "home").mkdir(exist_ok=True)
        env.update(DJANGO_SETTINGS_MODULE="civicguard.config.settings.base", CELERY_BROKER_URL=self.broker.url,
                   CIVICGUARD_TASK_QUEUE=self.queue, CIVICGUARD_HOME=str(self.home / "home"),
                   CIVICGUARD_SECRET_KEY=f"broker-loss-{self.queue}", DATABASE_URL=self.database_url,
                   CIVICGUARD_SWEEP_SECONDS=str(SWEEP_SECONDS), CIVICGUARD_SWEEP_PENDING_SECONDS=str(PENDING_SECONDS),
                   PYTHONUNBUFFERED="1")
        return env

    @property
    def log_path(self) -> Path:
        return self.home / "worker.log"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def start_worker(self) -> None:
        with self.log_path.open("wb") as out:
            self.worker = subprocess.Popen([CIVICGUARD, "worker", "--concurrency", "1"], cwd=ROOT,
                                           env=self.environment(), stdin=subprocess.DEVNULL, stdout=out,
                                           stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT_S
        while "ready." not in self.log():
            if self.worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the worker did not start\n{self.log()[-3000:]}")
            time.sleep(0.1)

    def import_file(self, path: Path, handle: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([CIVICGUARD, "comments", "import", str(path), "--source", "json", "--account", handle],
                              cwd=ROOT, env=self.environment(), capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-3000:]
        return done

    def kill(self) -> None:
        if self.worker is not None and self.worker.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.worker.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.worker.wait(timeout=30)


@pytest.fixture
def deployment(private_redis: PrivateRedis, database_url: str,  # noqa: F811
               tmp_path: Path) -> Iterator[Deployment]:
    found = Deployment(broker=private_redis, database_url=database_url, home=tmp_path)
    try:
        yield found
    finally:
        found.kill()


def comment_files(folder: Path) -> list[Path]:
    start = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    paths = []
    for f in range(FILES):
        items = [{"id": f"bl-{f}-{i}", "author": f"Resident {f}-{i}",
                  "text": TEXTS[i % len(TEXTS)].format(place=PLACES[(f + i // len(TEXTS)) % len(PLACES)]),
                  "created_at": (start + timedelta(minutes=f * PER_FILE + i)).isoformat()} for i in range(PER_FILE)]
        paths.append(folder / f"comments-{f}.json")
        paths[-1].write_text(json.dumps({"comments": items}), encoding="utf-8")
    return paths


def pending() -> int:
    return Comment.objects.filter(status=CommentStatus.PENDING).count()


def test_a_broker_killed_mid_ingest_leaves_no_comment_waiting(deployment: Deployment, tmp_path: Path) -> None:
    council = council_sync(pack_id="sefton")
    handle = f"@broker-loss-{uuid.uuid4().hex[:10]}"
    account_add(council=council, platform="facebook", handle=handle)
    files = comment_files(tmp_path)
    deployment.start_worker()

    outage, restarted = [], time.monotonic()
    for n, path in enumerate(files):
        if n == KILL_AFTER:
            deployment.broker.kill()
        if n == RESTART_AFTER:
            deployment.broker.start()
            restarted = time.monotonic()
        done = deployment.import_file(path, handle)
        if KILL_AFTER <= n < RESTART_AFTER:
            outage.append(done.stderr)
    # While the broker was down the imports stored their comments and could not queue their checks.
    assert all("could not queue the check" in err for err in outage), outage[0][-2000:]
    assert Comment.objects.count() == FILES * PER_FILE

    while pending() and time.monotonic() - restarted < RECOVERY_LIMIT_S:
        time.sleep(0.5)
    took = time.monotonic() - restarted
    left = pending()
    assert left == 0, f"{left} comments still waiting {took:.0f} s after the restart\n{deployment.log()[-4000:]}"

    # None lost, none checked twice; the sweep (not a person) queued the lost ones again.
    per_comment = dict(CommentCheck.objects.values_list("comment_id").annotate(n=Count("id")))
    assert len(per_comment) == FILES * PER_FILE and set(per_comment.values()) == {1}
    assert CommentCheck.objects.filter(trigger="retry").count() >= 2 * PER_FILE  # at least the outage's files
    assert "sweep: queued again" in deployment.log()
    print(f"0 of {FILES * PER_FILE} comments waiting {took:.1f} s after the broker came back")
