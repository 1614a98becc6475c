"""Turn a published policy document (plain text or Markdown) into a draft policy pack.

The importer finds numbered sections ("1 Introduction", "1. Introduction"), numbered clauses ("5.2 ...",
"- 5.5.4.10 ...", "5.5. ..."), lettered sub-items ("a) ..." become clauses 5.3a, 5.3b, ...), bullets and
unnumbered sub-headings, joins text wrapped over lines or split by page breaks, and drops page-break junk
(a bare web address or page number on a line of its own). Every clause of the draft is left for a person to
classify: `enforcement` is empty with the note "draft: classify".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import yaml

DRAFT_NOTE = "draft: classify"

_CLAUSE = re.compile(r"^(?:[-*+•]\s+|#{1,6}\s+)?(\d+(?:\.\d+)+)\.?(?:\s+(.*))?$")
_SECTION = re.compile(r"^(?:#{1,6}\s*)?(\d+)\.?\s+(\S.*)$")
_LETTER = re.compile(r"^(?:[-*+•]\s+)?\(?([a-z])\)\s+(.*)$")
_BULLET = re.compile(r"^[•·▪◦●*+-]\s+(.*)$")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
_META = re.compile(r"^([A-Z][A-Za-z ]{1,30}):\s+(.+)$")
_JUNK = re.compile(r"^(?:https?://\S+|www\.\S+|\d+|page \d+(?: of \d+)?)$", re.IGNORECASE)
_TERMINAL = (".", ":", ";", "!", "?", ")", "'", '"', "’", "”")


@dataclass
class _Clause:
    number: str
    heading: str
    blocks: list[list[str]] = field(default_factory=list)  # [kind, text]: kind "para" or "bullet"
    parent: _Clause | None = None  # set for lettered items

    def add(self, line: str, *, bullet: bool = False, after_blank: bool = False) -> None:
        if bullet:
            self.blocks.append(["bullet", line])
            return
        if not self.blocks:
            self.blocks.append(["para", line])
            return
        last = self.blocks[-1]
        continues = not after_blank or line[:1].islower() or not last[1].rstrip().endswith(_TERMINAL)
        if continues:
            last[1] = f"{last[1]} {line}"
        else:
            self.blocks.append(["para", line])

    def text(self) -> str:
        lines = []
        for kind, raw in self.blocks:
            cleaned = clean_inline(raw)
            lines.append(f"• {cleaned}" if kind == "bullet" else cleaned)
        return "\n".join(line for line in lines if line.strip("• "))


def clean_inline(text: str) -> str:
    """Plain text from one line of Markdown: links keep their words, emphasis marks go, spaces collapse."""
    text = re.sub(r"\[([^\]]+)\]\(\s*(#[^)]*)?\s*\)", r"\1", text)  # [words](#) -> words
    text = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r"\1 (\2)", text)  # [words](url) -> words (url)
    text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)", r"\1", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def _parse_date(value: str) -> date | None:
    cleaned = re.sub(r"(\d+)(?:st|nd|rd|th)\b", r"\1", clean_inline(value))
    for fmt in ("%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def _is_title_like(line: str) -> bool:
    """A short line that reads as a heading: capitalised, no closing punctuation, a few words."""
    plain = clean_inline(line)
    return (
        bool(plain)
        and plain[0].isupper()
        and len(plain) <= 60
        and len(plain.split()) <= 8
        and not plain.endswith((".", ":", ";", ",", "!", "?"))
    )


class _Parser:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.section: int | None = None
        self.section_heading = ""
        self.subheading: str | None = None
        self.clauses: list[_Clause] = []
        self.current: _Clause | None = None
        self.preamble: list[str] = []
        self.unnumbered: dict[str, list[str]] = {}

    def _clause_match(self, line: str) -> re.Match[str] | None:
        m = _CLAUSE.match(line)
        if m is None:
            return None
        if self.section is not None and m.group(1).split(".")[0] != str(self.section):
            return None  # "2.5 million ..." inside section 5 is text, not a clause
        return m

    def _section_match(self, line: str) -> re.Match[str] | None:
        m = _SECTION.match(line)
        if m is None:
            return None
        number, heading = int(m.group(1)), clean_inline(m.group(2))
        # sections run in order (a withdrawn section may leave a small gap); anything else is text
        expected = self.section is None or self.section < number <= self.section + 3
        if not expected or not heading[:1].isupper() or len(heading) > 80 or heading.endswith("."):
            return None
        return m

    def _next_content(self, i: int) -> str | None:
        for line in self.lines[i + 1 :]:
            if line and not _JUNK.match(line):
                return line
        return None

    def parse(self) -> None:
        after_blank = True
        for i, line in enumerate(self.lines):
            if not line:
                after_blank = True
                continue
            if _JUNK.match(line):
                continue  # page-break debris: a bare web address or page number keeps after_blank as it was
            self._line(i, line, after_blank)
            after_blank = False

    def _line(self, i: int, line: str, after_blank: bool) -> None:
        if (m := self._clause_match(line)) is not None:
            number, rest = m.group(1), m.group(2) or ""
            self.current = _Clause(number, self.subheading or self.section_heading)
            self.clauses.append(self.current)
            if rest:
                self.current.add(rest)
            return
        if (m := self._section_match(line)) is not None:
            self.section, self.section_heading = int(m.group(1)), clean_inline(m.group(2))
            self.subheading, self.current = None, None
            return
        if self.section is None:
            self.preamble.append(line)
            return
        if (m := _LETTER.match(line)) is not None and self.current is not None:
            parent = self.current.parent or self.current
            self.current = _Clause(parent.number + m.group(1), parent.heading, parent=parent)
            self.clauses.append(self.current)
            self.current.add(m.group(2))
            return
        nxt = self._next_content(i)
        if (
            after_blank
            and _is_title_like(_MD_HEADING.sub(r"\1", line))
            and nxt is not None
            and self._clause_match(nxt) is not None
        ):
            self.subheading, self.current = clean_inline(_MD_HEADING.sub(r"\1", line)), None
            return
        bullet = _BULLET.match(line)
        if self.current is None:
            kept = clean_inline(bullet.group(1) if bullet else line)
            self.unnumbered.setdefault(self.section_heading, []).append(kept)
            return
        if bullet is not None:
            self.current.add(bullet.group(1), bullet=True)
        else:
            self.current.add(line, after_blank=after_blank)


def _resolve_headings(clauses: list[_Clause]) -> dict[str, str]:
    """A numbered clause that only names its children ("5.5.1 Taking photographs ...") is a heading: it and
    its children take its text as their heading."""
    numbers = [c.number for c in clauses]
    heading_text: dict[str, str] = {}
    for c in clauses:
        text = c.text()
        has_children = any(n.startswith(c.number + ".") for n in numbers)
        if has_children and "\n" not in text and len(text) <= 150 and not text.endswith(_TERMINAL[:5]):
            heading_text[c.number] = text
    headings: dict[str, str] = {}
    for c in clauses:
        base = c.parent or c
        parts = base.number.split(".")
        found = None
        for k in range(len(parts), 1, -1):
            if (prefix := ".".join(parts[:k])) in heading_text:
                found = heading_text[prefix]
                break
        headings[c.number] = found or base.heading
    return headings


def _document(
    preamble: list[str], unnumbered: dict[str, list[str]], council: str, source: str | None
) -> dict[str, Any]:
    meta: dict[str, str] = {}
    title: str | None = None
    for line in preamble:
        text = clean_inline(_MD_HEADING.sub(r"\1", line))
        if (m := _META.match(text)) is not None:
            meta[m.group(1).strip().lower()] = m.group(2).strip()
        elif title is None and text:
            title = text
    notes = []
    if title is None:
        title = f"{council} Social Media Policy"
        notes.append("The document states no title; the importer supplied this one.")
    issued = _parse_date(meta.pop("issue date", "")) if "issue date" in meta else None
    amended = [a.strip() for a in meta.pop("amended", "").split(",") if a.strip()]
    version = amended[-1] if amended else (issued.isoformat() if issued else "as published (undated)")
    if not amended and issued is None:
        notes.append("The document states no version or date.")
    notes += [f"{k.capitalize()}: {v}" for k, v in meta.items()]
    notes += [f"Unnumbered text under {h!r}: {'; '.join(lines)}" for h, lines in unnumbered.items()]
    doc: dict[str, Any] = {"title": title, "source": source or "imported document", "version": version}
    if issued is not None:
        doc["issued"] = issued
    if amended:
        doc["amended"] = amended
    if notes:
        doc["notes"] = " ".join(n if n.endswith(".") else n + "." for n in notes)
    return doc


def _council_name(council_id: str, preamble: list[str]) -> str:
    for line in preamble:
        if (m := re.match(r"^(?:#+\s*)?(.*?\bCouncil)\b", clean_inline(line))) and not _META.match(line):
            return m.group(1)
    return council_id.replace("-", " ").replace("_", " ").title()


def import_document(
    text: str, *, council_id: str, council_name: str | None = None, source: str | None = None
) -> dict[str, Any]:
    """A draft pack (a dict ready for `load_pack` or `dump_pack_yaml`) holding every clause of `text`."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\f", "\n").split("\n")]
    parser = _Parser(lines)
    parser.parse()
    name = council_name or _council_name(council_id, parser.preamble)
    headings = _resolve_headings(parser.clauses)
    citation = re.sub(r"\s+(?:Metropolitan Borough |Borough |City |County )?Council$", "", name) or name
    return {
        "id": council_id,
        "council": name,
        "citation": citation,
        "status": "draft",
        "document": _document(parser.preamble, parser.unnumbered, name, source),
        "clauses": [
            {
                "number": c.number,
                "heading": headings[c.number],
                "text": c.text(),
                "enforcement": {"workflows": [], "informational": False, "note": DRAFT_NOTE},
            }
            for c in parser.clauses
        ],
    }


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    if len(value) > 80:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def dump_pack_yaml(pack: dict[str, Any]) -> str:
    """Readable YAML for a pack dict: keys in their given order, long text as block scalars."""
    return yaml.dump(pack, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
