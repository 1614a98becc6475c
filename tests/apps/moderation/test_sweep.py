"""The sweep: every comment whose check was lost is queued again in one pass, once per waiting period (at once
after the broker restarted), one sweep per deployment at a time."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from civicguard.apps.moderation import tasks
from civicguard.apps.moderation.models import Comment
from civicguard.apps.moderation.services import sweep as sweep_service
from civicguard.common.locks import deployment_lock
from tests.apps.moderation.factories import CLEAN, account, comments
from tests.apps.moderation.test_worker import private_redis  # noqa: F401 - a fixture


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    """The chunks of ids the sweep queues (captured, not checked: the comments stay waiting)."""
    chunks: list[list[int]] = []
    monkeypatch.setattr(tasks.scan_comments, "delay", lambda ids, trigger: chunks.append(list(ids)))
    return chunks


def waiting(n: int, *, minutes_ago: int = 5) -> list[int]:
    """`n` comments stored and never checked, last queued `minutes_ago` minutes ago."""
    ids = sorted(c.pk for c in comments(account(), [CLEAN] * n, checked=False))
    Comment.objects.filter(pk__in=ids).update(updated=timezone.now() - timedelta(minutes=minutes_ago))
    return ids


def test_every_waiting_comment_is_queued_in_one_pass(monkeypatch, sent):
    monkeypatch.setattr(sweep_service, "READ_BATCH", 4)  # three batches of ids, all in this one sweep
    ids = waiting(10)
    fresh = waiting(2, minutes_ago=0)  # queued a moment ago: their own task may still be on its way
    result = tasks.sweep_run(older_than_seconds=60)
    assert (result.comments, result.not_queued, result.skipped) == (10, 0, "")
    assert sent == [ids[:4], ids[4:8], ids[8:]]
    # Queued again just now: the next sweep leaves them alone until they have waited that long again.
    assert tasks.sweep_run(older_than_seconds=60).comments == 0
    Comment.objects.filter(pk__in=ids + fresh).update(updated=timezone.now() - timedelta(minutes=5))
    assert tasks.sweep_run(older_than_seconds=60).comments == 12


def test_a_broker_that_refuses_leaves_the_rest_for_the_next_sweep(monkeypatch):
    monkeypatch.setattr(sweep_service, "READ_BATCH", 4)
    ids = waiting(10)
    taken: list[list[int]] = []

    def broker(ids: list[int], trigger: str) -> None:
        if taken:
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")
        taken.append(ids)

    monkeypatch.setattr(tasks.scan_comments, "delay", broker)
    result = tasks.sweep_run(older_than_seconds=60)
    assert (result.comments, result.not_queued, result.complete) == (4, 6, False)
    monkeypatch.setattr(tasks.scan_comments, "delay", lambda ids, trigger: taken.append(ids))
    assert tasks.sweep_run(older_than_seconds=60).comments == 6
    assert sorted(pk for chunk in taken for pk in chunk) == ids


@pytest.fixture
def lock_holder() -> Iterator[threading.Event]:
    """The sweep lock held by another thread (its own database connection), as another process would hold it,
    until the returned event is set."""
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with deployment_lock(tasks.SWEEP_LOCK) as held:
                assert held, held.reason
                taken.set()
                release.wait(30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert taken.wait(10)
    try:
        yield release
    finally:
        release.set()
        holder.join(10)


def test_only_one_sweep_runs_at_a_time(sent, lock_holder):
    waiting(3)
    result = tasks.sweep_run(older_than_seconds=60)
    assert (result.skipped, result.comments, sent) == ("another process holds it", 0, [])
    lock_holder.set()
    deadline = time.monotonic() + 10
    while (result := tasks.sweep_run(older_than_seconds=60)).skipped and time.monotonic() < deadline:
        time.sleep(0.05)
    assert result.comments == 3 and len(sent) == 1


def test_after_the_broker_restarts_every_comment_queued_before_it_is_queued_at_once(monkeypatch, sent):
    before = waiting(4, minutes_ago=0)
    Comment.objects.filter(pk__in=before).update(updated=timezone.now() - timedelta(seconds=20))
    waiting(2, minutes_ago=0)  # queued since the restart: their tasks are on the broker
    monkeypatch.setattr(tasks, "broker_started_at", lambda: timezone.now() - timedelta(seconds=10))
    assert tasks.sweep_run(older_than_seconds=60).comments == 4
    assert sorted(pk for chunk in sent for pk in chunk) == before


def test_the_broker_start_is_read_from_redis(settings, private_redis):  # noqa: F811
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = private_redis.url, False
    started = tasks.broker_started_at()
    assert started is not None and timezone.now() - timedelta(seconds=30) < started <= timezone.now()
    private_redis.kill()
    assert tasks.broker_started_at() is None
    settings.CELERY_TASK_ALWAYS_EAGER = True  # tasks in-process: no broker to ask
    assert tasks.broker_started_at() is None
