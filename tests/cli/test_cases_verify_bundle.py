"""`civicguard cases verify-bundle FILE`: an intact bundle exits 0; one changed byte exits 1 naming the file; a file
that is not a bundle exits 1 with a message; a file that is not there exits 2. No database is used."""

from __future__ import annotations

from click.testing import CliRunner

from civicguard.apps.evidence.bundle import build
from civicguard.cli.main import cli

POST = b"Can't believe what my manager said today."


def run(*args: str):
    return CliRunner().invoke(cli, ["cases", "verify-bundle", *args])


def bundle(tmp_path, data: bytes | None = None):
    path = tmp_path / "SH-2026-0001-evidence.zip"
    path.write_bytes(data if data is not None else build([("1-post.txt", POST)], {"case_reference": "SH-2026-0001"}))
    return path


def test_an_intact_bundle_exits_0_and_says_how_many_files_were_checked(tmp_path):
    result = run(str(bundle(tmp_path)))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("The bundle is intact: 1 file checked against manifest.json")


def test_one_changed_byte_exits_1_and_names_the_file(tmp_path):
    path = bundle(tmp_path)
    data = bytearray(path.read_bytes())
    data[data.index(b"manager")] = ord("M")
    path.write_bytes(bytes(data))
    result = run(str(path))
    assert result.exit_code == 1
    assert result.output.startswith("files/1-post.txt changed: its SHA-256 is now")


def test_a_file_that_is_not_a_zip_exits_1_with_a_message(tmp_path):
    result = run(str(bundle(tmp_path, b"%PDF-1.7 the hearing pack")))
    assert result.exit_code == 1
    assert "is not an evidence bundle: it is not a ZIP file" in result.output


def test_a_missing_file_exits_2(tmp_path):
    result = run(str(tmp_path / "nowhere.zip"))
    assert result.exit_code == 2
    assert "Could not read" in result.output and "nowhere.zip" in result.output
