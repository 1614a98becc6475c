"""`consent.images`: images of people need consent on record; children's names and looked-after children
never appear (St Helens 5.2; Sefton 5.3b, 5.5.2.1, 5.5.4.8, 5.5.4.10).

Labels (choose with ``Params.labels``):

* ``tagged_person``: one per attached image that tags people (attributes ``people``, a comma list). The
  span is the first tagged name (or first name) found in the text, else 0,0. The rule decides on which
  channels this matters (official posts).
* ``child_named``: the text names a child who is in the picture: a tagged name that the text places among
  children ("pupils", "year 6", "aged 7", "kids"), or a named child in the text ("Jayden, aged 7",
  "Sophie (9)", "pupil Sophie", "little Jayden", "year 5 pupil Amir") when the content has an image or
  the text speaks of one ("pictured", "photo"). Span: the name.
* ``looked_after_child``: the text says the picture shows a foster, looked-after or (previously) cared-for
  child ("our foster children", "young people in care"), with an image attached or a photo mentioned.
  Span: the phrase.

Not fired by an adult named in the text ("Meet our apprentice of the year, Sophie!"), by foster carer
recruitment without children ("Could you be a foster carer?") or by text with no image and no photo
words.

Misses: a child's age or status given only in the image (faces are not analysed), names in lower case,
children named by surname only, and "in care" phrasing about adults that happens to sit next to a photo
("residents in care homes" is excluded, other wordings may slip through).
"""

from __future__ import annotations

import re

from pydantic import field_validator

from civicguard.engine.detectors.base import Detector, Document, Params
from civicguard.engine.detectors.conduct._text import sentence_of, sentences
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import Detection

_I = re.IGNORECASE
LABELS = ("tagged_person", "child_named", "looked_after_child")

_NAME = r"(?P<name>[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+)?)"
_AGE = r"(?P<age>\d{1,2})"
_NAMED_CHILD: list[re.Pattern[str]] = [
    re.compile(_NAME + r",? \(?(?i:aged?|age) " + _AGE + r"\)?"),
    re.compile(_NAME + r" \(" + _AGE + r"\)"),
    re.compile(_NAME + r", " + _AGE + r"(?:,| (?:from|of|and|who))"),
    re.compile(r"\b(?:(?:year|yr) \d{1,2} )?(?:pupils?|schoolgirl|schoolboy|school ?girl|school ?boy|youngster|"
               r"little|toddler|baby|young carer|junior|child|(?:grand)?son|(?:grand)?daughter|student) " + _NAME),
    re.compile(_NAME + r",? (?:a |our )?(?:year \d{1,2} |yr \d{1,2} |primary |nursery )?(?:pupil|schoolgirl|"
               r"schoolboy|youngster|toddler)\b"),
]
_CHILD_CONTEXT = re.compile(
    r"\b(?:aged? \d{1,2}|\d{1,2}[- ]years?[- ]old|pupils?|child(?:ren)?|kids?|school(?:girl|boy)?s?|year \d{1,2}|"
    r"young(?:ster)?s?|boys?|girls?|bab(?:y|ies)|toddlers?|juniors?|nursery|primary)\b",
    _I,
)
_LOOKED_AFTER = re.compile(
    r"\b(?:(?:our |their |her |his |a |the )?(?:foster(?:ed)?|looked[- ]after|(?:previously )?cared[- ]for|"
    r"care[- ]experienced) (?:child(?:ren)?|kids?|sons?|daughters?|boys?|girls?|bab(?:y|ies)|siblings?|"
    r"young (?:person|people)|teen(?:ager)?s?|youngsters?)|(?:child(?:ren)?|kids|young (?:people|person)|"
    r"teenagers?|youngsters?) (?:(?:currently )?in|from|leaving) (?:our |local authority |council |foster )?"
    r"care\b(?! homes?)|care leavers?)\b",
    _I,
)
_PHOTO = re.compile(r"\b(?:pictured|photo(?:graph)?s?|pics?|pictures?|images?|videos?|selfies?|snaps?)\b", _I)
_ADULT_AGE = 18


class ConsentParams(Params):
    labels: list[str] = list(LABELS)

    @field_validator("labels")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(LABELS))
        if unknown:
            raise ValueError(f"unknown label(s) {', '.join(unknown)}; choose from {', '.join(LABELS)}")
        return value


@register
class ImageConsentDetector(Detector):
    name = "consent.images"
    Params = ConsentParams

    def detect(self, doc: Document) -> list[Detection]:
        text = doc.text
        labels = set(self.params.labels)  # type: ignore[attr-defined]
        images = doc.content.images
        pictured = bool(images) or _PHOTO.search(text) is not None
        out: list[Detection] = []
        tagged = [p for img in images for p in img.tagged_people if p.strip()]
        spans = sentences(doc)
        named_children: dict[str, tuple[int, int]] = {}

        if "tagged_person" in labels:
            for img in images:
                people = [p.strip() for p in img.tagged_people if p.strip()]
                if not people:
                    continue
                where = next((f for f in (self._find(text, p) for p in people) if f), None)
                s, e = where or (0, 0)
                out.append(Detection(s, e, 0.9, "tagged_person",
                                     f"image {img.ref!r} tags {', '.join(people)}: written consent for this "
                                     "platform must be on record",
                                     {"people": ", ".join(people), "image": img.ref}))

        if "child_named" in labels:
            for person in tagged:
                found = self._find(text, person)
                if found is None:
                    continue
                i = sentence_of(spans, found[0])
                if spans and _CHILD_CONTEXT.search(text, *spans[i]):
                    named_children.setdefault(text[found[0]:found[1]], found)
            if pictured:
                for pattern in _NAMED_CHILD:
                    for m in pattern.finditer(text):
                        age = m.groupdict().get("age")
                        if age is not None and int(age) >= _ADULT_AGE:
                            continue
                        named_children.setdefault(m.group("name"), (m.start("name"), m.end("name")))
            for name, (s, e) in sorted(named_children.items(), key=lambda kv: kv[1]):
                out.append(Detection(s, e, 0.85, "child_named",
                                     f"names a child ({name}) who appears in the image; a child's name must "
                                     "never be used", {"people": name, "name": name}))

        if "looked_after_child" in labels and pictured:
            for m in _LOOKED_AFTER.finditer(text):
                out.append(Detection(m.start(), m.end(), 0.85, "looked_after_child",
                                     f"says the image shows a looked-after or foster child ({m.group(0)}); "
                                     "such images must never be posted", {"people": m.group(0)}))
        return out

    @staticmethod
    def _find(text: str, person: str) -> tuple[int, int] | None:
        """The full tagged name in the text, else its first name, else its surname (as a whole word)."""
        for candidate in (person, person.split()[0], person.split()[-1]):
            if len(candidate) < 2:
                continue
            m = re.search(r"(?<!\w)" + re.escape(candidate) + r"(?!\w)", text)
            if m:
                return m.start(), m.end()
        return None
