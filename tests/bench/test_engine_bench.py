"""The engine benchmark's limits compare CivicGuard and Presidio like with like."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def engine_bench() -> ModuleType:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))  # engine_bench imports posts by name
    spec = importlib.util.spec_from_file_location("civicguard_bench_engine", BENCH / "engine_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _results(bench: ModuleType, scan_wall: float, presidio_rate: float, presidio_setup: float) -> dict:
    m = bench.Measurement
    return {
        "scan_startup": m("start-up", ok=True, posts=1, wall_s=4.0),
        "scan_1": m("scan", ok=True, posts=10_000, wall_s=scan_wall, posts_per_s=10_000 / scan_wall,
                    peak_rss_mb=700.0),
        "single_check": m("single", ok=True, posts=2000, p95_ms=10.0),
        "presidio_single": m("one", ok=True, posts=10_000, posts_per_s=100.0, extra={"setup_s": 2.0}),
        "presidio_batch": m("batch", ok=True, posts=10_000, posts_per_s=presidio_rate,
                            extra={"setup_s": presidio_setup}),
    }


def test_start_up_is_counted_for_both_or_for_neither(engine_bench: ModuleType) -> None:
    # 43 s in all (232.6 posts/s), 39 s once started (256.4); Presidio 240 posts/s after 2 s of set-up (229.0
    # with it).
    verdicts = engine_bench.checks(_results(engine_bench, 43.0, 240.0, 2.0))
    batch = [(ok, text) for ok, text in verdicts if "BatchAnalyzerEngine" in text]
    assert len(batch) == 2 and all(ok for ok, _ in batch)
    assert any("start-up counted for both" in text and "232.6" in text and "229.0" in text for _, text in batch)


def test_a_scan_slower_once_started_fails_even_if_presidio_set_up_is_slow(engine_bench: ModuleType) -> None:
    # Once started the scan does 250 posts/s against Presidio's 260: a fail, whatever Presidio's set-up costs.
    verdicts = engine_bench.checks(_results(engine_bench, 44.0, 260.0, 30.0))
    left_out = [ok for ok, text in verdicts if "left out of both" in text and "BatchAnalyzerEngine" in text]
    assert left_out == [False]


def test_a_scan_must_be_half_as_fast_again_as_presidio_one_at_a_time(engine_bench: ModuleType) -> None:
    # Presidio one at a time: 100 posts/s (98.0 with its 2 s of set-up). A scan of 10,000 posts in 75 s (133.3
    # posts/s, 140.8 once its 4 s of start-up are left out) beats it but not by half again; one in 60 s (166.7,
    # 178.6) does.
    def single_verdicts(scan_wall: float) -> list[bool]:
        verdicts = engine_bench.checks(_results(engine_bench, scan_wall, 240.0, 2.0))
        return [ok for ok, text in verdicts if "one at a time" in text]

    assert single_verdicts(75.0) == [False, False]
    assert single_verdicts(60.0) == [True, True]
