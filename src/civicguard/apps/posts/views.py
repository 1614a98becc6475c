"""Pages of the post review journey. Thin: read the form, call a service, show the result or the error."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.councils.models import Council
from civicguard.apps.posts import services
from civicguard.apps.posts.highlight import segments
from civicguard.apps.posts.models import Decision, Post, PostStatus
from civicguard.apps.posts.selectors import outbox_entries, posts_visible
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.common.permissions import can, holds_role, represents
from civicguard.common.views import council_page
from civicguard.errors import BadInput, InvalidState

TEXT_LIMIT = services.MAX_TEXT


def _result_context(result: dict[str, Any] | None, text: str) -> dict[str, Any]:
    if not result:
        return {"result": None, "segments": []}
    return {"result": result, "segments": segments(text, result.get("findings", []))}


def _upload_bytes(upload: Any) -> bytes:
    # One byte over the limit is enough for the service to refuse it; never read a huge upload into memory.
    return bytes(upload.read(settings.CIVICGUARD_MAX_UPLOAD_BYTES + 1))


def _flag(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name) in {"yes", "on", "true", "1"}


# ---- personal posts ---------------------------------------------------------------------------------------

@require_http_methods(["GET", "HEAD", "POST"])
@council_page("personal.check")
def personal_check(request: HttpRequest, council: Council) -> HttpResponse:
    context: dict[str, Any] = {"errors": [], "text": "", "restricted": False, "keep": False, "kept": None,
                               "limit": TEXT_LIMIT, **_result_context(None, "")}
    if request.method == "POST":
        text = request.POST.get("text", "")
        context.update(text=text, restricted=_flag(request, "politically_restricted"), keep=_flag(request, "keep"))
        try:
            result, kept = services.personal_check(actor=request.user, council=council, text=text,
                                                   politically_restricted=context["restricted"], keep=context["keep"])
        except BadInput as exc:
            context["errors"] = [("text", exc.message)]
        else:
            context.update(kept=kept, **_result_context(result.to_dict(), text.replace("\x00", "")))
    return render(request, "posts/personal_check.html", context, status=400 if context["errors"] else 200)


# ---- official posts ---------------------------------------------------------------------------------------

@require_GET
@council_page("post.view")
def post_list(request: HttpRequest, council: Council) -> HttpResponse:
    status = request.GET.get("status", "")
    posts = posts_visible(user=request.user, council=council)
    if status in PostStatus.values:
        posts = posts.filter(status=status)
    page = Paginator(posts, 25).get_page(request.GET.get("page"))
    return render(request, "posts/list.html", {
        "page": page, "status": status, "statuses": PostStatus.choices,
        "query": urlencode({"status": status}) if status else "",
        "can_draft": can(request.user, "post.draft", council),
    })


def _accounts_for(user: Any, council: Council) -> list[SocialAccount]:
    return [a for a in SocialAccount.objects.filter(council=council) if represents(user, a)]


@require_http_methods(["GET", "HEAD", "POST"])
@council_page("post.draft")
def post_new(request: HttpRequest, council: Council) -> HttpResponse:
    accounts = _accounts_for(request.user, council)
    context: dict[str, Any] = {"accounts": accounts, "errors": [], "form": request.POST, "limit": TEXT_LIMIT}
    if request.method == "POST":
        account = next((a for a in accounts if str(a.pk) == request.POST.get("account")), None)
        upload = request.FILES.get("image")
        images = []
        if upload is not None:
            images.append((upload.name, _upload_bytes(upload), request.POST.get("alt_text", ""),
                           request.POST.get("tagged_people", "")))
        try:
            if account is None:
                raise BadInput("choose the account the post is for", field="account")
            post = services.post_create(actor=request.user, account=account, text=request.POST.get("text", ""),
                                        links=request.POST.get("links", ""), images=images)
            services.post_check(post=post, actor=request.user)
        except BadInput as exc:
            context["errors"] = [(exc.data.get("field") or "text", exc.message)]
            return render(request, "posts/new.html", context, status=400)
        return redirect(reverse("posts:detail", args=[post.pk]) + "#check-result")
    return render(request, "posts/new.html", context)


def _post_for(request: HttpRequest, council: Council, pk: int) -> Post:
    return get_object_or_404(posts_visible(user=request.user, council=council), pk=pk)


@require_GET
@council_page("post.view")
def post_detail(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _render_detail(request, council, pk)


def _render_detail(request: HttpRequest, council: Council, pk: int, errors: list[tuple[str, str]] | None = None,
                   status: int = 200) -> HttpResponse:
    post = _post_for(request, council, pk)
    user = request.user
    check = post.current_check or post.latest_check
    is_author = post.author_id == user.pk
    may_decide = (post.status == PostStatus.SUBMITTED and not is_author and can(user, "post.approve", council))
    context = {
        "post": post, "check": check, "check_is_current": check is not None and check == post.current_check,
        **_result_context(check.result if check else None, check.text if check else post.text),
        "can_edit": is_author and post.is_editable and represents(user, post.account),
        "may_decide": may_decide,
        "may_override_block": holds_role(user, services.block_override_role(council), council),
        "approver_name": services.approver_name(council),
        "decisions": Decision.choices,
        "approvals": post.approvals.select_related("actor"),
        "checks": post.checks.select_related("checked_by")[:20],
        "history": AuditEntry.objects.filter(object_type="posts.post", object_id=str(post.pk),
                                             council=council.slug).order_by("seq"),
        "errors": errors or [], "form": request.POST if errors else {}, "limit": TEXT_LIMIT,
    }
    return render(request, "posts/detail.html", context, status=status)


def _act(request: HttpRequest, council: Council, pk: int, action: Any, done: str) -> HttpResponse:
    post = _post_for(request, council, pk)
    try:
        action(post)
    except (BadInput, InvalidState) as exc:
        field = exc.data.get("field") if isinstance(exc, BadInput) else None
        return _render_detail(request, council, pk, errors=[(field or "actions", exc.message)], status=400)
    messages.success(request, done)
    return redirect(reverse("posts:detail", args=[pk]) + "#check-result")


@require_POST
@council_page("post.draft")
def post_edit(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    def edit(post: Post) -> None:
        services.post_update(post=post, actor=request.user, text=request.POST.get("text", ""),
                             links=request.POST.get("links", ""))
        services.post_check(post=post, actor=request.user)

    return _act(request, council, pk, edit, "Your changes are saved and the post has been checked again.")


@require_POST
@council_page("post.view")
def post_recheck(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _act(request, council, pk, lambda post: services.post_check(post=post, actor=request.user),
                "The post has been checked again.")


@require_POST
@council_page("post.draft")
def post_image(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    upload = request.FILES.get("image")

    def add(post: Post) -> None:
        if upload is None:
            raise BadInput("Choose an image file", field="images")
        services.image_add(post=post, actor=request.user, name=upload.name, data=_upload_bytes(upload),
                           alt_text=request.POST.get("alt_text", ""),
                           tagged_people=request.POST.get("tagged_people", ""))
        services.post_check(post=post, actor=request.user)

    return _act(request, council, pk, add, "Image added and the post checked again.")


@require_POST
@council_page("post.draft")
def post_submit(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _act(request, council, pk, lambda post: services.post_submit(post=post, actor=request.user),
                f"Sent to {services.approver_name(council)} for approval.")


@require_POST
@council_page("post.approve")
def post_decide(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    decision = request.POST.get("decision", "")
    done = {"approve": "Approved: the post is in the outbox.", "override": "Approved with an override: the post is "
            "in the outbox.", "return": "Returned to the author with your comments."}.get(decision, "Done.")
    return _act(request, council, pk, lambda post: services.post_decide(
        post=post, actor=request.user, decision=decision, comment=request.POST.get("comment", ""),
        justification=request.POST.get("justification", "")), done)


@require_GET
@council_page("outbox.view")
def outbox(request: HttpRequest, council: Council) -> HttpResponse:
    page = Paginator(outbox_entries(user=request.user, council=council), 25).get_page(request.GET.get("page"))
    return render(request, "posts/outbox.html", {"page": page})
