"""What the public register shows of an account: one place, so the page and the JSON cannot differ, and nothing
private (the login e-mail, the owner) can reach either."""

from __future__ import annotations

from typing import Any

from civicguard.apps.councils.models import Council
from civicguard.apps.social_accounts.models import AccountStatus, SocialAccount


def register_entries(council: Council) -> list[dict[str, Any]]:
    """The council's live official accounts (St Helens 6.7, 6.14), as the public may read them."""
    accounts = (SocialAccount.objects.filter(council=council, status=AccountStatus.LIVE)
                .select_related("service_area").order_by("platform", "handle"))
    return [{"platform": a.platform, "platform_name": a.get_platform_display(), "handle": a.handle,
             "url": a.link, "service_area": a.service_area.name if a.service_area else "",
             "feedback": a.feedback_info} for a in accounts]
