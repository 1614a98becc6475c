"""Regression suite: the council example posts in ../shared/data/council-posts come back as labelled.

These rows illustrate the policies; the detectors' own tests and the evaluation cover far more."""

import json
from pathlib import Path

import pytest

from civicguard.engine import Engine
from civicguard.engine.inputs import check_request

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "council-posts" / "dev.jsonl"
ROWS = [json.loads(line) for line in DATA.read_text().splitlines()] if DATA.exists() else []


@pytest.mark.skipif(not ROWS, reason="../shared/data is not beside this checkout")
@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_council_example(row):
    req = check_request(row)
    result = Engine.for_council(req.context.council).check(req.content, req.context)
    categories = {f.category for f in result.findings}
    assert result.verdict == row["expect"]["verdict"], [f.to_dict() for f in result.findings]
    assert set(row["expect"]["categories"]) <= categories
    for f in result.findings:
        assert row["text"][f.start:f.end] == f.text
