"""Telling a post's author what was decided: a notice on their start page and an e-mail.

`notify_author` is called by the deciding service inside its transaction, so the notice exists exactly when the
decision does; the e-mail goes through Django's e-mail backend (EMAIL_BACKEND: the console by default, SMTP when
CIVICGUARD_EMAIL_BACKEND says so) only once that transaction has committed, so a refused or rolled-back decision
never sends one. A failed e-mail is logged and loses nothing: the notice is there either way.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterator
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from civicguard.apps.posts.models import Approval, Decision, Notice, NoticeKind, Post

log = logging.getLogger(__name__)
_EMAIL = contextvars.ContextVar("civicguard_post_notice_email", default=True)


@contextlib.contextmanager
def without_email() -> Iterator[None]:
    """Write notices but send no e-mail (the demo data: its people's addresses are invented)."""
    token = _EMAIL.set(False)
    try:
        yield
    finally:
        _EMAIL.reset(token)


def _message(post: Post, approval: Approval, request: Approval | None) -> tuple[str, str]:
    """(kind, one plain-English line) for the author."""
    who, number = approval.actor.username, f"Your post {post.pk} for {post.account}"
    yours = number[0].lower() + number[1:]
    asked_by = request.actor.username if request is not None else "an approver"
    if approval.decision == Decision.APPROVE:
        return str(NoticeKind.APPROVED), f"{number} was approved by {who}. It is in the outbox."
    if approval.decision == Decision.RETURN:
        return str(NoticeKind.RETURNED), f"{number} was returned to you by {who}. Read their comment and change it."
    if approval.decision == Decision.OVERRIDE:
        return str(NoticeKind.OVERRIDDEN), (f"{number} was approved by {who}, overriding what the check found. "
                                       "It is in the outbox, marked as overridden.")
    if approval.decision == Decision.REQUEST_OVERRIDE:
        return str(NoticeKind.OVERRIDE_REQUESTED), (f"{who} asked to override what the check found in {yours}. "
                                               "A second person must confirm it before it goes out.")
    if approval.decision == Decision.CONFIRM_OVERRIDE:
        if approval.verdict == "pass":
            return str(NoticeKind.APPROVED), (f"{number} was approved by {who}. The check now finds nothing, so "
                                         "nothing was overridden. It is in the outbox.")
        return str(NoticeKind.OVERRIDE_CONFIRMED), (f"{number} was approved with an override: {asked_by} asked for it "
                                               f"and {who} confirmed it. It is in the outbox, marked as overridden.")
    return str(NoticeKind.OVERRIDE_REFUSED), (f"{who} refused the override {asked_by} asked for, so {yours} is "
                                         "back with you. Read their comment and change it.")


def notify_author(*, post: Post, approval: Approval, request: Approval | None = None) -> Notice:
    """Write the author's notice for `approval` and send them an e-mail once the transaction commits."""
    kind, message = _message(post, approval, request)
    note = approval.comment or approval.justification
    notice = Notice.objects.create(user=post.author, post=post, approval=approval, kind=kind, message=message[:300],
                                   comment=note)
    address = (post.author.email or "").strip()
    if address and _EMAIL.get():
        transaction.on_commit(lambda: _send(address, post.pk, kind, message, note))
    return notice


def _send(address: str, post_pk: int, kind: str, message: str, note: str) -> None:
    # The e-mail names the post and the decision, never the post's text: it may hold the personal data the
    # check found, and an e-mail leaves the council's systems.
    lines = [message, ""]
    if note:
        lines += ["Their comment:", note, ""]
    lines += [f"Sign in to CivicGuard and open {reverse('posts:detail', args=[post_pk])} to see the post."]
    subject = f"CivicGuard: post {post_pk}: {NoticeKind(kind).label.lower()}"
    try:
        send_mail(subject, "\n".join(lines), None, [address], fail_silently=False)
    except Exception:  # the notice on the start page stands; the e-mail server's fault is for the log
        log.exception("could not e-mail %s about post %s", address, post_pk)


def notices_seen(*, user: Any, post: Post) -> int:
    """The person opened their post: its notices leave their start page. Not audited: a read receipt of the
    person's own notices changes nothing anyone decides on."""
    if post.author_id != getattr(user, "pk", None):
        return 0
    return Notice.objects.filter(user=user, post=post, seen__isnull=True).update(seen=timezone.now())
