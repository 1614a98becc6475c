"""The demo puts a request at each stage in both councils, once."""

from __future__ import annotations

import pytest

from civicguard.apps.access.roles import ROLES
from civicguard.apps.disclosure import demo
from civicguard.apps.disclosure.models import Disclosure, DisclosureRequest
from civicguard.demo import DemoContext
from tests.apps.factories import AccountFactory, council, person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["sefton", "st-helens"])
def test_a_request_at_each_stage_once(slug):
    where = council(slug)
    people = {role: person(role, slug) for role in ROLES}
    ctx = DemoContext(slug=slug, prefix=slug[:3], council=where, accounts=[AccountFactory(council=where)],
                      people=people, password="")
    demo.load(ctx)
    demo.load(ctx)
    statuses = sorted(DisclosureRequest.objects.filter(council=where).values_list("status", flat=True))
    assert statuses == ["closed", "disclosed", "open", "searched"]
    assert Disclosure.objects.filter(request__council=where).count() == 1
