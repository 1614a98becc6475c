"""Evidence bundles without a database: what build() writes, and that verify() finds every change, file by file.

The bundle module is pure, so none of these tests touch the database (the web app's autouse database fixture is
replaced by one that gives none: a query here would fail)."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile

import pytest

from civicguard.apps.evidence.bundle import BundleLimits, BundleUnreadable, build, verify

POST = b"Can't believe what my manager said today."
SHOT = b"\x89PNG\r\n\x1a\n not really a picture, but bytes are bytes"
MANIFEST = {"case_reference": "SH-2026-0001", "findings": [{"rule": "st-helens.bullying", "clauses": ["11.2"]}],
            "custody": [{"file": "files/1-post.txt", "actor": "Harriet HR", "action": "Captured",
                         "at": "2026-12-06T20:00:00+00:00", "address": "10.1.2.3"}],
            "generated_at": "2026-12-06T21:00:00+00:00", "generated_by": "Harriet HR"}


@pytest.fixture(autouse=True)
def _db():
    """No database: bundle.py must work without one."""


def small() -> bytes:
    return build([("1-post.txt", POST), ("2-shot.png", SHOT)], MANIFEST)


def rezip(data: bytes, *, drop: str = "", add: dict[str, bytes] | None = None,
          change: dict[str, bytes] | None = None, method: int = zipfile.ZIP_STORED) -> bytes:
    """The bundle's entries written again by zipfile, with one dropped, added or changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", method) as target:
        for name in source.namelist():
            if name != drop:
                target.writestr(name, (change or {}).get(name, source.read(name)))
        for name, extra in (add or {}).items():
            target.writestr(name, extra)
    return out.getvalue()


def test_a_bundle_holds_the_files_the_manifest_and_the_manifests_hash():
    with zipfile.ZipFile(io.BytesIO(small())) as archive:
        assert archive.namelist() == ["files/1-post.txt", "files/2-shot.png", "manifest.json", "manifest.sha256"]
        assert archive.read("files/1-post.txt") == POST
        manifest_bytes = archive.read("manifest.json")
        manifest = json.loads(manifest_bytes)
        digest = archive.read("manifest.sha256").decode()
    assert manifest["files"] == [
        {"path": "files/1-post.txt", "sha256": hashlib.sha256(POST).hexdigest(), "size": len(POST)},
        {"path": "files/2-shot.png", "sha256": hashlib.sha256(SHOT).hexdigest(), "size": len(SHOT)}]
    assert manifest["case_reference"] == "SH-2026-0001" and manifest["findings"][0]["clauses"] == ["11.2"]
    assert manifest["custody"][0]["action"] == "Captured"
    assert digest == f"{hashlib.sha256(manifest_bytes).hexdigest()}  manifest.json\n"
    assert manifest_bytes == json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False).encode() + b"\n"


def test_the_same_evidence_makes_the_same_bytes_whatever_order_it_comes_in():
    again = build([("2-shot.png", SHOT), ("1-post.txt", POST)], dict(reversed(list(MANIFEST.items()))))
    assert again == small()
    with zipfile.ZipFile(io.BytesIO(small())) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert all(info.extra == b"" and info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())


def test_sha256sum_accepts_the_manifest_hash(tmp_path):
    with zipfile.ZipFile(io.BytesIO(small())) as archive:
        archive.extractall(tmp_path)
    done = subprocess.run(["sha256sum", "-c", "manifest.sha256"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0 and "manifest.json: OK" in done.stdout


@pytest.mark.parametrize("name", ["../escape.txt", "sub/dir.txt", "..", "C:\\evil.txt", ""])
def test_build_refuses_a_name_that_is_not_a_plain_file_name(name):
    with pytest.raises(ValueError):
        build([(name, b"x")], {})


def test_build_refuses_two_files_of_one_name_and_a_manifest_that_lists_files_itself():
    with pytest.raises(ValueError, match="two files"):
        build([("a.txt", b"1"), ("a.txt", b"2")], {})
    with pytest.raises(ValueError, match="files"):
        build([], {"files": []})


def test_an_intact_bundle_says_so_with_the_number_of_files_checked():
    report = verify(small())
    assert report.intact and report.files_checked == 2
    assert report.lines() == [f"The bundle is intact: 2 files checked against manifest.json, whose own SHA-256 "
                              f"({report.manifest_sha256}) matches manifest.sha256."]


def test_one_changed_byte_in_a_file_is_reported_naming_the_file():
    data = bytearray(small())
    data[data.index(b"manager")] ^= 0x20
    report = verify(bytes(data))
    assert not report.intact
    assert len(report.lines()) == 1 and report.lines()[0].startswith("files/1-post.txt changed: its SHA-256 is now")


def test_a_changed_manifest_is_caught_by_its_own_hash():
    data = small()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = archive.read("manifest.json")
    lines = verify(rezip(data, change={"manifest.json": manifest.replace(b"11.2", b"11.3")})).lines()
    assert lines[0].startswith("manifest.json or manifest.sha256 changed: manifest.json's SHA-256 is now")


def test_a_missing_file_an_added_file_and_an_unsafe_name_are_each_reported():
    data = small()
    assert "files/2-shot.png is missing: the manifest lists it but the bundle does not hold it" in verify(
        rezip(data, drop="files/2-shot.png")).lines()
    assert "files/3-extra.txt is not in the manifest: a file was added to the bundle" in verify(
        rezip(data, add={"files/3-extra.txt": b"planted"})).lines()
    lines = verify(rezip(data, add={"../../etc/cron.d/evil": b"x", "/abs.txt": b"y"})).lines()
    assert any(line.startswith("'../../etc/cron.d/evil' is an unsafe name") for line in lines)
    assert any(line.startswith("'/abs.txt' is an unsafe name") for line in lines)


def test_the_same_files_zipped_again_by_another_tool_are_not_the_bundle_civicguard_wrote():
    report = verify(rezip(small(), method=zipfile.ZIP_DEFLATED))
    assert report.files_checked == 2 and not report.intact
    assert report.lines()[0].startswith("The ZIP itself was changed at byte")


def test_a_crc_error_in_a_compressed_entry_is_reported_as_such():
    data = bytearray(rezip(small(), method=zipfile.ZIP_DEFLATED))
    name = b"files/1-post.txt"
    entry = next(at for at in range(len(data)) if data[at:at + 4] == b"PK\x01\x02" and data[at + 46:at + 46 + len(name)]
                 == name)
    data[entry + 16] ^= 0xFF  # the file's CRC-32 in the ZIP's directory, which zipfile checks as it reads
    lines = verify(bytes(data)).lines()
    assert "files/1-post.txt could not be read: its CRC-32 check failed (its bytes changed)" in lines


def test_every_single_byte_change_anywhere_in_the_zip_is_found():
    """Each byte of a small bundle changed three ways: verify never says intact (it reports or refuses)."""
    data = small()
    refused = reported = 0
    for position in range(len(data)):
        for change in (0x01, 0x80, 0xFF):
            altered = bytearray(data)
            altered[position] ^= change
            try:
                report = verify(bytes(altered))
            except BundleUnreadable:
                refused += 1
                continue
            assert not report.intact, f"a change at byte {position} (xor {change:#x}) was not found"
            assert report.lines() and all(line for line in report.lines())
            reported += 1
    assert reported > refused > 0  # most changes are named; a few leave a ZIP that cannot be opened


def test_a_cut_off_or_lengthened_bundle_is_not_intact():
    data = small()
    with pytest.raises(BundleUnreadable):
        verify(data[:-1])
    assert not verify(data + b"\x00").intact
    with pytest.raises(BundleUnreadable, match="not a ZIP file"):
        verify(b"junk" + data)


@pytest.mark.parametrize("data, says", [
    (b"", "empty"),
    (b"%PDF-1.7 a hearing pack", "not a ZIP file"),
    (b"PK\x03\x04 but nothing more", "damaged"),
])
def test_a_file_that_is_not_a_zip_is_refused_with_a_clear_message(data, says):
    with pytest.raises(BundleUnreadable, match=says):
        verify(data)


def _bomb(size: int = 50 * 1024 * 1024) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("files/zeros.bin", b"\x00" * size)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    bomb = _bomb()
    assert len(bomb) < 100_000
    with pytest.raises(BundleUnreadable, match="compressed more than 100 to 1"):
        verify(bomb)
    with pytest.raises(BundleUnreadable, match="would expand to"):
        verify(bomb, limits=BundleLimits(max_total_bytes=10 * 1024 * 1024, max_ratio=10_000))


def test_too_many_entries_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(20):
            archive.writestr(f"files/{n}.txt", b"x")
    with pytest.raises(BundleUnreadable, match="20 entries, more than the 10"):
        verify(out.getvalue(), limits=BundleLimits(max_entries=10))


def test_bundle_module_imports_no_django():
    code = ("import sys; import civicguard.apps.evidence.bundle as b; "
            "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django imported'; "
            "print(b.verify(b.build([('a.txt', b'a')], {})).intact)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


def test_a_change_zipfile_itself_ignores_is_found_and_placed():
    """zipfile never reads the time in an entry's own header; the rebuilt ZIP shows it changed, and where."""
    data = bytearray(small())
    data[10] ^= 0x01  # the first entry's local header: its modification time
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        assert archive.testzip() is None and archive.read("files/1-post.txt") == POST
    assert verify(bytes(data)).lines() == [
        "The ZIP itself was changed at byte 10, in the ZIP's header for files/1-post.txt: every file matches its "
        "hash, but the bundle is not the ZIP CivicGuard wrote"]
