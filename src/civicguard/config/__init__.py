"""Django settings, URLs and the Celery application (imported here so tasks bind to it)."""

from civicguard.config.celery import app as celery_app

__all__ = ["celery_app"]
