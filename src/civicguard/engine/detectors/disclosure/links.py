"""``disclosure.links``: links to inappropriate content (St Helens 5.3, 9.7; Sefton 5.3d).

Finds web addresses in the text -- with a scheme (``https://...``), starting ``www.``, or bare
(``bit.ly/xxx``, ``example.com/path``, for a list of common top-level domains) -- and every link in
``doc.content.links`` (reported at 0,0 when the link does not appear in the text), then judges each:

* ``adult``: adult words in the host (porn, xxx, onlyfans, sexcam, escort, nude...) or the path
  (``hot-singles``, ``sex-cams``, ``nudes``...), an adult top-level domain (.xxx, .porn, .sex, .adult), or an
  unknown or shortened link next to adult wording in the post ("hot singles in Southport: bit.ly/abc").
* ``scam``: look-alike government hosts (``gov-uk-refund.com``, ``gov.uk.claim.net``, ``hmrc-...``, any host
  with ``gov.uk`` not at its end), punycode (``xn--``) or non-ASCII hosts, ``user@host`` disguises, and scam
  wording in the link or next to it (crypto giveaway, claim your prize, free gift card, you have won...).
* ``malware``: raw IP address hosts and executable or archive downloads (.exe .scr .apk .zip .msi .bat .jar
  .dmg .vbs .ps1 .iso) from hosts not on the allow list.
* ``shortener``: URL shorteners (bit.ly, tinyurl, ow.ly...) hide where a link goes: reported at 0.45 (below a
  rule's usual 0.5 threshold, so a pack opts in by lowering it), 0.65 when the post around it reads like
  spam ("click here", "limited time", "earn £..."); t.co, which X adds to every link, at 0.3.
  ``flag_shorteners: false`` turns the plain-shortener signal off (adult or scam cues still apply).

Hosts under gov.uk, nhs.uk, police.uk, parliament.uk, mod.uk, sch.uk, ac.uk and those in ``allow_domains``
(and their sub-domains) are trusted and never reported.

Misses: what a link really leads to (no network look-ups, by design); innocuous-looking domains that host
adult or malicious content; shortened links with clean wording (reported only below the usual threshold);
addresses written without a dot ("example dot com").
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import unquote

from pydantic import Field, field_validator

from civicguard.engine.detectors.base import Detector, Document, Params
from civicguard.engine.detectors.registry import register
from civicguard.engine.model import Detection


class LinksParams(Params):
    allow_domains: list[str] = Field(default_factory=list,
                                     description="hosts (and their sub-domains) never reported")
    flag_shorteners: bool = True

    @field_validator("allow_domains")
    @classmethod
    def _lower(cls, value: list[str]) -> list[str]:
        return [d.strip().lower().strip(".") for d in value]


_TRUSTED_SUFFIXES = ("gov.uk", "nhs.uk", "police.uk", "parliament.uk", "mod.uk", "sch.uk", "ac.uk")

_TLDS = (
    "com|org|net|uk|co|io|ly|gl|gd|me|info|biz|xyz|ru|cn|tk|ml|ga|cf|gq|top|club|online|site|gov|edu|app|dev"
    "|be|to|cc|tv|us|eu|de|fr|nl|ie|es|it|live|win|bid|loan|click|link|shop|store|fun|vip|sex|xxx|porn|adult"
    "|cam|dating|ee|at|id|in|ws|su|pw|icu|buzz|rest|lol|work|life|news|blog|page|ai|tech|space|website"
)
_TRAIL = ".,;:!?)]}'\"\u2019\u201d>"
_URL = re.compile(
    r"(?i)(?<![\w@./-])(?:"
    r"(?:https?|ftp)://[^\s<>\"'`]+"
    r"|www\.[^\s<>\"'`]+"
    rf"|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})(?![\w-])(?:[/?#:][^\s<>\"'`]*)?"
    r")"
)

_SHORTENERS = frozenset(
    {"bit.ly", "bitly.com", "tinyurl.com", "goo.gl", "ow.ly", "is.gd", "v.gd", "buff.ly", "rebrand.ly",
     "cutt.ly", "shorturl.at", "rb.gy", "tiny.cc", "t.ly", "s.id", "shorte.st", "adf.ly", "bl.ink", "lnkd.in",
     "trib.al", "dlvr.it", "ift.tt", "qrco.de", "tiny.one", "snip.ly", "short.io", "clck.ru", "u.to", "x.co",
     "po.st", "soo.gd", "t2m.io", "bc.vc", "ouo.io"}
)
_PLATFORM_WRAPPERS = frozenset({"t.co"})

_ADULT_HOST = re.compile(
    r"porn|xxx|onlyfans|fansly|xvideos|xhamster|redtube|youporn|chaturbate|stripchat|livejasmin|camsoda"
    r"|sexcam|sexchat|freesex|sexdating|hotsingles|adultfriend|escort|nude|hentai|milf|nsfw|camgirl"
)
_ADULT_TLD = frozenset({"xxx", "porn", "sex", "adult"})
_ADULT_WORDS = frozenset(
    {"porn", "porno", "xxx", "nude", "nudes", "onlyfans", "escort", "escorts", "camgirl", "camgirls",
     "sexcam", "sexcams", "milf", "milfs", "hentai", "nsfw", "xvideos", "xhamster", "pornhub", "horny",
     "sexting", "webcamsex", "erotic"}
)
_ADULT_PAIRS = re.compile(
    r"\b(?:sex\s*cams?|live\s*sex|free\s*sex|hot\s*(?:singles|girls|babes|moms|milfs|teens|chicks)"
    r"|adult\s*(?:dating|chat|cams?|videos?|content)|hook\s*-?\s*ups?\b|local\s*(?:singles|girls)"
    r"|sexy\s*(?:girls|singles|pics|videos?)|(?:18|21)\s*\+\s*(?:only|content|videos?)|dirty\s*chat)"
)
_SCAM_PHRASES = re.compile(
    r"\b(?:(?:crypto|bitcoin|btc|eth|ethereum|doge)\s*give\s*-?\s*aways?|claim\s*(?:your\s*)?(?:free\s*)?"
    r"(?:prize|reward|gift|refund|winnings|bonus|voucher)|free\s*(?:gift\s*cards?|giftcards?|iphone|ipad"
    r"|vouchers?|bitcoin|crypto)|gift\s*cards?\s*free|you\s*(?:have|'ve)?\s*won|double\s*your\s*(?:bitcoin"
    r"|crypto|money|btc)|airdrop|tax\s*refund\s*(?:claim|due|pending)|verify\s*your\s*(?:account|bank"
    r"|details)|account\s*(?:suspended|locked)|(?:lucky|selected)\s*winner|cash\s*prize)"
)
_SPAM_CUES = re.compile(
    r"\b(?:click\s*(?:here|now|this|the\s*link)|limited\s*time|act\s*now|earn\s*£?\d|make\s*money|work\s*from"
    r"\s*home|100%\s*free|dm\s*me|don't\s*miss\s*out|100%\s*real)\b"
)
_LOOKALIKE = re.compile(
    r"gov[.\-_]?uk|\bhmrc\b|hmrc[.\-]|\bdvla\b|dvla[.\-]|\bgovuk\b|gov[.\-]refund|nhs[.\-]refund"
)
_EXECUTABLE = re.compile(r"\.(?:exe|scr|apk|zip|msi|bat|cmd|jar|dmg|vbs|ps1|iso|pif|rar|7z)$")
_SUSPICIOUS_TLD = frozenset(
    {"tk", "ml", "ga", "cf", "gq", "xyz", "top", "click", "icu", "buzz", "rest", "win", "bid", "loan", "pw",
     "su"}
)
_WINDOW = 120


@dataclass(frozen=True)
class _Url:
    raw: str
    start: int
    end: int
    host: str
    path: str
    userinfo: bool


def _parse(raw: str, start: int) -> _Url | None:
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
    return _Url(raw, start, start + len(raw), host, unquote(path).lower(), userinfo)


def _under(host: str, domains: tuple[str, ...] | frozenset[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def _words(s: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", s.lower()) if w]


@register
class LinksDetector(Detector):
    name = "disclosure.links"
    Params = LinksParams

    def __init__(self, params: LinksParams) -> None:
        super().__init__(params)
        self.allow = tuple(params.allow_domains) + _TRUSTED_SUFFIXES
        self.flag_shorteners = params.flag_shorteners

    def detect(self, doc: Document) -> list[Detection]:
        text = doc.text
        urls: list[_Url] = []
        for m in _URL.finditer(text):
            raw = _trim(m.group())
            parsed = _parse(raw, m.start())
            if parsed is not None:
                urls.append(parsed)
        seen = {_key(u) for u in urls}
        for link in doc.content.links:
            link = link.strip()
            if not link:
                continue
            parsed = _parse(link, 0)
            if parsed is None or _key(parsed) in seen:
                continue
            seen.add(_key(parsed))
            pos = text.find(link)
            urls.append(_Url(link, pos, pos + len(link), parsed.host, parsed.path, parsed.userinfo)
                        if pos >= 0 else _Url(link, 0, 0, parsed.host, parsed.path, parsed.userinfo))
        if not urls:
            return []
        low = text.lower().replace("\u2019", "'")
        out = []
        for u in urls:
            verdict = self._judge(u, low)
            if verdict is None:
                continue
            label, conf, why = verdict
            out.append(Detection(u.start, u.end, conf, label, why, {"link": u.raw, "host": u.host}))
        return out

    def _judge(self, u: _Url, low: str) -> tuple[str, float, str] | None:
        host, path = u.host, u.path
        if _under(host, self.allow):
            return None
        labels = host.split(".")
        tld = labels[-1]
        path_words = _words(path)
        path_text = " ".join(path_words)
        # The words round the link (the whole post for a link that is not in the text).
        around = low
        if u.end > u.start:
            around = low[max(0, u.start - _WINDOW) : u.start] + " " + low[u.end : u.end + _WINDOW]
        shortener = host in _SHORTENERS or host.removeprefix("www.") in _SHORTENERS
        wrapper = host in _PLATFORM_WRAPPERS
        candidates: list[tuple[str, float, str]] = []

        # ---- adult
        if _ADULT_HOST.search(host) or tld in _ADULT_TLD:
            candidates.append(("adult", 0.95, f"the web address {host} is an adult site"))
        if _ADULT_WORDS.intersection(path_words) or _ADULT_PAIRS.search(path_text):
            candidates.append(("adult", 0.9, "the link's address points to adult content"))
        if _ADULT_PAIRS.search(around) or _ADULT_WORDS.intersection(_words(around)):
            conf = 0.8 if shortener or wrapper else 0.65
            candidates.append(("adult", conf, "the post promotes the link with adult wording"))

        # ---- scam
        try:
            host.encode("ascii")
            ascii_host = True
        except UnicodeEncodeError:
            ascii_host = False
        if _LOOKALIKE.search(host):
            candidates.append(("scam", 0.9, f"{host} imitates a government web address but is not one"))
        if not ascii_host or any(label.startswith("xn--") for label in labels):
            candidates.append(("scam", 0.8, f"{host} uses look-alike (international) characters, a common "
                                            "phishing disguise"))
        if u.userinfo:
            candidates.append(("scam", 0.85, "the link hides its real destination after an '@'"))
        if _SCAM_PHRASES.search(path_text) or _SCAM_PHRASES.search(" ".join(labels[:-1])):
            candidates.append(("scam", 0.9, "the link's address reads like a scam (giveaway, prize, gift "
                                            "card)"))
        if _SCAM_PHRASES.search(around):
            conf = 0.8 if shortener or wrapper or tld in _SUSPICIOUS_TLD else 0.7
            candidates.append(("scam", conf, "the post promotes the link with scam wording"))

        # ---- malware
        if _is_ip(host):
            candidates.append(("malware", 0.8, f"the link goes to a raw IP address ({host}), not a named "
                                               "site"))
        last = path.rsplit("/", 1)[-1]
        if last and _EXECUTABLE.search(last):
            candidates.append(("malware", 0.85, f"the link downloads a program or archive ({last}) from an "
                                                "unknown site"))

        # ---- shorteners
        if shortener and self.flag_shorteners:
            if _SPAM_CUES.search(around):
                candidates.append(("shortener", 0.65, f"a shortened link ({host}) hides its destination and "
                                                      "the post reads like spam"))
            else:
                candidates.append(("shortener", 0.45, f"a shortened link ({host}) hides where it goes"))
        elif wrapper and self.flag_shorteners:
            candidates.append(("shortener", 0.3, f"{host} wraps links on X; the destination is hidden"))

        if not candidates:
            return None
        label, conf, why = max(candidates, key=lambda c: c[1])
        others = sorted({c[0] for c in candidates} - {label})
        if others:
            conf = min(1.0, conf + 0.05)
        if tld in _SUSPICIOUS_TLD and label != "shortener":
            conf = min(1.0, conf + 0.05)
        extra = f" (also looks like: {', '.join(others)})" if others else ""
        return label, round(conf, 3), f"Inappropriate link: {why}{extra}."


def _trim(raw: str) -> str:
    """Drop trailing punctuation; a closing bracket stays only if it was opened inside the address."""
    while raw and raw[-1] in _TRAIL:
        if raw[-1] == ")" and raw.count("(") >= raw.count(")"):
            break
        raw = raw[:-1]
    return raw


def _key(u: _Url) -> str:
    return u.host.removeprefix("www.") + u.path.rstrip("/")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return bool(re.fullmatch(r"\d+", host)) or bool(re.fullmatch(r"0x[0-9a-f]+", host))
    return True
