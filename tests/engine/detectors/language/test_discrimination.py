"""language.discrimination: attacks on protected characteristics, not neutral mentions or counter-speech."""

from __future__ import annotations

import time

import pytest

from civicguard.engine.detectors import registry
from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.language.discrimination import Discrimination, DiscriminationParams
from civicguard.engine.model import Content, Context, Detection

THRESHOLD = 0.5  # the rules' threshold


def _doc(text: str) -> Document:
    return Document(Content(text=text), Context(council="st-helens", channel="comment"))


def _detect(text: str, **params: object) -> list[Detection]:
    return Discrimination(DiscriminationParams(**params)).detect(_doc(text))  # type: ignore[arg-type]


def _reported(text: str) -> list[tuple[str, str, str]]:
    return [
        (text[d.start : d.end], d.label, d.attributes["characteristic"])
        for d in _detect(text)
        if d.confidence >= THRESHOLD
    ]


def test_registered() -> None:
    assert registry.detector_class("language.discrimination") is Discrimination


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d16, d23, d30 from the design cases
        (
            "Go back to where you came from, this town doesn't want your kind in our schools.",
            [
                ("Go back to where you came from", "race", "race"),
                ("this town doesn't want your kind", "race", "race"),
            ],
        ),
        (
            "Muslims are all terrorists and should be banned from the council.",
            [("Muslims are all terrorists and should be banned", "religion_or_belief", "religion or belief")],
        ),
        (
            "Old people shouldn't be allowed to drive or vote, they're a drain on everyone.",
            [("Old people shouldn't be allowed to drive or vote, they're a drain", "age", "age")],
        ),
        ("Immigrants are vermin.", [("Immigrants are vermin", "race", "race")]),
        ("I can't stand women.", [("can't stand women", "sex", "sex")]),
        (
            "Trans people are disgusting.",
            [("Trans people are disgusting", "gender_reassignment", "gender reassignment")],
        ),
        (
            "Gay people should be locked up.",
            [("Gay people should be locked up", "sexual_orientation", "sexual orientation")],
        ),
        (
            "Disabled people are a burden on the taxpayer.",
            [("Disabled people are a burden", "disability", "disability")],
        ),
        ("Pensioners have no right to vote.", [("Pensioners have no right", "age", "age")]),
        ("Foreigners aren't welcome here.", [("Foreigners aren't welcome", "race", "race")]),
        # slurs, including disguised ones
        ("My neighbour is a p4ki.", [("p4ki", "race", "race")]),
        ("Too many m u z z i e s round here.", [("m u z z i e s", "religion_or_belief", "religion or belief")]),
        ("Stop being such a r*tard.", [("r*tard", "disability", "disability")]),
        ("He's a tr\u200banny.", [("tr\u200banny", "gender_reassignment", "gender reassignment")]),
    ],
)
def test_reports(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _reported(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # neutral mentions
        "Muslim community centre open day this Saturday.",
        "Extra support for older people this winter.",
        "Celebrate LGBT history month with us at the library.",
        "Sign up for the women's football league.",
        "Support for older people who are ill or disabled.",
        "Our refugee welcome event starts at 2pm.",
        "I love living next to my Polish neighbours.",
        # counter-speech
        "Saying Muslims are terrorists is hateful and wrong.",
        "It's not ok to say trans people are ill.",
        "Calling immigrants vermin is racist and we will report it.",
        "No disabled person deserves to be abused.",
        "Black lives are not worth any less than anyone else's.",
        # homonyms and reclaimed use
        "Faggots and peas with gravy at the community cafe.",
        "Offa's Dyke path is closed for repairs.",
        "My Labrador bitch had puppies.",
        "I'm a proud dyke and I love this town.",
        # hostile words with no protected group
        "The bin lorries are useless and the contractors should be sacked.",
        "Rats have been seen near the bins, pest control should be called.",
    ],
)
def test_not_reported(text: str) -> None:
    assert _reported(text) == []


def test_your_kind_takes_the_characteristic_of_another_group() -> None:
    found = _reported("Muslims like you are not welcome. We don't want your kind here.")
    assert {c for _, _, c in found} == {"religion or belief"}


def test_params() -> None:
    assert _detect("My neighbour is a p4ki.", include_slurs=False) == []
    assert _detect("Immigrants are vermin.", min_confidence=0.95) == []


def test_fast_enough() -> None:
    text = (
        "Go back to where you came from, this town doesn't want your kind in our schools. Muslims are all "
        "terrorists and should be banned. Old people shouldn't be allowed to drive, they're a drain. "
    )[:280]
    det = Discrimination(DiscriminationParams())
    det.detect(_doc(text))
    # Best of several batches: other work on a shared machine only ever slows a batch down.
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(50):
            det.detect(_doc(text))
        best = min(best, (time.perf_counter() - t0) / 50)
    # Lexicon, trained model and the shared de-obfuscated view together (the model is about 0.3 ms of it).
    assert best < 0.003
