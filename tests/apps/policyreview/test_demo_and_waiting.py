"""The demo's policy versions and reviews, and what waits on the people who run reviews."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from civicguard.apps.policyreview import demo, services
from civicguard.apps.policyreview.models import PolicyReview, PolicyVersion
from civicguard.apps.policyreview.waiting import waiting_for
from civicguard.demo import DemoContext
from tests.apps.factories import council, person
from tests.apps.policyreview.factories import review_consulting, reviewer, version_in_force


def _context(slug: str) -> DemoContext:
    prefix = "sth" if slug == "st-helens" else "sef"
    people = {role: person(role, slug, username=f"{prefix}-{role}") for role in ("img", "hr", "admin")}
    return DemoContext(slug=slug, prefix=prefix, council=council(slug), accounts=[], people=people,
                       password="x")


def test_the_demo_puts_each_council_at_its_stage_and_twice_changes_nothing():
    contexts = [_context("st-helens"), _context("sefton")]
    for ctx in contexts:
        demo.load(ctx)
    sth = PolicyReview.objects.get(council__slug="st-helens")
    assert sth.state == "consulting" and [c.consultee for c in sth.comments.all()] == [
        "Information Management Group (IMG)"]
    assert 0 < (sth.of_version.review_due - timezone.localdate()).days <= 30
    sef = PolicyReview.objects.get(council__slug="sefton")
    assert (sef.state, sef.outcome, sef.approved_by) == ("published", "no-change",
                                                         "Cabinet Member - Corporate Services")
    assert sef.comments.count() == 3
    version = PolicyVersion.objects.get(council__slug="sefton")
    assert (version.version, version.published) == ("July 2023", date(2023, 7, 1))
    assert version.review_due == services.add_months(timezone.localdate(), 12)
    counts = (PolicyVersion.objects.count(), PolicyReview.objects.count())
    for ctx in contexts:
        demo.load(ctx)
    assert (PolicyVersion.objects.count(), PolicyReview.objects.count()) == counts == (2, 2)
    # The St Helens IMG sees the review ready for its approval; HR there (not a body that runs it) sees nothing.
    [item] = waiting_for(contexts[0].people["img"], council("st-helens"))
    assert item.text == "Record the approval of the review of version as published (undated): every consultee " \
                        "has commented"
    assert waiting_for(contexts[0].people["hr"], council("st-helens")) == []


def test_no_version_recorded_asks_for_one(db):
    img = reviewer()
    [item] = waiting_for(img, council("st-helens"))
    assert item.text.startswith("Record when version as published (undated)")


def test_a_review_due_or_overdue_and_not_started(db):
    img = reviewer()
    version = version_in_force(actor=img, published=timezone.localdate() - timedelta(days=400))
    [item] = waiting_for(img, council("st-helens"))
    assert item.urgent and item.due == version.review_due
    assert item.text.startswith("Start the review of version as published (undated) of the social media policy: "
                                "it was due on")
    PolicyVersion.objects.filter(pk=version.pk).update(review_due=timezone.localdate() + timedelta(days=40))
    assert waiting_for(img, council("st-helens")) == []
    PolicyVersion.objects.filter(pk=version.pk).update(review_due=timezone.localdate() + timedelta(days=20))
    [item] = waiting_for(img, council("st-helens"))
    assert not item.urgent and "it is due on" in item.text


def test_a_review_waiting_for_comments_names_who_has_not_commented(db):
    hr = reviewer("sefton")
    review_consulting("sefton", actor=hr, comments=False)
    items = waiting_for(hr, council("sefton"))
    assert [i.text for i in items] == [
        "Record the comments on the review of version July 2023 from: Personnel Department, Corporate "
        "Communications Team, Trade Unions, other appropriate bodies"]
    assert waiting_for(person("approver", "sefton"), council("sefton"))  # Corporate Communications runs it too
