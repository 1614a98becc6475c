"""`language.offensive`: offensive, abusive, harassing and sexual language, robust to disguise.

What it catches
    * Profanity, vulgar insults and sexual terms from the project's own lexicon (``lexicon/offensive.yaml``),
      matched as whole words on the de-obfuscated view (:mod:`civicguard.engine.normalise`), so leetspeak
      (``w4nkers``, ``sh!t``, ``$hit``), repeated letters (``fuuuuck``), spaced letters (``c u n t``,
      ``f.u.c.k``), zero-width characters, homoglyphs (Cyrillic ``ѕһіt``, fullwidth ``Ｆｕｃｋ``) and masked letters
      (``f*ck``, ``f**k``, ``c*nt``, ``sh_t``: each mask stands for one letter of a lexicon word of the same shape)
      are all seen. Hashtags (``#fuckthecouncil``) and compounds of the safest stems (``fuck…``, ``cunt…``) too.
    * Insults aimed at a person: an insult noun (idiot, moron, clowns, numpty...) after a target cue ("you",
      "is a", "are", "run by", "bunch of", "what a"...), with any sharpening adjectives in the span
      ("my manager Gary is a useless idiot" -> ``useless idiot``); and insulting adjectives said of a person
      ("you're useless", "she's thick").
    * Harassing phrases (kill yourself, hope you die, piss off...).

Confidence is the lexicon weight: mild words (hell, damn, bloody, crap, pissing) sit below 0.5, so a rule
threshold of 0.5 ignores "hell of a day", "bloody good", "pissing down", "damn fine"; insult nouns on their
own ("I felt like an idiot") are also below 0.5, aimed at someone they score 0.85-0.9.

What it misses
    * Meaning without rude words (sarcasm, veiled threats, "you people"), insults outside the lexicon,
      creative compounds of stems other than fuck/cunt, masked words where fewer than two letters are shown
      and several lexicon words fit, and abuse in languages other than English. Slurs against protected
      groups are left to ``language.discrimination``.
    * Benign look-alikes are protected by whole-word matching (Scunthorpe, Sussex, Essex, Middlesex,
      cocktail, Cockermouth, Penistone, assessment, therapist, grape), but a rude word used innocently
      ("a cock pheasant", "blue tits") is still reported at its lexicon weight.

Measured (tests/engine/detectors/language/test_offensive.py): every listed obfuscation and look-alike case
passes; 0.15-0.6 ms per 280-character post (the higher figure for a post dense with disguised words),
including building the shared de-obfuscated view, measured on a loaded two-core machine.

The lexicon and its matching live in ``offensive_lexicon``; ``_model`` joins them to the trained model; this module
only turns hits into detections (imports run one way: lexicon, model glue, detector).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from pydantic import Field

from civicguard.engine.detectors.base import Detector, Document, Params
from civicguard.engine.detectors.language import _model
from civicguard.engine.detectors.language.offensive_lexicon import hits, load_lexicon
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import Detection
from civicguard.engine.normalise import MASK_CHARS, deobfuscated

_LEET_ORIGINALS = frozenset("0134578@$!|€£")
_SEPARATORS = frozenset(" .-")
_TRIPLE = re.compile(r"(\w)\1\1")


def _obfuscation_kinds(original: str, view_token: str) -> list[str]:
    kinds: list[str] = []
    if any(c in MASK_CHARS for c in view_token):
        kinds.append("masked letters")
    if any(c in _LEET_ORIGINALS for c in original):
        kinds.append("leetspeak")
    if any(unicodedata.category(c) == "Cf" or c == "\u00ad" for c in original):
        kinds.append("invisible characters")
    if any(not c.isascii() and c.isalpha() for c in original):
        kinds.append("look-alike characters")
    letters = [c for c in original if c.isalpha()]
    if len(letters) >= 2 and any(c in _SEPARATORS for c in original.strip()) and " " not in view_token:
        kinds.append("spaced-out letters")
    if _TRIPLE.search(original.lower()):
        kinds.append("repeated letters")
    return kinds


_LABEL_TEXT = {
    "profanity": "Profanity",
    "insult": "Insult",
    "sexual": "Sexual language",
    "harassment": "Harassing language",
}


class OffensiveParams(Params):
    min_weight: float = 0.0
    include_insults: bool = True
    # Combine with the trained model (engine/textmodel.py): confidences become calibrated probabilities and
    # offensive wording outside the lexicon is reported too. Off only for training and diagnosis.
    use_model: bool = True
    # The share of offensive items in the traffic checked: confidences are probabilities at this base rate
    # (a pack can set it per rule; see engine/textmodel.py calibrated()). None keeps the training data's rate.
    base_rate: float | None = Field(default=0.3, gt=0, lt=1)
    # A model-only detection (no listed word) below this probability is not reported at all.
    report_floor: float = Field(default=0.25, ge=0, le=1)




@register
class OffensiveLanguage(Detector):
    name = "language.offensive"
    Params = OffensiveParams
    timeout = 2.0

    def __init__(self, params: OffensiveParams) -> None:
        super().__init__(params)
        self.p = params
        load_lexicon()  # compiled now, not within the first check's time limit

    def prepare_batch(self, texts: Sequence[str], memos: Sequence[dict[str, Any]]) -> None:
        if self.p.use_model:
            _model.prepare_models(texts, memos)

    def warm_up(self) -> None:
        if self.p.use_model:
            _model.warm_model()

    def detect(self, doc: Document) -> list[Detection]:
        view = deobfuscated(doc)
        out: list[Detection] = []
        for h in hits(doc):
            if h.confidence < self.p.min_weight:
                continue
            if h.label == "insult" and h.term.insult and not self.p.include_insults:
                continue
            start, end = view.to_original(h.start, h.end)
            # Trim separators that a joined span may carry at its edges.
            while start < end and doc.text[start] in " .-":
                start += 1
            while end > start and doc.text[end - 1] in " .-":
                end -= 1
            word_start = start
            if h.label == "insult":
                # The obfuscation belongs to the insulting word, not its adjectives.
                tok_start = view.text.rfind(" ", h.start, h.end)
                if tok_start >= 0:
                    word_start = view.to_original(tok_start + 1, h.end)[0]
            kinds = _obfuscation_kinds(doc.text[word_start:end], view.text[h.start : h.end])
            what = _LABEL_TEXT.get(h.label, h.label.capitalize())
            if h.label == "profanity" and h.confidence < 0.5:
                what = "Mild language"
            explanation = f"{what}: '{h.term.term}'"
            if kinds:
                explanation += f" (disguised with {', '.join(kinds)})"
            out.append(
                Detection(
                    start=start,
                    end=end,
                    confidence=round(h.confidence, 3),
                    label=h.label,
                    explanation=explanation,
                    attributes={"term": h.term.term, "obfuscation": ", ".join(kinds)},
                )
            )
        if self.p.use_model:
            out = self._with_model(doc, out)
        return out

    def _with_model(self, doc: Document, found: list[Detection]) -> list[Detection]:
        def model_only(start: int, end: int, p: float) -> Detection:
            return Detection(
                start=start, end=end, confidence=round(p, 3), label="model",
                explanation=f"Offensive or abusive in tone (trained model, probability {p:.2f}); no listed word",
                attributes={"term": "the wording as a whole", "obfuscation": ""},
            )

        # Listed words found but filtered out by this rule's parameters still keep the model quiet: it only
        # speaks for offensive wording the lexicon does not list.
        return _model.combine(doc, found, "offensive", self.p.base_rate, self.p.report_floor,
                              lambda d: ([d.confidence], None), bool(_model.lexicon_weights(doc)[0]), model_only)
