"""The web benchmark's code works: its 280-character posts, and a tiny real run (5 requests) end to end."""

from __future__ import annotations

import copy
import importlib.util
import itertools
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
WEB_BENCH = BENCH / "web_bench.py"


@pytest.fixture(scope="module")
def web_bench() -> ModuleType:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))  # web_bench imports its neighbours (posts, engine_bench) by name
    spec = importlib.util.spec_from_file_location("civicguard_bench_web", WEB_BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_posts_are_exactly_280_characters_and_seeded(web_bench: ModuleType) -> None:
    posts = web_bench.bench_posts(60, seed=7)
    assert {len(p.text) for p in posts} == {280}
    assert len({p.text for p in posts}) == 60
    assert [p.text for p in web_bench.bench_posts(60, seed=7)] == [p.text for p in posts]
    assert len({p.kind for p in posts}) >= 5  # a mix, not one kind of post
    assert any(p.kind == "personal_data" for p in posts) and any(p.kind == "offensive" for p in posts)


def test_exact_length_cuts_and_fills_at_word_boundaries(web_bench: ModuleType) -> None:
    padding = itertools.cycle(["Thank you for your patience while the library is refurbished."])
    long = " ".join(["community"] * 40)  # 399 characters
    cut = web_bench.exact_length(long, padding)
    assert len(cut) == 280 and "  " not in cut
    assert all(word in {"community", *web_bench.FILL_WORDS} or word.endswith(".") for word in cut.split())
    short = web_bench.exact_length("Bins are collected on Friday.", padding)
    assert len(short) == 280 and short.startswith("Bins are collected on Friday. Thank you for your patience")
    for n in range(1, 40):  # every gap the last padding word can leave is filled exactly
        assert len(web_bench.exact_length("x" * (280 - n), iter(["y" * 50] * 3))) == 280


def test_tiny_run_end_to_end(web_bench: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "web.json"
    proc = subprocess.run([sys.executable, str(WEB_BENCH), "--requests", "5", "--warmup", "2", "--clients", "1,2",
                           "--out", str(out)], capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert list(report["runs"]) == ["sqlite"] and report["all_pass"]
    run = report["runs"]["sqlite"]
    rows = {(r["key"], r["clients"]): r for r in run["results"]}
    assert set(rows) == {(key, clients) for key in ("personal_check", "post_new", "api_check") for clients in (1, 2)} \
        | {("engine_personal", 1), ("engine_official", 1)}
    for (key, _clients), r in rows.items():
        assert r["requests"] == 5 and r["errors"] == 0, r
        assert 0 < r["p50_ms"] <= r["p95_ms"] <= r["p99_ms"] <= r["max_ms"]
        assert r["requests_per_s"] > 0
        if key in ("personal_check", "api_check"):
            assert r["agrees_with_engine"] == "5/5"
            assert sum(r["verdicts"].values()) == 5
    md = out.with_suffix(".md").read_text(encoding="utf-8")
    assert "| embedded SQLite | Personal check page" in md and "check page p95 with 1 client " in md
    assert "PASS embedded SQLite" in md and "Personal check page" in proc.stdout

    # Another database's run is added beside the first, not over it (--replace drops the others).
    other = copy.deepcopy(run)
    other["database"] = {"kind": "postgresql", "label": "PostgreSQL", "url": "postgres://x@h/db"}
    web_bench.write_report({"postgresql": other}, out, replace=False)
    merged = json.loads(out.read_text(encoding="utf-8"))
    assert list(merged["runs"]) == ["sqlite", "postgresql"]
    assert "| PostgreSQL | Personal check page" in out.with_suffix(".md").read_text(encoding="utf-8")
    web_bench.write_report({"postgresql": other}, out, replace=True)
    assert list(json.loads(out.read_text(encoding="utf-8"))["runs"]) == ["postgresql"]
