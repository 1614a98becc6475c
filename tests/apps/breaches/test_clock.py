"""The ICO clock (UK GDPR art. 33(1)): 72 hours of elapsed time from when the council became aware, shown in the
council's local time, whole hours left (rounded down) or overdue, and stopped once the ICO is told or need not be."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from civicguard.apps.breaches.selectors import clock
from tests.apps.factories import council


def _breach(aware_at, **kw):
    fields = dict(aware_at=aware_at, ico_required=None, ico_told_at=None, ico_not_required_reason="")
    return SimpleNamespace(council=council("st-helens"), **{**fields, **kw})


@pytest.mark.django_db
def test_the_page_says_when_the_ico_must_be_told_and_the_hours_left():
    aware = datetime(2026, 12, 6, 14, 5, tzinfo=UTC)  # GMT in December: local time is UTC
    now = aware + timedelta(hours=40, minutes=30)
    found = clock(_breach(aware), now)
    assert found.text == "ICO must be told by 14:05 on 9 December (31 hours left)"
    assert (found.state, found.hours_left, found.urgent) == ("running", 31, False)


@pytest.mark.django_db
def test_under_24_hours_is_urgent_and_the_last_hour_says_so():
    aware = datetime(2026, 12, 6, 14, 5, tzinfo=UTC)
    assert clock(_breach(aware), aware + timedelta(hours=48, minutes=1)).urgent
    assert clock(_breach(aware), aware + timedelta(hours=47, minutes=59)).hours_left == 24
    assert not clock(_breach(aware), aware + timedelta(hours=47, minutes=59)).urgent
    last = clock(_breach(aware), aware + timedelta(hours=71, minutes=30))
    assert last.text == "ICO must be told by 14:05 on 9 December (less than an hour left)"


@pytest.mark.django_db
def test_past_the_deadline_it_is_overdue_by_whole_hours():
    aware = datetime(2026, 12, 6, 14, 5, tzinfo=UTC)
    found = clock(_breach(aware), aware + timedelta(hours=77, minutes=10))
    assert found.state == "overdue" and found.urgent
    assert found.text == "The ICO had to be told by 14:05 on 9 December: overdue by 5 hours."
    assert "less than an hour" in clock(_breach(aware), aware + timedelta(hours=72, minutes=5)).text


@pytest.mark.django_db
def test_across_the_end_of_summer_time_the_deadline_is_72_real_hours_an_hour_earlier_on_the_clock():
    # Aware at 12:00 BST on Saturday 24 October 2026; the clocks go back at 02:00 BST on Sunday 25 October.
    aware = datetime(2026, 10, 24, 11, 0, tzinfo=UTC)
    found = clock(_breach(aware), aware + timedelta(hours=1))
    assert found.deadline == datetime(2026, 10, 27, 11, 0, tzinfo=UTC)
    assert found.text == "ICO must be told by 11:00 on 27 October (71 hours left)"


@pytest.mark.django_db
def test_across_the_start_of_summer_time_the_deadline_is_an_hour_later_on_the_clock():
    # Aware at 09:30 GMT on Saturday 28 March 2026; the clocks go forward at 01:00 GMT on Sunday 29 March.
    aware = datetime(2026, 3, 28, 9, 30, tzinfo=UTC)
    found = clock(_breach(aware), aware)
    assert found.deadline - aware == timedelta(hours=72)
    assert found.text == "ICO must be told by 10:30 on 31 March (72 hours left)"


@pytest.mark.django_db
def test_the_clock_stops_when_the_ico_is_told_and_says_whether_in_time():
    aware = datetime(2026, 12, 6, 14, 5, tzinfo=UTC)
    on_time = clock(_breach(aware, ico_required=True, ico_told_at=aware + timedelta(hours=70)),
                    aware + timedelta(days=10))
    assert on_time.state == "told" and not on_time.running and not on_time.urgent
    assert on_time.text == "The ICO was told at 12:05 on 9 December, within the 72 hours."
    late = clock(_breach(aware, ico_required=True, ico_told_at=aware + timedelta(hours=75, minutes=20)))
    assert late.text == "The ICO was told at 17:25 on 9 December, 3 hours after the 72 hours."


@pytest.mark.django_db
def test_no_clock_when_the_ico_need_not_be_told():
    aware = datetime(2026, 12, 6, 14, 5, tzinfo=UTC)
    found = clock(_breach(aware, ico_required=False, ico_not_required_reason="Only the sender's own name"),
                  aware + timedelta(hours=100))
    assert found.state == "not-required" and not found.running
    assert found.text == "The ICO need not be told: Only the sender's own name."
