"""Reading staff records."""

from __future__ import annotations

from typing import Any

from civicguard.apps.councils.models import Council
from civicguard.apps.people.models import StaffRecord
from civicguard.engine.model import Restriction, restriction_from


def record_of(*, user: Any, council: Council) -> StaffRecord | None:
    """The person's staff record in the council (an active one first), or None."""
    if user is None or getattr(user, "pk", None) is None:
        return None
    return StaffRecord.objects.filter(council=council, user=user).order_by("-active", "pk").first()


def politically_restricted(*, user: Any, council: Council) -> bool | None:
    """Whether HR marked the person's post politically restricted (St Helens 5.7); None when they have no record."""
    record = record_of(user=user, council=council)
    return None if record is None else record.politically_restricted


def restriction(*, user: Any, council: Council, stated: bool = False) -> Restriction:
    """What a check made in CivicGuard counts the person's post as (St Helens 5.7) and who says so: HR's staff
    record when it says restricted; otherwise `stated` (the tick box or API field), "as you say"
    (engine.model.restriction_from holds the rule; the command line asks it with no record)."""
    return restriction_from(hr_record=politically_restricted(user=user, council=council), stated=stated)
