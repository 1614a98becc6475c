"""The pack fact `reference_formats`: regular expressions checked when the pack loads."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from civicguard.engine.packs.errors import PackError
from civicguard.engine.packs.loader import PACKS_DIR, load_pack


def _with_formats(tmp_path: Path, formats: list[dict]) -> Path:
    folder = tmp_path / "pack"
    for src in (PACKS_DIR / "sefton").rglob("*.yaml"):
        dest = folder / src.relative_to(PACKS_DIR / "sefton")
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    data = yaml.safe_load((folder / "pack.yaml").read_text(encoding="utf-8"))
    data["facts"]["reference_formats"] = formats
    (folder / "pack.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("fmt", "message"),
    [
        ({"name": "planning", "pattern": "DC/(\\d{4}", "example": "DC/2025"}, "not a valid regular expression"),
        ({"name": "planning", "pattern": "DC/\\d{4}", "example": "PL/2025"}, "does not match the pattern"),
        ({"name": "anything", "pattern": "\\d*", "example": "12"}, "matches the empty string"),
    ],
)
def test_bad_reference_format_is_a_load_error_naming_file_and_field(tmp_path, fmt, message):
    with pytest.raises(PackError) as err:
        load_pack(_with_formats(tmp_path, [fmt]))
    [problem] = err.value.problems
    assert problem.file.endswith("pack.yaml") and problem.field is not None
    assert problem.field.startswith("facts.reference_formats.0") and message in problem.message


@pytest.mark.parametrize("council", ["st-helens", "sefton"])
def test_shipped_formats_match_their_examples(council):
    facts = load_pack(PACKS_DIR / council).facts
    assert facts is not None and {f.name for f in facts.reference_formats} >= {
        "planning application", "freedom of information request"}
