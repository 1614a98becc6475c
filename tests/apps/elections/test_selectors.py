"""The one rule on whether a pre-election period is on, and the pack's rule on its days."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from civicguard.apps.elections import selectors, services
from civicguard.apps.elections.selectors import period_dates, period_for, working_days_before
from tests.apps.elections.factories import election
from tests.apps.factories import council, person

pytestmark = pytest.mark.django_db


def test_a_period_is_on_from_its_first_day_to_its_last_and_not_outside():
    found = election()
    assert period_for(council(), on=found.period_start) == found
    assert period_for(council(), on=found.period_end) == found
    assert period_for(council(), on=found.period_start - timedelta(days=1)) is None
    assert period_for(council(), on=found.period_end + timedelta(days=1)) is None


def test_another_councils_period_and_a_cancelled_one_are_not_on():
    found = election("sefton")
    assert period_for(council("st-helens")) is None
    services.election_cancel(actor=person("admin", "sefton"), election=found, reason="The poll was countermanded")
    assert period_for(council("sefton")) is None


def test_by_default_the_period_starts_with_the_notice_of_election_and_ends_on_polling_day():
    start, end = period_dates(council=council(), polling_day=date(2027, 5, 6), notice_published_on=date(2027, 3, 29))
    assert (start, end) == (date(2027, 3, 29), date(2027, 5, 6))


def test_without_a_notice_day_the_period_starts_25_working_days_before_polling_day():
    # Thursday 6 May 2027: 25 weekdays earlier is Thursday 1 April.
    assert working_days_before(date(2027, 5, 6), 25) == date(2027, 4, 1)
    assert period_dates(council=council(), polling_day=date(2027, 5, 6))[0] == date(2027, 4, 1)


def test_during_a_period_an_override_of_a_warning_needs_a_second_person():
    assert not selectors.warnings_need_second_person(council())
    election()
    assert selectors.warnings_need_second_person(council())
    assert selectors.state_of(period_for(council())) == "on"
    assert selectors.state_of(election(on=False, name="Later")) == "coming"
    assert timezone.localdate() < period_for(council()).polling_day
