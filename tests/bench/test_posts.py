"""The benchmark's post generator: deterministic for a seed, varied, and rows `civicguard scan` accepts."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

POSTS_PY = Path(__file__).resolve().parents[2] / "bench" / "posts.py"


@pytest.fixture(scope="module")
def posts() -> ModuleType:
    spec = importlib.util.spec_from_file_location("civicguard_bench_posts", POSTS_PY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up by name
    spec.loader.exec_module(module)
    return module


def test_same_seed_same_posts(posts: ModuleType) -> None:
    a = [p.row() for p in posts.generate_posts(500, seed=7)]
    b = [p.row() for p in posts.generate_posts(500, seed=7)]
    assert a == b
    assert a != [p.row() for p in posts.generate_posts(500, seed=8)]
    # The first posts do not depend on how many are asked for.
    assert [p.row() for p in posts.generate_posts(50, seed=7)] == a[:50]


def test_default_seed_is_fixed(posts: ModuleType) -> None:
    assert posts.DEFAULT_SEED == 20240611
    assert posts.generate_posts(20) == posts.generate_posts(20, seed=posts.DEFAULT_SEED)


def test_varied(posts: ModuleType) -> None:
    sample = posts.generate_posts(2000)
    info = posts.describe(sample)
    assert info["distinct_texts"] / len(sample) >= 0.9
    assert set(info["by_channel"]) == {"official", "personal", "reply", "comment"}
    assert set(info["by_council"]) == {"st-helens", "sefton"}
    assert {"announcement", "personal_data", "offensive", "political", "council_email", "links",
            "complaint_request_press"} <= set(info["by_kind"])
    clean = sum(n for k, n in info["by_kind"].items() if k.endswith("clean") or k == "announcement")
    assert clean > len(sample) / 2  # most posts are clean
    assert 0 < info["politically_restricted"] < len(sample) / 4


def test_rows_have_the_scan_fields(posts: ModuleType, tmp_path: Path) -> None:
    sample = posts.generate_posts(300)
    out = tmp_path / "posts.jsonl"
    assert posts.write_jsonl(sample, out) == 300
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len({r["id"] for r in rows}) == 300
    for row in rows:
        assert set(row) == {"id", "text", "council", "as", "politically_restricted"}
        assert isinstance(row["id"], str) and row["id"]
        assert row["council"] in ("st-helens", "sefton")
        assert row["as"] in ("official", "personal", "reply", "comment")
        assert isinstance(row["politically_restricted"], bool)
        assert 20 <= len(row["text"]) <= 280


def test_nhs_numbers_have_valid_check_digits(posts: ModuleType) -> None:
    assert posts.is_valid_nhs("943 476 5919")
    assert not posts.is_valid_nhs("943 476 5918")
    found = [m.group(0) for p in posts.generate_posts(2000)
             for m in re.finditer(r"\b\d{3}[ -]?\d{3}[ -]?\d{4}\b", p.text) if "NHS" in p.text]
    assert found
    assert all(posts.is_valid_nhs(n) for n in found)
