"""What breach records wait on the DPO's role for: each open record with its deadline, urgent under 24 hours."""

from __future__ import annotations

from django.utils import timezone

from civicguard.apps.breaches.services import breach_ico_record
from civicguard.apps.breaches.waiting import waiting_for
from tests.apps.breaches.factories import assessed, breach
from tests.apps.factories import council


def test_the_dpo_sees_each_open_record_with_its_deadline_urgent_under_24_hours(cast):
    calm = breach(cast["moderator"], hours_ago=2)
    close_call = breach(cast["moderator"], hours_ago=50)
    items = {i.url: i for i in waiting_for(cast["legal"], council())}
    assert len(items) == 2
    first = items[f"/breaches/{calm.pk}/"]
    assert first.text.startswith(f"Personal data breach {calm.pk}. ICO must be told by")
    assert "(69 hours left)" in first.text and not first.urgent
    assert items[f"/breaches/{close_call.pk}/"].urgent


def test_once_the_ico_is_told_it_waits_for_what_is_left(cast):
    found = assessed(cast["legal"], breach(cast["moderator"]))
    breach_ico_record(actor=cast["legal"], breach=found, told_at=timezone.now(), reference="IC-3")
    (item,) = waiting_for(cast["legal"], council())
    assert "article 34(3)" in item.text and not item.urgent


def test_nobody_else_is_asked_and_nothing_of_the_record_is_said(cast):
    breach(cast["moderator"], what="Brenda's address")
    for role in ("moderator", "caldicott-guardian", "admin"):
        assert waiting_for(cast[role], council()) == []
    assert all("Brenda" not in i.text for i in waiting_for(cast["legal"], council()))
    assert waiting_for(cast["sefton-legal"], council("sefton")) == []
