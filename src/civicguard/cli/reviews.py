"""`civicguard reviews due|run`: account reviews (St Helens 6.13, 9.9) from the command line."""

from __future__ import annotations

import click

from civicguard.cli.errors import handle_errors
from civicguard.cli.web import open_database


@click.group("reviews")
def reviews() -> None:
    """Account reviews: which are due, and the daily job (open due reviews, flag dormant accounts)."""


@reviews.command("due")
@click.option("--council", "council_id", default=None, help="Only this council (its pack id), e.g. st-helens.")
@click.option("--all", "show_all", is_flag=True, help="Every open review, not only those due within 30 days.")
@handle_errors
def due_command(council_id: str | None, show_all: bool) -> None:
    """List the open reviews due within 30 days or overdue (earliest first), with who signs each off."""
    open_database()
    from civicguard.apps.councils.models import Council
    from civicguard.apps.councils.services import council_for_pack
    from civicguard.apps.reviews import selectors

    councils = [council_for_pack(council_id)] if council_id else list(Council.objects.order_by("slug"))
    shown = 0
    for council in councils:
        qs = (selectors.reviews_of(council=council).filter(signed_off_at__isnull=True).order_by("due", "id")
              if show_all else selectors.reviews_needing_attention(council=council))
        for review in qs:
            manager = selectors.line_manager_of(review.account)
            state = selectors.STATE_LABELS[selectors.review_state(review)].lower()
            click.echo(f"{review.pk}\t{council.slug}\t{review.account}\t{_day(review.due)}\t{state}\t"
                       f"{manager.name if manager is not None else 'any line manager (none on record)'}")
            shown += 1
    if not shown:
        click.echo("No review is due." if not show_all else "No review is open.")


def _day(day: object) -> str:
    return f"{day:%d %B %Y}".lstrip("0")


@reviews.command("run")
@handle_errors
def run_command() -> None:
    """Run the daily job now: open a review for each live or dormant account that has none, and flag dormant each
    live account with no approved post for the pack's dormant_after_days. Safe to run again."""
    open_database()
    from civicguard.apps.reviews.services import reviews_run

    report = reviews_run()
    for review in report.scheduled:
        click.echo(f"review opened: {review.account} ({review.council.slug}), due {_day(review.due)}")
    for account in report.dormant:
        click.echo(f"marked dormant: {account} ({account.council.slug}): {account.status_reason}")
    click.echo(f"{len(report.scheduled)} review{'s' if len(report.scheduled) != 1 else ''} opened, "
               f"{len(report.dormant)} account{'s' if len(report.dormant) != 1 else ''} marked dormant")
