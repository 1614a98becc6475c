"""`consent.images`: images of people need consent on record; children's names and looked-after children
never appear (St Helens 5.2, 6.20; Sefton 5.3b, 5.5.2.1, 5.5.4.8, 5.5.4.10).

Reads the post's text and what the consent register says of each person tagged in its images
(`ImageRef.people()`: `ImageTag`; a caller with only typed names gets tags with kind and consent "unknown").
Labels (choose with ``Params.labels``):

* ``tagged_person``: one per attached image that tags people the register was not asked about (consent
  "unknown": names typed at the command line or by an API caller); attributes ``people``, a comma list, and
  ``image``. People the register answered for are `images.faces`' business (valid consent needs no reminder;
  missing, expired, withdrawn or another platform's consent is its ``consent_refused``). The span is the first
  tagged name (or first name) found in the text, else 0,0. The rule decides on which channels this matters.
* ``child_named``: the text names a child who is in the picture: a person the register tags as a child (kind
  "child"), by full name, first name or surname, in the text (span: the name) or in an image's alt text (span
  0,0; published with the image, so the name goes out with it: Sefton 5.5.4.8); a name typed without the
  register (kind "unknown") that the text places among children ("pupils", "year 6", "aged 7", "kids"; never
  a person the register says is staff or an adult member of the public); or a named child in the text ("Jayden, aged 7",
  "Sophie (9)", "pupil Sophie", "little Jayden", "year 5 pupil Amir") when the content has an image or the text
  speaks of one ("pictured", "photo"). Attributes ``name`` (as written), ``people``.
* ``child_no_public_display``: a tagged child (not looked after: that is the next label) with no separate,
  specific permission for public display on the register (`public_display`; Sefton 5.5.4.8). Attributes
  ``name``, ``image``, ``picture``. Span 0,0.
* ``looked_after_tagged``: a tagged person the register flags as a fostered, looked-after or previously
  looked-after child (`looked_after`): no image of them goes on social media whatever else is recorded (Sefton
  5.5.4.10). The rule marks it `overridable: false`. Attributes ``name``, ``image``, ``picture``. Span 0,0.
* ``looked_after_child``: the text says the picture shows a foster, looked-after or (previously) cared-for
  child ("our foster children", "young people in care"), with an image attached or a photo mentioned.
  Span: the phrase.

Not fired by an adult named in the text ("Meet our apprentice of the year, Sophie!"), by foster carer
recruitment without children ("Could you be a foster carer?") or by text with no image and no photo
words.

Misses: a child's age or status given only in the image when nobody tagged them from the register, names in
lower case (a tagged child's full name is matched in any case; a first name or surname alone only as written,
so "summer" in "summer fun day" is not taken for a child called Summer), untagged children named by surname
only, nicknames, and "in care" phrasing about adults that happens to sit next to a photo ("residents in care
homes" is excluded, other wordings may slip through). False alarms: a tagged child's first name or surname
that belongs to someone else in the text ("Cllr Smith" beside a tagged child called Smith): the finding says
which tagged child it took it for.
"""

from __future__ import annotations

import re

from civicguard.engine.detectors.base import Detector, Document, LabelledParams
from civicguard.engine.detectors.conduct._text import sentence_of, sentences
from civicguard.engine.detectors.images.faces import picture_name
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import Detection, ImageRef

_I = re.IGNORECASE
LABELS = ("tagged_person", "child_named", "child_no_public_display", "looked_after_tagged", "looked_after_child")

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


class ConsentParams(LabelledParams):
    LABELS = LABELS
    labels: list[str] = list(LABELS)


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
        people = [(i, img, tag) for i, img in enumerate(images) for tag in img.people()]
        spans = sentences(doc)
        named_children: dict[str, tuple[int, int, str]] = {}

        if "tagged_person" in labels:
            for img in images:
                unasked = [t.name for t in img.people() if t.consent == "unknown"]
                if not unasked:
                    continue
                where = next((f for f in (self._find(text, p) for p in unasked) if f), None)
                s, e = where or (0, 0)
                out.append(Detection(s, e, 0.9, "tagged_person",
                                     f"image {img.ref!r} tags {', '.join(unasked)}: written consent for this "
                                     "platform must be on record",
                                     {"people": ", ".join(unasked), "image": img.ref}))

        if "child_named" in labels:
            children_checked: set[str] = set()
            for _, _img, tag in people:
                found = self._find(text, tag.name, full_any_case=tag.kind == "child")
                if found is None:
                    if tag.kind == "child" and tag.name.casefold() not in children_checked:
                        children_checked.add(tag.name.casefold())
                        out.extend(self._in_alt_text(images, tag.name))
                    continue
                if tag.kind == "child":
                    named_children.setdefault(text[found[0]:found[1]], (*found, tag.name))
                    continue
                if tag.kind != "unknown":  # the register says an adult (staff or public): not a child
                    continue
                i = sentence_of(spans, found[0])
                if spans and _CHILD_CONTEXT.search(text, *spans[i]):
                    named_children.setdefault(text[found[0]:found[1]], (*found, tag.name))
            if pictured:
                for pattern in _NAMED_CHILD:
                    for m in pattern.finditer(text):
                        age = m.groupdict().get("age")
                        if age is not None and int(age) >= _ADULT_AGE:
                            continue
                        named_children.setdefault(m.group("name"), (m.start("name"), m.end("name"), ""))
            for name, (s, e, tagged) in sorted(named_children.items(), key=lambda kv: kv[1]):
                why = f" (taken for {tagged}, tagged in the image)" if tagged and tagged != name else ""
                out.append(Detection(s, e, 0.85, "child_named",
                                     f"names a child ({name}){why} who appears in the image; a child's name must "
                                     "never be used", {"people": name, "name": name}))

        for i, img, tag in people:
            picture = picture_name(i, img)
            about = {"name": tag.name, "image": img.ref, "picture": picture}
            if tag.looked_after:
                if "looked_after_tagged" not in labels:
                    continue
                out.append(Detection(0, 0, 1.0, "looked_after_tagged",
                                     f"{tag.name}, tagged in {picture}, is a looked-after or previously "
                                     "looked-after child on the consent register: no image of them may go on "
                                     "social media", about))
            elif tag.kind == "child" and not tag.public_display and "child_no_public_display" in labels:
                out.append(Detection(0, 0, 1.0, "child_no_public_display",
                                     f"{tag.name}, tagged in {picture}, is a child with no separate permission "
                                     "for public display on the consent register", about))

        if "looked_after_child" in labels and pictured:
            for m in _LOOKED_AFTER.finditer(text):
                out.append(Detection(m.start(), m.end(), 0.85, "looked_after_child",
                                     f"says the image shows a looked-after or foster child ({m.group(0)}); "
                                     "such images must never be posted", {"people": m.group(0)}))
        return out

    @classmethod
    def _in_alt_text(cls, images: tuple[ImageRef, ...], child: str) -> list[Detection]:
        """A tagged child's name in an image's description (alt text), which is published with the image."""
        out = []
        for i, img in enumerate(images):
            found = cls._find(img.alt_text, child, full_any_case=True)
            if found is not None:
                name = img.alt_text[found[0]:found[1]]
                out.append(Detection(0, 0, 0.85, "child_named",
                                     f"the description (alt text) of {picture_name(i, img)} names a child "
                                     f"({name}) tagged in the image; a child's name must never be used",
                                     {"people": name, "name": name}))
        return out

    @staticmethod
    def _find(text: str, person: str, *, full_any_case: bool = False) -> tuple[int, int] | None:
        """The full tagged name in the text (in any case when `full_any_case`), else its first name, else its
        surname (as a whole word, as written)."""
        parts = person.split()
        if not parts:
            return None
        if full_any_case:
            m = re.search(r"(?<!\w)" + r"\s+".join(map(re.escape, parts)) + r"(?!\w)", text, _I)
            if m:
                return m.start(), m.end()
        for candidate in (person, parts[0], parts[-1]):
            if len(candidate) < 2:
                continue
            m = re.search(r"(?<!\w)" + re.escape(candidate) + r"(?!\w)", text)
            if m:
                return m.start(), m.end()
        return None
