"""YouTube Data API v3 comment responses (commentThreads.list, a single commentThread, comments.list) as comments.

Each top-level comment and each reply delivered with a thread becomes its own comment. Its version is ordered by
`snippet.updatedAt` (the time of its last edit; `publishedAt` when absent), so an old response re-imported after
a newer one cannot take the comment back to an older text.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from civicguard.apps.moderation.connectors.base import Collector, Parsed, as_dict, json_type, load_json, plain
from civicguard.apps.moderation.connectors.mastodon import html_to_text
from civicguard.errors import BadInput

WHAT = "YouTube API response"
THREAD_LIST = "youtube#commentThreadListResponse"
COMMENT_LIST = "youtube#commentListResponse"
THREAD = "youtube#commentThread"
COMMENT = "youtube#comment"


def parse(body: bytes | str) -> Parsed:
    payload = load_json(body, WHAT)
    if not isinstance(payload, dict):
        raise BadInput(f"The {WHAT} must be a JSON object; it is {json_type(payload)}.")
    error = payload.get("error")
    if isinstance(error, dict):
        message = plain(error.get("message"))[:300] or "no details"
        raise BadInput(f"The YouTube API returned an error instead of comments: {message}")
    kind = payload.get("kind")
    out = Collector()
    if kind in (THREAD_LIST, COMMENT_LIST) or (kind is None and "items" in payload):
        items = payload.get("items")
        if not isinstance(items, list):
            raise BadInput(f"The {WHAT} has no 'items' list.")
        for item in items:
            _item(out, item)
    elif kind in (THREAD, COMMENT) or (kind is None and "snippet" in payload):
        _item(out, payload)
    else:
        raise BadInput(f"The {WHAT} is of kind {kind!r}; expected {THREAD_LIST}, {THREAD} or {COMMENT_LIST}.")
    return out.parsed()


def _item(out: Collector, item: Any) -> None:
    if not isinstance(item, dict):
        out.reject("An item is not a JSON object.", item)
    elif item.get("kind") == THREAD or "topLevelComment" in as_dict(item.get("snippet")):
        _thread(out, item)
    elif item.get("kind") in (COMMENT, None):
        _comment(out, item, {})
    else:
        out.reject(f"An item is of kind {item.get('kind')!r}, not a comment or comment thread.", item)


def _thread(out: Collector, thread: dict[str, Any]) -> None:
    snippet = as_dict(thread.get("snippet"))
    context = {"id": plain(thread.get("id")), "channelId": plain(snippet.get("channelId")),
               "videoId": plain(snippet.get("videoId"))}
    top = snippet.get("topLevelComment")
    if isinstance(top, dict):
        _comment(out, top, context)
    else:
        out.reject(f"Comment thread {context['id']!r} has no top-level comment.", thread)
    replies = as_dict(thread.get("replies")).get("comments")
    for reply in replies if isinstance(replies, list) else []:
        if isinstance(reply, dict):
            _comment(out, reply, context)
        else:
            out.reject(f"A reply in comment thread {context['id']!r} is not a JSON object.", reply)


def _comment(out: Collector, comment: dict[str, Any], thread: dict[str, str]) -> None:
    snippet = as_dict(comment.get("snippet"))
    channel_id = thread.get("channelId") or plain(snippet.get("channelId"))
    video_id = thread.get("videoId") or plain(snippet.get("videoId"))
    comment_id = plain(comment.get("id"))
    parent_id = plain(snippet.get("parentId"))
    author_id = as_dict(snippet.get("authorChannelId")).get("value")
    if channel_id and author_id == channel_id:
        out.ignore()  # the channel's own reply: the council's words, checked before posting, not a comment
        return
    original, display = snippet.get("textOriginal"), snippet.get("textDisplay")
    text = original if isinstance(original, str) and original.strip() else \
        html_to_text(display) if isinstance(display, str) else None
    out.add(
        {**comment, "thread": thread} if thread else comment,
        platform="youtube",
        platform_id=comment_id,
        text=text,
        created_at=snippet.get("publishedAt"),
        version_time=snippet.get("updatedAt"),
        account_platform_id=channel_id,
        author_id=author_id,
        author_name=snippet.get("authorDisplayName"),
        parent_id=parent_id or video_id,
        kind="reply" if parent_id else "comment",
        url=f"https://www.youtube.com/watch?v={quote(video_id, safe='')}&lc={quote(comment_id, safe='')}"
        if video_id and comment_id else "",
    )
