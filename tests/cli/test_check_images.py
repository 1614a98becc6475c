"""`civicguard check --image PATH[=Tagged Person,...]`: the file is read so the image checks run on it."""

import json
import sys
from datetime import date
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


def run(*args):
    return CliRunner().invoke(cli, ["check", TEXT, "--council", "st-helens", "--as", "official", *args])


def _rules(output):
    return [f["rule"] for f in json.loads(output)["findings"]]


def test_two_faces_with_one_tagged_block_the_post(tmp_path):
    photo = tmp_path / "two.jpg"
    photo.write_bytes(drawn(2)[0])
    res = run("--image", f"{photo}=Mary Jones", "--json")
    assert res.exit_code == 1, res.output
    (untagged,) = [f for f in json.loads(res.output)["findings"] if f["rule"] == UNTAGGED]
    assert untagged["severity"] == "block" and untagged["message"] == f"Image {photo} shows 1 untagged face(s)."


def test_everyone_tagged_is_not_blocked_for_faces(tmp_path):
    photo = tmp_path / "two.jpg"
    photo.write_bytes(drawn(2)[0])
    res = run("--image", f"{photo}=Mary Jones, Sam Green", "--json")
    assert UNTAGGED not in _rules(res.output)
    # The consent reminder for tagged people still names them.
    assert any("Mary Jones, Sam Green" in f["message"] for f in json.loads(res.output)["findings"])


def test_the_findings_are_those_of_the_engine_given_the_same_bytes(tmp_path):
    """What the web app and the API do: hand the engine the image's bytes with the tagged names."""
    data = drawn(2)[0]
    photo = tmp_path / "two.jpg"
    photo.write_bytes(data)
    res = run("--image", f"{photo}=Mary Jones", "--json")
    content = Content(text=TEXT, images=(ImageRef(ref=str(photo), tagged_people=("Mary Jones",), data=data),))
    direct = Engine.for_council("st-helens").check(content, Context(council="st-helens", channel="official",
                                                                    today=date.today()))
    assert json.loads(res.output)["findings"] == direct.to_dict()["findings"]


def test_a_file_that_is_not_an_image_goes_to_a_person(tmp_path):
    fake = tmp_path / "letter.jpg"
    fake.write_text("Dear Mary, this is not a picture.", encoding="utf-8")
    res = run("--image", str(fake), "--json")
    (finding,) = [f for f in json.loads(res.output)["findings"] if f["rule"] == UNREADABLE]
    assert finding["needs_human"] and "not an image" in finding["message"]


def test_the_plain_output_explains_the_image_finding(tmp_path):
    photo = tmp_path / "two.jpg"
    photo.write_bytes(drawn(2)[0])
    res = run("--image", str(photo))
    assert res.exit_code == 1 and "shows 2 untagged face(s)" in " ".join(res.output.split())


def test_a_missing_file_is_bad_input(tmp_path):
    res = run("--image", f"{tmp_path / 'nope.jpg'}=Mary Jones")
    assert res.exit_code == 2 and "no such file" in res.output
