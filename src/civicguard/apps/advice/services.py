"""Asking and answering advice requests. Each change checks the actor's capability, makes the change and writes its
audit entry in one transaction; pages, API and command line only call these functions.

Who answers: the holders of the adviser's role in the council (the pack's `facts.advisers`: St Helens' Internal
Audit is answered by the Computer Auditor, Legal Services by the legal role), never the person who asked. Who
reads a request: the asker, those who may answer it, and the Information Management Group.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from civicguard.apps.access.checks import can, holds_role, require, roles_in
from civicguard.apps.advice.models import AdviceRequest, AdviceStatus
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.engine import pack_for
from civicguard.engine.packs.schema import DEFAULT_ADVISERS, Adviser
from civicguard.errors import BadInput, InvalidState, NotAllowed, NotFound

MAX_QUESTION = 5000
MAX_ANSWER = 10000
MAX_REFERENCE = 300
ABOUT_KINDS = ("post", "account")


def advisers(council: Council) -> list[Adviser]:
    """The council's advisers, from its pack (the defaults when the pack states no facts)."""
    facts = pack_for(council.slug).facts
    return list(facts.advisers) if facts is not None else list(DEFAULT_ADVISERS)


def adviser_of(council: Council, slug: str) -> Adviser:
    for adviser in advisers(council):
        if adviser.slug == slug:
            return adviser
    raise NotFound(f"{council.name} has no adviser {str(slug)[:40]!r}", field="adviser")


def visible(*, user: Any, council: Council) -> QuerySet[AdviceRequest]:
    """The requests `user` may read in `council`: all for the IMG, else their own and those their roles answer."""
    qs = AdviceRequest.objects.filter(council=council).select_related("asked_by", "answered_by", "council")
    if can(user, "advice.view_all", council):
        return qs
    return qs.filter(Q(asked_by=user) | Q(adviser_role__in=roles_in(user, council)))


def request_of(*, user: Any, council: Council, pk: int) -> AdviceRequest:
    req = visible(user=user, council=council).filter(pk=pk).first()
    if req is None:
        raise NotFound("no such advice request among yours")
    return req


def _model(kind: str) -> Any:
    if kind == "post":
        from civicguard.apps.posts.models import Post

        return Post
    from civicguard.apps.social_accounts.models import SocialAccount

    return SocialAccount


def about_object(council: Council, kind: str, pk: int) -> Any:
    """The council's post or account the question concerns (NotFound for anything else)."""
    if kind not in ABOUT_KINDS:
        raise BadInput("A question can concern a post or an account", field="about")
    found = _model(kind).objects.filter(council=council, pk=pk).first()
    if found is None:
        raise NotFound(f"There is no {kind} {pk} in {council.name}", field="about")
    return found


def _text(value: Any, field: str, limit: int, missing: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise BadInput(missing, field=field)
    if len(text) > limit:
        raise BadInput(f"The {field} must be {limit} characters or fewer", field=field)
    return text


@transaction.atomic
def advice_request_create(*, actor: Any, council: Council, adviser: str, question: str, about: Any = None,
                          reference: str = "") -> AdviceRequest:
    """Ask one of the council's advisers a question, about a post or an account of the council, or a reference."""
    require(actor, "advice.ask", council)
    chosen = adviser_of(council, adviser)
    question = _text(question, "question", MAX_QUESTION, "Enter your question")
    reference = " ".join(str(reference or "").split())
    if len(reference) > MAX_REFERENCE:
        raise BadInput(f"The reference must be {MAX_REFERENCE} characters or fewer", field="reference")
    if about is not None and getattr(about, "council_id", None) != council.pk:
        raise NotFound(f"no such post or account in {council.name}", field="about")
    req = AdviceRequest.objects.create(
        council=council, adviser=chosen.slug, adviser_name=chosen.name, adviser_role=chosen.role, question=question,
        about_type=ContentType.objects.get_for_model(about) if about is not None else None,
        about_id=about.pk if about is not None else None, reference=reference, asked_by=actor)
    audit_record(event="advice.request.create", actor=actor, council=council, subject=req,
                 after={"adviser": chosen.name, "question": question, "about": about_label(req)})
    return req


def about_label(req: AdviceRequest) -> str:
    """What the question concerns, in words: "Post 12", "Account @X (Facebook)", the reference, or ""."""
    parts = []
    if req.about_type_id is not None:
        kind = "Post" if req.about_type.model == "post" else "Account"
        obj = req.about
        parts.append(f"{kind} {obj.pk}" if kind == "Post" or obj is None else f"Account {obj}")
    if req.reference:
        parts.append(req.reference)
    return "; ".join(parts)


def answer_refusal(actor: Any, req: AdviceRequest) -> NotAllowed | InvalidState | None:
    """Why `actor` may not answer `req` now, or None when they may (pages ask this)."""
    if not can(actor, "advice.answer", req.council) or not holds_role(actor, req.adviser_role, req.council):
        return NotAllowed(f"Only {req.adviser_name} can answer this question")
    if req.asked_by_id == getattr(actor, "pk", None):
        return NotAllowed("Someone else must answer a question you asked")
    if req.status != AdviceStatus.OPEN:
        return InvalidState(f"The question is {req.get_status_display().lower()}")
    return None


@transaction.atomic
def advice_request_answer(*, actor: Any, request: AdviceRequest, answer: str) -> AdviceRequest:
    require(actor, "advice.answer", request.council)
    req = AdviceRequest.objects.select_for_update().select_related("council").get(pk=request.pk)
    refusal = answer_refusal(actor, req)
    if refusal is not None:
        raise refusal
    req.answer = _text(answer, "answer", MAX_ANSWER, "Enter your answer")
    req.status, req.answered_by, req.answered_at = AdviceStatus.ANSWERED, actor, timezone.now()
    req.save()
    audit_record(event="advice.request.answer", actor=actor, council=req.council, subject=req,
                 before={"status": AdviceStatus.OPEN}, after={"status": req.status, "answer": req.answer})
    return req


def withdraw_refusal(actor: Any, req: AdviceRequest) -> NotAllowed | InvalidState | None:
    if req.asked_by_id != getattr(actor, "pk", None):
        return NotAllowed("Only the person who asked can withdraw a question")
    if req.status != AdviceStatus.OPEN:
        return InvalidState(f"The question is {req.get_status_display().lower()}")
    return None


@transaction.atomic
def advice_request_withdraw(*, actor: Any, request: AdviceRequest) -> AdviceRequest:
    require(actor, "advice.ask", request.council)
    req = AdviceRequest.objects.select_for_update().select_related("council").get(pk=request.pk)
    refusal = withdraw_refusal(actor, req)
    if refusal is not None:
        raise refusal
    req.status = AdviceStatus.WITHDRAWN
    req.save(update_fields=["status", "updated"])
    audit_record(event="advice.request.withdraw", actor=actor, council=req.council, subject=req,
                 before={"status": AdviceStatus.OPEN}, after={"status": req.status})
    return req
