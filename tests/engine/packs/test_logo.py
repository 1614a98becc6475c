from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from civicguard.engine.packs.errors import PackError
from civicguard.engine.packs.loader import PACKS_DIR, load_pack, pack_for


@pytest.mark.parametrize("council", ["st-helens", "sefton"])
def test_each_shipped_pack_holds_its_logo(council):
    logo = pack_for(council).facts.logo
    assert logo.council == council
    assert logo.data == (PACKS_DIR / council / "logo.png").read_bytes()


def _pack(tmp_path: Path, logo_line: str = "    file: logo.png") -> Path:
    folder = tmp_path / "st-helens"
    shutil.copytree(PACKS_DIR / "st-helens", folder, ignore=shutil.ignore_patterns("versions"))
    text = (folder / "pack.yaml").read_text(encoding="utf-8")
    (folder / "pack.yaml").write_text(text.replace("    file: logo.png", logo_line), encoding="utf-8")
    return folder


def _problems(folder: Path) -> list[str]:
    with pytest.raises(PackError) as err:
        load_pack(folder)
    return [str(p) for p in err.value.problems]


def test_a_missing_logo_file_is_named(tmp_path):
    folder = _pack(tmp_path, "    file: crest.png")
    (problem,) = _problems(folder)
    assert f"the logo file {folder / 'crest.png'} does not exist" in problem
    assert "field facts.logo.file" in problem and "pack.yaml:" in problem


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "cannot be read as an image"),
    (b"\x89PNG\r\n\x1a\n damaged", "cannot be read as an image"),
    ("jpeg", "not a PNG image (JPEG)"),
    ("tiny", "only 20x20 pixels"),
])
def test_a_logo_file_that_cannot_be_used_says_why(tmp_path, content, reason):
    folder = _pack(tmp_path)
    target = folder / "logo.png"
    if content == "jpeg":
        Image.new("RGB", (200, 100), "navy").save(target, format="JPEG")
    elif content == "tiny":
        Image.new("RGB", (20, 20), "navy").save(target, format="PNG")
    else:
        target.write_bytes(content)
    (problem,) = _problems(folder)
    assert f"the logo file {target} cannot be used" in problem and reason in problem


@pytest.mark.parametrize("name", ["../sefton/logo.png", "logo.jpg", "/etc/logo.png"])
def test_the_logo_must_be_a_png_in_the_pack_folder(tmp_path, name):
    (problem,) = _problems(_pack(tmp_path, f"    file: {name}"))
    assert "must be the name of a PNG file in the pack folder" in problem


def test_a_logo_rule_needs_a_logo(tmp_path):
    folder = _pack(tmp_path)
    text = (folder / "pack.yaml").read_text(encoding="utf-8")
    (folder / "pack.yaml").write_text(text.replace("  logo:\n    file: logo.png\n", ""), encoding="utf-8")
    problems = _problems(folder)
    assert len(problems) == 2  # the personal-post rule and the unreadable rule
    assert all("images.logo looks for the council's logo, but the pack has none" in p for p in problems)
    assert "rule sth.images.logo.personal" in problems[0]
