"""The demo puts requests at every stage in both councils, once."""

from __future__ import annotations

import pytest

from civicguard.apps.access.roles import ROLES
from civicguard.apps.unblocking import demo
from civicguard.apps.unblocking.models import UnblockRequest
from civicguard.demo import DemoContext
from tests.apps.factories import council, person


def _context(slug):
    return DemoContext(slug=slug, prefix=slug[:3], council=council(slug), accounts=[],
                       people={role: person(role, slug) for role in ROLES}, password="")


@pytest.mark.parametrize(("slug", "stages"), [
    ("sefton", {"submitted", "with_auditor", "with_ad", "active", "expired", "refused", "returned", "withdrawn"}),
    ("st-helens", {"submitted", "with_auditor", "active", "expired", "refused", "returned", "withdrawn"}),
])
def test_every_stage_once(db, slug, stages):
    ctx = _context(slug)
    demo.load(ctx)
    found = list(UnblockRequest.objects.filter(council=ctx.council).values_list("status", flat=True))
    assert set(found) == stages
    demo.load(ctx)
    assert UnblockRequest.objects.filter(council=ctx.council).count() == len(found)
