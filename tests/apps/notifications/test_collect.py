"""The collector: each app's waiting.py, gathered and ordered; a fake app's source proves the mechanism, the real
sources present when the test runs prove they answer for every role."""

from datetime import date, timedelta

import pytest

from civicguard.apps.access.roles import ROLES
from civicguard.apps.notifications import collect
from civicguard.apps.notifications.collect import Waiting, grouped, waiting
from tests.apps.factories import person

TODAY = date(2026, 12, 6)


@pytest.fixture
def fake_source(monkeypatch):
    """An app's `waiting_for`, beside the real ones."""
    items: list[Waiting] = []
    real = collect._sources()

    def fake(user, council):
        return list(items)

    monkeypatch.setattr(collect, "_sources", lambda: [*real, fake])
    return items


def test_the_real_sources_are_found_and_answer_for_every_role(st_helens):
    sources = {source.__module__ for source in collect._sources()}
    assert "civicguard.apps.people.waiting" in sources
    for role in ROLES:
        for item in waiting(person(role), st_helens, strict=True):
            assert item.text and item.url.startswith("/") and item.area, (role, item)


def test_a_fake_app_s_items_are_listed_urgent_then_by_date(st_helens, fake_source):
    fake_source.extend([
        Waiting("Later", "/a/", "Training", due=TODAY + timedelta(days=9)),
        Waiting("Undated", "/b/", "Agreements"),
        Waiting("Urgent", "/c/", "Business cases", urgent=True),
        Waiting("Sooner", "/d/", "Training", due=TODAY + timedelta(days=2)),
    ])
    assert [w.text for w in waiting(person("approver"), st_helens, strict=True)] == [
        "Urgent", "Sooner", "Later", "Undated"]


def test_a_failing_source_is_logged_and_the_others_still_listed(st_helens, monkeypatch, caplog):
    def broken(user, council):
        raise RuntimeError("boom")

    def fine(user, council):
        return [Waiting("Sign the agreement", "/x/", "Agreements")]

    monkeypatch.setattr(collect, "_sources", lambda: [broken, fine])
    assert [w.text for w in waiting(person("employee"), st_helens)] == ["Sign the agreement"]
    assert "waiting_for failed" in caplog.text
    with pytest.raises(RuntimeError):
        waiting(person("employee"), st_helens, strict=True)


def test_groups_put_areas_with_something_overdue_first():
    items = [Waiting("Decide", "/a/", "Business cases", due=TODAY + timedelta(days=1)),
             Waiting("Review", "/b/", "Reviews", due=TODAY - timedelta(days=3)),
             Waiting("Sign", "/c/", "Agreements")]
    groups = grouped(items, TODAY)
    assert [g.area for g in groups] == ["Reviews", "Business cases", "Agreements"]
    assert groups[0].overdue == 1 and groups[0].items == [(items[1], True)]
    assert groups[1].items == [(items[0], False)]

