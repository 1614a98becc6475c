"""Finding the street part of a home address (no detector here; `personal_data.identifiers` uses it).

One span per address line: the flat or unit, the house number and the street ("flat 2b Linacre Lane",
"14 Greenfield Road", "Apt. 4, 22 Bold Street", "Koskikatu 25 Apt. 864", "Rua Diadema 1903"). Postcodes are
reported on their own (UK_POSTCODE); towns, regions and countries are not personal data by themselves.

Forms recognised:
- a house number, up to three capitalised words and a street type ("Road", "Lane", "Close", "Brow",
  "Avenue", "Turnpike"...), with an optional flat or unit before and after;
- a street named in the continental way with its number after it: a street-type prefix ("Rue", "Via",
  "Avenida", "ul.", "Λεωφόρος") or suffix ("-strasse", "-weg", "-gatan", "-vej", "-katu", "-straat",
  "út") and then the number;
- in an address context only (an address cue such as "my address is", "lives at", "billing address" in the
  120 characters before, or a flat / apartment / suite right after): a number, capitalised words and a number
  ("971 Kesk 53"), or capitalised words and a number ("Allika 46");
- post office boxes ("P.O. Box 287") and British Forces / US military addresses ("PSC 3294, Box 9168 APO AA
  61487", "USNS Møller FPO AA 85844");
- a postal code given as one ("ZIP: 3520", "Postcode: WA10 1HP");
- a flat, apartment or suite on its own line next to another line of the same address.

Streets without a house number ("Greenfield Road") are not a home address; lower-case street names, house
names ("Rose Cottage") and addresses written without any of the words above are missed.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex as re

Match = tuple[int, int, float, str]

_STREET_TYPES = (
    "Road", "Rd", "Street", "St", "Str", "Lane", "Ln", "Avenue", "Ave", "Av", "Grove", "Close", "Drive", "Dr",
    "Way", "Crescent", "Cres", "Court", "Ct", "Place", "Pl", "Terrace", "Gardens", "Gdns", "Walk", "Mews", "Row",
    "Rise", "Parade", "Square", "Sq", "Vale", "Boulevard", "Blvd", "Brow", "Croft", "Fold", "Chase", "Wharf",
    "Quay", "Yard", "Approach", "Circus", "Meadow", "Meadows", "Hill", "View", "Green", "Highway", "Hwy",
    "Parkway", "Pkwy", "Circle", "Cir", "Trail", "Turnpike", "Plaza", "Loop", "Pass", "Path", "Pike", "Alley",
    "Ridge", "Heights", "Crossing", "Junction", "Point", "Harbor", "Harbour", "Cove", "Coves", "Rapids",
    "Gateway", "Mall", "Expressway", "Freeway", "Causeway", "Embankment", "Wynd", "Gate", "Passage",
)
STREET_TYPE_WORDS = frozenset(t.lower() for t in _STREET_TYPES)
_TYPE_ALT = "|".join(sorted({t for s in _STREET_TYPES for t in (s, s.lower(), s.upper())}, key=len, reverse=True))

# Street-type words written before the name (continental style), and endings of one-word street names.
_PREFIXES = (
    r"Rue|Rua|Via|Viale|Vicolo|Corso|Piazza|Piazzale|Strada|Avenida|Avda\.|Av\.|Avenue|Calle|C/|Camino|Carrer"
    r"|Plaza|Paseo|Travessa|Largo|Praça|ul\.|ulica|al\.|Aleja|os\.|pl\.|Chemin|Allée|Impasse|Quai|Boulevard"
    r"|Λεωφόρος|Λ\.|Οδός|Οδ\."
)
_SUFFIX_WORD = (
    r"strasse|straße|str\.|gasse|weg|allee|platz|damm|ufer|steig|pfad|graben|gatan|vägen|gränd|torget|stigen"
    r"|backen|vej|gade|stræde|vænget|veien|vegen|gata|gaten|stien|katu|tie|kuja|polku|straat|laan|plein"
    r"|gracht|kade|singel|dreef|utca|stræti|braut|vegur|stígur|sgade|svej"
)
_AFTER_WORDS = r"út|u\.|utca|rkp\.|tér|körút|terrasse|kapu|sor|köz|ulica|cesta|ulice|gata|vej|veien|gate"
_NOT_STREET = frozenset({"brigade"})

_WORD = r"\p{Lu}[\p{Ll}\p{Lu}'’-]*\.?"  # "Greenfield", "O'Neil", "St.", "ΧΑΝ∆ΡΙΑ"
_PARTICLE = r"(?:de|des|du|da|do|dos|das|del|della|di|la|le|van|von|der|den|y|e)"
_HOUSE = r"\d{1,5}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?"
_UNIT = r"(?:(?i:flat|apartment|apt|unit|suite|ste)\.?[ \t]+\d{1,5}[A-Za-z]?)"
_UNIT_BEFORE = rf"(?:{_UNIT},?[ \t]+)?"
_UNIT_AFTER = rf"(?:,?[ \t]+{_UNIT}){{0,2}}"
_NUM_AFTER = r"\d{1,4}[A-Za-z]?(?:[-/]\d{1,4})?\.?"

_ENGLISH = re.compile(
    rf"(?<![\w/-]){_UNIT_BEFORE}(?:{_HOUSE},?[ \t]+){{1,2}}(?:{_WORD}[ \t]+(?:{_PARTICLE}[ \t]+)?){{1,3}}"
    rf"(?:{_TYPE_ALT})(?![\p{{L}}\d])\.?{_UNIT_AFTER}"
)
_FLAT_ENGLISH = re.compile(  # "flat 2b Linacre Lane": a flat with the street and no house number
    rf"(?<![\w/-]){_UNIT},?[ \t]+(?:{_WORD}[ \t]+){{1,3}}(?:{_TYPE_ALT})(?![\p{{L}}\d])\.?"
)
_CONTINENTAL = re.compile(
    rf"(?<![\w/-]){_UNIT_BEFORE}(?:{_HOUSE}[ \t]+)?(?:"
    rf"(?:{_PREFIXES})[ \t]+(?:(?:{_WORD}|{_PARTICLE})[ \t]+){{0,4}}?{_WORD}"
    rf"|(?:{_WORD}[ \t]+){{0,2}}(?P<suffixed>(?=\p{{Lu}})[\p{{L}}'’-]*?(?i:{_SUFFIX_WORD}))"
    rf"|(?:{_WORD}[ \t]+){{1,2}}(?:{_AFTER_WORDS})"
    rf")[ \t]+(?P<num>{_NUM_AFTER})(?![\w/-]|\.\d){_UNIT_AFTER}",
)
_CONTEXT_ONLY = re.compile(
    rf"(?<![\w/-]){_UNIT_BEFORE}(?:(?P<house>{_HOUSE})[ \t]+)?(?:{_WORD}[ \t]+(?:{_PARTICLE}[ \t]+)?){{0,2}}"
    rf"{_WORD}[ \t]+(?P<num>{_NUM_AFTER})(?![\w/-]|\.\d){_UNIT_AFTER}"
)
_PO_BOX = re.compile(
    r"(?i)(?<![\w])(?:p\.?[ \t]?o\.?[ \t]?box|post[ \t]?box|postbox|post[ \t]office[ \t]box)[ \t]+\d{1,6}"
)
_MILITARY = re.compile(
    r"(?i)(?<![\w])(?:(?:psc|unit|cmr)[ \t]+\d{3,5},?[ \t]+box[ \t]+\d{3,5}"
    r"|(?:usns|usnv|uss|uscgc)[ \t]+[\p{L}'’.-]+(?:[ \t]+[\p{L}'’.-]+)?)"
    r"(?:,?\s{0,4}[adf]po[ \t]+a[aep][ \t]+\d{5})?"
)
_MILITARY_TAIL = re.compile(r"(?i)(?<![\w])[adf]po[ \t]+a[aep][ \t]+\d{5}(?!\d)")
_POSTAL_LABEL = re.compile(
    r"(?i)\b(?:zip(?:[ \t]?code)?|post[ \t]?code|postal[ \t]?code|plz)[ \t]*[:#]?[ \t]*"
    r"(?P<code>(?=[A-Z0-9 -]{0,9}\d)[A-Z0-9][A-Z0-9 -]{1,8}[A-Z0-9])(?![\w-])"
)
_UNIT_LINE = re.compile(rf"(?m)^[ \t>?*-]*(?P<unit>{_UNIT})[ \t]*,?[ \t]*$")
_ADDRESS_CUE = re.compile(
    r"(?i)\b(?:address(?:es)?|addr|live[sd]?\s+(?:at|on|in)|living\s+(?:at|on|in)|located\s+at|moved?\s+to"
    r"|send\s+(?:it|this|them|that)?\s*to|sent\s+to|deliver(?:ed|y)?\s+to|ship(?:ped|ping)?\s+to|billing"
    r"|shipping|postal|mailing|drops?\s+(?:you|me|us)\s+off\s+at|pick\s+(?:you|me|us)\s+up\s+at|stop\s+at"
    r"|corner\s+of|meet\s+(?:me\s+|us\s+)?at|visit\s+(?:me|us)\s+at|stay(?:ing)?\s+at)\b"
)
# Up to four more short lines (town, region, country) and then a postal code ending its line.
_POSTAL_TAIL = re.compile(
    r"(?:[^\n]{0,40}\n){1,5}?[^\n\d]{0,40}?(?<![\w-])"
    r"(?P<code>\d{4,5}|\d{3}[ ]\d{2}|\d{2}-\d{3}|\d{4}[ ]?[A-Z]{2}|[A-Z]\d[A-Z][ ]?\d[A-Z]\d)[ \t]*(?:\n|$)"
)
_YEAR = re.compile(r"(?:19|20)\d\d")


def _context(text: str, start: int, end: int) -> bool:
    """An address cue shortly before, or a flat / apartment / suite right after (same or next line)."""
    if _ADDRESS_CUE.search(text, max(0, start - 120), start):
        return True
    return re.match(rf"[ \t,]*\n?[ \t>?*-]*{_UNIT}", text[end : end + 30]) is not None


# A number and a month is a date ("Saturday 12 July. Lord Street will be closed"); "He's 5." is an age.
_DATE_START = re.compile(
    r"(?i:\d{1,2}(?:st|nd|rd|th)?[ \t]+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)"
)
_PRONOUN = re.compile(r"(?i:(?:he|she|it|they|we|you|i|who|that|there)(?:['’](?:s|re|m)|\s+is)\b)")


_DIGIT = re.compile(r"\d")


def _spans(text: str) -> Iterator[tuple[int, int, float, str]]:
    # Every form but a ship's name ("USNS Møller") has a number in it, and most posts have none.
    if _DIGIT.search(text):
        yield from _numbered_spans(text)
    for m in _MILITARY.finditer(text):
        yield m.start(), m.end(), 0.75, "a post office box or forces address"


def _numbered_spans(text: str) -> Iterator[tuple[int, int, float, str]]:
    for m in _ENGLISH.finditer(text):
        if _DATE_START.match(m.group(0)):
            continue
        yield m.start(), m.end(), 0.8, "a house or flat number with a street name"
    for m in _FLAT_ENGLISH.finditer(text):
        yield m.start(), m.end(), 0.8, "a house or flat number with a street name"
    for m in _CONTINENTAL.finditer(text):
        suffixed = m.group("suffixed")
        if suffixed and suffixed.lower() in _NOT_STREET:
            continue
        if suffixed and _YEAR.fullmatch(m.group("num").rstrip(".")) and not _context(text, m.start(), m.end()):
            continue
        yield m.start(), m.end(), 0.75, "a street and house number"
    for m in _CONTEXT_ONLY.finditer(text):
        num = m.group("num").rstrip(".")
        if _PRONOUN.match(m.group(0)):
            continue
        if _YEAR.fullmatch(num) and not m.group("house"):
            continue
        if _context(text, m.start(), m.end()):
            yield m.start(), m.end(), 0.65, "a street and house number given as an address"
    for m in _PO_BOX.finditer(text):
        yield m.start(), m.end(), 0.75, "a post office box or forces address"
    for m in _POSTAL_LABEL.finditer(text):
        yield m.start("code"), m.end("code"), 0.7, "a postal code given as one"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " \t,":
        end -= 1
    return start, end


def find_address(text: str) -> Iterator[Match]:
    """Address lines, overlapping candidates merged into one span (the longest wins its place)."""
    found = sorted(
        ((*_trim(text, s, e), score, why) for s, e, score, why in _spans(text)),
        key=lambda h: (-(h[1] - h[0]), -h[2], h[0]),
    )
    kept: list[tuple[int, int, float, str]] = []
    for h in found:
        if all(h[1] <= k[0] or h[0] >= k[1] for k in kept):
            kept.append(h)
    # A flat / apartment / suite alone on its line belongs to an address on a neighbouring line.
    for m in _UNIT_LINE.finditer(text):
        s, e = m.span("unit")
        if any(s <= k[1] + 40 and k[0] - 40 <= e for k in kept) and all(e <= k[0] or s >= k[1] for k in kept):
            kept.append((s, e, 0.65, "a flat, apartment or suite of an address"))
    # The postal code that closes a written address: the last of the few lines after an address line.
    for k in list(kept):
        tail = _POSTAL_TAIL.match(text, k[1])
        if tail:
            s, e = tail.span("code")
            if all(e <= x[0] or s >= x[1] for x in kept):
                kept.append((s, e, 0.65, "the postal code of an address"))
    # "Unit 1009 box 0219 / DPO AP 51065" is caught whole; a lone "APO AE 12345" line joins nothing.
    for m in _MILITARY_TAIL.finditer(text):
        s, e = m.span()
        if all(e <= k[0] or s >= k[1] for k in kept) and any(s <= k[1] + 5 and k[0] - 5 <= e for k in kept):
            kept.append((s, e, 0.65, "a forces postcode"))
    kept.sort(key=lambda h: h[0])
    yield from kept
