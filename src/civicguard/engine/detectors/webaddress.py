"""Finding and parsing web addresses in text, shared by the ``disclosure.links`` and platform detectors.

One address finder (``URL_PATTERN``: with a scheme, starting ``www.``, or bare for a list of common top-level
domains), one list of link shorteners, and the host helpers, so that every detector sees the same addresses.
Nothing here judges a link; this module imports no detector.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

__all__ = ["PLATFORM_WRAPPERS", "SHORTENERS", "URL_PATTERN", "Url", "is_ip", "key", "one_edit", "parse",
           "site_labels", "trim", "under"]

# ---- finding addresses in the text
_TLDS = (
    "com|org|net|uk|co|io|ly|gl|gd|me|info|biz|xyz|ru|cn|tk|ml|ga|cf|gq|top|club|online|site|gov|edu|app|dev"
    "|be|to|cc|tv|us|eu|de|fr|nl|ie|es|it|live|win|bid|loan|click|link|shop|store|fun|vip|sex|xxx|porn|adult"
    "|cam|dating|ee|at|id|in|ws|su|pw|icu|buzz|rest|lol|work|life|news|blog|page|ai|tech|space|website"
    "|gy|bet|casino|poker|bingo|watch|trade|stream|games|gg|sh|pro|cfd|sbs|cyou|best|monster|mobi"
)
_TRAIL = ".,;:!?)]}'\"\u2019\u201d>"
URL_PATTERN = re.compile(
    r"(?i)(?<![\w@./-])(?:"
    r"(?:https?|ftp)://[^\s<>\"'`]+"
    r"|www\.[^\s<>\"'`]+"
    rf"|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})(?![\w-])(?:[/?#:][^\s<>\"'`]*)?"
    r")"
)
# Second-level labels that belong to a country's registry (example.co.uk): not part of the site's own name.
_REGISTRY_LABELS = frozenset({"co", "org", "gov", "ac", "net", "com", "ltd", "plc", "me", "sch", "nhs", "police"})

# ---- kinds of host that hide where a link goes
SHORTENERS = frozenset(
    {"bit.ly", "bitly.com", "tinyurl.com", "goo.gl", "ow.ly", "is.gd", "v.gd", "buff.ly", "rebrand.ly",
     "cutt.ly", "shorturl.at", "rb.gy", "tiny.cc", "t.ly", "s.id", "shorte.st", "adf.ly", "bl.ink", "lnkd.in",
     "trib.al", "dlvr.it", "ift.tt", "qrco.de", "tiny.one", "snip.ly", "short.io", "clck.ru", "u.to", "x.co",
     "po.st", "soo.gd", "t2m.io", "bc.vc", "ouo.io", "shorturl.gg", "tinyurl.at", "urlz.fr", "bit.do"}
)
# X wraps every link a post carries in its own t.co address.
PLATFORM_WRAPPERS = frozenset({"t.co"})


@dataclass(frozen=True)
class Url:
    """One web address and where it is in the text."""

    raw: str
    start: int
    end: int
    host: str
    path: str
    userinfo: bool


def parse(raw: str, start: int) -> Url | None:
    """`raw` (found at `start`) taken apart: host lower case without port or user part, path lower case and
    percent-decoded; None when there is no host."""
    s = raw
    m = re.match(r"(?i)(?:[a-z][a-z0-9+.-]*:)?//", s)
    rest = s[m.end() :] if m else s
    authority = re.match(r"[^/?#]*", rest).group()  # type: ignore[union-attr]
    path = rest[len(authority) :]
    userinfo = "@" in authority
    host = authority.rsplit("@", 1)[-1]
    if host.startswith("["):
        host = host[1 : host.find("]")] if "]" in host else host[1:]
    elif ":" in host:
        host = host.split(":", 1)[0]
    host = host.lower().strip(".")
    if not host:
        return None
    return Url(raw, start, start + len(raw), host, unquote(path).lower(), userinfo)


def under(host: str, domains: Iterable[str]) -> bool:
    """`host` is one of `domains` or a sub-domain of one."""
    return any(host == d or host.endswith("." + d) for d in domains)


def site_labels(host: str) -> list[str]:
    """The labels that name the site: no ``www``, top-level domain or registry label (``co`` in co.uk)."""
    labels = host.removeprefix("www.").split(".")
    if len(labels) > 1:
        labels = labels[:-1]
        if len(labels) > 1 and labels[-1] in _REGISTRY_LABELS:
            labels = labels[:-1]
    return labels


def one_edit(a: str, b: str) -> bool:
    """`a` and `b` differ by exactly one letter changed, added or removed."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def trim(raw: str) -> str:
    """Drop trailing punctuation; a closing bracket stays only if it was opened inside the address."""
    while raw and raw[-1] in _TRAIL:
        if raw[-1] == ")" and raw.count("(") >= raw.count(")"):
            break
        raw = raw[:-1]
    return raw


def key(u: Url) -> str:
    """What makes two addresses the same link: the host without ``www.`` and the path without a final slash."""
    return u.host.removeprefix("www.") + u.path.rstrip("/")


def is_ip(host: str) -> bool:
    """A raw IP address (dotted, IPv6, or a bare decimal or hex number), not a named site."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return bool(re.fullmatch(r"\d+", host)) or bool(re.fullmatch(r"0x[0-9a-f]+", host))
    return True
