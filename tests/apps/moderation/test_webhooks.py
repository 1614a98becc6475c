"""GET/POST /webhooks/meta: the subscription handshake and signed Facebook Page and Instagram deliveries.

Whatever is refused is kept in the dead-letter table with the reason; nothing sent is lost unseen.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.moderation.models import STALE_NOTE, Comment, CommentStatus, DeadLetter
from civicguard.apps.moderation.services.decisions import decide
from civicguard.apps.moderation.services.ingest import MAX_BODY_BYTES
from civicguard.apps.social_accounts.services import account_add
from civicguard.apps.staff.services import token_issue
from tests.apps.factories import council, person

FIXTURES = Path(__file__).parent / "fixtures"
SECRET = "test-app-secret"
VERIFY = "test-verify-token"
SEFTON_PAGE = "104729384756"
SEFTON_IG = "17841400000000001"
URL = "/webhooks/meta"

pytestmark = pytest.mark.usefixtures("meta_settings")


@pytest.fixture
def meta_settings():
    with override_settings(CIVICGUARD_META_APP_SECRET=SECRET, CIVICGUARD_META_VERIFY_TOKEN=VERIFY):
        yield


@pytest.fixture
def pages() -> dict[str, Any]:
    sefton = council("sefton")
    return {"facebook": account_add(council=sefton, platform="facebook", handle="SeftonCouncil",
                                    platform_id=SEFTON_PAGE),
            "instagram": account_add(council=sefton, platform="instagram", handle="seftoncouncil",
                                     platform_id=SEFTON_IG)}


def signature(body: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def deliver(body: bytes, header: str | None = "sign", **extra: Any):
    headers = {} if header is None else {"HTTP_X_HUB_SIGNATURE_256": signature(body) if header == "sign" else header}
    return Client().post(URL, body, content_type="application/json", **headers, **extra)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def handshake(**params: str):
    return Client().get(URL, {"hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "4242",
                              **params})


def queue(slug: str = "sefton") -> list[dict[str, Any]]:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=person('moderator', slug))}")
    response = client.get("/api/v1/comments?status=queue&limit=200")
    assert response.status_code == 200
    return response.json()["results"]


# ---- the handshake ----------------------------------------------------------------------------------------

def test_the_right_verify_token_gets_the_challenge_back_as_plain_text():
    response = handshake()
    assert response.status_code == 200 and response.content == b"4242"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize("params", [{"hub.verify_token": "wrong"}, {"hub.verify_token": ""},
                                    {"hub.mode": "unsubscribe"}, {"hub.verify_token": VERIFY + "x"}])
def test_a_wrong_verify_token_or_mode_is_403(params):
    response = handshake(**params)
    assert response.status_code == 403 and response.json()["error"]["message"]
    assert b"4242" not in response.content


def test_a_missing_or_absurd_challenge_is_400():
    assert handshake(**{"hub.challenge": ""}).status_code == 400
    assert handshake(**{"hub.challenge": "x" * 201}).status_code == 400


def test_without_the_settings_the_webhook_answers_503():
    with override_settings(CIVICGUARD_META_VERIFY_TOKEN=""):
        assert handshake(**{"hub.verify_token": ""}).status_code == 503
    body = fixture("meta_page_feed.json")
    with override_settings(CIVICGUARD_META_APP_SECRET=""):
        response = deliver(body, header=signature(body, ""))
    assert response.status_code == 503
    letter = DeadLetter.objects.get()
    assert "CIVICGUARD_META_APP_SECRET" in letter.reason and letter.body == body.decode()
    assert not Comment.objects.exists()


def test_other_methods_are_405():
    assert Client().put(URL, b"{}", content_type="application/json").status_code == 405
    assert Client().delete(URL).status_code == 405


# ---- signed deliveries ------------------------------------------------------------------------------------

def test_a_signed_page_delivery_queues_its_comments_with_findings(pages, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(fixture("meta_page_feed.json"))
    assert response.status_code == 200
    received = response.json()["received"]
    assert (received["created"], received["ignored"], received["dead_letters"]) == (5, 2, 1)
    assert Comment.objects.filter(account=pages["facebook"]).count() == 5
    assert not Comment.objects.filter(status="pending").exists()
    waiting = queue()
    assert len(waiting) == 4 and all(item["findings"] for item in waiting)
    assert {"offensive", "personal_data", "press_enquiry", "service_request"} <= {
        c for item in waiting for c in item["categories"]}


def test_the_same_delivery_twice_stores_each_comment_once(pages):
    body = fixture("meta_page_feed.json")
    assert deliver(body).status_code == 200
    again = deliver(body)
    assert again.status_code == 200 and again.json()["received"]["created"] == 0
    assert again.json()["received"]["duplicates"] == 5
    assert Comment.objects.count() == 5
    assert DeadLetter.objects.count() == 1  # the unknown page's comment is kept once


def test_a_comment_for_an_unknown_page_is_a_dead_letter_and_the_rest_are_kept(pages):
    response = deliver(fixture("meta_page_feed.json"))
    assert response.status_code == 200
    assert Comment.objects.count() == 5
    letter = DeadLetter.objects.get()
    assert letter.reason.startswith("unknown account") and "100200300400500" in letter.reason
    assert letter.source == "meta" and letter.comment["platform_id"] == "555000111222333_1300000000000001"
    assert letter.council is None  # no account, no importer: for the operator


def test_an_instagram_delivery(pages, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(fixture("meta_instagram_comments.json"))
    assert response.status_code == 200
    assert (response.json()["received"]["created"], response.json()["received"]["ignored"]) == (5, 1)
    assert set(Comment.objects.values_list("account", flat=True)) == {pages["instagram"].pk}
    assert Comment.objects.filter(kind="reply").count() == 1
    assert any("offensive" in item["categories"] for item in queue())


def test_the_contract_comment_is_queued_once_with_offensive_and_personal_data(pages,
                                                                             django_capture_on_commit_callbacks):
    body = json.dumps({"object": "page", "entry": [{"id": SEFTON_PAGE, "time": 1732000000, "changes": [
        {"field": "feed", "value": {
            "item": "comment", "verb": "add", "comment_id": f"{SEFTON_PAGE}_77", "post_id": f"{SEFTON_PAGE}_1",
            "from": {"id": "99", "name": "A Resident"}, "created_time": 1732000000,
            "message": "You lot are f*cking useless, my neighbour Mrs Joan Pike at 3 Bank Road L20 3AB has been "
                       "waiting weeks"}}]}]}).encode()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert deliver(body).status_code == 200
    mine = [item for item in queue() if "Joan Pike" in item["text"]]
    assert len(mine) == 1
    assert {"offensive", "personal_data"} <= {f["category"] for f in mine[0]["findings"]}
    assert not [item for item in queue("st-helens") if "Joan Pike" in item["text"]]


def page_comment(verb: str, message: str, comment_id: str = f"{SEFTON_PAGE}_88") -> bytes:
    return json.dumps({"object": "page", "entry": [{"id": SEFTON_PAGE, "time": 1732000500, "changes": [
        {"field": "feed", "value": {
            "item": "comment", "verb": verb, "comment_id": comment_id, "post_id": f"{SEFTON_PAGE}_1",
            "from": {"id": "99", "name": "A Resident"}, "created_time": 1732000000, "message": message}}]}]}).encode()


def test_an_approved_comment_edited_into_abuse_is_checked_again(pages, django_capture_on_commit_callbacks):
    harmless = "Thanks for fixing the street light on Lord Street so quickly."
    abuse = "You lot are f*cking useless, my neighbour Mrs Joan Pike at 3 Bank Road L20 3AB is to blame"
    with django_capture_on_commit_callbacks(execute=True):
        deliver(page_comment("add", harmless))
    comment = Comment.objects.get(platform_id=f"{SEFTON_PAGE}_88")
    decide(comment=comment, actor=person("moderator", "sefton"), action="approve", reason_code="complies")
    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(page_comment("edited", abuse))
    assert response.status_code == 200
    assert (response.json()["received"]["edited"], response.json()["received"]["duplicates"]) == (1, 0)
    comment.refresh_from_db()
    assert comment.text == abuse and comment.status == CommentStatus.NEEDS_REVIEW and comment.edits == 1
    assert comment.raw["verb"] == "edited"
    [revision] = comment.revisions.all()
    assert (revision.text, revision.status_before, revision.source) == (harmless, "approved", "meta")
    assert [c.trigger for c in comment.checks.all()] == ["edit", "ingest"]
    assert {"offensive", "personal_data"} <= set(comment.category_list)
    assert [(d.action, d.actor, d.status_before, d.status_after) for d in comment.decisions.all()][1:] == [
        ("edited", None, "approved", "pending")]
    entry = AuditEntry.objects.get(event="moderation.comment.edited")
    assert entry.council == "sefton" and entry.after["platform_id"] == comment.platform_id
    assert "Joan" not in json.dumps(entry.after) and entry.after["text_length"] == len(abuse)
    assert [item["id"] for item in queue()] == [comment.pk]
    # Meta delivers the edit again: nothing changes.
    again = deliver(page_comment("edited", abuse)).json()["received"]
    assert (again["edited"], again["duplicates"]) == (0, 1) and comment.revisions.count() == 1


def test_an_edit_of_a_hidden_comment_keeps_it_hidden(pages, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        deliver(page_comment("add", "You lot are f*cking useless."))
    comment = Comment.objects.get(platform_id=f"{SEFTON_PAGE}_88")
    decide(comment=comment, actor=person("moderator", "sefton"), action="hide", reason_code="offensive")
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(page_comment("edited", "Sorry, that was rude.")).json()["received"]["edited"] == 1
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN and comment.text == "Sorry, that was rude."
    assert comment.revisions.get().text == "You lot are f*cking useless."
    assert comment.decisions.last().status_after == CommentStatus.HIDDEN


# ---- refused deliveries -----------------------------------------------------------------------------------

def test_an_unsigned_delivery_is_401_and_a_dead_letter(pages):
    body = fixture("meta_page_feed.json")
    response = deliver(body, header=None)
    assert response.status_code == 401 and response.json()["error"]["message"]
    letter = DeadLetter.objects.get()
    assert "unsigned" in letter.reason and letter.body == body.decode() and letter.source == "meta"
    assert not Comment.objects.exists()


@pytest.mark.parametrize("header", ["sha256=00", "sha1=abc", "sign-with-another-secret", "sha256=",
                                    "sign-another-body"])
def test_a_wrong_signature_is_403_and_a_dead_letter_with_the_reason(pages, header):
    body = fixture("meta_page_feed.json")
    if header == "sign-with-another-secret":
        header = signature(body, "not-the-secret")
    elif header == "sign-another-body":
        header = signature(body + b" ")
    response = deliver(body, header=header)
    assert response.status_code == 403
    letter = DeadLetter.objects.get()
    assert "does not match" in letter.reason and letter.body == body.decode()
    assert not Comment.objects.exists()


def test_the_signature_is_of_the_exact_bytes(pages):
    body = json.dumps(json.loads(fixture("meta_instagram_comments.json")), indent=1).encode()
    assert deliver(body).status_code == 200
    assert deliver(body.replace(b'"id"', b' "id"', 1), header=signature(body)).status_code == 403


@pytest.mark.parametrize("body", [b'{"object": "page", "entry": [', b"not json", b"\xff\xfe", b"[]", b""])
def test_a_signed_but_malformed_delivery_is_400_and_a_dead_letter(pages, body):
    response = deliver(body)
    assert response.status_code == 400 and response.json()["error"]["message"]
    letter = DeadLetter.objects.get()
    assert letter.source == "meta" and letter.reason == response.json()["error"]["message"]
    assert not Comment.objects.exists()


def test_an_oversize_delivery_is_413_and_a_dead_letter(pages):
    response = deliver(b" " * (MAX_BODY_BYTES + 1), header="sha256=00")
    assert response.status_code == 413
    letter = DeadLetter.objects.get()
    assert "over the limit" in letter.reason
    assert not Comment.objects.exists()


# ---- never back in time (docs/comment-versions.md) ----------------------------------------------------------------

def feed_change(verb: str, comment_id: str, entry_time: int, message: str = "") -> bytes:
    """A Facebook feed change as the contract sends it: Meta gives the comment's creation time as created_time in
    an `edited` change too, so only the entry's time moves."""
    value: dict[str, Any] = {"item": "comment", "verb": verb, "comment_id": comment_id,
                             "post_id": f"{SEFTON_PAGE}_1", "from": {"id": "77", "name": "A Resident"},
                             "created_time": 1764000000}
    if message:
        value["message"] = message
    return json.dumps({"object": "page", "entry": [{"id": SEFTON_PAGE, "time": entry_time,
                                                    "changes": [{"field": "feed", "value": value}]}]}).encode()


ADD = ("add", 1764000000, "first words thank you")
EDIT = ("edited", 1764000600, "edited you idiots ring 07700 900555")
LATER_EDIT = ("edited", 1764001200, "edited again you idiots ring 07700 900666")
META_ORDERS = sorted(set(itertools.permutations([ADD, EDIT, LATER_EDIT, ADD])))


@pytest.mark.parametrize("order", META_ORDERS, ids=["-".join(
    {ADD: "add", EDIT: "edit", LATER_EDIT: "later"}[d] for d in order) for order in META_ORDERS])
def test_meta_deliveries_in_any_order_leave_the_newest_text_in_the_queue(pages, order,
                                                                        django_capture_on_commit_callbacks):
    cid = f"{SEFTON_PAGE}_501"
    answers = []
    for verb, entry_time, message in order:
        with django_capture_on_commit_callbacks(execute=True):
            response = deliver(feed_change(verb, cid, entry_time, message))
        assert response.status_code == 200
        answers.append(response.json()["received"])
    mine = [item for item in queue() if item["platform_id"] == cid]
    assert [item["text"] for item in mine] == [LATER_EDIT[2]]
    assert {"personal_data"} <= {f["category"] for f in mine[0]["findings"]}
    comment = Comment.objects.get(platform_id=cid)
    assert comment.version_time == datetime.fromtimestamp(LATER_EDIT[1], tz=UTC) and comment.version_rank == 1
    assert sorted(r.text for r in comment.revisions.all()) == sorted([ADD[2], EDIT[2]])
    assert sum(a["created"] for a in answers) == 1 and sum(a["duplicates"] for a in answers) >= 1
    assert sum(a["stale"] for a in answers) == comment.revisions.filter(stale=True).count()


def test_the_contract_order_retry_of_the_add_and_add_after_its_edit(pages, django_capture_on_commit_callbacks):
    """hardening.sh part 2: a retried add after the edit, and an edit that arrives before its add."""
    c1, c2 = f"{SEFTON_PAGE}_601", f"{SEFTON_PAGE}_602"
    deliveries = [("add", c1, 1764000000, "first words thank you"),
                  ("edited", c1, 1764000600, "edited you idiots ring 07700 900555"),
                  ("add", c1, 1764000000, "first words thank you"),
                  ("edited", c2, 1764000600, "later you idiots ring 07700 900666"),
                  ("add", c2, 1764000000, "earlier lovely park")]
    answers = []
    for verb, cid, entry_time, message in deliveries:
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(deliver(feed_change(verb, cid, entry_time, message)).json()["received"])
    assert [(a["created"], a["edited"], a["stale"], a["duplicates"]) for a in answers] == [
        (1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 0, 1), (1, 0, 0, 0), (0, 0, 1, 0)]
    waiting = {item["platform_id"]: item["text"] for item in queue()}
    assert waiting == {c1: "edited you idiots ring 07700 900555", c2: "later you idiots ring 07700 900666"}
    late_add = Comment.objects.get(platform_id=c2).revisions.get()
    assert late_add.stale and late_add.text == "earlier lovely park" and late_add.note == STALE_NOTE
    entry = AuditEntry.objects.get(event="moderation.comment.stale")
    assert entry.council == "sefton" and entry.after["platform_id"] == c2 and "lovely" not in json.dumps(entry.after)


def test_a_removal_before_its_add_keeps_the_comment_deleted(pages, django_capture_on_commit_callbacks):
    cid = f"{SEFTON_PAGE}_701"
    assert deliver(feed_change("remove", cid, 1764000900)).json()["received"]["deleted"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        late = deliver(feed_change("add", cid, 1764000000, "You lot are f*cking useless.")).json()["received"]
    assert late["created"] == 1
    comment = Comment.objects.get(platform_id=cid)
    assert comment.deleted_at == datetime.fromtimestamp(1764000900, tz=UTC)
    [listed] = [item for item in queue() if item["platform_id"] == cid]
    assert listed["deleted_at"] and listed["status"] == "needs_review"  # a person still sees what was found
    assert deliver(feed_change("remove", cid, 1764000900)).json()["received"]["duplicates"] == 1
