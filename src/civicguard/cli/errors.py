"""The command line's one error handler: documented exit codes.

0 = below the --fail-on level, 1 = at or above it, 2 = bad input (a clear message on stderr).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from civicguard.errors import CivicGuardError

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(func: F) -> F:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CivicGuardError as exc:
            click.echo(f"civicguard: error: {exc.message}", err=True)
            sys.exit(EXIT_BAD_INPUT)

    return wrapper  # type: ignore[return-value]
