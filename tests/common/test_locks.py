"""A deployment lock: one holder at a time, whichever store holds it (Redis, PostgreSQL, a file)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from django.db import connection

from civicguard.common import locks
from civicguard.common.locks import deployment_lock
from tests.apps.moderation.test_worker import PrivateRedis, free_port, private_redis  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def test_a_file_lock_has_one_holder(settings, tmp_path):
    settings.HOME = tmp_path
    with locks._file_lock("job") as first:
        assert first and first.kind == "file"
        with locks._file_lock("job") as second, locks._file_lock("another-job") as other:
            assert (bool(second), second.reason, bool(other)) == (False, "another process holds it", True)
    with locks._file_lock("job") as again:
        assert again


@pytest.fixture
def redis_deployment(settings, private_redis: PrivateRedis) -> Iterator[PrivateRedis]:  # noqa: F811
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = private_redis.url, False
    assert locks.lock_kind() == "redis"
    yield private_redis


def test_a_redis_lock_has_one_holder_per_deployment(settings, redis_deployment):
    with deployment_lock("job") as first:
        assert first and first.kind == "redis"
        with deployment_lock("job") as second:
            assert not second and second.reason == "another process holds it"
        settings.CELERY_TASK_DEFAULT_QUEUE = "another-installation"  # same Redis, another deployment
        with deployment_lock("job") as theirs:
            assert theirs
        settings.CELERY_TASK_DEFAULT_QUEUE = "civicguard"
    with deployment_lock("job") as again:
        assert again


def test_a_redis_lock_whose_holder_died_frees_itself(redis_deployment):
    import redis

    client = redis.Redis.from_url(redis_deployment.url)
    dead = client.lock(f"{locks._namespace()}:lock:job", timeout=1)
    assert dead.acquire(blocking=False)  # and never released
    with deployment_lock("job") as now:
        assert not now
    time.sleep(1.2)
    with deployment_lock("job") as later:
        assert later
    client.close()


def test_an_unreachable_redis_is_a_lock_not_held(settings):
    settings.REDIS_URL, settings.CELERY_TASK_ALWAYS_EAGER = f"redis://127.0.0.1:{free_port()}/0", True
    with deployment_lock("job") as held:
        assert not held and held.reason.startswith("Redis could not be reached (ConnectionError")


@pytest.mark.django_db(transaction=True)
def test_a_postgresql_advisory_lock_has_one_holder(settings):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (this run's database is SQLite)")
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with locks._advisory_lock("job") as held:
                assert held
                taken.set()
                release.wait(30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert taken.wait(10)
    with locks._advisory_lock("job") as second:
        assert not second and second.kind == "postgresql"
    release.set()
    holder.join(10)
    with locks._advisory_lock("job") as again:
        assert again
