"""Disguises applied to offensive items, and the recall table before and after."""

import random

from civicguard.engine.normalise import deobfuscate
from civicguard.evaluation.base import EvalContext
from civicguard.evaluation.obfuscation import TRANSFORMS, disguise, run

LISTED = frozenset({"shit", "idiot"})


def test_each_transform_disguises_only_the_listed_word():
    for name in TRANSFORMS:
        out = disguise("what a shit day", name, random.Random(1), LISTED)
        assert out.startswith("what a ") and out.endswith(" day") and "shit" not in out, name


def test_the_normaliser_undoes_all_but_masking():
    for name in ("leetspeak", "spaced", "zero-width", "homoglyphs", "repeated"):
        assert "shit" in deobfuscate(disguise("what a shit day", name, random.Random(2), LISTED)).text, name


def test_recall_before_and_after_for_every_system(tiny_data):
    section = run(EvalContext(tiny_data))
    assert [row[0] for row in section.tables[0].rows] == ["CivicGuard", "alt-profanity-check", "better-profanity"]
    ours = section.metrics["CivicGuard"]
    assert ours["recall_original"] >= 0.8 and ours["drop_points_mean"] <= 20
