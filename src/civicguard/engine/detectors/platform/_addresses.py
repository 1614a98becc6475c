"""The web addresses in a post, found exactly as ``disclosure.links`` finds them.

``detectors.webaddress`` owns the address finder, the list of link shorteners and the host helpers, which
``disclosure.links`` uses too; the platform detectors read them through this module, so there is one finder and
one list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civicguard.engine.detectors.webaddress import (
    PLATFORM_WRAPPERS,
    URL_PATTERN,
    one_edit,
    parse,
    site_labels,
    trim,
    under,
)
from civicguard.engine.detectors.webaddress import SHORTENERS as LINK_SHORTENERS
from civicguard.engine.model import Content

# t.co is X's own wrapper; pasted into a post it hides the destination like any other shortener.
SHORTENERS: frozenset[str] = LINK_SHORTENERS | PLATFORM_WRAPPERS

__all__ = ["SHORTENERS", "URL_PATTERN", "Address", "addresses", "in_text", "one_edit", "site_labels", "under"]


@dataclass(frozen=True)
class Address:
    """One web address: where it is in the text (0, 0 for a link attached to the post but not in its text)."""

    raw: str
    start: int
    end: int
    host: str  # lower case, without port or user part
    path: str  # lower case, percent-decoded
    scheme: str  # "http", "https", "ftp", or "" when written without one (www.example.com, bit.ly/x)
    userinfo: str  # what comes before an '@' in the address (a disguise: https://real.site@other.site)
    in_text: bool

    @property
    def key(self) -> str:
        return self.host.removeprefix("www.") + self.path.rstrip("/")


def _address(raw: str, start: int, in_text: bool) -> Address | None:
    parsed = parse(raw, start)
    if parsed is None:
        return None
    scheme = re.match(r"(?i)([a-z][a-z0-9+.-]*):", raw)
    authority = re.sub(r"(?i)^(?:[a-z][a-z0-9+.-]*:)?//", "", raw).split("/", 1)[0].split("?", 1)[0]
    userinfo = authority.rsplit("@", 1)[0] if "@" in authority else ""
    end = parsed.end if in_text else start
    return Address(raw, start, end, parsed.host, parsed.path, scheme.group(1).lower() if scheme else "", userinfo,
                   in_text)


def in_text(text: str) -> list[Address]:
    """Every address written in `text`, in order."""
    out = []
    for m in URL_PATTERN.finditer(text):
        found = _address(trim(m.group()), m.start(), True)
        if found is not None:
            out.append(found)
    return out


def addresses(content: Content) -> list[Address]:
    """The addresses in the text, then each link attached to the post that the text does not already hold
    (found in the text when it is there, else at 0, 0)."""
    found = in_text(content.text)
    seen = {a.key for a in found}
    for link in content.links:
        link = link.strip()
        if not link:
            continue
        pos = content.text.find(link)
        attached = _address(link, max(pos, 0), pos >= 0)
        if attached is None or attached.key in seen:
            continue
        seen.add(attached.key)
        found.append(attached)
    return found
