"""The demo puts concern reports and cases at every stage in both councils, once."""

from __future__ import annotations

import pytest

from civicguard.apps.access.roles import ROLES
from civicguard.apps.cases import demo
from civicguard.apps.cases.models import Case, ConcernReport, PackNotice, RemovalRequest
from civicguard.demo import DemoContext
from tests.apps.factories import AccountFactory, council, person, staff_record


def _context(slug):
    where = council(slug)
    account = AccountFactory(council=where)
    people = {role: person(role, slug) for role in ROLES}
    lee = staff_record(slug, user=people["line-manager"], name="Lee Line-Manager")
    staff_record(slug, user=people["employee"], name="Emma Employee", line_manager=lee)
    staff_record(slug, user=people["representative"], name="Rae Representative", line_manager=lee)
    return DemoContext(slug=slug, prefix=slug[:3], council=where, accounts=[account], people=people, password="")


@pytest.mark.parametrize("slug", ["sefton", "st-helens"])
def test_every_stage_once(slug):
    ctx = _context(slug)
    demo.load(ctx)
    reports = ConcernReport.objects.filter(council=ctx.council)
    assert reports.count() == 4 and reports.filter(seen_at__isnull=True, case__isnull=True).count() == 1
    cases = {c.status: c for c in Case.objects.filter(council=ctx.council)}
    assert set(cases) == {"referred", "classified", "decided"}
    assert cases["classified"].classification == "gross-misconduct"
    if slug == "sefton":
        assert "Sefton 5.3a" in cases["classified"].proposed_because
    assert cases["decided"].outcome == "informal"
    states = sorted(r.state() for r in RemovalRequest.objects.filter(case__council=ctx.council))
    assert states == ["confirmed", "requested"]
    assert PackNotice.objects.filter(case__council=ctx.council).count() == 1
    demo.load(ctx)
    assert ConcernReport.objects.filter(council=ctx.council).count() == 4
