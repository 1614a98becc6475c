"""Reading evidence: its chain of custody, for a case's page and for a bundle's manifest.

Who may see an item is decided by its case (access.confidential.may_read_case), before any of these is called;
the caller logs the read (confidential_read)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from civicguard.apps.evidence.models import CustodyEntry, EvidenceItem


def actor_name(user: Any) -> str:
    """A person as a custody log names them: their full name, else their user name."""
    if user is None:
        return "CivicGuard"
    return (user.get_full_name() or "").strip() or user.get_username()


def custody_of(item: EvidenceItem) -> QuerySet[CustodyEntry]:
    """The item's chain of custody, oldest first: who captured, viewed, downloaded or exported it, when, from
    which address and through which door (`entry.get_action_display()` says the action in words)."""
    return CustodyEntry.objects.filter(item=item).select_related("actor").order_by("at", "id")
