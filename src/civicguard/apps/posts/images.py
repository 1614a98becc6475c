"""A post's images as the engine reads them and as the pages show them.

* `image_refs(post)`: each image as an engine `ImageRef`: the facts stored with its media item (computed once
  when it was uploaded; computed now if the worker has not yet), the people tagged in it with what the consent
  register says of them on the post's platform today, and its description.
* `images_shown(post, user, result)`: what the post's page draws for each image: the picture (through the media
  app's logged view, only to those the media app lets see it), each face found as a numbered box, who is tagged,
  and the check's findings about that image in plain words.
* `image_signature(post)`: what a check of the post's images depends on (the images and their tags), kept with
  each check so that a check made before an image or a tag changed no longer counts as current.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from civicguard.apps.consent.models import Tag
from civicguard.apps.consent.selectors import (
    image_tags,
    never_publishable,
    personal_permission_refusal,
    refusal,
    sees_children,
)
from civicguard.apps.media import services as media
from civicguard.apps.media import storage as media_storage
from civicguard.apps.media.models import MediaItem
from civicguard.apps.posts.models import Post, PostImage
from civicguard.engine.images.facts import FaceBox, ImageFacts
from civicguard.engine.images.video import seconds_text
from civicguard.engine.model import ImageRef

# Read at most this much of an image kept the old way (a file beside the post) to analyse it.
LEGACY_MAX_BYTES = 20 * 1024 * 1024


def label_of(image: PostImage) -> str:
    """How an image is named to people and in the engine's findings: its file name as uploaded."""
    if image.media_id is not None:
        return str(image.media)
    return image.image.name.rsplit("/", 1)[-1] or f"Image {image.pk}"


def labels(images: list[PostImage]) -> dict[int, str]:
    """Each image's label, made unique within the post (a second "photo.jpg" is "photo.jpg (2)")."""
    seen: dict[str, int] = {}
    out: dict[int, str] = {}
    for image in images:
        name = label_of(image)
        seen[name] = seen.get(name, 0) + 1
        out[image.pk] = name if seen[name] == 1 else f"{name} ({seen[name]})"
    return out


def post_images(post: Post) -> list[PostImage]:
    return list(post.images.select_related("media", "media__council").order_by("created", "id"))


def _facts(image: PostImage) -> ImageFacts | None:
    """The stored facts of a media item; None for an image kept the old way (the engine analyses its bytes)."""
    item = image.media
    if item is None:
        return None
    if item.deleted is not None:
        # Its files are gone: nothing could be published, so a person must deal with it (take it off the post).
        return ImageFacts.failed("was deleted (its files were erased): take it off the post")
    return media.item_facts(item)


def _legacy_bytes(image: PostImage) -> bytes | None:
    if not image.image:
        return None
    try:
        with image.image.open("rb") as handle:
            return bytes(handle.read(LEGACY_MAX_BYTES + 1))
    except (OSError, ValueError):
        return None


def image_refs(post: Post, day: date | None = None) -> list[ImageRef]:
    images = post_images(post)
    names = labels(images)
    day = day or timezone.localdate()
    platform = post.account.platform
    refs = []
    for image in images:
        facts = _facts(image)
        data = _legacy_bytes(image) if image.media_id is None else None
        if image.media is not None:
            # The register's answer for each person tagged (a name typed without a record: consent "none").
            tags = image_tags(image.media, platform, day)
            refs.append(ImageRef(ref=names[image.pk], tagged_people=tuple(t.name for t in tags),
                                 alt_text=image.alt_text, facts=facts, tags=tags))
        else:
            # An image kept the old way: the names typed beside it, analysed from its file.
            refs.append(ImageRef(ref=names[image.pk], tagged_people=image.people(), alt_text=image.alt_text,
                                 data=data))
    return refs


def image_signature(post: Post) -> list[list[Any]]:
    """The images of `post` that are media items, each with what a check of it depends on: the people tagged in
    it and their consent records."""
    images = [image for image in post_images(post) if image.media_id is not None]
    tags: dict[int, list[list[Any]]] = {}
    for tag in Tag.objects.filter(media_item_id__in=[i.media_id for i in images]).order_by("id"):
        tags.setdefault(tag.media_item_id, []).append([tag.pk, tag.consent_id])
    return [[image.pk, image.media_id, image.tagged_people, tags.get(image.media_id or 0, [])] for image in images]


def media_items(post: Post) -> list[MediaItem]:
    return [image.media for image in post_images(post) if image.media is not None]


def refusals(post: Post) -> list[str]:
    """Why the post can never be approved, whoever asks and whatever override (consent.selectors.never_publishable:
    an image of a child who is or was looked after); empty when nothing stands in the way."""
    return never_publishable(media_items(post))


# ---- what the pages draw ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class TagShown:
    """A person tagged in an image, as the page says it: their name and what the consent register says."""

    pk: int
    name: str
    status: str
    face: int | None = None     # the number of the box it was tagged on, or None


@dataclass(frozen=True)
class FaceShown:
    number: int
    x: int
    y: int
    w: int
    h: int
    tag: TagShown | None = None

    @property
    def label_y(self) -> int:
        """Where the box's number is written: just above the box, or inside it at the top of the picture."""
        return self.y - 6 if self.y > 30 else self.y + 26


@dataclass
class ImageShown:
    image: PostImage | None         # None: an image of a personal check
    number: int
    label: str
    width: int
    height: int
    url: str | None                 # the media app's logged view; None when this person may not see the picture
    facts: ImageFacts | None        # None: not analysed yet (the worker has it)
    faces: list[FaceShown] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    deleted: bool = False
    tags_unboxed: list[TagShown] = field(default_factory=list)
    official: bool = True           # False: a personal post's image (its people need permission, not consent)
    # Why the image can never be approved (consent.selectors.never_publishable), in plain words.
    refusals: list[str] = field(default_factory=list)
    # A video: the picture drawn is its poster (the sampled frame with the most faces); the video itself only
    # through the logged download.
    video: bool = False
    duration: float | None = None
    download_url: str | None = None

    @property
    def length(self) -> str:
        """A video's length as minutes:seconds ("0:45")."""
        return seconds_text(self.duration or 0.0)

    @property
    def poster_second(self) -> str:
        """The second the poster frame comes from ("0:12"), or "" when the video's faces were not counted."""
        second = self.facts.frame_second if self.facts is not None else None
        return seconds_text(second) if second is not None else ""

    @property
    def explanations(self) -> list[str]:
        """What the check makes of the image, in plain words, from its facts and tags."""
        if self.facts is None:
            return []
        if not self.facts.ok:
            return [f"The image {self.facts.error}: the check cannot tell who is in it, so a person must look at "
                    "it before it goes out."]
        if self.facts.faces is None:
            return []
        found = len(self.faces)
        tagged = [f for f in self.faces if f.tag is not None]
        lines = []
        if self.video and self.facts.frames:
            lines.append(f"A video of {self.length} (minutes:seconds): {self.facts.frames} frames were checked, "
                         "about one a second. The picture is its frame with the most faces"
                         + (f", at {self.poster_second}." if self.poster_second else "."))
        if found:
            lines.append(f"{found} face{'s' if found != 1 else ''} found; {len(tagged)} of them tagged.")
            untagged = found - len(tagged) - len(self.tags_unboxed)
            if untagged > 0 and not self.official:
                lines.append(f"{untagged} of the people in it {'are' if untagged != 1 else 'is'} not among those "
                             "you have Corporate Communications' permission to post on your own accounts.")
            elif untagged > 0:
                lines.append(f"{untagged} face{'s are' if untagged != 1 else ' is'} not tagged: everyone "
                             "recognisable needs written consent on record before an official post can show them. "
                             "Tag who it is from the consent register, or take the image off the post.")
        return lines

    @property
    def analysed(self) -> bool:
        return self.facts is not None and self.facts.ok and self.facts.faces is not None

    @property
    def failed(self) -> str:
        """Why the image could not be analysed ("" when it was)."""
        return self.facts.error or "" if self.facts is not None else ""

    @property
    def stroke(self) -> int:
        """A box's line width in the image's own pixels, so it shows about 3 pixels wide on the page."""
        return max(2, round(max(self.width, self.height) / 640 * 3))

    @property
    def font_size(self) -> int:
        return max(14, round(max(self.width, self.height) / 640 * 22))


def _findings_about(number: int, label: str, result: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The findings of `result` about image `number`: the image detectors name it "image 2 (fun-day.jpg)"; others
    may name it by its file name."""
    if not result:
        return []
    place = f"image {number} ("
    return [f for f in result.get("findings", [])
            if place in str(f.get("message", "")).lower() or f"'{label}'" in str(f.get("message", ""))]


def _tag_status(tag: Tag, platform: str | None, day: date, personal_of: Any = None) -> str:
    """What the register says of a tagged person: for an official post, their consent on `platform`; for a
    personal post (`personal_of`: its author), the author's permission to post them (Sefton 5.5.2.2)."""
    record = tag.consent
    if record is None:
        return "no written consent on the register"
    if personal_of is not None:
        why = personal_permission_refusal(record, personal_of, platform, day)
        return f"not covered: {why}" if why else "you have permission to post them on your own accounts"
    why = refusal(record, platform, day)
    return f"not covered: {why}" if why else "written consent on record for this platform"


def _tag_shown(tag: Tag, user: Any, platform: str | None, day: date, personal: bool = False) -> TagShown:
    """A tag as the page says it. A child's name is shown only to those who may read children's records, and to
    whoever tagged them (Sefton 5.5.4.9: a child's details are kept confidential)."""
    status = _tag_status(tag, platform, day, personal_of=user if personal else None)
    record = tag.consent
    if record is not None and record.is_child and tag.created_by_id != getattr(user, "pk", None) \
            and not sees_children(user, record.council):
        return TagShown(tag.pk, "A child (their name is shown only to Legal and the Caldicott Guardian)",
                        status.replace(record.name, "the child"))
    return TagShown(tag.pk, tag.name, status)


def _matches(tag: Tag, face: FaceBox) -> bool:
    box = tag.box
    return box is not None and face.iou(FaceBox(*box)) >= 0.5


def _shown(*, number: int, label: str, item: MediaItem, user: Any, result: dict[str, Any] | None,
           image: PostImage | None = None, platform: str | None = None, day: date | None = None) -> ImageShown:
    day = day or timezone.localdate()
    facts = item.image_facts()
    may_see = media.media_view_refusal(user, item) is None and item.deleted is None
    tagged = _tags_of(item)
    tags = [_tag_shown(t, user, platform, day, personal=image is None) for t in tagged]
    boxes = {t.pk: t for t in tagged}
    faces: list[FaceShown] = []
    used: set[int] = set()
    for n, face in enumerate((facts.faces or ()) if facts is not None else (), start=1):
        tag = next((t for t in tags if t.pk not in used and _matches(boxes[t.pk], face)), None)
        if tag is not None:
            used.add(tag.pk)
            tag = TagShown(tag.pk, tag.name, tag.status, face=n)
        faces.append(FaceShown(n, face.x, face.y, face.w, face.h, tag))
    return ImageShown(image=image, number=number, label=label, width=item.width, height=item.height,
                      url=reverse("media:image", args=[item.pk]) if may_see and _drawable(item) else None,
                      facts=facts, faces=faces,
                      findings=_findings_about(number, label, result), deleted=item.deleted is not None,
                      tags_unboxed=[t for t in tags if t.pk not in used],
                      refusals=never_publishable([item]) if image is not None else [], official=image is not None,
                      video=item.is_video, duration=item.duration,
                      download_url=reverse("media:download", args=[item.pk]) if may_see and item.is_video else None)


def _drawable(item: MediaItem) -> bool:
    """Whether the page has a picture to draw: an image's clean copy, a video's poster once it was analysed."""
    return not item.is_video or bool(item.poster_path and media_storage.exists(item.poster_path))


def _tags_of(item: MediaItem) -> list[Tag]:
    return list(Tag.objects.filter(media_item=item).select_related("consent", "consent__council")
                .order_by("created", "id"))


def images_shown(post: Post, user: Any, result: dict[str, Any] | None) -> list[ImageShown]:
    """Each image of the post as its page draws it, with the findings of `result` (the check shown) about it."""
    images = post_images(post)
    names = labels(images)
    shown = []
    for number, image in enumerate(images, start=1):
        label = names[image.pk]
        if image.media is None:
            shown.append(ImageShown(image=image, number=number, label=label, width=0, height=0, url=None,
                                    facts=None, findings=_findings_about(number, label, result)))
        else:
            shown.append(_shown(number=number, label=label, item=image.media, user=user, result=result,
                                image=image, platform=post.account.platform))
    return shown


def personal_image_ref(item: MediaItem, *, platform: str | None = None, author: Any = None,
                       day: date | None = None) -> ImageRef:
    """An image uploaded for a personal check, as the engine reads it: its stored facts and the people tagged in it
    with what the register says of them, Corporate Communications' permission for `author` included (Sefton
    5.5.2.2)."""
    tags = image_tags(item, platform, day or timezone.localdate(), author=author)
    return ImageRef(ref=str(item), tagged_people=tuple(t.name for t in tags), facts=media.item_facts(item),
                    tags=tags)


def personal_images_shown(items: list[MediaItem], user: Any, result: dict[str, Any] | None,
                          platform: str | None = None) -> list[ImageShown]:
    return [_shown(number=n, label=str(item), item=item, user=user, result=result, platform=platform)
            for n, item in enumerate(items, start=1)]


def images_data(post: Post, user: Any) -> list[dict[str, Any]]:
    """The post's images as the API gives them (what the post's page shows, less the picture itself)."""
    def tag(t: TagShown) -> dict[str, Any]:
        return {"id": t.pk, "name": t.name, "consent": t.status}

    out = []
    for shown in images_shown(post, user, None):
        assert shown.image is not None
        facts = shown.facts
        out.append({
            "id": shown.image.pk, "number": shown.number, "name": shown.label, "alt_text": shown.image.alt_text,
            "media_item": shown.image.media_id, "deleted": shown.deleted,
            "analysed": facts is not None, "analysis_error": shown.failed or None,
            "faces": [{"number": f.number, "box": [f.x, f.y, f.w, f.h], "tag": tag(f.tag) if f.tag else None}
                      for f in shown.faces] if shown.analysed else None,
            "other_tags": [tag(t) for t in shown.tags_unboxed],
            "never_publishable": shown.refusals,
        })
    return out
