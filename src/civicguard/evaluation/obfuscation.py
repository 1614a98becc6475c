"""Obfuscation robustness: every offensive item of the offensive test sets, disguised six ways.

The items are the positives of Davidson (offensive or hate) and HateCheck (hateful; its own ``spell_*`` tests,
already disguised, are left out) on the reported split. In each item the words to disguise are those that
better-profanity's word list contains (a neutral third-party list, not CivicGuard's own lexicon); an item with
none of them has its longest word disguised instead. Transforms, each seeded per item:

* ``leetspeak``   letters to digits and symbols (a->4, e->3, i->1, o->0, s->$, t->7), at least one per word
* ``masked``      inner letters replaced by ``*`` (the first and last letters kept: ``f**k``)
* ``spaced``      letters separated by spaces (``f u c k``)
* ``zero-width``  a zero-width space or joiner between letters
* ``homoglyphs``  Latin letters swapped for Cyrillic look-alikes (``а е о р с х у і ѕ``)
* ``repeated``    one letter of the word repeated three to five times (``fuuuck``)

Recall is measured before and after with each system's own decision rule at its default (CivicGuard: the
rules' 0.5 threshold; alt-profanity-check: 0.5; better-profanity: any listed word).
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Callable
from typing import Any

from civicguard.evaluation.base import EvalContext, Section, Table
from civicguard.evaluation.language import Scorer
from civicguard.evaluation.peers import alt_profanity_scores, better_profanity_flags

_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "$", "t": "7"}
_HOMO = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у", "i": "і", "s": "ѕ"}
_WORD = re.compile(r"[A-Za-z]+")


def _leet(word: str, rng: random.Random) -> str:
    spots = [i for i, c in enumerate(word) if c.lower() in _LEET]
    if not spots:
        return word
    chosen = set(rng.sample(spots, max(1, len(spots) // 2 + rng.randint(0, 1) * (len(spots) // 2))))
    return "".join(_LEET[c.lower()] if i in chosen else c for i, c in enumerate(word))


def _masked(word: str, rng: random.Random) -> str:
    if len(word) < 3:
        return word
    inner = list(range(1, len(word) - 1))
    chosen = set(rng.sample(inner, max(1, min(len(inner), rng.randint(1, 2)))))
    return "".join("*" if i in chosen else c for i, c in enumerate(word))


def _spaced(word: str, rng: random.Random) -> str:
    return " ".join(word)


def _zero_width(word: str, rng: random.Random) -> str:
    joiner = rng.choice(["\u200b", "\u200c", "\u200d"])
    return joiner.join(word)


def _homoglyphs(word: str, rng: random.Random) -> str:
    spots = [i for i, c in enumerate(word) if c.lower() in _HOMO]
    if not spots:
        return word
    chosen = set(rng.sample(spots, max(1, (len(spots) + 1) // 2)))
    return "".join(_HOMO[c.lower()] if i in chosen else c for i, c in enumerate(word))


def _repeated(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    return word[:i] + word[i] * rng.randint(3, 5) + word[i + 1 :]


TRANSFORMS: dict[str, Callable[[str, random.Random], str]] = {
    "leetspeak": _leet, "masked": _masked, "spaced": _spaced, "zero-width": _zero_width,
    "homoglyphs": _homoglyphs, "repeated": _repeated,
}


def _listed_words() -> frozenset[str]:
    from better_profanity import profanity

    profanity.load_censor_words()
    words = set()
    for entry in profanity.CENSOR_WORDSET:
        text = str(entry)
        if text.isalpha():
            words.add(text.lower())
    return frozenset(words)


def disguise(text: str, transform: str, rng: random.Random, listed: frozenset[str]) -> str:
    """`text` with its listed words (else its longest word) disguised by `transform`."""
    words = list(_WORD.finditer(text))
    targets = [m for m in words if m.group().lower() in listed]
    if not targets and words:
        targets = [max(words, key=lambda m: len(m.group()))]
    out, at = [], 0
    for m in targets:
        out.append(text[at : m.start()])
        out.append(TRANSFORMS[transform](m.group(), rng))
        at = m.end()
    out.append(text[at:])
    return "".join(out)


def _items(ctx: EvalContext) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    if ctx.has("davidson"):
        items += [("davidson", html.unescape(r["tweet"])) for r in ctx.read_csv("davidson") if r["class"] != "2"]
    if ctx.has("hatecheck"):
        items += [("hatecheck", r["test_case"]) for r in ctx.read_csv("hatecheck")
                  if r["label_gold"] == "hateful" and not r["functionality"].startswith("spell_")]
    return items


def run(ctx: EvalContext) -> Section:
    items = _items(ctx)
    listed = ctx.shared("obfuscation.listed", _listed_words)
    scorer: Scorer = ctx.shared("language.scorer", Scorer)
    which = ("language.offensive", "language.discrimination")
    variants: dict[str, list[str]] = {"original": [t for _, t in items]}
    for name in TRANSFORMS:
        variants[name] = [disguise(t, name, random.Random(f"{ctx.seed}:{name}:{i}"), listed)
                          for i, (_, t) in enumerate(items)]
    systems: dict[str, Callable[[list[str]], list[bool]]] = {
        "CivicGuard": lambda texts: [scorer.score(t, which) >= 0.5 for t in texts],
        "alt-profanity-check": lambda texts: [p >= 0.5 for p in alt_profanity_scores(texts)],
        "better-profanity": better_profanity_flags,
    }
    recall: dict[str, dict[str, float]] = {}
    for sys_name, flag in systems.items():
        recall[sys_name] = {}
        for var, texts in variants.items():
            flags = flag(texts)
            recall[sys_name][var] = sum(flags) / len(flags) if flags else 0.0
    rows: list[list[Any]] = []
    metrics: dict[str, Any] = {"items": len(items)}
    for sys_name, by_var in recall.items():
        disguised = [by_var[v] for v in TRANSFORMS]
        mean_after = sum(disguised) / len(disguised)
        drop = 100 * (by_var["original"] - mean_after)
        worst = 100 * (by_var["original"] - min(disguised))
        rows.append([sys_name, round(by_var["original"], 3), *[round(by_var[v], 3) for v in TRANSFORMS],
                     round(mean_after, 3), round(drop, 1), round(worst, 1)])
        metrics[sys_name] = {"recall_original": round(by_var["original"], 4),
                             **{f"recall_{v}": round(by_var[v], 4) for v in TRANSFORMS},
                             "recall_disguised_mean": round(mean_after, 4), "drop_points_mean": round(drop, 2),
                             "drop_points_worst": round(worst, 2)}
    example = variants["masked"][0] if items else ""
    return Section(
        "obfuscation", "Obfuscation robustness: recall before and after disguise", "davidson+hatecheck", ctx.split,
        len(items), "real (transformed)",
        tables=[Table("Recall on offensive items, original and disguised",
                      ["system", "original", *TRANSFORMS, "disguised (mean)", "drop (points, mean)",
                       "drop (points, worst)"], rows)],
        metrics=metrics,
        notes=[f"{len(items)} offensive items (Davidson offensive-or-hate and HateCheck hateful, "
               "without HateCheck's own spelling tests).",
               "Words disguised: those in better-profanity's list, else the longest word; one transform at a time.",
               f"Example (masked): {example[:80]!r}"],
    )
