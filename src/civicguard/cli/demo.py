"""`civicguard demo`: load both councils with a person for every role, accounts and example posts."""

from __future__ import annotations

import click

from civicguard.cli.errors import handle_errors
from civicguard.cli.web import open_database


@click.command("demo")
@handle_errors
def demo_command() -> None:
    """Load the demo data (safe to run again) and print the demo sign-ins."""
    open_database()
    from civicguard.demo import load_demo

    result = load_demo()
    click.echo("Demo data loaded. Sign in at /sign-in/ with any of these usernames:")
    for council, people in result.usernames.items():
        click.echo(f"\n  {council}")
        for username, label in people:
            click.echo(f"    {username:<26} {label}")
    prefixes = ", ".join(sorted({u.split('-')[0] for ps in result.usernames.values() for u, _ in ps}))
    click.echo(f"\n  Also <prefix>-approver2 (a second approver) and a representative for one account ({prefixes}).")
    click.echo(f"\n  Password for every demo user: {result.password}")
