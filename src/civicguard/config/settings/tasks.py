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
# `celery beat` queues the sweep: comments whose task was lost, hand-off deliveries due a retry.
CELERY_BEAT_SCHEDULE = {
    "moderation-sweep": {"task": "moderation.sweep", "schedule": 60.0},
}
