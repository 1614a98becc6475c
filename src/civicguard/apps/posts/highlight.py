"""Split checked text into runs so each finding's words can be highlighted (findings may overlap)."""

from __future__ import annotations

from typing import Any

_RANK = {"info": 1, "warn": 2, "block": 3}


def segments(text: str, findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """[{text, findings: [index...], severity}] covering `text` in order; spans outside the text are ignored."""
    cuts = {0, len(text)}
    spans = []
    for i, f in enumerate(findings):
        start, end = max(0, int(f.get("start", 0))), min(len(text), int(f.get("end", 0)))
        if end > start:
            spans.append((start, end, i))
            cuts.update((start, end))
    points = sorted(cuts)
    out: list[dict[str, Any]] = []
    for a, b in zip(points, points[1:], strict=False):
        covering = [i for s, e, i in spans if s <= a and b <= e]
        severity = max((findings[i].get("severity", "info") for i in covering), key=lambda s: _RANK.get(s, 0),
                       default="")
        if out and out[-1]["findings"] == covering:
            out[-1]["text"] += text[a:b]
        else:
            out.append({"text": text[a:b], "findings": covering, "severity": severity})
    return out
