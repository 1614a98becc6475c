"""Pictures attached to comments: fetched in the checking task from the platform hosts only, within limits, checked
with the comment; any failure sends the comment to a person with the reason. Against a real local HTTPS server."""

from __future__ import annotations

import hashlib
import hmac
import json
import sys
import time
from pathlib import Path

import pytest
from django.test import Client

from civicguard.apps.moderation.attachments import (
    Attachment,
    FetchLimits,
    FetchRefused,
    attachments_of,
    fetch,
    host_allowed,
)
from civicguard.apps.moderation.models import Comment, CommentStatus
from civicguard.apps.moderation.services import scan
from civicguard.apps.moderation.services.ingest import ingest
from civicguard.engine import Engine
from civicguard.engine.model import Content, Context, ImageRef
from tests.apps.moderation import attachment_server
from tests.apps.moderation.factories import CLEAN, account

sys.path.insert(0, str(Path(__file__).parents[2]))
from image_packs import drawn, plain_png  # noqa: E402

PHOTO = drawn(2)[0]
PLAIN = plain_png((320, 240))


@pytest.fixture(scope="module")
def https(tmp_path_factory):
    server, httpd, ca_file = attachment_server.start(tmp_path_factory.mktemp("tls"),
                                                     {"/photo.jpg": PHOTO, "/plain.png": PLAIN}, tls=True)
    yield server, str(ca_file)
    httpd.shutdown()


@pytest.fixture(scope="module")
def plain_http(tmp_path_factory):
    server, httpd, _ = attachment_server.start(tmp_path_factory.mktemp("plain"), {"/photo.jpg": PHOTO}, tls=False)
    yield server
    httpd.shutdown()


@pytest.fixture
def limits(https):
    server, ca_file = https
    server.requests.clear()
    return FetchLimits(hosts=(f"localhost:{server.port}",), max_bytes=1_000_000, seconds=2.0, ca_file=ca_file)


@pytest.fixture
def allowed(settings, https):
    """The site's settings with the allow-list overridden to the test server."""
    server, ca_file = https
    server.requests.clear()
    settings.CIVICGUARD_ATTACHMENT_HOSTS = [f"localhost:{server.port}"]
    settings.CIVICGUARD_ATTACHMENT_CA_FILE = ca_file
    settings.CIVICGUARD_ATTACHMENT_SECONDS = 2.0
    settings.CIVICGUARD_ATTACHMENT_MAX_BYTES = 1_000_000
    return server


def refused(url, limits) -> str:
    with pytest.raises(FetchRefused) as err:
        fetch(url, limits)
    return err.value.reason


# ---- the fetcher ------------------------------------------------------------------------------------------------

def test_a_picture_on_an_allowed_host_is_fetched_over_https(https, limits):
    server, _ = https
    assert fetch(server.url("/photo.jpg?oh=token"), limits) == PHOTO
    assert fetch(server.url("/to-photo"), limits) == PHOTO  # a redirect on the list is followed
    assert server.requests == ["/photo.jpg?oh=token", "/to-photo", "/photo.jpg"]


def test_a_host_or_port_not_on_the_list_is_never_asked(https, limits):
    server, ca_file = https
    assert "127.0.0.1" in refused(server.url("/photo.jpg", host="127.0.0.1"), limits)
    no_port = FetchLimits(hosts=("localhost",), max_bytes=1_000_000, seconds=2.0, ca_file=ca_file)
    assert "is not one of the platform hosts" in refused(server.url("/photo.jpg"), no_port)
    assert server.requests == []


def test_plain_http_is_never_fetched(plain_http, limits):
    both = FetchLimits(hosts=(*limits.hosts, f"localhost:{plain_http.port}"), max_bytes=1_000_000, seconds=2.0)
    assert "not https://" in refused(plain_http.url("/photo.jpg"), both)
    assert plain_http.requests == []


def test_redirects_never_leave_the_list_nor_go_round_for_ever(https, limits):
    server, _ = https
    assert "elsewhere.example is not one of the platform hosts" in refused(server.url("/away"), limits)
    assert "redirected it more than 3 times" in refused(server.url("/loop"), limits)


def test_too_big_is_refused_whether_declared_or_not(https, limits):
    server, _ = https
    started = time.monotonic()
    assert "48 MB, over the limit of 1,000,000 bytes" in refused(server.url("/big-declared"), limits)
    assert "over the limit of 1,000,000 bytes" in refused(server.url("/big-streamed"), limits)
    assert time.monotonic() - started < 2


def test_the_time_limit_covers_a_slow_answer_and_a_slow_drip(https, limits):
    server, ca_file = https
    quick = FetchLimits(hosts=limits.hosts, max_bytes=1_000_000, seconds=1.0, ca_file=ca_file)
    for path in ("/slow", "/drip"):
        started = time.monotonic()
        assert "took longer than 1 seconds" in refused(server.url(path), quick)
        assert time.monotonic() - started < 1.8


def test_an_error_answer_and_an_untrusted_certificate_are_refused(https, limits):
    server, _ = https
    assert "answered 404 Not Found" in refused(server.url("/missing"), limits)
    untrusted = FetchLimits(hosts=limits.hosts, max_bytes=1_000_000, seconds=2.0)  # the system's CAs only
    assert "certificate could not be trusted" in refused(server.url("/photo.jpg"), untrusted)


@pytest.mark.parametrize(("host", "port", "patterns", "ok"), [
    ("scontent.xx.fbcdn.net", None, ["*.fbcdn.net"], True),
    ("scontent-lhr8-1.xx.fbcdn.net", 443, ["scontent*.xx.fbcdn.net"], True),
    ("SCONTENT.XX.FBCDN.NET.", None, ["*.fbcdn.net"], True),
    ("fbcdn.net.evil.example", None, ["*.fbcdn.net"], False),
    ("evilfbcdn.net", None, ["*.fbcdn.net"], False),
    ("scontent.xx.fbcdn.net", 8443, ["*.fbcdn.net"], False),
    ("files.example.social", 8443, ["files.example.social:8443"], True),
])
def test_the_allow_list_matches_hosts_and_ports(host, port, patterns, ok):
    assert host_allowed(host, port, patterns) is ok


def test_attachments_are_read_from_the_platforms_own_items():
    assert attachments_of("facebook", {"photo": "https://scontent.xx.fbcdn.net/a.jpg?oh=1", "video": "https://v/b"}) \
        == [Attachment("https://scontent.xx.fbcdn.net/a.jpg?oh=1", "image"), Attachment("https://v/b", "video")]
    status = {"content": "<p>hi</p>", "media_attachments": [
        {"type": "image", "url": "https://files.example.social/a.png", "description": "a cat"},
        {"type": "gifv", "url": "https://files.example.social/b.mp4"}, {"type": "audio", "url": "u"}, "junk"]}
    assert [(a.kind, a.description) for a in attachments_of("mastodon", {"type": "mention", "status": status})] == \
        [("image", "a cat"), ("video", ""), ("audio", "")]
    assert attachments_of("instagram", {"photo": "https://x/y.jpg"}) == []
    assert Attachment("https://scontent.xx.fbcdn.net/v/a.jpg?oh=secret", "image").label == \
        "https://scontent.xx.fbcdn.net/v/a.jpg"


# ---- in the moderation queue ------------------------------------------------------------------------------------

def _status(status_id: str, media: list[dict]) -> bytes:
    return json.dumps({"id": status_id, "content": f"<p>{CLEAN}</p>", "created_at": "2025-03-14T10:00:00Z",
                       "account": {"id": "5", "acct": "resident"}, "in_reply_to_account_id": "109",
                       "in_reply_to_id": "10", "mentions": [], "media_attachments": media}).encode()


def _checked(status_id: str, *urls: str, kind: str = "image") -> Comment:
    acct = account(platform="mastodon", handle="@council", platform_id="109")
    report = ingest(source="mastodon", body=_status(status_id, [{"type": kind, "url": u} for u in urls]),
                    account=acct)
    scan.scan(report.created)
    return Comment.objects.select_related("latest_check").get(pk=report.created[0])


def _findings(comment: Comment) -> list[dict]:
    return comment.latest_check.result["findings"]


def test_a_fetched_picture_is_checked_with_the_comment_as_the_engine_would(allowed):
    comment = _checked("201", allowed.url("/plain.png?token=1"))
    image = ImageRef(ref=allowed.url("/plain.png"), data=PLAIN)
    direct = Engine.for_council("st-helens").check(Content(text=CLEAN, images=(image,)),
                                                   Context(council="st-helens", channel="comment"))
    assert allowed.requests == ["/plain.png?token=1"]
    assert _findings(comment) == direct.to_dict()["findings"]
    assert not any(f["needs_human"] for f in _findings(comment)) and comment.status == CommentStatus.CLEAR


@pytest.mark.parametrize(("path", "reason"), [
    ("/missing", "answered 404"),
    ("/big-declared", "over the limit"),
    ("/notes.txt", "not an image"),
    ("/away", "elsewhere.example is not one of the platform hosts"),
])
def test_a_picture_that_cannot_be_fetched_or_read_needs_a_person_with_the_reason(allowed, path, reason):
    comment = _checked(f"3{len(path)}{path.strip('/')[:3]}", allowed.url(path))
    assert comment.status == CommentStatus.NEEDS_REVIEW
    flagged = [f for f in _findings(comment) if f["needs_human"]]
    assert flagged and all(reason in f["message"] for f in flagged)


def test_a_host_not_on_the_list_needs_a_person_and_is_never_asked(allowed):
    comment = _checked("401", "https://pictures.elsewhere.example/cat.jpg")
    assert comment.status == CommentStatus.NEEDS_REVIEW and allowed.requests == []
    assert any("pictures.elsewhere.example is not one of the platform hosts" in f["message"]
               for f in _findings(comment))


def test_a_video_attachment_needs_a_person(allowed):
    comment = _checked("501", allowed.url("/photo.jpg"), kind="gifv")
    assert comment.status == CommentStatus.NEEDS_REVIEW and allowed.requests == []
    assert any("video attachment, which is not checked automatically" in f["message"] for f in _findings(comment))


def test_the_queue_shows_why_the_picture_was_not_checked(allowed):
    comment = _checked("601", allowed.url("/missing"))
    moderator = _moderator()
    page = Client()
    page.force_login(moderator)
    html = page.get("/moderation/").content.decode()
    assert comment.text[:30] in html and "answered 404" in html


def _moderator():
    from tests.apps.factories import person

    return person("moderator")


def test_the_webhook_only_stores_the_comment_and_the_task_fetches(allowed, settings,
                                                                  django_capture_on_commit_callbacks):
    settings.CIVICGUARD_META_APP_SECRET = "secret"
    account(platform="facebook", platform_id="104729384756")
    value = {"from": {"id": "7001"}, "message": CLEAN, "post_id": "104729384756_1", "comment_id": "1_77",
             "created_time": 1741944660, "item": "comment", "parent_id": "104729384756_1", "verb": "add",
             "photo": allowed.url("/photo.jpg?oh=1")}
    body = json.dumps({"object": "page", "entry": [{"id": "104729384756", "time": 1741944660,
                                                    "changes": [{"field": "feed", "value": value}]}]}).encode()
    signature = "sha256=" + hmac.new(b"secret", body, hashlib.sha256).hexdigest()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = Client().post("/webhooks/meta", body, content_type="application/json",
                                 headers={"X-Hub-Signature-256": signature})
    assert response.status_code == 200 and allowed.requests == []
    assert Comment.objects.get(platform_id="1_77").status == CommentStatus.PENDING
    for callback in queued:  # the checking task (run here: the tests' tasks run in-process)
        callback()
    assert allowed.requests == ["/photo.jpg?oh=1"]
    assert Comment.objects.get(platform_id="1_77").latest_check is not None


def test_a_comment_that_is_only_a_picture_is_kept_and_its_picture_checked(allowed):
    acct = account(platform="facebook", platform_id="104729384799")
    value = {"from": {"id": "7002"}, "post_id": "104729384799_1", "comment_id": "1_88", "created_time": 1741944660,
             "item": "comment", "parent_id": "104729384799_1", "verb": "add",
             "photo": "https://scontent.xx.fbcdn.net/v/t39/cat.jpg?oh=1"}
    body = json.dumps({"object": "page", "entry": [{"id": "104729384799", "time": 1741944660,
                                                    "changes": [{"field": "feed", "value": value}]}]}).encode()
    report = ingest(source="meta", body=body, account=acct)
    scan.scan(report.created)
    comment = Comment.objects.select_related("latest_check").get(platform_id="1_88")
    assert comment.text == "" and comment.status == CommentStatus.NEEDS_REVIEW
    assert any("scontent.xx.fbcdn.net is not one of the platform hosts" in f["message"] for f in _findings(comment))


def test_a_batch_that_runs_out_of_time_sends_the_rest_to_a_person(allowed, settings):
    from types import SimpleNamespace

    from civicguard.apps.moderation.attachments import comment_images

    settings.CIVICGUARD_ATTACHMENT_SECONDS = 10.0
    settings.CIVICGUARD_ATTACHMENT_BATCH_SECONDS = 0.5
    slow = SimpleNamespace(pk=1, platform="mastodon", account=SimpleNamespace(profile_url="", handle="@council"),
                           raw={"content": "x", "media_attachments": [{"type": "image", "url": allowed.url("/slow")}]})
    started = time.monotonic()
    (image,) = comment_images([slow])[1]
    assert time.monotonic() - started < 2 and image.data is None
    assert "the 0.5 seconds for this batch's attachments ran out" in (image.facts.error or "")


@pytest.mark.parametrize(("fields", "added"), [
    ({"handle": "@council@social.example.gov.uk"}, ("social.example.gov.uk", "*.social.example.gov.uk")),
    ({"handle": "@council", "profile_url": "https://Mastodon.Example/@council"},
     ("mastodon.example", "*.mastodon.example")),
    ({"handle": "@council"}, ()),
])
def test_a_mastodon_comment_may_also_come_from_its_accounts_instance(settings, fields, added):
    from types import SimpleNamespace

    from civicguard.apps.moderation.attachments import limits_for

    settings.CIVICGUARD_ATTACHMENT_HOSTS = ["*.fbcdn.net"]
    acct = account(platform="mastodon", **fields)
    assert limits_for(SimpleNamespace(platform="mastodon", account=acct)).hosts == ("*.fbcdn.net", *added)
    assert limits_for(SimpleNamespace(platform="facebook", account=acct)).hosts == ("*.fbcdn.net",)
