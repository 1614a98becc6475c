"""The demo gives each council a breach record at each stage, once: one just opened from a removed comment with
the clock running, one assessed as a high risk and reported to the ICO, one closed."""

from __future__ import annotations

import pytest

from civicguard.apps.access.models import ConfidentialRead
from civicguard.apps.access.roles import ROLES
from civicguard.apps.breaches import demo, selectors
from civicguard.apps.breaches.models import DataBreach
from civicguard.apps.breaches.waiting import waiting_for
from civicguard.demo import DemoContext
from tests.apps.factories import AccountFactory, council, person


def _context(slug):
    where = council(slug)
    account = AccountFactory(council=where, platform="facebook")
    people = {role: person(role, slug) for role in ROLES}
    return DemoContext(slug=slug, prefix=slug[:3], council=where, accounts=[account], people=people, password="")


@pytest.mark.parametrize("slug", ["sefton", "st-helens"])
def test_every_stage_once(slug):
    ctx = _context(slug)
    demo.load(ctx)
    records = {b.status: b for b in DataBreach.objects.filter(council=ctx.council)}
    assert set(records) == {"open", "assessed", "closed"}
    fresh = records["open"]
    assert fresh.comment is not None and fresh.comment.status == "removed"
    assert fresh.aware_at == fresh.comment.checks.order_by("created").first().created
    assert selectors.clock(fresh).state == "running" and not selectors.clock(fresh).urgent
    reported = records["assessed"]
    assert reported.risk == "high" and selectors.clock(reported).state == "told"
    assert selectors.close_refusals(reported)  # the people still to be told
    assert records["closed"].ico_required is False and not selectors.notices_missing(records["closed"])
    assert ConfidentialRead.objects.filter(council=ctx.council, kind="breach").exists()
    assert len(waiting_for(ctx.people["legal"], ctx.council)) == 2
    demo.load(ctx)
    assert DataBreach.objects.filter(council=ctx.council).count() == 3
