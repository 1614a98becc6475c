"""The permission matrix's rows for /notifications/ (see tests/apps/matrix.py): anyone with a role in the council
sees what waits on them there and chooses whether to get the daily e-mail."""

from __future__ import annotations

from typing import Any

from civicguard.apps.notifications.models import DigestPreference
from tests.apps.matrix import ALL, page

LEGEND: dict[str, frozenset[str]] = {}  # personal.check (everyone with a role) is in the main legend

BODIES = {"no daily e-mail": lambda w: {"send_digest": "no"}}

ROWS = {
    ("notifications:list", "GET", ""): page(ALL, note="the person's own list, perhaps empty"),
    ("notifications:digest", "POST", ""): page(ALL, body="no daily e-mail", changes=True,
                                               note="the person's own choice, in the council they work in"),
}

TARGETS: set[str] = set()


def build(world: Any) -> dict[str, Any]:
    return {}


def state(council: Any) -> tuple[Any, ...]:
    return (list(DigestPreference.objects.filter(council=council).order_by("pk")
                 .values_list("user_id", "send_digest")),)
