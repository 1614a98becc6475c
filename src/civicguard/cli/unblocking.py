"""`civicguard unblocking list|decide|expire`: website unblocking requests (Sefton 5.1, Appendix 2) from the
command line, as a named person (--as), through the same services and checks as the pages and the API.

Exit codes: 0 = done, 2 = bad input or not allowed (a clear message on stderr)."""

from __future__ import annotations

import json
from typing import Any

import click

from civicguard.cli.errors import handle_errors
from civicguard.errors import BadInput

DECISION_NAMES = ["pass_on", "return", "approve", "refuse", "ad_approve", "ad_refuse", "withdraw"]


def _start() -> None:
    from civicguard.cli.web import setup_django

    setup_django()


def person(username: str) -> Any:
    from django.contrib.auth import get_user_model

    actor = get_user_model().objects.filter(username=username, is_active=True).first()
    if actor is None:
        raise BadInput(f"There is no active user called {username!r}: see `civicguard users list`")
    return actor


def council_of(actor: Any, slug: str) -> Any:
    from civicguard.apps.access.checks import councils_of

    council = next((c for c in councils_of(actor) if c.slug == slug), None)
    if council is None:
        raise BadInput(f"{actor.username} has no role in a council {slug!r}")
    return council


def _row(req: Any) -> dict[str, Any]:
    return {"id": req.pk, "council": req.council.slug, "team": req.team, "sites": req.site_names,
            "expires": req.expires.isoformat(), "status": req.status, "status_label": req.get_status_display(),
            "requested_by": req.requested_by.username, "needs_assistant_director": req.needs_ad}


@click.group("unblocking")
def unblocking() -> None:
    """Website unblocking requests: list them, decide the next step, end expired access."""


@unblocking.command("list")
@click.option("--council", "council_slug", required=True, metavar="SLUG", help="The council, e.g. sefton.")
@click.option("--as", "username", required=True, metavar="USERNAME",
              help="Whose view: the ICT helpdesk and the Computer Auditor see every request, anyone else their own.")
@click.option("--status", default=None, help="Only requests with this status, e.g. submitted or active.")
@click.option("--json", "as_json", is_flag=True, help="Print them as JSON.")
@handle_errors
def list_command(council_slug: str, username: str, status: str | None, as_json: bool) -> None:
    """The requests USERNAME may see, newest first."""
    _start()
    from civicguard.apps.access.checks import require
    from civicguard.apps.unblocking.services import visible

    actor = person(username)
    council = council_of(actor, council_slug)
    require(actor, "unblocking.request", council)
    qs = visible(user=actor, council=council)
    if status:
        qs = qs.filter(status=status)
    rows = [_row(r) for r in qs]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for r in rows:
        click.echo(f"{r['id']}\t{r['status_label']}\t{r['team']}\t{', '.join(r['sites'])}\tuntil {r['expires']}\t"
                   f"{r['requested_by']}")
    if not rows:
        click.echo("no requests", err=True)


@unblocking.command("decide")
@click.argument("request_id", type=int)
@click.option("--as", "username", required=True, metavar="USERNAME", help="Who decides (their roles are checked).")
@click.option("--decision", required=True, type=click.Choice(DECISION_NAMES),
              help="pass_on or return (ICT helpdesk), approve or refuse (Computer Auditor), ad_approve or ad_refuse "
                   "(the helpdesk records the Assistant Director's e-mail), withdraw (the requester).")
@click.option("--note", default="", help="Reasons; for ad_approve and ad_refuse, the Assistant Director's e-mail "
                                         "(who sent it, when, its reference).")
@click.option("--needs-ad", is_flag=True, help="With pass_on: the Assistant Director must approve too.")
@handle_errors
def decide_command(request_id: int, username: str, decision: str, note: str, needs_ad: bool) -> None:
    """Decide the next step of request REQUEST_ID."""
    _start()
    from civicguard.apps.access.checks import councils_of
    from civicguard.apps.unblocking.models import UnblockRequest
    from civicguard.apps.unblocking.services import request_of, unblock_request_decide

    actor = person(username)
    found = UnblockRequest.objects.filter(pk=request_id, council__in=councils_of(actor)).first()
    if found is None:
        raise BadInput(f"{username} has no unblocking request {request_id}")
    req = request_of(user=actor, council=found.council, pk=request_id)
    req = unblock_request_decide(actor=actor, request=req, decision=decision, note=note, needs_ad=needs_ad)
    click.echo(f"request {req.pk} ({req.team}): {req.get_status_display().lower()}")


@unblocking.command("expire")
@handle_errors
def expire_command() -> None:
    """End the access of every request whose last day has passed (the daily task does this too)."""
    _start()
    from civicguard.apps.unblocking.services import unblock_requests_expire

    click.echo(f"{unblock_requests_expire()} request(s) expired")
