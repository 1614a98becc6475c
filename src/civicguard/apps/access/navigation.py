"""What every page's header needs: the council in use and the links this person may follow."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from civicguard.apps.access.capabilities import app_navigation
from civicguard.apps.access.checks import can, councils_of
from civicguard.apps.access.councils import current_council

# (capability, url name, label): a link shows only to those who may use it. Apps added since declare theirs in
# their capabilities.py (`NAV`), appended in app order.
NAV = [
    ("personal.check", "posts:personal_check", "Check a personal post"),
    ("post.view", "posts:list", "Official posts"),
    ("outbox.view", "posts:outbox", "Outbox"),
    ("overrides.view", "posts:overrides", "Overrides"),
    ("comments.view", "moderation:queue", "Comment moderation"),
    ("embargo.view", "embargo:list", "Embargo register"),
    ("accounts.view", "social_accounts:list", "Accounts"),
    ("audit.view", "audit:list", "Audit trail"),
    ("staff.manage", "staff:list", "People and roles"),
    ("staff.view", "people:list", "Staff records"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": [], "council": None, "councils": []}
    council = current_council(request)
    nav = []
    if council is not None:
        for capability, name, label in [*NAV, *app_navigation()]:
            if can(user, capability, council):
                url = reverse(name)
                nav.append({"url": url, "label": label, "active": request.path.startswith(url)})
    return {"nav": nav, "council": council, "councils": councils_of(user)}
