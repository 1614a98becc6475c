"""language.discrimination: attacks on protected characteristics, not neutral mentions or counter-speech."""

from __future__ import annotations

import pytest

from civicguard.engine.detectors import registry
from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.language.discrimination import Discrimination, DiscriminationParams
from civicguard.engine.detectors.language.discrimination_lexicon import load_lexicon
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


# ---------------------------------------------------------------------------------------------- the rules alone
# Hand-written sentences for the rules (the trained model, where there is one, is switched off): what each rule
# reports, as (span, label), and what it must leave alone.

_RULES_ONLY = {"use_model": False} if "use_model" in DiscriminationParams.model_fields else {}


def _rules(text: str) -> list[tuple[str, str]]:
    return [(text[d.start : d.end], d.label) for d in _detect(text, **_RULES_ONLY) if d.confidence >= THRESHOLD]


valid_negated_worth = [
    ("Refugee lives shouldn't matter to anyone.", [("Refugee lives shouldn't matter", "race")]),
    ("A disabled life is worth nothing.", [("disabled life is worth nothing", "disability")]),
    ("Lesbian lives should not be valued.", [("Lesbian lives should not be valued", "sexual_orientation")]),
]
invalid_negated_worth = [
    "Black lives should matter to everyone.",
    "Trans lives don't matter less than yours.",
    "Women are worthy of equal pay.",
    "No refugee should be treated as worthless.",
]
valid_profanity = [
    ("Obviously that moron was an immigrant.", [("moron was an immigrant", "race")]),
    ("What is it with you bloody foreigners?", [("bloody foreigners", "race")]),
    ("Shut up you fucking travellers.", [("fucking travellers", "race")]),
]
invalid_profanity = [
    "I'm so fucking proud of our Muslim community.",
    "Fucking hell, the refugees' bus was late again.",
    "That idiot was a great help to the disabled residents.",
    "I'm such an idiot, I missed the Muslim community iftar.",
]
valid_misspelt = [
    ("Lesbians are disgustng.", [("Lesbians are disgustng", "sexual_orientation")]),  # a letter dropped
    ("I feel nothing but hatrde for Muslims.", [("hatrde for Muslims", "religion_or_belief")]),  # two swapped
    ("Travellers should be exectued.", [("Travellers should be exectued", "race")]),
    ("Immigrants are vermmin.", [("Immigrants are vermmin", "race")]),  # a letter added
    ("Pensioners are a buden.", [("Pensioners are a buden", "age")]),
    ("Ur a fukin spastic.", [("spastic", "disability")]),
    ("There's nothing worse than a womn driver.", [("nothing worse than a womn", "sex")]),  # a misspelt group
]
invalid_misspelt = [  # real words one slip from a hostile word or a group
    "A treat for our pensioners this Christmas.",
    "Trains for disabled passengers are free on Sundays.",
    "The strange thing is immigrants pay more tax.",
    "Older residents are skilled gardeners.",
    "Therapists for disabled people are hard to find.",
    "We lack places for refugees at the centre.",
]
valid_joined = [
    ("Get out you muslimscum.", [("muslimscum", "religion_or_belief")]),
    ("Killall the refugees.", [("Killall the refugees", "race")]),
    ("Typical gayscum.", [("Typical gayscum", "sexual_orientation")]),
    ("Pensionervermin, the lot of them.", [("Pensionervermin", "age")]),
    ("Deathto all the migrants.", [("Deathto all the migrants", "race")]),
]
invalid_joined = [
    "Blackpool trip for pensioners on Friday.",
    "Transport for women's refuge residents is free.",
    "Killingworth residents welcome refugees.",
]
valid_spaced = [
    ("I m m i g r a n t s should all be deported.", [("I m m i g r a n t s should all be deported", "race")]),
    ("Gypsies are a p l a g u e.", [("Gypsies are a p l a g u e", "race")]),
]
valid_threats_and_questions = [
    ("Why don't we just deport all the Romanians?", [("deport all the Romanians", "race")]),
    ("Isn't it obvious that Muslims are a threat?", [("Muslims are a threat", "religion_or_belief")]),
    ("We'd all be better off if the travellers were gone.", [("better off if the travellers were gone", "race")]),
    ("Asylum seekers should all be dead.", [("Asylum seekers should all be dead", "race")]),
    ("I'll snap your Muslim neck.", [("snap your Muslim neck", "religion_or_belief")]),
    ("It's in an immigrant's nature to be lazy.", [("immigrant's nature to be lazy", "race")]),
    ("My dog is more intelligent than most lesbians.",
     [("My dog is more intelligent than most lesbians", "sexual_orientation")]),
    ("No one else is as lazy as the Romanians round here.", [("is as lazy as the Romanians", "race")]),
]
invalid_counter_speech = [
    "Why would anyone think it's fine to call me a paki?",
    "He called me a spastic in the car park.",
    "There should be consequences for anyone saying gay people should be locked up.",
    "I never said disabled people are a burden.",
    "It hurts to hear people saying travellers are scum.",
    "You can't seriously think women are inferior.",
    "You said women like me were useless, that's sexist.",
    "I can't stand people who hate immigrants.",
    "Your contempt for Muslims has to stop.",
    "I'm just the proudest dyke in St Helens.",  # reclaimed
]
invalid_not_a_target = [
    "The disabled toilets in the town hall are disgusting.",
    "The women's changing rooms are filthy again.",
    "As a trans woman, this bus timetable makes me sick.",
    "Don't forget, pensioners get free bus passes.",
    "Isn't it lovely to see so many older people at the fair?",
    "Support for older people who are ill.",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    valid_negated_worth + valid_profanity + valid_misspelt + valid_joined + valid_spaced + valid_threats_and_questions,
)
def test_rules_report(text: str, expected: list[tuple[str, str]]) -> None:
    assert _rules(text) == expected


@pytest.mark.parametrize(
    "text",
    invalid_negated_worth + invalid_profanity + invalid_misspelt + invalid_joined + invalid_counter_speech
    + invalid_not_a_target,
)
def test_rules_leave_alone(text: str) -> None:
    assert _rules(text) == []


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("despicble", "despicable"),  # dropped
        ("fukced", "fucked"),  # swapped
        ("strangel", "strangle"),
        ("haet", "hate"),  # swapped, a short word
        ("disgustting", "disgusting"),  # added
        ("muzzies", None),  # a slur form as it is
        ("transvermin", "trans vermin"),
        ("ihate", "i hate"),
        ("treat", None),  # real words are left alone
        ("therapists", None),
        ("worthy", None),
        ("among", None),
        ("council", None),
    ],
)
def test_respell(token: str, expected: str | None) -> None:
    assert load_lexicon().respell(token) == expected


def test_respelt_span_covers_the_written_word() -> None:
    text = "That is fitting for femalevermin like you, and those Muslms are despicble."
    assert _rules(text) == [
        ("femalevermin", "sex"),
        ("Muslms are despicble", "religion_or_belief"),
    ]



