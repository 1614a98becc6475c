"""`elections.political` and `elections.reminder`: party politics in an official post, and the reminder to
politically restricted staff, only while a period is on."""

from __future__ import annotations

from civicguard.engine.detectors.base import Document, NoParams
from civicguard.engine.detectors.disclosure.political import PoliticalParams
from civicguard.engine.detectors.elections.period import PeriodPoliticalDetector, PeriodReminderDetector
from civicguard.engine.model import Content, Context

POLITICAL = PeriodPoliticalDetector(PoliticalParams())
REMINDER = PeriodReminderDetector(NoParams())


def _doc(text, channel="official", election="Borough council elections", restricted=False):
    return Document(Content(text=text), Context(council="st-helens", channel=channel, election=election,
                                                politically_restricted=restricted))


def test_a_vote_call_in_an_official_post_is_found_in_a_period_and_not_outside():
    text = "Thanks to the volunteers. Vote Labour on Thursday!"
    found = POLITICAL.detect(_doc(text))
    assert [(text[d.start:d.end], d.label) for d in found] == [("Vote Labour", "vote_call")]
    assert "pre-election period" in found[0].explanation
    assert POLITICAL.detect(_doc(text, election=None)) == []


def test_neutral_election_information_is_left_alone():
    assert POLITICAL.detect(_doc("Polling stations are open from 7am to 10pm on Thursday 7 May.")) == []


def test_the_reminder_is_for_restricted_staff_in_a_period_only():
    assert [d.label for d in REMINDER.detect(_doc("Lovely walk", "personal", restricted=True))] == ["reminder"]
    assert REMINDER.detect(_doc("Lovely walk", "personal", restricted=False)) == []
    assert REMINDER.detect(_doc("Lovely walk", "personal", election=None, restricted=True)) == []
