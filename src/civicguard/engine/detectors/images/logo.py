"""`images.logo`: the council's logo in a picture on a post that does not speak for the council (St Helens 5.6).

Looks for the logo the pack holds (`facts.logo`, a PNG in the pack folder, read by the pack loader) in each
attached image, with `engine/images/logo.py` (SIFT features matched to the logo, a homography by RANSAC: scale,
rotation, perspective, part covered, JPEG, colour changes). The logo's description is made once per pack and kept.
The facts come from the caller when they hold `logos` (a caller that computes facts ahead, such as a worker, passes
the pack's logo to `facts_from_bytes`); otherwise the search runs once per check on the image's bytes. Labels
(choose with ``Params.labels``):

* ``logo``: the logo was found. Attributes: ``image``, ``picture`` (the image in words), ``council`` (whose logo),
  ``box`` ("x,y,w,h" in the image's pixels), ``inliers`` (how many features agreed).
* ``unreadable``: the image could not be decoded, or was not searched (facts without `logos` and no bytes); a
  person must look at it (fail closed: never read as "no logo").

The rule decides on which channels it matters (personal posts). Spans are 0,0: the finding is about the image.

Catches: the logo copied into a picture, small (down to about 1/8 of the picture's width), turned, seen at an
angle, partly covered or cut off, re-coloured, blurred or compressed. Misses: a logo about the same grey as what
is behind it, a tiny or heavily blurred one, a logo redrawn by hand, other "devices" of the council (5.6) that are
not its logo. False alarms: an emblem sharing much of the logo's lettering and layout. Measured on generated
variants of both packs' stand-in logos, test split (thresholds chosen on train and validation): precision 0.84,
recall 0.78, every false alarm the other council's stand-in (which shares the word COUNCIL in the same lettering),
about 250 ms of processor time per picture (data/images/logos/RESULTS.md).
"""

from __future__ import annotations

from civicguard.engine.detectors.base import Detector, Document, LabelledParams
from civicguard.engine.detectors.images.faces import image_facts, picture_name, unreadable
from civicguard.engine.detectors.registry import register
from civicguard.engine.images.facts import ImageFacts
from civicguard.engine.model import Detection, ImageRef
from civicguard.engine.packs.schema import Logo

LABELS = ("logo", "unreadable")


class LogoParams(LabelledParams):
    LABELS = LABELS
    labels: list[str] = list(LABELS)


class NoLogo(RuntimeError):
    """The check has no pack logo to look for (the pack loader refuses a pack whose rule needs one without it)."""


def logo_facts(doc: Document, index: int, image: ImageRef, logo: Logo) -> ImageFacts:
    """The image's facts with `logos` searched for the pack's logo: the caller's facts when they hold logos (or
    say the image cannot be read), else the search run once per check on the bytes the caller gave."""
    given = image.facts
    if given is not None and (given.logos is not None or not given.ok):
        return given
    if image.data is None:
        if given is None:
            return image_facts(doc, index, image)  # no facts and no bytes: says so, for a person
        return ImageFacts.failed("was not searched for the council's logo (its facts were made without it, and "
                                 "no image data came with it)")
    data = image.data

    def build() -> ImageFacts:
        # Imported here so loading the registry does not load OpenCV until an image is checked.
        from civicguard.engine.images.analyse import logos_from_bytes
        from civicguard.engine.images.logo import reference_for

        return logos_from_bytes(data, [reference_for(logo.data, logo.council)])

    return doc.memo(f"images.logos:{index}:{logo.council}", build)


@register
class LogoDetector(Detector):
    name = "images.logo"
    Params = LogoParams
    timeout = 20.0

    def detect(self, doc: Document) -> list[Detection]:
        p = self.params
        assert isinstance(p, LogoParams)
        labels = set(p.labels)
        logo = doc.facts.logo if doc.facts is not None else None
        if doc.content.images and (logo is None or not logo.data):
            # Fail closed through the engine: a finding for a person, never "no logo found".
            raise NoLogo("the pack holds no logo to look for (facts.logo in pack.yaml)")
        out: list[Detection] = []
        for i, image in enumerate(doc.content.images):
            assert logo is not None
            facts = logo_facts(doc, i, image, logo)
            if not facts.ok or facts.logos is None:
                if "unreadable" in labels:
                    out.append(unreadable(i, image, facts if not facts.ok else
                                          ImageFacts.failed("was not searched for the council's logo")))
                continue
            if "logo" not in labels:
                continue
            picture = picture_name(i, image)
            for match in facts.logos:
                if match.council != logo.council:
                    continue
                out.append(Detection(0, 0, 0.9, "logo",
                                     f"{picture} shows the council's logo ({match.inliers} features agree, at "
                                     f"x={match.x}, y={match.y}, {match.w}x{match.h} pixels)",
                                     {"image": image.ref, "picture": picture, "council": match.council,
                                      "box": f"{match.x},{match.y},{match.w},{match.h}",
                                      "inliers": str(match.inliers)}))
        return out
