"""The one rule (selectors.refusal) and what it tells the engine and the approval service."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from civicguard.apps.consent.api import _takedowns
from civicguard.apps.consent.selectors import image_tags, never_publishable, refusal
from civicguard.apps.consent.services import consent_withdraw, tag_add
from civicguard.apps.staff.services import role_assign
from tests.apps.consent.conftest import child, image, published_post, record
from tests.apps.factories import council

TODAY = timezone.localdate


def test_a_current_consent_for_the_platform_lets_the_image_be_published(cast):
    assert refusal(record(cast["legal"]), "facebook", TODAY()) is None


def test_a_consent_for_another_platform_says_which_it_covers(cast):
    assert refusal(record(cast["legal"]), "x", TODAY()) == ("Alex Resident's consent does not cover X (it covers "
                                                           "Facebook)")


def test_a_consent_past_its_last_day_has_ended(cast):
    found = record(cast["legal"], days=10)
    assert "consent ended on" in (refusal(found, "facebook", TODAY() + timedelta(days=11)) or "")
    assert refusal(found, "facebook", TODAY() + timedelta(days=10)) is None


def test_a_withdrawn_consent_says_so(cast):
    found = consent_withdraw(actor=cast["legal"], record=record(cast["legal"]), reason="Phoned us on 6 December")
    assert "Alex Resident withdrew their consent on" in (refusal(found, "facebook", TODAY()) or "")


def test_a_looked_after_child_is_never_publishable_whatever_else_is_recorded(cast):
    for status in ("looked-after", "previously-looked-after"):
        found = record(cast["legal"], kind="child", name="Sam Child", child=child(looked_after=status),
                       platforms=("facebook", "x", "instagram"))
        assert "(Sefton 5.5.4.10)" in (refusal(found, "facebook", TODAY()) or "")


def test_a_child_without_the_public_display_form_cannot_be_posted(cast):
    found = record(cast["legal"], kind="child", name="Sam Child", child=child(display=False))
    assert "public display permission" in (refusal(found, "facebook", TODAY()) or "")
    assert refusal(record(cast["legal"], kind="child", name="Jo Child"), "facebook", TODAY()) is None


def test_image_tags_give_the_engine_one_tag_per_person(cast):
    item = image(cast["representative"])
    tag_add(actor=cast["representative"], media_item=item, name="Alex Resident", consent=record(cast["legal"]))
    tag_add(actor=cast["representative"], media_item=item, name="Someone in the crowd", box=(1, 2, 10, 10))
    looked_after = record(cast["legal"], kind="child", name="Sam Child", child=child(looked_after="looked-after"))
    tag_add(actor=cast["representative"], media_item=item, name="Sam Child", consent=looked_after)
    tags = image_tags(item, "facebook", TODAY())
    assert [(t.name, t.kind, t.consent, t.consented) for t in tags] == [
        ("Alex Resident", "public", "valid", True), ("Someone in the crowd", "unknown", "none", False),
        ("Sam Child", "child", "valid", False)]
    assert tags[2].looked_after and tags[2].public_display and "5.5.4.10" in tags[2].note
    assert [t.consent for t in image_tags(item, "x", TODAY())][:1] == ["not-for-platform"]


def test_never_publishable_names_the_image_with_a_looked_after_child_but_not_the_child(cast):
    clean, risky = image(cast["representative"]), image(cast["representative"], colour=(1, 2, 3))
    tag_add(actor=cast["representative"], media_item=clean, name="Alex", consent=record(cast["legal"]))
    tag_add(actor=cast["representative"], media_item=risky, name="Sam Child", consent=record(
        cast["legal"], kind="child", name="Sam Child", child=child(looked_after="previously-looked-after")))
    reasons = never_publishable([clean, risky])
    assert len(reasons) == 1 and "looked after" in reasons[0] and "Sam" not in reasons[0]


def test_takedowns_of_a_person_with_different_roles_in_two_councils_are_listed_together(cast):
    found = record(cast["legal"])
    item = image(cast["representative"])
    tag_add(actor=cast["representative"], media_item=item, name="Alex Resident", consent=found)
    published_post(item, cast["representative"])
    consent_withdraw(actor=cast["legal"], record=found, reason="Asked")
    role_assign(user=cast["representative"], council=council("st-helens"), role="legal")
    assert _takedowns(cast["representative"]).count() == 1
