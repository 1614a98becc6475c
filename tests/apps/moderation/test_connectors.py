"""The comment connectors read each platform's documented payload (and generic JSON/CSV) into IncomingComment."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from civicguard.apps.moderation.connectors import SOURCES, parse
from civicguard.apps.moderation.connectors.base import MAX_COMMENT_CHARS, Parsed, to_utc
from civicguard.apps.moderation.connectors.mastodon import html_to_text
from civicguard.errors import BadInput

FIXTURES = Path(__file__).parent / "fixtures"

SEFTON_PAGE = "104729384756"
SEFTON_IG = "17841400000000001"
ST_HELENS_X = "1357924680"
ST_HELENS_YT = "UCsthelens0000000000000a"
SEFTON_MASTODON = "109000000000000001"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def dumps(payload: Any) -> bytes:
    return json.dumps(payload).encode()


def by_id(parsed: Parsed) -> dict[str, Any]:
    return {comment.platform_id: comment for comment in parsed.comments}


# --- fixtures, one per platform shape ---------------------------------------------------------------------------------


def test_meta_page_feed() -> None:
    parsed = parse("meta", fixture("meta_page_feed.json"))

    assert parsed.rejected == []
    assert parsed.ignored == 2  # the reaction and the page's own reply
    assert [c.platform_id for c in parsed.comments] == [
        "881234567890123_1200000000000001", "881234567890123_1200000000000002", "881234567890123_1200000000000003",
        "881234567890123_1200000000000004", "881234567890123_1200000000000006", "555000111222333_1300000000000001",
    ]
    assert {c.platform for c in parsed.comments} == {"facebook"}
    sefton = parsed.comments[:5]
    assert {c.account_platform_id for c in sefton} == {SEFTON_PAGE}
    assert parsed.comments[5].account_platform_id == "100200300400500"

    first = parsed.comments[0]
    assert first.text.startswith("Thanks for keeping Southport library open late")
    assert first.created_at == utc("2025-03-14T09:31:00")
    assert first.author_id == "7001000000000001"
    assert first.author_name == "Karen Whitfield"
    assert first.kind == "comment"
    assert first.parent_id == "104729384756_881234567890123"
    assert first.url == "https://www.facebook.com/104729384756/posts/881234567890123?comment_id=1200000000000001"
    assert first.raw["entry_id"] == SEFTON_PAGE
    assert first.raw["verb"] == "add"

    press = by_id(parsed)["881234567890123_1200000000000006"]
    assert press.kind == "reply"
    assert press.parent_id == "881234567890123_1200000000000002"
    assert press.created_at == utc("2025-03-14T10:05:00")  # ISO created_time with +0000
    assert "Liverpool Echo" in press.text
    assert "f*cking useless" in by_id(parsed)["881234567890123_1200000000000002"].text
    assert "PR9 7QX" in by_id(parsed)["881234567890123_1200000000000003"].text
    assert all(c.created_at.tzinfo is UTC for c in parsed.comments)


def test_meta_instagram_comments() -> None:
    parsed = parse("meta", fixture("meta_instagram_comments.json"))

    assert parsed.rejected == []
    assert parsed.ignored == 1  # the account's own reply
    assert [c.platform_id for c in parsed.comments] == [f"1786000000000000{n}" for n in range(1, 6)]
    assert {c.platform for c in parsed.comments} == {"instagram"}
    assert {c.account_platform_id for c in parsed.comments} == {SEFTON_IG}
    comments = by_id(parsed)
    first = comments["17860000000000001"]
    assert first.text == "Gorgeous shot of Crosby beach at sunset 😍 Another Place never gets old"
    assert first.author_name == "crosby_lass"
    assert first.author_id == "17850000000000011"
    assert first.parent_id == "18020000000000001"  # the media
    assert first.kind == "comment"
    assert first.created_at == utc("2025-03-14T12:00:00")  # no timestamp in value: entry.time
    reply = comments["17860000000000004"]
    assert reply.kind == "reply"
    assert reply.parent_id == "17860000000000001"
    assert reply.created_at == utc("2025-03-14T13:15:00")
    assert "Marsh Lane" in comments["17860000000000005"].text  # a live_comments change
    assert comments["17860000000000005"].raw["media"]["media_product_type"] == "FEED"


def test_x_replies() -> None:
    parsed = parse("x", fixture("x_replies.json"))

    assert parsed.rejected == [] and parsed.ignored == 0
    assert [c.platform_id for c in parsed.comments] == [f"189910000000000000{n}" for n in range(1, 6)]
    for comment in parsed.comments:
        assert comment.platform == "x"
        assert comment.account_platform_id == ST_HELENS_X
        assert comment.account_handle == "StHelensCouncil"
        assert comment.kind == "reply"
        assert comment.parent_id == "1899000000000000001"
    first = parsed.comments[0]
    assert first.author_id == "2100000001"
    assert first.author_name == "Jen Parr (@jenparr_sth)"
    assert first.url == "https://x.com/jenparr_sth/status/1899100000000000001"
    assert first.created_at == utc("2025-03-14T08:15:02")
    assert first.raw["conversation_id"] == "1899000000000000001"
    assert "a foot wide & getting deeper" in parsed.comments[3].text  # the API's &amp; unescaped


def test_x_mentions() -> None:
    parsed = parse("x", fixture("x_mentions.json"))

    assert len(parsed.comments) == 5 and parsed.rejected == []
    for comment in parsed.comments:
        assert comment.kind == "mention"
        assert comment.account_platform_id == ""
        assert comment.account_handle == "StHelensCouncil"
        assert comment.parent_id == ""
    assert "WA12 9AA" in parsed.comments[3].text
    assert parsed.comments[4].created_at == utc("2025-03-15T09:55:00")


def test_x_single_post_lookup_and_retweets() -> None:
    post = {"id": "1", "text": "RT @StHelensCouncil: bins", "author_id": "9", "created_at": "2025-01-01T00:00:00Z",
            "referenced_tweets": [{"type": "retweeted", "id": "2"}]}
    single = {"data": {"id": "3", "text": "hello @StHelensCouncil", "author_id": "9",
                       "created_at": "2025-01-01T00:00:00.000Z",
                       "entities": {"mentions": [{"start": 6, "end": 22, "username": "StHelensCouncil", "id": "1"}]}}}

    parsed = parse("x", dumps(single))
    assert [(c.platform_id, c.kind, c.account_handle, c.url) for c in parsed.comments] == [
        ("3", "mention", "StHelensCouncil", "")]  # no includes.users: no author name or url
    assert parse("x", dumps({"data": [post]})).ignored == 1
    assert parse("x", dumps({"meta": {"result_count": 0}})) == Parsed(comments=[], rejected=[])


def test_youtube_comment_threads() -> None:
    parsed = parse("youtube", fixture("youtube_comment_threads.json"))

    assert parsed.rejected == [] and parsed.ignored == 0
    assert [c.platform_id for c in parsed.comments] == [
        "UgzCleanComment0001AaBbCc", "UgwOffensive00002DdEeFf", "UgxService000003GgHhIi",
        "UgxService000003GgHhIi.AbCdEf000001", "UgxService000003GgHhIi.AbCdEf000002", "UgyPress00000004JjKkLl",
    ]
    assert {c.account_platform_id for c in parsed.comments} == {ST_HELENS_YT}
    comments = by_id(parsed)
    clean = comments["UgzCleanComment0001AaBbCc"]
    assert "pizza boxes & egg boxes" in clean.text  # textOriginal, not the HTML textDisplay
    assert clean.kind == "comment" and clean.parent_id == "Xy7Tq2LmN0a"
    assert clean.author_name == "@recyclingrita" and clean.author_id == "UC0000000000000000000001"
    assert clean.url == "https://www.youtube.com/watch?v=Xy7Tq2LmN0a&lc=UgzCleanComment0001AaBbCc"
    assert clean.created_at == utc("2025-03-10T18:04:11")
    assert clean.raw["thread"] == {"id": "UgzCleanComment0001AaBbCc", "channelId": ST_HELENS_YT,
                                   "videoId": "Xy7Tq2LmN0a"}
    reply = comments["UgxService000003GgHhIi.AbCdEf000001"]
    assert reply.kind == "reply"
    assert reply.parent_id == "UgxService000003GgHhIi"
    assert reply.url == "https://www.youtube.com/watch?v=Pq3Rs8TuV1b&lc=UgxService000003GgHhIi.AbCdEf000001"
    assert comments["UgxService000003GgHhIi"].text.startswith("The street light outside 40 Borough Road has been "
                                                              "out for a month.\nReported it twice")


def test_youtube_single_thread_and_comment_list() -> None:
    threads = json.loads(fixture("youtube_comment_threads.json"))
    single = threads["items"][2]
    assert len(parse("youtube", dumps(single)).comments) == 3

    reply = threads["items"][2]["replies"]["comments"][0]
    del reply["snippet"]["textOriginal"]
    reply["snippet"]["textDisplay"] = "Line one<br>Line <b>two</b> &amp; <a href=\"https://x.example\">a link</a>"
    listing = {"kind": "youtube#commentListResponse", "items": [reply]}
    parsed = parse("youtube", dumps(listing))
    [comment] = parsed.comments
    assert comment.text == "Line one\nLine two & a link"  # textDisplay is HTML: reduced to text
    assert comment.account_platform_id == ST_HELENS_YT  # from the comment's own snippet.channelId
    assert comment.kind == "reply"


def test_mastodon_statuses() -> None:
    parsed = parse("mastodon", fixture("mastodon_statuses.json"))

    assert parsed.rejected == [] and parsed.ignored == 0
    assert [c.platform_id for c in parsed.comments] == [f"11300000000000000{n}" for n in range(1, 6)]
    comments = by_id(parsed)
    clean = comments["113000000000000001"]
    assert clean.platform == "mastodon"
    assert clean.text == ("@seftoncouncil Lovely to see the Botanic Gardens café open again. "
                          "Great scones & friendly staff!")
    assert clean.account_platform_id == SEFTON_MASTODON
    assert clean.account_handle == "seftoncouncil"
    assert clean.kind == "reply" and clean.parent_id == "112000000000000001"
    assert clean.author_name == "Beth 🌿 (@botanicbeth)"
    assert clean.url == "https://mastodon.social/@botanicbeth/113000000000000001"
    assert clean.created_at == utc("2025-03-14T14:02:00")

    assert comments["113000000000000002"].text.startswith("Swearing, library rant\n@seftoncouncil Who decided")
    assert comments["113000000000000002"].author_name == "Crosby Reader (@crosbyreader@mas.to)"
    assert comments["113000000000000003"].text.endswith("alley.\nRing him on 0151 496 0555.")
    mention = comments["113000000000000004"]
    assert mention.kind == "mention" and mention.account_platform_id == "" and mention.account_handle == "seftoncouncil"
    assert mention.text == ("Missed bin collection on Lord Street again #Southport @seftoncouncil can you send the "
                            "wagon back?\n\nThird time this month.")
    assert comments["113000000000000005"].text.startswith("@seftoncouncil I'm a reporter")


def test_mastodon_notifications() -> None:
    parsed = parse("mastodon", fixture("mastodon_notifications.json"))

    assert parsed.rejected == []
    assert parsed.ignored == 3  # favourite, reblog, follow
    assert [c.platform_id for c in parsed.comments] == [f"11310000000000000{n}" for n in range(1, 6)]
    assert {c.account_handle for c in parsed.comments} == {"seftoncouncil"}
    safeguarding = parsed.comments[0]
    assert safeguarding.text.endswith("her kids look frightened.\n\nWho should I call?")
    assert safeguarding.raw["type"] == "mention"  # the notification, as delivered
    assert parsed.comments[3].raw["type"] == "status"


def test_mastodon_single_status() -> None:
    status = json.loads(fixture("mastodon_statuses.json"))[0]
    [comment] = parse("mastodon", dumps(status)).comments
    assert comment.platform_id == "113000000000000001"


def test_generic_json() -> None:
    parsed = parse("json", fixture("generic.json"))

    assert parsed.rejected == []
    comments = by_id(parsed)
    assert list(comments) == ["gen-001", "gen-002", "gen-003", "gen-004", "5"]
    assert comments["gen-001"].platform == "facebook" and comments["gen-001"].account_handle == "SeftonCouncil"
    assert comments["gen-001"].parent_id == "104729384756_881234567890123"
    assert comments["gen-002"].account_handle == "seftoncouncil"  # "@" removed
    assert comments["gen-003"].account_platform_id == ST_HELENS_X
    assert comments["gen-003"].created_at == utc("2025-03-15T10:00:00")  # naive means UTC
    assert comments["gen-004"].platform == "other"
    assert comments["gen-004"].created_at == utc("2025-03-16T00:00:00")  # a date alone
    assert comments["5"].created_at == utc("2025-03-16T11:00:00")  # +01:00 converted to UTC
    assert comments["5"].raw["source_export"] == "hootsuite-2025-03"
    assert all(c.kind == "comment" for c in parsed.comments)

    with_default = by_id(parse("json", fixture("generic.json"), platform="youtube"))
    assert with_default["gen-004"].platform == "youtube"
    assert with_default["gen-001"].platform == "facebook"  # the item's own platform wins


def test_generic_json_bare_list_and_kind() -> None:
    items = [{"ID": 7, "Text": "hi", "Created At": "2025-01-01T00:00:00Z", "kind": "Mention"}]
    [comment] = parse("json", dumps(items), platform="Bluesky").comments
    assert (comment.platform_id, comment.platform, comment.kind) == ("7", "bluesky", "mention")


def test_generic_csv_with_bom_and_formula_cells() -> None:
    body = fixture("generic.csv")
    assert body.startswith(b"\xef\xbb\xbf")

    parsed = parse("csv", body)

    assert parsed.rejected == []
    comments = by_id(parsed)
    assert list(comments) == [f"csv-00{n}" for n in range(1, 7)]  # the BOM does not spoil the "id" header
    assert comments["csv-001"].text.startswith("+1 for the new cycle lane")
    assert comments["csv-002"].text.startswith("@SeftonCouncil you're f*cking useless")
    assert comments["csv-004"].text.startswith("-- Pothole")
    assert comments["csv-005"].text == ('=HYPERLINK("http://refund.example/claim",'
                                        '"Click here for your council tax refund")')
    assert comments["csv-003"].text.startswith("Sharon Webb, 27 Hoghton Street, Southport PR9 0NS, 07700 900654")
    assert comments["csv-001"].account_platform_id == SEFTON_PAGE
    assert comments["csv-001"].raw["campaign"] == "spring-2025"
    assert comments["csv-003"].created_at == utc("2025-03-17T09:05:00")
    assert comments["csv-006"].platform == "mastodon"
    assert comments["csv-006"].account_platform_id == SEFTON_MASTODON


def test_generic_csv_odd_rows() -> None:
    body = (b"id,text,created_at,\n"
            b"1,hello,2025-01-01T00:00:00Z,extra,more\n"
            b"\n"
            b"2,short row\n"
            b"3,\"multi\nline, quoted\",2025-01-02\n")
    parsed = parse("csv", body, platform="facebook")
    assert [c.platform_id for c in parsed.comments] == ["1", "3"]
    assert parsed.comments[0].raw == {"id": "1", "text": "hello", "created_at": "2025-01-01T00:00:00Z",
                                      "column_4": "extra", "column_5": "more"}
    assert parsed.comments[1].text == "multi\nline, quoted"
    assert [r.reason for r in parsed.rejected] == ["Comment 2 has a bad date: no date."]


# --- per-item problems are rejected, the rest is kept -----------------------------------------------------------------


def test_meta_item_problems_are_rejected_and_the_rest_kept() -> None:
    payload = json.loads(fixture("meta_page_feed.json"))
    changes = payload["entry"][0]["changes"]
    changes[0]["value"].pop("message")
    changes[1]["value"]["created_time"] = "yesterday teatime"
    changes[2]["value"]["message"] = "x" * (MAX_COMMENT_CHARS + 1)
    changes[3]["value"].pop("comment_id")
    changes.append({"field": "feed", "value": {**changes[4]["value"], "verb": "remove"}})
    changes.append({"field": "feed"})
    payload["entry"].append("not an entry")

    parsed = parse("meta", dumps(payload))

    reasons = [r.reason for r in parsed.rejected]
    assert reasons[0] == "Comment 881234567890123_1200000000000001 has no text."
    assert reasons[1].startswith("Comment 881234567890123_1200000000000002 has a bad date: 'yesterday teatime' is "
                                 "not an ISO 8601 date")
    assert reasons[2] == "Comment 881234567890123_1200000000000003 is 20,001 characters long; the limit is 20,000."
    assert reasons[3] == "The comment has no id."
    assert reasons[4] == "A change in entry '104729384756' has no value object."
    assert reasons[5] == "A webhook entry is not a JSON object."
    assert parsed.rejected[0].raw["entry_id"] == SEFTON_PAGE
    assert [c.platform_id for c in parsed.comments] == ["881234567890123_1200000000000006",
                                                        "555000111222333_1300000000000001"]
    assert parsed.ignored == 3


def test_item_problems_in_other_sources() -> None:
    x_payload = json.loads(fixture("x_replies.json"))
    del x_payload["data"][0]["text"]
    x_payload["data"][1]["created_at"] = "Fri Mar 14 08:40:11 +0000 2025"  # the old v1.1 format
    x_payload["data"].append(42)
    parsed = parse("x", dumps(x_payload))
    assert len(parsed.comments) == 3 and len(parsed.rejected) == 3

    yt = json.loads(fixture("youtube_comment_threads.json"))
    yt["items"][0]["snippet"]["topLevelComment"]["snippet"]["publishedAt"] = "2025-13-45T99:00:00Z"
    del yt["items"][1]["snippet"]["topLevelComment"]
    parsed = parse("youtube", dumps(yt))
    assert len(parsed.comments) == 4
    assert parsed.rejected[0].reason.startswith("Comment UgzCleanComment0001AaBbCc has a bad date: ")
    assert parsed.rejected[1].reason == "Comment thread 'UgwOffensive00002DdEeFf' has no top-level comment."

    notes = json.loads(fixture("mastodon_notifications.json"))
    del notes[0]["status"]
    notes[4]["status"]["content"] = "<p><br></p>"
    notes.append({"unexpected": True})
    parsed = parse("mastodon", dumps(notes))
    assert len(parsed.comments) == 3
    assert [r.reason for r in parsed.rejected] == [
        "Notification '40000001' of type 'mention' has no status.",
        "Comment 113100000000000002 has no text.",
        "An item is not a Mastodon Status or Notification object.",
    ]

    generic = [{"text": "no id", "created_at": "2025-01-01"}, {"id": "a", "text": 12, "created_at": "2025-01-01"},
               {"id": "b", "text": "fine", "created_at": "01/05/2025"}, "a string", {"id": "c", "text": "ok",
                                                                                      "created_at": 1741944600}]
    parsed = parse("json", dumps(generic))
    assert [c.platform_id for c in parsed.comments] == ["c"]
    assert parsed.comments[0].created_at == utc("2025-03-14T09:30:00")
    assert [r.reason for r in parsed.rejected] == [
        "The comment has no id.",
        "Comment a has text that is a number, not a string.",
        "Comment b has a bad date: '01/05/2025' is not an ISO 8601 date or time (e.g. 2025-03-14T09:30:00Z).",
        "Item 4 is a string, not a comment object.",
    ]


def test_csv_cell_larger_than_the_csv_module_allows_is_rejected_alone() -> None:
    body = f"id,text,created_at\n1,{'y' * 200_000},2025-01-01\n2,fine,2025-01-02\n".encode()
    parsed = parse("csv", body)
    assert [c.platform_id for c in parsed.comments] == ["2"]
    assert parsed.rejected[0].reason.startswith("CSV line 2 could not be read: field larger than field limit")


# --- the whole payload is unreadable ----------------------------------------------------------------------------------


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize(("body", "message"), [
    (b"\xff\xfe{\x00\"", "is not UTF-8 text (unreadable byte at position 0)"),
    (b"", "is empty"),
    (b"  \n ", "is empty"),
])
def test_unreadable_bytes(source: str, body: bytes, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse(source, body)
    assert message in caught.value.message
    assert caught.value.code == "bad_input"


@pytest.mark.parametrize("source", ["meta", "x", "youtube", "mastodon", "json"])
def test_not_json(source: str) -> None:
    with pytest.raises(BadInput, match=r"is not valid JSON: Expecting value \(line 1, column 1\)"):
        parse(source, b"<html>Bad Gateway</html>")
    with pytest.raises(BadInput, match="is not valid JSON"):
        parse(source, b'{"data": [')


@pytest.mark.parametrize(("source", "message"), [
    ("meta", "The Meta webhook payload must be a JSON object with 'object' and 'entry'; it is a number."),
    ("x", "The X API response must be a JSON object with 'data'; it is a number."),
    ("youtube", "The YouTube API response must be a JSON object; it is a number."),
    ("mastodon", "it is a number."),
    ("json", "must be a list of comment objects or an object with a 'comments' list; it is a number."),
])
def test_a_json_number(source: str, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse(source, b"42")
    assert message in caught.value.message


@pytest.mark.parametrize(("source", "payload", "message"), [
    ("meta", {"object": "user", "entry": []}, "is for object 'user'; only 'page' (Facebook) and 'instagram'"),
    ("meta", {"object": "page"}, "has no 'entry' list"),
    ("x", {"includes": {}}, "has no 'data'"),
    ("x", {"data": "hello"}, "'data' is a string; expected a post or a list of posts"),
    ("youtube", {"kind": "youtube#videoListResponse", "items": []}, "is of kind 'youtube#videoListResponse'"),
    ("youtube", {"kind": "youtube#commentThreadListResponse", "items": {}}, "has no 'items' list"),
    ("mastodon", {"id": "1", "username": "someone"}, "is neither a Status nor a Notification"),
    ("mastodon", "a string", "it is a string"),
    ("json", {"data": []}, "an object with a 'comments' list; it is an object"),
    ("json", {"comments": {"id": 1}}, "has 'comments' that is an object, not a list"),
])
def test_wrong_shape(source: str, payload: Any, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse(source, dumps(payload))
    assert message in caught.value.message


@pytest.mark.parametrize(("source", "payload", "message"), [
    ("x", {"errors": [{"value": "1", "detail": "Could not find tweet with ids: [1].", "title": "Not Found Error",
                       "type": "https://api.twitter.com/2/problems/resource-not-found"}]},
     "The X API returned an error instead of posts: Could not find tweet with ids: [1]."),
    ("x", {"errors": [{"message": "Rate limit exceeded"}, {"message": "again"}]},
     "The X API returned an error instead of posts: Rate limit exceeded (and 1 more)"),
    ("x", {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"},
     "The X API returned an error instead of posts: Unauthorized"),
    ("youtube", {"error": {"code": 403, "message": "The caller does not have permission", "errors": []}},
     "The YouTube API returned an error instead of comments: The caller does not have permission"),
    ("mastodon", {"error": "The access token is invalid"},
     "The Mastodon API returned an error instead of statuses: The access token is invalid"),
])
def test_api_error_responses(source: str, payload: Any, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse(source, dumps(payload))
    assert caught.value.message == message


def test_x_errors_with_data_still_reads_the_data() -> None:
    payload = json.loads(fixture("x_replies.json")) | {"errors": [{"detail": "One referenced post was deleted"}]}
    assert len(parse("x", dumps(payload)).comments) == 5


def test_unknown_source_and_csv_header() -> None:
    with pytest.raises(BadInput, match="Unknown comment source 'tiktok'; expected one of: meta, x, youtube"):
        parse("tiktok", b"{}")
    with pytest.raises(BadInput, match="header row has no text, created_at columns; it needs id, text, created_at"):
        parse("csv", b"id,message,when\n1,hi,2025-01-01\n")
    with pytest.raises(BadInput, match="The JSON comment file is nested too deeply to be read as JSON."):
        parse("json", b"[" * 100_000 + b"]" * 100_000)


# --- hostile and odd content ------------------------------------------------------------------------------------------


SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_html_in_text_is_kept_verbatim_outside_mastodon() -> None:
    generic = parse("json", dumps([{"id": "1", "text": SCRIPT, "created_at": "2025-01-01"}]))
    assert generic.comments[0].text == SCRIPT

    page = json.loads(fixture("meta_page_feed.json"))
    page["entry"][0]["changes"][0]["value"]["message"] = SCRIPT
    assert parse("meta", dumps(page)).comments[0].text == SCRIPT

    replies = json.loads(fixture("x_replies.json"))
    replies["data"][0]["text"] = SCRIPT
    assert parse("x", dumps(replies)).comments[0].text == SCRIPT

    threads = json.loads(fixture("youtube_comment_threads.json"))
    threads["items"][0]["snippet"]["topLevelComment"]["snippet"]["textOriginal"] = SCRIPT
    assert parse("youtube", dumps(threads)).comments[0].text == SCRIPT

    csv_body = b'id,text,created_at\n1,"<b onmouseover=""x"">hi</b>",2025-01-01\n'
    assert parse("csv", csv_body).comments[0].text == '<b onmouseover="x">hi</b>'


def test_mastodon_html_is_reduced_to_text() -> None:
    status = json.loads(fixture("mastodon_statuses.json"))[0]
    status["content"] = ('<p>Hello <script>alert("x")</script><style>p{}</style>there &lt;b&gt; &amp; &#x1F600;</p>'
                         '<p>Line<br/>two<br>three</p><!-- hidden --><iframe src="x"></iframe>')
    [comment] = parse("mastodon", dumps(status)).comments
    assert comment.text == "Hello there <b> & 😀\n\nLine\ntwo\nthree"
    assert "alert" not in comment.text


@pytest.mark.parametrize(("markup", "text"), [
    ("<p>a</p><p>b</p>", "a\n\nb"),
    ("<![if x]>odd <b>markup</b>", "odd markup"),  # the parser gives up: a plain tag strip instead
    ("<script>never closed", ""),
    ("no tags at all &amp;", "no tags at all &"),
    ("<p>unclosed <b>tags", "unclosed tags"),
    ("<ul><li>one</li><li>two</li></ul>", "one\ntwo"),
])
def test_html_to_text(markup: str, text: str) -> None:
    assert html_to_text(markup) == text


def test_odd_unicode() -> None:
    odd = "zero\u200bwidth \u202eRTL override\u202c emoji 🧟‍♀️🇬🇧 NUL\x00here \ufeffbom"
    items = [{"id": "1\x00", "text": odd, "created_at": "2025-01-01", "author": "A\x00B", "note": "x\x00y",
              "n\x00k": 1}]
    [comment] = parse("json", json.dumps(items, ensure_ascii=False).encode()).comments
    assert comment.text == odd.replace("\x00", "")
    assert "\u200b" in comment.text and "\u202e" in comment.text and "🇬🇧" in comment.text
    assert comment.platform_id == "1" and comment.author_name == "AB"
    assert comment.raw == {"id": "1", "text": odd.replace("\x00", ""), "created_at": "2025-01-01", "author": "AB",
                           "note": "xy", "nk": 1}

    status = json.loads(fixture("mastodon_statuses.json"))[0]
    status["content"] = f"<p>{odd}</p>"
    assert parse("mastodon", dumps(status)).comments[0].text == odd.replace("\x00", "")

    only_nul = [{"id": "2", "text": "\x00\x00 \u0000", "created_at": "2025-01-01"}]
    assert parse("json", dumps(only_nul)).rejected[0].reason == "Comment 2 has no text."

    csv_body = b"id,text,created_at\n3,bad\x00cell,2025-01-01\n"
    assert parse("csv", csv_body).comments[0].text == "badcell"


def test_deeply_nested_extra_fields_do_not_crash() -> None:
    body = '[{"id": "1", "text": "t", "created_at": "2025-01-01", "x": ' + "[" * 900 + "]" * 900 + "}]"
    [comment] = parse("json", body).comments
    assert isinstance(comment.raw["x"], list)


def test_text_is_accepted_as_str_too() -> None:
    body = "\ufeff" + json.dumps([{"id": "1", "text": "caf\u00e9", "created_at": "2025-01-01"}])
    assert parse("json", body).comments[0].text == "café"


# --- size -------------------------------------------------------------------------------------------------------------


def test_a_five_megabyte_payload_parses_whole() -> None:
    text = "Bins not collected on our road again, third week running. " * 4
    generic = [{"id": f"c{n}", "text": f"{text} {n}", "created_at": "2025-03-14T09:30:00Z", "account": "SeftonCouncil",
                "platform": "facebook", "author": "Resident"} for n in range(20_000)]
    body = dumps(generic)
    assert len(body) > 5_000_000
    parsed = parse("json", body)
    assert len(parsed.comments) == 20_000

    status = json.loads(fixture("mastodon_statuses.json"))[2]
    statuses = [{**status, "id": str(n)} for n in range(4_000)]
    body = dumps(statuses)
    assert len(body) > 5_000_000
    parsed = parse("mastodon", body)
    assert len(parsed.comments) == 4_000


# --- dates ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    (1741944600, "2025-03-14T09:30:00"),
    (1741944600123, "2025-03-14T09:30:00.123000"),  # milliseconds
    ("1741944600", "2025-03-14T09:30:00"),
    ("2025-03-14T09:30:00Z", "2025-03-14T09:30:00"),
    ("2025-03-14T10:30:00+01:00", "2025-03-14T09:30:00"),
    ("2025-03-14T09:30:00+0000", "2025-03-14T09:30:00"),
    ("2025-03-14T09:30:00.123456789Z", "2025-03-14T09:30:00.123456"),
    ("2025-03-14 09:30", "2025-03-14T09:30:00"),
    ("2025-03-14", "2025-03-14T00:00:00"),
    ("20250314", "2025-03-14T00:00:00"),
])
def test_to_utc(value: Any, expected: str) -> None:
    moment = to_utc(value)
    assert moment == utc(expected)
    assert moment.tzinfo is UTC


@pytest.mark.parametrize("value", [None, "", True, "soon", "2025-02-30", 10**20, float("nan"), [], {}])
def test_to_utc_rejects(value: Any) -> None:
    with pytest.raises(ValueError):
        to_utc(value)


# --- each version's ordering key (docs/comment-versions.md) -------------------------------------------------------


def _page_change(verb: str, *, time: Any = 1764000600, created_time: Any = 1764000000, **value: Any) -> bytes:
    change = {"item": "comment", "verb": verb, "comment_id": f"{SEFTON_PAGE}_9", "post_id": f"{SEFTON_PAGE}_1",
              "from": {"id": "77", "name": "A Resident"}, "message": "words", "created_time": created_time, **value}
    entry: dict[str, Any] = {"id": SEFTON_PAGE, "changes": [{"field": "feed", "value": change}]}
    if time is not None:
        entry["time"] = time
    return dumps({"object": "page", "entry": [entry]})


def test_a_meta_edit_is_ordered_by_the_entry_time_when_created_time_is_the_comments_creation() -> None:
    [add] = parse("meta", _page_change("add", time=1764000000)).comments
    [edit] = parse("meta", _page_change("edited", time=1764000600)).comments
    assert add.created_at == edit.created_at == to_utc(1764000000)  # Meta gives the creation time in both
    assert add.version == (to_utc(1764000000), 0) and edit.version == (to_utc(1764000600), 1)
    assert edit.version > add.version


@pytest.mark.parametrize(("time", "created_time", "expected"), [
    (1764000000, 1764000000, 1764000000),        # the same second: the verb breaks the tie
    (1764000000000, 1764000000, 1764000000),     # an entry time in milliseconds
    (None, 1764000300, 1764000300),              # no entry time: created_time
    ("soon", 1764000300, 1764000300),            # an unreadable entry time: created_time
    (1764000000, 1764000900, 1764000900),        # created_time the later one (an edit time there): taken
])
def test_the_meta_version_time_is_the_later_of_entry_time_and_created_time(time, created_time, expected) -> None:
    [add] = parse("meta", _page_change("add", time=time, created_time=created_time)).comments
    [edit] = parse("meta", _page_change("edited", time=time, created_time=created_time)).comments
    assert add.version == (to_utc(expected), 0) and edit.version == (to_utc(expected), 1)
    assert edit.version > add.version


def test_a_meta_remove_is_a_deletion_with_its_time_and_page() -> None:
    parsed = parse("meta", _page_change("remove", time=1764000900, message=None))
    assert parsed.comments == [] and parsed.rejected == [] and parsed.ignored == 0
    [gone] = parsed.deletions
    assert (gone.platform, gone.platform_id, gone.account_platform_id) == ("facebook", f"{SEFTON_PAGE}_9", SEFTON_PAGE)
    assert gone.deleted_at == to_utc(1764000900) and gone.raw["verb"] == "remove"
    # The page removing its own comment, and a hide, are not deletions of a resident's comment.
    assert parse("meta", _page_change("remove", **{"from": {"id": SEFTON_PAGE}})).deletions == []
    assert parse("meta", _page_change("hide")).ignored == 1


def test_a_meta_remove_without_a_usable_time_is_rejected() -> None:
    parsed = parse("meta", _page_change("remove", time=None, created_time="soon"))
    assert parsed.deletions == [] and "bad date" in parsed.rejected[0].reason


def test_instagram_is_ordered_by_the_entry_time() -> None:
    entry = {"id": SEFTON_IG, "time": 1764000600, "changes": [{"field": "comments", "value": {
        "id": "1786", "text": "hi", "timestamp": "2025-11-24T16:00:00+0000", "from": {"id": "5"}}}]}
    [comment] = parse("meta", dumps({"object": "instagram", "entry": [entry]})).comments
    assert comment.version == (to_utc(1764000600), 0)


def _youtube(text: str, updated: str | None) -> bytes:
    snippet = {"channelId": ST_HELENS_YT, "videoId": "v1", "textOriginal": text, "authorChannelId": {"value": "U1"},
               "publishedAt": "2025-03-10T18:04:11Z"}
    if updated is not None:
        snippet["updatedAt"] = updated
    return dumps({"kind": "youtube#commentListResponse", "items": [
        {"kind": "youtube#comment", "id": "Ugx1", "snippet": snippet}]})


def test_youtube_is_ordered_by_updated_at() -> None:
    [first] = parse("youtube", _youtube("first", "2025-03-10T18:04:11Z")).comments
    [edited] = parse("youtube", _youtube("edited", "2025-03-11T07:00:00Z")).comments
    [bare] = parse("youtube", _youtube("bare", None)).comments
    assert first.version == (utc("2025-03-10T18:04:11"), 0) and edited.version == (utc("2025-03-11T07:00:00"), 0)
    assert bare.version == (utc("2025-03-10T18:04:11"), 0)  # publishedAt
    assert edited.created_at == first.created_at


def _status(text: str, edited_at: str | None) -> bytes:
    return dumps({"id": "11", "content": f"<p>{text}</p>", "created_at": "2025-03-14T10:00:00.000Z",
                  "edited_at": edited_at, "account": {"id": "5", "acct": "resident"},
                  "in_reply_to_account_id": SEFTON_MASTODON, "in_reply_to_id": "10", "mentions": []})


def test_mastodon_is_ordered_by_edited_at() -> None:
    [original] = parse("mastodon", _status("original", None)).comments
    [edited] = parse("mastodon", _status("edited", "2025-03-14T10:05:00.000Z")).comments
    assert original.version == (utc("2025-03-14T10:00:00"), 0)
    assert edited.version == (utc("2025-03-14T10:05:00"), 0) and edited.version > original.version
    assert "bad edit time" in parse("mastodon", _status("odd", "yesterday")).rejected[0].reason


def _post(post_id: str, history: list[str], text: str, created: str) -> dict[str, Any]:
    return {"id": post_id, "text": text, "author_id": "9", "created_at": created, "edit_history_tweet_ids": history,
            "in_reply_to_user_id": ST_HELENS_X, "referenced_tweets": [{"type": "replied_to", "id": "1"}]}


def test_x_versions_are_one_comment_ordered_by_the_edit_history() -> None:
    users = {"includes": {"users": [{"id": "9", "username": "resident", "name": "A Resident"}]}}
    original = _post("100", ["100"], "first", "2025-03-14T10:00:00Z")
    later = _post("101", ["100", "101"], "second", "2025-03-14T10:10:00Z")
    latest = _post("102", ["100", "101", "102"], "third", "2025-03-14T10:20:00Z")
    parsed = parse("x", dumps({"data": [latest, original, later], **users}))
    assert [c.platform_id for c in parsed.comments] == ["100", "100", "100"]  # the original post is the comment
    keys = {c.text: c.version for c in parsed.comments}
    assert keys["first"] < keys["second"] < keys["third"]
    assert keys["third"] == (utc("2025-03-14T10:20:00"), 2)
    assert parsed.comments[0].url == "https://x.com/resident/status/100"
    assert parsed.comments[0].raw["id"] == "102"  # which version it was stays in the raw record


@pytest.mark.parametrize("column", ["edited_at", "updated_at"])
def test_generic_files_are_ordered_by_an_edit_time_when_given(column: str) -> None:
    rows = [{"id": "g1", "text": "plain", "created_at": "2025-03-14T10:00:00Z"},
            {"id": "g1", "text": "edited", "created_at": "2025-03-14T10:00:00Z", column: "2025-03-15T08:00:00Z"},
            {"id": "g2", "text": "odd", "created_at": "2025-03-14T10:00:00Z", column: "last week"}]
    parsed = parse("json", dumps(rows), platform="facebook")
    plain_row, edited = parsed.comments
    assert plain_row.version == (utc("2025-03-14T10:00:00"), 0) and edited.version == (utc("2025-03-15T08:00:00"), 0)
    assert [r.reason for r in parsed.rejected] == [
        "Comment g2 has a bad edit time: 'last week' is not an ISO 8601 date or time (e.g. 2025-03-14T09:30:00Z)."]
    csv_body = f"id,text,created_at,{column}\ng3,words,2025-03-14T10:00:00Z,2025-03-16T08:00:00Z\n".encode()
    [row] = parse("csv", csv_body, platform="x").comments
    assert row.version == (utc("2025-03-16T08:00:00"), 0)
