"""What every connector turns a platform's payload into (comments to store, items it could not read) and the
helpers they share for decoding, dates and checking each comment.

Connectors are pure functions of the payload: no database, no network. Which council account a comment
belongs to is decided by the moderation services from `account_platform_id` / `account_handle`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from civicguard.errors import BadInput

# A comment longer than this is not a social media comment; it is kept in the dead-letter table instead.
MAX_COMMENT_CHARS = 20_000


@dataclass(frozen=True)
class IncomingComment:
    platform: str  # a SocialAccount platform slug: facebook, instagram, x, youtube, mastodon...
    platform_id: str  # the comment's own id on the platform (with platform: the idempotency key)
    text: str  # plain text (HTML from Mastodon is reduced to text)
    created_at: datetime  # timezone-aware
    account_platform_id: str = ""  # the council account it was made on / addressed to, as the platform's id
    account_handle: str = ""  # ... or as its handle (without @), when the payload gives one
    author_id: str = ""
    author_name: str = ""
    parent_id: str = ""  # the post, video or status it replies to
    kind: str = "comment"  # comment | reply | mention
    url: str = ""
    raw: dict[str, Any] = field(default_factory=dict)  # the platform's own item, as delivered
    # The platform's time for this text (its edit time; None: the same as created_at) and a rank that breaks ties
    # of that time (Meta: the verb; X: the place in the edit history). See docs/comment-versions.md.
    version_time: datetime | None = None
    version_rank: int = 0

    @property
    def version(self) -> tuple[datetime, int]:
        """The ordering key of this version: a delivery with a smaller key is older than one with a larger."""
        return (self.version_time or self.created_at, self.version_rank)


@dataclass(frozen=True)
class IncomingDeletion:
    """The platform says a comment was deleted (Meta's `remove`)."""

    platform: str
    platform_id: str
    deleted_at: datetime  # the platform's time of the deletion, timezone-aware
    account_platform_id: str = ""
    account_handle: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Rejected:
    """One item of a payload that could not be read; kept in the dead-letter table with the reason."""

    reason: str
    raw: Any = None


@dataclass(frozen=True)
class Parsed:
    comments: list[IncomingComment]
    rejected: list[Rejected]
    ignored: int = 0  # items that are not comments (likes, the page's own posts, hides...)
    deletions: list[IncomingDeletion] = field(default_factory=list)


def decode_text(body: bytes | str, what: str) -> str:
    """The payload as text: UTF-8 with or without a byte order mark; BadInput when it is not UTF-8 or is empty."""
    if isinstance(body, bytes | bytearray | memoryview):
        try:
            text = bytes(body).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BadInput(f"The {what} is not UTF-8 text (unreadable byte at position {exc.start}).") from exc
    elif isinstance(body, str):
        text = body.removeprefix("\ufeff")
    else:
        raise BadInput(f"The {what} must be bytes or text, not {type(body).__name__}.")
    if not text.strip():
        raise BadInput(f"The {what} is empty.")
    return text


def load_json(body: bytes | str, what: str) -> Any:
    """The payload parsed as JSON; BadInput with the line and column when it is not JSON."""
    text = decode_text(body, what)
    try:
        return json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        raise BadInput(f"The {what} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}).") from exc
    except RecursionError as exc:
        raise BadInput(f"The {what} is nested too deeply to be read as JSON.") from exc
    except ValueError as exc:
        raise BadInput(f"The {what} could not be read as JSON: {exc}.") from exc


def json_type(value: Any) -> str:
    """How a JSON value is described to a person: 'an object', 'a list', 'a number'..."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "null" if value is None else type(value).__name__


def plain(value: Any) -> str:
    """A string field as text without NUL characters; ids given as numbers become strings; anything else is ''."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return storable(value).strip()
    return ""


def storable(text: str) -> str:
    """Text a database can keep: NUL removed (PostgreSQL refuses it) and lone surrogates (from JSON escapes
    such as "\\ud800", which UTF-8 cannot encode) replaced by U+FFFD."""
    text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)
    return text


def scrub(value: Any) -> Any:
    """A copy of a JSON value with every string made `storable`.

    Walks with its own stack, so a deeply nested item cannot exhaust Python's recursion limit.
    """
    if not isinstance(value, dict | list):
        return storable(value) if isinstance(value, str) else value
    root: dict[Any, Any] | list[Any] = {} if isinstance(value, dict) else []
    stack: list[tuple[Any, Any]] = [(value, root)]
    while stack:
        source, target = stack.pop()
        for key, item in source.items() if isinstance(source, dict) else enumerate(source):
            if isinstance(item, dict | list):
                copy: Any = {} if isinstance(item, dict) else []
                stack.append((item, copy))
            else:
                copy = storable(item) if isinstance(item, str) else item
            if isinstance(target, dict):
                target[storable(key) if isinstance(key, str) else key] = copy
            else:
                target.append(copy)
    return root


_MILLISECONDS_FROM = 100_000_000_000  # a Unix time this large is in milliseconds (as seconds it is after AD 5000)
_UNIX_TIME = re.compile(r"-?\d{9,16}(\.\d+)?")


def to_utc(value: Any) -> datetime:
    """A timezone-aware UTC datetime from an ISO 8601 string (naive means UTC) or a Unix time; ValueError if not."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, bool) or value is None or value == "":
        raise ValueError("no date")
    elif isinstance(value, int | float) or (isinstance(value, str) and _UNIX_TIME.fullmatch(value.strip())):
        seconds = float(value)
        if abs(seconds) >= _MILLISECONDS_FROM:
            seconds /= 1000
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise ValueError(f"{value!r} is not a usable Unix time") from exc
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError as exc:
            shown = value if len(value) <= 40 else value[:40] + "..."
            raise ValueError(f"{shown!r} is not an ISO 8601 date or time (e.g. 2025-03-14T09:30:00Z)") from exc
    else:
        raise ValueError(f"the date is {json_type(value)}, not a date string")
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


class Collector:
    """Gathers a connector's comments, rejections and ignored count, checking each comment on the way in."""

    def __init__(self) -> None:
        self.comments: list[IncomingComment] = []
        self.rejected: list[Rejected] = []
        self.deletions: list[IncomingDeletion] = []
        self.ignored = 0

    def ignore(self, count: int = 1) -> None:
        self.ignored += count

    def reject(self, reason: str, raw: Any) -> None:
        self.rejected.append(Rejected(reason, scrub(raw)))

    def add(self, raw: dict[str, Any], *, platform: str, platform_id: Any, text: Any, created_at: Any,
            version_time: Any = None, version_rank: int = 0, has_media: bool = False, **fields: Any) -> None:
        """Keep one comment, or reject it when its id, text or date is missing or unusable. A comment that is only
        a picture (`has_media`: the platform names an attachment) is kept without text: its picture is checked.

        `version_time` is the platform's time for this text (an edit time) when it gives one; an unusable one is
        rejected like an unusable creation time, since without it the version cannot be ordered."""
        comment_id = plain(platform_id)
        if not comment_id:
            self.reject("The comment has no id.", raw)
            return
        if text is not None and not isinstance(text, str):
            self.reject(f"Comment {comment_id} has text that is {json_type(text)}, not a string.", raw)
            return
        body = storable(text or "").strip()
        if not body and not has_media:
            self.reject(f"Comment {comment_id} has no text.", raw)
            return
        if len(body) > MAX_COMMENT_CHARS:
            self.reject(f"Comment {comment_id} is {len(body):,} characters long; the limit is "
                        f"{MAX_COMMENT_CHARS:,}.", raw)
            return
        try:
            when = to_utc(created_at)
        except ValueError as exc:
            self.reject(f"Comment {comment_id} has a bad date: {exc}.", raw)
            return
        edited: datetime | None = None
        if version_time is not None and version_time != "":
            try:
                edited = to_utc(version_time)
            except ValueError as exc:
                self.reject(f"Comment {comment_id} has a bad edit time: {exc}.", raw)
                return
        self.comments.append(IncomingComment(
            platform=platform, platform_id=comment_id, text=body, created_at=when, raw=scrub(raw),
            version_time=edited, version_rank=version_rank,
            **{name: plain(value) for name, value in fields.items()},
        ))

    def delete(self, raw: dict[str, Any], *, platform: str, platform_id: Any, deleted_at: Any,
               account_platform_id: Any = "", account_handle: Any = "") -> None:
        """Keep one deletion, or reject it when its comment id or time is missing or unusable."""
        comment_id = plain(platform_id)
        if not comment_id:
            self.reject("The deletion names no comment.", raw)
            return
        try:
            when = to_utc(deleted_at)
        except ValueError as exc:
            self.reject(f"The deletion of comment {comment_id} has a bad date: {exc}.", raw)
            return
        self.deletions.append(IncomingDeletion(
            platform=platform, platform_id=comment_id, deleted_at=when, account_platform_id=plain(account_platform_id),
            account_handle=plain(account_handle), raw=scrub(raw)))

    def parsed(self) -> Parsed:
        return Parsed(comments=self.comments, rejected=self.rejected, ignored=self.ignored, deletions=self.deletions)


def latest(*values: Any) -> datetime | None:
    """The latest of the readable times among `values` (None when none is readable)."""
    times = []
    for value in values:
        try:
            times.append(to_utc(value))
        except ValueError:
            continue
    return max(times, default=None)


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def dicts(value: Any) -> list[dict[str, Any]]:
    """The objects in a JSON list (anything else in it, or a value that is not a list, gives nothing)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
