"""The post review journey: draft, check, fix, submit, decide; and the personal check that stores nothing.

Every state change is here, checked against the person's roles and written to the audit trail in the same
transaction. Views, the API and the command line only call these functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from civicguard.apps.access.checks import can, holds_role, represents, require
from civicguard.apps.access.roles import label
from civicguard.apps.audit.services import audit_record
from civicguard.apps.consent.models import ConsentRecord, Tag
from civicguard.apps.consent.selectors import permitted_records, register, taggable
from civicguard.apps.consent.services import tag_add, tag_remove
from civicguard.apps.councils.models import Council
from civicguard.apps.elections.selectors import election_name, warnings_need_second_person
from civicguard.apps.embargo.services import embargoes_in_force
from civicguard.apps.media.models import MediaItem
from civicguard.apps.media.services import item_facts, media_upload
from civicguard.apps.onboarding.services import require_onboarded
from civicguard.apps.people.selectors import restriction
from civicguard.apps.posts.images import image_refs, image_signature, label_of, personal_image_ref, refusals
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
from civicguard.apps.posts.notices import notify_author
from civicguard.apps.social_accounts.models import SocialAccount
from civicguard.engine import CheckResult, Content, Context, ImageRef, check, pack_for
from civicguard.engine.model import Restriction, restriction_from
from civicguard.engine.verdict import never_overridable
from civicguard.errors import BadInput, InvalidState, NotAllowed, NotFound

MAX_TEXT = 10_000
MAX_LINKS = 20
MAX_IMAGES = 4


# ---- checking ---------------------------------------------------------------------------------------------

def content_check(*, council: Council, channel: str, text: str, links: Sequence[str] = (),
                  images: Sequence[ImageRef] = (), politically_restricted: bool = False,
                  author: str | None = None, extra_embargoed: Sequence[Any] = (),
                  platform: str | None = None) -> CheckResult:
    """Run the engine with the council's pack and the embargoed documents still in force. `platform` (the
    account's) lets the pack check the post fits it; None when unknown. The pre-election period on today, if any
    (apps/elections `period_for`), switches on the pack's pre-election rules."""
    context = Context(council=council.slug, channel=channel,  # type: ignore[arg-type]
                      politically_restricted=politically_restricted,
                      embargoed=embargoes_in_force(council=council) + tuple(extra_embargoed),
                      author=author, platform=platform, election=election_name(council))
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


def _snapshot(post: Post) -> dict[str, Any]:
    return {"status": post.status, "text": post.text, "links": post.links, "account": str(post.account)}


def _may_check(actor: Any, post: Post) -> None:
    if not (represents(actor, post.account) or can(actor, "post.approve", post.council)):
        require(actor, "post.approve", post.council)


def _engine_result(post: Post) -> CheckResult:
    # St Helens 5.7: whether the author's post is politically restricted is HR's record (apps/people), not the
    # author's say; an author with no staff record is checked as before (not restricted).
    restricted = restriction(user=post.author, council=post.council).restricted
    return content_check(council=post.council, channel="official", text=post.text, links=post.links,
                         images=image_refs(post), politically_restricted=restricted, author=post.author.username,
                         platform=post.account.platform)


def _store_check(*, post: Post, actor: Any, result: CheckResult) -> PostCheck:
    run = PostCheck.objects.create(post=post, checked_by=actor, text=post.text, links=post.links,
                                   images=image_signature(post), verdict=result.verdict,
                                   policy_version=result.policy_version, result=result.to_dict())
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
                   images: Sequence[ImageRef] = (), politically_restricted: bool = False,
                   platform: str | None = None) -> CheckResult:
    """Check text as an official post of `council` before it is drafted (a representative, or an approver),
    for `platform` when given. Audited as `posts.check.official`; the text itself is not kept. Whether the post
    counts as politically restricted is `people.selectors.restriction` (HR's record, else as the person says)."""
    if not (can(actor, "post.draft", council) or can(actor, "post.approve", council)):
        require(actor, "post.draft", council)  # NotFound with no role in the council, else NotAllowed
    restricted = check_restriction(actor=actor, council=council, channel="official",
                                   stated=politically_restricted).restricted
    result = content_check(council=council, channel="official", text=text, links=links, images=images,
                           politically_restricted=restricted, platform=platform)
    audit_record(event="posts.check.official", actor=actor, council=council,
                 after={"verdict": result.verdict, "policy_version": result.policy_version,
                        "rules": sorted({f.rule for f in result.findings})})
    return result


MODERATION_CHANNELS = ("reply", "comment")


def check_restriction(*, actor: Any, council: Council, channel: str, stated: bool) -> Restriction:
    """Whether a check counts the author's post as politically restricted (St Helens 5.7), and who says so. The
    person's own words (official, personal): people.selectors.restriction (HR's record, else as they say). A third
    party's comment, or a reply: only what the person checking says of its author."""
    if channel in MODERATION_CHANNELS:
        return restriction_from(hr_record=None, stated=stated)
    return restriction(user=actor, council=council, stated=stated)


def moderation_check(*, actor: Any, council: Council, channel: str, text: str, links: Sequence[str] = (),
                     images: Sequence[ImageRef] = (), politically_restricted: bool = False) -> CheckResult:
    """Check a third party's comment, or a reply the council means to give. Nothing is stored."""
    if channel not in MODERATION_CHANNELS:
        raise BadInput(f"channel must be one of {', '.join(MODERATION_CHANNELS)}", field="as")
    require(actor, "check.moderation", council)
    restricted = check_restriction(actor=actor, council=council, channel=channel,
                                   stated=politically_restricted).restricted
    return content_check(council=council, channel=channel, text=text, links=links, images=images,
                         politically_restricted=restricted)


# ---- drafting ---------------------------------------------------------------------------------------------

def _require_representative(actor: Any, account: SocialAccount) -> None:
    require(actor, "post.draft", account.council)
    if not represents(actor, account):
        raise NotAllowed(f"you are not a representative for {account}")


def _may_draft(actor: Any, account: SocialAccount, doing: str, address: str | None) -> None:
    """The representative check, then the council's onboarding and network rule (St Helens 6.3, 6.19, 9.14),
    outside any transaction so that a refusal's audit entry is kept."""
    _require_representative(actor, account)
    require_onboarded(actor, account.council, doing=doing, address=address, account=account)


def post_create(*, actor: Any, account: SocialAccount, text: Any, links: Any = None,
                images: Sequence[tuple[str, bytes, str, str]] = (), address: str | None = None) -> Post:
    """Draft a post. `images` are (file name, bytes, alt text, tagged people). `address`: the request's, for the
    council's network limit (None: not a web request)."""
    _may_draft(actor, account, "draft", address)
    return _create(actor=actor, account=account, text=text, links=links, images=images)


@transaction.atomic
def _create(*, actor: Any, account: SocialAccount, text: Any, links: Any,
            images: Sequence[tuple[str, bytes, str, str]]) -> Post:
    post = Post.objects.create(council=account.council, account=account, author=actor, text=_clean_text(text),
                               links=_clean_links(links))
    for name, data, alt, people in images:
        _image_add(post=post, actor=actor, name=name, data=data, alt_text=alt, tagged_people=people)
    audit_record(event="posts.post.create", actor=actor, council=post.council, subject=post, after=_snapshot(post))
    return post


def image_add(*, post: Post, actor: Any, name: str, data: bytes, alt_text: str = "",
              tagged_people: str = "", address: str | None = None, via: str = "page") -> PostImage:
    """Add an image to a draft: uploaded through the media app (checked by its content, kept privately with a
    clean copy, its faces found once). `tagged_people`: names typed beside it (no consent record looked up)."""
    _may_draft(actor, post.account, "draft", address)
    return _image_add(post=post, actor=actor, name=name, data=data, alt_text=alt_text, tagged_people=tagged_people,
                      via=via)


@transaction.atomic
def _image_add(*, post: Post, actor: Any, name: str, data: bytes, alt_text: str = "",
               tagged_people: str = "", via: str = "page") -> PostImage:
    _may_change_images(actor, post)
    if post.images.count() >= MAX_IMAGES:
        raise BadInput(f"at most {MAX_IMAGES} images per post", field="images")
    # The media app checks the file by its content, keeps it privately with its clean copy and has its facts
    # (faces found...) computed once; a refusal says why and keeps nothing.
    item = media_upload(actor=actor, council=post.council, purpose="post", name=name, data=data, via=via)
    image = PostImage.objects.create(post=post, media=item, alt_text=(alt_text or "")[:500])
    names = [n.strip() for n in (tagged_people or "").split(",") if n.strip()]
    audit_record(event="posts.post.image_add", actor=actor, council=post.council, subject=post,
                 after={"image": label_of(image), "media": item.pk, "tagged_people": ", ".join(names)})
    # Names typed beside the upload are tags without a consent record: the check asks for one for each.
    for typed in dict.fromkeys(names):
        tag_add(actor=actor, media_item=item, name=typed, via=via)
    return image


def _may_change_images(actor: Any, post: Post) -> None:
    _require_representative(actor, post.account)
    if post.author_id != actor.pk:
        raise NotAllowed("only the author can change a draft")
    if not post.is_editable:
        raise InvalidState("the post is waiting for approval or approved; it cannot be changed")


def image_remove(*, post: Post, actor: Any, image: PostImage, address: str | None = None) -> None:
    """Take an image off a draft. The media item stays among the author's images (they may delete it there)."""
    _may_draft(actor, post.account, "draft", address)
    with transaction.atomic():
        _may_change_images(actor, post)
        if image.post_id != post.pk:
            raise NotFound("No such image in this post")
        label = label_of(image)
        image.delete()
        audit_record(event="posts.post.image_remove", actor=actor, council=post.council, subject=post,
                     before={"image": label})


def image_tag_add(*, post: Post, actor: Any, image: PostImage, face: int | None = None,
                  consent: int | None = None, name: str = "", address: str | None = None,
                  via: str = "page") -> Tag:
    """Say who a person in a draft's image is: face `face` (its number among the faces found, 1 first; None for a
    person the boxes missed), from the consent register (`consent`: a record of the council the author may read)
    or by name alone (the check then asks for their written consent). The consent app records the tag."""
    _may_draft(actor, post.account, "draft", address)
    _may_change_images(actor, post)
    if image.post_id != post.pk or image.media is None:
        raise NotFound("No such image in this post")
    record = None
    if consent is not None:
        record = tag_choices(actor=actor, post=post).filter(pk=consent).first()
        if record is None:
            raise NotFound("No such consent record among yours: choose one from the list", field="consent")
    box = None
    if face is not None:
        facts = item_facts(image.media)
        faces = facts.faces if facts.ok and facts.faces is not None else ()
        if not 1 <= face <= len(faces):
            raise BadInput(f"Choose one of the {len(faces)} faces found, or a person the boxes missed", field="face")
        found = faces[face - 1]
        box = (found.x, found.y, found.w, found.h)
    if record is None and not (name or "").strip():
        raise BadInput("Choose the person's consent record, or type their name", field="consent")
    return tag_add(actor=actor, media_item=image.media, name=name, consent=record, box=box, via=via)


def image_tag_remove(*, post: Post, actor: Any, tag: Tag, address: str | None = None, via: str = "page") -> None:
    """Take a tag off an image of a draft (the author, while the post can be changed)."""
    _may_draft(actor, post.account, "draft", address)
    _may_change_images(actor, post)
    if not post.images.filter(media_id=tag.media_item_id).exists():
        raise NotFound("No such person tagged in this post")
    tag_remove(actor=actor, tag=tag, via=via)


def tag_choices(*, actor: Any, post: Post) -> QuerySet[ConsentRecord]:
    """The consent records the author may tag a person with: the council's records in date and not withdrawn
    (consent.selectors.taggable) that they may read (consent.selectors.register: their own, or the register)."""
    readable = register(user=actor, council=post.council).values("pk")
    return taggable(council=post.council, day=timezone.localdate()).filter(pk__in=readable)


def post_update(*, post: Post, actor: Any, text: Any, links: Any = None, address: str | None = None) -> Post:
    _may_draft(actor, post.account, "draft", address)
    return _update(post=post, actor=actor, text=text, links=links)


@transaction.atomic
def _update(*, post: Post, actor: Any, text: Any, links: Any) -> Post:
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


def post_submit(*, post: Post, actor: Any, address: str | None = None) -> Post:
    """Send the post for approval. It is checked again if the text changed since the last check."""
    _may_draft(actor, post.account, "submit", address)
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


def warn_override_needs_second(council: Council) -> bool:
    """Whether an override of a warning also waits for a second person (facts.warn_override_needs_second, or a
    pre-election period on: apps/elections `warnings_need_second_person`)."""
    facts = pack_for(council.slug).facts
    return bool(facts and facts.warn_override_needs_second) or warnings_need_second_person(council)


def approver_name(council: Council) -> str:
    facts = pack_for(council.slug).facts
    return facts.approver_name if facts else "The approver"


# The decisions a person sends, on the page and through the API. Whether `override` is final or a request for
# a second person is this module's rule (needs_second_person), so it is recorded as `override` or
# `request_override`.
ASKED: tuple[str, ...] = tuple(str(d) for d in (Decision.APPROVE, Decision.RETURN, Decision.OVERRIDE,
                                                   Decision.CONFIRM_OVERRIDE, Decision.REFUSE_OVERRIDE))
# The status each decision needs, and the status each recorded decision leaves the post in.
_NEEDS = {
    Decision.APPROVE: PostStatus.SUBMITTED,
    Decision.RETURN: PostStatus.SUBMITTED,
    Decision.OVERRIDE: PostStatus.SUBMITTED,
    Decision.CONFIRM_OVERRIDE: PostStatus.OVERRIDE_REQUESTED,
    Decision.REFUSE_OVERRIDE: PostStatus.OVERRIDE_REQUESTED,
}
_AFTER = {
    Decision.APPROVE: PostStatus.APPROVED,
    Decision.RETURN: PostStatus.RETURNED,
    Decision.OVERRIDE: PostStatus.APPROVED,
    Decision.REQUEST_OVERRIDE: PostStatus.OVERRIDE_REQUESTED,
    Decision.CONFIRM_OVERRIDE: PostStatus.APPROVED,
    Decision.REFUSE_OVERRIDE: PostStatus.RETURNED,
}
EVENTS = {
    Decision.APPROVE: "posts.post.approve",
    Decision.RETURN: "posts.post.return",
    Decision.OVERRIDE: "posts.post.override",
    Decision.REQUEST_OVERRIDE: "posts.post.override_request",
    Decision.CONFIRM_OVERRIDE: "posts.post.override_confirm",
    Decision.REFUSE_OVERRIDE: "posts.post.override_refuse",
}
_VERDICT_WORDS = {"block": "blocks this post", "warn": "warns about this post"}
# The decisions that would let the post go out (refused while an image can never be published).
RELEASING = frozenset(str(d) for d in (Decision.APPROVE, Decision.OVERRIDE, Decision.CONFIRM_OVERRIDE))


def needs_second_person(council: Council, verdict: str) -> bool:
    """A block always needs a second person to go out; a warning only when the pack says so."""
    return verdict == "block" or (verdict == "warn" and warn_override_needs_second(council))


def _override_role(council: Council, verdict: str) -> str | None:
    """The role needed to override (or confirm an override of) a check with this verdict; None: any approver."""
    return block_override_role(council) if verdict == "block" else None


def pending_request(post: Post) -> Approval | None:
    """The request for an override the post is waiting on (None unless it is `override_requested`)."""
    if post.status != PostStatus.OVERRIDE_REQUESTED:
        return None
    return (post.approvals.filter(decision=Decision.REQUEST_OVERRIDE).select_related("actor", "check_run")
            .order_by("-created", "-id").first())


def decisions_open_to(*, post: Post, actor: Any) -> list[str]:
    """The decisions this person may try on the post as it stands (what the approval page offers). The check is
    run again when they decide, so a decision offered here can still be refused for what the check finds."""
    if post.author_id == actor.pk or not can(actor, "post.approve", post.council):
        return []
    never = bool(refusals(post))
    if post.status == PostStatus.SUBMITTED:
        offered = [str(d) for d in (Decision.APPROVE, Decision.OVERRIDE, Decision.RETURN)]
        return [d for d in offered if not (never and d in RELEASING)]
    if post.status != PostStatus.OVERRIDE_REQUESTED:
        return []
    request = pending_request(post)
    if request is not None and request.actor_id == actor.pk:
        return []
    check = post.current_check
    role = _override_role(post.council, check.verdict if check is not None else "block")
    confirm = [str(Decision.CONFIRM_OVERRIDE)] if (role is None or holds_role(actor, role, post.council)) \
        and not never else []
    return [*confirm, str(Decision.REFUSE_OVERRIDE)]


def _outbox_image(image: PostImage) -> dict[str, Any]:
    """What the publisher needs of an image: the clean copy (location and device data removed) by its media item
    and fingerprint, or the file of an image kept the old way."""
    if image.media is not None:
        return {"media": image.media.pk, "clean_sha256": image.media.clean_sha256,
                "content_type": image.media.clean_content_type, "alt_text": image.alt_text}
    return {"file": image.image.name, "alt_text": image.alt_text}


def _outbox_payload(post: Post, run: PostCheck) -> dict[str, Any]:
    override = post.override_record()
    return {
        "post": {"id": post.pk, "council": post.council.slug, "account": {"platform": post.account.platform,
                 "handle": post.account.handle, "platform_id": post.account.platform_id},
                 "author": post.author.username, "text": post.text, "links": post.links,
                 "images": [_outbox_image(i) for i in post.images.select_related("media")]},
        "check": run.result,
        "approvals": [{"actor": a.actor.username, "decision": a.decision, "comment": a.comment,
                       "justification": a.justification, "verdict": a.verdict, "at": a.created.isoformat()}
                      for a in post.approvals.select_related("actor")],
        "overridden": post.overridden,
        "override": override.to_dict() if override is not None else None,
    }


def post_decide(*, post: Post, actor: Any, decision: str, comment: str = "", justification: str = "",
                address: str | None = None) -> Approval:
    """An approver who is not the author approves, returns with comments, or overrides the check; a second
    person confirms or refuses an override that waits for them.

    The post is checked again first, so the decision is made on the current pack and embargo register.
    `approve` needs a clean check; `override` a justification, and for a `block` the role the pack names
    (facts.block_override_role). An override of a `block` (or of a `warn`, where the pack's
    facts.warn_override_needs_second says so) is recorded as `request_override` and the post waits, with
    nothing in the outbox, until someone who is neither the author nor the requester confirms it
    (`confirm_override`, with the same role for a block) or refuses it (`refuse_override`, with a comment: the
    post goes back to its author). See docs/post-overrides.md.
    """
    require(actor, "post.approve", post.council)
    require_onboarded(actor, post.council, doing="decide", address=address, account=post.account)
    _may_decide(post, actor, decision)
    result = _engine_result(post)  # outside the transaction: see post_check
    approval = _decide(post=post, actor=actor, decision=decision, comment=comment, justification=justification,
                       result=result)
    post.refresh_from_db()
    return approval


def _may_decide(post: Post, actor: Any, decision: str) -> None:
    if decision not in ASKED:
        raise BadInput(f"Choose a decision: {', '.join(ASKED)}", field="decision")
    if post.author_id == actor.pk:
        raise NotAllowed("You wrote this post: another approver must decide on it")
    needed = _NEEDS[Decision(decision)]
    if post.status != needed:
        if post.status == PostStatus.OVERRIDE_REQUESTED:
            raise InvalidState("An override of this post is waiting for a second person: confirm it or refuse it")
        if needed == PostStatus.OVERRIDE_REQUESTED:
            raise InvalidState(f"No override is waiting for a second person: the post is "
                               f"{post.get_status_display().lower()}")
        raise InvalidState(f"The post is {post.get_status_display().lower()}, not waiting for approval")
    if needed == PostStatus.OVERRIDE_REQUESTED:
        request = pending_request(post)
        if request is not None and request.actor_id == actor.pk:
            raise NotAllowed("You asked for this override: a second person must confirm or refuse it")
    if decision in RELEASING:
        # Sefton 5.5.4.10: an image of a child who is or was looked after never goes on social media. No role,
        # no justification and no second person can release it: the only ways on are to return the post or
        # refuse the override, and for the author to take the image off.
        reasons = refusals(post)
        if reasons:
            raise InvalidState(f"This post can never be approved: {' '.join(reasons)}", reasons=reasons)


def _require_override_role(actor: Any, council: Council, verdict: str) -> None:
    role = _override_role(council, verdict)
    if role is not None and not holds_role(actor, role, council):
        raise NotAllowed(f"Only someone with the {label(role).lower()} role may override a block")


def _new_blocks(request: Approval | None, run: PostCheck) -> list[str]:
    """What blocks the post now that did not when the override was asked for (by rule), in plain words."""
    then = request.check_run.result.get("findings", []) if request is not None and request.check_run else []
    known = {f["rule"] for f in then if f.get("severity") == "block"}
    new: dict[str, str] = {}
    for f in run.result.get("findings", []):
        if f.get("severity") == "block" and f["rule"] not in known:
            new.setdefault(f["rule"], str(f.get("message", "")).split(". ")[0].rstrip("."))
    return list(new.values())


def _refuse_final_findings(run: PostCheck) -> None:
    """A finding whose rule says no override may answer it (`overridable: false`, e.g. a looked-after child's
    image, Sefton 5.5.4.10) stops any override, whoever asks."""
    final = never_overridable(run.result.get("findings", []))
    if final:
        said = "; ".join(dict.fromkeys(str(f.get("message", "")).split(". ")[0].rstrip(".")
                                       for f in final if isinstance(f, dict)))
        raise InvalidState(f"No override can let this post out: {said}")


def _recorded(*, post: Post, actor: Any, decision: str, run: PostCheck, comment: str, justification: str) -> str:
    """The decision to record, or the reason it is refused (raised)."""
    if decision == Decision.RETURN:
        if not comment:
            raise BadInput("Enter a comment saying what the author should change", field="comment")
        return str(Decision.RETURN)
    if decision == Decision.REFUSE_OVERRIDE:
        if not comment:
            raise BadInput("Enter a comment saying why you are refusing the override", field="comment")
        return str(Decision.REFUSE_OVERRIDE)
    if decision == Decision.APPROVE:
        if run.verdict != "pass":
            raise InvalidState(f"The check {_VERDICT_WORDS[run.verdict]}: approve it only with an override and "
                               "a justification")
        return str(Decision.APPROVE)
    if decision in {Decision.OVERRIDE, Decision.CONFIRM_OVERRIDE}:
        _refuse_final_findings(run)
    if decision == Decision.OVERRIDE:
        if run.verdict == "pass":
            raise BadInput("The check found nothing to override: approve the post instead", field="decision")
        if not justification:
            raise BadInput("Enter a justification for overriding the check", field="justification")
        _require_override_role(actor, post.council, run.verdict)
        return str(Decision.REQUEST_OVERRIDE if needs_second_person(post.council, run.verdict) else Decision.OVERRIDE)
    # confirm_override: on the check as it is now. A pass needs no role (nothing is overridden); a finding that
    # blocks and was not there when the override was asked for is not covered by the requester's justification.
    if run.verdict != "pass":
        _require_override_role(actor, post.council, run.verdict)
        new = _new_blocks(pending_request(post), run)
        if new:
            raise InvalidState("The check now finds something that blocks this post which the override was not "
                               f"asked for ({'; '.join(new)}). Refuse the override so that the author can deal "
                               "with it")
    return str(Decision.CONFIRM_OVERRIDE)


@transaction.atomic
def _decide(*, post: Post, actor: Any, decision: str, comment: str, justification: str,
            result: CheckResult) -> Approval:
    # The row lock makes decisions on one post take turns: two people confirming at once give one approval and
    # one outbox entry; the second finds the post approved (checked again below, under the lock).
    post = (Post.objects.select_for_update(of=("self",)).select_related("council", "account", "author")
            .get(pk=post.pk))
    _may_decide(post, actor, decision)
    comment, justification = (comment or "").strip(), (justification or "").strip()
    run = _store_check(post=post, actor=actor, result=result)
    recorded = _recorded(post=post, actor=actor, decision=decision, run=run, comment=comment,
                         justification=justification)
    request = pending_request(post)
    before = _snapshot(post)
    approval = Approval.objects.create(post=post, actor=actor, decision=recorded, comment=comment,
                                       justification=justification, check_run=run, verdict=run.verdict)
    post.status = _AFTER[Decision(recorded)]
    post.overridden = (recorded in {Decision.OVERRIDE, Decision.CONFIRM_OVERRIDE} and run.verdict != "pass")
    post.save(update_fields=["status", "overridden", "updated"])
    after = {**_snapshot(post), "decision": recorded, "verdict": run.verdict, "comment": comment,
             "justification": justification, "overridden": post.overridden}
    if request is not None:
        after["requested_by"] = request.actor.username
    audit_record(event=EVENTS[Decision(recorded)], actor=actor, council=post.council, subject=post, before=before,
                 after=after)
    if post.status == PostStatus.APPROVED:
        entry = OutboxEntry.objects.create(post=post, council=post.council, payload=_outbox_payload(post, run))
        audit_record(event="posts.outbox.add", actor=actor, council=post.council, subject=entry,
                     after={"post": post.pk, "overridden": post.overridden})
    notify_author(post=post, approval=approval, request=request)
    return approval


# ---- personal posts ---------------------------------------------------------------------------------------

def personal_check(*, actor: Any, council: Council, text: Any, links: Sequence[str] = (),
                   images: Sequence[ImageRef] = (), politically_restricted: bool = False,
                   keep: bool = False) -> tuple[CheckResult, KeptCheck | None]:
    """Check a personal post. Nothing is stored, not even in the audit trail, unless `keep` is asked for."""
    require(actor, "personal.check", council)
    text = _clean_text(text)
    # St Helens 5.7: HR's record of a restricted post counts whatever the person ticks; the tick box only adds.
    politically_restricted = check_restriction(actor=actor, council=council, channel="personal",
                                               stated=politically_restricted).restricted
    result = content_check(council=council, channel="personal", text=text, links=links, images=images,
                           politically_restricted=politically_restricted, author=actor.username)
    kept = None
    if keep:
        kept = KeptCheck.objects.create(user=actor, council=council, text=text, verdict=result.verdict,
                                        result=result.to_dict())
    return result, kept


def personal_check_upload(*, actor: Any, council: Council, text: Any, uploads: Sequence[tuple[str, bytes]] = (),
                          platform: str | None = None, people: Sequence[int] = (),
                          politically_restricted: bool = False,
                          keep: bool = False) -> tuple[CheckResult, KeptCheck | None, list[MediaItem]]:
    """Check a personal post with the images uploaded beside it. Each image is kept privately as a media item
    (only its uploader sees it, and may delete it) so its faces are found once; the text is stored only if `keep`.
    `people`: consent records of people in the images whom Corporate Communications let the person post on their
    own accounts (consent.selectors.permitted_records; Sefton 5.5.2.2), tagged in each image; `platform`: where
    the post will go (a permission and a consent cover named platforms)."""
    require(actor, "personal.check", council)
    text = _clean_text(text)  # a text that cannot be checked is refused before any image is kept
    day = timezone.localdate()
    chosen = list(dict.fromkeys(people))
    records = {r.pk: r for r in permitted_records(user=actor, council=council, day=day).filter(pk__in=chosen)}
    if len(records) != len(chosen):
        raise BadInput("Choose only people Corporate Communications gave you permission for", field="people")
    if chosen and not uploads:
        raise BadInput("Add the image the people are in", field="images")
    items = [media_upload(actor=actor, council=council, purpose="personal-check", name=name, data=data)
             for name, data in uploads]
    for item in items:
        for pk in chosen:
            tag_add(actor=actor, media_item=item, name=records[pk].name, consent=records[pk])
    result, kept = personal_check(actor=actor, council=council, text=text,
                                  images=[personal_image_ref(item, platform=platform, author=actor, day=day)
                                          for item in items],
                                  politically_restricted=politically_restricted, keep=keep)
    return result, kept, list(MediaItem.objects.filter(pk__in=[i.pk for i in items]).order_by("pk"))


def personal_permitted(*, actor: Any, council: Council) -> list[ConsentRecord]:
    """The people the person may tag in a personal post's image (their live permissions)."""
    return list(permitted_records(user=actor, council=council, day=timezone.localdate()))


@transaction.atomic
def kept_check_delete(*, kept: KeptCheck, actor: Any) -> None:
    """Delete a saved personal check. Only its owner may; audited with its verdict, never its text."""
    if kept.user_id != getattr(actor, "pk", None):
        raise NotFound("You have no saved check with that number")
    require(actor, "personal.check", kept.council)
    audit_record(event="posts.kept_check.delete", actor=actor, council=kept.council,
                 subject=("posts.keptcheck", str(kept.pk)),
                 before={"verdict": kept.verdict, "created": kept.created.isoformat()})
    kept.delete()
