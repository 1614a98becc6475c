"""Meta Graph API webhooks: comments on a Facebook Page's posts (`feed`) and on Instagram media (`comments`).

The page's own comments, reactions, new posts and hides are counted as ignored, not rejected; a comment's
`remove` is a deletion.

Versions are ordered by the later of the entry's `time` and the change's `created_time`, then the verb (add,
edited, remove): in an `edited` change Meta gives the comment's creation time as `created_time`, so the entry's
time is what tells an edit from its add (docs/comment-versions.md).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from civicguard.apps.moderation.connectors.base import (
    Collector,
    Parsed,
    as_dict,
    json_type,
    latest,
    load_json,
    plain,
)
from civicguard.errors import BadInput

WHAT = "Meta webhook payload"
OBJECTS = {"page": "facebook", "instagram": "instagram"}
FACEBOOK_VERBS = ("add", "edited")
REMOVE = "remove"
# Ties of the version time: an edit cannot come before the add it edits, nor anything after the removal.
VERB_RANK = {"add": 0, "edited": 1, REMOVE: 2}
INSTAGRAM_FIELDS = ("comments", "live_comments")


def parse(body: bytes | str) -> Parsed:
    payload = load_json(body, WHAT)
    if not isinstance(payload, dict):
        raise BadInput(f"The {WHAT} must be a JSON object with 'object' and 'entry'; it is {json_type(payload)}.")
    obj = payload.get("object")
    if obj not in OBJECTS:
        raise BadInput(f"The {WHAT} is for object {obj!r}; only 'page' (Facebook) and 'instagram' are read.")
    entries = payload.get("entry")
    if not isinstance(entries, list):
        raise BadInput(f"The {WHAT} has no 'entry' list.")
    out = Collector()
    for entry in entries:
        if not isinstance(entry, dict):
            out.reject("A webhook entry is not a JSON object.", entry)
            continue
        messaging = entry.get("messaging")
        if isinstance(messaging, list):
            out.ignore(len(messaging))
        changes = entry.get("changes")
        if changes is None:
            continue
        if not isinstance(changes, list):
            out.reject(f"Entry {plain(entry.get('id'))!r} has 'changes' that is not a list.", entry)
            continue
        for change in changes:
            if not isinstance(change, dict) or not isinstance(change.get("value"), dict):
                out.reject(f"A change in entry {plain(entry.get('id'))!r} has no value object.", change)
            elif obj == "page":
                _facebook(out, entry, change)
            else:
                _instagram(out, entry, change)
    return out.parsed()


def _facebook(out: Collector, entry: dict[str, Any], change: dict[str, Any]) -> None:
    value: dict[str, Any] = change["value"]
    page_id = plain(entry.get("id"))
    sender = as_dict(value.get("from"))
    verb = value.get("verb")
    if (change.get("field") != "feed" or value.get("item") != "comment"
            or verb not in (*FACEBOOK_VERBS, REMOVE) or (page_id and plain(sender.get("id")) == page_id)):
        out.ignore()
        return
    post_id = plain(value.get("post_id"))
    parent_id = plain(value.get("parent_id"))
    comment_id = plain(value.get("comment_id"))
    moment = latest(entry.get("time"), value.get("created_time"))
    if verb == REMOVE:
        out.delete({**value, "entry_id": page_id}, platform="facebook", platform_id=comment_id,
                   deleted_at=moment or value.get("created_time"), account_platform_id=page_id)
        return
    out.add(
        {**value, "entry_id": page_id},
        platform="facebook",
        platform_id=comment_id,
        text=value.get("message"),
        created_at=value["created_time"] if "created_time" in value else entry.get("time"),
        version_time=moment,
        version_rank=VERB_RANK[str(verb)],
        account_platform_id=page_id,
        author_id=sender.get("id"),
        author_name=sender.get("name"),
        parent_id=parent_id or post_id,
        kind="reply" if parent_id and parent_id != post_id else "comment",
        url=_facebook_url(post_id, comment_id),
        has_media=bool(plain(value.get("photo")) or plain(value.get("video"))),
    )


def _facebook_url(post_id: str, comment_id: str) -> str:
    page, _, post = post_id.partition("_")
    if not (page and post and comment_id):
        return ""
    page, post, short = (quote(part, safe="") for part in (page, post, comment_id.rpartition("_")[2]))
    return f"https://www.facebook.com/{page}/posts/{post}?comment_id={short}"


def _instagram(out: Collector, entry: dict[str, Any], change: dict[str, Any]) -> None:
    value: dict[str, Any] = change["value"]
    account_id = plain(entry.get("id"))
    sender = as_dict(value.get("from"))
    if change.get("field") not in INSTAGRAM_FIELDS or (account_id and plain(sender.get("id")) == account_id):
        out.ignore()
        return
    media = as_dict(value.get("media"))
    parent_id = plain(value.get("parent_id"))
    created = next((value[key] for key in ("created_time", "timestamp") if key in value), entry.get("time"))
    out.add(
        {**value, "entry_id": account_id},
        platform="instagram",
        platform_id=value.get("id"),
        text=value.get("text"),
        created_at=created,
        version_time=latest(entry.get("time"), created),
        account_platform_id=account_id,
        author_id=sender.get("id"),
        author_name=sender.get("username"),
        parent_id=parent_id or plain(media.get("id")),
        kind="reply" if parent_id else "comment",
    )
