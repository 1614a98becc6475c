"""language.discrimination: contempt without slurs (discrimination_contempt), a group named by a protected
characteristic with a generalising or exclusionary predicate, and what it leaves alone."""

from __future__ import annotations

import pytest

from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.language.discrimination import Discrimination, DiscriminationParams
from civicguard.engine.model import Content, Context

THRESHOLD = 0.5  # the rules' threshold


def _found(text: str, **params: object) -> list[tuple[str, str]]:
    doc = Document(Content(text=text), Context(council="sefton", channel="comment"))
    found = Discrimination(DiscriminationParams(use_model=False, **params)).detect(doc)  # type: ignore[arg-type]
    return [(text[d.start : d.end], d.label) for d in found if d.confidence >= THRESHOLD]


reported = [
    ("Over 60s can't cope with the new computer system, don't hire them.", {"age"}),
    ("Nobody over 70 should be on the licensing committee.", {"age"}),
    ("Women can't lift a full wheelie bin, it's no job for a girl.", {"sex"}),
    ("This role won't suit anyone who is planning a family.", {"pregnancy_maternity"}),
    ("We are unable to accept children with additional needs at the holiday club.", {"disability"}),
    ("Deaf drivers shouldn't be allowed anywhere near a taxi.", {"disability"}),
    ("Same-sex couples should go to the bottom of the list for adoption.", {"sexual_orientation"}),
    ("Blokes in wigs should be kept out of the ladies changing rooms.", {"gender_reassignment"}),
    ("Muslims get special treatment at every turn.", {"religion_or_belief"}),
    ("Polish builders are all the same, it's in the blood.", {"race"}),
    # a status said of men or women names both characteristics
    ("Married women are always off with poorly kids.", {"marriage_civil_partnership", "sex"}),
    # a punchline pointing back at the sentence before
    ("New neighbour is gay. Can't be too careful with the kids.", {"sexual_orientation"}),
]


@pytest.mark.parametrize(("text", "characteristics"), reported)
def test_contempt_is_reported_with_its_characteristic(text: str, characteristics: set[str]) -> None:
    assert {label for _, label in _found(text)} == characteristics


def test_the_span_runs_from_the_group_to_the_predicate() -> None:
    assert _found("Over 70s shouldn't be allowed to drive, full stop.") == [
        ("Over 70s shouldn't be allowed", "age")]


left_alone = [
    # services and greetings
    "Over 60s swim free on weekday mornings at all our pools.",
    "The women only swim on Sunday was lovely, thank you.",
    "Eid Mubarak to everyone celebrating, all welcome at the town hall tonight.",
    "Our team of young apprentices did a brilliant job on the park.",
    # support, negation, counter-speech, reports of discrimination
    "No one should be excluded because they are pregnant.",
    "Women shouldn't have to walk home through a dark park.",
    "Anyone who says women can't do the job should meet our gritter crew.",
    "Disability hate crime is under-reported; report it to the police.",
    "I can't stand people who hate immigrants.",
    # a question asking for information, particular people, a facility
    "Am I still OK to swim at 30 weeks pregnant?",
    "Through the wall I hear her telling her girl she's a waste of space.",
    "The women's changing rooms are filthy again.",
]


@pytest.mark.parametrize("text", left_alone)
def test_support_negation_and_reports_are_left_alone(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize("text", [
    "Someone called my son a 'retard' at the market today and I reported it.",
    "We've hidden comments that described refugees as 'scum'.",
])
def test_a_quoted_slur_or_insult_someone_else_used_is_not_reported(text: str) -> None:
    assert _found(text) == []


def test_contempt_can_be_switched_off() -> None:
    assert _found("Over 60s can't cope with the new computer system.", contempt=False) == []
