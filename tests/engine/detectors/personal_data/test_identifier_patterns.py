"""personal_data.identifiers: payment cards, IBANs, IP addresses, non-UK phones, address forms, names."""

from __future__ import annotations

import pytest

from civicguard.engine.detectors.personal_data import intl_patterns
from civicguard.engine.detectors.personal_data.identifiers import IdentifiersParams, PersonalIdentifiers

SEFTON = {"ignore": ["0345 140 0845", "0151 934 2000"], "ignore_domains": ["sefton.gov.uk"]}


def found(doc_factory, text: str, **params: object) -> list[tuple[str, str]]:
    det = PersonalIdentifiers(IdentifiersParams(**params))  # type: ignore[arg-type]
    return [(d.label, text[d.start : d.end]) for d in det.detect(doc_factory(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Card 4111 1111 1111 1111 expires, 4111 1111 1111 1112 is a typo, Amex 3714 496353 98431.",
            [("CREDIT_CARD", "4111 1111 1111 1111"), ("CREDIT_CARD", "3714 496353 98431")],
        ),
        (
            "Pay GB82 WEST 1234 5698 7654 32 or gb82west12345698765432, never GB82WEST12345698765433.",
            [("IBAN_CODE", "GB82 WEST 1234 5698 7654 32"), ("IBAN_CODE", "gb82west12345698765432")],
        ),
        (
            "Logged from 192.168.1.20 and 2001:db8::8a2e:370:7334; version 1.2.3, 300.1.1.1 and 12:30:45 are not.",
            [("IP_ADDRESS", "192.168.1.20"), ("IP_ADDRESS", "2001:db8::8a2e:370:7334")],
        ),
        (
            "Call me on +33 1 42 68 53 00 or (579) 888-3058.",
            [("PHONE_NUMBER", "+33 1 42 68 53 00"), ("PHONE_NUMBER", "(579) 888-3058")],
        ),
        ("781 1704 office, 0680 298 70 63 (home)", [("PHONE_NUMBER", "781 1704"), ("PHONE_NUMBER", "0680 298 70 63")]),
        # digits after +44 / (0) are the rest of a phone number, never an NHS number
        ("Ring +44 (0)151 514 0504 today.", [("UK_PHONE", "+44 (0)151 514 0504")]),
        ("07700 900123-Fax", [("UK_PHONE", "07700 900123")]),
        (
            "She was born on 10/23/1951. Date of birth. It's 1987-03-12.",
            [("DATE_OF_BIRTH", "10/23/1951"), ("DATE_OF_BIRTH", "1987-03-12")],
        ),
        ("born March 3, 1987", [("DATE_OF_BIRTH", "March 3, 1987")]),
    ],
)
def test_finds(doc_factory, text, expected):
    assert found(doc_factory, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "My address is 6750 Koskikatu 25 Apt. 864, and she lives at 4 Rue de Virton 38.",
            [("ADDRESS", "6750 Koskikatu 25 Apt. 864"), ("ADDRESS", "4 Rue de Virton 38.")],
        ),
        ("The bus station is on Villacher Strasse 89", [("ADDRESS", "Villacher Strasse 89")]),
        (
            "Send it to P.O. Box 287 or PSC 3294, Box 9168 APO AA 61487. ZIP: 3520",
            [("ADDRESS", "P.O. Box 287"), ("ADDRESS", "PSC 3294, Box 9168 APO AA 61487"), ("ADDRESS", "3520")],
        ),
        (
            "Sara Schwarz\n28245 Puruntie 82\nApt. 595\nLappeenranta\n53650",
            [("PERSON", "Sara Schwarz"), ("ADDRESS", "28245 Puruntie 82"), ("ADDRESS", "Apt. 595"),
             ("ADDRESS", "53650")],
        ),
        ("Apt 4, 22 Bold Street flooded again", [("ADDRESS", "Apt 4, 22 Bold Street")]),
    ],
)
def test_addresses(doc_factory, text, expected):
    assert found(doc_factory, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She was born in Leeds. Her maiden name is Clark.", [("PERSON", "Clark")]),
        (
            "Directed by Johannes Varvio; later Varvio said no.",
            [("PERSON", "Johannes Varvio"), ("PERSON", "Varvio")],
        ),
        ("Ravil G Yefimov agreed.", [("PERSON", "Ravil G Yefimov")]),
        ("Mrs. Barbara Yudina Apt. 675 62314 Mellemvej 32", [("PERSON", "Mrs. Barbara Yudina"),
                                                             ("ADDRESS", "Apt. 675 62314 Mellemvej 32")]),
    ],
)
def test_names(doc_factory, text, expected):
    assert found(doc_factory, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Liverpool 3 Everton 1 at Goodison today",
        "Bring 2 friends to the Spring 2025 fair on Market Street",
        "NHS no 401-023-2138 keeps failing",  # a mistyped NHS number is not a North American phone number
        "I typed GB283495D as my national insurance number",  # not an IBAN
        "Room 4 is booked until 2026; see page 12 of 40.",
        "Order 123456789012 shipped",  # 12 digits without an issuer prefix and Luhn digit
    ],
)
def test_clear(doc_factory, text):
    assert found(doc_factory, text) == []


def test_council_number_in_a_phone_cue_is_still_ignored(doc_factory):
    assert found(doc_factory, "Call us on 0151 934 2000 (office) or mobile 0345 140 0845", **SEFTON) == []


def test_validators():
    assert intl_patterns.luhn_ok("4111111111111111") and not intl_patterns.luhn_ok("4111111111111112")
    assert intl_patterns.card_ok("5500005555555559") and not intl_patterns.card_ok("0604260700110000")
    assert intl_patterns.iban_ok("DE89 3704 0044 0532 0130 00") and not intl_patterns.iban_ok("DE89370400440532013001")
