"""`civicguard disclosure purge|schedule|export`."""

from __future__ import annotations

from click.testing import CliRunner

from civicguard.apps.disclosure.models import PurgeLog
from civicguard.apps.posts.models import Post
from civicguard.cli.disclosure import disclosure
from tests.apps.disclosure.factories import sar, town, unzip


def run(*args):
    return CliRunner().invoke(disclosure, list(args))


def test_purge_dry_run_says_what_would_go_and_removes_nothing(db):
    t = town()
    Post.objects.filter(pk=t.post.pk).update(updated=t.post.created.replace(year=2015))
    result = run("purge", "--dry-run", "--council", "st-helens")
    assert result.exit_code == 0, result.output
    assert f"Official post {t.post.pk} of 2015-" in result.output and "would be deleted" in result.output
    assert Post.objects.filter(pk=t.post.pk).exists() and not PurgeLog.objects.exists()
    result = run("purge")
    assert result.exit_code == 0 and not Post.objects.filter(pk=t.post.pk).exists()
    assert PurgeLog.objects.get(record_type="post").action == "deleted"


def test_schedule_and_export(db, tmp_path):
    t = town()
    assert "Official posts, with their checks and approvals: 2190 days" in run("schedule", "--council",
                                                                               "st-helens").output
    from tests.apps.factories import person

    img = person("img", username="img-cli")
    request = sar(img, t.w.council)
    out = tmp_path / "export.zip"
    result = run("export", "--as", "img-cli", "--council", "st-helens", "--request", str(request.pk),
                 "--output", str(out))
    assert result.exit_code == 0, result.output
    assert "3 records written" in result.output and "records.csv" in unzip(out.read_bytes())
    assert run("purge", "--council", "nowhere").exit_code == 2
