"""engine/packs/history.py: versions of one council's wording, and what changed between two."""

from __future__ import annotations

import subprocess
import sys

from civicguard.engine.packs.history import clause_changes, find_version, pack_versions, word_diff
from civicguard.engine.packs.schema import Clause
from tests.policy_versions import NEW, OLD, sefton_with_history  # noqa: F401


def test_versions_oldest_first_the_current_last(sefton_with_history):  # noqa: F811
    versions = pack_versions("sefton")
    assert [(v.version, v.current) for v in versions] == [(OLD, False), (NEW, True)]
    assert versions[0].digest != versions[1].digest


def test_the_shipped_pack_is_its_only_version():
    [only] = pack_versions("st-helens")
    assert only.current and only.version == "as published (undated)"


def test_whitespace_alone_is_not_a_change_and_headings_are():
    from civicguard.engine.packs.history import PackVersion

    a = PackVersion("A", (Clause(number="1.1", heading="Scope", text="All staff.\nEvery one."),), "a")
    b = PackVersion("B", (Clause(number="1.1", heading="Scope", text="All  staff. Every one."),), "b")
    c = PackVersion("C", (Clause(number="1.1", heading="Who", text="All staff. Every one."),), "c")
    assert clause_changes(a, b)["changed"] == [] and clause_changes(a, b)["unchanged"] == 1
    [changed] = clause_changes(a, c)["changed"]
    assert (changed["heading_before"], changed["heading"]) == ("Scope", "Who")
    assert find_version([a, b], "b") is b


def test_word_diff_keeps_reading_order():
    assert word_diff("one two three", "one 2 three four") == [
        {"op": "same", "text": "one"}, {"op": "removed", "text": "two"}, {"op": "added", "text": "2"},
        {"op": "same", "text": "three"}, {"op": "added", "text": "four"}]


def test_history_imports_no_web_framework():
    code = ("import sys, civicguard.engine.packs.history as h\nh.pack_versions('sefton')\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'rest_framework', 'celery'})\n"
            "print(bad); sys.exit(1 if bad else 0)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
