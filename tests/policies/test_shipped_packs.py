"""Meta-tests for the wiring of the shipped packs."""

import pytest

from civicguard.engine import Content, Context, Engine, pack_for, shipped_pack_ids
from civicguard.engine.detectors import registry
from civicguard.engine.traceability import clause_coverage

PREFIX = {"st-helens": "sth.", "sefton": "sef."}


def test_both_councils_ship_a_pack():
    assert {"st-helens", "sefton"} <= set(shipped_pack_ids())


@pytest.mark.parametrize("council", ["st-helens", "sefton"])
def test_pack_loads_and_binds_every_rule_to_a_registered_detector(council):
    pack = pack_for(council)
    engine = Engine(pack)
    assert len(engine.rules_for("official")) > 5
    for rule in pack.rules:
        assert rule.id.startswith(PREFIX[council]), rule.id
        assert rule.detector in registry.available()


@pytest.mark.parametrize("council", ["st-helens", "sefton"])
def test_no_clause_is_unclassified(council):
    assert not [r["clause"] for r in clause_coverage(pack_for(council)) if r["status"] == "unclassified"]


@pytest.mark.parametrize("council", ["st-helens", "sefton"])
def test_every_channel_has_rules(council):
    engine = Engine(pack_for(council))
    for channel in ("official", "personal", "reply", "comment"):
        assert engine.rules_for(channel), channel


def test_sefton_gross_misconduct_is_5_3_a_to_d():
    facts = pack_for("sefton").facts
    assert facts is not None
    assert facts.gross_misconduct.clauses == ["5.3a", "5.3b", "5.3c", "5.3d"]
    assert facts.email_domains == ["sefton.gov.uk"]


@pytest.mark.parametrize(("council", "published", "private"), [
    ("st-helens", "Call our contact centre on 01744 676789.", "Call Dan on 07700 900123."),
    ("sefton", "Ring Bootle Town Hall on 0151 934 2000.", "Ring Dan on 07700 900123."),
])
def test_published_contacts_from_the_pack_facts_are_not_personal_data(council, published, private):
    engine = Engine(pack_for(council))
    ctx = Context(council=council, channel="official")
    assert engine.check(Content(published), ctx).verdict == "pass"
    assert engine.check(Content(private), ctx).verdict == "block"


@pytest.mark.parametrize(("council", "text"), [
    ("st-helens", "Write to jan.smith@sthelens.gov.uk about your bins."),
    ("sefton", "Write to jan.smith (at) sefton (dot) gov (dot) uk about your bins."),
])
def test_council_email_domains_come_from_the_pack_facts(council, text):
    result = Engine(pack_for(council)).check(Content(text), Context(council=council, channel="official"))
    assert [f.category for f in result.findings] == ["council_email"]
