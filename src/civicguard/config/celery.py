"""The Celery application. With no CELERY_BROKER_URL every task runs in-process (the embedded default)."""

import os

from celery import Celery
from celery.signals import worker_init, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicguard.config.settings.base")
app = Celery("civicguard")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@worker_process_init.connect
def _one_blas_thread(**_: object) -> None:
    """Each worker process checks comments with one BLAS thread; the worker processes share out the cores."""
    from civicguard.engine import one_blas_thread

    one_blas_thread()
