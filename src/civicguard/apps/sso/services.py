"""Signing in through a council's directory, and two-factor codes for password sign-ins. Every change is audited
(`sso.*`, and the staff app's own events for the people and roles it creates or changes)."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicguard.apps.access.checks import can, councils_of, forget_roles
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.sso.config import DirectoryConfig
from civicguard.apps.sso.models import DirectoryIdentity
from civicguard.apps.staff.models import RoleAssignment
from civicguard.apps.staff.selectors import home_council
from civicguard.apps.staff.services import role_assign, role_revoke, user_create
from civicguard.errors import BadInput, NotAllowed

User = get_user_model()
DEVICE_NAME = "Authenticator app"


class TurnedAway(Exception):
    """A directory sign-in that is refused, with what the person reads (plain English)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---- directory sign-in -------------------------------------------------------------------------------------------

def _groups(config: DirectoryConfig, claims: dict[str, Any]) -> list[str]:
    value = claims.get(config.groups_claim)
    if value is None:
        names = claims.get("_claim_names") or {}
        if config.groups_claim in names:  # Entra ID's "group overage": too many groups to put in the token
            raise TurnedAway("You belong to too many directory groups for CivicGuard to read them from your "
                             "sign-in. Ask your IT team to assign the CivicGuard groups to the app registration "
                             "(\"Groups assigned to the application\").")
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def _username(config: DirectoryConfig, claims: dict[str, Any]) -> str:
    """`preferred_username` (or the e-mail), made unique: a name taken by anyone is never reused for them."""
    base = str(claims.get("preferred_username") or claims.get("email") or claims["sub"])
    base = re.sub(r"[^\w.@+-]", "", base)[:120] or "directory-user"
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}+{config.slug}" if n == 2 else f"{base}+{config.slug}-{n}"
    return candidate


def directory_sign_in(*, config: DirectoryConfig, claims: dict[str, Any]) -> Any:
    """The person a council's directory vouched for (the ID token already checked), created on first sign-in, with
    their roles in that council set from their groups. Raises TurnedAway (audited, and any roles their groups no
    longer give removed: that stays done) if their groups give no role."""
    user, refusal = _directory_sign_in(config, claims)
    if refusal:
        raise TurnedAway(refusal)
    return user


@transaction.atomic
def _directory_sign_in(config: DirectoryConfig, claims: dict[str, Any]) -> tuple[Any, str]:
    council = Council.objects.filter(slug=config.slug).first()
    if council is None:
        return None, "CivicGuard is not set up for this council yet: ask your IT team."
    subject = str(claims.get("sub") or "")
    if not subject:
        return None, "Your directory did not say who you are: ask your IT team."
    try:
        groups = _groups(config, claims)
    except TurnedAway as overage:
        _refuse(council, None, claims, [], "too many groups to read from the sign-in")
        return None, overage.message
    wanted = config.roles_for(groups)
    identity = DirectoryIdentity.objects.select_related("user").filter(issuer=config.issuer,
                                                                        subject=subject).first()
    user = identity.user if identity else None
    if user is not None and not user.is_active:
        _refuse(council, user, claims, groups, "this account has been switched off")
        return None, "Your CivicGuard account has been switched off: ask your council's administrator."
    if user is not None:
        _set_roles(user, council, config, wanted)
    if not wanted:
        _refuse(council, user, claims, groups, "their directory groups give no role in CivicGuard")
        return None, ("Your directory groups do not give you a role in CivicGuard, so you cannot sign in. "
                      "If you need CivicGuard for your work, ask your IT team to add you to the right group.")
    if user is None:
        first, *rest = sorted(wanted)
        user = user_create(username=_username(config, claims), council=council, role=first,
                           email=str(claims.get("email") or ""), full_name=str(claims.get("name") or ""))
        for role in rest:
            role_assign(user=user, council=council, role=role)
        identity = DirectoryIdentity.objects.create(council=council, issuer=config.issuer, subject=subject,
                                                    user=user)
    assert identity is not None
    identity.last_sign_in = timezone.now()
    identity.save(update_fields=["last_sign_in"])
    forget_roles(user)
    audit_record(event="sso.sign_in", actor=user, council=council, subject=user,
                 after={"roles": sorted(wanted), "directory": config.issuer})
    return user, ""


def _set_roles(user: Any, council: Council, config: DirectoryConfig, wanted: set[str]) -> None:
    """Give the roles the groups give; take away those the directory decides that the groups no longer give."""
    held = {a.role: a for a in RoleAssignment.objects.filter(user=user, council=council, account__isnull=True,
                                                             role__in=config.managed_roles)}
    for role in sorted(wanted - set(held)):
        role_assign(user=user, council=council, role=role)
    for role in sorted(set(held) - wanted):
        role_revoke(assignment=held[role])
    forget_roles(user)


def _refuse(council: Council, user: Any, claims: dict[str, Any], groups: list[str], reason: str) -> None:
    audit_record(event="sso.sign_in.refuse", actor=user, council=council,
                 subject=user if user is not None else ("auth.user", str(claims.get("sub", ""))[:80]),
                 after={"username": str(claims.get("preferred_username") or claims.get("email") or "")[:150],
                        "groups": groups[:50], "reason": reason})


def directory_sign_in_failed(*, config: DirectoryConfig, reason: str) -> None:
    """A directory sign-in that broke (a token not valid, the directory unreachable): recorded, nobody signed in."""
    audit_record(event="sso.sign_in.fail", actor=None, council=config.slug, subject=None,
                 after={"directory": config.issuer, "reason": reason[:300]})


# ---- two-factor codes for password sign-ins ---------------------------------------------------------------------

def directories() -> dict[str, DirectoryConfig]:
    return dict(getattr(settings, "CIVICGUARD_SSO", {}) or {})


def two_factor_required(user: Any) -> bool:
    """The one rule: a password sign-in needs a code when two-factor is on (CIVICGUARD_REQUIRE_TWO_FACTOR) and the
    person holds `admin` in any council, or is a break-glass account: one of their councils signs in through its
    directory, so a password is the way in when the directory is not."""
    if not settings.CIVICGUARD_REQUIRE_TWO_FACTOR:
        return False
    assignments = RoleAssignment.objects.filter(user=user).select_related("council")
    configured = directories()
    return any(a.role == "admin" or a.council.slug in configured for a in assignments)


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


@transaction.atomic
def two_factor_begin(*, user: Any) -> TOTPDevice:
    """The person's device being set up (made once; its key stays the same until it is confirmed)."""
    if confirmed_device(user) is not None:
        raise BadInput("Two-factor sign-in is already set up for this account")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def _code(code: str) -> str:
    return re.sub(r"\s", "", code or "")


def _verify(user: Any, device: TOTPDevice, code: str, when: str) -> None:
    """The code, or BadInput. After a wrong code django-otp makes the person wait (1 s, 2 s, 4 s...): said so."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise BadInput("Too many wrong codes: wait a minute, then enter the code your authenticator app shows",
                       field="code")
    if not device.verify_token(_code(code)):  # counts the failure (django-otp's throttle) and keeps it
        _failed(user, when)
        raise BadInput("Enter the 6-digit code your authenticator app shows now", field="code")


def two_factor_confirm(*, user: Any, code: str) -> TOTPDevice:
    """Confirm the device being set up with a code from the app. BadInput (audited) if the code is wrong."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        raise BadInput("Start setting up two-factor sign-in again", field="code")
    _verify(user, device, code, "setting up")
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(event="sso.two_factor.set_up", actor=user, council=home_council(user), subject=user)
    return device


def two_factor_check(*, user: Any, code: str) -> TOTPDevice:
    """The person's confirmed device if the code is right; BadInput (audited) if not."""
    device = confirmed_device(user)
    if device is None:
        raise BadInput("Set up two-factor sign-in first", field="code")
    _verify(user, device, code, "signing in")
    return device


def _failed(user: Any, when: str) -> None:
    audit_record(event="sso.two_factor.fail", actor=user, council=home_council(user), subject=user,
                 after={"reason": f"wrong code while {when}"})


@transaction.atomic
def two_factor_reset(*, user: Any, actor: Any) -> int:
    """An administrator of one of the person's councils removes their devices: they set one up at next sign-in."""
    if actor is None or actor.pk == user.pk:
        raise NotAllowed("Ask another administrator to reset your two-factor sign-in")
    shared = [c for c in councils_of(user) if can(actor, "sso.two_factor.reset", c)]
    if not shared:
        raise NotAllowed("Only an administrator of one of this person's councils may reset their two-factor "
                         "sign-in")
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    audit_record(event="sso.two_factor.reset", actor=actor, council=shared[0], subject=user,
                 after={"username": user.username})
    return removed


@transaction.atomic
def two_factor_enrol(*, user: Any) -> TOTPDevice:
    """A confirmed device made without a code (the demo's administrators, whose key the demo command prints)."""
    device = confirmed_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
        audit_record(event="sso.two_factor.set_up", actor=None, council=home_council(user), subject=user)
    return device


def key_text(device: TOTPDevice) -> str:
    """The key as a person types it into an authenticator app: base32, in groups of four."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))
