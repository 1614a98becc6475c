"""The council section of ``civicguard eval``: its tables, and which labels it counts for which council."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from civicguard.evaluation.base import EvalContext
from civicguard.evaluation.council import counted, run
from civicguard.evaluation.council_data import Item

TABLES = ("Per category", "Per category and channel", "Discrimination by protected characteristic",
          "Safeguarding by kind", "Confusion", "Hard negatives")


def item(**overrides: Any) -> Item:
    fields: dict[str, Any] = {"id": "cd-001", "group": "cd-vote", "council": "st-helens", "channel": "personal",
                              "text": "Out leafleting for our candidate in Haydock today, vote Labour on Thursday!",
                              "labels": frozenset({"political"}), "politically_restricted": True}
    fields.update(overrides)
    return Item(**fields)


@pytest.fixture(scope="module")
def section():
    return run(EvalContext(data_dir=Path("."), split="validation", limit=40))


def test_every_table_is_there(section):
    titles = [t.title for t in section.tables]
    assert section.rows == 40 and all(any(t.startswith(want) for t in titles) for want in TABLES)


def test_every_figure_is_a_share(section):
    scores = section.metrics["per_category"].values()
    assert all(0.0 <= s[k] <= 1.0 for s in scores for k in ("precision", "recall", "f1"))
    rates = [row[2] for t in section.tables[2:4] for row in t.rows]
    assert rates and all(0.0 <= r <= 1.0 for r in rates)


def test_political_is_counted_only_where_the_pack_has_a_political_rule():
    assert counted(item(council="st-helens"), "political")
    assert not counted(item(council="sefton"), "political")  # Sefton's policy has no political-restriction clause
