"""Small packs for engine tests, built from test detectors registered here."""

from __future__ import annotations

import re
import time
from pathlib import Path

import yaml

from civicguard.engine.detectors.base import Detector, Document, Params
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import Detection


class WordParams(Params):
    word: str
    confidence: float = 0.9
    model_only: bool = False


@register
class WordDetector(Detector):
    name = "test.word"
    Params = WordParams

    def detect(self, doc: Document) -> list[Detection]:
        p = self.params
        assert isinstance(p, WordParams)
        return [Detection(m.start(), m.end(), p.confidence, label="word", model_only=p.model_only)
                for m in re.finditer(re.escape(p.word), doc.text)]


@register
class BrokenDetector(Detector):
    name = "test.broken"

    def detect(self, doc: Document) -> list[Detection]:
        raise RuntimeError("model file missing")


@register
class SlowDetector(Detector):
    name = "test.slow"
    timeout = 0.05

    def detect(self, doc: Document) -> list[Detection]:
        time.sleep(0.5)
        return []


@register
class SlowOnWordDetector(Detector):
    """Overruns its limit on a text holding "slow" and finds nothing on any other."""

    name = "test.slow_on_word"
    timeout = 0.05

    def detect(self, doc: Document) -> list[Detection]:
        if "slow" in doc.text:
            time.sleep(0.5)
        return []


def rule(rule_id: str, detector: str, severity: str = "block", *, params: dict | None = None,
         applies_to: tuple[str, ...] = ("official", "comment"), category: str = "offensive",
         threshold: float = 0.5) -> dict:
    return {"id": rule_id, "clauses": ["1.1"], "category": category, "applies_to": list(applies_to),
            "detector": detector, "params": params or {}, "severity": severity, "threshold": threshold,
            "message": "Found {term}.", "remedy": "Remove it."}


def write_pack(tmp_path: Path, rules: list[dict], **overrides: object) -> Path:
    data = {
        "id": "testshire", "council": "Testshire Council", "citation": "Testshire", "status": "draft",
        "document": {"title": "Test policy", "source": "test.md", "version": "1"},
        "clauses": [{"number": "1.1", "heading": "Intro", "text": "Be nice."}],
        "rules": rules,
    }
    data.update(overrides)
    path = tmp_path / "pack.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path
