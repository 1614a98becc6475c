"""Reading staff records."""

from __future__ import annotations

from typing import Any

from civicguard.apps.councils.models import Council
from civicguard.apps.people.models import StaffRecord


def record_of(*, user: Any, council: Council) -> StaffRecord | None:
    """The person's staff record in the council (an active one first), or None."""
    if user is None or getattr(user, "pk", None) is None:
        return None
    return StaffRecord.objects.filter(council=council, user=user).order_by("-active", "pk").first()


def politically_restricted(*, user: Any, council: Council) -> bool | None:
    """Whether HR marked the person's post politically restricted (St Helens 5.7); None when they have no record."""
    record = record_of(user=user, council=council)
    return None if record is None else record.politically_restricted
