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
from typing import Any

from django.urls import reverse

from civicguard.apps.media import services as media
from civicguard.apps.media.models import MediaItem
from civicguard.apps.posts.models import Post, PostImage
from civicguard.engine.images.facts import ImageFacts
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
    if item.deleted is not None and item.facts is None:
        return ImageFacts.failed("was deleted before it could be analysed")
    return media.item_facts(item)


def _legacy_bytes(image: PostImage) -> bytes | None:
    if not image.image:
        return None
    try:
        with image.image.open("rb") as handle:
            return bytes(handle.read(LEGACY_MAX_BYTES + 1))
    except (OSError, ValueError):
        return None


def image_refs(post: Post) -> list[ImageRef]:
    images = post_images(post)
    names = labels(images)
    refs = []
    for image in images:
        facts = _facts(image)
        data = _legacy_bytes(image) if image.media_id is None else None
        refs.append(ImageRef(ref=names[image.pk], tagged_people=image.people(), alt_text=image.alt_text,
                             facts=facts, data=data))
    return refs


def image_signature(post: Post) -> list[list[Any]]:
    """The images of `post` that are media items, each with what a check of it depends on."""
    return [[image.pk, image.media_id, image.tagged_people] for image in post_images(post)
            if image.media_id is not None]


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
    # Why the image can never be approved (consent.selectors.never_publishable), in plain words.
    refusals: list[str] = field(default_factory=list)

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
        if found:
            lines.append(f"{found} face{'s' if found != 1 else ''} found; {len(tagged)} of them tagged.")
            untagged = found - len(tagged) - len(self.tags_unboxed)
            if untagged > 0:
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


def _findings_about(label: str, result: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not result:
        return []
    return [f for f in result.get("findings", []) if label in str(f.get("message", ""))]


def _shown(*, number: int, label: str, item: MediaItem, user: Any, result: dict[str, Any] | None,
           image: PostImage | None = None) -> ImageShown:
    facts = item.image_facts()
    may_see = media.media_view_refusal(user, item) is None and item.deleted is None
    faces = [FaceShown(n, f.x, f.y, f.w, f.h) for n, f in enumerate(facts.faces or (), start=1)] \
        if facts is not None else []
    return ImageShown(image=image, number=number, label=label, width=item.width, height=item.height,
                      url=reverse("media:image", args=[item.pk]) if may_see else None, facts=facts, faces=faces,
                      findings=_findings_about(label, result), deleted=item.deleted is not None)


def images_shown(post: Post, user: Any, result: dict[str, Any] | None) -> list[ImageShown]:
    """Each image of the post as its page draws it, with the findings of `result` (the check shown) about it."""
    images = post_images(post)
    names = labels(images)
    shown = []
    for number, image in enumerate(images, start=1):
        label = names[image.pk]
        if image.media is None:
            shown.append(ImageShown(image=image, number=number, label=label, width=0, height=0, url=None,
                                    facts=None, findings=_findings_about(label, result)))
        else:
            shown.append(_shown(number=number, label=label, item=image.media, user=user, result=result,
                                image=image))
    return shown


def personal_image_ref(item: MediaItem) -> ImageRef:
    """An image uploaded for a personal check, as the engine reads it (its stored facts; no consent register is
    looked up for a personal post)."""
    return ImageRef(ref=str(item), facts=media.item_facts(item))


def personal_images_shown(items: list[MediaItem], user: Any, result: dict[str, Any] | None) -> list[ImageShown]:
    return [_shown(number=n, label=str(item), item=item, user=user, result=result)
            for n, item in enumerate(items, start=1)]
