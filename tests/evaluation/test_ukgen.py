"""The generated UK set: deterministic, labelled right, and CivicGuard never calls an invalid NHS number one."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from civicguard.evaluation import ukgen


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return ukgen.generate(7, 400)


def test_same_seed_same_rows(rows):
    assert ukgen.generate(7, 400) == rows
    assert ukgen.generate(8, 400) != rows
    assert ukgen.generate(7, 50) == rows[:50]


def test_spans_point_at_their_values_and_cover_every_type(rows):
    labels: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for row in rows:
        assert row["council"] in ukgen.COUNCILS
        for item in row["spans"] + row["decoys"]:
            assert row["text"][item["start"] : item["end"]] == item["value"]
        labels.update(s["label"] for s in row["spans"])
        kinds.update(d["kind"] for d in row["decoys"])
    assert set(labels) == {"NHS_NUMBER", "NI_NUMBER", "POSTCODE", "PHONE_NUMBER", "DATE_OF_BIRTH", "EMAIL_ADDRESS"}
    assert set(kinds) == {"invalid_nhs", "invalid_nino", "postcode_near_miss", "not_dob_date", "council_contact"}


def test_nhs_check_digits_are_labelled_right(rows):
    assert ukgen.nhs_valid("943 476 5919") and not ukgen.nhs_valid("943 476 5918")
    assert ukgen.nhs_check_digit("050000000") is None  # no check digit exists (it would be 10)
    gold = [s["value"] for r in rows for s in r["spans"] if s["label"] == "NHS_NUMBER"]
    bad = [d["value"] for r in rows for d in r["decoys"] if d["kind"] == "invalid_nhs"]
    assert gold and bad
    assert all(ukgen.nhs_valid(v) for v in gold)
    assert not any(ukgen.nhs_valid(v) for v in bad)
    separators = {re.sub(r"\d", "", v) for v in gold + bad}
    assert {"  ", ""} <= separators  # spaced and unspaced forms


def test_ni_numbers_are_labelled_right(rows):
    assert ukgen.nino_valid("AB 12 34 56 C") and not ukgen.nino_valid("QQ123456C") and not ukgen.nino_valid("AB123456E")
    gold = [s["value"] for r in rows for s in r["spans"] if s["label"] == "NI_NUMBER"]
    bad = [d["value"] for r in rows for d in r["decoys"] if d["kind"] == "invalid_nino"]
    assert all(ukgen.nino_valid(v) for v in gold)
    assert not any(ukgen.nino_valid(v) for v in bad)


def test_council_contacts_come_from_the_packs(rows):
    phones, emails = ukgen.council_contacts("st-helens")
    assert "01744 676789" in phones and "contactcentre@sthelens.gov.uk" in emails
    for row in rows:
        phones, emails = ukgen.council_contacts(row["council"])
        own = {re.sub(r"\D", "", p)[-10:] for p in phones} | set(emails)
        for d in (d for d in row["decoys"] if d["kind"] == "council_contact"):
            value = d["value"]
            assert value in own or re.sub(r"\D", "", value)[-10:] in own


def test_detector_never_reports_an_invalid_nhs_number_as_one(rows):
    from civicguard.evaluation.base import EvalContext
    from civicguard.evaluation.personal_data import civicguard_predictions

    ctx = EvalContext(data_dir=ukgen._POLICIES)
    preds = civicguard_predictions(ctx, [r["text"] for r in rows], [r["council"] for r in rows])
    checked = 0
    for row, spans in zip(rows, preds, strict=True):
        for d in (d for d in row["decoys"] if d["kind"] == "invalid_nhs"):
            checked += 1
            assert not [s for s in spans if s[2] == "UK_NHS" and s[0] < d["end"] and d["start"] < s[1]], row["text"]
        for d in (d for d in row["decoys"] if d["kind"] == "council_contact"):
            assert not [s for s in spans if s[0] < d["end"] and d["start"] < s[1]], row["text"]
    assert checked > 10
