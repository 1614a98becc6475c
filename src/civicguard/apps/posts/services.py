"""The post review journey: draft, check, fix, submit, decide; and the personal check that stores nothing.

Every state change is here, checked against the person's roles and written to the audit trail in the same
transaction. Views, the API and the command line only call these functions.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.embargo.services import embargoes_in_force
from civicguard.apps.posts.models import (
    Approval,
    Decision,
    KeptCheck,
    OutboxEntry,
    Post,
    PostCheck,
    PostImage,
    PostStatus,
)
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.common.permissions import can, holds_role, represents, require
from civicguard.engine import CheckResult, Content, Context, ImageRef, check, pack_for
from civicguard.errors import BadInput, InvalidState, NotAllowed

MAX_TEXT = 10_000
MAX_LINKS = 20
IMAGE_TYPES = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


# ---- checking ---------------------------------------------------------------------------------------------

def content_check(*, council: Council, channel: str, text: str, links: Sequence[str] = (),
                  images: Sequence[ImageRef] = (), politically_restricted: bool = False,
                  author: str | None = None, extra_embargoed: Sequence[Any] = ()) -> CheckResult:
    """Run the engine with the council's pack and the embargoed documents still in force."""
    context = Context(council=council.slug, channel=channel,  # type: ignore[arg-type]
                      politically_restricted=politically_restricted,
                      embargoed=embargoes_in_force(council=council) + tuple(extra_embargoed),
                      author=author)
    return check(Content(text=text, links=tuple(links), images=tuple(images)), context)


def _clean_text(text: Any) -> str:
    if not isinstance(text, str):
        raise BadInput("text must be a string", field="text")
    text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput("the text holds characters that are not valid Unicode", field="text") from None
    if not text.strip():
        raise BadInput("write the post's text", field="text")
    if len(text) > MAX_TEXT:
        raise BadInput(f"the post is longer than {MAX_TEXT:,} characters", field="text")
    return text


def _clean_links(links: Any) -> list[str]:
    if links is None:
        return []
    if isinstance(links, str):
        links = links.split()
    if not isinstance(links, list | tuple) or not all(isinstance(x, str) for x in links):
        raise BadInput("links must be a list of web addresses", field="links")
    cleaned = [x.strip() for x in links if x.strip()]
    if len(cleaned) > MAX_LINKS:
        raise BadInput(f"at most {MAX_LINKS} links", field="links")
    for link in cleaned:
        if not link.lower().startswith(("http://", "https://")) or len(link) > 2000:
            raise BadInput(f"{link[:80]!r} is not a web address (it must start with https://)", field="links")
    return cleaned


def validate_image(*, name: str, data: bytes) -> str:
    """The image's real type (by its content), or BadInput. A broken or disguised file is refused."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise BadInput(f"{name or 'the image'} is empty", field="images")
    if len(data) > settings.CIVICGUARD_MAX_UPLOAD_BYTES:
        raise BadInput(f"{name} is larger than {settings.CIVICGUARD_MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
                       field="images")
    try:
        with Image.open(io.BytesIO(data)) as img:
            kind = img.format or ""
            if img.width * img.height > 50_000_000:
                raise BadInput(f"{name} has too many pixels", field="images")
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise BadInput(f"{name or 'the file'} is not a readable image (JPEG, PNG, GIF or WebP)",
                       field="images") from None
    if kind not in IMAGE_TYPES:
        raise BadInput(f"{name} is a {kind or 'unknown'} image; use JPEG, PNG, GIF or WebP", field="images")
    return IMAGE_TYPES[kind]


def _images_of(post: Post) -> list[ImageRef]:
    return [ImageRef(ref=i.image.name, tagged_people=i.people(), alt_text=i.alt_text) for i in post.images.all()]


def _snapshot(post: Post) -> dict[str, Any]:
    return {"status": post.status, "text": post.text, "links": post.links, "account": str(post.account)}


def _may_check(actor: Any, post: Post) -> None:
    if not (represents(actor, post.account) or can(actor, "post.approve", post.council)):
        require(actor, "post.approve", post.council)


def _engine_result(post: Post) -> CheckResult:
    return content_check(council=post.council, channel="official", text=post.text, links=post.links,
                         images=_images_of(post), author=post.author.username)


def _store_check(*, post: Post, actor: Any, result: CheckResult) -> PostCheck:
    run = PostCheck.objects.create(post=post, checked_by=actor, text=post.text, links=post.links,
                                   verdict=result.verdict, policy_version=result.policy_version,
                                   result=result.to_dict())
    Post.objects.filter(pk=post.pk).update(latest_check=run)
    post.latest_check = run
    audit_record(event="posts.post.check", actor=actor, council=post.council, subject=post,
                 after={"verdict": result.verdict, "policy_version": result.policy_version,
                        "rules": sorted({f.rule for f in result.findings})})
    return run


def post_check(*, post: Post, actor: Any) -> PostCheck:
    """Check the post as it stands; the result is kept with the post and audited. The engine runs before the
    transaction opens: on SQLite an open write transaction would hold the database lock for the whole check."""
    _may_check(actor, post)
    result = _engine_result(post)
    with transaction.atomic():
        return _store_check(post=post, actor=actor, result=result)


def official_check(*, actor: Any, council: Council, text: str, links: Sequence[str] = (),
                   images: Sequence[ImageRef] = (), politically_restricted: bool = False) -> CheckResult:
    """Check text as an official post of `council` before it is drafted (a representative, or an approver).
    Audited as `posts.check.official`; the text itself is not kept."""
    if not (can(actor, "post.draft", council) or can(actor, "post.approve", council)):
        require(actor, "post.draft", council)  # NotFound with no role in the council, else NotAllowed
    result = content_check(council=council, channel="official", text=text, links=links, images=images,
                           politically_restricted=politically_restricted)
    audit_record(event="posts.check.official", actor=actor, council=council,
                 after={"verdict": result.verdict, "policy_version": result.policy_version,
                        "rules": sorted({f.rule for f in result.findings})})
    return result


MODERATION_CHANNELS = ("reply", "comment")


def moderation_check(*, actor: Any, council: Council, channel: str, text: str, links: Sequence[str] = (),
                     images: Sequence[ImageRef] = (), politically_restricted: bool = False) -> CheckResult:
    """Check a third party's comment, or a reply the council means to give. Nothing is stored."""
    if channel not in MODERATION_CHANNELS:
        raise BadInput(f"channel must be one of {', '.join(MODERATION_CHANNELS)}", field="as")
    require(actor, "check.moderation", council)
    return content_check(council=council, channel=channel, text=text, links=links, images=images,
                         politically_restricted=politically_restricted)


# ---- drafting ---------------------------------------------------------------------------------------------

def _require_representative(actor: Any, account: SocialAccount) -> None:
    require(actor, "post.draft", account.council)
    if not represents(actor, account):
        raise NotAllowed(f"you are not a representative for {account}")


@transaction.atomic
def post_create(*, actor: Any, account: SocialAccount, text: Any, links: Any = None,
                images: Sequence[tuple[str, bytes, str, str]] = ()) -> Post:
    """Draft a post. `images` are (file name, bytes, alt text, tagged people)."""
    _require_representative(actor, account)
    post = Post.objects.create(council=account.council, account=account, author=actor, text=_clean_text(text),
                               links=_clean_links(links))
    for name, data, alt, people in images:
        image_add(post=post, actor=actor, name=name, data=data, alt_text=alt, tagged_people=people)
    audit_record(event="posts.post.create", actor=actor, council=post.council, subject=post, after=_snapshot(post))
    return post


@transaction.atomic
def image_add(*, post: Post, actor: Any, name: str, data: bytes, alt_text: str = "",
              tagged_people: str = "") -> PostImage:
    _require_representative(actor, post.account)
    if post.author_id != actor.pk:
        raise NotAllowed("only the author can change a draft")
    if not post.is_editable:
        raise InvalidState("the post is waiting for approval or approved; it cannot be changed")
    if post.images.count() >= 4:
        raise BadInput("at most four images per post", field="images")
    ext = validate_image(name=name, data=data)
    image = PostImage(post=post, alt_text=alt_text[:500], tagged_people=tagged_people[:500])
    image.image.save(f"image.{ext}", ContentFile(data), save=False)
    image.save()
    audit_record(event="posts.post.image_add", actor=actor, council=post.council, subject=post,
                 after={"image": image.image.name, "tagged_people": image.tagged_people})
    return image


@transaction.atomic
def post_update(*, post: Post, actor: Any, text: Any, links: Any = None) -> Post:
    _require_representative(actor, post.account)
    if post.author_id != actor.pk:
        raise NotAllowed("only the author can change a draft")
    if not post.is_editable:
        raise InvalidState("the post is waiting for approval or approved; it cannot be changed")
    before = _snapshot(post)
    post.text, post.links = _clean_text(text), _clean_links(links)
    if post.status == PostStatus.RETURNED:
        post.status = PostStatus.DRAFT
    post.save()
    audit_record(event="posts.post.update", actor=actor, council=post.council, subject=post, before=before,
                 after=_snapshot(post))
    return post


def post_submit(*, post: Post, actor: Any) -> Post:
    """Send the post for approval. It is checked again if the text changed since the last check."""
    _require_representative(actor, post.account)
    if post.author_id != actor.pk:
        raise NotAllowed("only the author can submit a post")
    if not post.is_editable:
        raise InvalidState("the post has already been submitted")
    if post.current_check is None:
        post_check(post=post, actor=actor)
    _submit(post=post, actor=actor)
    post.refresh_from_db()
    return post


@transaction.atomic
def _submit(*, post: Post, actor: Any) -> Post:
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer join to latest_check.
    post = (Post.objects.select_for_update(of=("self",)).select_related("latest_check", "council", "account")
            .get(pk=post.pk))
    if not post.is_editable:
        raise InvalidState("the post has already been submitted")
    run = post.current_check
    if run is None:
        raise InvalidState("the post changed while it was being checked; check it again")
    before = _snapshot(post)
    post.status, post.submitted = PostStatus.SUBMITTED, timezone.now()
    post.save(update_fields=["status", "submitted", "updated"])
    audit_record(event="posts.post.submit", actor=actor, council=post.council, subject=post, before=before,
                 after={**_snapshot(post), "verdict": run.verdict})
    return post


# ---- deciding ---------------------------------------------------------------------------------------------

def block_override_role(council: Council) -> str:
    """The role the pack names to override a block (the approver when a pack states no facts)."""
    facts = pack_for(council.slug).facts
    return facts.block_override_role if facts else "approver"


def approver_name(council: Council) -> str:
    facts = pack_for(council.slug).facts
    return facts.approver_name if facts else "The approver"


def _outbox_payload(post: Post, run: PostCheck) -> dict[str, Any]:
    return {
        "post": {"id": post.pk, "council": post.council.slug, "account": {"platform": post.account.platform,
                 "handle": post.account.handle, "platform_id": post.account.platform_id},
                 "author": post.author.username, "text": post.text, "links": post.links,
                 "images": [{"file": i.image.name, "alt_text": i.alt_text} for i in post.images.all()]},
        "check": run.result,
        "approvals": [{"actor": a.actor.username, "decision": a.decision, "comment": a.comment,
                       "justification": a.justification, "verdict": a.verdict, "at": a.created.isoformat()}
                      for a in post.approvals.select_related("actor")],
    }


def post_decide(*, post: Post, actor: Any, decision: str, comment: str = "", justification: str = "") -> Approval:
    """An approver who is not the author approves, returns with comments, or overrides a finding.

    The post is checked again first, so the decision is made on the current pack and embargo register.
    `approve` needs a clean check; a `warn` needs `override` with a justification; a `block` can be
    overridden only by the role the pack names (facts.block_override_role), with a justification.
    """
    require(actor, "post.approve", post.council)
    _may_decide(post, actor, decision)
    result = _engine_result(post)  # outside the transaction: see post_check
    approval = _decide(post=post, actor=actor, decision=decision, comment=comment, justification=justification,
                       result=result)
    post.refresh_from_db()
    return approval


def _may_decide(post: Post, actor: Any, decision: str) -> None:
    if post.author_id == actor.pk:
        raise NotAllowed("you wrote this post: another approver must decide on it")
    if post.status != PostStatus.SUBMITTED:
        raise InvalidState(f"the post is {post.get_status_display().lower()}, not waiting for approval")
    if decision not in Decision.values:
        raise BadInput(f"decision must be one of {', '.join(Decision.values)}", field="decision")


@transaction.atomic
def _decide(*, post: Post, actor: Any, decision: str, comment: str, justification: str,
            result: CheckResult) -> Approval:
    post = (Post.objects.select_for_update(of=("self",)).select_related("council", "account", "author")
            .get(pk=post.pk))
    _may_decide(post, actor, decision)  # again, under the lock: another approver may have decided meanwhile
    comment, justification = (comment or "").strip(), (justification or "").strip()
    run = _store_check(post=post, actor=actor, result=result)
    if decision == Decision.RETURN and not comment:
        raise BadInput("say what the author should change", field="comment")
    if decision == Decision.APPROVE and run.verdict != "pass":
        raise InvalidState(f"the check says {run.verdict}: approve it only with an override and a justification")
    if decision == Decision.OVERRIDE:
        if run.verdict == "pass":
            raise BadInput("the check found nothing to override; approve it instead", field="decision")
        if not justification:
            raise BadInput("record why the post may go out despite the check", field="justification")
        role = block_override_role(post.council)
        if run.verdict == "block" and not holds_role(actor, role, post.council):
            raise NotAllowed(f"only the {role} role may override a block")
    before = _snapshot(post)
    approval = Approval.objects.create(post=post, actor=actor, decision=decision, comment=comment,
                                       justification=justification, check_run=run, verdict=run.verdict)
    post.status = PostStatus.RETURNED if decision == Decision.RETURN else PostStatus.APPROVED
    post.save(update_fields=["status", "updated"])
    after = {**_snapshot(post), "decision": decision, "verdict": run.verdict, "comment": comment,
             "justification": justification}
    audit_record(event=f"posts.post.{decision}", actor=actor, council=post.council, subject=post, before=before,
                 after=after)
    if post.status == PostStatus.APPROVED:
        entry = OutboxEntry.objects.create(post=post, council=post.council, payload=_outbox_payload(post, run))
        audit_record(event="posts.outbox.add", actor=actor, council=post.council, subject=entry,
                     after={"post": post.pk})
    return approval


# ---- personal posts ---------------------------------------------------------------------------------------

def personal_check(*, actor: Any, council: Council, text: Any, links: Sequence[str] = (),
                   images: Sequence[ImageRef] = (), politically_restricted: bool = False,
                   keep: bool = False) -> tuple[CheckResult, KeptCheck | None]:
    """Check a personal post. Nothing is stored, not even in the audit trail, unless `keep` is asked for."""
    require(actor, "personal.check", council)
    text = _clean_text(text)
    result = content_check(council=council, channel="personal", text=text, links=links, images=images,
                           politically_restricted=politically_restricted, author=actor.username)
    kept = None
    if keep:
        kept = KeptCheck.objects.create(user=actor, council=council, text=text, verdict=result.verdict,
                                        result=result.to_dict())
    return result, kept
