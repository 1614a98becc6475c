"""`civicguard advice list|answer`: advice requests (St Helens 6.15, 8.3; Sefton 5.5) from the command line, as a
named person (--as), through the same services and checks as the pages and the API.

Exit codes: 0 = done, 2 = bad input or not allowed (a clear message on stderr)."""

from __future__ import annotations

import json
from typing import Any

import click

from civicguard.cli.errors import handle_errors
from civicguard.cli.unblocking import council_of, person
from civicguard.errors import BadInput


def _start() -> None:
    from civicguard.cli.web import setup_django

    setup_django()


def _row(req: Any) -> dict[str, Any]:
    return {"id": req.pk, "council": req.council.slug, "adviser": req.adviser_name, "question": req.question,
            "status": req.status, "status_label": req.get_status_display(), "asked_by": req.asked_by.username,
            "answer": req.answer, "answered_by": req.answered_by.username if req.answered_by else None,
            "answered_at": req.answered_at.isoformat() if req.answered_at else None}


@click.group("advice")
def advice() -> None:
    """Advice requests: list the questions a person may read, answer one."""


@advice.command("list")
@click.option("--council", "council_slug", required=True, metavar="SLUG", help="The council, e.g. st-helens.")
@click.option("--as", "username", required=True, metavar="USERNAME",
              help="Whose view: their own questions, those for their section, or all (the IMG).")
@click.option("--open", "only_open", is_flag=True, help="Only questions waiting for an answer.")
@click.option("--json", "as_json", is_flag=True, help="Print them as JSON.")
@handle_errors
def list_command(council_slug: str, username: str, only_open: bool, as_json: bool) -> None:
    """The questions USERNAME may read, newest first."""
    _start()
    from civicguard.apps.access.checks import require
    from civicguard.apps.advice.services import visible

    actor = person(username)
    council = council_of(actor, council_slug)
    require(actor, "advice.ask", council)
    qs = visible(user=actor, council=council)
    if only_open:
        qs = qs.filter(status="open")
    rows = [_row(r) for r in qs]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for r in rows:
        question = " ".join(r["question"].split())
        click.echo(f"{r['id']}\t{r['status_label']}\t{r['adviser']}\t{r['asked_by']}\t{question[:80]}")
    if not rows:
        click.echo("no questions", err=True)


@advice.command("answer")
@click.argument("request_id", type=int)
@click.option("--as", "username", required=True, metavar="USERNAME", help="Who answers (their roles are checked).")
@click.option("--answer", "text", default=None, help="The answer.")
@click.option("--file", "path", type=click.File("r", encoding="utf-8"), default=None,
              help="Read the answer from this file (- for standard input).")
@handle_errors
def answer_command(request_id: int, username: str, text: str | None, path: Any) -> None:
    """Answer question REQUEST_ID."""
    if (text is None) == (path is None):
        raise BadInput("Give the answer with --answer or --file, not both")
    answer = text if text is not None else path.read()
    _start()
    from civicguard.apps.access.checks import councils_of
    from civicguard.apps.advice.models import AdviceRequest
    from civicguard.apps.advice.services import advice_request_answer, request_of

    actor = person(username)
    found = AdviceRequest.objects.filter(pk=request_id, council__in=councils_of(actor)).first()
    if found is None:
        raise BadInput(f"{username} has no advice request {request_id}")
    req = request_of(user=actor, council=found.council, pk=request_id)
    req = advice_request_answer(actor=actor, request=req, answer=answer)
    click.echo(f"question {req.pk} to {req.adviser_name}: answered")
