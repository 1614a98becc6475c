"""The shipped packs' platform rules: official posts only, block/warn as set, clauses cited and shown enforced."""

from __future__ import annotations

import pytest

from civicguard.engine import Content, Context, Engine, pack_for
from civicguard.engine.traceability import clause_coverage

RULES = {
    "st-helens": {"sth.platform.length": ("block", ["6.9", "6.6"]), "sth.links.plain-http": ("warn", ["6.6", "6.7"]),
                  "sth.links.shortener": ("warn", ["6.7", "5.3"]),
                  "sth.links.lookalike-domain": ("block", ["6.7", "5.3"])},
    "sefton": {"sef.platform.length": ("block", ["1.1", "3.2"]), "sef.links.plain-http": ("warn", ["3.2"]),
               "sef.links.shortener": ("warn", ["3.2", "5.3d"]),
               "sef.links.lookalike-domain": ("block", ["3.2", "5.3d"])},
}


@pytest.mark.parametrize("council", ["st-helens", "sefton"])
def test_rules_check_official_posts_and_their_clauses_show_as_enforced(council):
    pack = pack_for(council)
    rules = {r.id: r for r in pack.rules}
    coverage = {row["clause"]: row for row in clause_coverage(pack)}
    for rule_id, (severity, clauses) in RULES[council].items():
        assert (rules[rule_id].severity, rules[rule_id].clauses, rules[rule_id].applies_to) == (
            severity, clauses, ["official"])
        assert all(coverage[c]["status"] == "rule" and rule_id in coverage[c]["rules"] for c in clauses)


@pytest.mark.parametrize("council", ["st-helens", "sefton"])
def test_an_x_post_too_long_is_blocked_only_when_the_platform_is_known(council):
    engine = Engine(pack_for(council), timeouts=False)
    text = "Our libraries open late on Thursdays this month. " * 7  # 343 characters
    on_x = engine.check(Content(text), Context(council=council, channel="official", platform="x"))
    unknown = engine.check(Content(text), Context(council=council, channel="official"))
    as_reply = engine.check(Content(text), Context(council=council, channel="reply", platform="x"))
    [finding] = [f for f in on_x.findings if f.category == "platform_fit"]
    assert on_x.verdict == "block" and finding.message == (
        "This post is 343 characters on X, where the limit is 280: cut at least 63 characters.")
    assert unknown.verdict == "pass" and as_reply.verdict == "pass"
