"""Which of a person's councils a page is working in (kept in the session; the first one by default)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from civicguard.apps.access.checks import councils_of
from civicguard.apps.councils.models import Council
from civicguard.errors import NotFound

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


def council_named(user: Any, slug: str) -> Council:
    """The council `slug` among the person's own (the API's `council` field or parameter); NotFound, naming the
    field, for any other, so a council they do not work for looks like one that does not exist."""
    council = next((c for c in councils_of(user) if c.slug == slug), None)
    if council is None:
        raise NotFound("no such council among yours", field="council")
    return council
