"""Demo personal data breach records for each council, made through the services (so each is in the audit trail and
every read is logged):

* a comment disclosing a private person's address and phone number, taken in and checked like any other, removed by
  the demo moderator for personal information (St Helens: confirmed by the approver, its second person), and a
  record opened from it by the moderator a few minutes later: the ICO's 72-hour clock is running from the check's
  flag, waiting on the Data Protection Officer's team (Legal);
* a record assessed as a high risk and reported to the ICO (health information in a reply sent to the wrong person):
  the people are still to be told, and one notice the policy asks for is still to be sent;
* a closed record: no risk likely, the ICO need not be told, with the reason, and the notices sent.

Notices are recorded but not e-mailed (the demo's addresses are invented). Idempotent: a council that has a breach
record is left alone."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.utils import timezone

from civicguard.apps.breaches import selectors, services
from civicguard.apps.breaches.models import DataBreach

COMMENT = {
    "st-helens": ("@sutton_resident", "Ask Gail Rimmer at 14 Robins Lane, St Helens WA9 3NF why her van blocks the "
                                      "road every night. Her mobile is 07700 900612."),
    "sefton": ("Crosby Neighbour", "Tell Derek Lyons of 3 Mersey Road, Crosby L23 3AF to cut his hedge, his number is "
                                   "07700 900834."),
}
HIGH = {
    "st-helens": "A reply to a resident's enquiry about Blue Badge renewals was sent, with an attached list of eight "
                 "applicants' names, addresses and medical conditions, to the wrong resident.",
    "sefton": "A direct message meant for a carer, giving a service user's name, address and care needs, was sent to "
              "a member of the public with a similar name.",
}


def load(ctx: Any) -> None:
    council, people = ctx.council, ctx.people
    if DataBreach.objects.filter(council=council).exists():
        return
    dpo, moderator = people["legal"], people["moderator"]
    opener = people.get("approver") or dpo
    now = timezone.now()
    _from_comment(ctx)

    high = services.breach_open(
        actor=opener, council=council, source="other",
        source_description="A direct message from the council's Facebook account", what=HIGH[ctx.slug],
        people_categories=["service-users", "vulnerable-adults"], data_categories=["names", "contact", "health"],
        people_count=8, aware_at=now - timedelta(hours=30),
        containment="The recipient was phoned and agreed to delete the message; they confirmed by e-mail.")
    services.breach_assess(actor=dpo, breach=high, risk="high", ico_required=True,
                           reasons="Health information of vulnerable people, with their addresses: risk of "
                                   "distress and of discrimination; the recipient is a member of the public.")
    services.breach_ico_record(actor=dpo, breach=high, told_at=now - timedelta(hours=6),
                               reference=f"IC-{ctx.prefix.upper()}-{now:%y%m}-0417")
    due = selectors.notices_due(high)
    if due:
        services.breach_notice_send(actor=dpo, breach=high, rule_slug=due[-1].slug, email=False)

    closed = services.breach_open(
        actor=moderator, council=council, source="other",
        source_description="A photo posted on the council's Instagram account",
        what="A photo of the library noticeboard showed a volunteer's first name and the day they work.",
        people_categories=["staff"], data_categories=["names"], people_count=1,
        aware_at=now - timedelta(days=9), containment="The photo was replaced with a cropped one within the hour.")
    services.breach_assess(actor=dpo, breach=closed, risk="none", ico_required=False,
                           reasons="A first name and a working day only; the volunteer already shares both on the "
                                   "library's own page.",
                           ico_not_required_reason="Unlikely to result in a risk to the volunteer: the details "
                                                   "are ones they publish themselves")
    for rule in selectors.notices_missing(closed):
        services.breach_notice_send(actor=dpo, breach=closed, rule_slug=rule.slug, email=False)
    services.breach_close(actor=dpo, breach=closed, note="Photographers reminded to check noticeboards in shot.")
    # The DPO has read the records once, so the read log has entries.
    for found in (high, closed):
        services.breach_read(actor=dpo, breach=found)


def _from_comment(ctx: Any) -> DataBreach | None:
    """A comment taken in, checked, removed for personal information, and a record opened from it."""
    from civicguard.apps.moderation.models import Comment
    from civicguard.apps.moderation.services import decisions, ingest, scan

    account = ctx.accounts[0]
    author, text = COMMENT[ctx.slug]
    platform_id = f"demo-{ctx.prefix}-breach"
    if not Comment.objects.filter(platform=account.platform, platform_id=platform_id).exists():
        item = {"id": platform_id, "platform": account.platform, "account_id": account.platform_id,
                "created_at": (timezone.now() - timedelta(hours=2)).isoformat(), "author": author,
                "author_id": f"demo-{account.platform}-{author.lower().lstrip('@').replace(' ', '-')}", "text": text}
        report = ingest.ingest(source="json", body=json.dumps({"comments": [item]}).encode())
        scan.scan(report.created)
    comment = Comment.objects.filter(platform=account.platform, platform_id=platform_id).first()
    if comment is None or not comment.in_queue:
        return None
    moderator = ctx.people["moderator"]
    decisions.decide(comment=comment, actor=moderator, action="remove", reason_code="personal-data",
                     note="A private person's home address and mobile number.")
    comment.refresh_from_db()
    second = ctx.people.get("approver")
    if comment.status == "removal_pending" and second is not None:
        decisions.decide(comment=comment, actor=second, action="confirm_removal",
                         note="Agreed: personal information.")
    comment.refresh_from_db()
    findings = list((comment.latest_check.result or {}).get("findings", [])) if comment.latest_check else []
    return services.breach_open(
        actor=moderator, council=ctx.council, source="comment", comment=comment,
        what=f"Comment {comment.pk} on {account.handle} gave a private person's name, home address and mobile "
             "number, and was public on the council's page until the moderators removed it.",
        people_categories=["residents"],
        data_categories=selectors.data_categories_of(ctx.council, findings) or ["names", "contact"], people_count=1,
        containment=f"Comment {comment.pk} was removed from {account.get_platform_display()}.")
