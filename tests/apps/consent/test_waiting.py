"""A takedown waits on the post's author and its approver until someone confirms it; past its deadline it is
urgent and waits on Legal too. The daily job is on the schedule."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from civicguard.apps.consent.models import TakedownTask
from civicguard.apps.consent.services import consent_withdraw, tag_add, takedown_confirm
from civicguard.apps.consent.tasks import expire
from civicguard.apps.consent.waiting import waiting_for
from civicguard.apps.posts.models import Approval
from tests.apps.consent.conftest import image, published_post, record
from tests.apps.factories import council


def test_the_author_and_the_approver_are_asked_until_someone_confirms(cast):
    sefton = council("sefton")
    found = record(cast["legal"])
    item = image(cast["representative"])
    tag_add(actor=cast["representative"], media_item=item, name="Alex Resident", consent=found)
    post = published_post(item, cast["representative"])
    Approval.objects.create(post=post, actor=cast["approver"], decision="approve")
    consent_withdraw(actor=cast["legal"], record=found, reason="Asked")
    for who in ("representative", "approver"):
        items = waiting_for(cast[who], sefton)
        assert len(items) == 1 and items[0].text.startswith(f"Take down post {post.pk} on Facebook")
        assert not items[0].urgent
    assert waiting_for(cast["legal"], sefton) == []
    TakedownTask.objects.update(deadline=timezone.now() - timedelta(minutes=1))
    assert waiting_for(cast["approver"], sefton)[0].urgent
    assert [w.urgent for w in waiting_for(cast["legal"], sefton)] == [True]  # overdue: Legal is asked too
    takedown_confirm(actor=cast["approver"], task=TakedownTask.objects.get(), note="Removed")
    assert waiting_for(cast["representative"], sefton) == []


def test_the_daily_job_is_scheduled(settings):
    assert settings.CELERY_BEAT_SCHEDULE["consent-expire"]["task"] == expire.name == "consent.expire"
    assert expire() == {"records": 0, "tasks": 0}


def test_the_sites_own_scheduler_runs_the_daily_job_when_there_is_no_broker():
    from civicguard.cli.web import beat_jobs

    assert "consent-expire" in [job.name for job in beat_jobs()]


def test_a_consent_ending_soon_on_a_published_image_asks_its_recorder_to_renew_it(cast):
    sefton = council("sefton")
    found = record(cast["representative"], days=10)
    quiet = record(cast["representative"], name="Not Posted", days=10)
    item = image(cast["representative"])
    tag_add(actor=cast["representative"], media_item=item, name="Alex Resident", consent=found)
    tag_add(actor=cast["representative"], media_item=image(cast["representative"], colour=(5, 5, 5)),
            name="Not Posted", consent=quiet)
    assert waiting_for(cast["representative"], sefton) == []
    published_post(item, cast["representative"])
    items = waiting_for(cast["representative"], sefton)
    assert [w.text.split(" ends on")[0] for w in items] == ["The photo consent of Alex Resident"]
    assert items[0].due == found.expires_on and waiting_for(cast["legal"], sefton) == []
