"""`civicguard accounts add|list`: the council's official accounts."""

from __future__ import annotations

import click

from civicguard.cli.errors import handle_errors
from civicguard.cli.web import open_database


@click.group("accounts")
def accounts() -> None:
    """Register and list official accounts (the full account lifecycle comes later)."""


@accounts.command("add")
@click.option("--council", "council_id", required=True, help="Council id, e.g. sefton.")
@click.option("--platform", required=True, help="facebook, instagram, x, youtube, mastodon, linkedin, tiktok...")
@click.option("--handle", required=True, help="The account's handle, e.g. @SeftonCouncil.")
@click.option("--platform-id", default="", help="The platform's own id for the account (for webhooks).")
@handle_errors
def add(council_id: str, platform: str, handle: str, platform_id: str) -> None:
    """Register an official account."""
    open_database()
    from civicguard.apps.councils.services import council_for_pack
    from civicguard.apps.social_accounts.services import account_add

    account = account_add(council=council_for_pack(council_id), platform=platform, handle=handle,
                          platform_id=platform_id)
    click.echo(f"registered {account} for {account.council.name} (id {account.pk})")


@accounts.command("list")
@click.option("--council", "council_id", default=None, help="Only this council.")
@handle_errors
def list_accounts(council_id: str | None) -> None:
    open_database()
    from civicguard.apps.social_accounts.models import SocialAccount

    rows = SocialAccount.objects.select_related("council")
    if council_id:
        rows = rows.filter(council__slug=council_id)
    for a in rows:
        click.echo(f"{a.pk}\t{a.council.slug}\t{a.platform}\t{a.handle}\t{a.platform_id}")
