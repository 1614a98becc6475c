"""A failed sign-in is a decision the audit trail records (who tried, from where)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from civicguard.apps.staff.services import login_failed


@receiver(user_login_failed)
def record_login_failure(sender: Any, credentials: dict[str, Any], request: Any = None, **_: Any) -> None:
    """A password that did not match. A refused directory sign-in sends the same signal with no username: the sso
    app audits that itself, with the reason, so it is not counted here as a failed password."""
    username = str(credentials.get("username", "") or "")
    if not username:
        return
    ip = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    login_failed(username=username, ip=ip)
