"""The council encoder, the council heads' second reading: it reads only the texts past its gate, its reading
replaces the n-gram heads' where validation chose it, and it names the kind of risk; without its file the engine
reads the n-gram heads alone."""

from __future__ import annotations

import pytest

from civicguard.engine import councilmodel
from civicguard.engine.councilmodel import (
    ENCODER_PATH,
    CouncilEncoder,
    CouncilReader,
    shared_council_encoder,
    shared_council_model,
)
from civicguard.evaluation.council_data import LABELS

pytestmark = pytest.mark.skipif(not ENCODER_PATH.is_file(), reason="the council encoder is not installed")

CLEAN = "The library on Church Street opens at 9am on Saturday."
NEGLECT = ("The two little ones next door have been left on their own since Friday, no food in the house and "
           "the baby crying all night, I don't know who to tell")


class Counting(CouncilEncoder):
    def __init__(self) -> None:
        super().__init__()
        self.read: list[str] = []

    def refine(self, texts, scores):  # type: ignore[no-untyped-def]
        self.read.extend(texts[i] for i, s in enumerate(scores) if self.opens(s))
        super().refine(texts, scores)


def test_the_encoder_file_names_every_category_and_its_choices_were_made_on_validation():
    enc = shared_council_encoder()
    assert enc is not None
    assert enc.labels["category"] == LABELS
    assert enc.gates, "no category trusts the encoder's reading: the file would cost time for nothing"
    for name, cal in enc.binary.items():
        assert name in LABELS
        assert 0.02 <= cal["decision"] <= 0.98
        assert isinstance(cal["use"], bool)
        assert (name in enc.gates) == cal["use"]  # a gate for each category that takes the encoder's reading
    assert all(0 < g < 0.5 for g in enc.gates.values())
    report = enc.task.meta["report"]
    from civicguard.training.council_encoder import GATE_RECALL, GATE_RECALL_FOR

    assert all(share >= GATE_RECALL_FOR.get(name, GATE_RECALL)
               for name, share in report["gate"]["positives_through"].items())
    # Only safeguarding and defamation are read behind a gate: any other would cost the scan too much.
    assert set(enc.gates) <= {"safeguarding", "defamation"}
    assert enc.binary["safeguarding"]["either"]  # recall first: the larger of the two readings


def test_only_texts_past_the_gate_are_read_by_the_encoder():
    enc = Counting()
    texts = ["Thanks", CLEAN, NEGLECT]
    CouncilReader(shared_council_model(), enc).scores(texts)
    past = [t for t, s in zip(texts, shared_council_model().scores(texts), strict=True)
            if any(s.confidence[c] >= g for c, g in enc.gates.items())]
    assert enc.read == past
    assert NEGLECT in enc.read
    assert "Thanks" not in enc.read


def test_a_text_the_encoder_reads_takes_its_reading_where_validation_chose_it_and_keeps_the_ngram_one_elsewhere():
    enc = shared_council_encoder()
    assert enc is not None
    ngram = shared_council_model().scores([NEGLECT])[0]
    both = CouncilReader(shared_council_model(), enc).scores([NEGLECT])[0]
    for name, cal in enc.binary.items():
        if not cal["use"]:
            assert both.confidence[name] == ngram.confidence[name]
    assert set(both.confidence) == set(ngram.confidence)


def test_a_neglect_disclosure_is_read_as_safeguarding_and_named_as_neglect():
    scores = CouncilReader(shared_council_model(), shared_council_encoder()).scores([NEGLECT])[0]
    assert scores.confidence["safeguarding"] >= 0.5
    assert scores.safeguarding_kind[0] == "neglect"


def test_without_the_file_the_engine_reads_the_ngram_heads_alone(monkeypatch, tmp_path):
    monkeypatch.setattr(councilmodel, "ENCODER_PATH", tmp_path / "absent.npz")
    shared_council_encoder.cache_clear()
    try:
        assert shared_council_encoder() is None
        alone = councilmodel.shared_reader().scores([NEGLECT])[0]
        assert alone.confidence == shared_council_model().scores([NEGLECT])[0].confidence
    finally:
        shared_council_encoder.cache_clear()
