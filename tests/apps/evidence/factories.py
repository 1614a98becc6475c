"""Evidence made through the service, as the cases app makes it."""

from __future__ import annotations

from typing import Any

from civicguard.apps.evidence.services import evidence_capture
from tests.apps.factories import council, person

POST_TEXT = "Can't believe what my manager said today. Council is a joke."


def hr(slug: str = "st-helens") -> Any:
    return person("hr", slug)


def captured(actor: Any, slug: str = "st-helens", *, kind: str = "text", data: bytes = POST_TEXT.encode(),
             file_name: str = "post-text.txt", **kw: Any) -> Any:
    fields: dict[str, Any] = dict(description="The post as the reporter saw it",
                                  source_url="https://social.example/@someone/1234", address="10.1.2.3",
                                  user_agent="Mozilla/5.0 (test)")
    return evidence_capture(actor=actor, council=council(slug), kind=kind, data=data, file_name=file_name,
                            **{**fields, **kw})
