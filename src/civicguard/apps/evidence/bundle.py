"""Evidence bundles: the ZIP a case's evidence is exported in for a hearing (St Helens 11.3), and its check.

A bundle holds:

* `files/<name>`: each piece of evidence, byte for byte as it was captured;
* `manifest.json`: canonical JSON (sorted keys, UTF-8, two-space indent): `format`, `files` (each file's `path`,
  `sha256` and `size`), and whatever the caller adds (the case's reference, its findings with their clauses, every
  item's chain of custody, when and by whom the bundle was made);
* `manifest.sha256`: the SHA-256 of manifest.json's bytes, as a line `sha256sum -c manifest.sha256` checks.

The ZIP is written here by hand, the same bytes on every machine for the same input: names sorted, every file
stored as it is (no compression: screenshots are compressed already, and stored bytes are the same whatever zlib
a machine has), one fixed time (1 January 1980, the ZIP format's first day), UTF-8 names, no extra fields, no
comment. Because the writing is deterministic, `verify` can rebuild the ZIP from what it read and compare it with
the bundle byte for byte, so a change to any byte is found: in a file (its SHA-256 no longer matches the manifest),
in the manifest (its SHA-256 no longer matches manifest.sha256), or in the ZIP's own headers and directory (the
rebuilt ZIP differs, and the report names the file whose header changed).

The hashes prove the files match the manifest; they do not prove who wrote the manifest. CivicGuard records the
manifest's SHA-256 when it exports a bundle (in the read log of the case's evidence), so a bundle can be matched
with the export it came from.

No Django here (and none at import time): `civicguard cases verify-bundle FILE` runs with no database. Hostile
files are refused before they are read far: at most `BundleLimits.max_entries` entries, the sizes they declare
adding up to at most `max_total_bytes`, no entry compressed more than `max_ratio` to 1, and inflated bytes counted
as they arrive.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from civicguard.errors import BadInput

FORMAT = "civicguard-evidence-bundle/1"
MANIFEST = "manifest.json"
MANIFEST_HASH = "manifest.sha256"
FILES = "files/"
MB = 1024 * 1024
CHUNK = 64 * 1024
# Below this many inflated bytes an entry's compression ratio is not judged (small text compresses very well).
RATIO_FLOOR = 1 * MB

# The ZIP fields written (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16): version 2.0, "UTF-8 names" flag, stored, and the
# DOS date 1980-01-01 00:00:00 (day 1, month 1, year 0 from 1980).
_VERSION = 20
_MADE_BY = (3 << 8) | _VERSION          # Unix, so the permissions below mean something to unzip
_UTF8 = 0x0800
_STORED = 0
_TIME, _DATE = 0, (1 << 5) | 1
_PERMISSIONS = 0o100644 << 16          # a regular file, rw-r--r--
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_HEX = re.compile(r"[0-9a-f]{64}")
_HASH_LINE = re.compile(rf"([0-9a-f]{{64}})  {re.escape(MANIFEST)}\n")
_ZIP64_LIMIT = 0xFFFFFFFF


class BundleUnreadable(BadInput):
    """The file is not an evidence bundle that can be checked: not a ZIP, damaged beyond reading, or too big once
    opened (a zip bomb). The message says which, in plain English."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


@dataclass(frozen=True)
class BundleLimits:
    max_entries: int = 5_000
    max_total_bytes: int = 1024 * MB
    max_ratio: int = 100


@dataclass
class VerifyReport:
    """What `verify` found. `problems` are plain-English sentences, one per problem, each naming the file in the
    bundle it is about; none means the bundle is intact."""

    problems: list[str] = field(default_factory=list)
    files_checked: int = 0
    manifest_sha256: str = ""
    manifest: dict[str, Any] | None = None

    @property
    def intact(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        if self.problems:
            return list(self.problems)
        noun = "file" if self.files_checked == 1 else "files"
        return [f"The bundle is intact: {self.files_checked} {noun} checked against manifest.json, whose own "
                f"SHA-256 ({self.manifest_sha256}) matches manifest.sha256."]


# ---- writing -------------------------------------------------------------------------------------------------

def canonical_json(value: Any) -> bytes:
    """The one way a manifest is written: sorted keys, UTF-8, two-space indent, a final newline."""
    return (json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode("utf-8")


def unsafe_name(name: str) -> bool:
    """A name that would leave the folder it is unpacked in (`..`), start at the root, or name a drive."""
    if not name or name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or "\x00" in name:
        return True
    parts = name.replace("\\", "/").split("/")
    return any(part in ("", ".", "..") for part in parts)


def _zip(entries: Iterable[tuple[str, bytes | memoryview]]) -> bytes:
    """The ZIP of `entries` (name, bytes), in the order given, written as described at the top of this module."""
    out = io.BytesIO()
    central = []
    count = 0
    for name, data in entries:
        raw = name.encode("utf-8")
        crc = zlib.crc32(data) & 0xFFFFFFFF
        size = len(data)
        offset = out.tell()
        if size >= _ZIP64_LIMIT or offset >= _ZIP64_LIMIT:
            raise ValueError("an evidence bundle must stay under 4 GB")
        out.write(_LOCAL.pack(b"PK\x03\x04", _VERSION, _UTF8, _STORED, _TIME, _DATE, crc, size, size, len(raw), 0))
        out.write(raw)
        out.write(data)
        central.append(_CENTRAL.pack(b"PK\x01\x02", _MADE_BY, _VERSION, _UTF8, _STORED, _TIME, _DATE, crc, size,
                                     size, len(raw), 0, 0, 0, 0, _PERMISSIONS, offset) + raw)
        count += 1
    if count >= 0xFFFF:
        raise ValueError("an evidence bundle holds fewer than 65,535 files")
    start = out.tell()
    for record in central:
        out.write(record)
    end = out.tell()
    if end >= _ZIP64_LIMIT:
        raise ValueError("an evidence bundle must stay under 4 GB")
    out.write(_END.pack(b"PK\x05\x06", 0, 0, count, count, end - start, start, 0))
    return out.getvalue()


def build(files: list[tuple[str, bytes]], manifest: dict[str, Any]) -> bytes:
    """The bundle of `files` (name, bytes: each stored as `files/<name>`) with `manifest` (JSON values: the case's
    reference, findings, custody log, generated_at, generated_by...) written into manifest.json beside each file's
    path, SHA-256 and size. The same arguments give the same bytes. ValueError for a name that is unsafe or used
    twice, or a manifest that sets `files` or `format` itself."""
    if "files" in manifest or "format" in manifest:
        raise ValueError("the manifest's `files` and `format` are written by build(), not given to it")
    paths: dict[str, bytes] = {}
    for name, data in files:
        path = FILES + name
        if "/" in name or "\\" in name or unsafe_name(path):
            raise ValueError(f"{name!r} cannot be a file's name in a bundle (no folders, no '..')")
        if path in paths:
            raise ValueError(f"two files are named {name!r}")
        paths[path] = bytes(data)
    listing = [{"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
               for path, data in sorted(paths.items())]
    manifest_bytes = canonical_json({**manifest, "format": FORMAT, "files": listing})
    hash_line = f"{hashlib.sha256(manifest_bytes).hexdigest()}  {MANIFEST}\n".encode("ascii")
    entries = {**paths, MANIFEST: manifest_bytes, MANIFEST_HASH: hash_line}
    return _zip(sorted(entries.items()))


def manifest_sha256(bundle: bytes) -> str:
    """The SHA-256 of the manifest.json inside a bundle `build` wrote (what CivicGuard records when it exports)."""
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        return hashlib.sha256(archive.read(MANIFEST)).hexdigest()


# ---- checking ------------------------------------------------------------------------------------------------

def _open(data: bytes) -> zipfile.ZipFile:
    if not data:
        raise BundleUnreadable("the file is empty; an evidence bundle is a ZIP file exported from a case")
    if not data.startswith(b"PK"):
        raise BundleUnreadable("it is not a ZIP file (an evidence bundle is a ZIP file exported from a case in "
                               "CivicGuard)")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except UnicodeDecodeError:
        raise BundleUnreadable("the ZIP file is damaged and cannot be opened (a file's name in its directory is "
                               "no longer valid UTF-8); ask for the bundle to be sent again") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError,
            struct.error) as error:
        raise BundleUnreadable(f"the ZIP file is damaged and cannot be opened ({error}); ask for the bundle to be "
                               "sent again") from None


def _check_limits(infos: list[zipfile.ZipInfo], limits: BundleLimits) -> None:
    """Refuse a zip bomb by what it declares, before a byte is inflated."""
    if len(infos) > limits.max_entries:
        raise BundleUnreadable(f"the ZIP file holds {len(infos):,} entries, more than the {limits.max_entries:,} "
                               "an evidence bundle may have, so it was not opened further")
    total = sum(info.file_size for info in infos)
    if total > limits.max_total_bytes:
        raise BundleUnreadable(f"the ZIP file would expand to {total:,} bytes, more than the "
                               f"{limits.max_total_bytes:,} allowed, so it was not opened further (a small file "
                               "that opens to an enormous one is a zip bomb)")
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise BundleUnreadable(f"{info.filename} is compressed more than {limits.max_ratio} to 1, which no "
                                   "evidence is, so the ZIP file was not opened further (it looks like a zip bomb)")


class _Budget:
    def __init__(self, limits: BundleLimits) -> None:
        self.limits = limits
        self.total = 0

    def take(self, name: str, inflated: int, compressed: int, chunk: int) -> None:
        self.total += chunk
        if self.total > self.limits.max_total_bytes:
            raise BundleUnreadable(f"the ZIP file expands to more than {self.limits.max_total_bytes:,} bytes, so it "
                                   "was not read further (a zip bomb)")
        if inflated > RATIO_FLOOR and inflated > self.limits.max_ratio * max(compressed, 1):
            raise BundleUnreadable(f"{name} inflates more than {self.limits.max_ratio} to 1, so the ZIP file was "
                                   "not read further (a zip bomb)")


def _stored_bytes(data: bytes, info: zipfile.ZipInfo) -> tuple[memoryview | None, str]:
    """An uncompressed entry's bytes read straight from the bundle (so a changed byte shows as a changed hash, not
    only as a CRC error), after checking its local header agrees with the directory. (None, why) when it cannot."""
    offset = info.header_offset
    if offset < 0 or offset + _LOCAL.size > len(data):
        return None, "its header is not where the ZIP's directory says it is"
    header = _LOCAL.unpack_from(data, offset)
    if header[0] != b"PK\x03\x04":
        return None, "its header is not where the ZIP's directory says it is"
    name_length, extra_length = header[9], header[10]
    start = offset + _LOCAL.size
    raw_name = data[start:start + name_length]
    encoding = "utf-8" if header[2] & _UTF8 else "cp437"
    local_name = raw_name.decode(encoding, "replace")
    if local_name != info.orig_filename:
        return None, f"the name in its header ({local_name!r}) differs from the name in the ZIP's directory"
    start += name_length + extra_length
    end = start + info.compress_size
    if info.compress_size != info.file_size or end > len(data):
        return None, "its sizes in the ZIP's directory are wrong"
    return memoryview(data)[start:end], ""


def _read_entries(archive: zipfile.ZipFile, data: bytes, limits: BundleLimits,
                  report: VerifyReport) -> dict[str, bytes | memoryview]:
    """Every readable entry's bytes by name; what could not be read goes into the report, named."""
    budget = _Budget(limits)
    contents: dict[str, bytes | memoryview] = {}
    seen: set[str] = set()
    for info in archive.infolist():
        name = info.filename
        if name in seen:
            report.problems.append(f"{name} appears twice in the bundle: a second copy was added")
            continue
        seen.add(name)
        if unsafe_name(name):
            report.problems.append(f"{name!r} is an unsafe name (it climbs out of its folder with '..' or starts "
                                   "at the root): CivicGuard never writes one, so it was added or changed")
            continue
        if info.is_dir():
            report.problems.append(f"{name} is a folder entry, which CivicGuard never writes: it was added")
            continue
        if info.flag_bits & 0x1:
            report.problems.append(f"{name} is encrypted, which CivicGuard never does: it was changed")
            continue
        if info.compress_type == zipfile.ZIP_STORED:
            stored, why = _stored_bytes(data, info)
            if stored is None:
                report.problems.append(f"{name} could not be read: {why}. The ZIP was changed around it")
                continue
            budget.take(name, len(stored), len(stored), len(stored))
            contents[name] = stored
            continue
        try:
            contents[name] = _inflate(archive, info, budget)
        except BundleUnreadable:
            raise
        except zipfile.BadZipFile as error:
            what = "its CRC-32 check failed (its bytes changed)" if "CRC" in str(error) else str(error)
            report.problems.append(f"{name} could not be read: {what}")
        except (NotImplementedError, RuntimeError, ValueError, OSError, EOFError, zlib.error, struct.error) as error:
            report.problems.append(f"{name} could not be read ({error.__class__.__name__}: {error}); the ZIP was "
                                   "changed around it")
    return contents


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    chunks = []
    inflated = 0
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            inflated += len(chunk)
            budget.take(info.filename, inflated, info.compress_size, len(chunk))
            chunks.append(chunk)
    return b"".join(chunks)


def _manifest(contents: dict[str, bytes | memoryview], report: VerifyReport) -> dict[str, Any] | None:
    """The manifest when it can be read and its hash matches manifest.sha256; the problems otherwise."""
    manifest_bytes = contents.get(MANIFEST)
    hash_bytes = contents.get(MANIFEST_HASH)
    if manifest_bytes is None:
        report.problems.append(f"{MANIFEST} is missing, so no file in the bundle can be checked")
        return None
    actual = hashlib.sha256(manifest_bytes).hexdigest()
    report.manifest_sha256 = actual
    if hash_bytes is None:
        report.problems.append(f"{MANIFEST_HASH} is missing, so {MANIFEST} itself cannot be checked")
    else:
        match = _HASH_LINE.fullmatch(bytes(hash_bytes).decode("utf-8", "replace"))
        if match is None:
            report.problems.append(f"{MANIFEST_HASH} changed: it no longer holds one SHA-256 for {MANIFEST} as "
                                   "CivicGuard writes it")
        elif match.group(1) != actual:
            report.problems.append(f"{MANIFEST} or {MANIFEST_HASH} changed: {MANIFEST}'s SHA-256 is now {actual}, "
                                   f"but {MANIFEST_HASH} records {match.group(1)}")
    try:
        manifest = json.loads(bytes(manifest_bytes).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        report.problems.append(f"{MANIFEST} changed: it can no longer be read as JSON ({error})")
        return None
    if not _well_formed(manifest):
        report.problems.append(f"{MANIFEST} changed: it no longer lists the files as CivicGuard writes them "
                               "(each with its path, SHA-256 and size)")
        return None
    return manifest


def _well_formed(manifest: Any) -> bool:
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
        return False
    for entry in manifest["files"]:
        if not (isinstance(entry, dict) and isinstance(entry.get("path"), str)
                and isinstance(entry.get("sha256"), str) and _HEX.fullmatch(entry["sha256"])
                and isinstance(entry.get("size"), int) and not isinstance(entry.get("size"), bool)):
            return False
    return True


def _check_files(manifest: dict[str, Any], contents: dict[str, bytes | memoryview], unreadable: set[str],
                 report: VerifyReport) -> None:
    listed: dict[str, dict[str, Any]] = {}
    for entry in manifest["files"]:
        path = entry["path"]
        if path in listed:
            report.problems.append(f"{MANIFEST} lists {path} twice: it was changed")
        listed[path] = entry
    for path, entry in sorted(listed.items()):
        if path in unreadable:
            continue
        found = contents.get(path)
        if found is None:
            report.problems.append(f"{path} is missing: the manifest lists it but the bundle does not hold it")
            continue
        report.files_checked += 1
        actual = hashlib.sha256(found).hexdigest()
        if actual != entry["sha256"] or len(found) != entry["size"]:
            report.problems.append(f"{path} changed: its SHA-256 is now {actual} ({len(found):,} bytes), but the "
                                   f"manifest records {entry['sha256']} ({entry['size']:,} bytes)")
    for path in sorted(set(contents) - set(listed) - {MANIFEST, MANIFEST_HASH}):
        report.problems.append(f"{path} is not in the manifest: a file was added to the bundle")


def _region(layout: list[tuple[int, str]], offset: int) -> str:
    """Which part of the ZIP the byte at `offset` belongs to, in words."""
    where = layout[0][1]
    for start, what in layout:
        if start > offset:
            break
        where = what
    return where


def _layout(entries: list[tuple[str, bytes | memoryview]]) -> list[tuple[int, str]]:
    """(start offset, what) for each part of the ZIP `_zip(entries)` writes, in order."""
    layout = []
    offset = 0
    for name, data in entries:
        raw = len(name.encode("utf-8"))
        layout.append((offset, f"the ZIP's header for {name}"))
        layout.append((offset + _LOCAL.size + raw, f"{name}'s bytes"))
        offset += _LOCAL.size + raw + len(data)
    for name, _ in entries:
        layout.append((offset, f"the ZIP's directory entry for {name}"))
        offset += _CENTRAL.size + len(name.encode("utf-8"))
    layout.append((offset, "the end of the ZIP's directory"))
    return layout


def _first_difference(a: bytes, b: bytes) -> int | None:
    """The offset of the first byte where `a` and `b` differ (None when one is the start of the other), found a
    block at a time so a large bundle is compared at the speed of memcmp."""
    length = min(len(a), len(b))
    for start in range(0, length, CHUNK):
        end = min(start + CHUNK, length)
        if a[start:end] != b[start:end]:
            return next(i for i in range(start, end) if a[i] != b[i])
    return None


def _check_structure(data: bytes, contents: dict[str, bytes | memoryview], report: VerifyReport) -> None:
    """Every file matched its hash: now the ZIP around them must be byte for byte what `build` writes."""
    entries = sorted(contents.items())
    expected = _zip(entries)
    if expected == data:
        return
    layout = _layout(entries)
    differs = _first_difference(expected, data)
    if differs is None:
        extra = "bytes were added after its end" if len(data) > len(expected) else "its end was cut off"
        report.problems.append(f"The ZIP itself was changed: every file matches its hash, but {extra}")
        return
    report.problems.append(f"The ZIP itself was changed at byte {differs:,}, in {_region(layout, differs)}: every "
                           "file matches its hash, but the bundle is not the ZIP CivicGuard wrote")


def verify(data: bytes, *, limits: BundleLimits | None = None) -> VerifyReport:
    """Check a bundle: every file's SHA-256 and size against manifest.json, manifest.json against manifest.sha256,
    no file missing or added, no unsafe name, and the ZIP itself byte for byte as `build` writes it. The report
    says what is wrong, file by file. BundleUnreadable when the file is not a ZIP, is damaged beyond reading, or
    is too big once opened."""
    limits = limits or BundleLimits()
    report = VerifyReport()
    with _open(data) as archive:
        try:
            infos = archive.infolist()
            _check_limits(infos, limits)
            contents = _read_entries(archive, data, limits, report)
        except BundleUnreadable:
            raise
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, struct.error) as error:
            raise BundleUnreadable(f"the ZIP file is damaged and cannot be read ({error})") from None
    unreadable = {info.filename for info in infos} - set(contents)
    manifest = _manifest(contents, report)
    if manifest is not None:
        report.manifest = manifest
        _check_files(manifest, contents, unreadable, report)
        if manifest.get("format") != FORMAT and report.intact:
            report.problems.append(f"{MANIFEST} does not say it is a CivicGuard evidence bundle ({FORMAT})")
    if report.intact:
        _check_structure(data, contents, report)
    return report
