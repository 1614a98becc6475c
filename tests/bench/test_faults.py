"""The fault-injection script's own parts: the deliveries it signs are the ones the site verifies, each
order's newest version is the one with the latest platform time, and the bombs are what they claim to be.
(The script's full run needs PostgreSQL, a redis-server and minutes: `python bench/faults.py`.)"""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from civicguard.apps.moderation.webhooks import signature_ok

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def faults() -> ModuleType:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))  # the script imports its neighbours (engine_bench, web_bench...) by name
    spec = importlib.util.spec_from_file_location("civicguard_bench_faults", BENCH / "faults.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_a_delivery_is_signed_as_the_site_checks_it(faults):
    body = faults.delivery([faults.change("add", "1_2", "Thanks for the update.", 1_764_000_000)], 1_764_000_000)
    header = faults.signed("app-secret", body)["X-Hub-Signature-256"]
    assert signature_ok(body, header, "app-secret") and not signature_ok(body, header, "another-secret")


def test_each_order_ends_on_the_version_with_the_latest_platform_time(faults):
    cases = faults.order_cases(8, "t")
    assert [c.order for c in cases[:4]] == list(faults.ORDERS)
    for case in cases:
        newest = max(case.deliveries, key=lambda d: d.entry_time)
        assert case.newest == newest.text and "07700" in case.newest
        assert case.deliveries[-1].entry_time < newest.entry_time or case.order == faults.ORDERS[0]


def test_the_bombs_are_small_on_the_wire_and_huge_opened(faults):
    data, expanded = faults.docx(expand_mb=20)
    assert len(data) < 100_000 and expanded > 20_000_000
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.getinfo("word/document.xml").file_size == expanded - len(faults.CONTENT_TYPES) - len(faults.RELS)
    laughs, _ = faults.billion_laughs()
    assert len(laughs) < 2000 and b"<!DOCTYPE" in zipfile.ZipFile(io.BytesIO(laughs)).read("word/document.xml")
