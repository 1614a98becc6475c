"""`civicguard consent expire|export`: the photo consent register (Sefton 5.5) from the command line.

Exit codes: 0 = done, 2 = bad input or not allowed (a clear message on stderr)."""

from __future__ import annotations

import click

from civicguard.cli.errors import handle_errors
from civicguard.cli.web import open_database


@click.group("consent")
def consent() -> None:
    """The photo consent register: the daily expiry job, and the register's export."""


@consent.command("expire")
@handle_errors
def expire_command() -> None:
    """Run the daily job now: each consent whose last day has passed raises a takedown task for every published
    post that used an image of its person (once: safe to run again)."""
    open_database()
    from civicguard.apps.consent.services import consent_expire_due

    report = consent_expire_due()
    click.echo(f"{report.records} consent{'s' if report.records != 1 else ''} ended, "
               f"{report.tasks} takedown task{'s' if report.tasks != 1 else ''} raised")


@consent.command("export")
@click.option("--as", "username", required=True, help="Who is exporting (their roles decide what is included).")
@click.option("--council", "slug", required=True, help="The council (its pack id), e.g. sefton.")
@handle_errors
def export_command(username: str, slug: str) -> None:
    """Write the consent register as CSV to standard output (audited, like the page's export)."""
    open_database()
    from civicguard.apps.consent.services import consent_register_export
    from civicguard.cli.unblocking import council_of, person

    actor = person(username)
    click.echo(consent_register_export(actor=actor, council=council_of(actor, slug), via="cli"), nl=False)
