"""Start Django for the commands that use the database (serve, demo, users, accounts, audit), and run periodic
jobs in a thread: the site's own scheduler when tasks run in-process, the sweep inside `civicguard worker`."""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

log = logging.getLogger(__name__)

SWEEP_TASK = "moderation.sweep"
# The scheduler looks at its jobs at least this often (a crontab's next time may be days away) and at most.
MIN_WAIT_SECONDS, MAX_WAIT_SECONDS = 0.5, 60.0


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicguard.config.settings.base")
    import django

    django.setup()


def open_database() -> None:
    """Start Django and bring the database schema up to date (a fresh installation needs no other step)."""
    setup_django()
    migrate()


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def sweep_once() -> None:
    """One run of the moderation sweep (lost checks, hand-off deliveries due a retry); never raises."""
    from django.db import close_old_connections

    from civicguard.apps.moderation import tasks

    close_old_connections()
    try:
        tasks.run_sweep()
    except Exception:  # noqa: BLE001 - the thread must outlive a bad minute; it tries again next time
        log.exception("the moderation sweep failed; it runs again at its next turn")
    finally:
        close_old_connections()


# ---- periodic jobs -------------------------------------------------------------------------------------------

@dataclass
class PeriodicJob:
    """A job run every `schedule` seconds, or on a Celery schedule (anything with `is_due(last_run_at)`, such as
    `celery.schedules.crontab`). `run` must not raise for long: a failure is logged and the job runs next time."""

    name: str
    schedule: Any
    run: Callable[[], object]
    last_run: datetime = field(default_factory=lambda: datetime.now(UTC))

    def due_in(self) -> float:
        """Seconds until the job is due (0 or less: due now)."""
        if isinstance(self.schedule, int | float | timedelta):
            every = self.schedule.total_seconds() if isinstance(self.schedule, timedelta) else float(self.schedule)
            return (self.last_run + timedelta(seconds=every) - datetime.now(UTC)).total_seconds()
        due, next_check = self.schedule.is_due(self.last_run)
        return 0.0 if due else float(next_check)


def _run_job(job: PeriodicJob) -> None:
    from django.db import close_old_connections

    close_old_connections()
    try:
        job.run()
    except Exception:  # noqa: BLE001 - one failing run must not stop the scheduler; the job runs again next time
        log.exception("the periodic job %s failed; it runs again at its next turn", job.name)
    finally:
        job.last_run = datetime.now(UTC)
        close_old_connections()


def _schedule_forever(jobs: list[PeriodicJob], stop: threading.Event) -> None:
    while not stop.is_set():
        for job in jobs:
            if stop.is_set():
                return
            if job.due_in() <= 0:
                _run_job(job)
        wait = min((job.due_in() for job in jobs), default=MAX_WAIT_SECONDS)
        stop.wait(min(max(wait, MIN_WAIT_SECONDS), MAX_WAIT_SECONDS))


def start_scheduler(jobs: list[PeriodicJob], *, name: str = "civicguard-scheduler") -> threading.Event:
    """Run `jobs` in a daemon thread, each when it is due (one at a time, so a slow job delays the others).
    Returns the event that stops it."""
    stop = threading.Event()
    threading.Thread(target=_schedule_forever, args=(jobs, stop), name=name, daemon=True).start()
    return stop


def beat_jobs(*, sweep_seconds: float | None = None) -> list[PeriodicJob]:
    """The jobs of CELERY_BEAT_SCHEDULE, each run in this process (the task's function called directly).
    `sweep_seconds` overrides the sweep's interval."""
    from django.conf import settings

    from civicguard.config.celery import app

    app.autodiscover_tasks(force=True)  # every app's tasks module, so each scheduled task is registered
    jobs = []
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        task = app.tasks.get(entry["task"])
        if task is None:  # a schedule naming no task: the others still run
            log.error("CELERY_BEAT_SCHEDULE[%r] names no task %r; it is not run", name, entry["task"])
            continue
        args, kwargs = tuple(entry.get("args", ())), dict(entry.get("kwargs", {}))
        schedule = sweep_seconds if sweep_seconds is not None and entry["task"] == SWEEP_TASK else entry["schedule"]
        jobs.append(PeriodicJob(name=name, schedule=schedule, run=functools.partial(task, *args, **kwargs)))
    return jobs


def start_sweeper(interval: float | None = None) -> threading.Event | None:
    """When tasks run in-process (no broker, so no worker and no `civicguard beat`), run the periodic jobs of
    CELERY_BEAT_SCHEDULE (the sweep every CIVICGUARD_SWEEP_SECONDS, or `interval`) in a daemon thread. Returns
    the event that stops it, or None when a broker is configured (the workers and beat do it then)."""
    from django.conf import settings

    if not settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    return start_scheduler(beat_jobs(sweep_seconds=interval))
