"""`civicguard scan`: check many rows (JSONL or CSV) and write one JSON result per line.

Rows need `id`, `text`, `council` and `as`; `politically_restricted`, `links`, `platform` and `images` are
optional. `images` is a list of image files, each a path or {"path", "tagged_people", "alt_text"}; in a CSV cell,
a JSON list or `PATH=Person One,Person Two` items separated by `;`. A path is relative to the folder of the input
file and must stay inside it (an absolute path, `..` or a link leading out of it is refused: a file of rows from
elsewhere cannot make the scan read, and the text check report, files outside its folder). The files are read when
their batch is checked, not all at once. A malformed row (a missing or refused image file included) is reported with
its line number on stderr and skipped; the others are scanned.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import multiprocessing
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

import click

from civicguard.cli.errors import handle_errors
from civicguard.engine import check_many, one_blas_thread, prepare_batch
from civicguard.engine.images.analyse import ref_from_path
from civicguard.engine.inputs import CheckRequest, check_request, csv_records, json_lines
from civicguard.engine.nlp import parsing_deferred
from civicguard.errors import BadInput, CivicGuardError

# Rows checked together: spaCy parses a batch in one pass and the trained models score it at once. Bigger
# batches cost less per row (3,000 benchmark posts, one process, one BLAS thread: 18.3 s with 32, 15.8 s with 256).
BATCH = 256
# The most image bytes one batch holds in memory while it is checked (see _batches).
IMAGE_BATCH_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Row:
    line: int
    id: str
    request: CheckRequest
    image_files: tuple[Path, ...] = ()  # the files of request.content.images, in order (read at check time)

    def loaded(self) -> CheckRequest:
        """The request with each image's bytes read (a file that cannot be read any more goes to a person)."""
        if not self.image_files:
            return self.request
        images = tuple(replace(ref_from_path(path, image.tagged_people, image.alt_text), ref=image.ref)
                       for image, path in zip(self.request.content.images, self.image_files, strict=True))
        return replace(self.request, content=replace(self.request.content, images=images))


def image_file(folder: Path, ref: str) -> Path:
    """The file a row names, inside `folder` (the input file's), or BadInput saying why not."""
    given = Path(ref)
    if given.is_absolute():
        raise BadInput(f"image {ref!r} is an absolute path: give it relative to the folder of the input file",
                       field="images")
    base = folder.resolve()
    path = (base / given).resolve()
    if not path.is_relative_to(base):
        raise BadInput(f"image {ref!r} is outside the folder of the input file ({base}): keep the images in that "
                       "folder or below it", field="images")
    if not path.is_file():
        raise BadInput(f"image {ref!r} is not there: no such file in {base}", field="images")
    return path


def _rows(path: Path, problems: list[str]) -> Iterator[Row]:
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise BadInput(f"Cannot read {path}: {exc}") from None
    folder = path.parent
    with handle:
        is_csv = path.suffix.lower() == ".csv"
        if is_csv:
            yield from _csv_rows(handle, problems, folder)
        else:
            yield from _jsonl_rows(handle, problems, folder)


def _make_row(line: int, data: Any, problems: list[str], folder: Path) -> Row | None:
    try:
        if not isinstance(data, dict):
            raise BadInput("Each row must be a JSON object")
        row_id = data.get("id")
        if row_id is None or str(row_id) == "":
            raise BadInput("Give each row an id")
        request = check_request(data)
        files = tuple(image_file(folder, image.ref) for image in request.content.images)
        return Row(line, str(row_id), request, files)
    except CivicGuardError as exc:
        problems.append(f"line {line}: {exc.message}")
        return None


def _jsonl_rows(handle: IO[str], problems: list[str], folder: Path) -> Iterator[Row]:
    for number, data in json_lines(handle, problems):
        row = _make_row(number, data, problems, folder)
        if row is not None:
            yield row


def _csv_rows(handle: IO[str], problems: list[str], folder: Path) -> Iterator[Row]:
    reader = csv.DictReader(handle)
    missing = {"id", "text", "council", "as"} - set(reader.fieldnames or [])
    if missing:
        raise BadInput(f"The CSV header lacks {', '.join(sorted(missing))}: add these columns")
    for line, record in csv_records(reader, problems):
        row = _make_row(line, record, problems, folder)
        if row is not None:
            yield row


def _model_memos(batch: list[Row]) -> list[dict[str, Any]]:
    """What the detectors share for a whole batch, worked out at once and handed to each check: the trained
    models' scores here (on the second thread); the spaCy parses are left to the thread that checks the batch."""
    with parsing_deferred():
        return prepare_batch([(r.request.content, r.request.context) for r in batch])


def _check_batch(batch: list[Row], memos: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Check a batch in one pass of spaCy and of the trained models (much faster than one at a time)."""
    requests = [r.loaded() for r in batch]
    results = check_many([(r.content, r.context) for r in requests], memos)
    return [{"id": row.id, "verdict": result.verdict, "council": result.council,
             "policy_version": result.policy_version, "findings": [f.to_dict() for f in result.findings]}
            for row, result in zip(batch, results, strict=True)]


def _image_bytes(row: Row) -> int:
    total = 0
    for path in row.image_files:
        with contextlib.suppress(OSError):  # a file gone since is read (and sent to a person) when checked
            total += path.stat().st_size
    return total


def _batches(rows: Iterator[Row]) -> Iterator[list[Row]]:
    """Rows in batches of BATCH; a batch is cut early once its image files add up to IMAGE_BATCH_BYTES, since a
    batch's images are all in memory while it is checked (and an image costs far more than the batching saves)."""
    batch: list[Row] = []
    image_bytes = 0
    for row in rows:
        batch.append(row)
        image_bytes += _image_bytes(row)
        if len(batch) == BATCH or image_bytes >= IMAGE_BATCH_BYTES:
            yield batch
            batch, image_bytes = [], 0
    if batch:
        yield batch


def _summary(counts: Counter[str], categories: Counter[str], skipped: int, seconds: float) -> str:
    total = sum(counts.values())
    rate = total / seconds if seconds else 0.0
    lines = ["", f"{'scanned':<22}{total:>8}", f"{'skipped (malformed)':<22}{skipped:>8}"]
    for verdict in ("block", "warn", "pass"):
        lines.append(f"{'verdict ' + verdict:<22}{counts[verdict]:>8}")
    for cat, n in categories.most_common():
        lines.append(f"{'  ' + cat:<22}{n:>8}")
    lines.append(f"{'seconds':<22}{seconds:>8.1f}")
    lines.append(f"{'rows per second':<22}{rate:>8.1f}")
    return "\n".join(lines)


@click.command("scan")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="Write results here (default stdout).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes.")
@click.option("--quiet", is_flag=True, help="No progress bar or summary.")
@handle_errors
def scan_command(file: Path, out: Path | None, workers: int, quiet: bool) -> None:
    """Scan FILE (JSONL, or CSV with a header) and write one JSON result per row."""
    problems: list[str] = []
    rows = list(_rows(file, problems))
    for p in problems:
        click.echo(f"civicguard scan: skipped {p}", err=True)
    sink: IO[str] = out.open("w", encoding="utf-8") if out else sys.stdout
    counts: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    started = time.perf_counter()
    batches = list(_batches(iter(rows)))
    progress = click.progressbar(length=len(rows), label="scanning", file=sys.stderr if not quiet else io.StringIO())
    try:
        with progress as bar:
            if workers == 1:
                from threadpoolctl import threadpool_limits

                # One BLAS thread: one core for the checks, the other for the models' thread (_pipelined).
                with threadpool_limits(limits=1):
                    _drain(_pipelined(batches), sink, bar, counts, categories)
            else:
                ctx = multiprocessing.get_context("fork")
                with ctx.Pool(workers, initializer=one_blas_thread) as pool:
                    _drain(pool.imap(_check_batch, batches), sink, bar, counts, categories)
    finally:
        if out:
            sink.close()
    if not quiet:
        click.echo(_summary(counts, categories, len(problems), time.perf_counter() - started), err=True)


def _pipelined(batches: list[list[Row]]) -> Iterator[list[dict[str, Any]]]:
    """One process: while a batch is checked, a thread scores the next one with the trained models (their
    matrix products release the GIL), so the sentence encoder runs on the core the checks leave idle."""
    from concurrent.futures import ThreadPoolExecutor

    if not batches:
        return
    with ThreadPoolExecutor(1, thread_name_prefix="civicguard-models") as ahead:
        upcoming = ahead.submit(_model_memos, batches[0])
        for i, batch in enumerate(batches):
            memos = upcoming.result()
            if i + 1 < len(batches):
                upcoming = ahead.submit(_model_memos, batches[i + 1])
            yield _check_batch(batch, memos)


def _drain(results: Iterator[list[dict[str, Any]]], sink: IO[str], bar: Any, counts: Counter[str],
           categories: Counter[str]) -> None:
    for chunk in results:
        for r in chunk:
            sink.write(json.dumps(r, ensure_ascii=False) + "\n")
            counts[r["verdict"]] += 1
            categories.update({f["category"] for f in r["findings"]})
        bar.update(len(chunk))
