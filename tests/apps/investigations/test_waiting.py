"""What the RIPA record waits on people for: an application on the Authorising Officers (not its applicant), an
authorised one on its applicant (the magistrate), a review due on the Authorising Officers, and an ending
authorisation on its officers from 14 days before (urgent from 3). Only references are named."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from civicguard.apps.investigations.models import Authorisation
from civicguard.apps.investigations.tasks import daily
from civicguard.apps.investigations.waiting import waiting_for
from tests.apps.factories import council
from tests.apps.investigations.factories import apply, authorise, in_effect, investigation


def _texts(user):
    return [w.text for w in waiting_for(user, council())]


def test_an_application_then_the_magistrate(cast):
    a = apply(cast["investigator"], investigation(cast["investigator"]))
    assert _texts(cast["ao"]) == ["An application for directed surveillance in investigation TS/2026/014 waits "
                                  "for an Authorising Officer's decision"]
    assert _texts(cast["investigator"]) == []
    authorise(cast["ao"], a)
    assert _texts(cast["ao"]) == []
    assert "needs a magistrate's approval" in _texts(cast["investigator"])[0]
    assert all("Jo Bloggs" not in t for t in _texts(cast["investigator"]))


def test_reviews_and_the_reminders_before_the_end(cast):
    a = in_effect(cast["investigator"], cast["ao"], investigation(cast["investigator"]))
    assert _texts(cast["investigator"]) == [] and _texts(cast["ao"]) == []
    today = timezone.localdate()
    Authorisation.objects.filter(pk=a.pk).update(next_review_on=today, expires_on=today + timedelta(days=14))
    review = waiting_for(cast["ao2"], council())
    assert len(review) == 1 and review[0].urgent and review[0].text.startswith("Review the authorisation")
    ending = waiting_for(cast["investigator"], council())
    assert len(ending) == 1 and not ending[0].urgent and "ask for its renewal" in ending[0].text
    Authorisation.objects.filter(pk=a.pk).update(expires_on=today + timedelta(days=3))
    assert waiting_for(cast["investigator"], council())[0].urgent
    assert waiting_for(cast["colleague"], council()) == []  # not an officer of it


def test_the_daily_job_is_scheduled(settings):
    assert settings.CELERY_BEAT_SCHEDULE["investigations-daily"]["task"] == daily.name == "investigations.daily"
