from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from civicguard.apps.unblocking.services import unblock_request_create
from tests.apps.factories import council, person


def ask(who: Any, slug: str = "sefton", days: int = 30, **kw: Any) -> Any:
    fields: dict[str, Any] = {"team": "Libraries", "people": "The events team", "sites": ["facebook"],
                              "reason": "To run the summer reading challenge's page.", "work_only": True,
                              "expires": timezone.localdate() + timedelta(days=days)}
    return unblock_request_create(actor=who, council=council(slug), **{**fields, **kw})


@pytest.fixture
def cast(db: Any) -> dict[str, Any]:
    return {role: person(role, "sefton") for role in ("employee", "ict-helpdesk", "computer-auditor", "img")}
