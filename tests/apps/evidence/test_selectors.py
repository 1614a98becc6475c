"""The chain of custody as a case's page shows it: oldest first, each action in words, each person by name."""

from __future__ import annotations

from civicguard.apps.evidence.selectors import actor_name, custody_of
from civicguard.apps.evidence.services import evidence_open
from tests.apps.evidence.factories import captured, hr
from tests.apps.factories import person


def test_custody_is_oldest_first_with_the_action_in_words():
    item = captured(hr())
    evidence_open(actor=person("line-manager"), item=item, action="download")
    assert [entry.get_action_display() for entry in custody_of(item)] == ["Captured", "Downloaded"]


def test_a_person_is_named_by_their_full_name_else_their_user_name():
    named = person("hr", first_name="Harriet", last_name="Holt")
    assert actor_name(named) == "Harriet Holt"
    assert actor_name(person("hr", username="hr-no-name")) == "hr-no-name"
