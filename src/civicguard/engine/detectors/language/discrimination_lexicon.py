"""The discrimination lexicon (``lexicon/discrimination.yaml``, the project's own) and how it is matched.

:class:`DiscriminationLexicon` compiles the YAML (groups by characteristic, hostile predicates, exclusionary
phrases, slurs, counter-speech cues and the respelling tables) and finds the spans of discriminatory language in a
text's de-obfuscated view: slips respelt, each hostile predicate tied to the nearest named group, negation,
counter-speech, reclaimed and reported slurs set aside. :func:`spans` memoises one text's spans per check (one
entry per setting that changes them), so every rule using ``language.discrimination`` and the model's stacker
(``_model.lexicon_weights``) share one pass. This module knows no detector and no model: the model glue
(``_model``) and the detector (``discrimination``) sit on top of it.
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

LEXICON_PATH = Path(__file__).with_name("lexicon") / "discrimination.yaml"
SPANS_MEMO = "language.discrimination.spans"  # the memo key's stem: one entry per setting that changes the spans

_SENTENCE = re.compile(r"[^.!?;\n]+[.!?;\n]*")
_TOKEN = re.compile(r"(?<![a-z0-9])[a-z][a-z*#_]*")
_NEGATION = re.compile(r"\b(?:not|never|no|nobody|none|nothing|n't|dont|wont|cannot)\b|n't\b")
_CLAUSE_BREAK = re.compile(r",|\b(?:so|and|but|because|then|yet|while|that)\b")
_RELATIVE = re.compile(r"\b(?:who|that|which|whom)\s+$")
_POINTER = re.compile(r"\b(?:they|them|their|theirs|you|your|these|those|such)\b")
# First-person, reclaimed use of a slur: in the sentence, or just before the slur.
_RECLAIMED = re.compile(r"\b(?:like me|like us|ourselves|myself|our word|my word|proud (?:to be|of being))\b")
_RECLAIMED_BEFORE = re.compile(
    r"\b(?:(?:i am|i'm|im|we are|we're|we|us|as an?|being an?|my|me and my|bad)\s+(?:[\w,]+\s+){0,2}|"
    r"(?:i am|i'm|im|we are|we're)\s+(?:still|just|really|literally|truly)\s+(?:the|a|an|such an?)\s+\w+\s+)$"
)
# "proud ..." just before a slur: reclaimed.
_PROUD_BEFORE = re.compile(r"\bproud\s+$")
# A slur the speaker was called ("why call me a ...", "he called us ..."): reported, not used.
_VICTIM_BEFORE = re.compile(r"\b(?:call(?:ed|s|ing)?|name[sd]?)\s+(?:me|us)\s+(?:an?\s+)?$")
# A quoted word after a verb of reporting it ("called my son a 'retard'", "sprayed 'PAKIS OUT'", "described refugees
# as 'scum'"): the words someone else used, mentioned to condemn or report them, not used.
_QUOTE_MARKS = "'\"`"
_REPORTED_QUOTE = re.compile(
    r"\b(?:call(?:ed|s|ing)?|shout(?:ed|s|ing)?|yell(?:ed|s|ing)?|scream(?:ed|s|ing)?|chant(?:ed|s|ing)?|"
    r"spray(?:ed|s|ing)?|painted|scrawled|wr(?:ote|itten|ites)|graffiti|describ(?:ed|es|ing)|label(?:l)?(?:ed|ing)|"
    r"the (?:word|words|term|slur|phrase)|words like|(?:a |the )?comments? (?:that|which|calling|saying))\b"
)


def _reported_quote(sent: str, start: int) -> bool:
    """Whether the word at `start` of `sent` opens a quotation after a verb of reporting it."""
    return start > 0 and sent[start - 1] in _QUOTE_MARKS and bool(_REPORTED_QUOTE.search(sent, 0, start))


# Negations that do not negate the predicate: rhetorical questions and "no one else is as ... as".
_RHETORICAL = re.compile(
    r"\b(?:why (?:don't|do not|not|can't|won't|shouldn't)|(?:isn't|wasn't|wouldn't|doesn't) (?:it|that|this)|"
    r"don't you think|(?:don't|shouldn't|can't) we|won't (?:someone|somebody|anyone)|(?:don't|never) forget|"
    r"(?:no ?one|nobody|nothing) else)\b"
)
# The speaker's own group ("as a queer person, ..."): not a target.
_SELF_GROUP = re.compile(r"\b(?:as|i'm|i am|im)\s+an?\s+$")
# A group word naming a place, facility or service rather than people ("the disabled toilets are filthy", "the
# youth centre is open 1pm to 5pm", "older people's services").
FACILITY = re.compile(
    r"(?:'s|s')?\s+(?:toilets?|loos?|lavatories|changing (?:rooms?|places?)|parking|bays?|spaces?|badges?|"
    r"blue badges?|access|ramps?|facilities|entrances?|lifts?|seating|car ?parks?|bathrooms?|centres?|centers?|"
    r"clubs?|hubs?|services?|provision|workers?|teams?|clinics?|cafes?|zones?|sessions?|festivals?)\b"
)
_WORD = re.compile(r"[a-z]+")
_WHO = re.compile(r"\b(?:who|whom|which)\b")
# After a relative pronoun, a verb ("people who hate ...") belongs to someone else, and an attribute describes
# some of the group ("older people who are ill") unless it is an insult ("the ... that is the dumb one").
_ATTRIBUTE = re.compile(r"(?:are|is|were|being|be|so|too|all|always|naturally|inherently|the|as|such)\b")
_DESCRIPTIVE = re.compile(
    r"(?:are|is|were|being|be)\s+(?:\w+\s+){0,2}(?:ill|sick|mentally ill|mental|weak|feeble|incapable|unfit|not fit|"
    r"dangerous|violent|mad|insane|deranged|delusional|a problem|the problem|a danger|a threat|a burden)\b"
)


def _bounded(pattern: str) -> str:
    return r"(?<![a-z])(?:" + pattern + r")(?![a-z])"


_DOUBLED = re.compile(r"([a-z])\1+")


def _squeeze(word: str) -> str:
    return _DOUBLED.sub(r"\1", word)


@dataclass(frozen=True)
class _Slur:
    term: str
    characteristic: str
    weight: float
    not_near: re.Pattern[str] | None


@dataclass(frozen=True)
class _Hostile:
    pattern: re.Pattern[str]
    weight: float
    negated: bool
    near: int | None  # the group must be at most this many characters away


@dataclass(frozen=True)
class _Pred:
    start: int
    end: int
    weight: float
    negated: bool
    near: int | None


@dataclass
class Span:
    start: int
    end: int
    characteristic: str | None
    confidence: float
    kind: str  # "hostile", "slur", "phrase"
    term: str


class DiscriminationLexicon:
    def __init__(self, raw: dict[str, Any]) -> None:
        person = str(raw["person_nouns"])
        parts = []
        for slug, adj in raw["adjectives"].items():
            group = raw["groups"][slug]
            parts.append(f"(?P<{slug}>(?:{adj})\\s+{person}|{group})")
        parts.append(f"(?P<generic>{raw['generic_groups']})")
        self.groups = re.compile(_bounded("|".join(parts)))
        self.hostile: list[_Hostile] = [
            _Hostile(
                re.compile(_bounded(str(h["pattern"]))), float(h["weight"]), bool(h.get("negated")),
                int(h["near"]) if h.get("near") is not None else None,
            )
            for h in raw["hostile"]
        ]
        self.phrases: list[tuple[re.Pattern[str], str, float]] = [
            (re.compile(_bounded(str(p["pattern"]))), str(p["characteristic"]), float(p["weight"]))
            for p in raw["phrases"]
        ]
        counter = raw["counter"]
        self.reporting = re.compile(_bounded(str(counter["reporting"])))
        self.judgement = re.compile(_bounded(str(counter["judgement"])))
        self.rejecting = re.compile(_bounded(str(counter["rejecting"])))
        self.slur_exact: dict[str, _Slur] = {}
        self.slur_squeezed: dict[str, _Slur] = {}
        self.slur_shape: dict[tuple[int, str], list[tuple[str, _Slur]]] = {}
        multi: dict[str, _Slur] = {}
        for entry in raw["slurs"]:
            near = entry.get("not_near")
            slur = _Slur(
                str(entry["term"]), str(entry["characteristic"]), float(entry["weight"]),
                re.compile(str(near)) if near else None,
            )
            for form in [slur.term, *entry.get("forms", [])]:
                form = str(form).lower()
                if not re.fullmatch(r"[a-z]+", form):
                    multi[form] = slur
                    continue
                self.slur_exact[form] = slur
                sq = _squeeze(form)
                if len(sq) >= 4:
                    self.slur_squeezed.setdefault(sq, slur)
                if len(form) >= 4:
                    self.slur_shape.setdefault((len(form), form[0]), []).append((form, slur))
        self.slur_multi = multi
        self.slur_multi_re = re.compile(
            _bounded("|".join(re.escape(m) for m in sorted(multi, key=len, reverse=True)))
        )
        self._slur_seen: dict[str, _Slur | None] = {}
        self._init_respell(raw.get("respell") or {})

    def _init_respell(self, raw: dict[str, Any]) -> None:
        """One-slip misspellings of listed words, and the halves that run-together words split into."""
        group_words = set(str(raw.get("group_words", "")).split())
        fuzzy = set(str(raw.get("words", "")).split()) | group_words | {f for f in self.slur_exact if len(f) >= 5}
        short = set(str(raw.get("strong", "")).split())
        self.aliases = {str(k): str(v) for k, v in (raw.get("aliases") or {}).items()}
        self.not_respelt = frozenset(str(raw.get("not_words", "")).split())
        self.strong = frozenset(fuzzy | short | set(self.slur_exact))
        self.joins = frozenset(str(raw.get("joins", "")).split())
        self.fuzzy5 = frozenset(w for w in fuzzy if len(w) >= 5)
        slips: dict[str, str] = {}
        ambiguous: set[str] = set()
        for w in sorted(fuzzy | short):
            n = len(w)
            dropped = (n >= 6 and w in fuzzy) or (n >= 5 and w in group_words)
            variants = [w[:i] + w[i + 1 :] for i in range(n)] if dropped else []
            if n >= 4:
                variants += [w[:i] + w[i + 1] + w[i] + w[i + 2 :] for i in range(n - 1) if w[i] != w[i + 1]]
            for v in variants:
                if v in self.strong or v in self.joins or v in self.not_respelt:
                    continue
                other = slips.setdefault(v, w)
                if other != w and not (other in group_words and w in group_words):  # "womn": woman or women
                    ambiguous.add(v)
        for v in ambiguous:
            del slips[v]
        self.slips = slips
        self._respelt: dict[str, str | None] = {}

    def respell(self, token: str) -> str | None:
        """What `token` stands for when it is a slip of a listed word or two listed words run together."""
        if token in self._respelt:
            return self._respelt[token]
        found = self._respell(token)
        if len(self._respelt) > 50000:
            self._respelt.clear()
        self._respelt[token] = found
        return found

    def _respell(self, token: str) -> str | None:
        if token in self.strong or token in self.joins or token in self.not_respelt or token in self.slur_exact:
            return None
        alias = self.aliases.get(token)
        n = len(token)
        if alias is not None or n < 4:
            return alias
        found = self.slips.get(token)
        if found is not None:
            return found
        if n >= 6:  # a letter added
            for i in range(n):
                cand = token[:i] + token[i + 1 :]
                if cand in self.fuzzy5:
                    return cand
        if n >= 5:  # two words run together
            strong, joins = self.strong, self.joins
            for i in range(1, n - 1):
                head, tail = token[:i], token[i:]
                if (head in strong and (tail in strong or tail in joins)) or (head in joins and tail in strong):
                    return f"{head} {tail}"
        return None

    def slur(self, token: str) -> _Slur | None:
        cache = self._slur_seen
        if token in cache:
            return cache[token]
        found = self._slur(token)
        if len(cache) > 50000:
            cache.clear()
        cache[token] = found
        return found

    def _slur(self, token: str) -> _Slur | None:
        found = self.slur_exact.get(token) or self.slur_squeezed.get(_squeeze(token))
        if found is not None or not any(c in MASK_CHARS for c in token):
            return found
        token = token.rstrip("_#")
        shown = sum(1 for c in token if c.isalpha())
        if shown < 2:
            return None
        best: _Slur | None = None
        for form, s in self.slur_shape.get((len(token), token[0]), ()):
            if all(t == f or t in MASK_CHARS for t, f in zip(token, form, strict=True)) and (
                best is None or s.weight > best.weight
            ):
                best = s
        return best

    # ------------------------------------------------------------------------------------------------ matching

    def find(self, view: Normalised, *, include_slurs: bool = True, cross_sentence: bool = True) -> list[Span]:
        """Spans (offsets into ``view.text``) of discriminatory language; slurs only with `include_slurs`, a hostile
        sentence tied to a group in the sentence before or after it only with `cross_sentence`."""
        repaired = self._repair(view)
        if repaired is None:
            return self._find(view.text, include_slurs, cross_sentence)
        text, starts, ends = repaired
        found = self._find(text, include_slurs, cross_sentence)
        for s in found:
            s.start, s.end = starts[s.start], ends[max(s.start, s.end - 1)]
        return found

    def _repair(self, view: Normalised) -> tuple[str, list[int], list[int]] | None:
        """Respell slips and split run-together words (see ``respell`` in the lexicon); None when nothing changes.

        Also rejoins a word spelt out letter by letter whose first letter the normaliser kept apart as the
        article "a" or the pronoun "i" ("i m m i g r a n t s" reads "i mmigrants"). Returns the new text and,
        per character, the start and end of what it stands for in ``view.text``."""
        text = view.text
        edits: list[tuple[int, int, str]] = []
        prev: re.Match[str] | None = None
        for m in _WORD.finditer(text):
            word = m.group()
            if (
                prev is not None
                and prev.group() in ("a", "i")
                and prev.end() + 1 == m.start()
                and len(word) >= 3
                and view.offsets[m.end() - 1] - view.offsets[m.start()] > len(word)  # spelt out in the original
            ):
                joined = prev.group() + word
                fixed = joined if joined in self.strong else self.respell(joined)
                # "i mmigrants" is one word; "a cancer" stays as it is.
                if fixed is not None and " " not in fixed and word not in self.strong:
                    if edits and edits[-1][0] == prev.start():
                        edits.pop()
                    edits.append((prev.start(), m.end(), fixed))
                    prev = None
                    continue
            prev = m
            if len(word) >= 3 and not (m.start() and text[m.start() - 1] == "@"):  # "@blackman38": a handle
                fixed = self.respell(word)
                if fixed is not None:
                    edits.append((m.start(), m.end(), fixed))
        if not edits:
            return None
        out: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        last = 0
        for a, b, fixed in edits:
            out.append(text[last:a])
            starts.extend(range(last, a))
            ends.extend(range(last + 1, a + 1))
            out.append(fixed)
            token = text[a:b]
            extra = next((i for i in range(len(token)) if token[:i] + token[i + 1 :] == fixed), None)
            if fixed.replace(" ", "") == token:  # split: letters keep their places
                k = a
                for c in fixed:
                    if c == " ":
                        starts.append(k - 1)
                        ends.append(k)
                    else:
                        starts.append(k)
                        ends.append(k + 1)
                        k += 1
            elif extra is not None:  # a letter added: the others keep their places
                kept = [a + i for i in range(len(token)) if i != extra]
                starts.extend(kept)
                ends.extend(k + 1 for k in kept)
            else:
                starts.extend([a] * len(fixed))
                ends.extend([b] * len(fixed))
            last = b
        out.append(text[last:])
        starts.extend(range(last, len(text)))
        ends.extend(range(last + 1, len(text) + 1))
        return "".join(out), starts, ends

    def _find(self, text: str, include_slurs: bool, cross_sentence: bool) -> list[Span]:
        sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]
        groups_by_sentence: list[list[tuple[int, int, str | None]]] = []
        for a, b in sentences:
            sent = text[a:b]
            found: list[tuple[int, int, str | None]] = []
            for m in self.groups.finditer(sent):
                slug = m.lastgroup
                if _SELF_GROUP.search(sent, max(0, m.start() - 12), m.start()) or FACILITY.match(sent, m.end()):
                    continue  # "as a queer person, ...", "the disabled toilets"
                found.append((a + m.start(), a + m.end(), None if slug == "generic" else slug))
            groups_by_sentence.append(found)
        any_group = any(groups_by_sentence)
        counter: dict[int, bool] = {}

        def is_counter(i: int) -> bool:
            if i not in counter:
                counter[i] = self.is_counter(text[sentences[i][0] : sentences[i][1]])
            return counter[i]

        spans: list[Span] = []
        for idx, (a, b) in enumerate(sentences):
            sent = text[a:b]
            found_here = self._phrases(sent, a)
            if include_slurs:
                found_here.extend(self._slurs(sent, a))
            near = groups_by_sentence[max(0, idx - 1) : idx + 2]
            # Hostile predicates only matter next to a named group: skip them for the usual post that has none.
            preds = self._predicates(sent) if any_group and any(near) else []
            if not found_here and not preds:
                continue
            if is_counter(idx):
                continue
            spans.extend(found_here)
            groups = groups_by_sentence[idx]
            for pred in preds:
                if _reported_quote(sent, pred.start):
                    continue  # "described refugees as 'scum'"
                ps, pe, negated = a + pred.start, a + pred.end, pred.negated
                conf = weight = pred.weight
                target = self._nearest(groups, ps, pe)
                if pred.near is not None and (target is None or max(target[0] - pe, ps - target[1]) > pred.near):
                    continue  # "you fucking <group>": only right next to the group
                if target is not None and target[0] >= pe and _WHO.search(text, pe, target[0]):
                    continue  # "I can't stand people who hate <group>": the group is not the one attacked
                if target is None and cross_sentence and _POINTER.search(sent):
                    for j in (idx - 1, idx + 1):
                        if 0 <= j < len(sentences) and groups_by_sentence[j] and not is_counter(j):
                            target = groups_by_sentence[j][0]
                            conf = weight - 0.15
                            break
                if target is None:
                    continue
                gs, ge, slug = target
                if not negated:
                    # "No trans person deserves to die", "Muslims are not terrorists": negation cancels.
                    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, a, ps)]
                    clause_start = breaks[-1] if breaks else a
                    before = text[clause_start:ps]
                    if _NEGATION.search(before) and _NEGATION.search(_RHETORICAL.sub(" ", before)):
                        continue
                spans.append(Span(min(gs, ps), max(ge, pe), slug, conf, "hostile", text[ps:pe].strip()))
        return self._resolve(spans, groups_by_sentence)

    def counters(self, text: str) -> bool:
        """Whether any sentence of `text` (a de-obfuscated view) reports or rejects hate (`is_counter`)."""
        return any(self.is_counter(m.group()) for m in _SENTENCE.finditer(text))

    def is_counter(self, sent: str) -> bool:
        """Whether the sentence reports or rejects hate rather than holding it (counter-speech, quotes judged)."""
        if self.rejecting.search(sent):
            return True
        rep = self.reporting.search(sent)
        if rep and self.judgement.search(sent):
            return True
        # Quoted hate with a judgement outside the quotes ("I will report posts like '...'").
        quoted = re.search(r"[\"“].+?[\"”]", sent)
        if quoted:
            outside = sent[: quoted.start()] + sent[quoted.end() :]
            if self.judgement.search(outside) or self.reporting.search(outside):
                return True
        return False

    def _predicates(self, sent: str) -> list[_Pred]:
        out: list[_Pred] = []
        for h in self.hostile:
            for m in h.pattern.finditer(sent):
                if (
                    not h.negated
                    and h.weight < 0.9
                    and h.near is None
                    and (_DESCRIPTIVE.match(m.group()) or not _ATTRIBUTE.match(m.group()))
                    and _RELATIVE.search(sent[: m.start()])
                ):
                    continue  # "older people who are ill": a description, not an attack
                out.append(_Pred(m.start(), m.end(), h.weight, h.negated, h.near))
        return out

    @staticmethod
    def _nearest(
        groups: list[tuple[int, int, str | None]], ps: int, pe: int
    ) -> tuple[int, int, str | None] | None:
        best: tuple[int, int, str | None] | None = None
        best_d = 10**9
        for g in groups:
            gs, ge, _ = g
            if ge <= ps:
                d = ps - ge
            elif gs >= pe:
                d = gs - pe + 5  # prefer a group named before its predicate
            else:
                d = 0
            if d < best_d:
                best, best_d = g, d
        return best

    def _phrases(self, sent: str, a: int) -> list[Span]:
        out = []
        for pattern, slug, weight in self.phrases:
            for m in pattern.finditer(sent):
                out.append(Span(a + m.start(), a + m.end(), slug, weight, "phrase", m.group().strip()))
        return out

    def _slurs(self, sent: str, a: int) -> list[Span]:
        hits: list[tuple[int, int, _Slur]] = []
        for m in self.slur_multi_re.finditer(sent):
            hits.append((m.start(), m.end(), self.slur_multi[m.group()]))
        for m in _TOKEN.finditer(sent):
            if hits and any(s <= m.start() < e for s, e, _ in hits):
                continue
            token = m.group().rstrip("_#")
            found = self.slur(token)
            if found is not None:
                hits.append((m.start(), m.start() + len(token), found))
        out = []
        for s, e, slur in hits:
            if slur.not_near is not None and slur.not_near.search(sent):
                continue
            before = sent[max(0, s - 30) : s]
            if _RECLAIMED.search(sent) or _RECLAIMED_BEFORE.search(before) or _VICTIM_BEFORE.search(before):
                continue  # "I'm a proud ...", "why call me a ...": the speaker's own word, or one used against them
            if _PROUD_BEFORE.search(before) or _reported_quote(sent, s):
                continue
            out.append(Span(a + s, a + e, slur.characteristic, slur.weight, "slur", slur.term))
        return out

    @staticmethod
    def _resolve(spans: list[Span], groups: list[list[tuple[int, int, str | None]]]) -> list[Span]:
        """Give "your kind" a characteristic, then merge overlapping spans about the same characteristic."""
        known = [g[2] for gs in groups for g in gs if g[2] is not None]
        known += [s.characteristic for s in spans if s.characteristic is not None and s.kind != "hostile"]
        default = known[0] if known else "race"
        for s in spans:
            if s.characteristic is None:
                s.characteristic = default
        return merge_spans(spans)


def merge_spans(spans: list[Span]) -> list[Span]:
    """Overlapping spans about the same characteristic as one, carrying the strongest one's confidence, term and
    kind (in place: the spans given are changed)."""
    spans.sort(key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    for s in spans:
        last = merged[-1] if merged else None
        if last is not None and s.start < last.end and s.characteristic == last.characteristic:
            last.end = max(last.end, s.end)
            if s.confidence > last.confidence:
                last.confidence, last.term, last.kind = s.confidence, s.term, s.kind
            continue
        merged.append(s)
    return merged


@lru_cache(maxsize=1)
def load_lexicon(path: str = str(LEXICON_PATH)) -> DiscriminationLexicon:
    with open(path, encoding="utf-8") as fh:
        raw = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return DiscriminationLexicon(raw)


def spans(doc: Document, *, include_slurs: bool = True, cross_sentence: bool = True) -> list[Span]:
    """The lexicon's spans in `doc` (offsets into its de-obfuscated view) before any rule's confidence filter,
    worked out once per check for each setting of the options that change them (the model's stacker reads the
    default setting's)."""
    key = f"{SPANS_MEMO}.{include_slurs}.{cross_sentence}"
    return doc.memo(key, lambda: load_lexicon().find(deobfuscated(doc), include_slurs=include_slurs,
                                                     cross_sentence=cross_sentence))
