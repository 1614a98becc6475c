from __future__ import annotations

from typing import Any

import pytest

from tests.apps.factories import person


@pytest.fixture
def cast(db: Any) -> dict[str, Any]:
    """St Helens people: Internal Audit's questions are answered by the computer auditor, Legal's by legal."""
    return {role: person(role) for role in ("representative", "computer-auditor", "legal", "img", "employee")}
