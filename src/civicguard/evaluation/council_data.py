"""The council evaluation set (``data/council``): hand-written council posts and comments, labelled by category.

Items are written into ``data/council/raw/*.jsonl`` (the fields and the label vocabulary are in
``data/council/SPEC.md``) and split once into ``train``, ``validation`` and ``test`` by a hash of each item's
paraphrase ``group``, so variants of one situation never straddle two splits. The hash of a group never changes,
so items added later join the split their group hashes to and nothing already split moves:

    .venv/bin/python -m civicguard.evaluation.council_data            # check the raw files, write the splits
    .venv/bin/python -m civicguard.evaluation.council_data --check    # check only (CI: the splits are current)

Training reads ``train`` (and ``validation`` to choose thresholds); only the eval reads ``test``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from civicguard.errors import BadInput

DATA_DIR = Path(__file__).resolve().parents[3] / "data" / "council"
SPLITS = ("train", "validation", "test")
# Shares of the hash space: half to train, a fifth to validation, the rest (about 30%) to test, so each category's
# test rows are enough to measure recall to within a few points.
_TRAIN_UPTO, _VALIDATION_UPTO = 0.5, 0.7

CHANNELS = ("official", "personal", "reply", "comment")
ALL_CHANNELS = frozenset(CHANNELS)
# Where each label applies (SPEC.md); the eval counts a label only in these channels.
LABEL_CHANNELS: dict[str, frozenset[str]] = {
    "safeguarding": ALL_CHANNELS,
    "discrimination": ALL_CHANNELS,
    "offensive": ALL_CHANNELS,
    "defamation": ALL_CHANNELS,
    "personal_data": ALL_CHANNELS,
    "special_category": ALL_CHANNELS,
    "confidential": ALL_CHANNELS,
    "inappropriate_link": ALL_CHANNELS,
    "council_email": ALL_CHANNELS,
    "criticism": frozenset({"personal"}),
    "personal_view": frozenset({"personal"}),
    "political": frozenset({"personal"}),
    "public_case_handling": frozenset({"reply"}),
    "service_request": frozenset({"comment"}),
    "complaint": frozenset({"comment"}),
    "press_enquiry": frozenset({"comment"}),
}
LABELS: tuple[str, ...] = tuple(LABEL_CHANNELS)
SAFEGUARDING_KINDS = ("neglect", "physical_abuse", "sexual_abuse", "emotional_abuse", "child_sexual_exploitation",
                      "child_criminal_exploitation", "missing_child", "domestic_abuse", "financial_abuse",
                      "self_harm_suicide", "looked_after_child_identified")
# The nine protected characteristics of the Equality Act 2010, as the set spells them.
CHARACTERISTICS = ("age", "disability", "gender_reassignment", "marriage_civil_partnership", "pregnancy_maternity",
                   "race", "religion_belief", "sex", "sexual_orientation")
COUNCILS = ("st-helens", "sefton")


@dataclass(frozen=True)
class Item:
    id: str
    group: str
    council: str
    channel: str
    text: str
    labels: frozenset[str]
    politically_restricted: bool = False
    hard_negative: bool = False
    looks_like: tuple[str, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def characteristics(self) -> tuple[str, ...]:
        value = self.detail.get("discrimination", ())
        return tuple(value) if isinstance(value, list) else ((value,) if value else ())

    @property
    def safeguarding_kind(self) -> str | None:
        value = self.detail.get("safeguarding")
        return str(value) if value else None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "group": self.group, "council": self.council, "channel": self.channel,
                "politically_restricted": self.politically_restricted, "text": self.text,
                "labels": sorted(self.labels), "detail": self.detail, "hard_negative": self.hard_negative,
                "looks_like": list(self.looks_like)}


def split_of(group: str) -> str:
    """The split a paraphrase group belongs to, from the SHA-256 of its name (stable across runs and machines)."""
    share = int.from_bytes(hashlib.sha256(group.encode("utf-8")).digest()[:8], "big") / 2**64
    return "train" if share < _TRAIN_UPTO else "validation" if share < _VALIDATION_UPTO else "test"


def _problem(where: str, message: str) -> BadInput:
    return BadInput(f"{where}: {message}", data={"where": where})


def parse_item(data: Any, where: str) -> Item:
    """One item from its JSON, every field checked against SPEC.md (the message names the file and line)."""
    if not isinstance(data, dict):
        raise _problem(where, "an item must be a JSON object")
    for key in ("id", "group", "council", "channel", "text", "labels"):
        if key not in data:
            raise _problem(where, f"missing field {key!r}")
    if data["council"] not in COUNCILS:
        raise _problem(where, f"council {data['council']!r} is not one of {', '.join(COUNCILS)}")
    if data["channel"] not in CHANNELS:
        raise _problem(where, f"channel {data['channel']!r} is not one of {', '.join(CHANNELS)}")
    text = data["text"]
    if not isinstance(text, str) or not text.strip():
        raise _problem(where, "text must be a non-empty string")
    labels = data["labels"]
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise _problem(where, "labels must be a list of strings")
    unknown = sorted(set(labels) - set(LABELS))
    if unknown:
        raise _problem(where, f"unknown label(s) {', '.join(unknown)}")
    misplaced = sorted(x for x in labels if data["channel"] not in LABEL_CHANNELS[x])
    if misplaced:
        raise _problem(where, f"label(s) {', '.join(misplaced)} do not apply in the {data['channel']} channel")
    detail = data.get("detail") or {}
    if not isinstance(detail, dict):
        raise _problem(where, "detail must be an object")
    kinds = detail.get("safeguarding")
    if kinds is not None and kinds not in SAFEGUARDING_KINDS:
        raise _problem(where, f"unknown safeguarding kind {kinds!r}")
    chars = detail.get("discrimination", [])
    chars = chars if isinstance(chars, list) else [chars]
    bad = sorted(set(chars) - set(CHARACTERISTICS))
    if bad:
        raise _problem(where, f"unknown characteristic(s) {', '.join(map(str, bad))}")
    if "discrimination" in labels and not chars:
        raise _problem(where, "a discrimination item names its characteristic(s) in detail.discrimination")
    restricted = bool(data.get("politically_restricted", False))
    if "political" in labels and not restricted:
        raise _problem(where, "political applies only to politically restricted staff")
    return Item(id=str(data["id"]), group=str(data["group"]), council=data["council"], channel=data["channel"],
                text=text, labels=frozenset(labels), politically_restricted=restricted,
                hard_negative=bool(data.get("hard_negative", False)),
                looks_like=tuple(str(x) for x in data.get("looks_like", []) or []), detail=detail)


def read_items(paths: Iterable[Path]) -> list[Item]:
    items: list[Item] = []
    seen: dict[str, str] = {}
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{path.name} line {number}"
                try:
                    data = json.loads(line)
                except ValueError as exc:
                    raise _problem(where, f"not JSON ({exc})") from exc
                item = parse_item(data, where)
                if item.id in seen:
                    raise _problem(where, f"id {item.id!r} already used at {seen[item.id]}")
                seen[item.id] = where
                items.append(item)
    return items


def raw_items(data_dir: Path = DATA_DIR) -> list[Item]:
    return read_items(sorted((data_dir / "raw").glob("*.jsonl")))


def load_split(split: str, data_dir: Path = DATA_DIR) -> list[Item]:
    path = data_dir / f"{split}.jsonl"
    if not path.is_file():
        raise BadInput(f"no council {split} split at {path}: run python -m civicguard.evaluation.council_data")
    return read_items([path])


def split_items(items: Sequence[Item]) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = {s: [] for s in SPLITS}
    for item in items:
        out[split_of(item.group)].append(item)
    return out


def _render(items: Sequence[Item]) -> str:
    return "".join(json.dumps(i.to_dict(), ensure_ascii=False) + "\n" for i in items)


def summary(items: Sequence[Item]) -> str:
    """Counts per label, characteristic and safeguarding kind, per split: what SPEC.md's minimums are checked on."""
    by_split = split_items(items)
    lines = [f"{'':34}{'all':>6}" + "".join(f"{s:>12}" for s in SPLITS)]

    def row(name: str, pred: Any) -> None:
        counts = [sum(1 for i in by_split[s] if pred(i)) for s in SPLITS]
        lines.append(f"{name:34}{sum(counts):>6}" + "".join(f"{c:>12}" for c in counts))

    row("items", lambda i: True)
    row("hard negatives", lambda i: i.hard_negative)
    for label in LABELS:
        row(label, lambda i, lab=label: lab in i.labels)
    for char in CHARACTERISTICS:
        row(f"  discrimination: {char}", lambda i, c=char: c in i.characteristics)
    for kind in SAFEGUARDING_KINDS:
        row(f"  safeguarding: {kind}", lambda i, k=kind: i.safeguarding_kind == k)
    for channel in CHANNELS:
        row(f"channel {channel}", lambda i, ch=channel: i.channel == ch)
    for council in COUNCILS:
        row(f"council {council}", lambda i, c=council: i.council == c)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="check the raw files and that the splits are current")
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    try:
        items = raw_items(args.data)
    except BadInput as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    stale = []
    for split, chosen in split_items(items).items():
        path = args.data / f"{split}.jsonl"
        wanted = _render(chosen)
        if not path.is_file() or path.read_text(encoding="utf-8") != wanted:
            stale.append(split)
            if not args.check:
                path.write_text(wanted, encoding="utf-8")
    print(summary(items))
    print(Counter(i.council for i in items))
    if args.check and stale:
        print(f"error: split(s) out of date: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
