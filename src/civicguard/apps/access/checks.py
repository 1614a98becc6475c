"""The one permission check. Views, API endpoints and services all ask here; nothing else decides.

A person's roles are per council; an object of another council is reported as not found, so its existence
does not leak across councils. Which roles hold a capability is declared by the apps (capabilities.py).
"""

from __future__ import annotations

from typing import Any

from civicguard.apps.access.capabilities import roles_holding
from civicguard.apps.councils.models import Council
from civicguard.apps.staff.models import RoleAssignment
from civicguard.errors import NotAllowed, NotFound

_CACHE = "_civicguard_roles"


def _assignments(user: Any) -> list[RoleAssignment]:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("council"))
        setattr(user, _CACHE, cached)
    return cached


def forget_roles(user: Any) -> None:
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def roles_in(user: Any, council: Council | str) -> set[str]:
    slug = council if isinstance(council, str) else council.slug
    return {a.role for a in _assignments(user) if a.council.slug == slug}


def councils_of(user: Any) -> list[Council]:
    seen: dict[str, Council] = {}
    for a in _assignments(user):
        seen.setdefault(a.council.slug, a.council)
    return sorted(seen.values(), key=lambda c: c.name)


def can(user: Any, capability: str, council: Council | str) -> bool:
    return bool(roles_in(user, council) & roles_holding(capability))


def require(user: Any, capability: str, council: Council | str) -> None:
    """Raise NotAllowed unless the user holds a role with `capability` in `council`. A person with no role
    at all in the council gets NotFound, as if the council's data did not exist for them."""
    holders = roles_holding(capability)  # an undeclared capability is a programming error, whoever asks
    roles = roles_in(user, council)
    if not roles:
        raise NotFound("No such council among yours: choose one of the councils you work for")
    if not roles & holders:
        raise NotAllowed("Your roles in this council do not allow this: ask your administrator for the role you need")


def represents(user: Any, account: Any) -> bool:
    """A representative for this account (or for all the council's accounts)."""
    return any(a.role == "representative" and a.council_id == account.council_id
               and (a.account_id is None or a.account_id == account.pk) for a in _assignments(user))


def holds_role(user: Any, role: str, council: Council | str) -> bool:
    return role in roles_in(user, council)
