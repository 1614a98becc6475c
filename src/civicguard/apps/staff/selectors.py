"""Reading people's roles."""

from __future__ import annotations

from typing import Any

from civicguard.apps.councils.models import Council
from civicguard.apps.staff.models import RoleAssignment


def home_council(user: Any) -> Council | None:
    """The council of a person's first role (where a record about them that names no council is filed)."""
    if user is None:
        return None
    first = RoleAssignment.objects.filter(user=user).select_related("council").order_by("pk").first()
    return first.council if first else None
