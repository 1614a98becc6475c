"""The council evaluation set: every item checked against SPEC.md, split by paraphrase group, big enough to measure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from civicguard.errors import BadInput
from civicguard.evaluation.council_data import (
    CHARACTERISTICS,
    LABELS,
    load_split,
    main,
    parse_item,
    raw_items,
    read_items,
    split_items,
    split_of,
)

WHERE = "conduct.jsonl line 7"


def item_data(**overrides: Any) -> dict[str, Any]:
    """One valid item as a writer would put it on a line of ``raw/<part>.jsonl``."""
    data: dict[str, Any] = {
        "id": "cd-001", "group": "cd-bins-missed", "council": "st-helens", "channel": "comment",
        "politically_restricted": False, "text": "Our bins on Thatto Heath Road were missed again, can someone come?",
        "labels": ["service_request"], "detail": {}, "hard_negative": False, "looks_like": []}
    data.update(overrides)
    return data


def without(key: str) -> dict[str, Any]:
    data = item_data()
    del data[key]
    return data


def test_a_valid_item_is_read_with_its_labels():
    item = parse_item(item_data(), WHERE)
    assert (item.id, item.channel, item.labels) == ("cd-001", "comment", frozenset({"service_request"}))


@pytest.mark.parametrize(("data", "field"), [
    (without("text"), "'text'"),
    (item_data(council="wirral"), "council 'wirral'"),
    (item_data(channel="tiktok"), "channel 'tiktok'"),
    (item_data(text="   "), "text"),
    (item_data(labels=["spam"]), "label(s) spam"),
    (item_data(labels=["criticism"]), "criticism do not apply in the comment channel"),
    (item_data(channel="personal", labels=["political"]), "political"),
    (item_data(labels=["discrimination"]), "detail.discrimination"),
    (item_data(labels=["safeguarding"], detail={"safeguarding": "bullying"}), "safeguarding kind 'bullying'"),
])
def test_an_invalid_item_is_rejected_naming_the_line_and_field(data, field):
    with pytest.raises(BadInput) as caught:
        parse_item(data, WHERE)
    assert caught.value.message.startswith(WHERE) and field in caught.value.message


def test_an_id_used_twice_across_files_is_rejected(tmp_path: Path):
    (tmp_path / "a.jsonl").write_text(json.dumps(item_data()) + "\n")
    (tmp_path / "b.jsonl").write_text("\n" + json.dumps(item_data(group="cd-other")) + "\n")
    with pytest.raises(BadInput, match=r"b.jsonl line 2: id 'cd-001' already used at a.jsonl line 1"):
        read_items([tmp_path / "a.jsonl", tmp_path / "b.jsonl"])


def test_a_group_always_lands_in_the_same_split_and_its_items_stay_together():
    # From SHA-256 of the name, not Python's salted hash(): the same on every run and machine.
    groups = ("sg-neg-county-lines-signs", "cd-bins-missed", "b")
    assert [split_of(g) for g in groups] == ["test", "validation", "train"]
    items = [parse_item(item_data(id=f"cd-{n}", group=f"cd-g{n % 7}"), WHERE) for n in range(40)]
    landed = {(i.group, split) for split, chosen in split_items(items).items() for i in chosen}
    assert len(landed) == 7


def test_the_committed_splits_are_current():
    assert main(["--check"]) == 0


def test_the_test_split_shares_no_group_with_train_or_validation():
    groups = {split: {i.group for i in load_split(split)} for split in ("train", "validation", "test")}
    assert not groups["test"] & (groups["train"] | groups["validation"])


# The minimums for the set as a whole: enough items, enough hard negatives, every category and every
# protected characteristic with enough items to measure recall.
def test_the_set_has_enough_items_and_hard_negatives():
    items = raw_items()
    assert len(items) >= 500
    assert sum(i.hard_negative for i in items) / len(items) >= 0.40


@pytest.mark.parametrize("label", LABELS)
def test_every_category_has_at_least_40_items(label):
    assert sum(label in i.labels for i in raw_items()) >= 40


@pytest.mark.parametrize("characteristic", CHARACTERISTICS)
def test_every_protected_characteristic_has_at_least_40_items(characteristic):
    assert sum(characteristic in i.characteristics for i in raw_items()) >= 40
