"""Each council's directory (OpenID Connect), read from the environment once, when the settings load.

Pure Python (no Django models): civicguard/config/settings/base.py calls `sso_from_env(os.environ)`. A council is
configured when CIVICGUARD_SSO_<C>_ISSUER is set (<C>: its id upper-cased, "-" as "_", e.g. ST_HELENS); anything
missing or malformed stops start-up naming the variable. See docs/sso-design.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from civicguard.apps.access.roles import ROLES

PREFIX = "CIVICGUARD_SSO_"
_ISSUER = re.compile(r"^CIVICGUARD_SSO_([A-Z0-9_]+)_ISSUER$")


@dataclass(frozen=True)
class DirectoryConfig:
    slug: str                                  # the council's id (its pack id): st-helens
    issuer: str
    client_id: str
    client_secret: str
    groups_claim: str
    group_roles: Mapping[str, tuple[str, ...]]  # directory group (or app role) -> CivicGuard roles in the council
    scopes: str = "openid email profile"

    @property
    def managed_roles(self) -> frozenset[str]:
        """The roles the directory decides in this council (every role the map names)."""
        return frozenset(role for roles in self.group_roles.values() for role in roles)

    def roles_for(self, groups: list[str]) -> set[str]:
        return {role for group in groups for role in self.group_roles.get(group, ())}


def parse_group_roles(text: str, variable: str) -> dict[str, tuple[str, ...]]:
    """JSON (`{"group": "role"}` or `{"group": ["role", ...]}`) or `group=role,group=role` (a group may repeat)."""
    text = text.strip()
    found: dict[str, list[str]] = {}
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImproperlyConfigured(f"{variable} is not valid JSON: {exc}") from None
        for group, roles in data.items():
            for role in [roles] if isinstance(roles, str) else roles:
                found.setdefault(str(group), []).append(str(role))
    else:
        for pair in filter(None, (p.strip() for p in text.split(","))):
            group, sep, role = pair.rpartition("=")
            if not sep or not group.strip() or not role.strip():
                raise ImproperlyConfigured(f"{variable}: {pair!r} is not group=role")
            found.setdefault(group.strip(), []).append(role.strip())
    if not found:
        raise ImproperlyConfigured(f"{variable} maps no group to a role: nobody could sign in")
    unknown = sorted({r for roles in found.values() for r in roles} - set(ROLES))
    if unknown:
        raise ImproperlyConfigured(f"{variable} names roles that do not exist: {', '.join(unknown)} "
                                   f"(use {', '.join(ROLES)})")
    return {group: tuple(dict.fromkeys(roles)) for group, roles in found.items()}


def sso_from_env(env: Mapping[str, str]) -> dict[str, DirectoryConfig]:
    configs: dict[str, DirectoryConfig] = {}
    for name, value in env.items():
        match = _ISSUER.match(name)
        if not match or not value.strip():
            continue
        key = match.group(1)

        def need(suffix: str, key: str = key) -> str:
            found = env.get(f"{PREFIX}{key}_{suffix}", "").strip()
            if not found:
                raise ImproperlyConfigured(f"{PREFIX}{key}_ISSUER is set, so {PREFIX}{key}_{suffix} is needed too")
            return found

        slug = key.lower().replace("_", "-")
        configs[slug] = DirectoryConfig(
            slug=slug, issuer=value.strip().rstrip("/"), client_id=need("CLIENT_ID"),
            client_secret=need("CLIENT_SECRET"),
            groups_claim=env.get(f"{PREFIX}{key}_GROUPS_CLAIM", "").strip() or "groups",
            group_roles=parse_group_roles(need("GROUP_ROLES"), f"{PREFIX}{key}_GROUP_ROLES"),
            scopes=env.get(f"{PREFIX}{key}_SCOPES", "").strip() or "openid email profile")
    return configs
