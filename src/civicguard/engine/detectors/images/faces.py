"""`images.faces`: recognisable people in an image need consent on record (Sefton 5.5; St Helens 5.2).

Reads each attached image's `ImageFacts` (computed once per check from the image's bytes when the caller gave no
facts; an image with neither goes to a person). Labels (choose with ``Params.labels``):

* ``untagged_faces``: more faces found than people tagged in the image. Attributes: ``image``, ``faces``,
  ``tagged``, ``untagged`` (how many more). The rule decides on which channels it matters (official posts).
* ``people_in_image``: the image has at least one face (for the personal-post rule, Sefton 5.5.2.2).
* ``unreadable``: the image could not be decoded or analysed; a person must look at it (fail closed: never read
  as "no faces").

Spans are 0,0: the finding is about the image, not the text.

Misses and false alarms: those of the Haar cascades (`engine/images/faces.py`): small, turned or tilted faces
are missed; face-like textures can be counted. Measured figures: data/images/faces/RESULTS.md.
"""

from __future__ import annotations

from pydantic import field_validator

from civicguard.engine.detectors.base import Detector, Document, Params
from civicguard.engine.detectors.registry import register
from civicguard.engine.images.facts import ImageFacts
from civicguard.engine.model import Detection, ImageRef

LABELS = ("untagged_faces", "people_in_image", "unreadable")


class FacesParams(Params):
    labels: list[str] = list(LABELS)
    # Faces with a cascade score under this are not counted (0: every face the cascades keep).
    min_score: float = 0.0

    @field_validator("labels")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(LABELS))
        if unknown:
            raise ValueError(f"unknown label(s) {', '.join(unknown)}; choose from {', '.join(LABELS)}")
        return value


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
            facts = image_facts(doc, i, image)
            if not facts.ok or facts.faces is None:
                if "unreadable" in labels:
                    out.append(Detection(0, 0, 1.0, "unreadable",
                                         f"image {image.ref!r} {facts.error or 'was not analysed'}; a person must "
                                         "look at it", {"image": image.ref, "reason": facts.error or ""},
                                         needs_human=True))
                continue
            faces = [f for f in facts.faces if f.score >= p.min_score]
            tagged = len({t.strip().casefold() for t in image.tagged_people if t.strip()})
            if faces and "people_in_image" in labels:
                out.append(Detection(0, 0, 0.8, "people_in_image",
                                     f"image {image.ref!r} shows {len(faces)} face(s)",
                                     {"image": image.ref, "faces": str(len(faces)), "tagged": str(tagged)}))
            if len(faces) > tagged and "untagged_faces" in labels:
                out.append(Detection(0, 0, 0.8, "untagged_faces",
                                     f"image {image.ref!r} shows {len(faces)} face(s) but tags {tagged} "
                                     "person(s): everyone recognisable needs written consent on record",
                                     {"image": image.ref, "faces": str(len(faces)), "tagged": str(tagged),
                                      "untagged": str(len(faces) - tagged)}))
        return out
