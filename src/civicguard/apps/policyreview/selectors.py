"""Reads of the policy review records that other apps rely on.

`current_version(council)` is what the onboarding app (User Agreement signatures) and the reviews app (service
area procedures) compare against to decide what is out of date: keep its signature.
"""

from __future__ import annotations

from typing import Any

from civicguard.engine import UnknownPack, pack_for


def pack_version(council: Any) -> str:
    """The version of the council's loaded pack (`document.version` in its pack.yaml)."""
    try:
        return pack_for(council.slug).version
    except UnknownPack:
        return str(council.pack_version or "")


def current_version(council: Any) -> str:
    """The council's policy version in force: the latest published `PolicyVersion`, or, when none has been
    published in CivicGuard, the version of the council's loaded pack."""
    from civicguard.apps.policyreview.models import PolicyVersion

    latest = (PolicyVersion.objects.filter(council=council, published__isnull=False)
              .order_by("-published", "-id").values_list("version", flat=True).first())
    return latest if latest is not None else pack_version(council)


DUE_SOON_DAYS = 30


def due_state(version: Any, today: Any) -> str:
    """"overdue", "due" (within DUE_SOON_DAYS) or "" for the version in force's review date."""
    if version.review_due < today:
        return "overdue"
    if (version.review_due - today).days <= DUE_SOON_DAYS:
        return "due"
    return ""
