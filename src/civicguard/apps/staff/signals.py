"""A failed sign-in is a decision the audit trail records (who tried, from where)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from civicguard.apps.staff.models import RoleAssignment
from civicguard.apps.staff.services import login_failed


@receiver(user_login_failed)
def record_login_failure(sender: Any, credentials: dict[str, Any], request: Any = None, **_: Any) -> None:
    username = str(credentials.get("username", ""))
    user = get_user_model().objects.filter(username=username).first()
    first = RoleAssignment.objects.filter(user=user).select_related("council").first() if user else None
    ip = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    login_failed(username=username, council=first.council.slug if first else "", ip=ip)
