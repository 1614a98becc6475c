"""Precompiled patterns and validators for identifiers that are not UK-specific (no detector here).

Like `uk_patterns`, each `find_*` yields ``(start, end, score, explanation)``. Each pattern is backed by a check
that removes most look-alikes before anything is reported:

- payment card numbers: 12-19 digits, an issuer prefix (Visa, Mastercard, Amex, Diners, Discover, JCB, Maestro,
  UnionPay) and the Luhn check digit;
- IBANs: a country's own length and the ISO 7064 mod 97 check;
- IP addresses: dotted IPv4 with every part 0-255, or IPv6 accepted by `ipaddress`;
- phone numbers outside the UK (UK numbers are `uk_patterns.find_phone`'s): an international number
  ("+46 8 928 571 38", "0046 ...") whose length `phonenumbers` says is possible for that country; a North
  American number with dashes, dots or brackets ("905-674-3793", "(579) 888-3058"), unless "NHS" comes just
  before it (then it is a mistyped NHS number, never a phone number); any other digit run written as a phone
  number right after "call me on", "phone:", "mobile", "fax"... or right before "office", "mobile", "fax".
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

import phonenumbers

from civicguard.engine.detectors.personal_data.uk_patterns import parse_phone

Match = tuple[int, int, float, str]


# ------------------------------------------------------------------------------------- payment cards
_CARD = re.compile(
    r"(?<![\w.+-])(?:"
    r"\d{4}([ -]?)\d{4}\1\d{4}\1\d{1,7}"  # 4-4-4-x (Visa, Mastercard, Discover, JCB, Maestro)
    r"|\d{4}([ -]?)\d{6}\2\d{4,5}"  # 4-6-5 (Amex), 4-6-4 (Diners)
    r"|\d{12,19}"
    r")(?![\w-]|[.,]\d)"
)
_ISSUER = re.compile(
    r"4\d{12}(?:\d{3}){0,2}"  # Visa: 13, 16, 19
    r"|(?:5[1-5]\d\d|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)\d{12}"  # Mastercard: 16
    r"|3[47]\d{13}"  # American Express: 15
    r"|3(?:0[0-59]|[689]\d)\d{11,16}"  # Diners Club: 14-19
    r"|(?:6011|64[4-9]\d|65\d\d)\d{12,15}"  # Discover: 16-19
    r"|35\d\d\d{12,15}"  # JCB (3528-3589, and the wider 35 range some issuers print): 16-19
    r"|(?:2131|1800)\d{11}"  # JCB: 15
    r"|(?:5[06-9]|6\d)\d{10,17}"  # Maestro (12-19), UnionPay (62)
)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_ok(digits: str) -> bool:
    return 12 <= len(digits) <= 19 and _ISSUER.fullmatch(digits) is not None and luhn_ok(digits) and \
        len(set(digits)) > 1


def find_card(text: str) -> Iterator[Match]:
    for m in _CARD.finditer(text):
        if card_ok(re.sub(r"\D", "", m.group(0))):
            yield m.start(), m.end(), 0.9, "a payment card number (issuer prefix and Luhn check digit)"


# --------------------------------------------------------------------------------------------- IBAN
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
    "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
    "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
    "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
    "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
    "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}
# Written solid ("GB29NWBK60161331926819") or in groups of four ("GB29 NWBK 6016 1331 9268 19").
_IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[A-Za-z0-9]{11,30}|(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,3})?)"
    r"(?![A-Za-z0-9])"
)


def iban_ok(candidate: str) -> bool:
    code = re.sub(r"\s", "", candidate).upper()
    if IBAN_LENGTHS.get(code[:2]) != len(code):
        return False
    rearranged = code[4:] + code[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def find_iban(text: str) -> Iterator[Match]:
    for m in _IBAN.finditer(text):
        if iban_ok(m.group(0)):
            yield m.start(), m.end(), 0.9, "an IBAN (country length and mod 97 check)"


# --------------------------------------------------------------------------------------- IP address
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")


def find_ip(text: str) -> Iterator[Match]:
    for m in _IPV4.finditer(text):
        parts = m.group(0).split(".")
        if all(p == "0" or (not p.startswith("0") and int(p) <= 255) for p in parts):
            yield m.start(), m.end(), 0.7, "an IPv4 address"
    for m in _IPV6.finditer(text):
        cand = m.group(0)
        if cand.count(":") < 3 or sum(c.isalnum() for c in cand) < 6:
            continue  # "12:30:45" is a time
        try:
            ipaddress.IPv6Address(cand)
        except ValueError:
            continue
        yield m.start(), m.end(), 0.7, "an IPv6 address"


# ----------------------------------------------------------------------------------- phone numbers
_INTERNATIONAL = re.compile(
    r"(?<![\w+])(?:\+|00)(?!44)[1-9]\d{0,2}[ .-]?(?:\(0?\d{1,4}\)[ .-]?)?\d{1,5}(?:[ .-]?\d{1,5}){1,5}(?![\w]|[.-]\d)"
)
_NANP = re.compile(
    r"(?<![\w+.-])(?:(?:\+?1|001)[ .-]?)?(?:\(\d{3}\)[ ]?|\d{3}[.-])\d{3}[.-]\d{4}(?![\w]|[.-]\d)"
)
_NHS_BEFORE = re.compile(r"(?i)\bNHS\b[^\n]{0,25}$")
_CUE_BEFORE = re.compile(
    r"(?i)(?:\b(?:call|ring|phone|tel|telephone|mob|mobile|cell|cellphone|fax|text|whats\s?app|sms)"
    r"(?:\s+(?:me|us|him|her|them))?(?:\s+(?:on|at))?(?:\s+(?:number|no\.?))?"
    r"|\b(?:phone|mobile|contact|cell|fax)\s+(?:number|no\.?)(?:\s+is)?)\s*[:.]?\s*$"
)
_CUE_AFTER = re.compile(r"(?i)[ \t]*[-(]?[ \t]*(?:office|fax|mobile|mob|cell|home|work|tel|phone)\b")
# "0680 298 70 63", "024 971 50 30", "0961-7596216": a national number of another country (trunk prefix 0),
# 9-11 digits in two to five groups with one kind of separator.
_TRUNK_GROUPED = re.compile(r"0\d{1,4}(?P<sep>[ .-])\d{2,7}(?:(?P=sep)\d{2,4}){0,3}")
_PHONE_SHAPE = re.compile(r"(?<![\w+.-])\(?\d{1,5}\)?(?:[ .-]?\(?\d{1,5}\)?){1,5}(?![\w]|[.-]\d)")


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def _uk(candidate: str) -> bool:
    """A number the UK finder reports (it needs the trunk 0 or +44): never reported here as well."""
    return re.match(r"[(\s]*(?:0|\+44|0044)", candidate) is not None and parse_phone(candidate) is not None


def _other_country(candidate: str) -> bool:
    """An international number of a country other than the UK, of a length possible there."""
    number = "+" + candidate[2:] if candidate.startswith("00") else candidate
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return False
    return parsed.country_code != 44 and phonenumbers.is_possible_number(parsed)


def _nanp(candidate: str) -> bool:
    try:
        parsed = phonenumbers.parse(re.sub(r"^001", "+1", candidate), "US")
    except phonenumbers.NumberParseException:
        return False
    nsn = phonenumbers.national_significant_number(parsed)
    return parsed.country_code == 1 and len(nsn) == 10 and nsn[0] in "23456789" and nsn[3] in "23456789"


def find_other_phone(text: str) -> Iterator[Match]:
    """Phone numbers outside the UK; anything `uk_patterns.parse_phone` accepts is left to the UK finder."""
    seen: list[tuple[int, int]] = []

    def fresh(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in seen)

    for m in _INTERNATIONAL.finditer(text):
        if 8 <= len(_digits(m.group(0))) <= 15 and _other_country(m.group(0)):
            seen.append(m.span())
            yield m.start(), m.end(), 0.75, "an international phone number"
    for m in _NANP.finditer(text):
        if fresh(*m.span()) and _nanp(m.group(0)) and not _NHS_BEFORE.search(text, 0, m.start()) \
                and not _uk(m.group(0)):
            seen.append(m.span())
            yield m.start(), m.end(), 0.75, "a North American phone number"
    for m in _PHONE_SHAPE.finditer(text):
        s, e = m.span()
        cand = m.group(0)
        if not fresh(s, e) or not 7 <= len(_digits(cand)) <= 15 or _uk(cand):
            continue
        if "\n" in cand or cand.count("(") != cand.count(")"):
            continue
        if _TRUNK_GROUPED.fullmatch(cand) and 9 <= len(_digits(cand)) <= 11 and not _NHS_BEFORE.search(text, 0, s):
            seen.append((s, e))
            yield s, e, 0.6, "a phone number with a trunk prefix 0, written in groups"
            continue
        line_start = text.rfind("\n", 0, s) + 1
        if _CUE_BEFORE.search(text, max(line_start, s - 40), s) or _CUE_AFTER.match(text, e):
            seen.append((s, e))
            yield s, e, 0.7, "a phone number (next to 'call me on', 'mobile', 'fax'...)"
