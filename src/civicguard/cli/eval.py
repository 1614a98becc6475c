"""`civicguard eval`: measure the detectors on labelled public data, beside the peers, on the same rows."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import click

from civicguard.cli.errors import handle_errors
from civicguard.errors import BadInput


@click.command("eval")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder laid out like ../shared/data (default: $CIVICGUARD_DATA, else ../shared/data).")
@click.option("--split", type=click.Choice(["test", "validation", "train"]), default="test", show_default=True,
              help="Split to report on. Thresholds are always chosen on validation.")
@click.option("--only", default="", help="Comma-separated section names (default: all).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("eval-results"),
              show_default=True, help="Folder for eval-SPLIT.md and eval-SPLIT.json.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the first N rows of each file.")
@click.option("--seed", type=int, default=13, show_default=True, help="Seed for generated sets and disguises.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON report instead of the Markdown.")
@handle_errors
def eval_command(data_dir: Path | None, split: str, only: str, out: Path, limit: int | None, seed: int,
                 as_json: bool) -> None:
    """Precision, recall and F1 per detector and label, with alt-profanity-check, better-profanity, Presidio
    and a majority-class baseline on the same rows."""
    from civicguard.evaluation.base import EvalContext, default_data_dir
    from civicguard.evaluation.report import run_sections, section_names, to_markdown, write

    data = data_dir or default_data_dir()
    if not data.is_dir():
        raise BadInput(f"There is no data folder at {data}: pass --data DIR or set CIVICGUARD_DATA",
                       data={"path": str(data)})
    names = [n.strip() for n in only.split(",") if n.strip()]
    # A family's name selects all its sections: `--only images` runs images, images_nudity and images_text.
    names = [s for n in names for s in ([s for s in section_names() if s == n or s.startswith(n + "_")] or [n])]
    unknown = sorted(set(names) - set(section_names()))
    if unknown:
        raise BadInput(f"Unknown section(s) {', '.join(unknown)}: choose from {', '.join(section_names())}")
    ctx = EvalContext(data_dir=data, split=split, limit=limit, seed=seed)
    report = run_sections(ctx, names or None, progress=lambda n: click.echo(f"running {n} ...", err=True))
    # How this run was started, as a person would retype it: `civicguard eval ...` or `bench/eval.py ...`.
    started_as = click.get_current_context().command_path
    args = " ".join(shlex.quote(a) for a in sys.argv[1:])
    command = (f"{started_as} {args}" if started_as.endswith(".py") else
               "civicguard " + args if args else "civicguard eval")
    md, js = write(report, out, command)
    click.echo(json.dumps(report, indent=2, ensure_ascii=False) if as_json else to_markdown(report, command))
    click.echo(f"wrote {md} and {js}", err=True)
