"""Which of a person's councils a page is working in (kept in the session; the first one by default)."""

from __future__ import annotations

from django.http import HttpRequest

from civicguard.apps.access.checks import councils_of
from civicguard.apps.councils.models import Council

SESSION_KEY = "civicguard.council"


def current_council(request: HttpRequest) -> Council | None:
    councils = councils_of(request.user)
    if not councils:
        return None
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    return next((c for c in councils if c.slug == chosen), councils[0])


def choose_council(request: HttpRequest, slug: str) -> bool:
    if any(c.slug == slug for c in councils_of(request.user)):
        request.session[SESSION_KEY] = slug
        return True
    return False
