"""A post is checked against the limit of its account's platform; a check through the API may name one."""

import pytest
from rest_framework.test import APIClient

from civicguard.apps.posts import services
from civicguard.apps.social_accounts.models import PLATFORMS as ACCOUNT_PLATFORMS
from civicguard.apps.staff.services import token_issue
from civicguard.engine.model import PLATFORMS
from tests.apps.factories import AccountFactory, person

LONG = "The library on Victoria Square opens at 9am on Saturday. " * 6  # 342 characters


def platform_findings(result: dict) -> list[dict]:
    return [f for f in result["findings"] if f["category"] == "platform_fit"]


def test_the_engine_knows_every_platform_an_account_can_be_on():
    assert [slug for slug, _ in ACCOUNT_PLATFORMS] == list(PLATFORMS)


@pytest.mark.parametrize(("platform", "verdict"), [("x", "block"), ("facebook", "pass")])
def test_a_post_is_checked_against_its_accounts_platform(platform, verdict):
    account = AccountFactory(platform=platform)
    author = person("representative", account=account)
    run = services.post_check(post=services.post_create(actor=author, account=account, text=LONG), actor=author)
    assert run.verdict == verdict
    assert [f["message"] for f in platform_findings(run.result)] == (
        ["This post is 342 characters on X, where the limit is 280: cut at least 62 characters."]
        if platform == "x" else [])


def test_the_checks_api_takes_an_optional_platform():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=person('representative'))}")
    body = {"text": LONG, "council": "st-helens", "as": "official"}
    on_x = client.post("/api/v1/checks", {**body, "platform": "x"}, format="json")
    unknown = client.post("/api/v1/checks", body, format="json")
    wrong = client.post("/api/v1/checks", {**body, "platform": "myspace"}, format="json")
    assert on_x.status_code == 200 and platform_findings(on_x.json())[0]["severity"] == "block"
    assert unknown.status_code == 200 and unknown.json()["verdict"] == "pass"
    assert wrong.status_code == 400 and "platform" in wrong.content.decode()
