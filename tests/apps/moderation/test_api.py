"""The moderation API under /api/v1: the comment queue, decisions, hand-offs, imports and dead letters, as a
system holding a person's token would use it. Data is made through the real services."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from civicguard.apps.moderation.models import STALE_NOTE, Comment, CommentStatus, DeadLetter
from civicguard.apps.moderation.services.ingest import MAX_BODY_BYTES, ingest
from civicguard.apps.social_accounts.services import account_add
from civicguard.apps.staff.services import role_assign, token_issue
from civicguard.cli.main import cli
from tests.apps.factories import UserFactory, council, person

FIXTURES = Path(__file__).parent / "fixtures"
FINDING_KEYS = {"rule", "category", "severity", "clauses", "start", "end", "text", "confidence", "message", "remedy",
                "label", "explanation", "needs_human"}
ITEM_KEYS = {"id", "council", "account", "platform", "platform_id", "kind", "author_name", "author_id", "text", "url",
             "created_at", "received", "status", "verdict", "policy_version", "categories", "findings"}
# The council accounts of fixtures/README.md: (council, platform, handle, platform id).
ACCOUNTS = [
    ("sefton", "facebook", "SeftonCouncil", "104729384756"),
    ("sefton", "instagram", "seftoncouncil", "17841400000000001"),
    ("st-helens", "x", "StHelensCouncil", "1357924680"),
    ("st-helens", "youtube", "sthelenscouncil", "UCsthelens0000000000000a"),
    ("sefton", "mastodon", "seftoncouncil", "109000000000000001"),
]
ABUSE = "881234567890123_1200000000000002"  # Sefton Facebook: "f*cking useless" (offensive, complaint)
PRESS = "881234567890123_1200000000000006"  # Sefton Facebook: a Liverpool Echo reporter
POTHOLE = "881234567890123_1200000000000004"  # Sefton Facebook: a pothole (service request)
X_ABUSE = "1899100000000000002"  # St Helens X
X_PRESS = "1899100000000000005"  # St Helens X: a Liverpool Echo reporter


def api(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)}")
    return client


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def accounts() -> dict[str, Any]:
    return {f"{platform}:{slug}": account_add(council=council(slug), platform=platform, handle=handle,
                                              platform_id=pid)
            for slug, platform, handle, pid in ACCOUNTS}


@pytest.fixture
def take(accounts, django_capture_on_commit_callbacks):
    """Ingest a fixture through the service, with the in-process check run after the commit."""

    def run(name: str, source: str, **kwargs: Any) -> dict[str, Any]:
        with django_capture_on_commit_callbacks(execute=True):
            return ingest(source=source, body=fixture(name), **kwargs).to_dict()

    return run


@pytest.fixture
def sefton_feed(take) -> dict[str, Any]:
    return take("meta_page_feed.json", "meta")


def by_pid(platform_id: str) -> Comment:
    return Comment.objects.get(platform_id=platform_id)


def cli_check(text: str, council_slug: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["check", text, "--council", council_slug, "--as", "comment", "--json",
                                      "--fail-on", "block"])
    assert result.exit_code in {0, 1}, result.output
    return json.loads(result.output)


def importer(client: APIClient, source: str, body: bytes | str, content_type: str = "application/json",
             **query: str):
    params = "&".join(f"{k}={v}" for k, v in {"source": source, **query}.items())
    return client.post(f"/api/v1/comments/import?{params}", body, content_type=content_type)


# ---- the queue --------------------------------------------------------------------------------------------

def test_the_queue_lists_comments_oldest_first_with_the_clis_findings(sefton_feed):
    response = api(person("moderator", "sefton")).get("/api/v1/comments?status=needs_review")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    page = response.json()
    assert set(page) == {"count", "next", "previous", "results"} and page["count"] == 4
    items = page["results"]
    assert [i["created_at"] for i in items] == sorted(i["created_at"] for i in items)
    for item in items:
        assert set(item) >= ITEM_KEYS
        assert item["council"] == "sefton" and item["status"] == "needs_review"
        assert set(item["account"]) == {"id", "platform", "handle"} and item["account"]["handle"] == "SeftonCouncil"
        assert item["findings"] and all(set(f) >= FINDING_KEYS for f in item["findings"])
        # The same findings, field for field, as `civicguard check --json` gives for the text.
        cli = cli_check(item["text"], "sefton")
        assert item["findings"] == cli["findings"]
        assert item["verdict"] == cli["verdict"] and item["policy_version"] == cli["policy_version"]
        assert item["categories"] == sorted({f["category"] for f in cli["findings"]})
    abuse = next(i for i in items if i["platform_id"] == ABUSE)
    assert "offensive" in abuse["categories"] and abuse["author_name"] == "Lee Ashworth"


def test_the_filters(sefton_feed, accounts):
    client = api(person("moderator", "sefton"))

    def ids(query: str) -> set[str]:
        response = client.get(f"/api/v1/comments?{query}")
        assert response.status_code == 200, response.content
        return {i["platform_id"] for i in response.json()["results"]}

    everything = ids("")
    assert len(everything) == 5  # omitted status: all of them
    assert ids("status=all") == everything
    assert len(ids("status=clear")) == 1 and ids("status=queue") == ids("status=needs_review")
    assert ABUSE in ids("category=offensive") and POTHOLE not in ids("category=offensive")
    assert PRESS in ids("category=press_enquiry")
    assert ids("severity=info") == ids("status=needs_review")
    assert ids("severity=block") <= ids("severity=warn") <= ids("severity=info")
    assert ids(f"account={accounts['facebook:sefton'].pk}") == everything
    assert ids(f"account={accounts['instagram:sefton'].pk}") == set()
    assert ids("newer_than=1h") == everything and ids("older_than=1h") == set()
    assert ids("status=queue&category=offensive&newer_than=24h") == {ABUSE}


@pytest.mark.parametrize(("query", "field"), [
    ("status=lost", "status"), ("severity=high", "severity"), ("older_than=2h", "older_than"),
    ("newer_than=1y", "newer_than"), ("account=abc", "account"), ("account=" + "9" * 5000, "account"),
    ("category=nope", "category"), ("council=not%20a%20slug", "council"),
])
def test_a_bad_filter_is_bad_input_naming_the_field(query, field):
    response = api(person("moderator", "sefton")).get(f"/api/v1/comments?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_input" and response.json()["error"]["field"] == field


def test_the_list_is_paginated_by_limit_and_offset_or_by_page(sefton_feed):
    client = api(person("moderator", "sefton"))
    everything = [i["id"] for i in client.get("/api/v1/comments").json()["results"]]
    first = client.get("/api/v1/comments?limit=2").json()
    assert first["count"] == 5 and [i["id"] for i in first["results"]] == everything[:2]
    assert first["previous"] is None and "offset=2" in first["next"]
    assert [i["id"] for i in client.get("/api/v1/comments?limit=2&offset=2").json()["results"]] == everything[2:4]
    second = client.get("/api/v1/comments?limit=2&page=2").json()
    assert [i["id"] for i in second["results"]] == everything[2:4]
    assert "page=3" in second["next"] and "page=1" in second["previous"]
    assert client.get("/api/v1/comments?limit=2&page=3").json()["next"] is None
    assert client.get("/api/v1/comments?page=99").json()["results"] == []
    assert client.get(f"/api/v1/comments?offset={10**30}").json()["results"] == []
    assert len(client.get("/api/v1/comments?limit=100000").json()["results"]) == 5  # capped at 200, not refused


def test_listing_takes_the_same_number_of_queries_for_any_page_size(accounts, django_capture_on_commit_callbacks):
    rows = [{"id": f"bulk-{n}", "text": f"Comment {n}: the bins on Lord Street were missed again, f*cking useless.",
             "created_at": f"2025-03-{1 + n % 28:02d}T08:{n % 60:02d}:00Z"} for n in range(60)]
    with django_capture_on_commit_callbacks(execute=True):
        ingest(source="json", body=json.dumps(rows), account=accounts["facebook:sefton"])
    client = api(person("moderator", "sefton"))

    def queries(limit: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/api/v1/comments?limit={limit}")
        assert response.status_code == 200 and len(response.json()["results"]) == limit
        return len(captured)

    queries(1)  # the token's first use is recorded once
    assert queries(60) == queries(2) <= 6


def test_a_comment_with_its_checks_decisions_and_handoffs(sefton_feed, django_capture_on_commit_callbacks):
    moderator = person("moderator", "sefton")
    client = api(moderator)
    pothole = by_pid(POTHOLE)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/api/v1/comments/{pothole.pk}/handoffs",
                           {"route": "contact_centre", "reason_code": "service-request"},
                           format="json").status_code == 201
    detail = client.get(f"/api/v1/comments/{pothole.pk}").json()
    assert set(detail) >= ITEM_KEYS | {"checks", "decisions", "handoffs"}
    assert detail["status"] == "routed"
    [check] = detail["checks"]
    assert check["trigger"] == "ingest" and check["verdict"] == detail["verdict"] and check["policy_version"]
    [decision] = detail["decisions"]
    assert decision["actor"] == moderator.username and decision["action"] == "route"
    assert (decision["status_before"], decision["status_after"]) == ("needs_review", "routed")
    assert decision["reason_code"] == "service-request"
    [handoff] = detail["handoffs"]
    assert handoff["route"] == "contact_centre" and handoff["route_name"] == "Contact Centre"
    assert handoff["actor"] == moderator.username and not handoff["urgent"]
    assert [(d["channel"], d["status"], d["attempts"]) for d in handoff["deliveries"]] == [("email", "sent", 1)]
    assert handoff["deliveries"][0]["delivered"] and handoff["deliveries"][0]["last_error"] == ""


def test_a_comment_edited_by_its_author_lists_its_earlier_texts(sefton_feed):
    pothole = by_pid(POTHOLE)
    feed = json.loads(fixture("meta_page_feed.json"))
    value = next(c["value"] for e in feed["entry"] for c in e["changes"] if c["value"].get("comment_id") == POTHOLE)
    value.update(verb="edited", message="The pothole is still there <b>and</b> you lot are f*cking useless")
    # Meta's entry time is when the change happened: after the add's.
    later = max(e["time"] for e in feed["entry"]) + 600
    with_edit = {"object": "page", "entry": [{"id": "104729384756", "time": later,
                                              "changes": [{"field": "feed", "value": value}]}]}
    report = ingest(source="meta", body=json.dumps(with_edit).encode()).to_dict()
    assert (report["created"], report["edited"], report["duplicates"]) == (0, 1, 0)
    client = api(person("moderator", "sefton"))
    detail = client.get(f"/api/v1/comments/{pothole.pk}").json()
    assert detail["text"] == value["message"] and detail["edits"] == 1
    [revision] = detail["revisions"]
    assert revision["text"] == pothole.text and revision["status_before"] == "needs_review"
    assert revision["source"] == "meta" and revision["replaced"]
    assert detail["decisions"][-1]["action"] == "edited" and detail["decisions"][-1]["actor"] is None
    listed = {c["id"]: c for c in client.get("/api/v1/comments").json()["results"]}
    assert listed[pothole.pk]["edits"] == 1 and listed[by_pid(ABUSE).pk]["edits"] == 0


# ---- councils and roles -----------------------------------------------------------------------------------

def test_a_sefton_moderator_never_sees_st_helens_comments(take):
    take("meta_page_feed.json", "meta")
    take("x_replies.json", "x")
    st_helens = by_pid(X_ABUSE)
    sefton = api(person("moderator", "sefton"))
    listed = sefton.get("/api/v1/comments").json()
    assert listed["count"] == 5 and {i["council"] for i in listed["results"]} == {"sefton"}
    assert sefton.get("/api/v1/comments?council=st-helens").status_code == 404
    for response in (
        sefton.get(f"/api/v1/comments/{st_helens.pk}"),
        sefton.post(f"/api/v1/comments/{st_helens.pk}/decisions", {"action": "hide", "reason_code": "offensive"},
                    format="json"),
        sefton.post(f"/api/v1/comments/{st_helens.pk}/handoffs",
                    {"route": "contact_centre", "reason_code": "service-request"}, format="json"),
    ):
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
        assert "Prescot" not in response.content.decode() and "StHelens" not in response.content.decode()
    assert by_pid(X_ABUSE).status == "needs_review"
    st_helens_list = api(person("moderator")).get("/api/v1/comments").json()
    assert {i["council"] for i in st_helens_list["results"]} == {"st-helens"}


def test_a_person_in_two_councils_sees_both_and_may_narrow_to_one(take):
    take("meta_page_feed.json", "meta")
    take("x_replies.json", "x")
    both = person("moderator", "sefton")
    role_assign(user=both, council=council("st-helens"), role="legal")
    client = api(both)
    assert {i["council"] for i in client.get("/api/v1/comments?limit=200").json()["results"]} == {"sefton",
                                                                                                  "st-helens"}
    assert client.get("/api/v1/comments").json()["count"] == 10
    narrowed = client.get("/api/v1/comments?council=st-helens").json()
    assert narrowed["count"] == 5 and {i["council"] for i in narrowed["results"]} == {"st-helens"}
    # Legal may read St Helens' comments but not decide them.
    response = client.post(f"/api/v1/comments/{by_pid(X_ABUSE).pk}/decisions",
                           {"action": "hide", "reason_code": "offensive"}, format="json")
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("role", ["employee", "representative", "img", "admin"])
def test_roles_without_comments_view_get_403_for_the_list_and_404_for_a_comment(sefton_feed, role):
    client = api(person(role, "sefton"))
    comment = by_pid(ABUSE)
    assert client.get("/api/v1/comments").status_code == 403
    assert client.get("/api/v1/comments?council=sefton").status_code == 403
    assert client.get(f"/api/v1/comments/{comment.pk}").status_code == 404
    assert client.post(f"/api/v1/comments/{comment.pk}/decisions", {"action": "hide", "reason_code": "offensive"},
                       format="json").status_code == 404
    assert by_pid(ABUSE).status == "needs_review"


@pytest.mark.parametrize("role", ["approver", "legal"])
def test_comms_and_legal_read_but_do_not_decide(sefton_feed, role):
    client = api(person(role, "sefton"))
    comment = by_pid(ABUSE)
    assert client.get("/api/v1/comments").json()["count"] == 5
    assert client.get(f"/api/v1/comments/{comment.pk}").status_code == 200
    assert client.post(f"/api/v1/comments/{comment.pk}/decisions", {"action": "hide", "reason_code": "offensive"},
                       format="json").status_code == 403
    assert client.post(f"/api/v1/comments/{comment.pk}/handoffs", {"route": "press_office",
                       "reason_code": "press-enquiry"}, format="json").status_code == 403


def test_no_token_is_401_and_no_role_anywhere_is_403(sefton_feed):
    for path in ("/api/v1/comments", f"/api/v1/comments/{by_pid(ABUSE).pk}", "/api/v1/dead-letters"):
        response = APIClient().get(path)
        assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    stranger = api(UserFactory())
    assert stranger.get("/api/v1/comments").status_code == 403
    assert stranger.get("/api/v1/dead-letters").status_code == 403
    assert stranger.get(f"/api/v1/comments/{by_pid(ABUSE).pk}").status_code == 404
    assert importer(stranger, "meta", fixture("meta_page_feed.json")).status_code == 403


# ---- decisions --------------------------------------------------------------------------------------------

def decide(client: APIClient, comment: Comment, action: str, **extra: Any):
    return client.post(f"/api/v1/comments/{comment.pk}/decisions", {"action": action, **extra}, format="json")


def test_hide_with_a_reason(sefton_feed):
    moderator = person("moderator", "sefton")
    response = decide(api(moderator), by_pid(ABUSE), "hide", reason_code="offensive", note="abusive language")
    assert response.status_code == 201
    body = response.json()
    assert body["action"] == "hide" and body["reason_code"] == "offensive" and body["note"] == "abusive language"
    assert body["actor"] == moderator.username
    assert (body["status_before"], body["status_after"]) == ("needs_review", "hidden")
    assert body["comment"] == {"id": by_pid(ABUSE).pk, "status": "hidden"}
    assert by_pid(ABUSE).status == CommentStatus.HIDDEN


@pytest.mark.parametrize(("body", "field"), [
    ({"action": "hide"}, "reason_code"),
    ({"action": "hide", "reason_code": ""}, "reason_code"),
    ({"action": "hide", "reason_code": "press-enquiry"}, "reason_code"),  # not a reason to hide
    ({"action": "hide", "reason_code": 5}, "reason_code"),
    ({"action": "obliterate", "reason_code": "offensive"}, "action"),
    ({"action": "route", "reason_code": "service-request"}, "action"),  # routing has its own endpoint
    ({"reason_code": "offensive"}, "action"),
    ({"action": "hide", "reason_code": "offensive", "note": "x" * 2001}, "note"),
    ({"action": "hide", "reason_code": "offensive", "note": ["a"]}, "note"),
])
def test_a_bad_decision_is_bad_input_naming_the_field(sefton_feed, body, field):
    response = api(person("moderator", "sefton")).post(f"/api/v1/comments/{by_pid(ABUSE).pk}/decisions", body,
                                                       format="json")
    assert response.status_code == 400 and response.json()["error"]["field"] == field
    assert by_pid(ABUSE).status == "needs_review"


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '{"action":', "null"])
def test_a_body_that_is_not_an_object_is_bad_input(sefton_feed, body):
    response = api(person("moderator", "sefton")).post(f"/api/v1/comments/{by_pid(ABUSE).pk}/decisions", body,
                                                       content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_input"


def test_a_removed_comment_is_final(sefton_feed):
    client = api(person("moderator", "sefton"))  # Sefton: one moderator may remove
    removed = decide(client, by_pid(ABUSE), "remove", reason_code="offensive")
    assert removed.status_code == 201 and removed.json()["comment"]["status"] == "removed"
    for action, reason in (("approve", "complies"), ("reopen", ""), ("hide", "offensive")):
        response = decide(client, by_pid(ABUSE), action, reason_code=reason)
        assert response.status_code == 409 and response.json()["error"]["code"] == "invalid_state"
    response = client.post(f"/api/v1/comments/{by_pid(ABUSE).pk}/handoffs",
                           {"route": "contact_centre", "reason_code": "service-request"}, format="json")
    assert response.status_code == 409


def test_a_st_helens_removal_waits_for_a_second_moderator(take):
    take("x_replies.json", "x")
    first, second = person("moderator"), person("moderator")
    asked = decide(api(first), by_pid(X_ABUSE), "remove", reason_code="offensive")
    assert asked.status_code == 201 and asked.json()["comment"]["status"] == "removal_pending"
    assert decide(api(first), by_pid(X_ABUSE), "confirm_removal").status_code == 403
    confirmed = decide(api(second), by_pid(X_ABUSE), "confirm_removal")
    assert confirmed.status_code == 201 and confirmed.json()["status_after"] == "removed"
    assert confirmed.json()["reason_code"] == "offensive"
    assert decide(api(second), by_pid(X_ABUSE), "confirm_removal").status_code == 409


def test_a_comments_detail_lists_every_version_with_its_findings_and_late_ones_marked(
        sefton_feed, django_capture_on_commit_callbacks):
    pothole = by_pid(POTHOLE)
    feed = json.loads(fixture("meta_page_feed.json"))
    [entry] = [e for e in feed["entry"] if any(c["value"].get("comment_id") == POTHOLE for c in e["changes"])]
    value = next(c["value"] for c in entry["changes"] if c["value"].get("comment_id") == POTHOLE)

    def meta(message: str, after: int) -> dict[str, Any]:
        change = {**value, "verb": "edited", "message": message}
        body = {"object": "page", "entry": [{"id": entry["id"], "time": entry["time"] + after,
                                             "changes": [{"field": "feed", "value": change}]}]}
        with django_capture_on_commit_callbacks(execute=True):
            return ingest(source="meta", body=json.dumps(body).encode()).to_dict()

    assert meta("Fixed now, thank you all.", 1200)["edited"] == 1
    assert meta("Still not fixed, you lot are f*cking useless", 600)["stale"] == 1
    detail = api(person("moderator", "sefton")).get(f"/api/v1/comments/{pothole.pk}").json()
    assert detail["text"] == "Fixed now, thank you all." and detail["edits"] == 1 and detail["version_time"]
    assert detail["deleted_at"] is None and "offensive" not in detail["categories"]
    late, original = detail["revisions"]  # newest first by the platform's time
    assert (late["stale"], late["note"], late["findings"]) == (True, STALE_NOTE, [])
    assert late["text"].startswith("Still not fixed") and late["platform_time"] > original["platform_time"]
    assert (original["stale"], original["text"]) == (False, pothole.text)
    assert {f["category"] for f in original["findings"]} == set(pothole.category_list)


def _edit(comment: Comment, text: str, django_capture_on_commit_callbacks) -> Comment:
    """Its author edits the comment (a generic JSON delivery with a new text and its edit time); the edit is
    checked again."""
    edited = (comment.version_time or comment.created_at) + timedelta(minutes=5)
    item = {"id": comment.platform_id, "text": text, "created_at": comment.created_at.isoformat(),
            "edited_at": edited.isoformat()}
    with django_capture_on_commit_callbacks(execute=True):
        assert ingest(source="json", body=json.dumps([item]).encode(), account=comment.account).edited == [comment.pk]
    return by_pid(comment.platform_id)


def test_a_decision_sent_with_a_stale_edit_count_is_refused(sefton_feed, django_capture_on_commit_callbacks):
    client = api(person("moderator", "sefton"))
    abuse = _edit(by_pid(ABUSE), "You lot are f*cking useless and my bins are still not emptied",
                  django_capture_on_commit_callbacks)
    assert abuse.edits == 1 and abuse.status == "needs_review"
    response = decide(client, abuse, "hide", reason_code="offensive", edits=0)
    assert response.status_code == 409 and "after you opened it" in response.json()["error"]["message"]
    assert by_pid(ABUSE).status == "needs_review" and not by_pid(ABUSE).decisions.exclude(action="edited").exists()
    assert decide(client, abuse, "hide", reason_code="offensive", edits=1).status_code == 201
    assert decide(client, by_pid(PRESS), "approve", reason_code="complies").status_code == 201  # omitted: no check
    assert decide(client, abuse, "reopen", edits=-1).json()["error"]["field"] == "edits"


def test_a_hand_off_sent_with_a_stale_edit_count_is_refused(sefton_feed, django_capture_on_commit_callbacks):
    client = api(person("moderator", "sefton"))
    pothole = _edit(by_pid(POTHOLE), "The pothole on Stanley Road is still there, can someone fix it?",
                    django_capture_on_commit_callbacks)
    body = {"route": "contact_centre", "reason_code": "service-request"}
    url = f"/api/v1/comments/{pothole.pk}/handoffs"
    response = client.post(url, {**body, "edits": 0}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "invalid_state"
    assert not pothole.handoffs.exists() and by_pid(POTHOLE).status == pothole.status
    assert client.post(url, {**body, "edits": 1}, format="json").status_code == 201
    assert client.post(f"/api/v1/comments/{by_pid(ABUSE).pk}/handoffs", body, format="json").status_code == 201


# ---- hand-offs --------------------------------------------------------------------------------------------

def test_a_press_enquiry_goes_to_the_press_office_with_the_suggested_reply_checked(
        take, django_capture_on_commit_callbacks):
    take("x_replies.json", "x")
    press = by_pid(X_PRESS)
    moderator = person("moderator")
    with django_capture_on_commit_callbacks(execute=True):
        response = api(moderator).post(f"/api/v1/comments/{press.pk}/handoffs",
                                       {"route": "press_office", "reason_code": "press-enquiry", "note": "Echo"},
                                       format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["route"] == "press_office" and body["actor"] == moderator.username and body["note"] == "Echo"
    assert "pressoffice@sthelens.gov.uk" in body["reply"]
    assert body["reply_check"]["channel"] == "reply" and body["reply_check"]["verdict"] == "pass"
    assert body["comment"] == {"id": press.pk, "status": "routed"}
    assert [(d["channel"], d["status"]) for d in body["deliveries"]] == [("email", "pending")]  # as it was made
    assert len(mail.outbox) == 1 and "Liverpool Echo" in mail.outbox[0].body
    assert mail.outbox[0].to == ["pressoffice@sthelens.gov.uk"]


def test_a_hand_off_with_its_own_reply_or_none(sefton_feed):
    client = api(person("moderator", "sefton"))
    own = client.post(f"/api/v1/comments/{by_pid(POTHOLE).pk}/handoffs",
                      {"route": "contact_centre", "reason_code": "service-request",
                       "reply": "Thanks, please ring the Contact Centre so we can help."}, format="json").json()
    assert own["reply"] == "Thanks, please ring the Contact Centre so we can help." and own["reply_check"]
    none = client.post(f"/api/v1/comments/{by_pid(ABUSE).pk}/handoffs",
                       {"route": "contact_centre", "reason_code": "service-request", "reply": ""},
                       format="json").json()
    assert none["reply"] == "" and none["reply_check"] is None


@pytest.mark.parametrize(("body", "field"), [
    ({"route": "contact_centre"}, "reason_code"),
    ({"route": "contact_centre", "reason_code": "offensive"}, "reason_code"),
    ({"route": "the_bin", "reason_code": "service-request"}, "route"),
    ({"reason_code": "service-request"}, "route"),
    ({"route": "contact_centre", "reason_code": "service-request", "reply": 12}, "reply"),
    ({"route": "contact_centre", "reason_code": "service-request", "reply": "x" * 1001}, "reply"),
    ({"route": "contact_centre", "reason_code": "service-request",
      "reply": "Joan Pike of 3 Bank Road, Bootle L20 3AB, date of birth 02/03/1951, NHS 943 476 5919, says hi"},
     "reply"),  # a reply the check would block
])
def test_a_bad_hand_off_is_bad_input_naming_the_field(sefton_feed, body, field):
    response = api(person("moderator", "sefton")).post(f"/api/v1/comments/{by_pid(POTHOLE).pk}/handoffs", body,
                                                       format="json")
    assert response.status_code == 400 and response.json()["error"]["field"] == field, response.content
    assert by_pid(POTHOLE).status == "needs_review" and not by_pid(POTHOLE).handoffs.exists()


# ---- import -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "source", "slug", "created", "ignored", "dead"), [
    ("meta_page_feed.json", "meta", "sefton", 5, 2, 1),
    ("meta_instagram_comments.json", "meta", "sefton", 5, 1, 0),
    ("x_replies.json", "x", "st-helens", 5, 0, 0),
    ("x_mentions.json", "x", "st-helens", 5, 0, 0),
    ("youtube_comment_threads.json", "youtube", "st-helens", 6, 0, 0),
    ("mastodon_statuses.json", "mastodon", "sefton", 5, 0, 0),
    ("mastodon_notifications.json", "mastodon", "sefton", 5, 3, 0),
    ("generic.json", "json", "sefton", 4, 0, 1),
    ("generic.csv", "csv", "sefton", 6, 0, 0),
])
def test_import_each_source_twice(accounts, django_capture_on_commit_callbacks, name, source, slug, created,
                                  ignored, dead):
    moderator = person("moderator", slug)
    role_assign(user=moderator, council=council("st-helens" if slug == "sefton" else "sefton"), role="moderator")
    client = api(moderator)
    content_type = "text/csv" if source == "csv" else "application/json"
    with django_capture_on_commit_callbacks(execute=True):
        first = importer(client, source, fixture(name), content_type, council=slug)
    assert first.status_code == 201, first.content
    report = first.json()
    assert (report["created"], report["duplicates"], report["ignored"], report["dead_letters"]) == (
        created, 0, ignored, dead)
    assert len(report["reasons"]) == dead
    assert Comment.objects.count() == created
    assert not Comment.objects.filter(status="pending").exists()  # each was checked after the commit
    again = importer(client, source, fixture(name), content_type, council=slug)
    assert again.status_code == 200
    assert (again.json()["created"], again.json()["duplicates"]) == (0, created)
    assert Comment.objects.count() == created
    assert DeadLetter.objects.count() == dead  # a comment for an unknown account is kept once


def test_an_import_is_checked_and_queued(accounts, django_capture_on_commit_callbacks):
    client = api(person("moderator", "sefton"))
    with django_capture_on_commit_callbacks(execute=True):
        assert importer(client, "meta", fixture("meta_instagram_comments.json")).status_code == 201
    queue = client.get("/api/v1/comments?status=queue").json()["results"]
    assert queue and all(i["findings"] and i["account"]["platform"] == "instagram" for i in queue)


def test_import_for_one_account(accounts):
    client = api(person("moderator"))
    response = importer(client, "x", fixture("x_mentions.json"), account="@StHelensCouncil")
    assert response.status_code == 201 and response.json()["created"] == 5
    assert set(Comment.objects.values_list("account", flat=True)) == {accounts["x:st-helens"].pk}
    generic = [{"id": "one-1", "text": "Thanks for the gritting this morning.", "created_at": "2025-03-01T08:00:00Z"}]
    response = importer(client, "json", json.dumps(generic), account="sthelenscouncil")
    assert response.status_code == 201
    assert Comment.objects.get(platform_id="one-1").account == accounts["youtube:st-helens"]


def test_import_for_an_account_that_is_not_yours_is_404(accounts):
    client = api(person("moderator"))
    for handle in ("SeftonCouncil", "nobody-at-all"):
        response = importer(client, "meta", fixture("meta_page_feed.json"), account=handle)
        assert response.status_code == 404 and response.json()["error"]["field"] == "account"
    assert not Comment.objects.exists()


def test_a_handle_on_two_platforms_needs_the_source_to_tell_them_apart(accounts):
    client = api(person("moderator", "sefton"))
    generic = json.dumps([{"id": "g-1", "text": "Lovely photo.", "created_at": "2025-03-01T08:00:00Z"}])
    response = importer(client, "json", generic, account="seftoncouncil")
    assert response.status_code == 400 and response.json()["error"]["field"] == "account"
    response = importer(client, "mastodon", fixture("mastodon_statuses.json"), account="seftoncouncil")
    assert response.status_code == 201
    assert set(Comment.objects.values_list("platform", flat=True)) == {"mastodon"}


def test_comments_for_another_councils_accounts_are_dead_lettered_not_taken(accounts):
    response = importer(api(person("moderator")), "meta", fixture("meta_page_feed.json"))
    assert response.status_code == 200
    report = response.json()
    assert report["created"] == 0 and report["dead_letters"] == 6
    # Worded as for an unregistered account: whether another council registered it is not theirs to know.
    assert all(r.startswith("unknown account") for r in report["reasons"])
    assert "sefton" not in response.content.decode().lower()
    assert not Comment.objects.exists()
    # The unknown page's comment is filed under the importer's council; Sefton's are filed under none.
    assert DeadLetter.objects.filter(council__slug="st-helens").count() == 1
    assert not DeadLetter.objects.filter(council__slug="sefton").exists()


def test_an_unknown_account_becomes_a_dead_letter_a_moderator_can_read(accounts):
    client = api(person("moderator", "sefton"))
    report = importer(client, "meta", fixture("meta_page_feed.json")).json()
    assert report["dead_letters"] == 1 and report["reasons"][0].startswith("unknown account")
    listed = client.get("/api/v1/dead-letters").json()
    assert listed["count"] == 1
    [letter] = listed["results"]
    assert letter["council"] == "sefton" and letter["source"] == "meta" and "100200300400500" in letter["reason"]
    assert letter["resolved"] is None and "body" not in letter
    assert client.get("/api/v1/dead-letters?unresolved=1").json()["count"] == 1
    detail = client.get(f"/api/v1/dead-letters/{letter['id']}").json()
    assert "555000111222333_1300000000000001" in detail["body"] and detail["truncated"] is False
    # Another council's moderator, and roles without comments.dead_letters, see none of it.
    assert api(person("moderator")).get("/api/v1/dead-letters").json()["count"] == 0
    assert api(person("moderator")).get(f"/api/v1/dead-letters/{letter['id']}").status_code == 404
    assert api(person("legal", "sefton")).get("/api/v1/dead-letters").status_code == 403
    assert api(person("legal", "sefton")).get(f"/api/v1/dead-letters/{letter['id']}").status_code == 404
    assert api(person("admin", "sefton")).get("/api/v1/dead-letters").json()["count"] == 1


@pytest.mark.parametrize(("source", "body"), [
    ("meta", b'{"object": "page", "entry": ['),
    ("x", b"\xff\xfe not utf-8"),
    ("json", b""),
    ("json", b'"just a string"'),
    ("csv", b"no,header,we,know\n1,2,3,4\n"),
    ("mastodon", b"[" * 100_000),
])
def test_an_unreadable_body_is_400_with_the_reason_and_a_dead_letter(accounts, source, body):
    client = api(person("moderator", "sefton"))
    response = importer(client, source, body)
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_input"
    letter = DeadLetter.objects.get()
    assert letter.council.slug == "sefton" and letter.source == source
    assert response.json()["error"]["message"] == letter.reason
    assert client.get("/api/v1/dead-letters").json()["results"][0]["id"] == letter.pk


def test_an_oversize_import_is_413_and_a_dead_letter(accounts):
    client = api(person("moderator", "sefton"))
    response = importer(client, "json", b" " * (MAX_BODY_BYTES + 1))
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    letter = DeadLetter.objects.get()
    assert letter.council.slug == "sefton" and "over the 5242880 byte limit" in letter.reason
    assert not Comment.objects.exists()


@pytest.mark.parametrize(("query", "status", "field"), [
    ("", 400, "source"), ("source=facebook", 400, "source"), ("source=json&council=sefton", 404, "council"),
    ("source=json&council=bad%20slug", 400, "council"),
])
def test_import_query_errors(accounts, query, status, field):
    response = api(person("moderator")).post(f"/api/v1/comments/import?{query}", b"[]",
                                             content_type="application/json")
    assert response.status_code == status and response.json()["error"]["field"] == field


@pytest.mark.parametrize("role", ["legal", "approver", "employee", "representative"])
def test_only_moderators_and_admins_import(accounts, role):
    response = importer(api(person(role, "sefton")), "meta", fixture("meta_page_feed.json"))
    assert response.status_code == 403 and not Comment.objects.exists() and not DeadLetter.objects.exists()
    assert importer(api(person("admin", "sefton")), "meta", fixture("meta_page_feed.json")).status_code == 201


def test_the_body_is_read_raw_whatever_its_content_type(accounts):
    client = api(person("moderator", "sefton"))
    for content_type in ("text/plain", "application/octet-stream", "multipart/form-data; boundary=x",
                         "application/x-www-form-urlencoded"):
        response = importer(client, "csv", fixture("generic.csv"), content_type)
        assert response.status_code in {200, 201}, (content_type, response.content)
    assert Comment.objects.filter(council__slug="sefton").count() == 5  # the St Helens X one is not theirs


# ---- hostile text -----------------------------------------------------------------------------------------

HOSTILE = [
    '<script>alert("x")</script><img src=x onerror=alert(1)> and a "quote" \\ backslash',
    "zero\u200bwidth\u200d joiners\ufeff and \u202eright-to-left\u202c override \u2066isolate\u2069",
    "Zoë’s café ☕ 🎉👩🏽‍🚒 مرحبا بكم",
    "long " + "a" * 19_995,  # 20,000 characters: the longest comment taken
]


def test_hostile_text_is_stored_as_given_and_returned_as_json_data(accounts, django_capture_on_commit_callbacks):
    rows = [{"id": f"hostile-{n}", "text": text, "created_at": f"2025-03-0{n + 1}T08:00:00Z"}
            for n, text in enumerate(HOSTILE)]
    rows.append({"id": "too-long", "text": "b" * 20_001, "created_at": "2025-03-09T08:00:00Z"})
    client = api(person("moderator", "sefton"))
    with django_capture_on_commit_callbacks(execute=True):
        response = importer(client, "json", json.dumps(rows), account="SeftonCouncil")
    assert response.status_code == 201
    assert (response.json()["created"], response.json()["dead_letters"]) == (4, 1)
    assert "20,001 characters" in response.json()["reasons"][0]
    for n, text in enumerate(HOSTILE):
        stored = Comment.objects.get(platform_id=f"hostile-{n}")
        assert stored.text == text and stored.status != "pending"
        detail = client.get(f"/api/v1/comments/{stored.pk}")
        assert detail["Content-Type"] == "application/json"
        assert detail.json()["text"] == text
    listed = client.get("/api/v1/comments?limit=10")
    assert [i["text"] for i in listed.json()["results"]] == HOSTILE
    raw = listed.content.decode()
    assert '<script>alert(\\"x\\")</script>' in raw  # inside a JSON string: quotes escaped, never markup


def test_a_nul_is_dropped_and_a_lone_surrogate_is_replaced_never_a_server_error(accounts):
    client = api(person("moderator", "sefton"))
    nul = '[{"id": "s-1", "text": "nul\\u0000 text", "created_at": "2025-03-01T08:00:00Z"}]'
    assert importer(client, "json", nul, account="SeftonCouncil").status_code == 201
    assert Comment.objects.get(platform_id="s-1").text == "nul text"
    surrogate = '[{"id": "s-2", "text": "bad \\ud800 text", "created_at": "2025-03-01T08:00:00Z"}]'
    response = importer(client, "json", surrogate, account="SeftonCouncil")
    assert response.status_code == 201
    assert Comment.objects.get(platform_id="s-2").text == "bad \ufffd text"
    assert not DeadLetter.objects.exists()
