"""`civicguard scan` rows with `images`: files relative to the input file's folder, checked like the web pages."""

import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from civicguard.cli.main import cli
from civicguard.engine import Engine
from civicguard.engine.model import Content, Context, ImageRef

sys.path.insert(0, str(Path(__file__).parents[1]))
from image_packs import UNREADABLE, UNTAGGED, drawn, image_rules  # noqa: E402,F401

pytestmark = pytest.mark.usefixtures("image_rules")

TEXT = "Our volunteers at the Sherdley Park clean-up."


def _row(row_id, images, **extra):
    return {"id": row_id, "text": TEXT, "council": "st-helens", "as": "official", "images": images, **extra}


def _scan(src, *args):
    out = src.parent / "out.jsonl"
    res = CliRunner().invoke(cli, ["scan", str(src), "--out", str(out), *args])
    results = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())} if out.exists() else {}
    return res, results


def _folder(tmp_path):
    folder = tmp_path / "rows"
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / "two.jpg").write_bytes(drawn(2)[0])
    return folder


def _rules(result):
    return [f["rule"] for f in result["findings"]]


def test_rows_name_images_by_path_with_their_tagged_people(tmp_path):
    folder = _folder(tmp_path)
    src = folder / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in [
        _row("none-tagged", ["photos/two.jpg"]),
        _row("both-tagged", [{"path": "photos/two.jpg", "tagged_people": ["Mary Jones", "Sam Green"]}]),
        _row("no-image", []),
    ]) + "\n")
    res, results = _scan(src, "--quiet")
    assert res.exit_code == 0, res.output
    assert results["none-tagged"]["verdict"] == "block" and UNTAGGED in _rules(results["none-tagged"])
    assert UNTAGGED not in _rules(results["both-tagged"]) and UNTAGGED not in _rules(results["no-image"])


def test_the_findings_are_those_of_the_engine_given_the_same_bytes(tmp_path):
    folder = _folder(tmp_path)
    src = folder / "in.jsonl"
    src.write_text(json.dumps(_row("a", [{"path": "photos/two.jpg", "tagged_people": ["Mary Jones"]}])) + "\n")
    _, results = _scan(src, "--quiet")
    image = ImageRef(ref="photos/two.jpg", tagged_people=("Mary Jones",),
                     data=(folder / "photos" / "two.jpg").read_bytes())
    direct = Engine.for_council("st-helens").check(Content(text=TEXT, images=(image,)),
                                                   Context(council="st-helens", channel="official"))
    assert results["a"]["findings"] == direct.to_dict()["findings"]
    assert "photos/two.jpg" in next(f["message"] for f in results["a"]["findings"] if f["rule"] == UNTAGGED)


def test_csv_cells_list_images_with_their_people(tmp_path):
    folder = _folder(tmp_path)
    src = folder / "in.csv"
    src.write_text("id,text,council,as,images\n"
                   f'1,{TEXT},st-helens,official,photos/two.jpg=Mary Jones\n'
                   f'2,{TEXT},st-helens,official,"photos/two.jpg=Mary Jones,Sam Green"\n'
                   f'3,{TEXT},st-helens,official,\n', encoding="utf-8")
    res, results = _scan(src, "--quiet", "--workers", "2")
    assert res.exit_code == 0, res.output
    assert UNTAGGED in _rules(results["1"])
    assert UNTAGGED not in _rules(results["2"]) and UNTAGGED not in _rules(results["3"])


def test_paths_leaving_the_folder_are_refused_and_the_other_rows_scanned(tmp_path):
    folder = _folder(tmp_path)
    (tmp_path / "secret.jpg").write_bytes(drawn(1)[0])
    os.symlink(tmp_path / "secret.jpg", folder / "link.jpg")
    src = folder / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in [
        _row("up", ["../secret.jpg"]),
        _row("absolute", [str(tmp_path / "secret.jpg")]),
        _row("link", ["link.jpg"]),
        _row("missing", ["photos/nope.jpg"]),
        _row("fine", ["photos/two.jpg"]),
    ]) + "\n")
    res, results = _scan(src)
    assert res.exit_code == 0 and list(results) == ["fine"]
    for line, words in ((1, "outside the folder"), (2, "absolute path"), (3, "outside the folder"),
                        (4, "is not there")):
        assert f"line {line}: image" in res.output and words in res.output


def test_an_image_that_cannot_be_read_goes_to_a_person(tmp_path):
    folder = _folder(tmp_path)
    (folder / "photos" / "broken.jpg").write_bytes(drawn(1)[0][:300])
    src = folder / "in.jsonl"
    src.write_text(json.dumps(_row("a", ["photos/broken.jpg"])) + "\n")
    _, results = _scan(src, "--quiet")
    (finding,) = [f for f in results["a"]["findings"] if f["rule"] == UNREADABLE]
    assert finding["needs_human"] and "photos/broken.jpg" in finding["message"]


def test_a_batch_holds_a_bounded_amount_of_image_bytes(tmp_path, monkeypatch):
    from civicguard.cli import scan

    folder = _folder(tmp_path)
    size = (folder / "photos" / "two.jpg").stat().st_size
    monkeypatch.setattr(scan, "IMAGE_BATCH_BYTES", 2 * size)
    src = folder / "in.jsonl"
    src.write_text("\n".join(json.dumps(_row(str(n), ["photos/two.jpg"] if n % 3 else [])) for n in range(7)) + "\n")
    rows = list(scan._rows(src, []))
    assert [[r.id for r in b] for b in scan._batches(iter(rows))] == [["0", "1", "2"], ["3", "4", "5"], ["6"]]
