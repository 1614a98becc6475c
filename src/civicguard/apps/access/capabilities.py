"""The capabilities every app declares, merged into the one table the permission check reads.

Each app that adds something a role may do declares it in its own `capabilities.py`, beside the code that asks:

    CAPABILITIES = {
        "post.draft": ("Draft, check and submit official posts", {"representative"}),
        ...
    }

a capability slug (`<area>.<verb>`, an interface: never rename one) -> (what it allows, in plain English; the
roles of `roles.ROLES` that hold it in a council). This module finds them through Django's app registry, so the
access app imports no other app to learn them. A capability declared twice, or given to a role that does not
exist, stops the process when the table is first read, naming the app and the capability.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from civicguard.apps.access.roles import ROLES


@dataclass(frozen=True)
class Capability:
    slug: str
    description: str
    roles: frozenset[str]
    app: str  # the label of the app that declares it


def _capabilities_module(app_name: str) -> ModuleType | None:
    name = f"{app_name}.capabilities"
    try:
        found = importlib.util.find_spec(name)
    except ModuleNotFoundError:
        return None
    return importlib.import_module(name) if found is not None else None


def _declared(app: str, slug: str, declaration: tuple[str, Iterable[str]]) -> Capability:
    description, roles = declaration
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        raise ImproperlyConfigured(f"{app}/capabilities.py: {slug!r} names roles that do not exist: "
                                   f"{', '.join(unknown)} (the roles are in civicguard/apps/access/roles.py)")
    if not description:
        raise ImproperlyConfigured(f"{app}/capabilities.py: {slug!r} needs a plain-English description")
    return Capability(slug=slug, description=description, roles=frozenset(roles), app=app)


@cache
def registry() -> dict[str, Capability]:
    """Every declared capability, by slug."""
    found: dict[str, Capability] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("civicguard."):
            continue
        module = _capabilities_module(config.name)
        if module is None:
            continue
        for slug, declaration in getattr(module, "CAPABILITIES", {}).items():
            if slug in found:
                raise ImproperlyConfigured(f"{config.label}/capabilities.py: {slug!r} is already declared by "
                                           f"{found[slug].app}/capabilities.py: one app owns a capability")
            found[slug] = _declared(config.label, slug, declaration)
    return found


def holders() -> dict[str, frozenset[str]]:
    """capability -> the roles that hold it in a council (a copy: changing it changes nobody's access)."""
    return {slug: capability.roles for slug, capability in registry().items()}


def roles_holding(capability: str) -> frozenset[str]:
    found = registry().get(capability)
    if found is None:
        raise KeyError(f"no app declares the capability {capability!r}: add it to that app's capabilities.py")
    return found.roles


def of_role(role: str) -> list[Capability]:
    """What one role may do, in slug order (the `civicguard users` listing and the docs read this)."""
    return sorted((c for c in registry().values() if role in c.roles), key=lambda c: c.slug)


@cache
def app_navigation() -> list[tuple[str, str, str]]:
    """The header links the apps add: each app's `capabilities.py` may declare

        NAV = [("unblocking.view", "unblocking:list", "Website unblocking"), ...]

    (capability, URL name, label: a link shows only to those who hold the capability), in app order."""
    found: list[tuple[str, str, str]] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("civicguard."):
            continue
        module = _capabilities_module(config.name)
        for capability, url_name, label in getattr(module, "NAV", []) if module is not None else []:
            if capability not in registry():
                raise ImproperlyConfigured(f"{config.label}/capabilities.py: NAV names {capability!r}, which no "
                                           "app declares")
            found.append((capability, url_name, label))
    return found
