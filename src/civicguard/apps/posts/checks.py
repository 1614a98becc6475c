"""Checks of text that is not (yet) a stored post: an official post checked before it is drafted, a reply or a
comment checked by the moderation team. Each is checked against the person's roles; an official check is a
decision about official content, so it is audited.

To be folded into `civicguard.apps.posts.services` (beside `content_check` and `personal_check`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.posts.services import content_check
from civicguard.common.permissions import can, require
from civicguard.engine import CheckResult, ImageRef
from civicguard.errors import BadInput

MODERATION_CHANNELS = ("reply", "comment")


@transaction.atomic
def official_check(*, actor: Any, council: Council, text: str, links: Sequence[str] = (),
                   images: Sequence[ImageRef] = (), politically_restricted: bool = False) -> CheckResult:
    """Check text as an official post of `council` (a representative drafting, or an approver). Audited as
    `posts.check.official`; the text itself is not kept."""
    if not (can(actor, "post.draft", council) or can(actor, "post.approve", council)):
        require(actor, "post.draft", council)  # NotFound with no role in the council, else NotAllowed
    result = content_check(council=council, channel="official", text=text, links=links, images=images,
                           politically_restricted=politically_restricted)
    audit_record(event="posts.check.official", actor=actor, council=council,
                 after={"verdict": result.verdict, "policy_version": result.policy_version,
                        "rules": sorted({f.rule for f in result.findings})})
    return result


def moderation_check(*, actor: Any, council: Council, channel: str, text: str, links: Sequence[str] = (),
                     images: Sequence[ImageRef] = (), politically_restricted: bool = False) -> CheckResult:
    """Check a third party's comment, or a reply the council means to give. Nothing is stored."""
    if channel not in MODERATION_CHANNELS:
        raise BadInput(f"channel must be one of {', '.join(MODERATION_CHANNELS)}", field="as")
    require(actor, "check.moderation", council)
    return content_check(council=council, channel=channel, text=text, links=links, images=images,
                         politically_restricted=politically_restricted)
