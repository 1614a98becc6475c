"""`images.people_personal`: an employee's personal post showing recognisable people needs Corporate
Communications' permission on record (Sefton 5.5.2.2: never post images of members of the public or colleagues on
one's own accounts, in a professional capacity, without Corporate Communications' permission after advice from
Corporate Legal Services).

For each attached image: the people in it are the faces found (`ImageFacts.faces`, shared with `images.faces`
through the per-check memo) or, when more people are tagged than faces found, the tagged people (the face detector
misses turned and small faces; a tag is someone the author says is there). Corporate Communications' permission is
read from the consent register: a tag with `comms_permission` covers one person. Labels:

* ``needs_permission``: more people in the image than tags with that permission. Attributes: ``image``,
  ``picture`` ("image 1 (team.jpg)"), ``people``, ``permitted``, ``without`` (how many lack it), ``people_text``
  ("2 recognisable people"), ``permitted_text`` ("no one in it has" / "only 1 of them has") and ``names`` (the
  tagged people without permission, ", " joined; empty when only untagged faces lack it).
* ``unreadable``: the image could not be decoded or analysed, so nobody knows whether it shows people; a person
  must look (fail closed).

Out of reach: whether the author posts in a professional or a private capacity (5.5.2.3: a photograph taken in a
private capacity is outside the policy), and whether the post re-shares an official council post (allowed by
5.5.2.2): the rule's message says both. The misses and false alarms of the face count are those of
`images.faces` (data/images/faces/RESULTS.md).
"""

from __future__ import annotations

from civicguard.engine.detectors.base import Detector, Document, LabelledParams
from civicguard.engine.detectors.images.faces import image_facts, people_words, picture_name, unreadable
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import Detection

LABELS = ("needs_permission", "unreadable")


class PeoplePersonalParams(LabelledParams):
    LABELS = LABELS
    labels: list[str] = list(LABELS)
    # Faces with a cascade score under this are not counted (0: every face the cascades keep).
    min_score: float = 0.0


@register
class PeoplePersonalDetector(Detector):
    name = "images.people_personal"
    Params = PeoplePersonalParams
    timeout = 20.0

    def detect(self, doc: Document) -> list[Detection]:
        p = self.params
        assert isinstance(p, PeoplePersonalParams)
        labels = set(p.labels)
        out: list[Detection] = []
        for i, image in enumerate(doc.content.images):
            # One person tagged twice is one person (the register's tags carry names, not identities).
            tags = {t.name.strip().casefold(): t for t in image.people()}.values()
            without = [t.name for t in tags if not t.comms_permission]
            permitted = len(tags) - len(without)
            facts = image_facts(doc, i, image)
            readable = facts.ok and facts.faces is not None
            if not readable and "unreadable" in labels:
                out.append(unreadable(i, image, facts))
            faces = [f for f in facts.faces or () if f.score >= p.min_score] if readable else []
            # Unreadable: only the tagged people are known to be there.
            people = max(len(faces), len(tags))
            if people <= permitted or "needs_permission" not in labels:
                continue
            picture = picture_name(i, image)
            permitted_text = ("no one in it has" if permitted == 0 else
                              f"only {permitted} of them " + ("has" if permitted == 1 else "have"))
            out.append(Detection(
                0, 0, 0.8, "needs_permission",
                f"{picture} shows {people_words(people)}; Corporate Communications' permission is on record for "
                f"{permitted}" + (f" (not for {', '.join(without)})" if without else ""),
                {"image": image.ref, "picture": picture, "people": str(people), "permitted": str(permitted),
                 "without": str(people - permitted),
                 "people_text": people_words(people, "recognisable person", "recognisable people"),
                 "permitted_text": permitted_text, "names": ", ".join(without)}))
        return out
