"""One at a time per deployment: a named lock that every process of one installation sees.

Which lock depends on what the installation has (the first that applies):

1. Redis, when the broker (CELERY_BROKER_URL) or the cache (CIVICGUARD_REDIS_URL) is on Redis: a key set only if
   absent, with a time to live, released by a script that deletes it only while it still holds this holder's
   token (redis-py's Lock). The key is named after the deployment (the cache's key prefix and the task queue),
   so installations sharing one Redis do not block each other. A holder that dies frees the lock when its time
   to live runs out; a long holder calls `Held.extend()` to keep it.
2. PostgreSQL: a session advisory lock (`pg_try_advisory_lock`) on a key made from the database's name and the
   lock's name; PostgreSQL frees it when the holder's connection ends, however the holder died.
3. Otherwise (SQLite, one machine): an exclusive `flock` on a file under CIVICGUARD_HOME/locks; the operating
   system frees it when the holder's process ends.

A lock that cannot be taken (held elsewhere, or its store unreachable: Redis down) is reported as not held;
the caller skips its turn and tries again later. Nobody waits.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

log = logging.getLogger(__name__)

Kind = Literal["redis", "postgresql", "file"]


@dataclass
class Held:
    """The outcome of asking for a lock: `held` says whether this process has it; `kind` which store was used;
    `reason` (when not held) says why in plain words."""

    name: str
    kind: Kind
    held: bool
    reason: str = ""
    _redis_lock: Any = field(default=None, repr=False)

    def extend(self) -> None:
        """Give a Redis lock its full time to live again (other locks are held until released)."""
        if self._redis_lock is not None and self.held:
            with contextlib.suppress(Exception):
                self._redis_lock.reacquire()

    def __bool__(self) -> bool:
        return self.held


def redis_url() -> str:
    """The Redis that holds the deployment's locks: the broker's, else the cache's, else none."""
    from django.conf import settings

    broker = str(getattr(settings, "CELERY_BROKER_URL", "") or "")
    if broker.startswith(("redis://", "rediss://")) and not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        return broker
    return str(getattr(settings, "REDIS_URL", "") or "")


def lock_kind() -> Kind:
    from django.db import connection

    if redis_url():
        return "redis"
    if connection.vendor == "postgresql":
        return "postgresql"
    return "file"


def _namespace() -> str:
    """What names this deployment among others sharing a Redis: the cache's key prefix and the task queue."""
    from django.conf import settings

    prefix = str(settings.CACHES.get("default", {}).get("KEY_PREFIX", "") or "civicguard")
    queue = str(getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "") or "civicguard")
    return f"{prefix}:{queue}"


@contextlib.contextmanager
def deployment_lock(name: str, *, ttl_seconds: int = 120) -> Iterator[Held]:
    """Try once to take the lock `name` for this deployment; yields a `Held` (false when someone else has it)."""
    kind = lock_kind()
    if kind == "redis":
        with _redis_lock(name, ttl_seconds) as held:
            yield held
    elif kind == "postgresql":
        with _advisory_lock(name) as held:
            yield held
    else:
        with _file_lock(name) as held:
            yield held


@contextlib.contextmanager
def _redis_lock(name: str, ttl_seconds: int) -> Iterator[Held]:
    import redis

    client = redis.Redis.from_url(redis_url(), socket_connect_timeout=2, socket_timeout=5)
    lock = client.lock(f"{_namespace()}:lock:{name}", timeout=ttl_seconds, blocking=False)
    try:
        try:
            taken = bool(lock.acquire(blocking=False))
        except redis.RedisError as exc:
            yield Held(name, "redis", False, f"Redis could not be reached ({type(exc).__name__}: {exc})")
            return
        if not taken:
            yield Held(name, "redis", False, "another process holds it")
            return
        try:
            yield Held(name, "redis", True, _redis_lock=lock)
        finally:
            # Gone already (its time ran out, or Redis lost it): nothing to release.
            with contextlib.suppress(redis.RedisError, redis.exceptions.LockError):
                lock.release()
    finally:
        client.close()


def _advisory_key(name: str) -> int:
    """A signed 64-bit key from the database's name and the lock's: advisory locks are per server, not per
    database, so two databases on one server (test runs side by side) do not share a lock."""
    from django.db import connection

    digest = hashlib.sha256(f"{connection.settings_dict['NAME']}:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextlib.contextmanager
def _advisory_lock(name: str) -> Iterator[Held]:
    from django.db import connection

    key = _advisory_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        taken = bool(cursor.fetchone()[0])
    if not taken:
        yield Held(name, "postgresql", False, "another process holds it")
        return
    try:
        yield Held(name, "postgresql", True)
    finally:
        # The same connection (Django's connections are per thread); a connection that broke took the lock with it.
        with contextlib.suppress(Exception), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


@contextlib.contextmanager
def _file_lock(name: str) -> Iterator[Held]:
    import fcntl

    from django.conf import settings

    folder = Path(settings.HOME) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield Held(name, "file", False, "another process holds it")
            return
        try:
            yield Held(name, "file", True)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
