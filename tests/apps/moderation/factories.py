"""Helpers for the moderation service tests: accounts, comments taken in through the real ingest service.

Comments are made the way a platform delivers them: a generic JSON file read by the connector and stored by
`ingest`, then (unless asked not to) checked by the real scanning service.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from civicguard.apps.moderation.models import Comment
from civicguard.apps.moderation.services import scan
from civicguard.apps.moderation.services.ingest import IngestReport, ingest
from civicguard.apps.social_accounts.models import SocialAccount
from tests.apps.factories import AccountFactory, council

CLEAN = "The library on Victoria Square opens at 9am on Saturday, thanks for letting us know."
OFFENSIVE = "You lot are a bunch of fucking idiots."
PERSONAL = "My neighbour Joan Hughes on 07700 900123 is behind this, her NHS number is 943 476 5919."
COMPLAINT = "I've complained three times about the bins and nobody has done anything. Disgraceful."
SERVICE = "Hi, my bin wasn't collected on Tuesday, can someone sort it?"
PRESS = "Can you give a statement? I'm a reporter at the St Helens Star."
SAFEGUARDING = "I'm worried about the child next door, he is being hit by his dad every night."

_ids = itertools.count(1)


def account(council_slug: str = "st-helens", **fields: Any) -> SocialAccount:
    """A registered council account (Facebook unless `platform` is given)."""
    return AccountFactory(council=council(council_slug), **fields)


def item(text: str, **fields: Any) -> dict[str, Any]:
    """One comment of a generic JSON file; `id` and `created_at` are filled in when not given."""
    row: dict[str, Any] = {"id": f"c-{next(_ids)}", "text": text,
                           "created_at": datetime(2025, 3, 14, 9, 30, tzinfo=UTC).isoformat()}
    row.update(fields)
    return row


def body(items: Sequence[Any]) -> bytes:
    return json.dumps({"comments": items}).encode()


def deliver(acct: SocialAccount | None, items: Sequence[Any], **kwargs: Any) -> IngestReport:
    """Take a generic JSON file in: onto `acct` (forced) or, with None, matched by each item's account."""
    return ingest(source="json", body=body(items), account=acct, **kwargs)


def comments(acct: SocialAccount, texts: Sequence[str | dict[str, Any]], *, checked: bool = True,
             created_at: datetime | None = None, **fields: Any) -> list[Comment]:
    """Comments on `acct` taken in through the ingest service (and checked unless `checked` is False), in order.

    Each text may be a dict of item fields instead (id, author, author_id, created_at...)."""
    rows = []
    for n, text in enumerate(texts):
        row = item(text, **fields) if isinstance(text, str) else item(**{**fields, **text})
        if created_at is not None and "created_at" not in (text if isinstance(text, dict) else {}):
            row["created_at"] = (created_at + timedelta(seconds=n)).isoformat()
        rows.append(row)
    report = deliver(acct, rows)
    assert len(report.created) == len(rows), report.to_dict()
    if checked:
        scan.scan(report.created)
    found = {c.platform_id: c for c in Comment.objects.filter(pk__in=report.created)}
    return [found[row["id"]] for row in rows]


def comment(acct: SocialAccount, text: str, **kwargs: Any) -> Comment:
    return comments(acct, [text], **kwargs)[0]
