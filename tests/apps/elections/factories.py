"""Elections for the tests, made through the service (so each has its audit entry)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from civicguard.apps.elections.models import Election
from civicguard.apps.elections.services import election_add
from tests.apps.factories import council, person


def election(council_slug: str = "st-helens", *, on: bool = True, **fields: Any) -> Election:
    """An election of the council: with `on`, its period covers today (polling day in ten days); else polling day
    is four months away and the period has not begun."""
    today = timezone.localdate()
    polling: date = today + (timedelta(days=10) if on else timedelta(days=120))
    values: dict[str, Any] = {"name": "Borough council elections", "kind": "local", "polling_day": polling,
                              "notice_published_on": today - timedelta(days=5) if on else None}
    values.update(fields)
    return election_add(actor=person("img", council_slug), council=council(council_slug), **values)
