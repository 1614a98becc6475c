"""The demo gives each council an investigation viewed up to the warning, applications at every stage and a
refused recruitment search; running it again changes nothing."""

from __future__ import annotations

import pytest

from civicguard.apps.investigations import demo
from civicguard.apps.investigations.models import Authorisation, Investigation, ProfileView
from civicguard.demo import DemoContext
from tests.apps.factories import council, person


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["st-helens", "sefton"])
def test_every_stage_once(slug):
    people = {role: person(role, slug) for role in ("investigator", "authorising-officer")}
    ctx = DemoContext(slug=slug, prefix=slug[:3], council=council(slug), accounts=[], people=people, password="")
    demo.load(ctx)
    assert Investigation.objects.filter(council__slug=slug).count() == 2
    views = ProfileView.objects.filter(investigation__council__slug=slug)
    assert sorted(views.values_list("outcome", flat=True)) == ["allowed", "allowed", "refused", "warned"]
    assert views.get(outcome="refused").purpose == "recruitment"
    assert "(Sefton 8.1)" in views.get(outcome="refused").refusal_reason
    statuses = sorted(Authorisation.objects.filter(investigation__council__slug=slug).values_list("status", flat=True))
    assert statuses == ["applied", "authorised", "cancelled", "in-effect"]
    demo.load(ctx)
    assert Authorisation.objects.count() == 4
