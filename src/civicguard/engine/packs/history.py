"""A council's policy across its versions: where each version's wording is kept, and what changed between two.

The wording in force is the pack's own `clauses.yaml` (its version is `document.version` in `pack.yaml`). When a
council adopts a new version, whoever maintains the pack first copies the old wording to
`policies/<council>/versions/<folder>/clauses.yaml`, a YAML mapping naming the version it holds:

    version: July 2023          # exactly as document.version named it
    issued: 2023-07-01          # optional: orders the versions
    clauses:                    # the clauses as they were (number, heading, text; enforcement may be left out)
    - number: '1.1'
      heading: Introduction
      text: ...

and then changes `clauses.yaml` and `document.version`. The loader reads neither `versions/` nor its files, so an
old wording never changes what is checked. `civicguard policy diff COUNCIL --from V1 --to V2` and the policy
review pages compare two versions through `clause_changes`.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from civicguard.engine.packs import loader
from civicguard.engine.packs.errors import PackError, PackProblem
from civicguard.engine.packs.schema import Clause

VERSIONS = "versions"


class UnknownVersion(LookupError):
    """No wording is kept for that version of the council's policy."""

    def __init__(self, message: str, *, known: list[str]) -> None:
        super().__init__(message)
        self.message = message
        self.known = known


@dataclass(frozen=True)
class PackVersion:
    version: str
    clauses: tuple[Clause, ...]
    source: str
    """The file the wording comes from."""
    current: bool = False
    """The pack's own clauses.yaml: the version the engine checks against."""
    issued: date | None = None

    @property
    def digest(self) -> str:
        return clauses_digest(self.clauses)


def clauses_digest(clauses: Iterable[Clause]) -> str:
    """sha256 of the clauses' numbers, headings and wording (not how they are enforced)."""
    rows = [[c.number, c.heading, c.text] for c in clauses]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()


class KeptVersionError(PackError, ValueError):
    """A kept version's file cannot be read: not YAML, no `version`, a clause without a number (or otherwise not a
    clause), or two files naming the same version. Names the file (and line) and what is wrong, as PackError does
    for a pack; `plain` says it for a page, without the server's own paths."""

    code = "invalid_kept_version"

    def __init__(self, problems: list[PackProblem], *, council: str, folders: list[str],
                 version: str | None) -> None:
        super().__init__(problems)
        self.council, self.folders, self.version = council, folders, version
        what = f"version {version}" if version else f"the version kept in {VERSIONS}/{folders[0]}/"
        why = "; ".join(_reason(p) for p in problems)
        self.message = f"the kept wording of {what} cannot be read: " + "; ".join(str(p) for p in problems)
        self.args = (self.message,)
        files = " and ".join(f"policies/{council}/{VERSIONS}/{f}/clauses.yaml" for f in folders)
        self.plain = f"The kept wording of {what} could not be read: {why} (in {files})."


def _reason(problem: PackProblem) -> str:
    return f"line {problem.line}: {problem.message}" if problem.line else problem.message


def _old_version(file: Path, council: str) -> PackVersion:
    folder = file.parent.name

    def fail(message: str, line: int | None = None, field: str | None = None,
             version: str | None = None) -> KeptVersionError:
        return KeptVersionError([PackProblem(str(file), line, None, field, message)], council=council,
                                folders=[folder], version=version)

    try:
        data, node = loader._compose(file)
    except PackError as exc:
        problem = exc.problems[0]
        raise fail(problem.message, problem.line) from None
    if not isinstance(data, dict) or node is None:
        raise fail("expected a mapping with 'version', 'issued' and 'clauses'", 1)
    version = data.get("version")
    if version is None or not str(version).strip():
        raise fail("it does not say which version it holds: add 'version:' naming it exactly as the pack's "
                   "document.version did", 1, "version")
    version = str(version).strip()
    if not isinstance(data.get("clauses"), list):
        raise fail("'clauses' must be a list of clauses (number, heading, text)", loader._line(node, ("clauses",)),
                   "clauses", version)
    clauses: list[Clause] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(data["clauses"]):
        line = loader._line(node, ("clauses", i))
        name = f"clause {raw.get('number')}" if isinstance(raw, dict) and raw.get("number") else \
            f"the clause at position {i + 1} in the list"
        if not isinstance(raw, dict):
            raise fail(f"{name} is not a mapping of number, heading and text", line, "clauses", version)
        try:
            clause = Clause.model_validate(raw)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = tuple(err["loc"])
            field = ".".join(str(p) for p in loc)
            message = (f"{name} has no {field}" if err["type"] == "missing"
                       else f"{name}: {field}: {err['msg']}")
            raise fail(message, loader._line(node, ("clauses", i, *loc)), field, version) from None
        if clause.number in seen:
            raise fail(f"clause {clause.number} is listed twice (lines {seen[clause.number]} and {line})", line,
                       "number", version)
        seen[clause.number] = line
        clauses.append(clause)
    issued = data.get("issued")
    return PackVersion(version=version, clauses=tuple(clauses), source=str(file),
                       issued=issued if isinstance(issued, date) else None)


def _pack_folder(council: str, packs_dir: Path | None) -> tuple[Path, Any]:
    if packs_dir is None:
        return loader.PACKS_DIR / council, loader.pack_for(council)
    return packs_dir / council, loader.load_pack(packs_dir / council)


def _current(folder: Path, pack: Any) -> PackVersion:
    return PackVersion(version=pack.version, clauses=tuple(pack.clauses), source=str(folder / "clauses.yaml"),
                       current=True, issued=pack.document.issued)


def current_version(council: str, packs_dir: Path | None = None) -> PackVersion:
    """The version in force (the pack's own clauses.yaml), without reading the kept versions."""
    return _current(*_pack_folder(council, packs_dir))


def pack_versions(council: str, packs_dir: Path | None = None) -> list[PackVersion]:
    """Every version of the council's policy whose wording is kept, oldest first, the current one last.

    A kept file that cannot be read, or two files naming the same version, raise KeptVersionError."""
    folder, pack = _pack_folder(council, packs_dir)
    old = [_old_version(f, council) for f in sorted((folder / VERSIONS).glob("*/clauses.yaml"))]
    old = [v for v in old if v.version != pack.version]
    by_version: dict[str, PackVersion] = {}
    for v in old:
        key = v.version.casefold()
        if key in by_version:
            first = by_version[key]
            folders = [Path(first.source).parent.name, Path(v.source).parent.name]
            raise KeptVersionError([PackProblem(v.source, None, None, "version",
                                                f"names version {v.version}, as {first.source} does already: "
                                                "keep each version's wording once")],
                                   council=council, folders=folders, version=v.version)
        by_version[key] = v
    old.sort(key=lambda v: (v.issued is None, v.issued or date.min))
    return [*old, _current(folder, pack)]


def find_version(versions: list[PackVersion], version: str) -> PackVersion:
    for v in versions:
        if v.version == version:
            return v
    wanted = version.strip().casefold()
    for v in versions:
        if v.version.strip().casefold() == wanted:
            return v
    known = [v.version for v in versions]
    raise UnknownVersion(f"no wording is kept for version {version!r} (kept: {', '.join(known)})", known=known)


_WORD = re.compile(r"\S+")


def word_diff(before: str, after: str) -> list[dict[str, str]]:
    """The wording as runs of words: {"op": "same" | "removed" | "added", "text": ...}, in reading order."""
    a, b = _WORD.findall(before), _WORD.findall(after)
    out: list[dict[str, str]] = []

    def add(op: str, words: list[str]) -> None:
        if words:
            out.append({"op": op, "text": " ".join(words)})

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("same", a[i1:i2])
        else:
            add("removed", a[i1:i2])
            add("added", b[j1:j2])
    return out


def _plain(clause: Clause) -> dict[str, Any]:
    return {"number": clause.number, "heading": clause.heading, "text": clause.text}


def _order(number: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.findall(r"\d+|[a-z]+", number))


def clause_changes(old: PackVersion, new: PackVersion) -> dict[str, Any]:
    """Added, removed and changed clauses between two versions (by clause number), with a word-level diff of each
    changed clause's wording. Whitespace alone is not a change."""
    before = {c.number: c for c in old.clauses}
    after = {c.number: c for c in new.clauses}
    changed = []
    unchanged = 0
    for number in sorted(set(before) & set(after), key=_order):
        a, b = before[number], after[number]
        same_text = a.text.split() == b.text.split()
        same_heading = a.heading.split() == b.heading.split()
        if same_text and same_heading:
            unchanged += 1
            continue
        changed.append({"number": number, "heading": b.heading,
                        "heading_before": None if same_heading else a.heading,
                        "words": word_diff(a.text, b.text)})
    return {
        "from": old.version, "to": new.version,
        "added": [_plain(after[n]) for n in sorted(set(after) - set(before), key=_order)],
        "removed": [_plain(before[n]) for n in sorted(set(before) - set(after), key=_order)],
        "changed": changed,
        "unchanged": unchanged,
    }


def render_words(words: list[dict[str, str]]) -> str:
    """A word diff as text: removed words in [-...-], added words in {+...+} (as `git diff --word-diff`)."""
    parts = []
    for run in words:
        text = run["text"]
        parts.append(text if run["op"] == "same" else f"[-{text}-]" if run["op"] == "removed" else f"{{+{text}+}}")
    return " ".join(parts)
