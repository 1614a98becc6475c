"""`images.faces`: recognisable people in an image need consent on record (Sefton 5.5, 5.5.1.1, 5.5.2.1; St Helens
5.2, 6.4).

Reads each attached image's `ImageFacts` (computed once per check from the image's bytes when the caller gave no
facts; an image with neither goes to a person) and what the consent register says of each person tagged in it
(`ImageRef.people()`: `ImageTag`). Labels (choose with ``Params.labels``):

* ``untagged_faces``: more faces found than people tagged with consent that counts (`ImageTag.consented`: valid
  for this platform today, or a name typed by a caller who has no register). A person tagged whose consent is
  missing, expired, withdrawn or for another platform does not cover a face. Attributes: ``image`` (the
  reference), ``picture`` (the image in words: "image 1 (fun-day.jpg)"), ``faces``, ``tagged``, ``consented``
  and ``untagged`` (faces minus consented people) as numbers, and in words for messages: ``faces_text`` ("2
  faces"), ``consented_text`` ("only 1 person tagged in it has consent on record for this platform", "nobody in it
  is tagged", "only 2 people are tagged in it" for typed names) and ``untagged_text`` ("1 person").
* ``consent_refused``: one per person tagged whose consent is "none", "expired", "withdrawn" or
  "not-for-platform", naming them and saying why in plain words. Reported whether or not the image could be
  read: the register alone says it. Attributes: ``image``, ``picture``, ``name``, ``consent``, ``reason``
  ("their consent has expired") and ``fix`` (what to do about that reason).
* ``people_in_image``: the image has at least one face.
* ``unreadable``: the image could not be decoded or analysed; a person must look at it (fail closed: never read
  as "no faces").

The rule decides on which channels each matters (official posts and the council's replies). A looked-after child
never counts as consented (`ImageTag.consented`); `consent.images` reports them, with a block nobody can override.
Spans are 0,0: the finding is about the image, not the text.

Misses and false alarms: those of the Haar cascades (`engine/images/faces.py`): small, turned or tilted faces
are missed (so an untagged person can slip through, and the register's answers for the people tagged still
apply); face-like textures can be counted. Measured figures: data/images/faces/RESULTS.md.
"""

from __future__ import annotations

from civicguard.engine.detectors.base import Detector, Document, LabelledParams
from civicguard.engine.detectors.registry import register
from civicguard.engine.images.facts import ImageFacts
from civicguard.engine.model import Detection, ImageRef, ImageTag

LABELS = ("untagged_faces", "consent_refused", "people_in_image", "unreadable")

_PLATFORM_NAMES = {"x": "X", "youtube": "YouTube", "linkedin": "LinkedIn", "tiktok": "TikTok"}


def picture_name(index: int, image: ImageRef) -> str:
    """The image as a reader knows it: its place in the post and its file name ("image 2 (fun-day.jpg)")."""
    name = image.ref.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].strip()
    return f"image {index + 1} ({name})" if name else f"image {index + 1}"


def people_words(n: int, one: str = "person", many: str = "people") -> str:
    """1 -> "1 person", 3 -> "3 people", 0 -> "no people"."""
    return f"{n} {one}" if n == 1 else f"{n or 'no'} {many}"


def consented_words(people: tuple[ImageTag, ...], tagged: int, consented: int) -> str:
    """What the tags say, as the end of "CivicGuard found 2 faces in image 1, but ...": "only 1 person tagged in it
    has consent on record for this platform"; for names typed where no register was asked, only that they are
    tagged ("only 1 person is tagged in it")."""
    if tagged == 0:
        return "nobody in it is tagged"
    if consented == 0:
        return "nobody tagged in it has consent on record for this platform"
    if any(t.consent == "unknown" for t in people):
        return f"only {people_words(consented)} " + ("is" if consented == 1 else "are") + " tagged in it"
    return (f"only {people_words(consented)} tagged in it " + ("has" if consented == 1 else "have")
            + " consent on record for this platform")


def refusal(tag: ImageTag, platform: str | None) -> tuple[str, str] | None:
    """Why the register's answer for a tagged person does not allow the image, and what to do, in plain words;
    None when their consent counts (valid, or a typed name with no register to ask)."""
    if tag.consent == "none":
        return ("there is no written consent from them on the consent register",
                "Record their signed consent form in the consent register first.")
    if tag.consent == "expired":
        return ("their consent has expired",
                "Ask them to renew their consent and record the new form in the consent register first.")
    if tag.consent == "withdrawn":
        return ("they have withdrawn their consent",
                "Respect their withdrawal: do not use an image of them.")
    if tag.consent == "not-for-platform":
        where = _PLATFORM_NAMES.get(platform or "", (platform or "").capitalize()) or "the platform this post is for"
        return (f"their consent does not cover {where}",
                f"Ask them for consent that covers {where} and record it in the consent register first.")
    return None


class FacesParams(LabelledParams):
    LABELS = LABELS
    labels: list[str] = list(LABELS)
    # Faces with a cascade score under this are not counted (0: every face the cascades keep).
    min_score: float = 0.0


def _when(facts: ImageFacts) -> str:
    """For a video, which frame the faces were counted in: " (in its frame at 0:12, the one with the most)"."""
    if facts.frame_second is None:
        return ""
    from civicguard.engine.images.video import seconds_text

    return f" (in its frame at {seconds_text(facts.frame_second)}, the one with the most)"


def image_facts(doc: Document, index: int, image: ImageRef) -> ImageFacts:
    """The image's facts: given by the caller, else computed once per check from the bytes the caller gave (and
    shared with the other image detectors through the memo). The engine never opens `ref` itself: a reference
    from an API caller must not make the server read its own files; a trusted caller (the command line) reads
    the file first (`engine.images.analyse.ref_from_path`)."""
    if image.facts is not None:
        return image.facts
    if image.data is None:
        return ImageFacts.failed("was not analysed: no image data came with it")
    data = image.data

    def build() -> ImageFacts:
        # Imported here so loading the registry does not load OpenCV until an image is checked.
        from civicguard.engine.images.analyse import facts_from_bytes

        return facts_from_bytes(data)

    return doc.memo(f"images.facts:{index}", build)


def unreadable(index: int, image: ImageRef, facts: ImageFacts) -> Detection:
    """The finding for an image nobody could look at: a person must (fail closed)."""
    picture = picture_name(index, image)
    reason = facts.error or "was not analysed"
    return Detection(0, 0, 1.0, "unreadable", f"{picture} {reason}; a person must look at it",
                     {"image": image.ref, "picture": picture, "reason": reason}, needs_human=True)


@register
class FacesDetector(Detector):
    name = "images.faces"
    Params = FacesParams
    timeout = 20.0

    def detect(self, doc: Document) -> list[Detection]:
        p = self.params
        assert isinstance(p, FacesParams)
        labels = set(p.labels)
        out: list[Detection] = []
        for i, image in enumerate(doc.content.images):
            picture = picture_name(i, image)
            people = image.people()
            if "consent_refused" in labels:
                for tag in people:
                    why = refusal(tag, doc.context.platform)
                    if why is None:
                        continue
                    out.append(Detection(0, 0, 1.0, "consent_refused",
                                         f"{tag.name} is tagged in {picture} but {why[0]}"
                                         + (f" ({tag.note})" if tag.note else ""),
                                         {"image": image.ref, "picture": picture, "name": tag.name,
                                          "consent": tag.consent, "reason": why[0], "fix": why[1]}))
            facts = image_facts(doc, i, image)
            if not facts.ok or facts.faces is None:
                if "unreadable" in labels:
                    out.append(unreadable(i, image, facts))
                continue
            faces = [f for f in facts.faces if f.score >= p.min_score]
            # One person tagged twice covers one face (the register's tags carry names, not identities).
            tagged = len({t.name.strip().casefold() for t in people})
            consented = len({t.name.strip().casefold() for t in people if t.consented})
            counts = {"image": image.ref, "picture": picture, "faces": str(len(faces)), "tagged": str(tagged),
                      "consented": str(consented),
                      "faces_text": people_words(len(faces), "face", "faces") + _when(facts),
                      "consented_text": consented_words(people, tagged, consented)}
            if faces and "people_in_image" in labels:
                out.append(Detection(0, 0, 0.8, "people_in_image", f"{picture} shows {len(faces)} face(s)",
                                     counts))
            if len(faces) > consented and "untagged_faces" in labels:
                out.append(Detection(0, 0, 0.8, "untagged_faces",
                                     f"{picture} shows {len(faces)} face(s); {tagged} person(s) tagged, "
                                     f"{consented} with consent that counts: everyone recognisable needs "
                                     "written consent on record",
                                     {**counts, "untagged": str(len(faces) - consented),
                                      "untagged_text": people_words(len(faces) - consented)}))
        return out
