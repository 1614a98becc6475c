"""Writing an export (audit entries, comments) to a file or standard output, counting what was written."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

import click

from civicguard.errors import BadInput

T = TypeVar("T")


class Counted:
    """Wraps the rows of an export so the command can say how many it wrote once the stream has run."""

    def __init__(self, rows: Iterable[T]) -> None:
        self.rows: Iterable[Any] = rows
        self.count = 0

    def __iter__(self) -> Iterator[Any]:
        for row in self.rows:
            self.count += 1
            yield row


def write_export(rows: Counted, render: Callable[[Iterable[Any]], Iterable[str]], output: str | None) -> bool:
    """Stream `render(rows)` to `output`, or to standard output when None. True when a file was written."""
    chunks = render(rows)
    if output is None:
        for chunk in chunks:
            click.echo(chunk, nl=False)
        return False
    try:
        # newline="": the CSV writer already ends rows with CRLF.
        with open(output, "w", encoding="utf-8", newline="") as fh:
            for chunk in chunks:
                fh.write(chunk)
    except OSError as exc:
        raise BadInput(f"Cannot write {output}: {exc.strerror or exc}") from None
    return True
