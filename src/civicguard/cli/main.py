"""The `civicguard` command."""

from __future__ import annotations

import logging

import click

from civicguard import __version__
from civicguard.cli.accounts import accounts
from civicguard.cli.advice import advice
from civicguard.cli.audit import audit
from civicguard.cli.breaches import breaches
from civicguard.cli.cases import cases
from civicguard.cli.check import check_command
from civicguard.cli.comments import beat_command, comments, worker_command
from civicguard.cli.consent import consent
from civicguard.cli.demo import demo_command
from civicguard.cli.disclosure import disclosure
from civicguard.cli.elections import elections
from civicguard.cli.eval import eval_command
from civicguard.cli.investigations import investigations
from civicguard.cli.notifications import notifications
from civicguard.cli.onboarding import training
from civicguard.cli.policy import policy
from civicguard.cli.report import report_command
from civicguard.cli.reviews import reviews
from civicguard.cli.scan import scan_command
from civicguard.cli.serve import serve_command
from civicguard.cli.staff import staff
from civicguard.cli.unblocking import unblocking
from civicguard.cli.users import users


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
cli.add_command(serve_command)
cli.add_command(demo_command)
cli.add_command(users)
cli.add_command(staff)
cli.add_command(training)
cli.add_command(notifications)
cli.add_command(accounts)
cli.add_command(reviews)
cli.add_command(audit)
cli.add_command(comments)
cli.add_command(worker_command)
cli.add_command(beat_command)
cli.add_command(unblocking)
cli.add_command(advice)
cli.add_command(consent)
cli.add_command(cases)
cli.add_command(breaches)
cli.add_command(disclosure)
cli.add_command(elections)
cli.add_command(investigations)
cli.add_command(report_command)


def main() -> None:
    cli(prog_name="civicguard")
