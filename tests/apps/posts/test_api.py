"""The REST API under /api/v1, as a system holding a person's token would use it."""

import json

import pytest
from rest_framework.test import APIClient

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.posts import services
from civicguard.apps.posts.models import KeptCheck, OutboxEntry, Post
from civicguard.apps.staff.services import role_assign, token_issue
from tests.apps.factories import AccountFactory, council, person

PII = "Well done to Derek Ainsworth (DOB 02/03/1951) of 12 Kiln Lane, WA10 1AB!"
CLEAN = "Sherdley Park's café is open until 4pm this weekend."
FINDING_KEYS = {"rule", "category", "severity", "clauses", "start", "end", "text", "confidence", "message", "remedy",
                "label", "explanation", "needs_human"}


def api(user=None):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)}")
    return client


def check(client, text, council="st-helens", channel="official", **extra):
    return client.post("/api/v1/checks", {"text": text, "council": council, "as": channel, **extra}, format="json")


def draft(client, account, text=CLEAN):
    response = client.post("/api/v1/posts", {"account": account.pk, "text": text}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def decide(client, post_id, decision, **extra):
    return client.post(f"/api/v1/posts/{post_id}/approvals", {"decision": decision, **extra}, format="json")


def submitted(text=CLEAN, author=None, account=None):
    account = account or AccountFactory()
    author = author or person("representative", account=account)
    post = draft(api(author), account, text)
    assert api(author).post(f"/api/v1/posts/{post['id']}/submit").json()["status"] == "submitted"
    return post["id"], author


# ---- the contract -----------------------------------------------------------------------------------------

def test_a_post_with_personal_data_is_blocked_with_the_clis_json():
    result = check(api(person("representative")), PII).json()
    assert set(result) == {"verdict", "council", "policy_version", "channel", "findings", "politically_restricted",
                           "politically_restricted_source"}
    assert result["verdict"] == "block" and result["channel"] == "official"
    assert any(f["category"] == "personal_data" for f in result["findings"])
    assert all(set(f) >= FINDING_KEYS for f in result["findings"])


@pytest.mark.parametrize("header", [None, "Bearer cg_not-a-token", "Bearer"])
def test_a_call_without_a_valid_token_gets_401_with_a_json_body(header):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)
    response = check(client, "hello")
    assert response.status_code == 401 and response.json()["error"]["code"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("body", ['{"text":', "not json", '{"text": NaN}', '{"text":' + "[" * 50_000, "\xff\xfe"])
def test_malformed_json_gets_400_with_a_json_body(body):
    response = api(person("representative")).post("/api/v1/checks", body, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_input"


def test_another_councils_employee_cannot_check_as_its_official_and_an_employee_cannot_either():
    assert check(api(person("employee", "sefton")), "hello").status_code in {403, 404}
    assert check(api(person("employee")), "hello").status_code == 403
    assert check(api(person("employee")), "hello", channel="comment").status_code == 403
    assert check(api(person("moderator")), "hello", channel="comment").json()["channel"] == "comment"


def test_an_unknown_council_or_channel_is_bad_input():
    client = api(person("representative"))
    assert check(client, "hello", council="atlantis").status_code == 400
    assert check(client, "hello", channel="billboard").json()["error"]["fields"]["as"]


def test_a_personal_check_stores_nothing():
    client = api(person("employee"))
    before = AuditEntry.objects.count()
    result = check(client, PII, channel="personal").json()
    assert result["channel"] == "personal" and result["verdict"] == "block"
    assert AuditEntry.objects.count() == before and not KeptCheck.objects.exists() and not Post.objects.exists()


def test_an_official_check_is_audited_without_its_text():
    user = person("representative")
    check(api(user), PII)
    entry = AuditEntry.objects.get(event="posts.check.official")
    assert entry.actor == user.username and entry.council == "st-helens"
    assert entry.after["verdict"] == "block" and entry.after["rules"] and entry.after["policy_version"]
    assert "Ainsworth" not in json.dumps(entry.after)


# ---- the journey ------------------------------------------------------------------------------------------

def test_create_check_fix_submit_and_approve_by_another_approver():
    account = AccountFactory()
    author = api(person("representative", account=account))
    post = draft(author, account, PII)
    assert post["status"] == "draft" and post["latest_check"] is None
    assert author.post(f"/api/v1/posts/{post['id']}/check").json()["verdict"] == "block"
    fixed = author.patch(f"/api/v1/posts/{post['id']}", {"text": CLEAN}, format="json").json()
    assert fixed["text"] == CLEAN and fixed["verdict"] is None  # the old check no longer applies
    assert author.post(f"/api/v1/posts/{post['id']}/submit").json()["status"] == "submitted"
    approved = decide(api(person("approver")), post["id"], "approve")
    assert approved.status_code == 201 and approved.json()["verdict"] == "pass"
    detail = author.get(f"/api/v1/posts/{post['id']}").json()
    assert detail["status"] == "approved" and [a["decision"] for a in detail["approvals"]] == ["approve"]
    assert OutboxEntry.objects.filter(post_id=post["id"]).exists()
    assert author.patch(f"/api/v1/posts/{post['id']}", {"text": "x"}, format="json").status_code == 409


def test_the_author_cannot_approve_their_own_post():
    account = AccountFactory()
    both = person("representative", account=account)
    role_assign(user=both, council=account.council, role="approver")
    post_id, _ = submitted(author=both, account=account)
    response = decide(api(both), post_id, "approve")
    assert response.status_code == 403 and Post.objects.get().status == "submitted"


def test_approve_needs_a_pass_and_an_override_needs_a_justification():
    account = AccountFactory()
    author = person("representative", account=account)
    post = draft(api(author), account)
    # A plain http:// link: the check warns (the page is not encrypted) and blocks nothing.
    api(author).patch(f"/api/v1/posts/{post['id']}", {"links": ["http://www.sthelens.gov.uk/gritting"]},
                      format="json")
    api(author).post(f"/api/v1/posts/{post['id']}/submit")
    approver = api(person("approver"))
    assert decide(approver, post["id"], "approve").status_code == 409
    assert decide(approver, post["id"], "override").json()["error"]["field"] == "justification"
    overridden = decide(approver, post["id"], "override", justification="the page has no https address yet")
    assert overridden.status_code == 201 and overridden.json()["verdict"] == "warn"


def test_return_needs_a_comment_and_gives_the_post_back_to_its_author():
    post_id, author = submitted()
    approver = api(person("approver"))
    assert decide(approver, post_id, "return").json()["error"]["field"] == "comment"
    assert decide(approver, post_id, "return", comment="Add the opening hours").status_code == 201
    approvals = api(author).get(f"/api/v1/posts/{post_id}/approvals").json()
    assert [(a["decision"], a["comment"]) for a in approvals] == [("return", "Add the opening hours")]
    assert api(author).get(f"/api/v1/posts/{post_id}").json()["status"] == "returned"


def test_the_list_is_filtered_and_paginated():
    post_id, author = submitted()
    client = api(author)
    assert [p["id"] for p in client.get("/api/v1/posts?status=submitted").json()["results"]] == [post_id]
    assert client.get("/api/v1/posts?status=draft").json()["count"] == 0
    assert client.get("/api/v1/posts?limit=1").json()["count"] == 1
    assert client.get("/api/v1/posts?status=lost").status_code == 400


def test_a_person_in_two_councils_sees_the_posts_of_both():
    st_helens_post, _ = submitted()
    sefton_post, _ = submitted(account=AccountFactory(council=council("sefton")),
                               author=person("representative", "sefton"))
    both = person("approver")
    role_assign(user=both, council=council("sefton"), role="approver")
    client = api(both)
    assert {p["id"] for p in client.get("/api/v1/posts").json()["results"]} == {st_helens_post, sefton_post}
    assert [p["id"] for p in client.get("/api/v1/posts?council=sefton").json()["results"]] == [sefton_post]


# ---- councils and hostile input ---------------------------------------------------------------------------

def test_another_councils_approver_can_neither_see_nor_decide_a_post():
    post_id, _ = submitted()
    sefton = api(person("approver", "sefton"))
    assert sefton.get("/api/v1/posts").json()["count"] == 0
    assert sefton.get("/api/v1/posts?council=st-helens").status_code == 404
    for response in (sefton.get(f"/api/v1/posts/{post_id}"), sefton.get(f"/api/v1/posts/{post_id}/approvals"),
                     sefton.post(f"/api/v1/posts/{post_id}/check"), decide(sefton, post_id, "approve")):
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    sefton_rep = api(person("representative", "sefton"))
    assert sefton_rep.post("/api/v1/posts", {"account": AccountFactory().pk, "text": CLEAN},
                           format="json").status_code == 404
    assert Post.objects.get().status == "submitted"


@pytest.mark.parametrize("text", ["x" * (services.MAX_TEXT + 1), 123, ["a"], {"a": 1}, None, True, "", "nul\x00"])
def test_text_that_is_too_long_or_not_a_string_is_bad_input(text):
    account = AccountFactory()
    client = api(person("representative", account=account))
    assert check(client, text).status_code == 400
    assert check(client, text, channel="personal").status_code == 400
    assert client.post("/api/v1/posts", {"account": account.pk, "text": text}, format="json").status_code == 400
    assert not Post.objects.exists()


def test_markup_comes_back_as_plain_json_data():
    account = AccountFactory()
    client = api(person("representative", account=account))
    text = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    post = draft(client, account, text)
    response = client.get(f"/api/v1/posts/{post['id']}")
    assert response["Content-Type"] == "application/json" and response.json()["text"] == text
    assert check(client, text).json()["verdict"] in {"pass", "warn", "block"}


@pytest.mark.parametrize("text", ["Zoë’s café ☕ 🎉👩🏽‍🚒", "\u202eevil\u202c text", "a\u200bb\u0301\ufeff",
                                  "مرحبا بكم في المكتبة"])
def test_odd_unicode_is_checked_and_stored(text):
    account = AccountFactory()
    client = api(person("representative", account=account))
    result = check(client, text).json()
    assert result["verdict"] in {"pass", "warn", "block"}
    assert draft(client, account, text)["text"] == text


def test_a_lone_surrogate_is_bad_input():
    account = AccountFactory()
    client = api(person("representative", account=account))
    body = json.dumps({"account": account.pk, "text": "bad \ud800 text", "council": "st-helens", "as": "official"})
    assert client.post("/api/v1/checks", body, content_type="application/json").status_code == 400
    assert client.post("/api/v1/posts", body, content_type="application/json").status_code == 400


def test_an_address_under_the_api_that_matches_nothing_answers_json_404():
    response = api(person("representative")).get("/api/v1/posts/-1")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


# ---- two people for a block -------------------------------------------------------------------------------

BLOCKED = "Call Mrs Jane Doe on 07700 900123 about her shit bins."


def test_an_override_of_a_block_needs_a_second_approver_as_the_contract_says():
    post_id, _ = submitted(BLOCKED)
    first, second = person("approver", username="first-approver"), person("approver", username="second-approver")
    asked = decide(api(first), post_id, "override", justification="contract: first approver")
    assert asked.status_code == 201 and asked.json()["decision"] == "request_override"
    waiting = api(first).get(f"/api/v1/posts/{post_id}").json()
    assert waiting["status"] == "override_requested" and waiting["overridden"] is False
    assert waiting["override"]["waiting"] is True and waiting["override"]["confirmer"] is None
    assert decide(api(first), post_id, "confirm_override").status_code == 403
    assert api(first).get(f"/api/v1/posts/{post_id}").json()["status"] == "override_requested"
    assert not OutboxEntry.objects.exists()
    assert decide(api(second), post_id, "confirm_override").status_code == 201
    done = api(second).get(f"/api/v1/posts/{post_id}").json()
    assert done["status"] == "approved" and done["overridden"] is True
    override = done["override"]
    assert override["people"] == 2 and override["verdict"] == "block"
    assert override["requester"]["username"] == "first-approver"
    assert override["requester"]["justification"] == "contract: first approver"
    assert override["confirmer"]["username"] == "second-approver" and override["confirmer"]["at"]
    listed = api(second).get("/api/v1/posts?overridden=true").json()["results"]
    assert [p["id"] for p in listed] == [post_id] and listed[0]["overridden"] is True


def test_a_refusal_through_the_api_needs_a_comment_and_returns_the_post():
    post_id, author = submitted(BLOCKED)
    decide(api(person("approver")), post_id, "override", justification="consent on file")
    second = api(person("approver"))
    assert decide(second, post_id, "refuse_override").json()["error"]["field"] == "comment"
    assert decide(second, post_id, "refuse_override", comment="Take the number out").status_code == 201
    post = api(author).get(f"/api/v1/posts/{post_id}").json()
    assert post["status"] == "returned" and post["override"] is None and post["is_editable"]


def test_confirming_with_nothing_waiting_is_a_conflict_and_an_unknown_decision_bad_input():
    post_id, _ = submitted()
    approver = api(person("approver"))
    assert decide(approver, post_id, "confirm_override").status_code == 409
    error = decide(approver, post_id, "request_override").json()["error"]
    assert error["code"] == "bad_input" and "decision" in error["fields"]
