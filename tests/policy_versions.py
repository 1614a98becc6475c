"""A copy of Sefton's pack with a history: the shipped wording kept as version "July 2023", and a current version
"July 2026" in which 1.3's wording changed, 1.4 was removed and 11.9 was added."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from civicguard.engine.packs import loader

OLD, NEW = "July 2023", "July 2026"
CHANGED_FROM = "traditional communication methods"
CHANGED_TO = "printed and telephone communication methods"
ADDED_TEXT = "Staff must complete the council's social media e-learning every two years."


def versioned_packs(tmp_path: Path) -> Path:
    packs = tmp_path / "packs"
    folder = packs / "sefton"
    shutil.copytree(loader.PACKS_DIR / "sefton", folder)
    clauses = yaml.safe_load((folder / "clauses.yaml").read_text(encoding="utf-8"))["clauses"]
    old = folder / "versions" / "july-2023"
    old.mkdir(parents=True)
    (old / "clauses.yaml").write_text(yaml.safe_dump({"version": OLD, "issued": "2023-07-01",
                                                      "clauses": clauses}, sort_keys=False), encoding="utf-8")
    new = []
    for c in clauses:
        if c["number"] == "1.4":
            continue
        if c["number"] == "1.3":
            c = {**c, "text": c["text"].replace(CHANGED_FROM, CHANGED_TO)}
        new.append(c)
    new.append({"number": "11.9", "heading": "Summary", "text": ADDED_TEXT,
                "enforcement": {"informational": True, "note": "test clause"}})
    (folder / "clauses.yaml").write_text(yaml.safe_dump({"clauses": new}, sort_keys=False), encoding="utf-8")
    pack = (folder / "pack.yaml").read_text(encoding="utf-8")
    (folder / "pack.yaml").write_text(pack.replace(f"  version: {OLD}\n", f"  version: {NEW}\n", 1),
                                      encoding="utf-8")
    return packs


@pytest.fixture
def sefton_with_history(tmp_path, monkeypatch):
    """Sefton's pack (the shipped id) read from the copy with a history, for as long as the test runs."""
    monkeypatch.setattr(loader, "PACKS_DIR", versioned_packs(tmp_path))
    loader.pack_for.cache_clear()
    yield
    monkeypatch.undo()
    loader.pack_for.cache_clear()


def kept_file(folder: str = "july-2023", council: str = "sefton") -> Path:
    """A kept version's file in the copy the fixture reads (use inside a test that has `sefton_with_history`)."""
    return loader.PACKS_DIR / council / "versions" / folder / "clauses.yaml"


# Kept files that cannot be read: (the file, what the error says is wrong, the line it names).
BROKEN = {
    "bad YAML": ("version: July 2023\nclauses:\n  - number: '1.1'\n   heading: [unclosed\n", "not valid YAML", 4),
    "no version": ("issued: 2023-07-01\nclauses:\n  - number: '1.1'\n    heading: Intro\n    text: Words\n",
                   "it does not say which version it holds", 1),
    "a clause without a number": ("version: July 2023\nclauses:\n  - number: '1.1'\n    heading: Intro\n"
                                  "    text: Words\n  - heading: Scope\n    text: More words\n",
                                  "the clause at position 2 in the list has no number", 6),
}
