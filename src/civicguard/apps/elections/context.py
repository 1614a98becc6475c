"""The pre-election banner on every page: `pre_election` is the election whose period is on today for the council
the signed-in person is working in (`selectors.period_for`, the one rule), or None. `elections/banner.html` draws
it; base.html includes it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from civicguard.apps.access.councils import current_council
from civicguard.apps.elections.selectors import period_for


def pre_election(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"pre_election": None}
    return {"pre_election": period_for(current_council(request))}
