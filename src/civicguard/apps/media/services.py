"""Uploading, looking at and deleting media items: every change is here, checked and audited in one transaction.

The rules, each in one place:
* who may upload for what: `PURPOSE_CAPABILITY` (an official post: `media.upload`, the staff who draft; a personal
  post being checked: `personal.check`, everyone; a resident's comment's attachment: `comments.import`, the people
  who bring comments in);
* who may look at an item: `media_view_refusal` (its uploader; for anything but a personal post, the holders of
  `media.view`; anyone else is told it does not exist);
* who may delete one: `media_delete_refusal` (its uploader only, while no approved post uses it);
* an image's facts (faces found...): `media_analyse`, once, by the worker after the upload (`tasks.analyse`), or by
  the first check that needs them (`item_facts`).
Views, the API and the demo only call these functions.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from civicguard.apps.access.checks import can, require, roles_in
from civicguard.apps.audit.services import audit_record
from civicguard.apps.councils.models import Council
from civicguard.apps.media import storage
from civicguard.apps.media.content import Examined, examine
from civicguard.apps.media.models import MediaItem, MediaView
from civicguard.apps.onboarding import network
from civicguard.common.uploads import UploadRefused
from civicguard.engine.images.facts import ImageFacts, facts_to_dict
from civicguard.errors import BadInput, InvalidState, NotAllowed, NotFound, OutsideWorkNetwork

PURPOSE_CAPABILITY: dict[str, str] = {
    "post": "media.upload",
    "personal-check": "personal.check",
    "comment-attachment": "comments.import",
}
# What a person chooses on the upload page and in the API (comment attachments come in with the comments).
UPLOADABLE = ("post", "personal-check")
VIEW_EVENTS = {"view": "media.item.view", "download": "media.item.download"}
log = logging.getLogger(__name__)


def max_upload_bytes() -> int:
    return int(settings.CIVICGUARD_MAX_UPLOAD_BYTES)


def max_pixels() -> int:
    return int(settings.CIVICGUARD_MAX_IMAGE_PIXELS)


def max_video_seconds() -> float:
    return float(settings.CIVICGUARD_MAX_VIDEO_SECONDS)


def upload_purposes(user: Any, council: Council) -> list[str]:
    """The purposes `user` may upload an image for in `council`, in the order the page offers them."""
    return [p for p in UPLOADABLE if can(user, PURPOSE_CAPABILITY[p], council)]


def _clean_name(name: str) -> str:
    name = (name or "").replace("\x00", "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(ch for ch in name if ch.isprintable())[:255]


@transaction.atomic
def media_upload(*, actor: Any, council: Council, purpose: str, name: str, data: bytes,
                 via: str = "page") -> MediaItem:
    """Check the file by its content (never its name or declared type), keep the original and the clean copy in
    private storage and record the item. UploadRefused (a BadInput) says why a file was refused; nothing is kept."""
    if purpose not in PURPOSE_CAPABILITY:
        raise BadInput("choose what the image is for: an official post or a personal post", field="purpose")
    require(actor, PURPOSE_CAPABILITY[purpose], council)
    examined = _examine(data)
    original_name = storage.path_for(council.slug, examined.sha256)
    clean_name = storage.path_for(council.slug, examined.clean_sha256, examined.clean_extension)
    written = []
    try:
        if storage.save(original_name, data):
            written.append(original_name)
        if storage.save(clean_name, examined.clean):
            written.append(clean_name)
        item = MediaItem.objects.create(
            council=council, uploaded_by=actor, kind=examined.kind, purpose=purpose, original_name=_clean_name(name),
            original_path=original_name, clean_path=clean_name, sha256=examined.sha256,
            content_type=examined.content_type, size=examined.size, clean_sha256=examined.clean_sha256,
            clean_content_type=examined.clean_content_type, clean_size=len(examined.clean), width=examined.width,
            height=examined.height, location_removed=examined.had_location, device_removed=examined.had_device,
            metadata_removed=examined.had_metadata, duration=examined.duration)
        audit_record(event="media.item.upload", actor=actor, council=council, subject=item,
                     after={"kind": item.kind, "purpose": purpose, "sha256": item.sha256, "size": item.size,
                            "width": item.width, "height": item.height, "content_type": item.content_type,
                            "location_removed": item.location_removed, "device_removed": item.device_removed,
                            "via": via, **({"seconds": item.duration} if item.duration is not None else {})})
    except BaseException:
        for written_name in written:
            storage.erase(written_name)
        raise
    transaction.on_commit(lambda: enqueue_analysis(item.pk))
    return item


def _examine(data: bytes) -> Examined:
    try:
        return examine(data, max_bytes=max_upload_bytes(), max_pixels=max_pixels(), max_seconds=max_video_seconds())
    except UploadRefused as exc:
        raise BadInput(exc.message[:1].upper() + exc.message[1:], field="file", reason=exc.reason) from None


# ---- what the image detectors read -------------------------------------------------------------------------

def enqueue_analysis(item_id: int) -> None:
    """Queue the analysis of a new item (with no broker it runs now, in this process). If the broker cannot take
    it, the item stays unanalysed and the check analyses it when it first needs the facts (`item_facts`)."""
    from civicguard.apps.media.tasks import analyse

    try:
        analyse.delay(item_id)
    except Exception:  # noqa: BLE001 - the upload is kept; item_facts analyses it on first use
        log.exception("could not queue the analysis of media item %s; the check will analyse it", item_id)


def media_analyse(*, item_id: int) -> MediaItem:
    """Compute the image's facts (faces found...) from its clean copy, once, and store them with the item. Any
    failure (the file gone, an image that cannot be decoded or analysed) is stored as facts with an `error`, so
    the checks send the image to a person rather than read it as "nothing found"; a failure is audited. Running it
    again on an analysed item changes nothing (the task may be delivered twice)."""
    item = MediaItem.objects.select_related("council").get(pk=item_id)
    if item.facts is not None:
        return item
    deleted = item.deleted is not None
    facts = ImageFacts.failed("was deleted before it was analysed") if deleted else _facts_of(item)
    with transaction.atomic():
        locked = MediaItem.objects.select_for_update().get(pk=item.pk)
        if locked.facts is not None:
            return locked
        locked.facts, locked.analysed = facts_to_dict(facts), timezone.now()
        locked.save(update_fields=["facts", "analysed"])
        if not facts.ok:
            audit_record(event="media.item.analyse_fail", council=locked.council, subject=locked,
                         after={"reason": facts.error or ""})
    return locked


def _facts_of(item: MediaItem) -> ImageFacts:
    try:
        data = storage.read(item.clean_path)
    except OSError as exc:
        return ImageFacts.failed(f"could not be opened: {type(exc).__name__}")
    if item.is_video:
        try:
            return _video_facts_of(item, data, _council_logos(item.council))
        except Exception as exc:  # noqa: BLE001 - any failure sends the image to a person
            return ImageFacts.failed(f"could not be analysed: {type(exc).__name__}")
    return image_facts_of(item.council, data)


def image_facts_of(council: Council, data: bytes) -> ImageFacts:
    """What the checks read of a picture given as bytes (faces, nudity, the words in it, the council's logo), kept
    nowhere: a media item's facts, or a screenshot captured as evidence (a concern report). Any failure is facts with
    an `error`, which the checks send to a person."""
    # Imported here: OpenCV loads only where images are analysed.
    from civicguard.engine.images.analyse import facts_from_bytes

    try:
        return facts_from_bytes(data, max_pixels=max_pixels(), max_bytes=max(max_upload_bytes(), len(data)),
                                logos=_council_logos(council))
    except Exception as exc:  # noqa: BLE001 - any failure sends the image to a person
        return ImageFacts.failed(f"could not be analysed: {type(exc).__name__}")


def _video_facts_of(item: MediaItem, data: bytes, logos: list[Any] | None) -> ImageFacts:
    """A video's facts from its sampled frames, each analysed as a photo; its poster (the frame with the most faces)
    is kept beside its clean copy for the pages to draw."""
    from civicguard.apps.media.video import video_facts
    from civicguard.engine.images.analyse import facts_from_bytes

    def frame(jpeg: bytes) -> ImageFacts:
        return facts_from_bytes(jpeg, max_pixels=max_pixels(), max_bytes=max(len(jpeg), 1), logos=logos)

    facts, poster = video_facts(data, max_pixels=max_pixels(), max_seconds=max_video_seconds(), analyse=frame)
    if poster and item.poster_path:
        storage.save(item.poster_path, poster)
    return facts


def _council_logos(council: Council) -> list[Any] | None:
    """The council's logo from its pack (St Helens 5.6), so the facts say whether it is in the picture; None when
    the pack holds none (then `logos` stays "not looked for" and the logo detector, if a rule uses it, says so)."""
    from civicguard.engine import pack_for
    from civicguard.engine.images.logo import reference_for

    facts = pack_for(council.slug).facts
    logo = facts.logo if facts is not None else None
    if logo is None or not logo.data:
        return None
    return [reference_for(logo.data, logo.council)]


def item_facts(item: MediaItem) -> ImageFacts:
    """The item's facts, analysing it now if the worker has not yet (a check never waits on the queue)."""
    if item.facts is None:
        item = media_analyse(item_id=item.pk)
    facts = item.image_facts()
    return facts if facts is not None else ImageFacts.failed("was not analysed")


# ---- who sees what ----------------------------------------------------------------------------------------------

def visible(*, user: Any, council: Council) -> QuerySet[MediaItem]:
    """The items of `council` that `user` may look at (the same rule as `media_view_refusal`)."""
    if not roles_in(user, council):
        return MediaItem.objects.none()
    qs = MediaItem.objects.filter(council=council)
    if can(user, "media.view", council):
        return qs.filter(Q(uploaded_by=user) | ~Q(purpose="personal-check"))
    return qs.filter(uploaded_by=user)


def media_view_refusal(user: Any, item: MediaItem) -> str | None:
    """Why `user` may not look at `item`, or None. An item they may not see does not exist for them (404)."""
    if not roles_in(user, item.council):
        return "No such image among yours"
    if item.uploaded_by_id == getattr(user, "pk", None):
        return None
    if item.purpose != "personal-check" and can(user, "media.view", item.council):
        return None
    return "No such image among yours"


def media_item(*, user: Any, council: Council, pk: int) -> MediaItem:
    """The item `pk` of `council`, if `user` may look at it; NotFound otherwise (whether or not it exists)."""
    item = MediaItem.objects.select_related("council", "uploaded_by", "deleted_by").filter(
        pk=pk, council=council).first()
    if item is None or media_view_refusal(user, item) is not None:
        raise NotFound("No such image among yours")
    return item


def media_view(*, actor: Any, item: MediaItem, action: str = "view", via: str = "page",
               address: str | None = None) -> bytes:
    """The clean copy's bytes, after the check; the look is recorded as a MediaView and in the audit trail
    (Sefton 5.5.4.9). The original is never handed out: it is kept only as the evidence of what was uploaded.

    A download keeps a copy on the device that asks for it, so when the council limits its networks
    (CIVICGUARD_WORK_NETWORKS) a download from any other address is refused and the attempt audited (Sefton
    5.5.4.5: images of children are never stored on personal devices). `address` None: not a web request."""
    if media_view_refusal(actor, item) is not None:
        raise NotFound("No such image among yours")
    if action not in VIEW_EVENTS:
        raise BadInput("view or download", field="action")
    if item.deleted is not None:
        raise NotFound("The image was deleted: its files were erased")
    if action == "download" and network.outside(address):
        audit_record(event="media.item.download_refuse", actor=actor, council=item.council, subject=item,
                     after={"via": via, "address": address or ""})
        raise OutsideWorkNetwork("You can only download images from the council's own network, on a council device "
                                 "(images must never be kept on personal devices): connect from a council building "
                                 "or the council's VPN and try again")
    with transaction.atomic():
        data = _read_for(item, action)
        MediaView.objects.create(item=item, viewer=actor, action=action, via=via)
        audit_record(event=VIEW_EVENTS[action], actor=actor, council=item.council, subject=item, after={"via": via})
    return data


def _read_for(item: MediaItem, action: str) -> bytes:
    """What a look hands out: the clean copy; for a look at a video (not a download), its poster frame."""
    if action == "view" and item.is_video:
        if not item.poster_path or not storage.exists(item.poster_path):
            raise NotFound("The video is still being analysed: its picture will show in a moment")
        return storage.read(item.poster_path)
    return storage.read(item.clean_path)


# ---- deleting ---------------------------------------------------------------------------------------------------

def used_by_approved_post(item: MediaItem) -> bool:
    """Whether a post that is approved (or whose override waits for a second person) carries the item: its
    files are then the evidence of what was approved, and a takedown needs them."""
    return item.post_images.filter(post__status__in=("approved", "override_requested")).exists()


def media_delete_refusal(user: Any, item: MediaItem) -> str | None:
    """Why `user` may not delete `item`, or None: only its uploader, only while no approved post uses it."""
    if item.uploaded_by_id != getattr(user, "pk", None):
        return "Only the person who uploaded an image can delete it"
    if item.deleted is not None:
        return "The image was deleted already"
    if used_by_approved_post(item):
        return "An approved post uses this image, so it cannot be deleted"
    return None


@transaction.atomic
def media_delete(*, actor: Any, item: MediaItem, via: str = "page") -> MediaItem:
    """Erase the item's files (the record and who looked at it are kept, as the audit trail refers to them)."""
    if media_view_refusal(actor, item) is not None:
        raise NotFound("No such image among yours")
    item = MediaItem.objects.select_for_update().get(pk=item.pk)
    refusal = media_delete_refusal(actor, item)
    if refusal is not None:
        raise InvalidState(refusal) if item.deleted is not None else NotAllowed(refusal)
    item.deleted, item.deleted_by = timezone.now(), actor
    item.save(update_fields=["deleted", "deleted_by"])
    audit_record(event="media.item.delete", actor=actor, council=item.council, subject=item,
                 before={"sha256": item.sha256, "purpose": item.purpose}, after={"via": via})
    live = MediaItem.objects.filter(council=item.council, deleted__isnull=True)
    paths = [(item.original_path, "original_path"), (item.clean_path, "clean_path")]
    doomed = [path for path, column in paths if not live.filter(**{column: path}).exists()]
    if item.poster_path and item.clean_path in doomed:
        doomed.append(item.poster_path)

    def erase() -> None:
        for path in doomed:
            storage.erase(path)

    transaction.on_commit(erase)
    return item
