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
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field

from civicguard.engine.detectors.base import Detector, Document, Params
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import Detection
from civicguard.engine.normalise import MASK_CHARS, Normalised, deobfuscated

LEXICON_PATH = Path(__file__).with_name("lexicon") / "offensive.yaml"

_TOKEN = re.compile(r"(?<![a-z0-9])[a-z][a-z*#_]*")
_LEET_ORIGINALS = frozenset("0134578@$!|€£")
_SEPARATORS = frozenset(" .-")
_TRIPLE = re.compile(r"(\w)\1\1")


@dataclass(frozen=True)
class Term:
    term: str
    label: str
    weight: float
    prefix: bool = False
    insult: bool = False  # context-dependent insult noun (weight is then the weight alone)


@dataclass(frozen=True)
class _Hit:
    start: int  # in the normalised view
    end: int
    term: Term
    masked: bool
    confidence: float
    label: str


_DOUBLED = re.compile(r"([a-z])\1+")


def _squeeze(word: str) -> str:
    return _DOUBLED.sub(r"\1", word)


class Lexicon:
    """The offensive lexicon compiled for fast lookup."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.exact: dict[str, Term] = {}
        self.squeezed: dict[str, Term] = {}
        self.prefixes: list[tuple[str, Term]] = []
        self.by_shape: dict[tuple[int, str], list[tuple[str, Term]]] = {}
        multi: list[tuple[str, Term]] = []

        def add(form: str, term: Term) -> None:
            form = form.lower().strip()
            if not re.fullmatch(r"[a-z]+", form):
                multi.append((form, term))
                return
            current = self.exact.get(form)
            if current is None or current.weight < term.weight:
                self.exact[form] = term
            sq = _squeeze(form)
            if len(sq) >= 4 and sq not in self.squeezed:
                self.squeezed[sq] = term
            if not term.insult:
                self.by_shape.setdefault((len(form), form[0]), []).append((form, term))

        for entry in raw.get("terms", []):
            term = Term(str(entry["term"]), str(entry["label"]), float(entry["weight"]), bool(entry.get("prefix")))
            for form in [term.term, *entry.get("forms", [])]:
                add(str(form), term)
            if term.prefix:
                self.prefixes.append((term.term, term))
        for entry in raw.get("insults", []):
            term = Term(str(entry["term"]), "insult", float(entry["weight_alone"]), insult=True)
            for form in [term.term, *entry.get("forms", [])]:
                add(str(form), term)
        self.multi_terms = {form: term for form, term in multi}
        self.multi = (
            re.compile(r"(?<![a-z])(" + "|".join(re.escape(f) for f, _ in sorted(multi, key=lambda x: -len(x[0])))
                       + r")(?![a-z])")
            if multi else None
        )
        self.adjectives = frozenset(str(a) for a in raw.get("adjectives", []))
        ins_adj = sorted((str(a) for a in raw.get("insulting_adjectives", [])), key=len, reverse=True)
        # All phrases in one alternation (one pass over the text); the named group says which matched.
        self.phrase_terms: dict[str, Term] = {}
        alternatives = []
        for i, entry in enumerate(raw.get("phrases", [])):
            self.phrase_terms[f"p{i}"] = Term(str(entry["term"]), str(entry["label"]), float(entry["weight"]))
            alternatives.append(f"(?P<p{i}>{entry['pattern']})")
        self.phrases = re.compile("|".join(alternatives)) if alternatives else None
        adj = "|".join(re.escape(a) for a in ins_adj)
        intens = r"(?:(?:so|such|really|very|completely|totally|utterly|absolutely|fucking|bloody|just|a|an)\s+)*"
        self.adjective_insult = re.compile(
            r"\b(?P<who>you(?:'re|re| are)|ur|u r|you lot are|(?:he|she)(?:'s| is)|they(?:'re| are))\s+"
            + intens + r"(?P<adj>" + adj + r")\b"
        )

    def lookup(self, token: str, alt: str | None = None) -> tuple[Term, bool] | None:
        """The term for a token (``alt`` is the token with ambiguous leet ``1``/``|`` read as ``l``)."""
        for cand in (token, alt):
            if cand is None:
                continue
            term = self.exact.get(cand)
            if term is None:
                term = self.squeezed.get(_squeeze(cand) if _DOUBLED.search(cand) else cand)
            if term is not None:
                return term, False
        if "*" in token or "#" in token or "_" in token:
            return self._masked(token)
        for stem, term in self.prefixes:
            if token.startswith(stem):
                return term, False
        return None

    def _masked(self, token: str) -> tuple[Term, bool] | None:
        token = token.rstrip("_#")
        if not token or not token[0].isalpha():
            return None
        shown = sum(1 for c in token if c.isalpha())
        if shown == len(token):
            return None
        best: Term | None = None
        count = 0
        for form, term in self.by_shape.get((len(token), token[0]), ()):
            if all(t == f or t in MASK_CHARS for t, f in zip(token, form, strict=True)):
                count += 1
                if best is None or term.weight > best.weight:
                    best = term
        if best is None or (shown < 2 and count > 1):
            return None
        return best, True


@lru_cache(maxsize=1)
def load_lexicon(path: str = str(LEXICON_PATH)) -> Lexicon:
    with open(path, encoding="utf-8") as fh:
        raw = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return Lexicon(raw)


# Cues before an insult noun phrase that aim it at a person.
_TARGET_BEFORE = re.compile(
    r"(?:\byou(?:'re|re| are| lot| lot of| bunch of)?|\bur|\bu|\bya|\bwhat an?|\bsuch an?|\bbunch of|\bload of"
    r"|\bpack of|\bset of|\bband of|\bgang of|\brun by|\bled by|\bmanaged by|\bstaffed by|\bfull of"
    r"|\b(?:is|are|was|were|be|being|'s|'re)(?: (?:an?|such an?|the|all|just|nothing but|a bunch of|a load of))?"
    r"|\bcalled (?:him|her|them|you|me) an?|\bthese|\bthose|\bcomplete|\btotal|\babsolute|\butter)\s+$"
)
_SELF_BEFORE = re.compile(
    r"\b(?:i(?:'m| am| was| feel| felt| feel like| felt like)|i'm|me|myself|like an?)\b[^.!?]{0,25}$"
)


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


HITS_MEMO = "language.offensive.hits"  # the memo key of a text's lexicon hits (the same for every rule)


@register
class OffensiveLanguage(Detector):
    name = "language.offensive"
    Params = OffensiveParams
    timeout = 2.0

    def __init__(self, params: OffensiveParams) -> None:
        super().__init__(params)
        self.p = params
        self.lexicon = load_lexicon()

    def hits(self, doc: Document) -> list[_Hit]:
        """Every lexicon hit in `doc`, before this rule's filters. They depend on the lexicon only, so they are
        worked out once per check and shared by every rule using this detector and by the model's stacker."""
        return doc.memo(HITS_MEMO, lambda: self._hits(doc.text, deobfuscated(doc)))

    def prepare_batch(self, texts: Sequence[str], memos: Sequence[dict[str, Any]]) -> None:
        if self.p.use_model:
            from civicguard.engine.detectors.language._model import prepare_models  # imported late: a cycle

            prepare_models(texts, memos)

    def warm_up(self) -> None:
        if self.p.use_model:
            from civicguard.engine.detectors.language._model import warm_model  # imported late: a cycle

            warm_model()

    def detect(self, doc: Document) -> list[Detection]:
        view = deobfuscated(doc)
        hits = self.hits(doc)
        out: list[Detection] = []
        for h in hits:
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
        from civicguard.engine.detectors.language import _model

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

    # ----------------------------------------------------------------------------------------------- matching

    def _hits(self, original: str, view: Normalised) -> list[_Hit]:
        lex = self.lexicon
        text = view.text
        hits: list[_Hit] = []
        taken: list[tuple[int, int]] = []
        if lex.multi is not None:
            for m in lex.multi.finditer(text):
                term = lex.multi_terms[m.group(1)]
                hits.append(self._make(text, m.start(1), m.end(1), term, False))
                taken.append((m.start(1), m.end(1)))
        for m in _TOKEN.finditer(text):
            token = m.group()
            s, e = m.start(), m.end()
            if taken and any(a <= s < b for a, b in taken):
                continue
            stripped = token.rstrip("_#")
            e -= len(token) - len(stripped)
            found = lex.lookup(stripped)
            if found is None and "i" in stripped:
                alt = self._leet_l(original, view, s, stripped)
                if alt is not None:
                    found = lex.lookup(stripped, alt)
            if found is None:
                continue
            term, masked = found
            hits.append(self._make(text, s, e, term, masked))
        if lex.phrases is not None:
            for m in lex.phrases.finditer(text):
                term = lex.phrase_terms[m.lastgroup or ""]
                hits.append(_Hit(m.start(), m.end(), term, False, term.weight, term.label))
        for m in lex.adjective_insult.finditer(text):
            term = Term(m.group("adj"), "insult", 0.8, insult=True)
            conf = 0.8 if m.group("who").startswith(("you", "u")) else 0.6
            hits.append(_Hit(m.start("adj"), m.end("adj"), term, False, conf, "insult"))
        return _dedupe(hits)

    def _leet_l(self, original: str, view: Normalised, start: int, token: str) -> str | None:
        """The token with each ``i`` that was written ``1``, ``|`` or ``!`` read as ``l`` instead."""
        if "i" not in token:
            return None
        chars = list(token)
        changed = False
        for k, c in enumerate(chars):
            if c == "i" and original[view.offsets[start + k]] in "1|":
                chars[k] = "l"
                changed = True
        return "".join(chars) if changed else None

    def _make(self, text: str, start: int, end: int, term: Term, masked: bool) -> _Hit:
        conf = term.weight
        label = term.label
        if label == "insult":
            start, n_adj = self._extend_adjectives(text, start)
            if term.insult:
                before = text[max(0, start - 40) : start]
                after = text[end : end + 1]
                if after == "-":  # "idiot-proof"
                    conf = min(conf, 0.3)
                elif _SELF_BEFORE.search(before) and not re.search(r"\byou\b", before[-15:]):
                    conf = min(conf, 0.4)
                elif _TARGET_BEFORE.search(before):
                    conf = 0.9 if n_adj else 0.85
                elif n_adj:
                    conf = max(conf, 0.6)
            elif n_adj:
                conf = min(0.95, conf + 0.03)
        if masked:
            conf = max(0.0, conf - 0.05)
        return _Hit(start, end, term, masked, conf, label)

    def _extend_adjectives(self, text: str, start: int) -> tuple[int, int]:
        """Move `start` back over sharpening adjectives ("useless", "stupid") before an insult."""
        n = 0
        while True:
            m = re.search(r"([a-z-]+)[ ,]+$", text[max(0, start - 25) : start])
            if not m or m.group(1) not in self.lexicon.adjectives:
                return start, n
            start = start - (len(m.group(0)))
            n += 1


def _dedupe(hits: list[_Hit]) -> list[_Hit]:
    """Drop hits wholly inside a stronger (or equal, longer) hit; keep the rest in text order."""
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[_Hit] = []
    for h in hits:
        inside = any(
            k.start <= h.start and h.end <= k.end and k.confidence >= h.confidence and k is not h for k in kept
        )
        if inside:
            continue
        kept = [
            k for k in kept
            if not (h.start <= k.start and k.end <= h.end and h.confidence >= k.confidence)
        ]
        kept.append(h)
    return sorted(kept, key=lambda h: h.start)
