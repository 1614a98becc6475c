"""Background work of the dashboard: the monthly meeting pack (CELERY_BEAT_SCHEDULE "dashboard-monthly-pack", run
every hour by `civicguard beat`, or by the site's own scheduler when tasks run in-process)."""

from __future__ import annotations

from celery import shared_task

from civicguard.apps.councils.models import Council
from civicguard.apps.dashboard.services import monthly_pack_send


@shared_task(name="dashboard.monthly_pack", acks_late=True)
def monthly_pack() -> dict[str, int]:
    """E-mail each council's pack of the previous month to its group on the pack's day: once a month per council,
    however often this runs."""
    sent = 0
    for council in Council.objects.order_by("slug"):
        if monthly_pack_send(council=council) is not None:
            sent += 1
    return {"sent": sent}
