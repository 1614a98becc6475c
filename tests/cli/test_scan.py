import json

from click.testing import CliRunner

from civicguard.cli.main import cli


def _rows(*rows):
    return "\n".join(json.dumps(r) for r in rows) + "\n"


ROW_A = {"id": "a", "text": "Bins are collected on Tuesday.", "council": "st-helens", "as": "official"}
ROW_B = {"id": "b", "text": "Everyone vote Labour on Thursday!", "council": "st-helens", "as": "personal",
         "politically_restricted": True}


def test_scan_writes_one_result_per_row_and_skips_malformed_lines(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(_rows(ROW_A, ROW_B) + "{not json\n" + json.dumps({**ROW_A, "id": "c", "as": "fax"}) + "\n")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(cli, ["scan", str(src), "--out", str(out)])
    assert res.exit_code == 0, res.output
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in results] == ["a", "b"]
    assert results[0]["verdict"] == "pass" and results[1]["verdict"] == "block"
    assert "line 3" in res.output and "line 4" in res.output and "rows per second" in res.output


def test_scan_reads_csv_and_uses_workers(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text('id,text,council,as,politically_restricted\n1,"Hello, St Helens",st-helens,official,\n'
                   '2,"Vote Labour on Thursday, everyone!",st-helens,personal,true\n')
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(cli, ["scan", str(src), "--out", str(out), "--workers", "2", "--quiet"])
    assert res.exit_code == 0, res.output
    verdicts = {r["id"]: r["verdict"] for r in map(json.loads, out.read_text().splitlines())}
    assert verdicts == {"1": "pass", "2": "block"}


def test_csv_without_the_needed_columns_is_bad_input(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("id,body\n1,hello\n")
    res = CliRunner().invoke(cli, ["scan", str(src)])
    assert res.exit_code == 2 and "The CSV header lacks" in res.output
