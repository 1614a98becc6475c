"""Pages of the post review journey. Thin: read the form, call a service, show the result or the error."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicguard.apps.access.checks import can, represents
from civicguard.apps.access.pages import council_page
from civicguard.apps.audit.models import AuditEntry
from civicguard.apps.cases.selectors import case_offer
from civicguard.apps.consent.models import Tag
from civicguard.apps.councils.models import Council
from civicguard.apps.media.services import item_facts
from civicguard.apps.onboarding.network import address_of
from civicguard.apps.onboarding.services import require_onboarded
from civicguard.apps.posts import services
from civicguard.apps.posts.forms import (
    OVERRIDDEN,
    DecisionForm,
    ImageForm,
    ImageRemoveForm,
    PersonalCheckForm,
    PostEditForm,
    PostForm,
    PostListFilterForm,
    TagForm,
    TagRemoveForm,
)
from civicguard.apps.posts.highlight import segments
from civicguard.apps.posts.images import images_shown, personal_images_shown
from civicguard.apps.posts.models import Approval, Decision, Post, PostImage, PostStatus
from civicguard.apps.posts.notices import notices_seen
from civicguard.apps.posts.selectors import (
    kept_checks_of,
    outbox_entries,
    overridden_posts,
    override_counts,
    posts_visible,
)
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.common.forms import GovukForm, attach_error
from civicguard.errors import BadInput, InvalidState


def _result_context(result: dict[str, Any] | None, text: str) -> dict[str, Any]:
    if not result:
        return {"result": None, "segments": []}
    return {"result": result, "segments": segments(text, result.get("findings", []))}


def _upload_bytes(upload: Any) -> bytes:
    # One byte over the limit is enough for the service to refuse it; never read a huge upload into memory.
    return bytes(upload.read(settings.CIVICGUARD_MAX_UPLOAD_BYTES + 1))


# ---- personal posts ---------------------------------------------------------------------------------------

@require_http_methods(["GET", "HEAD", "POST"])
@council_page("personal.check")
def personal_check(request: HttpRequest, council: Council) -> HttpResponse:
    permitted = services.personal_permitted(actor=request.user, council=council)
    form = PersonalCheckForm(request.POST, request.FILES, permitted=permitted) if request.method == "POST" \
        else PersonalCheckForm(permitted=permitted)
    context: dict[str, Any] = {"form": form, "kept": None, "images": [], **_result_context(None, "")}
    if form.is_valid():
        text = form.cleaned_data["text"]
        upload = form.cleaned_data["image"]
        uploads = [(str(upload.name or ""), _upload_bytes(upload))] if upload else []
        try:
            result, kept, items = services.personal_check_upload(
                actor=request.user, council=council, text=text, uploads=uploads,
                platform=form.cleaned_data["platform"] or None, people=form.people_chosen,
                politically_restricted=form.cleaned_data["politically_restricted"], keep=form.cleaned_data["keep"])
        except BadInput as exc:
            attach_error(form, exc, default="text")
        else:
            context.update(kept=kept, **_result_context(result.to_dict(), text.replace("\x00", "")))
            context["images"] = personal_images_shown(items, request.user, result.to_dict(),
                                                      platform=form.cleaned_data["platform"] or None)
            context["restriction"] = services.check_restriction(
                actor=request.user, council=council, channel="personal",
                stated=form.cleaned_data["politically_restricted"])
    context["errors"] = form.error_summary()
    return render(request, "posts/personal_check.html", context, status=400 if context["errors"] else 200)


# ---- official posts ---------------------------------------------------------------------------------------

@require_GET
@council_page("post.view")
def post_list(request: HttpRequest, council: Council) -> HttpResponse:
    form = PostListFilterForm(request.GET)
    status = form.status_chosen
    posts = posts_visible(user=request.user, council=council).prefetch_related("approvals__actor")
    if status == OVERRIDDEN:
        posts = posts.filter(overridden=True)
    elif status:
        posts = posts.filter(status=status)
    page = Paginator(posts, 25).get_page(request.GET.get("page"))
    return render(request, "posts/list.html", {
        "page": page, "form": form, "query": urlencode({"status": status}) if status else "",
        "can_draft": can(request.user, "post.draft", council),
    }, status=400 if form.errors else 200)


def _accounts_for(user: Any, council: Council) -> list[SocialAccount]:
    return [a for a in SocialAccount.objects.filter(council=council) if represents(user, a)]


@require_http_methods(["GET", "HEAD", "POST"])
@council_page("post.draft")
def post_new(request: HttpRequest, council: Council) -> HttpResponse:
    accounts = _accounts_for(request.user, council)
    if request.method != "POST":
        require_onboarded(request.user, council, doing="draft")  # say what is missing before they write anything
        return render(request, "posts/new.html", {"accounts": accounts, "form": PostForm(accounts=accounts)})
    form = PostForm(request.POST, request.FILES, accounts=accounts)
    if form.is_valid():
        data = form.cleaned_data
        upload = data["image"]
        images = [(upload.name, _upload_bytes(upload), data["alt_text"], data["tagged_people"])] if upload else []
        try:
            post = services.post_create(actor=request.user, account=form.accounts[data["account"]], text=data["text"],
                                        links=data["links"], images=images, address=address_of(request))
            services.post_check(post=post, actor=request.user)
        except BadInput as exc:
            attach_error(form, exc, default="text")
        else:
            return redirect(reverse("posts:detail", args=[post.pk]) + "#check-result")
    return render(request, "posts/new.html", {"accounts": accounts, "form": form, "errors": form.error_summary()},
                  status=400)


def _post_for(request: HttpRequest, council: Council, pk: int) -> Post:
    return get_object_or_404(posts_visible(user=request.user, council=council), pk=pk)


@require_GET
@council_page("post.view")
def post_detail(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _render_detail(request, council, pk)


def _latest_word(approvals: list[Approval]) -> Approval | None:
    """The latest decision that says something to the author (a comment, a refusal, a justification)."""
    for approval in reversed(approvals):
        if approval.comment or approval.justification:
            return approval
    return None


def _render_detail(request: HttpRequest, council: Council, pk: int, errors: list[tuple[str, str]] | None = None,
                   status: int = 200, **forms: GovukForm) -> HttpResponse:
    """The post's page. `errors`: problems not about a field (anchored on "actions"); `forms`: a form sent back
    with its errors (edit_form, image_form or decision_form), the others are shown empty."""
    post = get_object_or_404(posts_visible(user=request.user, council=council).prefetch_related("approvals__actor"),
                             pk=pk)
    user = request.user
    check = post.current_check or post.latest_check
    is_author = post.author_id == user.pk
    approvals = list(post.approvals.all())
    notices_seen(user=user, post=post)  # the author has opened the post: its notices leave the start page
    open_to = services.decisions_open_to(post=post, actor=user)
    decision_form = forms.get("decision_form")
    shown: dict[str, GovukForm] = {
        "edit_form": forms.get("edit_form") or PostEditForm(initial={"text": post.text,
                                                                     "links": "\n".join(post.links)}),
        "image_form": forms.get("image_form") or ImageForm(),
        "decision_form": (decision_form if isinstance(decision_form, DecisionForm)
                          else DecisionForm()).offer(open_to),
    }
    errors = list(errors or []) + [e for form in shown.values() for e in form.error_summary()]
    tag_form = forms.get("tag_form")
    if tag_form is not None:
        errors += tag_form.error_summary()
    can_edit = is_author and post.is_editable and represents(user, post.account)
    shown_images = images_shown(post, user, check.result if check else None)
    context = {
        "post": post, "check": check, "check_is_current": check is not None and check == post.current_check,
        **_result_context(check.result if check else None, check.text if check else post.text),
        "can_edit": can_edit,
        "never": services.refusals(post) if post.status != PostStatus.APPROVED else [],
        "may_decide": bool(open_to),
        "is_author": is_author,
        "latest_word": _latest_word(approvals),
        "override": post.override_record(),
        "approver_name": services.approver_name(council),
        "approvals": approvals,
        "checks": post.checks.select_related("checked_by")[:20],
        "images": shown_images,
        "tag_forms": _tag_forms(post, user, shown_images, forms.get("tag_form")) if can_edit else [],
        "can_record_consent": can_edit and can(user, "consent.record", council),
        # A finding on an official post may become a case about its author (St Helens 9.10; line managers and HR).
        "case_offer": case_offer(user=user, council=council, post=post),
        "history": AuditEntry.objects.filter(object_type="posts.post", object_id=str(post.pk),
                                             council=council.slug).order_by("seq"),
        "errors": errors, **shown,
    }
    return render(request, "posts/detail.html", context, status=status)


def _tag_forms(post: Post, user: Any, shown: list[Any], sent: GovukForm | None) -> list[tuple[int, TagForm]]:
    """The tag form of each image the author can tag (the one sent back with its errors, the others empty)."""
    records = list(services.tag_choices(actor=user, post=post))
    out = []
    for image in shown:
        if image.image is None or image.image.media_id is None or image.deleted:
            continue
        if isinstance(sent, TagForm) and sent.image_pk == image.image.pk:
            out.append((image.number, sent))
        else:
            out.append((image.number, TagForm(faces=len(image.faces), records=records, image_pk=image.image.pk,
                                              number=image.number)))
    return out


def _act(request: HttpRequest, council: Council, pk: int, action: Any, done: str, *, form: GovukForm | None = None,
         slot: str = "", anchor: str = "#check-result") -> HttpResponse:
    """Run `action` on the post; a problem goes beside the field of `form` it names (the page shows `form` in
    `slot` again), or else above the post's actions."""
    post = _post_for(request, council, pk)
    if form is not None and not form.is_valid():
        return _render_detail(request, council, pk, status=400, **{slot: form})
    try:
        action(post)
    except (BadInput, InvalidState) as exc:
        field = exc.data.get("field") if isinstance(exc, BadInput) else None
        if form is not None and isinstance(exc, BadInput) and form.error_fields.get(str(field), field) in form.fields:
            attach_error(form, exc)
            return _render_detail(request, council, pk, status=400, **{slot: form})
        return _render_detail(request, council, pk, errors=[(field or "actions", exc.message)], status=400)
    messages.success(request, done)
    return redirect(reverse("posts:detail", args=[pk]) + anchor)


@require_POST
@council_page("post.draft")
def post_edit(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    form = PostEditForm(request.POST)

    def edit(post: Post) -> None:
        services.post_update(post=post, actor=request.user, text=form.cleaned_data["text"],
                             links=form.cleaned_data["links"], address=address_of(request))
        services.post_check(post=post, actor=request.user)

    return _act(request, council, pk, edit, "Your changes are saved and the post has been checked again.",
                form=form, slot="edit_form")


@require_POST
@council_page("post.view")
def post_recheck(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _act(request, council, pk, lambda post: services.post_check(post=post, actor=request.user),
                "The post has been checked again.")


@require_POST
@council_page("post.draft")
def post_image(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    form = ImageForm(request.POST, request.FILES)

    def add(post: Post) -> None:
        upload = form.cleaned_data["image"]
        services.image_add(post=post, actor=request.user, name=upload.name, data=_upload_bytes(upload),
                           alt_text=form.cleaned_data["alt_text"], tagged_people=form.cleaned_data["tagged_people"],
                           address=address_of(request))
        services.post_check(post=post, actor=request.user)

    return _act(request, council, pk, add, "Image added and the post checked again.", form=form, slot="image_form")


def _image_for(request: HttpRequest, council: Council, pk: int) -> PostImage:
    """An image of a post this person may see (404 otherwise, whether or not it exists)."""
    return get_object_or_404(PostImage.objects.select_related("post", "media").filter(
        post__in=posts_visible(user=request.user, council=council)), pk=pk)


@require_POST
@council_page("post.draft")
def post_image_remove(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    image = _image_for(request, council, pk)
    form = ImageRemoveForm(request.POST)

    def remove(post: Post) -> None:
        services.image_remove(post=post, actor=request.user, image=image, address=address_of(request))
        services.post_check(post=post, actor=request.user)

    return _act(request, council, image.post_id, remove, "Image taken off the post and the post checked again.",
                form=form)


@require_POST
@council_page("post.draft")
def post_image_tag(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    image = _image_for(request, council, pk)
    post = image.post
    number = next((n for n, i in enumerate(post.images.order_by("created", "id"), start=1) if i.pk == image.pk), 1)
    facts = item_facts(image.media) if image.media is not None else None
    faces = len(facts.faces or ()) if facts is not None and facts.ok else 0
    form = TagForm(request.POST, faces=faces, records=list(services.tag_choices(actor=request.user, post=post)),
                   image_pk=image.pk, number=number)

    def tag(post: Post) -> None:
        services.image_tag_add(post=post, actor=request.user, image=image, face=form.face_number,
                               consent=form.consent_pk, name=form.cleaned_data["name"], address=address_of(request))
        services.post_check(post=post, actor=request.user)

    return _act(request, council, post.pk, tag, f"Person tagged in image {number} and the post checked again.",
                form=form, slot="tag_form", anchor=f"#image-{number}")


@require_POST
@council_page("post.draft")
def post_tag_remove(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    visible = PostImage.objects.filter(post__in=posts_visible(user=request.user, council=council),
                                       media__isnull=False)
    tag = get_object_or_404(Tag.objects.select_related("media_item", "media_item__council").filter(
        media_item__in=visible.values("media")), pk=pk)
    image = visible.select_related("post").filter(media=tag.media_item).order_by("-post__updated").first()
    assert image is not None  # the tag was found through the images of visible posts
    form = TagRemoveForm(request.POST)

    def untag(post: Post) -> None:
        services.image_tag_remove(post=post, actor=request.user, tag=tag, address=address_of(request))
        services.post_check(post=post, actor=request.user)

    return _act(request, council, image.post_id, untag, "Tag removed and the post checked again.", form=form)


@require_POST
@council_page("post.draft")
def post_submit(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    return _act(request, council, pk, lambda post: services.post_submit(post=post, actor=request.user,
                                                                      address=address_of(request)),
                f"Sent to {services.approver_name(council)} for approval.")


DONE = {
    Decision.APPROVE: "Approved: the post is in the outbox.",
    Decision.OVERRIDE: "Approved with an override: the post is in the outbox, marked as overridden.",
    Decision.REQUEST_OVERRIDE: "Override recorded: the post is waiting for a second person to confirm it. "
                               "Nothing goes to the outbox until then.",
    Decision.CONFIRM_OVERRIDE: "Override confirmed: the post is in the outbox, marked as overridden.",
    Decision.REFUSE_OVERRIDE: "Override refused: the post is back with its author, with your comments.",
    Decision.RETURN: "Returned to the author with your comments.",
}


@require_POST
@council_page("post.approve")
def post_decide(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    post = _post_for(request, council, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, council, pk, status=400, decision_form=form)
    try:
        approval = services.post_decide(post=post, actor=request.user, decision=form.cleaned_data["decision"],
                                        comment=form.cleaned_data["comment"],
                                        justification=form.cleaned_data["justification"],
                                        address=address_of(request))
    except (BadInput, InvalidState) as exc:
        field = exc.data.get("field") if isinstance(exc, BadInput) else None
        if isinstance(exc, BadInput) and field in form.fields:
            attach_error(form, exc)
            return _render_detail(request, council, pk, status=400, decision_form=form)
        return _render_detail(request, council, pk, errors=[(field or "actions", exc.message)], status=400)
    done = DONE[Decision(approval.decision)]
    if approval.decision == Decision.CONFIRM_OVERRIDE and approval.verdict == "pass":
        done = "The check now finds nothing, so the post is approved without an override: it is in the outbox."
    messages.success(request, done)
    return redirect(reverse("posts:detail", args=[pk]) + "#check-result")


@require_GET
@council_page("outbox.view")
def outbox(request: HttpRequest, council: Council) -> HttpResponse:
    page = Paginator(outbox_entries(user=request.user, council=council), 25).get_page(request.GET.get("page"))
    return render(request, "posts/outbox.html", {"page": page,
                                                 "can_see_overrides": can(request.user, "overrides.view", council)})


@require_GET
@council_page("overrides.view")
def overrides(request: HttpRequest, council: Council) -> HttpResponse:
    """The council's overrides for the Information Management Group: counts per month, then each post."""
    since = timezone.now() - timedelta(days=366)
    counts = override_counts(councils=[council], since=since)
    page = Paginator(overridden_posts(user=request.user, council=council), 25).get_page(request.GET.get("page"))
    return render(request, "posts/overrides.html", {
        "counts": list(reversed(counts)), "page": page,
        "totals": {"one_person": sum(c.one_person for c in counts), "two_people": sum(c.two_people for c in counts),
                   "requested": sum(c.requested for c in counts), "refused": sum(c.refused for c in counts)},
        "waiting": Post.objects.filter(council=council, status=PostStatus.OVERRIDE_REQUESTED).count(),
    })


# ---- saved personal checks --------------------------------------------------------------------------------

@require_GET
@council_page("personal.check")
def kept_checks(request: HttpRequest, council: Council) -> HttpResponse:
    page = Paginator(kept_checks_of(user=request.user, council=council), 25).get_page(request.GET.get("page"))
    return render(request, "posts/kept_checks.html", {"page": page})


def _kept_for(request: HttpRequest, council: Council, pk: int) -> Any:
    return get_object_or_404(kept_checks_of(user=request.user, council=council), pk=pk)


@require_GET
@council_page("personal.check")
def kept_check(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    kept = _kept_for(request, council, pk)
    return render(request, "posts/kept_check.html", {"kept": kept, **_result_context(kept.result, kept.text)})


@require_POST
@council_page("personal.check")
def kept_check_delete(request: HttpRequest, council: Council, pk: int) -> HttpResponse:
    services.kept_check_delete(kept=_kept_for(request, council, pk), actor=request.user)
    messages.success(request, "Your saved check has been deleted.")
    return redirect("posts:kept_checks")
