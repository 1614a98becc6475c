"""Two deliveries of the same comment at the same moment, each in its own thread, transaction and database
connection (committed data: `transaction=True`): the older one never wins, and a removal is never missed.

The first delivery is held for a moment once it has read what is stored, while the second starts, so the second
always arrives while the first is mid-way. On PostgreSQL the second waits on the account row's lock (SELECT ...
FOR NO KEY UPDATE; without it every test here fails); on the embedded SQLite on its IMMEDIATE transaction. Either
way it then compares against the committed newest version.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connections

from civicguard.apps.moderation.models import Comment, CommentStatus
from civicguard.apps.moderation.services import ingest as ingest_service
from civicguard.apps.moderation.services import scan
from tests.apps.moderation.factories import CLEAN, PERSONAL, account, body

pytestmark = pytest.mark.django_db(transaction=True)

T0 = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
HOLD_S = 0.4


def _row(pid: str, text: str, edited: datetime | None = None) -> dict[str, Any]:
    row = {"id": pid, "text": text, "created_at": T0.isoformat()}
    if edited is not None:
        row["edited_at"] = edited.isoformat()
    return row


def _remove(pid: str) -> bytes:
    return (b'{"object": "page", "entry": [{"id": "555", "time": %d, "changes": [{"field": "feed", "value": '
            b'{"item": "comment", "verb": "remove", "comment_id": "%s", "post_id": "555_1", "from": {"id": "77"}}}]}]}'
            % (int((T0 + timedelta(hours=1)).timestamp()), pid.encode()))


def race(monkeypatch: pytest.MonkeyPatch, first: Callable[[], Any], second: Callable[[], Any]) -> list[Any]:
    """Run `first` in a thread until it has read what is stored, then `second` in another; wait for both."""
    holding = threading.Event()
    original = ingest_service._known

    def read_then_linger(keys: set[Any]) -> Any:
        found = original(keys)
        if threading.current_thread().name == "first" and not holding.is_set():
            holding.set()
            time.sleep(HOLD_S)  # mid-way through its delivery: what it read could go out of date without the lock
        return found

    monkeypatch.setattr(ingest_service, "_known", read_then_linger)
    queued: list[list[int]] = []
    monkeypatch.setattr(ingest_service, "enqueue_scan", lambda ids, trigger="ingest": queued.append(list(ids)))
    results: dict[str, Any] = {}

    def run(name: str, job: Callable[[], Any]) -> None:
        try:
            if name == "second":
                assert holding.wait(10), "the first delivery never took the lock"
            results[name] = job()
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            results[name] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(name, job), name=name)
               for name, job in (("first", first), ("second", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    for name in ("first", "second"):
        if isinstance(results.get(name), BaseException):
            raise results[name]
    for ids in queued:  # the checks the deliveries queued, run now as a worker would
        scan.scan(ids)
    return [results["first"], results["second"]]


@pytest.mark.parametrize("edit_first", [True, False], ids=["edit-then-add", "add-then-edit"])
def test_an_edit_and_its_add_at_the_same_moment_leave_the_edit_shown(monkeypatch, edit_first):
    acct = account()
    add = lambda: ingest_service.ingest(source="json", body=body([_row("r-1", CLEAN)]), account=acct)  # noqa: E731
    edit = lambda: ingest_service.ingest(  # noqa: E731
        source="json", body=body([_row("r-1", PERSONAL, T0 + timedelta(minutes=5))]), account=acct)
    first, second = race(monkeypatch, edit, add) if edit_first else race(monkeypatch, add, edit)
    comment = Comment.objects.get(platform_id="r-1")
    assert comment.text == PERSONAL and comment.status == CommentStatus.NEEDS_REVIEW
    assert [r.text for r in comment.revisions.all()] == [CLEAN]
    assert comment.revisions.get().stale is edit_first  # the add came second: kept, never shown
    assert len(first.created) == 1 and not second.created
    assert (second.stale if edit_first else second.edited) == [comment.pk]


def test_the_same_delivery_twice_at_the_same_moment_stores_one_comment(monkeypatch):
    acct = account()
    deliver = lambda: ingest_service.ingest(source="json", body=body([_row("r-2", PERSONAL)]), account=acct)  # noqa: E731
    first, second = race(monkeypatch, deliver, deliver)
    assert Comment.objects.filter(platform_id="r-2").count() == 1
    assert (len(first.created), second.created, second.duplicates) == (1, [], 1)
    assert not Comment.objects.get(platform_id="r-2").revisions.exists()


def test_a_removal_and_a_late_add_at_the_same_moment_never_leave_a_live_comment(monkeypatch):
    acct = account(platform="facebook", platform_id="555")
    remove = lambda: ingest_service.ingest(source="meta", body=_remove("r-3"))  # noqa: E731
    add = lambda: ingest_service.ingest(source="json", body=body([_row("r-3", CLEAN)]), account=acct)  # noqa: E731
    race(monkeypatch, remove, add)
    assert Comment.objects.get(platform_id="r-3").deleted_at == T0 + timedelta(hours=1)
