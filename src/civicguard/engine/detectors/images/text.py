"""`images.text`: the words in a picture are checked like the words of the post (St Helens 6.4, 9.7; Sefton 5.3).

Reads each attached image's text (`ImageFacts.text`: tesseract, `engine/images/ocr.py`, computed once per check and
shared with the other image detectors). Labels (choose with ``Params.labels``):

* ``text_read``: the image has text (at least ``min_chars`` letters or digits). Attributes: ``image``, ``picture``,
  ``excerpt`` (the first words read) and ``chars``. The check (`engine/check.py`) then runs the pack's text rules
  whose category is in ``categories`` on the text read, as a Document of its own, and reports what they find "in
  image N (file)": a photo of a letter with a name, an address and an NHS number is caught as the typed words
  would be.
* ``unreadable``: the image could not be decoded, or its text could not be read (no tesseract on the server, a
  time-out, a crash); a person must look at it (fail closed: never read as "no text").

Catches: printed text in screenshots, posters, letters and forms, in English. Misses: handwriting, text that is
small, blurred, curved, stylised or laid over a busy photograph, and other scripts; the text rules then miss what
the reading garbled (a postcode with one character misread; a postcode or e-mail address the picture wrapped over
two lines; a block of lines on a rotated page). Measured on 60 generated test pictures: character accuracy 0.944;
personal-data findings on the words read against those on the words drawn, precision 1.00, recall 0.91; every
picture with personal data flagged, no clean one; no words read in 12 photos without text; 0.7 s a picture
(data/images/text/RESULTS.md).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from pydantic import field_validator

from civicguard.engine.detectors.base import Detector, Document, LabelledParams
from civicguard.engine.detectors.images.faces import image_facts, picture_name, unreadable
from civicguard.engine.detectors.registry import register
from civicguard.engine.images.facts import ImageFacts
from civicguard.engine.model import CATEGORIES, Detection, Finding
from civicguard.engine.packs.schema import Rule

LABELS = ("text_read", "unreadable")
TEXT_READ = "text_read"
EXCERPT_CHARS = 80
# The categories of text rules run on an image's text unless a rule says otherwise: what words in a picture can
# breach as typed words would. Not the platform's length or link rules (a picture has no length or links), nor
# the routing of comments.
DEFAULT_CATEGORIES = ("personal_data", "offensive", "discrimination", "defamation", "confidential", "council_email",
                      "safeguarding", "political")


class ImageTextParams(LabelledParams):
    LABELS = LABELS
    labels: list[str] = list(LABELS)
    categories: list[str] = list(DEFAULT_CATEGORIES)
    # Fewer letters and digits than this is no text (tesseract reads stray marks in photos as a letter or two).
    min_chars: int = 3


    @field_validator("categories")
    @classmethod
    def _categories(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - CATEGORIES)
        if unknown:
            raise ValueError(f"unknown categor(ies) {', '.join(unknown)}; choose from {', '.join(sorted(CATEGORIES))}")
        return value


def unread(facts: ImageFacts) -> ImageFacts:
    """Facts that say why an image has no text read (decoded, but OCR did not run)."""
    if not facts.ok:
        return facts
    from civicguard.engine.images.ocr import unavailable_reason

    return ImageFacts.failed(unavailable_reason() or "the text in it could not be read: the reading failed or "
                             "took too long")


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + "…"


@register
class ImageTextDetector(Detector):
    name = "images.text"
    Params = ImageTextParams
    timeout = 40.0

    def detect(self, doc: Document) -> list[Detection]:
        p = self.params
        assert isinstance(p, ImageTextParams)
        labels = set(p.labels)
        out: list[Detection] = []
        for i, image in enumerate(doc.content.images):
            facts = image_facts(doc, i, image)
            if not facts.ok or facts.text is None:
                if "unreadable" in labels:
                    out.append(unreadable(i, image, unread(facts)))
                continue
            chars = sum(ch.isalnum() for ch in facts.text)
            if chars < p.min_chars or TEXT_READ not in labels:
                continue
            picture = picture_name(i, image)
            out.append(Detection(0, 0, 1.0, TEXT_READ, f"{picture} has text in it ({chars} letters and digits)",
                                 {"image": image.ref, "picture": picture, "excerpt": excerpt(facts.text),
                                  "chars": str(chars), "text": facts.text}))
        return out

    def texts_read(self, detections: Iterable[Detection]) -> list[tuple[str, str]]:
        """(picture, text) for each image whose text this detector read, for the check to run the text rules on."""
        return [(d.attributes["picture"], d.attributes["text"]) for d in detections if d.label == TEXT_READ]

    def rules_for_text(self, plan: Sequence[tuple[Rule, Detector]]) -> list[tuple[Rule, Detector]]:
        """The rules of `plan` (this channel's) that read words, in the categories this rule names."""
        p = self.params
        assert isinstance(p, ImageTextParams)
        wanted = set(p.categories)
        return [(r, d) for r, d in plan if r.category in wanted and not d.name.startswith("images.")]

    def said_of(self, finding: Finding, picture: str) -> Finding:
        return in_image(finding, picture)


def in_image(finding: Finding, picture: str) -> Finding:
    """A finding on the text read from an image, said of the image. Its span is 0,0 with no text (a finding's span
    and text are always the post's own); the words read are quoted in the message instead. No redacted version:
    that would be the whole text read, every other detail in it unredacted, and the fix is to the image."""
    words = f", the words “{excerpt(finding.text)}”" if finding.text else ""
    return dataclasses.replace(
        finding, start=0, end=0, text="", redacted=None,
        message=f"In {picture}{words}: {finding.message}",
        remedy=f"{finding.remedy} (This is in the text of {picture}: edit or replace the image.)")
