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

import yaml
from pydantic import ValidationError

from civicguard.engine.packs import loader
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


def _old_version(file: Path) -> PackVersion:
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{file}: cannot be read: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("clauses"), list) or not data.get("version"):
        raise ValueError(f"{file}: expected a mapping with 'version' and a list under 'clauses'")
    try:
        clauses = tuple(Clause.model_validate(c) for c in data["clauses"])
    except ValidationError as exc:
        raise ValueError(f"{file}: {exc.errors()[0]['msg']}") from None
    issued = data.get("issued")
    return PackVersion(version=str(data["version"]), clauses=clauses, source=str(file),
                       issued=issued if isinstance(issued, date) else None)


def pack_versions(council: str, packs_dir: Path | None = None) -> list[PackVersion]:
    """Every version of the council's policy whose wording is kept, oldest first, the current one last."""
    if packs_dir is None:
        folder = loader.PACKS_DIR / council
        pack = loader.pack_for(council)
    else:
        folder = packs_dir / council
        pack = loader.load_pack(folder)
    old = [_old_version(f) for f in sorted((folder / VERSIONS).glob("*/clauses.yaml"))]
    old = [v for v in old if v.version != pack.version]
    old.sort(key=lambda v: (v.issued is None, v.issued or date.min))
    current = PackVersion(version=pack.version, clauses=tuple(pack.clauses), source=str(folder / "clauses.yaml"),
                          current=True, issued=pack.document.issued)
    return [*old, current]


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
