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
    * Ordinary nouns a pejorative adjective (or "you") turns on a person: "gobby cow", "slimy little toad",
      "sad little man"; an insult aimed by what follows it ("a clown of a councillor", "scum, every one of them");
      everyday words that are insults only after an intensifier ("you absolute melt", "a right weapon").
    * Harassing phrases (kill yourself, hope you die, piss off), abusive imperatives (do one, jog on, get to f...),
      threats and calls for violence ("I'll do you in", "someone's getting hurt", "wants a good slap") and
      sexualised remarks about a person ("can inspect my property any day", "if you know what I mean").
    * Slurs against a protected group, read from ``language.discrimination``'s lexicon (the same spans, worked out
      once per check): a slur is offensive language as well as discrimination (``include_slurs``).
    * A listed word quoted after a verb of saying or writing ("called my son 'retarded'", "graffiti calling someone
      a 'w*nker'") is a reported word, not one used; one written as a name ("Dick Whittington", "Cock Bridge",
      "Twatt") or near words of its everyday sense ("a cock pheasant", "spotted dick", "the dog's bollocks") is not
      used offensively either: each is reported below the rules' threshold, saying why (``benign``).

Confidence is the lexicon weight: mild words (hell, damn, bloody, crap, pissing) sit below 0.5, so a rule
threshold of 0.5 ignores "hell of a day", "bloody good", "pissing down", "damn fine"; insult nouns on their
own ("I felt like an idiot") are also below 0.5, aimed at someone they score 0.85-0.9.

What it misses
    * Meaning without rude words (sarcasm, most veiled threats, "you people"), insults outside the lexicon,
      creative compounds of stems other than fuck/cunt, masked words where fewer than two letters are shown
      and several lexicon words fit, and abuse in languages other than English. Hostility to a protected
      group without a slur is left to ``language.discrimination``.
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
from dataclasses import replace
from typing import Any

from pydantic import Field

from civicguard.engine.detectors.base import Detector, Document, Params
from civicguard.engine.detectors.language import _model, discrimination_lexicon
from civicguard.engine.detectors.language.offensive_lexicon import MENTION_WEIGHT, hits, load_lexicon, mentions
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
    "slur": "Slur",
}


# The discrimination lexicon's slurs reported as offensive language: those it weighs 0.8 or more. The weaker ones
# have everyday or news senses ("cripple" the verb, "jihadi" in headlines, "queer studies", a garden hoe); at 0.7
# Davidson's validation macro-F1 fell 0.2 points, at 0.8 it rose 0.05.
SLUR_MIN_WEIGHT = 0.8


class OffensiveParams(Params):
    min_weight: float = 0.0
    include_insults: bool = True
    # Slurs against a protected group (language.discrimination's lexicon) are offensive language too.
    include_slurs: bool = True
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
            if h.benign:
                explanation += f" ({h.benign}: not used offensively)"
            out.append(
                Detection(
                    start=start,
                    end=end,
                    confidence=round(h.confidence, 3),
                    label=h.label,
                    explanation=explanation,
                    attributes={"term": h.term.term, "obfuscation": ", ".join(kinds),
                                **({"benign": h.benign} if h.benign else {})},
                )
            )
        if self.p.include_slurs:
            out.extend(self._slurs(doc, out))
        if self.p.use_model:
            # The model reads the whole text and cannot tell a quoted word, a name or an everyday sense from a word
            # used offensively: those stay at their lowered weight.
            out = [replace(d, confidence=min(d.confidence, MENTION_WEIGHT)) if "benign" in d.attributes else d
                   for d in self._with_model(doc, out)]
        return out

    def _slurs(self, doc: Document, found: list[Detection]) -> list[Detection]:
        """The discrimination lexicon's slurs (its spans, memoised for the check, so no second pass) not already
        found as an offensive word; a slur quoted as reported speech is lowered like any quoted word."""
        view = deobfuscated(doc)
        quoted = mentions(view.text)
        out = []
        for s in discrimination_lexicon.spans(doc):
            if s.kind != "slur" or s.confidence < SLUR_MIN_WEIGHT:
                continue
            start, end = view.to_original(s.start, s.end)
            if any(d.start < end and start < d.end for d in found):
                continue
            conf = s.confidence
            mentioned = any(a <= s.start and s.end <= b for a, b in quoted)
            if mentioned:
                conf = min(conf, MENTION_WEIGHT)
            if conf < self.p.min_weight:
                continue
            out.append(Detection(
                start=start, end=end, confidence=round(conf, 3), label="slur",
                explanation=f"Slur: '{s.term}' (offensive as well as discriminatory)",
                attributes={"term": s.term, "obfuscation": ", ".join(
                    _obfuscation_kinds(doc.text[start:end], view.text[s.start : s.end])),
                    **({"benign": "quoted"} if mentioned else {})},
            ))
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
