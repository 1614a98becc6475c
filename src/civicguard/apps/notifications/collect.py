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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from django.apps import apps


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


def waiting(user: Any, council: Any) -> list[Waiting]:
    """Everything waiting on `user` in `council`: urgent first, then by due date (undated last), then by area."""
    items = [item for source in _sources() for item in source(user, council)]
    return sorted(items, key=lambda w: (not w.urgent, w.due is None, w.due or date.max, w.area, w.text))
