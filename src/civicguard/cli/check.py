"""`civicguard check`: check one piece of content against a council's policy pack."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import click

from civicguard.cli.errors import EXIT_FAILED, EXIT_OK, handle_errors
from civicguard.cli.render import render
from civicguard.engine import Engine
from civicguard.engine.images.analyse import ref_from_path
from civicguard.engine.inputs import check_request, image_spec
from civicguard.engine.model import CHANNELS, PLATFORMS, ImageRef, restriction_from
from civicguard.engine.verdict import at_or_above
from civicguard.errors import BadInput


def _read_text(text: str | None, file: Path | None) -> str:
    if file is not None and text is not None:
        raise BadInput("Give the text or --file, not both")
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInput(f"Cannot read {file}: {exc}") from None
    if text is None or text == "-":
        if sys.stdin is None or sys.stdin.isatty():
            raise BadInput("Give the text to check: pass TEXT, --file F, or - to read standard input")
        return sys.stdin.read()
    return text


def _image(spec: str) -> ImageRef:
    """An --image PATH[=Person One,Person Two]: the file read here (the engine never opens a path itself), named
    in the findings as typed. A file that is not there is bad input; one that cannot be decoded goes to a person."""
    path, people = image_spec(spec)
    if not path:
        raise BadInput("Give --image a file: PATH or PATH=Person One,Person Two", field="image")
    if not Path(path).is_file():
        raise BadInput(f"Cannot read image {path}: there is no such file", field="image")
    return replace(ref_from_path(path, people), ref=path)


def _embargo(spec: str) -> dict[str, str | None]:
    path, _, until = spec.partition("@")
    return {"title": Path(path).name, "text": _read_text(None, Path(path)), "until": until or None}


@click.command("check")
@click.argument("text", required=False)
@click.option("--file", "file", type=click.Path(path_type=Path, dir_okay=False), help="Read the text from a file.")
@click.option("--council", required=True, help="Council id, e.g. st-helens or sefton.")
@click.option("--as", "channel", required=True, type=click.Choice(CHANNELS), help="Where the text will appear.")
@click.option("--politically-restricted", is_flag=True, help="The author holds a politically restricted post.")
@click.option("--link", "links", multiple=True, help="A link attached to the post (repeatable).")
@click.option("--image", "images", multiple=True,
              help="An attached image file as PATH or PATH=Person One,Person Two (the people tagged in it). The "
                   "image checks read it (repeatable).")
@click.option("--embargoed", "embargoed", multiple=True,
              help="An unpublished document the post must not leak, as FILE or FILE@YYYY-MM-DD (embargo end).")
@click.option("--platform", type=click.Choice(PLATFORMS), default=None,
              help="The platform the post is for (its length is checked against that platform's limit).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--fail-on", type=click.Choice(["warn", "block"]), default="block", show_default=True,
              help="Exit 1 when the verdict is at or above this level.")
@handle_errors
def check_command(text: str | None, file: Path | None, council: str, channel: str, politically_restricted: bool,
                  links: tuple[str, ...], images: tuple[str, ...], embargoed: tuple[str, ...], platform: str | None,
                  as_json: bool, fail_on: str) -> None:
    """Check TEXT (or --file F, or - for standard input) against a council's social media policy.

    Exit status: 0 below the --fail-on level, 1 at or above it, 2 for bad input.
    """
    body = _read_text(text, file)
    request = check_request({"text": body, "council": council, "as": channel,
                             "politically_restricted": politically_restricted, "links": list(links),
                             "embargoed": [_embargo(e) for e in embargoed], "platform": platform})
    attached = tuple(_image(spec) for spec in images)
    request = replace(request, content=replace(request.content, images=attached))
    result = Engine.for_council(council).check(request.content, request.context)
    # The command line has no staff records: the flag is the person's own statement (St Helens 5.7).
    said = restriction_from(hr_record=None, stated=politically_restricted)
    if as_json:
        click.echo(json.dumps({**result.to_dict(), **said.to_dict()}, ensure_ascii=False, indent=2))
    else:
        click.echo(render(result, body, colour=sys.stdout.isatty()))
        if said.restricted:
            click.echo("Checked as a politically restricted post, as you say (--politically-restricted): the "
                       "command line has no staff records from HR.")
    sys.exit(EXIT_FAILED if at_or_above(result.verdict, fail_on) else EXIT_OK)
