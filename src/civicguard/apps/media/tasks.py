"""Background work for media items. Idempotent: a task delivered twice changes nothing the second time."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from civicguard.apps.media import services


@shared_task(name="media.analyse", acks_late=True, reject_on_worker_lost=True, autoretry_for=(DatabaseError,),
             retry_backoff=2, max_retries=5)
def analyse(item_id: int) -> bool:
    """Compute and store an uploaded image's facts; True when they say the image could be analysed."""
    item = services.media_analyse(item_id=item_id)
    facts = item.image_facts()
    return bool(facts is not None and facts.ok)
