"""The moderator's desk (St Helens 9.6-9.7): the queue, a comment with its checks and decisions, hand-offs,
dead letters and the records export. Thin: read the form, call a service or a selector, show the result.
What a person may do to a comment comes from the service layer (`decisions.allowed_actions`)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicguard.apps.access.checks import can
from civicguard.apps.access.pages import council_page
from civicguard.apps.access.roles import label as role_label
from civicguard.apps.councils.models import Council
from civicguard.apps.moderation import selectors
from civicguard.apps.moderation.findings import explain
from civicguard.apps.moderation.models import (
    RECHECK_ON_EDIT,
    SEVERITY_RANK,
    Action,
    Comment,
    CommentStatus,
    DeadLetter,
    Delivery,
    Route,
)
from civicguard.apps.moderation.selectors import AGES, QueueFilter
from civicguard.apps.moderation.services import decisions, ingest, records, routing
from civicguard.apps.posts.highlight import segments
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.common.dates import read_date_range
from civicguard.common.exports import csv_stream, json_stream
from civicguard.engine.model import CATEGORIES
from civicguard.errors import BadInput, CivicGuardError, InvalidState, NotAllowed, NotFound

PAGE_SIZE = 50
BANNER_MAX = 5  # safeguarding comments linked from the queue's urgent banner; more are first in the queue
CHOSEN = [str(a) for a in decisions.CHOSEN]
ACTION_DONE = {
    Action.APPROVE: "Approved: the comment stays visible.",
    Action.HIDE: "The comment is marked as hidden.",
    Action.REMOVE: "The comment is marked as removed.",
    Action.ESCALATE: "The comment is escalated.",
    Action.CONFIRM_REMOVAL: "Removal confirmed: the comment is marked as removed. Remove it on {platform} now.",
    Action.REFUSE_REMOVAL: "Removal refused: the comment is back in the queue.",
}
# What the person who asked for a removal, or who refused one, must do on the platform (CivicGuard does not
# hide or show comments on the platforms itself: the status records what the moderator did there).
REMOVAL_ASKED = {
    True: "Removal asked for. Hide the comment on {platform} now: it stays hidden until a second person "
          "confirms or refuses the removal.",
    False: "Removal asked for: a second person must confirm it before the comment is removed.",
}
SHOWN_AGAIN = ("Removal refused: show the comment again on {platform}, where it was hidden while the removal "
               "waited. It is back in the queue.")
SECTION = [
    ("comments.view", "moderation:queue", "Queue"),
    ("comments.view", "moderation:handoffs", "Hand-offs"),
    ("comments.dead_letters", "moderation:dead_letters", "Dead letters"),
    ("comments.export", "moderation:export", "Export"),
]
BULK_DONE = {
    CommentStatus.APPROVED: "approved",
    CommentStatus.HIDDEN: "marked as hidden",
    CommentStatus.REMOVED: "marked as removed",
    CommentStatus.REMOVAL_PENDING: "waiting for a second person to confirm the removal",
    CommentStatus.ESCALATED: "escalated",
}
AGE_LABELS = {"1h": "1 hour", "4h": "4 hours", "24h": "24 hours", "7d": "7 days"}
Errors = list[tuple[str, str]]


def _error(exc: CivicGuardError, default: str, rename: dict[str, str] | None = None) -> tuple[str, str]:
    field = exc.data.get("field") if isinstance(exc, BadInput) else None
    field = field or default
    return (rename or {}).get(field, field), exc.message


def _status_for(exc: CivicGuardError) -> int:
    statuses = {NotAllowed: 403, NotFound: 404, InvalidState: 409}
    return next((code for kind, code in statuses.items() if isinstance(exc, kind)), 400)


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def _render(request: HttpRequest, council: Council, template: str, context: dict[str, Any],
            status: int = 200) -> HttpResponse:
    """Every moderation page: adds the fields in error (to mark their form groups) and the section's links."""
    user = request.user
    errors = context.setdefault("errors", [])
    context["error_fields"] = {field for field, _ in errors}
    context["section"] = [{"url": reverse(name), "label": label, "current": request.path == reverse(name)}
                          for capability, name, label in SECTION if can(user, capability, council)]
    return render(request, template, context, status=status)


def needs_pack(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages that need the pack's moderation facts say so plainly when a council's pack has none."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, council: Council, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            decisions.moderation_facts(council)
        except InvalidState as exc:
            return _render(request, council, "moderation/not_set_up.html", {"message": exc.message}, status=409)
        return view(request, council, *args, **kwargs)

    return wrapper


def _findings(comment: Comment) -> list[dict[str, Any]]:
    check = comment.latest_check
    return list(check.result.get("findings", [])) if check is not None else []


def _platform(comment: Comment) -> str:
    return str(comment.account.get_platform_display())


def _reason_options(council: Council, actions: list[str]) -> list[dict[str, Any]]:
    """The pack's reason codes that fit at least one of `actions`, each with the actions it may be given for."""
    return [{"code": r.code, "label": r.label, "clauses": r.clauses, "actions": [a for a in r.actions if a in actions]}
            for r in decisions.reason_codes(council) if set(r.actions) & set(actions)]


def _edit_count(value: str) -> int | None:
    """The edit count a form was shown (so a decision on a comment edited since is refused); None if not given."""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def _reason_labels(council: Council) -> dict[str, str]:
    return {r.code: r.label for r in decisions.reason_codes(council)}


# ---- the queue --------------------------------------------------------------------------------------------

def _filter_choices(council: Council) -> dict[str, Any]:
    return {
        "statuses": [("queue", "Waiting for a moderator"), ("all", "All comments"), *CommentStatus.choices],
        "accounts": SocialAccount.objects.filter(council=council).order_by("platform", "handle"),
        "categories": sorted(CATEGORIES),
        "severities": [s for s in sorted(SEVERITY_RANK, key=SEVERITY_RANK.__getitem__, reverse=True) if s],
        "ages": [(k, AGE_LABELS.get(k, k)) for k in AGES],
    }


def _render_queue(request: HttpRequest, council: Council, params: QueryDict, *, errors: Errors | None = None,
                  form: Any = None, status: int = 200) -> HttpResponse:
    errors = list(errors or [])
    try:
        flt = QueueFilter.from_params(params)
    except BadInput as exc:
        errors.append(_error(exc, "status"))
        flt = QueueFilter()
        status = 400
    page = Paginator(selectors.comments_for(council=council, flt=flt), PAGE_SIZE).get_page(params.get("page"))
    removals = selectors.pending_removals(council=council)
    waiting = {r.comment.pk: r for r in removals}
    urgent = set(selectors.safeguarding_categories(council))
    rows = []
    for comment in page.object_list:
        lines, runs = explain(comment.text, _findings(comment))
        rows.append({"comment": comment, "segments": runs, "lines": lines, "removal": waiting.get(comment.pk),
                     "safeguarding": bool(urgent & set(comment.category_list))})
    safeguarding = selectors.safeguarding_waiting(council=council)
    shown = list(safeguarding[:BANNER_MAX])
    urgent_count = len(shown) if len(shown) < BANNER_MAX else safeguarding.count()
    query = params.copy()
    query.pop("page", None)
    chosen = set(form.getlist("ids")) if form is not None else set()
    context = {
        "page": page, "rows": rows, "flt": flt, "query": query.urlencode(), "errors": errors,
        "filtered": any(params.get(k) for k in ("status", "account", "category", "severity", "older_than",
                                                 "newer_than")),
        "clocks": selectors.sla_clocks(council=council), "counts": selectors.queue_counts(council=council),
        "removals": removals, "removal_hours": decisions.moderation_facts(council).removal_pending_hours,
        "safeguarding": shown, "safeguarding_count": urgent_count, "safeguarding_rest": urgent_count - len(shown),
        "removal_others": " or ".join(role_label(r) for r in decisions.moderation_facts(council).removal_confirmed_by),
        "in_queue_order": flt.status == "queue",
        "can_moderate": can(request.user, "comments.moderate", council),
        "actions": [(a, Action(a).label) for a in CHOSEN],
        "reasons": _reason_options(council, CHOSEN),
        "form": form or {}, "chosen": chosen,
        "next": reverse("moderation:queue") + (f"?{params.urlencode()}" if params else ""),
        **_filter_choices(council),
    }
    return _render(request, council, "moderation/queue.html", context, status=status)


@require_GET
@council_page("comments.view")
@needs_pack
def queue(request: HttpRequest, council: Council) -> HttpResponse:
    return _render_queue(request, council, request.GET)


@require_POST
@council_page("comments.moderate")
@needs_pack
def bulk(request: HttpRequest, council: Council) -> HttpResponse:
    back = _next_url(request, reverse("moderation:queue"))
    action = request.POST.get("action", "")
    try:
        ids = request.POST.getlist("ids")
        if not all(i.isdigit() for i in ids):
            raise BadInput("Choose comments from the list", field="comments")
        chosen = list(Comment.objects.filter(council=council, pk__in=[int(i) for i in ids]).select_related("council"))
        if len(chosen) != len(set(ids)):
            raise BadInput("Choose only comments from this council's queue", field="comments")
        if action not in CHOSEN:
            raise BadInput("Choose what to do with the comments", field="action")
        seen = {c.pk: n for c in chosen if (n := _edit_count(request.POST.get(f"seen-{c.pk}", ""))) is not None}
        done = decisions.decide_many(comments=chosen, actor=request.user, action=action,
                                     reason_code=request.POST.get("reason_code", ""),
                                     note=request.POST.get("note", ""), seen_edits=seen)
    except CivicGuardError as exc:
        params = QueryDict(urlsplit(back).query)
        return _render_queue(request, council, params, errors=[_error(exc, "comments")], form=request.POST,
                             status=_status_for(exc))
    what = BULK_DONE.get(done[0].status_after, done[0].status_after) if done else ""
    messages.success(request, f"{len(done)} comment{'s' if len(done) != 1 else ''} {what}.")
    return redirect(back)


# ---- one comment ------------------------------------------------------------------------------------------

def _comment_for(council: Council, pk: int) -> Comment:
    return get_object_or_404(Comment.objects.select_related("account", "latest_check", "council"),
                             pk=pk, council=council)


def _route_choices(council: Council) -> list[dict[str, Any]]:
    facts = decisions.moderation_facts(council)
    return [{"value": name, "name": r.name, "urgent": r.urgent, "reply": routing.suggested_reply(council, name)}
            for name, r in facts.routes.items()]


def _render_detail(request: HttpRequest, council: Council, pk: int, *, errors: Errors | None = None,
                   form: Any = None, route_form: Any = None, reply_check: dict[str, Any] | None = None,
                   status: int = 200) -> HttpResponse:
    comment = _comment_for(council, pk)
    user = request.user
    findings = _findings(comment)
    lines, runs = explain(comment.text, findings)
    labels = _reason_labels(council)
    decided = list(comment.decisions.select_related("actor"))
    asked = next((d for d in reversed(decided) if d.action == Action.REMOVE), None)
    allowed = decisions.allowed_actions(comment=comment, actor=user)
    routes = _route_choices(council)
    suggested = routing.suggested_route(comment)
    route_reasons = decisions.reason_codes(council, "route")
    route_form = route_form or {}
    route = route_form.get("route", suggested)
    reply = route_form.get("reply")
    if reply is None:
        reply = next((r["reply"] for r in routes if r["value"] == route), "")
    cats = set(comment.category_list)
    route_reason = route_form.get("reason_code", next((r.code for r in route_reasons if cats & set(r.categories)), ""))
    facts = decisions.moderation_facts(council)
    removal_pending = comment.status == CommentStatus.REMOVAL_PENDING
    context = {
        "comment": comment, "findings": findings, "lines": lines, "segments": runs,
        "checks": comment.checks.all(),
        "revisions": list(selectors.revisions_of(comment=comment)),
        "kept_through_edit": comment.edits > 0 and comment.status not in RECHECK_ON_EDIT,
        "decisions": [{"d": d, "who": d.actor.get_username() if d.actor else "system",
                       "reason": labels.get(d.reason_code, d.reason_code)} for d in decided],
        "handoffs": comment.handoffs.select_related("actor").prefetch_related("deliveries"),
        "can_moderate": can(user, "comments.moderate", council),
        "may_decide": any(a in allowed for a in CHOSEN),
        "removal_pending": removal_pending,
        "may_answer_removal": removal_pending and bool(set(allowed) & {"confirm_removal", "refuse_removal"}),
        "can_answer_removals": decisions.may_answer_removal(user, council),
        "removal_clock": (next((r for r in selectors.pending_removals(council=council) if r.comment.pk == pk), None)
                          if removal_pending else None),
        "asked_by_me": asked is not None and asked.actor_id == user.pk,
        "asked": asked,
        "asked_reason": labels.get(asked.reason_code, asked.reason_code) if asked is not None else "",
        "removal_others": " or ".join(role_label(r) for r in facts.removal_confirmed_by),
        "may_route": str(Action.ROUTE) in allowed,
        "email_not_sent": routing.email_not_sent(),
        "actions": [(a, Action(a).label) for a in CHOSEN],
        "reasons": _reason_options(council, CHOSEN),
        "route_reasons": route_reasons, "route_reason": route_reason,
        "routes": routes, "route": route, "suggested_route": suggested, "reply": reply,
        "reply_limit": routing.MAX_REPLY,
        "reply_check": reply_check,
        "reply_segments": segments(reply, reply_check.get("findings", [])) if reply_check else [],
        "facts": facts,
        "errors": errors or [], "form": form or {}, "route_form": route_form,
    }
    return _render(request, council, "moderation/detail.html", context, status=status)


@require_GET
@council_page("comments.view")
@needs_pack
def detail(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _render_detail(request, council, pk)


@require_POST
@council_page("comments.moderate")
@needs_pack
def decide(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    comment = _comment_for(council, pk)
    action = request.POST.get("action", "")
    removal = action in (Action.CONFIRM_REMOVAL, Action.REFUSE_REMOVAL)
    try:
        if not action:
            raise BadInput("Choose what to do with the comment", field="action")
        decision = decisions.decide(comment=comment, actor=request.user, action=action,
                                    reason_code=request.POST.get("reason_code", ""), note=request.POST.get("note", ""),
                                    seen_edits=_edit_count(request.POST.get("edits", "")))
    except CivicGuardError as exc:
        rename = {"note": "removal_note", "action": "actions"} if removal else {}
        return _render_detail(request, council, pk, errors=[_error(exc, "actions", rename)],
                              form=request.POST, status=_status_for(exc))
    messages.success(request, _done(decision, comment, was_hidden=comment.hidden_pending_removal))
    return redirect("moderation:detail", pk=pk)


def _done(decision: Any, comment: Comment, *, was_hidden: bool) -> str:
    """What the person reads after a decision, with what they must now do on the platform. `was_hidden`: the
    comment was hidden while a removal waited (read before the decision)."""
    platform = _platform(comment)
    if decision.status_after == CommentStatus.REMOVAL_PENDING:
        return REMOVAL_ASKED[decision.comment.hidden_pending_removal].format(platform=platform)
    if decision.action == Action.REFUSE_REMOVAL and was_hidden:
        return SHOWN_AGAIN.format(platform=platform)
    return ACTION_DONE.get(decision.action, "Done.").format(platform=platform)


@require_POST
@council_page("comments.view")
@needs_pack
def removal(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    """Confirm or refuse a removal someone else asked for: a moderator, or a role the pack names (the approver
    for St Helens). The service decides who may; a person who may not gets 403 and sees nothing of the comment."""
    comment = _comment_for(council, pk)  # first: a comment of another council is not found, whoever asks
    decisions.require_removal_answerer(request.user, council)
    action = request.POST.get("action", "")
    try:
        if action not in (Action.CONFIRM_REMOVAL, Action.REFUSE_REMOVAL):
            raise BadInput("Choose to confirm or refuse the removal", field="action")
        decision = decisions.decide(comment=comment, actor=request.user, action=action,
                                    note=request.POST.get("note", ""),
                                    seen_edits=_edit_count(request.POST.get("edits", "")))
    except CivicGuardError as exc:
        return _render_detail(request, council, pk, errors=[_error(exc, "actions", {"note": "removal_note",
                                                                                      "action": "actions"})],
                              form=request.POST, status=_status_for(exc))
    messages.success(request, _done(decision, comment, was_hidden=comment.hidden_pending_removal))
    return redirect("moderation:detail", pk=pk)


@require_POST
@council_page("comments.moderate")
@needs_pack
def route(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    comment = _comment_for(council, pk)
    rename = {"reason_code": "route_reason_code", "note": "route_note"}
    reply = request.POST.get("reply", "")
    if request.POST.get("check_reply"):
        try:
            if len(reply) > routing.MAX_REPLY:
                raise BadInput(f"The suggested reply must be {routing.MAX_REPLY} characters or fewer", field="reply")
            if not reply.strip() and request.POST.get("route"):
                reply = routing.suggested_reply(council, request.POST["route"])
            result = routing.check_reply(council=council, text=reply.replace("\x00", ""))
        except BadInput as exc:
            return _render_detail(request, council, pk, errors=[_error(exc, "reply")], route_form=request.POST,
                                  status=400)
        form = request.POST.copy()
        form["reply"] = reply
        return _render_detail(request, council, pk, route_form=form, reply_check=result)
    try:
        if not request.POST.get("route"):
            raise BadInput("Choose who to send the comment to", field="route")
        handoff = routing.route_comment(comment=comment, actor=request.user, route=request.POST["route"],
                                        reason_code=request.POST.get("reason_code", ""), reply=reply or None,
                                        note=request.POST.get("note", ""),
                                        seen_edits=_edit_count(request.POST.get("edits", "")))
    except CivicGuardError as exc:
        field, message = _error(exc, "actions", rename)
        check = None
        if field == "reply" and reply and len(reply) <= routing.MAX_REPLY:
            check = routing.check_reply(council=council, text=reply.replace("\x00", ""))
        return _render_detail(request, council, pk, errors=[(field, message)], route_form=request.POST,
                              reply_check=check, status=_status_for(exc))
    urgent = " as urgent" if handoff.urgent else ""
    done = f"Sent to {handoff.route_name}{urgent}. Post the suggested reply on {_platform(comment)}."
    not_sent = routing.email_not_sent()
    if not_sent:
        done += f" {not_sent}: tell {handoff.route_name} yourself."
    messages.success(request, done)
    comment.refresh_from_db()
    if handoff.route == Route.SAFEGUARDING and Action.HIDE in decisions.allowed_actions(comment=comment,
                                                                                       actor=request.user):
        # A safeguarding concern is still on the platform after the hand-off: ask whether to hide it too.
        return redirect("moderation:hide_too", pk=pk)
    return redirect("moderation:detail", pk=pk)


def _hide_reasons(comment: Comment) -> tuple[list[Any], str]:
    """The pack's reasons for hiding, and the one to offer first: one whose categories the comment has
    (safeguarding for a safeguarding concern)."""
    reasons = decisions.reason_codes(comment.council, "hide")
    cats = set(comment.category_list)
    first = next((r.code for r in reasons if cats & set(r.categories)), "")
    return reasons, first


def _render_hide_too(request: HttpRequest, council: Council, comment: Comment, *, errors: Errors | None = None,
                     form: Any = None, status: int = 200) -> HttpResponse:
    reasons, first = _hide_reasons(comment)
    form = form or {}
    handoff = comment.handoffs.order_by("-created", "-id").first()
    return _render(request, council, "moderation/hide_too.html", {
        "comment": comment, "handoff": handoff, "reasons": reasons, "platform": _platform(comment),
        "reason": form.get("reason_code", first), "answer": form.get("hide", ""), "errors": errors or [],
        "note": form.get("note", ""),
    }, status=status)


@require_http_methods(["GET", "POST"])
@council_page("comments.moderate")
@needs_pack
def hide_too(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    """After a safeguarding hand-off: "Do you want to hide the comment too?" Yes calls the hide service."""
    comment = _comment_for(council, pk)
    if comment.status == CommentStatus.HIDDEN:
        messages.info(request, f"Comment {comment.pk} is already hidden.")
        return redirect("moderation:detail", pk=pk)
    if Action.HIDE not in decisions.allowed_actions(comment=comment, actor=request.user):
        messages.info(request, f"Comment {comment.pk} cannot be hidden now: it is "
                               f"{comment.get_status_display().lower()}.")
        return redirect("moderation:detail", pk=pk)
    if request.method == "GET":
        return _render_hide_too(request, council, comment)
    answer = request.POST.get("hide", "")
    try:
        if answer not in ("yes", "no"):
            raise BadInput("Select yes if you want to hide the comment too", field="hide")
        if answer == "no":
            messages.success(request, f"The comment stays visible on {_platform(comment)}.")
            return redirect("moderation:detail", pk=pk)
        decisions.decide(comment=comment, actor=request.user, action=str(Action.HIDE),
                         reason_code=request.POST.get("reason_code", ""), note=request.POST.get("note", ""),
                         seen_edits=_edit_count(request.POST.get("edits", "")))
    except CivicGuardError as exc:
        field, message = _error(exc, "hide")
        field = {"reason_code": "hide_reason", "note": "hide_note", "action": "hide"}.get(field, field)
        return _render_hide_too(request, council, comment, errors=[(field, message)], form=request.POST,
                                status=_status_for(exc))
    messages.success(request, f"The comment is marked as hidden. Hide it on {_platform(comment)} now.")
    return redirect("moderation:detail", pk=pk)


# ---- hand-offs --------------------------------------------------------------------------------------------

@require_GET
@council_page("comments.view")
def handoffs(request: HttpRequest, council: Council) -> HttpResponse:
    page = Paginator(selectors.handoffs(council=council), PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, council, "moderation/handoffs.html", {
        "page": page, "can_moderate": can(request.user, "comments.moderate", council),
        "email_not_sent": routing.email_not_sent(),
    })


@require_POST
@council_page("comments.moderate")
def retry_delivery(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    delivery = get_object_or_404(Delivery.objects.select_related("handoff__council"), pk=pk,
                                 handoff__council=council)
    back = _next_url(request, reverse("moderation:handoffs"))
    if delivery.status != Delivery.Status.FAILED:
        messages.info(request, "That delivery has not failed, so there is nothing to retry.")
        return redirect(back)
    routing.retry_delivery(delivery=delivery, actor=request.user)
    messages.success(request, f"The {delivery.get_channel_display().lower()} to {delivery.target} will be tried "
                              "again.")
    return redirect(back)


# ---- dead letters -----------------------------------------------------------------------------------------

@require_GET
@council_page("comments.dead_letters")
def dead_letters(request: HttpRequest, council: Council) -> HttpResponse:
    show_resolved = request.GET.get("resolved") == "1"
    letters = selectors.dead_letters(council=council, unresolved_only=not show_resolved).select_related(
        "resolved_by")
    page = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, council, "moderation/dead_letters.html", {
        "page": page, "show_resolved": show_resolved, "query": "resolved=1" if show_resolved else "",
    })


def _letter_for(council: Council, pk: int) -> DeadLetter:
    return get_object_or_404(DeadLetter.objects.select_related("resolved_by"), pk=pk, council=council)


def _render_letter(request: HttpRequest, council: Council, pk: int, *, errors: Errors | None = None,
                   form: Any = None, status: int = 200) -> HttpResponse:
    letter = _letter_for(council, pk)
    taken = None
    if letter.comment and letter.resolved is not None and can(request.user, "comments.view", council):
        platform, _, platform_id = letter.key.partition(":")
        taken = Comment.objects.filter(council=council, platform=platform, platform_id=platform_id).first()
    return _render(request, council, "moderation/dead_letter.html", {
        "letter": letter, "taken": taken, "errors": errors or [], "form": form or {},
    }, status=status)


@require_GET
@council_page("comments.dead_letters")
def dead_letter(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _render_letter(request, council, pk)


@require_POST
@council_page("comments.dead_letters")
def dead_letter_resolve(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    letter = _letter_for(council, pk)
    try:
        if letter.resolved is not None:
            raise InvalidState("This dead letter has already been dealt with")
        ingest.dead_letter_resolve(letter=letter, actor=request.user, resolution=request.POST.get("resolution", ""))
    except CivicGuardError as exc:
        default = "resolution" if isinstance(exc, BadInput) else "letter-actions"
        return _render_letter(request, council, pk, errors=[_error(exc, default)], form=request.POST,
                              status=_status_for(exc))
    messages.success(request, "The dead letter is marked as dealt with.")
    return redirect("moderation:dead_letters")


@require_POST
@council_page("comments.dead_letters")
def dead_letter_retake(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    letter = _letter_for(council, pk)
    try:
        comment = ingest.dead_letter_retake(letter=letter, actor=request.user)
    except CivicGuardError as exc:
        return _render_letter(request, council, pk, errors=[_error(exc, "letter-actions")], status=_status_for(exc))
    if comment is None:
        messages.warning(request, "The account is still unknown: register it on the accounts page, then take the "
                                  "comment again.")
    else:
        messages.success(request, f"The comment is in the queue of account {comment.account.handle}.")
    return redirect("moderation:dead_letter", pk=pk)


# ---- export -----------------------------------------------------------------------------------------------

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


@require_http_methods(["GET", "HEAD"])
@council_page("comments.export")
def export(request: HttpRequest, council: Council) -> HttpResponse:
    params = request.GET
    accounts = list(SocialAccount.objects.filter(council=council).order_by("platform", "handle"))
    dates = read_date_range(params)
    errors: Errors = dates.summary()
    fmt = params.get("format", "csv")
    redact = params.get("redact") in {"yes", "on", "1", "true"}
    subject = params.get("subject", "").strip()
    account = None
    if params.get("account"):
        account = next((a for a in accounts if str(a.pk) == params["account"]), None)
        if account is None:
            errors.append(("account", "Choose one of this council's accounts"))
    if fmt not in FORMATS:
        errors.append(("format", "Choose CSV or JSON"))
    if len(subject) > 200:
        errors.append(("subject", "The platform id must be 200 characters or fewer"))
    if params.get("download") == "1" and not errors:
        try:
            comments = records.export_comments(actor=request.user, council=council, account=account,
                                               start=dates.since, end=dates.until, redact_third_parties=redact,
                                               subject_author_id=subject, fmt=fmt)
        except BadInput as exc:
            errors.append(_error(exc, "since", {"end": "until-day", "start": "since-day"}))
        else:
            return _download(council, comments, fmt=fmt, redact=redact, subject=subject)
    return _render(request, council, "moderation/export.html", {
        "accounts": accounts, "errors": errors, "date_fields": dates.date_fields(), "fmt": fmt,
        "redact": redact, "subject": subject, "account": account,
    }, status=400 if errors else 200)


def _download(council: Council, comments: Any, *, fmt: str, redact: bool, subject: str) -> StreamingHttpResponse:
    rows = records.export_rows(comments, redact_third_parties=redact, subject_author_id=subject)
    body = csv_stream(rows, records.EXPORT_FIELDS) if fmt == "csv" else json_stream(rows)
    response = StreamingHttpResponse(body, content_type=FORMATS[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="comments-{council.slug}-{stamp}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response

