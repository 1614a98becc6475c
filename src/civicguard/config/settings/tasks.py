"""Background tasks: Celery on the broker in CELERY_BROKER_URL; with none set, tasks run in-process."""

from __future__ import annotations

import os

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "").strip()
# The embedded default: no broker, so a task runs at once in the caller's process (and raises there).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
