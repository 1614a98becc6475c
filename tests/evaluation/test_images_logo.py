from __future__ import annotations

from pathlib import Path

import pytest

from civicguard.engine.images.facts import LogoMatch
from civicguard.engine.images.logo import Candidate, LogoSettings
from civicguard.evaluation.images_logo import Item, choose_settings, score


def _item(logo, split="train"):
    return Item(Path("x.jpg"), split, logo, {}, 85)


def _cand(council, inliers, coverage):
    return Candidate(LogoMatch(council, 0, 0, 10, 10, inliers), coverage)


ITEMS = [_item("st-helens"), _item("sefton"), _item(None)]
FOUND = [{"st-helens": _cand("st-helens", 60, 0.5), "sefton": _cand("sefton", 20, 0.18)},  # a cross-council match
         {"st-helens": None, "sefton": _cand("sefton", 14, 0.4)},
         {"st-helens": None, "sefton": None}]


def test_another_councils_logo_counts_as_a_false_alarm():
    figures = score(ITEMS, FOUND, LogoSettings(min_inliers=12, min_coverage=0.15))
    assert (figures["tp"], figures["fp"], figures["fn"]) == (2, 1, 0)
    assert figures["councils"]["sefton"]["precision"] == 0.5


def test_thresholds_are_chosen_for_f1_on_train_and_validation_only():
    best, _ = choose_settings(ITEMS, FOUND, grid={"min_inliers": (12, 15), "min_coverage": (0.15, 0.2)})
    assert (best.min_inliers, best.min_coverage) == (12, 0.2)  # both logos found, the cross-council match not
    with pytest.raises(ValueError, match="never on test"):
        choose_settings([_item("sefton", "test")], [{"sefton": None}])


def test_false_alarms_are_told_apart_by_what_the_image_held():
    from civicguard.evaluation.images_logo import false_alarms_by_kind

    items = [_item("st-helens"), Item(Path("y.jpg"), "test", None, {}, 85, "lookalike")]
    found = [FOUND[0], {"st-helens": _cand("st-helens", 30, 0.3), "sefton": None}]
    rows = false_alarms_by_kind(items, found, LogoSettings(min_inliers=12, min_coverage=0.15))
    assert rows == [["another council's logo", 1, 1], ["a look-alike emblem", 2, 1], ["no logo", 0, 0]]
