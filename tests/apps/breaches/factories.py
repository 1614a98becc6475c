"""Helpers for the breach tests: records opened through the service, comments removed for personal information
through the moderation services (taken in, checked and decided as in production)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from civicguard.apps.breaches.services import breach_assess, breach_open
from civicguard.apps.moderation.services.decisions import decide
from tests.apps.factories import council
from tests.apps.moderation.factories import account, comment

PERSONAL = "Ask Colin Barker at 22 Elton Head Road, St Helens WA9 5AX why he dumps rubbish. His number is 07700 900321."
HEALTH = "Tell everyone that Brenda Hollis of Marine Drive has cancer and is on chemo, her number is 07700 900765."


def flagged_comment(slug: str = "st-helens", text: str = PERSONAL) -> Any:
    """A resident's comment disclosing someone's personal information, checked (so flagged) and in the queue."""
    return comment(account(slug), text)


def removed_comment(moderator: Any, slug: str = "st-helens", text: str = PERSONAL) -> Any:
    """A flagged comment a moderator removed (St Helens: asked to remove, waiting for a second person) for personal
    information."""
    found = flagged_comment(slug, text)
    decide(comment=found, actor=moderator, action="remove", reason_code="personal-data",
           note="Discloses a private person's address and number")
    found.refresh_from_db()
    return found


def breach(actor: Any, slug: str = "st-helens", *, data: tuple[str, ...] = ("names", "contact"),
           hours_ago: float = 1, **kw: Any) -> Any:
    """A record described by hand, the council aware `hours_ago`."""
    fields: dict[str, Any] = dict(
        source="other", source_description="An e-mail sent to the wrong resident on Monday",
        what="A housing letter with a tenant's details went to the wrong address", people_categories=["residents"],
        data_categories=list(data), people_count=1, aware_at=timezone.now() - timedelta(hours=hours_ago),
        containment="The recipient was asked to delete it")
    return breach_open(actor=actor, council=council(slug), **{**fields, **kw})


def assessed(dpo: Any, found: Any, risk: str = "high", ico: bool = True, reason: str = "") -> Any:
    return breach_assess(actor=dpo, breach=found, risk=risk, reasons="Address and phone of a private person public",
                         ico_required=ico, ico_not_required_reason=reason)
