"""`civicguard comments import` of an older version than the one held says so and changes nothing
(docs/comment-versions.md)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from civicguard.apps.moderation.models import Comment
from civicguard.apps.social_accounts.services import account_add
from civicguard.cli.main import cli
from tests.apps.factories import council

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_import_of_an_older_version_says_it_was_kept_and_changes_nothing(tmp_path):
    account_add(council=council("st-helens"), platform="x", handle="StHelensCouncil", platform_id="1357924680")
    path = tmp_path / "comments.json"
    options = ("--source", "json", "--account", "@StHelensCouncil", "--platform", "x")
    newer = {"id": "cli-v1", "text": "You lot are f*cking useless.", "created_at": "2025-03-14T09:00Z",
             "edited_at": "2025-03-14T09:30Z"}
    older = {"id": "cli-v1", "text": "Thanks for the new benches.", "created_at": "2025-03-14T09:00Z"}
    for rows in ([newer], [older]):
        path.write_text(json.dumps(rows))
        result = CliRunner().invoke(cli, ["comments", "import", str(path), *options])
        assert result.exit_code == 0, result.output
    assert result.stdout == ("0 comments imported, 0 duplicates, 0 edited, 0 ignored, 0 dead letters\n"
                             "  1 version older than the one held: kept in the history, nothing changed\n")
    comment = Comment.objects.get(platform_id="cli-v1")
    assert comment.text == newer["text"] and comment.edits == 0 and comment.revisions.get().stale
