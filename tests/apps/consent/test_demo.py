"""The demo puts consents at every stage in both councils, once: current, on the e-form, children's (one looked
after), expired, withdrawn with one takedown waiting and one confirmed."""

from __future__ import annotations

import pytest
from django.utils import timezone

from civicguard.apps.access.roles import ROLES
from civicguard.apps.consent import demo
from civicguard.apps.consent.models import ConsentRead, ConsentRecord, PersonalPermission, TakedownTask
from civicguard.apps.consent.selectors import never_publishable, status_of
from civicguard.demo import DemoContext
from tests.apps.factories import AccountFactory, council, person


def _context(slug):
    where = council(slug)
    account = AccountFactory(council=where)
    people = {role: person(role, slug) for role in ROLES}
    people["representative"] = person("representative", slug, account=account)
    return DemoContext(slug=slug, prefix=slug[:3], council=where, accounts=[account], people=people, password="")


@pytest.mark.parametrize("slug", ["sefton", "st-helens"])
def test_every_stage_once(slug):
    ctx = _context(slug)
    demo.load(ctx)
    records = list(ConsentRecord.objects.filter(council=ctx.council))
    today = timezone.localdate()
    assert {status_of(r, today) for r in records} == {"current", "expired", "withdrawn"}
    assert {r.person_kind for r in records} == {"public", "staff", "child"}
    assert {r.form_kind for r in records} == {"upload", "eform"}
    assert any(r.is_looked_after for r in records) and any(r.consent_from == "young-person" for r in records)
    tasks = TakedownTask.objects.filter(council=ctx.council)
    assert sorted(t.is_open for t in tasks) == [False, True]
    assert ConsentRead.objects.filter(record__council=ctx.council).exists()
    assert PersonalPermission.objects.get(record__council=ctx.council).employee == ctx.people["employee"]
    tagged = {tag.media_item for r in records for tag in r.tags.all()}
    assert len(never_publishable(tagged)) == 1
    demo.load(ctx)
    assert ConsentRecord.objects.filter(council=ctx.council).count() == len(records)
