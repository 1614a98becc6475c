"""Precompiled patterns and validators for UK personal identifiers (no detector here).

Each `find_*` function yields ``(start, end, score, explanation)`` for one entity type, with offsets into the
text it was given. The patterns are compiled once at import; validation (NHS mod 11, National Insurance
prefixes, phone numbers through `phonenumbers`) removes most look-alikes before anything is reported.
Street addresses are found in `addresses.py`; identifiers that are not UK-specific in `intl_patterns.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

Match = tuple[int, int, float, str]

# ---------------------------------------------------------------- NHS number
# 3-3-4 digits, with the same separator (space, hyphen or none) between the groups.
_NHS = re.compile(r"(?<![\w-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w-])")


def nhs_checksum_ok(digits: str) -> bool:
    """The NHS number's modulus 11 check: weights 10..2 over the first nine digits."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


# The digits after a country code or "(0)" are the rest of a phone number ("+44 (0)151 514 0504").
_PHONE_PREFIX_BEFORE = re.compile(r"(?:\+\d{1,3}|\b00\d{1,3}|\(0\))[ .-]?$")


def find_nhs(text: str) -> Iterator[Match]:
    for m in _NHS.finditer(text):
        if _PHONE_PREFIX_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue
        if nhs_checksum_ok(m.group(1) + m.group(3) + m.group(4)):
            yield m.start(), m.end(), 0.95, "10 digits with a valid NHS modulus 11 check digit"


# ------------------------------------------------------- National Insurance
_NINO = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2}) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-Da-d])(?![A-Za-z0-9])")
_NINO_BAD_FIRST = frozenset("DFIQUV")
_NINO_BAD_SECOND = frozenset("DFIOQUV")
_NINO_BAD_PREFIX = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def nino_ok(prefix: str) -> bool:
    p = prefix.upper()
    return p[0] not in _NINO_BAD_FIRST and p[1] not in _NINO_BAD_SECOND and p not in _NINO_BAD_PREFIX


def find_nino(text: str) -> Iterator[Match]:
    for m in _NINO.finditer(text):
        if nino_ok(m.group(1)):
            yield m.start(), m.end(), 0.9, "National Insurance number: allocated prefix, 6 digits, suffix A-D"


# ----------------------------------------------------------------- postcode
# Outward code A9, A99, A9A, AA9, AA99, AA9A; inward code 9AA (never C, I, K, M, O or V); plus GIR 0AA.
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(?:GIR ?0AA"
    r"|[A-PR-UWYZ](?:[A-HK-Y]\d[ABEHMNPRV-Y]|\d[A-HJKPSTUW]|[A-HK-Y]\d{1,2}|\d{1,2})"
    r" ?\d[ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])",
    re.IGNORECASE,
)


def find_postcode(text: str) -> Iterator[Match]:
    for m in _POSTCODE.finditer(text):
        yield m.start(), m.end(), 0.85, "a full UK postcode"


# ------------------------------------------------------------------- e-mail
_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])"
)


def find_email(text: str) -> Iterator[Match]:
    for m in _EMAIL.finditer(text):
        yield m.start(), m.end(), 0.95, "an e-mail address"


def email_domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower()


# -------------------------------------------------------------------- phone
# However people write them: "+44 (20) 7946 0958", "+44 (0)7700-900-123", "+44 0151 ...", "0151.934.2000",
# "(0151) 934 2000", "07700 900 123"; one separator (space, dot or dash) between groups.
_PHONE = re.compile(
    r"(?<![\w+.])(?:"
    r"(?:\+44|0044)[ ]?(?:\(0\)[ ]?|0[ ]?)?(?:\(\d{2,5}\)|\d{2,5})(?:[ .-]?\d{2,4}){1,3}"
    r"|\(0\d{2,5}\)[ ]?\d{3,4}(?:[ .-]?\d{3,4})?"
    r"|0\d{2,5}(?:[ .-]?\d{2,4}){1,3}"
    r")(?!\w|[ .-]\d)"  # "07700 900123-Fax" ends before the label
)
_UK_REGIONS = frozenset({"GB", "GG", "JE", "IM"})
# Words saying a number belongs to an organisation: another council's switchboard, a helpline, "call us".
_ORG_PHONE_CUE = re.compile(
    r"(?i)\b(?:council|borough|switchboard|contact\s+cent(?:re|er)|call\s+cent(?:re|er)|help\s?line|hotline"
    r"|advice\s+line|customer\s+services?|enquir(?:y|ies)(?:\s+line)?|town\s+hall|reception|(?:call|ring|phone"
    r"|contact|text|reach)\s+us|our\s+(?:team|office|offices|number|line|helpline)|opening\s+hours"
    r"|(?:the|our|their|your)\s+(?:[\w'’-]+\s+){0,3}?(?:team|service|services|unit|hub|desk|office)"
    r"|\w+['’]s\s+services|(?-i:[A-Z][\w'’]*\s+(?:Services?|Team|Unit|Care|Aid|Centre|Practice|Trust|Clinic))"
    r"|surgery|hospital|library|police|department|charity|office\s+hours|(?:dealt\s+with|run|managed|maintained"
    r"|provided|handled)\s+by|out\s+of\s+hours|social\s+care|(?:book\s+)?(?:an\s+)?appointments?"
    r"|advice\s+(?:on|line))\b"
)
# Words making the number someone's own even in an organisation's sentence: "my number is", "ring me on".
# ("them"/"their" are not among them: "Wigan Council ... report it to them on" is the council's number.)
_OWN_PHONE_CUE = re.compile(r"(?i)\b(?:me|my|mine|him|his|her|hers|mum|dad|son|daughter|neighbour)\b")
# A question about whose number it is, before the organisation word: "was that the council?", "is this the surgery".
_ASKED_WHOSE = re.compile(r"(?i)^\W{0,4}(?:was|is)\s+(?:that|this|it)\s+(?:really\s+)?(?:the\s+|from\s+the\s+)?")
_ORG_WINDOW_BEFORE = 60
_ORG_WINDOW_AFTER = 30
_OWN_WINDOW_BEFORE = 25


def parse_phone(candidate: str) -> str | None:
    """The national significant number of a UK phone number, or None when it is not one.

    Valid numbers for the UK (and the Crown Dependencies, which share +44) pass; so do mobile-shaped numbers
    (07 + 9 digits) that `phonenumbers` calls invalid, such as Ofcom's 07700 900xxx range used in fiction and
    examples: in a post they are indistinguishable from a real mobile number.
    """
    digits = re.sub(r"\D", "", candidate.replace("(0)", ""))
    if not 10 <= len(digits) <= 14:
        return None
    try:
        number = phonenumbers.parse(re.sub(r"^((?:\+|00)44[ ]?)0[ ]?(?=\d)", r"\1", candidate), "GB")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 44:
        return None
    nsn = phonenumbers.national_significant_number(number)
    if phonenumbers.is_valid_number(number):
        if phonenumbers.region_code_for_number(number) in _UK_REGIONS:
            return nsn
        return None
    if re.fullmatch(r"7\d{9}", nsn):
        return nsn
    return None


def organisation_number(text: str, start: int, end: int, nsn: str) -> bool:
    """A number that is an organisation's, not a person's.

    Non-geographic 03 and 08 numbers are rented by organisations, never a private line. Any other number is an
    organisation's when the words just before it (same line) or just after it say so ("Knowsley Council's
    switchboard is ...", "... (helpline)", "call us on ..."), unless the writer makes it someone's own
    ("my number is", "ring me on").
    """
    if nsn[0] in "38":
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[max(line_start, start - _ORG_WINDOW_BEFORE) : start]
    after = text[end : min(line_end, end + _ORG_WINDOW_AFTER)]
    if not (_ORG_PHONE_CUE.search(before) or _ORG_PHONE_CUE.search(after)):
        return False
    if _ASKED_WHOSE.search(after) and not _ORG_PHONE_CUE.search(before):
        return False  # "Missed call from 07... - was that the council?" asks whose it is; it does not say
    return _OWN_PHONE_CUE.search(text, max(line_start, start - _OWN_WINDOW_BEFORE), start) is None


def find_phone(text: str) -> Iterator[tuple[int, int, float, str, str]]:
    """Like the other finders, plus the national significant number (to compare with allowed numbers).

    An organisation's number (`organisation_number`) is not a private individual's and is not reported.
    """
    for m in _PHONE.finditer(text):
        nsn = parse_phone(m.group(0))
        if nsn is not None and not organisation_number(text, m.start(), m.end(), nsn):
            yield m.start(), m.end(), 0.8, "a UK phone number", nsn


# ------------------------------------------------------------ date of birth
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = (
    r"(?:(?P<d1>\d{1,2})(?P<sep>[/.-])(?P<m1>\d{1,2})(?P=sep)(?P<y1>\d{4}|\d{2})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+(?P<y2>\d{{4}})"
    rf"|{_MONTH}\.?\s+(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y3>\d{{4}})"
    r"|(?P<y4>(?:19|20)\d\d)-(?P<m4>\d\d)-(?P<d4>\d\d))(?!\w|[/.-]\d)"
)
_DOB_CUE = r"(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|birth\s?date|born(?:\s+on)?|birthday(?:\s+is)?)"
# Between the cue and the date: "DOB: ", "date of birth is ", "date of birth. It's ", "born on the ".
_DOB_GAP = r"\s*[.,;:=-]?\s*(?:(?:it['’]?s|it\s+is|it\s+was|mine\s+is|is|was)\s*[:,-]?\s*)?(?:(?:on\s+)?the\s+)?"
_DOB_BEFORE = re.compile(rf"\b{_DOB_CUE}{_DOB_GAP}(?P<date>{_DATE})", re.IGNORECASE)
_DOB_AFTER = re.compile(
    rf"(?<![\w/.-])(?P<date>{_DATE})\s*[(,]?\s*(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth)", re.IGNORECASE
)


def _date_ok(m: re.Match[str]) -> bool:
    """A real calendar day: day-month order first (British), month-day (American) when only that works."""
    if m.group("d1"):
        a, b = int(m.group("d1")), int(m.group("m1"))
        return (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31)
    if m.group("d4"):
        return 1 <= int(m.group("m4")) <= 12 and 1 <= int(m.group("d4")) <= 31
    return 1 <= int(m.group("d2") or m.group("d3")) <= 31


def find_dob(text: str) -> Iterator[Match]:
    """Dates in British formats, only where the words around them say it is a date of birth."""
    seen: set[int] = set()
    for rx in (_DOB_BEFORE, _DOB_AFTER):
        for m in rx.finditer(text):
            start, end = m.span("date")
            if start in seen or not _date_ok(m):
                continue
            seen.add(start)
            yield start, end, 0.85, "a date next to 'date of birth' / 'DOB' / 'born on'"


# ----------------------------------------------------------- case reference
_CASE = re.compile(
    r"\b(?:case|claim|reference|ref|account|acct|council\s+tax|benefits?|tenancy|customer|application|"
    r"complaint|crime|incident|invoice|payment|housing|blue\s+badge|badge|pcn|penalty\s+charge(?:\s+notice)?)\s*"
    r"(?:(?:ref(?:erence)?|number|no|num|id|\#)\.?\s*)?"
    r"(?:(?:is|was|:|-)\s*)?"
    r"(?P<ref>\d{4}(?: \d{4}){1,2} \d|(?:[A-Z]{1,4}[/-]?)?\d[\d/-]{2,}\d(?:[/-]?[A-Z]{1,3})?)(?![\w/-])",
    re.IGNORECASE,
)
_YEARISH = re.compile(r"(?:19|20)\d\d(?:[/-](?:19|20)?\d\d)?")


# A reference the public is asked to quote ("call 101 quoting reference 25000123456") is an organisation's
# appeal or incident log, not a private person's case; "quote your reference" stays someone's own.
_QUOTING = re.compile(r"(?i)\bquot(?:e|ing)\s+(?:the\s+)?(?:police\s+|incident\s+|log\s+)?$")


def find_case_reference(text: str) -> Iterator[Match]:
    for m in _CASE.finditer(text):
        ref = m.group("ref")
        if sum(c.isdigit() for c in ref) < 5 or _YEARISH.fullmatch(ref):
            continue
        if _QUOTING.search(text, max(0, m.start() - 30), m.start()):
            continue
        start, end = m.span("ref")
        yield start, end, 0.7, "a case, claim, account or reference number"
