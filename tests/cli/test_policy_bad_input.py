"""`civicguard policy validate` on files that are not packs: the file and the reason, exit 2, never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from civicguard.cli.policy import policy
from civicguard.engine.packs.loader import PACKS_DIR


def validate(path: Path):
    return CliRunner().invoke(policy, ["validate", str(path)])


def laughs(levels: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("content", "where", "says"), [
    ('id: sefton\ncouncil: "Caf\xe9"\n'.encode("latin-1"), ":2:", "not UTF-8 text: byte 0xe9 at column 14"),
    ("id: sefton\n".encode("utf-16"), ":1:", "not UTF-8 text (it looks like UTF-16)"),
    (bytes(range(256)) * 8, ":2:", "not UTF-8 text: byte 0x80 at column 118"),  # line 2 starts after byte 0x0a
    (b"", ": ", "the file is empty"),
    (b"  \n\n", ": ", "the file is empty"),
    (b"id: x\n\x00council: y\n", ":2:", "the character U+0000 is not allowed in YAML"),
    (b"- a list\n- not a mapping\n", ":1:", "a pack must be a YAML mapping"),
    (b"id: [unclosed\n", ":2:", "not valid YAML"),
    (laughs(12).encode(), ": ", "aliases (*name) expand to more than 1,000,000 values"),
    (b"id: " + b"[" * 5000 + b"]" * 5000 + b"\n", ": ", "nested more than 50 levels deep"),
])
def test_a_file_that_is_not_a_pack_gives_its_name_and_the_reason(tmp_path, content, where, says):
    path = tmp_path / "pack.yaml"
    path.write_bytes(content)
    started = time.monotonic()
    result = validate(path)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{path}{where}" in result.stdout and says in result.stdout
    assert "Traceback" not in result.output and time.monotonic() - started < 5


def test_a_bad_file_among_a_folder_s_rules_is_named(tmp_path):
    folder = tmp_path / "pack"
    (folder / "rules").mkdir(parents=True)
    for name in ("pack.yaml", "clauses.yaml"):
        (folder / name).write_bytes((PACKS_DIR / "sefton" / name).read_bytes())
    (folder / "rules" / "extra.yaml").write_bytes("rules:\n  - id: caf\xe9\n".encode("cp1252"))
    result = validate(folder)
    assert result.exit_code == 2 and f"{folder / 'rules' / 'extra.yaml'}:2: not UTF-8 text" in result.stdout


def test_a_file_too_large_to_be_a_pack_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:
        f.truncate(6 * 1024 * 1024)
    result = validate(path)
    assert result.exit_code == 2 and "the file is larger than 5 MB" in result.stdout
