"""`images.nudity`: pornographic or sexual images are kept off the council's accounts (St Helens 9.7, 6.4; Sefton 3.4,
5.5.4.4 for children).

Reads each attached image's whole-image score (`ImageFacts.nudity`: Yahoo's open_nsfw model, `engine/images/
nudity.py`, computed once per check and shared with the other image detectors). Labels (choose with
``Params.labels``):

* ``nudity``: the score is at or over ``threshold``. Attributes: ``image``, ``picture``, ``score``, ``limit``.
* ``nudity_child``: a child is tagged in the image (`ImageRef.people()` with kind "child") and the score is at or
  over the stricter ``child_threshold`` (Sefton 5.5.4.4: children photographed clothed, torsos covered). Same
  attributes. An image with a child tagged gives this label instead of ``nudity``, never both.
* ``unreadable``: the image could not be decoded, or the model could not score it; a person must look at it (fail
  closed: never read as "nothing found").

The model gives no regions, so findings are about the whole image (spans 0,0) and ``nudity_regions`` stays None.

Catches: photographic pornography, the one kind of content the model was trained on. Misses: drawings, cartoons
and text; violent or otherwise offensive images; suggestive images that show no nudity. False alarms: its makers
say to expect some on skin-heavy photos (beach, swimwear, close-ups of skin). Measured on safe proxies only (no
explicit imagery is kept in this repository, and the makers publish no recall): no false alarm at 0.5 in 103 test
images; at the child limit 0.2, 2 of 43 test proxies (skin-tone textures); 60-90 ms an image
(data/images/nudity/RESULTS.md).
"""

from __future__ import annotations

from pydantic import model_validator

from civicguard.engine.detectors.base import Detector, Document, LabelledParams
from civicguard.engine.detectors.images.faces import image_facts, picture_name, unreadable
from civicguard.engine.detectors.registry import register
from civicguard.engine.images.facts import ImageFacts
from civicguard.engine.model import Detection, ImageRef

LABELS = ("nudity", "nudity_child", "unreadable")


class NudityParams(LabelledParams):
    LABELS = LABELS
    labels: list[str] = list(LABELS)
    # The model's probability (0-1) at or over which an image is reported. Its makers read over 0.8 as explicit and
    # under 0.2 as safe; 0.5 is the package's default decision point (data/images/nudity/RESULTS.md).
    threshold: float = 0.5
    # Stricter when a child is tagged in the image (Sefton 5.5.4.4).
    child_threshold: float = 0.2


    @model_validator(mode="after")
    def _range(self) -> NudityParams:
        for name in ("threshold", "child_threshold"):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be above 0 and at most 1")
        if self.child_threshold > self.threshold:
            raise ValueError("child_threshold must not be above threshold: the limit is stricter when a child is "
                             "tagged (Sefton 5.5.4.4)")
        return self


def child_tagged(image: ImageRef) -> bool:
    return any(tag.kind == "child" for tag in image.people())


def unscored(facts: ImageFacts) -> ImageFacts:
    """Facts that say why an image has no nudity score (decoded, but the model could not run)."""
    if not facts.ok:
        return facts
    return ImageFacts.failed("was not scored: the nudity model did not run on it")


@register
class NudityDetector(Detector):
    name = "images.nudity"
    Params = NudityParams
    timeout = 20.0

    def detect(self, doc: Document) -> list[Detection]:
        p = self.params
        assert isinstance(p, NudityParams)
        labels = set(p.labels)
        out: list[Detection] = []
        for i, image in enumerate(doc.content.images):
            facts = image_facts(doc, i, image)
            if not facts.ok or facts.nudity is None:
                if "unreadable" in labels:
                    out.append(unreadable(i, image, unscored(facts)))
                continue
            child = child_tagged(image)
            label, limit = ("nudity_child", p.child_threshold) if child else ("nudity", p.threshold)
            if facts.nudity < limit or label not in labels:
                continue
            picture = picture_name(i, image)
            why = " (a child is tagged in it, so the stricter limit applies)" if child else ""
            out.append(Detection(0, 0, 0.9, label,
                                 f"{picture} scored {facts.nudity:.2f} for nudity or sexual content, at or over "
                                 f"the limit of {limit:g}{why}",
                                 {"image": image.ref, "picture": picture, "score": f"{facts.nudity:.2f}",
                                  "limit": f"{limit:g}"}))
        return out
