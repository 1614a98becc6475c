"""What waits on a person: each app says what of its own needs them, and this module gathers it.

An app with something a person must do (a business case to decide, an agreement to sign, training expiring, a
review due, an unblocking request to approve) declares it in its own `waiting.py`:

    from civicguard.apps.notifications.collect import Waiting

    def waiting_for(user, council) -> list[Waiting]:
        ...

reading its own records (a query, so nothing is stored twice and nothing goes stale). The home page lists what
`waiting(user, council)` returns; the daily digest e-mails the same list. This module finds the apps' modules
through Django's app registry, so it imports no other app.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from django.apps import apps
from django.db import transaction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Waiting:
    """One thing a person should do, in plain English."""

    text: str                 # "Decide the business case for @SthLibraries (Facebook)"
    url: str                  # the page where they do it (an absolute path: reverse(...))
    area: str                 # the heading it is listed under: "Business cases", "Training", ...
    due: date | None = None   # when it is due, if it has a date; overdue ones come first
    urgent: bool = False      # overdue, or blocking the person's own work


@cache
def _sources() -> list[Callable[[Any, Any], list[Waiting]]]:
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.waiting"
        if config.name.startswith("civicguard.apps.") and importlib.util.find_spec(name) is not None:
            found.append(importlib.import_module(name).waiting_for)
    return found


def waiting(user: Any, council: Any, *, strict: bool = False) -> list[Waiting]:
    """Everything waiting on `user` in `council`: urgent first, then by due date (undated last), then by area.

    One app's source failing must not take the start page down with it: its error is logged and the others are
    still listed. `strict` raises it instead (the tests)."""
    items: list[Waiting] = []
    for source in _sources():
        try:
            with transaction.atomic():  # a savepoint: a failed query leaves the page's transaction usable
                items.extend(source(user, council))
        except Exception:  # noqa: BLE001 - logged; the page lists the rest
            if strict:
                raise
            log.exception("%s.waiting_for failed for user %s in %s; the other apps' items are still listed",
                          getattr(source, "__module__", "?"), getattr(user, "pk", None), council)
    return sorted(items, key=lambda w: (not w.urgent, w.due is None, w.due or date.max, w.area, w.text))


def is_overdue(item: Waiting, today: date) -> bool:
    return item.urgent or (item.due is not None and item.due < today)


@dataclass
class Group:
    """The things waiting under one heading, overdue ones first (as `waiting` sorts them)."""

    area: str
    items: list[tuple[Waiting, bool]] = field(default_factory=list)  # (item, overdue)
    overdue: int = 0


def grouped(items: list[Waiting], today: date) -> list[Group]:
    """`items` under their areas: areas with something overdue first, then by their soonest due date, then by
    name; inside an area, the order `waiting` gave (urgent, then soonest due)."""
    groups: dict[str, Group] = {}
    for item in items:
        group = groups.setdefault(item.area, Group(item.area))
        late = is_overdue(item, today)
        group.items.append((item, late))
        group.overdue += late

    def order(g: Group) -> tuple[bool, date, str]:
        dues = [i.due for i, _ in g.items if i.due is not None]
        return (g.overdue == 0, min(dues) if dues else date.max, g.area)

    return sorted(groups.values(), key=order)
