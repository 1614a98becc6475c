"""The moderator's desk (St Helens 9.6-9.7): the queue, a comment with its checks and decisions, hand-offs,
dead letters and the records export. Thin: read the form (forms.py), call a service or a selector, show the result
with the service's refusal beside the field it names. What a person may do to a comment comes from the service
layer (`decisions.allowed_actions`)."""

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
from civicguard.apps.breaches.selectors import breach_offer
from civicguard.apps.cases.selectors import case_offer
from civicguard.apps.councils.models import Council
from civicguard.apps.moderation import selectors
from civicguard.apps.moderation.findings import explain
from civicguard.apps.moderation.forms import (
    BackForm,
    BulkForm,
    DeadLettersFilterForm,
    DecideForm,
    ExportForm,
    HideTooForm,
    QueueFilterForm,
    RemovalForm,
    ResolveForm,
    RetakeForm,
    RouteForm,
)
from civicguard.apps.moderation.models import (
    RECHECK_ON_EDIT,
    Action,
    Comment,
    CommentStatus,
    DeadLetter,
    Delivery,
    Route,
)
from civicguard.apps.moderation.selectors import QueueFilter
from civicguard.apps.moderation.services import decisions, ingest, records, routing
from civicguard.apps.onboarding.network import address_of
from civicguard.apps.posts.highlight import segments
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.common.exports import csv_stream, json_stream
from civicguard.common.forms import GovukForm, attach_error
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


def _status_for(exc: CivicGuardError) -> int:
    statuses = {NotAllowed: 403, NotFound: 404, InvalidState: 409}
    return next((code for kind, code in statuses.items() if isinstance(exc, kind)), 400)


def _next_url(request: HttpRequest, target: str, default: str) -> str:
    """Where a form's `next` asks to go back to, if it is on this site."""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def _render(request: HttpRequest, council: Council, template: str, context: dict[str, Any],
            status: int = 200, forms: tuple[GovukForm, ...] = ()) -> HttpResponse:
    """Every moderation page: the error summary of its forms (`errors`: the page title says "Error:") and the
    section's links."""
    user = request.user
    context["errors"] = [item for form in forms for item in form.error_summary()]
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


def _reason_labels(council: Council) -> dict[str, str]:
    return {r.code: r.label for r in decisions.reason_codes(council)}


# ---- the queue --------------------------------------------------------------------------------------------

def _accounts(council: Council) -> list[SocialAccount]:
    return list(SocialAccount.objects.filter(council=council).order_by("platform", "handle"))


def _bulk_form(council: Council, data: Any = None, *, back: str = "") -> BulkForm:
    return BulkForm(data, initial={"next": back}, actions=CHOSEN, reasons=decisions.reason_codes(council))


def _render_queue(request: HttpRequest, council: Council, params: QueryDict, *, bulk: BulkForm | None = None,
                  status: int = 200) -> HttpResponse:
    filters = QueueFilterForm(params, accounts=_accounts(council))
    flt = QueueFilter()
    if filters.is_valid():
        try:  # the selector's rule, as for the API's filters
            flt = QueueFilter.from_params(filters.cleaned_data)
        except BadInput as exc:
            attach_error(filters, exc, default="status")
    if filters.errors:
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
    back = reverse("moderation:queue") + (f"?{params.urlencode()}" if params else "")
    bulk = bulk or _bulk_form(council, back=back)
    context = {
        "page": page, "rows": rows, "flt": flt, "query": query.urlencode(),
        "filters": filters, "filtered": filters.filtered,
        "clocks": selectors.sla_clocks(council=council), "counts": selectors.queue_counts(council=council),
        "removals": removals, "removal_hours": decisions.moderation_facts(council).removal_pending_hours,
        "safeguarding": shown, "safeguarding_count": urgent_count, "safeguarding_rest": urgent_count - len(shown),
        "removal_others": " or ".join(role_label(r) for r in decisions.moderation_facts(council).removal_confirmed_by),
        "in_queue_order": flt.status == "queue",
        "can_moderate": can(request.user, "comments.moderate", council),
        "bulk": bulk, "chosen": bulk.chosen,
    }
    return _render(request, council, "moderation/queue.html", context, status=status, forms=(filters, bulk))


@require_GET
@council_page("comments.view")
@needs_pack
def queue(request: HttpRequest, council: Council) -> HttpResponse:
    return _render_queue(request, council, request.GET)


@require_POST
@council_page("comments.moderate")
@needs_pack
def bulk(request: HttpRequest, council: Council) -> HttpResponse:
    form = _bulk_form(council, request.POST)
    valid = form.is_valid()
    back = _next_url(request, form.cleaned_data.get("next", ""), reverse("moderation:queue"))
    status = 400
    if valid:
        ids = form.cleaned_data["ids"]
        chosen = list(Comment.objects.filter(council=council, pk__in=ids).select_related("council"))
        try:
            if len(chosen) != len(ids):
                raise BadInput("Choose only comments from this council's queue", field="comments")
            done = decisions.decide_many(comments=chosen, actor=request.user, action=form.cleaned_data["action"],
                                         reason_code=form.cleaned_data["reason_code"],
                                         note=form.cleaned_data["note"], seen_edits=form.seen(),
                                         address=address_of(request))
        except CivicGuardError as exc:
            form.add_problem(exc)
            status = _status_for(exc)
        else:
            what = BULK_DONE.get(done[0].status_after, done[0].status_after) if done else ""
            messages.success(request, f"{len(done)} comment{'s' if len(done) != 1 else ''} {what}.")
            return redirect(back)
    return _render_queue(request, council, QueryDict(urlsplit(back).query), bulk=form, status=status)


# ---- one comment ------------------------------------------------------------------------------------------

def _comment_for(council: Council, pk: int) -> Comment:
    return get_object_or_404(Comment.objects.select_related("account", "latest_check", "council"),
                             pk=pk, council=council)


def _route_choices(council: Council) -> list[dict[str, Any]]:
    facts = decisions.moderation_facts(council)
    return [{"value": name, "name": r.name, "urgent": r.urgent, "reply": routing.suggested_reply(council, name)}
            for name, r in facts.routes.items()]


def _decide_form(council: Council, data: Any = None, *, comment: Comment | None = None) -> DecideForm:
    return DecideForm(data, initial={"edits": comment.edits if comment else None}, actions=CHOSEN,
                      reasons=decisions.reason_codes(council),
                      removal_waits=decisions.moderation_facts(council).removal_needs_second_moderator)


def _route_form(council: Council, data: Any = None, *, comment: Comment | None = None) -> RouteForm:
    routes = _route_choices(council)
    reasons = decisions.reason_codes(council, "route")
    initial: dict[str, Any] = {}
    if comment is not None:  # what the automatic check suggests, with that team's standard reply
        route = routing.suggested_route(comment)
        cats = set(comment.category_list)
        initial = {"edits": comment.edits, "route": route,
                   "reply": next((r["reply"] for r in routes if r["value"] == route), ""),
                   "reason_code": next((r.code for r in reasons if cats & set(r.categories)), "")}
    return RouteForm(data, initial=initial, routes=routes, reasons=reasons)


def _render_detail(request: HttpRequest, council: Council, pk: int, *, bound: GovukForm | None = None,
                   reply_check: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    """The comment's page with its forms; `bound` is the one just sent, drawn again with what was typed."""
    comment = _comment_for(council, pk)
    user = request.user
    findings = _findings(comment)
    lines, runs = explain(comment.text, findings)
    labels = _reason_labels(council)
    decided = list(comment.decisions.select_related("actor"))
    asked = next((d for d in reversed(decided) if d.action == Action.REMOVE), None)
    allowed = decisions.allowed_actions(comment=comment, actor=user)
    facts = decisions.moderation_facts(council)
    removal_pending = comment.status == CommentStatus.REMOVAL_PENDING
    if bound is not None:
        bound.show(edits=comment.edits)  # the text on the page now is the one a new decision is made on
    decide_form = bound if isinstance(bound, DecideForm) else _decide_form(council, comment=comment)
    removal_form = bound if isinstance(bound, RemovalForm) else RemovalForm(initial={"edits": comment.edits})
    route_form = bound if isinstance(bound, RouteForm) else _route_form(council, comment=comment)
    reply = str(route_form["reply"].value() or "")
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
        # Removed for personal information: offer to open a personal data breach record (issue 18).
        "breach_offer": breach_offer(user=user, comment=comment),
        # Escalated: a member of staff's comment may become a case for their line manager or HR (St Helens 9.10).
        "case_offer": case_offer(user=user, council=council, comment=comment),
        "asked": asked,
        "asked_reason": labels.get(asked.reason_code, asked.reason_code) if asked is not None else "",
        "removal_others": " or ".join(role_label(r) for r in facts.removal_confirmed_by),
        "may_route": str(Action.ROUTE) in allowed,
        "email_not_sent": routing.email_not_sent(),
        "suggested_route": routing.suggested_route(comment),
        "routes": _route_choices(council),
        "reply_check": reply_check,
        "reply_segments": segments(reply, reply_check.get("findings", [])) if reply_check else [],
        "decide_form": decide_form, "removal_form": removal_form, "route_form": route_form, "bound": bound,
    }
    return _render(request, council, "moderation/detail.html", context, status=status,
                   forms=(bound,) if bound is not None else ())


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
    form = _decide_form(council, request.POST)
    if not form.is_valid():
        return _render_detail(request, council, pk, bound=form, status=400)
    action = form.cleaned_data["action"]
    if action in decisions.ANSWERS:  # an answer to a removal, sent here: the removal form's fields and messages
        return _answer_removal(request, council, comment, RemovalForm(request.POST))
    try:
        decision = decisions.decide(comment=comment, actor=request.user, action=action,
                                    reason_code=form.cleaned_data["reason_code"], note=form.cleaned_data["note"],
                                    seen_edits=form.cleaned_data["edits"], address=address_of(request))
    except CivicGuardError as exc:
        form.add_problem(exc)
        return _render_detail(request, council, pk, bound=form, status=_status_for(exc))
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
    return _answer_removal(request, council, comment, RemovalForm(request.POST))


def _answer_removal(request: HttpRequest, council: Council, comment: Comment, form: RemovalForm) -> HttpResponse:
    if not form.is_valid():
        return _render_detail(request, council, comment.pk, bound=form, status=400)
    try:
        decision = decisions.decide(comment=comment, actor=request.user, action=form.cleaned_data["action"],
                                    note=form.cleaned_data["note"], seen_edits=form.cleaned_data["edits"],
                                    address=address_of(request))
    except CivicGuardError as exc:
        form.add_problem(exc)
        return _render_detail(request, council, comment.pk, bound=form, status=_status_for(exc))
    messages.success(request, _done(decision, comment, was_hidden=comment.hidden_pending_removal))
    return redirect("moderation:detail", pk=comment.pk)


@require_POST
@council_page("comments.moderate")
@needs_pack
def route(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    comment = _comment_for(council, pk)
    form = _route_form(council, request.POST)
    if not form.is_valid():
        return _render_detail(request, council, pk, bound=form, status=400)
    chosen, reply = form.cleaned_data["route"], form.cleaned_data["reply"]
    if form.cleaned_data["check_reply"]:  # "Check reply": the reply as the check sees it, nothing sent
        try:
            if not reply.strip() and chosen:
                reply = routing.suggested_reply(council, chosen)
        except BadInput as exc:
            form.add_problem(exc)
            return _render_detail(request, council, pk, bound=form, status=400)
        result = routing.check_reply(council=council, text=reply.replace("\x00", ""))
        form.show(reply=reply)
        return _render_detail(request, council, pk, bound=form, reply_check=result)
    try:
        handoff = routing.route_comment(comment=comment, actor=request.user, route=chosen,
                                        reason_code=form.cleaned_data["reason_code"], reply=reply or None,
                                        note=form.cleaned_data["note"], seen_edits=form.cleaned_data["edits"])
    except CivicGuardError as exc:
        form.add_problem(exc)
        check = None
        if "reply" in form.errors and reply:
            check = routing.check_reply(council=council, text=reply.replace("\x00", ""))
        return _render_detail(request, council, pk, bound=form, reply_check=check, status=_status_for(exc))
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


def _hide_form(comment: Comment, data: Any = None) -> HideTooForm:
    """"Do you want to hide comment N too?", offering the pack's reasons for hiding and first one whose categories
    the comment has (safeguarding for a safeguarding concern)."""
    reasons = decisions.reason_codes(comment.council, "hide")
    cats = set(comment.category_list)
    first = next((r.code for r in reasons if cats & set(r.categories)), "")
    handoff = comment.handoffs.order_by("-created", "-id").first()
    sent = (f"You sent it to {handoff.route_name}{' as urgent' if handoff.urgent else ''}. "
            if handoff is not None else "")
    hint = (f"{sent}It is still visible on {_platform(comment)} to everyone who reads the page. Hiding it keeps "
            "what it says about a person out of public view while the team acts; the hand-off stands either way.")
    return HideTooForm(data, initial={"reason_code": first, "edits": comment.edits}, reasons=reasons,
                       question=f"Do you want to hide comment {comment.pk} too?", hint=hint)


def _render_hide_too(request: HttpRequest, council: Council, comment: Comment, form: HideTooForm,
                     status: int = 200) -> HttpResponse:
    if form.is_bound:
        form.show(edits=comment.edits)
    return _render(request, council, "moderation/hide_too.html", {"comment": comment, "form": form},
                   status=status, forms=(form,))


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
        return _render_hide_too(request, council, comment, _hide_form(comment))
    form = _hide_form(comment, request.POST)
    if not form.is_valid():
        return _render_hide_too(request, council, comment, form, status=400)
    if form.cleaned_data["hide"] == "no":
        messages.success(request, f"The comment stays visible on {_platform(comment)}.")
        return redirect("moderation:detail", pk=pk)
    try:
        decisions.decide(comment=comment, actor=request.user, action=str(Action.HIDE),
                         reason_code=form.cleaned_data["reason_code"], note=form.cleaned_data["note"],
                         seen_edits=form.cleaned_data["edits"], address=address_of(request))
    except CivicGuardError as exc:
        form.add_problem(exc, default="hide")
        return _render_hide_too(request, council, comment, form, status=_status_for(exc))
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
    form = BackForm(request.POST)
    form.is_valid()
    back = _next_url(request, form.cleaned_data.get("next", ""), reverse("moderation:handoffs"))
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
    show_resolved = DeadLettersFilterForm(request.GET).show_resolved
    letters = selectors.dead_letters(council=council, unresolved_only=not show_resolved).select_related(
        "resolved_by")
    page = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, council, "moderation/dead_letters.html", {
        "page": page, "show_resolved": show_resolved, "query": "resolved=1" if show_resolved else "",
    })


def _letter_for(council: Council, pk: int) -> DeadLetter:
    return get_object_or_404(DeadLetter.objects.select_related("resolved_by"), pk=pk, council=council)


def _render_letter(request: HttpRequest, council: Council, pk: int, *, bound: GovukForm | None = None,
                   status: int = 200) -> HttpResponse:
    letter = _letter_for(council, pk)
    taken = None
    if letter.comment and letter.resolved is not None and can(request.user, "comments.view", council):
        platform, _, platform_id = letter.key.partition(":")
        taken = Comment.objects.filter(council=council, platform=platform, platform_id=platform_id).first()
    return _render(request, council, "moderation/dead_letter.html", {
        "letter": letter, "taken": taken, "bound": bound,
        "form": bound if isinstance(bound, ResolveForm) else ResolveForm(),
    }, status=status, forms=(bound,) if bound is not None else ())


@require_GET
@council_page("comments.dead_letters")
def dead_letter(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _render_letter(request, council, pk)


@require_POST
@council_page("comments.dead_letters")
def dead_letter_resolve(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    letter = _letter_for(council, pk)
    form = ResolveForm(request.POST)
    form.is_valid()
    try:
        if letter.resolved is not None:
            raise InvalidState("This dead letter has already been dealt with")
        ingest.dead_letter_resolve(letter=letter, actor=request.user, resolution=form.cleaned_data["resolution"])
    except CivicGuardError as exc:
        form.add_problem(exc, default="resolution", capitalise=True)
        return _render_letter(request, council, pk, bound=form, status=_status_for(exc))
    messages.success(request, "The dead letter is marked as dealt with.")
    return redirect("moderation:dead_letters")


@require_POST
@council_page("comments.dead_letters")
def dead_letter_retake(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    letter = _letter_for(council, pk)
    form = RetakeForm(request.POST)
    form.is_valid()
    try:
        comment = ingest.dead_letter_retake(letter=letter, actor=request.user)
    except CivicGuardError as exc:
        form.add_problem(exc, capitalise=True)
        return _render_letter(request, council, pk, bound=form, status=_status_for(exc))
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
    form = ExportForm(request.GET or None, accounts=_accounts(council))
    if form.is_valid() and form.wants_download:
        data = form.cleaned_data
        try:
            comments = records.export_comments(actor=request.user, council=council,
                                               account=form.accounts.get(data["account"]), start=data["since"],
                                               end=data["until"], redact_third_parties=data["redact"],
                                               subject_author_id=data["subject"], fmt=data["format"])
        except BadInput as exc:
            attach_error(form, exc, default="since", capitalise=True)
        else:
            return _download(council, comments, fmt=data["format"], redact=data["redact"], subject=data["subject"])
    return _render(request, council, "moderation/export.html", {"form": form},
                   status=400 if form.is_bound and form.errors else 200, forms=(form,))


def _download(council: Council, comments: Any, *, fmt: str, redact: bool, subject: str) -> StreamingHttpResponse:
    rows = records.export_rows(comments, redact_third_parties=redact, subject_author_id=subject)
    body = csv_stream(rows, records.EXPORT_FIELDS) if fmt == "csv" else json_stream(rows)
    response = StreamingHttpResponse(body, content_type=FORMATS[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="comments-{council.slug}-{stamp}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response

