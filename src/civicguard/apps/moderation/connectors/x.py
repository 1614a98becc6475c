"""X API v2 responses (replies search, mentions timeline, single post lookup) read as comments.

The API escapes &, < and > in post text as HTML entities; they are turned back into the characters.

An edit on X is a new post with its own id; `edit_history_tweet_ids` lists every version's id, oldest first. So
the comment is the first id of that list (the original post), and a version is ordered by its place in the list
(then its own `created_at`): a later lookup of an older version cannot take the comment back.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from civicguard.apps.moderation.connectors.base import Collector, Parsed, as_dict, dicts, json_type, load_json, plain
from civicguard.errors import BadInput

WHAT = "X API response"


def parse(body: bytes | str) -> Parsed:
    payload = load_json(body, WHAT)
    if not isinstance(payload, dict):
        raise BadInput(f"The {WHAT} must be a JSON object with 'data'; it is {json_type(payload)}.")
    data = payload.get("data")
    if data is None:
        errors = payload.get("errors")
        if isinstance(errors, list) and errors:
            raise BadInput(f"The X API returned an error instead of posts: {_error_message(errors)}")
        if "status" in payload and ("detail" in payload or "title" in payload):
            raise BadInput(f"The X API returned an error instead of posts: {_error_message([payload])}")
        if isinstance(payload.get("meta"), dict):
            return Parsed(comments=[], rejected=[])
        raise BadInput(f"The {WHAT} has no 'data'; expected the body of an X API v2 posts request.")
    if isinstance(data, dict):
        items: list[Any] = [data]
    elif isinstance(data, list):
        items = data
    else:
        raise BadInput(f"The {WHAT} 'data' is {json_type(data)}; expected a post or a list of posts.")
    users = {plain(user.get("id")): user for user in dicts(as_dict(payload.get("includes")).get("users"))}
    out = Collector()
    for item in items:
        if isinstance(item, dict):
            _post(out, item, users)
        else:
            out.reject("A post in 'data' is not a JSON object.", item)
    return out.parsed()


def _post(out: Collector, item: dict[str, Any], users: dict[str, dict[str, Any]]) -> None:
    referenced = {plain(ref.get("type")): plain(ref.get("id")) for ref in dicts(item.get("referenced_tweets"))}
    if "retweeted" in referenced:
        out.ignore()
        return
    mentions = dicts(as_dict(item.get("entities")).get("mentions"))
    author = users.get(plain(item.get("author_id")), {})
    username = plain(author.get("username")).lstrip("@")
    name = plain(author.get("name"))
    post_id = plain(item.get("id"))
    edits = item.get("edit_history_tweet_ids")
    history = [plain(v) for v in edits if plain(v)] if isinstance(edits, list) else []
    original = history[0] if history else post_id
    place = history.index(post_id) if post_id in history else 0
    note = as_dict(item.get("note_tweet")).get("text")
    text = note if isinstance(note, str) else item.get("text")
    replied_to = referenced.get("replied_to", "")
    out.add(
        item,
        platform="x",
        platform_id=original,
        text=_unescape(text),
        created_at=item.get("created_at"),
        version_rank=place,
        account_platform_id=item.get("in_reply_to_user_id"),
        account_handle=plain(mentions[0].get("username")).lstrip("@") if mentions else "",
        author_id=item.get("author_id"),
        author_name=f"{name} (@{username})" if name and username else name or (f"@{username}" if username else ""),
        parent_id=replied_to or referenced.get("quoted", ""),
        kind="reply" if replied_to else "mention",
        url=f"https://x.com/{quote(username, safe='')}/status/{quote(original, safe='')}" if username and original
        else "",
    )


def _unescape(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _error_message(errors: list[Any]) -> str:
    first = errors[0] if isinstance(errors[0], dict) else {}
    message = plain(first.get("detail")) or plain(first.get("message")) or plain(first.get("title")) or "no details"
    if len(message) > 300:
        message = message[:300] + "..."
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{message}{more}"
