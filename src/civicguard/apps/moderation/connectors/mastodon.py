"""Mastodon REST entities (Status, a list of statuses, or a list of notifications) read as comments.

Status content is HTML; `html_to_text` reduces it to plain text with the standard library parser. A status's
version is ordered by `edited_at` (null until it is edited, then `created_at` is the fallback).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

from civicguard.apps.moderation.connectors.base import Collector, Parsed, as_dict, dicts, json_type, load_json, plain
from civicguard.errors import BadInput

WHAT = "Mastodon API response"
COMMENT_NOTIFICATIONS = ("mention", "status")
_DROPPED = {"script", "style", "template"}
_BLOCKS = {"p", "div", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"}
_LINES = {"br", "li"}


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self._dropping += 1
        elif tag in _LINES:
            self.parts.append("\n")
        elif tag in _BLOCKS and "".join(self.parts).strip():
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self._dropping = max(0, self._dropping - 1)

    def handle_data(self, data: str) -> None:
        if not self._dropping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: text kept, <br> and paragraph breaks as newlines, entities unescaped,
    tags and the contents of script and style elements dropped."""
    parser = _TextOf()
    try:
        parser.feed(markup)
        parser.close()
        text = "".join(parser.parts)
    except AssertionError:
        text = re.sub(r"(?is)<(script|style|template)\b.*?(</\1\s*>|$)", "", markup)
        text = html.unescape(re.sub(r"(?is)<br\s*/?>", "\n", re.sub(r"(?is)</p\s*>\s*<p\b[^>]*>", "\n\n", text)))
        text = re.sub(r"<[^>]*>?", "", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def parse(body: bytes | str) -> Parsed:
    payload = load_json(body, WHAT)
    out = Collector()
    if isinstance(payload, dict):
        if isinstance(payload.get("error"), str):
            raise BadInput(f"The Mastodon API returned an error instead of statuses: {plain(payload['error'])[:300]}")
        if not (_is_notification(payload) or _is_status(payload)):
            raise BadInput(f"The {WHAT} is neither a Status nor a Notification (no 'content' or 'type' field).")
        _item(out, payload)
    elif isinstance(payload, list):
        for item in payload:
            if isinstance(item, dict) and (_is_notification(item) or _is_status(item)):
                _item(out, item)
            else:
                out.reject("An item is not a Mastodon Status or Notification object.", item)
    else:
        raise BadInput(f"The {WHAT} must be a Status, or a list of statuses or notifications; it is "
                       f"{json_type(payload)}.")
    return out.parsed()


def _is_notification(item: dict[str, Any]) -> bool:
    return isinstance(item.get("type"), str) and "content" not in item


def _is_status(item: dict[str, Any]) -> bool:
    return "content" in item


def _item(out: Collector, item: dict[str, Any]) -> None:
    if not _is_notification(item):
        _status(out, item, item)
    elif item.get("type") not in COMMENT_NOTIFICATIONS:
        out.ignore()
    elif isinstance(item.get("status"), dict):
        _status(out, item["status"], item)
    else:
        out.reject(f"Notification {plain(item.get('id'))!r} of type {item.get('type')!r} has no status.", item)


def _status(out: Collector, status: dict[str, Any], raw: dict[str, Any]) -> None:
    if isinstance(status.get("reblog"), dict):
        out.ignore()
        return
    content = status.get("content")
    text: str | None = None
    if isinstance(content, str):
        text = "\n".join(part for part in (plain(status.get("spoiler_text")), html_to_text(content)) if part)
    account = as_dict(status.get("account"))
    mentions = dicts(status.get("mentions"))
    acct = plain(account.get("acct")).lstrip("@")
    name = plain(account.get("display_name"))
    reply_to = plain(status.get("in_reply_to_id"))
    out.add(
        raw,
        platform="mastodon",
        platform_id=status.get("id"),
        text=text,
        created_at=status.get("created_at"),
        version_time=status.get("edited_at"),
        account_platform_id=status.get("in_reply_to_account_id"),
        account_handle=plain(mentions[0].get("acct")).lstrip("@") if mentions else "",
        author_id=account.get("id"),
        author_name=f"{name} (@{acct})" if name and acct else name or (f"@{acct}" if acct else ""),
        parent_id=reply_to,
        kind="reply" if reply_to else "mention",
        url=plain(status.get("url")) or plain(status.get("uri")),
        has_media=bool(dicts(status.get("media_attachments"))),
    )
