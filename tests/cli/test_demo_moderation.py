"""`civicguard demo`: a person for every role in both councils, and work on the moderator's desk, once, on accounts
the comment fixtures match.

The command takes tens of seconds, so it runs once for the class (setUpTestData); each test runs inside its own
savepoint, rolled back after it, so no test sees another's writes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from unittest import mock

from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import TestCase

from civicguard.apps.moderation.models import Comment, CommentStatus, Delivery, Handoff, ModerationDecision
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.cli.main import cli
from civicguard.demo import COMMENTS

FIXTURES = Path(__file__).resolve().parents[1] / "apps" / "moderation" / "fixtures"
PASSWORD = {"CIVICGUARD_DEMO_PASSWORD": "Demo-Password-For-Tests"}


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def demo() -> tuple[int, str]:
    """`civicguard demo`, its commit included: what it left for after the commit runs too."""
    with mock.patch.dict(os.environ, PASSWORD), TestCase.captureOnCommitCallbacks(execute=True):
        result = run("demo")
    return result.exit_code, result.output


class TheDemoCommand(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.exit_code, cls.output = demo()

    def test_demo_loads_a_person_for_every_role_in_both_councils_and_prints_the_password(self):
        users = get_user_model().objects
        assert self.exit_code == 0, self.output
        assert users.filter(username="sth-img").exists() and users.filter(username="sef-caldicott-guardian").exists()
        assert "Demo-Password-For-Tests" in self.output and users.get(username="sef-admin").check_password(
            "Demo-Password-For-Tests")

    def test_demo_comments_are_checked_and_one_each_hidden_and_routed_and_a_rerun_adds_nothing(self):
        # The demo's comments, and in each council the one the breaches demo removed for personal information.
        total = sum(len(items) for items in COMMENTS.values()) + len(COMMENTS)
        assert Comment.objects.count() == total
        assert not Comment.objects.filter(status=CommentStatus.PENDING).exists()
        for slug, prefix in (("st-helens", "sth"), ("sefton", "sef")):
            mine = Comment.objects.filter(council__slug=slug)
            assert mine.filter(status=CommentStatus.NEEDS_REVIEW).count() >= 4
            for category in ("offensive", "personal_data", "complaint", "service_request", "press_enquiry",
                             "safeguarding"):
                assert mine.filter(categories__contains=f",{category},").exists(), (slug, category)
            assert mine.filter(status=CommentStatus.CLEAR).count() >= 2
            hidden = mine.get(status=CommentStatus.HIDDEN)
            assert hidden.decisions.get().actor.username == f"{prefix}-moderator"
            handoff = Handoff.objects.get(council__slug=slug)
            assert handoff.comment.status == CommentStatus.ROUTED and handoff.actor.username == f"{prefix}-moderator"
            # Nothing is sent to the council's real addresses from demo data.
            assert {d.status for d in handoff.deliveries.all()} == {Delivery.Status.FAILED}
            assert all(d.attempts == 0 for d in handoff.deliveries.all())

        decisions = ModerationDecision.objects.count()
        exit_code, output = demo()
        assert exit_code == 0, output
        assert Comment.objects.count() == total and Handoff.objects.count() == 2
        assert ModerationDecision.objects.count() == decisions

    def test_demo_accounts_carry_the_fixtures_platform_ids(self):
        ids = set(SocialAccount.objects.values_list("platform", "platform_id"))
        assert {("facebook", "104729384756"), ("instagram", "17841400000000001"), ("mastodon", "109000000000000001"),
                ("x", "1357924680"), ("youtube", "UCsthelens0000000000000a")} <= ids
        # The earlier demo handles still work (the representatives and posts hang on them).
        assert SocialAccount.objects.filter(platform="x", handle="@StHelensCouncil", council__slug="st-helens").exists()

    def test_a_demo_from_before_gets_the_new_platform_ids(self):
        # As an earlier version of the demo left it: St Helens' X account under the id it gave then.
        SocialAccount.objects.filter(platform="x", handle="@StHelensCouncil").update(platform_id="2000000001")
        exit_code, output = demo()
        assert exit_code == 0, output
        assert SocialAccount.objects.get(platform="x", handle="@StHelensCouncil").platform_id == "1357924680"

    def test_fixtures_import_onto_the_demo_accounts_by_platform_id(self):
        for name, source, count in [("x_replies.json", "x", 5), ("youtube_comment_threads.json", "youtube", 6),
                                    ("mastodon_statuses.json", "mastodon", 5),
                                    ("meta_instagram_comments.json", "meta", 5)]:
            # Each file onto the demo alone: its own savepoint, rolled back before the next.
            with self.subTest(name), transaction.atomic():
                with self.captureOnCommitCallbacks(execute=True):
                    result = run("comments", "import", str(FIXTURES / name), "--source", source, "--json")
                report = json.loads(result.stdout)
                assert result.exit_code == 0 and report["created"] == count and report["dead_letters"] == 0, report
                transaction.set_rollback(True)

