"""Patterns and checks for the UK document numbers a council sees (no detector here).

Each `find_*` yields ``(start, end, score, explanation)`` like `uk_patterns`. Each format's own rules remove
look-alikes (order numbers, model numbers, planning references) before anything is reported:

- driving licence (DVLA, 16 characters, "MORGA753116SM9IJ"): five letters of the surname padded with 9s, the
  decade digit of the birth year, the birth month (plus 50 for women: 01-12 or 51-62), the day (a real day
  of that month), the year digit, two initials (the second may be 9), any digit, two check letters; written
  solid or in the three groups printed on the card ("MORGA 753116 SM9IJ");
- passport: nine digits (a UK passport number), only with "passport" near it, since nine bare digits are
  everywhere;
- vehicle registration: the current format ("AB12 CDE", since September 2001) with a DVLA area letter, an
  age identifier already issued (March codes 02-, September codes 51-, up to the latest one) and random
  letters without I or Q, reported in capitals anywhere and in lower case next to a vehicle word; the older
  prefix ("A123 BCD") and suffix ("ABC 123D") formats only next to a vehicle word ("car", "van", "reg",
  "parked", "fly-tipping"...), because three letters and digits are common codes. A registration in a
  fly-tipping or parking post identifies its keeper.

Misses: Northern Irish ("ABZ 1234") and dateless registrations, personalised plates written without a
vehicle word, older paper licences, passports of other countries, licence numbers with a letter mistyped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

Match = tuple[int, int, float, str]

# ------------------------------------------------------------------------------------ driving licence
_SURNAME5 = r"[A-Z](?:[A-Z]{4}|[A-Z]{3}9|[A-Z]{2}99|[A-Z]9{3}|9{4})"
_LICENCE = re.compile(
    rf"(?<![A-Za-z0-9])(?P<surname>{_SURNAME5}) ?"
    r"(?P<decade>\d)(?P<month>\d\d)(?P<day>\d\d)(?P<year>\d) ?"
    r"(?P<initials>[A-Z][A-Z9])\d(?P<check>[A-Z]{2})(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def licence_date_ok(month: int, day: int) -> bool:
    """DVLA month (51-62 for women) and a day that exists in that month (29 February allowed)."""
    if month > 50:
        month -= 50
    return 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]


def find_driving_licence(text: str) -> Iterator[Match]:
    for m in _LICENCE.finditer(text):
        if licence_date_ok(int(m.group("month")), int(m.group("day"))):
            yield m.start(), m.end(), 0.9, "a UK driving licence number (DVLA format, valid birth month and day)"


# ------------------------------------------------------------------------------------------- passport
_PASSPORT = re.compile(r"(?<![\w/-])(?:\d{9}|\d{3} \d{3} \d{3})(?![\w/-]|[.,]\d)")
_PASSPORT_CUE = re.compile(r"(?i)\bpassports?\b")
# How far from the number a cue word may be: the same clause ("my passport number is 123456789").
_CUE_BEFORE = 50
_CUE_AFTER = 30


_SENTENCE_END = re.compile(r"[.!?]\s|\n")


def _near(cue: re.Pattern[str], text: str, start: int, end: int) -> bool:
    """A cue word in the same sentence, shortly before or just after the span."""
    before = text[max(0, start - _CUE_BEFORE) : start]
    ends = [m.end() for m in _SENTENCE_END.finditer(before)]
    before = before[ends[-1] :] if ends else before
    after = text[end : end + _CUE_AFTER]
    stop = _SENTENCE_END.search(after)
    after = after[: stop.start()] if stop else after
    return cue.search(before) is not None or cue.search(after) is not None


def find_passport(text: str) -> Iterator[Match]:
    if not _PASSPORT_CUE.search(text):
        return
    for m in _PASSPORT.finditer(text):
        if _near(_PASSPORT_CUE, text, m.start(), m.end()):
            yield m.start(), m.end(), 0.8, "nine digits next to 'passport' (a UK passport number)"


# ------------------------------------------------------------------------------ vehicle registration
# DVLA memory tags: the first letter is a region (no I, J, Q, T, U, Z), the second a local office (no I, Q, Z);
# the three random letters never use I or Q.
_CURRENT = re.compile(
    r"(?<![A-Za-z0-9])(?P<tag>[ABCDEFGHKLMNOPRSVWXY][A-HJ-PR-Y])(?P<age>\d\d) ?[A-HJ-PR-Z]{3}(?![A-Za-z0-9])",
    re.IGNORECASE,
)
# Before 2001: a year letter (no I, O, Q, U, Z) then 1-3 digits then three letters, or the reverse.
_YEAR_LETTER = "[A-HJ-NPR-TV-Y]"
_PREFIX = re.compile(rf"(?<![A-Za-z0-9]){_YEAR_LETTER}[1-9]\d{{0,2}} ?[A-HJ-PR-Y][A-HJ-PR-Z]{{2}}(?![A-Za-z0-9])")
_SUFFIX = re.compile(rf"(?<![A-Za-z0-9])[A-HJ-PR-Y][A-HJ-PR-Z]{{2}} ?[1-9]\d{{0,2}}{_YEAR_LETTER}(?![A-Za-z0-9])")
_VEHICLE_CUE = re.compile(
    r"(?i)\b(?:car|cars|van|vans|vehicles?|lorry|lorries|truck|motor(?:bike|cycle)?s?|moped|taxi|cab|minibus"
    r"|reg(?:istration)?(?:\s+(?:no|number|plate))?|number\s*plates?|plates?|parked|parking|park(?:s|ing)?\s+on"
    r"|driv(?:er|ing|en|es)|drove|fly[\s-]?tip(?:ping|ped|per|pers)?|dumped|dumping|abandoned|pcn|penalty\s+charge"
    r"|dvla|mot|speeding|blocking|driveway)\b"
)


def latest_age_identifiers(today: date | None = None) -> tuple[int, int]:
    """The newest March and September age identifiers already issued on `today` (26 and 75 in spring 2026)."""
    today = today or date.today()
    yy = today.year % 100
    march = yy if today.month >= 3 else yy - 1
    september = 50 + yy if today.month >= 9 else 50 + yy - 1
    return march, september


def age_identifier_ok(age: int, today: date | None = None) -> bool:
    """March codes run 02, 03 ... and September codes 51, 52 ... (01 and 50 were never issued)."""
    march, september = latest_age_identifiers(today)
    return 2 <= age <= march or 51 <= age <= september


def find_vehicle_registration(text: str) -> Iterator[Match]:
    for m in _CURRENT.finditer(text):
        if not age_identifier_ok(int(m.group("age"))):
            continue
        if m.group(0).isupper():
            yield m.start(), m.end(), 0.8, "a UK vehicle registration (area letters, a valid age identifier)"
        elif _near(_VEHICLE_CUE, text, m.start(), m.end()):
            yield m.start(), m.end(), 0.7, "a UK vehicle registration next to a vehicle word"
    if not _VEHICLE_CUE.search(text):
        return
    for rx in (_PREFIX, _SUFFIX):
        for m in rx.finditer(text):
            if _near(_VEHICLE_CUE, text, m.start(), m.end()):
                yield m.start(), m.end(), 0.7, "an older UK vehicle registration next to a vehicle word"
