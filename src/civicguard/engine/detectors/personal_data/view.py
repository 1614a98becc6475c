"""The one text every personal-data recogniser reads: the unhidden view of the content (zero-width characters,
soft hyphens, fullwidth digits and look-alike letters undone; `civicguard.engine.normalise.unhide`), with its
spaCy parse. Spans found in it are mapped back to the original text with `Normalised.to_original`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from civicguard.engine.nlp import pipeline, spacy_doc
from civicguard.engine.normalise import Normalised, unhidden

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from civicguard.engine.detectors.base import Document

# The memo key of the parse of the unhidden text, when it differs from the original (rare: most posts hide
# nothing, and then the check's one shared parse is used).
UNHIDDEN_SPACY_MEMO = "spacy.unhidden"


def personal_view(doc: Document) -> tuple[Normalised, Doc]:
    view = unhidden(doc)
    if view.text == doc.text:
        return view, spacy_doc(doc)
    return view, doc.memo(UNHIDDEN_SPACY_MEMO, lambda: pipeline()(view.text))
