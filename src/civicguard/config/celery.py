"""The Celery application. With no CELERY_BROKER_URL every task runs in-process (the embedded default)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicguard.config.settings.base")
app = Celery("civicguard")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
