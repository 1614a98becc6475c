"""Hand-offs (St Helens 6.16-6.18): service requests and complaints to the Contact Centre, press and statement
requests to the Press Office, safeguarding concerns to the designated contact as urgent.

Each hand-off is e-mailed to the route's address from the pack and, where the council has a CRM webhook,
posted there as signed JSON. Failed deliveries are retried with back-off; every attempt is recorded. The
suggested public reply points to direct contact (6.17) and is checked by the engine as channel `reply`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from civicguard.apps.access.checks import require
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.moderation.models import Action, Comment, CommentStatus, Delivery, Handoff, Route
from civicguard.apps.moderation.services.decisions import (
    as_seen,
    clean_note,
    locked,
    moderation_facts,
    reason_for,
    record,
)
from civicguard.apps.posts.services import content_check
from civicguard.engine.packs.schema import RouteFacts
from civicguard.errors import BadInput, InvalidState

log = logging.getLogger(__name__)

MAX_REPLY = 1000
WEBHOOK_TIMEOUT = 10
BACKOFF_FIRST = 30  # seconds; doubled after each failed attempt
BACKOFF_CAP = 3600
LEASE = 120  # seconds an attempt in progress holds its delivery before another worker may try it


def route_facts(council: Council | str, route: str) -> RouteFacts:
    routes = moderation_facts(council).routes
    if route not in routes:
        names = ", ".join(f"{r.name} ({key})" for key, r in routes.items())
        raise BadInput(f"Choose who to send the comment to: {names}", field="route")
    return routes[route]


# Django's e-mail backends that deliver nothing, and what a moderator should be told about each.
_NOT_SENT = {
    "django.core.mail.backends.console.EmailBackend":
        "E-mail is not being sent: this server only writes e-mails to its log (Django's console e-mail "
        "backend), so a hand-off shown as delivered by e-mail reached nobody",
    "django.core.mail.backends.dummy.EmailBackend":
        "E-mail is not being sent: this server throws e-mails away (Django's dummy e-mail backend), so a "
        "hand-off shown as delivered by e-mail reached nobody",
    "django.core.mail.backends.filebased.EmailBackend":
        "E-mail is not being sent: this server only writes e-mails to files on the server (Django's file "
        "e-mail backend), so a hand-off shown as delivered by e-mail reached nobody",
}


def email_not_sent() -> str:
    """Why hand-off e-mails go nowhere with this installation's settings, or '' when they are really sent.
    Shown on the hand-off pages and after routing, and recorded in the audit entry of each such delivery."""
    return _NOT_SENT.get(settings.EMAIL_BACKEND, "")


def suggested_route(comment: Comment) -> str:
    """The route the comment's findings point to (safeguarding first), or '' when none does."""
    cats = set(comment.category_list)
    routes = moderation_facts(comment.council).routes
    for name in (Route.SAFEGUARDING, Route.PRESS_OFFICE, Route.CONTACT_CENTRE):
        facts = routes.get(name)  # type: ignore[call-overload]
        if facts is not None and cats & set(facts.categories):
            return str(name)
    return ""


def suggested_reply(council: Council | str, route: str) -> str:
    facts = route_facts(council, route)
    return facts.reply.format(name=facts.name, email=facts.email, phone=facts.phone or facts.email).strip()


def check_reply(*, council: Council, text: str) -> dict[str, Any]:
    return content_check(council=council, channel="reply", text=text).to_dict()


def webhook_url(council: Council) -> str:
    return settings.CIVICGUARD_HANDOFF_WEBHOOK_URLS.get(council.slug) or settings.CIVICGUARD_HANDOFF_WEBHOOK_URL


def route_comment(*, comment: Comment, actor: Any, route: str, reason_code: str = "", reply: Any = None,
                  note: Any = "", seen_edits: int | None = None) -> Handoff:
    """Refer a comment to the route's team, with the suggested reply checked as channel `reply`.
    A reply the engine would block is refused with its findings; the moderator rewrites it.
    `seen_edits` is the edit count the person was shown: refused if the author edited the comment since."""
    require(actor, "comments.moderate", comment.council)
    facts = route_facts(comment.council, route)
    note = clean_note(note)
    reason = reason_for(comment.council, str(Action.ROUTE), reason_code)
    if reply is None:
        reply = suggested_reply(comment.council, route)
    if not isinstance(reply, str) or len(reply) > MAX_REPLY:
        raise BadInput(f"The suggested reply must be {MAX_REPLY} characters or fewer", field="reply")
    reply = reply.replace("\x00", "").strip()
    reply_check = check_reply(council=comment.council, text=reply) if reply else None
    if reply_check is not None and reply_check["verdict"] == "block":
        problems = "; ".join(f["message"] for f in reply_check["findings"] if f["severity"] == "block")
        raise BadInput(f"Rewrite the suggested reply: as it stands it would be blocked. {problems}", field="reply")
    with transaction.atomic():
        comment = as_seen(locked(comment), seen_edits)
        if comment.status in (CommentStatus.REMOVED, CommentStatus.PENDING):
            raise InvalidState("Only a checked comment that has not been removed can be sent to a team")
        if comment.status == CommentStatus.REMOVAL_PENDING:
            # Routing would end the waiting removal without the second person's answer.
            raise InvalidState("A removal is waiting for a second person: confirm or refuse it first, then send "
                               "the comment to a team")
        handoff = Handoff.objects.create(comment=comment, council=comment.council, route=route,
                                         route_name=facts.name, urgent=facts.urgent, actor=actor, note=note,
                                         reply=reply, reply_check=reply_check)
        targets = [(Delivery.Channel.EMAIL, facts.email)]
        url = webhook_url(comment.council)
        if url:
            targets.append((Delivery.Channel.WEBHOOK, url))
        now = timezone.now()
        Delivery.objects.bulk_create([Delivery(handoff=handoff, channel=ch, target=t, next_attempt=now)
                                      for ch, t in targets])
        record(comment=comment, actor=actor, action=str(Action.ROUTE), reason_code=reason.code, note=note,
               status=str(CommentStatus.ROUTED),
               extra={"handoff": handoff.pk, "route": route, "to": facts.name, "urgent": facts.urgent})
        transaction.on_commit(lambda: enqueue_delivery(handoff.pk))
    return handoff


def enqueue_delivery(handoff_id: int) -> None:
    from civicguard.apps.moderation.tasks import deliver_handoff

    try:
        deliver_handoff.delay(handoff_id)
    except Exception:  # noqa: BLE001 - the deliveries are stored as pending; the sweep sends them
        log.exception("could not queue hand-off %s; the sweep will send it", handoff_id)


def payload(handoff: Handoff) -> dict[str, Any]:
    comment = handoff.comment
    findings = (comment.latest_check.result.get("findings", []) if comment.latest_check else [])
    return {
        "event": "civicguard.handoff",
        "id": handoff.pk,
        "council": handoff.council.slug,
        "route": handoff.route,
        "route_name": handoff.route_name,
        "urgent": handoff.urgent,
        "created": handoff.created.isoformat(),
        "referred_by": getattr(handoff.actor, "username", ""),
        "note": handoff.note,
        "suggested_reply": handoff.reply,
        "comment": {
            "platform": comment.platform, "platform_id": comment.platform_id, "account": comment.account.handle,
            "author_name": comment.author_name, "author_id": comment.author_id, "text": comment.text,
            "url": comment.url, "created_at": comment.created_at.isoformat(),
        },
        "categories": comment.category_list,
        "findings": [{k: f.get(k) for k in ("category", "severity", "clauses", "message")} for f in findings],
    }


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _send_email(handoff: Handoff, delivery: Delivery) -> None:
    data = payload(handoff)
    comment = data["comment"]
    subject = (f"{'[URGENT] ' if handoff.urgent else ''}{handoff.route_name}: comment on {comment['platform']} "
               f"account {comment['account']}")
    lines = [
        f"A comment on {handoff.council.name}'s {comment['platform']} account {comment['account']} has been referred"
        f" to {handoff.route_name}{' as URGENT' if handoff.urgent else ''}.",
        "",
        f"From: {comment['author_name'] or 'unknown'}",
        f"Posted: {comment['created_at']}",
        f"Link: {comment['url'] or 'none given'}",
        "",
        comment["text"],
        "",
        f"Found: {', '.join(data['categories']) or 'nothing automatic'}",
        f"Referred by: {data['referred_by'] or 'CivicGuard'}",
        f"Note: {handoff.note or '-'}",
        "",
        "Reply offered publicly (please make contact directly, not on social media):",
        handoff.reply or "-",
        "",
        f"CivicGuard hand-off {handoff.pk}",
    ]
    send_mail(subject, "\n".join(lines), None, [delivery.target], fail_silently=False)


def _post_webhook(handoff: Handoff, delivery: Delivery) -> None:
    if not delivery.target.startswith(("https://", "http://")):
        raise ValueError("the webhook address must start with https:// or http://")
    body = json.dumps(payload(handoff), ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "CivicGuard",
               "X-CivicGuard-Event": "handoff", "X-CivicGuard-Delivery": f"{handoff.council.slug}-{handoff.pk}"}
    secret = settings.CIVICGUARD_HANDOFF_WEBHOOK_SECRET
    if secret:
        headers["X-CivicGuard-Signature"] = sign(body, secret)
    request = urllib.request.Request(delivery.target, data=body, headers=headers, method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:  # noqa: S310
        if not 200 <= response.status < 300:
            raise urllib.error.HTTPError(delivery.target, response.status, "not accepted", response.headers, None)


_SENDERS = {Delivery.Channel.EMAIL: _send_email, Delivery.Channel.WEBHOOK: _post_webhook}


def attempt(delivery_id: int) -> bool:
    """One attempt at one delivery; True when it is (or already was) delivered."""
    with transaction.atomic():
        delivery = (Delivery.objects.select_for_update(of=("self",))
                    .select_related("handoff__comment__account", "handoff__council", "handoff__actor",
                                    "handoff__comment__latest_check")
                    .get(pk=delivery_id))
        if delivery.status != Delivery.Status.PENDING:
            return delivery.status == Delivery.Status.SENT
        now = timezone.now()
        if delivery.next_attempt is not None and delivery.next_attempt > now:
            # Not due, or another worker (the sweep and a task's own retry can overlap) is sending it now.
            return False
        delivery.attempts += 1
        delivery.next_attempt = now + timedelta(seconds=LEASE)
        delivery.save(update_fields=["attempts", "next_attempt"])
    handoff = delivery.handoff
    try:
        _SENDERS[Delivery.Channel(delivery.channel)](handoff, delivery)
    except Exception as exc:  # noqa: BLE001 - any failure is recorded and retried
        return _failed(delivery, f"{type(exc).__name__}: {exc}"[:1000])
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SENT, delivered=timezone.now(),
                                                       last_error="", next_attempt=None)
        not_sent = email_not_sent() if delivery.channel == Delivery.Channel.EMAIL else ""
        audit_record(event="moderation.handoff.delivered", council=handoff.council, subject=handoff,
                     after={"channel": delivery.channel, "target": delivery.target, "attempts": delivery.attempts,
                            **({"not_sent": not_sent} if not_sent else {})})
    return True


def _failed(delivery: Delivery, error: str) -> bool:
    handoff = delivery.handoff
    give_up = delivery.attempts >= settings.CIVICGUARD_HANDOFF_MAX_ATTEMPTS
    wait = min(BACKOFF_CAP, BACKOFF_FIRST * 2 ** (delivery.attempts - 1))
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            last_error=error, status=Delivery.Status.FAILED if give_up else Delivery.Status.PENDING,
            next_attempt=None if give_up else timezone.now() + timedelta(seconds=wait))
        if give_up:
            audit_record(event="moderation.handoff.failed", council=handoff.council, subject=handoff,
                         after={"channel": delivery.channel, "target": delivery.target, "error": error,
                                "attempts": delivery.attempts})
    log.warning("hand-off %s by %s failed (attempt %s): %s", handoff.pk, delivery.channel, delivery.attempts, error)
    return False


def deliver(handoff_id: int) -> bool:
    """Try every pending delivery of a hand-off that is due; True when all are delivered."""
    now = timezone.now()
    due = Delivery.objects.filter(handoff_id=handoff_id, status=Delivery.Status.PENDING, next_attempt__lte=now)
    results = [attempt(pk) for pk in due.values_list("pk", flat=True)]
    return all(results) and not Delivery.objects.filter(handoff_id=handoff_id).exclude(
        status=Delivery.Status.SENT).exists()


def due_handoffs() -> list[int]:
    return sorted(set(Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt__lte=timezone.now())
                      .values_list("handoff_id", flat=True)))


def retry_delivery(*, delivery: Delivery, actor: Any) -> None:
    """A moderator asks for a failed delivery to be tried again."""
    require(actor, "comments.moderate", delivery.handoff.council)
    with transaction.atomic():
        # Only a failed delivery is re-opened: re-opening a sent one would send the hand-off twice.
        if not Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.FAILED).update(
                status=Delivery.Status.PENDING, next_attempt=timezone.now()):
            raise InvalidState("Only a failed delivery can be tried again")
        audit_record(event="moderation.handoff.retry", actor=actor, council=delivery.handoff.council,
                     subject=delivery.handoff, after={"channel": delivery.channel})
        transaction.on_commit(lambda: enqueue_delivery(delivery.handoff_id))
