"""The people of the breach tests: the DPO's role (Legal in both packs), a moderator who opens records, and others."""

from __future__ import annotations

from typing import Any

import pytest

from tests.apps.factories import person


@pytest.fixture
def cast(db: Any) -> dict[str, Any]:
    found = {role: person(role) for role in ("legal", "moderator", "caldicott-guardian", "computer-auditor",
                                             "approver", "employee", "hr", "admin", "img")}
    found["moderator2"] = person("moderator")
    found["sefton-legal"] = person("legal", "sefton")
    found["sefton-moderator"] = person("moderator", "sefton")
    return found
