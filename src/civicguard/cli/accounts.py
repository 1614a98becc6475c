"""`civicguard accounts`: the council's official accounts and the business cases for new ones.

`add` and `list` register and list accounts; `cases`, `endorse`, `decide`, `create`, `go-live`, `close`,
`providers` and `provider-add` act as a named person (--as), through the same services and checks as the pages
and the API.
Exit codes: 0 = done, 2 = bad input or not allowed (a clear message on stderr). A login e-mail is never printed.
"""

from __future__ import annotations

import json
from typing import Any

import click

from civicguard.cli.errors import handle_errors
from civicguard.cli.web import open_database


@click.group("accounts")
def accounts() -> None:
    """Official accounts and the business cases for new ones."""


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
        click.echo(f"{a.pk}\t{a.council.slug}\t{a.platform}\t{a.handle}\t{a.platform_id}\t{a.status}")


def _person(username: str) -> Any:
    from django.contrib.auth import get_user_model

    from civicguard.errors import BadInput

    actor = get_user_model().objects.filter(username=username, is_active=True).first()
    if actor is None:
        raise BadInput(f"There is no active user called {username!r}: see `civicguard users list`")
    return actor


def _council(actor: Any, slug: str) -> Any:
    from civicguard.apps.access.checks import councils_of
    from civicguard.errors import BadInput

    council = next((c for c in councils_of(actor) if c.slug == slug), None)
    if council is None:
        raise BadInput(f"{actor.username} has no role in a council {slug!r}")
    return council


def _case(actor: Any, case_id: int) -> Any:
    from civicguard.apps.access.checks import can, councils_of
    from civicguard.apps.social_accounts.models import BusinessCase
    from civicguard.errors import BadInput

    slugs = [c.slug for c in councils_of(actor) if can(actor, "business_cases.view", c)]
    case = BusinessCase.objects.filter(pk=case_id, council__slug__in=slugs).select_related("council").first()
    if case is None:
        raise BadInput(f"{actor.username} has no business case {case_id}")
    return case


def _case_row(case: Any) -> dict[str, Any]:
    return {"id": case.pk, "council": case.council.slug, "title": case.title, "platform": case.platform,
            "state": case.state, "state_label": case.get_state_display(), "author": case.author.username,
            "decided_by": case.decided_by.username if case.decided_by else None,
            "decision_reason": case.decision_reason}


@accounts.command("cases")
@click.option("--council", "council_slug", required=True, metavar="SLUG", help="The council, e.g. st-helens.")
@click.option("--as", "username", required=True, metavar="USERNAME", help="Whose view (their roles are checked).")
@click.option("--state", default=None,
              type=click.Choice(["draft", "endorsement", "submitted", "returned", "approved", "refused",
                                 "account_created"]),
              help="Only cases in this state.")
@click.option("--json", "as_json", is_flag=True, help="Print them as JSON.")
@handle_errors
def cases(council_slug: str, username: str, state: str | None, as_json: bool) -> None:
    """The council's business cases for new accounts, newest first."""
    open_database()
    from civicguard.apps.access.checks import require
    from civicguard.apps.social_accounts.models import BusinessCase

    actor = _person(username)
    council = _council(actor, council_slug)
    require(actor, "business_cases.view", council)
    qs = BusinessCase.objects.filter(council=council).select_related("council", "author", "decided_by")
    if state:
        qs = qs.filter(state=state)
    rows = [_case_row(c) for c in qs]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for r in rows:
        click.echo(f"{r['id']}\t{r['state_label']}\t{r['platform'] or '-'}\t{r['author']}\t{r['title']}")
    if not rows:
        click.echo("no business cases", err=True)


@accounts.command("endorse")
@click.argument("case_id", type=int)
@click.option("--as", "username", required=True, metavar="USERNAME",
              help="Who endorses (the service manager of the case's author).")
@click.option("--decision", required=True, type=click.Choice(["endorse", "return"]))
@click.option("--reason", default="", help="Your comments; needed to return it (what the author should change).")
@handle_errors
def endorse(case_id: int, username: str, decision: str, reason: str) -> None:
    """Endorse business case CASE_ID (it goes on to the approver) or return it to its author (St Helens 9.11)."""
    open_database()
    from civicguard.apps.social_accounts.services import business_case_endorse

    actor = _person(username)
    case = business_case_endorse(case=_case(actor, case_id), actor=actor, decision=decision, reason=reason)
    click.echo(f"business case {case.pk} ({case.title}): {case.get_state_display().lower()}")


@accounts.command("decide")
@click.argument("case_id", type=int)
@click.option("--as", "username", required=True, metavar="USERNAME", help="Who decides (the council's approver).")
@click.option("--decision", required=True, type=click.Choice(["approve", "refuse", "return"]))
@click.option("--reason", required=True, help="The reasons for the decision (the case's author reads them).")
@handle_errors
def decide(case_id: int, username: str, decision: str, reason: str) -> None:
    """Approve, refuse or return business case CASE_ID."""
    open_database()
    from civicguard.apps.social_accounts.services import business_case_decide

    actor = _person(username)
    case = business_case_decide(case=_case(actor, case_id), actor=actor, decision=decision, reason=reason)
    click.echo(f"business case {case.pk} ({case.title}): {case.get_state_display().lower()}")


@accounts.command("create")
@click.argument("case_id", type=int)
@click.option("--as", "username", required=True, metavar="USERNAME",
              help="Who creates it (the section the council's policy names).")
@click.option("--handle", required=True, help="The account's handle, e.g. @StHelensParks.")
@click.option("--platform-id", default="", help="The platform's own id for the account.")
@click.option("--login-email", default="", help="A council address for signing in only (stored, never shown).")
@click.option("--conditions-version", default="", help="The provider's conditions of use accepted: their version.")
@click.option("--representative", "representatives", multiple=True, metavar="USERNAME",
              help="Give this person the representative role for the account (repeatable).")
@handle_errors
def create(case_id: int, username: str, handle: str, platform_id: str, login_email: str, conditions_version: str,
           representatives: tuple[str, ...]) -> None:
    """Create the account approved business case CASE_ID asked for (it starts being set up)."""
    open_database()
    from civicguard.apps.social_accounts.services import account_create_from_case

    actor = _person(username)
    reps = [_person(name) for name in representatives]
    account = account_create_from_case(case=_case(actor, case_id), actor=actor, handle=handle,
                                       platform_id=platform_id, login_email=login_email,
                                       conditions_version=conditions_version, representatives=reps)
    click.echo(f"created {account} for {account.council.name} (id {account.pk}): being set up")


@accounts.command("go-live")
@click.argument("account_id", type=int)
@click.option("--as", "username", required=True, metavar="USERNAME", help="Who makes it live.")
@handle_errors
def go_live(account_id: int, username: str) -> None:
    """Put account ACCOUNT_ID on the public register (refused until its record is complete)."""
    open_database()
    from civicguard.apps.access.checks import councils_of
    from civicguard.apps.social_accounts.models import SocialAccount
    from civicguard.apps.social_accounts.services import account_go_live
    from civicguard.errors import BadInput, InvalidState

    actor = _person(username)
    account = SocialAccount.objects.filter(pk=account_id, council__in=councils_of(actor)).first()
    if account is None:
        raise BadInput(f"{username} has no account {account_id}")
    try:
        account = account_go_live(account=account, actor=actor)
    except InvalidState as exc:
        missing = exc.data.get("missing") or [exc.message]
        raise BadInput(f"{account} cannot go live yet: " + "; ".join(missing)) from None
    click.echo(f"{account} is live: listed on /register/{account.council.slug}/")


@accounts.command("close")
@click.argument("account_id", type=int)
@click.option("--as", "username", required=True, metavar="USERNAME", help="Who closes it (manages accounts).")
@click.option("--reason", required=True, help="Why the account is closing (kept in its record and the audit trail).")
@handle_errors
def close(account_id: int, username: str, reason: str) -> None:
    """Close account ACCOUNT_ID for good: it leaves the public register."""
    open_database()
    from civicguard.apps.access.checks import councils_of
    from civicguard.apps.social_accounts.models import SocialAccount
    from civicguard.apps.social_accounts.services import account_close
    from civicguard.errors import BadInput

    actor = _person(username)
    account = SocialAccount.objects.filter(pk=account_id, council__in=councils_of(actor)).first()
    if account is None:
        raise BadInput(f"{username} has no account {account_id}")
    account = account_close(account=account, actor=actor, reason=reason)
    click.echo(f"{account} is closed: no longer listed on /register/{account.council.slug}/")


@accounts.command("providers")
@click.option("--council", "council_slug", required=True, metavar="SLUG", help="The council, e.g. st-helens.")
@click.option("--as", "username", required=True, metavar="USERNAME", help="Whose view (their roles are checked).")
@handle_errors
def providers(council_slug: str, username: str) -> None:
    """The providers the council has deemed inappropriate, with the reasons (St Helens 6.11)."""
    open_database()
    from civicguard.apps.access.checks import require
    from civicguard.apps.social_accounts.models import InappropriateProvider

    actor = _person(username)
    council = _council(actor, council_slug)
    require(actor, "accounts.view", council)
    rows = InappropriateProvider.objects.filter(council=council)
    for p in rows:
        click.echo(f"{p.platform}\t{' '.join(p.reason.split())}")
    if not rows:
        click.echo("no providers deemed inappropriate", err=True)


@accounts.command("provider-add")
@click.option("--council", "council_slug", required=True, metavar="SLUG", help="The council, e.g. st-helens.")
@click.option("--as", "username", required=True, metavar="USERNAME", help="Who records it.")
@click.option("--platform", required=True, help="The provider: facebook, instagram, x, tiktok...")
@click.option("--reason", required=True, help="Why the council deems it inappropriate.")
@handle_errors
def provider_add(council_slug: str, username: str, platform: str, reason: str) -> None:
    """Record a provider the council deems inappropriate: business cases for it are refused with the reason."""
    open_database()
    from civicguard.apps.social_accounts.services import provider_add as add_provider

    actor = _person(username)
    provider = add_provider(council=_council(actor, council_slug), actor=actor, platform=platform, reason=reason)
    click.echo(f"{provider} is deemed inappropriate for {provider.council.name}")
