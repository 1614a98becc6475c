"""The `civicguard` command."""

from __future__ import annotations

import logging

import click

from civicguard import __version__
from civicguard.cli.check import check_command
from civicguard.cli.eval import eval_command
from civicguard.cli.policy import policy
from civicguard.cli.scan import scan_command


@click.group()
@click.version_option(__version__, prog_name="civicguard")
@click.option("-v", "--verbose", is_flag=True, help="Log what the engine is doing.")
def cli(verbose: bool) -> None:
    """CivicGuard: a council's social media policy, put into practice."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(message)s")


cli.add_command(check_command)
cli.add_command(scan_command)
cli.add_command(policy)
cli.add_command(eval_command)


def main() -> None:
    cli(prog_name="civicguard")
