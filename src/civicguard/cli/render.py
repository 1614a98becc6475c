"""Human-readable check results: the text with flagged spans marked, then each finding with its clause
and remedy."""

from __future__ import annotations

import textwrap

import click

from civicguard.engine.model import CheckResult, Finding

_COLOURS = {"block": "red", "warn": "yellow", "info": "cyan"}


def _marked(text: str, findings: list[tuple[int, Finding]], colour: bool) -> str:
    """Wrap each flagged region in [[ ]] with the numbers of the findings that point at it. Overlapping
    spans are merged so the marks never interleave."""
    regions: list[tuple[int, int, list[int]]] = []
    for start, end, n in sorted((f.start, f.end, n) for n, f in findings if f.end > f.start):
        if regions and start < regions[-1][1]:
            first, last, numbers = regions[-1]
            regions[-1] = (first, max(last, end), [*numbers, n])
        else:
            regions.append((start, end, [n]))
    out, pos = [], 0
    for start, end, numbers in regions:
        out.append(text[pos:start])
        piece = f"[[{text[start:end]}]]{','.join(map(str, numbers))}"
        out.append(click.style(piece, fg="red", bold=True) if colour else piece)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def render(result: CheckResult, text: str, *, colour: bool = False) -> str:
    numbered = list(enumerate(result.findings, start=1))
    lines = [_marked(text, numbered, colour), ""]
    for n, f in numbered:
        head = f"{n}. {f.severity.value.upper():5}  {f.category}  ({', '.join(f.clauses)})  rule {f.rule}"
        lines.append(click.style(head, fg=_COLOURS[f.severity.value]) if colour else head)
        if f.text:
            lines.append(f"   words: \"{f.text}\"  confidence {f.confidence:.2f}")
        lines.extend(textwrap.wrap(f.message, 96, initial_indent="   ", subsequent_indent="   "))
        lines.extend(textwrap.wrap("Fix: " + f.remedy, 96, initial_indent="   ", subsequent_indent="   "))
        if f.redacted:
            lines.append(f"   redacted: {f.redacted}")
    verdict = result.verdict.upper()
    summary = (f"Verdict: {verdict}  ({len(result.findings)} finding(s); "
               f"{result.council} policy {result.policy_version})")
    lines.append(click.style(summary, bold=True) if colour else summary)
    return "\n".join(lines)
