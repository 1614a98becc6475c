"""The retention purge: what is past its period goes (or loses its personal data), what is held stays, and the
log says which and why, without personal data."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.cases.models import Case, ConcernReport
from civicguard.apps.disclosure.models import PurgeLog
from civicguard.apps.disclosure.retention import retention_purge, schedule
from civicguard.apps.disclosure.services import disclosure_request_close, disclosure_request_search
from civicguard.apps.moderation.models import Comment
from civicguard.apps.posts.models import Post
from tests.apps.cases.factories import report
from tests.apps.disclosure.factories import also, sar, town

pytestmark = pytest.mark.django_db
LATER = timedelta(days=3000)  # past every period the packs set


def test_the_schedule_comes_from_the_pack_and_names_ripa():
    t = town()
    rows = {r["kind"]: r for r in schedule(t.w.council)}
    assert rows["posts"]["days"] == 2190 and rows["checks"]["days"] == 365
    assert rows["comments"]["days"] == 730  # facts.retention_days: moderation's one rule
    assert rows["ripa"]["years"] >= 3


def test_a_dry_run_removes_nothing():
    t = town()
    outcome = retention_purge(now=timezone.now() + LATER, dry_run=True, council=t.w.council)
    assert outcome.count("deleted") >= 4
    assert Post.objects.filter(pk=t.post.pk).exists() and Comment.objects.filter(council=t.w.council).count() == 3
    assert not PurgeLog.objects.exists()


def test_the_purge_removes_what_is_past_and_keeps_what_is_held_with_the_log():
    t = town()
    loose = report(t.w)                        # a concern report that opened no case
    handler = also(t.w.manager, "legal", t.w.council)
    request = sar(handler, t.w.council, subject_name="Emma Employee", subject_handles=[])
    found = disclosure_request_search(actor=handler, request=request)
    assert loose.pk in found.ids["concern"]
    now = timezone.now() + LATER

    retention_purge(now=now, council=t.w.council)
    assert not Post.objects.filter(pk=t.post.pk).exists()
    assert not Comment.objects.filter(council=t.w.council).exists()
    assert ConcernReport.objects.filter(pk=loose.pk).exists()          # held by the open request
    assert Case.objects.filter(pk=t.case.pk).exists()                  # open: its period has not started
    held = PurgeLog.objects.get(record_type="concern", record_id=loose.pk)
    assert held.action == "held" and request.reference in held.why
    gone = PurgeLog.objects.get(record_type="post", record_id=t.post.pk)
    assert gone.action == "deleted" and gone.retention_days == 2190
    assert PurgeLog.objects.filter(record_type="comment", action="deleted").count() == 3

    retention_purge(now=now, council=t.w.council)                      # still held: not logged again
    assert PurgeLog.objects.filter(record_type="concern", record_id=loose.pk).count() == 1

    disclosure_request_close(actor=handler, request=request, reason="Answered")
    retention_purge(now=now, council=t.w.council)
    assert not ConcernReport.objects.filter(pk=loose.pk).exists()
    assert PurgeLog.objects.filter(record_type="concern", record_id=loose.pk, action="deleted").exists()
    entries = AuditEntry.objects.filter(event="disclosure.retention.purge")
    assert entries.exists()
    text = json.dumps([e.after for e in entries])
    assert "Jane Smith" not in text and "Emma Employee" not in text


def test_a_consent_record_still_tagged_loses_its_personal_data_and_stays():
    from civicguard.apps.consent.models import ConsentRecord, Tag
    from civicguard.apps.consent.services import consent_withdraw, tag_add
    from tests.apps.consent.conftest import image, record
    from tests.apps.factories import council, person

    legal, rep = person("legal", "sefton"), person("representative", "sefton")
    tagged = record(legal, name="Alex Resident")
    tag_add(actor=rep, media_item=image(rep), name="Alex Resident", consent=tagged)
    consent_withdraw(actor=legal, record=tagged, reason="Phoned in")
    loose = record(legal, name="Sam Elsewhere")
    consent_withdraw(actor=legal, record=loose, reason="Phoned in")
    retention_purge(now=timezone.now() + LATER, council=council("sefton"))
    kept = ConsentRecord.objects.get(pk=tagged.pk)
    assert "Alex Resident" not in (kept.name + kept.purposes) and Tag.objects.get().name == kept.name
    assert not ConsentRecord.objects.filter(pk=loose.pk).exists()
    actions = dict(PurgeLog.objects.filter(record_type="consent").values_list("record_id", "action"))
    assert actions == {tagged.pk: "anonymised", loose.pk: "deleted"}
    retention_purge(now=timezone.now() + LATER, council=council("sefton"))   # done once: not again
    assert PurgeLog.objects.filter(record_type="consent").count() == 2


def test_the_scheduled_task_runs_the_purge(settings):
    from civicguard.apps.disclosure import tasks

    assert settings.CELERY_BEAT_SCHEDULE["disclosure-retention"]["task"] == tasks.retention_purge.name
    t = town()
    Post.objects.filter(pk=t.post.pk).update(updated=timezone.now() - timedelta(days=2200))
    assert tasks.retention_purge() == {"deleted": 1, "anonymised": 0, "held": 0}
    assert not Post.objects.filter(pk=t.post.pk).exists()
