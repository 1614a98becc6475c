"""The daily e-mail of what waits on each person, and their choice to have it or not.

`digest_send` goes through every person who holds a role in a council and has an e-mail address, gathers what
waits on them there (collect.waiting: each app's own records), and sends one e-mail per person and council through
Django's e-mail backend, only when something waits and only once a day: a `DigestSent` row is written (unique per
person, council and day) before the e-mail is handed over, so a second worker or a restarted one sends nothing,
and removed if the mail server refuses it, so the next run tries again. A crash between the two loses that day's
e-mail rather than sending it twice; the start page still lists everything.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from civicguard.apps.access.checks import require
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.notifications.collect import grouped, waiting
from civicguard.apps.notifications.models import DigestPreference, DigestSent

log = logging.getLogger(__name__)


def digest_wanted(user: Any, council: Council) -> bool:
    """Whether the person gets the daily e-mail in this council (yes unless they turned it off)."""
    choice = DigestPreference.objects.filter(user=user, council=council).values_list("send_digest", flat=True).first()
    return True if choice is None else bool(choice)


@transaction.atomic
def digest_preference_set(*, actor: Any, council: Council, send_digest: bool) -> DigestPreference:
    """The person's own choice: the daily e-mail of what waits on them in this council, or none."""
    require(actor, "personal.check", council)  # anyone with a role in the council, for themselves only
    choice = DigestPreference.objects.select_for_update().filter(user=actor, council=council).first()
    if choice is None:
        choice = DigestPreference(user=actor, council=council)  # the default: the daily e-mail
    if choice.send_digest == send_digest:
        return choice
    before = {"send_digest": choice.send_digest}
    choice.send_digest = send_digest
    choice.save()
    audit_record(event="notifications.digest.preference", actor=actor, council=council, subject=choice,
                 before=before, after={"send_digest": send_digest})
    return choice


@dataclass(frozen=True)
class DigestOutcome:
    username: str
    council: str       # the council's slug
    items: int
    result: str        # sent | would send | already sent | turned off | nothing waiting | no e-mail address | failed


def _link(url: str) -> str:
    base = str(getattr(settings, "CIVICGUARD_SITE_URL", "") or "").rstrip("/")
    return f"{base}{url}" if base and url.startswith("/") else url


def digest_message(user: Any, council: Council, today: date) -> tuple[EmailMultiAlternatives, int] | None:
    """The e-mail for `user` in `council` today and how many things it lists, or None when nothing waits."""
    items = waiting(user, council)
    if not items:
        return None
    groups = grouped(items, today)
    context = {"user": user, "council": council, "today": today, "count": len(items),
               "overdue": sum(g.overdue for g in groups),
               "groups": [{"area": g.area, "items": [{"text": i.text, "link": _link(i.url), "due": i.due,
                                                       "overdue": late} for i, late in g.items]} for g in groups],
               "home": _link("/") if _link("/") != "/" else "", "settings_link": _link("/notifications/")}
    subject = (f"CivicGuard: {len(items)} thing{'s' if len(items) != 1 else ''} waiting for you in {council.name}")
    text = render_to_string("notifications/digest.txt", context)
    html = render_to_string("notifications/digest.html", context)  # autoescaped: item texts name people's words
    message = EmailMultiAlternatives(subject, text, None, [user.email])
    message.attach_alternative(html, "text/html")
    message.extra_headers = {"Auto-Submitted": "auto-generated"}
    return message, len(items)


def _recipients(council: Council | None) -> list[tuple[Any, Council]]:
    from civicguard.apps.staff.models import RoleAssignment

    pairs = (RoleAssignment.objects.filter(user__is_active=True)
             .values_list("user_id", "council_id").distinct().order_by("council_id", "user_id"))
    if council is not None:
        pairs = pairs.filter(council=council)
    wanted = list(pairs)
    users = get_user_model().objects.in_bulk({u for u, _ in wanted})
    councils = Council.objects.in_bulk({c for _, c in wanted})
    return [(users[u], councils[c]) for u, c in wanted]


def digest_send(*, council: Council | None = None, dry_run: bool = False,
                today: date | None = None) -> list[DigestOutcome]:
    """Send today's e-mails (see the module's docstring). `dry_run`: say who would get one, send nothing."""
    today = today or timezone.localdate()
    outcomes: list[DigestOutcome] = []
    sent_in: dict[Council, int] = {}
    for user, where in _recipients(council):
        def outcome(result: str, items: int = 0, user: Any = user, where: Council = where) -> None:
            outcomes.append(DigestOutcome(user.get_username(), where.slug, items, result))

        if not (user.email or "").strip():
            outcome("no e-mail address")
            continue
        if not digest_wanted(user, where):
            outcome("turned off")
            continue
        if DigestSent.objects.filter(user=user, council=where, day=today).exists():
            outcome("already sent")
            continue
        made = digest_message(user, where, today)
        if made is None:
            outcome("nothing waiting")
            continue
        message, count = made
        if dry_run:
            outcome("would send", count)
            continue
        try:
            with transaction.atomic():
                claim = DigestSent.objects.create(user=user, council=where, day=today, items=count)
        except IntegrityError:  # another worker got there first
            outcome("already sent")
            continue
        try:
            message.send(fail_silently=False)
        except Exception:  # noqa: BLE001 - the mail server's fault: logged, and tried again next run
            log.exception("could not send the daily e-mail to %s (%s)", user.get_username(), where.slug)
            claim.delete()
            outcome("failed", count)
            continue
        outcome("sent", count)
        sent_in[where] = sent_in.get(where, 0) + 1
    for where, sent in sent_in.items():
        audit_record(event="notifications.digest.sent", actor=None, council=where,
                     after={"day": today.isoformat(), "sent": sent})
    return outcomes


def digest_due(now: Any = None) -> bool:
    """Whether today's e-mails are due: from CIVICGUARD_DIGEST_HOUR (local time) on."""
    now = timezone.localtime(now)
    return now.hour >= int(getattr(settings, "CIVICGUARD_DIGEST_HOUR", 7))
