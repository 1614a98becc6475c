"""A seeded generator of social-media-like sentences holding UK personal identifiers, with gold spans.

``generate(seed, n)`` returns ``n`` rows, the same rows for the same seed (everything is drawn from one
``random.Random(seed)``)::

    {"id": "uk-13-0000", "text": "...", "council": "st-helens" | "sefton",
     "spans": [{"start", "end", "label", "value"}],     # personal data that must be reported
     "decoys": [{"start", "end", "kind", "value"}]}     # look-alikes that must not be

Gold labels: ``NHS_NUMBER`` (valid modulus 11 check digit; spaced 3-3-4, unspaced or hyphenated),
``NI_NUMBER`` (allocated prefix, suffix A-D; spaced, unspaced or lower case), ``POSTCODE`` (every valid
shape, with and without the space, sometimes lower case), ``PHONE_NUMBER`` (UK mobiles and landlines in
national and +44 / 0044 forms; every one is a number `phonenumbers` calls valid, so that no system is asked
for a number only it would accept), ``DATE_OF_BIRTH`` (the date after "DOB", "date of birth", "born" in
British formats: "03/04/1987", "3.4.1987", "3rd April 1987", "12 March 1990") and ``EMAIL_ADDRESS`` (private
addresses).

Decoy kinds: ``invalid_nhs`` (a wrong check digit, or nine digits for which no check digit exists, written
next to "NHS"), ``invalid_nino`` (an unallocated prefix such as QQ, BG, DA or a suffix after D),
``postcode_near_miss`` (a letter never used in the inward code, an outward code alone, a first letter never
used), ``not_dob_date`` (an event date with no birth cue) and ``council_contact`` (a phone number or e-mail
address the row's council publishes, read from its pack's ``facts.published_contacts``, in its published form
or written another way).

The sentences carry no names and no street addresses, so any name or address a system reports is its own
false positive.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import phonenumbers
import yaml

COUNCILS = ("st-helens", "sefton")
_POLICIES = Path(__file__).resolve().parents[1] / "policies"

Value = tuple[str, str | None, str | None]  # text, gold label, decoy kind


# ------------------------------------------------------------------------------------------ NHS numbers
def nhs_check_digit(nine: str) -> int | None:
    """The modulus 11 check digit for the first nine digits, or None when no valid NHS number starts so."""
    check = 11 - sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True)) % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def nhs_valid(number: str) -> bool:
    digits = re.sub(r"\D", "", number)
    return len(digits) == 10 and len(set(digits)) > 1 and nhs_check_digit(digits[:9]) == int(digits[9])


def _nhs_format(rng: random.Random, digits: str) -> str:
    sep = rng.choices([" ", "", "-"], weights=[5, 3, 1])[0]
    return sep.join((digits[:3], digits[3:6], digits[6:]))


def _nhs(rng: random.Random) -> Value:
    while True:
        nine = str(rng.choice((4, 6, 7))) + "".join(rng.choice(string.digits) for _ in range(8))
        check = nhs_check_digit(nine)
        if check is not None:
            return _nhs_format(rng, nine + str(check)), "NHS_NUMBER", None


def _nhs_bad(rng: random.Random) -> Value:
    while True:
        nine = str(rng.choice((4, 6, 7))) + "".join(rng.choice(string.digits) for _ in range(8))
        check = nhs_check_digit(nine)
        # any last digit when no check digit exists for these nine digits, else a wrong one
        last = rng.randrange(10) if check is None else (check + rng.randrange(1, 10)) % 10
        number = nine + str(last)
        if not nhs_valid(number):
            return _nhs_format(rng, number), None, "invalid_nhs"


# --------------------------------------------------------------------------- National Insurance numbers
_NINO_FIRST = [c for c in string.ascii_uppercase if c not in "DFIQUV"]
_NINO_SECOND = [c for c in string.ascii_uppercase if c not in "DFIOQUV"]
_NINO_BAD_PAIRS = ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ")


def nino_valid(nino: str) -> bool:
    code = re.sub(r"\s", "", nino).upper()
    return (
        re.fullmatch(r"[A-Z]{2}\d{6}[A-D]", code) is not None
        and code[0] in _NINO_FIRST
        and code[1] in _NINO_SECOND
        and code[:2] not in _NINO_BAD_PAIRS
    )


def _nino_format(rng: random.Random, prefix: str, digits: str, suffix: str) -> str:
    style = rng.choices(["pairs", "plain", "lower", "block"], weights=[4, 3, 1, 1])[0]
    if style == "pairs":
        return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    if style == "lower":
        return f"{prefix}{digits}{suffix}".lower()
    if style == "block":
        return f"{prefix} {digits} {suffix}"
    return f"{prefix}{digits}{suffix}"


def _nino(rng: random.Random) -> Value:
    while True:
        prefix = rng.choice(_NINO_FIRST) + rng.choice(_NINO_SECOND)
        if prefix not in _NINO_BAD_PAIRS:
            break
    digits = "".join(rng.choice(string.digits) for _ in range(6))
    return _nino_format(rng, prefix, digits, rng.choice("ABCD")), "NI_NUMBER", None


def _nino_bad(rng: random.Random) -> Value:
    digits = "".join(rng.choice(string.digits) for _ in range(6))
    how = rng.choice(["first", "second", "pair", "suffix"])
    prefix = rng.choice(_NINO_FIRST) + rng.choice(_NINO_SECOND)
    suffix = rng.choice("ABCD")
    if how == "first":
        prefix = rng.choice("DFIQUV") + prefix[1]
    elif how == "second":
        prefix = prefix[0] + rng.choice("DFIOQUV")
    elif how == "pair":
        prefix = rng.choice(_NINO_BAD_PAIRS)
    else:
        suffix = rng.choice("EFGHJKLMNPRSTWXYZ")
    return _nino_format(rng, prefix, digits, suffix), None, "invalid_nino"


# ---------------------------------------------------------------------------------------------- postcodes
_OUTWARD = (
    "WA10", "WA9", "WA11", "WA12", "L20", "L21", "L22", "L23", "L30", "L37", "PR8", "PR9", "L1", "L8", "M1",
    "M20", "B1", "B33", "SW1A", "EC1A", "W1A", "N1C", "E1W", "CR2", "DN55", "LS1", "G1", "EH1", "CF10", "BT1",
)
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def _postcode(rng: random.Random) -> Value:
    outward = rng.choice(_OUTWARD)
    inward = str(rng.randrange(10)) + rng.choice(_INWARD_LETTERS) + rng.choice(_INWARD_LETTERS)
    code = f"{outward}{rng.choices([' ', ''], weights=[5, 1])[0]}{inward}"
    return (code.lower() if rng.random() < 0.1 else code), "POSTCODE", None


def _postcode_bad(rng: random.Random) -> Value:
    outward = rng.choice(_OUTWARD)
    how = rng.choice(["inward", "outward_only", "first_letter"])
    if how == "inward":  # C, I, K, M, O and V are never used in the inward code
        bad = rng.choice("CIKMOV")
        inward = str(rng.randrange(10)) + (bad + rng.choice(_INWARD_LETTERS) if rng.random() < 0.5
                                           else rng.choice(_INWARD_LETTERS) + bad)
        return f"{outward} {inward}", None, "postcode_near_miss"
    if how == "outward_only":
        return outward, None, "postcode_near_miss"
    first = rng.choice("QVX")  # never the first letter of a postcode
    inward = str(rng.randrange(10)) + rng.choice(_INWARD_LETTERS) + rng.choice(_INWARD_LETTERS)
    return f"{first}{rng.randrange(1, 10)} {inward}", None, "postcode_near_miss"


# -------------------------------------------------------------------------------------------- phones
_LANDLINE_AREAS = ("151", "1744", "161", "113", "121", "1704", "117", "1942", "1925", "191", "20")


def _uk_valid(nsn: str) -> bool:
    try:
        number = phonenumbers.parse("+44" + nsn)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number) and phonenumbers.region_code_for_number(number) == "GB"


def _phone(rng: random.Random) -> Value:
    groups: tuple[str, ...]
    while True:
        if rng.random() < 0.5:
            nsn = "7" + rng.choice("45789") + "".join(rng.choice(string.digits) for _ in range(8))
            groups = (nsn[:4], nsn[4:])
        else:
            area = rng.choice(_LANDLINE_AREAS)
            nsn = area + str(rng.randrange(2, 10)) + "".join(rng.choice(string.digits) for _ in range(9 - len(area)))
            groups = (area, nsn[len(area):]) if len(area) == 4 else (area, nsn[3:6], nsn[6:])
            if area == "20":
                groups = ("20", nsn[2:6], nsn[6:])
        if _uk_valid(nsn):
            break
    style = rng.choices(["national", "national_tight", "plus44", "plus44_0", "0044"], weights=[5, 2, 3, 1, 1])[0]
    if style == "national":
        text = "0" + " ".join(groups)
    elif style == "national_tight":
        text = "0" + nsn
    elif style == "plus44":
        text = "+44 " + " ".join(groups)
    elif style == "plus44_0":
        text = "+44 (0)" + " ".join(groups)
    else:
        text = "0044 " + " ".join(groups)
    return text, "PHONE_NUMBER", None


# ----------------------------------------------------------------------------------------------- dates
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _british_date(rng: random.Random, year: int) -> str:
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    style = rng.choice(["slash", "slash_short", "dot", "dash", "ordinal", "plain", "ordinal_of"])
    if style == "slash":
        return f"{day:02d}/{month:02d}/{year}"
    if style == "slash_short":
        return f"{day}/{month}/{year}"
    if style == "dot":
        return f"{day}.{month}.{year}"
    if style == "dash":
        return f"{day:02d}-{month:02d}-{year}"
    if style == "ordinal":
        return f"{_ordinal(day)} {_MONTHS[month - 1]} {year}"
    if style == "ordinal_of":
        return f"{_ordinal(day)} of {_MONTHS[month - 1]} {year}"
    return f"{day} {_MONTHS[month - 1]} {year}"


def _dob(rng: random.Random) -> Value:
    return _british_date(rng, rng.randint(1930, 2012)), "DATE_OF_BIRTH", None


def _event_date(rng: random.Random) -> Value:
    return _british_date(rng, rng.randint(2024, 2027)), None, "not_dob_date"


# ---------------------------------------------------------------------------------------------- e-mail
_LOCALS = ("jo.bloggs", "sam_t", "mandy.r", "dave1975", "k.owusu", "lfc4life", "mummyof3", "the.smiths",
           "bluebell22", "nanjan", "gaz.w", "crosbygirl", "rainhill.dad", "tinkerbell", "jj.parker")
_DOMAINS = ("gmail.com", "hotmail.co.uk", "yahoo.co.uk", "outlook.com", "btinternet.com", "icloud.com",
            "live.co.uk", "sky.com")


def _email(rng: random.Random) -> Value:
    local = rng.choice(_LOCALS) + (str(rng.randint(1, 99)) if rng.random() < 0.4 else "")
    return f"{local}@{rng.choice(_DOMAINS)}", "EMAIL_ADDRESS", None


# ------------------------------------------------------------------------------------ council contacts
@cache
def council_contacts(council: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(phones, e-mails) the council publishes, from its pack's facts."""
    data = yaml.safe_load((_POLICIES / council / "pack.yaml").read_text(encoding="utf-8"))
    contacts = data["facts"]["published_contacts"]
    return tuple(str(p) for p in contacts.get("phones", [])), tuple(str(e) for e in contacts.get("emails", []))


def _restyle_phone(rng: random.Random, published: str) -> str:
    """The same number written another way: as published, without spaces, or in +44 form."""
    style = rng.choices(["as_published", "tight", "plus44"], weights=[4, 1, 1])[0]
    if style == "tight":
        return published.replace(" ", "")
    if style == "plus44":
        return "+44 " + published[1:]
    return published


def _council_phone(rng: random.Random, council: str) -> Value:
    phones, _ = council_contacts(council)
    return _restyle_phone(rng, rng.choice(phones)), None, "council_contact"


def _council_email(rng: random.Random, council: str) -> Value:
    _, emails = council_contacts(council)
    return rng.choice(emails), None, "council_contact"


# ------------------------------------------------------------------------------------------- templates
# Each {slot} is filled by the generator named by the slot without its trailing digits.
TEMPLATES: tuple[str, ...] = (
    # NHS numbers
    "Can someone check my mum's repeat prescription? Her NHS number is {nhs}",
    "NHS no. {nhs} - still waiting on the referral letter, 6 weeks now!!",
    "Reply to the DM: patient NHS number {nhs}, appointment moved to Tuesday",
    "my nhs number {nhs} isnt showing on the app, who do I ring",
    "Tried the GP portal with NHS {nhs_bad} and it says not recognised. Typo?",
    "NHS no {nhs_bad} keeps getting rejected on the form #help",
    "is {nhs} the right format for the NHS number box or do I need the dashes",
    # National Insurance numbers
    "Housing benefit form wants my NI number, it's {nino}, is that enough?",
    "NI no: {nino} - please update my council tax reduction claim",
    "National Insurance number {nino} for the blue badge renewal, sent by post last week",
    "Form won't accept NI {nino_bad}, says invalid. Anyone else?",
    "I typed {nino_bad} as my national insurance number and got an error",
    "ni number {nino} thanks",
    # postcodes
    "Bins not collected again at {postcode}, third week running",
    "Fly-tipping behind the shops, postcode {postcode} if that helps",
    "Streetlight out near {postcode} since Friday, reported twice",
    "Is the recycling centre open to {postcode_bad} residents or just the borough?",
    "Parking permits for zone {postcode_bad} - when do they renew?",
    "Pothole at {postcode} is getting worse, nearly lost a tyre",
    "delivery for {postcode} went to {postcode_bad} instead, typical",
    # phones
    "Can someone from housing call me back on {phone}? Been waiting since Monday",
    "My number is {phone} if the repairs team need access",
    "Text me on {phone} when the assessor is on the way please",
    "Ring {phone} after 5, I'm at work before then",
    "Missed call from {phone} - was that the council? No voicemail",
    "Call our contact centre on {council_phone} for help with council tax.",
    "For bin collections ring {council_phone}, lines open 8.30am to 5pm.",
    "Please ring us on {council_phone} or email {council_email} and we'll look into it.",
    "Send your details to {council_email} and not in a public comment, thanks.",
    "Don't post your number here! Ring {council_phone} instead. (Mine is {phone} if you need to check.)",
    # dates of birth
    "Proof of age for the bus pass: DOB {dob}, passport attached",
    "Date of birth {dob} - can you update the electoral register?",
    "My son was born {dob}, is he due his school place letter yet?",
    "born on {dob} and still waiting for my pension credit decision",
    "D.O.B: {dob}, NI {nino}, please sort my claim",
    "Swimming lessons restart on {event_date} at the leisure centre.",
    "Consultation closes {event_date}, have your say online.",
    "The market moves on {event_date} for the resurfacing works.",
    # e-mails and mixtures
    "Email me at {email} with the permit, can't get through on the phone",
    "My email is {email}, please send the form again",
    "Please reply to {email} not the old address",
    "Contact me: {phone} / {email}",
    "Tenant details: DOB {dob}, mobile {phone}, {postcode}",
    "Claim for {nino}, NHS {nhs}, contact {email}",
    "Contact {council_email} for a replacement bin, or call me on {phone} if the crew need directions",
)

_GENERATORS: dict[str, Callable[[random.Random], Value]] = {
    "nhs": _nhs, "nhs_bad": _nhs_bad, "nino": _nino, "nino_bad": _nino_bad, "postcode": _postcode,
    "postcode_bad": _postcode_bad, "phone": _phone, "dob": _dob, "event_date": _event_date, "email": _email,
}


def _fill(rng: random.Random, template: str, council: str) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
    text = ""
    spans: list[dict[str, Any]] = []
    decoys: list[dict[str, Any]] = []
    for literal, slot, _spec, _conv in string.Formatter().parse(template):
        text += literal
        if slot is None:
            continue
        kind = slot.rstrip("0123456789")
        if kind == "council_phone":
            value = _council_phone(rng, council)
        elif kind == "council_email":
            value = _council_email(rng, council)
        else:
            value = _GENERATORS[kind](rng)
        piece, label, decoy = value
        start = len(text)
        text += piece
        if label:
            spans.append({"start": start, "end": len(text), "label": label, "value": piece})
        if decoy:
            decoys.append({"start": start, "end": len(text), "kind": decoy, "value": piece})
    return text, spans, decoys


def generate(seed: int, n: int) -> list[dict[str, Any]]:
    """``n`` rows of text with gold spans and decoys; the same rows for the same seed."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        template = rng.choice(TEMPLATES)
        council = rng.choice(COUNCILS)
        text, spans, decoys = _fill(rng, template, council)
        rows.append({"id": f"uk-{seed}-{i:04d}", "text": text, "council": council, "spans": spans,
                     "decoys": decoys})
    return rows
