"""Backtesting a threshold change or an edited pack on labelled rows."""

import shutil

import pytest
import yaml
from factories import rule, write_pack

from civicguard.engine import load_pack, pack_for
from civicguard.engine.backtest import backtest
from civicguard.engine.packs.loader import PACKS_DIR
from civicguard.errors import BadInput

RUDE = {"id": "rude", "text": "the council is run by morons", "as": "comment",
        "expect": {"verdict": "block", "categories": ["offensive"]}}
CLEAN = {"id": "clean", "text": "Bins are collected on Tuesday.", "expect": {"verdict": "pass", "categories": []}}
OFFENSIVE = "sth.offensive.language"


def test_raising_a_threshold_above_the_confidence_turns_a_block_into_a_pass():
    report = backtest("st-helens", [RUDE, CLEAN], thresholds={OFFENSIVE: 0.95})
    assert report.transitions == {"block->pass": 1}
    (row,) = report.changed_rows
    assert (row.id, row.verdict_before, row.verdict_after) == ("rude", "block", "pass")
    assert {f.rule for f in row.dropped} == {OFFENSIVE} and row.categories_after == frozenset()
    assert report.changes["thresholds"] == [{"rule": OFFENSIVE, "before": 0.5, "after": 0.95}]


def test_labelled_accuracy_and_category_scores_before_and_after():
    report = backtest("st-helens", [RUDE, CLEAN], thresholds={OFFENSIVE: 0.95})
    acc = report.accuracy()
    assert acc is not None and (acc["labelled"], acc["before"], acc["after"]) == (2, 1.0, 0.5)
    before, after = report.category_scores()["offensive"]
    assert (before.precision, before.recall, before.f1) == (1.0, 1.0, 1.0)
    assert (after.tp, after.fn, after.precision, after.recall, after.f1) == (0, 1, None, 0.0, 0.0)


def test_rows_for_another_council_are_skipped_and_counted():
    report = backtest("st-helens", [RUDE, {**CLEAN, "council": "sefton"}])
    assert len(report.rows) == 1 and report.skipped == {"sefton": 1} and report.transitions == {}
    with pytest.raises(BadInput, match="unknown council"):
        backtest("st-helens", [{**CLEAN, "council": "nowhere"}])


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"thresholds": {"sth.offensive.langauge": 0.9}}, "did you mean sth.offensive.language"),
    ({"thresholds": {OFFENSIVE: 1.5}}, "from 0 to 1"),
    ({"proposed_pack": pack_for("sefton")}, "proposed pack is for sefton"),
])
def test_bad_proposals_are_rejected(kwargs, message):
    with pytest.raises(BadInput, match=message):
        backtest("st-helens", [CLEAN], **kwargs)


def test_proposed_pack_from_an_edited_copy_of_the_shipped_folder(tmp_path):
    folder = shutil.copytree(PACKS_DIR / "st-helens", tmp_path / "st-helens")
    rules_file = folder / "rules" / "language.yaml"
    data = yaml.safe_load(rules_file.read_text())
    next(r for r in data["rules"] if r["id"] == OFFENSIVE)["threshold"] = 0.95
    rules_file.write_text(yaml.safe_dump(data, sort_keys=False))
    report = backtest("st-helens", [RUDE, CLEAN], proposed_pack=load_pack(folder))
    assert report.transitions == {"block->pass": 1}


def test_proposed_pack_changing_a_severity(tmp_path):
    word = {"params": {"word": "bad"}}
    for side in ("a", "b"):
        (tmp_path / side).mkdir()
    current = load_pack(write_pack(tmp_path / "a", [rule("t.word", "test.word", "block", **word)]))
    proposed = load_pack(write_pack(tmp_path / "b", [rule("t.word", "test.word", "warn", **word)]))
    report = backtest(current, [{"text": "bad news"}, {"text": "good news"}], proposed_pack=proposed)
    assert report.transitions == {"block->warn": 1} and report.changes["rules_changed"] == [
        {"rule": "t.word", "fields": {"severity": {"before": "block", "after": "warn"}}}]
    assert report.rows[0].id == "#1" and report.rows[0].channel == "official"
