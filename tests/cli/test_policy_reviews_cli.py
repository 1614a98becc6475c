"""`civicguard policy versions|reviews|review|version-record|review-start|review-comment|review-decide`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from civicguard.apps.policyreview.models import PolicyReview
from civicguard.cli.policy import policy
from tests.apps.factories import council, person

pytestmark = pytest.mark.django_db
IMG = "Information Management Group (IMG)"


def run(*args: str):
    return CliRunner().invoke(policy, list(args))


def test_a_review_from_the_command_line():
    council("st-helens")
    img = person("img").username
    recorded = run("version-record", "st-helens", "--as", img, "--published", "2025-04-01")
    assert recorded.exit_code == 0, recorded.output
    assert "review due 2026-04-01" in recorded.output
    listed = json.loads(run("versions", "st-helens", "--as", img, "--json").output)
    assert [(v["version"], v["review_due"]) for v in listed] == [("as published (undated)", "2026-04-01")]
    started = run("review-start", "st-helens", "--as", img)
    assert started.exit_code == 0 and f"consultees: {IMG}" in started.output
    review = PolicyReview.objects.get()
    rid = str(review.pk)
    early = run("review-decide", rid, "--as", img, "--action", "approve", "--outcome", "no-change")
    assert early.exit_code == 2 and "only a review in consultation can be approved" in early.output
    assert run("review-decide", rid, "--as", img, "--action", "consult").exit_code == 0
    assert run("review-comment", rid, "--as", img, "--consultee", IMG, "--comment", "No change").exit_code == 0
    assert run("review-decide", rid, "--as", img, "--action", "approve", "--outcome", "no-change").exit_code == 0
    published = run("review-decide", rid, "--as", img, "--action", "publish")
    assert published.exit_code == 0 and "published" in published.output
    shown = json.loads(run("review", rid, "--as", img).output)
    assert shown["state"] == "published" and shown["comments"][0]["comment"] == "No change"
    assert shown["changes"] is None and shown["changes_note"] == "The review decided on no change."
    assert f"{rid}\tpublished\tversion as published (undated)" in run("reviews", "st-helens", "--as", img).output


def test_the_packs_roles_and_other_councils_are_refused():
    council("st-helens")
    hr = person("hr").username  # St Helens' pack: the IMG and administrators run reviews
    result = run("version-record", "st-helens", "--as", hr, "--published", "2025-04-01")
    assert result.exit_code == 2 and "only these roles run policy reviews" in result.output
    assert run("versions", "st-helens", "--as", person("employee").username).exit_code == 2
    assert run("versions", "st-helens", "--as", person("hr", "sefton").username).exit_code == 2
    assert run("review", "999", "--as", hr).exit_code == 2
    bad = run("version-record", "st-helens", "--as", person("img").username, "--published", "1 April")
    assert bad.exit_code == 2 and "is not a date" in bad.output
