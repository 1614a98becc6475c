"""`civicguard eval`: Markdown and JSON reports, clear errors for a missing folder or an unknown section."""

import json
import sys
from pathlib import Path

from click.testing import CliRunner

from civicguard.cli.main import cli

sys.path.insert(0, str(Path(__file__).parents[1] / "evaluation"))
from conftest import write_tiny_data  # noqa: E402


def test_writes_markdown_and_json(tmp_path):
    data = write_tiny_data(tmp_path / "data")
    result = CliRunner().invoke(cli, ["eval", "--data", str(data), "--only", "davidson", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "eval-test.json").read_text())
    assert [s["name"] for s in report["sections"]] == ["davidson"]
    assert "| alt-profanity-check |" in (tmp_path / "eval-test.md").read_text()


def test_missing_folder_and_unknown_section_exit_2(tmp_path):
    assert CliRunner().invoke(cli, ["eval", "--data", str(tmp_path / "nope")]).exit_code == 2
    result = CliRunner().invoke(cli, ["eval", "--data", str(tmp_path), "--only", "bogus"])
    assert result.exit_code == 2 and "Unknown section" in result.output
