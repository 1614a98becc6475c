"""Start Django for the commands that use the database (serve, demo, users, accounts, audit)."""

from __future__ import annotations

import logging
import os
import threading

log = logging.getLogger(__name__)

SWEEP_SECONDS = 60.0


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

    from civicguard.apps.moderation.tasks import run_sweep

    close_old_connections()
    try:
        done = run_sweep()
        if any(done.values()):
            log.info("sweep: queued again %s", done)
    except Exception:  # noqa: BLE001 - the thread must outlive a bad minute; it tries again next time
        log.exception("the moderation sweep failed; it runs again in %d s", SWEEP_SECONDS)
    finally:
        close_old_connections()


def _sweep_forever(stop: threading.Event, interval: float) -> None:
    while not stop.wait(interval):
        sweep_once()


def start_sweeper(interval: float = SWEEP_SECONDS) -> threading.Event | None:
    """When tasks run in-process (no broker, so no `civicguard beat`), sweep in a daemon thread every minute.
    Returns the event that stops it, or None when a broker and beat do the sweeping."""
    from django.conf import settings

    if not settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    stop = threading.Event()
    threading.Thread(target=_sweep_forever, args=(stop, interval), name="civicguard-sweep", daemon=True).start()
    return stop
