from __future__ import annotations

import pytest

from civicguard.engine.detectors.conduct.public_case_handling import (
    PublicCaseHandlingDetector,
    PublicCaseHandlingParams,
)

DET = PublicCaseHandlingDetector(PublicCaseHandlingParams())


def _hits(doc):
    return [(doc.text[d.start:d.end], d.label) for d in DET.detect(doc) if d.confidence >= 0.5]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sorry to hear that! Can you reply here with your full address and date of birth so we can look into "
         "your housing claim?", [("reply here with your full address and date of birth", "requests_details")]),
        ("Please comment below with your council tax reference.",
         [("comment below with your council tax reference", "requests_details")]),
        ("Let us know your postcode and we'll check.", [("Let us know your postcode", "requests_details")]),
        ("Hi Jan, your housing claim has been refused because you didn't send your payslips.",
         [("your housing claim has been refused because you didn't", "discusses_case")]),
        ("According to our records you owe £240.", [("According to our records you owe", "discusses_case")]),
    ],
)
def test_catches(doc_factory, text, expected):
    assert _hits(doc_factory(text, channel="reply")) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Sorry to hear about this. Please contact our Contact Centre on the number on our website so we can "
        "help directly.",
        "Please send us a private message with your address and we'll look into it.",
        "Email us at contact@sthelens.gov.uk with your account number.",
        "Call us on 01744 676789.",
        "We've sent you a private message. Please don't share any names or addresses on this page.",
        "Please email the SEND team at send@sthelens.gov.uk with your case details.",
    ],
)
def test_ignores(doc_factory, text):
    assert _hits(doc_factory(text, channel="reply")) == []
