"""Plain-English names for what the audit trail records: events, the objects they are about, their fields.

Each app declares what it writes in its own `events.py` (so a new event is named beside the code that adds it):

    EVENT_LABELS = {"posts.post.override": "Approved with an override", ...}   # required: every event it writes
    AREA = "Posts"                                     # optional: the heading its events are grouped under
    OBJECT_NAMES = {"posts.post": "Post", ...}        # optional: the model label (`_meta.label_lower`) in words
    OBJECT_PAGES = {"posts.post": "posts:detail", ...}  # optional: the URL name of the object's page (reversed
                                                       # with pk=<object id> when it takes one, else as it is;
                                                       # "staff:list#person-" links to the row person-<id>)
    FIELD_LABELS = {"reason_code": "Reason", ...}      # optional: before/after keys in words (the writing
                                                       # app's own come first, then any app's)
    VALUE_LABELS = {"status": {"submitted": "Waiting for approval"}, "reason_code": fn}
                                                       # optional: a field's coded values in words, as a mapping
                                                       # or fn(code, council slug) -> words | None; the writing
                                                       # app's own come first, then any app's

This module finds them through Django's app registry, so the audit app imports no other app. A name nobody
declared is shown in a readable form (never the raw code) and logged, and tests/apps/audit/test_labels.py fails
for any event written in src/ without a label.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, reverse

logger = logging.getLogger(__name__)

ValueNames = Mapping[str, str] | Callable[[str, str], str | None]


@dataclass(frozen=True)
class Registry:
    """Every app's declarations merged; `by_app` keeps each app's own events, under its area, for the filter."""

    events: dict[str, str] = field(default_factory=dict)
    objects: dict[str, str] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    fields: dict[str, dict[str, str]] = field(default_factory=dict)  # app label -> key -> words
    by_app: dict[str, dict[str, str]] = field(default_factory=dict)
    owner: dict[str, str] = field(default_factory=dict)  # event -> the app label that declares it
    values: dict[str, dict[str, ValueNames]] = field(default_factory=dict)  # app label -> field -> names


def _events_module(app_name: str) -> ModuleType | None:
    name = f"{app_name}.events"
    try:
        found = importlib.util.find_spec(name)
    except ModuleNotFoundError:
        return None
    return importlib.import_module(name) if found is not None else None


@cache
def registry() -> Registry:
    reg = Registry()
    for config in apps.get_app_configs():
        if not config.name.startswith("civicguard."):
            continue
        module = _events_module(config.name)
        if module is None:
            continue
        events = dict(getattr(module, "EVENT_LABELS", {}))
        reg.by_app[getattr(module, "AREA", "") or _sentence(_words(config.label))] = events
        reg.events.update(events)
        reg.objects.update(getattr(module, "OBJECT_NAMES", {}))
        reg.pages.update(getattr(module, "OBJECT_PAGES", {}))
        reg.fields[config.label] = dict(getattr(module, "FIELD_LABELS", {}))
        reg.owner.update(dict.fromkeys(events, config.label))
        reg.values[config.label] = dict(getattr(module, "VALUE_LABELS", {}))
    return reg


def _words(code: str) -> str:
    return code.replace("_", " ").replace("-", " ").strip()


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


@cache
def _missed(kind: str, code: str) -> None:
    """Log each unnamed code once per process: a developer should add it to the app's events.py."""
    logger.warning("no plain-English name for the %s %r: add it to the app's events.py", kind, code)


def event_label(name: str) -> str:
    """`posts.post.override` -> "Approved with an override"; an unknown event in readable words."""
    label = registry().events.get(name)
    if label is not None:
        return label
    if not name:
        return ""
    _missed("audit event", name)
    parts = [p for p in name.split(".") if p]
    # namespace.subject.verb -> "Verb (subject)": `embargo.document.archive` reads "Archive (document)".
    if len(parts) >= 2:
        return f"{_sentence(_words(parts[-1]))} ({_words(parts[-2])})"
    return _sentence(_words(name))


def event_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The events a person can filter by, grouped by the part of CivicGuard that writes them (its `AREA`)."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for area, events in registry().by_app.items():
        if events:
            groups.append((area, sorted(events.items(), key=lambda item: item[1].lower())))
    return groups


def object_name(object_type: str) -> str:
    """`posts.post` -> "Post"; an unknown model label in readable words."""
    name = registry().objects.get(object_type)
    if name is not None:
        return name
    if not object_type:
        return ""
    _missed("object type", object_type)
    return _sentence(_words(object_type.rsplit(".", 1)[-1]))


def object_url(object_type: str, object_id: str) -> str:
    """The page of the object an entry is about, or "" when it has none (or the name no longer resolves).

    A page name with a fragment (`staff:list#person-`) is a list whose row for the object has the id
    `person-<object id>`."""
    page = registry().pages.get(object_type)
    if not page:
        return ""
    url_name, _, row = page.partition("#")
    if object_id.isdigit() and not row:
        try:
            return reverse(url_name, kwargs={"pk": int(object_id)})
        except NoReverseMatch:
            pass
    try:
        return reverse(url_name) + (f"#{row}{object_id}" if row and object_id.isdigit() else "")
    except NoReverseMatch:
        logger.warning("OBJECT_PAGES names %r for %s, which does not resolve", url_name, object_type)
        return ""


def _own_first(event: str) -> list[str]:
    """App labels, the one that declares `event` first (a post's `decision` is not a comment's)."""
    reg = registry()
    own = reg.owner.get(event, "")
    return [own] + [label for label in reg.fields if label != own]


def field_label(key: str, event: str = "") -> str:
    """A before/after key in plain words: `reason_code` -> "Reason"; undeclared keys with spaces for `_`."""
    fields = registry().fields
    for label in _own_first(event):
        name = fields.get(label, {}).get(key)
        if name:
            return name
    return _sentence(_words(key))


def _name_in(names: ValueNames, code: str, council: str) -> str | None:
    if callable(names):
        return names(code, council)
    return names.get(code)


def value_label(*, event: str, key: str, value: Any, council: str = "") -> str | None:
    """The words for a coded value (`status` "submitted" of a post -> "Waiting for approval"), or None.

    The app that wrote the event is asked first (a post's and a comment's statuses differ), then every other."""
    if not isinstance(value, str) or not value:
        return None
    reg = registry()
    for label in _own_first(event):
        names = reg.values.get(label, {}).get(key)
        if names is not None:
            found = _name_in(names, value, council)
            if found:
                return found
    return None
