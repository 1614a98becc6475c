"""`civicguard policy backtest`: JSONL and CSV input, bad lines, --json."""

import json

from click.testing import CliRunner

from civicguard.cli.policy import policy
from civicguard.engine.packs.loader import PACKS_DIR

RUDE = {"id": "rude", "text": "the council is run by morons", "as": "comment",
        "expect": {"verdict": "block", "categories": ["offensive"]}}
CLEAN = {"id": "clean", "text": "Bins are collected on Tuesday.", "expect": {"verdict": "pass", "categories": []}}
OTHER = {"id": "elsewhere", "council": "sefton", "text": "Hello Bootle"}
RAISE = ("--threshold", "sth.offensive.language=0.95")


def run(*args: str):
    return CliRunner().invoke(policy, ["backtest", *args])


def jsonl(tmp_path, *lines: str):
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def test_jsonl_summary_and_changed_rows(tmp_path):
    data = jsonl(tmp_path, *(json.dumps(r) for r in (RUDE, CLEAN, OTHER)))
    result = run("st-helens", "--data", data, *RAISE)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "rows checked: 2 (skipped, other councils: sefton 1)" in out and "block -> pass" in out
    assert "before 100.0% (2/2), after 50.0% (1/2)" in out
    assert "rude (line 1, comment): block -> pass, expected block (was right, now wrong)" in out
    assert "clean (line 2" not in out and "clean (line 2" in run("st-helens", "--data", data, "--show-all").stdout


def test_csv_with_flat_labels_and_json_shape(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("id,text,as,expected_verdict,expected_categories\n"
                    "rude,the council is run by morons,comment,block,offensive\n"
                    'clean,"Bins are collected on Tuesday, as usual.",,pass,\n')
    result = run("st-helens", "--data", str(path), *RAISE, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {"pack", "changes", "verdict_changes", "accuracy", "categories", "rows", "skipped"} <= set(report)
    assert report["verdict_changes"] == {"block->pass": 1} and report["accuracy"]["after"] == 0.5
    assert report["categories"]["offensive"]["after"]["recall"] == 0.0
    rows = {r["id"]: r for r in report["rows"]}
    assert rows["clean"]["channel"] == "official" and rows["clean"]["expected_categories"] == []
    assert rows["rude"]["dropped"][0]["rule"] == "sth.offensive.language"


def test_malformed_lines_exit_2_naming_each_line(tmp_path):
    data = jsonl(tmp_path, json.dumps(CLEAN), "{not json", json.dumps({**CLEAN, "as": "fax"}))
    result = run("st-helens", "--data", data, *RAISE)
    assert result.exit_code == 2 and result.stdout == ""
    assert "line 2: not valid JSON" in result.stderr and "line 3: as must be one of" in result.stderr


def test_bad_threshold_or_proposal_exits_2(tmp_path):
    data = jsonl(tmp_path, json.dumps(CLEAN))
    for args in (("--threshold", "sth.nope=0.9"), ("--threshold", "sth.offensive.language=high"),
                 ("--proposed", str(PACKS_DIR / "sefton"))):
        result = run("st-helens", "--data", data, *args)
        assert result.exit_code == 2 and "error" in result.stderr, args
