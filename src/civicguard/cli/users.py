"""`civicguard users create|token|list`: people, their roles and API tokens."""

from __future__ import annotations

import click

from civicguard.apps.access.roles import ROLES
from civicguard.cli.errors import handle_errors
from civicguard.cli.web import open_database
from civicguard.errors import BadInput


@click.group("users")
def users() -> None:
    """Create people, give them a role, print API tokens."""


@users.command("create")
@click.argument("username")
@click.option("--council", "council_id", required=True, help="Council id (its pack id), e.g. st-helens.")
@click.option("--role", required=True, type=click.Choice(list(ROLES)), help="The person's role in that council.")
@click.option("--password", default=None, help="Sign-in password (omit for a system account that uses a token).")
@click.option("--email", default="", help="E-mail address.")
@click.option("--account", "account_handle", default=None, help="For a representative: the account handle.")
@handle_errors
def create(username: str, council_id: str, role: str, password: str | None, email: str,
           account_handle: str | None) -> None:
    """Create USERNAME with one role in one council."""
    open_database()
    from civicguard.apps.councils.services import council_for_pack
    from civicguard.apps.social_accounts.models import SocialAccount
    from civicguard.apps.staff.services import user_create

    council = council_for_pack(council_id)
    account = None
    if account_handle:
        account = SocialAccount.objects.filter(council=council, handle=account_handle).first()
        if account is None:
            raise BadInput(f"There is no account {account_handle!r} in {council_id}: see `civicguard accounts list`")
    user_create(username=username, council=council, role=role, password=password, email=email, account=account)
    click.echo(f"created {username}: {ROLES[role]} in {council.name}")


@users.command("token")
@click.argument("username")
@handle_errors
def token(username: str) -> None:
    """Print a new API token for USERNAME (use it as `Authorization: Bearer TOKEN`); older tokens stop working."""
    open_database()
    from django.contrib.auth import get_user_model

    from civicguard.apps.staff.services import token_issue

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise BadInput(f"There is no user called {username!r}: see `civicguard users list`")
    click.echo(token_issue(user=user))


@users.command("list")
@click.option("--council", "council_id", default=None, help="Only this council.")
@handle_errors
def list_users(council_id: str | None) -> None:
    """List people and their roles."""
    open_database()
    from civicguard.apps.staff.models import RoleAssignment

    rows = RoleAssignment.objects.select_related("user", "council", "account").order_by("council__slug",
                                                                                          "user__username")
    if council_id:
        rows = rows.filter(council__slug=council_id)
    for a in rows:
        where = f" ({a.account})" if a.account_id else ""
        click.echo(f"{a.council.slug}\t{a.user.username}\t{a.role}{where}")


@users.command("reset-two-factor")
@click.argument("username")
@click.option("--as", "admin", required=True,
              help="The administrator resetting it (of one of the person's councils; named in the audit trail).")
@handle_errors
def reset_two_factor(username: str, admin: str) -> None:
    """Remove USERNAME's two-factor device (a lost phone): they set up a new one at their next password sign-in."""
    open_database()
    from civicguard.apps.sso.services import two_factor_reset
    from civicguard.cli.unblocking import person

    removed = two_factor_reset(user=person(username), actor=person(admin))
    click.echo(f"two-factor sign-in reset for {username} ({removed} device{'s' if removed != 1 else ''} removed): "
               "they set it up again at their next sign-in")
