"""The personal-data sections: the taxonomy mapping, and both sections run on tiny data with their metrics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from civicguard.evaluation import personal_data as pd
from civicguard.evaluation.base import EvalContext
from civicguard.evaluation.metrics import span_prf

RECORDS = [
    {
        "full_text": "She was born on 2/8/1935. Her maiden name is Clark",
        "spans": [
            {"entity_type": "PERSON", "entity_value": "Clark", "start_position": 45, "end_position": 50},
            {"entity_type": "DATE_TIME", "entity_value": "2/8/1935", "start_position": 16, "end_position": 24},
        ],
    },
    {
        "full_text": "The address of Persint is 6750 Koskikatu 25 Apt. 864, Uruguay. Card 4111 1111 1111 1111.",
        "spans": [
            {"entity_type": "ORGANIZATION", "entity_value": "Persint", "start_position": 15, "end_position": 22},
            {"entity_type": "STREET_ADDRESS", "entity_value": "6750 Koskikatu 25 Apt. 864", "start_position": 26,
             "end_position": 52},
            {"entity_type": "GPE", "entity_value": "Uruguay", "start_position": 54, "end_position": 61},
            {"entity_type": "CREDIT_CARD", "entity_value": "4111 1111 1111 1111", "start_position": 68,
             "end_position": 87},
        ],
    },
    {"full_text": "what are my options?", "spans": []},
]


@pytest.fixture(scope="module")
def ctx(tmp_path_factory) -> EvalContext:
    """One context for the module, so Presidio loads once."""
    data = tmp_path_factory.mktemp("data")
    (data / pd.DATASET).mkdir()
    for split in ("validation", "test"):
        (data / pd.DATASET / f"{split}.json").write_text(json.dumps(RECORDS), encoding="utf-8")
    return EvalContext(data_dir=data, split="validation")


def test_gold_mapping_drops_places_and_keeps_dates_of_birth_only():
    text = RECORDS[1]["full_text"]
    raw = [(s["start_position"], s["end_position"], s["entity_type"]) for s in RECORDS[1]["spans"]]
    assert pd.map_spans(text, raw, pd.GOLD_MAP, pd.SYNTH_COARSE) == [(26, 52, "ADDRESS"), (68, 87, "CREDIT_CARD")]
    birth = RECORDS[0]["full_text"]
    assert pd.map_spans(birth, [(16, 24, "DATE_TIME")], pd.GOLD_MAP) == [(16, 24, "DATE_OF_BIRTH")]
    weekend = "My birthday is on the weekend."
    assert pd.map_spans(weekend, [(18, 29, "DATE_TIME")], pd.PRESIDIO_MAP) == []  # no date in it
    assert pd.map_spans("We met on 3/4/2020", [(10, 18, "DATE_TIME")], pd.GOLD_MAP) == []  # no birth cue


def test_system_mappings_share_the_taxonomy():
    text = "Mrs. Lennox, NHS 943 476 5919, WA10 1HP, SSN 123-45-6789, Paris"
    cg = pd.map_spans(text, [(0, 11, "PERSON"), (17, 29, "UK_NHS"), (31, 39, "UK_POSTCODE")], pd.CIVICGUARD_MAP,
                      pd.SYNTH_COARSE)
    assert cg == [(5, 11, "PERSON"), (17, 29, "NATIONAL_ID"), (31, 39, "ADDRESS")]  # title trimmed
    pr = pd.map_spans(text, [(5, 11, "PERSON"), (45, 56, "US_SSN"), (58, 63, "LOCATION")], pd.PRESIDIO_MAP,
                      pd.SYNTH_COARSE)
    assert pr == [(5, 11, "PERSON"), (45, 56, "NATIONAL_ID")]
    assert pd.map_spans(text, [(17, 29, "UK_NHS")], pd.PRESIDIO_MAP) == [(17, 29, "NHS_NUMBER")]
    # every type either system can report is mapped or dropped on purpose
    from civicguard.engine.detectors.personal_data.recognizers import ENTITY_NAMES

    assert set(ENTITY_NAMES) <= set(pd.CIVICGUARD_MAP)


def test_span_metric_on_mapped_spans():
    gold = [[(0, 5, "PERSON"), (10, 20, "ADDRESS")]]
    pred = [[(0, 5, "PERSON"), (12, 30, "ADDRESS"), (40, 45, "PHONE_NUMBER")]]
    exact, overlap = span_prf(gold, pred, "exact"), span_prf(gold, pred, "overlap")
    assert (exact.tp, exact.fp, exact.fn) == (1, 2, 1)
    assert (overlap.tp, overlap.fp, overlap.fn) == (2, 1, 0)


def test_presidio_synth_section(ctx):
    section = pd.presidio_synth(ctx)
    assert (section.origin, section.split, section.rows) == ("real", "validation", 3)
    for system in ("civicguard", "presidio", "presidio_dev_threshold", "predict_nothing"):
        assert {"overlap_f1", "exact_f1", "overlap_precision", "overlap_recall"} <= set(section.metrics[system])
    assert section.metrics["gold_spans"] == 4 and section.metrics["gold_spans_dropped"] == 2
    assert section.metrics["civicguard"]["overlap_f1"] == 1.0  # all four found on these hand-written rows
    assert section.metrics["predict_nothing"]["overlap_f1"] == 0.0
    assert section.tables and section.tables[0].rows[-1][0] == "overall (micro)"
    json.dumps(section.to_dict())


def test_uk_generated_section(ctx):
    small = EvalContext(data_dir=ctx.data_dir, split="validation", limit=60, cache=ctx.cache)
    section = pd.uk_generated(small)
    assert (section.origin, section.rows) == ("generated", 60)
    assert section.metrics["invalid_nhs_reported"]["civicguard"] == 0
    assert section.metrics["council_contacts_reported"]["civicguard"] == 0
    assert {"overlap_f1", "exact_f1"} <= set(section.metrics["civicguard"]) & set(section.metrics["presidio"])
    assert pd.uk_seed(small) != pd.uk_seed(EvalContext(data_dir=ctx.data_dir, split="test"))
    json.dumps(section.to_dict())


def test_missing_split_is_bad_input(tmp_path: Path):
    from civicguard.errors import BadInput

    with pytest.raises(BadInput):
        pd.presidio_synth(EvalContext(data_dir=tmp_path, split="validation"))
