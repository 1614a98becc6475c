"""`civicguard policy versions|reviews|review|version-record|review-start|review-comment|review-decide`: policy
versions and their reviews (St Helens 10.1-10.2; Sefton 9.1) from the command line, as a named person (--as),
through the same services and checks as the pages and the API.

Exit codes: 0 = done, 2 = bad input, not allowed, or a step the review is not ready for (a message on stderr)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import click

from civicguard.cli.errors import handle_errors
from civicguard.errors import BadInput, NotFound


def _start() -> None:
    from civicguard.cli.web import setup_django

    setup_django()


def _who(username: str, slug: str) -> tuple[Any, Any]:
    from civicguard.cli.unblocking import council_of, person

    actor = person(username)
    return actor, council_of(actor, slug)


def _version_row(v: Any) -> dict[str, Any]:
    return {"id": v.pk, "council": v.council.slug, "version": v.version, "published": v.published.isoformat(),
            "review_due": v.review_due.isoformat(), "early_review_reason": v.early_review_reason,
            "clause_count": v.clause_count, "clauses_digest": v.clauses_digest}


def _review_row(r: Any, *, comments: bool = False) -> dict[str, Any]:
    row = {"id": r.pk, "council": r.council.slug, "of_version": r.of_version.version, "state": r.state,
           "consultees": r.consultees, "approving_body": r.approving_body, "reason": r.reason,
           "started_at": r.started_at.isoformat(), "outcome": r.outcome, "new_version": r.new_version,
           "approved_by": r.approved_by, "decision_notes": r.decision_notes,
           "published_at": r.published_at.isoformat() if r.published_at else None}
    if comments:
        row["comments"] = [{"consultee": c.consultee, "comment": c.comment, "recorded_at": c.recorded_at.isoformat(),
                            "recorded_by": c.recorded_by.username if c.recorded_by else None}
                           for c in r.comments.select_related("recorded_by")]
    return row


def _review(actor: Any, review_id: int) -> Any:
    from civicguard.apps.access.checks import can, councils_of
    from civicguard.apps.policyreview.models import PolicyReview

    mine = [c for c in councils_of(actor) if can(actor, "policy.view", c)]
    review = PolicyReview.objects.filter(pk=review_id, council__in=mine).select_related("council", "of_version").first()
    if review is None:
        raise NotFound(f"There is no policy review {review_id} among {actor.username}'s councils")
    return review


def _iso(value: str | None, field: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadInput(f"{value!r} is not a date: use YYYY-MM-DD", field=field) from None


@click.command("versions")
@click.argument("council_slug", metavar="COUNCIL")
@click.option("--as", "username", required=True, metavar="USERNAME", help="Whose view (their roles are checked).")
@click.option("--json", "as_json", is_flag=True, help="Print them as JSON.")
@handle_errors
def versions_command(council_slug: str, username: str, as_json: bool) -> None:
    """The council's published policy versions, newest first, with their review due dates."""
    _start()
    from civicguard.apps.access.checks import require
    from civicguard.apps.policyreview.models import PolicyVersion

    actor, council = _who(username, council_slug)
    require(actor, "policy.view", council)
    rows = [_version_row(v) for v in PolicyVersion.objects.filter(council=council).select_related("council")]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for r in rows:
        early = f"\t(early: {r['early_review_reason']})" if r["early_review_reason"] else ""
        click.echo(f"{r['id']}\t{r['version']}\tpublished {r['published']}\treview due {r['review_due']}{early}")
    if not rows:
        click.echo("no version recorded: civicguard policy version-record", err=True)


@click.command("reviews")
@click.argument("council_slug", metavar="COUNCIL")
@click.option("--as", "username", required=True, metavar="USERNAME", help="Whose view (their roles are checked).")
@click.option("--json", "as_json", is_flag=True, help="Print them as JSON.")
@handle_errors
def reviews_command(council_slug: str, username: str, as_json: bool) -> None:
    """The council's policy reviews, newest first."""
    _start()
    from civicguard.apps.access.checks import require
    from civicguard.apps.policyreview.models import PolicyReview

    actor, council = _who(username, council_slug)
    require(actor, "policy.view", council)
    rows = [_review_row(r) for r in PolicyReview.objects.filter(council=council).select_related("council",
                                                                                                "of_version")]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for r in rows:
        outcome = f"\t{r['outcome']} {r['new_version']}".rstrip() if r["outcome"] else ""
        click.echo(f"{r['id']}\t{r['state']}\tversion {r['of_version']}\tstarted {r['started_at'][:10]}{outcome}")
    if not rows:
        click.echo("no reviews", err=True)


@click.command("review")
@click.argument("review_id", type=int)
@click.option("--as", "username", required=True, metavar="USERNAME", help="Whose view (their roles are checked).")
@handle_errors
def review_command(review_id: int, username: str) -> None:
    """One review as JSON, with its comments and the clause wording changes (if both wordings are kept)."""
    _start()
    from civicguard.apps.policyreview.services import review_changes
    from civicguard.cli.unblocking import person

    review = _review(person(username), review_id)
    changes, note = review_changes(review)
    click.echo(json.dumps({**_review_row(review, comments=True), "changes": changes, "changes_note": note},
                          indent=2))


@click.command("version-record")
@click.argument("council_slug", metavar="COUNCIL")
@click.option("--as", "username", required=True, metavar="USERNAME", help="Who records it (their roles are checked).")
@click.option("--published", required=True, metavar="YYYY-MM-DD", help="When the version in force was published.")
@click.option("--review-due", metavar="YYYY-MM-DD", help="Sooner than the pack's interval, with --reason.")
@click.option("--reason", default="", help="Why the review is due sooner (a change in legislation...).")
@handle_errors
def version_record_command(council_slug: str, username: str, published: str, review_due: str | None,
                           reason: str) -> None:
    """Record when the version of the council's pack in force was published (once, when adopting CivicGuard)."""
    day = _iso(published, "published")
    due = _iso(review_due, "review_due")
    _start()
    from civicguard.apps.policyreview.services import policy_version_record

    actor, council = _who(username, council_slug)
    assert day is not None
    version = policy_version_record(actor=actor, council=council, published=day, review_due=due,
                                    early_review_reason=reason)
    click.echo(f"version {version.version} recorded: published {version.published}, review due "
               f"{version.review_due}")


@click.command("review-start")
@click.argument("council_slug", metavar="COUNCIL")
@click.option("--as", "username", required=True, metavar="USERNAME", help="Who starts it (their roles are checked).")
@click.option("--reason", default="", help="Why, if not the annual review.")
@handle_errors
def review_start_command(council_slug: str, username: str, reason: str) -> None:
    """Start a review of the version in force; its consultees and approving body come from the pack."""
    _start()
    from civicguard.apps.policyreview.services import policy_review_start

    actor, council = _who(username, council_slug)
    review = policy_review_start(actor=actor, council=council, reason=reason)
    click.echo(f"review {review.pk} of version {review.of_version.version} started; consultees: "
               f"{', '.join(review.consultees)}")


@click.command("review-comment")
@click.argument("review_id", type=int)
@click.option("--as", "username", required=True, metavar="USERNAME", help="Who records it (their roles are checked).")
@click.option("--consultee", required=True, help="One of the review's consultees, as listed.")
@click.option("--comment", required=True, help="Their comments.")
@handle_errors
def review_comment_command(review_id: int, username: str, consultee: str, comment: str) -> None:
    """Record a consultee's comments on a review in consultation."""
    _start()
    from civicguard.apps.policyreview.services import review_comment_add
    from civicguard.cli.unblocking import person

    actor = person(username)
    review_comment_add(actor=actor, review=_review(actor, review_id), consultee=consultee, comment=comment)
    click.echo(f"comments of the {consultee} recorded on review {review_id}")


@click.command("review-decide")
@click.argument("review_id", type=int)
@click.option("--as", "username", required=True, metavar="USERNAME", help="Who records it (their roles are checked).")
@click.option("--action", required=True, type=click.Choice(["consult", "approve", "publish"]),
              help="consult: send to the consultees; approve: record the approval; publish: the outcome.")
@click.option("--outcome", type=click.Choice(["no-change", "new-version"]), help="With approve.")
@click.option("--new-version", default="", help="With approve and new-version: as the document names it.")
@click.option("--approved-by", default="", help="With approve: who approved (default: the pack's body).")
@click.option("--notes", default="", help="With approve: notes on the decision.")
@handle_errors
def review_decide_command(review_id: int, username: str, action: str, outcome: str | None, new_version: str,
                          approved_by: str, notes: str) -> None:
    """Move a review on: send it for consultation, record the approval, or publish the outcome."""
    _start()
    from civicguard.apps.policyreview import services
    from civicguard.cli.unblocking import person

    actor = person(username)
    review = _review(actor, review_id)
    if action == "consult":
        review = services.policy_review_consult(actor=actor, review=review)
    elif action == "approve":
        if outcome is None:
            raise BadInput("Give --outcome no-change or new-version", field="outcome")
        review = services.policy_review_decide(actor=actor, review=review, outcome=outcome,
                                               new_version=new_version, notes=notes, approved_by=approved_by)
    else:
        review = services.policy_review_publish(actor=actor, review=review)
    click.echo(f"review {review.pk}: {review.get_state_display().lower()}")


COMMANDS = [versions_command, reviews_command, review_command, version_record_command, review_start_command,
            review_comment_command, review_decide_command]
