"""The one text every personal-data recogniser reads: the unhidden view of the content (zero-width characters,
soft hyphens, fullwidth digits and look-alike letters undone; `civicguard.engine.normalise.unhide`), with its
spaCy parse. Spans found in it are mapped back to the original text with `Normalised.to_original`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from civicguard.engine.nlp import parsing_is_deferred, pipeline, prepare_parses, spacy_doc
from civicguard.engine.normalise import UNHIDDEN_MEMO, Normalised, unhidden, unhide

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


def prepare_view_parses(texts: Sequence[str], memos: Sequence[dict[str, Any]]) -> None:
    """What `personal_view` reads, for a whole batch: each text's parse, and the parse of its unhidden view where
    that differs (an emoji's variation selector is enough), each set in one `nlp.pipe` pass rather than one parse
    a text during the checks."""
    prepare_parses(texts, memos)
    if parsing_is_deferred():
        return
    views = []
    for text, memo in zip(texts, memos, strict=True):
        if UNHIDDEN_MEMO not in memo:
            memo[UNHIDDEN_MEMO] = unhide(text)
        views.append(memo[UNHIDDEN_MEMO])
    differ = [i for i, (text, view) in enumerate(zip(texts, views, strict=True)) if view.text != text]
    prepare_parses([views[i].text for i in differ], [memos[i] for i in differ], key=UNHIDDEN_SPACY_MEMO)
