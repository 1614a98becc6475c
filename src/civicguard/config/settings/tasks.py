"""Background tasks: Celery on the broker in CELERY_BROKER_URL; with none set, tasks run in-process."""

from __future__ import annotations

import os

_BROKER = os.environ.get("CELERY_BROKER_URL", "").strip()
# The embedded default: no broker, so a task runs at once in the caller's process (and raises there).
CELERY_TASK_ALWAYS_EAGER = not _BROKER
CELERY_BROKER_URL = _BROKER or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# With late acknowledgement, a task whose worker died is handed to another worker once this many seconds have
# passed since it was taken (Redis keeps it as unacknowledged until then). Keep it above the longest task.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CIVICGUARD_TASK_VISIBILITY_TIMEOUT", "600")),
}
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CIVICGUARD_TASK_QUEUE", "civicguard")


def _seconds(name: str, default: float) -> float:
    """A number of seconds above 0 from the environment; anything else stops the start with the setting named."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not value > 0:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{name} must be a number of seconds above 0, not {raw!r}")
    return value


# The sweep queues again what a lost task left behind (docs/worker-and-sweep.md): every `civicguard worker` runs
# it every CIVICGUARD_SWEEP_SECONDS (one at a time per deployment, under a lock), as does `civicguard beat` and,
# with no broker, the site's own scheduler. A comment is queued again once it has waited longer than
# CIVICGUARD_SWEEP_PENDING_SECONDS since it was last queued: above the time a normal burst waits in the queue,
# so the sweep does not queue the same comments twice while the workers are still on their way to them.
CIVICGUARD_SWEEP_SECONDS = _seconds("CIVICGUARD_SWEEP_SECONDS", 30.0)
CIVICGUARD_SWEEP_PENDING_SECONDS = _seconds("CIVICGUARD_SWEEP_PENDING_SECONDS", 60.0)

# Periodic jobs: `civicguard beat` queues each to the workers; with no broker the site runs each in-process
# (civicguard.cli.web.start_scheduler). Add a job here and both run it. A schedule is seconds or a Celery schedule
# (celery.schedules.crontab).
CELERY_BEAT_SCHEDULE = {
    "moderation-sweep": {"task": "moderation.sweep", "schedule": CIVICGUARD_SWEEP_SECONDS},
    # A signed checkpoint of the audit chain a day (docs/audit-trail.md): the task looks every hour and writes one
    # into CIVICGUARD_CHECKPOINT_DIR when the newest there is 23 hours old, so restarts neither skip nor repeat.
    "audit-checkpoint": {"task": "audit.checkpoint", "schedule": 3600.0},
    # Website unblocking (Sefton 5.1): ends the access of requests whose last day has passed. It looks every hour;
    # what it does depends only on the day, so a restart neither skips nor repeats an expiry.
    "unblocking-expire": {"task": "unblocking.expire", "schedule": 3600.0},
    # Account reviews (St Helens 6.13): opens the reviews that are due and flags dormant accounts. It looks every
    # hour; what it does depends only on the day, so a restart neither skips nor repeats a day's work.
    "reviews-daily": {"task": "reviews.daily", "schedule": 3600.0},
    # Photo consent (Sefton 5.5): a consent whose last day has passed raises takedown tasks for the published posts
    # that show its person. It looks every hour; each record is handled once, so a restart neither skips nor repeats.
    "consent-expire": {"task": "consent.expire", "schedule": 3600.0},
    # Removal requests (Sefton 6.4): an unconfirmed request past its deadline escalates to its case, once.
    "cases-removals-overdue": {"task": "cases.removals_overdue", "schedule": 3600.0},
    # RIPA (St Helens 8.2): authorisations that lapse (three months; twelve for a source) expire, with reminders
    # before; records past the pack's retention are purged with a log of what went.
    "investigations-daily": {"task": "investigations.daily", "schedule": 3600.0},
    # The Information Management Group's monthly meeting pack (St Helens 9.3-9.5), e-mailed on the pack's day.
    "dashboard-monthly-pack": {"task": "dashboard.monthly_pack", "schedule": 3600.0},
    # Retention (St Helens 5.5): records past the pack's period for their type are purged, with a log of what went.
    "disclosure-retention": {"task": "disclosure.retention_purge", "schedule": 3600.0},
    # The daily e-mail of what waits on each person (apps/notifications): looked at every hour, sent from
    # CIVICGUARD_DIGEST_HOUR (local time) on, once a day per person (DigestSent), links under CIVICGUARD_SITE_URL.
    "notifications-digest": {"task": "notifications.digest", "schedule": 3600.0},
}
CIVICGUARD_DIGEST_HOUR = int(os.environ.get("CIVICGUARD_DIGEST_HOUR", "7"))
CIVICGUARD_SITE_URL = os.environ.get("CIVICGUARD_SITE_URL", "").strip().rstrip("/")
