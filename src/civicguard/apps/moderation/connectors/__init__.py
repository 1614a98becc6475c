"""Comment connectors: turn a platform's documented JSON, or a generic JSON or CSV file, into comments to moderate.

`parse(source, body)` is the one entry point; each source's reader lives in its own module.
"""

from __future__ import annotations

from collections.abc import Callable

from civicguard.apps.moderation.connectors import generic, mastodon, meta, x, youtube
from civicguard.apps.moderation.connectors.base import (
    MAX_COMMENT_CHARS,
    IncomingComment,
    IncomingDeletion,
    Parsed,
    Rejected,
)
from civicguard.errors import BadInput

__all__ = ["MAX_COMMENT_CHARS", "SOURCES", "IncomingComment", "IncomingDeletion", "Parsed", "Rejected", "parse"]

SOURCES = ("meta", "x", "youtube", "mastodon", "json", "csv")

_READERS: dict[str, Callable[[bytes | str, str], Parsed]] = {
    "meta": lambda body, platform: meta.parse(body),
    "x": lambda body, platform: x.parse(body),
    "youtube": lambda body, platform: youtube.parse(body),
    "mastodon": lambda body, platform: mastodon.parse(body),
    "json": lambda body, platform: generic.parse_json(body, platform=platform),
    "csv": lambda body, platform: generic.parse_csv(body, platform=platform),
}


def parse(source: str, body: bytes | str, *, platform: str = "") -> Parsed:
    """Read one payload from `source` (one of SOURCES); `platform` is the default platform for json and csv files.

    Raises BadInput when the payload as a whole cannot be read; single unreadable items come back in `rejected`.
    """
    reader = _READERS.get(source)
    if reader is None:
        raise BadInput(f"Unknown comment source {source!r}; expected one of: {', '.join(SOURCES)}.", source=source)
    return reader(body, platform)
