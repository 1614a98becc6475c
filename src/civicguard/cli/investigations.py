"""`civicguard investigations ...`: investigations, profile viewings and RIPA authorisations from the command line
(St Helens 8.1-8.3; issue 18).

Exit codes: 0 = done, 2 = bad input or not allowed (a clear message on stderr)."""

from __future__ import annotations

import click


@click.group("investigations")
def investigations() -> None:
    """Investigations, profile viewings, RIPA authorisations and the central record."""
