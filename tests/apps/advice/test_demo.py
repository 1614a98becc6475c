"""The demo asks each adviser of each council a question at every stage, once."""

from __future__ import annotations

import pytest

from civicguard.apps.access.roles import ROLES
from civicguard.apps.advice import demo
from civicguard.apps.advice.models import AdviceRequest
from civicguard.demo import DemoContext
from tests.apps.factories import AccountFactory, council, person


@pytest.mark.parametrize(("slug", "advisers"), [("st-helens", {"Internal Audit", "Legal Services"}),
                                                ("sefton", {"Corporate Legal Services"})])
def test_every_stage_for_every_adviser_once(db, slug, advisers):
    ctx = DemoContext(slug=slug, prefix=slug[:3], council=council(slug), password="",
                      accounts=[AccountFactory(council=council(slug))],
                      people={role: person(role, slug) for role in ROLES})
    demo.load(ctx)
    rows = set(AdviceRequest.objects.filter(council=ctx.council).values_list("adviser_name", "status"))
    assert {name for name, _ in rows} == advisers
    assert {status for _, status in rows} == {"open", "answered", "withdrawn"}
    count = AdviceRequest.objects.count()
    demo.load(ctx)
    assert AdviceRequest.objects.count() == count
