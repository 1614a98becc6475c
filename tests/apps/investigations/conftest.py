from __future__ import annotations

from typing import Any

import pytest

from tests.apps.factories import person


@pytest.fixture
def cast(db: Any) -> dict[str, Any]:
    """St Helens people: two investigators, two Authorising Officers, Legal and an employee."""
    return {"investigator": person("investigator", username="sth-inv-1"),
            "colleague": person("investigator", username="sth-inv-2"),
            "ao": person("authorising-officer", username="sth-ao-1"),
            "ao2": person("authorising-officer", username="sth-ao-2"),
            "legal": person("legal", username="sth-legal-1"),
            "employee": person("employee", username="sth-emp-1")}
