"""UK driving licence, passport and vehicle registration numbers: valid and invalid side by side, with spans."""

from __future__ import annotations

from datetime import date

import pytest

from civicguard.engine.detectors.personal_data import uk_documents


def spans(finder, text: str) -> list[str]:
    return [text[s:e] for s, e, _, _ in finder(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Licence MORGA753116SM9IJ attached", ["MORGA753116SM9IJ"]),
        ("licence no. morga753116sm9ij", ["morga753116sm9ij"]),
        ("printed as MORGA 753116 SM9IJ on the card", ["MORGA 753116 SM9IJ"]),
        ("LI999862299A99AB is hers (month 62: a woman born in December)", ["LI999862299A99AB"]),
        ("SMITH702291JA9XY", ["SMITH702291JA9XY"]),  # 29 February exists
        # look-alikes: month 13 or 49, day 00 or 32, 30 February, a letter after the 9 padding, too long
        ("MORGA713116SM9IJ MORGA749116SM9IJ MORGA701006SM9IJ MORGA701326SM9IJ", []),
        ("SMITH702301JA9XY LI9A9862299A99AB MORGA753116SM9IJK", []),
        ("Order ABCDE123456AB9CD and model XYZAB000000AA0AA", []),
    ],
)
def test_driving_licence(text, expected):
    assert spans(uk_documents.find_driving_licence, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My passport number is 123456789, it expires soon", ["123456789"]),
        ("Passport: 925 665 416", ["925 665 416"]),
        ("lost it - 533401372 (passport) - help", ["533401372"]),
        ("Order 123456789 shipped", []),  # nine digits with no passport word
        ("Passport photos £5. Order 123456789 ships in the second half of next week", []),  # cue too far
        ("passport ref 1234567890", []),  # ten digits
    ],
)
def test_passport(text, expected):
    assert spans(uk_documents.find_passport, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fly-tipping from a white van, reg AB12 CDE, on Bold Street", ["AB12 CDE"]),
        ("MA70XYZ parked across the dropped kerb again", ["MA70XYZ"]),
        ("the car was ab12 cde", ["ab12 cde"]),  # lower case, next to a vehicle word
        ("Blue car P123 ABC dumped rubbish; the van was ABC 123D", ["P123 ABC", "ABC 123D"]),  # older formats
        # look-alikes: an age identifier never issued (01, 50, 99), I/Q/Z tags, a postcode, no vehicle word
        ("Codes AB01 CDE, AB50 CDE, AB99 CDE, IA12 CDE, QA12 CDE, ZZ12 CDE", []),
        ("Post it to WA10 1HP or L20 3NJ", []),
        ("Part P123 ABC and kit ABC 123D in stock; code ab12 cde", []),
    ],
)
def test_vehicle_registration(text, expected):
    assert spans(uk_documents.find_vehicle_registration, text) == expected


@pytest.mark.parametrize(
    ("today", "latest"),
    [(date(2026, 2, 28), (25, 75)), (date(2026, 3, 1), (26, 75)), (date(2026, 9, 1), (26, 76))],
)
def test_latest_age_identifiers(today, latest):
    assert uk_documents.latest_age_identifiers(today) == latest
