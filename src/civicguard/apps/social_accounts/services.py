"""Registering official accounts (only the section the pack names may create them: StH 6.2, Sefton 5.2)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from civicguard.apps.access.checks import require
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council, ServiceArea
from civicguard.apps.social_accounts.models import PLATFORMS, AccountStatus, SocialAccount
from civicguard.errors import BadInput

PLATFORM_IDS = [p for p, _ in PLATFORMS]


@transaction.atomic
def account_add(*, council: Council, platform: str, handle: str, platform_id: str = "",
                service_area: ServiceArea | None = None, actor: Any = None) -> SocialAccount:
    platform = platform.strip().lower()
    handle = handle.strip()
    if platform not in PLATFORM_IDS:
        raise BadInput(f"There is no platform called {platform!r}: use one of {', '.join(PLATFORM_IDS)}",
                       field="platform")
    if not handle:
        raise BadInput("Enter the account's handle", field="handle")
    if len(handle) > 200:
        raise BadInput("The handle must be 200 characters or fewer", field="handle")
    if SocialAccount.objects.filter(platform=platform, handle__iexact=handle).exists():
        raise BadInput(f"{handle} on {platform} is already registered: each account is added once",
                       field="handle")
    if platform_id and SocialAccount.objects.filter(platform=platform, platform_id=platform_id).exists():
        raise BadInput(f"Platform ID {platform_id} on {platform} is already registered to another account: check "
                       "the ID", field="platform_id")
    account = SocialAccount.objects.create(council=council, platform=platform, handle=handle,
                                           platform_id=platform_id.strip(), service_area=service_area)
    audit_record(event="social_accounts.account.add", actor=actor, council=council, subject=account,
                 after={"platform": platform, "handle": handle, "platform_id": platform_id})
    return account


def _set_status(account: SocialAccount, status: str, *, actor: Any, reason: str, event: str) -> SocialAccount:
    before = account.status
    account.status = status
    account.status_changed = timezone.now()
    account.status_reason = reason
    account.save(update_fields=["status", "status_changed", "status_reason"])
    audit_record(event=event, actor=actor, council=account.council, subject=account,
                 before={"status": before}, after={"status": status, "reason": reason})
    return account


@transaction.atomic
def account_set_dormant(*, account: SocialAccount, actor: Any = None, reason: str) -> SocialAccount:
    """Flag a live account dormant (St Helens 6.13: no posts for a set time). `actor=None` is CivicGuard's daily
    task; a person needs accounts.manage. An account that is not live is left as it is."""
    if actor is not None:
        require(actor, "accounts.manage", account.council)
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise BadInput("Enter why the account is dormant", field="reason")
    account = SocialAccount.objects.select_for_update().get(pk=account.pk)
    if account.status != AccountStatus.LIVE:
        return account
    return _set_status(account, AccountStatus.DORMANT, actor=actor, reason=reason,
                       event="social_accounts.account.dormant")
