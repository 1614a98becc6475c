"""language.discrimination: all nine characteristics of the Equality Act 2010, and the council heads' part."""

from __future__ import annotations

import pytest

from civicguard.engine import councilmodel
from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.language import discrimination
from civicguard.engine.detectors.language.discrimination import CHARACTERISTICS, Discrimination, DiscriminationParams
from civicguard.engine.model import Content, Context, Detection

THRESHOLD = 0.5  # the rules' threshold


def _doc(text: str) -> Document:
    return Document(Content(text=text), Context(council="st-helens", channel="comment"))


def _rules(text: str) -> list[tuple[str, str]]:
    found = Discrimination(DiscriminationParams(use_model=False)).detect(_doc(text))
    return [(text[d.start : d.end], d.label) for d in found if d.confidence >= THRESHOLD]


def test_every_characteristic_of_the_act() -> None:
    assert set(CHARACTERISTICS) == {
        "age", "disability", "gender_reassignment", "marriage_civil_partnership", "pregnancy_maternity", "race",
        "religion_or_belief", "sex", "sexual_orientation"}
    assert CHARACTERISTICS["marriage_civil_partnership"] == "marriage and civil partnership"
    assert CHARACTERISTICS["pregnancy_maternity"] == "pregnancy and maternity"


valid = [
    ("Boomers should lose their vote, they'll be dead before any of it happens.",
     [("Boomers should lose their vote, they'll be dead before", "age")]),
    ("Anyone over 75 should have to lose their licence.",
     [("Anyone over 75 should have to lose their licence", "age")]),
    ("Old people shouldnt be allowed to drive.", [("Old people shouldnt be allowed", "age")]),
    ("Wheelchair users shouldn't be allowed on the bus at rush hour.",
     [("Wheelchair users shouldn't be allowed", "disability")]),
    ("Autistic kids should be kept in special schools where they belong.",
     [("Autistic kids should be kept in special schools where they belong", "disability")]),
    ("Pregnant women shouldn't be hired, they're a liability.",
     [("Pregnant women shouldn't be hired, they're a liability", "pregnancy_maternity")]),
    ("Breastfeeding in the cafe is disgusting, cover up or do it at home.",
     [("Breastfeeding in the cafe is disgusting", "pregnancy_maternity")]),
    ("Single mums just keep breeding for a council house.",
     [("Single mums just keep breeding for a council house", "pregnancy_maternity")]),
    ("Women on maternity leave are just skivers.",
     [("Women on maternity leave are just skivers", "pregnancy_maternity")]),
    ("Civil partnerships aren't real marriages.",
     [("Civil partnerships aren't real marriages", "marriage_civil_partnership")]),
    ("Unmarried couples should go to the bottom of the list.",
     [("Unmarried couples should go to the bottom of the list", "marriage_civil_partnership")]),
]
invalid = [
    "Age-friendly tea dance at the town hall on Friday, all welcome.",
    "Blue Badge renewals can now be done online.",
    "Wheelchair users can borrow a beach wheelchair at Southport pier.",
    "Our maternity services have been rated outstanding.",
    "Breastfeeding welcome here! All our libraries are breastfeeding friendly.",
    "Pregnant women can get a free flu jab at any pharmacy.",
    "Our new mums group meets on Tuesdays at the family hub.",
    "Happy Pride from everyone at the council!",
    "Weddings and civil partnerships at the town hall: book your date now.",
    "Civil partners have the same rights as married couples when registering a death.",
    "Older people should stay indoors during the heatwave and drink plenty of water.",
    "Older people shouldn't be left waiting for a home care visit.",
    "Kids under 16 must be with an adult at the swimming baths.",
    "We welcome applications from people of all ages, and from disabled people and pregnant women.",
]


@pytest.mark.parametrize(("text", "expected"), valid)
def test_rules_report(text: str, expected: list[tuple[str, str]]) -> None:
    assert _rules(text) == expected


@pytest.mark.parametrize("text", invalid)
def test_rules_leave_alone(text: str) -> None:
    assert _rules(text) == []


# ------------------------------------------------------------------------------------------- the council heads
# The council model's readings are replaced by fixed ones: these tests are about what the detector does with them.

def _council(monkeypatch: pytest.MonkeyPatch, confidence: float, characteristic: tuple[str, float]) -> None:
    scores = councilmodel.Scores({"discrimination": confidence}, characteristic, ("neglect", 0.0))
    monkeypatch.setattr(discrimination, "doc_scores", lambda doc: scores)
    monkeypatch.setattr(discrimination, "shared_council_encoder", lambda: None)


class _Encoder:
    """A council encoder that gives every text the same reading of discrimination, and counts what it read."""

    def __init__(self, confidence: float, characteristic: str) -> None:
        self.reading = (confidence, (characteristic, 0.9))
        self.read_texts: list[str] = []

    def read(self, texts: list[str], category: str) -> list[tuple[float, tuple[str, float]]]:
        assert category == "discrimination"
        self.read_texts.extend(texts)
        return [self.reading for _ in texts]


def _with_council(text: str, floor: float | None = 0.5) -> list[tuple[str, str, str]]:
    found = Discrimination(DiscriminationParams(council_floor=floor)).detect(_doc(text))
    return [(text[d.start : d.end], d.label, d.explanation) for d in found if d.confidence >= THRESHOLD]


def test_council_head_reports_what_nothing_else_does(monkeypatch: pytest.MonkeyPatch) -> None:
    _council(monkeypatch, 0.8, ("religion_belief", 0.7))
    text = "Lovely weather today. Funny how the Muslim families always get the new houses first."
    assert _with_council(text) == [("Funny how the Muslim families always get the new houses first.",
                                     "religion_or_belief", "The wording as a whole reads as contempt for people "
                                     "because of their religion or belief (council model)")]
    assert _with_council(text, floor=None) == []
    _council(monkeypatch, 0.4, ("religion_belief", 0.7))
    assert _with_council(text) == []


def test_council_head_alone_needs_a_group_of_people_named(monkeypatch: pytest.MonkeyPatch) -> None:
    _council(monkeypatch, 0.9, ("religion_belief", 0.7))
    assert _with_council("Lovely weather today. Funny how that lot always get the new houses first.") == []
    assert _with_council("Rats have been seen near the bins on Lowe Street again.") == []
    # Support for a group, or a report of hate against it, names no group to hold in contempt.
    report = "If you see a hate crime against Muslim families, please tell Merseyside Police."
    assert not any("council model" in why for _, _, why in _with_council(report))
    # The lexicon already reports that text, so ask the council-only reading itself: the gate says no group.
    assert Discrimination(DiscriminationParams(council_floor=0.5))._council_only(_doc(report)) == []
    assert Discrimination(DiscriminationParams(council_floor=0.5))._council_only(
        _doc("Funny how the Muslim families always get the new houses first.")) != []


def test_the_council_encoder_reads_only_texts_that_name_a_group_and_its_reading_decides(
        monkeypatch: pytest.MonkeyPatch) -> None:
    _council(monkeypatch, 0.1, ("race", 0.9))  # the n-gram reading would report nothing
    encoder = _Encoder(0.8, "age")
    monkeypatch.setattr(discrimination, "shared_council_encoder", lambda: encoder)
    named = "The over 70s on our street get every grant going and the rest of us get nothing."
    assert [label for _, label, _ in _with_council(named)] == ["age"]
    assert _with_council("Lovely weather today. Funny how that lot always get the new houses first.") == []
    assert encoder.read_texts == [named]
    # A batch prepares the encoder's reading for the texts that name a group, once.
    texts = [named, "Bin day moves to Tuesday next week."]
    memos: list[dict[str, object]] = [{}, {}]
    Discrimination(DiscriminationParams(council_floor=0.5)).prepare_batch(texts, memos)
    assert discrimination.ENCODER_MEMO in memos[0] and discrimination.ENCODER_MEMO not in memos[1]
    # With only the floor for what the public data never taught (the packs' setting), only a group named by age,
    # pregnancy and maternity or marriage and civil partnership is worth the encoder's time.
    texts = ["Wheelchair users clog up the whole bus every morning.", named]
    memos = [{}, {}]
    Discrimination(DiscriminationParams(council_floor=None, council_floor_unseen=0.5)).prepare_batch(texts, memos)
    assert discrimination.ENCODER_MEMO not in memos[0] and discrimination.ENCODER_MEMO in memos[1]


def test_council_head_names_a_characteristic_the_public_data_lacks(monkeypatch: pytest.MonkeyPatch) -> None:
    detector = Discrimination(DiscriminationParams())
    doc = _doc("Pensioners are a burden.")
    _council(monkeypatch, 0.9, ("disability", 0.65))
    assert detector._named(doc, "race") == "disability"
    _council(monkeypatch, 0.9, ("disability", 0.55))  # not sure enough
    assert detector._named(doc, "race") == "race"
    _council(monkeypatch, 0.9, ("religion_belief", 0.95))  # a characteristic the public data knows
    assert detector._named(doc, "race") == "race"
    _council(monkeypatch, 0.9, ("disability", 0.95))  # the lexicon's own naming stands
    assert [d.label for d in detector.detect(doc) if d.confidence >= THRESHOLD] == ["age"]


def _in(channel: str, text: str, **params: object) -> list[Detection]:
    doc = Document(Content(text=text), Context(council="st-helens", channel=channel))  # type: ignore[arg-type]
    return [d for d in Discrimination(DiscriminationParams(**params)).detect(doc)  # type: ignore[arg-type]
            if d.confidence >= THRESHOLD]


def test_the_council_floor_keeps_to_the_channels_the_pack_names(monkeypatch: pytest.MonkeyPatch) -> None:
    _council(monkeypatch, 0.1, ("race", 0.9))
    encoder = _Encoder(0.8, "religion_belief")
    monkeypatch.setattr(discrimination, "shared_council_encoder", lambda: encoder)
    text = "Lovely weather today. Funny how the Muslim families always get the new houses first."
    staff = {"council_floor": 0.5, "council_floor_channels": ["official", "personal", "reply"]}
    [found] = _in("personal", text, **staff)
    assert found.label == "religion_or_belief" and found.model_only  # the model's reading alone: the pack warns
    assert _in("comment", text, **staff) == []  # residents' comments: the lexicon and public-data models only
    # What the public data never taught is still read in every channel.
    encoder.reading = (0.8, ("age", 0.9))
    older = "The over 70s on our street get every grant going and the rest of us get nothing."
    assert [d.label for d in _in("comment", older, council_floor_unseen=0.5, **staff)] == ["age"]


def test_counter_speech_is_never_the_council_models_contempt(monkeypatch: pytest.MonkeyPatch) -> None:
    _council(monkeypatch, 0.1, ("race", 0.9))
    monkeypatch.setattr(discrimination, "shared_council_encoder", lambda: _Encoder(0.99, "sexual_orientation"))
    rejecting = "Saying that gay people are disgusting is homophobic and we won't have it here."
    assert Discrimination(DiscriminationParams(council_floor=0.5))._council_only(_doc(rejecting)) == []
