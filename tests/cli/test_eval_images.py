"""`civicguard eval --only images` runs every image section (faces, nudity, text, and any other `images_*`)."""

from click.testing import CliRunner

from civicguard.cli.main import cli


def test_a_familys_name_selects_all_its_sections(tmp_path, monkeypatch):
    asked = []

    def run_sections(ctx, only, progress=None):
        asked.extend(only)
        return {"civicguard": "x", "date": "2026-12-06", "split": ctx.split, "data": str(ctx.data_dir), "limit": None,
                "seed": 13, "python": "3.11", "seconds": 0.0, "sections": []}

    monkeypatch.setattr("civicguard.evaluation.report.run_sections", run_sections)
    result = CliRunner().invoke(cli, ["eval", "--data", str(tmp_path), "--only", "images", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert asked[0] == "images" and {"images_nudity", "images_text"} <= set(asked)


def test_an_unknown_name_beside_a_family_is_still_refused(tmp_path):
    result = CliRunner().invoke(cli, ["eval", "--data", str(tmp_path), "--only", "images,bogus"])
    assert result.exit_code == 2 and "bogus" in result.output
