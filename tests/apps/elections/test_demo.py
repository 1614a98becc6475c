"""The demo: St Helens has a pre-election period on now, with a draft blocked for quoting a councillor; Sefton has
an election in the future; running it again changes nothing."""

from __future__ import annotations

import pytest

from civicguard.apps.access.roles import ROLES
from civicguard.apps.elections import demo
from civicguard.apps.elections.models import Election
from civicguard.apps.elections.selectors import period_for
from civicguard.apps.posts.models import Post
from civicguard.demo import DemoContext
from tests.apps.factories import AccountFactory, council, onboard, person

pytestmark = pytest.mark.django_db


def _context(slug):
    where = council(slug)
    account = AccountFactory(council=where)
    people = {role: person(role, slug) for role in ROLES}
    people["representative"] = person("representative", slug, account=account)
    onboard(people["representative"], slug)
    return DemoContext(slug=slug, prefix=slug[:3], council=where, accounts=[account], people=people, password="")


def test_st_helens_is_in_a_period_with_a_blocked_draft_and_sefton_is_not_yet():
    for slug in ("st-helens", "sefton"):
        ctx = _context(slug)
        demo.load(ctx)
        demo.load(ctx)
    assert period_for(council("st-helens")).name == "St Helens Borough Council elections"
    assert period_for(council("sefton")) is None
    assert Election.objects.filter(council=council("sefton")).count() == 1
    (post,) = Post.objects.filter(council=council("st-helens"))
    assert post.latest_check.verdict == "block"
    assert any(f["rule"] == "sth.elections.councillor-quote" for f in post.latest_check.result["findings"])
