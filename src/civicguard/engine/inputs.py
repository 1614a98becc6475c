"""Turn loosely typed input (a JSON body, a JSONL or CSV row, command-line options) into a check request.

Shared by the command line, the scan command and the web API, so every entry point accepts the same fields
and rejects bad input with the same clear messages.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from civicguard.engine.model import CHANNELS, PLATFORMS, Content, Context, EmbargoedDocument, ImageRef
from civicguard.engine.packs.loader import pack_for
from civicguard.errors import BadInput

# A check is for one social media post or comment; anything far beyond that is a mistake or an attack.
MAX_TEXT_CHARS = 100_000
_TRUE = {"1", "true", "yes", "y", "on"}
_FALSE = {"0", "false", "no", "n", "off", ""}


@dataclass(frozen=True)
class CheckRequest:
    content: Content
    context: Context


def as_bool(value: Any, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, (int, str)):
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise BadInput(f"{field} must be true or false, not {value!r}", field=field)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise BadInput("text must be a string", field="text")
    if len(value) > MAX_TEXT_CHARS:
        raise BadInput(f"text is {len(value):,} characters; the limit is {MAX_TEXT_CHARS:,}", field="text")
    # Lone surrogates cannot be encoded or stored; refuse them rather than fail later.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput("text contains invalid Unicode (lone surrogates)", field="text") from None
    return value.replace("\x00", "")


def _strings(value: Any, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise BadInput(f"{field} must be a list of strings", field=field)


def image_spec(text: str) -> tuple[str, tuple[str, ...]]:
    """`PATH[=Person One,Person Two]` (the command line's --image, a CSV cell's item): the path and the names."""
    path, _, people = text.partition("=")
    return path.strip(), tuple(p.strip() for p in people.split(",") if p.strip())


def _image_items(value: Any) -> list[Any]:
    """The images as a list. A string (a CSV cell) is a JSON list when it starts with '[', else items separated by
    ';', each `PATH[=Person One,Person Two]`."""
    if isinstance(value, str):
        if value.strip().startswith("["):
            try:
                value = json.loads(value)
            except (json.JSONDecodeError, RecursionError):
                raise BadInput("images is not a valid JSON list", field="images") from None
        else:
            out: list[Any] = []
            for item in value.split(";"):
                if item.strip():
                    path, people = image_spec(item)
                    out.append({"path": path, "tagged_people": list(people)})
            return out
    if not isinstance(value, list):
        raise BadInput("images must be a list", field="images")
    return value


def _images(value: Any) -> tuple[ImageRef, ...]:
    """The attached images by reference: a string, or an object with `ref` (or `path`, the name scan rows use),
    `tagged_people` and `alt_text`. Only references: the engine never opens one; a trusted caller (the command
    line, the scan) reads the files itself and gives their bytes."""
    if value is None or value == "":
        return ()
    out = []
    for i, item in enumerate(_image_items(value)):
        if isinstance(item, str) and item.strip():
            out.append(ImageRef(ref=item))
            continue
        ref = item.get("ref", item.get("path")) if isinstance(item, Mapping) else None
        if not (isinstance(ref, str) and ref.strip()):
            raise BadInput(f"images[{i}] must be a path or reference string, or an object with 'path' (or 'ref')",
                           field="images")
        out.append(ImageRef(ref=ref, tagged_people=_strings(item.get("tagged_people"), f"images[{i}].tagged_people"),
                            alt_text=str(item.get("alt_text") or "")))
    return tuple(out)


def _embargoed(value: Any) -> tuple[EmbargoedDocument, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise BadInput("embargoed must be a list", field="embargoed")
    out = []
    for i, item in enumerate(value):
        if not (isinstance(item, Mapping) and isinstance(item.get("text"), str)):
            raise BadInput(f"embargoed[{i}] must be an object with 'text'", field="embargoed")
        until = item.get("until")
        try:
            until_date = date.fromisoformat(until) if until else None
        except (TypeError, ValueError):
            raise BadInput(f"embargoed[{i}].until must be a date like 2027-03-31", field="embargoed") from None
        out.append(EmbargoedDocument(title=str(item.get("title") or f"document {i + 1}"), text=item["text"],
                                     until=until_date))
    return tuple(out)


def _platform(value: Any) -> str | None:
    """The platform the post is for, or None when not given (then no platform rule applies)."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().lower() in PLATFORMS:
        return value.strip().lower()
    raise BadInput(f"platform must be one of {', '.join(PLATFORMS)}, not {value!r}", field="platform")


def check_request(data: Mapping[str, Any], *, default_council: str | None = None) -> CheckRequest:
    """Validate one request: `text`, `council`, `as` (channel), optional `politically_restricted`, `links`,
    `images`, `embargoed`, `platform`. Raises BadInput naming the field."""
    if not isinstance(data, Mapping):
        raise BadInput("a check request must be a JSON object")
    council = data.get("council") or default_council
    if not isinstance(council, str) or not council:
        raise BadInput("council is required (for example st-helens or sefton)", field="council")
    pack_for(council)  # raises UnknownPack with the known ids
    channel = data.get("as", data.get("channel"))
    if channel not in CHANNELS:
        raise BadInput(f"as must be one of {', '.join(CHANNELS)}, not {channel!r}", field="as")
    if "text" not in data:
        raise BadInput("text is required", field="text")
    content = Content(text=_text(data["text"]), links=_strings(data.get("links"), "links"),
                      images=_images(data.get("images")))
    context = Context(
        council=council,
        channel=channel,
        politically_restricted=as_bool(data.get("politically_restricted"), "politically_restricted"),
        embargoed=_embargoed(data.get("embargoed")),
        platform=_platform(data.get("platform")),
    )
    return CheckRequest(content, context)


def csv_records(reader: csv.DictReader[str], problems: list[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) for each well-formed row of a CSV file read with a header. A malformed row, or
    one with more fields than the header, is reported in `problems` (with its line) and skipped."""
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(f"line {reader.line_num}: malformed CSV ({exc})")
            continue
        if None in record:
            problems.append(f"line {reader.line_num}: more fields than the header")
            continue
        yield reader.line_num, record


def json_lines(lines: Iterable[str], problems: list[str]) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) for each non-blank line of a JSON Lines file. A line that is not JSON, or
    is nested too deeply to parse, is reported in `problems` (with its number) and skipped."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            yield number, json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})")
        except RecursionError:
            problems.append(f"line {number}: JSON nested too deeply")
