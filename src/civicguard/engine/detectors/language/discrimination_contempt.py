"""Contempt without slurs: a group named by a protected characteristic and a predicate that generalises about it,
excludes it or scorns it, in the same sentence (lexicon: ``lexicon/discrimination_contempt.yaml``).

The public-data lexicon (``discrimination_lexicon``) knows the wording of open hate ("are vermin", "should be
deported"). Council text shows contempt in everyday words: "over 70s shouldn't be allowed to drive", "women can't
lift", "pregnant staff should be sent home", "the gays have taken over", and exclusion in an official voice ("this
role won't suit anyone who is expecting", "we are not able to place children with same-sex couples"). Neither the
group words ("older staff", "wheelchair users", "married couples", "they/them") nor the predicates ("can't cope",
"don't hire", "no place for", "all the same") are hostile on their own, so a span needs both: the predicate in the
same clause as the group, or in one of the next two sentences pointing back at it (they, them, these); what the
group as subject cannot do ("men can't raise kids") only right after it; a punchline ("Shocker.", "Can't be too
careful") also after a sentence that names the group. The group names the characteristic (the more specific first:
"pregnant women" is pregnancy and maternity, "married women" marriage and civil partnership and sex, "trans women"
gender reassignment, before "women" is sex); in a post about trans people, contempt tied to "ladies" or "a bloke"
is about gender reassignment.

Set aside: a post that supports the group or reports discrimination against it (hate crime, report it to the police,
no place in our borough, a greeting, congratulations), a sentence the public-data lexicon reads as counter-speech,
a group someone else is reported as talking about ("anyone who says women can't ...", "called young mums ..."), a
predicate in a relative clause about other people ("people who hate ..."), a predicate negated in its clause
("women are not useless"; one that carries its own negation, "shouldn't be allowed", is cancelled only by "no one" or
"nobody" before it), the speaker's own group or particular people ("as a 70-year-old", "my autistic son", "her
girl"), the readers addressed ("... for a reason lads"), a facility ("the women's changing rooms") and questions
asking for information ("am I still ok to swim at 30 weeks pregnant?").

What it misses: jokes and coded contempt with no predicate it lists ("what's the difference between ... and a
pothole"), contempt for one named person by their characteristic ("she's a woman so ..."), and groups named only by
what they wear or where they go. A predicate beside a group can be about something else; a person reviews findings.

Measured on the council set (2026-12-07, with the quoted-slur rule added to the lexicon at the same time): rules
alone at the rules' 0.5, train recall 0.18 -> 0.59 at precision 0.78 -> 0.94, validation recall 0.16 -> 0.51 at
precision 0.74 -> 0.98; the whole engine on validation, discrimination recall 0.20 -> 0.53 at precision 0.77 ->
0.98, no hard negative given a discrimination finding (7 before). The train split's misses gave the vocabulary, but
some constructions were added after reading validation misses, so the validation figure is not an unseen one.
HateCheck validation, rules alone: every functional test unchanged.

Cost: one search of the group pattern (a few microseconds on the usual post, which names no group); the predicates
run only over sentences with a group in or next to them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.language.discrimination_lexicon import FACILITY, Span, load_lexicon, merge_spans
from civicguard.engine.normalise import deobfuscated, deobfuscated_in

LEXICON_PATH = Path(__file__).with_name("lexicon") / "discrimination_contempt.yaml"
MEMO = "language.discrimination.contempt"
GROUP_MEMO = "language.discrimination.names_group"

# The order a group's characteristic is tried in at one position: the more specific first.
_ORDER = ("pregnancy_maternity", "marriage_civil_partnership", "gender_reassignment", "sexual_orientation",
          "disability", "age", "religion_or_belief", "race", "sex")
_SENTENCE = re.compile(r"[^.!?;\n]+[.!?;\n]*")
_CLAUSE_BREAK = re.compile(r"[,:(]|\s[-–]\s|\b(?:but|because|cos|though|although|whereas|while|so|if|when)\b")
# Readers addressed at the end of a sentence ("... for a reason lads 😂"), not a group talked about.
_VOCATIVE = re.compile(r"[^a-z]*$")
_ADDRESSED = re.compile(r"(?:lads|ladies|girls|fellas|boys|folks|gents)")
# A marital status said of men or women names sex as well.
_SEXED = re.compile(
    r"\b(?:women|woman|men|man|girls|lads|mums|mothers|dads|fathers|wives|husbands|blokes|lasses|ladies)$")
# A predicate in a relative clause about people other than the group ("people who hate ...").
_SOMEONE_ELSE = re.compile(
    r"\b(?:people|those|anyone|anybody|someone|somebody|folk|idiots|bigots|others)\s+(?:who|that)\s+(?:\w+\s+)?$")
# Between a group and what it does: a new subject or clause ("she's pregnant and she's only 19").
_NEW_SUBJECT = re.compile(r"\b(?:and|or|she'?s|he'?s|it'?s|i'?m|i|we|you|she|he|it)\b")
_WHO = re.compile(r"\b(?:who|whom)\b")
_POINTER = re.compile(r"\b(?:they|them|their|theyre|they're|these|those|em|'em|you|your)\b")
# How far (characters) a predicate may sit from its group in one sentence, and from the group it follows.
_REACH = 90
_FOLLOW = 25
_NOBODY_GROUP = re.compile(r"(?:nobody|no ?one|no-one|none of)\b")
_THINK_NOT = re.compile(r"\b(?:don'?t|do not|dont) (?:think|reckon|believe) (?:that )?(?:an?|the|any)?\s*$")


def _bounded(pattern: str) -> str:
    return r"(?<![a-z0-9])(?:" + pattern + r")(?![a-z0-9])"


def _follows(value: Any) -> int:
    if value is True:
        return _FOLLOW
    return int(value or 0)


@dataclass(frozen=True)
class _Predicate:
    pattern: re.Pattern[str]
    weight: float
    negated: bool
    follows: int  # when not 0, only this close after the group (characters), as what it does
    after_nobody: bool  # only after a group starting with nobody / no one, or after "I don't think"
    back: bool  # may tie to a group in one of the two sentences before, with no pointer


class ContemptLexicon:
    def __init__(self, raw: dict[str, Any]) -> None:
        groups = raw["groups"]
        self.groups = re.compile(_bounded("|".join(f"(?P<{slug}>{'|'.join(groups[slug])})" for slug in _ORDER)))
        self.predicates = [
            _Predicate(re.compile(_bounded(str(p["pattern"]))), float(p["weight"]), bool(p.get("negated")),
                       _follows(p.get("follows")), bool(p.get("after_nobody")),
                       bool(p.get("back")))
            for p in raw["predicates"]
        ]
        guards = raw["guards"]
        self.post_guard = re.compile(_bounded(str(guards["post"])))
        self.negation = re.compile(str(guards["negation"]))
        self.own = re.compile(str(guards["own"]))
        self.reported = re.compile(str(guards["reported"]))
        self.trans_context = re.compile(_bounded(str(guards["trans_context"])))
        # Somebody's own girl, wife, lads or nan: particular people, not a group.
        self.possessive = re.compile(r"\b(?:her|his|your|their|our|my|the mum'?s|the dad'?s)\s+$")
        self.question = re.compile(str(guards["question"]))
        self._nobody = re.compile(r"\b(?:no ?one|nobody|no-one|not all|not every|not many)\b")

    def named_characteristics(self, text: str) -> frozenset[str]:
        """The characteristics by which `text` (the de-obfuscated view) names a group of other people, in a post
        that is not support for the group or a report of hate against it."""
        if not self.groups.search(text) or self.post_guard.search(text):
            return frozenset()
        named, _ = self._named(text, [(m.start(), m.end()) for m in _SENTENCE.finditer(text)])
        return frozenset(slug for here in named for _, _, slug in here)

    def _named(self, text: str, sentences: list[tuple[int, int]]) -> tuple[list[list[tuple[int, int, str]]], set[int]]:
        """Per sentence, the groups named in it (start, end, characteristic), leaving out places, the speaker's own
        group and particular people; and the starts of those that name sex as well as marital status."""
        named: list[list[tuple[int, int, str]]] = []
        sexed: set[int] = set()
        for a, b in sentences:
            here = []
            for m in self.groups.finditer(text, a, b):
                if FACILITY.match(text, m.end()):
                    continue  # "the disabled toilets", "the women's changing rooms": a place, not people
                if self.own.search(text, max(0, m.start() - 30), m.start()) or (
                    m.lastgroup in ("sex", "age") and self.possessive.search(text, max(0, m.start() - 12), m.start())
                ):
                    continue  # "as a 70-year-old ...", "my autistic son", "her girl"
                slug = str(m.lastgroup)
                if slug == "sex" and _VOCATIVE.match(text, m.end(), b) and _ADDRESSED.fullmatch(m.group()):
                    continue  # "stereotypes exist for a reason lads": the readers addressed
                here.append((m.start(), m.end(), slug))
                if slug == "marriage_civil_partnership" and _SEXED.search(m.group()):
                    sexed.add(m.start())  # "married women": marital status and sex
            named.append(here)
        return named, sexed

    def find(self, text: str) -> list[Span]:
        """Spans (offsets into `text`, the de-obfuscated view) of contempt for a group named in `text`."""
        if not self.groups.search(text) or self.post_guard.search(text):
            return []
        sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(text)]
        named, sexed = self._named(text, sentences)
        out: list[Span] = []
        counter = load_lexicon()
        for i, (a, b) in enumerate(sentences):
            groups = named[i]
            pointed = False
            earlier = [g for j in (i - 1, i - 2) if j >= 0 for g in named[j][-1:]]
            if not groups and earlier and _POINTER.search(text, a, b):
                groups, pointed = earlier[:1], True  # "Autistic kids ... . They hold everyone back"
            if not (groups or earlier) or self.question.match(text, a) or counter.is_counter(text[a:b]):
                continue
            for p in self.predicates:
                if not groups and not p.back:
                    continue
                for m in p.pattern.finditer(text, a, b):
                    if p.back and not groups:  # "New cabinet member is black. Shocker."
                        span = self._tie(text, a, m.start(), m.end(), p, earlier[:1], True)
                    else:
                        span = self._tie(text, a, m.start(), m.end(), p, groups, pointed)
                    if span is not None:
                        out.append(span)
                        if span.characteristic == "marriage_civil_partnership" and span.start in sexed:
                            out.append(replace(span, characteristic="sex"))
        if any(s.characteristic == "sex" for s in out) and self.trans_context.search(text):
            for s in out:
                if s.characteristic == "sex":
                    s.characteristic = "gender_reassignment"
        return merge_spans(out)

    def _reported(self, text: str, a: int, gs: int) -> bool:
        """Whether the clause before the group at `gs` reports what someone else says or calls it."""
        clause = max([a, *(m.end() for m in _CLAUSE_BREAK.finditer(text, a, gs))])
        return bool(self.reported.search(text, clause, gs))

    def _tie(self, text: str, a: int, ps: int, pe: int, p: _Predicate, groups: list[tuple[int, int, str]],
             pointed: bool) -> Span | None:
        """The span of predicate `ps:pe` tied to its group, or None when no group is near or a negation cancels it."""
        if p.follows or p.after_nobody:
            # Only as the predicate of the group just before it, with nothing but a few words between.
            reach = p.follows or _FOLLOW
            before = [g for g in groups if 0 <= ps - g[1] <= reach and not _CLAUSE_BREAK.search(text, g[1], ps)
                      and not _NEW_SUBJECT.search(text, g[1], ps)]
            if pointed or not before:
                return None
            gs, ge, slug = before[-1]
            nobody = bool(_NOBODY_GROUP.match(text, gs) or _THINK_NOT.search(text, max(a, gs - 30), gs))
            if p.after_nobody != nobody or self._reported(text, a, gs):
                return None
            return Span(gs, pe, slug, p.weight, "contempt", text[ps:pe].strip())
        if pointed:
            gs, ge, slug = groups[0]
            weight = p.weight - 0.1
        else:
            best = None
            for g in groups:
                d = ps - g[1] if g[1] <= ps else (g[0] - pe + 10 if g[0] >= pe else 0)
                if d <= _REACH and (best is None or d < best[0]):
                    best = (d, g)
            if best is None:
                return None
            gs, ge, slug = best[1]
            weight = p.weight
            if gs >= pe and (_CLAUSE_BREAK.search(text, pe, gs) or _WHO.search(text, pe, gs)):
                return None  # the group is in a later clause, or the object of someone else ("... people who hate X")
        head = min(gs, ps)
        if self._nobody.search(text, max(a, head - 25), max(gs, head) if not pointed else ps):
            return None  # "no one should be excluded because ...", "not all older drivers ..."
        if not pointed and self._reported(text, a, gs):
            return None  # "anyone who says women can't ...": reported, not held
        if _SOMEONE_ELSE.search(text, max(a, ps - 40), ps):
            return None  # "I can't stand people who hate immigrants": someone else holds the view
        if not p.negated:
            breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, a, ps)]
            clause = text[max([a, *breaks]) : ps]
            if self.negation.search(clause):
                return None  # "women are not useless"
        start, end = (min(gs, ps), max(ge, pe)) if not pointed else (ps, pe)
        return Span(start, end, slug, weight, "contempt", text[ps:pe].strip())


def with_contempt(lexicon: list[Span], contempt: list[Span]) -> list[Span]:
    """The lexicon's spans and the contempt the lexicon's hostile wording did not already cover. Where both read the
    same words, the more specific group names the characteristic: in "blokes in dresses shouldn't be allowed in the
    ladies" the lexicon ties the predicate to "ladies" (sex), the contempt lexicon to "blokes in dresses" (gender
    reassignment)."""
    out = []
    for s in lexicon:
        over = [c for c in contempt if s.start < c.end and c.start < s.end]
        better = [c.characteristic for c in over if _more_specific(c.characteristic, s.characteristic)]
        out.append(replace(s, characteristic=better[0]) if s.kind == "hostile" and better else s)
    return out + [c for c in contempt if not any(s.start < c.end and c.start < s.end for s in lexicon)]


def _more_specific(a: str | None, b: str | None) -> bool:
    return a in _ORDER and (b not in _ORDER or _ORDER.index(str(a)) < _ORDER.index(str(b)))


@lru_cache(maxsize=1)
def load_contempt(path: str = str(LEXICON_PATH)) -> ContemptLexicon:
    with open(path, encoding="utf-8") as fh:
        raw = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return ContemptLexicon(raw)


def named_characteristics(doc: Document) -> frozenset[str]:
    """The characteristics by which `doc` names a group of other people ("older people": age, "wheelchair users":
    disability) outside support or a report of hate: the gate before the council encoder's reading of
    discrimination (a group is named in about 3% of posts)."""
    return doc.memo(GROUP_MEMO, lambda: load_contempt().named_characteristics(deobfuscated(doc).text))


def prepare_named_characteristics(texts: Sequence[str], memos: Sequence[dict[str, Any]]) -> list[frozenset[str]]:
    """`named_characteristics` for every text of a batch (memoised as a check would)."""
    lexicon = load_contempt()
    for text, memo in zip(texts, memos, strict=True):
        if GROUP_MEMO not in memo:
            memo[GROUP_MEMO] = lexicon.named_characteristics(deobfuscated_in(text, memo).text)
    return [memo[GROUP_MEMO] for memo in memos]


def contempt_spans(doc: Document) -> list[Span]:
    """The contempt spans of `doc` (offsets into its de-obfuscated view), worked out once per check."""
    return doc.memo(MEMO, lambda: load_contempt().find(deobfuscated(doc).text))
