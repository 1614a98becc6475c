"""Demo website unblocking requests at every stage, for each council: with the helpdesk, with the Computer Auditor,
(Sefton) waiting for the Assistant Director, unblocked, expired, refused, returned and withdrawn. Made through the
services, so each is in the audit trail (the expired one has its last day moved back first). Idempotent: a
council that has any request is left alone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from civicguard.apps.unblocking import services
from civicguard.apps.unblocking.models import UnblockRequest

DAY = timedelta(days=1)


def load(ctx: Any) -> None:
    council, people = ctx.council, ctx.people
    if UnblockRequest.objects.filter(council=council).exists() or not services.rules(council).available:
        return
    today = timezone.localdate()
    helpdesk, auditor = people["ict-helpdesk"], people["computer-auditor"]

    def ask(who: str, team: str, sites: list[str], reason: str, days: int, other: str = "") -> UnblockRequest:
        return services.unblock_request_create(
            actor=people[who], council=council, team=team, people=f"{team} team: {people[who].username} and two "
                                                                  "colleagues",
            sites=sites, other_sites=other, reason=reason, expires=today + days * DAY, work_only=True)

    def step(req: UnblockRequest, by: Any, decision: str, note: str = "") -> UnblockRequest:
        return services.unblock_request_decide(actor=by, request=req, decision=decision, note=note)

    # With the ICT helpdesk.
    ask("representative", "Communications", ["facebook", "x"],
        "To post the council's news and answer residents' questions on our official accounts.", 180)
    # With the Computer Auditor.
    step(ask("line-manager", "Libraries", ["instagram"], "To run the summer reading challenge's page.", 60),
         helpdesk, "pass_on")
    # Unblocked (and, for Sefton over 90 days, approved by the Assistant Director's e-mail first).
    active = step(step(ask("service-manager", "Highways", ["x"], "To post roadworks and gritting updates.", 300),
                       helpdesk, "pass_on"), auditor, "approve", "Business need shown; review in a year.")
    if active.status == "with_ad":
        # Waiting for the Assistant Director: another request over the pack's limit, left at that stage.
        step(step(ask("moderator", "Customer Services", ["facebook"], "To read and route residents' comments.",
                      200), helpdesk, "pass_on"), auditor, "approve")
        step(active, helpdesk, "ad_approve",
             "E-mail from the Assistant Director (Highways), 3 March, ref AD-HW-0042: approved for a year.")
    # Refused by the Computer Auditor.
    step(step(ask("employee", "Parks", ["tiktok"], "To watch what other parks post.", 30), helpdesk, "pass_on"),
         auditor, "refuse", "Watching other organisations is not a business need for the whole team.")
    # Returned by the helpdesk, and withdrawn by its requester.
    step(ask("approver", "Events", ["youtube"], "Events.", 90), helpdesk, "return",
         "Say which events and who in the team will post.")
    step(ask("approver", "Events", ["youtube"], "To stream the mayor's charity evening.", 14),
         people["approver"], "withdraw")
    # Expired: unblocked, its last day moved to yesterday (as if asked for weeks ago), then ended by the daily task.
    ended = step(step(ask("line-manager", "Elections", ["facebook"], "To share polling station notices.", 1),
                      helpdesk, "pass_on"), auditor, "approve")
    UnblockRequest.objects.filter(pk=ended.pk).update(expires=today - DAY)
    services.unblock_requests_expire()
