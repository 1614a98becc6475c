"""Run the sections and write the report: Markdown for people, JSON for tools."""

from __future__ import annotations

import importlib
import json
import platform
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from civicguard import __version__
from civicguard.evaluation.base import EvalContext, Section
from civicguard.evaluation.sections import SECTIONS


def section_names() -> list[str]:
    return [spec.split(":")[1] if spec.split(":")[1] != "run" else spec.split(":")[0].rsplit(".", 1)[1]
            for spec in SECTIONS]


def _entry(spec: str) -> Callable[[EvalContext], Section]:
    module, func = spec.split(":")
    fn: Callable[[EvalContext], Section] = getattr(importlib.import_module(module), func)
    return fn


def run_sections(ctx: EvalContext, only: Sequence[str] | None = None,
                 progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    started = time.perf_counter()
    sections: list[dict[str, Any]] = []
    for name, spec in zip(section_names(), SECTIONS, strict=True):
        if only and name not in only:
            continue
        t0 = time.perf_counter()
        if progress:
            progress(name)
        try:
            result = _entry(spec)(ctx).to_dict()
        except FileNotFoundError as exc:
            result = {"name": name, "skipped": f"data missing: {exc}"}
        result["seconds"] = round(time.perf_counter() - t0, 1)
        sections.append(result)
    return {
        "civicguard": __version__, "date": date.today().isoformat(), "split": ctx.split,
        "data": str(ctx.data_dir), "limit": ctx.limit, "seed": ctx.seed, "python": platform.python_version(),
        "seconds": round(time.perf_counter() - started, 1), "sections": sections,
    }


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v).replace("|", "\\|").replace("\n", " ")


def to_markdown(report: dict[str, Any], command: str = "") -> str:
    lines = [f"# CivicGuard detector evaluation ({report['split']} split)", ""]
    if command:
        lines += [f"Produced by `{command}` on {report['date']} (CivicGuard {report['civicguard']}, "
                  f"{report['seconds']} s).", ""]
    for s in report["sections"]:
        if "skipped" in s:
            lines += [f"## {s['name']}", "", f"Skipped: {s['skipped']}", ""]
            continue
        lines += [f"## {s['title']}", "",
                  f"Data: `{s['dataset']}`, split `{s['split']}`, {s['rows']} rows; origin: {s['origin']}.", ""]
        for t in s["tables"]:
            if t["title"]:
                lines += [f"**{t['title']}**", ""]
            lines.append("| " + " | ".join(t["columns"]) + " |")
            lines.append("| " + " | ".join("---" for _ in t["columns"]) + " |")
            for row in t["rows"]:
                lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
            lines.append("")
            if t.get("note"):
                lines += [t["note"], ""]
        for note in s["notes"]:
            lines.append(f"- {note}")
        lines.append("")
    return "\n".join(lines)


def write(report: dict[str, Any], out: Path, command: str = "") -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    md, js = out / f"eval-{report['split']}.md", out / f"eval-{report['split']}.json"
    md.write_text(to_markdown(report, command), encoding="utf-8")
    js.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return md, js
