"""The permission matrix's rows for the public register (see tests/apps/matrix.py): anyone, signed in or not, in
any council or none. A live St Helens account is public, so the marker may show here; what must not (an account
that is not live, a login e-mail, an owner) is `PUBLIC_LEAKS`. St Helens' world has accounts being set up and live
accounts (tests/apps/social_accounts/matrix.py and the reviews' rows)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from tests.apps.matrix import ALL, OK, page

LEGEND: dict[str, frozenset[str]] = {}
BODIES: dict[str, Any] = {}
TARGETS = {"register_council"}


def build(world: Any) -> dict[str, Any]:
    return {"register_council": SimpleNamespace(pk=world.council.slug)}


def state(council: Any) -> tuple[Any, ...]:
    return ()


PUBLIC = {"anonymous": OK, "stranger": OK, "elsewhere": (OK, OK)}
ROWS = {
    ("register:page", "GET", ""): page(ALL, target="register_council", **PUBLIC),
    ("register:json", "GET", ""): page(ALL, target="register_council", **PUBLIC),
}


def _unpublished(body: str) -> bool:
    """Anything of St Helens the register must not publish: an account that is not live (its handle), any
    account's login e-mail, any account's owner."""
    from civicguard.apps.social_accounts.models import AccountStatus, SocialAccount

    accounts = SocialAccount.objects.filter(council__slug="st-helens").select_related("owner")
    secrets = [a.handle for a in accounts if a.status != AccountStatus.LIVE]
    secrets += [a.login_email for a in accounts if a.login_email]
    secrets += [a.owner.username for a in accounts if a.owner is not None]
    return any(s and s.lower() in body.lower() for s in secrets)


PUBLIC_LEAKS = {key: _unpublished for key in ROWS}
