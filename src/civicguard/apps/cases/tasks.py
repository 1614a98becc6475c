"""The hourly job (config/settings/tasks.py: `cases-removals-overdue`): requests to remove postings (Sefton 6.4)
not confirmed by their deadline escalate to their case, once each."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="cases.removals_overdue")
def removals_overdue() -> int:
    from civicguard.apps.cases.services import removal_escalate_overdue

    return len(removal_escalate_overdue().escalated)
