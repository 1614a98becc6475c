"""What every evaluation section shares: the run context, the result shape and the data folder."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from civicguard.errors import BadInput

SPLITS = ("train", "validation", "test")


def default_data_dir() -> Path:
    """``$CIVICGUARD_DATA``, else ``../shared/data`` beside the project (where the workplace keeps it)."""
    env = os.environ.get("CIVICGUARD_DATA")
    if env:
        return Path(env)
    for base in (Path.cwd(), Path(__file__).resolve().parents[3]):
        candidate = base.parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return Path.cwd().parent / "shared" / "data"


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Any]]
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "columns": self.columns, "rows": self.rows, "note": self.note}


@dataclass
class Section:
    """One block of the report: what was measured, on which rows, with the figures (ours and the peers')."""

    name: str
    title: str
    dataset: str
    split: str
    rows: int
    origin: str  # "real" (public labelled data) or "generated" (a seeded generator in this repo)
    tables: list[Table] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "dataset": self.dataset,
            "split": self.split,
            "rows": self.rows,
            "origin": self.origin,
            "metrics": self.metrics,
            "tables": [t.to_dict() for t in self.tables],
            "notes": self.notes,
        }


@dataclass
class EvalContext:
    data_dir: Path
    split: str = "test"
    limit: int | None = None  # first N rows of each file (quick runs and tests)
    seed: int = 13
    cache: dict[str, Any] = field(default_factory=dict)

    def path(self, dataset: str, split: str | None = None, ext: str = "csv") -> Path:
        return self.data_dir / dataset / f"{split or self.split}.{ext}"

    def has(self, dataset: str) -> bool:
        return (self.data_dir / dataset).is_dir()

    def shared(self, key: str, build: Any) -> Any:
        """Build something once per run (a loaded peer, an engine) and share it between sections."""
        if key not in self.cache:
            self.cache[key] = build()
        return self.cache[key]

    def read_csv(self, dataset: str, split: str | None = None) -> list[dict[str, str]]:
        path = self.path(dataset, split)
        if not path.is_file():
            raise BadInput(f"{path} does not exist", data={"path": str(path)})
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        return rows[: self.limit] if self.limit else rows

    def read_json(self, dataset: str, split: str | None = None) -> list[dict[str, Any]]:
        path = self.path(dataset, split, "json")
        if not path.is_file():
            raise BadInput(f"{path} does not exist", data={"path": str(path)})
        with open(path, encoding="utf-8") as fh:
            rows = json.load(fh)
        return rows[: self.limit] if self.limit else rows

    def read_jsonl(self, dataset: str, name: str) -> Iterator[dict[str, Any]]:
        path = self.data_dir / dataset / name
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)
