"""`civicguard investigations ...`: investigations, profile viewings and RIPA authorisations from the command line
(St Helens 8.1-8.3; issue 18).

Every command acts as a named person (`--as USERNAME`), whose roles decide what they may do, through the same
services as the pages; what shows a record is a logged read.

Exit codes: 0 = done, 1 = the viewing was refused (and recorded, with its reason on stderr), 2 = bad input or not
allowed (a clear message on stderr)."""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

import click

from civicguard.cli.errors import EXIT_FAILED, handle_errors
from civicguard.cli.web import open_database

AS = click.option("--as", "username", required=True, help="Who is acting (their roles decide what they may do).")


def _actor(username: str) -> Any:
    from civicguard.cli.unblocking import person

    return person(username)


def _investigation(actor: Any, pk: int) -> Any:
    from civicguard.apps.access.checks import councils_of
    from civicguard.apps.investigations import selectors
    from civicguard.errors import NotFound

    for council in councils_of(actor):
        try:
            return selectors.investigation(user=actor, council=council, pk=pk)
        except NotFound:
            continue
    raise NotFound(f"No investigation {pk} among {actor.username}'s")


def _authorisation(actor: Any, pk: int) -> Any:
    from civicguard.apps.access.checks import councils_of
    from civicguard.apps.investigations import selectors
    from civicguard.errors import NotFound

    for council in councils_of(actor):
        try:
            return selectors.authorisation(user=actor, council=council, pk=pk)
        except NotFound:
            continue
    raise NotFound(f"No authorisation {pk} among {actor.username}'s")


@click.group("investigations")
def investigations() -> None:
    """Investigations, profile viewings, RIPA authorisations and the central record."""


@investigations.command("list")
@AS
@click.option("--council", "slug", required=True, help="The council (its pack id), e.g. st-helens.")
@handle_errors
def list_command(username: str, slug: str) -> None:
    """The investigations this person may read (a logged read): id, reference, service, status, offence."""
    open_database()
    from civicguard.apps.access.checks import require
    from civicguard.apps.investigations import selectors, services
    from civicguard.cli.unblocking import council_of

    actor = _actor(username)
    council = council_of(actor, slug)
    require(actor, "investigations.pages", council)
    found = selectors.investigations(user=actor, council=council)
    services.investigations_list_read(actor=actor, council=council, count=len(found), via="cli")
    for i in found:
        click.echo(f"{i.pk}\t{i.reference}\t{i.service}\t{i.get_status_display()}\t{i.offence}")


@investigations.command("open")
@AS
@click.option("--council", "slug", required=True, help="The council (its pack id).")
@click.option("--reference", required=True, help="The service's reference, e.g. TS/2026/014.")
@click.option("--offence", required=True, help="The offence being investigated.")
@click.option("--service", required=True, help="One of the pack's services, e.g. 'Trading Standards'.")
@click.option("--officer", "officers", multiple=True, help="Another officer's username (repeat for more).")
@handle_errors
def open_command(username: str, slug: str, reference: str, offence: str, service: str,
                 officers: tuple[str, ...]) -> None:
    """Register an investigation; prints its id."""
    open_database()
    from civicguard.apps.investigations.services import investigation_open
    from civicguard.cli.unblocking import council_of

    actor = _actor(username)
    found = investigation_open(actor=actor, council=council_of(actor, slug), reference=reference, offence=offence,
                               service=service, officers=[_actor(o) for o in officers], via="cli")
    click.echo(f"Investigation {found.reference} registered: id {found.pk}")


@investigations.command("view")
@AS
@click.option("--investigation", "pk", type=int, required=True, help="The investigation's id.")
@click.option("--profile", required=True, help="The profile's address.")
@click.option("--purpose", required=True, type=click.Choice(["evidence", "identify", "trace", "recruitment",
                                                             "other"]), help="Why it is viewed.")
@click.option("--detail", default="", help="The purpose in your words.")
@click.option("--recorded", default="", help="What was recorded from the profile.")
@handle_errors
def view_command(username: str, pk: int, profile: str, purpose: str, detail: str, recorded: str) -> None:
    """Log a viewing of a profile: allowed, allowed with the repeat-viewing warning, or refused (exit 1)."""
    open_database()
    from civicguard.apps.investigations.services import profile_view_record

    actor = _actor(username)
    view = profile_view_record(actor=actor, investigation=_investigation(actor, pk), profile_url=profile,
                               purpose=purpose, purpose_detail=detail, recorded=recorded, via="cli")
    if view.outcome == "refused":
        click.echo(view.refusal_reason, err=True)
        sys.exit(EXIT_FAILED)
    click.echo(f"Viewing of {view.profile_url} logged")
    if view.warning:
        click.echo(f"Warning: {view.warning}", err=True)


@investigations.command("apply")
@AS
@click.option("--investigation", "pk", type=int, required=True, help="The investigation's id.")
@click.option("--kind", required=True, type=click.Choice(["directed-surveillance", "chis"]))
@click.option("--subject", required=True, help="Who the surveillance is of.")
@click.option("--profile", "profiles", multiple=True, help="A profile it covers (repeat for more).")
@click.option("--necessity", required=True)
@click.option("--proportionality", required=True)
@click.option("--collateral-intrusion", "collateral", required=True)
@click.option("--threshold", type=click.Choice(["six-months", "listed"]), default=None,
              help="Directed surveillance: the crime threshold met.")
@click.option("--threshold-offence", default="", help="Which listed offence (with --threshold listed).")
@click.option("--confidential-likely", is_flag=True, help="Confidential information is likely to be obtained.")
@handle_errors
def apply_command(username: str, pk: int, kind: str, subject: str, profiles: tuple[str, ...], necessity: str,
                  proportionality: str, collateral: str, threshold: str | None, threshold_offence: str,
                  confidential_likely: bool) -> None:
    """Apply for an authorisation; prints its id."""
    open_database()
    from civicguard.apps.investigations.services import authorisation_apply

    actor = _actor(username)
    made = authorisation_apply(actor=actor, investigation=_investigation(actor, pk), kind=kind, subject=subject,
                               profiles=list(profiles), necessity=necessity, proportionality=proportionality,
                               collateral_intrusion=collateral, threshold=threshold or "",
                               threshold_offence=threshold_offence, confidential_likely=confidential_likely,
                               via="cli")
    click.echo(f"Authorisation {made.pk} applied for: it waits for an Authorising Officer")


@investigations.command("decide")
@AS
@click.option("--authorisation", "pk", type=int, required=True)
@click.option("--decision", required=True, type=click.Choice(["authorise", "refuse"]))
@click.option("--grade", required=True, help="Your grade, one of the pack's authorising grades.")
@click.option("--reasons", required=True)
@click.option("--involved", is_flag=True, help="You are directly involved in the investigation.")
@handle_errors
def decide_command(username: str, pk: int, decision: str, grade: str, reasons: str, involved: bool) -> None:
    """An Authorising Officer decides an application (never their own)."""
    open_database()
    from civicguard.apps.investigations.services import INVOLVED_WARNING, authorisation_decide

    actor = _actor(username)
    found = authorisation_decide(actor=actor, authorisation=_authorisation(actor, pk), decision=decision,
                                 grade=grade, reasons=reasons, involved_declared=involved, via="cli")
    click.echo(f"Authorisation {found.pk}: {found.get_status_display()}")
    if found.authoriser_involved:
        click.echo(f"Warning: {INVOLVED_WARNING}", err=True)


@investigations.command("court")
@AS
@click.option("--authorisation", "pk", type=int, required=True)
@click.option("--heard-on", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="YYYY-MM-DD.")
@click.option("--court", "court_name", required=True, help="The magistrates' court.")
@click.option("--decision", required=True, type=click.Choice(["approved", "refused"]))
@click.option("--notes", default="")
@handle_errors
def court_command(username: str, pk: int, heard_on: Any, court_name: str, decision: str, notes: str) -> None:
    """Record a magistrate's decision on an authorised application (or its renewal)."""
    open_database()
    from civicguard.apps.investigations.services import judicial_approval_record

    actor = _actor(username)
    found = _authorisation(actor, pk)
    judicial_approval_record(actor=actor, authorisation=found, heard_on=date.fromordinal(heard_on.toordinal()),
                             court=court_name, decision=decision, notes=notes, via="cli")
    found.refresh_from_db()
    until = f" until {found.expires_on.isoformat()}" if found.status == "in-effect" and found.expires_on else ""
    click.echo(f"Authorisation {found.pk}: {found.get_status_display()}{until}")


@investigations.command("review")
@AS
@click.option("--authorisation", "pk", type=int, required=True)
@click.option("--notes", required=True)
@handle_errors
def review_command(username: str, pk: int, notes: str) -> None:
    """An Authorising Officer's review of an authorisation in effect."""
    open_database()
    from civicguard.apps.investigations.services import authorisation_review

    actor = _actor(username)
    authorisation_review(actor=actor, authorisation=_authorisation(actor, pk), notes=notes, via="cli")
    click.echo(f"Review of authorisation {pk} recorded")


@investigations.command("renew")
@AS
@click.option("--authorisation", "pk", type=int, required=True)
@click.option("--reasons", required=True)
@handle_errors
def renew_command(username: str, pk: int, reasons: str) -> None:
    """Renew an authorisation in effect (a magistrate must approve the renewal)."""
    open_database()
    from civicguard.apps.investigations.services import authorisation_renew

    actor = _actor(username)
    authorisation_renew(actor=actor, authorisation=_authorisation(actor, pk), reasons=reasons, via="cli")
    click.echo(f"Authorisation {pk} renewed: the renewal waits for a magistrate")


@investigations.command("cancel")
@AS
@click.option("--authorisation", "pk", type=int, required=True)
@click.option("--reason", required=True)
@handle_errors
def cancel_command(username: str, pk: int, reason: str) -> None:
    """Cancel an authorisation, with the reason."""
    open_database()
    from civicguard.apps.investigations.services import authorisation_cancel

    actor = _actor(username)
    authorisation_cancel(actor=actor, authorisation=_authorisation(actor, pk), reason=reason, via="cli")
    click.echo(f"Authorisation {pk} cancelled")


@investigations.command("central-record")
@AS
@click.option("--council", "slug", required=True, help="The council (its pack id).")
@handle_errors
def central_record_command(username: str, slug: str) -> None:
    """Write the RIPA central record as CSV to standard output (the Authorising Officers; a logged read)."""
    open_database()
    from civicguard.apps.investigations.services import central_record_csv
    from civicguard.cli.unblocking import council_of

    actor = _actor(username)
    click.echo(central_record_csv(actor=actor, council=council_of(actor, slug), via="cli"), nl=False)


@investigations.command("daily")
@handle_errors
def daily_command() -> None:
    """Run the daily job now: expire what has ended, count the reviews due, purge what is past its retention (safe
    to run again)."""
    open_database()
    from civicguard.apps.investigations.tasks import daily

    report = daily()
    click.echo(f"{report['expired']} expired, {report['reviews_due']} reviews due, {report['purged']} purged")
