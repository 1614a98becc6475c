"""The offensive lexicon (``lexicon/offensive.yaml``, the project's own) and how it is matched.

:class:`Lexicon` compiles the YAML for fast lookup and finds every hit in a text's de-obfuscated view
(:mod:`civicguard.engine.normalise`): whole words, masked letters, compounds of the safest stems, multi-word
terms, harassing phrases, insult nouns with the cues that aim them at a person, insulting adjectives said of a
person, and ordinary nouns a pejorative adjective makes an insult ("gobby cow"). A word quoted after a verb of
saying or writing ("called him a 'w*nker'", "sprayed 'F*** THE FEDS'"), written as a name ("Dick Whittington") or
near words of its everyday sense ("a cock pheasant") is not used offensively: it stays below the rules' threshold.
:func:`hits` memoises one text's hits per check, so every rule using ``language.offensive`` and the model's
stacker (``_model.lexicon_weights``) share one pass. This module knows no detector and no model: the model glue
(``_model``) and the detector (``offensive``) sit on top of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from civicguard.engine.detectors.base import Document
from civicguard.engine.normalise import MASK_CHARS, Normalised, deobfuscated

LEXICON_PATH = Path(__file__).with_name("lexicon") / "offensive.yaml"
HITS_MEMO = "language.offensive.hits"  # the memo key of a text's lexicon hits (the same for every rule)

_TOKEN = re.compile(r"(?<![a-z0-9])[a-z][a-z*#_]*")

# Cues before an insult noun phrase that aim it at a person.
_TARGET_BEFORE = re.compile(
    r"(?:\byou(?:'re|re| are| lot| lot of| bunch of)?|\bur|\bu|\bya|\bye|\byous|\byouse|\bright|\bwhat an?|\bsuch an?"
    r"|\bbunch of|\bload of"
    r"|\bpack of|\bset of|\bband of|\bgang of|\brun by|\bled by|\bmanaged by|\bstaffed by|\bfull of"
    r"|\b(?:is|are|was|were|be|being|'s|'re)(?: (?:an?|such an?|the|all|just|nothing but|a bunch of|a load of))?"
    r"|\bcalled (?:him|her|them|you|me) an?|\bthese|\bthose|\bcomplete|\btotal|\babsolute|\butter)\s+$"
)
# The only cues that aim a `strict` insult (an everyday word: "you absolute melt", "a right weapon", never "a tuna
# melt" or "a knife is a weapon").
_STRICT_BEFORE = re.compile(r"\b(?:you|ya|ye|u|absolute|right|total|complete|utter|proper|what an?)\s+$")
# Cues after an insult noun that aim it: "a clown of a councillor", "parasites, the lot of them".
_PERSON_NOUNS = (r"(?:man|woman|men|women|human(?: being)?|person|people|bloke|lad|lass|fella|councillor|council|mayor"
                 r"|officer|manager|boss|mp|leader|chairman|chair|mother|father|parent|neighbour|landlord)")
_TARGET_AFTER = re.compile(
    r"^(?: of an? " + _PERSON_NOUNS + r"\b|,? (?:the (?:whole )?lot of (?:them|em|'em|you|ye|yous|youse)"
    r"|every (?:last |single )?one of (?:them|em|'em|you|ye)|all of (?:them|you|ye)|the pair of (?:them|you|ye)))"
)
# A quoted word is mentioned, not used, when a verb of saying or writing (or "the word") comes shortly before the
# quote: "called my son 'retarded'", "the graffiti calling someone a 'w*nker'", "in your words, 'crap'".
_QUOTED = re.compile(r"(?<![a-z0-9])(['\"])([^'\"\n]{1,80}?)\1(?![a-z0-9])")
# (Not "said", "like" or "as": a tweet quoting its own abuse, '12 was like "blocked b*tch"', uses it.)
_MENTION_CUE = re.compile(
    r"\b(?:call(?:ed|ing)?|shout(?:ed|ing)|scream(?:ed|ing)|chant(?:ed|ing)|spray(?:ed|ing)|spray-painted|painted"
    r"|daubed|scrawled|written|graffiti|slogan|words|described|label(?:l)?ed|branded)\b[^'\"]{0,35}$"
)
_MENTION_AFTER = re.compile(
    r"^\W{0,3}(?:(?:was|were|is|got|gets|being) (?:thrown|shouted|yelled|screamed|used|said|written|sprayed|painted"
    r"|scrawled|called)|sprayed|written|painted|scrawled|daubed|on (?:the|a|our) (?:wall|sign|door))\b")

_SELF_BEFORE = re.compile(
    r"\b(?:i(?:'m| am| was| feel| felt| feel like| felt like)|i'm|me|myself|like an?)\b[^.!?]{0,25}$"
)


@dataclass(frozen=True)
class Term:
    term: str
    label: str
    weight: float
    prefix: bool = False
    insult: bool = False  # context-dependent insult noun (weight is then the weight alone)
    strict: bool = False  # an everyday word that only an intensifier or "you" aims (see _STRICT_BEFORE)
    name: bool = False  # also a name ("Dick Whittington", "Cock Bridge"): not reported when written as one


@dataclass(frozen=True)
class Hit:
    start: int  # in the normalised view
    end: int
    term: Term
    masked: bool
    confidence: float
    label: str
    benign: str = ""  # why a listed word is not used offensively here: "quoted", "everyday sense", "a name"


_DOUBLED = re.compile(r"([a-z])\1+")
# A capitalised word beside the token, as in a name: "Dick Whittington", "Moby Dick", "Cock Bridge", "Doreen Cumming".
_NAME_NEXT = re.compile(r"(?:'s)?[ -][A-Z][a-z]")
_NAME_PREV = re.compile(r"[a-z,;:(] [A-Z][a-z]+[ -]$")


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

        # A term's `not_near` (an everyday sense: a cock pheasant, spotted dick, the dog's bollocks) compiled once.
        self.not_near: dict[str, re.Pattern[str]] = {}
        for entry in raw.get("terms", []):
            term = Term(str(entry["term"]), str(entry["label"]), float(entry["weight"]), bool(entry.get("prefix")),
                        name=bool(entry.get("name")))
            if entry.get("not_near"):
                self.not_near[term.term] = re.compile(str(entry["not_near"]))
            for form in [term.term, *entry.get("forms", [])]:
                add(str(form), term)
            if term.prefix:
                self.prefixes.append((term.term, term))
        for entry in raw.get("insults", []):
            term = Term(str(entry["term"]), "insult", float(entry["weight_alone"]), insult=True,
                        strict=bool(entry.get("strict")))
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
        # The phrases in one alternation (one pass over the text); the named group says which matched. A phrase
        # with `needs` is its own pattern, run only on a text holding one of those strings (a substring test costs
        # far less than one more alternative tried at every position of every text).
        self.phrase_terms: dict[str, Term] = {}
        self.gated: list[tuple[tuple[str, ...], re.Pattern[str], Term]] = []
        alternatives = []
        for i, entry in enumerate(raw.get("phrases", [])):
            term = Term(str(entry["term"]), str(entry["label"]), float(entry["weight"]))
            if entry.get("needs"):
                self.gated.append((tuple(str(n) for n in entry["needs"]), re.compile(entry["pattern"]), term))
                continue
            self.phrase_terms[f"p{i}"] = term
            alternatives.append(f"(?P<p{i}>{entry['pattern']})")
        self.phrases = re.compile("|".join(alternatives)) if alternatives else None
        adj = "|".join(re.escape(a) for a in ins_adj)
        intens = r"(?:(?:so|such|really|very|completely|totally|utterly|absolutely|fucking|bloody|just|a|an)\s+)*"
        pej = "|".join(re.escape(str(a)) for a in sorted(raw.get("pejoratives", []), key=len, reverse=True))
        heads = str(raw.get("insult_heads", "(?!)"))
        # "gobby cow", "slimy little toad", "saggy old bags", "sad little man", "you cow" (the noun alone is not an
        # insult: "a Highland cow", "Sod's law").
        self.pejorative_noun = re.compile(
            r"\b(?:(?:" + pej + r")[ ,]+(?:(?:" + pej + r"|little|old|fat|big)[ ,]+)*"
            r"|(?<!thank )you (?:little |old |fat )?)(?P<head>" + heads + r")\b(?!-| of\b)"
        )
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
        # One letter shown fits several words: kept only when they all carry the same label ("f***": fuck or feck,
        # both profanity), never when one would be a sexual word and another an insult ("s***").
        if best is None or (shown < 2 and count > 1 and len({
                term.label for form, term in self.by_shape.get((len(token), token[0]), ())
                if all(t == f or t in MASK_CHARS for t, f in zip(token, form, strict=True))}) > 1):
            return None
        return best, True

    # ----------------------------------------------------------------------------------------------- matching

    def find(self, original: str, view: Normalised) -> list[Hit]:
        """Every hit in `view` (offsets into ``view.text``; `original` is the text it was normalised from)."""
        text = view.text
        hits: list[Hit] = []
        taken: list[tuple[int, int]] = []
        if self.multi is not None:
            for m in self.multi.finditer(text):
                term = self.multi_terms[m.group(1)]
                hits.append(self._make(text, m.start(1), m.end(1), term, False))
                taken.append((m.start(1), m.end(1)))
        for m in _TOKEN.finditer(text):
            token = m.group()
            s, e = m.start(), m.end()
            if taken and any(a <= s < b for a, b in taken):
                continue
            stripped = token.rstrip("_#")
            e -= len(token) - len(stripped)
            found = self.lookup(stripped)
            if found is None and "i" in stripped:
                alt = self._leet_l(original, view, s, stripped)
                if alt is not None:
                    found = self.lookup(stripped, alt)
            if found is None:
                continue
            term, masked = found
            hit = self._make(text, s, e, term, masked)
            benign = self._everyday(original, view, s, e, stripped, term)
            if benign:
                hit = Hit(hit.start, hit.end, term, masked, min(hit.confidence, MENTION_WEIGHT), hit.label, benign)
            hits.append(hit)
        if self.phrases is not None:
            for m in self.phrases.finditer(text):
                term = self.phrase_terms[m.lastgroup or ""]
                hits.append(Hit(m.start(), m.end(), term, False, term.weight, term.label))
        for needs, pattern, term in self.gated:
            if any(n in text for n in needs):
                hits.extend(Hit(m.start(), m.end(), term, False, term.weight, term.label)
                            for m in pattern.finditer(text))
        for m in self.pejorative_noun.finditer(text):
            term = Term(m.group("head"), "insult", 0.75, insult=True)
            hits.append(Hit(m.start(), m.end(), term, False, 0.75, "insult"))
        for m in self.adjective_insult.finditer(text):
            term = Term(m.group("adj"), "insult", 0.8, insult=True)
            conf = 0.8 if m.group("who").startswith(("you", "u")) else 0.6
            hits.append(Hit(m.start("adj"), m.end("adj"), term, False, conf, "insult"))
        return _dedupe(_mentions_lowered(text, hits))

    def _everyday(self, original: str, view: Normalised, start: int, end: int, token: str, term: Term) -> str:
        """Why a listed word is not used offensively, if it is not: "everyday sense" near its term's `not_near`
        words; "a name" when written as one (a `name` term capitalised beside another capitalised word, or any
        capitalised word that only matched with a doubled last letter, as Twatt and Pratt do). Else ""."""
        pattern = self.not_near.get(term.term)
        if pattern is not None and pattern.search(view.text, max(0, start - 40), end + 40):
            return "everyday sense"
        o_start, o_end = view.to_original(start, end)
        word = original[o_start:o_end]
        if not (word[:1].isupper() and not word.isupper()):
            return ""
        if token not in self.exact and len(token) >= 2 and token[-1] == token[-2]:
            return "a name"
        # After a capitalised word only a longer form reads as a surname ("Doreen Cumming"); "some Good Dick" does not.
        if term.name and (_NAME_NEXT.match(original, o_end)
                          or (token != term.term and _NAME_PREV.search(original, 0, o_start))):
            return "a name"
        return ""

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

    def _make(self, text: str, start: int, end: int, term: Term, masked: bool) -> Hit:
        conf = term.weight
        label = term.label
        if label == "insult":
            noun_start = start
            start, n_adj = self._extend_adjectives(text, start)
            if term.insult:
                before = text[max(0, start - 40) : start]
                after = text[end : end + 1]
                if after == "-":  # "idiot-proof"
                    conf = min(conf, 0.3)
                elif _SELF_BEFORE.search(before) and not re.search(r"\byou\b", before[-15:]):
                    conf = min(conf, 0.4)
                elif term.strict:
                    # "you absolute melt", "Absolute melts at the depot": the intensifier may be one of the
                    # sharpening adjectives the span was extended over.
                    aimed = _STRICT_BEFORE.search(text[max(0, noun_start - 40) : noun_start])
                    conf = 0.85 if aimed else conf
                elif _TARGET_BEFORE.search(before) or _TARGET_AFTER.search(text[end : end + 40]):
                    conf = 0.9 if n_adj else 0.85
                elif n_adj:
                    conf = max(conf, 0.6)
            elif n_adj:
                conf = min(0.95, conf + 0.03)
        if masked:
            conf = max(0.0, conf - 0.05)
        return Hit(start, end, term, masked, conf, label)

    def _extend_adjectives(self, text: str, start: int) -> tuple[int, int]:
        """Move `start` back over sharpening adjectives ("useless", "stupid") before an insult."""
        n = 0
        while True:
            m = re.search(r"([a-z-]+)[ ,]+$", text[max(0, start - 25) : start])
            if not m or m.group(1) not in self.adjectives:
                return start, n
            start = start - (len(m.group(0)))
            n += 1


@lru_cache(maxsize=1)
def load_lexicon(path: str = str(LEXICON_PATH)) -> Lexicon:
    with open(path, encoding="utf-8") as fh:
        raw = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return Lexicon(raw)


def hits(doc: Document) -> list[Hit]:
    """Every lexicon hit in `doc`, before any rule's filters. They depend on the lexicon only, so they are worked
    out once per check and shared by every rule using ``language.offensive`` and by the model's stacker."""
    return doc.memo(HITS_MEMO, lambda: load_lexicon().find(doc.text, deobfuscated(doc)))


MENTION_WEIGHT = 0.3  # a quoted word that is reported, not used: below the rules' threshold


def mentions(text: str) -> list[tuple[int, int]]:
    """The quoted stretches of a de-obfuscated `text` that report words rather than use them (see _MENTION_CUE)."""
    if "'" not in text and '"' not in text:
        return []
    return [(m.start(2), m.end(2)) for m in _QUOTED.finditer(text)
            if _MENTION_CUE.search(text[max(0, m.start() - 80) : m.start()])
            or _MENTION_AFTER.search(text[m.end() : m.end() + 30])]


def _mentions_lowered(text: str, found: list[Hit]) -> list[Hit]:
    """Hits inside a quoted mention lowered to MENTION_WEIGHT: reported words, not words used."""
    quotes = mentions(text)
    if not quotes:
        return found
    return [Hit(h.start, h.end, h.term, h.masked, min(h.confidence, MENTION_WEIGHT), h.label, benign="quoted")
            if any(a <= h.start and h.end <= b for a, b in quotes) else h
            for h in found]


def _dedupe(found: list[Hit]) -> list[Hit]:
    """Drop hits wholly inside a stronger (or equal, longer) hit; keep the rest in text order."""
    found.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for h in found:
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
